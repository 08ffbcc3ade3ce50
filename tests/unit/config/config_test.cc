// Config loading: precedence file < environment < flags, unknown keys, secrets.
#include "wiretag/build_paths.h"
#include "pipeline/config/config.h"
#include "pipeline/config/log_level.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <filesystem>
#include <fstream>

namespace wiretag {
namespace {

std::string WriteFile(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("wiretag_config_test_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << text;
  return path.string();
}

TEST(ConfigTest, ShippedFileLoadsWithoutError) {
  Config c = LoadConfig(WIRETAG_SOURCE_DIR "/config/wiretag.yaml", {}, {});
  EXPECT_EQ(c.input, std::vector<std::string>{"wire.raw"});
  EXPECT_EQ(c.kafka.producer.at("compression.type"), "lz4");
  EXPECT_EQ(c.stage.shutdown_timeout_ms, 30000);
}

TEST(ConfigTest, EnvironmentOverridesFileAndFlagsOverrideEnvironment) {
  std::string path = WriteFile("brokers: file:1\ngroup: g-file\nworkers: 2\nstage:\n  commit_interval_ms: 7\n");
  ConfigOverrides flags;
  flags.Set("group", "g-flag");
  Config c = LoadConfig(path,
                        {"WIRETAG_GROUP=g-env", "WIRETAG_WORKERS=5", "WIRETAG_INPUT=a, b",
                         "WIRETAG_STAGE_SHUTDOWN_TIMEOUT_MS=1234", "WIRETAG_KAFKA_CONSUMER_FETCH_MAX_BYTES=99",
                         "PATH=/bin"},
                        flags);
  EXPECT_EQ(c.brokers, "file:1");
  EXPECT_EQ(c.group, "g-flag");
  EXPECT_EQ(c.workers, 5);
  EXPECT_EQ(c.input, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(c.stage.commit_interval_ms, 7);
  EXPECT_EQ(c.stage.shutdown_timeout_ms, 1234);
  EXPECT_EQ(c.kafka.consumer.at("fetch.max.bytes"), "99");
  std::remove(path.c_str());
}

TEST(ConfigTest, UnknownKeyIsAnErrorNamingItsPath) {
  std::string path = WriteFile("stage:\n  max_inflight_recs: 5\n");
  try {
    LoadConfig(path, {}, {});
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("stage.max_inflight_recs"), std::string::npos) << e.what();
  }
  std::remove(path.c_str());
  EXPECT_THROW(LoadConfig("", {"WIRETAG_STAGE_NOPE=1"}, {}), ConfigError);
  EXPECT_THROW(LoadConfig("", {"WIRETAG_WORKERS=many"}, {}), ConfigError);
}

TEST(ConfigTest, KubernetesServiceLinkVariablesAreNotConfigurationKeys) {
  // What Kubernetes injects for Services named "wiretag" and "wiretag-metrics".
  Config c = LoadConfig("",
                        {"WIRETAG_SERVICE_HOST=10.0.0.7", "WIRETAG_SERVICE_PORT=9464",
                         "WIRETAG_SERVICE_PORT_METRICS=9464", "WIRETAG_PORT=tcp://10.0.0.7:9464",
                         "WIRETAG_PORT_9464_TCP=tcp://10.0.0.7:9464", "WIRETAG_PORT_9464_TCP_PROTO=tcp",
                         "WIRETAG_PORT_9464_TCP_PORT=9464", "WIRETAG_PORT_9464_TCP_ADDR=10.0.0.7",
                         "WIRETAG_METRICS_SERVICE_HOST=10.0.0.8", "WIRETAG_METRICS_PORT_9464_TCP_ADDR=10.0.0.8",
                         "WIRETAG_GROUP=g-env"},
                        {});
  EXPECT_EQ(c.group, "g-env");
  // Near misses stay errors: a typo of a real key must not pass silently.
  EXPECT_THROW(LoadConfig("", {"WIRETAG_METRICS_PORT=9464"}, {}), ConfigError);
  EXPECT_NO_THROW(LoadConfig("", {"WIRETAG_METRICS_PORT=tcp://10.0.0.8:9464"}, {}));
  EXPECT_THROW(LoadConfig("", {"WIRETAG_PORT_9464=x"}, {}), ConfigError);
}

TEST(ConfigTest, PrintedConfigMasksEverySecret) {
  Config c = LoadConfig("",
                        {"WIRETAG_KAFKA_COMMON_SASL_PASSWORD=hunter2", "WIRETAG_KAFKA_COMMON_SSL_KEY_PASSWORD=k3y",
                         "WIRETAG_KAFKA_COMMON_SASL_OAUTHBEARER_CLIENT_SECRET=s3cret",
                         "WIRETAG_KAFKA_PRODUCER_SSL_KEYSTORE_PASSWORD=ks"},
                        {});
  EXPECT_EQ(c.kafka.common.at("sasl.password"), "hunter2");
  std::string yaml = ToYaml(c);
  for (const char* secret : {"hunter2", "k3y", "s3cret", "ks\n"})
    EXPECT_EQ(yaml.find(secret), std::string::npos) << secret << " leaked in\n" << yaml;
  EXPECT_NE(yaml.find("sasl.password: \"******\""), std::string::npos) << yaml;
  EXPECT_TRUE(IsSecretKey("my.custom.Secret"));
  EXPECT_FALSE(IsSecretKey("sasl.username"));
}

TEST(ConfigTest, PrintedConfigHasEveryKeyAndLoadsBackToTheSameValues) {
  // A value unlike its default for every key, so a key ToYaml drops shows up.
  std::vector<std::string> env;
  for (const ConfigKey& key : ConfigKeys()) {
    if (key.is_properties) continue;
    std::string value = key.is_int ? "7" : key.path == "input" ? "in.a, in.b" : "";
    if (value.empty()) {
      static const std::map<std::string, std::string> kChoices = {
          {"input_format", "text"},  {"on_offset_reset", "latest"}, {"log.format", "json"},
          {"log.level", "debug"},    {"metrics.listen", "127.0.0.1:1"}, {"replay.timestamp_locator", "binary_search"},
          {"records.timestamp", "produce"}, {"delivery", "exactly-once"}};
      auto it = kChoices.find(key.path);
      value = it != kChoices.end() ? it->second : "v-" + key.path;
    }
    env.push_back(EnvironmentVariableFor(key.path) + "=" + value);
  }
  env.push_back("WIRETAG_KAFKA_COMMON_CLIENT_ID=printed");
  const Config c = LoadConfig("", env, {});
  const std::string yaml = ToYaml(c);
  for (const ConfigKey& key : ConfigKeys()) {
    const std::string leaf = key.path.substr(key.path.rfind('.') == std::string::npos ? 0 : key.path.rfind('.') + 1);
    EXPECT_NE(yaml.find(leaf + ":"), std::string::npos) << key.path << " missing from\n" << yaml;
  }
  const std::string path = WriteFile(yaml);
  const Config back = LoadConfig(path, {}, {});
  EXPECT_EQ(ToYaml(back), yaml);
  EXPECT_EQ(back.workers, 7);
  EXPECT_EQ(back.tagging.local_lists_dir, "v-tagging.local_lists_dir");
  EXPECT_EQ(back.kafka.common.at("client.id"), "printed");
  std::remove(path.c_str());
}

TEST(ConfigTest, EveryFlagNamesAKeyAndSetsIt) {
  for (const ConfigKey& key : ConfigKeys()) {
    if (key.flag.empty()) continue;
    EXPECT_EQ(key.flag.rfind("--", 0), 0u) << key.path;
    EXPECT_FALSE(key.help.empty()) << key.path;
  }
  ConfigOverrides flags;
  flags.Set("workers", "3");
  EXPECT_EQ(LoadConfig("", {"WIRETAG_WORKERS=5"}, flags).workers, 3);
  flags.Set("workers", "many");
  try {
    LoadConfig("", {}, flags);
    FAIL() << "no ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("--workers"), std::string::npos) << e.what();
  }
}

TEST(ConfigTest, RejectsInvalidValues) {
  ConfigOverrides same;
  same.Set("output", "wire.raw");
  EXPECT_THROW(LoadConfig("", {}, same), ConfigError);
  EXPECT_THROW(LoadConfig("", {"WIRETAG_INPUT_FORMAT=xml"}, {}), ConfigError);
  EXPECT_THROW(LoadConfig("", {"WIRETAG_STAGE_REVOKE_TIMEOUT_MS=0"}, {}), ConfigError);
}

TEST(ConfigTest, KnownEnvironmentVariablesCoverTheFixedKeys) {
  auto names = KnownEnvironmentVariables();
  for (const char* name : {"WIRETAG_BROKERS", "WIRETAG_METRICS_LISTEN", "WIRETAG_STAGE_SHUTDOWN_TIMEOUT_MS",
                           "WIRETAG_LOG_FORMAT", "WIRETAG_MAX_MESSAGE_BYTES"})
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
}

TEST(ConfigTest, LogLevelIsCaseInsensitiveAndPrintedInOneSpelling) {
  EXPECT_EQ(LoadConfig("", {"WIRETAG_LOG_LEVEL=DEBUG"}, {}).log.level, "debug");
  EXPECT_EQ(LoadConfig(WriteFile("log:\n  level: Warn\n"), {}, {}).log.level, "warning");
  ConfigOverrides flags;
  flags.Set("log.level", "ERROR");
  EXPECT_EQ(LoadConfig("", {}, flags).log.level, "error");
}

TEST(ConfigTest, UnknownLogLevelIsAConfigError) {
  EXPECT_THROW(LoadConfig("", {"WIRETAG_LOG_LEVEL=verbose"}, {}), ConfigError);
  EXPECT_THROW(LoadConfig(WriteFile("log:\n  level: verbose\n"), {}, {}), ConfigError);
  try {
    LoadConfig("", {"WIRETAG_LOG_LEVEL=loud"}, {});
    FAIL() << "no ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("log.level"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'loud'"), std::string::npos) << e.what();
  }
}

TEST(LogLevel, ParsesSpdlogNamesInAnyCaseAndNothingElse) {
  EXPECT_EQ(ParseLogLevel("trace"), spdlog::level::trace);
  EXPECT_EQ(ParseLogLevel("DEBUG"), spdlog::level::debug);
  EXPECT_EQ(ParseLogLevel("Warn"), spdlog::level::warn);
  EXPECT_EQ(ParseLogLevel("warning"), spdlog::level::warn);
  EXPECT_EQ(ParseLogLevel("OFF"), spdlog::level::off);
  EXPECT_EQ(ParseLogLevel("verbose"), std::nullopt);
  EXPECT_EQ(ParseLogLevel(""), std::nullopt);
}

TEST(ConfigTest, VariablesReadOutsideTheConfigurationAreNotUnknownKeys) {
  // Declared where they are read (pipeline/config/config_dir.cc).
  Config c = LoadConfig("", {"WIRETAG_GAZETTEER_SNAPSHOT=/tmp/none.snapshot", "WIRETAG_CONFIG_DIR=/tmp"}, {});
  EXPECT_EQ(c.group, "wiretag");
  EXPECT_THROW(LoadConfig("", {"WIRETAG_GAZETTEER_SNAPSHOTS=/tmp/x"}, {}), ConfigError);  // a typo still is
}

TEST(ConfigTest, UnterminatedQuoteInTheFileIsAnError) {
  for (const char* text : {"brokers: \"kafka-1:9092\ngroup: g\n", "group: 'g\n", "brokers: \"k:1\\\n",
                           "group: g\nbrokers: \"k:1"}) {
    try {
      LoadConfig(WriteFile(text), {}, {});
      ADD_FAILURE() << "accepted: " << text;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("quoted value is not closed"), std::string::npos) << e.what();
    }
  }
  // Closed quotes, a trailing comment and no final line break still load.
  EXPECT_EQ(LoadConfig(WriteFile("brokers: \"k:1\"\ngroup: 'g' # the group"), {}, {}).group, "g");
}

}  // namespace
}  // namespace wiretag

