#include "pipeline/sink/dlq_size_check.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include <spdlog/spdlog.h>

namespace wiretag {
namespace {

constexpr int kRequestTimeoutMs = 10000;

std::optional<int64_t> ParseBytes(const char* text) {
  if (!text) return std::nullopt;
  int64_t value = 0;
  const char* end = text + std::strlen(text);
  auto [ptr, ec] = std::from_chars(text, end, value);
  if (ec != std::errc() || ptr != end || value <= 0) return std::nullopt;
  return value;
}

}  // namespace

std::vector<std::string> DlqSizeAdvice(const DlqSizeLimits& limits) {
  int64_t largest_input = limits.max_message_bytes;
  std::string largest_from = "max_message_bytes";
  for (const auto& [topic, bytes] : limits.input_topic_max) {
    if (bytes > largest_input) {
      largest_input = bytes;
      largest_from = "input topic '" + topic + "' (max.message.bytes)";
    }
  }
  const int64_t needed = largest_input + kDeadLetterHeaderAllowance;
  const std::string why = "the input accepts records of up to " + std::to_string(largest_input) + " bytes (" +
                          largest_from + "), and a dead letter carries the original value plus up to " +
                          std::to_string(kDeadLetterHeaderAllowance) +
                          " bytes of headers; a larger one is produced without its original value "
                          "(wiretag_dead_letters_truncated_total counts those)";
  std::vector<std::string> advice;
  if (limits.dlq_topic_max && *limits.dlq_topic_max < needed) {
    advice.push_back("DLQ topic '" + limits.dlq_topic + "' takes records of up to " +
                     std::to_string(*limits.dlq_topic_max) + " bytes but " + why + ": set max.message.bytes=" +
                     std::to_string(needed) + " on topic '" + limits.dlq_topic +
                     "' (kafka-configs.sh --alter --entity-type topics --entity-name " + limits.dlq_topic +
                     " --add-config max.message.bytes=" + std::to_string(needed) + ")");
  }
  if (limits.producer_max < needed) {
    advice.push_back("the producer's message.max.bytes is " + std::to_string(limits.producer_max) + " but " + why +
                     ": set kafka.producer.\"message.max.bytes\" to " + std::to_string(needed) +
                     " (WIRETAG_KAFKA_PRODUCER_MESSAGE_MAX_BYTES)");
  }
  return advice;
}

DlqSizeCheck::DlqSizeCheck(const Config& config) : input_topics_(config.input) {
  limits_.dlq_topic = config.dlq;
  limits_.max_message_bytes = config.max_message_bytes;
}

DlqSizeCheck::~DlqSizeCheck() { Stop(); }

void DlqSizeCheck::Start(rd_kafka_t* rk) {
  char value[64];
  size_t size = sizeof value;
  if (rd_kafka_conf_get(rd_kafka_conf(rk), "message.max.bytes", value, &size) == RD_KAFKA_CONF_OK)
    limits_.producer_max = ParseBytes(value).value_or(0);
  WarnNewAdvice();
  if (limits_.dlq_topic.empty()) return;

  std::vector<std::string> topics{limits_.dlq_topic};
  for (const auto& topic : input_topics_)
    if (std::find(topics.begin(), topics.end(), topic) == topics.end()) topics.push_back(topic);
  std::vector<rd_kafka_ConfigResource_t*> resources;
  for (const auto& topic : topics)
    resources.push_back(rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str()));
  rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS);
  char error[256];
  rd_kafka_AdminOptions_set_request_timeout(options, kRequestTimeoutMs, error, sizeof error);
  queue_ = rd_kafka_queue_new(rk);
  rd_kafka_DescribeConfigs(rk, resources.data(), resources.size(), options, queue_);
  rd_kafka_AdminOptions_destroy(options);
  rd_kafka_ConfigResource_destroy_array(resources.data(), resources.size());  // the request holds copies
}

void DlqSizeCheck::Poll() {
  if (!queue_) return;
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue_, 0);
  if (!event) return;
  Answer(event);
  rd_kafka_event_destroy(event);
  Stop();
}

void DlqSizeCheck::Answer(rd_kafka_event_t* event) {
  if (rd_kafka_event_error(event)) {
    spdlog::info("cannot compare the DLQ's max.message.bytes with the input's (DescribeConfigs: {}); "
                 "make sure topic '{}' takes records of at least {} bytes",
                 rd_kafka_event_error_string(event), limits_.dlq_topic,
                 limits_.max_message_bytes + kDeadLetterHeaderAllowance);
    return;
  }
  const rd_kafka_DescribeConfigs_result_t* result = rd_kafka_event_DescribeConfigs_result(event);
  size_t count = 0;
  const rd_kafka_ConfigResource_t** resources =
      result ? rd_kafka_DescribeConfigs_result_resources(result, &count) : nullptr;
  std::vector<std::string> unanswered;
  for (size_t i = 0; i < count; ++i) {
    const std::string name = rd_kafka_ConfigResource_name(resources[i]);
    std::optional<int64_t> max_bytes;
    if (!rd_kafka_ConfigResource_error(resources[i])) {
      size_t entries = 0;
      const rd_kafka_ConfigEntry_t** configs = rd_kafka_ConfigResource_configs(resources[i], &entries);
      for (size_t j = 0; j < entries; ++j)
        if (std::strcmp(rd_kafka_ConfigEntry_name(configs[j]), "max.message.bytes") == 0)
          max_bytes = ParseBytes(rd_kafka_ConfigEntry_value(configs[j]));
    }
    if (!max_bytes) {
      unanswered.push_back(name);
      continue;
    }
    if (name == limits_.dlq_topic) limits_.dlq_topic_max = max_bytes;
    if (std::find(input_topics_.begin(), input_topics_.end(), name) != input_topics_.end())
      limits_.input_topic_max[name] = *max_bytes;
  }
  WarnNewAdvice();
  if (!unanswered.empty()) {
    std::string names;
    for (const auto& n : unanswered) names += (names.empty() ? "'" : ", '") + n + "'";
    spdlog::info("no max.message.bytes for topic(s) {} (not authorized to describe them, or missing); "
                 "the DLQ size check used what was known",
                 names);
  } else if (DlqSizeAdvice(limits_).empty()) {
    spdlog::info("DLQ topic '{}' takes records of up to {} bytes: every dead letter fits", limits_.dlq_topic,
                 limits_.dlq_topic_max.value_or(0));
  }
}

void DlqSizeCheck::WarnNewAdvice() {
  for (const auto& line : DlqSizeAdvice(limits_)) {
    if (std::find(warned_.begin(), warned_.end(), line) != warned_.end()) continue;
    spdlog::warn("dead letters may lose their value: {}", line);
    warned_.push_back(line);
  }
}

void DlqSizeCheck::Stop() {
  if (!queue_) return;
  rd_kafka_queue_destroy(queue_);
  queue_ = nullptr;
}

}  // namespace wiretag
