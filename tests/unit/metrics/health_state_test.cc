// Liveness and readiness transitions, driven by an injected clock (no sleeps).
#include "pipeline/metrics/health_state.h"

#include <gtest/gtest.h>

namespace wiretag {
namespace {

struct FakeClock {
  int64_t now = 1000;
  HealthState::Clock fn() {
    return [this] { return now; };
  }
};

TEST(HealthStateTest, LiveUntilTheMainLoopStallsLongerThanTheWindow) {
  FakeClock clock;
  HealthState health(clock.fn(), 5000);
  EXPECT_TRUE(health.Liveness().ok);
  clock.now += 5000;
  EXPECT_TRUE(health.Liveness().ok);  // exactly the window: still fine
  clock.now += 1;
  const HealthStatus stalled = health.Liveness();
  EXPECT_FALSE(stalled.ok);
  EXPECT_EQ(stalled.reason, "main loop made no progress for 5001 ms (limit 5000 ms)");
}

TEST(HealthStateTest, ProgressMakesAStalledProcessLiveAgain) {
  FakeClock clock;
  HealthState health(clock.fn(), 100);
  clock.now += 1000;
  EXPECT_FALSE(health.Liveness().ok);
  health.MarkProgress();
  EXPECT_TRUE(health.Liveness().ok);
  EXPECT_EQ(health.Liveness().reason, "ok");
}

TEST(HealthStateTest, StallWindowCanBeChangedAtRunTime) {
  FakeClock clock;
  HealthState health(clock.fn(), 100);
  clock.now += 200;
  EXPECT_FALSE(health.Liveness().ok);
  health.SetStallMs(300);
  EXPECT_TRUE(health.Liveness().ok);
}

TEST(HealthStateTest, ReadyOnlyWithGroupJoinedAndProducerConnected) {
  FakeClock clock;
  HealthState health(clock.fn(), 100);
  EXPECT_EQ(health.Readiness().reason, "consumer group not joined; producer not connected");
  health.SetProducerConnected(true);
  EXPECT_FALSE(health.Readiness().ok);
  EXPECT_EQ(health.Readiness().reason, "consumer group not joined");
  health.SetGroupJoined(true);
  EXPECT_TRUE(health.Readiness().ok);
  health.SetProducerConnected(false);
  EXPECT_EQ(health.Readiness().reason, "producer not connected");
  EXPECT_FALSE(health.Readiness().ok);
}

}  // namespace
}  // namespace wiretag
