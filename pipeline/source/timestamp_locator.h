#pragma once
// Finds, for a point in time, the first offset of a partition whose record
// timestamp is at or after it (Kafka's offsetsForTimes semantics; the high
// watermark when there is no such record). Used to resolve `--from`/`--to`
// timestamps of `wiretag replay`.
//
// Two ways, chosen by `replay.timestamp_locator`:
//  - offsets_for_times: ask the broker (its time index). Exact on real Kafka;
//    librdkafka's mock cluster answers -1 for everything.
//  - binary_search: read single records' timestamps between the low and high
//    watermarks. Works on any broker; exact when timestamps do not decrease
//    within the partition (LogAppendTime, or producers stamping in order).
//  - auto: asks the broker, and when it answers -1 ("no record at or after")
//    for a partition whose last record is at or after the time, knows the
//    answer is unusable and falls back to binary search.
//
// Thread safety: the functions use the given consumer handle exclusively while
// they run (they assign() partitions to it and leave it unassigned).

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace wiretag {

enum class TimestampLocatorKind { kAuto, kOffsetsForTimes, kBinarySearch };

// "auto", "offsets_for_times" or "binary_search"; throws std::invalid_argument otherwise.
TimestampLocatorKind ParseTimestampLocatorKind(std::string_view name);

struct Watermarks {
  int64_t low = 0, high = 0;  // [low, high): the offsets a consumer can read now
};

// A record found by a probe: its offset and its timestamp (ms since the epoch).
struct ProbedRecord {
  int64_t offset = 0, timestamp_ms = 0;
};

// Reads the first record at or after `offset` (below the high watermark).
// Nothing when there is none.
using RecordProbe = std::function<std::optional<ProbedRecord>(int64_t offset)>;

// The binary search itself, independent of Kafka: the smallest record offset
// in [low, high) whose timestamp is >= timestamp_ms, or `high`. Gaps in the
// offsets (compaction, transaction markers) are allowed.
int64_t BinarySearchOffsetForTime(Watermarks range, int64_t timestamp_ms, const RecordProbe& probe);

// Reads one record of topic[partition] at or after `offset` with `consumer`
// (which must have enable.partition.eof=true). Throws std::runtime_error on a
// timeout or a consumer error, or when the record has no timestamp.
std::optional<ProbedRecord> ReadRecordAt(rd_kafka_t* consumer, const std::string& topic, int32_t partition,
                                         int64_t offset, std::chrono::milliseconds timeout);

class TimestampLocator {
 public:
  TimestampLocator(rd_kafka_t* consumer, TimestampLocatorKind kind, std::chrono::milliseconds timeout);

  // Offsets for `timestamp_ms`, per partition of `partitions` (with their
  // current watermarks). Throws std::runtime_error when it cannot find them.
  std::map<int32_t, int64_t> Locate(const std::string& topic, const std::map<int32_t, Watermarks>& partitions,
                                    int64_t timestamp_ms);

  // Which method answered the last Locate() (for logs and tests).
  TimestampLocatorKind last_method() const { return last_method_; }

 private:
  std::optional<std::map<int32_t, int64_t>> AskBroker(const std::string& topic,
                                                      const std::map<int32_t, Watermarks>& partitions,
                                                      int64_t timestamp_ms, bool verify);
  std::map<int32_t, int64_t> Search(const std::string& topic, const std::map<int32_t, Watermarks>& partitions,
                                    int64_t timestamp_ms);

  rd_kafka_t* consumer_;
  TimestampLocatorKind kind_, last_method_;
  std::chrono::milliseconds timeout_;
};

}  // namespace wiretag
