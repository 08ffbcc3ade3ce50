#include "pipeline/config/config.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <regex>
#include <thread>
#include <variant>

#include <unistd.h>

#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>

#include "pipeline/config/config_dir.h"
#include "pipeline/config/log_level.h"
#include "pipeline/taggers/case_fold.h"
#include "pipeline/taggers/environment_variable.h"
#include "pipeline/taggers/read_whole_file.h"
#include "pipeline/stage/offset_reset.h"
#include "pipeline/stage/worker_stage.h"

extern char** environ;

namespace wiretag {
namespace {

// Where a key's value lives in Config.
using KeyField = std::variant<std::string*, int64_t*, std::vector<std::string>*, KafkaProperties*>;

template <auto Member>
KeyField Top(Config& c) {
  return &(c.*Member);
}
template <auto Section, auto Member>
KeyField In(Config& c) {
  return &((c.*Section).*Member);
}

// The key table: every key once, with its flag and help; its default is the
// initialiser of its field in config.h. Parsing the file, the environment
// and the flags, `wiretag config`'s output and the flags of run/config/replay
// all come from here, so a new key is one line here and one field there.
struct Key {
  const char* path;
  const char* flag;  // "" = no command-line flag
  const char* help;
  KeyField (*field)(Config&);
};

const Key kKeys[] = {
    {"brokers", "--brokers", "Bootstrap servers", Top<&Config::brokers>},
    {"group", "--group", "Consumer group id", Top<&Config::group>},
    {"input", "--input", "Input topic(s), comma-separated or repeated", Top<&Config::input>},
    {"output", "--output", "Topic for enriched records", Top<&Config::output>},
    {"dlq", "--dlq", "Dead-letter topic", Top<&Config::dlq>},
    {"workers", "--workers", "Tagging threads; 0 = hardware threads", Top<&Config::workers>},
    {"max_message_bytes", "", "Larger inputs go to the DLQ as too_large", Top<&Config::max_message_bytes>},
    {"input_format", "", "auto | ninjs | text", Top<&Config::input_format>},
    {"data_dir", "", "Gazetteers and models; \"\" = the config/ directory the file ships in", Top<&Config::data_dir>},
    {"on_offset_reset", "--on-offset-reset",
     "When retention deleted records not yet consumed: fail | earliest | latest", Top<&Config::on_offset_reset>},
    {"delivery", "--delivery",
     "at-least-once (default) | exactly-once: outputs and input offsets in Kafka transactions", Top<&Config::delivery>},
    {"instance_id", "--instance-id",
     "This instance's name, unique in the group and stable across restarts; makes the transactional.id "
     "(default the host name)",
     Top<&Config::instance_id>},
    {"stage.max_inflight_records", "", "Pause fetching above this many unacknowledged records",
     In<&Config::stage, &StageSettings::max_inflight_records>},
    {"stage.max_inflight_bytes", "", "... or this many bytes", In<&Config::stage, &StageSettings::max_inflight_bytes>},
    {"stage.commit_interval_ms", "", "How often offsets are committed",
     In<&Config::stage, &StageSettings::commit_interval_ms>},
    {"stage.revoke_timeout_ms", "", "Bound on finishing revoked partitions' work",
     In<&Config::stage, &StageSettings::revoke_timeout_ms>},
    {"stage.shutdown_timeout_ms", "", "Bound on the drain after SIGTERM",
     In<&Config::stage, &StageSettings::shutdown_timeout_ms>},
    {"metrics.listen", "--metrics-listen", "HOST:PORT for /metrics, /healthz, /readyz; \"\" disables",
     In<&Config::metrics, &MetricsSettings::listen>},
    {"metrics.statistics_interval_ms", "", "librdkafka statistics -> lag gauges",
     In<&Config::metrics, &MetricsSettings::statistics_interval_ms>},
    {"metrics.healthz_stall_ms", "", "/healthz fails when the main loop made no progress this long",
     In<&Config::metrics, &MetricsSettings::healthz_stall_ms>},
    // --log-format and --log-level are every command's flags (cli/logging.h).
    {"log.format", "", "Log format on stderr: auto (text on a TTY, else json), text or json",
     In<&Config::log, &LogSettings::format>},
    {"log.level", "", "Log level (spdlog's names, any case)", In<&Config::log, &LogSettings::level>},
    {"kafka.common", "", "librdkafka properties for both clients", In<&Config::kafka, &KafkaSettings::common>},
    {"kafka.consumer", "", "librdkafka properties for the consumer", In<&Config::kafka, &KafkaSettings::consumer>},
    {"kafka.producer", "", "librdkafka properties for the producer", In<&Config::kafka, &KafkaSettings::producer>},
    {"replay.timestamp_locator", "", "auto | offsets_for_times | binary_search",
     In<&Config::replay, &ReplaySettings::timestamp_locator>},
    {"records.headers_allow", "--headers-allow",
     "Input Kafka headers carried to outputs and dead letters: names or prefixes ending in *, comma-separated",
     In<&Config::records, &RecordSettings::headers_allow>},
    {"records.headers_deny", "--headers-deny", "Input Kafka headers never carried over, same forms",
     In<&Config::records, &RecordSettings::headers_deny>},
    {"records.timestamp", "--output-timestamp",
     "Timestamp of produced records: input (the input record's, as Kafka Streams) or produce",
     In<&Config::records, &RecordSettings::timestamp>},
    {"tagging.local_lists_dir", "--local-lists-dir", "Directory of the newsroom's own name lists, reloaded on SIGHUP",
     In<&Config::tagging, &TaggingSettings::local_lists_dir>},
    {"transactions.max_records", "", "exactly-once: start a commit once a transaction holds this many records",
     In<&Config::transactions, &TransactionSettings::max_records>},
    {"transactions.interval_ms", "", "exactly-once: commit the open transaction at least this often",
     In<&Config::transactions, &TransactionSettings::interval_ms>},
};

const Key* FindKey(const std::string& path) {
  for (const auto& key : kKeys)
    if (path == key.path) return &key;
  return nullptr;
}

bool IsProperties(const Key& key) {
  Config probe;
  return std::holds_alternative<KafkaProperties*>(key.field(probe));
}

// "stage" for "stage.commit_interval_ms"; "" for a top-level key.
std::string SectionOf(const std::string& path) {
  size_t dot = path.find('.');
  return dot == std::string::npos ? "" : path.substr(0, dot);
}

bool IsSection(const std::string& path) {
  for (const auto& key : kKeys)
    if (SectionOf(key.path) == path) return true;
  return false;
}

int64_t ParseInt(const std::string& text, const std::string& where) {
  size_t used = 0;
  int64_t value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size())
    throw ConfigError(where + ": expected an integer, got '" + text + "'");
  return value;
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

void SetFromText(Config& config, const Key& key, const std::string& text, const std::string& where) {
  KeyField field = key.field(config);
  if (auto* str = std::get_if<std::string*>(&field)) **str = text;
  else if (auto* num = std::get_if<int64_t*>(&field)) **num = ParseInt(text, where);
  else if (auto* list = std::get_if<std::vector<std::string>*>(&field)) **list = SplitCommas(text);
  else throw ConfigError(where + ": expected a mapping of librdkafka properties");
}

std::string Scalar(const YAML::Node& node, const std::string& where) {
  if (node.IsNull()) return "";
  if (!node.IsScalar()) throw ConfigError(where + ": expected a single value");
  return node.Scalar();
}

void ApplyYaml(Config& config, const YAML::Node& root, const std::string& file) {
  if (!root || root.IsNull()) return;
  if (!root.IsMap()) throw ConfigError(file + ": the top level must be a mapping of keys");
  std::function<void(const YAML::Node&, const std::string&)> walk = [&](const YAML::Node& map,
                                                                       const std::string& prefix) {
    for (const auto& entry : map) {
      std::string name = entry.first.as<std::string>();
      std::string path = prefix.empty() ? name : prefix + "." + name;
      std::string where = file + ": " + path;
      const YAML::Node& value = entry.second;
      if (prefix.empty() && IsSection(path)) {
        if (value.IsNull()) continue;
        if (!value.IsMap()) throw ConfigError(where + ": expected a mapping");
        walk(value, path);
        continue;
      }
      const Key* key = FindKey(path);
      if (!key) {
        if (prefix == "kafka") throw ConfigError(file + ": unknown key '" + path + "' (kafka has common, consumer, producer)");
        throw ConfigError(file + ": unknown key '" + path + "'");
      }
      KeyField field = key->field(config);
      if (auto* props = std::get_if<KafkaProperties*>(&field)) {
        if (value.IsNull()) continue;
        if (!value.IsMap()) throw ConfigError(where + ": expected a mapping of librdkafka properties");
        for (const auto& prop : value) {
          std::string prop_name = prop.first.as<std::string>();
          (**props)[prop_name] = Scalar(prop.second, where + "." + prop_name);
        }
      } else if (auto* list = std::get_if<std::vector<std::string>*>(&field); list && value.IsSequence()) {
        std::vector<std::string> items;
        for (const auto& item : value) items.push_back(Scalar(item, where));
        **list = items;
      } else {
        SetFromText(config, *key, Scalar(value, where), where);
      }
    }
  };
  walk(root, "");
}

// Kubernetes injects, for every Service in the namespace, FOO_SERVICE_HOST,
// FOO_SERVICE_PORT[_NAME], FOO_PORT and FOO_PORT_<n>_<PROTO>[_PROTO|_PORT|_ADDR]
// (FOO is the Service name, upper case, dashes as underscores). A Service
// named wiretag-* would otherwise make every pod fail on "unknown key"; no
// configuration key ends in these suffixes, so they are safe to pass over.
bool IsKubernetesServiceVariable(const std::string& name, const std::string& value) {
  static const std::regex kServiceLink(
      "WIRETAG(_[A-Z0-9_]+)?_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT_[0-9]+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?)");
  // FOO_PORT alone is the likeliest typo of a real key, so it passes only
  // with the value Kubernetes gives it ("tcp://10.0.0.7:9464").
  static const std::regex kBarePort("WIRETAG(_[A-Z0-9_]+)?_PORT");
  static const std::regex kServiceUrl("(tcp|udp|sctp)://.+");
  if (std::regex_match(name, kServiceLink)) return true;
  return std::regex_match(name, kBarePort) && std::regex_match(value, kServiceUrl);
}

void ApplyEnvironment(Config& config, const std::vector<std::string>& env) {
  for (const auto& entry : env) {
    size_t eq = entry.find('=');
    if (eq == std::string::npos || entry.rfind("WIRETAG_", 0) != 0) continue;
    std::string name = entry.substr(0, eq), value = entry.substr(eq + 1);
    std::string where = "environment variable " + name;
    bool matched = false;
    for (const auto& key : kKeys) {
      if (!IsProperties(key) && EnvironmentVariableFor(key.path) == name) {
        SetFromText(config, key, value, where);
        matched = true;
        break;
      }
    }
    if (matched) continue;
    static const char* kSections[] = {"COMMON", "CONSUMER", "PRODUCER"};
    for (const char* section : kSections) {
      std::string prefix = std::string("WIRETAG_KAFKA_") + section + "_";
      if (name.rfind(prefix, 0) == 0 && name.size() > prefix.size()) {
        std::string prop = name.substr(prefix.size());
        for (char& c : prop) c = c == '_' ? '.' : AsciiLower(c);
        if (prop == "log.level") prop = "log_level";  // librdkafka's one property with an underscore
        KeyField field = FindKey("kafka." + AsciiLower(section))->field(config);
        (*std::get<KafkaProperties*>(field))[prop] = value;
        matched = true;
      }
    }
    // Variables read elsewhere (WIRETAG_GAZETTEER_SNAPSHOT, ...) are declared where they are read.
    if (matched || IsDeclaredEnvironmentVariable(name) || IsKubernetesServiceVariable(name, value)) continue;
    throw ConfigError(where + ": unknown configuration key (see `wiretag config` for the keys)");
  }
}

void Validate(const Config& c) {
  auto positive = [](int64_t v, const char* key) {
    if (v <= 0) throw ConfigError(std::string(key) + ": must be positive, got " + std::to_string(v));
  };
  if (c.brokers.empty()) throw ConfigError("brokers: must not be empty");
  if (c.group.empty()) throw ConfigError("group: must not be empty");
  if (c.input.empty()) throw ConfigError("input: at least one topic is required");
  if (c.output.empty()) throw ConfigError("output: must not be empty");
  if (c.dlq.empty()) throw ConfigError("dlq: must not be empty");
  if (std::find(c.input.begin(), c.input.end(), c.output) != c.input.end() ||
      std::find(c.input.begin(), c.input.end(), c.dlq) != c.input.end())
    throw ConfigError("output/dlq: must differ from the input topics (the stage would consume its own output)");
  if (c.workers < 0 || c.workers > 1024) throw ConfigError("workers: must be 0 (hardware threads) to 1024");
  positive(c.max_message_bytes, "max_message_bytes");
  positive(c.stage.max_inflight_records, "stage.max_inflight_records");
  positive(c.stage.max_inflight_bytes, "stage.max_inflight_bytes");
  positive(c.stage.commit_interval_ms, "stage.commit_interval_ms");
  positive(c.stage.revoke_timeout_ms, "stage.revoke_timeout_ms");
  positive(c.stage.shutdown_timeout_ms, "stage.shutdown_timeout_ms");
  if (c.metrics.statistics_interval_ms < 0) throw ConfigError("metrics.statistics_interval_ms: must be >= 0");
  positive(c.metrics.healthz_stall_ms, "metrics.healthz_stall_ms");
  if (c.input_format != "auto" && c.input_format != "ninjs" && c.input_format != "text")
    throw ConfigError("input_format: must be auto, ninjs or text, not '" + c.input_format + "'");
  if (c.log.format != "auto" && c.log.format != "text" && c.log.format != "json")
    throw ConfigError("log.format: must be auto, text or json, not '" + c.log.format + "'");
  if (!ParseOffsetResetPolicy(c.on_offset_reset))
    throw ConfigError("on_offset_reset: must be fail, earliest or latest, not '" + c.on_offset_reset + "'");
  if (auto it = c.kafka.consumer.find("auto.offset.reset"); it != c.kafka.consumer.end() && !NewGroupStart(it->second))
    throw ConfigError("kafka.consumer.auto.offset.reset: must be earliest or latest (where a new group starts), not '" +
                      it->second + "'; on_offset_reset says what happens to a position retention deleted");
  if (auto it = c.kafka.common.find("auto.offset.reset"); it != c.kafka.common.end())
    throw ConfigError("kafka.common.auto.offset.reset: a consumer property; set kafka.consumer.auto.offset.reset");
  if (!ParseLogLevel(c.log.level))
    throw ConfigError(std::string("log.level: must be ") + kLogLevelNames + " (any case), not '" + c.log.level + "'");
  const auto& loc = c.replay.timestamp_locator;
  if (loc != "auto" && loc != "offsets_for_times" && loc != "binary_search")
    throw ConfigError("replay.timestamp_locator: must be auto, offsets_for_times or binary_search");
  if (c.records.timestamp != "input" && c.records.timestamp != "produce")
    throw ConfigError("records.timestamp: must be input or produce, not '" + c.records.timestamp + "'");
  if (c.delivery != "at-least-once" && c.delivery != "exactly-once")
    throw ConfigError("delivery: must be at-least-once or exactly-once, not '" + c.delivery + "'");
  positive(c.transactions.max_records, "transactions.max_records");
  positive(c.transactions.interval_ms, "transactions.interval_ms");
  if (c.exactly_once()) {
    if (c.kafka.producer.count("transactional.id") || c.kafka.common.count("transactional.id"))
      throw ConfigError("kafka.producer.transactional.id: made by the stage from group and instance_id "
                        "(wiretag-<group>-<instance_id>); set instance_id instead");
    if (auto it = c.kafka.consumer.find("isolation.level"); it != c.kafka.consumer.end() && it->second != "read_committed")
      throw ConfigError("kafka.consumer.isolation.level: exactly-once reads only committed input (read_committed), not '" +
                        it->second + "'");
  }
  for (char ch : c.instance_id)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_' && ch != '.')
      throw ConfigError("instance_id: letters, digits, '-', '_' and '.' only, got '" + c.instance_id + "'");
  if (!c.metrics.listen.empty() && c.metrics.listen.rfind(':') == std::string::npos)
    throw ConfigError("metrics.listen: expected HOST:PORT, got '" + c.metrics.listen + "'");
}

}  // namespace

int Config::EffectiveWorkers() const { return WorkerThreads(workers); }

std::string Config::EffectiveDataDir() const {
  if (!data_dir.empty()) return data_dir;
  if (!source_file.empty()) {
    auto dir = std::filesystem::path(source_file).parent_path();
    if (std::filesystem::exists(dir / "gazetteers")) return dir.empty() ? "." : dir.string();
  }
  return DefaultConfigDir().string();
}

std::string Config::EffectiveInstanceId() const {
  if (!instance_id.empty()) return instance_id;
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') return "localhost";
  return host;
}

std::string Config::RunTransactionalId() const { return "wiretag-" + group + "-" + EffectiveInstanceId(); }

Config LoadConfig(const std::string& path, const std::vector<std::string>& env, const ConfigOverrides& o) {
  Config config;
  if (!path.empty()) {
    std::string text;
    try {
      text = ReadWholeFile(path, "configuration file");
    } catch (const std::runtime_error& e) {
      throw ConfigError(e.what());
    }
    // yaml-cpp 0.7 accepts a quoted scalar left open at the end of the file
    // (`brokers: "kafka:9092` and every line after it become the value): its
    // scanner checks for the end of input only in the middle of a line, and
    // the closing line break takes it past that check. A comment line without
    // a line break, appended, puts the end of input mid-line, where an open
    // quote is reported (EOF_IN_SCALAR); to any other document it adds nothing.
    text += "\n#";
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      if (e.msg == YAML::ErrorMsg::EOF_IN_SCALAR)
        throw ConfigError(path + ": a quoted value is not closed: its quote runs to the end of the file");
      throw ConfigError(path + ": " + e.what());
    }
    try {
      ApplyYaml(config, root, path);
    } catch (const YAML::Exception& e) {
      throw ConfigError(path + ": " + e.what());
    }
    config.source_file = path;
  }
  ApplyEnvironment(config, env);
  for (const auto& [path, values] : o.values) {
    const Key* key = FindKey(path);
    if (!key || IsProperties(*key)) throw ConfigError("no configuration key '" + path + "' for a command-line value");
    const std::string where = *key->flag ? std::string(key->flag) : path;
    KeyField field = key->field(config);
    if (auto* list = std::get_if<std::vector<std::string>*>(&field)) {
      (*list)->clear();
      for (const auto& item : values)
        for (auto& part : SplitCommas(item)) (*list)->push_back(part);
    } else if (!values.empty()) {
      SetFromText(config, *key, values.back(), where);
    }
  }
  Validate(config);
  // One spelling from here on (`wiretag config` prints it, SetUpLogging applies it).
  const auto level_name = spdlog::level::to_string_view(*ParseLogLevel(config.log.level));
  config.log.level.assign(level_name.data(), level_name.size());
  return config;
}

