// The stage against a Kafka cluster (librdkafka's mock cluster, or a real one:
// see test_cluster.h): nothing lost, per-partition order, DLQ reasons,
// rebalances, crashes, SIGTERM; and on the mock cluster only, outages and
// injected errors.
#include <cctype>
#include <filesystem>
#include <fstream>

#include <prometheus/metric_family.h>

#include "pipeline/metrics/stage_metrics.h"
#include "tests/integration/stage_harness.h"

namespace wiretag::testing {
namespace {

// Produces stories first..first+n-1 round-robin over the partitions (key "key-<i>").
void ProduceStories(InputProducer& producer, const Topics& t, int first, int n) {
  for (int i = first; i < first + n; ++i) producer.Send(t.input, i % t.partitions, "key-" + std::to_string(i), Story(i));
  producer.Flush();
}

// The stage's behaviour on the test cluster: the mock cluster, or the real
// Kafka cluster WIRETAG_TEST_BOOTSTRAP names (tests/kafka/real-broker-suite.sh
// runs every StageTest there).
class StageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new TestCluster(3);
    SharedTagger();  // load once, outside the timed parts
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  std::string brokers() const { return cluster_->bootstrap_servers(); }

  static TestCluster* cluster_;
};
TestCluster* StageTest::cluster_ = nullptr;

// Faults only the mock cluster can inject (brokers down on cue, request
// errors, topic errors): always on the mock cluster. The real-broker faults
// are in tests/kafka/broker_faults_test.cc.
class StageFaultInjectionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new DevCluster(3);
    SharedTagger();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  std::string brokers() const { return cluster_->bootstrap_servers(); }

  static DevCluster* cluster_;
};
DevCluster* StageFaultInjectionTest::cluster_ = nullptr;

// Every input (partition, offset) with offsets 0..n/partitions-1 must have an output.
void ExpectEveryInputHasOutput(const OutputReader& reader, int partitions, int per_partition) {
  for (int p = 0; p < partitions; ++p)
    for (int64_t o = 0; o < per_partition; ++o)
      ASSERT_TRUE(reader.seen().count({p, o})) << "input " << p << "/" << o << " has no output";
}

