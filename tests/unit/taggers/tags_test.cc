#include "pipeline/taggers/tags.h"

#include <gtest/gtest.h>

namespace wiretag {
namespace {

TEST(EntityTypeName, UsesConllNames) {
  EXPECT_STREQ(EntityTypeName(EntityType::kPerson), "PER");
  EXPECT_STREQ(EntityTypeName(EntityType::kOrganisation), "ORG");
  EXPECT_STREQ(EntityTypeName(EntityType::kLocation), "LOC");
  EXPECT_STREQ(EntityTypeName(EntityType::kMisc), "MISC");
}

}  // namespace
}  // namespace wiretag
