#pragma once
// ProcessExit awaits a child process's exit as an event: a pidfd (Linux 5.3)
// turns readable when the child exits, so Wait() sleeps in poll() until then
// or until its timeout, and reaps the child. Make it right after spawning the
// child: until the child is reaped its pid cannot be reused. Throws
// std::runtime_error when the kernel gives no pidfd, rather than falling back
// to a poll.

#include <poll.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>

namespace wiretag::testing {

class ProcessExit {
 public:
  explicit ProcessExit(pid_t pid) : pid_(pid), fd_(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0))) {
    if (fd_ < 0) throw std::runtime_error("pidfd_open(" + std::to_string(pid) + "): " + std::strerror(errno));
  }
  ~ProcessExit() { ::close(fd_); }
  ProcessExit(const ProcessExit&) = delete;
  ProcessExit& operator=(const ProcessExit&) = delete;

  // The child's wait status once it has exited, within `timeout` (0: look
  // only); nullopt while it runs. Once it has returned a status it returns
  // that status again.
  std::optional<int> Wait(std::chrono::milliseconds timeout) {
    if (status_) return status_;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd p{fd_, POLLIN, 0};
      const int ready = ::poll(&p, 1, static_cast<int>(std::clamp<int64_t>(left.count(), 0, INT_MAX)));
      if (ready > 0) break;
      if (ready == 0) return std::nullopt;
      if (errno != EINTR) throw std::runtime_error(std::string("poll on a pidfd: ") + std::strerror(errno));
    }
    int status = 0;
    if (::waitpid(pid_, &status, 0) != pid_)
      throw std::runtime_error("waitpid(" + std::to_string(pid_) + "): " + std::strerror(errno));
    status_ = status;
    return status_;
  }
  bool exited() const { return status_.has_value(); }

 private:
  pid_t pid_;
  int fd_;
  std::optional<int> status_;
};

}  // namespace wiretag::testing
