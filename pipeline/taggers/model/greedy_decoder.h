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

struct NoHook {
  uint8_t operator()(size_t, std::span<const uint32_t>, std::span<const uint32_t>, uint8_t pred) const {
    return pred;
  }
};

// `table` holds rows of kNumLabels weights; a feature id selects row id & mask.
template <typename Weight, typename Acc, typename Hook = NoHook>
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
    for (uint32_t k = 0; k < num_ids; ++k) {
      const Weight* row = table + static_cast<size_t>(ids[k] & mask) * kNumLabels;
      for (int l = 0; l < kNumLabels; ++l) acc[l] += row[l];
    }
    const int num_dyn = DynamicFeatures(f, i, prev1, prev2, *history, dyn);
    for (int k = 0; k < num_dyn; ++k) {
      const Weight* row = table + static_cast<size_t>(dyn[k] & mask) * kNumLabels;
      for (int l = 0; l < kNumLabels; ++l) acc[l] += row[l];
    }
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

}  // namespace wiretag::model
