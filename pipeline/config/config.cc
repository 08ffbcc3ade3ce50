#include "pipeline/config/config.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <regex>
#include <thread>

#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>

#include "pipeline/config/config_dir.h"
#include "pipeline/config/log_level.h"
#include "pipeline/taggers/environment_variable.h"
#include "pipeline/taggers/read_whole_file.h"
#include "pipeline/stage/offset_reset.h"

extern char** environ;

namespace wiretag {
namespace {

enum class Kind { kString, kInt, kList };

// One fixed key: its dotted path and where it lives in Config.
struct Key {
  const char* path;
  Kind kind;
  std::function<std::string*(Config&)> str;
  std::function<int64_t*(Config&)> num;
  std::function<std::vector<std::string>*(Config&)> list;
};

std::vector<Key> MakeKeys() {
  auto s = [](const char* p, std::string* (*f)(Config&)) { return Key{p, Kind::kString, f, {}, {}}; };
  auto n = [](const char* p, int64_t* (*f)(Config&)) { return Key{p, Kind::kInt, {}, f, {}}; };
  return {
      s("brokers", [](Config& c) { return &c.brokers; }),
      s("group", [](Config& c) { return &c.group; }),
      Key{"input", Kind::kList, {}, {}, [](Config& c) { return &c.input; }},
      s("output", [](Config& c) { return &c.output; }),
      s("dlq", [](Config& c) { return &c.dlq; }),
      n("workers", [](Config& c) { return &c.workers; }),
      n("max_message_bytes", [](Config& c) { return &c.max_message_bytes; }),
      s("input_format", [](Config& c) { return &c.input_format; }),
      s("data_dir", [](Config& c) { return &c.data_dir; }),
      s("on_offset_reset", [](Config& c) { return &c.on_offset_reset; }),
      n("stage.max_inflight_records", [](Config& c) { return &c.stage.max_inflight_records; }),
      n("stage.max_inflight_bytes", [](Config& c) { return &c.stage.max_inflight_bytes; }),
      n("stage.commit_interval_ms", [](Config& c) { return &c.stage.commit_interval_ms; }),
      n("stage.revoke_timeout_ms", [](Config& c) { return &c.stage.revoke_timeout_ms; }),
      n("stage.shutdown_timeout_ms", [](Config& c) { return &c.stage.shutdown_timeout_ms; }),
      s("metrics.listen", [](Config& c) { return &c.metrics.listen; }),
      n("metrics.statistics_interval_ms", [](Config& c) { return &c.metrics.statistics_interval_ms; }),
      n("metrics.healthz_stall_ms", [](Config& c) { return &c.metrics.healthz_stall_ms; }),
      s("log.format", [](Config& c) { return &c.log.format; }),
      s("log.level", [](Config& c) { return &c.log.level; }),
      s("replay.timestamp_locator", [](Config& c) { return &c.replay.timestamp_locator; }),
      Key{"records.headers_allow", Kind::kList, {}, {}, [](Config& c) { return &c.records.headers_allow; }},
      Key{"records.headers_deny", Kind::kList, {}, {}, [](Config& c) { return &c.records.headers_deny; }},
      s("records.timestamp", [](Config& c) { return &c.records.timestamp; }),
      s("tagging.local_lists_dir", [](Config& c) { return &c.tagging.local_lists_dir; }),
  };
}

const std::vector<Key>& Keys() {
  static const std::vector<Key> keys = MakeKeys();
  return keys;
}

const Key* FindKey(const std::string& path) {
  for (const auto& key : Keys())
    if (path == key.path) return &key;
  return nullptr;
}

bool IsSection(const std::string& path) {
  return path == "stage" || path == "metrics" || path == "log" || path == "kafka" || path == "replay" ||
         path == "records" || path == "tagging";
}

KafkaProperties* KafkaSection(Config& c, const std::string& name) {
  if (name == "common") return &c.kafka.common;
  if (name == "consumer") return &c.kafka.consumer;
  if (name == "producer") return &c.kafka.producer;
  return nullptr;
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
  switch (key.kind) {
    case Kind::kString: *key.str(config) = text; break;
    case Kind::kInt: *key.num(config) = ParseInt(text, where); break;
    case Kind::kList: *key.list(config) = SplitCommas(text); break;
  }
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
      if (prefix == "kafka") {
        KafkaProperties* props = KafkaSection(config, name);
        if (!props) throw ConfigError(file + ": unknown key '" + path + "' (kafka has common, consumer, producer)");
        if (value.IsNull()) continue;
        if (!value.IsMap()) throw ConfigError(where + ": expected a mapping of librdkafka properties");
        for (const auto& prop : value) {
          std::string prop_name = prop.first.as<std::string>();
          (*props)[prop_name] = Scalar(prop.second, where + "." + prop_name);
        }
        continue;
      }
      if (prefix.empty() && IsSection(path)) {
        if (value.IsNull()) continue;
        if (!value.IsMap()) throw ConfigError(where + ": expected a mapping");
        walk(value, path);
        continue;
      }
      const Key* key = FindKey(path);
      if (!key) throw ConfigError(file + ": unknown key '" + path + "'");
      if (key->kind == Kind::kList && value.IsSequence()) {
        std::vector<std::string> items;
        for (const auto& item : value) items.push_back(Scalar(item, where));
        *key->list(config) = items;
      } else {
        SetFromText(config, *key, Scalar(value, where), where);
      }
    }
  };
  walk(root, "");
}

