// Exactly-once mode (delivery: exactly-once) on librdkafka's mock cluster:
// the transaction sequence, offsets committed only through transactions, and
// an abortable error that aborts and rewinds without losing a record.
// The mock cluster accepts transactions but neither stores the offsets of a
// TxnOffsetCommit nor hides aborted records, so what a read_committed reader
// sees after crashes is proven on real Kafka (tests/kafka/).
#include <prometheus/metric_family.h>

#include "pipeline/metrics/stage_metrics.h"
#include "tests/integration/stage_harness.h"

namespace wiretag::testing {
namespace {

// Kafka protocol ApiKeys of the requests these tests count.
constexpr int16_t kOffsetCommit = 8;
constexpr int16_t kEndTxn = 26;
constexpr int16_t kTxnOffsetCommit = 28;

double CounterValue(const StageMetrics& metrics, const std::string& name, const std::string& result) {
  for (const auto& family : metrics.Collect()) {
    if (family.name != name) continue;
    for (const auto& metric : family.metric)
      for (const auto& label : metric.label)
        if (label.name == "result" && label.value == result)
          return family.type == prometheus::MetricType::Histogram
                     ? static_cast<double>(metric.histogram.sample_count)
                     : metric.counter.value;
  }
  return -1;
}

// Requests of `api_key` the mock cluster received since tracking started.
size_t RequestsOf(rd_kafka_mock_cluster_t* mock, int16_t api_key) {
  size_t n = 0, count = 0;
  rd_kafka_mock_request_t** requests = rd_kafka_mock_get_requests(mock, &n);
  for (size_t i = 0; i < n; ++i)
    if (rd_kafka_mock_request_api_key(requests[i]) == api_key) ++count;
  rd_kafka_mock_request_destroy_array(requests, n);
  return count;
}

class ExactlyOnceMockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = std::make_unique<DevCluster>(3);
    SharedTagger();
  }
  Config ExactlyOnceConfig(const Topics& t, int workers) {
    Config c = StageConfig(cluster_->bootstrap_servers(), t, workers);
    c.delivery = "exactly-once";
    c.instance_id = "test-" + t.group;
    c.transactions.interval_ms = 50;
    c.transactions.max_records = 200;
    return c;
  }
  void Produce(const Topics& t, int n) {
    InputProducer producer(cluster_->bootstrap_servers());
    for (int i = 0; i < n; ++i) producer.Send(t.input, i % t.partitions, "key-" + std::to_string(i), Story(i));
    producer.Flush();
  }
  std::unique_ptr<DevCluster> cluster_;
};

TEST_F(ExactlyOnceMockTest, OutputsAndOffsetsCommitInTransactionsAndTheGroupIsNeverCommittedOtherwise) {
  Topics t = MakeTopics(*cluster_, "eos-commit", 4);
  const int n = 2000;
  Produce(t, n);
  rd_kafka_mock_start_request_tracking(cluster_->mock());
  StageMetrics metrics("test");
  StageThread stage(ExactlyOnceConfig(t, 3), TestFactory(), &metrics);
  OutputReader reader(cluster_->bootstrap_servers(), {{t.output, 4}, {t.dlq, 2}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= static_cast<size_t>(n); }, std::chrono::seconds(120)))
      << reader.distinct() << " of " << n;
  StageRunResult result = stage.Stop();
  EXPECT_EQ(result.exit_code, 0);
  ASSERT_TRUE(reader.ReadToEnd(std::chrono::seconds(60))) << reader.unfinished();
  EXPECT_EQ(reader.duplicates(), 0u);
  for (int p = 0; p < 4; ++p)
    for (int64_t o = 0; o < n / 4; ++o) ASSERT_TRUE(reader.seen().count({p, o})) << p << "/" << o;
  ExpectInputOrderPerPartition(reader.records(), /*allow_replays=*/false);
  // Transactions, each ended with its offsets: the consumer never commits
  // the group's offsets outside a transaction. (How many depends on the
  // machine's speed: records finished during one commit all go into the next;
  // the max_records trigger is unit-tested in TransactionCommitterTest.)
  const double committed = CounterValue(metrics, "wiretag_transactions_total", "committed");
  EXPECT_GE(committed, 1);
  EXPECT_EQ(CounterValue(metrics, "wiretag_transactions_total", "aborted"), 0);
  EXPECT_EQ(CounterValue(metrics, "wiretag_transaction_commit_seconds", "committed"), committed);
  EXPECT_EQ(RequestsOf(cluster_->mock(), kOffsetCommit), 0u);
  EXPECT_GE(RequestsOf(cluster_->mock(), kTxnOffsetCommit), static_cast<size_t>(committed));
  EXPECT_GE(RequestsOf(cluster_->mock(), kEndTxn), static_cast<size_t>(committed));
}

