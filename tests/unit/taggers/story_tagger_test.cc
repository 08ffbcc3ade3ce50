#include "pipeline/taggers/story_tagger.h"

#include <gmock/gmock.h>

#include <atomic>
#include <thread>
#include <gtest/gtest.h>

#include "pipeline/taggers/rule_entity_tagger.h"
#include "pipeline/taggers/story_tagger_impl.h"
#include "tests/unit/taggers/entities_test_fixture.h"

namespace wiretag {
namespace {

class StoryTaggerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    testing::WriteEntityTestConfig(dir_->path());
    tagger_ = StoryTagger::Load(dir_->path()).release();
  }
  static void TearDownTestSuite() {
    delete tagger_;
    delete dir_;
  }
  static const Entity* Find(const Tags& tags, std::string_view text, Field field = Field::kBody) {
    for (const Entity& e : tags.entities) {
      if (e.text == text && e.field == field) return &e;
    }
    return nullptr;
  }
  static testing::TempDir* dir_;
  static StoryTagger* tagger_;
};
testing::TempDir* StoryTaggerTest::dir_ = nullptr;
StoryTagger* StoryTaggerTest::tagger_ = nullptr;

TEST_F(StoryTaggerTest, DatelineCityIsALocationEntity) {
  std::string text = testing::ReadFixture("entities-story.txt");
  Tags tags = tagger_->Tag(text, StoryMeta{});
  ASSERT_TRUE(tags.dateline);
  EXPECT_EQ(tags.dateline->city, "Tokyo");
  const Entity* city = Find(tags, "TOKYO");
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->type, EntityType::kLocation);
  EXPECT_EQ(city->start, 0u);
  EXPECT_EQ(city->canonical, "Tokyo");
}

TEST_F(StoryTaggerTest, SourceAgencyNamedInTheTextIsAnOrganisation) {
  std::string text = testing::ReadFixture("entities-story.txt");
  Tags tags = tagger_->Tag(text, StoryMeta{});
  ASSERT_FALSE(tags.agencies.empty());
  EXPECT_EQ(tags.agencies[0].name, "Yonhap");
  EXPECT_EQ(tags.agencies[0].role, AgencyRole::kSource);
  const Entity* yonhap = Find(tags, "Yonhap");
  ASSERT_NE(yonhap, nullptr);
  EXPECT_EQ(yonhap->type, EntityType::kOrganisation);
}

TEST_F(StoryTaggerTest, EveryEntityTextMatchesItsOffsetsAndIsSorted) {
  std::string text = testing::ReadFixture("entities-story.txt");
  Tags tags = tagger_->Tag(text, StoryMeta{});
  ASSERT_GT(tags.entities.size(), 15u);
  uint32_t previous = 0;
  for (const Entity& e : tags.entities) {
    EXPECT_EQ(text.substr(e.start, e.end - e.start), e.text);
    EXPECT_GE(e.start, previous);
    previous = e.end;
  }
  const Entity* brennan = Find(tags, "Brennan");
  ASSERT_NE(brennan, nullptr);
  EXPECT_EQ(brennan->canonical, "Laura Brennan");
}

TEST_F(StoryTaggerTest, HeadlineEntitiesAreMarkedAndLinkedToTheBody) {
  std::string text = testing::ReadFixture("entities-story.txt");
  Tags tags = tagger_->Tag(text, StoryMeta{});
  tagger_->TagHeadline("Brennan and Watanabe warn North Korea", &tags);
  const Entity* brennan = Find(tags, "Brennan", Field::kHeadline);
  ASSERT_NE(brennan, nullptr);
  EXPECT_EQ(brennan->type, EntityType::kPerson);
  EXPECT_EQ(brennan->canonical, "Laura Brennan");
  EXPECT_EQ(brennan->start, 0u);
  const Entity* korea = Find(tags, "North Korea", Field::kHeadline);
  ASSERT_NE(korea, nullptr);
  EXPECT_EQ(korea->type, EntityType::kLocation);
  // Body entities first, then the headline's.
  EXPECT_EQ(tags.entities.front().field, Field::kBody);
  EXPECT_EQ(tags.entities.back().field, Field::kHeadline);
}

TEST_F(StoryTaggerTest, StoryWithoutNamesHasNoEntities) {
  Tags tags = tagger_->Tag("the rain fell all day and the river rose.", StoryMeta{});
  EXPECT_FALSE(tags.dateline);
  EXPECT_TRUE(tags.entities.empty());
}

