#include "pipeline/cli/signals.h"

#include <pthread.h>
#include <unistd.h>

#include <csignal>

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

void BlockHangup() {
  sigset_t hangup;
  sigemptyset(&hangup);
  sigaddset(&hangup, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &hangup, nullptr);
}

HangupWatcher::HangupWatcher(std::function<void()> on_hangup)
    : thread_([this, on_hangup = std::move(on_hangup)] {
        sigset_t hangup;
        sigemptyset(&hangup);
        sigaddset(&hangup, SIGHUP);
        while (true) {
          int sig = 0;
          if (sigwait(&hangup, &sig) != 0) continue;
          if (stopping_.load()) return;
          on_hangup();
        }
      }) {}

HangupWatcher::~HangupWatcher() {
  stopping_ = true;
  pthread_kill(thread_.native_handle(), SIGHUP);  // wakes its sigwait
  thread_.join();
}

}  // namespace wiretag::cli
