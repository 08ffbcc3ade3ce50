#pragma once
// The log levels wiretag accepts in log.level, WIRETAG_LOG_LEVEL and
// --log-level: spdlog's names, in any case ("DEBUG", "Info"), plus spdlog's
// aliases "warning" and "err". Pure functions, thread-safe.

#include <optional>
#include <string_view>

#include <spdlog/common.h>

namespace wiretag {

// The level `name` names, or nullopt when it names none.
std::optional<spdlog::level::level_enum> ParseLogLevel(std::string_view name);

// For error messages and --help.
inline constexpr const char* kLogLevelNames = "trace, debug, info, warn, error, critical or off";

}  // namespace wiretag
