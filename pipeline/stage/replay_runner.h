#pragma once
// RunReplay is the replay pipeline: records from a ReplaySource are enriched by
// N worker threads, and their outputs (enriched, or the original record to the
// dead-letter topic with the reason) are sent to a ReplayOutput.
//
// Guarantees:
//  - Per input partition, outputs are sent in input order, even though records
//    of one partition are enriched in parallel.
//  - The checkpoint's `next` offset of a partition only passes records whose
//    output was acknowledged, and never a record whose delivery failed; a
//    resumed replay therefore repeats at most the unacknowledged window
//    (at-least-once) and skips nothing.
//  - At most `max_inflight` records are between the source and an
//    acknowledgement; `rate` caps records read per second.
//  - The record's key and value depend only on the input and the enricher
//    (no clock); headers carry `wiretag.source` and `wiretag.version`.
//
// RunReplay returns when every partition reached its end (complete), when
// `*stop` becomes true (drains what is in flight, bounded by drain_timeout), or
// when the source or the output fails (summary.failure says why). It throws
// only if the enricher factory throws.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "pipeline/sink/replay_output.h"
#include "pipeline/source/replay_source.h"
#include "pipeline/stage/replay_checkpoint.h"
#include "pipeline/stage/replay_enricher.h"
#include "pipeline/stage/replay_progress.h"

namespace wiretag {

// Hooks for metrics; called on the replay's main thread.
class ReplayObserver {
 public:
  virtual ~ReplayObserver() = default;
  virtual void OnRead(const ReplayRecord& record) {}
  virtual void OnEnriched(const ReplayRecord& record) {}  // the enriched output was acknowledged
  virtual void OnDeadLettered(const std::string& reason) {}  // the DLQ copy was acknowledged
  virtual void OnInflight(int64_t records) {}
};

struct ReplayRunnerOptions {
  int workers = 1;
  int64_t max_inflight = 10000;
  double rate = 0;  // records per second; 0 = no cap
  std::string version;  // `wiretag.version` header
  // The plan: the partitions' ranges and where to start (`next`). Updated in
  // the summary; saved to `checkpoint_file` every checkpoint_interval and at the end.
  ReplayCheckpoint plan;
  std::optional<std::filesystem::path> checkpoint_file;
  std::chrono::milliseconds checkpoint_interval{1000};
  std::chrono::milliseconds progress_interval{200};
  std::chrono::milliseconds drain_timeout{30000};
  std::function<void(const ReplayProgressSnapshot&)> on_progress;
  std::function<bool()> stop;  // polled; true = drain and stop
  ReplayObserver* observer = nullptr;
};

struct ReplaySummary {
  int64_t read = 0, enriched = 0, dead_lettered = 0;
  double seconds = 0;
  bool complete = false;   // every partition reached its end, every output acknowledged
  std::string failure;     // why not, for the user; empty when complete
  ReplayCheckpoint plan;   // with the final `next` offsets
  ReplayProgressSnapshot progress;
};

ReplaySummary RunReplay(ReplaySource& source, ReplayOutput& output, const ReplayEnricherFactory& enrichers,
                        ReplayRunnerOptions options);

}  // namespace wiretag
