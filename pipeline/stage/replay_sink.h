#pragma once
// ReplaySink is a RecordSink as `wiretag replay` needs it: besides Send() (the
// stage's contract: receipts fire only for acknowledged writes), the replay
// loop flushes at the end, stops on an unrecoverable error, and reports counts.
// The adapters: KafkaReplaySink (sink/kafka_replay_sink.h, the stage's
// KafkaSink) and StreamReplaySink (sink/stream_replay_sink.h, --dry-run).
//
// Thread safety: as RecordSink (Send from worker threads); the rest from any thread.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "pipeline/stage/record_sink.h"

namespace wiretag {

class ReplaySink : public RecordSink {
 public:
  // Waits until every sent record is acknowledged or `deadline`; true when all are.
  virtual bool Flush(std::chrono::steady_clock::time_point deadline) = 0;
  virtual std::optional<std::string> FatalError() const = 0;
  virtual int64_t enriched() const = 0;       // acknowledged enriched records
  virtual int64_t dead_lettered() const = 0;  // acknowledged dead letters
};

}  // namespace wiretag