// End offsets of every partition of `topic`.
std::map<int32_t, int64_t> EndOffsets(const std::string& brokers, const std::string& topic, int partitions) {
  auto rk = NewClient(RD_KAFKA_CONSUMER, {{"bootstrap.servers", brokers}, {"group.id", "watermarks"}, {"log_level", "3"}});
  std::map<int32_t, int64_t> out;
  for (int p = 0; p < partitions; ++p) {
    int64_t low = 0, high = -1;
    EXPECT_EQ(rd_kafka_query_watermark_offsets(rk.get(), topic.c_str(), p, &low, &high, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
    out[p] = high;
  }
  return out;
}

TEST_F(StageTest, EveryStoryYieldsExactlyOneOutputInInputOrderPerPartition) {
  Topics t = MakeTopics(*cluster_, "order", 8);
  InputProducer producer(brokers());
  const int n = 20000;
  ProduceStories(producer, t, 0, n);
  StageThread stage(StageConfig(brokers(), t, 4), TestFactory());
  OutputReader reader(brokers(), {{t.output, 8}, {t.dlq, 2}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.size() >= n; }, std::chrono::seconds(180)))
      << reader.size() << " of " << n;
  StageRunResult result = stage.Stop();
  EXPECT_EQ(result.exit_code, 0);
  ASSERT_TRUE(reader.ReadToEnd(std::chrono::seconds(60))) << reader.unfinished();  // anything extra would be a duplicate
  EXPECT_EQ(reader.size(), static_cast<size_t>(n));
  EXPECT_EQ(reader.duplicates(), 0u);
  ExpectEveryInputHasOutput(reader, 8, n / 8);
  ExpectInputOrderPerPartition(reader.records(), /*allow_replays=*/false);
  for (const auto& r : reader.records()) {
    ASSERT_EQ(r.error, "") << r.value;
    ASSERT_EQ(r.key, "key-" + std::to_string(r.in_offset * 8 + r.in_partition)) << "the input key is kept";
  }
  for (const auto& [p, off] : CommittedOffsets(brokers(), t.group, t.input, 8)) EXPECT_EQ(off, n / 8) << p;
}

TEST_F(StageTest, MalformedInputsGoToTheDeadLetterTopicWithTheirReason) {
  Topics t = MakeTopics(*cluster_, "dlq", 4);
  InputProducer producer(brokers());
  const size_t max_bytes = 4096;
  const int n = 2000;
  std::map<int64_t, std::string> expected;  // index -> reason ("" = enriched)
  std::map<int, std::optional<std::string>> keys;
  for (int i = 0; i < n; ++i) {
    std::string value = Story(i), reason;
    switch (i % 20) {  // 5% of each class
      case 1: value = R"({"uri":"urn:bad:)" + std::to_string(i) + R"(","bodies":[{"value":"unterminated)"; reason = "invalid_json"; break;
      case 2: value = Story(i); value.insert(value.find("Foreign"), "\xC3\x28\xFF"); reason = "invalid_utf8"; break;
      case 3: value = R"({"uri":"urn:nobody:)" + std::to_string(i) + R"(","headlines":[{"value":"Headline only"}]})"; reason = "no_body"; break;
      case 4: value = Story(i); value.insert(value.find("Foreign"), std::string(max_bytes, 'x')); reason = "too_large"; break;
      case 5: value = Story(i); value.insert(value.find("Foreign"), kTaggerFailureMarker); reason = "tagger_failure"; break;
    }
    std::optional<std::string> key;
    if (i % 3 != 0) key = "key-" + std::to_string(i);  // a third without key: the uri becomes the key
    producer.Send(t.input, i % 4, key, value);
    expected[i] = reason;
    keys[i] = key;
  }
  producer.Flush();
  Config config = StageConfig(brokers(), t, 2);
  config.max_message_bytes = max_bytes;
  StageThread stage(config, TestFactory(max_bytes));
  OutputReader reader(brokers(), {{t.output, 4}, {t.dlq, 2}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.size() >= n; }, std::chrono::seconds(90))) << reader.size();
  EXPECT_EQ(stage.Stop().exit_code, 0);
  EXPECT_EQ(reader.duplicates(), 0u);
  std::map<std::string, int> per_reason;
  for (const auto& r : reader.records()) {
    int i = static_cast<int>(r.in_offset * 4 + r.in_partition);
    SCOPED_TRACE("input " + std::to_string(i));
    EXPECT_EQ(r.error, expected[i]);
    EXPECT_EQ(r.topic, expected[i].empty() ? t.output : t.dlq);
    if (keys[i]) {
      EXPECT_EQ(r.key, *keys[i]);
    } else if (expected[i].empty()) {
      EXPECT_EQ(r.key, "urn:test:story:" + std::to_string(i)) << "the uri is the key";
    }
    if (!r.error.empty()) {
      EXPECT_EQ(r.value.size() > max_bytes, r.error == "too_large") << "the original value";
    }
    per_reason[r.error]++;
  }
  for (const char* reason : {"invalid_json", "invalid_utf8", "no_body", "too_large", "tagger_failure"})
    EXPECT_EQ(per_reason[reason], n / 20) << reason;
  EXPECT_EQ(per_reason[""], n - 5 * n / 20);
}

