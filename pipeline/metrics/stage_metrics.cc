#include "pipeline/metrics/stage_metrics.h"

#include <librdkafka/rdkafka.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <map>
#include <mutex>
#include <set>
#include <unordered_set>

#include "pipeline/metrics/atomic_histogram.h"
#include "pipeline/metrics/health_state.h"
#include "pipeline/metrics/kafka_statistics.h"
#include "pipeline/metrics/label_cache.h"
#include "pipeline/metrics/metrics_server.h"
#include "pipeline/metrics/process_metrics.h"
#include "pipeline/formats/output_version.h"

namespace wiretag {

using prometheus::Counter;
using prometheus::Family;
using prometheus::Gauge;

namespace {

constexpr size_t kErrorClasses = 6;   // ErrorClass values
constexpr size_t kEntityTypes = 4;    // EntityType values
constexpr size_t kUnlistedAgencyLimit = 256;  // distinct agency labels without SetAgencyNames()

// The `reason` label values, in ErrorClass order. They equal ErrorClassName()
// (the DLQ header values; a unit test pins that down), written out here so the
// metrics module does not depend on the record processor's object file.
constexpr std::array<const char*, kErrorClasses> kReasonNames = {"invalid_json", "invalid_utf8", "no_body",
                                                                 "too_large", "tagger_failure", "too_deep"};

}  // namespace

const char* StageModeName(StageMode mode) { return mode == StageMode::kReplay ? "replay" : "live"; }

struct StageMetrics::Impl {
  Impl(std::string_view model_id, std::function<int64_t()> now_ms, StageMode stage_mode)
      : mode(StageModeName(stage_mode)),
        registry(std::make_shared<prometheus::Registry>()),
        consumed(prometheus::BuildCounter()
                     .Name("wiretag_records_consumed_total")
                     .Help("Records read from the input topics.")
                     .Register(*registry)),
        produced(prometheus::BuildCounter()
                     .Name("wiretag_records_produced_total")
                     .Help("Enriched records acknowledged by the broker, by output topic.")
                     .Register(*registry)),
        dead_lettered(prometheus::BuildCounter()
                          .Name("wiretag_records_dead_lettered_total")
                          .Help("Records sent to the dead-letter topic, by reason class.")
                          .Register(*registry)),
        dead_letters_truncated(prometheus::BuildCounter()
                                   .Name("wiretag_dead_letters_truncated_total")
                                   .Help("Dead letters produced without the original value, which was over the "
                                         "DLQ topic's max.message.bytes or the producer's message.max.bytes.")
                                   .Register(*registry)
                                   .Add({})),
        ready(prometheus::BuildGauge()
                  .Name("wiretag_ready")
                  .Help("1 when /readyz answers ok (group joined, producer reached a broker), else 0.")
                  .Register(*registry)
                  .Add({})),
        brokers_up(prometheus::BuildGauge()
                       .Name("wiretag_kafka_brokers_up")
                       .Help("Broker connections in state UP per client (consumer, producer), from librdkafka "
                             "statistics; 0: the client reaches no broker.")
                       .Register(*registry)),
        skipped(prometheus::BuildCounter()
                    .Name("wiretag_records_skipped_total")
                    .Help("Input offsets the stage moved past without consuming them, by reason "
                          "(offset_out_of_range: retention deleted them first, or on_offset_reset: latest passed them over).")
                    .Register(*registry)),
        inflight(prometheus::BuildGauge()
                     .Name("wiretag_inflight_records")
                     .Help("Records consumed whose output the broker has not yet acknowledged.")
                     .Register(*registry)
                     .Add({})),
        paused(prometheus::BuildGauge()
                   .Name("wiretag_paused_partitions")
                   .Help("Input partitions paused by backpressure.")
                   .Register(*registry)
                   .Add({})),
        producer_queue(prometheus::BuildGauge()
                           .Name("wiretag_producer_queue_records")
                           .Help("Records waiting in the producer's queue for delivery.")
                           .Register(*registry)
                           .Add({})),
        rebalances(prometheus::BuildCounter()
                       .Name("wiretag_rebalances_total")
                       .Help("Consumer group rebalance events, by kind (assign, revoke, lost).")
                       .Register(*registry)),
        kafka_errors(prometheus::BuildCounter()
                         .Name("wiretag_kafka_errors_total")
                         .Help("Errors reported by librdkafka, by error code name.")
                         .Register(*registry)),
        entities(prometheus::BuildCounter()
                     .Name("wiretag_entities_total")
                     .Help("Entity mentions tagged, by type (PER, ORG, LOC, MISC).")
                     .Register(*registry)),
        datelines(prometheus::BuildCounter()
                      .Name("wiretag_datelines_total")
                      .Help("Enriched stories, by whether a dateline was found.")
                      .Register(*registry)),
        source_agency(prometheus::BuildCounter()
                          .Name("wiretag_source_agency_total")
                          .Help("Enriched stories by source agency (none: no source agency).")
                          .Register(*registry)),
        consumer_lag(prometheus::BuildGauge()
                         .Name("wiretag_consumer_lag_records")
                         .Help("Records between the group's position and the high watermark, from librdkafka statistics.")
                         .Register(*registry)),
        committed_offset(prometheus::BuildGauge()
                             .Name("wiretag_committed_offset")
                             .Help("Last committed offset per input partition, from librdkafka statistics.")
                             .Register(*registry)),
        build_info(prometheus::BuildGauge()
                       .Name("wiretag_build_info")
                       .Help("Always 1; the labels name the wiretag version, librdkafka version and tagging model.")
                       .Register(*registry)),
        steps(std::make_shared<HistogramFamily>(
            "wiretag_stage_duration_seconds", "Time spent per record in each processing step.", "step",
            std::vector<std::string>{"parse", "tag", "serialize"}, LatencyBucketsSeconds())),
        end_to_end(std::make_shared<HistogramFamily>(
            "wiretag_end_to_end_latency_seconds",
            "Broker acknowledgement time of the output minus the input record's timestamp.", "",
            std::vector<std::string>{""}, LatencyBucketsSeconds())),
        transaction_seconds(std::make_shared<HistogramFamily>(
            "wiretag_transaction_commit_seconds",
            "Exactly-once: time to end a transaction (offsets sent, committed or aborted), by result.", "result",
            std::vector<std::string>{"committed", "aborted"}, LatencyBucketsSeconds())),
        process(std::make_shared<ProcessMetrics>()),
        health(std::move(now_ms)) {
    for (size_t i = 0; i < kErrorClasses; ++i) {
      dead_letter_by_reason[i] =
          &dead_lettered.Add({{"reason", kReasonNames[i]}});
    }
    for (size_t i = 0; i < kEntityTypes; ++i) {
      entities_by_type[i] = &entities.Add({{"type", EntityTypeName(static_cast<EntityType>(i))}});
    }
    dateline_found = &datelines.Add({{"found", "true"}});
    dateline_missing = &datelines.Add({{"found", "false"}});
    agency_none = &source_agency.Add({{"agency", "none"}});
    agency_other = &source_agency.Add({{"agency", "other"}});
    build_info.Add({{"version", OutputVersion()}, {"librdkafka", rd_kafka_version_str()}, {"model", std::string(model_id)}})
        .Set(1);
    tagger_info = &prometheus::BuildGauge()
                       .Name("wiretag_tagger_info")
                       .Help("Always 1; fingerprint names the taggers' data in use (model and newsroom lists), "
                             "changed by a successful reload.")
                       .Register(*registry);
    auto& reloads = prometheus::BuildCounter()
                        .Name("wiretag_tagger_reloads_total")
                        .Help("Reloads of the newsroom lists and model (SIGHUP), by result (ok, error).")
                        .Register(*registry);
    reloads_ok = &reloads.Add({{"result", "ok"}});
    reloads_error = &reloads.Add({{"result", "error"}});
    auto& transactions = prometheus::BuildCounter()
                             .Name("wiretag_transactions_total")
                             .Help("Exactly-once: Kafka transactions ended, by result (committed, aborted).")
                             .Register(*registry);
    transactions_committed = &transactions.Add({{"result", "committed"}});
    transactions_aborted = &transactions.Add({{"result", "aborted"}});
  }

