#pragma once
// RunReplay is the replay loop: records from a ReplaySource (a bounded range of
// a topic, or files) are fed to the stage's WorkerStage — the same workers,
// per-partition ordering (PartitionTracker), sink, DLQ and metrics as
// `wiretag run` — with the source swapped for one that reads with assign().
//
// Guarantees (those of WorkerStage and the sink, plus):
//  - Per input partition, outputs are sent in input order.
//  - The checkpoint's `next` offset of a partition is the tracker's committable
//    offset: it only passes records whose output the broker acknowledged, so a
//    resumed replay repeats at most the unacknowledged window and skips nothing.
//  - At most `max_inflight` records are between the source and an
//    acknowledgement; `rate` caps records read per second (token bucket).
//
// RunReplay returns when every partition reached its end (complete), when
// `stop()` becomes true (drains in-flight work, bounded by drain_timeout), or
// when the source or the sink fails (summary.failure says why).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "pipeline/formats/message_size.h"
#include "pipeline/stage/replay_sink.h"
#include "pipeline/stage/replay_source.h"
#include "pipeline/stage/record_transform.h"
#include "pipeline/stage/replay_checkpoint.h"
#include "pipeline/stage/replay_progress.h"

namespace wiretag {

class StageMetrics;

struct ReplayRunnerOptions {
  int workers = 1;  // as WorkerStageOptions::workers (0 = hardware threads)
  size_t max_message_bytes = kDefaultMaxMessageBytes;
  int64_t max_inflight = 10000;
  double rate = 0;  // records per second; 0 = no cap
  // The plan: the partitions' ranges and where to start (`next`). Updated in
  // the summary; saved to `checkpoint_file` every checkpoint_interval and at the end.
  ReplayCheckpoint plan;
  std::optional<std::filesystem::path> checkpoint_file;
  std::chrono::milliseconds checkpoint_interval{1000};
  std::chrono::milliseconds progress_interval{200};
  std::chrono::milliseconds drain_timeout{30000};
  std::function<void(const ReplayProgressSnapshot&)> on_progress;
  std::function<bool()> stop;     // polled; true = drain and stop
  StageMetrics* metrics = nullptr;  // may be null
};

struct ReplaySummary {
  int64_t read = 0, enriched = 0, dead_lettered = 0;
  double seconds = 0;
  bool complete = false;   // every partition reached its end, every output acknowledged
  std::string failure;     // why not, for the user; empty when complete
  ReplayCheckpoint plan;   // with the final `next` offsets
  ReplayProgressSnapshot progress;
};

ReplaySummary RunReplay(ReplaySource& source, ReplaySink& sink, const TransformFactory& transforms,
                        ReplayRunnerOptions options);

}  // namespace wiretag
