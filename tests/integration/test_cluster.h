#pragma once
// TestCluster is the Kafka cluster an integration test talks to: librdkafka's
// mock cluster (in process, the default), or a real cluster outside the test
// when WIRETAG_TEST_BOOTSTRAP=host:port[,...] names one (tests/kafka/kafka-local
// starts it; tests/kafka/real-broker-suite.sh runs the suite that way).
//
// On a real cluster the topics outlive the test process, so every topic name
// gets a suffix unique to the process (pid and start time): tests and reruns
// share one cluster without meeting each other's records. Topics are created
// through the admin API with the broker's default replication factor, and
// CreateTopic() returns once every partition has a leader.
//
// mock() is the mock cluster for fault injection, or nullptr on a real
// cluster; tests that inject faults use DevCluster directly instead.
// Thread safety: CreateTopic() may be called from any thread.

#include <chrono>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include <unistd.h>

#include <librdkafka/rdkafka.h>

#include "pipeline/kafka/dev_cluster.h"

namespace wiretag::testing {

class TestCluster {
 public:
  // The real cluster named by WIRETAG_TEST_BOOTSTRAP, else a mock cluster of `mock_brokers`.
  explicit TestCluster(int mock_brokers) {
    const char* external = std::getenv("WIRETAG_TEST_BOOTSTRAP");
    if (external && *external) {
      bootstrap_ = external;
      suffix_ = "-" + std::to_string(getpid()) + "-" +
                std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000000);
    } else {
      mock_ = std::make_unique<DevCluster>(mock_brokers);
      bootstrap_ = mock_->bootstrap_servers();
    }
  }

  bool real() const { return mock_ == nullptr; }
  const std::string& bootstrap_servers() const { return bootstrap_; }
  rd_kafka_mock_cluster_t* mock() const { return mock_ ? mock_->mock() : nullptr; }

  // The name a test's topic `name` has on this cluster.
  std::string Name(const std::string& name) const { return name + suffix_; }

  // Creates Name(name) with `partitions` partitions; returns that name.
  std::string CreateTopic(const std::string& name, int partitions) {
    std::string topic = Name(name);
    if (mock_) {
      mock_->CreateTopic(topic, partitions);
      return topic;
    }
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap_.c_str(), err, sizeof err);
    rd_kafka_conf_set(conf, "log_level", "3", err, sizeof err);
    std::unique_ptr<rd_kafka_t, void (*)(rd_kafka_t*)> rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err),
                                                          [](rd_kafka_t* r) { rd_kafka_destroy(r); });
    if (!rk) throw std::runtime_error(err);
    rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(topic.c_str(), partitions, -1, err, sizeof err);
    if (!nt) throw std::runtime_error(err);
    rd_kafka_queue_t* q = rd_kafka_queue_new(rk.get());
    rd_kafka_AdminOptions_t* opts = rd_kafka_AdminOptions_new(rk.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS);
    rd_kafka_AdminOptions_set_operation_timeout(opts, 30000, err, sizeof err);
    rd_kafka_CreateTopics(rk.get(), &nt, 1, opts, q);
    rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 60000);
    std::string failure;
    if (!ev) {
      failure = "no answer";
    } else if (rd_kafka_event_error(ev)) {
      failure = rd_kafka_event_error_string(ev);
    } else {
      size_t n = 0;
      const rd_kafka_topic_result_t** results =
          rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
      for (size_t i = 0; i < n; ++i)
        if (rd_kafka_topic_result_error(results[i]))
          failure = rd_kafka_err2str(rd_kafka_topic_result_error(results[i]));
    }
    if (ev) rd_kafka_event_destroy(ev);
    rd_kafka_AdminOptions_destroy(opts);
    rd_kafka_NewTopic_destroy(nt);
    rd_kafka_queue_destroy(q);
    if (!failure.empty()) throw std::runtime_error("cannot create topic " + topic + ": " + failure);
    WaitForLeaders(rk.get(), topic, partitions);
    return topic;
  }

 private:
  // Metadata reaches every broker a moment after CreateTopics answers.
  static void WaitForLeaders(rd_kafka_t* rk, const std::string& topic, int partitions) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
    bool ready = false;
    while (!ready && std::chrono::steady_clock::now() < deadline) {
      const rd_kafka_metadata_t* md = nullptr;
      if (rd_kafka_metadata(rk, 0, rkt, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR && md->topic_cnt == 1 &&
          !md->topics[0].err && md->topics[0].partition_cnt == partitions) {
        ready = true;
        for (int p = 0; p < partitions; ++p) ready = ready && md->topics[0].partitions[p].leader >= 0;
      }
      if (md) rd_kafka_metadata_destroy(md);
      if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(100));  // polling metadata with a deadline
    }
    rd_kafka_topic_destroy(rkt);
    if (!ready) throw std::runtime_error("topic " + topic + " has no leader for every partition after 60 s");
  }

  std::unique_ptr<DevCluster> mock_;
  std::string bootstrap_, suffix_;
};

}  // namespace wiretag::testing
