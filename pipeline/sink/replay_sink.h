#pragma once
// ReplaySink is a RecordSink as `wiretag replay` needs it: besides Send() (the
// stage's contract: receipts fire only for acknowledged writes), the replay
// loop flushes at the end, stops on an unrecoverable error, and reports counts.
// KafkaReplaySink is the stage's KafkaSink (idempotent producer, DLQ, retries,
// metrics); StreamReplaySink is --dry-run.
//
// Thread safety: as RecordSink (Send from worker threads); the rest from any thread.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "pipeline/config/config.h"
#include "pipeline/sink/kafka_sink.h"
#include "pipeline/sink/record_sink.h"

namespace wiretag {

class ReplaySink : public RecordSink {
 public:
  // Waits until every sent record is acknowledged or `deadline`; true when all are.
  virtual bool Flush(std::chrono::steady_clock::time_point deadline) = 0;
  virtual std::optional<std::string> FatalError() const = 0;
  virtual int64_t enriched() const = 0;       // acknowledged enriched records
  virtual int64_t dead_lettered() const = 0;  // acknowledged dead letters
};

class KafkaReplaySink final : public ReplaySink {
 public:
  // `config` gives brokers, kafka.common/producer, output and dlq. Throws like KafkaSink.
  KafkaReplaySink(const Config& config, StageMetrics* metrics) : sink_(config, metrics) {}
  void Send(const TopicPartition& source, const InputRecord& input, Outcome outcome, DeliveryReceipt receipt) override {
    sink_.Send(source, input, std::move(outcome), std::move(receipt));
  }
  bool Flush(std::chrono::steady_clock::time_point deadline) override { return sink_.Flush(deadline); }
  std::optional<std::string> FatalError() const override { return sink_.FatalError(); }
  int64_t enriched() const override { return sink_.enriched(); }
  int64_t dead_lettered() const override { return sink_.dead_lettered(); }

 private:
  KafkaSink sink_;
};

// --dry-run: enriched records as JSON Lines on `records`, one line per dead
// letter on `errors` ("dead-lettered topic/partition/offset: reason: detail").
// A record is acknowledged once its line is flushed. Does not own the streams.
class StreamReplaySink final : public ReplaySink {
 public:
  StreamReplaySink(std::FILE* records, std::FILE* errors) : records_(records), errors_(errors) {}
  void Send(const TopicPartition& source, const InputRecord& input, Outcome outcome, DeliveryReceipt receipt) override;
  bool Flush(std::chrono::steady_clock::time_point) override { return true; }
  std::optional<std::string> FatalError() const override;
  int64_t enriched() const override;
  int64_t dead_lettered() const override;

 private:
  mutable std::mutex mu_;
  std::FILE* records_;
  std::FILE* errors_;
  int64_t enriched_ = 0, dead_lettered_ = 0;
  std::optional<std::string> fatal_;
};

}  // namespace wiretag
