#pragma once
// TokenBucket caps a rate of events (records per second for `wiretag replay
// --rate N`). It holds up to `burst` tokens, refilled continuously at `rate`
// per second. Reserve() always takes the token and says how long the caller
// must wait before acting on it, so a caller that sleeps that long never
// exceeds `rate` on average nor `burst` at once.
//
// The clock is injected so tests can drive time without sleeping.
// Not thread-safe: one owner (the replay's reading loop).

#include <chrono>
#include <functional>

namespace wiretag {

class TokenBucket {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // rate > 0 tokens per second; burst >= 1 tokens. Starts full.
  TokenBucket(double rate_per_second, double burst, Clock now = &std::chrono::steady_clock::now);

  // Takes `n` tokens (the balance may go negative: a debt paid back by waiting)
  // and returns how long to wait until the balance is back to zero. Zero when
  // the tokens were available.
  std::chrono::nanoseconds Reserve(double n = 1);

  double rate() const { return rate_; }

 private:
  void Refill();

  double rate_, burst_, tokens_;
  Clock now_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace wiretag
