// The stage's metrics and health endpoints on a real Kafka cluster: what
// /metrics counts is what went through, and /readyz says ready once the
// stage has joined its group and its producer reached a broker.
#include "pipeline/metrics/stage_metrics.h"
#include "tests/kafka/real_kafka_support.h"

namespace wiretag::testing {
namespace {

TEST(RealKafkaStageMetricsTest, MetricsCountEveryRecordConsumedProducedAndDeadLettered) {
  TestCluster cluster(1);
  ASSERT_TRUE(cluster.real()) << kNeedsRealCluster;
  Topics t = MakeTopics(cluster, "metrics", 4);
  const int n = 2000, bad_every = 20;
  InputProducer producer(cluster.bootstrap_servers());
  for (int i = 0; i < n; ++i)
    producer.Send(t.input, i % 4, "key-" + std::to_string(i), i % bad_every == 1 ? "{\"uri\": broken" : Story(i));
  producer.Flush();
  StageMetrics metrics("test-model");
  metrics.Serve("127.0.0.1:0");
  StageThread stage(StageConfig(cluster.bootstrap_servers(), t, 2), TestFactory(), &metrics);
  OutputReader reader(cluster.bootstrap_servers(), {{t.output, 4}, {t.dlq, 2}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= n; }, std::chrono::seconds(120))) << reader.distinct();
  EXPECT_EQ(HttpGet(metrics.port(), "/readyz"), "ok\n");
  std::string body;
  // The counters follow the broker's acknowledgements; nothing notifies a scrape: polled.
  EXPECT_TRUE(Eventually([&] {
    body = HttpGet(metrics.port(), "/metrics");
    return MetricSum(body, "wiretag_records_produced_total") + MetricSum(body, "wiretag_records_dead_lettered_total") >= n;
  }, std::chrono::seconds(30), std::chrono::milliseconds(50))) << "not every record counted within 30 s";
  EXPECT_EQ(stage.Stop().exit_code, 0);
  EXPECT_EQ(MetricSum(body, "wiretag_records_consumed_total"), n) << body;
  EXPECT_EQ(MetricSum(body, "wiretag_records_dead_lettered_total"), n / bad_every) << body;
  EXPECT_EQ(MetricSum(body, "wiretag_records_produced_total"), n - n / bad_every) << body;
  EXPECT_EQ(reader.duplicates(), 0u);
}

}  // namespace
}  // namespace wiretag::testing
