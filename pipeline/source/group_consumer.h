#pragma once
// GroupConsumer is the source of `wiretag run`: a librdkafka consumer in a
// consumer group (cooperative-sticky) that feeds a WorkerStage and commits,
// per partition, only the tracker's CommittableOffset() — the offset below
// which every output has been acknowledged.
//
// Commits: enable.auto.commit and enable.auto.offset.store are off; the stage
// commits explicit offsets asynchronously every stage.commit_interval_ms (a
// failed commit is simply retried at the next interval), and synchronously on
// revoke and on shutdown.
// Backpressure: when in-flight records or bytes reach their bounds every
// assigned partition is paused; they resume when in-flight falls to half. The
// loop keeps polling meanwhile, so max.poll.interval.ms never expires.
// Rebalance: on revoke, in-flight work of the revoked partitions is finished
// (bounded by stage.revoke_timeout_ms), delivered offsets are committed, then
// the partitions are released. Lost partitions are dropped without a commit.
// Offsets out of range: librdkafka's auto.offset.reset is "error", so a
// partition whose position is gone from the log (retention deleted it) stops
// with RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET. The consumer then reads the
// watermarks and follows on_offset_reset (pipeline/stage/offset_reset.h):
// fail stops the stage (exit 1); earliest and latest re-assign the partition
// at the new position, log the skipped range at error level and count it in
// wiretag_records_skipped_total. A partition with no committed offset (a new
// group) starts where kafka.consumer's auto.offset.reset says, as before.
// Shutdown: when `stop` becomes non-zero, every step shares one budget,
// stage.shutdown_timeout_ms from that moment (shutdown_deadline()): stop
// fetching, drain (what is left of the budget less a reserve of a quarter, at
// most 5 s), commit (bounded by half the reserve), close (leave the group,
// bounded by the deadline). A broker that is down or does not answer cannot
// hold any step past the deadline. One warning counts the records consumed
// whose commit the broker did not confirm: those the group consumes again
// (fewer only if a commit reached the broker and its answer did not come back).
//
// Exactly-once (delivery: exactly-once): no offset is committed as above;
// TransactionCommitter commits them inside the sink's transactions (at
// transactions.interval_ms / max_records, on revoke, at shutdown) and rewinds
// after an abort; lost partitions abort the open transaction.
//
// Thread safety: Run() on one thread; the object is not otherwise shared.

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <librdkafka/rdkafka.h>

#include "pipeline/config/config.h"
#include "pipeline/sink/kafka_sink.h"
#include "pipeline/source/transaction_committer.h"
#include "pipeline/stage/offset_reset.h"
#include "pipeline/stage/worker_stage.h"

namespace wiretag {

class StageMetrics;

class GroupConsumer {
 public:
  // Creates the consumer (throws ConfigError / std::runtime_error).
  GroupConsumer(const Config& config, WorkerStage* stage, KafkaSink* sink, StageMetrics* metrics);
  ~GroupConsumer();

  // Subscribes and runs until `stop` is non-zero (graceful) or a fatal error.
  // Returns the process exit status: 0 after a graceful shutdown, 1 on a fatal error.
  int Run(const std::atomic<int>& stop);

  int64_t consumed() const { return consumed_; }
  // Set when Run() began its graceful shutdown: the end of its budget, which
  // the rest of the stage's teardown (producer flush) shares.
  std::optional<std::chrono::steady_clock::time_point> shutdown_deadline() const { return shutdown_deadline_; }

 private:
  static void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts,
                          void* opaque);
  static void OnCommit(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets,
                       void* opaque);
  static void OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque);
  static int OnStatistics(rd_kafka_t* rk, char* json, size_t len, void* opaque);

  void Assign(rd_kafka_topic_partition_list_t* parts);
  void Revoke(rd_kafka_topic_partition_list_t* parts);
  void Dispatch(rd_kafka_message_t* msg);
  void HandleConsumerError(const rd_kafka_message_t* msg);
  void HandleOffsetReset(const rd_kafka_message_t* msg);
  // Restarts fetching `tp` at `offset` (a real or logical offset).
  void Reposition(const TopicPartition& tp, int64_t offset);
  void ApplyBackpressure();
  void SetPaused(bool paused);
  // Commits every partition whose committable offset moved; `only` limits it.
  // A sync commit waits for the broker's answer (retrying retriable errors)
  // until `deadline` at most.
  void Commit(bool sync, const rd_kafka_topic_partition_list_t* only = nullptr,
              std::chrono::steady_clock::time_point deadline = {});
  // Leaves the group (serving the revoke) until closed or `deadline`; true when closed.
  bool CloseWithin(std::chrono::steady_clock::time_point deadline);
  // During shutdown: adds the records of `tp` consumed and not committed to uncommitted_.
  void CountUncommitted(const TopicPartition& tp);
  void SetFatal(std::string message);

  const Config config_;
  const OffsetResetPolicy on_offset_reset_;
  const OffsetResetPolicy new_group_start_;
  WorkerStage* const stage_;
  KafkaSink* const sink_;
  StageMetrics* const metrics_;
  rd_kafka_t* rk_ = nullptr;

  bool paused_ = false;
  bool closing_ = false;
  int64_t consumed_ = 0;
  int64_t refetched_ = 0;  // records the client delivered twice (dropped)
  std::map<TopicPartition, int64_t> committed_;  // last offset the broker confirmed
  std::map<TopicPartition, int64_t> first_offset_;  // first offset consumed since the assignment
  std::optional<std::chrono::steady_clock::time_point> shutdown_deadline_;
  bool closed_ = false;                // the consumer left the group cleanly
  int64_t uncommitted_records_ = 0;    // counted as partitions leave during shutdown
  int uncommitted_partitions_ = 0;
  std::optional<std::string> fatal_;
  std::unique_ptr<TransactionCommitter> transactions_;  // exactly-once only
};

}  // namespace wiretag
