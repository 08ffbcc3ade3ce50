#include "pipeline/taggers/entity_merge.h"

#include <gtest/gtest.h>

namespace wiretag {
namespace {

Entity E(EntityType type, uint32_t start, uint32_t end, std::string text) {
  return Entity{type, start, end, text, ""};
}

TEST(MergeEntities, HigherPriorityLayerWinsOverlapsAndLowerLayersFillGaps) {
  std::vector<std::vector<Entity>> layers = {
      {E(EntityType::kPerson, 10, 20, "a"), E(EntityType::kLocation, 40, 45, "b")},
      {E(EntityType::kOrganisation, 0, 5, "c"), E(EntityType::kOrganisation, 15, 30, "d"),
       E(EntityType::kMisc, 30, 35, "e")},
  };
  std::vector<Entity> out;
  MergeEntities(layers, &out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].text, "c");
  EXPECT_EQ(out[1].text, "a");
  EXPECT_EQ(out[2].text, "e");
  EXPECT_EQ(out[3].text, "b");
}

TEST(ApplyOverrides, ReplacesOverlapsButAnAgencyYieldsToALongerName) {
  std::vector<Entity> entities = {E(EntityType::kPerson, 0, 10, "WASHINGTON"),
                                  E(EntityType::kOrganisation, 20, 44, "Reuters Holdings PLC")};
  std::vector<EntityOverride> overrides = {
      {Entity{EntityType::kLocation, 0, 10, "WASHINGTON", "Washington"}, false},
      {E(EntityType::kOrganisation, 20, 27, "Reuters"), true},
  };
  ApplyOverrides(overrides, &entities);
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(entities[0].type, EntityType::kLocation);
  EXPECT_EQ(entities[0].canonical, "Washington");
  EXPECT_EQ(entities[1].text, "Reuters Holdings PLC");
}

TEST(LinkCanonicals, OneWordPersonTakesTheLatestFullNameEndingInIt) {
  std::vector<Entity> entities = {E(EntityType::kPerson, 0, 10, "Jim Mattis"), E(EntityType::kLocation, 12, 18, "Mattis"),
                                  E(EntityType::kPerson, 20, 26, "Mattis"), E(EntityType::kPerson, 30, 35, "Kono")};
  LinkCanonicals(&entities);
  EXPECT_EQ(entities[0].canonical, "Jim Mattis");
  EXPECT_EQ(entities[1].canonical, "Mattis");  // not a person: left alone
  EXPECT_EQ(entities[2].canonical, "Jim Mattis");
  EXPECT_EQ(entities[3].canonical, "Kono");
}

TEST(LinkCanonicals, FamilyNameFirstForKoreanStyleNames) {
  std::vector<Entity> entities = {E(EntityType::kPerson, 0, 11, "Kim Jong-un"), E(EntityType::kPerson, 20, 23, "Kim"),
                                  E(EntityType::kPerson, 30, 40, "Jim Mattis"), E(EntityType::kPerson, 50, 53, "Jim")};
  LinkCanonicals(&entities);
  EXPECT_EQ(entities[1].canonical, "Kim Jong-un");
  EXPECT_EQ(entities[3].canonical, "Jim");  // a western first name alone is not linked
}

}  // namespace
}  // namespace wiretag
