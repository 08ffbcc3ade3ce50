// on_offset_reset on a real broker whose time retention really deletes log
// segments behind the group's committed offsets.
//
// Each test makes an input topic of two partitions with retention.ms of one
// hour, and produces records stamped two hours ago (CreateTime): partition 0
// gets kOld of them and then kNew stamped now, partition 1 only kOld old ones.
// The first new record rolls partition 0's segment (its timestamp is more than
// segment.ms after the segment's first), so retention deletes exactly the old
// segment there, and all of partition 1 (the broker rolls a log whose every
// segment expired). The group's committed offsets stay at 0, behind the
// deleted range. The test awaits the broker's log start offsets (ListOffsets)
// moving to kOld; the broker must check retention often, which
// tests/kafka/real-broker-suite.sh sets up with kafka-local's
// --broker-property log.retention.check.interval.ms=1000 (and
// log.initial.task.delay.ms=0, or the first check waits 30 s).
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include "tests/integration/replay_test_support.h"
#include "tests/kafka/real_kafka_support.h"

namespace wiretag::testing {
namespace {

constexpr int64_t kOld = 300, kNew = 200;

// Every log message at error level or above, while installed.
class ErrorLogCapture final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::vector<std::string> messages() {
    std::lock_guard<std::mutex> lock(mutex_);
    return messages_;
  }
  size_t CountContaining(const std::vector<std::string>& parts) {
    size_t n = 0;
    for (const auto& m : messages()) {
      bool all = true;
      for (const auto& p : parts) all = all && m.find(p) != std::string::npos;
      n += all;
    }
    return n;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    if (msg.level >= spdlog::level::err) messages_.emplace_back(msg.payload.data(), msg.payload.size());
  }
  void flush_() override {}

 private:
  std::vector<std::string> messages_;
};

class RealKafkaOffsetResetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster_.real()) << kNeedsRealCluster;
    capture_ = std::make_shared<ErrorLogCapture>();
    previous_logger_ = spdlog::default_logger();
    auto sinks = previous_logger_->sinks();
    sinks.push_back(capture_);
    auto logger = std::make_shared<spdlog::logger>("capture", sinks.begin(), sinks.end());
    logger->set_level(previous_logger_->level());
    spdlog::set_default_logger(logger);
  }
  void TearDown() override {
    if (previous_logger_) spdlog::set_default_logger(previous_logger_);
  }

  // The topics, the committed offsets at 0, and the old records deleted by retention.
  Topics FallBehindRetention(const std::string& name) {
    Topics t{cluster_.CreateTopic(name + ".in", 2,
                                  {{"retention.ms", "3600000"}, {"segment.ms", "600000"}}),
             cluster_.CreateTopic(name + ".out", 2), cluster_.CreateTopic(name + ".dlq", 1),
             cluster_.Name(name + ".group"), 2};
    CommitZero(t);
    const int64_t now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    TestProducer producer(cluster_.bootstrap_servers());
    for (int32_t p = 0; p < 2; ++p)
      for (int64_t i = 0; i < kOld; ++i)
        producer.Produce(t.input, p, "old-" + std::to_string(i), Story(static_cast<int>(i)), now - 7'200'000);
    producer.Flush();  // the old records in their own batches, before the first new one rolls the segment
    for (int64_t i = 0; i < kNew; ++i)
      producer.Produce(t.input, 0, "new-" + std::to_string(i), Story(static_cast<int>(kOld + i)), now);
    producer.Flush();
    AwaitLogStart(t.input, {{0, kOld}, {1, kOld}}, {{0, kOld + kNew}, {1, kOld}});
    return t;
  }

  // Commits offset 0 on both partitions, as a member that stopped before consuming anything.
  void CommitZero(const Topics& t) {
    auto rk = NewClient(RD_KAFKA_CONSUMER,
                        {{"bootstrap.servers", cluster_.bootstrap_servers()}, {"group.id", t.group}, {"log_level", "3"}});
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(2);
    for (int32_t p = 0; p < 2; ++p) rd_kafka_topic_partition_list_add(list, t.input.c_str(), p)->offset = 0;
    EXPECT_EQ(rd_kafka_commit(rk.get(), list, /*async=*/0), RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_consumer_close(rk.get());
  }

  // Polls the partitions' watermarks (ListOffsets) until the log starts are `low`; checks the ends are `high`.
  void AwaitLogStart(const std::string& topic, std::map<int32_t, int64_t> low, std::map<int32_t, int64_t> high) {
    auto rk = NewClient(RD_KAFKA_CONSUMER,
                        {{"bootstrap.servers", cluster_.bootstrap_servers()}, {"group.id", "watermarks"}, {"log_level", "3"}});
    std::map<int32_t, std::pair<int64_t, int64_t>> seen;
    auto deadline = Clock::now() + std::chrono::seconds(60);
    while (true) {
      for (const auto& [p, want] : low) {
        int64_t l = -1, h = -1;
        if (!rd_kafka_query_watermark_offsets(rk.get(), topic.c_str(), p, &l, &h, 10000)) seen[p] = {l, h};
      }
      bool moved = true;
      for (const auto& [p, want] : low) moved = moved && seen.count(p) && seen[p].first == want;
      if (moved) break;
      ASSERT_LT(Clock::now(), deadline)
          << "retention did not delete the old segments within 60 s (log start of partition 0: " << seen[0].first
          << ", 1: " << seen[1].first << ", want " << kOld
          << "); the broker needs --broker-property log.retention.check.interval.ms=1000";
      std::this_thread::sleep_for(std::chrono::milliseconds(200));  // polling the broker's log start with a deadline
    }
    for (const auto& [p, want] : high) EXPECT_EQ(seen[p].second, want) << "end of partition " << p;
  }

  Config StageConfigFor(const Topics& t, const std::string& policy) {
    Config config = StageConfig(cluster_.bootstrap_servers(), t, 2);
    config.on_offset_reset = policy;
    return config;
  }

  // The prologue every test shares: the topics behind retention
  // (FallBehindRetention), then the stage started with on_offset_reset
  // `policy`, counting into metrics_.
  Topics StartBehindRetention(const std::string& name, const std::string& policy) {
    Topics t = FallBehindRetention(name);
    stage_ = std::make_unique<StageThread>(StageConfigFor(t, policy), TestFactory(), &metrics_);
    return t;
  }

  TestCluster cluster_{1};
  std::shared_ptr<ErrorLogCapture> capture_;
  std::shared_ptr<spdlog::logger> previous_logger_;
  StageMetrics metrics_{"test"};
  std::unique_ptr<StageThread> stage_;  // stopped before metrics_ goes
};

