#pragma once
// Left-to-right greedy decoding of one document with a hashed weight table:
// each token's label is the best-scoring label allowed after the previous one
// (BILOU transitions; a sentence never ends inside a span), scored from the
// token's static features plus dynamic ones (previous labels, the prediction
// history of the same word earlier in the document).
//
// The same loop serves training (float weights, a hook that updates them) and
// tagging (int16 weights, no hook), so what is trained is what runs.

#include <array>
#include <cstdint>
#include <limits>
#include <span>

#include "pipeline/taggers/model/bilou.h"
#include "pipeline/taggers/model/feature_extractor.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wiretag::model {

// allowed[prev][at_sentence_end][label]; prev = kNumLabels means "sentence start".
struct TransitionMask {
  bool allowed[kNumLabels + 1][2][kNumLabels];
  TransitionMask() {
    for (int p = 0; p <= kNumLabels; ++p)
      for (int end = 0; end < 2; ++end)
        for (int l = 0; l < kNumLabels; ++l) {
          const uint8_t prev = p == kNumLabels ? kOutside : static_cast<uint8_t>(p);
          bool ok = IsValidTransition(prev, static_cast<uint8_t>(l));
          if (end && l != kOutside &&
              (LabelPart(static_cast<uint8_t>(l)) == SpanPart::kBegin ||
               LabelPart(static_cast<uint8_t>(l)) == SpanPart::kInside))
            ok = false;
          allowed[p][end][l] = ok;
        }
  }
};
const TransitionMask& Transitions();

// acc[l] += sum over ids of table[row(id)][l].
template <typename Weight, typename Acc>
inline void AccumulateRows(const Weight* table, uint32_t mask, const uint32_t* ids, uint32_t n, Acc* acc) {
  for (uint32_t k = 0; k < n; ++k) {
    const Weight* row = table + static_cast<size_t>(ids[k] & mask) * kNumLabels;
    for (int l = 0; l < kNumLabels; ++l) acc[l] += row[l];
  }
}

#if defined(__SSE2__)
// The tagging hot loop. Rows are taken two at a time: interleaving their int16
// weights and multiply-adding by 1 (pmaddwd) widens and sums them in one
// instruction per 4 labels, where widening each row alone takes an unpack, a
// shift and an add. Exact: a sum of two int16 always fits in the int32 lane.
template <>
inline void AccumulateRows<int16_t, int32_t>(const int16_t* table, uint32_t mask, const uint32_t* ids, uint32_t n,
                                             int32_t* acc) {
  static_assert(kNumLabels == 17);
  const __m128i ones = _mm_set1_epi16(1);
  __m128i s0 = _mm_setzero_si128(), s1 = s0, s2 = s0, s3 = s0;
  int32_t s16 = 0;
  uint32_t k = 0;
  for (; k + 2 <= n; k += 2) {
    const int16_t* r0 = table + static_cast<size_t>(ids[k] & mask) * kNumLabels;
    const int16_t* r1 = table + static_cast<size_t>(ids[k + 1] & mask) * kNumLabels;
    const __m128i a0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r0));
    const __m128i b0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r0 + 8));
    const __m128i a1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r1));
    const __m128i b1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r1 + 8));
    s0 = _mm_add_epi32(s0, _mm_madd_epi16(_mm_unpacklo_epi16(a0, a1), ones));  // labels 0-3
    s1 = _mm_add_epi32(s1, _mm_madd_epi16(_mm_unpackhi_epi16(a0, a1), ones));  // 4-7
    s2 = _mm_add_epi32(s2, _mm_madd_epi16(_mm_unpacklo_epi16(b0, b1), ones));  // 8-11
    s3 = _mm_add_epi32(s3, _mm_madd_epi16(_mm_unpackhi_epi16(b0, b1), ones));  // 12-15
    s16 += r0[16] + r1[16];
  }
  if (k < n) {  // an odd row: paired with zeros
    const int16_t* r0 = table + static_cast<size_t>(ids[k] & mask) * kNumLabels;
    const __m128i zero = _mm_setzero_si128();
    const __m128i a0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r0));
    const __m128i b0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r0 + 8));
    s0 = _mm_add_epi32(s0, _mm_madd_epi16(_mm_unpacklo_epi16(a0, zero), ones));
    s1 = _mm_add_epi32(s1, _mm_madd_epi16(_mm_unpackhi_epi16(a0, zero), ones));
    s2 = _mm_add_epi32(s2, _mm_madd_epi16(_mm_unpacklo_epi16(b0, zero), ones));
    s3 = _mm_add_epi32(s3, _mm_madd_epi16(_mm_unpackhi_epi16(b0, zero), ones));
    s16 += r0[16];
  }
  auto add = [](int32_t* dst, __m128i v) {
    __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(dst));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), _mm_add_epi32(d, v));
  };
  add(acc, s0);
  add(acc + 4, s1);
  add(acc + 8, s2);
  add(acc + 12, s3);
  acc[16] += s16;
}
#endif

