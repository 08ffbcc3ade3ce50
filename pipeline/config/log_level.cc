#include "pipeline/config/log_level.h"

#include <string>

#include "pipeline/taggers/case_fold.h"

namespace wiretag {

std::optional<spdlog::level::level_enum> ParseLogLevel(std::string_view name) {
  std::string lower;
  for (char c : name) lower += AsciiLower(c);
  // from_str answers `off` for every name it does not know.
  const spdlog::level::level_enum level = spdlog::level::from_str(lower);
  if (level == spdlog::level::off && lower != "off") return std::nullopt;
  return level;
}

}  // namespace wiretag