TEST_F(StageTest, DeadLetterTooLargeForTheDlqGoesWithoutItsValueIsCountedAndThePartitionMovesOn) {
  // The producer takes at most 20,000 bytes while inputs of up to 100,000 are
  // accepted: a large broken record cannot be dead-lettered whole, and a large
  // good story's enriched record cannot be produced (it becomes too_large, whose
  // dead letter is again too large). Neither may stall the partition.
  Topics t = MakeTopics(*cluster_, "dlqlimit", 1);
  InputProducer producer(brokers());
  const size_t max_bytes = 100000;
  std::string big_broken = R"({"uri":"urn:bad:big","bodies":[{"value":")" + std::string(50000, 'y');  // unterminated
  std::string big_story = Story(1);
  big_story.insert(big_story.find("Foreign"), std::string(50000, 'z') + " ");
  producer.Send(t.input, 0, "k0", Story(0));
  producer.Send(t.input, 0, "k1", big_broken);
  producer.Send(t.input, 0, "k2", big_story);
  producer.Send(t.input, 0, "k3", Story(3));
  producer.Flush();
  Config config = StageConfig(brokers(), t, 2);
  config.max_message_bytes = max_bytes;
  config.kafka.producer["message.max.bytes"] = "20000";
  StageMetrics metrics("rules1");
  StageThread stage(config, TestFactory(max_bytes), &metrics);
  OutputReader reader(brokers(), {{t.output, 1}, {t.dlq, 2}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.size() >= 4; }, std::chrono::seconds(60))) << reader.size();
  EXPECT_EQ(stage.Stop().exit_code, 0);
  // Both are counted, so WiretagDeadLetterTruncated can tell someone to copy
  // the originals before the input's retention passes.
  EXPECT_NE(metrics.RenderText().find("wiretag_dead_letters_truncated_total{mode=\"live\"} 2"), std::string::npos)
      << metrics.RenderText();
  std::map<int64_t, OutputRecord> by_offset;
  for (const auto& r : reader.records()) by_offset[r.in_offset] = r;
  ASSERT_EQ(by_offset.size(), 4u);
  EXPECT_EQ(by_offset[0].error, "");
  EXPECT_EQ(by_offset[3].error, "");
  EXPECT_EQ(by_offset[1].error, "invalid_json");
  EXPECT_EQ(by_offset[2].error, "too_large");
  for (int64_t o : {1, 2}) {
    SCOPED_TRACE("offset " + std::to_string(o));
    EXPECT_EQ(by_offset[o].topic, t.dlq);
    EXPECT_EQ(by_offset[o].value, "") << "the original is left out";
    EXPECT_EQ(by_offset[o].key, "k" + std::to_string(o)) << "the original key is kept";
    EXPECT_EQ(by_offset[o].omitted, std::to_string(o == 1 ? big_broken.size() : big_story.size()));
    EXPECT_NE(by_offset[o].detail.find("omitted"), std::string::npos) << by_offset[o].detail;
  }
  for (const auto& [p, off] : CommittedOffsets(brokers(), t.group, t.input, 1)) EXPECT_EQ(off, 4) << p;
}

// What WiretagBrokersUnreachable watches: with every broker down, librdkafka
// keeps emitting statistics and wiretag_kafka_brokers_up stays exported, at 0,
// for both clients; it comes back when the brokers do.
TEST_F(StageFaultInjectionTest, BrokersUpGaugeDropsToZeroWhileTheClusterIsDownAndRecovers) {
  Topics t = MakeTopics(*cluster_, "reach", 2);
  Config config = StageConfig(brokers(), t, 1);
  config.metrics.statistics_interval_ms = 100;
  config.kafka.consumer.erase("session.timeout.ms");  // stay in the group across the outage
  StageMetrics metrics("rules1");
  StageThread stage(config, TestFactory(), &metrics);
  auto brokers_up = [&](const std::string& client) -> std::optional<double> {
    for (const auto& family : metrics.Collect()) {
      if (family.name != "wiretag_kafka_brokers_up") continue;
      for (const auto& m : family.metric)
        for (const auto& l : m.label)
          if (l.name == "client" && l.value == client) return m.gauge.value;
    }
    return std::nullopt;
  };
  auto all = [&](auto pred) { return pred(brokers_up("consumer")) && pred(brokers_up("producer")); };
  auto some_up = [](std::optional<double> v) { return v && *v >= 1; };
  auto none_up = [](std::optional<double> v) { return v && *v == 0; };
  ASSERT_TRUE(Eventually([&] { return all(some_up) && metrics.Ready(nullptr); }, std::chrono::seconds(60))) << metrics.RenderText();
  for (int b = 1; b <= cluster_->brokers(); ++b) rd_kafka_mock_broker_set_down(cluster_->mock(), b);
  const bool dropped = Eventually([&] { return all(none_up); }, std::chrono::seconds(60));
  for (int b = 1; b <= cluster_->brokers(); ++b) rd_kafka_mock_broker_set_up(cluster_->mock(), b);
  EXPECT_TRUE(dropped) << metrics.RenderText();
  EXPECT_TRUE(Eventually([&] { return all(some_up); }, std::chrono::seconds(60))) << metrics.RenderText();
  EXPECT_EQ(stage.Stop().exit_code, 0);
}

