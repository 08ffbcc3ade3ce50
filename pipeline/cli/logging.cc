#include "pipeline/cli/logging.h"

#include <unistd.h>

#include <memory>
#include <stdexcept>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace wiretag::cli {

void SetUpLogging(const std::string& format, const std::string& level) {
  spdlog::drop("wiretag");  // callable again once the config file is read (log.*)
  auto logger = spdlog::stderr_color_mt("wiretag");
  bool json = format == "json" || (format == "auto" && !isatty(STDERR_FILENO));
  if (format != "auto" && format != "json" && format != "text")
    throw std::invalid_argument("--log-format must be auto, text or json, not '" + format + "'");
  if (json) {
    // %v is escaped by the call sites that log user data (they quote it with fmt's {:?} where needed);
    // messages themselves are fixed text plus numbers and names.
    logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":"%v"})", spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  }
  auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off")
    throw std::invalid_argument("--log-level: unknown level '" + level + "'");
  logger->set_level(parsed);
  spdlog::set_default_logger(logger);
}

}  // namespace wiretag::cli
