#pragma once
// Helpers for the tests that only make sense on a real Kafka cluster (the
// real_kafka_tests binary, run by tests/kafka/real-broker-suite.sh):
// the cluster named by WIRETAG_TEST_BOOTSTRAP (a test fails, never skips,
// without one), control of a tests/kafka/kafka-local cluster named by
// WIRETAG_TEST_KAFKA_DIR, and an HTTP GET for the metrics endpoints.

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include <librdkafka/rdkafka.h>

#include "tests/integration/stage_harness.h"
#include "wiretag/build_paths.h"

namespace wiretag::testing {

inline constexpr const char* kNeedsRealCluster =
    "this test needs a real Kafka cluster: WIRETAG_TEST_BOOTSTRAP=host:port (tests/kafka/real-broker-suite.sh)";

// Runs `tests/kafka/kafka-local <args> --dir $WIRETAG_TEST_KAFKA_DIR`; returns its stdout. Throws on failure.
inline std::string KafkaLocal(const std::string& args) {
  const char* dir = std::getenv("WIRETAG_TEST_KAFKA_DIR");
  if (!dir || !*dir) throw std::runtime_error("WIRETAG_TEST_KAFKA_DIR (the kafka-local cluster's directory) is not set");
  std::string cmd = std::string(WIRETAG_SOURCE_DIR) + "/tests/kafka/kafka-local " + args + " --dir '" + dir + "'";
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  if (!p) throw std::runtime_error("cannot run " + cmd);
  std::string out;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p.get())) > 0;) out.append(buf, n);
  int status = pclose(p.release());
  if (status != 0) throw std::runtime_error(cmd + " failed (status " + std::to_string(status) + ")");
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// The node id of the broker that coordinates consumer group `group` (as
// DescribeConsumerGroups reports it), or -1 when the cluster does not say.
inline int GroupCoordinator(const std::string& brokers, const std::string& group) {
  char errstr[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), errstr, sizeof errstr);
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
  std::unique_ptr<rd_kafka_t, void (*)(rd_kafka_t*)> rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr),
                                                         rd_kafka_destroy);
  if (!rk) return -1;
  std::unique_ptr<rd_kafka_queue_t, void (*)(rd_kafka_queue_t*)> queue(rd_kafka_queue_new(rk.get()),
                                                                       rd_kafka_queue_destroy);
  const char* groups[] = {group.c_str()};
  rd_kafka_DescribeConsumerGroups(rk.get(), groups, 1, nullptr, queue.get());
  std::unique_ptr<rd_kafka_event_t, void (*)(rd_kafka_event_t*)> event(rd_kafka_queue_poll(queue.get(), 30000),
                                                                       rd_kafka_event_destroy);
  if (!event || rd_kafka_event_error(event.get())) return -1;
  size_t n = 0;
  const rd_kafka_ConsumerGroupDescription_t** descriptions = rd_kafka_DescribeConsumerGroups_result_groups(
      rd_kafka_event_DescribeConsumerGroups_result(event.get()), &n);
  if (n != 1 || rd_kafka_ConsumerGroupDescription_error(descriptions[0])) return -1;
  const rd_kafka_Node_t* coordinator = rd_kafka_ConsumerGroupDescription_coordinator(descriptions[0]);
  return coordinator ? rd_kafka_Node_id(coordinator) : -1;
}

// The body of GET http://127.0.0.1:<port><path> (curl), or "" when it fails.
inline std::string HttpGet(int port, const std::string& path) {
  std::string cmd = "curl -s --max-time 5 http://127.0.0.1:" + std::to_string(port) + path;
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  std::string out;
  char buf[4096];
  for (size_t n; p && (n = fread(buf, 1, sizeof buf, p.get())) > 0;) out.append(buf, n);
  return out;
}

// The sum of every sample of `name` (any labels) in a Prometheus text body.
inline double MetricSum(const std::string& body, const std::string& name) {
  double sum = 0;
  size_t pos = 0;
  while ((pos = body.find(name, pos)) != std::string::npos) {
    bool line_start = pos == 0 || body[pos - 1] == '\n';
    size_t after = pos + name.size();
    if (line_start && after < body.size() && (body[after] == '{' || body[after] == ' ')) {
      size_t eol = body.find('\n', after);
      size_t space = body.rfind(' ', eol);
      sum += std::stod(body.substr(space + 1, eol - space - 1));
    }
    pos = after;
  }
  return sum;
}

}  // namespace wiretag::testing