TEST_F(StageTest, ADeeplyNestedPoisonRecordIsDeadLetteredAndTheStageCommitsPastIt) {
  // Issue 19: a story nested 100,000 levels deep (200 KB) crashed every worker
  // that read it, so the partition was never committed again.
  Topics t = MakeTopics(*cluster_, "poison", 1);
  InputProducer producer(brokers());
  const size_t levels = 100000;
  std::string poison = R"({"uri":"urn:poison","body_text":"x","n":)";
  poison.append(levels, '[').append(levels, ']').append("}");
  producer.Send(t.input, 0, "k0", Story(0));
  producer.Send(t.input, 0, "k1", poison);
  producer.Send(t.input, 0, "k2", Story(2));
  producer.Send(t.input, 0, "k3", Story(3));
  producer.Flush();
  StageThread stage(StageConfig(brokers(), t, 2), TestFactory());
  OutputReader reader(brokers(), {{t.output, 1}, {t.dlq, 2}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= 4; }, std::chrono::seconds(60))) << reader.size();
  EXPECT_EQ(stage.Stop().exit_code, 0);
  std::map<int64_t, OutputRecord> by_offset;
  for (const auto& r : reader.records()) by_offset[r.in_offset] = r;
  ASSERT_EQ(by_offset.size(), 4u);
  EXPECT_EQ(by_offset[1].topic, t.dlq);
  EXPECT_EQ(by_offset[1].error, "too_deep");
  EXPECT_NE(by_offset[1].detail.find("nested deeper than"), std::string::npos) << by_offset[1].detail;
  EXPECT_EQ(by_offset[1].value, poison) << "the original goes to the DLQ";
  for (int64_t o : {0, 2, 3}) EXPECT_EQ(by_offset[o].topic, t.output) << "offset " << o;
  EXPECT_EQ(CommittedOffsets(brokers(), t.group, t.input, 1)[0], 4) << "committed past the poison record";
}

TEST_F(StageFaultInjectionTest, NothingIsLostWhenAllBrokersAreDownForTenSeconds) {
  Topics t = MakeTopics(*cluster_, "outage", 8);
  InputProducer producer(brokers());
  const int n = 8000;
  ProduceStories(producer, t, 0, n / 2);
  Config config = StageConfig(brokers(), t, 2);
  config.kafka.consumer.erase("session.timeout.ms");  // librdkafka's default (45 s) outlives the outage
  StageThread stage(config, TestFactory());
  OutputReader reader(brokers(), {{t.output, 8}, {t.dlq, 2}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.size() >= n / 4; }, std::chrono::seconds(60)));
  // The second half is on its way (not flushed) when every broker goes down.
  for (int i = n / 2; i < n; ++i) producer.Send(t.input, i % 8, "key-" + std::to_string(i), Story(i));
  for (int b = 1; b <= cluster_->brokers(); ++b) rd_kafka_mock_broker_set_down(cluster_->mock(), b);
  std::this_thread::sleep_for(std::chrono::seconds(10));  // the outage itself is the test's subject
  for (int b = 1; b <= cluster_->brokers(); ++b) rd_kafka_mock_broker_set_up(cluster_->mock(), b);
  producer.Flush();
  // The input producer may itself have written some stories twice across the
  // outage: every record in the input topic must be handled and committed.
  auto end = EndOffsets(brokers(), t.input, 8);
  size_t total = 0;
  for (const auto& [p, e] : end) total += e;
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= total; }, std::chrono::seconds(120)))
      << reader.distinct() << " of " << total;
  EXPECT_EQ(stage.Stop().exit_code, 0);
  ExpectEveryInputHasOutput(reader, 8, n / 8);
  ExpectInputOrderPerPartition(reader.records(), /*allow_replays=*/true);
  auto committed = CommittedOffsets(brokers(), t.group, t.input, 8);
  for (int p = 0; p < 8; ++p) {
    EXPECT_EQ(committed[p], end[p]) << "partition " << p;
    for (int64_t o = 0; o < end[p]; ++o) ASSERT_TRUE(reader.seen().count({p, o})) << p << "/" << o;
  }
  std::cout << "[ outage ] duplicates after the outage: " << reader.duplicates() << "\n";
}

