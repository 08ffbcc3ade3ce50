#pragma once
// MetricsServer is the HTTP listener SREs and orchestrators talk to:
//   GET /metrics  the Prometheus text exposition (0.0.4) of `render()`
//   GET /healthz  200 "ok" or 503 with the reason from `liveness()`
//   GET /readyz   200 "ok" or 503 with the reason from `readiness()`
// all on one address. It runs on civetweb, the server prometheus-cpp's own
// Exposer uses; the Exposer cannot serve other paths, so wiretag registers
// its three handlers on a civetweb server of its own and serialises with
// prometheus::TextSerializer.
//
// `listen` is "HOST:PORT" with an IPv4 address or "localhost" ("0.0.0.0:9464",
// "127.0.0.1:0" for any free port); civetweb's IPv6 form "[::]:9464" needs an
// IPv6-enabled host and is not tested here. The constructor throws std::runtime_error when the address
// cannot be bound; the destructor stops the server and waits for its threads.
//
// Starvation: every connection holds one of kServerThreads threads from
// accept to answer, and a request whose headers are not complete within
// kRequestTimeoutMs is dropped. So fewer than kServerThreads stalled
// connections or slow scrapes at once leave /healthz and /readyz answering at
// once, and more can delay them by at most kRequestTimeoutMs per wave.
//
// Thread safety: the callbacks run on the server's threads, possibly
// concurrently; they must be thread-safe.

#include <functional>
#include <memory>
#include <string>

#include "pipeline/metrics/health_state.h"

class CivetServer;

namespace wiretag {

class MetricsServer {
 public:
  static constexpr int kServerThreads = 16;
  static constexpr int kRequestTimeoutMs = 2000;

  using Render = std::function<std::string()>;
  using Check = std::function<HealthStatus()>;

  MetricsServer(const std::string& listen, Render render, Check liveness, Check readiness);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // The TCP port actually bound (the kernel's choice when `listen` asked for 0).
  int port() const { return port_; }

 private:
  class Handler;
  std::unique_ptr<Handler> metrics_, healthz_, readyz_;
  std::unique_ptr<CivetServer> server_;
  int port_ = 0;
};

}  // namespace wiretag
