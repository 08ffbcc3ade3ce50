#pragma once
// KafkaStatistics is the part of librdkafka's statistics JSON (the payload of
// the stats callback, emitted every `statistics.interval.ms`) that wiretag
// exports: the client type, how many of its broker connections are up, and,
// per topic-partition, the consumer lag and the committed offset. See librdkafka's STATISTICS.md for the full format.
//
// ParseKafkaStatistics() reads it with simdjson On Demand. It keeps only real
// partitions (librdkafka reports an internal partition -1 per topic, the
// "UA" unassigned-messages queue) and turns librdkafka's "unknown" markers
// (consumer_lag -1, committed_offset -1001 = RD_KAFKA_OFFSET_INVALID) into
// std::nullopt, so a caller cannot mistake them for values.
//
// Thread safety: a free function with no shared state.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wiretag {

struct PartitionStatistics {
  std::string topic;
  int32_t partition = 0;
  std::optional<int64_t> consumer_lag;      // records between the committed (or stored) offset and the high watermark
  std::optional<int64_t> committed_offset;  // last committed offset
  std::optional<int64_t> high_watermark;    // hi_offset
  bool assigned = false;                    // fetch_state is not "none", "stopping" or "stopped"
};

struct KafkaStatistics {
  std::string name;   // client instance name, "rdkafka#consumer-1"
  std::string type;   // "consumer" or "producer"
  int64_t timestamp_us = 0;   // "ts", librdkafka's monotonic clock
  int64_t queued_messages = 0;  // "msg_cnt": messages in the producer queues
  // Broker connections in state "UP": configured and learned brokers and the
  // consumer's GroupCoordinator (a logical broker with a connection of its
  // own, sometimes the only one of a consumer with no partitions); librdkafka's
  // internal entry excluded. 0 means the client reaches no broker.
  int brokers_up = 0;
  int brokers_known = 0;  // the same connections in any state
  std::vector<PartitionStatistics> partitions;  // sorted by (topic, partition)
};

// Returns the parsed statistics, or an error message in `*error` (and
// std::nullopt) when `json` is not librdkafka statistics.
std::optional<KafkaStatistics> ParseKafkaStatistics(std::string_view json, std::string* error);

}  // namespace wiretag
