#pragma once
// Builds librdkafka configurations from wiretag's Config: the Kafka plumbing
// the source and sink adapters share. librdkafka's log lines go to spdlog. Properties are
// applied in layers (later wins): wiretag's defaults, kafka.common, the
// client's section (kafka.consumer / kafka.producer), then the settings the
// stage's guarantees depend on, which no layer may change.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "pipeline/config/config.h"
#include "pipeline/kafka/kafka_handles.h"

namespace wiretag {

// Throws ConfigError naming the property (never its value) when librdkafka
// rejects one. A forced property the user set to another value is logged
// once as a warning and overridden.
KafkaConfPtr MakeKafkaConf(const std::vector<const KafkaProperties*>& layers, const KafkaProperties& forced);

// Destroys `rk` with `flags`, waiting until `deadline` (and at least
// kMinDestroyWait) at most. rd_kafka_destroy() waits for the client's
// outstanding requests (an offset commit, a LeaveGroup), which a broker that
// is down or frozen answers only at socket.timeout.ms (60 s) or never; past
// the deadline the handle is left to a thread of its own and the process's
// exit, and false is returned. The caller must not serve the handle's queues
// any more (no callback into freed objects can then run).
inline constexpr std::chrono::milliseconds kMinDestroyWait{1000};
bool DestroyWithin(rd_kafka_t* rk, int flags, std::chrono::steady_clock::time_point deadline);
// True once DestroyWithin() left a client behind: the process should then end
// with std::_Exit(), since that client's threads may still log.
bool KafkaClientAbandoned();

// The consumer of `wiretag run` (kGroup: a group member that commits only
// what the stage says) or of `wiretag replay` (kReplay: assign() only, never
// commits, reads a bounded range): one function, so both read brokers and
// kafka.common / kafka.consumer alike and differ only in their guarantees.
enum class ConsumerKind { kGroup, kReplay };
KafkaConfPtr MakeConsumerConf(const Config& config, ConsumerKind kind = ConsumerKind::kGroup);
// The idempotent producer of the sink (run and replay).
KafkaConfPtr MakeProducerConf(const Config& config);

}  // namespace wiretag
