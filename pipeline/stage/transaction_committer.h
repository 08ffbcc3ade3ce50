#pragma once
// TransactionCommitter is the run loop's half of exactly-once delivery
// (`delivery: exactly-once`): it ends the output's transactions and keeps the
// input consistent with what they committed.
//
// A transaction is ended when it is `interval` old or holds `max_records`
// records (checked by Tick() on every loop pass; a full transaction also wakes
// the source's Poll()), on revoke, and at shutdown. Ending it holds the
// output's sends, so the offsets committed with it (one past the last input
// record produced, per partition, with the consumer's group metadata) cover
// exactly its outputs. The group's offsets are never committed any other way.
//
// Error classes: an abortable error aborts the transaction; then every
// assigned partition's in-flight work is dropped (its tracker reopened) and
// its fetch position rewound to the last offset a transaction committed (or
// the first offset consumed since the assignment), still under the hold, so
// no output of the dropped work can enter the next transaction. A fatal error
// (fenced by a newer producer with the same transactional.id, or any
// non-recoverable producer state) is reported by fatal(); the stage then stops
// with exit status 1 and its orchestrator restarts it.
//
// Thread safety: every method from the run loop's thread (rebalance callbacks
// included).

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/stage/group_source.h"
#include "pipeline/stage/transactional_output.h"
#include "pipeline/stage/worker_stage.h"

namespace wiretag {

struct TransactionOptions {
  int64_t max_records = 5000;
  std::chrono::milliseconds interval{100};
};

class TransactionCommitter {
 public:
  using Clock = std::chrono::steady_clock;
  // `on_committed` learns every offset a transaction committed;
  // `on_release` sees each released partition just before its tracker
  // closes. All pointers must outlive the committer.
  TransactionCommitter(TransactionOptions options, TransactionalOutput* output, GroupSource* source,
                       WorkerStage* stage, std::function<void(const TopicPartition&, int64_t)> on_committed,
                       std::function<void(const TopicPartition&)> on_release);

  // Initialises the output's transactions; false (and fatal()) when they
  // cannot be, or `stop` came first.
  bool Start(const std::atomic<int>& stop);

  // The run loop consumed `offset` of `tp` (first one since its assignment: the rewind base).
  void Consumed(const TopicPartition& tp, int64_t offset) { first_offset_.try_emplace(tp, offset); }
  // `tp` was assigned or released: forget what was known of it.
  void Forget(const TopicPartition& tp);

  // Ends the transaction when it is due.
  void Tick();
  // Ends the transaction now (revoke, shutdown); then, under the same hold,
  // closes the trackers of `release`. `deadline` bounds it (default: a minute).
  void CommitNow(const std::vector<TopicPartition>& release = {}, Clock::time_point deadline = {});
  // Partitions lost (the group moved on without this member): aborts the
  // transaction, closes `lost` and rewinds the others.
  void AbortLost(const std::vector<TopicPartition>& lost);

  const std::optional<std::string>& fatal() const { return fatal_; }
  // The run loop's poll timeout: short enough to end transactions on time.
  std::chrono::milliseconds poll_timeout() const;

 private:
  // Under the hold, after an abort: closes `release`, reopens and rewinds every other partition.
  void Rewind(const std::vector<TopicPartition>& release);
  void Close(const std::vector<TopicPartition>& release);
  static Clock::time_point DefaultDeadline() { return Clock::now() + std::chrono::seconds(60); }

  const TransactionOptions options_;
  TransactionalOutput* const output_;
  GroupSource* const source_;
  WorkerStage* const stage_;
  const std::function<void(const TopicPartition&, int64_t)> on_committed_;
  const std::function<void(const TopicPartition&)> on_release_;
  Clock::time_point next_commit_;
  std::map<TopicPartition, int64_t> committed_;     // last offset a transaction committed
  std::map<TopicPartition, int64_t> first_offset_;  // first offset consumed since the assignment
  std::optional<std::string> fatal_;
};

}  // namespace wiretag
