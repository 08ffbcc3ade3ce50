// A group whose committed offset retention has deleted: on_offset_reset on
// librdkafka's mock cluster. The mock keeps at most 5 MB per partition and
// deletes the oldest message sets beyond that (rdkafka_mock.c), which is
// retention in effect: the log start moves past offsets never consumed.
#include <memory>
#include <tuple>

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

  // The prologue every test shares: the group's committed offset at 0 behind
  // the log start retention moved (FallBehindRetention), then the stage
  // started on the topics named after `name` with on_offset_reset `policy`,
  // counting into metrics_. Sets t_, low_, high_, config_ and stage_.
  void StartBehindRetention(const std::string& name, const std::string& policy, int workers = 1) {
    t_ = MakeTopics(name);
    std::tie(low_, high_) = FallBehindRetention(t_);
    ASSERT_GT(low_, 0) << "the mock deleted nothing: the test cannot fall behind retention";
    config_ = StageConfig(brokers(), t_, workers);
    config_.on_offset_reset = policy;
    stage_ = std::make_unique<StageThread>(config_, TestFactory(), &metrics_);
  }

  // Awaits the stage's count of skipped input offsets (nothing notifies a
  // counter: polled, for up to 60 s); returns it, 0 when nothing was counted.
  double AwaitSkipped() {
    Eventually([&] { return SkippedOffsets(metrics_, t_.input) > 0; }, std::chrono::seconds(60));
    return SkippedOffsets(metrics_, t_.input);
  }

  static DevCluster* cluster_;
  Topics t_;
  int64_t low_ = -1, high_ = -1;
  Config config_;
  StageMetrics metrics_{"test"};
  std::unique_ptr<StageThread> stage_;  // stopped before metrics_ goes
};
DevCluster* OffsetResetTest::cluster_ = nullptr;

TEST_F(OffsetResetTest, EarliestSkipsOnlyTheDeletedOffsetsCountsThemAndTagsEverythingStillInTheLog) {
  ASSERT_NO_FATAL_FAILURE(StartBehindRetention("reset-earliest", "earliest", 2));
  OutputReader reader(brokers(), {{t_.output, 8}, {t_.dlq, 2}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= static_cast<size_t>(high_ - low_); },
                             std::chrono::seconds(120)))
      << reader.distinct() << " of " << high_ - low_;
  EXPECT_EQ(stage_->Stop().exit_code, 0);
  EXPECT_EQ(SkippedOffsets(metrics_, t_.input), static_cast<double>(low_));
  for (int64_t o = low_; o < high_; ++o) ASSERT_TRUE(reader.seen().count({0, o})) << "no output for offset " << o;
  for (const auto& r : reader.records()) EXPECT_GE(r.in_offset, low_) << "an output for a deleted offset";
  EXPECT_EQ(CommittedOffsets(brokers(), t_.group, t_.input, 1)[0], high_);
}

TEST_F(OffsetResetTest, FailStopsTheStageWithExitOneAndLeavesTheCommittedOffset) {
  ASSERT_NO_FATAL_FAILURE(StartBehindRetention("reset-fail", "fail"));
  ASSERT_TRUE(stage_->WaitDone(std::chrono::seconds(60))) << "the stage went on past deleted offsets";
  EXPECT_EQ(stage_->Stop().exit_code, 1);
  EXPECT_EQ(SkippedOffsets(metrics_, t_.input), 0.0);
  EXPECT_EQ(CommittedOffsets(brokers(), t_.group, t_.input, 1)[0], 0);
}

TEST_F(OffsetResetTest, LatestSkipsToTheEndCountsEverythingPassedOverAndTagsOnlyNewRecords) {
  ASSERT_NO_FATAL_FAILURE(StartBehindRetention("reset-latest", "latest"));
  ASSERT_EQ(AwaitSkipped(), static_cast<double>(high_));
  InputProducer producer(brokers());
  for (int i = 0; i < 5; ++i) producer.Send(t_.input, 0, "new-" + std::to_string(i), Story(10000 + i));
  producer.Flush();
  OutputReader reader(brokers(), {{t_.output, 8}, {t_.dlq, 2}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= 5; }, std::chrono::seconds(60))) << reader.distinct();
  EXPECT_EQ(stage_->Stop().exit_code, 0);
  ASSERT_TRUE(reader.ReadToEnd(std::chrono::seconds(60))) << reader.unfinished();
  EXPECT_EQ(reader.distinct(), 5u);
  for (const auto& r : reader.records()) EXPECT_GE(r.in_offset, high_) << "an output for a passed-over offset";
}

// Issue 14: the skip itself is committed, so a restart neither meets nor counts it again, even with nothing
// consumed after it.
TEST_F(OffsetResetTest, ASkipWithNothingConsumedAfterItIsCommittedSoARestartDoesNotCountItAgain) {
  ASSERT_NO_FATAL_FAILURE(StartBehindRetention("reset-restart", "latest"));
  ASSERT_EQ(AwaitSkipped(), static_cast<double>(high_));
  EXPECT_EQ(stage_->Stop().exit_code, 0);
  EXPECT_EQ(CommittedOffsets(brokers(), t_.group, t_.input, 1)[0], high_);
  InputProducer producer(brokers());
  producer.Send(t_.input, 0, "after-restart", Story(20000));
  producer.Flush();
  OutputReader reader(brokers(), {{t_.output, 8}, {t_.dlq, 2}});
  StageMetrics restarted_metrics("test");
  StageThread restarted(config_, TestFactory(), &restarted_metrics);
  ASSERT_TRUE(reader.WaitFor([&] { return reader.seen().count({0, high_}) > 0; }, std::chrono::seconds(60)))
      << "no output for the record produced after the restart";
  EXPECT_EQ(restarted.Stop().exit_code, 0);
  EXPECT_EQ(SkippedOffsets(restarted_metrics, t_.input), 0.0);
  EXPECT_EQ(reader.distinct(), 1u);
}

}  // namespace
}  // namespace wiretag::testing
