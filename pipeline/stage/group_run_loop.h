#pragma once
// GroupRunLoop is the stage side of `wiretag run`: it reads from a
// GroupSource (the consumer-group port), feeds a WorkerStage and commits, per
// partition, only the tracker's CommittableOffset() — the offset below which
// every output has been acknowledged.
//
// Commits: the loop commits explicit offsets asynchronously every
// commit_interval (a failed commit is simply retried at the next interval),
// and synchronously on revoke and on shutdown.
// Backpressure: when in-flight records or bytes reach their bounds every
// assigned partition is paused; they resume when in-flight falls to half. The
// loop keeps polling meanwhile, so max.poll.interval.ms never expires.
// Rebalance: on revoke, in-flight work of the revoked partitions is finished
// (bounded by revoke_timeout), delivered offsets are committed, then the
// partitions are released. Lost partitions are dropped without a commit.
// Shutdown: when `stop` becomes non-zero, every step shares one budget,
// shutdown_timeout from that moment (shutdown_deadline()): stop fetching,
// drain (what is left of the budget less a reserve of a quarter, at most 5 s),
// commit (bounded by half the reserve), close (leave the group, bounded by
// the deadline). A broker that is down or does not answer cannot hold any step
// past the deadline. One warning counts the records consumed whose commit the
// broker did not confirm: those the group consumes again (fewer only if a
// commit reached the broker and its answer did not come back).
// Fatal errors: the first error in `failures` (the source's, the sink's)
// stops the loop with exit status 1.
// Exactly-once (options.transactions set): no offset is committed as above;
// a TransactionCommitter commits them inside the output's transactions (at
// transaction.interval / max_records, on revoke, at shutdown) and rewinds
// after an abort; lost partitions abort the open transaction. Its fatal
// errors (fenced) stop the loop with exit status 1 too.
//
// Thread safety: Run() on one thread; the object is not otherwise shared.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/stage/fatal_error_latch.h"
#include "pipeline/stage/group_source.h"
#include "pipeline/stage/transaction_committer.h"
#include "pipeline/stage/transactional_output.h"
#include "pipeline/stage/worker_stage.h"

namespace wiretag {

class StageMetrics;

struct GroupRunLoopOptions {
  int64_t max_inflight_records = 0;
  int64_t max_inflight_bytes = 0;
  std::chrono::milliseconds commit_interval{5000};
  std::chrono::milliseconds revoke_timeout{30000};
  std::chrono::milliseconds shutdown_timeout{30000};
  // Exactly-once: the output whose transactions carry the offsets (not owned; null: at-least-once).
  TransactionalOutput* transactions = nullptr;
  TransactionOptions transaction;
};

class GroupRunLoop final : private GroupSourceListener {
 public:
  // None is owned; all must outlive the loop. `metrics` may be null.
  GroupRunLoop(GroupRunLoopOptions options, GroupSource* source, WorkerStage* stage, FatalErrorLatch* failures,
               StageMetrics* metrics);

  // Subscribes and runs until `stop` is non-zero (graceful) or a fatal error.
  // Returns the process exit status: 0 after a graceful shutdown, 1 on a fatal error.
  int Run(const std::atomic<int>& stop);

  int64_t consumed() const { return consumed_; }
  int64_t refetched() const { return refetched_; }  // records the source delivered twice (dropped)
  // Set when Run() began its graceful shutdown: the end of its budget, which
  // the rest of the stage's teardown (producer flush) shares.
  std::optional<std::chrono::steady_clock::time_point> shutdown_deadline() const { return shutdown_deadline_; }

 private:
  void Assigned(const std::vector<TopicPartition>& partitions) override;
  void Revoking(const std::vector<TopicPartition>& partitions, bool lost) override;
  void Committed(const TopicPartition& partition, int64_t offset) override;
  void Skipped(const TopicPartition& partition, int64_t resume_at) override;

  void Dispatch(const TopicPartition& tp, InputRecord record);
  void ApplyBackpressure();
  void SetPaused(bool paused);
  // Commits every partition whose committable offset moved (sync: every
  // partition that has one); `only` limits it. A sync commit waits until
  // `deadline` at most (none: the source's own bound).
  void Commit(bool sync, const std::vector<TopicPartition>* only = nullptr,
              std::chrono::steady_clock::time_point deadline = {});
  // During shutdown: adds the records of `tp` consumed and not committed to uncommitted_.
  void CountUncommitted(const TopicPartition& tp);
  std::optional<std::string> Fatal() const;

  const GroupRunLoopOptions options_;
  GroupSource* const source_;
  WorkerStage* const stage_;
  FatalErrorLatch* const failures_;
  StageMetrics* const metrics_;

  bool closing_ = false;
  int64_t consumed_ = 0;
  int64_t refetched_ = 0;
  std::map<TopicPartition, int64_t> committed_;     // last offset the broker confirmed
  std::map<TopicPartition, int64_t> first_offset_;  // first offset consumed since the assignment
  std::optional<std::chrono::steady_clock::time_point> shutdown_deadline_;
  int64_t uncommitted_records_ = 0;  // counted as partitions leave during shutdown
  int uncommitted_partitions_ = 0;
  std::unique_ptr<TransactionCommitter> transactions_;  // exactly-once only
};

}  // namespace wiretag
