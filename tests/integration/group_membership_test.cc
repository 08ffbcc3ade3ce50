// Joining and leaving the consumer group at awkward moments, on librdkafka's
// mock cluster with `wiretag run` as a child process.
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/integration/file_watch.h"
#include "tests/integration/stage_harness.h"

namespace wiretag::testing {
namespace {

constexpr int16_t kSyncGroupApiKey = 14;  // Kafka protocol ApiKey of SyncGroup

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Awaits `line` in the log at `path` (read again at each write to it), for up to `timeout`.
bool WaitForLogLine(const std::string& path, const std::string& line, std::chrono::seconds timeout) {
  FileWatch log(path);
  return log.Await([&] { return ReadFile(path).find(line) != std::string::npos; }, timeout);
}

// librdkafka before 2.3.0 aborts here (issue 4312: `Assertion 'assignor_state'
// failed` when a cooperative-sticky consumer is destroyed after its JoinGroup
// was answered — the assignor chosen — but before its first assignment, exit
// 134): this fails on bookworm's 2.0.2 and passes on 2.8.0.
TEST(GroupMembershipTest, SigtermBeforeTheFirstAssignmentExitsZero) {
  DevCluster cluster(1);
  Topics t = MakeTopics(cluster, "early-sigterm", 4);
  // The coordinator holds its answer to the first SyncGroup for 4 s (less than the session timeout): the
  // signal lands after the JoinGroup response (logged by librdkafka's cgrp
  // debug) while the member waits for its first assignment.
  rd_kafka_mock_coordinator_set(cluster.mock(), "group", t.group.c_str(), 1);
  rd_kafka_mock_broker_push_request_error_rtts(cluster.mock(), 1, kSyncGroupApiKey, 1, RD_KAFKA_RESP_ERR_NO_ERROR,
                                               4000);

  const std::string log = (std::filesystem::temp_directory_path() /
                           ("wiretag-early-sigterm-" + std::to_string(getpid()) + ".log")).string();
  std::filesystem::remove(log);
  // (The mock's coordinator is slow to let the next member in, left or not,
  // so the prompt handover itself is measured on real Kafka:
  // tests/kafka/compat-check, docs/operations/kafka-versions.md.)
  const int session_timeout_s = 10;
  StageProcess first({"--brokers", cluster.bootstrap_servers(), "--group", t.group, "--input", t.input, "--output",
                      t.output, "--dlq", t.dlq, "--workers", "1", "--metrics-listen", ""},
                     {"WIRETAG_KAFKA_CONSUMER_SESSION_TIMEOUT_MS=" + std::to_string(session_timeout_s * 1000),
                      "WIRETAG_METRICS_STATISTICS_INTERVAL_MS=0", "WIRETAG_KAFKA_COMMON_DEBUG=cgrp",
                      "WIRETAG_KAFKA_COMMON_LOG_LEVEL=7", "WIRETAG_LOG_LEVEL=debug"},
                     log);
  ASSERT_TRUE(WaitForLogLine(log, "JoinGroup response: GenerationId", std::chrono::seconds(30))) << ReadFile(log);
  // The stage logs "assigned N partitions" on every assignment.
  ASSERT_FALSE(std::regex_search(ReadFile(log), std::regex("assigned [0-9]+ partitions")))
      << "the signal would come after the assignment:\n" << ReadFile(log);
  first.Signal(SIGTERM);
  auto status = first.Wait(std::chrono::seconds(30));
  ASSERT_TRUE(status.has_value()) << "still running 30 s after SIGTERM; log:\n" << ReadFile(log);
  const std::string text = ReadFile(log);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << "status " << *status << " (signal " << (WIFSIGNALED(*status) ? WTERMSIG(*status) : 0) << "); log:\n"
      << text;
}

}  // namespace
}  // namespace wiretag::testing
