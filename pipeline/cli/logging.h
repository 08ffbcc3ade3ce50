#pragma once
// Process-wide log set-up. Logs go to stderr (stdout carries data: records,
// bootstrap servers). "text" is spdlog's human format; "json" writes one JSON
// object per line for log shippers: ts, level, msg, and the structured fields
// of the logging thread's ScopedLogFields (pipeline/stage/log_fields.h) as
// further keys. Never log a secret: config printing masks them.

#include <string>
#include <string_view>

#include <spdlog/common.h>

namespace wiretag::cli {

// May be called again (a command applies the config file's log.* after parsing).
// format: "auto" (text on a TTY, json otherwise), "text" or "json".
// level: trace, debug, info, warn, error, critical, off. Throws on an unknown value.
void SetUpLogging(const std::string& format, const std::string& level);

// Appends `text` escaped for the inside of a JSON string (quotes, backslashes,
// control characters); the json log format runs every message through it.
void AppendJsonEscaped(std::string_view text, spdlog::memory_buf_t& dest);

}  // namespace wiretag::cli
