#pragma once
// StageMetrics is everything the stage reports to Prometheus. The stage calls
// these methods; the metrics module owns the prometheus-cpp registry, the
// exposer (/metrics), the health endpoints (/healthz, /readyz), process
// metrics read from /proc, and the parser of librdkafka's statistics JSON.
//
// Every wiretag_* series carries the label mode="live" (`wiretag run`) or
// mode="replay" (`wiretag replay`), so alerts and dashboards can keep a
// backfill's numbers (old records: end-to-end latency of hours) apart from the
// live stage's even when both are scraped under one job.
//
// Thread safety: every method may be called from any thread. Methods on the
// per-record path do no allocation and take no lock after the first call for a
// given label set (label children are cached).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/formats/error_class.h"
#include "pipeline/taggers/tags.h"

namespace prometheus {
class Registry;
struct MetricFamily;
}  // namespace prometheus

namespace wiretag {

enum class StageStep : uint8_t { kParse, kTag, kSerialize };

// Which command exports the metrics: the value of the `mode` label.
enum class StageMode : uint8_t { kLive, kReplay };
const char* StageModeName(StageMode mode);  // "live", "replay"

class StageMetrics {
 public:
  // Registers every wiretag_* metric in a fresh registry. `model` goes into
  // wiretag_build_info.
  explicit StageMetrics(std::string_view model_id, StageMode mode = StageMode::kLive);
  // As above with the health clock injected (monotonic milliseconds), for tests.
  StageMetrics(std::string_view model_id, std::function<int64_t()> now_ms, StageMode mode = StageMode::kLive);
  ~StageMetrics();

  // Starts serving /metrics, /healthz and /readyz on "HOST:PORT". Throws
  // std::runtime_error when the address cannot be bound. Optional: without it
  // the metrics are only collected (tests read them through registry()).
  void Serve(const std::string& listen);

  void RecordConsumed(std::string_view topic, int32_t partition);
  void RecordProduced(std::string_view topic);
  void RecordDeadLettered(ErrorClass reason);
  // A dead letter the DLQ took only without its original value (over the DLQ
  // topic's max.message.bytes or the producer's message.max.bytes).
  void RecordDeadLetterTruncated();
  // `count` input offsets of topic/partition the stage moved past without
  // consuming them (wiretag_records_skipped_total{reason,topic,partition}).
  void RecordSkipped(std::string_view reason, std::string_view topic, int32_t partition, int64_t count);
  void ObserveStep(StageStep step, double seconds);
  void ObserveEndToEndLatency(double seconds);  // broker ack time - input record timestamp
  void RecordTags(const Tags& tags);            // entities by type, dateline found, source agency

  // Bounds wiretag_source_agency_total{agency}: only these names (the agency
  // table's canonical names) become label values, anything else counts as
  // "other"; a story without a source agency counts as "none". Call before
  // records flow. Without it the first 256 distinct names are accepted.
  void SetAgencyNames(const std::vector<std::string>& names);

  // wiretag_tagger_info{fingerprint} = 1 for the taggers' data in use (the
  // previous fingerprint's series goes away), and
  // wiretag_tagger_reloads_total{result="ok"|"error"} (both exported from 0).
  void SetTaggerFingerprint(std::string_view fingerprint);
  void RecordTaggerReload(bool ok);

  void SetInflightRecords(int64_t n);
  void SetPausedPartitions(int64_t n);
  void SetProducerQueueRecords(int64_t n);
  void RecordRebalance(std::string_view kind);     // "assign", "revoke", "lost"
  void RecordKafkaError(std::string_view code);    // rd_kafka_err2name()

  // librdkafka's statistics callback payload (consumer and producer alike):
  // updates wiretag_kafka_brokers_up{client}, wiretag_consumer_lag_records and
  // wiretag_committed_offset.
  void OnKafkaStatistics(std::string_view json);

  // Health: the main loop calls MarkProgress() every iteration; /healthz fails
  // when it has not been called for `stall_ms`. /readyz needs both flags;
  // wiretag_ready exports its answer (1 or 0) at every scrape.
  void MarkProgress();
  void SetHealthStallMs(int64_t stall_ms);
  void SetGroupJoined(bool joined);
  void SetProducerConnected(bool connected);

  // The port Serve() bound (useful with "127.0.0.1:0"); 0 before Serve().
  int port() const;

  // Health answers as served on /healthz and /readyz: "ok" or the reason.
  // (HealthState, pipeline/metrics/health_state.h, has the details.)
  bool Healthy(std::string* reason) const;
  bool Ready(std::string* reason) const;

  // Every family /metrics serves: the registry, the lock-free histograms and
  // the process metrics; RenderText() is the exposition format of Collect().
  std::vector<prometheus::MetricFamily> Collect() const;
  std::string RenderText() const;

  // The counters and gauges (histograms and process metrics are separate
  // collectables, see Collect()).
  prometheus::Registry& registry();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wiretag
