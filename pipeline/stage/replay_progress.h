#pragma once
// How far a replay is, and how that reads for a human: a progress bar for a
// terminal, a log line otherwise. "Done" counts offsets of the range whose
// output was acknowledged, so percentage and ETA refer to the offset range
// (with --resume, work done by earlier runs counts as done but not towards the
// rate). Pure functions; thread-compatible.

#include <cstdint>
#include <string>

namespace wiretag {

struct ReplayProgressSnapshot {
  int64_t done = 0;           // offsets acknowledged, including earlier runs'
  int64_t done_at_start = 0;  // of those, done before this run started
  int64_t total = 0;          // size of the offset range (or record count of the files)
  double elapsed_seconds = 0;
  int64_t read = 0, enriched = 0, dead_lettered = 0;  // this run
};

double ProgressRate(const ReplayProgressSnapshot& s);  // records/s this run
// "1:02:03", "4:05"; "?" when unknown.
std::string FormatDuration(double seconds);
// "[##########----------]  50.0%  500/1000  250 rec/s  ETA 0:02"; `width` is the bar's.
std::string FormatProgressBar(const ReplayProgressSnapshot& s, int width = 30);
// "replay 50.0% (500/1000 records), 250 records/s, ETA 0:02, 3 dead-lettered"
std::string FormatProgressLine(const ReplayProgressSnapshot& s);

}  // namespace wiretag
