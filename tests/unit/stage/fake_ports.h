#pragma once
// Fakes of the stage's ports for unit tests of the run loop and its helpers:
// no Kafka, no threads of their own.
//
// EchoTransform copies its input to its output and never fails.
// PartlyAckingSink acknowledges the records below an offset at once and keeps
// the other receipts unfired (ack_below 0: nothing is ever acknowledged); it
// counts what it was sent and may be called from any worker thread.
// IdleGroupSource is a GroupSource with nothing assigned, nothing to deliver
// and every call a no-op; a test's fake derives from it and overrides what
// the test watches. Like the real port it is used from one thread.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "pipeline/stage/group_source.h"
#include "pipeline/stage/record_sink.h"
#include "pipeline/stage/record_transform.h"

namespace wiretag {

class EchoTransform : public RecordTransform {
 public:
  std::optional<ProcessError> Process(std::string_view input, std::string* out) override {
    *out = std::string(input);
    return std::nullopt;
  }
  std::string_view last_uri() const override { return ""; }
};

class PartlyAckingSink : public RecordSink {
 public:
  explicit PartlyAckingSink(int64_t ack_below) : ack_below_(ack_below) {}
  void Send(const TopicPartition&, const InputRecord& input, Outcome, DeliveryReceipt receipt) override {
    {
      std::lock_guard lock(mu_);
      ++sent_;
    }
    if (input.offset < ack_below_) receipt.Acknowledged();
  }
  int sent() const {
    std::lock_guard lock(mu_);
    return sent_;
  }

 private:
  const int64_t ack_below_;
  mutable std::mutex mu_;
  int sent_ = 0;
};

class IdleGroupSource : public GroupSource {
 public:
  bool Subscribe(GroupSourceListener*) override { return true; }
  std::optional<std::pair<TopicPartition, InputRecord>> Poll(std::chrono::milliseconds) override { return {}; }
  void SetPaused(bool paused) override { paused_ = paused; }
  bool paused() const override { return paused_; }
  void StopFetching() override { SetPaused(true); }
  void CommitAsync(const Offsets&) override {}
  void CommitSync(const Offsets&, std::chrono::steady_clock::time_point) override {}
  bool Close(std::chrono::steady_clock::time_point) override { return true; }

 private:
  bool paused_ = false;
};

}  // namespace wiretag
