#pragma once
// The unit of work of the stage: one input record of one topic partition.
// InputRecord is a cheap-to-copy view: key and value point into `storage`
// (the consumer's rd_kafka_message_t, or an owned string for file and test
// sources), which it keeps alive. Copies share the storage; no copy mutates it.
// `headers` are the input's Kafka headers in their order (null when it had
// none), shared the same way: the sink carries them over to what it produces.

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wiretag {

struct TopicPartition {
  std::string topic;
  int32_t partition = 0;
  auto operator<=>(const TopicPartition&) const = default;
  // "topic/partition", as in the wiretag.source header without the offset.
  std::string ToString() const { return topic + "/" + std::to_string(partition); }
};

// One Kafka header; a header may have no value at all (null), unlike an empty one.
struct RecordHeader {
  std::string name;
  std::optional<std::string> value;
};
using RecordHeaders = std::vector<RecordHeader>;

struct InputRecord {
  int64_t offset = -1;
  int64_t timestamp_ms = -1;  // the broker's record timestamp; -1 when unknown
  bool has_key = false;
  std::string_view key;
  std::string_view value;
  std::shared_ptr<const void> storage;
  std::shared_ptr<const RecordHeaders> headers;

  // An InputRecord that owns copies of `key` and `value`.
  static InputRecord Owned(int64_t offset, std::optional<std::string> key, std::string value,
                           int64_t timestamp_ms = -1);
  size_t bytes() const { return key.size() + value.size(); }
};

inline InputRecord InputRecord::Owned(int64_t offset, std::optional<std::string> key, std::string value,
                                      int64_t timestamp_ms) {
  struct Owned {
    std::string key, value;
  };
  auto owned = std::make_shared<Owned>(Owned{key.value_or(""), std::move(value)});
  InputRecord record;
  record.offset = offset;
  record.timestamp_ms = timestamp_ms;
  record.has_key = key.has_value();
  record.key = owned->key;
  record.value = owned->value;
  record.storage = std::move(owned);
  return record;
}

}  // namespace wiretag
