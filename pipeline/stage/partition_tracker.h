#pragma once
// PartitionTracker sequences the records of one input partition through the
// stage: records are added in offset order, completed by workers in any order,
// sent to the sink strictly in offset order, and acknowledged by the sink in
// any order. CommittableOffset() is the offset below which every record's
// output has been acknowledged — the only offset the stage may commit.
// This is the contiguous-offset rule of Confluent's Parallel Consumer and
// Redpanda Connect: a record whose delivery has not succeeded holds the commit
// back, however many later records succeeded.
//
// Thread safety: all methods are thread-safe. Add() is called by one thread
// (the source); Complete() by workers; Acknowledged() by the sink's thread.
// Sends happen outside the lock, by one thread at a time, in offset order.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

#include "pipeline/stage/input_record.h"
#include "pipeline/stage/outcome.h"
#include "pipeline/stage/record_sink.h"

namespace wiretag {

// Records and bytes added but not yet acknowledged, over all partitions.
struct InflightCounters {
  std::atomic<int64_t> records{0};
  std::atomic<int64_t> bytes{0};
};

class PartitionTracker final : public DeliveryAcknowledger, public std::enable_shared_from_this<PartitionTracker> {
 public:
  PartitionTracker(TopicPartition tp, RecordSink* sink, InflightCounters* counters);

  const TopicPartition& topic_partition() const { return tp_; }

  // Registers the next record (offsets strictly increasing). Returns its
  // sequence number for Complete().
  uint64_t Add(const InputRecord& record);

  // A worker finished record `sequence`. Sends it, and every later record
  // that is ready, in order. Ignored after Close().
  void Complete(uint64_t sequence, Outcome outcome);

  // The sink's acknowledgement of record `sequence`. Ignored after Close().
  void Acknowledged(uint64_t sequence) override;

  // The next offset to consume such that every earlier record is acknowledged:
  // the offset of the oldest unacknowledged record, or NextOffset() when all
  // are acknowledged. nullopt before the first Add() or SkipTo().
  std::optional<int64_t> CommittableOffset() const;

  // The source will never deliver the offsets below `offset` not added yet
  // (an offset reset skipped them; they have no output to wait for): once
  // every added record is acknowledged, CommittableOffset() is `offset`, so a
  // skip with nothing consumed after it still moves the commit. Later Add()s
  // start at `offset` or after. Ignored when not past NextOffset() or after
  // Close().
  void SkipTo(int64_t offset);

  // One past the last added record's offset (or the offset skipped to); -1
  // before the first Add() or SkipTo().
  int64_t NextOffset() const;

  // Records added and not yet acknowledged.
  size_t Unacknowledged() const;

  // Blocks until every added record is acknowledged or `deadline` passes.
  // Returns true when idle.
  bool WaitIdle(std::chrono::steady_clock::time_point deadline) const;

  // The partition leaves this stage (revoked, lost, shutdown): pending records
  // are dropped without being sent, the in-flight counters released, and late
  // completions and acknowledgements ignored. Idempotent.
  void Close();
  bool closed() const;
  bool Abandoned() const override { return closed(); }

 private:
  struct Slot {
    InputRecord input;
    std::optional<Outcome> outcome;  // set by Complete(), moved out when sent
    bool completed = false;
    bool acked = false;
  };
  Slot& SlotAt(uint64_t sequence) { return slots_[sequence - base_sequence_]; }

  const TopicPartition tp_;
  RecordSink* const sink_;
  InflightCounters* const counters_;

  mutable std::mutex mu_;
  mutable std::condition_variable idle_cv_;
  std::deque<Slot> slots_;        // sequences [base_sequence_, next_sequence_)
  uint64_t base_sequence_ = 0;    // oldest unacknowledged (front of slots_)
  uint64_t next_sequence_ = 0;
  uint64_t next_to_send_ = 0;
  bool sending_ = false;          // one thread sends at a time, in order
  bool closed_ = false;
  int64_t next_offset_ = -1;      // one past the last added record, or the offset skipped to
};

}  // namespace wiretag
