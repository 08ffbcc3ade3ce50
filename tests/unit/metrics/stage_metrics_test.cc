// StageMetrics: what the stage's calls turn into on /metrics.
#include "wiretag/build_paths.h"
#include "pipeline/metrics/stage_metrics.h"

#include <gtest/gtest.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>

#include <sys/times.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "pipeline/metrics/label_cache.h"

namespace wiretag {
namespace {

using Labels = std::map<std::string, std::string>;

// The value of one series (counter, gauge, or a histogram's count), if exported.
// The `mode` label every wiretag_* series carries is compared only when
// `labels` names it.
std::optional<double> Series(const StageMetrics& metrics, const std::string& name, const Labels& labels) {
  for (const auto& family : metrics.Collect()) {
    if (family.name != name) continue;
    for (const auto& metric : family.metric) {
      Labels got;
      for (const auto& label : metric.label) got[label.name] = label.value;
      if (!labels.count("mode")) got.erase("mode");
      if (got != labels) continue;
      switch (family.type) {
        case prometheus::MetricType::Counter: return metric.counter.value;
        case prometheus::MetricType::Gauge: return metric.gauge.value;
        case prometheus::MetricType::Histogram: return static_cast<double>(metric.histogram.sample_count);
        default: return std::nullopt;
      }
    }
  }
  return std::nullopt;
}

size_t SeriesCount(const StageMetrics& metrics, const std::string& name) {
  for (const auto& family : metrics.Collect()) {
    if (family.name == name) return family.metric.size();
  }
  return 0;
}

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(WIRETAG_SOURCE_DIR) + "/tests/data/librdkafka_statistics/" + name);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(LabelCacheTest, CreatesEachLabelSetOnceAndReturnsTheSameChild) {
  LabelCache<int> cache;
  std::vector<std::unique_ptr<int>> made;
  int creations = 0;
  auto create = [&](std::string_view, int64_t number) {
    ++creations;
    made.push_back(std::make_unique<int>(static_cast<int>(number)));
    return made.back().get();
  };
  int* a0 = cache.Get("wire.raw", 0, create);
  int* a1 = cache.Get("wire.raw", 1, create);
  int* b0 = cache.Get("wire.other", 0, create);
  EXPECT_EQ(creations, 3);
  EXPECT_NE(a0, a1);
  EXPECT_NE(a0, b0);
  EXPECT_EQ(cache.Get("wire.raw", 0, create), a0);
  EXPECT_EQ(cache.Get(std::string("wire.raw"), 1, create), a1);
  EXPECT_EQ(creations, 3);
  EXPECT_EQ(cache.size(), 3u);
}

TEST(LabelCacheTest, ConcurrentFirstSightsCreateOneChildPerLabelSet) {
  LabelCache<std::atomic<int>> cache;
  std::mutex made_mutex;
  std::vector<std::unique_ptr<std::atomic<int>>> made;
  auto create = [&](std::string_view, int64_t) {
    std::lock_guard<std::mutex> lock(made_mutex);
    made.push_back(std::make_unique<std::atomic<int>>(0));
    return made.back().get();
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) cache.Get("topic", i % 50, create)->fetch_add(1);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(made.size(), 50u);
  int total = 0;
  for (const auto& counter : made) total += counter->load();
  EXPECT_EQ(total, 8000);
}

TEST(LabelCacheTest, StaysCorrectBeyondTheProbeWindow) {
  LabelCache<int> cache;
  std::vector<std::unique_ptr<int>> made;
  auto create = [&](std::string_view, int64_t number) {
    made.push_back(std::make_unique<int>(static_cast<int>(number)));
    return made.back().get();
  };
  for (int i = 0; i < 6000; ++i) cache.Get("t", i, create);  // more than kSlots
  for (int i = 0; i < 6000; i += 97) EXPECT_EQ(*cache.Get("t", i, create), i);
  EXPECT_EQ(made.size(), 6000u);
}

TEST(StageMetricsTest, CountsConsumedPerTopicPartitionAndProducedPerTopic) {
  StageMetrics metrics("rules1");
  metrics.RecordConsumed("wire.raw", 0);
  metrics.RecordConsumed("wire.raw", 0);
  metrics.RecordConsumed("wire.raw", 7);
  metrics.RecordProduced("wire.enriched");
  EXPECT_EQ(Series(metrics, "wiretag_records_consumed_total", {{"topic", "wire.raw"}, {"partition", "0"}}), 2);
  EXPECT_EQ(Series(metrics, "wiretag_records_consumed_total", {{"topic", "wire.raw"}, {"partition", "7"}}), 1);
  EXPECT_EQ(Series(metrics, "wiretag_records_produced_total", {{"topic", "wire.enriched"}}), 1);
  EXPECT_EQ(SeriesCount(metrics, "wiretag_records_consumed_total"), 2u);
}

TEST(StageMetricsTest, DeadLetterReasonsAreTheDlqHeaderValuesAndStartAtZero) {
  StageMetrics metrics("rules1");
  metrics.RecordDeadLettered(ErrorClass::kNoBody);
  metrics.RecordDeadLettered(ErrorClass::kNoBody);
  metrics.RecordDeadLettered(ErrorClass::kTaggerFailure);
  EXPECT_EQ(Series(metrics, "wiretag_records_dead_lettered_total", {{"reason", "no_body"}}), 2);
  EXPECT_EQ(Series(metrics, "wiretag_records_dead_lettered_total", {{"reason", "tagger_failure"}}), 1);
  // Exported at zero from the start, so rate() works before the first failure.
  for (const char* reason : {"invalid_json", "invalid_utf8", "too_large", "too_deep"}) {
    EXPECT_EQ(Series(metrics, "wiretag_records_dead_lettered_total", {{"reason", reason}}), 0) << reason;
  }
}

TEST(StageMetricsTest, ReasonLabelsEqualTheDlqHeaderNames) {
  StageMetrics metrics("rules1");
  for (auto kind : {ErrorClass::kInvalidJson, ErrorClass::kInvalidUtf8, ErrorClass::kNoBody, ErrorClass::kTooLarge,
                    ErrorClass::kTaggerFailure, ErrorClass::kTooDeep}) {
    metrics.RecordDeadLettered(kind);
    EXPECT_EQ(Series(metrics, "wiretag_records_dead_lettered_total", {{"reason", ErrorClassName(kind)}}), 1)
        << ErrorClassName(kind);
  }
}

TEST(StageMetricsTest, TagsCountEntitiesByTypeDatelinesAndOneSourcePerStory) {
  StageMetrics metrics("rules1");
  metrics.SetAgencyNames({"Yonhap", "Reuters"});
  Tags tags;
  tags.dateline = Dateline{};
  tags.entities = {Entity{EntityType::kPerson}, Entity{EntityType::kPerson}, Entity{EntityType::kLocation}};
  AgencyMention yonhap{"Yonhap", "YNA", AgencyRole::kSource};
  AgencyMention reuters{"Reuters", "RTRS", AgencyRole::kMentioned};
  tags.agencies = {yonhap, reuters, yonhap};  // dateline and credit both name Yonhap
  metrics.RecordTags(tags);
  metrics.RecordTags(Tags{});
  EXPECT_EQ(Series(metrics, "wiretag_entities_total", {{"type", "PER"}}), 2);
  EXPECT_EQ(Series(metrics, "wiretag_entities_total", {{"type", "LOC"}}), 1);
  EXPECT_EQ(Series(metrics, "wiretag_entities_total", {{"type", "ORG"}}), 0);
  EXPECT_EQ(Series(metrics, "wiretag_datelines_total", {{"found", "true"}}), 1);
  EXPECT_EQ(Series(metrics, "wiretag_datelines_total", {{"found", "false"}}), 1);
  EXPECT_EQ(Series(metrics, "wiretag_source_agency_total", {{"agency", "Yonhap"}}), 1);
  EXPECT_EQ(Series(metrics, "wiretag_source_agency_total", {{"agency", "none"}}), 1);
  EXPECT_FALSE(Series(metrics, "wiretag_source_agency_total", {{"agency", "Reuters"}}));  // only mentioned
}

TEST(StageMetricsTest, AgencyLabelsAreBoundedByTheAgencyTable) {
  StageMetrics metrics("rules1");
  metrics.SetAgencyNames({"AFP"});
  for (const char* name : {"AFP", "SPACE.com", "Made Up News", "none"}) {
    Tags tags;
    tags.agencies = {AgencyMention{name, "", AgencyRole::kSource}};
    metrics.RecordTags(tags);
  }
  EXPECT_EQ(Series(metrics, "wiretag_source_agency_total", {{"agency", "AFP"}}), 1);
  EXPECT_EQ(Series(metrics, "wiretag_source_agency_total", {{"agency", "other"}}), 3);
  EXPECT_EQ(SeriesCount(metrics, "wiretag_source_agency_total"), 3u);  // AFP, other, none
}

TEST(StageMetricsTest, StepAndLatencyHistogramsCountObservations) {
  StageMetrics metrics("rules1");
  metrics.ObserveStep(StageStep::kParse, 0.00002);
  metrics.ObserveStep(StageStep::kTag, 0.0003);
  metrics.ObserveStep(StageStep::kTag, 0.0004);
  metrics.ObserveEndToEndLatency(0.012);
  EXPECT_EQ(Series(metrics, "wiretag_stage_duration_seconds", {{"step", "parse"}}), 1);
  EXPECT_EQ(Series(metrics, "wiretag_stage_duration_seconds", {{"step", "tag"}}), 2);
  EXPECT_EQ(Series(metrics, "wiretag_stage_duration_seconds", {{"step", "serialize"}}), 0);
  EXPECT_EQ(Series(metrics, "wiretag_end_to_end_latency_seconds", {}), 1);
  const std::string text = metrics.RenderText();
  EXPECT_NE(text.find("wiretag_end_to_end_latency_seconds_bucket{mode=\"live\",le=\"0.025\"} 1"), std::string::npos)
      << text;
  EXPECT_NE(text.find("wiretag_end_to_end_latency_seconds_bucket{mode=\"live\",le=\"0.01\"} 0"), std::string::npos);
}

TEST(StageMetricsTest, GaugesRebalancesAndKafkaErrors) {
  StageMetrics metrics("rules1");
  metrics.SetInflightRecords(42);
  metrics.SetPausedPartitions(3);
  metrics.SetProducerQueueRecords(9);
  metrics.RecordRebalance("assign");
  metrics.RecordRebalance("assign");
  metrics.RecordRebalance("revoke");
  metrics.RecordKafkaError("_TRANSPORT");
  EXPECT_EQ(Series(metrics, "wiretag_inflight_records", {}), 42);
  EXPECT_EQ(Series(metrics, "wiretag_paused_partitions", {}), 3);
  EXPECT_EQ(Series(metrics, "wiretag_producer_queue_records", {}), 9);
  EXPECT_EQ(Series(metrics, "wiretag_rebalances_total", {{"kind", "assign"}}), 2);
  EXPECT_EQ(Series(metrics, "wiretag_rebalances_total", {{"kind", "revoke"}}), 1);
  EXPECT_EQ(Series(metrics, "wiretag_kafka_errors_total", {{"code", "_TRANSPORT"}}), 1);
}

// A backfill's latency (old records: hours) must not land in the series the
// live stage's alert watches: replay's series say mode="replay".
TEST(StageMetricsTest, EveryWiretagSeriesSaysWhetherItIsTheLiveStageOrAReplay) {
  for (StageMode mode : {StageMode::kLive, StageMode::kReplay}) {
    SCOPED_TRACE(StageModeName(mode));
    StageMetrics metrics("rules1", mode);
    metrics.RecordConsumed("wire.raw", 0);
    metrics.ObserveEndToEndLatency(7200);
    metrics.OnKafkaStatistics(Fixture("consumer_partly_consumed.json"));
    size_t wiretag_series = 0;
    for (const auto& family : metrics.Collect()) {
      for (const auto& metric : family.metric) {
        std::vector<std::string> modes;
        for (const auto& label : metric.label)
          if (label.name == "mode") modes.push_back(label.value);
        if (family.name.rfind("wiretag_", 0) == 0) {
          ++wiretag_series;
          EXPECT_EQ(modes, std::vector<std::string>{StageModeName(mode)}) << family.name;
        } else {
          EXPECT_TRUE(modes.empty()) << family.name << ": process metrics keep their standard labels";
        }
      }
    }
    EXPECT_GT(wiretag_series, 20u);
    EXPECT_EQ(Series(metrics, "wiretag_end_to_end_latency_seconds", {{"mode", StageModeName(mode)}}), 1);
  }
  EXPECT_STREQ(StageModeName(StageMode::kLive), "live");
  EXPECT_STREQ(StageModeName(StageMode::kReplay), "replay");
}

// "Cannot reach the cluster" is a value (0), not a lag series that vanishes.
TEST(StageMetricsTest, BrokersUpPerClientComeFromStatisticsAndDropToZeroWhenNoneIsReachable) {
  StageMetrics metrics("rules1");
  EXPECT_EQ(SeriesCount(metrics, "wiretag_kafka_brokers_up"), 0u);
  metrics.OnKafkaStatistics(Fixture("consumer_caught_up.json"));
  metrics.OnKafkaStatistics(Fixture("producer.json"));
  // The consumer's GroupCoordinator connection counts as one of its own.
  EXPECT_EQ(Series(metrics, "wiretag_kafka_brokers_up", {{"client", "consumer"}}), 2);
  EXPECT_EQ(Series(metrics, "wiretag_kafka_brokers_up", {{"client", "producer"}}), 1);
  metrics.OnKafkaStatistics(R"({"name": "rdkafka#consumer-1", "type": "consumer", "ts": 5, "brokers": {
      "127.0.0.1:33213/1": {"name": "127.0.0.1:33213/1", "nodeid": 1, "source": "learned", "state": "DOWN"},
      "127.0.0.1:33214/2": {"name": "127.0.0.1:33214/2", "nodeid": 2, "source": "learned", "state": "CONNECT"},
      "GroupCoordinator": {"name": "GroupCoordinator", "nodeid": 1, "source": "logical", "state": "DOWN"},
      ":0/internal": {"name": ":0/internal", "nodeid": -1, "source": "internal", "state": "UP"}},
      "topics": {}})");
  EXPECT_EQ(Series(metrics, "wiretag_kafka_brokers_up", {{"client", "consumer"}}), 0);
  EXPECT_EQ(Series(metrics, "wiretag_kafka_brokers_up", {{"client", "producer"}}), 1);
}

