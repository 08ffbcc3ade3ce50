#include "pipeline/kafka/kafka_conf.h"

#include <algorithm>
#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

namespace wiretag {

KafkaConfPtr MakeKafkaConf(const std::vector<const KafkaProperties*>& layers, const KafkaProperties& forced) {
  KafkaConfPtr conf(rd_kafka_conf_new());
  // librdkafka's own log lines go through spdlog (stderr, same format).
  rd_kafka_conf_set_log_cb(conf.get(), [](const rd_kafka_t*, int level, const char* facility, const char* line) {
    auto lvl = level <= 3 ? spdlog::level::err : level == 4 ? spdlog::level::warn : spdlog::level::debug;
    spdlog::log(lvl, "librdkafka {}: {}", facility, line);
  });
  char errstr[512];
  auto set = [&](const std::string& name, const std::string& value) {
    if (rd_kafka_conf_set(conf.get(), name.c_str(), value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK)
      throw ConfigError("kafka property '" + name + "': " + errstr);
  };
  for (const KafkaProperties* layer : layers)
    for (const auto& [name, value] : *layer) {
      auto it = forced.find(name);
      if (it != forced.end() && it->second != value)
        spdlog::warn("kafka property '{}' is fixed to '{}' by the stage's delivery guarantees; ignoring the configured value",
                     name, it->second);
      set(name, value);
    }
  for (const auto& [name, value] : forced) set(name, value);
  return conf;
}

namespace {

// What `wiretag replay`'s consumer relies on (KafkaRangeSource, TimestampLocator).
KafkaProperties ReplayConsumerGuarantees() {
  return {
      // librdkafka needs a group id for assign()/consumer_poll(), but a
      // consumer that never subscribes never joins it and, with these
      // settings, never commits to it.
      {"group.id", "wiretag-replay-never-commits"},
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"enable.partition.eof", "true"},
      // A range start deleted by retention must fail loudly, not jump.
      {"auto.offset.reset", "error"},
      // Range ends and timestamp probes wait on end-of-partition: do not let
      // the broker hold an empty fetch for the default 500 ms.
      {"fetch.wait.max.ms", "20"},
      // After end-of-partition librdkafka backs off fetching for this long;
      // each timestamp probe would otherwise wait the default 500 ms.
      {"fetch.error.backoff.ms", "20"},
  };
}

}  // namespace

KafkaConfPtr MakeConsumerConf(const Config& c, ConsumerKind kind) {
  // auto.offset.reset (kafka.consumer) says where a new group starts; the
  // stage applies it itself (KafkaGroupSource). librdkafka's own reset is turned
  // into an error so that a position retention deleted is never skipped
  // silently: on_offset_reset decides, and the skipped offsets are counted.
  // A replay reads the range it was given, wherever a group would start.
  KafkaProperties common = c.kafka.common, consumer = c.kafka.consumer;
  consumer.erase("auto.offset.reset");
  if (kind == ConsumerKind::kReplay) {
    KafkaProperties defaults{{"bootstrap.servers", c.brokers}};
    return MakeKafkaConf({&defaults, &common, &consumer}, ReplayConsumerGuarantees());
  }
  KafkaProperties defaults{
      {"bootstrap.servers", c.brokers},
      {"client.id", "wiretag"},
      {"statistics.interval.ms", std::to_string(c.metrics.statistics_interval_ms)},
      {"max.poll.interval.ms", "300000"},
  };
  KafkaProperties forced{
      {"auto.offset.reset", "error"},
      {"group.id", c.group},
      {"partition.assignment.strategy", "cooperative-sticky"},
      // The stage commits itself, and only contiguously acknowledged offsets.
      {"enable.auto.offset.store", "false"},
      {"enable.auto.commit", "false"},
      {"enable.partition.eof", "false"},
  };
  return MakeKafkaConf({&defaults, &common, &consumer}, forced);
}

KafkaConfPtr MakeProducerConf(const Config& c) {
  // The producer's queue must never fill up before the stage's in-flight bound
  // does: a full queue would stall workers instead of pausing fetching.
  int64_t queue_messages = std::clamp<int64_t>(c.stage.max_inflight_records * 2 + 1000, 100000, 10000000);
  int64_t message_max = std::clamp<int64_t>(c.max_message_bytes * 4 + (1 << 20), 1000000, 1000000000);
  KafkaProperties defaults{
      {"bootstrap.servers", c.brokers},
      {"client.id", "wiretag"},
      {"statistics.interval.ms", std::to_string(c.metrics.statistics_interval_ms)},
      {"queue.buffering.max.messages", std::to_string(queue_messages)},
      {"queue.buffering.max.kbytes", "2097151"},
      {"message.max.bytes", std::to_string(message_max)},
  };
  KafkaProperties forced{
      // Idempotence: retries neither duplicate nor reorder within an output partition.
      {"enable.idempotence", "true"},
      {"acks", "all"},
  };
  return MakeKafkaConf({&defaults, &c.kafka.common, &c.kafka.producer}, forced);
}

namespace {
std::atomic<bool> g_client_abandoned{false};
}  // namespace

bool KafkaClientAbandoned() { return g_client_abandoned.load(); }

bool DestroyWithin(rd_kafka_t* rk, int flags, std::chrono::steady_clock::time_point deadline) {
  const std::string name = rd_kafka_name(rk);
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> finished = done->get_future();
  std::thread destroyer([rk, flags, done] {
    rd_kafka_destroy_flags(rk, flags);
    done->set_value();
  });
  deadline = std::max(deadline, std::chrono::steady_clock::now() + kMinDestroyWait);
  if (finished.wait_until(deadline) == std::future_status::ready) {
    destroyer.join();
    return true;
  }
  destroyer.detach();
  g_client_abandoned = true;
  spdlog::warn("{}: the Kafka client did not finish within the shutdown timeout (requests to an unreachable broker); "
               "left to the process exit",
               name);
  return false;
}

}  // namespace wiretag
