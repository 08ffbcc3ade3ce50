#include "pipeline/sink/header_filter.h"

namespace wiretag {

HeaderFilter::HeaderFilter(std::vector<std::string> allow, std::vector<std::string> deny)
    : allow_(std::move(allow)), deny_(std::move(deny)) {}

bool HeaderFilter::Matches(const std::vector<std::string>& patterns, std::string_view name) {
  for (const std::string& p : patterns) {
    if (!p.empty() && p.back() == '*') {
      if (name.substr(0, p.size() - 1) == std::string_view(p).substr(0, p.size() - 1)) return true;
    } else if (name == p) {
      return true;
    }
  }
  return false;
}

bool HeaderFilter::Carries(std::string_view name) const {
  if (name.starts_with("wiretag.")) return false;  // the sink's own namespace
  return Matches(allow_, name) && !Matches(deny_, name);
}

}  // namespace wiretag
