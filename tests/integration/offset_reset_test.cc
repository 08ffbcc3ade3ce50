// A group whose committed offset retention has deleted: on_offset_reset on
// librdkafka's mock cluster. The mock keeps at most 5 MB per partition and
// deletes the oldest message sets beyond that (rdkafka_mock.c), which is
// retention in effect: the log start moves past offsets never consumed.
#include <prometheus/metric_family.h>

#include "pipeline/metrics/stage_metrics.h"
#include "tests/integration/stage_harness.h"

namespace wiretag::testing {
namespace {

class OffsetResetTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new DevCluster(1);
    SharedTagger();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  std::string brokers() const { return cluster_->bootstrap_servers(); }

  // One input partition (so the mock's 5 MB limit applies to all of it),
  // outputs spread over 8 partitions (so theirs does not).
  Topics MakeTopics(const std::string& name) {
    Topics t{name + ".in", name + ".out", name + ".dlq", name + ".group", 1};
    cluster_->CreateTopic(t.input, 1);
    cluster_->CreateTopic(t.output, 8);
    cluster_->CreateTopic(t.dlq, 2);
    return t;
  }

  // Commits `offset` for the group on input partition 0 (as a member that
  // consumed up to there and then stopped).
  void CommitOffset(const Topics& t, int64_t offset) {
    auto rk = NewClient(RD_KAFKA_CONSUMER, {{"bootstrap.servers", brokers()}, {"group.id", t.group}, {"log_level", "3"}});
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(list, t.input.c_str(), 0)->offset = offset;
    EXPECT_EQ(rd_kafka_commit(rk.get(), list, /*async=*/0), RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_consumer_close(rk.get());
  }

  // Commits offset 0 for the group, then produces 2,600 stories of about
  // 3.7 KB (9.6 MB), so that the mock deletes the start of the log behind it;
  // returns the watermarks.
  std::pair<int64_t, int64_t> FallBehindRetention(const Topics& t) {
    CommitOffset(t, 0);
    InputProducer producer(brokers());
    std::string padding;
    for (int i = 0; i < 48; ++i) padding += " The ministers met again on Wednesday to discuss trade and security.";
    for (int i = 0; i < 2600; ++i) {
      std::string story = Story(i);
      story.insert(story.rfind("\"}]}"), padding);
      producer.Send(t.input, 0, "key-" + std::to_string(i), story);
    }
    producer.Flush();
    auto rk = NewClient(RD_KAFKA_CONSUMER, {{"bootstrap.servers", brokers()}, {"group.id", "watermarks"}, {"log_level", "3"}});
    int64_t low = -1, high = -1;
    EXPECT_EQ(rd_kafka_query_watermark_offsets(rk.get(), t.input.c_str(), 0, &low, &high, 10000),
              RD_KAFKA_RESP_ERR_NO_ERROR);
    return {low, high};
  }

  static DevCluster* cluster_;
};
DevCluster* OffsetResetTest::cluster_ = nullptr;

// wiretag_records_skipped_total{reason="offset_out_of_range"} summed over partitions of `topic`.
double SkippedOffsets(const StageMetrics& metrics, const std::string& topic) {
  double sum = 0;
  for (const auto& family : metrics.Collect()) {
    if (family.name != "wiretag_records_skipped_total") continue;
    for (const auto& m : family.metric) {
      bool reason = false, ours = false;
      for (const auto& label : m.label) {
        reason |= label.name == "reason" && label.value == "offset_out_of_range";
        ours |= label.name == "topic" && label.value == topic;
      }
      if (reason && ours) sum += m.counter.value;
    }
  }
  return sum;
}

// RunGroupStage on a thread, with metrics.
class MeteredStage {
 public:
  MeteredStage(Config config)
      : metrics_("test"), thread_([this, config = std::move(config)] {
          result_ = RunGroupStage(config, TestFactory(), &metrics_, stop_);
          done_ = true;
        }) {}
  ~MeteredStage() { Stop(); }
  StageRunResult Stop() {
    stop_ = 1;
    if (thread_.joinable()) thread_.join();
    return result_;
  }
  bool WaitDone(std::chrono::seconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (!done_ && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return done_;
  }
  const StageMetrics& metrics() const { return metrics_; }
  // Waits until the stage counted skipped offsets of `topic` (or 60 s passed); returns how many.
  double AwaitSkipped(const std::string& topic) {
    auto deadline = Clock::now() + std::chrono::seconds(60);
    while (SkippedOffsets(metrics_, topic) == 0 && Clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling the counter with a deadline
    return SkippedOffsets(metrics_, topic);
  }

 private:
  StageMetrics metrics_;
  std::atomic<int> stop_{0};
  std::atomic<bool> done_{false};
  StageRunResult result_;
  std::thread thread_;
};

TEST_F(OffsetResetTest, EarliestSkipsOnlyTheDeletedOffsetsCountsThemAndTagsEverythingStillInTheLog) {
  Topics t = MakeTopics("reset-earliest");
  auto [low, high] = FallBehindRetention(t);
  ASSERT_GT(low, 0) << "the mock deleted nothing: the test cannot fall behind retention";
  Config config = StageConfig(brokers(), t, 2);
  config.on_offset_reset = "earliest";
  OutputReader reader(brokers(), {{t.output, 8}, {t.dlq, 2}});
  MeteredStage stage(config);
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= static_cast<size_t>(high - low); },
                             std::chrono::seconds(120)))
      << reader.distinct() << " of " << high - low;
  EXPECT_EQ(stage.Stop().exit_code, 0);
  EXPECT_EQ(SkippedOffsets(stage.metrics(), t.input), static_cast<double>(low));
  for (int64_t o = low; o < high; ++o) ASSERT_TRUE(reader.seen().count({0, o})) << "no output for offset " << o;
  for (const auto& r : reader.records()) EXPECT_GE(r.in_offset, low) << "an output for a deleted offset";
  EXPECT_EQ(CommittedOffsets(brokers(), t.group, t.input, 1)[0], high);
}

TEST_F(OffsetResetTest, FailStopsTheStageWithExitOneAndLeavesTheCommittedOffset) {
  Topics t = MakeTopics("reset-fail");
  auto [low, high] = FallBehindRetention(t);
  ASSERT_GT(low, 0) << "the mock deleted nothing: the test cannot fall behind retention";
  Config config = StageConfig(brokers(), t, 1);
  config.on_offset_reset = "fail";
  MeteredStage stage(config);
  ASSERT_TRUE(stage.WaitDone(std::chrono::seconds(60))) << "the stage went on past deleted offsets";
  EXPECT_EQ(stage.Stop().exit_code, 1);
  EXPECT_EQ(SkippedOffsets(stage.metrics(), t.input), 0.0);
  EXPECT_EQ(CommittedOffsets(brokers(), t.group, t.input, 1)[0], 0);
}

TEST_F(OffsetResetTest, LatestSkipsToTheEndCountsEverythingPassedOverAndTagsOnlyNewRecords) {
  Topics t = MakeTopics("reset-latest");
  auto [low, high] = FallBehindRetention(t);
  ASSERT_GT(low, 0) << "the mock deleted nothing: the test cannot fall behind retention";
  Config config = StageConfig(brokers(), t, 1);
  config.on_offset_reset = "latest";
  MeteredStage stage(config);
  ASSERT_EQ(stage.AwaitSkipped(t.input), static_cast<double>(high));
  InputProducer producer(brokers());
  for (int i = 0; i < 5; ++i) producer.Send(t.input, 0, "new-" + std::to_string(i), Story(10000 + i));
  producer.Flush();
  OutputReader reader(brokers(), {{t.output, 8}, {t.dlq, 2}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= 5; }, std::chrono::seconds(60))) << reader.distinct();
  EXPECT_EQ(stage.Stop().exit_code, 0);
  ASSERT_TRUE(reader.ReadToEnd(std::chrono::seconds(60))) << reader.unfinished();
  EXPECT_EQ(reader.distinct(), 5u);
  for (const auto& r : reader.records()) EXPECT_GE(r.in_offset, high) << "an output for a passed-over offset";
}

