#include "pipeline/stage/replay_ack_tracker.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace wiretag {

void ReplayAckTracker::Start(int32_t partition, int64_t next) { partitions_[partition].next = next; }

void ReplayAckTracker::Dispatched(int32_t partition, int64_t offset) {
  Partition& p = partitions_.at(partition);
  if (offset < p.next || (!p.pending.empty() && offset <= p.pending.rbegin()->first))
    throw std::logic_error("replay dispatched offset " + std::to_string(offset) + " of partition " +
                           std::to_string(partition) + " out of order");
  p.pending.emplace(offset, false);
  ++inflight_;
}

void ReplayAckTracker::Acked(int32_t partition, int64_t offset, bool ok) {
  Partition& p = partitions_.at(partition);
  auto it = p.pending.find(offset);
  if (it == p.pending.end() || it->second) return;
  --inflight_;
  if (!ok) {
    failed_ = true;
    p.blocked = true;
    // Leave the failed record at the front of what is pending: next can never pass it.
    it->second = false;
    Advance(p);
    return;
  }
  it->second = true;
  Advance(p);
}

void ReplayAckTracker::MarkEnd(int32_t partition, int64_t end) {
  Partition& p = partitions_.at(partition);
  p.end = end;
  Advance(p);
}

void ReplayAckTracker::Advance(Partition& p) {
  while (!p.pending.empty() && p.pending.begin()->second) {
    p.next = p.pending.begin()->first + 1;
    p.pending.erase(p.pending.begin());
  }
  if (p.pending.empty() && !p.blocked && p.end >= 0) p.next = std::max(p.next, p.end);
  // A failed record stays pending (acknowledged=false) forever, so the loop
  // above always stops at it.
}

int64_t ReplayAckTracker::Next(int32_t partition) const { return partitions_.at(partition).next; }

}  // namespace wiretag
