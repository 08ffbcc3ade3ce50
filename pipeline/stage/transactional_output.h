#pragma once
// TransactionalOutput is the port through which the run loop ends the output's
// transactions in exactly-once mode (delivery: exactly-once). The adapter is
// app/kafka_transactional_output.h: the sink's transactional producer plus the
// consumer's group metadata (Kafka's exactly-once v2, KIP-447).
//
// Contract: while HoldSends()'s result lives no output is being produced and
// none starts. Commit() then commits, in one transaction, every output
// produced since the last commit together with, per input partition, one past
// the last input offset whose output it holds (*committed gets them), and
// begins the next transaction. kAborted: the transaction was aborted instead;
// the caller must drop every partition's in-flight work and rewind it to its
// last committed offset before releasing the hold. kFatal: the output can no
// longer be used (fenced, or a fatal producer error); *error says why.
//
// Thread safety: one thread (the run loop's).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "pipeline/stage/input_record.h"
#include "pipeline/stage/send_gate.h"

namespace wiretag {

enum class TransactionResult { kCommitted, kAborted, kFatal };

class TransactionalOutput {
 public:
  using Offsets = std::map<TopicPartition, int64_t>;
  virtual ~TransactionalOutput() = default;

  // Initialises the transactions (fencing a predecessor) and begins the first.
  // "" on success, else why not.
  virtual std::string Start(const std::atomic<int>& stop) = 0;
  // The transactional id, for the log.
  virtual std::string id() const = 0;
  // Records produced in the open transaction.
  virtual int64_t records() const = 0;
  // `full` runs (on any thread) when the open transaction reaches `records` records.
  virtual void OnFull(int64_t records, std::function<void()> full) = 0;
  virtual SendGate::Held HoldSends() = 0;
  // Under HoldSends(); see above. Nothing produced: kCommitted, *committed empty.
  virtual TransactionResult Commit(std::chrono::steady_clock::time_point deadline, Offsets* committed,
                                   std::string* error) = 0;
  // Under HoldSends(): aborts the open transaction and begins the next.
  virtual TransactionResult Abort(std::chrono::steady_clock::time_point deadline, std::string* error) = 0;
};

}  // namespace wiretag
