// `wiretag run` reloads the newsroom lists (tagging.local_lists_dir) and the
// model on SIGHUP while records keep flowing: a name unknown before the reload
// is tagged after it, no record is lost, a failed reload keeps the old taggers,
// and wiretag_tagger_info / wiretag_tagger_reloads_total say what happened.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

#include "tests/integration/stage_harness.h"

namespace wiretag::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCanonical = R"("canonical":"Quillon Varga-Okoro")";

// A port free now on 127.0.0.1 (probed: bound to 0, then released).
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("bind");
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// GET http://127.0.0.1:port/metrics; "" when nothing answers.
std::string ScrapeMetrics(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string request = "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size())) {
      char buf[8192];
      ssize_t n;
      while ((n = recv(fd, buf, sizeof buf, 0)) > 0) response.append(buf, static_cast<size_t>(n));
    }
  }
  close(fd);
  return response;
}

// The value of the first sample of `series` ("name" or "name{a=\"b\",...}")
// that has every label written there, whatever labels the exporter adds
// (every wiretag_* series has `mode`); -1 when there is none.
double Sample(const std::string& metrics, const std::string& series) {
  const size_t brace = series.find('{');
  const std::string name = series.substr(0, brace);
  std::vector<std::string> wanted;
  if (brace != std::string::npos) {
    std::istringstream labels(series.substr(brace + 1, series.size() - brace - 2));
    for (std::string pair; std::getline(labels, pair, ',');) wanted.push_back(pair);
  }
  std::istringstream lines(metrics);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(name, 0) != 0 || line.size() <= name.size()) continue;
    if (line[name.size()] != '{' && line[name.size()] != ' ') continue;  // a longer name
    const std::string head = line.substr(0, line.rfind(' '));
    if (std::all_of(wanted.begin(), wanted.end(), [&](const std::string& l) { return head.find(l) != std::string::npos; }))
      return std::stod(line.substr(line.rfind(' ') + 1));
  }
  return -1;
}

std::string Fingerprint(const std::string& metrics) {
  std::smatch m;
  static const std::regex kInfo(R"re(wiretag_tagger_info\{[^}]*fingerprint="([^"]+)"[^}]*\} 1)re");
  return std::regex_search(metrics, m, kInfo) ? m[1].str() : "";
}

std::string ReloadStory(int i) {
  return R"({"uri":"urn:test:reload:)" + std::to_string(i) +
         R"(","headlines":[{"value":"Council meets"}],"bodies":[{"role":"main","contenttype":"text/plain","value":"OSLO (NTB) - The city council heard from reporter Quillon Varga on Tuesday, officials said in statement )" +
         std::to_string(i) + R"(."}]})";
}

int StoryIndex(const std::string& value) {
  size_t at = value.find("urn:test:reload:");
  return at == std::string::npos ? -1 : std::stoi(value.substr(at + 16));
}

void WriteAtomically(const fs::path& file, const std::string& text) {
  const fs::path temp = file.parent_path() / ("." + file.filename().string() + ".tmp");
  std::ofstream(temp) << text;
  fs::rename(temp, file);
}

class TaggerReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lists_ = fs::temp_directory_path() / ("wiretag-local-lists-" + std::to_string(getpid()));
    fs::remove_all(lists_);
    fs::create_directories(lists_);
  }
  void TearDown() override { fs::remove_all(lists_); }
  fs::path lists_;
};

// Waits (polling the endpoint, reading the output meanwhile) until `done(metrics)`.
bool AwaitMetrics(int port, OutputReader& reader, const std::function<bool(const std::string&)>& done) {
  auto deadline = Clock::now() + std::chrono::seconds(60);
  while (Clock::now() < deadline) {
    if (done(ScrapeMetrics(port))) return true;
    reader.Poll(std::chrono::milliseconds(50));
  }
  return false;
}

