#include "pipeline/taggers/model/bilou.h"

namespace wiretag::model {

namespace {
constexpr const char* kTypeNames[kNumTypes] = {"PER", "ORG", "LOC", "MISC"};
constexpr const char* kPartNames[4] = {"B-", "I-", "L-", "U-"};
}  // namespace

std::string LabelName(uint8_t label) {
  if (label == kOutside || label >= kNumLabels) return "O";
  return std::string(kPartNames[static_cast<int>(LabelPart(label))]) + kTypeNames[LabelType(label)];
}

bool IsValidTransition(uint8_t previous, uint8_t label) {
  const bool open = previous != kOutside && (LabelPart(previous) == SpanPart::kBegin ||
                                             LabelPart(previous) == SpanPart::kInside);
  if (!open) return label == kOutside || LabelPart(label) == SpanPart::kBegin ||
                    LabelPart(label) == SpanPart::kUnit;
  return label != kOutside && LabelType(label) == LabelType(previous) &&
         (LabelPart(label) == SpanPart::kInside || LabelPart(label) == SpanPart::kLast);
}

std::vector<TokenSpan> LabelsToSpans(std::span<const uint8_t> labels) {
  std::vector<TokenSpan> spans;
  int open_type = -1;
  uint32_t open_begin = 0;
  auto close = [&](uint32_t end) {
    if (open_type >= 0) spans.push_back({open_begin, end, open_type});
    open_type = -1;
  };
  for (uint32_t i = 0; i < labels.size(); ++i) {
    const uint8_t label = labels[i];
    if (label == kOutside || label >= kNumLabels) {
      close(i);
      continue;
    }
    const int type = LabelType(label);
    const SpanPart part = LabelPart(label);
    const bool continues = open_type == type && (part == SpanPart::kInside || part == SpanPart::kLast);
    if (!continues) {
      close(i);
      open_type = type;
      open_begin = i;
    }
    if (part == SpanPart::kLast || part == SpanPart::kUnit) close(i + 1);
  }
  close(static_cast<uint32_t>(labels.size()));
  return spans;
}

std::vector<uint8_t> SpansToLabels(std::span<const TokenSpan> spans, size_t num_tokens) {
  std::vector<uint8_t> labels(num_tokens, kOutside);
  for (const TokenSpan& s : spans) {
    if (s.end <= s.begin || s.end > num_tokens) continue;
    if (s.end - s.begin == 1) {
      labels[s.begin] = MakeLabel(s.type, SpanPart::kUnit);
      continue;
    }
    labels[s.begin] = MakeLabel(s.type, SpanPart::kBegin);
    for (uint32_t i = s.begin + 1; i + 1 < s.end; ++i) labels[i] = MakeLabel(s.type, SpanPart::kInside);
    labels[s.end - 1] = MakeLabel(s.type, SpanPart::kLast);
  }
  return labels;
}

int TypeFromName(std::string_view name) {
  for (int t = 0; t < kNumTypes; ++t)
    if (name == kTypeNames[t]) return t;
  return -1;
}

EntityType ToEntityType(int type) {
  switch (type) {
    case 0: return EntityType::kPerson;
    case 1: return EntityType::kOrganisation;
    case 2: return EntityType::kLocation;
    default: return EntityType::kMisc;
  }
}

}  // namespace wiretag::model