TEST_F(StageFaultInjectionTest, AnIdleStageReportsNotReadyWhileBrokersAreDownAndReadyWhenTheyReturn) {
  Topics t = MakeTopics(*cluster_, "readiness", 2);
  InputProducer producer(brokers());
  ProduceStories(producer, t, 0, 100);
  StageMetrics metrics("test-model");
  StageThread stage(StageConfig(brokers(), t, 1), TestFactory(), &metrics);
  OutputReader reader(brokers(), {{t.output, 2}, {t.dlq, 2}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= 100; }, std::chrono::seconds(60)));
  auto ready = [&] { return metrics.Ready(nullptr); };
  ASSERT_TRUE(Eventually(ready, std::chrono::seconds(60)));
  // Nothing left to deliver: no delivery report can tell the producer the brokers are back.
  for (int b = 1; b <= cluster_->brokers(); ++b) rd_kafka_mock_broker_set_down(cluster_->mock(), b);
  EXPECT_TRUE(Eventually([&] { return !ready(); }, std::chrono::seconds(60))) << "ready with every broker down";
  for (int b = 1; b <= cluster_->brokers(); ++b) rd_kafka_mock_broker_set_up(cluster_->mock(), b);
  std::string reason;
  EXPECT_TRUE(Eventually([&] { return metrics.Ready(&reason); }, std::chrono::seconds(60))) << "still not ready: " << reason;
  EXPECT_EQ(stage.Stop().exit_code, 0);
}

TEST_F(StageFaultInjectionTest, NothingIsLostUnderInjectedProduceFetchAndCommitErrors) {
  Topics t = MakeTopics(*cluster_, "errors", 8);
  InputProducer producer(brokers());
  const int n = 12000;
  ProduceStories(producer, t, 0, n);  // all input first: the errors below hit the stage's clients
  StageThread stage(StageConfig(brokers(), t, 2), TestFactory());
  OutputReader reader(brokers(), {{t.output, 8}, {t.dlq, 2}});
  ASSERT_TRUE(reader.WaitFor([&] { return reader.size() >= 500; }, std::chrono::seconds(60)));
  // ApiKeys: Produce 0, Fetch 1, OffsetCommit 8. All retriable.
  rd_kafka_mock_push_request_errors(cluster_->mock(), 0, 6, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                    RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
                                    RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
                                    RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE);
  rd_kafka_mock_push_request_errors(cluster_->mock(), 1, 4, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                    RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
                                    RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
  rd_kafka_mock_push_request_errors(cluster_->mock(), 8, 4, RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS,
                                    RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
                                    RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE);
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= n; }, std::chrono::seconds(120)))
      << reader.distinct() << " of " << n;
  EXPECT_EQ(stage.Stop().exit_code, 0);
  ExpectEveryInputHasOutput(reader, 8, n / 8);
  ExpectInputOrderPerPartition(reader.records(), /*allow_replays=*/true);
  auto committed = CommittedOffsets(brokers(), t.group, t.input, 8);
  for (int p = 0; p < 8; ++p) EXPECT_EQ(committed[p], n / 8) << "partition " << p;
  EXPECT_EQ(reader.duplicates(), 0u) << "retried requests must not duplicate (idempotent producer)";
  std::cout << "[ errors ] duplicates: " << reader.duplicates() << "\n";
}

// Three members join and leave mid-stream: the first from the start, a second
// after 3 batches, a third after 6; the third stops after 10, the second after
// 13. Returns what the output holds.
std::unique_ptr<OutputReader> RunMembersJoiningAndLeaving(TestCluster& cluster, const std::string& name) {
  const std::string brokers = cluster.bootstrap_servers();
  Topics t = MakeTopics(cluster, name, 8);
  InputProducer producer(brokers);
  const int n = 16000, batch = 1000;
  auto reader = std::make_unique<OutputReader>(brokers, std::vector<std::pair<std::string, int>>{{t.output, 8}, {t.dlq, 2}});
  Config config = StageConfig(brokers, t, 2);
  auto first = std::make_unique<StageThread>(config, TestFactory());
  std::unique_ptr<StageThread> second, third;
  // Input arrives in batches while members join and leave: each step waits for
  // the previous batch's outputs, so every membership change happens mid-stream.
  for (int b = 0; b < n / batch; ++b) {
    ProduceStories(producer, t, b * batch, batch);
    if (b == 3) second = std::make_unique<StageThread>(config, TestFactory());
    if (b == 6) third = std::make_unique<StageThread>(config, TestFactory());
    if (b == 10) { EXPECT_EQ(third->Stop().exit_code, 0); }
    if (b == 13) { EXPECT_EQ(second->Stop().exit_code, 0); }
    EXPECT_TRUE(reader->WaitFor([&] { return reader->distinct() >= static_cast<size_t>((b + 1) * batch) - batch / 2; },
                                std::chrono::seconds(60)))
        << "batch " << b << ": " << reader->distinct();
  }
  EXPECT_TRUE(reader->WaitFor([&] { return reader->distinct() >= n; }, std::chrono::seconds(60)));
  EXPECT_EQ(first->Stop().exit_code, 0);
  ExpectEveryInputHasOutput(*reader, 8, n / 8);
  ExpectInputOrderPerPartition(reader->records(), /*allow_replays=*/true);
  std::cout << "[ " << name << " ] duplicates: " << reader->duplicates() << "\n";
  return reader;
}