// Issue 14: the skip itself is committed, so a restart neither meets nor counts it again, even with nothing
// consumed after it.
TEST_F(OffsetResetTest, ASkipWithNothingConsumedAfterItIsCommittedSoARestartDoesNotCountItAgain) {
  Topics t = MakeTopics("reset-restart");
  auto [low, high] = FallBehindRetention(t);
  ASSERT_GT(low, 0) << "the mock deleted nothing: the test cannot fall behind retention";
  Config config = StageConfig(brokers(), t, 1);
  config.on_offset_reset = "latest";
  {
    MeteredStage stage(config);
    ASSERT_EQ(stage.AwaitSkipped(t.input), static_cast<double>(high));
    EXPECT_EQ(stage.Stop().exit_code, 0);
  }
  EXPECT_EQ(CommittedOffsets(brokers(), t.group, t.input, 1)[0], high);
  InputProducer producer(brokers());
  producer.Send(t.input, 0, "after-restart", Story(20000));
  producer.Flush();
  OutputReader reader(brokers(), {{t.output, 8}, {t.dlq, 2}});
  MeteredStage restarted(config);
  ASSERT_TRUE(reader.WaitFor([&] { return reader.seen().count({0, high}) > 0; }, std::chrono::seconds(60)))
      << "no output for the record produced after the restart";
  EXPECT_EQ(restarted.Stop().exit_code, 0);
  EXPECT_EQ(SkippedOffsets(restarted.metrics(), t.input), 0.0);
  EXPECT_EQ(reader.distinct(), 1u);
}

}  // namespace
}  // namespace wiretag::testing