  Counter* SourceAgency(std::string_view name) {
    return agency_cache.Get(name, 0, [this](std::string_view n, int64_t) {
      std::lock_guard<std::mutex> lock(agency_mutex);
      if (n == "none" || n == "other") return agency_other;
      const bool allowed = agency_names_set ? known_agencies.count(std::string(n)) > 0
                                            : agency_cache_labels < kUnlistedAgencyLimit;
      if (!allowed) return agency_other;
      ++agency_cache_labels;
      return &source_agency.Add({{"agency", std::string(n)}});
    });
  }

  const std::string mode;  // the `mode` label of every wiretag_* series
  std::shared_ptr<prometheus::Registry> registry;
  Family<Counter>& consumed;
  Family<Counter>& produced;
  Family<Counter>& dead_lettered;
  Counter& dead_letters_truncated;
  Gauge& ready;
  Family<Gauge>& brokers_up;
  Family<Counter>& skipped;
  Gauge& inflight;
  Gauge& paused;
  Gauge& producer_queue;
  Family<Counter>& rebalances;
  Family<Counter>& kafka_errors;
  Family<Counter>& entities;
  Family<Counter>& datelines;
  Family<Counter>& source_agency;
  Family<Gauge>& consumer_lag;
  Family<Gauge>& committed_offset;
  Family<Gauge>& build_info;
  std::shared_ptr<HistogramFamily> steps;
  std::shared_ptr<HistogramFamily> end_to_end;
  std::shared_ptr<HistogramFamily> transaction_seconds;
  std::shared_ptr<ProcessMetrics> process;
  HealthState health;

