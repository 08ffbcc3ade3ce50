#pragma once
// ReplaySource is where a replay reads from: a bounded range of a Kafka topic
// (KafkaRangeSource) or JSON Lines files (JsonLinesFileSource). It is the
// swappable part of the replay pipeline; workers, output and checkpointing
// are the same for both.
//
// A source numbers its records by (partition, offset); offsets increase within
// a partition and may have gaps. Not thread-safe: used by the replay's main loop.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "pipeline/stage/input_record.h"

namespace wiretag {

struct ReplayRecord {
  int32_t partition = 0;
  int64_t offset = 0;
  bool has_key = false;
  std::string key;
  std::string value;
  int64_t timestamp_ms = -1;
  std::shared_ptr<const RecordHeaders> headers;  // the record's Kafka headers; null when none
};

class ReplaySource {
 public:
  virtual ~ReplaySource() = default;

  // The next record, waiting up to `timeout`; nothing when none arrived in
  // time or the source is exhausted. Throws std::runtime_error when the source
  // cannot go on (the message says why).
  virtual std::optional<ReplayRecord> Next(std::chrono::milliseconds timeout) = 0;

  // True once every record of the range has been returned by Next().
  virtual bool Exhausted() const = 0;

  // Per partition: the end of the range (exclusive) and whether Next() has
  // passed it. Used to mark tail gaps (transaction markers) as done.
  virtual std::map<int32_t, int64_t> Ends() const = 0;
  virtual bool PartitionExhausted(int32_t partition) const = 0;

  // The topic name a partition's records are reported under (the `wiretag.source`
  // header is "topic/partition/offset"); for files, the file's path.
  virtual std::string TopicOf(int32_t partition) const = 0;
};

}  // namespace wiretag