TEST_F(ExactlyOnceMockTest, AnAbortableCommitErrorAbortsRewindsAndLosesNothing) {
  Topics t = MakeTopics(*cluster_, "eos-abort", 4);
  const int n = 2000;
  Produce(t, n);
  // The first EndTxn (the first commit) fails with an error librdkafka
  // classes as abortable (the Java client's EndTxn handling does the same).
  rd_kafka_mock_push_request_errors(cluster_->mock(), kEndTxn, 1, RD_KAFKA_RESP_ERR_UNKNOWN_PRODUCER_ID);
  StageMetrics metrics("test");
  StageThread stage(ExactlyOnceConfig(t, 3), TestFactory(), &metrics);
  OutputReader reader(cluster_->bootstrap_servers(), {{t.output, 4}, {t.dlq, 2}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= static_cast<size_t>(n); }, std::chrono::seconds(120)))
      << reader.distinct() << " of " << n;
  StageRunResult result = stage.Stop();
  EXPECT_EQ(result.exit_code, 0) << "an abortable error does not stop the stage";
  for (int p = 0; p < 4; ++p)
    for (int64_t o = 0; o < n / 4; ++o) ASSERT_TRUE(reader.seen().count({p, o})) << p << "/" << o << " lost";
  EXPECT_EQ(CounterValue(metrics, "wiretag_transactions_total", "aborted"), 1);
  EXPECT_GE(CounterValue(metrics, "wiretag_transactions_total", "committed"), 1);
  // The aborted transaction's records were produced again after the rewind:
  // more writes were acknowledged than there are inputs.
  EXPECT_GT(result.enriched + result.dead_lettered, n);
}

TEST_F(ExactlyOnceMockTest, AFencedProducerStopsTheStageWithExitStatusOne) {
  Topics t = MakeTopics(*cluster_, "eos-fenced", 2);
  Produce(t, 200);
  // What a newer producer with the same transactional.id causes (the mock
  // cluster does not fence by itself: real Kafka does, tests/kafka/): the
  // commit is refused as fenced, which no abort can cure.
  rd_kafka_mock_push_request_errors(cluster_->mock(), kEndTxn, 1, RD_KAFKA_RESP_ERR_PRODUCER_FENCED);
  StageThread stage(ExactlyOnceConfig(t, 2), TestFactory());
  ASSERT_TRUE(stage.WaitDone(std::chrono::seconds(60))) << "a fenced stage must stop by itself";
  EXPECT_EQ(stage.Stop().exit_code, 1);
}