TEST(StageMetricsTest, ReadyGaugeIsTheReadinessAnswerAtScrapeTime) {
  StageMetrics metrics("rules1");
  EXPECT_EQ(Series(metrics, "wiretag_ready", {}), 0);
  metrics.SetGroupJoined(true);
  metrics.SetProducerConnected(true);
  EXPECT_EQ(Series(metrics, "wiretag_ready", {}), 1);
  metrics.SetProducerConnected(false);
  EXPECT_EQ(Series(metrics, "wiretag_ready", {}), 0);
}

TEST(StageMetricsTest, TruncatedDeadLettersAreCountedFromZero) {
  StageMetrics metrics("rules1");
  EXPECT_EQ(Series(metrics, "wiretag_dead_letters_truncated_total", {}), 0);
  metrics.RecordDeadLetterTruncated();
  EXPECT_EQ(Series(metrics, "wiretag_dead_letters_truncated_total", {}), 1);
}

TEST(StageMetricsTest, BuildInfoNamesVersionLibrdkafkaAndModel) {
  StageMetrics metrics("ner-en-v1");
  const std::string text = metrics.RenderText();
  EXPECT_NE(text.find("model=\"ner-en-v1\""), std::string::npos) << text;
  EXPECT_NE(text.find("librdkafka=\"2."), std::string::npos);
  EXPECT_NE(text.find("wiretag_build_info{"), std::string::npos);
}

