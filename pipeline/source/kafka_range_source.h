#pragma once
// KafkaRangeSource reads fixed offset ranges [next, to) of one topic's
// partitions with assign(): no group membership, no offset commits, so a
// replay never disturbs a live consumer group. A partition is exhausted when
// its record at to-1 was returned, or the consumer reports end-of-partition at
// or past `to` (the tail may hold transaction markers rather than records);
// records at or past `to` (written after the replay started) are dropped and
// the partition is paused.
//
// The consumer must be configured with enable.partition.eof=true,
// enable.auto.commit=false and auto.offset.reset=error (as
// MakeConsumerConf(config, ConsumerKind::kReplay) does); the source does not own it.
// Not thread-safe.

#include <librdkafka/rdkafka.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/stage/replay_source.h"

namespace wiretag {

class KafkaRangeSource : public ReplaySource {
 public:
  struct Range {
    int64_t next = 0;  // first offset to read
    int64_t to = 0;    // end, exclusive
  };
  // Assigns the partitions with next < to. Throws std::runtime_error when the
  // assignment fails.
  KafkaRangeSource(rd_kafka_t* consumer, std::string topic, std::map<int32_t, Range> ranges);
  ~KafkaRangeSource() override;

  std::optional<ReplayRecord> Next(std::chrono::milliseconds timeout) override;
  bool Exhausted() const override { return remaining_ == 0; }
  std::map<int32_t, int64_t> Ends() const override;
  bool PartitionExhausted(int32_t partition) const override;
  std::string TopicOf(int32_t partition) const override;

 private:
  struct State {
    Range range;
    bool exhausted = false;
  };
  void MarkExhausted(int32_t partition, State& state);

  rd_kafka_t* consumer_;
  std::string topic_;
  std::map<int32_t, State> partitions_;
  size_t remaining_ = 0;
};

}  // namespace wiretag