  std::array<Counter*, kErrorClasses> dead_letter_by_reason{};
  std::array<Counter*, kEntityTypes> entities_by_type{};
  Counter* dateline_found = nullptr;
  Counter* dateline_missing = nullptr;
  Counter* agency_none = nullptr;
  Counter* agency_other = nullptr;

  LabelCache<Counter> consumed_cache, produced_cache, rebalance_cache, error_cache, agency_cache;

  std::mutex agency_mutex;  // guards the three below (first sight of an agency only)
  bool agency_names_set = false;
  std::unordered_set<std::string> known_agencies;
  size_t agency_cache_labels = 0;

  // Statistics arrive every statistics.interval.ms on librdkafka's thread:
  // a plain mutex is fine here.
  std::mutex statistics_mutex;
  std::map<std::pair<std::string, int32_t>, Gauge*> lag_gauges, committed_gauges;
  std::map<std::string, Gauge*> brokers_up_gauges;  // by client type

  // The taggers' data in use and its reloads (SIGHUP); set rarely, from one thread at a time.
  std::mutex tagger_mutex;
  Family<Gauge>* tagger_info = nullptr;
  Gauge* tagger_info_now = nullptr;
  Counter* reloads_ok = nullptr;
  Counter* reloads_error = nullptr;
  Counter* transactions_committed = nullptr;
  Counter* transactions_aborted = nullptr;

