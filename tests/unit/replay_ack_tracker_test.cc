#include "pipeline/stage/replay_ack_tracker.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace wiretag {
namespace {

TEST(ReplayAckTracker, NextStaysAtTheFirstUnacknowledgedRecord) {
  ReplayAckTracker t;
  t.Start(0, 100);
  for (int64_t o = 100; o < 105; ++o) t.Dispatched(0, o);
  t.Acked(0, 101, true);
  t.Acked(0, 103, true);
  EXPECT_EQ(t.Next(0), 100);
  t.Acked(0, 100, true);
  EXPECT_EQ(t.Next(0), 102);
  t.Acked(0, 102, true);
  EXPECT_EQ(t.Next(0), 104);
  EXPECT_EQ(t.InFlight(), 1);
}

TEST(ReplayAckTracker, NeverPassesAFailedDelivery) {
  ReplayAckTracker t;
  t.Start(0, 0);
  for (int64_t o = 0; o < 4; ++o) t.Dispatched(0, o);
  t.Acked(0, 0, true);
  t.Acked(0, 1, false);
  t.Acked(0, 2, true);
  t.Acked(0, 3, true);
  t.MarkEnd(0, 4);
  EXPECT_EQ(t.Next(0), 1);
  EXPECT_TRUE(t.HasFailure());
  EXPECT_EQ(t.InFlight(), 0);
}

TEST(ReplayAckTracker, GapsBetweenRecordsCountAsDone) {
  ReplayAckTracker t;
  t.Start(0, 0);
  t.Dispatched(0, 5);  // offsets 0..4 compacted away
  t.Dispatched(0, 9);
  t.Acked(0, 5, true);
  EXPECT_EQ(t.Next(0), 6);
  t.Acked(0, 9, true);
  EXPECT_EQ(t.Next(0), 10);
}

TEST(ReplayAckTracker, EndMovesNextPastATailWithoutRecordsOnceDrained) {
  ReplayAckTracker t;
  t.Start(2, 0);
  t.Dispatched(2, 0);
  t.MarkEnd(2, 3);  // offsets 1 and 2 are transaction markers
  EXPECT_EQ(t.Next(2), 0);
  t.Acked(2, 0, true);
  EXPECT_EQ(t.Next(2), 3);
}

TEST(ReplayAckTracker, PartitionsAreIndependent) {
  ReplayAckTracker t;
  t.Start(0, 0);
  t.Start(1, 50);
  t.Dispatched(0, 0);
  t.Dispatched(1, 50);
  t.Acked(1, 50, true);
  EXPECT_EQ(t.Next(0), 0);
  EXPECT_EQ(t.Next(1), 51);
}

TEST(ReplayAckTracker, RejectsOutOfOrderDispatch) {
  ReplayAckTracker t;
  t.Start(0, 10);
  EXPECT_THROW(t.Dispatched(0, 9), std::logic_error);
  t.Dispatched(0, 12);
  EXPECT_THROW(t.Dispatched(0, 11), std::logic_error);
}

}  // namespace
}  // namespace wiretag
