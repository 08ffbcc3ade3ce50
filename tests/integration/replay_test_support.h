#pragma once
// Helpers for the replay tests: an in-process librdkafka mock cluster on
// 127.0.0.1, a producer that writes records with explicit timestamps, a reader
// that returns a topic's records with their headers, and a deterministic fake
// enricher (bad records are those whose value starts with "bad").

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <chrono>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/stage/record_transform.h"
#include "pipeline/app/replay_job.h"

namespace wiretag::testing {

class MockCluster {
 public:
  explicit MockCluster(int brokers = 1) {
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "log_level", "3", err, sizeof err);
    handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!handle_) throw std::runtime_error(err);
    cluster_ = rd_kafka_mock_cluster_new(handle_, brokers);
    if (!cluster_) throw std::runtime_error("cannot start the mock cluster");
    bootstraps_ = rd_kafka_mock_cluster_bootstraps(cluster_);
  }
  ~MockCluster() {
    rd_kafka_mock_cluster_destroy(cluster_);
    rd_kafka_destroy(handle_);
  }
  void CreateTopic(const std::string& topic, int partitions) {
    if (rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, 1))
      throw std::runtime_error("cannot create topic " + topic);
  }
  const std::string& bootstraps() const { return bootstraps_; }
  std::map<std::string, std::string> Properties() const { return {{"bootstrap.servers", bootstraps_}, {"log_level", "3"}}; }

 private:
  rd_kafka_t* handle_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
  std::string bootstraps_;
};

class TestProducer {
 public:
  explicit TestProducer(const std::string& bootstraps) {
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstraps.c_str(), err, sizeof err);
    rd_kafka_conf_set(conf, "linger.ms", "1", err, sizeof err);
    rd_kafka_conf_set(conf, "log_level", "3", err, sizeof err);
    rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk_) throw std::runtime_error(err);
  }
  ~TestProducer() {
    rd_kafka_flush(rk_, 10000);
    rd_kafka_destroy(rk_);
  }
  // timestamp_ms 0 = let the producer stamp it.
  void Produce(const std::string& topic, int32_t partition, const std::string& key, const std::string& value,
               int64_t timestamp_ms = 0) {
    while (true) {
      rd_kafka_resp_err_t err = rd_kafka_producev(
          rk_, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
          RD_KAFKA_V_KEY(key.empty() ? nullptr : key.data(), key.size()), RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_TIMESTAMP(timestamp_ms), RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) throw std::runtime_error(rd_kafka_err2str(err));
      rd_kafka_poll(rk_, 10);
    }
  }
  void Flush() {
    if (rd_kafka_flush(rk_, 10000)) throw std::runtime_error("test producer could not flush");
  }

 private:
  rd_kafka_t* rk_;
};

struct ReadRecord {
  int32_t partition;
  int64_t offset;
  std::string key, value;
  std::map<std::string, std::string> headers;
};

// Every record of `topic` up to its current high watermarks.
inline std::vector<ReadRecord> ReadTopic(const std::string& bootstraps, const std::string& topic) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstraps.c_str(), err, sizeof err);
  rd_kafka_conf_set(conf, "group.id", "replay-test-reader", err, sizeof err);
  rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof err);
  rd_kafka_conf_set(conf, "log_level", "3", err, sizeof err);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  std::vector<ReadRecord> out;
  if (rd_kafka_metadata(rk, 0, rkt, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    std::map<int32_t, int64_t> high;
    for (int j = 0; j < md->topics[0].partition_cnt; ++j) {
      int32_t p = md->topics[0].partitions[j].id;
      int64_t lo, hi;
      if (rd_kafka_query_watermark_offsets(rk, topic.c_str(), p, &lo, &hi, 5000) == 0 && hi > lo) high[p] = hi;
    }
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(4);
    for (auto& [p, h] : high) rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(rk, list);
    rd_kafka_topic_partition_list_destroy(list);
    size_t done = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    std::map<int32_t, bool> finished;
    while (done < high.size() && std::chrono::steady_clock::now() < deadline) {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 100);
      if (!m) continue;
      if (!m->err) {
        ReadRecord r{m->partition, m->offset, {}, {}, {}};
        if (m->key) r.key.assign(static_cast<const char*>(m->key), m->key_len);
        if (m->payload) r.value.assign(static_cast<const char*>(m->payload), m->len);
        rd_kafka_headers_t* hdrs = nullptr;
        if (rd_kafka_message_headers(m, &hdrs) == 0) {
          const char* name;
          const void* val;
          size_t size;
          for (size_t i = 0; rd_kafka_header_get_all(hdrs, i, &name, &val, &size) == 0; ++i)
            r.headers[name] = std::string(static_cast<const char*>(val), size);
        }
        if (m->offset + 1 >= high[m->partition] && !finished[m->partition]) {
          finished[m->partition] = true;
          ++done;
        }
        if (m->offset < high[m->partition]) out.push_back(std::move(r));
      }
      rd_kafka_message_destroy(m);
    }
  }
  if (md) rd_kafka_metadata_destroy(md);
  rd_kafka_topic_destroy(rkt);
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return out;
}

// Enriches "x" into {"enriched":"x"} with uri "urn:test:x"; values starting
// with "bad" fail as invalid_json.
class FakeTransform : public RecordTransform {
 public:
  std::optional<ProcessError> Process(std::string_view value, std::string* out) override {
    out->clear();
    uri_.clear();
    if (value.substr(0, 3) == "bad") return ProcessError{ErrorClass::kInvalidJson, "fake: not JSON"};
    *out = "{\"enriched\":\"" + std::string(value) + "\"}";
    uri_ = "urn:test:" + std::string(value);
    return std::nullopt;
  }
  std::string_view last_uri() const override { return uri_; }

 private:
  std::string uri_;
};

inline TransformFactory FakeTransforms() {
  return [] { return std::make_unique<FakeTransform>(); };
}

// A configuration pointing at `cluster`, writing to `output` and "dlq".
inline Config ReplayTestConfig(const MockCluster& cluster, const std::string& output) {
  Config c;
  c.brokers = cluster.bootstraps();
  c.output = output;
  c.dlq = "dlq";
  c.kafka.common["log_level"] = "3";
  c.metrics.statistics_interval_ms = 0;
  return c;
}

}  // namespace wiretag::testing
