// Which input Kafka headers the sink carries over (records.headers_allow/deny),
// and how those keys load from the file, the environment and the flags.
#include "pipeline/sink/header_filter.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "pipeline/config/config.h"

namespace wiretag {
namespace {

TEST(HeaderFilter, StarCarriesEveryNameButWiretagsOwn) {
  HeaderFilter f({"*"}, {});
  EXPECT_TRUE(f.Carries("traceparent"));
  EXPECT_TRUE(f.Carries(""));
  EXPECT_FALSE(f.Carries("wiretag.error"));
  EXPECT_FALSE(f.Carries("wiretag.source"));
}

TEST(HeaderFilter, DenyWinsOverAllowAndPrefixesEndInAStar) {
  HeaderFilter f({"trace*", "tracestate", "x-request-id"}, {"tracestate", "x-*"});
  EXPECT_TRUE(f.Carries("traceparent"));
  EXPECT_FALSE(f.Carries("tracestate"));
  EXPECT_FALSE(f.Carries("x-request-id"));
  EXPECT_FALSE(f.Carries("baggage"));
  EXPECT_FALSE(f.Carries("Traceparent")) << "header names are case-sensitive";
}

TEST(HeaderFilter, AnEmptyAllowListCarriesNothing) {
  HeaderFilter f({}, {});
  EXPECT_TRUE(f.CarriesNothing());
  EXPECT_FALSE(f.Carries("traceparent"));
}

TEST(RecordSettings, DefaultsCarryEveryHeaderAndKeepTheInputTimestamp) {
  Config c = LoadConfig("", {}, {});
  EXPECT_EQ(c.records.headers_allow, std::vector<std::string>{"*"});
  EXPECT_TRUE(c.records.headers_deny.empty());
  EXPECT_EQ(c.records.timestamp, "input");
}

TEST(RecordSettings, FileEnvironmentAndFlagsSetThem) {
  auto path = std::filesystem::temp_directory_path() / ("wiretag_records_test_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << "records:\n  headers_allow: [traceparent, tracestate]\n  timestamp: produce\n";
  Config file = LoadConfig(path.string(), {}, {});
  EXPECT_EQ(file.records.headers_allow, (std::vector<std::string>{"traceparent", "tracestate"}));
  EXPECT_EQ(file.records.timestamp, "produce");

  Config env = LoadConfig(path.string(), {"WIRETAG_RECORDS_HEADERS_DENY=secret-*, x-*", "WIRETAG_RECORDS_TIMESTAMP=input"}, {});
  EXPECT_EQ(env.records.headers_deny, (std::vector<std::string>{"secret-*", "x-*"}));
  EXPECT_EQ(env.records.timestamp, "input");

  ConfigOverrides flags;
  flags.values["records.headers_allow"] = {"a,b", "c"};
  flags.Set("records.timestamp", "produce");
  Config flagged = LoadConfig(path.string(), {"WIRETAG_RECORDS_TIMESTAMP=input"}, flags);
  EXPECT_EQ(flagged.records.headers_allow, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(flagged.records.timestamp, "produce");
  std::filesystem::remove(path);

  EXPECT_THROW(LoadConfig("", {"WIRETAG_RECORDS_TIMESTAMP=log_append"}, {}), ConfigError);
  EXPECT_NE(ToYaml(flagged).find("timestamp: produce"), std::string::npos);
}

}  // namespace
}  // namespace wiretag
