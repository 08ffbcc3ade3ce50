#include "pipeline/kafka/dev_cluster.h"

#include <algorithm>
#include <stdexcept>

namespace wiretag {

DevCluster::DevCluster(int brokers) : brokers_(brokers) {
  if (brokers < 1) throw std::runtime_error("a mock cluster needs at least one broker");
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char errstr[512];
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
  rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk_) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("cannot create the mock cluster's handle: ") + errstr);
  }
  mock_ = rd_kafka_mock_cluster_new(rk_, brokers);
  if (!mock_) {
    rd_kafka_destroy(rk_);
    throw std::runtime_error("cannot start librdkafka's mock cluster");
  }
}

DevCluster::~DevCluster() {
  rd_kafka_mock_cluster_destroy(mock_);
  rd_kafka_destroy(rk_);
}

void DevCluster::CreateTopic(const std::string& topic, int partitions) {
  if (rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(mock_, topic.c_str(), partitions, std::min(3, brokers_)))
    throw std::runtime_error("cannot create topic '" + topic + "': " + rd_kafka_err2str(err));
}

std::string DevCluster::bootstrap_servers() const { return rd_kafka_mock_cluster_bootstraps(mock_); }

}  // namespace wiretag
