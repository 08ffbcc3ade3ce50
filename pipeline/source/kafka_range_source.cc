#include "pipeline/source/kafka_range_source.h"

#include <memory>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "pipeline/kafka/kafka_handles.h"
#include "pipeline/kafka/kafka_headers.h"

namespace wiretag {
namespace {

using Message = std::unique_ptr<rd_kafka_message_t, decltype(&rd_kafka_message_destroy)>;

// Errors after which the range can never be completed.
bool Unrecoverable(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET:
    case RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE:
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR__FATAL:
      return true;
    default:
      return false;
  }
}

}  // namespace

KafkaRangeSource::KafkaRangeSource(rd_kafka_t* consumer, std::string topic, std::map<int32_t, Range> ranges)
    : consumer_(consumer), topic_(std::move(topic)) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(ranges.size())));
  for (const auto& [p, r] : ranges) {
    State s{r, r.next >= r.to};
    partitions_[p] = s;
    if (!s.exhausted) {
      ++remaining_;
      rd_kafka_topic_partition_list_add(list.get(), topic_.c_str(), p)->offset = r.next;
    }
  }
  if (rd_kafka_resp_err_t err = rd_kafka_assign(consumer_, list.get()))
    throw std::runtime_error("cannot assign the partitions of " + topic_ + ": " + rd_kafka_err2str(err));
}

KafkaRangeSource::~KafkaRangeSource() { rd_kafka_assign(consumer_, nullptr); }

void KafkaRangeSource::MarkExhausted(int32_t partition, State& state) {
  if (state.exhausted) return;
  state.exhausted = true;
  --remaining_;
  PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), topic_.c_str(), partition);
  rd_kafka_pause_partitions(consumer_, list.get());  // stop fetching what producers write after the range
}

std::optional<ReplayRecord> KafkaRangeSource::Next(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!Exhausted()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    Message msg(rd_kafka_consumer_poll(consumer_, static_cast<int>(std::max<int64_t>(0, left.count()))),
                &rd_kafka_message_destroy);
    if (!msg) {
      if (left.count() <= 0) return std::nullopt;
      continue;
    }
    auto it = msg->rkt ? partitions_.find(msg->partition) : partitions_.end();
    if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      if (it != partitions_.end() && msg->offset >= it->second.range.to) MarkExhausted(it->first, it->second);
      continue;
    }
    if (msg->err) {
      std::string where = msg->rkt ? topic_ + "[" + std::to_string(msg->partition) + "]" : topic_;
      std::string why = rd_kafka_message_errstr(msg.get());
      char fatal[256];
      if (Unrecoverable(msg->err) || rd_kafka_fatal_error(consumer_, fatal, sizeof fatal)) {
        if (msg->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET || msg->err == RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE)
          why += " (records of the range were deleted, probably by retention, while replaying)";
        throw std::runtime_error("cannot read " + where + ": " + why);
      }
      spdlog::warn("reading {}: {} (retrying)", where, why);
      continue;
    }
    if (it == partitions_.end() || it->second.exhausted) continue;
    if (msg->offset >= it->second.range.to) {
      MarkExhausted(it->first, it->second);
      continue;
    }
    ReplayRecord rec;
    rec.partition = msg->partition;
    rec.offset = msg->offset;
    rec.has_key = msg->key != nullptr;
    if (msg->key) rec.key.assign(static_cast<const char*>(msg->key), msg->key_len);
    if (msg->payload) rec.value.assign(static_cast<const char*>(msg->payload), msg->len);
    rec.timestamp_ms = rd_kafka_message_timestamp(msg.get(), nullptr);
    rec.headers = CopyHeaders(msg.get());
    if (msg->offset + 1 >= it->second.range.to) MarkExhausted(it->first, it->second);
    return rec;
  }
  return std::nullopt;
}

std::map<int32_t, int64_t> KafkaRangeSource::Ends() const {
  std::map<int32_t, int64_t> out;
  for (const auto& [p, s] : partitions_) out[p] = s.range.to;
  return out;
}

bool KafkaRangeSource::PartitionExhausted(int32_t partition) const {
  auto it = partitions_.find(partition);
  return it == partitions_.end() || it->second.exhausted;
}

std::string KafkaRangeSource::TopicOf(int32_t) const { return topic_; }

}  // namespace wiretag
