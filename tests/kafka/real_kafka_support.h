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
