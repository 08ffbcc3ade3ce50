#include "pipeline/taggers/snapshot_io.h"

#include "pipeline/taggers/model/feature_hash.h"

namespace wiretag {

namespace {

constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;

uint64_t Word(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

uint64_t Lane(uint64_t h, uint64_t w) {
  h ^= w;
  h = (h << 27) | (h >> 37);
  return h * kMultiplier;
}

}  // namespace

uint64_t ContentHash(std::string_view bytes, uint64_t seed) {
  uint64_t lanes[4] = {seed ^ 0x243F6A8885A308D3ULL, seed ^ 0x13198A2E03707344ULL, seed ^ 0xA4093822299F31D0ULL,
                       seed ^ 0x082EFA98EC4E6C89ULL};
  const char* p = bytes.data();
  size_t n = bytes.size();
  for (; n >= 32; p += 32, n -= 32)
    for (int k = 0; k < 4; ++k) lanes[k] = Lane(lanes[k], Word(p + 8 * k));
  for (int k = 0; n >= 8; ++k, p += 8, n -= 8) lanes[k] = Lane(lanes[k], Word(p));
  uint64_t tail = 0;
  if (n) std::memcpy(&tail, p, n);
  uint64_t h = model::Mix64(lanes[0] ^ model::Mix64(lanes[1] ^ model::Mix64(lanes[2] ^ model::Mix64(lanes[3] ^ tail))));
  return model::Mix64(h ^ bytes.size());
}

}  // namespace wiretag
