// `wiretag replay` on the mock cluster: what a replay promises besides its range —
// dead letters, determinism, the live group left alone, dry runs, file backfills.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "pipeline/formats/output_version.h"
#include "pipeline/source/replay_range.h"
#include "pipeline/app/replay_job.h"
#include "tests/integration/replay_test_support.h"
#include "wiretag/version.h"

namespace wiretag {
namespace {

using testing::FakeTransforms;
using testing::ReplayTestConfig;
using testing::MockCluster;
using testing::ReadRecord;
using testing::ReadTopic;
using testing::TestProducer;

class ReplayGuaranteesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_.CreateTopic("raw", 2);
    for (const char* t : {"out1", "out2", "dlq"}) cluster_.CreateTopic(t, 3);
  }
  ReplayJobOptions Options(const std::string& output) {
    ReplayJobOptions o;
    o.config = ReplayTestConfig(cluster_, output);
    o.input = "raw";
    o.from = ParseReplayPosition("beginning");
    o.to = ParseReplayPosition("end");
    o.runner.workers = 3;
    return o;
  }
  // Committed offsets of `group` for raw[0] and raw[1] (-1001 when none).
  std::map<int32_t, int64_t> Committed(const std::string& group, const std::map<int32_t, int64_t>& commit = {}) {
    char err[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    for (auto& [k, v] : cluster_.Properties()) rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err);
    rd_kafka_conf_set(conf, "group.id", group.c_str(), err, sizeof err);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(2);
    for (int32_t p : {0, 1}) {
      auto* tp = rd_kafka_topic_partition_list_add(list, "raw", p);
      if (commit.count(p)) tp->offset = commit.at(p);
    }
    if (!commit.empty()) {
      EXPECT_EQ(rd_kafka_commit(rk, list, 0), RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    EXPECT_EQ(rd_kafka_committed(rk, list, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
    std::map<int32_t, int64_t> out;
    for (int i = 0; i < list->cnt; ++i) out[list->elems[i].partition] = list->elems[i].offset;
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_destroy(rk);
    return out;
  }

  MockCluster cluster_;
};

TEST_F(ReplayGuaranteesTest, BadRecordsGoToTheDeadLetterTopicWithTheirReason) {
  {
    TestProducer producer(cluster_.bootstraps());
    for (int i = 0; i < 20; ++i)
      producer.Produce("raw", i % 2, "key" + std::to_string(i), (i % 5 == 3 ? "bad-" : "good-") + std::to_string(i));
    producer.Flush();
  }
  ReplaySummary s = RunReplayJob(Options("out1"), FakeTransforms());
  ASSERT_TRUE(s.complete) << s.failure;
  EXPECT_EQ(s.read, 20);
  EXPECT_EQ(s.enriched, 16);
  EXPECT_EQ(s.dead_lettered, 4);
  std::vector<ReadRecord> dlq = ReadTopic(cluster_.bootstraps(), "dlq");
  ASSERT_EQ(dlq.size(), 4u);
  for (const ReadRecord& r : dlq) {
    int i = std::stoi(r.value.substr(4));
    EXPECT_EQ(r.value, "bad-" + std::to_string(i));  // the original record, untouched
    EXPECT_EQ(r.key, "key" + std::to_string(i));
    EXPECT_EQ(r.headers.at("wiretag.error"), "invalid_json");
    EXPECT_EQ(r.headers.at("wiretag.error.detail"), "fake: not JSON");
    EXPECT_EQ(r.headers.at("wiretag.version"), VersionString(kDataId));
    EXPECT_EQ(r.headers.at("wiretag.source"), "raw/" + std::to_string(i % 2) + "/" + std::to_string(i / 2));
  }
  EXPECT_EQ(ReadTopic(cluster_.bootstraps(), "out1").size(), 16u);
}

TEST_F(ReplayGuaranteesTest, TwoReplaysOfTheSameRangeGiveByteIdenticalRecords) {
  {
    TestProducer producer(cluster_.bootstraps());
    for (int i = 0; i < 60; ++i) producer.Produce("raw", i % 2, i % 3 ? "" : "k" + std::to_string(i), "story-" + std::to_string(i));
    producer.Flush();
  }
  ASSERT_TRUE(RunReplayJob(Options("out1"), FakeTransforms()).complete);
  ReplayJobOptions second = Options("out2");
  second.runner.workers = 1;  // a different schedule must not change a byte
  ASSERT_TRUE(RunReplayJob(second, FakeTransforms()).complete);
  auto by_source = [&](const std::string& topic) {
    std::map<std::string, std::pair<std::string, std::string>> out;  // source -> (key, value)
    for (const ReadRecord& r : ReadTopic(cluster_.bootstraps(), topic))
      out[r.headers.at("wiretag.source")] = {r.key, r.value};
    return out;
  };
  auto first_out = by_source("out1");
  EXPECT_EQ(first_out.size(), 60u);
  EXPECT_EQ(first_out, by_source("out2"));
  // Records without a key are keyed by their story uri.
  EXPECT_EQ(first_out.at("raw/1/0").first, "urn:test:story-1");
  EXPECT_EQ(first_out.at("raw/0/0").first, "k0");
}

TEST_F(ReplayGuaranteesTest, TheLiveGroupsCommittedOffsetsAreUnchanged) {
  {
    TestProducer producer(cluster_.bootstraps());
    for (int i = 0; i < 30; ++i) producer.Produce("raw", i % 2, "", "story-" + std::to_string(i));
    producer.Flush();
  }
  std::map<int32_t, int64_t> live = Committed("live", {{0, 7}, {1, 11}});
  ASSERT_EQ(live, (std::map<int32_t, int64_t>{{0, 7}, {1, 11}}));
  ASSERT_TRUE(RunReplayJob(Options("out1"), FakeTransforms()).complete);
  EXPECT_EQ(Committed("live"), live);
  // ... and the replay committed nothing under its own group either.
  EXPECT_EQ(Committed("wiretag-replay-never-commits"),
            (std::map<int32_t, int64_t>{{0, RD_KAFKA_OFFSET_INVALID}, {1, RD_KAFKA_OFFSET_INVALID}}));
}

TEST_F(ReplayGuaranteesTest, DryRunWritesJsonLinesInsteadOfProducing) {
  {
    TestProducer producer(cluster_.bootstraps());
    for (int i = 0; i < 6; ++i) producer.Produce("raw", 0, "", i == 4 ? "bad" : "s" + std::to_string(i));
    producer.Flush();
  }
  std::FILE* out = std::tmpfile();
  std::FILE* errors = std::tmpfile();
  ReplayJobOptions o = Options("out1");
  o.dry_run = true;
  o.dry_run_out = out;
  o.dry_run_errors = errors;
  ReplaySummary s = RunReplayJob(o, FakeTransforms());
  ASSERT_TRUE(s.complete) << s.failure;
  auto slurp = [](std::FILE* f) {
    std::rewind(f);
    std::string text;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    std::fclose(f);
    return text;
  };
  EXPECT_EQ(slurp(out),
            "{\"enriched\":\"s0\"}\n{\"enriched\":\"s1\"}\n{\"enriched\":\"s2\"}\n{\"enriched\":\"s3\"}\n{\"enriched\":\"s5\"}\n");
  EXPECT_EQ(slurp(errors), "dead-lettered raw/0/4: invalid_json: fake: not JSON\n");
  EXPECT_TRUE(ReadTopic(cluster_.bootstraps(), "out1").empty());
}

TEST_F(ReplayGuaranteesTest, FromFileBackfillsJsonLinesIntoTheTopicInOrder) {
  auto file = std::filesystem::temp_directory_path() / ("wiretag-backfill-" + std::to_string(::getpid()) + ".jsonl");
  std::ofstream(file) << "one\n\ntwo\nbad three\nfour\n";
  ReplayJobOptions o = Options("out1");
  o.input.clear();
  o.input_files = {file.string()};
  ReplaySummary s = RunReplayJob(o, FakeTransforms());
  std::filesystem::remove(file);
  ASSERT_TRUE(s.complete) << s.failure;
  EXPECT_EQ(s.enriched, 3);
  EXPECT_EQ(s.dead_lettered, 1);
  std::map<std::string, std::string> by_source;
  for (const ReadRecord& r : ReadTopic(cluster_.bootstraps(), "out1")) by_source[r.headers.at("wiretag.source")] = r.value;
  EXPECT_EQ(by_source.size(), 3u);
  EXPECT_EQ(by_source[file.string() + "/0/4"], "{\"enriched\":\"four\"}");
  std::vector<ReadRecord> dlq = ReadTopic(cluster_.bootstraps(), "dlq");
  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_EQ(dlq[0].headers.at("wiretag.source"), file.string() + "/0/3");
}

}  // namespace
}  // namespace wiretag
