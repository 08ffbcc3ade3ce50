#pragma once
// DevCluster is librdkafka's mock cluster (rdkafka_mock.h): an in-process
// Kafka cluster on 127.0.0.1 that speaks the real protocol over loopback TCP,
// for `wiretag dev-broker`, `wiretag demo` and the integration tests.
// A mock cluster lives inside an rd_kafka_t handle, which DevCluster owns.
//
// Gaps of librdkafka 2.0.2's mock cluster that bound what can be tested on it:
// transactions are accepted but not persisted, offsetsForTimes returns -1.
// Thread safety: the mock API calls are thread-safe.

#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

namespace wiretag {

class DevCluster {
 public:
  // Starts `brokers` brokers. Throws std::runtime_error.
  explicit DevCluster(int brokers);
  ~DevCluster();
  DevCluster(const DevCluster&) = delete;
  DevCluster& operator=(const DevCluster&) = delete;

  // Creates `topic` with `partitions` partitions (replication min(3, brokers)).
  void CreateTopic(const std::string& topic, int partitions);

  std::string bootstrap_servers() const;
  int brokers() const { return brokers_; }
  rd_kafka_mock_cluster_t* mock() const { return mock_; }

 private:
  int brokers_;
  rd_kafka_t* rk_ = nullptr;
  rd_kafka_mock_cluster_t* mock_ = nullptr;
};

}  // namespace wiretag
