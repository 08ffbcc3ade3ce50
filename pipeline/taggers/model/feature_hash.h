#pragma once
// Feature hashing for the entity model: strings and feature templates become
// 64-bit hashes, a feature id is the low 32 bits of a mixed hash, and a weight
// row is id & (rows - 1). Fixed functions, no seeds: the same text always maps
// to the same rows on every platform, which the model file relies on.

#include <cstdint>
#include <string_view>

namespace wiretag::model {

inline constexpr uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// HashBytes in steps: FNV-1a state over the bytes, then a finish with the
// length. Lets a caller hash all the prefixes of a string in one pass
// (HashBytes(s.substr(0, k)) == FinishHash(state after k bytes, k)).
inline constexpr uint64_t kFnvBasis = 0xcbf29ce484222325ULL;
inline constexpr uint64_t FnvStep(uint64_t h, char c) {
  return (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
}
inline constexpr uint64_t FinishHash(uint64_t state, uint64_t size) { return Mix64(state ^ size); }

inline constexpr uint64_t HashBytes(std::string_view s) {
  uint64_t h = kFnvBasis;  // FNV-1a
  for (char c : s) h = FnvStep(h, c);
  return FinishHash(h, s.size());
}

inline constexpr uint64_t Combine(uint64_t a, uint64_t b) {
  return Mix64(a * 0x9E3779B97F4A7C15ULL + b + 0x632BE59BD9B4E019ULL);
}

// A feature of template `t` over value hash `h` (and `h2` for conjunctions).
// Always inlined: feature extraction computes ~40 per token, and g++ may
// otherwise decide to call the two-value one out of line.
[[gnu::always_inline]] inline constexpr uint32_t FeatureId(uint32_t t, uint64_t h) {
  return static_cast<uint32_t>(Combine(0x51ED270B27ULL + t, h));
}
[[gnu::always_inline]] inline constexpr uint32_t FeatureId(uint32_t t, uint64_t h, uint64_t h2) {
  return static_cast<uint32_t>(Combine(Combine(0x51ED270B27ULL + t, h), h2));
}

}  // namespace wiretag::model
