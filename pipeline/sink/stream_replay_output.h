#pragma once
// StreamReplayOutput is `wiretag replay --dry-run`: enriched records go to a
// stream (stdout) as JSON Lines, dead-lettered ones as one line each on the
// error stream (origin, reason, detail) — nothing is produced anywhere. A
// record counts as acknowledged once the stream has been flushed after it.
//
// Not thread-safe. Does not own the streams.

#include <cstdio>

#include "pipeline/sink/replay_output.h"

namespace wiretag {

class StreamReplayOutput : public ReplayOutput {
 public:
  StreamReplayOutput(std::FILE* records, std::FILE* errors) : records_(records), errors_(errors) {}

  void Send(OutputRecord record, uint64_t ticket) override;
  void Poll(std::chrono::milliseconds timeout, std::vector<OutputAck>* acks) override;
  void Flush(std::chrono::milliseconds timeout, std::vector<OutputAck>* acks) override;
  int64_t Pending() const override { return static_cast<int64_t>(written_.size()); }

 private:
  std::FILE* records_;
  std::FILE* errors_;
  std::vector<uint64_t> written_;
};

}  // namespace wiretag
