#include "pipeline/metrics/kafka_statistics.h"

#include <algorithm>
#include <charconv>

#include <simdjson.h>

namespace wiretag {
namespace {

namespace od = simdjson::ondemand;

// librdkafka writes -1 for an unknown lag and negative logical offsets
// (-1001 INVALID, -1 END, -2 BEGINNING, ...) for unknown positions.
std::optional<int64_t> NonNegative(int64_t value) {
  if (value < 0) return std::nullopt;
  return value;
}

simdjson::error_code ParsePartition(od::object partition, PartitionStatistics* out) {
  for (auto field : partition) {
    std::string_view key;
    if (auto err = field.unescaped_key().get(key)) return err;
    if (key == "consumer_lag") {
      int64_t v;
      if (auto err = field.value().get_int64().get(v)) return err;
      out->consumer_lag = NonNegative(v);
    } else if (key == "committed_offset") {
      int64_t v;
      if (auto err = field.value().get_int64().get(v)) return err;
      out->committed_offset = NonNegative(v);
    } else if (key == "hi_offset") {
      int64_t v;
      if (auto err = field.value().get_int64().get(v)) return err;
      out->high_watermark = NonNegative(v);
    } else if (key == "fetch_state") {
      std::string_view state;
      if (auto err = field.value().get_string().get(state)) return err;
      // "none": never assigned; "stopping"/"stopped": revoked or unsubscribed.
      out->assigned = state != "none" && state != "stopping" && state != "stopped";
    }
  }
  return simdjson::SUCCESS;
}

simdjson::error_code ParseTopics(od::object topics, KafkaStatistics* out) {
  for (auto topic_field : topics) {
    std::string_view topic_name;
    if (auto err = topic_field.unescaped_key().get(topic_name)) return err;
    od::object topic;
    if (auto err = topic_field.value().get_object().get(topic)) return err;
    for (auto field : topic) {
      std::string_view key;
      if (auto err = field.unescaped_key().get(key)) return err;
      if (key != "partitions") continue;
      od::object partitions;
      if (auto err = field.value().get_object().get(partitions)) return err;
      for (auto partition_field : partitions) {
        std::string_view id_text;
        if (auto err = partition_field.unescaped_key().get(id_text)) return err;
        int32_t id = -1;
        auto [ptr, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
        if (ec != std::errc() || ptr != id_text.data() + id_text.size()) return simdjson::INCORRECT_TYPE;
        od::object partition;
        if (auto err = partition_field.value().get_object().get(partition)) return err;
        if (id < 0) continue;  // -1: librdkafka's internal unassigned-messages partition
        PartitionStatistics stats;
        stats.topic = std::string(topic_name);
        stats.partition = id;
        if (auto err = ParsePartition(partition, &stats)) return err;
        out->partitions.push_back(std::move(stats));
      }
    }
  }
  return simdjson::SUCCESS;
}

// "brokers": {"host:port/1": {"state": "UP", "source": "learned", ...}, ...}.
simdjson::error_code ParseBrokers(od::object brokers, KafkaStatistics* out) {
  for (auto broker_field : brokers) {
    od::object broker;
    if (auto err = broker_field.value().get_object().get(broker)) return err;
    std::string_view state, source;
    for (auto field : broker) {
      std::string_view key;
      if (auto err = field.unescaped_key().get(key)) return err;
      if (key == "state") {
        if (auto err = field.value().get_string().get(state)) return err;
      } else if (key == "source") {
        if (auto err = field.value().get_string().get(source)) return err;
      }
    }
    // The internal entry is librdkafka's own queue, not a connection. A
    // logical one (the group coordinator) has its own connection: counted, so
    // a consumer whose only connection is to its coordinator is not "down".
    if (source != "configured" && source != "learned" && source != "logical") continue;
    ++out->brokers_known;
    if (state == "UP") ++out->brokers_up;
  }
  return simdjson::SUCCESS;
}

}  // namespace

std::optional<KafkaStatistics> ParseKafkaStatistics(std::string_view json, std::string* error) {
  simdjson::padded_string padded(json);
  od::parser parser;
  od::document doc;
  KafkaStatistics out;
  auto fail = [&](simdjson::error_code err) -> std::optional<KafkaStatistics> {
    if (error) *error = std::string("librdkafka statistics: ") + simdjson::error_message(err);
    return std::nullopt;
  };
  if (auto err = parser.iterate(padded).get(doc)) return fail(err);
  od::object root;
  if (auto err = doc.get_object().get(root)) return fail(err);
  bool saw_type = false;
  for (auto field : root) {
    std::string_view key;
    if (auto err = field.unescaped_key().get(key)) return fail(err);
    if (key == "name") {
      std::string_view v;
      if (auto err = field.value().get_string().get(v)) return fail(err);
      out.name = std::string(v);
    } else if (key == "type") {
      std::string_view v;
      if (auto err = field.value().get_string().get(v)) return fail(err);
      out.type = std::string(v);
      saw_type = true;
    } else if (key == "ts") {
      if (auto err = field.value().get_int64().get(out.timestamp_us)) return fail(err);
    } else if (key == "msg_cnt") {
      if (auto err = field.value().get_int64().get(out.queued_messages)) return fail(err);
    } else if (key == "brokers") {
      od::object brokers;
      if (auto err = field.value().get_object().get(brokers)) return fail(err);
      if (auto err = ParseBrokers(brokers, &out)) return fail(err);
    } else if (key == "topics") {
      od::object topics;
      if (auto err = field.value().get_object().get(topics)) return fail(err);
      if (auto err = ParseTopics(topics, &out)) return fail(err);
    }
  }
  if (!saw_type) {
    if (error) *error = "librdkafka statistics: no \"type\" field";
    return std::nullopt;
  }
  std::sort(out.partitions.begin(), out.partitions.end(), [](const auto& a, const auto& b) {
    return a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition;
  });
  return out;
}

}  // namespace wiretag
