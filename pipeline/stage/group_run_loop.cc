#include "pipeline/stage/group_run_loop.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "pipeline/metrics/stage_metrics.h"

namespace wiretag {

using Clock = std::chrono::steady_clock;

GroupRunLoop::GroupRunLoop(GroupRunLoopOptions options, GroupSource* source, WorkerStage* stage,
                           FatalErrorLatch* failures, StageMetrics* metrics)
    : options_(options), source_(source), stage_(stage), failures_(failures), metrics_(metrics) {
  if (options_.transactions) {
    transactions_ = std::make_unique<TransactionCommitter>(
        options_.transaction, options_.transactions, source_, stage_,
        [this](const TopicPartition& tp, int64_t offset) { Committed(tp, offset); },
        [this](const TopicPartition& tp) {
          if (closing_) CountUncommitted(tp);
        });
  }
}

std::optional<std::string> GroupRunLoop::Fatal() const {
  if (auto error = failures_->error()) return error;
  if (transactions_ && transactions_->fatal()) return transactions_->fatal();
  return std::nullopt;
}

int GroupRunLoop::Run(const std::atomic<int>& stop) {
  if (transactions_ && !transactions_->Start(stop)) {
    if (stop.load() != 0) return 0;  // stopped while waiting for the brokers: nothing consumed
    spdlog::critical("{}", *transactions_->fatal());
    return 1;
  }
  if (!source_->Subscribe(this)) return 1;
  auto next_commit = Clock::now() + options_.commit_interval;
  const auto poll_timeout = transactions_ ? transactions_->poll_timeout() : std::chrono::milliseconds(100);
  while (stop.load() == 0 && !Fatal()) {
    if (auto polled = source_->Poll(poll_timeout)) Dispatch(polled->first, std::move(polled->second));
    if (metrics_) {
      metrics_->MarkProgress();
      metrics_->SetInflightRecords(stage_->inflight_records());
    }
    ApplyBackpressure();
    if (transactions_) {
      transactions_->Tick();
    } else if (Clock::now() >= next_commit) {
      Commit(/*sync=*/false);
      next_commit = Clock::now() + options_.commit_interval;
    }
  }
  if (auto fatal = Fatal()) {
    spdlog::critical("{}", *fatal);
    return 1;
  }

  // Graceful shutdown: stop fetching, drain, commit, leave the group, all
  // within one budget. The commit and the close get a reserve at the end, so a
  // drain that cannot finish (brokers gone) still leaves them time.
  closing_ = true;
  const auto budget = options_.shutdown_timeout;
  const auto deadline = Clock::now() + budget;
  shutdown_deadline_ = deadline;
  const auto reserve = std::min<std::chrono::milliseconds>(budget / 4, std::chrono::seconds(5));
  spdlog::info("shutting down: draining {} in-flight records (at most {} ms)", stage_->inflight_records(),
               (budget - reserve).count());
  source_->StopFetching();
  while (stage_->inflight_records() > 0 && Clock::now() < deadline - reserve && !Fatal()) {
    source_->Poll(std::chrono::milliseconds(20));  // serves the client; nothing more is taken
    if (metrics_) metrics_->MarkProgress();
  }
  if (stage_->inflight_records() > 0)
    spdlog::warn("shutdown: drain timeout with {} records not delivered", stage_->inflight_records());
  if (transactions_)
    transactions_->CommitNow({}, deadline - reserve / 2);
  else
    Commit(/*sync=*/true, nullptr, deadline - reserve / 2);
  // Closing revokes the partitions (Revoking() commits again what was
  // delivered meanwhile and counts what stays uncommitted) and leaves the group.
  if (!source_->Close(deadline)) {
    spdlog::warn("shutdown: could not leave the group within the shutdown timeout; its members notice at the "
                 "session timeout");
    for (const auto& tracker : stage_->Partitions()) {
      CountUncommitted(tracker->topic_partition());
      stage_->ClosePartition(tracker->topic_partition());
    }
  }
  if (uncommitted_records_ > 0)
    spdlog::warn("shutdown: no commit confirmed for {} consumed records of {} partitions; the group consumes them "
                 "again (all but those an unconfirmed commit reached)",
                 uncommitted_records_, uncommitted_partitions_);
  if (metrics_) metrics_->SetGroupJoined(false);
  if (auto fatal = Fatal()) {
    spdlog::critical("{}", *fatal);
    return 1;
  }
  return 0;
}

void GroupRunLoop::Dispatch(const TopicPartition& tp, InputRecord record) {
  auto tracker = closing_ ? nullptr : stage_->Find(tp);
  if (!tracker) return;  // not (or no longer) ours: never added, so never committed past
  if (record.offset < tracker->NextOffset()) {
    // The client re-fetched records this stage already has (librdkafka 2.0.2
    // can resume a paused partition from an earlier position). They are in
    // flight or delivered already: handling them again would only duplicate.
    ++refetched_;
    spdlog::debug("{}: dropping re-fetched offset {} (next is {})", tp.ToString(), record.offset,
                  tracker->NextOffset());
    return;
  }
  first_offset_.try_emplace(tp, record.offset);
  if (transactions_) transactions_->Consumed(tp, record.offset);
  stage_->Submit(tracker, record);
  ++consumed_;
}

void GroupRunLoop::ApplyBackpressure() {
  const int64_t records = stage_->inflight_records(), bytes = stage_->inflight_bytes();
  const bool paused = source_->paused();
  if (!paused && (records >= options_.max_inflight_records || bytes >= options_.max_inflight_bytes)) {
    SetPaused(true);
  } else if (paused && records <= options_.max_inflight_records / 2 && bytes <= options_.max_inflight_bytes / 2) {
    SetPaused(false);
  }
}

void GroupRunLoop::SetPaused(bool paused) {
  source_->SetPaused(paused);
  spdlog::debug("{} fetching (in flight: {} records, {} bytes)", paused ? "paused" : "resumed",
                stage_->inflight_records(), stage_->inflight_bytes());
}

void GroupRunLoop::CountUncommitted(const TopicPartition& tp) {
  auto tracker = stage_->Find(tp);
  auto first = first_offset_.find(tp);
  if (!tracker || first == first_offset_.end()) return;
  int64_t from = first->second;
  if (auto it = committed_.find(tp); it != committed_.end()) from = std::max(from, it->second);
  const int64_t next = tracker->NextOffset();
  if (next <= from) return;
  uncommitted_records_ += next - from;
  ++uncommitted_partitions_;
}

void GroupRunLoop::Commit(bool sync, const std::vector<TopicPartition>* only, Clock::time_point deadline) {
  if (transactions_) return;  // exactly-once: offsets are committed only inside transactions
  GroupSource::Offsets offsets;
  for (const auto& tracker : stage_->Partitions()) {
    const TopicPartition& tp = tracker->topic_partition();
    if (only && std::find(only->begin(), only->end(), tp) == only->end()) continue;
    auto offset = tracker->CommittableOffset();
    if (!offset) continue;
    // Periodic commits skip partitions that did not move; revoke and shutdown
    // commit everything, so a stale cache can never leave an offset behind.
    auto it = committed_.find(tp);
    if (!sync && it != committed_.end() && it->second >= *offset) continue;
    offsets[tp] = *offset;
  }
  if (offsets.empty()) return;
  if (sync)
    source_->CommitSync(offsets, deadline);
  else
    source_->CommitAsync(offsets);
}

void GroupRunLoop::Committed(const TopicPartition& tp, int64_t offset) {
  auto& committed = committed_[tp];
  committed = std::max(committed, offset);
}

void GroupRunLoop::Skipped(const TopicPartition& tp, int64_t resume_at) {
  // Exactly-once commits only the offsets of produced records, inside a
  // transaction; a skip there is met (and counted) again after a restart.
  if (transactions_) return;
  // The next commit (periodic, revoke, shutdown) then covers the skip as soon
  // as what was consumed before it is acknowledged.
  if (auto tracker = stage_->Find(tp)) tracker->SkipTo(resume_at);
}

void GroupRunLoop::Assigned(const std::vector<TopicPartition>& partitions) {
  for (const TopicPartition& tp : partitions) {
    stage_->OpenPartition(tp);
    committed_.erase(tp);
    first_offset_.erase(tp);
    if (transactions_) transactions_->Forget(tp);
  }
}

void GroupRunLoop::Revoking(const std::vector<TopicPartition>& partitions, bool lost) {
  if (!lost) {
    // Finish what was taken from these partitions, commit what was delivered.
    // During shutdown both steps end with the shutdown's budget.
    auto deadline = Clock::now() + options_.revoke_timeout;
    if (shutdown_deadline_) deadline = std::min(deadline, *shutdown_deadline_);
    for (const TopicPartition& tp : partitions)
      if (auto tracker = stage_->Find(tp))
        if (!tracker->WaitIdle(deadline) && !closing_)
          spdlog::warn("revoke timeout: {} records of {} undelivered; the next owner consumes them again",
                       tracker->Unacknowledged(), tracker->topic_partition().ToString());
    if (transactions_) {
      // Commit the open transaction (every partition's produced prefix) and
      // close the revoked partitions under the same hold of the sends.
      transactions_->CommitNow(partitions, shutdown_deadline_ ? *shutdown_deadline_ : Clock::time_point{});
    } else {
      Commit(/*sync=*/true, &partitions, shutdown_deadline_ ? *shutdown_deadline_ : Clock::time_point{});
    }
  } else if (transactions_) {
    // The group moved on: this member's transaction cannot commit its offsets.
    transactions_->AbortLost(partitions);
  }
  for (const TopicPartition& tp : partitions) {
    if (closing_) CountUncommitted(tp);
    stage_->ClosePartition(tp);
    committed_.erase(tp);
    first_offset_.erase(tp);
  }
}

}  // namespace wiretag
