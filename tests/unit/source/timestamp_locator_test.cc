#include "pipeline/source/timestamp_locator.h"

#include <map>
#include <stdexcept>

#include <gtest/gtest.h>

namespace wiretag {
namespace {

// A partition as a map offset -> timestamp; missing offsets are gaps.
struct FakePartition {
  std::map<int64_t, int64_t> records;
  int probes = 0;
  RecordProbe probe() {
    return [this](int64_t offset) -> std::optional<ProbedRecord> {
      ++probes;
      auto it = records.lower_bound(offset);
      if (it == records.end()) return std::nullopt;
      return ProbedRecord{it->first, it->second};
    };
  }
};

FakePartition Evenly(int64_t low, int64_t high, int64_t first_ts, int64_t step) {
  FakePartition p;
  for (int64_t o = low; o < high; ++o) p.records[o] = first_ts + (o - low) * step;
  return p;
}

TEST(BinarySearchOffsetForTime, FindsTheFirstRecordAtOrAfterTheTime) {
  FakePartition p = Evenly(0, 1000, 1000, 10);  // offset o has timestamp 1000 + 10 o
  EXPECT_EQ(BinarySearchOffsetForTime({0, 1000}, 1000 + 10 * 437, p.probe()), 437);
  EXPECT_EQ(BinarySearchOffsetForTime({0, 1000}, 1000 + 10 * 437 - 3, p.probe()), 437);
  EXPECT_LE(p.probes, 2 * 11);  // logarithmic
}

TEST(BinarySearchOffsetForTime, ReturnsLowBeforeAllAndHighAfterAll) {
  FakePartition p = Evenly(50, 80, 5000, 1);
  EXPECT_EQ(BinarySearchOffsetForTime({50, 80}, 0, p.probe()), 50);
  EXPECT_EQ(BinarySearchOffsetForTime({50, 80}, 5029, p.probe()), 79);
  EXPECT_EQ(BinarySearchOffsetForTime({50, 80}, 5030, p.probe()), 80);
}

TEST(BinarySearchOffsetForTime, EmptyPartitionAnswersTheHighWatermark) {
  FakePartition p;
  EXPECT_EQ(BinarySearchOffsetForTime({7, 7}, 123, p.probe()), 7);
  EXPECT_EQ(p.probes, 0);
}

TEST(BinarySearchOffsetForTime, SkipsGapsLeftByCompaction) {
  FakePartition p;
  for (int64_t o : {0, 1, 2, 10, 11, 30, 31, 32}) p.records[o] = o * 100;
  EXPECT_EQ(BinarySearchOffsetForTime({0, 40}, 300, p.probe()), 10);
  EXPECT_EQ(BinarySearchOffsetForTime({0, 40}, 1200, p.probe()), 30);
  EXPECT_EQ(BinarySearchOffsetForTime({0, 40}, 3300, p.probe()), 40);  // tail gap (e.g. a transaction marker)
}

TEST(BinarySearchOffsetForTime, IgnoresRecordsWrittenPastTheHighWatermark) {
  FakePartition p = Evenly(0, 20, 0, 1);  // records 10..19 arrived after the watermarks were read
  EXPECT_EQ(BinarySearchOffsetForTime({0, 10}, 15, p.probe()), 10);
}

TEST(BinarySearchOffsetForTime, EqualTimestampsGiveTheFirstOfThem) {
  FakePartition p;
  for (int64_t o = 0; o < 100; ++o) p.records[o] = o < 40 ? 1 : (o < 70 ? 2 : 3);
  EXPECT_EQ(BinarySearchOffsetForTime({0, 100}, 2, p.probe()), 40);
}

TEST(ParseTimestampLocatorKind, ReadsTheConfigValues) {
  EXPECT_EQ(ParseTimestampLocatorKind("auto"), TimestampLocatorKind::kAuto);
  EXPECT_EQ(ParseTimestampLocatorKind("offsets_for_times"), TimestampLocatorKind::kOffsetsForTimes);
  EXPECT_EQ(ParseTimestampLocatorKind("binary_search"), TimestampLocatorKind::kBinarySearch);
  EXPECT_THROW(ParseTimestampLocatorKind("guess"), std::invalid_argument);
}

}  // namespace
}  // namespace wiretag
