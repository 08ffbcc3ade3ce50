#include "pipeline/metrics/metrics_server.h"

#include <CivetServer.h>

#include <stdexcept>

namespace wiretag {

class MetricsServer::Handler : public CivetHandler {
 public:
  using Respond = std::function<void(mg_connection*)>;
  explicit Handler(Respond respond) : respond_(std::move(respond)) {}
  bool handleGet(CivetServer*, mg_connection* conn) override {
    respond_(conn);
    return true;
  }

 private:
  Respond respond_;
};

namespace {

void Reply(mg_connection* conn, int status, const char* content_type, const std::string& body) {
  const char* text = status == 200 ? "OK" : "Service Unavailable";
  mg_printf(conn,
            "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
            "Cache-Control: no-store\r\nConnection: close\r\n\r\n",
            status, text, content_type, body.size());
  mg_write(conn, body.data(), body.size());
}

void ReplyStatus(mg_connection* conn, const HealthStatus& status) {
  Reply(conn, status.ok ? 200 : 503, "text/plain; charset=utf-8", status.reason + "\n");
}

}  // namespace

MetricsServer::MetricsServer(const std::string& listen, Render render, Check liveness, Check readiness) {
  metrics_ = std::make_unique<Handler>([render = std::move(render)](mg_connection* conn) {
    Reply(conn, 200, "text/plain; version=0.0.4; charset=utf-8", render());
  });
  healthz_ = std::make_unique<Handler>(
      [liveness = std::move(liveness)](mg_connection* conn) { ReplyStatus(conn, liveness()); });
  readyz_ = std::make_unique<Handler>(
      [readiness = std::move(readiness)](mg_connection* conn) { ReplyStatus(conn, readiness()); });

  // civetweb gives each connection a worker thread from the moment it is
  // accepted, whatever its path, until its request is answered or timed out:
  // with 2 threads, ten clients that connect and stall starved /healthz for
  // ~50 s. So: threads for many stalled connections and concurrent scrapes at
  // once, and a stalled request (headers not complete) is cut after
  // kRequestTimeoutMs. The health handlers take no lock the /metrics
  // rendering holds, so a slow scrape never delays them.
  const std::vector<std::string> options = {"listening_ports", listen,
                                            "num_threads", std::to_string(kServerThreads),
                                            "request_timeout_ms", std::to_string(kRequestTimeoutMs),
                                            "enable_keep_alive", "no"};
  try {
    server_ = std::make_unique<CivetServer>(options);
  } catch (const CivetException& e) {
    throw std::runtime_error("metrics: cannot listen on " + listen + ": " + e.what());
  }
  server_->addHandler("/metrics", metrics_.get());
  server_->addHandler("/healthz", healthz_.get());
  server_->addHandler("/readyz", readyz_.get());
  const auto ports = server_->getListeningPorts();
  if (ports.empty()) throw std::runtime_error("metrics: no listening port for " + listen);
  port_ = ports.front();
}

MetricsServer::~MetricsServer() {
  if (server_) server_->close();  // stop serving before the handlers go away
}

}  // namespace wiretag
