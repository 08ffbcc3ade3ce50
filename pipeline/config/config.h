#pragma once
// Config is wiretag's effective configuration: exactly the keys of
// config/wiretag.yaml. LoadConfig() layers the YAML file, then WIRETAG_*
// environment variables, then command-line overrides (later wins), and
// rejects unknown keys with their full path ("stage.max_inflight_recs").
// librdkafka properties pass through verbatim under kafka.common,
// kafka.consumer and kafka.producer.
//
// Config is a plain value; ToYaml() is the only way it is printed and masks
// every secret (see IsSecretKey()), so logging a Config never leaks one.

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/formats/message_size.h"

namespace wiretag {

// A bad configuration: unknown key, wrong type, invalid value. what() names
// the key path and where it came from (file, environment variable or flag).
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct StageSettings {
  int64_t max_inflight_records = 10000;
  int64_t max_inflight_bytes = 64 << 20;
  int64_t commit_interval_ms = 1000;
  int64_t revoke_timeout_ms = 10000;
  int64_t shutdown_timeout_ms = 30000;
};

struct MetricsSettings {
  std::string listen = "0.0.0.0:9464";
  int64_t statistics_interval_ms = 5000;
  int64_t healthz_stall_ms = 30000;
};

struct LogSettings {
  std::string format = "auto";
  std::string level = "info";
};

// librdkafka property name -> value, e.g. {"sasl.password", "..."}.
using KafkaProperties = std::map<std::string, std::string>;

struct KafkaSettings {
  KafkaProperties common;
  KafkaProperties consumer{{"auto.offset.reset", "earliest"}, {"fetch.max.bytes", "52428800"}};
  KafkaProperties producer{{"compression.type", "lz4"}, {"linger.ms", "5"}, {"batch.size", "1000000"}};
};

struct ReplaySettings {
  std::string timestamp_locator = "auto";  // auto | offsets_for_times | binary_search
};

// What the sink carries over from an input record to the records made from it
// (enriched record and dead letter). A header name is carried when it matches
// headers_allow and not headers_deny; a pattern is a name, or a prefix ending
// in '*' ("*" matches every name). Names wiretag sets itself (wiretag.*) are
// never carried: its own headers win.
struct RecordSettings {
  std::vector<std::string> headers_allow{"*"};
  std::vector<std::string> headers_deny;
  std::string timestamp = "input";  // input: the input's timestamp (CreateTime) | produce: the time of producing
};

// Exactly-once delivery (delivery: exactly-once): outputs and input offsets
// commit together in Kafka transactions, each closed when it holds max_records
// records or is interval_ms old, whichever comes first.
struct TransactionSettings {
  int64_t max_records = 5000;
  int64_t interval_ms = 100;  // Kafka Streams' commit.interval.ms under exactly-once
};

// The taggers' data beyond data_dir.
struct TaggingSettings {
  std::string local_lists_dir;  // a newsroom's own name lists ("" = none); reloaded on SIGHUP
};

struct Config {
  std::string brokers = "127.0.0.1:9092";
  std::string group = "wiretag";
  std::vector<std::string> input{"wire.raw"};
  std::string output = "wire.enriched";
  std::string dlq = "wire.dlq";
  int64_t workers = 0;  // 0 = hardware threads
  int64_t max_message_bytes = kDefaultMaxMessageBytes;  // formats/message_size.h
  std::string input_format = "auto";  // auto | ninjs | text
  std::string data_dir;               // "" = the config/ directory the file ships in
  // When a committed or fetch position is no longer in the log (retention
  // deleted it): fail | earliest | latest. See pipeline/stage/offset_reset.h.
  std::string on_offset_reset = "earliest";
  // at-least-once (the default) | exactly-once (Kafka transactions; see
  // docs/operations/delivery-guarantees.md).
  std::string delivery = "at-least-once";
  // This stage instance's name, unique within its group and stable across its
  // restarts: the transactional.id is made from it. "" = the host name.
  std::string instance_id;
  StageSettings stage;
  MetricsSettings metrics;
  LogSettings log;
  KafkaSettings kafka;
  ReplaySettings replay;
  RecordSettings records;
  TaggingSettings tagging;
  TransactionSettings transactions;

  // Where the YAML came from ("" = built-in defaults only). Not a key.
  std::string source_file;

  // workers, or the number of hardware threads when workers is 0.
  int EffectiveWorkers() const;
  // data_dir, or the directory of source_file, or the default config dir.
  std::string EffectiveDataDir() const;
  bool exactly_once() const { return delivery == "exactly-once"; }
  // instance_id, or the host name when it is empty.
  std::string EffectiveInstanceId() const;
  // The transactional.id of `wiretag run`'s producer: wiretag-<group>-<instance>.
  std::string RunTransactionalId() const;
};

// Command-line values by key path ("workers", "records.headers_allow"): set
// ones override everything. Each value is text, parsed as the key's
// environment variable is; a list key's values are each split at commas.
struct ConfigOverrides {
  std::map<std::string, std::vector<std::string>> values;

  void Set(const std::string& path, std::string value) { values[path] = {std::move(value)}; }
  void Clear(const std::string& path) { values.erase(path); }
  // The single value given for `path`, if any.
  std::optional<std::string> Get(const std::string& path) const;
};

// One fixed configuration key, declared once in config.cc's key table: its
// dotted path (its environment variable is WIRETAG_ plus the path upper-cased
// with '.' as '_'), its command-line flag ("" = none) and its help. Its
// default is the initialiser of its field in Config above.
struct ConfigKey {
  std::string path;
  std::string flag;
  std::string help;
  bool is_list = false;
  bool is_int = false;
  bool is_properties = false;  // kafka.common/consumer/producer: librdkafka properties by name
};

// Every key, the kafka.* property maps included, in the order `wiretag
// config` prints them.
const std::vector<ConfigKey>& ConfigKeys();

// The key at `path`. Throws std::out_of_range for an unknown path.
const ConfigKey& FindConfigKey(const std::string& path);

// WIRETAG_ plus `path` upper-cased, '.' as '_'.
std::string EnvironmentVariableFor(const std::string& path);

// Loads `path` (empty: built-in defaults), applies `env` (name=value strings,
// usually `environ`; only WIRETAG_* entries are read) and `overrides`, then
// validates. Throws ConfigError.
Config LoadConfig(const std::string& path, const std::vector<std::string>& env,
                  const ConfigOverrides& overrides);

// The process environment as name=value strings.
std::vector<std::string> ProcessEnvironment();

// The YAML text of `config` with every secret value replaced by "******".
std::string ToYaml(const Config& config);

// True for librdkafka properties that hold secrets: sasl.password,
// ssl.key.password, ssl.keystore.password, sasl.oauthbearer.client.secret,
// ssl.key.pem, sasl.oauthbearer.config and anything containing "password" or "secret".
bool IsSecretKey(const std::string& property);

// Every WIRETAG_* environment variable for a fixed key (the kafka.* pass-through
// accepts WIRETAG_KAFKA_<COMMON|CONSUMER|PRODUCER>_<PROPERTY> in addition).
std::vector<std::string> KnownEnvironmentVariables();

}  // namespace wiretag
