#pragma once
// KafkaGroupSource is the GroupSource of `wiretag run`: a librdkafka consumer
// in a consumer group (cooperative-sticky, kafka/kafka_conf.cc). The run loop
// (stage/group_run_loop.h) decides what to commit and when; this adapter
// speaks Kafka.
//
// Offsets: enable.auto.commit and enable.auto.offset.store are off; only the
// offsets the loop passes to CommitAsync()/CommitSync() are committed. A sync
// commit goes through a queue of its own, so the broker's answer is awaited
// until the deadline at most (at most 5 s), retrying retriable failures.
// Offsets out of range: librdkafka's auto.offset.reset is "error", so a
// partition whose position is gone from the log (retention deleted it) stops
// with RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET. The source then reads the
// watermarks and follows on_offset_reset (pipeline/stage/offset_reset.h):
// fail stops the stage (exit 1); earliest and latest re-assign the partition
// at the new position, log the skipped range at error level and count it in
// wiretag_records_skipped_total. A partition with no committed offset (a new
// group) starts where kafka.consumer's auto.offset.reset says, as before.
// Errors: unrecoverable ones (unknown topic, authorization, authentication,
// fatal, fenced) go to the FatalErrorLatch; others are logged and counted.
// Teardown: the destructor destroys the client within Close()'s deadline (or
// stage.shutdown_timeout_ms), whether or not the broker answers.
//
// Thread safety: one thread (the run loop's); listener calls happen on it.

#include <chrono>
#include <optional>
#include <set>
#include <string>

#include <librdkafka/rdkafka.h>

#include "pipeline/config/config.h"
#include "pipeline/stage/fatal_error_latch.h"
#include "pipeline/stage/group_source.h"
#include "pipeline/stage/offset_reset.h"

namespace wiretag {

class StageMetrics;

class KafkaGroupSource final : public GroupSource {
 public:
  // Creates the consumer (throws ConfigError / std::runtime_error). `failures`
  // and `metrics` (may be null) must outlive the source.
  KafkaGroupSource(const Config& config, FatalErrorLatch* failures, StageMetrics* metrics);
  ~KafkaGroupSource() override;

  bool Subscribe(GroupSourceListener* listener) override;
  std::optional<std::pair<TopicPartition, InputRecord>> Poll(std::chrono::milliseconds timeout) override;
  void SetPaused(bool paused) override;
  bool paused() const override { return paused_; }
  void StopFetching() override;
  void CommitAsync(const Offsets& offsets) override;
  void CommitSync(const Offsets& offsets, std::chrono::steady_clock::time_point deadline) override;
  bool Close(std::chrono::steady_clock::time_point deadline) override;

 private:
  static void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts,
                          void* opaque);
  static void OnCommit(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets,
                       void* opaque);
  static void OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque);
  static int OnStatistics(rd_kafka_t* rk, char* json, size_t len, void* opaque);

  void Assign(rd_kafka_topic_partition_list_t* parts);
  void Revoke(rd_kafka_topic_partition_list_t* parts);
  void HandleConsumerError(const rd_kafka_message_t* msg);
  void HandleOffsetReset(const rd_kafka_message_t* msg);
  // Restarts fetching `tp` at `offset` (a real or logical offset).
  void Reposition(const TopicPartition& tp, int64_t offset);
  void SetFatal(std::string message) { failures_->Report(std::move(message)); }

  const Config config_;
  const OffsetResetPolicy on_offset_reset_;
  const OffsetResetPolicy new_group_start_;
  FatalErrorLatch* const failures_;
  StageMetrics* const metrics_;
  rd_kafka_t* rk_ = nullptr;
  GroupSourceListener* listener_ = nullptr;

  bool paused_ = false;
  bool stopped_ = false;  // StopFetching() was called
  std::set<TopicPartition> assigned_;
  std::optional<std::chrono::steady_clock::time_point> close_deadline_;
};

}  // namespace wiretag