TEST_F(TaggerReloadTest, SighupTagsANameAddedToTheLocalListsWhileRecordsKeepFlowing) {
  DevCluster cluster(1);
  const std::string brokers = cluster.bootstrap_servers();
  Topics t = MakeTopics(cluster, "reload", 2);
  WriteAtomically(lists_ / "people.txt", "# our reporters\nSomebody Else\n");
  const int port = FreePort();
  const std::string log = (fs::temp_directory_path() / ("wiretag-reload-" + std::to_string(getpid()) + ".log")).string();
  StageProcess stage({"--brokers", brokers, "--group", t.group, "--input", t.input, "--output", t.output, "--dlq",
                      t.dlq, "--workers", "2", "--metrics-listen", "127.0.0.1:" + std::to_string(port),
                      "--local-lists-dir", lists_.string()},
                     {"WIRETAG_STAGE_COMMIT_INTERVAL_MS=200", "WIRETAG_KAFKA_CONSUMER_FETCH_WAIT_MAX_MS=50",
                      "WIRETAG_METRICS_STATISTICS_INTERVAL_MS=0", "WIRETAG_KAFKA_COMMON_LOG_LEVEL=3"},
                     log);
  OutputReader reader(brokers, {{t.output, 2}, {t.dlq, 2}});
  InputProducer producer(brokers);
  int produced = 0;
  auto produce = [&](int n) {
    for (int k = 0; k < n; ++k, ++produced) producer.Send(t.input, produced % 2, std::nullopt, ReloadStory(produced));
    producer.Flush();
  };
  auto all_out = [&] { return reader.WaitFor([&] { return reader.distinct() >= static_cast<size_t>(produced); },
                                             std::chrono::seconds(60)); };

  // Before: the name is nobody's.
  produce(20);
  ASSERT_TRUE(all_out()) << reader.distinct() << " of " << produced << ", log " << log;
  for (const auto& r : reader.records()) ASSERT_EQ(r.value.find(kCanonical), std::string::npos) << r.value;
  std::string before;
  ASSERT_TRUE(AwaitMetrics(port, reader, [&](const std::string& m) { return !(before = Fingerprint(m)).empty(); }))
      << "no wiretag_tagger_info, log " << log;
  EXPECT_NE(before.find("+local-"), std::string::npos) << before;

  // The newsroom adds its reporter, with the canonical form to report; SIGHUP
  // while records are being produced.
  WriteAtomically(lists_ / "people.txt", "# our reporters\nSomebody Else\nQuillon Varga\tQuillon Varga-Okoro\n");
  std::atomic<bool> stop_feeding{false};
  std::atomic<int> fed{0};
  const int feed_first = produced;
  std::thread feeder([&] {
    InputProducer feed(brokers);
    for (int k = 0; k < 2000 && !stop_feeding; ++k) {
      feed.Send(t.input, k % 2, std::nullopt, ReloadStory(feed_first + k));
      fed = k + 1;
      if (k % 20 == 19) feed.Flush();
    }
    feed.Flush();
  });
  stage.Signal(SIGHUP);
  std::string after;
  const bool reloaded = AwaitMetrics(port, reader, [&](const std::string& m) {
    after = Fingerprint(m);
    return Sample(m, R"(wiretag_tagger_reloads_total{result="ok"})") == 1;
  });
  stop_feeding = true;
  feeder.join();
  produced += fed;
  ASSERT_TRUE(reloaded) << "no successful reload counted, log " << log;
  EXPECT_NE(after, before) << "the fingerprint follows the lists";

  // After: every record produced from now on names the reporter.
  const int first_after = produced;
  produce(20);
  ASSERT_TRUE(all_out()) << reader.distinct() << " of " << produced << ", log " << log;
  int tagged_after = 0;
  for (const auto& r : reader.records()) {
    if (StoryIndex(r.value) < first_after) continue;
    EXPECT_NE(r.value.find(kCanonical), std::string::npos) << r.value;
    EXPECT_NE(r.value.find(R"({"type":"PER","text":"Quillon Varga","canonical":"Quillon Varga-Okoro")"), std::string::npos);
    ++tagged_after;
  }
  EXPECT_EQ(tagged_after, 20);

  // A reload that fails (a list file of no known kind) keeps the taggers in use.
  WriteAtomically(lists_ / "reporters.txt", "Someone New\n");
  stage.Signal(SIGHUP);
  std::string metrics;
  ASSERT_TRUE(AwaitMetrics(port, reader, [&](const std::string& m) {
    metrics = m;
    return Sample(m, R"(wiretag_tagger_reloads_total{result="error"})") == 1;
  })) << "no failed reload counted, log " << log;
  EXPECT_EQ(Fingerprint(metrics), after);
  const int first_after_failure = produced;
  produce(10);
  ASSERT_TRUE(all_out()) << reader.distinct() << " of " << produced << ", log " << log;
  for (const auto& r : reader.records())
    if (StoryIndex(r.value) >= first_after_failure) EXPECT_NE(r.value.find(kCanonical), std::string::npos) << r.value;

  // Nothing was lost along the way, nothing dead-lettered, and the stage stops cleanly.
  EXPECT_EQ(reader.distinct(), static_cast<size_t>(produced));
  for (const auto& r : reader.records()) EXPECT_EQ(r.topic, t.output) << r.error << " " << r.detail;
  stage.Signal(SIGTERM);
  auto status = stage.Wait(std::chrono::seconds(30));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << "log " << log;
}

}  // namespace
}  // namespace wiretag::testing
