#include "pipeline/cli/signals.h"

#include <csignal>
#include <unistd.h>

namespace wiretag::cli {
namespace {

std::atomic<int> g_stop{0};

void OnSignal(int sig) {
  if (g_stop.fetch_add(1) >= 1) _exit(128 + sig);  // second signal: at once
}

}  // namespace

std::atomic<int>& InstallStopSignals() {
  struct sigaction sa {};
  sa.sa_handler = &OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  return g_stop;
}

void WaitForStopSignal() {
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGTERM);
  sigaddset(&block, SIGINT);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  while (g_stop.load() == 0) sigsuspend(&old);  // atomically unblocks and waits
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

}  // namespace wiretag::cli
