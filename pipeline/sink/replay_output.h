#pragma once
// ReplayOutput is where a replay writes: Kafka through an idempotent producer
// (KafkaReplayOutput) or JSON Lines on a stream for --dry-run
// (StreamReplayOutput). Every Send() is acknowledged exactly once, later, by
// Poll() or Flush(): success means the broker (or the stream) has the record.
//
// Not thread-safe: used by the replay's main loop.

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace wiretag {

struct OutputRecord {
  bool to_dlq = false;  // false: the output topic; true: the dead-letter topic
  bool has_key = false;
  std::string key;
  std::string value;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct OutputAck {
  uint64_t ticket = 0;
  bool ok = true;
  std::string error;  // when !ok
};

class ReplayOutput {
 public:
  virtual ~ReplayOutput() = default;
  // Queues one record; `ticket` comes back in its acknowledgement. Throws
  // std::runtime_error on a fatal producer error.
  virtual void Send(OutputRecord record, uint64_t ticket) = 0;
  // Serves acknowledgements, waiting up to `timeout` for one; appends them to *acks.
  virtual void Poll(std::chrono::milliseconds timeout, std::vector<OutputAck>* acks) = 0;
  // Waits up to `timeout` until every sent record is acknowledged; appends the acks.
  virtual void Flush(std::chrono::milliseconds timeout, std::vector<OutputAck>* acks) = 0;
  // Records sent and not yet acknowledged.
  virtual int64_t Pending() const = 0;
};

}  // namespace wiretag
