#pragma once
// LoopbackForwarder listens on 127.0.0.1:PORT and relays every connection,
// byte for byte in both directions, to another address on 127.0.0.1. It gives
// `wiretag dev-broker --port` a fixed bootstrap address: librdkafka 2.0.2's
// mock brokers listen on ports the kernel picks, and a Kafka client needs only
// its first connection to go to a known address (the metadata it reads there
// names the brokers' own ports, to which it then connects directly).
//
// The constructor binds and listens (throws std::runtime_error when the port
// is taken), so a client may connect as soon as it returns. The destructor
// closes the listener and every relayed connection and joins its threads.
// Not copyable; no method is meant to be called concurrently with destruction.

#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace wiretag {

class LoopbackForwarder {
 public:
  LoopbackForwarder(uint16_t listen_port, uint16_t target_port);
  ~LoopbackForwarder();
  LoopbackForwarder(const LoopbackForwarder&) = delete;
  LoopbackForwarder& operator=(const LoopbackForwarder&) = delete;

  uint16_t port() const { return port_; }

 private:
  void AcceptLoop();
  void Relay(int from, int to);

  uint16_t port_;
  uint16_t target_port_;
  int listener_ = -1;
  std::mutex mu_;
  bool stopping_ = false;       // guarded by mu_
  std::vector<int> sockets_;    // guarded by mu_: relayed connections, both ends
  std::vector<std::thread> relays_;  // guarded by mu_
  std::thread acceptor_;
};

}  // namespace wiretag