TEST_F(ExactlyOnceMockTest, OutputsTooLargeToProduceAreDeadLetteredInsideTheTransaction) {
  // As StageTest.DeadLetterTooLarge...: the producer takes at most 20,000
  // bytes; a large broken record and a large good story's enriched record
  // cannot be produced whole. Inside a transaction nothing can be produced
  // later, so each goes to the DLQ (without its value) at once.
  Topics t = MakeTopics(*cluster_, "eos-dlqlimit", 1);
  InputProducer producer(cluster_->bootstrap_servers());
  std::string big_broken = R"({"uri":"urn:bad:big","bodies":[{"value":")" + std::string(50000, 'y');
  std::string big_story = Story(1);
  big_story.insert(big_story.find("Foreign"), std::string(50000, 'z') + " ");
  producer.Send(t.input, 0, "k0", Story(0));
  producer.Send(t.input, 0, "k1", big_broken);
  producer.Send(t.input, 0, "k2", big_story);
  producer.Send(t.input, 0, "k3", Story(3));
  producer.Flush();
  Config config = ExactlyOnceConfig(t, 2);
  config.max_message_bytes = 100000;
  config.kafka.producer["message.max.bytes"] = "20000";
  StageMetrics metrics("test");
  StageThread stage(config, TestFactory(100000), &metrics);
  OutputReader reader(cluster_->bootstrap_servers(), {{t.output, 1}, {t.dlq, 2}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= 4; }, std::chrono::seconds(60))) << reader.size();
  EXPECT_EQ(stage.Stop().exit_code, 0);
  EXPECT_EQ(reader.duplicates(), 0u);
  std::map<int64_t, std::string> errors;
  for (const auto& r : reader.records()) errors[r.in_offset] = r.error;
  EXPECT_EQ(errors, (std::map<int64_t, std::string>{{0, ""}, {1, "invalid_json"}, {2, "too_large"}, {3, ""}}));
  EXPECT_EQ(CounterValue(metrics, "wiretag_transactions_total", "aborted"), 0);
}

// Seen on Kafka 4.4.0: a stage stopped with records still queued in the
// consumer (prefetched while the partitions were paused by backpressure)
// aborted in librdkafka's rd_kafka_q_serve while leaving the group, since the
// close queue was served through the callback API. Both modes must exit 0.
TEST_F(ExactlyOnceMockTest, StoppingWithFetchedRecordsStillQueuedExitsZeroInBothModes) {
  for (bool exactly_once : {false, true}) {
    SCOPED_TRACE(exactly_once ? "exactly-once" : "at-least-once");
    Topics t = MakeTopics(*cluster_, exactly_once ? "backlog-eos" : "backlog-alo", 2);
    const int n = 3000;
    Produce(t, n);
    Config config = exactly_once ? ExactlyOnceConfig(t, 1) : StageConfig(cluster_->bootstrap_servers(), t, 1);
    config.stage.max_inflight_records = 20;  // paused at once; the client keeps its prefetched records queued
    StageThread stage(config, TestFactory());
    OutputReader reader(cluster_->bootstrap_servers(), {{t.output, 2}, {t.dlq, 2}});
    ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= 100u; }, std::chrono::seconds(60)));
    EXPECT_EQ(stage.Stop().exit_code, 0);
  }
}

TEST_F(ExactlyOnceMockTest, AtLeastOnceStaysTheDefaultAndCommitsTheGroupWithoutTransactions) {
  Topics t = MakeTopics(*cluster_, "alo", 2);
  const int n = 200;
  Produce(t, n);
  rd_kafka_mock_start_request_tracking(cluster_->mock());
  StageMetrics metrics("test");
  StageThread stage(StageConfig(cluster_->bootstrap_servers(), t, 2), TestFactory(), &metrics);
  OutputReader reader(cluster_->bootstrap_servers(), {{t.output, 2}, {t.dlq, 2}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= static_cast<size_t>(n); }, std::chrono::seconds(60)));
  EXPECT_EQ(stage.Stop().exit_code, 0);
  EXPECT_GT(RequestsOf(cluster_->mock(), kOffsetCommit), 0u);
  EXPECT_EQ(RequestsOf(cluster_->mock(), kEndTxn), 0u);
  EXPECT_EQ(CounterValue(metrics, "wiretag_transactions_total", "committed"), 0);
}

}  // namespace
}  // namespace wiretag::testing
