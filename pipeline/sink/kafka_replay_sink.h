#pragma once
// KafkaReplaySink is the ReplaySink of `wiretag replay`: the stage's KafkaSink
// (idempotent producer, DLQ, retries, metrics) behind the replay's port.
// Thread safety: as KafkaSink.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "pipeline/config/config.h"
#include "pipeline/sink/kafka_sink.h"
#include "pipeline/stage/replay_sink.h"

namespace wiretag {

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

}  // namespace wiretag
