#pragma once
// ReplayAckTracker knows, per partition, the offset below which every record's
// output has been acknowledged: the "next" offset a resumed replay starts at.
// Records are dispatched in offset order and may be acknowledged in any order;
// `next` only moves past a contiguous run of acknowledged records, and never
// past a record whose delivery failed. Offsets may have gaps (compaction,
// transaction markers): a gap between acknowledged records counts as done, and
// MarkEnd() lets a partition whose source is exhausted move to its end.
//
// Not thread-safe: used by the replay's main loop.

#include <cstdint>
#include <map>

namespace wiretag {

class ReplayAckTracker {
 public:
  // Starts tracking `partition` at `next` (the range start, or a checkpoint's next).
  void Start(int32_t partition, int64_t next);
  // A record handed to the workers; offsets must increase per partition.
  void Dispatched(int32_t partition, int64_t offset);
  // The output of that record was acknowledged (ok) or failed for good.
  void Acked(int32_t partition, int64_t offset, bool ok);
  // The source has returned every record of the partition below `end`.
  void MarkEnd(int32_t partition, int64_t end);

  int64_t Next(int32_t partition) const;
  int64_t InFlight() const { return inflight_; }
  bool HasFailure() const { return failed_; }

 private:
  struct Partition {
    int64_t next = 0;
    int64_t end = -1;                  // set by MarkEnd
    std::map<int64_t, bool> pending;   // dispatched offset -> acknowledged
    bool blocked = false;              // a delivery failed; next stays before it
  };
  void Advance(Partition& p);

  std::map<int32_t, Partition> partitions_;
  int64_t inflight_ = 0;
  bool failed_ = false;
};

}  // namespace wiretag
