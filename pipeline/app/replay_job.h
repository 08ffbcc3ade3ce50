#pragma once
// A whole `wiretag replay`, minus the command line: sets up the consumer
// (assign only, never commits), resolves or resumes the range, wires the
// source, the stage's workers and the sink (KafkaSink, or a dry-run stream)
// into RunReplay, and keeps the --resume checkpoint. Also the --from-file backfill.
//
// With a checkpoint file: if it exists, the replay continues from it (its
// input, --from and --to must match the request's, and its pinned ranges are
// used, so `end` keeps meaning the end captured by the first run); if not,
// the resolved ranges are written to it before the first record is read.
//
// Throws ReplayRequestError when the request cannot be carried out as asked
// (checkpoint of other arguments or naming a partition the topic lacks, unknown partition, reversed range, no
// output or DLQ topic), ConfigError when librdkafka rejects a kafka.* property,
// std::runtime_error for other set-up failures (unreadable checkpoint, broker
// unreachable); a replay that starts and cannot finish returns a summary with
// `failure` set instead.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/config/config.h"
#include "pipeline/source/replay_range.h"
#include "pipeline/source/timestamp_locator.h"
#include "pipeline/stage/replay_runner.h"

namespace wiretag {

struct ReplayJobOptions {
  // brokers, kafka.common/consumer/producer, output, dlq, max_message_bytes.
  Config config;
  std::string input;                     // topic
  std::vector<std::string> input_files;  // --from-file: replaces `input`
  ReplayPosition from, to;
  std::vector<int32_t> partitions;
  TimestampLocatorKind locator = TimestampLocatorKind::kAuto;
  std::optional<std::filesystem::path> resume;
  bool dry_run = false;
  std::FILE* dry_run_out = stdout;
  std::FILE* dry_run_errors = stderr;
  std::chrono::milliseconds timeout{10000};
  ReplayRunnerOptions runner;  // workers, rate, stop, metrics, progress; `plan` is filled here
};

ReplaySummary RunReplayJob(ReplayJobOptions options, const TransformFactory& transforms);

}  // namespace wiretag
