#pragma once
// Eventually() is the tests' one bounded poll, for conditions nothing
// notifies: a Prometheus counter or gauge, /metrics over HTTP, the broker's
// log start or committed offsets. It checks `condition` at once and then every
// `interval` until the condition holds or `timeout` passes, and returns the
// condition's last answer, so the caller's assertion says what did not happen.
// Where there is an event to await, the tests await it instead: a child's exit
// (ProcessExit), a file written (FileWatch), the stage's thread returning
// (StageThread::WaitDone), an output record (OutputReader::WaitFor).

#include <chrono>
#include <functional>
#include <thread>

namespace wiretag::testing {

inline bool Eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                       std::chrono::milliseconds interval = std::chrono::milliseconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return condition();
    std::this_thread::sleep_for(interval);  // no notification exists: poll with a deadline
  }
  return true;
}

}  // namespace wiretag::testing
