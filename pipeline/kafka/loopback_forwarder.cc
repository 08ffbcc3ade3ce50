#include "pipeline/kafka/loopback_forwarder.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace wiretag {
namespace {

sockaddr_in Loopback(uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  return addr;
}

}  // namespace

LoopbackForwarder::LoopbackForwarder(uint16_t listen_port, uint16_t target_port)
    : port_(listen_port), target_port_(target_port) {
  listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  const int on = 1;
  setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in addr = Loopback(listen_port);
  if (bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listener_, 64) != 0) {
    const std::string why = std::strerror(errno);
    close(listener_);
    throw std::runtime_error("cannot listen on 127.0.0.1:" + std::to_string(listen_port) + ": " + why);
  }
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

LoopbackForwarder::~LoopbackForwarder() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    for (int s : sockets_) shutdown(s, SHUT_RDWR);  // wakes the relays' reads
  }
  shutdown(listener_, SHUT_RDWR);  // wakes accept()
  acceptor_.join();
  close(listener_);
  for (auto& relay : relays_) relay.join();  // no new ones: the acceptor has stopped
  for (int s : sockets_) close(s);
}

void LoopbackForwarder::AcceptLoop() {
  while (true) {
    const int client = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;  // the listener was shut down
    }
    const int upstream = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in target = Loopback(target_port_);
    if (upstream < 0 || connect(upstream, reinterpret_cast<sockaddr*>(&target), sizeof target) != 0) {
      if (upstream >= 0) close(upstream);
      close(client);
      continue;  // the client sees a closed connection and retries, as with a broker that is down
    }
    std::lock_guard<std::mutex> lock(mu_);
    sockets_.push_back(client);
    sockets_.push_back(upstream);
    if (stopping_) {
      shutdown(client, SHUT_RDWR);
      shutdown(upstream, SHUT_RDWR);
    }
    relays_.emplace_back([this, client, upstream] { Relay(client, upstream); });
    relays_.emplace_back([this, client, upstream] { Relay(upstream, client); });
  }
}

void LoopbackForwarder::Relay(int from, int to) {
  char buf[64 * 1024];
  while (true) {
    const ssize_t n = recv(from, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t sent = 0; sent < n;) {
      const ssize_t m = send(to, buf + sent, static_cast<size_t>(n - sent), MSG_NOSIGNAL);
      if (m < 0 && errno == EINTR) continue;
      if (m <= 0) {
        shutdown(from, SHUT_RDWR);
        return;
      }
      sent += m;
    }
  }
  shutdown(to, SHUT_WR);  // pass the end of the stream on
}

}  // namespace wiretag
