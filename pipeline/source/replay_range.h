#pragma once
// The command-line language of `wiretag replay` for where a replay starts and
// stops, parsed into values without touching Kafka. Resolving a position into
// offsets needs the broker (see replay_range_resolver.h).
//
//   beginning                 the partition's low watermark
//   end                       the high watermark captured when the replay starts
//   2026-11-28T10:00:00Z      an RFC 3339 timestamp: the first record at or after it
//   now, -30m, -1h, -2d       a time relative to when the command starts (s, m, h, d)
//   offsets:0=120,3=4400      explicit next offsets per partition
//
// Parsing is pure and thread-compatible. Every parse function throws
// std::invalid_argument with a message naming the offending text.

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace wiretag {

// A replay request that cannot be carried out as asked, found once the broker
// or the checkpoint is consulted: a reversed range, a partition the topic does
// not have, a checkpoint written for other arguments. Only new arguments fix
// it, so `wiretag replay` exits 2 (a Job must not retry it), not 1.
class ReplayRequestError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ReplayPosition {
  enum class Kind { kBeginning, kEnd, kTimestamp, kOffsets };
  Kind kind = Kind::kBeginning;
  int64_t timestamp_ms = 0;                // kTimestamp: milliseconds since the Unix epoch (UTC)
  std::map<int32_t, int64_t> offsets;      // kOffsets: partition -> offset
  std::string spec;                        // the text it was parsed from, for messages and checkpoints
};

// Parses a SPEC as described above; relative times count back from `now_ms`
// (milliseconds since the epoch). Give --from and --to the same `now_ms`.
ReplayPosition ParseReplayPosition(std::string_view spec, int64_t now_ms);

// The same, relative to the system clock's now.
ReplayPosition ParseReplayPosition(std::string_view spec);

// Parses an RFC 3339 date-time ("2026-11-28T10:00:00Z", "2026-11-28 10:00:00.250+02:00")
// into milliseconds since the epoch. Fractions below a millisecond are truncated.
int64_t ParseRfc3339Millis(std::string_view text);

// Parses "0,3,5" into sorted, distinct partition numbers.
std::vector<int32_t> ParsePartitionList(std::string_view text);

}  // namespace wiretag
