#include "pipeline/stage/partition_tracker.h"

#include <stdexcept>
#include <utility>
#include <vector>

namespace wiretag {

PartitionTracker::PartitionTracker(TopicPartition tp, RecordSink* sink, InflightCounters* counters)
    : tp_(std::move(tp)), sink_(sink), counters_(counters) {}

uint64_t PartitionTracker::Add(const InputRecord& record) {
  std::lock_guard lock(mu_);
  if (record.offset < next_offset_)
    throw std::logic_error("PartitionTracker::Add: offsets of " + tp_.ToString() + " went backwards");
  slots_.push_back(Slot{record, std::nullopt, false, false});
  next_offset_ = record.offset + 1;
  counters_->records.fetch_add(1, std::memory_order_relaxed);
  counters_->bytes.fetch_add(static_cast<int64_t>(record.bytes()), std::memory_order_relaxed);
  return next_sequence_++;
}

void PartitionTracker::Complete(uint64_t sequence, Outcome outcome) {
  std::unique_lock lock(mu_);
  if (closed_ || sequence < base_sequence_ || sequence >= next_sequence_) return;
  Slot& slot = SlotAt(sequence);
  slot.outcome = std::move(outcome);
  slot.completed = true;
  if (sending_) return;  // the thread that is sending picks this one up in order
  sending_ = true;
  auto self = shared_from_this();
  struct Ready {
    uint64_t sequence;
    InputRecord input;
    Outcome outcome;
  };
  std::vector<Ready> batch;
  while (!closed_) {
    batch.clear();
    while (next_to_send_ < next_sequence_ && SlotAt(next_to_send_).completed) {
      Slot& ready = SlotAt(next_to_send_);
      batch.push_back(Ready{next_to_send_, ready.input, std::move(*ready.outcome)});
      ready.outcome.reset();
      ++next_to_send_;
    }
    if (batch.empty()) break;
    // Send outside the lock: the sink's acknowledgements take it.
    lock.unlock();
    for (auto& r : batch) sink_->Send(tp_, r.input, std::move(r.outcome), DeliveryReceipt{self, r.sequence});
    lock.lock();
  }
  sending_ = false;
}

void PartitionTracker::Acknowledged(uint64_t sequence) {
  std::lock_guard lock(mu_);
  if (closed_ || sequence < base_sequence_ || sequence >= next_to_send_) return;
  Slot& slot = SlotAt(sequence);
  if (slot.acked) return;
  slot.acked = true;
  counters_->records.fetch_sub(1, std::memory_order_relaxed);
  counters_->bytes.fetch_sub(static_cast<int64_t>(slot.input.bytes()), std::memory_order_relaxed);
  while (!slots_.empty() && slots_.front().acked) {
    slots_.pop_front();
    ++base_sequence_;
  }
  if (slots_.empty()) idle_cv_.notify_all();
}

std::optional<int64_t> PartitionTracker::CommittableOffset() const {
  std::lock_guard lock(mu_);
  if (next_offset_ < 0) return std::nullopt;
  if (!slots_.empty()) return slots_.front().input.offset;
  return next_offset_;
}

void PartitionTracker::SkipTo(int64_t offset) {
  std::lock_guard lock(mu_);
  if (closed_ || offset <= next_offset_) return;
  next_offset_ = offset;
}

int64_t PartitionTracker::NextOffset() const {
  std::lock_guard lock(mu_);
  return next_offset_;
}

size_t PartitionTracker::Unacknowledged() const {
  std::lock_guard lock(mu_);
  return slots_.size();
}

bool PartitionTracker::WaitIdle(std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mu_);
  return idle_cv_.wait_until(lock, deadline, [&] { return slots_.empty() || closed_; }) && slots_.empty();
}

void PartitionTracker::Close() {
  std::lock_guard lock(mu_);
  if (closed_) return;
  closed_ = true;
  for (const Slot& slot : slots_) {
    if (slot.acked) continue;
    counters_->records.fetch_sub(1, std::memory_order_relaxed);
    counters_->bytes.fetch_sub(static_cast<int64_t>(slot.input.bytes()), std::memory_order_relaxed);
  }
  slots_.clear();
  idle_cv_.notify_all();
}

bool PartitionTracker::closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

}  // namespace wiretag
