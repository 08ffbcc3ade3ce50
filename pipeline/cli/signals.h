#pragma once
// SIGTERM/SIGINT handling for the long-running commands (run, dev-broker,
// demo): the first signal sets StopRequests() to 1 so the command shuts down
// gracefully; a second one ends the process at once (exit 128+signal).
// SIGHUP asks `run` to reload its taggers (HangupWatcher).

#include <atomic>
#include <functional>
#include <thread>

namespace wiretag::cli {

// Installs the handlers (idempotent) and returns the stop counter.
std::atomic<int>& InstallStopSignals();

// Blocks the calling thread until the first stop signal arrives.
void WaitForStopSignal();

// Blocks SIGHUP in the calling thread and so in every thread it starts later;
// call it before starting any, so that only a HangupWatcher takes SIGHUP
// (whose default action would end the process).
void BlockHangup();

// Calls `on_hangup` on its own thread for every SIGHUP, one call at a time
// (signals arriving during a call are merged into one more call). BlockHangup()
// must have run first. The destructor stops the thread and waits for a call
// in progress.
class HangupWatcher {
 public:
  explicit HangupWatcher(std::function<void()> on_hangup);
  ~HangupWatcher();
  HangupWatcher(const HangupWatcher&) = delete;
  HangupWatcher& operator=(const HangupWatcher&) = delete;

 private:
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace wiretag::cli
