#include "pipeline/stage/offset_reset.h"

#include <gtest/gtest.h>

namespace wiretag {
namespace {

TEST(OffsetResetTest, EarliestBehindRetentionSkipsExactlyTheDeletedOffsets) {
  OffsetResetPlan plan = PlanOffsetReset(OffsetResetPolicy::kEarliest, 100, 250, 900);
  EXPECT_FALSE(plan.fail);
  EXPECT_EQ(plan.resume_at, 250);
  EXPECT_EQ(plan.skipped_from, 100);
  EXPECT_EQ(plan.skipped_to, 250);
  EXPECT_EQ(plan.skipped(), 150);
  EXPECT_EQ(plan.deleted(), 150);
}

TEST(OffsetResetTest, LatestBehindRetentionAlsoSkipsWhatIsStillInTheLog) {
  OffsetResetPlan plan = PlanOffsetReset(OffsetResetPolicy::kLatest, 100, 250, 900);
  EXPECT_EQ(plan.resume_at, 900);
  EXPECT_EQ(plan.skipped_from, 100);
  EXPECT_EQ(plan.skipped(), 800);
  EXPECT_EQ(plan.deleted(), 150) << "only [100, 250) was deleted";
}

TEST(OffsetResetTest, FailStopsAndReportsTheDeletedRangeWithoutSkipping) {
  OffsetResetPlan plan = PlanOffsetReset(OffsetResetPolicy::kFail, 100, 250, 900);
  EXPECT_TRUE(plan.fail);
  EXPECT_EQ(plan.skipped(), 0);
  EXPECT_EQ(plan.deleted_from, 100);
  EXPECT_EQ(plan.deleted_to, 250);
}

TEST(OffsetResetTest, PositionPastTheEndResumesAtTheEndAndSkipsNothing) {
  for (auto policy : {OffsetResetPolicy::kEarliest, OffsetResetPolicy::kLatest}) {
    OffsetResetPlan plan = PlanOffsetReset(policy, 5000, 250, 900);
    EXPECT_EQ(plan.resume_at, 900) << OffsetResetPolicyName(policy);
    EXPECT_EQ(plan.skipped(), 0) << OffsetResetPolicyName(policy);
    EXPECT_EQ(plan.deleted(), 0) << OffsetResetPolicyName(policy);
  }
}

TEST(OffsetResetTest, PositionStillInTheLogResumesThereUnderEarliest) {
  OffsetResetPlan plan = PlanOffsetReset(OffsetResetPolicy::kEarliest, 300, 250, 900);
  EXPECT_EQ(plan.resume_at, 300);
  EXPECT_EQ(plan.skipped(), 0);
  EXPECT_EQ(plan.deleted(), 0);
}

TEST(OffsetResetTest, EmptiedLogSkipsUpToTheEnd) {
  // Retention deleted everything: low == high.
  OffsetResetPlan plan = PlanOffsetReset(OffsetResetPolicy::kEarliest, 10, 40, 40);
  EXPECT_EQ(plan.resume_at, 40);
  EXPECT_EQ(plan.skipped(), 30);
}

TEST(OffsetResetTest, PolicyNamesRoundTripAndOthersAreRejected) {
  for (const char* name : {"fail", "earliest", "latest"})
    EXPECT_STREQ(OffsetResetPolicyName(*ParseOffsetResetPolicy(name)), name);
  EXPECT_FALSE(ParseOffsetResetPolicy("smallest"));
  EXPECT_FALSE(ParseOffsetResetPolicy(""));
}

TEST(OffsetResetTest, NewGroupStartAcceptsLibrdkafkasSynonymsOnly) {
  for (const char* v : {"earliest", "smallest", "beginning"}) EXPECT_EQ(NewGroupStart(v), OffsetResetPolicy::kEarliest) << v;
  for (const char* v : {"latest", "largest", "end"}) EXPECT_EQ(NewGroupStart(v), OffsetResetPolicy::kLatest) << v;
  EXPECT_FALSE(NewGroupStart("error"));
}

}  // namespace
}  // namespace wiretag
