#pragma once
// Builds librdkafka configurations from wiretag's Config. Properties are
// applied in layers (later wins): wiretag's defaults, kafka.common, the
// client's section (kafka.consumer / kafka.producer), then the settings the
// stage's guarantees depend on, which no layer may change.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "pipeline/config/config.h"

namespace wiretag {

struct KafkaConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
using KafkaConfPtr = std::unique_ptr<rd_kafka_conf_t, KafkaConfDeleter>;

struct KafkaHandleDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using KafkaHandlePtr = std::unique_ptr<rd_kafka_t, KafkaHandleDeleter>;

// Throws ConfigError naming the property (never its value) when librdkafka
// rejects one. A forced property the user set to another value is logged
// once as a warning and overridden.
KafkaConfPtr MakeKafkaConf(const std::vector<const KafkaProperties*>& layers, const KafkaProperties& forced);

// Convenience for the two clients of the stage.
KafkaConfPtr MakeConsumerConf(const Config& config);
KafkaConfPtr MakeProducerConf(const Config& config);

}  // namespace wiretag
