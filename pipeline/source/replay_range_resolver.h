#pragma once
// Turns `--from`/`--to`/`--partitions` into concrete offset ranges [from, to)
// per partition of the input topic, asking the broker for the partitions, the
// watermarks and (for timestamps) the offsets. `end` is the high watermark at
// the moment of resolving, so a replay is bounded even while producers write.
//
// Which partitions: --partitions when given; else those named by an
// `offsets:` --from; else all partitions of the topic.
// Offsets below the low watermark (deleted by retention) start at the low
// watermark, with a warning; offsets past the high watermark are errors.
//
// Thread safety: uses the consumer handle exclusively while it runs.

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/source/replay_range.h"
#include "pipeline/source/timestamp_locator.h"

namespace wiretag {

struct ReplayPartitionRange {
  int32_t partition = 0;
  int64_t from = 0;  // first offset to replay
  int64_t to = 0;    // end, exclusive
};

struct ReplayRangeRequest {
  std::string topic;
  ReplayPosition from, to;
  std::vector<int32_t> partitions;  // empty: see above
  TimestampLocatorKind locator = TimestampLocatorKind::kAuto;
  std::chrono::milliseconds timeout{10000};
};

// Throws ReplayRequestError for what only other arguments fix (unknown
// partition, reversed range, offsets past the end or missing), and
// std::runtime_error for the rest (unknown topic, broker unreachable), each
// with a message for the user.
std::vector<ReplayPartitionRange> ResolveReplayRange(rd_kafka_t* consumer, const ReplayRangeRequest& request);

// Checks that `topic` has every partition in `partitions` (a resumed replay's
// checkpoint names them; assigning a partition that does not exist would wait
// for it forever). Throws ReplayRequestError "<what> names partition P of TOPIC,
// which has N partitions", std::runtime_error when the metadata cannot be read.
void CheckPartitionsExist(rd_kafka_t* consumer, const std::string& topic, const std::vector<int32_t>& partitions,
                          const std::string& what, std::chrono::milliseconds timeout);

}  // namespace wiretag
