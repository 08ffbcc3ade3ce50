#pragma once
// StreamReplaySink is the ReplaySink of `wiretag replay --dry-run`: enriched
// records as JSON Lines on `records`, one line per dead letter on `errors`
// ("dead-lettered topic/partition/offset: reason: detail"). A record is
// acknowledged once its line is flushed. Does not own the streams.
// Thread safety: Send() from any thread (one lock); the rest too.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>

#include "pipeline/stage/replay_sink.h"

namespace wiretag {

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
