#include "pipeline/source/replay_range.h"

#include <stdexcept>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace wiretag {
namespace {

using Kind = ReplayPosition::Kind;

TEST(ParseReplayPosition, ReadsBeginningAndEnd) {
  EXPECT_EQ(ParseReplayPosition("beginning").kind, Kind::kBeginning);
  EXPECT_EQ(ParseReplayPosition(" end ").kind, Kind::kEnd);
}

TEST(ParseReplayPosition, ReadsExplicitOffsetsPerPartition) {
  ReplayPosition p = ParseReplayPosition("offsets:0=120,3=4400, 5 = 0");
  ASSERT_EQ(p.kind, Kind::kOffsets);
  EXPECT_EQ(p.offsets, (std::map<int32_t, int64_t>{{0, 120}, {3, 4400}, {5, 0}}));
  EXPECT_EQ(p.spec, "offsets:0=120,3=4400, 5 = 0");
}

TEST(ParseReplayPosition, RejectsMalformedOffsets) {
  for (const char* bad : {"offsets:", "offsets:0", "offsets:0=-1", "offsets:a=1", "offsets:0=1,",
                          "offsets:0=1,0=2", "offsets:0=1x"})
    EXPECT_THROW(ParseReplayPosition(bad), std::invalid_argument) << bad;
}

TEST(ParseReplayPosition, RejectsUnknownWords) {
  EXPECT_THROW(ParseReplayPosition("latest"), std::invalid_argument);
  EXPECT_THROW(ParseReplayPosition(""), std::invalid_argument);
}

TEST(ParseReplayPosition, ReadsTimestamps) {
  ReplayPosition p = ParseReplayPosition("2026-11-28T10:00:00Z");
  ASSERT_EQ(p.kind, Kind::kTimestamp);
  EXPECT_EQ(p.timestamp_ms, 1795860000000);
}

TEST(ParseRfc3339Millis, EpochIsZero) {
  EXPECT_EQ(ParseRfc3339Millis("1970-01-01T00:00:00Z"), 0);
}

TEST(ParseRfc3339Millis, AppliesUtcOffsetsAndFractions) {
  // 2017-08-18T00:00:00Z is 1503014400 s.
  EXPECT_EQ(ParseRfc3339Millis("2017-08-18T00:00:00Z"), 1503014400000);
  EXPECT_EQ(ParseRfc3339Millis("2017-08-18T09:00:00+09:00"), 1503014400000);
  EXPECT_EQ(ParseRfc3339Millis("2017-08-17T20:30:00.250-03:30"), 1503014400250);
  EXPECT_EQ(ParseRfc3339Millis("2017-08-18 00:00:00.123456z"), 1503014400123);
  EXPECT_EQ(ParseRfc3339Millis("2017-08-18t00:00:00.5Z"), 1503014400500);
}

TEST(ParseRfc3339Millis, HandlesLeapDays) {
  EXPECT_EQ(ParseRfc3339Millis("2024-02-29T00:00:00Z") + 86400000,
            ParseRfc3339Millis("2024-03-01T00:00:00Z"));
  EXPECT_THROW(ParseRfc3339Millis("2023-02-29T00:00:00Z"), std::invalid_argument);
}

TEST(ParseRfc3339Millis, RejectsIncompleteOrOutOfRangeTimes) {
  for (const char* bad : {"2026-11-28", "2026-11-28T10:00:00", "2026-13-01T00:00:00Z",
                          "2026-11-28T24:00:00Z", "2026-11-28T10:00:00+2:00", "2026-11-28T10:00:00Zjunk",
                          "2026-11-28T10:00:00.Z", "26-11-28T10:00:00Z"})
    EXPECT_THROW(ParseRfc3339Millis(bad), std::invalid_argument) << bad;
}

TEST(ParsePartitionList, SortsAndDeduplicates) {
  EXPECT_EQ(ParsePartitionList("5,0,3,3"), (std::vector<int32_t>{0, 3, 5}));
  EXPECT_EQ(ParsePartitionList("7"), (std::vector<int32_t>{7}));
}

TEST(ParsePartitionList, RejectsNonNumbers) {
  for (const char* bad : {"", "a", "1,,2", "-1", "1,"})
    EXPECT_THROW(ParsePartitionList(bad), std::invalid_argument) << bad;
}

TEST(ParseReplayPosition, ReadsTimesRelativeToNow) {
  const int64_t now = 1'800'000'000'000;
  for (auto [spec, back_ms] : std::vector<std::pair<const char*, int64_t>>{
           {"now", 0}, {"-90s", 90'000}, {"-30m", 1'800'000}, {"-1h", 3'600'000}, {"-2d", 172'800'000}}) {
    ReplayPosition p = ParseReplayPosition(spec, now);
    EXPECT_EQ(p.kind, Kind::kTimestamp) << spec;
    EXPECT_EQ(p.timestamp_ms, now - back_ms) << spec;
    EXPECT_EQ(p.spec, spec);  // what a --resume checkpoint compares
  }
}

TEST(ParseReplayPosition, RejectsMalformedRelativeTimes) {
  for (const char* bad : {"-", "-h", "-1", "-1w", "-1.5h", "--1h", "- 1h", "-99999999999999d", "+1h", "Now"})
    EXPECT_THROW(ParseReplayPosition(bad, 1'800'000'000'000), std::invalid_argument) << bad;
}

}  // namespace
}  // namespace wiretag
