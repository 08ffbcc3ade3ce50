#pragma once
// FatalErrorLatch keeps the first unrecoverable error any part of the stage
// reports (the sink's delivery thread, the consumer's callbacks), for the run
// loop to stop on. The sink reports into it through a callback; nothing polls
// the sink. Later errors are ignored: the first one is the cause.
//
// Thread safety: all methods from any thread.

#include <mutex>
#include <optional>
#include <string>

namespace wiretag {

class FatalErrorLatch {
 public:
  // Keeps `message` (one log line) unless an error was reported before.
  void Report(std::string message) {
    std::lock_guard lock(mu_);
    if (!error_) error_ = std::move(message);
  }
  std::optional<std::string> error() const {
    std::lock_guard lock(mu_);
    return error_;
  }

 private:
  mutable std::mutex mu_;
  std::optional<std::string> error_;
};

}  // namespace wiretag
