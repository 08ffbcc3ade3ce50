#pragma once
// DeadLetterLog writes one warn line per dead letter the broker acknowledged:
//   dead letter wire.raw/3/812 (urn:x): invalid_json: expected ':' at byte 17
// with the structured fields (pipeline/stage/log_fields.h) topic, partition,
// offset, reason, detail and, when the story parsed far enough to have one,
// uri.
//
// Rate limit: at most `lines_per_second` dead-letter lines in each one-second
// window; the others are counted, and once their window has passed one line
// reports them: "suppressed 1234 dead-letter log lines in the last 1.0 s (at
// most 10 a second); wiretag_records_dead_lettered_total counts every dead
// letter". A burst of bad input thus costs a bounded amount of log, and
// nothing disappears unmentioned.
//
// The clock is injected (monotonic milliseconds) so tests step time.
// Thread safety: every method may be called from any thread (one mutex; the
// line is written outside it).

#include <cstdint>
#include <functional>
#include <mutex>
#include <string_view>

#include "pipeline/formats/error_class.h"

namespace wiretag {

class DeadLetterLog {
 public:
  using Clock = std::function<int64_t()>;  // monotonic milliseconds

  static constexpr int kDefaultLinesPerSecond = 10;

  explicit DeadLetterLog(int lines_per_second = kDefaultLinesPerSecond, Clock now_ms = nullptr);

  // Logs the dead letter of input `topic`/`partition`/`offset`, or counts it
  // as suppressed. `uri` may be empty (not known).
  void Log(std::string_view topic, int32_t partition, int64_t offset, std::string_view uri,
           const ProcessError& error);

  // Reports the dead letters suppressed in a window that has ended, if any.
  // Log() does too; call this periodically so the report also comes when no
  // further dead letter arrives.
  void ReportSuppressed();
  // Reports the suppressed lines now, window ended or not (at shutdown).
  void Flush();

 private:
  // Starts a new window when the current one has ended; returns how many
  // lines the ended window suppressed and its length. Needs mu_.
  int64_t RollWindow(int64_t now, bool force, int64_t* window_ms);
  void Report(bool force);
  void WriteSuppressed(int64_t suppressed, int64_t window_ms) const;

  const int lines_per_second_;
  const Clock now_ms_;
  std::mutex mu_;
  int64_t window_start_ms_ = 0;
  bool window_open_ = false;
  int lines_in_window_ = 0;
  int64_t suppressed_in_window_ = 0;
};

}  // namespace wiretag