std::vector<std::string> ProcessEnvironment() {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) env.emplace_back(*e);
  return env;
}

bool IsSecretKey(const std::string& property) {
  const std::string lower = AsciiLower(property);
  return lower.find("password") != std::string::npos || lower.find("secret") != std::string::npos ||
         lower == "ssl.key.pem" || lower == "sasl.oauthbearer.config" || lower == "ssl.keystore.password";
}

std::string ToYaml(const Config& c) {
  // The key table hands out mutable fields; nothing here writes through them.
  Config& config = const_cast<Config&>(c);
  YAML::Emitter out;
  out << YAML::BeginMap;
  std::string section;
  for (const auto& key : kKeys) {
    const std::string path = key.path, key_section = SectionOf(path);
    if (key_section != section) {
      if (!section.empty()) out << YAML::EndMap;
      if (!key_section.empty()) out << YAML::Key << key_section << YAML::Value << YAML::BeginMap;
      section = key_section;
    }
    out << YAML::Key << (section.empty() ? path : path.substr(section.size() + 1)) << YAML::Value;
    KeyField field = key.field(config);
    if (auto* str = std::get_if<std::string*>(&field)) {
      if ((*str)->empty()) out << YAML::DoubleQuoted;  // a plain empty scalar would read back as null
      out << **str;
    } else if (auto* num = std::get_if<int64_t*>(&field)) {
      out << **num;
    } else if (auto* list = std::get_if<std::vector<std::string>*>(&field)) {
      out << YAML::Flow << **list;
    } else {
      const KafkaProperties& props = *std::get<KafkaProperties*>(field);
      if (props.empty()) {
        out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
        continue;
      }
      out << YAML::BeginMap;
      for (const auto& [k, v] : props) out << YAML::Key << k << YAML::Value << (IsSecretKey(k) ? "******" : v);
      out << YAML::EndMap;
    }
  }
  if (!section.empty()) out << YAML::EndMap;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::vector<std::string> KnownEnvironmentVariables() {
  std::vector<std::string> names;
  for (const auto& key : kKeys)
    if (!IsProperties(key)) names.push_back(EnvironmentVariableFor(key.path));
  return names;
}

std::optional<std::string> ConfigOverrides::Get(const std::string& path) const {
  auto it = values.find(path);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

const std::vector<ConfigKey>& ConfigKeys() {
  static const std::vector<ConfigKey> keys = [] {
    std::vector<ConfigKey> out;
    Config probe;
    for (const auto& key : kKeys) {
      KeyField field = key.field(probe);
      out.push_back(ConfigKey{key.path, key.flag, key.help, std::holds_alternative<std::vector<std::string>*>(field),
                              std::holds_alternative<int64_t*>(field), std::holds_alternative<KafkaProperties*>(field)});
    }
    return out;
  }();
  return keys;
}

const ConfigKey& FindConfigKey(const std::string& path) {
  for (const auto& key : ConfigKeys())
    if (key.path == path) return key;
  throw std::out_of_range("no configuration key '" + path + "'");
}

std::string EnvironmentVariableFor(const std::string& path) {
  std::string name = "WIRETAG_" + AsciiUpper(path);
  std::replace(name.begin(), name.end(), '.', '_');
  return name;
}

}  // namespace wiretag