TEST_F(RealKafkaOffsetResetTest, FailStopsTheStageWithExitOneNamingTheDeletedRangeAndLeavesTheCommittedOffsets) {
  Topics t = StartBehindRetention("reset-fail", "fail");
  ASSERT_TRUE(stage_->WaitDone(std::chrono::seconds(60))) << "the stage went on past deleted offsets";
  EXPECT_EQ(stage_->Stop().exit_code, 1);
  // The first partition found out of range stops the stage; either names offsets 0..kOld-1.
  EXPECT_EQ(capture_->CountContaining({"offset 0 is out of range", "offsets 0.." + std::to_string(kOld - 1),
                                       std::to_string(kOld) + " records", "on_offset_reset is fail"}),
            1u)
      << ::testing::PrintToString(capture_->messages());
  EXPECT_EQ(SkippedOffsets(metrics_, t.input, 0) + SkippedOffsets(metrics_, t.input, 1), 0.0);
  auto committed = CommittedOffsets(cluster_.bootstrap_servers(), t.group, t.input, 2);
  EXPECT_EQ(committed[0], 0);
  EXPECT_EQ(committed[1], 0);
}

TEST_F(RealKafkaOffsetResetTest, EarliestSkipsAndCountsExactlyTheDeletedOffsetsPerPartitionAndTagsTheRest) {
  Topics t = StartBehindRetention("reset-earliest", "earliest");
  OutputReader reader(cluster_.bootstrap_servers(), {{t.output, 2}, {t.dlq, 1}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= static_cast<size_t>(kNew); }, std::chrono::seconds(120)))
      << reader.distinct() << " of " << kNew;
  // Partition 1 has no record to await, and nothing notifies its counter: polled.
  EXPECT_TRUE(Eventually([&] { return SkippedOffsets(metrics_, t.input, 1) > 0; }, std::chrono::seconds(30)))
      << "partition 1's skip was not counted within 30 s";
  EXPECT_EQ(stage_->Stop().exit_code, 0);
  EXPECT_EQ(SkippedOffsets(metrics_, t.input, 0), static_cast<double>(kOld));
  EXPECT_EQ(SkippedOffsets(metrics_, t.input, 1), static_cast<double>(kOld));
  for (int32_t p = 0; p < 2; ++p)
    EXPECT_EQ(capture_->CountContaining({t.input + "/" + std::to_string(p) + ": offset 0 is out of range",
                                         "skipping offsets 0.." + std::to_string(kOld - 1),
                                         std::to_string(kOld) + " records, " + std::to_string(kOld) + " of them deleted",
                                         "resuming at " + std::to_string(kOld)}),
              1u)
        << "partition " << p << ": " << ::testing::PrintToString(capture_->messages());
  ASSERT_TRUE(reader.ReadToEnd(std::chrono::seconds(60))) << reader.unfinished();
  EXPECT_EQ(reader.distinct(), static_cast<size_t>(kNew));
  for (int64_t o = kOld; o < kOld + kNew; ++o) EXPECT_TRUE(reader.seen().count({0, o})) << "no output for offset " << o;
  EXPECT_EQ(reader.duplicates(), 0u);
  // Partition 0's tagged records are committed; partition 1, where nothing was consumed after the skip,
  // is committed at the skip's end.
  auto committed = CommittedOffsets(cluster_.bootstrap_servers(), t.group, t.input, 2);
  EXPECT_EQ(committed[0], kOld + kNew);
  EXPECT_EQ(committed[1], kOld);

  // A restart resumes after the skip: it neither counts nor logs the deleted range again. One new record per
  // partition is the event awaited: its output shows each partition was fetched (a position still at 0 would
  // have met the reset first).
  InputProducer producer(cluster_.bootstrap_servers());
  for (int32_t p = 0; p < 2; ++p) producer.Send(t.input, p, "after-restart", Story(20000 + p));
  producer.Flush();
  StageMetrics restarted_metrics("test");
  StageThread restarted(StageConfigFor(t, "earliest"), TestFactory(), &restarted_metrics);
  ASSERT_TRUE(reader.WaitFor([&] { return reader.seen().count({0, kOld + kNew}) && reader.seen().count({1, kOld}); },
                             std::chrono::seconds(120)))
      << "no output for the records produced after the restart";
  EXPECT_EQ(restarted.Stop().exit_code, 0);
  EXPECT_EQ(SkippedOffsets(restarted_metrics, t.input, 0) + SkippedOffsets(restarted_metrics, t.input, 1), 0.0);
  EXPECT_EQ(capture_->CountContaining({"is out of range"}), 2u) << ::testing::PrintToString(capture_->messages());
}

