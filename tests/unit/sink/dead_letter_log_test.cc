// DeadLetterLog: one warn line per dead letter with structured fields, at most
// N a second, and a line that reports the suppressed ones.
#include "pipeline/sink/dead_letter_log.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "pipeline/stage/log_fields.h"

namespace wiretag {
namespace {

struct CapturedLine {
  spdlog::level::level_enum level;
  std::string message;
  std::map<std::string, std::string> fields;  // integers as their decimal text
};

// Records every line with the fields of the thread that logs it (the sink runs
// in that thread: the logger is synchronous, as wiretag's are).
class CapturingSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::vector<CapturedLine> lines;

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    CapturedLine line{msg.level, std::string(msg.payload.data(), msg.payload.size()), {}};
    for (const LogField& field : CurrentLogFields()) {
      line.fields[field.key] = std::holds_alternative<std::string>(field.value)
                                   ? std::get<std::string>(field.value)
                                   : std::to_string(std::get<int64_t>(field.value));
    }
    lines.push_back(std::move(line));
  }
  void flush_() override {}
};

class DeadLetterLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = spdlog::default_logger();
    sink_ = std::make_shared<CapturingSink>();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink_));
  }
  void TearDown() override { spdlog::set_default_logger(previous_); }

  std::shared_ptr<spdlog::logger> previous_;
  std::shared_ptr<CapturingSink> sink_;
  int64_t now_ms_ = 1000;
  DeadLetterLog::Clock clock_ = [this] { return now_ms_; };
};

TEST_F(DeadLetterLogTest, LogsEachDeadLetterAtWarnWithUriPartitionOffsetAndReason) {
  DeadLetterLog log(10, clock_);
  log.Log("wire.raw", 3, 812, "urn:story:1", ProcessError{ErrorClass::kTaggerFailure, "tagger exploded"});
  log.Log("wire.raw", 0, 7, "", ProcessError{ErrorClass::kInvalidJson, "expected ':' at byte 17"});
  ASSERT_EQ(sink_->lines.size(), 2u);
  const CapturedLine& first = sink_->lines[0];
  EXPECT_EQ(first.level, spdlog::level::warn);
  EXPECT_EQ(first.message, "dead letter wire.raw/3/812 (urn:story:1): tagger_failure: tagger exploded");
  EXPECT_EQ(first.fields, (std::map<std::string, std::string>{{"event", "dead_letter"},
                                                               {"topic", "wire.raw"},
                                                               {"partition", "3"},
                                                               {"offset", "812"},
                                                               {"reason", "tagger_failure"},
                                                               {"detail", "tagger exploded"},
                                                               {"uri", "urn:story:1"}}));
  EXPECT_EQ(sink_->lines[1].message, "dead letter wire.raw/0/7: invalid_json: expected ':' at byte 17");
  EXPECT_EQ(sink_->lines[1].fields.count("uri"), 0u) << "no uri field when the story never parsed";
  EXPECT_EQ(sink_->lines[1].fields.at("reason"), "invalid_json");
  EXPECT_TRUE(CurrentLogFields().empty()) << "the fields end with the line";
}

TEST_F(DeadLetterLogTest, AtMostNLinesASecondAndOneLineReportsTheSuppressed) {
  DeadLetterLog log(3, clock_);
  const ProcessError error{ErrorClass::kNoBody, "no body"};
  for (int i = 0; i < 50; ++i) log.Log("wire.raw", 0, i, "", error);
  ASSERT_EQ(sink_->lines.size(), 3u) << "three lines in the first second";
  log.ReportSuppressed();
  EXPECT_EQ(sink_->lines.size(), 3u) << "the window has not ended yet";

  now_ms_ += 1000;
  log.ReportSuppressed();
  ASSERT_EQ(sink_->lines.size(), 4u);
  const CapturedLine& report = sink_->lines[3];
  EXPECT_EQ(report.level, spdlog::level::warn);
  EXPECT_EQ(report.message,
            "suppressed 47 dead-letter log lines in the last 1.0 s (at most 3 a second); "
            "wiretag_records_dead_lettered_total counts every dead letter");
  EXPECT_EQ(report.fields.at("suppressed"), "47");
  log.ReportSuppressed();
  EXPECT_EQ(sink_->lines.size(), 4u) << "reported once";

  // The next second logs again.
  log.Log("wire.raw", 0, 50, "", error);
  EXPECT_EQ(sink_->lines.size(), 5u);
  EXPECT_EQ(sink_->lines[4].fields.at("offset"), "50");
}

TEST_F(DeadLetterLogTest, ADeadLetterAfterAQuietSpellReportsTheEarlierSuppressedFirst) {
  DeadLetterLog log(1, clock_);
  const ProcessError error{ErrorClass::kInvalidUtf8, "bad byte"};
  log.Log("t", 1, 1, "", error);
  log.Log("t", 1, 2, "", error);
  now_ms_ += 5000;
  log.Log("t", 1, 3, "", error);
  ASSERT_EQ(sink_->lines.size(), 3u);
  EXPECT_EQ(sink_->lines[1].fields.at("suppressed"), "1");
  EXPECT_EQ(sink_->lines[2].fields.at("offset"), "3");
}

TEST_F(DeadLetterLogTest, FlushReportsTheSuppressedBeforeTheWindowEnds) {
  DeadLetterLog log(2, clock_);
  for (int i = 0; i < 5; ++i) log.Log("t", 0, i, "", ProcessError{ErrorClass::kNoBody, "no body"});
  now_ms_ += 300;
  log.Flush();
  ASSERT_EQ(sink_->lines.size(), 3u);
  EXPECT_EQ(sink_->lines[2].fields.at("suppressed"), "3");
  EXPECT_NE(sink_->lines[2].message.find("in the last 0.3 s"), std::string::npos) << sink_->lines[2].message;
  log.Flush();
  EXPECT_EQ(sink_->lines.size(), 3u);
}

TEST(ScopedLogFieldsTest, ScopesNestAndEndWithTheirBlock) {
  ASSERT_TRUE(CurrentLogFields().empty());
  {
    ScopedLogFields outer{{"partition", int64_t{2}}};
    {
      ScopedLogFields inner{{"reason", std::string("no_body")}};
      ASSERT_EQ(CurrentLogFields().size(), 2u);
      EXPECT_EQ(CurrentLogFields()[0].key, "partition");
      EXPECT_EQ(CurrentLogFields()[1].key, "reason");
    }
    ASSERT_EQ(CurrentLogFields().size(), 1u);
  }
  EXPECT_TRUE(CurrentLogFields().empty());
}

}  // namespace
}  // namespace wiretag