std::string EnvName(const std::string& path) {
  std::string name = "WIRETAG_";
  for (char c : path) name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
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
    for (const auto& key : Keys()) {
      if (EnvName(key.path) == name) {
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
        for (char& c : prop) c = c == '_' ? '.' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (prop == "log.level") prop = "log_level";  // librdkafka's one property with an underscore
        std::string lower = section;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        (*KafkaSection(config, lower))[prop] = value;
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
  if (!c.metrics.listen.empty() && c.metrics.listen.rfind(':') == std::string::npos)
    throw ConfigError("metrics.listen: expected HOST:PORT, got '" + c.metrics.listen + "'");
}

}  // namespace

int Config::EffectiveWorkers() const {
  if (workers > 0) return static_cast<int>(workers);
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

std::string Config::EffectiveDataDir() const {
  if (!data_dir.empty()) return data_dir;
  if (!source_file.empty()) {
    auto dir = std::filesystem::path(source_file).parent_path();
    if (std::filesystem::exists(dir / "gazetteers")) return dir.empty() ? "." : dir.string();
  }
  return DefaultConfigDir().string();
}

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
  if (o.brokers) config.brokers = *o.brokers;
  if (o.group) config.group = *o.group;
  if (o.input) {
    config.input.clear();
    for (const auto& item : *o.input)
      for (auto& topic : SplitCommas(item)) config.input.push_back(topic);
  }
  if (o.output) config.output = *o.output;
  if (o.dlq) config.dlq = *o.dlq;
  if (o.workers) config.workers = *o.workers;
  if (o.metrics_listen) config.metrics.listen = *o.metrics_listen;
  if (o.log_format) config.log.format = *o.log_format;
  if (o.log_level) config.log.level = *o.log_level;
  if (o.on_offset_reset) config.on_offset_reset = *o.on_offset_reset;
  auto split_all = [](const std::vector<std::string>& items) {
    std::vector<std::string> out;
    for (const auto& item : items)
      for (auto& part : SplitCommas(item)) out.push_back(part);
    return out;
  };
  if (o.headers_allow) config.records.headers_allow = split_all(*o.headers_allow);
  if (o.headers_deny) config.records.headers_deny = split_all(*o.headers_deny);
  if (o.output_timestamp) config.records.timestamp = *o.output_timestamp;
  if (o.local_lists_dir) config.tagging.local_lists_dir = *o.local_lists_dir;
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
  std::string lower = property;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("password") != std::string::npos || lower.find("secret") != std::string::npos ||
         lower == "ssl.key.pem" || lower == "sasl.oauthbearer.config" || lower == "ssl.keystore.password";
}

std::string ToYaml(const Config& c) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "brokers" << YAML::Value << c.brokers;
  out << YAML::Key << "group" << YAML::Value << c.group;
  out << YAML::Key << "input" << YAML::Value << YAML::Flow << c.input;
  out << YAML::Key << "output" << YAML::Value << c.output;
  out << YAML::Key << "dlq" << YAML::Value << c.dlq;
  out << YAML::Key << "workers" << YAML::Value << c.workers;
  out << YAML::Key << "max_message_bytes" << YAML::Value << c.max_message_bytes;
  out << YAML::Key << "input_format" << YAML::Value << c.input_format;
  out << YAML::Key << "data_dir" << YAML::Value << YAML::DoubleQuoted << c.data_dir;
  out << YAML::Key << "on_offset_reset" << YAML::Value << c.on_offset_reset;
  out << YAML::Key << "stage" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "max_inflight_records" << YAML::Value << c.stage.max_inflight_records;
  out << YAML::Key << "max_inflight_bytes" << YAML::Value << c.stage.max_inflight_bytes;
  out << YAML::Key << "commit_interval_ms" << YAML::Value << c.stage.commit_interval_ms;
  out << YAML::Key << "revoke_timeout_ms" << YAML::Value << c.stage.revoke_timeout_ms;
  out << YAML::Key << "shutdown_timeout_ms" << YAML::Value << c.stage.shutdown_timeout_ms;
  out << YAML::EndMap;
  out << YAML::Key << "metrics" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "listen" << YAML::Value << YAML::DoubleQuoted << c.metrics.listen;
  out << YAML::Key << "statistics_interval_ms" << YAML::Value << c.metrics.statistics_interval_ms;
  out << YAML::Key << "healthz_stall_ms" << YAML::Value << c.metrics.healthz_stall_ms;
  out << YAML::EndMap;
  out << YAML::Key << "log" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "format" << YAML::Value << c.log.format;
  out << YAML::Key << "level" << YAML::Value << c.log.level;
  out << YAML::EndMap;
  out << YAML::Key << "kafka" << YAML::Value << YAML::BeginMap;
  auto props = [&](const char* name, const KafkaProperties& p) {
    out << YAML::Key << name << YAML::Value;
    if (p.empty()) {
      out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
      return;
    }
    out << YAML::BeginMap;
    for (const auto& [k, v] : p) out << YAML::Key << k << YAML::Value << (IsSecretKey(k) ? "******" : v);
    out << YAML::EndMap;
  };
  props("common", c.kafka.common);
  props("consumer", c.kafka.consumer);
  props("producer", c.kafka.producer);
  out << YAML::EndMap;
  out << YAML::Key << "replay" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "timestamp_locator" << YAML::Value << c.replay.timestamp_locator;
  out << YAML::EndMap;
  out << YAML::Key << "records" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "headers_allow" << YAML::Value << YAML::Flow << c.records.headers_allow;
  out << YAML::Key << "headers_deny" << YAML::Value << YAML::Flow << c.records.headers_deny;
  out << YAML::Key << "timestamp" << YAML::Value << c.records.timestamp;
  out << YAML::EndMap;
  out << YAML::Key << "tagging" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "local_lists_dir" << YAML::Value << YAML::DoubleQuoted << c.tagging.local_lists_dir;
  out << YAML::EndMap;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::vector<std::string> KnownEnvironmentVariables() {
  std::vector<std::string> names;
  for (const auto& key : Keys()) names.push_back(EnvName(key.path));
  return names;
}

}  // namespace wiretag
