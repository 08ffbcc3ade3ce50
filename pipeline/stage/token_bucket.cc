#include "pipeline/stage/token_bucket.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wiretag {

TokenBucket::TokenBucket(double rate_per_second, double burst, Clock now)
    : rate_(rate_per_second), burst_(burst), tokens_(burst), now_(std::move(now)), last_(now_()) {
  if (!(rate_ > 0) || !std::isfinite(rate_)) throw std::invalid_argument("token bucket rate must be > 0");
  if (!(burst_ >= 1)) throw std::invalid_argument("token bucket burst must be >= 1");
}

void TokenBucket::Refill() {
  auto now = now_();
  if (now <= last_) return;
  double elapsed = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
  last_ = now;
}

std::chrono::nanoseconds TokenBucket::Reserve(double n) {
  Refill();
  tokens_ -= n;
  if (tokens_ >= 0) return std::chrono::nanoseconds(0);
  return std::chrono::nanoseconds(static_cast<int64_t>(std::ceil(-tokens_ / rate_ * 1e9)));
}

}  // namespace wiretag
