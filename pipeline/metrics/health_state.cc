#include "pipeline/metrics/health_state.h"

#include <chrono>

namespace wiretag {

int64_t HealthState::SteadyNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

HealthState::HealthState(Clock now_ms, int64_t stall_ms)
    : now_ms_(std::move(now_ms)), stall_ms_(stall_ms), last_progress_ms_(now_ms_()) {}

HealthStatus HealthState::Liveness() const {
  const int64_t idle = now_ms_() - last_progress_ms_.load(std::memory_order_relaxed);
  const int64_t limit = stall_ms_.load(std::memory_order_relaxed);
  if (idle > limit) {
    return {false, "main loop made no progress for " + std::to_string(idle) + " ms (limit " +
                       std::to_string(limit) + " ms)"};
  }
  return {true, "ok"};
}

HealthStatus HealthState::Readiness() const {
  const bool joined = group_joined_.load(std::memory_order_relaxed);
  const bool connected = producer_connected_.load(std::memory_order_relaxed);
  if (!joined && !connected) return {false, "consumer group not joined; producer not connected"};
  if (!joined) return {false, "consumer group not joined"};
  if (!connected) return {false, "producer not connected"};
  return {true, "ok"};
}

}  // namespace wiretag
