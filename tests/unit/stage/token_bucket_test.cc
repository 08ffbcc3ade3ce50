#include "pipeline/stage/token_bucket.h"

#include <chrono>
#include <stdexcept>

#include <gtest/gtest.h>

namespace wiretag {
namespace {

using namespace std::chrono_literals;

// A clock the test moves by hand.
struct FakeClock {
  std::chrono::steady_clock::time_point t{};
  TokenBucket::Clock fn() {
    return [this] { return t; };
  }
};

TEST(TokenBucket, LetsABurstThroughWithoutWaiting) {
  FakeClock clock;
  TokenBucket bucket(10, 5, clock.fn());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(bucket.Reserve(), 0ns) << i;
  EXPECT_GT(bucket.Reserve(), 0ns);
}

TEST(TokenBucket, AsksToWaitOneIntervalPerTokenBeyondTheBurst) {
  FakeClock clock;
  TokenBucket bucket(100, 1, clock.fn());  // one token per 10 ms
  EXPECT_EQ(bucket.Reserve(), 0ns);
  EXPECT_EQ(bucket.Reserve(), 10ms);
  EXPECT_EQ(bucket.Reserve(), 20ms);  // debts add up while nobody waits
}

TEST(TokenBucket, RefillsWithTimeUpToTheBurst) {
  FakeClock clock;
  TokenBucket bucket(100, 3, clock.fn());
  for (int i = 0; i < 3; ++i) bucket.Reserve();
  clock.t += 10ms;
  EXPECT_EQ(bucket.Reserve(), 0ns);
  EXPECT_GT(bucket.Reserve(), 0ns);
  clock.t += 1h;  // a long idle period earns no more than the burst
  for (int i = 0; i < 3; ++i) EXPECT_EQ(bucket.Reserve(), 0ns) << i;
  EXPECT_GT(bucket.Reserve(), 0ns);
}

TEST(TokenBucket, CallerWhoWaitsAsToldKeepsTheRate) {
  FakeClock clock;
  const double rate = 250;
  TokenBucket bucket(rate, 1, clock.fn());
  auto start = clock.t;
  const int n = 10000;
  for (int i = 0; i < n; ++i) clock.t += bucket.Reserve();
  double seconds = std::chrono::duration<double>(clock.t - start).count();
  // n records, the first free: (n - 1) / rate seconds, to within rounding.
  EXPECT_NEAR(seconds, (n - 1) / rate, 1e-3);
}

TEST(TokenBucket, RejectsNonPositiveRates) {
  EXPECT_THROW(TokenBucket(0, 1), std::invalid_argument);
  EXPECT_THROW(TokenBucket(-5, 1), std::invalid_argument);
  EXPECT_THROW(TokenBucket(5, 0.5), std::invalid_argument);
}

}  // namespace
}  // namespace wiretag
