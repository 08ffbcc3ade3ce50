#include "pipeline/stage/transaction_committer.h"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace wiretag {

TransactionCommitter::TransactionCommitter(TransactionOptions options, TransactionalOutput* output,
                                           GroupSource* source, WorkerStage* stage,
                                           std::function<void(const TopicPartition&, int64_t)> on_committed,
                                           std::function<void(const TopicPartition&)> on_release)
    : options_(options),
      output_(output),
      source_(source),
      stage_(stage),
      on_committed_(std::move(on_committed)),
      on_release_(std::move(on_release)),
      next_commit_(Clock::now() + options.interval) {}

bool TransactionCommitter::Start(const std::atomic<int>& stop) {
  // A full transaction wakes the run loop from its poll: max_records is kept
  // even when no input arrives (the loop would otherwise sleep in the poll).
  GroupSource* source = source_;
  output_->OnFull(options_.max_records, [source] { source->Wake(); });
  std::string error = output_->Start(stop);
  if (!error.empty()) {
    fatal_ = "exactly-once: " + error;
    return false;
  }
  spdlog::info("exactly-once: transactions initialised (transactional.id {})", output_->id());
  return true;
}

std::chrono::milliseconds TransactionCommitter::poll_timeout() const {
  return std::clamp(options_.interval, std::chrono::milliseconds(1), std::chrono::milliseconds(100));
}

void TransactionCommitter::Forget(const TopicPartition& tp) {
  committed_.erase(tp);
  first_offset_.erase(tp);
}

void TransactionCommitter::Tick() {
  if (fatal_) return;
  if (Clock::now() < next_commit_ && output_->records() < options_.max_records) return;
  CommitNow();
}

void TransactionCommitter::CommitNow(const std::vector<TopicPartition>& release, Clock::time_point deadline) {
  next_commit_ = Clock::now() + options_.interval;
  if (fatal_) return;
  if (deadline == Clock::time_point{}) deadline = DefaultDeadline();
  auto held = output_->HoldSends();
  TransactionalOutput::Offsets committed;
  std::string error;
  const int64_t records = output_->records();
  const auto start = Clock::now();
  switch (output_->Commit(deadline, &committed, &error)) {
    case TransactionResult::kCommitted:
      if (!committed.empty())
        spdlog::debug("exactly-once: committed {} records, offsets of {} partitions, in {} ms", records,
                      committed.size(),
                      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
      for (const auto& [tp, offset] : committed) {
        committed_[tp] = offset;
        if (on_committed_) on_committed_(tp, offset);
      }
      Close(release);
      return;
    case TransactionResult::kAborted:
      spdlog::warn("exactly-once: transaction aborted ({}); rewinding to the last committed offsets", error);
      Rewind(release);
      return;
    case TransactionResult::kFatal:
      fatal_ = "exactly-once: " + error;
      Close(release);
      return;
  }
}

void TransactionCommitter::AbortLost(const std::vector<TopicPartition>& lost) {
  if (fatal_) {
    Close(lost);
    return;
  }
  auto held = output_->HoldSends();
  std::string error = "partitions lost";
  if (output_->Abort(DefaultDeadline(), &error) == TransactionResult::kFatal) {
    fatal_ = "exactly-once: " + error;
    Close(lost);
    return;
  }
  spdlog::warn("exactly-once: {} partitions lost: transaction aborted; rewinding the others", lost.size());
  Rewind(lost);
  next_commit_ = Clock::now() + options_.interval;
}

void TransactionCommitter::Close(const std::vector<TopicPartition>& release) {
  for (const TopicPartition& tp : release) {
    if (on_release_) on_release_(tp);
    stage_->ClosePartition(tp);
    Forget(tp);
  }
}

void TransactionCommitter::Rewind(const std::vector<TopicPartition>& release) {
  Close(release);
  GroupSource::Offsets rewind;
  for (const auto& tracker : stage_->Partitions()) {
    const TopicPartition tp = tracker->topic_partition();
    if (std::find(release.begin(), release.end(), tp) != release.end()) continue;
    std::optional<int64_t> to;
    if (auto it = committed_.find(tp); it != committed_.end()) to = it->second;
    else if (auto first = first_offset_.find(tp); first != first_offset_.end()) to = first->second;
    if (!to) continue;  // nothing consumed since the assignment: nothing to redo
    // Reopening drops the partition's queued and unsent work; late
    // completions and acknowledgements of the old tracker are ignored.
    stage_->OpenPartition(tp);
    rewind[tp] = *to;
    spdlog::info("exactly-once: {} rewound to offset {}", tp.ToString(), *to);
  }
  if (rewind.empty()) return;
  std::string error = source_->Rewind(rewind);
  if (!error.empty()) fatal_ = "exactly-once: cannot rewind after an abort: " + error;
}

}  // namespace wiretag
