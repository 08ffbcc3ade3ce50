#include "pipeline/stage/replay_progress.h"

#include <gtest/gtest.h>

namespace wiretag {
namespace {

TEST(FormatProgressBar, ShowsPercentageRateAndEta) {
  ReplayProgressSnapshot s;
  s.done = 500;
  s.total = 1000;
  s.elapsed_seconds = 2;
  EXPECT_EQ(FormatProgressBar(s, 10), "[#####-----]  50.0%  500/1000  250 rec/s  ETA 0:02");
}

TEST(FormatProgressBar, WorkOfEarlierRunsCountsAsDoneButNotTowardsTheRate) {
  ReplayProgressSnapshot s;
  s.done = 900;
  s.done_at_start = 800;
  s.total = 1000;
  s.elapsed_seconds = 10;  // 10 records/s this run: 100 left take 10 s
  EXPECT_EQ(FormatProgressBar(s, 4), "[###-]  90.0%  900/1000  10 rec/s  ETA 0:10");
}

TEST(FormatProgressBar, UnknownRateGivesUnknownEta) {
  ReplayProgressSnapshot s;
  s.total = 10;
  EXPECT_EQ(FormatProgressBar(s, 2), "[--]   0.0%  0/10  0 rec/s  ETA ?");
}

TEST(FormatProgressBar, EmptyRangeIsComplete) {
  ReplayProgressSnapshot s;
  EXPECT_EQ(FormatProgressBar(s, 2), "[##] 100.0%  0/0  0 rec/s  ETA 0:00");
}

TEST(FormatProgressLine, SaysTheSameInWords) {
  ReplayProgressSnapshot s;
  s.done = 250;
  s.total = 1000;
  s.elapsed_seconds = 5;
  s.dead_lettered = 3;
  EXPECT_EQ(FormatProgressLine(s), "replay 25.0% (250/1000 records), 50 records/s, ETA 0:15, 3 dead-lettered");
}

TEST(FormatDuration, UsesHoursOnlyWhenNeeded) {
  EXPECT_EQ(FormatDuration(0), "0:00");
  EXPECT_EQ(FormatDuration(245), "4:05");
  EXPECT_EQ(FormatDuration(3723), "1:02:03");
  EXPECT_EQ(FormatDuration(-1), "?");
}

}  // namespace
}  // namespace wiretag
