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
// RecordSink is a port of the stage: the sink adapters (sink/) implement it.

#include <cstdint>
#include <memory>

#include "pipeline/stage/input_record.h"
#include "pipeline/stage/outcome.h"

namespace wiretag {

// Who is told that a record's output was acknowledged: owned by the stage
// (its PartitionTracker), opaque to the sink. Called from the sink's thread.
class DeliveryAcknowledger {
 public:
  virtual ~DeliveryAcknowledger() = default;
  virtual void Acknowledged(uint64_t sequence) = 0;
};

// What the sink hands back when the broker acknowledged a write. Cheap to copy;
// keeps its acknowledger alive. A default receipt acknowledges nothing.
struct DeliveryReceipt {
  std::shared_ptr<DeliveryAcknowledger> acknowledger;
  uint64_t sequence = 0;
  void Acknowledged() const {
    if (acknowledger) acknowledger->Acknowledged(sequence);
  }
};

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void Send(const TopicPartition& source, const InputRecord& input, Outcome outcome,
                    DeliveryReceipt receipt) = 0;
};

}  // namespace wiretag
