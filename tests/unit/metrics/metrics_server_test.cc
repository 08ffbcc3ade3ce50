// /metrics, /healthz and /readyz over real HTTP on 127.0.0.1 (port chosen by the kernel).
#include "pipeline/metrics/metrics_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "pipeline/metrics/stage_metrics.h"

namespace wiretag {
namespace {

struct HttpResponse {
  int status = 0;
  std::string headers, body;
};

// A minimal HTTP/1.1 GET over loopback (Connection: close).
HttpResponse Get(int port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    throw std::runtime_error("connect");
  }
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  if (send(fd, request.data(), request.size(), 0) != static_cast<ssize_t>(request.size())) {
    close(fd);
    throw std::runtime_error("send");
  }
  std::string raw;
  char buffer[4096];
  for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) raw.append(buffer, n);
  close(fd);
  HttpResponse response;
  const auto head_end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.1 ", 0) != 0 || head_end == std::string::npos) throw std::runtime_error("bad response: " + raw);
  response.status = std::stoi(raw.substr(9, 3));
  response.headers = raw.substr(0, head_end);
  response.body = raw.substr(head_end + 4);
  return response;
}

TEST(MetricsServerTest, ServesMetricsHealthAndReadinessOnOnePort) {
  std::atomic<bool> live{true}, ready{false};
  MetricsServer server(
      "127.0.0.1:0", [] { return std::string("wiretag_up 1\n"); },
      [&] { return live ? HealthStatus{true, "ok"} : HealthStatus{false, "main loop stalled"}; },
      [&] { return ready ? HealthStatus{true, "ok"} : HealthStatus{false, "consumer group not joined"}; });
  ASSERT_GT(server.port(), 0);

  HttpResponse metrics = Get(server.port(), "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.body, "wiretag_up 1\n");
  EXPECT_NE(metrics.headers.find("Content-Type: text/plain; version=0.0.4"), std::string::npos) << metrics.headers;

  EXPECT_EQ(Get(server.port(), "/healthz").status, 200);
  HttpResponse not_ready = Get(server.port(), "/readyz");
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_EQ(not_ready.body, "consumer group not joined\n");

  live = false;
  ready = true;
  HttpResponse stalled = Get(server.port(), "/healthz");
  EXPECT_EQ(stalled.status, 503);
  EXPECT_EQ(stalled.body, "main loop stalled\n");
  EXPECT_EQ(Get(server.port(), "/readyz").status, 200);
  EXPECT_EQ(Get(server.port(), "/readyz").body, "ok\n");
}

// A client that connects and sends only part of a request, then stalls.
class StalledClient {
 public:
  explicit StalledClient(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) throw std::runtime_error("socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect");
    const std::string partial = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n";  // no blank line: never complete
    if (send(fd_, partial.data(), partial.size(), 0) != static_cast<ssize_t>(partial.size()))
      throw std::runtime_error("send");
  }
  ~StalledClient() { close(fd_); }
  // Blocks until the server closes the connection (true), or `ceiling` passes.
  bool WaitClosedByServer(int ceiling_seconds) {
    timeval timeout{ceiling_seconds, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    char buffer[512];
    ssize_t n;
    while ((n = recv(fd_, buffer, sizeof buffer, 0)) > 0) {
    }
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  int fd_;
};

TEST(MetricsServerTest, HealthAnswersWhileSlowClientsAndAStuckScrapeHoldConnections) {
  // Issue 19: ten clients holding half-sent requests starved /healthz for ~50 s
  // (two server threads, each held until a 10 s request timeout).
  std::mutex render_mu;
  std::condition_variable render_cv;
  bool release = false;
  int rendering = 0;
  MetricsServer server(
      "127.0.0.1:0",
      [&] {
        std::unique_lock lock(render_mu);
        ++rendering;
        render_cv.notify_all();
        render_cv.wait(lock, [&] { return release; });  // a scrape that takes as long as the test wants
        return std::string("wiretag_up 1\n");
      },
      [] { return HealthStatus{true, "ok"}; }, [] { return HealthStatus{true, "ok"}; });
  std::vector<std::unique_ptr<StalledClient>> stalled;
  for (int i = 0; i < 10; ++i) stalled.push_back(std::make_unique<StalledClient>(server.port()));
  std::thread scrape([&] { EXPECT_EQ(Get(server.port(), "/metrics").status, 200); });
  {
    std::unique_lock lock(render_mu);
    render_cv.wait(lock, [&] { return rendering > 0; });  // the scrape holds its thread now
  }
  // Get() gives up after 10 s: on two threads this waited for the stalled clients' timeouts.
  HttpResponse health = Get(server.port(), "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(Get(server.port(), "/readyz").status, 200);
  {
    std::lock_guard lock(render_mu);
    release = true;
  }
  render_cv.notify_all();
  scrape.join();
}

TEST(MetricsServerTest, AStalledRequestIsDroppedByTheServer) {
  MetricsServer server(
      "127.0.0.1:0", [] { return std::string(); }, [] { return HealthStatus{true, "ok"}; },
      [] { return HealthStatus{true, "ok"}; });
  StalledClient client(server.port());
  // The server's request timeout closes it; the ceiling only keeps a broken server from hanging the test.
  EXPECT_TRUE(client.WaitClosedByServer(60));
}

TEST(MetricsServerTest, UnknownPathIsNotFound) {
  MetricsServer server(
      "127.0.0.1:0", [] { return std::string(); }, [] { return HealthStatus{true, "ok"}; },
      [] { return HealthStatus{true, "ok"}; });
  EXPECT_EQ(Get(server.port(), "/nothing-here").status, 404);
}

TEST(MetricsServerTest, AnAddressInUseIsAClearError) {
  MetricsServer first(
      "127.0.0.1:0", [] { return std::string(); }, [] { return HealthStatus{true, "ok"}; },
      [] { return HealthStatus{true, "ok"}; });
  const std::string taken = "127.0.0.1:" + std::to_string(first.port());
  try {
    MetricsServer second(
        taken, [] { return std::string(); }, [] { return HealthStatus{true, "ok"}; },
        [] { return HealthStatus{true, "ok"}; });
    FAIL() << "second server bound " << taken;
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot listen on " + taken), std::string::npos) << e.what();
  }
}

TEST(MetricsServerTest, StageMetricsServeTheirCountersAndHealth) {
  int64_t now = 0;
  StageMetrics metrics("rules1", [&now] { return now; });
  metrics.SetHealthStallMs(1000);
  metrics.Serve("127.0.0.1:0");
  metrics.RecordConsumed("wire.raw", 3);
  HttpResponse scrape = Get(metrics.port(), "/metrics");
  EXPECT_EQ(scrape.status, 200);
  EXPECT_NE(scrape.body.find("wiretag_records_consumed_total{mode=\"live\",partition=\"3\",topic=\"wire.raw\"} 1"),
            std::string::npos)
      << scrape.body;
  EXPECT_NE(scrape.body.find("process_resident_memory_bytes"), std::string::npos);
  EXPECT_EQ(Get(metrics.port(), "/healthz").status, 200);
  now = 5000;
  HttpResponse stalled = Get(metrics.port(), "/healthz");
  EXPECT_EQ(stalled.status, 503);
  EXPECT_NE(stalled.body.find("no progress for 5000 ms"), std::string::npos) << stalled.body;
  EXPECT_EQ(Get(metrics.port(), "/readyz").status, 503);
  metrics.SetGroupJoined(true);
  metrics.SetProducerConnected(true);
  EXPECT_EQ(Get(metrics.port(), "/readyz").status, 200);
}

}  // namespace
}  // namespace wiretag