TEST_F(StageTest, ConsumersJoiningAndLeavingLoseNothingAndKeepOrder) {
  RunMembersJoiningAndLeaving(*cluster_, "rebalance");
}

// Not in the real-broker list (tests/kafka/real-broker-suite.sh): on Apache
// Kafka 3.9 and 4.x, with librdkafka 2.0.2 and 2.8.0, when a member joins or
// stops while a rebalance is under way, another member's periodic commit fails
// with ILLEGAL_GENERATION and librdkafka (before 2.10.0) then declares that
// member's assignment lost: its uncommitted records are processed twice.
TEST_F(StageTest, GracefulMembershipChangesProduceNoDuplicates) {
  auto reader = RunMembersJoiningAndLeaving(*cluster_, "rebalance-dups");
  EXPECT_EQ(reader->duplicates(), 0u) << "graceful revokes commit everything delivered";
}

TEST_F(StageTest, KillNineTenTimesLosesNothingAndDuplicatesOnlyTheUncommittedWindow) {
  Topics t = MakeTopics(*cluster_, "crash", 8);
  InputProducer producer(brokers());
  const int n = 20000, kills = 10;
  ProduceStories(producer, t, 0, n);
  OutputReader reader(brokers(), {{t.output, 8}, {t.dlq, 2}});
  const std::string log = LogPath("crash");
  std::vector<std::string> env = ChildEnv(10000);
  env.push_back("WIRETAG_STAGE_MAX_INFLIGHT_RECORDS=2000");
  // After kill k: the group's committed input offsets, and the end of the
  // output (what the dead process wrote ends there).
  std::vector<std::map<int32_t, int64_t>> committed_at_kill, output_end_at_kill, dlq_end_at_kill;
  KillLoop loop{ChildArgs(brokers(), t), env, log, kills, static_cast<size_t>(n)};
  RunKillLoop(
      loop, [&](std::chrono::milliseconds wait) {
        reader.Poll(wait);
        return reader.distinct();
      },
      [&](int) {
        committed_at_kill.push_back(CommittedOffsets(brokers(), t.group, t.input, 8));
        output_end_at_kill.push_back(EndOffsets(brokers(), t.output, 8));
        dlq_end_at_kill.push_back(EndOffsets(brokers(), t.dlq, 2));
      });
  if (HasFatalFailure()) return;
  ASSERT_TRUE(reader.ReadToEnd(std::chrono::seconds(60))) << reader.unfinished();
  ExpectEveryInputHasOutput(reader, 8, n / 8);
  // A process started after kill k resumes from the offsets committed when
  // process k died: it may repeat what k did not commit, never what k committed.
  for (const auto& r : reader.records()) {
    int process = 0;
    for (int k = 0; k < kills; ++k) {
      const auto& end = r.topic == t.output ? output_end_at_kill[k] : dlq_end_at_kill[k];
      if (r.out_offset >= end.at(r.out_partition)) process = k + 1;
    }
    if (process == 0) continue;
    int64_t committed = committed_at_kill[process - 1][r.in_partition];
    ASSERT_GE(r.in_offset, committed < 0 ? 0 : committed)
        << "process " << process << " repeated input " << r.in_partition << "/" << r.in_offset
        << ", committed before it started";
  }
  size_t duplicated = reader.duplicates();
  std::cout << "[ kill -9 x10 ] outputs " << reader.size() << ", distinct inputs " << reader.distinct()
            << ", duplicates " << duplicated << " (all from uncommitted windows)\n";
  RecordProperty("duplicates", static_cast<int>(duplicated));
}