TEST_F(RealKafkaOffsetResetTest, LatestCountsTheDeletedAndThePassedOverOffsetsPerPartitionAndTagsOnlyNewRecords) {
  Topics t = StartBehindRetention("reset-latest", "latest");
  EXPECT_TRUE(Eventually([&] { return SkippedOffsets(metrics_, t.input, 0) > 0 && SkippedOffsets(metrics_, t.input, 1) > 0; },
                         std::chrono::seconds(60)))
      << "the skips were not counted on both partitions within 60 s";
  // Partition 1: exactly the deleted offsets. Partition 0: the deleted ones and the kNew still in the log.
  EXPECT_EQ(SkippedOffsets(metrics_, t.input, 0), static_cast<double>(kOld + kNew));
  EXPECT_EQ(SkippedOffsets(metrics_, t.input, 1), static_cast<double>(kOld));
  EXPECT_EQ(capture_->CountContaining({t.input + "/0: offset 0 is out of range",
                                       "skipping offsets 0.." + std::to_string(kOld + kNew - 1),
                                       std::to_string(kOld + kNew) + " records, " + std::to_string(kOld) + " of them",
                                       "resuming at " + std::to_string(kOld + kNew)}),
            1u)
      << ::testing::PrintToString(capture_->messages());
  EXPECT_EQ(capture_->CountContaining({t.input + "/1: offset 0 is out of range",
                                       "skipping offsets 0.." + std::to_string(kOld - 1),
                                       std::to_string(kOld) + " records, " + std::to_string(kOld) + " of them",
                                       "resuming at " + std::to_string(kOld)}),
            1u)
      << ::testing::PrintToString(capture_->messages());
  InputProducer producer(cluster_.bootstrap_servers());
  for (int i = 0; i < 5; ++i) producer.Send(t.input, i % 2, "later-" + std::to_string(i), Story(10000 + i));
  producer.Flush();
  OutputReader reader(cluster_.bootstrap_servers(), {{t.output, 2}, {t.dlq, 1}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= 5; }, std::chrono::seconds(60))) << reader.distinct();
  EXPECT_EQ(stage_->Stop().exit_code, 0);
  ASSERT_TRUE(reader.ReadToEnd(std::chrono::seconds(60))) << reader.unfinished();
  EXPECT_EQ(reader.distinct(), 5u);
  for (const auto& r : reader.records())
    EXPECT_GE(r.in_offset, r.in_partition == 0 ? kOld + kNew : kOld) << "an output for a skipped offset";
}

}  // namespace
}  // namespace wiretag::testing
