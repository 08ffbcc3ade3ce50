#pragma once
// The label set of the entity model: BILOU over the four CoNLL types.
// Label 0 is O; type t (PER, ORG, LOC, MISC) has B, I, L, U at 1 + 4t + {0,1,2,3}.
// BILOU (Begin, Inside, Last, Unit) tells a decoder where a span ends, which
// Ratinov & Roth found worth about a point of F1 over BIO.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "pipeline/taggers/tags.h"

namespace wiretag::model {

inline constexpr int kNumLabels = 17;
inline constexpr int kNumTypes = 4;

enum class SpanPart : uint8_t { kBegin = 0, kInside = 1, kLast = 2, kUnit = 3 };

inline constexpr uint8_t kOutside = 0;
inline constexpr uint8_t MakeLabel(int type, SpanPart part) {
  return static_cast<uint8_t>(1 + type * 4 + static_cast<int>(part));
}
inline constexpr int LabelType(uint8_t label) { return label == 0 ? -1 : (label - 1) / 4; }
inline constexpr SpanPart LabelPart(uint8_t label) { return static_cast<SpanPart>((label - 1) % 4); }

// "O", "B-PER", ... "U-MISC".
std::string LabelName(uint8_t label);

// True when `label` may follow `previous` (`previous` = kOutside at a sentence start).
bool IsValidTransition(uint8_t previous, uint8_t label);

// A typed token span [begin, end) of one document.
struct TokenSpan {
  uint32_t begin = 0, end = 0;
  int type = 0;  // index into PER, ORG, LOC, MISC
  bool operator==(const TokenSpan&) const = default;
};

// Spans of a label sequence. Tolerant of ill-formed sequences (a B without its
// L ends where the type changes), so any decoder output yields spans.
std::vector<TokenSpan> LabelsToSpans(std::span<const uint8_t> labels);

// BILOU labels for `spans` over `num_tokens` tokens.
std::vector<uint8_t> SpansToLabels(std::span<const TokenSpan> spans, size_t num_tokens);

// "PER" -> 0 ... "MISC" -> 3; -1 for anything else.
int TypeFromName(std::string_view name);

EntityType ToEntityType(int type);

}  // namespace wiretag::model