TEST_F(StageTest, SigtermExitsZeroWithinShutdownTimeoutAndCommitsFinalOffsets) {
  Topics t = MakeTopics(*cluster_, "sigterm", 8);
  InputProducer producer(brokers());
  const int n = 12000;
  ProduceStories(producer, t, 0, n);
  OutputReader reader(brokers(), {{t.output, 8}, {t.dlq, 2}});
  const int64_t shutdown_timeout_ms = 8000;
  StageProcess stage(ChildArgs(brokers(), t), ChildEnv(shutdown_timeout_ms), LogPath("sigterm"));
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= 1000; }, std::chrono::seconds(60)));
  auto signalled = Clock::now();
  stage.Signal(SIGTERM);
  auto status = stage.Wait(std::chrono::milliseconds(shutdown_timeout_ms + 2000));
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - signalled).count();
  ASSERT_TRUE(status.has_value()) << "still running " << took << " ms after SIGTERM";
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << "status " << *status;
  EXPECT_LE(took, shutdown_timeout_ms + 1000);
  ASSERT_TRUE(reader.ReadToEnd(std::chrono::seconds(60))) << reader.unfinished();
  // A graceful stop drains what it took: the outputs are exactly the inputs
  // below the committed offsets.
  auto committed = CommittedOffsets(brokers(), t.group, t.input, 8);
  size_t below = 0;
  for (int p = 0; p < 8; ++p) {
    if (committed[p] < 0) committed[p] = 0;  // nothing consumed from it yet
    for (int64_t o = 0; o < committed[p]; ++o) ASSERT_TRUE(reader.seen().count({p, o})) << p << "/" << o;
    below += committed[p];
  }
  EXPECT_EQ(reader.distinct(), below) << "an output past a committed offset was not committed";
  EXPECT_EQ(reader.duplicates(), 0u);
}

// Every broker of the shared cluster down (or answering after `rtt_ms`) until
// the guard ends, whatever the test's outcome: later tests use the cluster.
class BrokerOutage {
 public:
  BrokerOutage(DevCluster& cluster, int rtt_ms) : cluster_(cluster), rtt_ms_(rtt_ms) {
    for (int b = 1; b <= cluster_.brokers(); ++b) {
      if (rtt_ms_ > 0) rd_kafka_mock_broker_set_rtt(cluster_.mock(), b, rtt_ms_);
      else rd_kafka_mock_broker_set_down(cluster_.mock(), b);
    }
  }
  ~BrokerOutage() {
    for (int b = 1; b <= cluster_.brokers(); ++b) {
      if (rtt_ms_ > 0) rd_kafka_mock_broker_set_rtt(cluster_.mock(), b, 0);
      else rd_kafka_mock_broker_set_up(cluster_.mock(), b);
    }
  }

 private:
  DevCluster& cluster_;
  const int rtt_ms_;
};

// The numbers after `marker` in the first log line containing `marker`, in order.
std::vector<int64_t> NumbersInLogLine(const std::string& log, const std::string& marker) {
  std::ifstream in(log);
  std::vector<int64_t> out;
  for (std::string line; std::getline(in, line);) {
    size_t at = line.find(marker);
    if (at == std::string::npos) continue;
    at += marker.size();
    for (size_t i = 0; i < line.size();) {
      if (std::isdigit(static_cast<unsigned char>(line[i]))) {
        size_t end = i;
        while (end < line.size() && std::isdigit(static_cast<unsigned char>(line[end]))) ++end;
        if (i >= at) out.push_back(std::stoll(line.substr(i, end - i)));
        i = end;
      } else {
        ++i;
      }
    }
    break;
  }
  return out;
}

