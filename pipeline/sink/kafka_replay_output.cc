#include "pipeline/sink/kafka_replay_output.h"

#include <stdexcept>

namespace wiretag {

KafkaReplayOutput::KafkaReplayOutput(const std::map<std::string, std::string>& properties,
                                     std::string output_topic, std::string dlq_topic)
    : output_topic_(std::move(output_topic)), dlq_topic_(std::move(dlq_topic)) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  auto set = [&](const std::string& k, const std::string& v) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw std::runtime_error("producer property " + k + ": " + err);
    }
  };
  for (const auto& [k, v] : properties) set(k, v);
  set("enable.idempotence", "true");
  rd_kafka_conf_set_dr_msg_cb(conf, &KafkaReplayOutput::OnDelivery);
  rd_kafka_conf_set_opaque(conf, this);
  producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!producer_) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("cannot create the producer: ") + err);
  }
}

KafkaReplayOutput::~KafkaReplayOutput() {
  // Whatever is still queued was never acknowledged; the checkpoint does not count it.
  rd_kafka_purge(producer_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  rd_kafka_flush(producer_, 1000);
  rd_kafka_destroy(producer_);
}

void KafkaReplayOutput::OnDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
  auto* self = static_cast<KafkaReplayOutput*>(opaque);
  OutputAck ack;
  ack.ticket = reinterpret_cast<uint64_t>(msg->_private);
  ack.ok = msg->err == RD_KAFKA_RESP_ERR_NO_ERROR;
  if (!ack.ok) ack.error = rd_kafka_err2str(msg->err);
  self->delivered_.push_back(std::move(ack));
  --self->pending_;
}

void KafkaReplayOutput::Send(OutputRecord record, uint64_t ticket) {
  rd_kafka_headers_t* headers = rd_kafka_headers_new(record.headers.size());
  for (const auto& [name, value] : record.headers)
    rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), value.data(),
                        static_cast<ssize_t>(value.size()));
  const std::string& topic = record.to_dlq ? dlq_topic_ : output_topic_;
  while (true) {
    rd_kafka_resp_err_t err = rd_kafka_producev(
        producer_, RD_KAFKA_V_TOPIC(topic.c_str()),
        RD_KAFKA_V_KEY(record.has_key ? record.key.data() : nullptr, record.has_key ? record.key.size() : 0),
        RD_KAFKA_V_VALUE(record.value.data(), record.value.size()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(ticket)), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;  // the producer owns the headers now
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_poll(producer_, 100);  // serve delivery reports to make room
      continue;
    }
    rd_kafka_headers_destroy(headers);
    throw std::runtime_error("cannot produce to " + topic + ": " + rd_kafka_err2str(err));
  }
  ++pending_;
}

void KafkaReplayOutput::Poll(std::chrono::milliseconds timeout, std::vector<OutputAck>* acks) {
  rd_kafka_poll(producer_, static_cast<int>(timeout.count()));
  char fatal[512];
  if (rd_kafka_fatal_error(producer_, fatal, sizeof fatal))
    throw std::runtime_error(std::string("producer failed: ") + fatal);
  for (auto& a : delivered_) acks->push_back(std::move(a));
  delivered_.clear();
}

void KafkaReplayOutput::Flush(std::chrono::milliseconds timeout, std::vector<OutputAck>* acks) {
  rd_kafka_flush(producer_, static_cast<int>(timeout.count()));
  Poll(std::chrono::milliseconds(0), acks);
}

}  // namespace wiretag