inline constexpr size_t kPrefetchDistance = 3;  // tokens

// How a decode sums a token's rows: AccumulateRows above. DecodeQuantized
// swaps in a wider one where the CPU has it.
struct DefaultRows {
  template <typename Weight, typename Acc>
  static void Accumulate(const Weight* table, uint32_t mask, const uint32_t* ids, uint32_t n, Acc* acc) {
    AccumulateRows<Weight, Acc>(table, mask, ids, n, acc);
  }
};

struct NoHook {
  uint8_t operator()(size_t, std::span<const uint32_t>, std::span<const uint32_t>, uint8_t pred) const {
    return pred;
  }
};

// `table` holds rows of kNumLabels weights; a feature id selects row id & mask.
template <typename Weight, typename Acc, typename Hook = NoHook, typename Rows = DefaultRows>
void DecodeGreedy(const Weight* table, uint32_t mask, const DocumentFeatures& f, PredictionHistory* history,
                  uint8_t* labels, Hook&& hook = Hook{}) {
  const size_t n = f.offsets.size() - 1;
  const TransitionMask& transitions = Transitions();
  history->Reset(n);
  uint8_t prev1 = kNoLabel, prev2 = kNoLabel;
  uint32_t dyn[kMaxDynamic];
  for (size_t i = 0; i < n; ++i) {
    Acc acc[kNumLabels] = {};
    const uint32_t* ids = f.ids.data() + f.offsets[i];
    const uint32_t num_ids = f.offsets[i + 1] - f.offsets[i];
    if (i + kPrefetchDistance < n) {  // rows of a token ahead: hide the memory latency
      for (uint32_t k = f.offsets[i + kPrefetchDistance]; k < f.offsets[i + kPrefetchDistance + 1]; ++k) {
        const Weight* row = table + static_cast<size_t>(f.ids[k] & mask) * kNumLabels;
        __builtin_prefetch(row);
        __builtin_prefetch(row + kNumLabels - 1);
      }
    }
    Rows::template Accumulate<Weight, Acc>(table, mask, ids, num_ids, acc);
    const int num_dyn = DynamicFeatures(f, i, prev1, prev2, *history, dyn);
    Rows::template Accumulate<Weight, Acc>(table, mask, dyn, static_cast<uint32_t>(num_dyn), acc);
    const bool* allowed = transitions.allowed[prev1 == kNoLabel ? kNumLabels : prev1][f.sentence_end[i]];
    uint8_t best = kOutside;
    Acc best_score = std::numeric_limits<Acc>::lowest();
    for (int l = 0; l < kNumLabels; ++l)
      if (allowed[l] && acc[l] > best_score) {
        best_score = acc[l];
        best = static_cast<uint8_t>(l);
      }
    best = hook(i, std::span<const uint32_t>(ids, num_ids), std::span<const uint32_t>(dyn, num_dyn), best);
    labels[i] = best;
    if (f.history_eligible[i]) history->Record(f.word[i], PredictionHistory::ClassOf(best));
    if (f.sentence_end[i]) {
      prev1 = prev2 = kNoLabel;
    } else {
      prev2 = prev1;
      prev1 = best;
    }
  }
}

// DecodeGreedy<int16_t, int32_t> as tagging runs it: with 256-bit sums of the
// rows (AVX2) where the CPU has them, else the SSE2 loop above. The same
// labels either way: integer sums, which no order of adding changes.
void DecodeQuantized(const int16_t* table, uint32_t mask, const DocumentFeatures& f, PredictionHistory* history,
                     uint8_t* labels);

// The row sum DecodeQuantized uses on this CPU (for tests): acc[l] += rows.
void AccumulateQuantizedRows(const int16_t* table, uint32_t mask, const uint32_t* ids, uint32_t n, int32_t* acc);
// Whether that is the AVX2 one.
bool QuantizedRowsUseAvx2();

}  // namespace wiretag::model