// SIGTERM while the brokers are gone (down, or frozen behind a long round
// trip) with records in flight: the process must exit on its own, within
// stage.shutdown_timeout_ms, and its warning must count the records the group
// will consume again (consumed minus committed). A frozen mock broker applies
// a commit whose answer never comes back, so there the warning may count more.
void ExpectShutdownBoundedWithoutBrokers(DevCluster& cluster, const std::string& name, int rtt_ms) {
  Topics t = MakeTopics(cluster, name, 4);
  const std::string brokers = cluster.bootstrap_servers();
  InputProducer producer(brokers);
  // Enough that the stage is still busy when the outage starts: on a quiet
  // machine 4,000 were all tagged and committed before the signal.
  const int n = 20000;
  for (int i = 0; i < n; ++i) producer.Send(t.input, i % 4, "key-" + std::to_string(i), Story(i));
  producer.Flush();
  OutputReader reader(brokers, {{t.output, 4}, {t.dlq, 2}});
  const int64_t shutdown_timeout_ms = 4000;
  const std::string log = LogPath(name);
  std::filesystem::remove(log);
  std::vector<std::string> env = ChildEnv(shutdown_timeout_ms);
  // As in production, the session outlives the shutdown budget: the partitions
  // are still assigned, not lost, when the shutdown starts.
  for (auto& e : env)
    if (e.rfind("WIRETAG_KAFKA_CONSUMER_SESSION_TIMEOUT_MS=", 0) == 0) e = "WIRETAG_KAFKA_CONSUMER_SESSION_TIMEOUT_MS=45000";
  StageProcess stage(ChildArgs(brokers, t), env, log);
  ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= 400; }, std::chrono::seconds(60))) << "log " << log;
  std::optional<int> status;
  {
    BrokerOutage outage(cluster, rtt_ms);
    stage.Signal(SIGTERM);
    // The event awaited is the exit. Its ceiling is generous (the budget plus
    // 6 s for process teardown on a loaded machine), yet far below what an
    // unbounded shutdown takes: 105 s with brokers down, none with them frozen.
    status = stage.Wait(std::chrono::milliseconds(shutdown_timeout_ms + 6000));
  }
  ASSERT_TRUE(status.has_value()) << "no exit after SIGTERM; log " << log;
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << "status " << *status << ", log " << log;
  std::vector<int64_t> stopped = NumbersInLogLine(log, "stopped: ");
  ASSERT_FALSE(stopped.empty()) << "no summary line in " << log;
  int64_t committed = 0;
  for (const auto& [p, off] : CommittedOffsets(brokers, t.group, t.input, 4)) committed += off > 0 ? off : 0;
  const int64_t consumed = stopped[0];
  std::vector<int64_t> left = NumbersInLogLine(log, "no commit confirmed for ");
  if (left.empty()) {
    // No warning claims every commit was confirmed, which no broker can do
    // once the outage began: then the stage had committed all it consumed.
    EXPECT_EQ(consumed, committed) << "no warning; log " << log;
    return;
  }
  if (rtt_ms == 0) EXPECT_EQ(left[0], consumed - committed) << "the warning's count; log " << log;
  else EXPECT_GE(left[0], consumed - committed) << "the warning's count; log " << log;
  EXPECT_LE(left[0], consumed) << "log " << log;
}

TEST_F(StageFaultInjectionTest, ShutdownWithEveryBrokerDownEndsWithinTheShutdownTimeout) {
  ExpectShutdownBoundedWithoutBrokers(*cluster_, "shutdown-down", 0);
}

TEST_F(StageFaultInjectionTest, ShutdownWithEveryBrokerFrozenEndsWithinTheShutdownTimeout) {
  ExpectShutdownBoundedWithoutBrokers(*cluster_, "shutdown-frozen", 600000);
}

TEST_F(StageFaultInjectionTest, UnauthorizedInputTopicIsFatalAndExitsNonZero) {
  Topics t = MakeTopics(*cluster_, "fatal", 2);
  rd_kafka_mock_topic_set_error(cluster_->mock(), t.input.c_str(), RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
  StageThread stage(StageConfig(brokers(), t, 1), TestFactory());
  ASSERT_TRUE(stage.WaitDone(std::chrono::seconds(30))) << "the stage kept running without access to its input";
  EXPECT_EQ(stage.Stop().exit_code, 1);
  rd_kafka_mock_topic_set_error(cluster_->mock(), t.input.c_str(), RD_KAFKA_RESP_ERR_NO_ERROR);
}

}  // namespace
}  // namespace wiretag::testing
