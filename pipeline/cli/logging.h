#pragma once
// Process-wide log set-up. Logs go to stderr (stdout carries data: records,
// bootstrap servers). "text" is spdlog's human format; "json" writes one JSON
// object per line for log shippers: ts, level, msg, and the structured fields
// of the logging thread's ScopedLogFields (pipeline/stage/log_fields.h) as
// further keys. Never log a secret: config printing masks them.

#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>
#include <spdlog/common.h>

namespace wiretag::cli {

// May be called again (a command applies the config file's log.* after parsing).
// format: "auto" (text on a TTY, json otherwise), "text" or "json".
// level: trace, debug, info, warn, error, critical, off, in any case. Throws
// std::invalid_argument on an unknown value, before touching the current logger.
void SetUpLogging(const std::string& format, const std::string& level);

// Adds --log-format and --log-level to `app` and to each of its subcommands
// (recursively), all writing *format and *level, so the flags work before and
// after a subcommand's name. Bad values are CLI11 validation errors (exit 2).
void AddLogFlags(CLI::App* app, std::string* format, std::string* level);

// The value of `flag` (--log-format or --log-level) given on the command line
// to `cmd` or any of its parents, the one nearest `cmd` first; nullopt if none.
std::optional<std::string> GivenLogFlag(CLI::App* cmd, const std::string& flag);

// Appends `text` escaped for the inside of a JSON string (quotes, backslashes,
// control characters); the json log format runs every message through it.
void AppendJsonEscaped(std::string_view text, spdlog::memory_buf_t& dest);

}  // namespace wiretag::cli