TEST_F(StoryTaggerTest, ManyThreadsGetTheSameTagsAsOne) {
  std::string story = testing::ReadFixture("entities-story.txt");
  std::string other = "Laura Brennan visited Seoul. Brennan met Kenji Watanabe in Tokyo.";
  auto describe = [](const Tags& tags) {
    std::string out;
    for (const Entity& e : tags.entities) out += e.text + "|" + e.canonical + "|" + std::to_string(e.start) + ";";
    return out;
  };
  const std::string want_story = describe(tagger_->Tag(story, StoryMeta{}));
  const std::string want_other = describe(tagger_->Tag(other, StoryMeta{}));
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        bool odd = (i + t) % 2;
        std::string got = describe(tagger_->Tag(odd ? other : story, StoryMeta{}));
        if (got != (odd ? want_other : want_story)) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST_F(StoryTaggerTest, DataIdNamesTheEntityTaggers) { EXPECT_EQ(tagger_->DataId(), "rules1"); }

// A stand-in for a trained model: tags fixed spans.
class FixedTagger : public EntityTagger {
 public:
  explicit FixedTagger(std::vector<Entity> spans) : spans_(std::move(spans)) {}
  void Tag(std::string_view, std::span<const Token>, std::vector<Entity>* out) const override {
    out->insert(out->end(), spans_.begin(), spans_.end());
  }
  std::string_view Id() const override { return "fixed"; }

 private:
  std::vector<Entity> spans_;
};

TEST(MakeStoryTagger, AModelTaggerGoesFirstAndTheRulesFillTheGaps) {
  testing::TempDir dir;
  testing::WriteEntityTestConfig(dir.path());
  StoryTaggerParts parts;
  parts.places = PlaceGazetteer::Load(dir.path() / "gazetteers");
  parts.agencies = AgencyTable::Load(dir.path() / "agencies.tsv");
  std::string text = "Laura Brennan visited Tokyo.";
  // The "model" says "Laura Brennan visited" is an ORG (wrong, but it has priority).
  parts.entity_taggers.push_back(std::make_unique<FixedTagger>(
      std::vector<Entity>{{EntityType::kOrganisation, 0, 21, "Laura Brennan visited", ""}}));
  parts.entity_taggers.push_back(RuleEntityTagger::Load(dir.path() / "gazetteers", *parts.places));
  auto tagger = MakeStoryTagger(std::move(parts));  // no `rules` pointer: no rule overrides
  Tags tags = tagger->Tag(text, StoryMeta{});
  ASSERT_EQ(tags.entities.size(), 2u);
  EXPECT_EQ(tags.entities[0].text, "Laura Brennan visited");
  EXPECT_EQ(tags.entities[0].type, EntityType::kOrganisation);
  EXPECT_EQ(tags.entities[1].text, "Tokyo");
  EXPECT_EQ(tagger->DataId(), "fixed+rules1");
}

TEST(MakeStoryTagger, RulesCutATitleOutOfAModelsPersonSpan) {
  testing::TempDir dir;
  testing::WriteEntityTestConfig(dir.path());
  StoryTaggerParts parts;
  parts.places = PlaceGazetteer::Load(dir.path() / "gazetteers");
  parts.agencies = AgencyTable::Load(dir.path() / "agencies.tsv");
  std::string text = "He met Defense Secretary Laura Brennan in Tokyo. Brennan said little.";
  // The "model" puts the title inside the name and misses the rest.
  parts.entity_taggers.push_back(std::make_unique<FixedTagger>(
      std::vector<Entity>{{EntityType::kPerson, 7, 38, "Defense Secretary Laura Brennan", ""}}));
  auto rules = RuleEntityTagger::Load(dir.path() / "gazetteers", *parts.places);
  parts.rules = rules.get();
  parts.entity_taggers.push_back(std::move(rules));
  auto tagger = MakeStoryTagger(std::move(parts));
  Tags tags = tagger->Tag(text, StoryMeta{});
  ASSERT_EQ(tags.entities.size(), 3u);
  EXPECT_EQ(tags.entities[0].text, "Laura Brennan");
  EXPECT_EQ(tags.entities[0].type, EntityType::kPerson);
  EXPECT_EQ(tags.entities[1].text, "Tokyo");
  EXPECT_EQ(tags.entities[2].text, "Brennan");
  EXPECT_EQ(tags.entities[2].canonical, "Laura Brennan");
}

}  // namespace
}  // namespace wiretag
