#pragma once
// KafkaTransaction drives the transactions of one transactional librdkafka
// producer (transactional.id set) the way librdkafka's examples/transactions.c
// and Kafka Streams' exactly-once v2 (KIP-447) do: init once, then begin,
// produce, send the consumed offsets with the consumer's group metadata,
// commit, begin the next. The group metadata fences a member the group has
// moved on from (its generation is stale), so one producer per stage instance
// is safe under rebalances; the transactional.id fences this instance's own
// predecessor after a restart (init_transactions aborts what it left open).
//
// Error classes, as librdkafka reports them:
//   retriable (timeout, coordinator moving): the same call again, until the
//     deadline; a commit still failing then is aborted;
//   abortable (txn_requires_abort: a produce failed, the group generation is
//     stale, ...): the transaction is aborted and the next begun; the caller
//     must rewind its input to the last committed offsets (kAborted);
//   fatal (fenced by a newer instance with the same transactional.id, fatal
//     idempotence errors, authorization): kFatal; the producer is unusable and
//     the process should exit non-zero for its orchestrator to restart it.
//
// Thread safety: one thread at a time (the stage's run loop). The caller
// keeps produce() calls out of a commit or abort (SendGate). Does not own the
// producer.

#include <atomic>
#include <chrono>
#include <string>

#include <librdkafka/rdkafka.h>

#include "pipeline/stage/transactional_output.h"

namespace wiretag {

class StageMetrics;

class KafkaTransaction {
 public:
  using Clock = std::chrono::steady_clock;

  KafkaTransaction(rd_kafka_t* producer, StageMetrics* metrics) : rk_(producer), metrics_(metrics) {}

  // init_transactions (retried while retriable, until `stop` or a fatal
  // error), then begin_transaction. Returns "" on success, else why not.
  std::string Start(const std::atomic<int>& stop);

  // Commits the open transaction with `offsets` (may be null or empty: no
  // offsets, as replay does) for `group` (null: none), then begins the next.
  // kAborted: the transaction was aborted instead (and the next begun);
  // kFatal: *error says why, no transaction is open. `error` always gets the
  // reason of an abort too.
  TransactionResult Commit(const rd_kafka_topic_partition_list_t* offsets,
                           const rd_kafka_consumer_group_metadata_t* group, Clock::time_point deadline,
                           std::string* error);

  // Aborts the open transaction and begins the next (kAborted), or kFatal.
  TransactionResult Abort(Clock::time_point deadline, std::string* error);

  // Aborts the open transaction without beginning another (shutdown).
  void AbortLast(Clock::time_point deadline);

 private:
  // Ends an abort begun by `start`: abort (retried), begin, metrics.
  TransactionResult AbortAndBegin(Clock::time_point deadline, Clock::time_point start, std::string* error);
  bool Begin(std::string* error);

  rd_kafka_t* const rk_;
  StageMetrics* const metrics_;
  bool open_ = false;
};

// "NAME: description" of a librdkafka error object (not destroyed).
std::string DescribeKafkaError(const rd_kafka_error_t* error);

}  // namespace wiretag
