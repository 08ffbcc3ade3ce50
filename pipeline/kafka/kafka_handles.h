#pragma once
// Owning handles for librdkafka's C objects: each destroys its object with the
// matching librdkafka call when it goes out of scope. Move-only, like
// std::unique_ptr, which they are. KafkaConsumerPtr also closes the consumer
// first (leaving its group, if any): for consumers whose close cannot hang on
// a group (`wiretag replay` never joins one); the group consumer of
// `wiretag run` bounds its close and destroy itself (DestroyWithin).

#include <memory>

#include <librdkafka/rdkafka.h>

namespace wiretag {

struct KafkaConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
using KafkaConfPtr = std::unique_ptr<rd_kafka_conf_t, KafkaConfDeleter>;

struct KafkaHandleDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using KafkaHandlePtr = std::unique_ptr<rd_kafka_t, KafkaHandleDeleter>;

struct KafkaConsumerCloser {
  void operator()(rd_kafka_t* rk) const {
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
  }
};
using KafkaConsumerPtr = std::unique_ptr<rd_kafka_t, KafkaConsumerCloser>;

struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
};
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

struct KafkaQueueDeleter {
  void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
};
using KafkaQueuePtr = std::unique_ptr<rd_kafka_queue_t, KafkaQueueDeleter>;

}  // namespace wiretag
