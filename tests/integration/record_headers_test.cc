// Records keep what they came with: the input's Kafka headers (as
// records.headers_allow/deny say) and its timestamp reach the enriched record
// and the dead letter, in `run` and in `replay`, on librdkafka's mock cluster.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/app/replay_job.h"
#include "tests/integration/stage_harness.h"

namespace wiretag::testing {
namespace {

// 2021-03-04T05:06:07Z: far from now, so a produce-time stamp cannot pass for it.
constexpr int64_t kInputTimestampMs = 1614834367000;

struct Header {
  std::string name;
  std::optional<std::string> value;
  bool operator==(const Header&) const = default;
};

struct Produced {
  std::string topic;
  int64_t timestamp_ms = -1;
  rd_kafka_timestamp_type_t timestamp_type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
  std::vector<Header> headers;
  std::string Get(const std::string& name) const {
    for (const auto& h : headers)
      if (h.name == name) return h.value.value_or("<null>");
    return "<absent>";
  }
  int Count(const std::string& name) const {
    int n = 0;
    for (const auto& h : headers) n += h.name == name;
    return n;
  }
};

void ProduceWithHeaders(const std::string& brokers, const std::string& topic, const std::vector<std::string>& values,
                        int64_t timestamp_ms) {
  auto rk = NewClient(RD_KAFKA_PRODUCER, {{"bootstrap.servers", brokers}, {"log_level", "3"}});
  for (const std::string& value : values) {
    rd_kafka_headers_t* h = rd_kafka_headers_new(4);
    rd_kafka_header_add(h, "traceparent", -1, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", -1);
    rd_kafka_header_add(h, "x-null", -1, nullptr, 0);
    rd_kafka_header_add(h, "secret-token", -1, "s3cr3t", -1);
    rd_kafka_header_add(h, "wiretag.error", -1, "stale-reason-from-an-earlier-run", -1);
    rd_kafka_resp_err_t err = rd_kafka_producev(
        rk.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(0), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()), RD_KAFKA_V_TIMESTAMP(timestamp_ms),
        RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_END);
    if (err) {
      rd_kafka_headers_destroy(h);
      throw std::runtime_error(std::string("produce: ") + rd_kafka_err2str(err));
    }
  }
  if (rd_kafka_flush(rk.get(), 30000)) throw std::runtime_error("flush timed out");
}

// Reads `topics` (partitions 0..partitions-1) from the beginning until `want`
// records arrived or the deadline.
std::vector<Produced> ReadProduced(const std::string& brokers, const std::vector<std::pair<std::string, int>>& topics,
                                   size_t want) {
  auto rk = NewClient(RD_KAFKA_CONSUMER, {{"bootstrap.servers", brokers}, {"group.id", "headers-reader"},
                                          {"enable.auto.commit", "false"}, {"log_level", "3"},
                                          {"fetch.wait.max.ms", "20"}});
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(8);
  for (const auto& [topic, partitions] : topics)
    for (int p = 0; p < partitions; ++p)
      rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(rk.get(), list);
  rd_kafka_topic_partition_list_destroy(list);
  std::vector<Produced> out;
  auto deadline = Clock::now() + std::chrono::seconds(60);
  while (out.size() < want && Clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk.get(), 50);
    if (!m) continue;
    if (!m->err) {
      Produced r;
      r.topic = rd_kafka_topic_name(m->rkt);
      r.timestamp_ms = rd_kafka_message_timestamp(m, &r.timestamp_type);
      rd_kafka_headers_t* hdrs = nullptr;
      if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* name;
        const void* value;
        size_t size;
        for (size_t i = 0; rd_kafka_header_get_all(hdrs, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
          r.headers.push_back({name, value ? std::optional<std::string>(std::string(static_cast<const char*>(value), size))
                                           : std::nullopt});
      }
      out.push_back(std::move(r));
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(rk.get());
  return out;
}

// One enriched record and one dead letter, both from inputs carrying the test headers.
void ExpectHeadersAndTimestampCarried(const std::vector<Produced>& records, const std::string& output,
                                      const std::string& dlq, bool input_timestamp) {
  ASSERT_EQ(records.size(), 2u);
  int enriched = 0, dead = 0;
  for (const Produced& r : records) {
    SCOPED_TRACE(r.topic);
    (r.topic == output ? enriched : dead) += 1;
    EXPECT_EQ(r.Get("traceparent"), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    EXPECT_EQ(r.Get("x-null"), "<null>") << "a header without a value stays without one";
    EXPECT_EQ(r.Get("secret-token"), "<absent>") << "records.headers_deny drops it";
    // The stage's own headers win over the input's: one wiretag.error, the stage's.
    EXPECT_EQ(r.Count("wiretag.error"), r.topic == dlq ? 1 : 0);
    if (r.topic == dlq) {
      EXPECT_EQ(r.Get("wiretag.error"), "invalid_json");
    }
    EXPECT_EQ(r.Count("wiretag.source"), 1);
    EXPECT_EQ(r.timestamp_type, RD_KAFKA_TIMESTAMP_CREATE_TIME);
    if (input_timestamp) {
      EXPECT_EQ(r.timestamp_ms, kInputTimestampMs);
    } else {
      EXPECT_GT(r.timestamp_ms, kInputTimestampMs + 24LL * 3600 * 1000) << "the produce time, not the input's";
    }
  }
  EXPECT_EQ(enriched, 1);
  EXPECT_EQ(dead, 1);
}

class RecordHeadersTest : public ::testing::Test {
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
  static DevCluster* cluster_;
};
DevCluster* RecordHeadersTest::cluster_ = nullptr;

TEST_F(RecordHeadersTest, RunCarriesInputHeadersAndTimestampToOutputAndDeadLetter) {
  Topics t = MakeTopics(*cluster_, "headers-run", 1);
  ProduceWithHeaders(brokers(), t.input, {Story(1), "{not json"}, kInputTimestampMs);
  Config config = StageConfig(brokers(), t, 2);
  config.records.headers_deny = {"secret-*"};
  StageThread stage(config, TestFactory());
  auto records = ReadProduced(brokers(), {{t.output, 1}, {t.dlq, 2}}, 2);
  EXPECT_EQ(stage.Stop().exit_code, 0);
  ExpectHeadersAndTimestampCarried(records, t.output, t.dlq, /*input_timestamp=*/true);
}

TEST_F(RecordHeadersTest, RunStampsTheProduceTimeWhenAskedTo) {
  Topics t = MakeTopics(*cluster_, "headers-produce-time", 1);
  ProduceWithHeaders(brokers(), t.input, {Story(2), "{not json"}, kInputTimestampMs);
  Config config = StageConfig(brokers(), t, 1);
  config.records.headers_deny = {"secret-token"};
  config.records.timestamp = "produce";
  StageThread stage(config, TestFactory());
  auto records = ReadProduced(brokers(), {{t.output, 1}, {t.dlq, 2}}, 2);
  EXPECT_EQ(stage.Stop().exit_code, 0);
  ExpectHeadersAndTimestampCarried(records, t.output, t.dlq, /*input_timestamp=*/false);
}

TEST_F(RecordHeadersTest, ReplayCarriesInputHeadersAndTimestamp) {
  Topics t = MakeTopics(*cluster_, "headers-replay", 1);
  ProduceWithHeaders(brokers(), t.input, {Story(3), "{not json"}, kInputTimestampMs);
  ReplayJobOptions o;
  o.config = StageConfig(brokers(), t, 2);
  o.config.records.headers_deny = {"secret-*"};
  o.input = t.input;
  o.from = ParseReplayPosition("beginning");
  o.to = ParseReplayPosition("end");
  o.runner.workers = 2;
  ReplaySummary s = RunReplayJob(o, TestFactory());
  ASSERT_TRUE(s.complete);
  ExpectHeadersAndTimestampCarried(ReadProduced(brokers(), {{t.output, 1}, {t.dlq, 2}}, 2), t.output, t.dlq,
                                   /*input_timestamp=*/true);
}

TEST_F(RecordHeadersTest, AnEmptyAllowListCarriesNoInputHeader) {
  Topics t = MakeTopics(*cluster_, "headers-none", 1);
  ProduceWithHeaders(brokers(), t.input, {Story(4)}, kInputTimestampMs);
  Config config = StageConfig(brokers(), t, 1);
  config.records.headers_allow = {};
  StageThread stage(config, TestFactory());
  auto records = ReadProduced(brokers(), {{t.output, 1}}, 1);
  EXPECT_EQ(stage.Stop().exit_code, 0);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].Get("traceparent"), "<absent>");
  EXPECT_EQ(records[0].Count("wiretag.source"), 1);
}

}  // namespace
}  // namespace wiretag::testing
