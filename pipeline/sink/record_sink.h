#pragma once
// RecordSink publishes the output of one input record (the enriched record, or
// the original record to the dead-letter topic) and reports the broker's
// acknowledgement through a DeliveryReceipt. The stage calls Send() for the
// records of one input partition in input order, one caller at a time per
// partition; an implementation must keep that order per output partition.
//
// Contract: every Send() is eventually followed by exactly one
// receipt.Acknowledged() once the broker acknowledged the write, or by none if
// the sink shuts down first. A failed delivery is retried by the sink; the
// receipt is never fired for a write that did not succeed. Send() must not
// wait for acknowledgements (it runs on worker threads).

#include <cstdint>
#include <memory>

#include "pipeline/stage/input_record.h"
#include "pipeline/stage/outcome.h"

namespace wiretag {

class PartitionTracker;

struct DeliveryReceipt {
  std::shared_ptr<PartitionTracker> tracker;
  uint64_t sequence = 0;
  void Acknowledged() const;  // defined in partition_tracker.cc
};

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void Send(const TopicPartition& source, const InputRecord& input, Outcome outcome,
                    DeliveryReceipt receipt) = 0;
};

}  // namespace wiretag
