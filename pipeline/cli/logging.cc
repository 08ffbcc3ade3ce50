#include "pipeline/cli/logging.h"

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "pipeline/config/config.h"
#include "pipeline/config/log_level.h"
#include "pipeline/stage/log_fields.h"

namespace wiretag::cli {
namespace {

// The %* flag: the message as the inside of a JSON string. Messages carry
// topic names, file names and error details from brokers and inputs, any of
// which may hold quotes, backslashes or control characters; a log shipper
// must still be able to parse every line.
class JsonEscapedMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    AppendJsonEscaped(std::string_view(msg.payload.data(), msg.payload.size()), dest);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonEscapedMessage>(); }
};

// The %& flag: the calling thread's structured fields (ScopedLogFields) as
// further keys of the line's JSON object: ,"partition":3,"reason":"no_body".
class JsonLogFields final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
    for (const LogField& field : CurrentLogFields()) {
      dest.append(std::string_view(",\""));
      AppendJsonEscaped(field.key, dest);
      dest.append(std::string_view("\":"));
      if (const auto* text = std::get_if<std::string>(&field.value)) {
        dest.push_back('"');
        AppendJsonEscaped(*text, dest);
        dest.push_back('"');
      } else {
        const std::string number = std::to_string(std::get<int64_t>(field.value));
        dest.append(std::string_view(number));
      }
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonLogFields>(); }
};

}  // namespace

void AppendJsonEscaped(std::string_view text, spdlog::memory_buf_t& dest) {
  for (char c : text) {
    switch (c) {
      case '"': dest.append(std::string_view("\\\"")); break;
      case '\\': dest.append(std::string_view("\\\\")); break;
      case '\n': dest.append(std::string_view("\\n")); break;
      case '\r': dest.append(std::string_view("\\r")); break;
      case '\t': dest.append(std::string_view("\\t")); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
          dest.append(std::string_view(buf, 6));
        } else {
          dest.push_back(c);  // UTF-8 bytes pass through; JSON allows them raw
        }
    }
  }
}

void AddLogFlags(CLI::App* app, std::string* format, std::string* level) {
  const CLI::Validator level_check(
      [](std::string& value) {
        return ParseLogLevel(value) ? std::string() : std::string("must be ") + kLogLevelNames + " (any case)";
      },
      "LEVEL");
  app->add_option("--log-format", *format, FindConfigKey("log.format").help)
      ->check(CLI::IsMember({"auto", "text", "json"}))
      ->default_str("auto");
  app->add_option("--log-level", *level, std::string(kLogLevelNames) + ", any case")
      ->check(level_check)
      ->default_str("info");
  for (CLI::App* sub : app->get_subcommands([](CLI::App*) { return true; })) AddLogFlags(sub, format, level);
}

std::optional<std::string> GivenLogFlag(CLI::App* cmd, const std::string& flag) {
  for (CLI::App* app = cmd; app != nullptr; app = app->get_parent())
    if (const CLI::Option* option = app->get_option_no_throw(flag); option && option->count() > 0)
      return option->as<std::string>();
  return std::nullopt;
}

void SetUpLogging(const std::string& format, const std::string& level) {
  // Everything that can throw comes before the default logger is replaced:
  // callers log their error through it.
  if (format != "auto" && format != "json" && format != "text")
    throw std::invalid_argument("--log-format must be auto, text or json, not '" + format + "'");
  const std::optional<spdlog::level::level_enum> parsed = ParseLogLevel(level);
  if (!parsed) throw std::invalid_argument("--log-level must be " + std::string(kLogLevelNames) + ", not '" + level + "'");
  auto logger = std::make_shared<spdlog::logger>("wiretag", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  bool json = format == "json" || (format == "auto" && !isatty(STDERR_FILENO));
  if (json) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<JsonEscapedMessage>('*').add_flag<JsonLogFields>('&').set_pattern(
        R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":"%*"%&})");
    logger->set_formatter(std::move(formatter));
  } else {
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  }
  logger->set_level(*parsed);
  spdlog::set_default_logger(std::move(logger));  // replaces the previous "wiretag" in spdlog's registry
}

}  // namespace wiretag::cli
