// `wiretag replay` on the mock cluster: which records a range selects.
#include <atomic>
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "pipeline/source/replay_range.h"
#include "pipeline/source/replay_range_resolver.h"
#include "pipeline/app/replay_job.h"
#include "tests/integration/replay_test_support.h"

namespace wiretag {
namespace {

using testing::FakeTransforms;
using testing::ReplayTestConfig;
using testing::MockCluster;
using testing::ReadRecord;
using testing::ReadTopic;
using testing::TestProducer;

constexpr int64_t kT0 = 1795860000000;  // 2026-11-28T10:00:00Z

class ReplayRangeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_.CreateTopic("raw", 4);
    cluster_.CreateTopic("enriched", 4);
    cluster_.CreateTopic("dlq", 1);
  }
  // `n` records per partition; record i of partition p is "p<p>-<i>" stamped kT0 + i seconds.
  void Fill(int n) {
    TestProducer producer(cluster_.bootstraps());
    for (int p = 0; p < 4; ++p)
      for (int i = 0; i < n; ++i)
        producer.Produce("raw", p, "k" + std::to_string(i), "p" + std::to_string(p) + "-" + std::to_string(i),
                         kT0 + i * 1000);
    producer.Flush();
  }
  ReplayJobOptions Options(const std::string& from, const std::string& to = "end") {
    ReplayJobOptions o;
    o.config = ReplayTestConfig(cluster_, "enriched");
    o.input = "raw";
    o.from = ParseReplayPosition(from);
    o.to = ParseReplayPosition(to);
    o.runner.workers = 3;
    return o;
  }
  // Values of the output, per source partition (from the wiretag.source header),
  // sorted by source offset. Fails the test if, within any output partition,
  // the records of one source partition are out of input order.
  std::map<int32_t, std::vector<std::string>> OutputBySourcePartition(const std::string& topic = "enriched") {
    std::map<int32_t, std::map<int64_t, std::string>> by_source;
    std::map<std::pair<int32_t, int32_t>, int64_t> last;  // (output partition, source partition) -> source offset
    for (const ReadRecord& r : ReadTopic(cluster_.bootstraps(), topic)) {
      const std::string& src = r.headers.at("wiretag.source");  // raw/P/O
      size_t slash = src.find('/', 4);
      int32_t p = std::stoi(src.substr(4, slash - 4));
      int64_t o = std::stoll(src.substr(slash + 1));
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

  MockCluster cluster_;
};

TEST_F(ReplayRangeTest, OffsetRangeReplaysExactlyThoseRecordsInOrder) {
  Fill(40);
  ReplaySummary s = RunReplayJob(Options("offsets:0=5,2=30", "offsets:0=25,2=40"), FakeTransforms());
  ASSERT_TRUE(s.complete) << s.failure;
  EXPECT_EQ(s.read, 30);
  EXPECT_EQ(s.enriched, 30);
  auto out = OutputBySourcePartition();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], Expected(0, 5, 25));
  EXPECT_EQ(out[2], Expected(2, 30, 40));
}

TEST_F(ReplayRangeTest, TimestampRangeIsLocatedOnTheMockClusterByBinarySearch) {
  Fill(50);
  // [kT0 + 12 s, kT0 + 31.5 s): records 12..31 of every partition.
  ReplayJobOptions o = Options("2026-11-28T10:00:12Z", "2026-11-28T10:00:31.500Z");
  o.locator = TimestampLocatorKind::kAuto;
  ReplaySummary s = RunReplayJob(o, FakeTransforms());
  ASSERT_TRUE(s.complete) << s.failure;
  auto out = OutputBySourcePartition();
  ASSERT_EQ(out.size(), 4u);
  for (int p = 0; p < 4; ++p) EXPECT_EQ(out[p], Expected(p, 12, 32)) << "partition " << p;
}