  std::unique_ptr<MetricsServer> server;
};

StageMetrics::StageMetrics(std::string_view model_id, StageMode mode)
    : StageMetrics(model_id, HealthState::SteadyNowMs, mode) {}

StageMetrics::StageMetrics(std::string_view model_id, std::function<int64_t()> now_ms, StageMode mode)
    : impl_(std::make_unique<Impl>(model_id, std::move(now_ms), mode)) {}

StageMetrics::~StageMetrics() {
  impl_->server.reset();  // no scrape may run while the metrics go away
}

void StageMetrics::Serve(const std::string& listen) {
  impl_->server = std::make_unique<MetricsServer>(
      listen, [this] { return RenderText(); }, [this] { return impl_->health.Liveness(); },
      [this] { return impl_->health.Readiness(); });
}

int StageMetrics::port() const { return impl_->server ? impl_->server->port() : 0; }

void StageMetrics::RecordConsumed(std::string_view topic, int32_t partition) {
  impl_->consumed_cache
      .Get(topic, partition,
           [this](std::string_view t, int64_t p) {
             return &impl_->consumed.Add({{"topic", std::string(t)}, {"partition", std::to_string(p)}});
           })
      ->Increment();
}

void StageMetrics::RecordProduced(std::string_view topic) {
  impl_->produced_cache
      .Get(topic, 0,
           [this](std::string_view t, int64_t) { return &impl_->produced.Add({{"topic", std::string(t)}}); })
      ->Increment();
}

void StageMetrics::RecordDeadLettered(ErrorClass reason) {
  const auto index = static_cast<size_t>(reason);
  if (index < kErrorClasses) impl_->dead_letter_by_reason[index]->Increment();
}

void StageMetrics::RecordDeadLetterTruncated() { impl_->dead_letters_truncated.Increment(); }

void StageMetrics::ObserveStep(StageStep step, double seconds) {
  impl_->steps->child(static_cast<size_t>(step)).Observe(seconds);
}

void StageMetrics::ObserveEndToEndLatency(double seconds) { impl_->end_to_end->child(0).Observe(seconds); }

void StageMetrics::RecordTags(const Tags& tags) {
  for (const Entity& entity : tags.entities) {
    const auto index = static_cast<size_t>(entity.type);
    if (index < kEntityTypes) impl_->entities_by_type[index]->Increment();
  }
  (tags.dateline ? impl_->dateline_found : impl_->dateline_missing)->Increment();
  // Count each source agency once per story, even when several signals name it.
  bool any_source = false;
  for (size_t i = 0; i < tags.agencies.size(); ++i) {
    const AgencyMention& mention = tags.agencies[i];
    if (mention.role != AgencyRole::kSource) continue;
    bool seen = false;
    for (size_t j = 0; j < i && !seen; ++j) {
      seen = tags.agencies[j].role == AgencyRole::kSource && tags.agencies[j].name == mention.name;
    }
    if (seen) continue;
    any_source = true;
    impl_->SourceAgency(mention.name)->Increment();
  }
  if (!any_source) impl_->agency_none->Increment();
}

void StageMetrics::SetTaggerFingerprint(std::string_view fingerprint) {
  std::lock_guard<std::mutex> lock(impl_->tagger_mutex);
  if (impl_->tagger_info_now) impl_->tagger_info->Remove(impl_->tagger_info_now);
  impl_->tagger_info_now = &impl_->tagger_info->Add({{"fingerprint", std::string(fingerprint)}});
  impl_->tagger_info_now->Set(1);
}

void StageMetrics::RecordTaggerReload(bool ok) { (ok ? impl_->reloads_ok : impl_->reloads_error)->Increment(); }

void StageMetrics::SetAgencyNames(const std::vector<std::string>& names) {
  std::lock_guard<std::mutex> lock(impl_->agency_mutex);
  impl_->agency_names_set = true;
  impl_->known_agencies = std::unordered_set<std::string>(names.begin(), names.end());
}

void StageMetrics::RecordSkipped(std::string_view reason, std::string_view topic, int32_t partition, int64_t count) {
  // Rare (a reset), so no label cache: Add() finds the existing child.
  impl_->skipped
      .Add({{"reason", std::string(reason)}, {"topic", std::string(topic)}, {"partition", std::to_string(partition)}})
      .Increment(static_cast<double>(count));
}

void StageMetrics::RecordTransaction(bool committed, double seconds) {
  (committed ? impl_->transactions_committed : impl_->transactions_aborted)->Increment();
  impl_->transaction_seconds->child(committed ? 0 : 1).Observe(seconds);
}

void StageMetrics::SetInflightRecords(int64_t n) { impl_->inflight.Set(static_cast<double>(n)); }
void StageMetrics::SetPausedPartitions(int64_t n) { impl_->paused.Set(static_cast<double>(n)); }
void StageMetrics::SetProducerQueueRecords(int64_t n) { impl_->producer_queue.Set(static_cast<double>(n)); }

void StageMetrics::RecordRebalance(std::string_view kind) {
  impl_->rebalance_cache
      .Get(kind, 0,
           [this](std::string_view k, int64_t) { return &impl_->rebalances.Add({{"kind", std::string(k)}}); })
      ->Increment();
}

void StageMetrics::RecordKafkaError(std::string_view code) {
  impl_->error_cache
      .Get(code, 0,
           [this](std::string_view c, int64_t) { return &impl_->kafka_errors.Add({{"code", std::string(c)}}); })
      ->Increment();
}

void StageMetrics::OnKafkaStatistics(std::string_view json) {
  std::string error;
  auto stats = ParseKafkaStatistics(json, &error);
  if (!stats) {
    spdlog::warn("ignoring librdkafka statistics: {}", error);
    return;
  }
  if (stats->type != "producer" && stats->type != "consumer") return;
  std::lock_guard<std::mutex> lock(impl_->statistics_mutex);
  {
    Gauge*& up = impl_->brokers_up_gauges[stats->type];
    if (!up) up = &impl_->brokers_up.Add({{"client", stats->type}});
    up->Set(static_cast<double>(stats->brokers_up));
  }
  if (stats->type == "producer") {
    impl_->producer_queue.Set(static_cast<double>(stats->queued_messages));
    return;
  }

  // Export what is known now; drop the series of partitions that are no longer
  // assigned or whose value became unknown, so a revoked partition's last lag
  // cannot keep an alert firing.
  std::set<std::pair<std::string, int32_t>> lag_seen, committed_seen;
  auto update = [](Family<Gauge>& family, std::map<std::pair<std::string, int32_t>, Gauge*>& gauges,
                   std::set<std::pair<std::string, int32_t>>& seen, const PartitionStatistics& p, int64_t value) {
    auto key = std::make_pair(p.topic, p.partition);
    auto it = gauges.find(key);
    if (it == gauges.end()) {
      Gauge* gauge = &family.Add({{"topic", p.topic}, {"partition", std::to_string(p.partition)}});
      it = gauges.emplace(key, gauge).first;
    }
    it->second->Set(static_cast<double>(value));
    seen.insert(std::move(key));
  };
  auto prune = [](Family<Gauge>& family, std::map<std::pair<std::string, int32_t>, Gauge*>& gauges,
                  const std::set<std::pair<std::string, int32_t>>& seen) {
    for (auto it = gauges.begin(); it != gauges.end();) {
      if (seen.count(it->first)) {
        ++it;
      } else {
        family.Remove(it->second);
        it = gauges.erase(it);
      }
    }
  };
  for (const auto& p : stats->partitions) {
    if (!p.assigned) continue;
    if (p.consumer_lag) update(impl_->consumer_lag, impl_->lag_gauges, lag_seen, p, *p.consumer_lag);
    if (p.committed_offset) {
      update(impl_->committed_offset, impl_->committed_gauges, committed_seen, p, *p.committed_offset);
    }
  }
  prune(impl_->consumer_lag, impl_->lag_gauges, lag_seen);
  prune(impl_->committed_offset, impl_->committed_gauges, committed_seen);
}

void StageMetrics::MarkProgress() { impl_->health.MarkProgress(); }
void StageMetrics::SetHealthStallMs(int64_t stall_ms) { impl_->health.SetStallMs(stall_ms); }
void StageMetrics::SetGroupJoined(bool joined) { impl_->health.SetGroupJoined(joined); }
void StageMetrics::SetProducerConnected(bool connected) { impl_->health.SetProducerConnected(connected); }

bool StageMetrics::Healthy(std::string* reason) const {
  auto status = impl_->health.Liveness();
  if (reason) *reason = std::move(status.reason);
  return status.ok;
}

bool StageMetrics::Ready(std::string* reason) const {
  auto status = impl_->health.Readiness();
  if (reason) *reason = std::move(status.reason);
  return status.ok;
}

std::vector<prometheus::MetricFamily> StageMetrics::Collect() const {
  impl_->ready.Set(impl_->health.Readiness().ok ? 1 : 0);
  auto families = impl_->registry->Collect();
  for (const prometheus::Collectable* extra :
       {static_cast<const prometheus::Collectable*>(impl_->steps.get()),
        static_cast<const prometheus::Collectable*>(impl_->end_to_end.get()),
        static_cast<const prometheus::Collectable*>(impl_->transaction_seconds.get()),
        static_cast<const prometheus::Collectable*>(impl_->process.get())}) {
    auto more = extra->Collect();
    families.insert(families.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  // The mode label goes on here, once for every wiretag_* family (those added
  // later included), rather than on each family's label sets and the per-record
  // label caches. process_* keeps the standard client-library names and labels.
  for (auto& family : families) {
    if (family.name.rfind("wiretag_", 0) != 0) continue;
    for (auto& metric : family.metric) {
      auto& labels = metric.label;  // kept in name order, as prometheus-cpp writes them
      auto at = std::find_if(labels.begin(), labels.end(), [](const auto& l) { return l.name > "mode"; });
      labels.insert(at, prometheus::ClientMetric::Label{"mode", impl_->mode});
    }
  }
  return families;
}

std::string StageMetrics::RenderText() const { return prometheus::TextSerializer().Serialize(Collect()); }

prometheus::Registry& StageMetrics::registry() { return *impl_->registry; }

}  // namespace wiretag
