#pragma once
// Exact-span precision, recall and F1 per entity type and overall, counted the
// way conlleval counts chunks: a predicted span is right only when its type and
// both boundaries match a gold span.

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "pipeline/taggers/model/bilou.h"

namespace wiretag::model {

struct SpanCounts {
  uint64_t correct = 0, predicted = 0, gold = 0;
  double Precision() const { return predicted ? double(correct) / predicted : 0; }
  double Recall() const { return gold ? double(correct) / gold : 0; }
  double F1() const {
    const double p = Precision(), r = Recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

struct SpanScores {
  std::array<SpanCounts, kNumTypes> per_type;
  SpanCounts overall;
  void Add(std::span<const TokenSpan> gold, std::span<const TokenSpan> predicted);
  // "overall P 0.9 R 0.9 F1 0.9 | PER ... | ORG ... " one line per type.
  std::string Report() const;
};

}  // namespace wiretag::model