TEST(StageMetricsTest, LagAndCommittedOffsetComeFromConsumerStatistics) {
  StageMetrics metrics("rules1");
  metrics.OnKafkaStatistics(Fixture("consumer_partly_consumed.json"));
  const Labels p1{{"topic", "wire.raw"}, {"partition", "1"}}, p2{{"topic", "wire.raw"}, {"partition", "2"}};
  EXPECT_EQ(Series(metrics, "wiretag_consumer_lag_records", p1), 0);
  EXPECT_EQ(Series(metrics, "wiretag_consumer_lag_records", p2), 24);
  EXPECT_EQ(Series(metrics, "wiretag_committed_offset", p1), 20);
  EXPECT_EQ(Series(metrics, "wiretag_committed_offset", p2), 6);
  // Partition 0's lag is unknown and partition -1 is internal: neither is exported.
  EXPECT_EQ(SeriesCount(metrics, "wiretag_consumer_lag_records"), 2u);
  EXPECT_EQ(SeriesCount(metrics, "wiretag_committed_offset"), 2u);

  metrics.OnKafkaStatistics(Fixture("consumer_caught_up.json"));
  EXPECT_EQ(SeriesCount(metrics, "wiretag_consumer_lag_records"), 3u);
  EXPECT_EQ(Series(metrics, "wiretag_consumer_lag_records", p2), 0);
  EXPECT_EQ(Series(metrics, "wiretag_committed_offset", p2), 30);
}

