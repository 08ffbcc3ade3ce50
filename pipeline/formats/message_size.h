#pragma once
// The message size limit, `max_message_bytes` in the configuration and
// `--max-message-bytes` of `wiretag tag`: an input larger than it is not
// parsed but rejected as too_large (dead-lettered by the stage, reported by
// `tag`). Every place that enforces it uses this check and this wording, so
// a dead letter's reason reads the same whichever path rejected it.

#include <cstddef>
#include <string>

namespace wiretag {

inline constexpr size_t kDefaultMaxMessageBytes = 1 << 20;

inline bool OverMessageLimit(size_t size, size_t max_message_bytes) { return size > max_message_bytes; }

// "input is 2000 bytes, over max_message_bytes 1000". `at_least`: the reader
// stopped once past the limit, so `size` is a lower bound.
std::string TooLargeDetail(size_t size, size_t max_message_bytes, bool at_least = false);

}  // namespace wiretag
