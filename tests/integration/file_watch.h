#pragma once
// FileWatch awaits a condition on files as an event: inotify reports every
// write, close, creation and rename at `path` (a file, or a directory and the
// files in it), and Await() checks the condition at once and again after each
// such event, until it holds or the timeout passes. The watch starts when the
// FileWatch is made, so a change between a check and the wait that follows it
// is not missed. Throws std::runtime_error when inotify refuses the path.

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>

namespace wiretag::testing {

class FileWatch {
 public:
  explicit FileWatch(const std::string& path) : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
    if (fd_ < 0) throw std::runtime_error(std::string("inotify_init1: ") + std::strerror(errno));
    if (::inotify_add_watch(fd_, path.c_str(), IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO) < 0) {
      const int error = errno;
      ::close(fd_);
      throw std::runtime_error("inotify_add_watch(" + path + "): " + std::strerror(error));
    }
  }
  ~FileWatch() { ::close(fd_); }
  FileWatch(const FileWatch&) = delete;
  FileWatch& operator=(const FileWatch&) = delete;

  // True once `condition` holds; false when it still does not after `timeout`.
  bool Await(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return condition();
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), INT_MAX))) > 0) Drain();
    }
    return true;
  }

 private:
  // Reads the pending events: which file changed does not matter, the condition is checked again.
  void Drain() {
    alignas(inotify_event) char events[4096];
    while (::read(fd_, events, sizeof events) > 0) {
    }
  }

  int fd_;
};

}  // namespace wiretag::testing