TEST(StageMetricsTest, PartitionsNoLongerAssignedLoseTheirLagSeries) {
  StageMetrics metrics("rules1");
  metrics.OnKafkaStatistics(Fixture("consumer_caught_up.json"));
  ASSERT_EQ(SeriesCount(metrics, "wiretag_consumer_lag_records"), 3u);
  metrics.OnKafkaStatistics(Fixture("consumer_unsubscribed.json"));
  EXPECT_EQ(SeriesCount(metrics, "wiretag_consumer_lag_records"), 0u);
  EXPECT_EQ(SeriesCount(metrics, "wiretag_committed_offset"), 0u);
}

TEST(StageMetricsTest, ProducerStatisticsSetTheQueueGaugeButNoLag) {
  StageMetrics metrics("rules1");
  metrics.SetProducerQueueRecords(5);
  metrics.OnKafkaStatistics(Fixture("producer.json"));
  EXPECT_EQ(Series(metrics, "wiretag_producer_queue_records", {}), 0);
  EXPECT_EQ(SeriesCount(metrics, "wiretag_consumer_lag_records"), 0u);
}

TEST(StageMetricsTest, MalformedStatisticsChangeNothing) {
  StageMetrics metrics("rules1");
  metrics.OnKafkaStatistics(Fixture("consumer_caught_up.json"));
  metrics.OnKafkaStatistics("{\"type\": \"consumer\", \"topics\": {");
  EXPECT_EQ(SeriesCount(metrics, "wiretag_consumer_lag_records"), 3u);
}

