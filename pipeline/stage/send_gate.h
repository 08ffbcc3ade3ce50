#pragma once
// SendGate lets many threads send at once and one thread stop them all: while
// a holder has the gate, no send is in progress and none starts. Exactly-once
// delivery needs this at a transaction's boundary, so that the outputs in a
// committed transaction are exactly those its offsets cover.
//
// The holder wins: once Hold() is called no new pass is granted, so a steady
// stream of senders cannot starve a commit (a reader-preferring
// std::shared_mutex, glibc's default, could).
//
// Thread safety: all methods from any thread; Hold()/Release() by one thread
// at a time (the stage's run loop).

#include <condition_variable>
#include <mutex>

namespace wiretag {

class SendGate {
 public:
  // Blocks while the gate is held.
  void Enter() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !held_; });
    ++passing_;
  }
  void Leave() {
    std::lock_guard lock(mu_);
    if (--passing_ == 0) cv_.notify_all();
  }
  // Blocks until every pass granted before has left.
  void Hold() {
    std::unique_lock lock(mu_);
    held_ = true;
    cv_.wait(lock, [&] { return passing_ == 0; });
  }
  void Release() {
    {
      std::lock_guard lock(mu_);
      held_ = false;
    }
    cv_.notify_all();
  }
  bool held() const {
    std::lock_guard lock(mu_);
    return held_;
  }

  // A sender's pass for one send.
  class Pass {
   public:
    explicit Pass(SendGate& gate) : gate_(gate) { gate_.Enter(); }
    ~Pass() { gate_.Leave(); }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;

   private:
    SendGate& gate_;
  };

  // The holder's hold, released when it goes out of scope.
  class Held {
   public:
    explicit Held(SendGate& gate) : gate_(&gate) { gate_->Hold(); }
    ~Held() {
      if (gate_) gate_->Release();
    }
    Held(Held&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;

   private:
    SendGate* gate_;
  };

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int passing_ = 0;
  bool held_ = false;
};

}  // namespace wiretag
