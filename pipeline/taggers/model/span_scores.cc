#include "pipeline/taggers/model/span_scores.h"

#include <algorithm>
#include <cstdio>

namespace wiretag::model {

void SpanScores::Add(std::span<const TokenSpan> gold, std::span<const TokenSpan> predicted) {
  for (const TokenSpan& g : gold) {
    ++per_type[g.type].gold;
    ++overall.gold;
  }
  for (const TokenSpan& p : predicted) {
    ++per_type[p.type].predicted;
    ++overall.predicted;
    if (std::find(gold.begin(), gold.end(), p) != gold.end()) {
      ++per_type[p.type].correct;
      ++overall.correct;
    }
  }
}

std::string SpanScores::Report() const {
  static const char* kNames[kNumTypes] = {"PER", "ORG", "LOC", "MISC"};
  std::string out;
  char line[160];
  auto add = [&](const char* name, const SpanCounts& c) {
    std::snprintf(line, sizeof line, "  %-8s P %.4f  R %.4f  F1 %.4f  (gold %llu, predicted %llu)\n", name,
                  c.Precision(), c.Recall(), c.F1(), static_cast<unsigned long long>(c.gold),
                  static_cast<unsigned long long>(c.predicted));
    out += line;
  };
  for (int t = 0; t < kNumTypes; ++t) add(kNames[t], per_type[t]);
  add("overall", overall);
  return out;
}

}  // namespace wiretag::model
