// The stage on a 3-broker Kafka cluster (replication 3, min.insync.replicas 2,
// started by tests/kafka/kafka-local) while brokers fail under load: a
// partition leader killed with SIGKILL and restarted, a broker frozen with
// SIGSTOP for 30 s, the whole cluster restarted, every broker stopped for
// 30 s. In each: no input record without an output, order per input partition
// (so per key) kept, offsets committed to the end, and the stage recovers by
// itself. While no broker is reachable the stage reports not ready (/readyz).
#include <thread>

#include "pipeline/metrics/stage_metrics.h"
#include "tests/kafka/real_kafka_support.h"

namespace wiretag::testing {
namespace {

// End offsets of every partition of `topic`. Right after a fault a partition's
// leader may be unknown for a while: each query is retried for up to a minute.
std::map<int32_t, int64_t> EndOffsets(const std::string& brokers, const std::string& topic, int partitions) {
  auto rk = NewClient(RD_KAFKA_CONSUMER, {{"bootstrap.servers", brokers}, {"group.id", "watermarks"}, {"log_level", "3"}});
  std::map<int32_t, int64_t> out;
  auto deadline = Clock::now() + std::chrono::seconds(60);
  for (int p = 0; p < partitions; ++p) {
    int64_t low = 0, high = -1;
    rd_kafka_resp_err_t err;
    while ((err = rd_kafka_query_watermark_offsets(rk.get(), topic.c_str(), p, &low, &high, 10000)) &&
           Clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(200));  // polling for a leader with a deadline
    EXPECT_EQ(err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(err) << ", partition " << p;
    out[p] = high;
  }
  return out;
}

class RealKafkaBrokerFaultTest : public ::testing::Test {
 protected:
  static constexpr int kPartitions = 6, kRecords = 12000;
  // How often readiness and the committed offsets are polled (Eventually()) while the cluster recovers.
  static constexpr std::chrono::milliseconds kPollEvery{100};

  void SetUp() override {
    ASSERT_TRUE(cluster_.real()) << kNeedsRealCluster;
    SharedTagger();
  }
  std::string brokers() const { return cluster_.bootstrap_servers(); }

  // Runs the stage over kRecords stories: the first half before `fault`, the
  // second half produced on another thread while `fault` runs. Then checks
  // that nothing was lost and the order per partition held.
  void RunThrough(const std::string& name, const std::function<void(const Topics&, StageMetrics&)>& fault) {
    Topics t = MakeTopics(cluster_, name, kPartitions);
    InputProducer producer(brokers());
    for (int i = 0; i < kRecords / 2; ++i) producer.Send(t.input, i % kPartitions, "key-" + std::to_string(i), Story(i));
    producer.Flush();
    StageMetrics metrics("test-model");
    StageThread stage(StageConfig(brokers(), t, 2), TestFactory(), &metrics);
    OutputReader reader(brokers(), {{t.output, kPartitions}, {t.dlq, 2}});
    ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= kRecords / 4; }, std::chrono::seconds(120)))
        << reader.distinct();
    std::string producer_failure;
    std::thread load([&] {
      try {
        for (int i = kRecords / 2; i < kRecords; ++i)
          producer.Send(t.input, i % kPartitions, "key-" + std::to_string(i), Story(i));
        producer.FlushThroughFault();
      } catch (const std::exception& e) {
        producer_failure = e.what();
      }
    });
    fault(t, metrics);
    load.join();
    ASSERT_EQ(producer_failure, "");
    auto end = EndOffsets(brokers(), t.input, kPartitions);
    size_t total = 0;
    for (const auto& [p, e] : end) total += e;
    EXPECT_GE(total, static_cast<size_t>(kRecords));
    ASSERT_TRUE(reader.WaitFor([&] { return reader.distinct() >= total; }, std::chrono::seconds(300)))
        << reader.distinct() << " of " << total;
    std::string reason;
    EXPECT_TRUE(Eventually([&] { return metrics.Ready(&reason); }, std::chrono::seconds(120), kPollEvery))
        << "the stage did not become ready again: " << reason;
    // Recovered by itself: the running stage commits everything (not only the final commit of a stop).
    std::map<int32_t, int64_t> committed;
    EXPECT_TRUE(Eventually([&] {
      committed = CommittedOffsets(brokers(), t.group, t.input, kPartitions);
      return committed == end;
    }, std::chrono::seconds(120), kPollEvery)) << "the running stage did not commit up to the end";
    EXPECT_EQ(stage.Stop().exit_code, 0);
    ExpectInputOrderPerPartition(reader.records(), /*allow_replays=*/true);
    committed = CommittedOffsets(brokers(), t.group, t.input, kPartitions);
    for (int p = 0; p < kPartitions; ++p) {
      EXPECT_EQ(committed[p], end[p]) << "partition " << p;
      for (int64_t o = 0; o < end[p]; ++o) ASSERT_TRUE(reader.seen().count({p, o})) << "lost input " << p << "/" << o;
    }
    std::cout << "[ " << name << " ] inputs " << total << ", duplicates " << reader.duplicates() << "\n";
  }
  TestCluster cluster_{3};
};

TEST_F(RealKafkaBrokerFaultTest, KillNineOfABusyPartitionsLeaderThenRestartLosesNothing) {
  RunThrough("killleader", [&](const Topics& t, StageMetrics&) {
    std::string leader = KafkaLocal("leader --topic '" + t.input + "' --partition 0");
    KafkaLocal("kill --broker " + leader);
    // The stage keeps going on the other two brokers: the output grows while the leader is dead.
    OutputReader probe(brokers(), {{t.output, kPartitions}});
    ASSERT_TRUE(probe.WaitFor([&] { return probe.distinct() >= static_cast<size_t>(kRecords / 2); },
                              std::chrono::seconds(180)))
        << "no progress with broker " << leader << " dead: " << probe.distinct();
    KafkaLocal("start");
  });
}

TEST_F(RealKafkaBrokerFaultTest, ABrokerFrozenForThirtySecondsLosesNothing) {
  RunThrough("pause", [&](const Topics& t, StageMetrics&) {
    std::string leader = KafkaLocal("leader --topic '" + t.input + "' --partition 1");
    KafkaLocal("pause --broker " + leader);
    std::this_thread::sleep_for(std::chrono::seconds(30));  // the freeze is the test's subject
    KafkaLocal("resume --broker " + leader);
  });
}

TEST_F(RealKafkaBrokerFaultTest, RestartingTheWholeClusterLosesNothing) {
  RunThrough("restartall", [&](const Topics&, StageMetrics&) { KafkaLocal("restart"); });
}

TEST_F(RealKafkaBrokerFaultTest, AllBrokersStoppedForThirtySecondsLosesNothingAndReportsNotReady) {
  RunThrough("stopall", [&](const Topics&, StageMetrics& metrics) {
    auto stopped = Clock::now();
    KafkaLocal("stop");
    std::string reason;
    EXPECT_TRUE(Eventually([&] { return !metrics.Ready(&reason); }, std::chrono::seconds(60), kPollEvery))
        << "/readyz still says ready with every broker down";
    // Past the session timeout the group drops the member: readiness says so too.
    EXPECT_TRUE(Eventually([&] { return !metrics.Ready(&reason) && reason.find("group not joined") != std::string::npos; },
                           std::chrono::seconds(25), kPollEvery))
        << reason;
    std::cout << "[ stopall ] /readyz while down: " << reason << "\n";
    std::this_thread::sleep_for(std::chrono::seconds(30) - (Clock::now() - stopped));  // the outage is the subject
    KafkaLocal("start");
  });
}

}  // namespace
}  // namespace wiretag::testing