TEST(StageMetricsTest, ExportsProcessMetrics) {
  // /proc counts CPU in clock ticks (10 ms); a test run alone may not have
  // used one yet. Work until the kernel has counted one, then expect it.
  volatile uint64_t spin = 0;
  for (tms t{}; times(&t), t.tms_utime + t.tms_stime == 0;) ++spin;
  StageMetrics metrics("rules1");
  for (const char* name : {"process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds",
                           "process_start_time_seconds"}) {
    auto value = Series(metrics, name, {});
    ASSERT_TRUE(value) << name;
    EXPECT_GT(*value, 0) << name;
  }
}

TEST(StageMetricsTest, HealthUsesTheInjectedClock) {
  int64_t now = 0;
  StageMetrics metrics("rules1", [&now] { return now; });
  metrics.SetHealthStallMs(1000);
  std::string reason;
  EXPECT_TRUE(metrics.Healthy(&reason));
  now = 1500;
  EXPECT_FALSE(metrics.Healthy(&reason));
  EXPECT_NE(reason.find("no progress"), std::string::npos);
  metrics.MarkProgress();
  EXPECT_TRUE(metrics.Healthy(&reason));
  EXPECT_FALSE(metrics.Ready(&reason));
  metrics.SetGroupJoined(true);
  metrics.SetProducerConnected(true);
  EXPECT_TRUE(metrics.Ready(&reason));
}

