#include "pipeline/source/transaction_committer.h"

#include <algorithm>
#include <memory>

#include <spdlog/spdlog.h>

namespace wiretag {

namespace {

struct GroupMetadataDeleter {
  void operator()(rd_kafka_consumer_group_metadata_t* m) const { rd_kafka_consumer_group_metadata_destroy(m); }
};

bool Contains(const rd_kafka_topic_partition_list_t* list, const TopicPartition& tp) {
  if (!list) return false;
  for (int i = 0; i < list->cnt; ++i)
    if (list->elems[i].partition == tp.partition && tp.topic == list->elems[i].topic) return true;
  return false;
}

}  // namespace

TransactionCommitter::TransactionCommitter(const Config& config, rd_kafka_t* consumer, WorkerStage* stage,
                                           KafkaSink* sink,
                                           std::function<void(const TopicPartition&, int64_t)> on_committed,
                                           std::function<void(const TopicPartition&)> on_release)
    : config_(config),
      consumer_(consumer),
      stage_(stage),
      sink_(sink),
      on_committed_(std::move(on_committed)),
      on_release_(std::move(on_release)),
      next_commit_(Clock::now() + std::chrono::milliseconds(config.transactions.interval_ms)) {}

bool TransactionCommitter::Start(const std::atomic<int>& stop) {
  // A full transaction wakes the run loop from its poll: max_records is kept
  // even when no input arrives (the loop would otherwise sleep in the poll).
  rd_kafka_t* consumer = consumer_;
  sink_->OnTransactionFull(config_.transactions.max_records, [consumer] {
    rd_kafka_queue_t* queue = rd_kafka_queue_get_consumer(consumer);
    if (!queue) return;
    rd_kafka_queue_yield(queue);
    rd_kafka_queue_destroy(queue);
  });
  std::string error = sink_->StartTransactions(stop);
  if (!error.empty()) {
    fatal_ = "exactly-once: " + error;
    return false;
  }
  spdlog::info("exactly-once: transactions initialised (transactional.id {})", config_.RunTransactionalId());
  return true;
}

int TransactionCommitter::poll_timeout_ms() const {
  return static_cast<int>(std::clamp<int64_t>(config_.transactions.interval_ms, 1, 100));
}

void TransactionCommitter::Forget(const TopicPartition& tp) {
  committed_.erase(tp);
  first_offset_.erase(tp);
}

void TransactionCommitter::Tick() {
  if (fatal_) return;
  if (Clock::now() < next_commit_ && sink_->transaction_records() < config_.transactions.max_records) return;
  CommitNow();
}

void TransactionCommitter::CommitNow(const rd_kafka_topic_partition_list_t* release, Clock::time_point deadline) {
  next_commit_ = Clock::now() + std::chrono::milliseconds(config_.transactions.interval_ms);
  if (fatal_) return;
  if (deadline == Clock::time_point{}) deadline = DefaultDeadline();
  auto held = sink_->HoldSends();
  std::unique_ptr<rd_kafka_consumer_group_metadata_t, GroupMetadataDeleter> group(
      rd_kafka_consumer_group_metadata(consumer_));
  std::map<TopicPartition, int64_t> committed;
  std::string error;
  const int64_t records = sink_->transaction_records();
  const auto start = Clock::now();
  switch (sink_->CommitTransaction(group.get(), deadline, &committed, &error)) {
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

void TransactionCommitter::AbortLost(const rd_kafka_topic_partition_list_t* lost) {
  if (fatal_) {
    Close(lost);
    return;
  }
  auto held = sink_->HoldSends();
  std::string error = "partitions lost";
  if (sink_->AbortTransaction(DefaultDeadline(), &error) == TransactionResult::kFatal) {
    fatal_ = "exactly-once: " + error;
    Close(lost);
    return;
  }
  spdlog::warn("exactly-once: {} partitions lost: transaction aborted; rewinding the others", lost ? lost->cnt : 0);
  Rewind(lost);
  next_commit_ = Clock::now() + std::chrono::milliseconds(config_.transactions.interval_ms);
}

void TransactionCommitter::Close(const rd_kafka_topic_partition_list_t* release) {
  if (!release) return;
  for (int i = 0; i < release->cnt; ++i) {
    TopicPartition tp{release->elems[i].topic, release->elems[i].partition};
    if (on_release_) on_release_(tp);
    stage_->ClosePartition(tp);
    Forget(tp);
  }
}

void TransactionCommitter::Rewind(const rd_kafka_topic_partition_list_t* release) {
  Close(release);
  rd_kafka_topic_partition_list_t* seek = rd_kafka_topic_partition_list_new(8);
  for (const auto& tracker : stage_->Partitions()) {
    const TopicPartition tp = tracker->topic_partition();
    if (Contains(release, tp)) continue;
    std::optional<int64_t> to;
    if (auto it = committed_.find(tp); it != committed_.end()) to = it->second;
    else if (auto first = first_offset_.find(tp); first != first_offset_.end()) to = first->second;
    if (!to) continue;  // nothing consumed since the assignment: nothing to redo
    // Reopening drops the partition's queued and unsent work; late
    // completions and acknowledgements of the old tracker are ignored.
    stage_->OpenPartition(tp);
    rd_kafka_topic_partition_list_add(seek, tp.topic.c_str(), tp.partition)->offset = *to;
    spdlog::info("exactly-once: {} rewound to offset {}", tp.ToString(), *to);
  }
  if (seek->cnt > 0) {
    // Seeking drops what the client fetched beyond the position too.
    if (rd_kafka_error_t* error = rd_kafka_seek_partitions(consumer_, seek, 10000)) {
      fatal_ = std::string("exactly-once: cannot rewind after an abort: ") + rd_kafka_error_string(error);
      rd_kafka_error_destroy(error);
    } else {
      for (int i = 0; i < seek->cnt; ++i)
        if (seek->elems[i].err) {
          fatal_ = "exactly-once: cannot rewind " + std::string(seek->elems[i].topic) + "/" +
                   std::to_string(seek->elems[i].partition) + ": " + rd_kafka_err2str(seek->elems[i].err);
          break;
        }
    }
  }
  rd_kafka_topic_partition_list_destroy(seek);
}

}  // namespace wiretag
