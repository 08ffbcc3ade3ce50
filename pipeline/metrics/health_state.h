#pragma once
// HealthState answers the two questions an orchestrator asks:
//  - liveness (/healthz): has the main loop made progress within the stall
//    window? The loop calls MarkProgress() every iteration; a loop stuck in a
//    deadlock or a blocking call stops calling it and the probe fails.
//  - readiness (/readyz): has the consumer joined its group and has the
//    producer connected to a broker?
// Each answer carries a one-line reason for humans (the HTTP body).
//
// The clock is injectable (milliseconds on a monotonic clock) so tests step
// time without sleeping. The window starts at construction: a process that
// never reaches its loop turns unhealthy after one window.
//
// Thread safety: every method may be called from any thread; MarkProgress()
// is one relaxed atomic store (no lock, no allocation).

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace wiretag {

struct HealthStatus {
  bool ok = false;
  std::string reason;  // "ok", or why not: "main loop made no progress for 31000 ms (limit 30000 ms)"
};

class HealthState {
 public:
  using Clock = std::function<int64_t()>;  // monotonic milliseconds

  static int64_t SteadyNowMs();

  explicit HealthState(Clock now_ms = SteadyNowMs, int64_t stall_ms = 30000);

  void MarkProgress() { last_progress_ms_.store(now_ms_(), std::memory_order_relaxed); }
  void SetStallMs(int64_t stall_ms) { stall_ms_.store(stall_ms, std::memory_order_relaxed); }
  void SetGroupJoined(bool joined) { group_joined_.store(joined, std::memory_order_relaxed); }
  void SetProducerConnected(bool connected) { producer_connected_.store(connected, std::memory_order_relaxed); }

  HealthStatus Liveness() const;
  HealthStatus Readiness() const;

 private:
  Clock now_ms_;
  std::atomic<int64_t> stall_ms_;
  std::atomic<int64_t> last_progress_ms_;
  std::atomic<bool> group_joined_{false};
  std::atomic<bool> producer_connected_{false};
};

}  // namespace wiretag
