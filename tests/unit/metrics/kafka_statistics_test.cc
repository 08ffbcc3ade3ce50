// The librdkafka statistics parser, on statistics recorded from real librdkafka
// clients (tests/data/librdkafka_statistics/README.md says how).
#include "wiretag/build_paths.h"
#include "pipeline/metrics/kafka_statistics.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace wiretag {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(WIRETAG_SOURCE_DIR) + "/tests/data/librdkafka_statistics/" + name);
  EXPECT_TRUE(in) << name;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

KafkaStatistics ParseFixture(const std::string& name) {
  std::string error;
  auto stats = ParseKafkaStatistics(Fixture(name), &error);
  EXPECT_TRUE(stats.has_value()) << error;
  return stats.value_or(KafkaStatistics{});
}

TEST(KafkaStatisticsTest, ReadsLagAndCommittedOffsetPerPartitionOfAConsumer) {
  const KafkaStatistics stats = ParseFixture("consumer_partly_consumed.json");
  EXPECT_EQ(stats.type, "consumer");
  EXPECT_EQ(stats.name, "rdkafka#consumer-3");
  ASSERT_EQ(stats.partitions.size(), 3u);
  const auto& p1 = stats.partitions[1];
  EXPECT_EQ(p1.topic, "wire.raw");
  EXPECT_EQ(p1.partition, 1);
  EXPECT_EQ(p1.consumer_lag, 0);
  EXPECT_EQ(p1.committed_offset, 20);
  EXPECT_EQ(p1.high_watermark, 20);
  EXPECT_TRUE(p1.assigned);
  const auto& p2 = stats.partitions[2];
  EXPECT_EQ(p2.partition, 2);
  EXPECT_EQ(p2.consumer_lag, 24);
  EXPECT_EQ(p2.committed_offset, 6);
  EXPECT_EQ(p2.high_watermark, 30);
}

TEST(KafkaStatisticsTest, CountsBrokerConnectionsThatAreUpButNotTheInternalEntry) {
  const KafkaStatistics consumer = ParseFixture("consumer_caught_up.json");  // 1 broker + GroupCoordinator
  EXPECT_EQ(consumer.brokers_known, 2);
  EXPECT_EQ(consumer.brokers_up, 2);
  std::string error;
  auto down = ParseKafkaStatistics(R"({"type": "producer", "brokers": {
      "a:1/bootstrap": {"nodeid": -1, "source": "configured", "state": "TRY_CONNECT"},
      "a:1/1": {"nodeid": 1, "source": "learned", "state": "DOWN"},
      "b:2/2": {"nodeid": 2, "source": "learned", "state": "UP"},
      ":0/internal": {"nodeid": -1, "source": "internal", "state": "UP"}}})", &error);
  ASSERT_TRUE(down) << error;
  EXPECT_EQ(down->brokers_known, 3);
  EXPECT_EQ(down->brokers_up, 1);
}

TEST(KafkaStatisticsTest, UnknownLagAndInvalidOffsetAreAbsentNotNegative) {
  const KafkaStatistics stats = ParseFixture("consumer_partly_consumed.json");
  const auto& p0 = stats.partitions[0];
  EXPECT_EQ(p0.partition, 0);
  EXPECT_TRUE(p0.assigned);
  EXPECT_FALSE(p0.consumer_lag.has_value());      // librdkafka: -1
  EXPECT_FALSE(p0.committed_offset.has_value());  // librdkafka: -1001
  EXPECT_EQ(p0.high_watermark, 10);
}

TEST(KafkaStatisticsTest, SkipsTheInternalPartitionMinusOne) {
  for (const char* name : {"consumer_partly_consumed.json", "consumer_caught_up.json", "producer.json"}) {
    for (const auto& p : ParseFixture(name).partitions) EXPECT_GE(p.partition, 0) << name;
  }
}

TEST(KafkaStatisticsTest, CaughtUpConsumerHasZeroLagAtTheHighWatermark) {
  const KafkaStatistics stats = ParseFixture("consumer_caught_up.json");
  ASSERT_EQ(stats.partitions.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(stats.partitions[i].consumer_lag, 0);
    EXPECT_EQ(stats.partitions[i].committed_offset, 10 * (i + 1));
  }
}

TEST(KafkaStatisticsTest, StoppedPartitionsAfterUnsubscribeAreNotAssigned) {
  const KafkaStatistics stats = ParseFixture("consumer_unsubscribed.json");
  ASSERT_EQ(stats.partitions.size(), 3u);
  for (const auto& p : stats.partitions) EXPECT_FALSE(p.assigned) << p.partition;
}

TEST(KafkaStatisticsTest, ProducerStatisticsListEveryTopicWithoutConsumerValues) {
  const KafkaStatistics stats = ParseFixture("producer.json");
  EXPECT_EQ(stats.type, "producer");
  EXPECT_EQ(stats.queued_messages, 0);
  ASSERT_EQ(stats.partitions.size(), 5u);  // wire.enriched 0-1, wire.raw 0-2, sorted
  EXPECT_EQ(stats.partitions[0].topic, "wire.enriched");
  EXPECT_EQ(stats.partitions[4].topic, "wire.raw");
  for (const auto& p : stats.partitions) {
    EXPECT_FALSE(p.assigned);
    EXPECT_FALSE(p.consumer_lag.has_value());
  }
}

TEST(KafkaStatisticsTest, RejectsInputThatIsNotStatistics) {
  std::string error;
  EXPECT_FALSE(ParseKafkaStatistics("{\"type\": \"consumer\", \"topics\": ", &error));
  EXPECT_NE(error.find("librdkafka statistics"), std::string::npos);
  EXPECT_FALSE(ParseKafkaStatistics("[1,2]", &error));
  EXPECT_FALSE(ParseKafkaStatistics("{\"name\": \"x\"}", &error));
  EXPECT_NE(error.find("type"), std::string::npos);
  EXPECT_FALSE(ParseKafkaStatistics(
      R"({"type":"consumer","topics":{"t":{"partitions":{"zero":{"consumer_lag":1}}}}})", &error));
}

TEST(KafkaStatisticsTest, KeepsPartitionsOfEveryTopic) {
  std::string error;
  auto stats = ParseKafkaStatistics(
      R"({"type":"consumer","topics":{"b":{"partitions":{"1":{"consumer_lag":5,"fetch_state":"active"}}},)"
      R"("a":{"partitions":{"-1":{"consumer_lag":9},"0":{"committed_offset":7,"fetch_state":"active"}}}}})",
      &error);
  ASSERT_TRUE(stats) << error;
  ASSERT_EQ(stats->partitions.size(), 2u);
  EXPECT_EQ(stats->partitions[0].topic, "a");
  EXPECT_EQ(stats->partitions[0].committed_offset, 7);
  EXPECT_EQ(stats->partitions[1].topic, "b");
  EXPECT_EQ(stats->partitions[1].consumer_lag, 5);
}

}  // namespace
}  // namespace wiretag
