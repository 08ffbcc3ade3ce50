#pragma once
// SIGTERM/SIGINT handling for the long-running commands (run, dev-broker,
// demo): the first signal sets StopRequests() to 1 so the command shuts down
// gracefully; a second one ends the process at once (exit 128+signal).

#include <atomic>

namespace wiretag::cli {

// Installs the handlers (idempotent) and returns the stop counter.
std::atomic<int>& InstallStopSignals();

// Blocks the calling thread until the first stop signal arrives.
void WaitForStopSignal();

}  // namespace wiretag::cli
