#pragma once
// KafkaReplayOutput produces a replay's records with an idempotent producer
// (enable.idempotence=true, so retries neither duplicate nor reorder within an
// output partition) to the output topic or the dead-letter topic.
// Acknowledgements are librdkafka delivery reports: ok means the broker has
// the record with the configured acks.
//
// Not thread-safe: Send/Poll/Flush from one thread.

#include <librdkafka/rdkafka.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/sink/replay_output.h"

namespace wiretag {

class KafkaReplayOutput : public ReplayOutput {
 public:
  // `properties` are librdkafka producer properties (bootstrap.servers
  // included); enable.idempotence is forced on. Throws std::runtime_error on a
  // bad property.
  KafkaReplayOutput(const std::map<std::string, std::string>& properties, std::string output_topic,
                    std::string dlq_topic);
  ~KafkaReplayOutput() override;

  void Send(OutputRecord record, uint64_t ticket) override;
  void Poll(std::chrono::milliseconds timeout, std::vector<OutputAck>* acks) override;
  void Flush(std::chrono::milliseconds timeout, std::vector<OutputAck>* acks) override;
  int64_t Pending() const override { return pending_; }

 private:
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);

  rd_kafka_t* producer_ = nullptr;
  std::string output_topic_, dlq_topic_;
  std::vector<OutputAck> delivered_;
  int64_t pending_ = 0;
};

}  // namespace wiretag
