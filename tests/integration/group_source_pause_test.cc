// KafkaGroupSource's pause state across rebalances, on librdkafka's mock
// cluster. librdkafka keeps a partition's application pause flag while the
// partition is not assigned; the source must give every assignment the
// current state, or a partition that left while fetching was paused, and came
// back after the resume, never fetches again. That stalled exactly-once
// stages for good after a group coordinator's kill -9 on a 3-broker cluster
// (ExactlyOnceBrokerFaultTest): paused by backpressure when the partitions
// were lost, resumed while none was assigned, then assigned them again.
#include <set>

#include "pipeline/source/kafka_group_source.h"
#include "pipeline/stage/fatal_error_latch.h"
#include "tests/integration/stage_harness.h"

namespace wiretag::testing {
namespace {

class RecordingListener : public GroupSourceListener {
 public:
  void Assigned(const std::vector<TopicPartition>& partitions) override {
    for (const auto& tp : partitions) assigned.insert(tp.partition);
  }
  void Revoking(const std::vector<TopicPartition>& partitions, bool) override {
    for (const auto& tp : partitions) assigned.erase(tp.partition);
  }
  void Committed(const TopicPartition&, int64_t) override {}
  std::set<int32_t> assigned;
};

TEST(KafkaGroupSourcePauseTest, APartitionThatLeftWhilePausedFetchesAgainWhenAssignedAfterTheResume) {
  DevCluster cluster(1);
  Topics t = MakeTopics(cluster, "pause-rebalance", 2);
  {
    InputProducer producer(cluster.bootstrap_servers());
    for (int i = 0; i < 20; ++i) producer.Send(t.input, i % 2, "key-" + std::to_string(i), Story(i));
    producer.Flush();
  }
  Config config = StageConfig(cluster.bootstrap_servers(), t, 1);
  FatalErrorLatch failures;
  KafkaGroupSource source(config, &failures, nullptr);
  RecordingListener listener;
  ASSERT_TRUE(source.Subscribe(&listener));
  auto poll_until = [&](const std::function<bool()>& done, rd_kafka_t* other = nullptr) {
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (!done() && Clock::now() < deadline) {
      source.Poll(std::chrono::milliseconds(20));
      if (other)
        if (rd_kafka_message_t* m = rd_kafka_consumer_poll(other, 20)) rd_kafka_message_destroy(m);
    }
    return done();
  };
  ASSERT_TRUE(poll_until([&] { return listener.assigned.size() == 2; })) << "never assigned both partitions";
  // Backpressure: fetching is paused while both partitions are assigned.
  source.SetPaused(true);

  // A second member takes one partition (cooperative-sticky, as the stage).
  auto other = NewClient(RD_KAFKA_CONSUMER, {{"bootstrap.servers", cluster.bootstrap_servers()},
                                             {"group.id", t.group},
                                             {"partition.assignment.strategy", "cooperative-sticky"},
                                             {"session.timeout.ms", "6000"},
                                             {"heartbeat.interval.ms", "500"},
                                             {"log_level", "3"}});
  rd_kafka_poll_set_consumer(other.get());
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, t.input.c_str(), RD_KAFKA_PARTITION_UA);
  ASSERT_EQ(rd_kafka_subscribe(other.get(), topics), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(topics);
  ASSERT_TRUE(poll_until([&] { return listener.assigned.size() == 1; }, other.get()))
      << "the second member took no partition";
  const int32_t moved = listener.assigned.count(0) ? 1 : 0;

  // The in-flight work drained: fetching resumes while `moved` is away.
  source.SetPaused(false);
  // The second member leaves; `moved` comes back to the source.
  rd_kafka_consumer_close(other.get());
  other.reset();
  ASSERT_TRUE(poll_until([&] { return listener.assigned.size() == 2; })) << "partition " << moved << " never came back";

  // Not paused: the partition that came back is fetched (from its start: nothing was committed).
  bool fetched = false;
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (!fetched && Clock::now() < deadline)
    if (auto record = source.Poll(std::chrono::milliseconds(100))) fetched = record->first.partition == moved;
  EXPECT_TRUE(fetched) << "partition " << moved << " was assigned again after the resume but never fetched";
  EXPECT_FALSE(failures.error().has_value()) << *failures.error();
  source.Close(Clock::now() + std::chrono::seconds(10));
}

}  // namespace
}  // namespace wiretag::testing
