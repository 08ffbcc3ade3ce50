// kill -9 during `wiretag replay --resume`, then the same command again: every
// record of the range is in the output, none skipped. Runs the real binary
// against the in-process mock cluster.
#include "wiretag/build_paths.h"
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/stage/replay_checkpoint.h"
#include "tests/integration/file_watch.h"
#include "tests/integration/process_exit.h"
#include "tests/integration/replay_test_support.h"

extern char** environ;

namespace wiretag {
namespace {

using testing::MockCluster;
using testing::ReadRecord;
using testing::ReadTopic;
using testing::TestProducer;

pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

int WaitExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string Story(int i) {
  return R"({"uri":"urn:test:story-)" + std::to_string(i) +
         R"(","bodies":[{"role":"main","contenttype":"text/plain","value":"WASHINGTON (AP) -- Story number )" +
         std::to_string(i) + R"( about the Senate."}]})";
}

TEST(ReplayResume, KillNineThenRerunLeavesNoRecordOfTheRangeOut) {
  MockCluster cluster;
  cluster.CreateTopic("raw", 2);
  cluster.CreateTopic("out", 2);
  cluster.CreateTopic("dlq", 1);
  const int per_partition = 600;
  {
    TestProducer producer(cluster.bootstraps());
    for (int i = 0; i < 2 * per_partition; ++i) producer.Produce("raw", i % 2, "", Story(i));
    producer.Flush();
  }
  auto dir = std::filesystem::temp_directory_path() / ("wiretag-resume-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string ckpt = (dir / "replay.ckpt").string(), log = (dir / "replay.log").string();
  std::vector<std::string> cmd = {WIRETAG_BINARY, "--log-format", "json", "replay", "--brokers", cluster.bootstraps(),
                                  "--input", "raw", "--output", "out", "--dlq", "dlq", "--from", "beginning",
                                  "--resume", ckpt, "--metrics-listen", "", "--workers", "2"};

  // First run, slowed down so that it is surely killed in the middle.
  std::vector<std::string> slow = cmd;
  slow.insert(slow.end(), {"--rate", "400"});
  // The checkpoint is read again each time the replay writes it (renames it into the directory).
  testing::FileWatch checkpoints(dir.string());
  pid_t pid = Spawn(slow, log);
  ASSERT_GT(pid, 0);
  int64_t done = -1;
  std::string unreadable;
  checkpoints.Await([&] {
    try {
      if (std::optional<ReplayCheckpoint> cp = ReplayCheckpoint::Load(ckpt)) {
        done = 0;
        for (const auto& [p, r] : cp->partitions) done += r.next - r.from;
      }
    } catch (const std::exception& e) {
      unreadable = e.what();  // never half-written (atomic rename); tolerate nothing else
    }
    return done >= 100 || !unreadable.empty();
  }, std::chrono::seconds(60));
  kill(pid, SIGKILL);
  const int killed = WaitExit(pid);
  ASSERT_TRUE(unreadable.empty()) << "checkpoint unreadable: " << unreadable;
  const int64_t done_at_kill = done;
  ASSERT_GE(done_at_kill, 100) << "the first run never made progress; see " << log;
  ASSERT_EQ(killed, 128 + SIGKILL);
  ASSERT_LT(ReplayCheckpoint::Load(ckpt)->partitions.at(0).next + ReplayCheckpoint::Load(ckpt)->partitions.at(1).next,
            2 * per_partition)
      << "killed too late to test anything";

  // Second run: the same command continues and finishes.
  pid = Spawn(cmd, log);
  ASSERT_GT(pid, 0);
  ASSERT_EQ(WaitExit(pid), 0) << "see " << log;
  std::optional<ReplayCheckpoint> final_cp = ReplayCheckpoint::Load(ckpt);
  ASSERT_TRUE(final_cp && final_cp->Complete());

  std::map<std::string, int> seen;
  for (const ReadRecord& r : ReadTopic(cluster.bootstraps(), "out")) ++seen[r.headers.at("wiretag.source")];
  for (const ReadRecord& r : ReadTopic(cluster.bootstraps(), "dlq")) ++seen[r.headers.at("wiretag.source")];
  int missing = 0, duplicates = 0;
  for (int p = 0; p < 2; ++p)
    for (int o = 0; o < per_partition; ++o) {
      auto it = seen.find("raw/" + std::to_string(p) + "/" + std::to_string(o));
      if (it == seen.end()) ++missing;
      else duplicates += it->second - 1;
    }
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(seen.size(), static_cast<size_t>(2 * per_partition));
  // Duplicates can only come from the window the checkpoint had not covered yet.
  EXPECT_LE(duplicates, 2 * per_partition - done_at_kill);
  std::filesystem::remove_all(dir);
}

TEST(ReplayResume, ACheckpointForAnotherRangeIsRefusedWithExitStatus2) {
  MockCluster cluster;
  cluster.CreateTopic("raw", 1);
  auto dir = std::filesystem::temp_directory_path() / ("wiretag-resume-other-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ReplayCheckpoint cp;
  cp.input = "raw";
  cp.from_spec = "beginning";
  cp.to_spec = "end";
  cp.partitions[0] = {0, 10, 5};
  cp.Save(dir / "ckpt");
  pid_t pid = Spawn({WIRETAG_BINARY, "replay", "--brokers", cluster.bootstraps(), "--input", "raw", "--output", "out",
                     "--dlq", "dlq", "--from", "offsets:0=3", "--resume", (dir / "ckpt").string(), "--metrics-listen", ""},
                    (dir / "log").string());
  EXPECT_EQ(WaitExit(pid), 2);  // a retry with the same arguments cannot succeed: the Job must not retry
  std::ifstream in(dir / "log");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("was written for --from 'beginning'"), std::string::npos) << text;
  std::filesystem::remove_all(dir);
}

// Requests that only new arguments can fix exit 2 (the replay Job's
// podFailurePolicy fails at once on 2 instead of retrying 10 times).
struct RefusedRequest {
  std::vector<std::string> args;
  std::string message;
};

TEST(ReplayExitStatus, RequestsThatCannotBeCarriedOutExit2) {
  MockCluster cluster;
  cluster.CreateTopic("raw", 2);
  {
    TestProducer producer(cluster.bootstraps());
    for (int i = 0; i < 10; ++i) producer.Produce("raw", i % 2, "", Story(i));
    producer.Flush();
  }
  auto dir = std::filesystem::temp_directory_path() / ("wiretag-replay-exit-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::vector<RefusedRequest> cases = {
      {{"--from", "offsets:0=4,1=4", "--to", "offsets:0=2,1=2"}, "is reversed"},
      {{"--from", "beginning", "--partitions", "0,7"}, "partition 7 does not exist"},
      {{"--from", "offsets:0=1"}, ""},  // control: a good request exits 0
  };
  int n = 0;
  for (const auto& c : cases) {
    std::vector<std::string> args = {WIRETAG_BINARY, "replay", "--brokers", cluster.bootstraps(), "--input", "raw",
                                     "--output", "out", "--dlq", "dlq", "--metrics-listen", ""};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const std::string log = (dir / ("log" + std::to_string(n++))).string();
    pid_t pid = Spawn(args, log);
    ASSERT_GT(pid, 0);
    const int status = WaitExit(pid);
    std::ifstream in(log);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (c.message.empty()) {
      EXPECT_EQ(status, 0) << text;
      EXPECT_NE(text.find("into topic out (dead letters to dlq)"), std::string::npos) << text;  // the summary names it
    } else {
      EXPECT_EQ(status, 2) << c.args[1] << "\n" << text;
      EXPECT_NE(text.find(c.message), std::string::npos) << text;
    }
  }
  std::filesystem::remove_all(dir);
}

// The exit status, or -1 when the process was still running after `timeout`
// (then it is killed): a hang fails the test instead of holding it.
int WaitExitWithin(pid_t pid, std::chrono::seconds timeout) {
  testing::ProcessExit exit(pid);
  if (std::optional<int> status = exit.Wait(timeout))
    return WIFEXITED(*status) ? WEXITSTATUS(*status) : 128 + WTERMSIG(*status);
  kill(pid, SIGKILL);
  exit.Wait(std::chrono::seconds(60));
  return -1;
}

TEST(ReplayResume, ACheckpointNamingAMissingPartitionFailsFastWithUsageExitStatus) {
  // Issue 19: the replay assigned partition 7 of a one-partition topic and
  // waited for it forever.
  MockCluster cluster;
  cluster.CreateTopic("raw", 1);
  auto dir = std::filesystem::temp_directory_path() / ("wiretag-resume-missing-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ReplayCheckpoint cp;
  cp.input = "raw";
  cp.from_spec = "beginning";
  cp.to_spec = "end";
  cp.partitions[0] = {0, 10, 5};
  cp.partitions[7] = {0, 10, 0};
  cp.Save(dir / "ckpt");
  pid_t pid = Spawn({WIRETAG_BINARY, "replay", "--brokers", cluster.bootstraps(), "--input", "raw", "--output", "out",
                     "--dlq", "dlq", "--from", "beginning", "--resume", (dir / "ckpt").string(), "--metrics-listen", ""},
                    (dir / "log").string());
  // Generous ceiling: failing fast takes one metadata request.
  EXPECT_EQ(WaitExitWithin(pid, std::chrono::seconds(60)), 2);
  std::ifstream in(dir / "log");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("names partition 7 of raw, which has 1 partitions"), std::string::npos) << text;
  std::filesystem::remove_all(dir);
}

std::string Slurp(const std::filesystem::path& file) {
  std::ifstream in(file);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(ReplayBinary, TwoDryRunsOfTheSameRangeWriteByteIdenticalRecords) {
  MockCluster cluster;
  cluster.CreateTopic("raw", 2);
  {
    TestProducer producer(cluster.bootstraps());
    for (int i = 0; i < 40; ++i) producer.Produce("raw", 0, "", Story(i));  // one partition: one total order
    producer.Produce("raw", 0, "", "{\"uri\": broken");                    // a dead letter, reported on stderr
    producer.Flush();
  }
  auto dir = std::filesystem::temp_directory_path() / ("wiretag-dry-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string outputs[2];
  for (int run = 0; run < 2; ++run) {
    auto out = dir / ("out" + std::to_string(run));
    std::vector<std::string> args = {WIRETAG_BINARY, "replay", "--brokers", cluster.bootstraps(), "--input", "raw",
                                     "--from", "offsets:0=0", "--dry-run", "--metrics-listen", "",
                                     "--workers", run == 0 ? "1" : "4"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, (dir / "log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    pid_t pid = -1;
    ASSERT_EQ(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    ASSERT_EQ(WaitExit(pid), 0) << Slurp(dir / "log");
    outputs[run] = Slurp(out);
  }
  EXPECT_EQ(std::count(outputs[0].begin(), outputs[0].end(), '\n'), 40);
  EXPECT_EQ(outputs[0], outputs[1]);
  EXPECT_NE(Slurp(dir / "log").find("dead-lettered raw/0/40: invalid_json"), std::string::npos) << Slurp(dir / "log");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace wiretag