// The exposition passes Prometheus's own linter with every metric populated.
TEST(StageMetricsTest, ExpositionPassesPromtoolCheckMetrics) {
  StageMetrics metrics("rules1");
  metrics.RecordConsumed("wire.raw", 0);
  metrics.RecordProduced("wire.enriched");
  metrics.RecordDeadLettered(ErrorClass::kInvalidJson);
  metrics.ObserveStep(StageStep::kSerialize, 0.0001);
  metrics.ObserveEndToEndLatency(0.2);
  metrics.RecordRebalance("assign");
  metrics.RecordKafkaError("_TRANSPORT");
  metrics.OnKafkaStatistics(Fixture("consumer_partly_consumed.json"));
  Tags tags;
  tags.entities = {Entity{EntityType::kMisc}};
  metrics.RecordTags(tags);
  const auto path = std::filesystem::temp_directory_path() / ("wiretag_metrics_" + std::to_string(getpid()));
  std::ofstream(path) << metrics.RenderText();
  const std::string command = "promtool check metrics < " + path.string() + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe)) output += buffer;
  const int status = pclose(pipe);
  std::filesystem::remove(path);
  EXPECT_EQ(status, 0) << output;
  EXPECT_EQ(output, "") << "promtool reported problems";
}

}  // namespace
}  // namespace wiretag

namespace wiretag {
namespace {

TEST(StageMetricsTest, TransactionsAreCountedByResultFromZeroWithTheirDuration) {
  StageMetrics metrics("rules1");
  EXPECT_EQ(Series(metrics, "wiretag_transactions_total", {{"result", "committed"}}), 0);
  EXPECT_EQ(Series(metrics, "wiretag_transactions_total", {{"result", "aborted"}}), 0);
  metrics.RecordTransaction(true, 0.02);
  metrics.RecordTransaction(true, 0.03);
  metrics.RecordTransaction(false, 0.4);
  EXPECT_EQ(Series(metrics, "wiretag_transactions_total", {{"result", "committed"}}), 2);
  EXPECT_EQ(Series(metrics, "wiretag_transactions_total", {{"result", "aborted"}}), 1);
  EXPECT_EQ(Series(metrics, "wiretag_transaction_commit_seconds", {{"result", "committed"}}), 2);
  EXPECT_EQ(Series(metrics, "wiretag_transaction_commit_seconds", {{"result", "aborted"}}), 1);
  const std::string text = metrics.RenderText();
  EXPECT_NE(text.find("wiretag_transactions_total{mode=\"live\",result=\"aborted\"} 1"), std::string::npos) << text;
}

}  // namespace
}  // namespace wiretag
