// `wiretag replay` on a real Kafka cluster: offset ranges, and timestamp ranges
// located through the broker's time index (offsetsForTimes), which must agree
// with the binary-search locator. librdkafka's mock cluster cannot show the
// latter: it answers offsetsForTimes with -1.
#include <chrono>
#include <map>
#include <vector>

#include "pipeline/source/replay_range.h"
#include "pipeline/source/timestamp_locator.h"
#include "pipeline/app/replay_job.h"
#include "tests/integration/replay_test_support.h"
#include "tests/kafka/real_kafka_support.h"

namespace wiretag::testing {
namespace {

constexpr int kPartitions = 4, kPerPartition = 50;

class RealKafkaReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster_.real()) << kNeedsRealCluster;
    raw_ = cluster_.CreateTopic("replay.raw", kPartitions);
    out_ = cluster_.CreateTopic("replay.out", kPartitions);
    dlq_ = cluster_.CreateTopic("replay.dlq", 1);
    // An hour ago, to the second: inside any retention, and not in the future.
    t0_ = (std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() -
           3600) * 1000;
    // Record i of partition p is "p<p>-<i>", stamped t0 + i seconds (CreateTime).
    TestProducer producer(cluster_.bootstrap_servers());
    for (int p = 0; p < kPartitions; ++p)
      for (int i = 0; i < kPerPartition; ++i)
        producer.Produce(raw_, p, "k" + std::to_string(i), "p" + std::to_string(p) + "-" + std::to_string(i),
                         t0_ + i * 1000);
    producer.Flush();
  }
  ReplayJobOptions Options(ReplayPosition from, ReplayPosition to) {
    ReplayJobOptions o;
    o.config.brokers = cluster_.bootstrap_servers();
    o.config.output = out_;
    o.config.dlq = dlq_;
    o.config.kafka.common["log_level"] = "3";
    o.config.metrics.statistics_interval_ms = 0;
    o.input = raw_;
    o.from = std::move(from);
    o.to = std::move(to);
    o.runner.workers = 3;
    return o;
  }
  static ReplayPosition At(int64_t ms) {
    ReplayPosition p;
    p.kind = ReplayPosition::Kind::kTimestamp;
    p.timestamp_ms = ms;
    p.spec = std::to_string(ms);
    return p;
  }
  // Output values per source partition in source-offset order; checks the order within each output partition.
  std::map<int32_t, std::vector<std::string>> OutputBySourcePartition() {
    std::map<int32_t, std::map<int64_t, std::string>> by_source;
    std::map<std::pair<int32_t, int32_t>, int64_t> last;
    for (const ReadRecord& r : ReadTopic(cluster_.bootstrap_servers(), out_)) {
      const std::string& src = r.headers.at("wiretag.source");  // topic/P/O
      size_t b = src.rfind('/'), a = src.rfind('/', b - 1);
      int32_t p = std::stoi(src.substr(a + 1, b - a - 1));
      int64_t o = std::stoll(src.substr(b + 1));
      auto key = std::make_pair(r.partition, p);
      if (last.count(key)) {
        EXPECT_GT(o, last[key]) << "output partition " << r.partition << " out of input order";
      }
      last[key] = o;
      EXPECT_TRUE(by_source[p].emplace(o, r.value).second) << "duplicate output for " << src;
    }
    std::map<int32_t, std::vector<std::string>> out;
    for (auto& [p, records] : by_source)
      for (auto& [o, v] : records) out[p].push_back(v);
    return out;
  }
  static std::vector<std::string> Expected(int p, int from, int to) {
    std::vector<std::string> v;
    for (int i = from; i < to; ++i) v.push_back("{\"enriched\":\"p" + std::to_string(p) + "-" + std::to_string(i) + "\"}");
    return v;
  }

  TestCluster cluster_{1};
  std::string raw_, out_, dlq_;
  int64_t t0_ = 0;
};

TEST_F(RealKafkaReplayTest, OffsetRangeReplaysExactlyThoseRecordsInOrder) {
  ReplaySummary s = RunReplayJob(Options(ParseReplayPosition("offsets:0=5,2=30"), ParseReplayPosition("offsets:0=25,2=40")),
                                 FakeTransforms());
  ASSERT_TRUE(s.complete) << s.failure;
  EXPECT_EQ(s.read, 30);
  auto out = OutputBySourcePartition();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], Expected(0, 5, 25));
  EXPECT_EQ(out[2], Expected(2, 30, 40));
}

TEST_F(RealKafkaReplayTest, TimestampRangeThroughTheBrokersTimeIndexReplaysThoseRecords) {
  // [t0 + 12 s, t0 + 31.5 s): records 12..31 of every partition.
  ReplayJobOptions o = Options(At(t0_ + 12000), At(t0_ + 31500));
  o.locator = TimestampLocatorKind::kOffsetsForTimes;
  ReplaySummary s = RunReplayJob(o, FakeTransforms());
  ASSERT_TRUE(s.complete) << s.failure;
  EXPECT_EQ(s.read, kPartitions * 20);
  auto out = OutputBySourcePartition();
  ASSERT_EQ(out.size(), static_cast<size_t>(kPartitions));
  for (int p = 0; p < kPartitions; ++p) EXPECT_EQ(out[p], Expected(p, 12, 32)) << "partition " << p;
}

TEST_F(RealKafkaReplayTest, OffsetsForTimesAgreesWithTheBinarySearchLocatorAtEveryInstant) {
  auto rk = NewClient(RD_KAFKA_CONSUMER, {{"bootstrap.servers", cluster_.bootstrap_servers()}, {"group.id", "locator-test"},
                                          {"enable.partition.eof", "true"}, {"fetch.wait.max.ms", "20"},
                                          {"fetch.error.backoff.ms", "20"}, {"log_level", "3"}});
  std::map<int32_t, Watermarks> marks;
  for (int p = 0; p < kPartitions; ++p) marks[p] = {0, kPerPartition};
  TimestampLocator broker(rk.get(), TimestampLocatorKind::kOffsetsForTimes, std::chrono::seconds(10));
  TimestampLocator search(rk.get(), TimestampLocatorKind::kBinarySearch, std::chrono::seconds(10));
  TimestampLocator automatic(rk.get(), TimestampLocatorKind::kAuto, std::chrono::seconds(10));
  // Before the first record, on records, between records, past the last (every 2.5 s: the
  // binary search reads several records per partition per instant).
  for (int64_t t = t0_ - 1500; t <= t0_ + (kPerPartition + 1) * 1000; t += 2500) {
    SCOPED_TRACE("t0 + " + std::to_string(t - t0_) + " ms");
    int64_t expected = std::clamp<int64_t>((t - t0_ + 999) / 1000, 0, kPerPartition);
    auto from_broker = broker.Locate(raw_, marks, t);
    auto from_search = search.Locate(raw_, marks, t);
    EXPECT_EQ(from_broker, from_search);
    for (int p = 0; p < kPartitions; ++p) EXPECT_EQ(from_broker.at(p), expected) << "partition " << p;
    automatic.Locate(raw_, marks, t);
    EXPECT_EQ(automatic.last_method(), TimestampLocatorKind::kOffsetsForTimes)
        << "the broker's answer is usable: auto must not fall back to the binary search";
  }
  rd_kafka_consumer_close(rk.get());
}

}  // namespace
}  // namespace wiretag::testing
