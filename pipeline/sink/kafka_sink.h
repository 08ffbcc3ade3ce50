#pragma once
// KafkaSink publishes enriched records to the output topic and dead letters to
// the DLQ topic with an idempotent librdkafka producer, and fires each record's
// DeliveryReceipt when the broker acknowledged it.
//
// Record layout: enriched: key = the input key, or the story uri when the input
// has none; value = the enriched JSON. Dead letter: the original key and value.
// Headers: the input's headers that records.headers_allow/deny let through
// (header_filter.h), in their order, then wiretag.source
// ("topic/partition/offset"), wiretag.version, and for dead letters
// wiretag.error (ErrorClassName) and wiretag.error.detail. Timestamp: the
// input record's (records.timestamp = input, as Kafka Streams does; the
// produce time when the input has none), or the produce time (= produce).
//
// Failures: librdkafka retries retriable errors itself (idempotently, in
// order) until message.timeout.ms; a delivery that still fails is produced
// again with backoff, indefinitely, and its receipt is not fired, so the commit
// never passes it. An enriched record the broker rejects as too large goes to
// the DLQ as too_large instead; a dead letter rejected as too large goes
// without the original value (header wiretag.value.omitted = its size, the
// detail says so, wiretag_dead_letters_truncated_total counts it), since
// wiretag.source still points at it; at start-up DlqSizeCheck compares the DLQ
// topic's max.message.bytes with the input's and warns when a dead letter
// could be too large. Errors that no retry can fix (authorization,
// authentication, unknown topic, fatal idempotence errors) are reported to
// the handler given to OnFatalError() (and kept for FatalError()) for the stage to stop. Every acknowledged dead letter is logged
// at warn, rate-limited (DeadLetterLog).
//
// Thread safety: Send() from any thread; a dedicated thread serves delivery
// reports and retries. Owns its rd_kafka_t.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "pipeline/config/config.h"
#include "pipeline/sink/dead_letter_log.h"
#include "pipeline/sink/dlq_size_check.h"
#include "pipeline/sink/header_filter.h"
#include "pipeline/stage/record_sink.h"

namespace wiretag {

class StageMetrics;

class KafkaSink final : public RecordSink {
 public:
  // Creates the producer and starts its delivery thread. Throws ConfigError or
  // std::runtime_error.
  KafkaSink(const Config& config, StageMetrics* metrics);
  ~KafkaSink() override;  // purges what is still unsent: call Flush() first; bounded by BeginShutdown()'s deadline

  void Send(const TopicPartition& source, const InputRecord& input, Outcome outcome,
            DeliveryReceipt receipt) override;

  // Waits until every sent record is acknowledged (retries included) or the deadline.
  bool Flush(std::chrono::steady_clock::time_point deadline);

  // The stage is shutting down: a Send() that waits for room in the producer's
  // queue stops waiting (its record is kept for a retry, which the destructor
  // purges), so the workers can be joined with the brokers gone.
  // `deadline` also bounds the destructor's wait for the client to end.
  void BeginShutdown(std::chrono::steady_clock::time_point deadline) {
    shutdown_deadline_ = deadline;
    shutting_down_ = true;
  }

  // Set once an unrecoverable error happened; the message is one log line.
  std::optional<std::string> FatalError() const;
  // `handler` is called once with that message, from whichever thread found
  // it (the delivery thread or a worker), or at once when it already happened.
  // It must stay callable until the sink is destroyed.
  void OnFatalError(std::function<void(const std::string&)> handler);

  int64_t enriched() const { return enriched_.load(); }
  int64_t dead_lettered() const { return dead_lettered_.load(); }
  int64_t outstanding() const { return outstanding_.load(); }

  struct Pending;

 private:
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);
  static void OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque);
  static int OnStatistics(rd_kafka_t* rk, char* json, size_t len, void* opaque);
  void Delivered(Pending* pending, rd_kafka_resp_err_t err);
  // Produces `pending` once; returns the error (the caller keeps ownership on failure).
  rd_kafka_resp_err_t Produce(Pending* pending);
  void ScheduleRetry(Pending* pending, rd_kafka_resp_err_t err);
  void SetFatal(std::string message);
  void PollLoop();

  const std::string output_topic_, dlq_topic_;
  const HeaderFilter header_filter_;
  const bool keep_input_timestamp_;
  StageMetrics* const metrics_;
  rd_kafka_t* rk_ = nullptr;

  std::atomic<bool> stopping_{false};
  std::atomic<bool> shutting_down_{false};
  std::optional<std::chrono::steady_clock::time_point> shutdown_deadline_;  // set before shutting_down_
  std::atomic<bool> connected_{false};
  std::atomic<int64_t> enriched_{0}, dead_lettered_{0}, outstanding_{0};

  mutable std::mutex mu_;
  std::vector<Pending*> retries_;
  std::optional<std::string> fatal_;
  std::function<void(const std::string&)> on_fatal_;
  DeadLetterLog dead_letter_log_;
  DlqSizeCheck dlq_size_check_;  // served by the poll thread
  std::thread poller_;
};

}  // namespace wiretag