TEST_F(ReplayRangeTest, AutoLocatorDetectsTheMockClustersUnusableOffsetsForTimes) {
  Fill(20);
  char err[256];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (auto& [k, v] : cluster_.Properties()) rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err);
  rd_kafka_conf_set(conf, "group.id", "locator-test", err, sizeof err);
  rd_kafka_conf_set(conf, "enable.partition.eof", "true", err, sizeof err);
  rd_kafka_conf_set(conf, "fetch.wait.max.ms", "20", err, sizeof err);
  rd_kafka_conf_set(conf, "fetch.error.backoff.ms", "20", err, sizeof err);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  ASSERT_NE(rk, nullptr) << err;
  std::map<int32_t, Watermarks> marks{{1, {0, 20}}};
  TimestampLocator autolocator(rk, TimestampLocatorKind::kAuto, std::chrono::seconds(10));
  EXPECT_EQ(autolocator.Locate("raw", marks, kT0 + 7000).at(1), 7);
  EXPECT_EQ(autolocator.last_method(), TimestampLocatorKind::kBinarySearch);
  // Past the last record, -1 is the right answer and the broker's is kept.
  EXPECT_EQ(autolocator.Locate("raw", marks, kT0 + 60000).at(1), 20);
  EXPECT_EQ(autolocator.last_method(), TimestampLocatorKind::kOffsetsForTimes);
  TimestampLocator search(rk, TimestampLocatorKind::kBinarySearch, std::chrono::seconds(10));
  EXPECT_EQ(search.Locate("raw", marks, kT0 + 19000).at(1), 19);
  EXPECT_EQ(search.Locate("raw", marks, 0).at(1), 0);
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
}

TEST_F(ReplayRangeTest, PartitionSubsetLeavesOtherPartitionsOut) {
  Fill(10);
  ReplayJobOptions o = Options("beginning");
  o.partitions = ParsePartitionList("1,3");
  ReplaySummary s = RunReplayJob(o, FakeTransforms());
  ASSERT_TRUE(s.complete) << s.failure;
  auto out = OutputBySourcePartition();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1], Expected(1, 0, 10));
  EXPECT_EQ(out[3], Expected(3, 0, 10));
}

TEST_F(ReplayRangeTest, EndIsCapturedAtStartWhileAProducerKeepsWriting) {
  Fill(30);
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    TestProducer producer(cluster_.bootstraps());
    for (int i = 30; !stop.load(); ++i) {
      for (int p = 0; p < 4; ++p) producer.Produce("raw", p, "", "p" + std::to_string(p) + "-" + std::to_string(i));
      producer.Flush();
      written = i;
      written.notify_all();
    }
  });
  // Wait until the writer is demonstrably writing during the replay (woken at each flushed batch).
  for (int w = written.load(); w < 35; w = written.load()) written.wait(w);
  ReplaySummary s = RunReplayJob(Options("beginning"), FakeTransforms());
  int written_after = written.load();
  stop = true;
  writer.join();
  ASSERT_TRUE(s.complete) << s.failure;
  auto out = OutputBySourcePartition();
  for (int p = 0; p < 4; ++p) {
    int64_t end = s.plan.partitions.at(p).to;
    EXPECT_GE(end, 36) << "partition " << p;
    // At most one batch beyond the last one whose flush the writer saw returning
    // (offsets 0..written_after are flushed; written_after + 1 may be on its way).
    EXPECT_LE(end, written_after + 2) << "partition " << p;
    EXPECT_EQ(out[p], Expected(p, 0, static_cast<int>(end))) << "partition " << p;
  }
}

TEST_F(ReplayRangeTest, ReversedOrUnknownRangesAreRefusedWithAMessage) {
  Fill(5);
  EXPECT_THROW(RunReplayJob(Options("offsets:0=4", "offsets:0=2"), FakeTransforms()), std::runtime_error);
  EXPECT_THROW(RunReplayJob(Options("offsets:0=9"), FakeTransforms()), std::runtime_error);  // past the end
  ReplayJobOptions o = Options("beginning");
  o.partitions = {7};
  EXPECT_THROW(RunReplayJob(o, FakeTransforms()), std::runtime_error);
  // (An unknown topic is not tested here: the mock cluster creates any topic asked for.)
}

}  // namespace
}  // namespace wiretag
