#include "pipeline/stage/offset_reset.h"

#include <algorithm>

namespace wiretag {

std::optional<OffsetResetPolicy> ParseOffsetResetPolicy(const std::string& text) {
  if (text == "fail") return OffsetResetPolicy::kFail;
  if (text == "earliest") return OffsetResetPolicy::kEarliest;
  if (text == "latest") return OffsetResetPolicy::kLatest;
  return std::nullopt;
}

const char* OffsetResetPolicyName(OffsetResetPolicy policy) {
  switch (policy) {
    case OffsetResetPolicy::kFail: return "fail";
    case OffsetResetPolicy::kEarliest: return "earliest";
    case OffsetResetPolicy::kLatest: return "latest";
  }
  return "?";
}

std::optional<OffsetResetPolicy> NewGroupStart(const std::string& v) {
  if (v == "earliest" || v == "smallest" || v == "beginning") return OffsetResetPolicy::kEarliest;
  if (v == "latest" || v == "largest" || v == "end") return OffsetResetPolicy::kLatest;
  return std::nullopt;
}

OffsetResetPlan PlanOffsetReset(OffsetResetPolicy policy, int64_t position, int64_t low, int64_t high) {
  low = std::max<int64_t>(low, 0);
  high = std::max(high, low);
  position = std::max<int64_t>(position, 0);
  OffsetResetPlan plan;
  if (position < low) {
    plan.deleted_from = position;
    plan.deleted_to = low;
  }
  if (policy == OffsetResetPolicy::kFail) {
    plan.fail = true;
    return plan;
  }
  if (position > high) {  // past the end: nothing between here and there exists
    plan.resume_at = high;
    plan.skipped_from = plan.skipped_to = high;
    return plan;
  }
  plan.resume_at = policy == OffsetResetPolicy::kLatest ? high : std::max(position, low);
  plan.skipped_from = position;
  plan.skipped_to = plan.resume_at;
  return plan;
}

}  // namespace wiretag
