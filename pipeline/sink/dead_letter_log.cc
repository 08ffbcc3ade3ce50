#include "pipeline/sink/dead_letter_log.h"

#include <chrono>

#include <spdlog/spdlog.h>

#include "pipeline/stage/log_fields.h"

namespace wiretag {
namespace {

int64_t SteadyNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

DeadLetterLog::DeadLetterLog(int lines_per_second, Clock now_ms)
    : lines_per_second_(lines_per_second > 0 ? lines_per_second : 1),
      now_ms_(now_ms ? std::move(now_ms) : Clock(SteadyNowMs)) {}

int64_t DeadLetterLog::RollWindow(int64_t now, bool force, int64_t* window_ms) {
  if (!force && window_open_ && now - window_start_ms_ < 1000) return 0;
  const int64_t suppressed = suppressed_in_window_;
  *window_ms = now - window_start_ms_;
  window_start_ms_ = now;
  lines_in_window_ = 0;
  suppressed_in_window_ = 0;
  window_open_ = true;
  return suppressed;
}

void DeadLetterLog::Log(std::string_view topic, int32_t partition, int64_t offset, std::string_view uri,
                        const ProcessError& error) {
  int64_t suppressed = 0, window_ms = 0;
  {
    std::lock_guard lock(mu_);
    suppressed = RollWindow(now_ms_(), false, &window_ms);
    if (lines_in_window_ >= lines_per_second_) {
      ++suppressed_in_window_;
      return;  // an ended window was reported by the call that opened this one
    }
    ++lines_in_window_;
  }
  if (suppressed > 0) WriteSuppressed(suppressed, window_ms);
  const char* reason = ErrorClassName(error.kind);
  ScopedLogFields fields{{"event", std::string("dead_letter")},
                         {"topic", std::string(topic)},
                         {"partition", int64_t{partition}},
                         {"offset", offset},
                         {"reason", std::string(reason)},
                         {"detail", error.detail}};
  if (uri.empty()) {
    spdlog::warn("dead letter {}/{}/{}: {}: {}", topic, partition, offset, reason, error.detail);
  } else {
    ScopedLogFields with_uri{{"uri", std::string(uri)}};
    spdlog::warn("dead letter {}/{}/{} ({}): {}: {}", topic, partition, offset, uri, reason, error.detail);
  }
}

void DeadLetterLog::ReportSuppressed() { Report(false); }
void DeadLetterLog::Flush() { Report(true); }

void DeadLetterLog::Report(bool force) {
  int64_t suppressed = 0, window_ms = 0;
  {
    std::lock_guard lock(mu_);
    if (suppressed_in_window_ == 0) return;
    suppressed = RollWindow(now_ms_(), force, &window_ms);
  }
  if (suppressed > 0) WriteSuppressed(suppressed, window_ms);
}

void DeadLetterLog::WriteSuppressed(int64_t suppressed, int64_t window_ms) const {
  ScopedLogFields fields{{"event", std::string("dead_letters_suppressed")}, {"suppressed", suppressed}};
  spdlog::warn(
      "suppressed {} dead-letter log lines in the last {:.1f} s (at most {} a second); "
      "wiretag_records_dead_lettered_total counts every dead letter",
      suppressed, static_cast<double>(window_ms) / 1000.0, lines_per_second_);
}

}  // namespace wiretag
