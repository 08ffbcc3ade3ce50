#pragma once
// GroupSource is the port through which `wiretag run` reads: a consumer-group
// member that hands out records of the partitions currently assigned to it,
// can pause fetching, commits the offsets it is told to, and reports
// assignments and revocations to its listener (the run loop, GroupRunLoop).
// The adapter is source/kafka_group_source.h (librdkafka, cooperative-sticky).
//
// Listener calls happen on the thread calling Poll(), CommitSync() or Close(),
// inside those calls: Assigned() before the partitions' first record is
// returned, Revoking() before they are released (the listener finishes and
// commits their work there, and may call CommitSync()). Committed() reports
// offsets the broker confirmed. Skipped() reports an offset reset that passed
// over offsets (on_offset_reset), before any record past them is returned.
// Unrecoverable errors go to the FatalErrorLatch the adapter was given.
//
// Thread safety: one thread (the run loop's).

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/stage/input_record.h"

namespace wiretag {

class GroupSourceListener {
 public:
  virtual ~GroupSourceListener() = default;
  virtual void Assigned(const std::vector<TopicPartition>& partitions) = 0;
  // `lost`: the group dropped this member; nothing of these partitions may be committed.
  virtual void Revoking(const std::vector<TopicPartition>& partitions, bool lost) = 0;
  virtual void Committed(const TopicPartition& partition, int64_t offset) = 0;
  // The offsets of `partition` below `resume_at` that were not consumed yet
  // will never be delivered (counted and logged by the source): the
  // partition's position may be committed at `resume_at` once the records
  // before them are acknowledged, so that no restart meets the skip again.
  virtual void Skipped(const TopicPartition& partition, int64_t resume_at) = 0;
};

class GroupSource {
 public:
  using Offsets = std::map<TopicPartition, int64_t>;

  virtual ~GroupSource() = default;

  // Joins the group; false (logged) when the subscription is refused.
  virtual bool Subscribe(GroupSourceListener* listener) = 0;

  // The next record, waiting up to `timeout`; nothing when none arrived.
  virtual std::optional<std::pair<TopicPartition, InputRecord>> Poll(std::chrono::milliseconds timeout) = 0;

  // Pauses or resumes fetching of every assigned partition (and of those
  // assigned later, while paused).
  virtual void SetPaused(bool paused) = 0;
  virtual bool paused() const = 0;

  // The shutdown began: fetching stops for good, out-of-range positions are
  // left to the next owner.
  virtual void StopFetching() = 0;

  // Commits `offsets` (next offset to consume, per partition) without waiting;
  // a failure is logged and left to the next commit.
  virtual void CommitAsync(const Offsets& offsets) = 0;
  // Commits `offsets` and waits for the broker's answer, retrying retriable
  // failures, until `deadline` at most.
  virtual void CommitSync(const Offsets& offsets, std::chrono::steady_clock::time_point deadline) = 0;

  // Exactly-once: moves the fetch position of each partition in `offsets`
  // back to that offset, dropping what was fetched beyond it; "" on success,
  // else why not.
  virtual std::string Rewind(const Offsets& offsets) { return "this source cannot rewind"; }
  // Makes a Poll() in progress (on another thread's behalf) return at once.
  virtual void Wake() {}

  // Leaves the group (Revoking() runs for what is assigned) until closed or
  // `deadline`; true when closed. The adapter's teardown is bounded by it too.
  virtual bool Close(std::chrono::steady_clock::time_point deadline) = 0;
};

}  // namespace wiretag