namespace wiretag {
namespace {

TEST(DeliveryConfigTest, AtLeastOnceIsTheDefaultEverywhere) {
  EXPECT_EQ(LoadConfig("", {}, {}).delivery, "at-least-once");
  EXPECT_FALSE(LoadConfig("", {}, {}).exactly_once());
  Config shipped = LoadConfig(WIRETAG_SOURCE_DIR "/config/wiretag.yaml", {}, {});
  EXPECT_EQ(shipped.delivery, "at-least-once");
  EXPECT_EQ(shipped.transactions.max_records, 5000);
  EXPECT_EQ(shipped.transactions.interval_ms, 100);
}

TEST(DeliveryConfigTest, FileEnvironmentAndFlagSetDeliveryInThatPrecedence) {
  std::string path = WriteFile("delivery: exactly-once\ninstance_id: from-file\ntransactions:\n  max_records: 7\n"
                               "  interval_ms: 250\n");
  Config file_only = LoadConfig(path, {}, {});
  EXPECT_TRUE(file_only.exactly_once());
  EXPECT_EQ(file_only.instance_id, "from-file");
  EXPECT_EQ(file_only.transactions.max_records, 7);
  EXPECT_EQ(file_only.transactions.interval_ms, 250);
  Config env = LoadConfig(path, {"WIRETAG_DELIVERY=at-least-once", "WIRETAG_INSTANCE_ID=pod-1",
                                 "WIRETAG_TRANSACTIONS_INTERVAL_MS=40"}, {});
  EXPECT_FALSE(env.exactly_once());
  EXPECT_EQ(env.instance_id, "pod-1");
  EXPECT_EQ(env.transactions.interval_ms, 40);
  ConfigOverrides flags;
  flags.Set("delivery", "exactly-once");
  flags.Set("instance_id", "flagged");
  Config flagged = LoadConfig(path, {"WIRETAG_DELIVERY=at-least-once", "WIRETAG_INSTANCE_ID=pod-1"}, flags);
  EXPECT_TRUE(flagged.exactly_once());
  EXPECT_EQ(flagged.instance_id, "flagged");
  std::remove(path.c_str());
}

TEST(DeliveryConfigTest, TransactionalIdIsMadeFromGroupAndInstance) {
  ConfigOverrides flags;
  flags.Set("group", "news");
  flags.Set("instance_id", "wiretag-0");
  EXPECT_EQ(LoadConfig("", {}, flags).RunTransactionalId(), "wiretag-news-wiretag-0");
  // No instance_id: the host name, so that a restarted pod or host keeps its id.
  Config by_host = LoadConfig("", {}, {});
  EXPECT_FALSE(by_host.EffectiveInstanceId().empty());
  EXPECT_EQ(by_host.RunTransactionalId(), "wiretag-wiretag-" + by_host.EffectiveInstanceId());
}

TEST(DeliveryConfigTest, InvalidDeliverySettingsAreConfigErrors) {
  EXPECT_THROW(LoadConfig("", {"WIRETAG_DELIVERY=exactly_once"}, {}), ConfigError);
  EXPECT_THROW(LoadConfig("", {"WIRETAG_DELIVERY=at-most-once"}, {}), ConfigError);
  EXPECT_THROW(LoadConfig("", {"WIRETAG_TRANSACTIONS_MAX_RECORDS=0"}, {}), ConfigError);
  EXPECT_THROW(LoadConfig("", {"WIRETAG_TRANSACTIONS_INTERVAL_MS=-5"}, {}), ConfigError);
  EXPECT_THROW(LoadConfig("", {"WIRETAG_INSTANCE_ID=a/b"}, {}), ConfigError);
  EXPECT_THROW(LoadConfig(WriteFile("transactions:\n  max_recs: 5\n"), {}, {}), ConfigError);
  // The stage makes the transactional.id and reads committed input itself.
  EXPECT_THROW(LoadConfig("", {"WIRETAG_DELIVERY=exactly-once", "WIRETAG_KAFKA_PRODUCER_TRANSACTIONAL_ID=x"}, {}),
               ConfigError);
  EXPECT_THROW(LoadConfig("", {"WIRETAG_DELIVERY=exactly-once", "WIRETAG_KAFKA_CONSUMER_ISOLATION_LEVEL=read_uncommitted"},
                          {}),
               ConfigError);
  EXPECT_NO_THROW(LoadConfig("", {"WIRETAG_KAFKA_CONSUMER_ISOLATION_LEVEL=read_uncommitted"}, {}));
}

TEST(DeliveryConfigTest, PrintedConfigCarriesTheDeliveryKeysAndLoadsBack) {
  ConfigOverrides flags;
  flags.Set("delivery", "exactly-once");
  flags.Set("instance_id", "i-1");
  std::string yaml = ToYaml(LoadConfig("", {}, flags));
  EXPECT_NE(yaml.find("delivery: exactly-once"), std::string::npos) << yaml;
  std::string path = WriteFile(yaml);
  Config back = LoadConfig(path, {}, {});
  EXPECT_TRUE(back.exactly_once());
  EXPECT_EQ(back.instance_id, "i-1");
  EXPECT_EQ(back.transactions.max_records, 5000);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace wiretag
