// `wiretag demo`: the whole stage on an in-process mock cluster. Loads the
// sample stories (config/samples/stories.jsonl, else demo-stories.jsonl) plus
// two malformed records, runs the stage, prints a few enriched records and a
// summary, and exits by itself.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include "pipeline/config/config_dir.h"
#include "pipeline/cli/commands.h"
#include "pipeline/cli/config_flags.h"
#include "pipeline/cli/signals.h"
#include "pipeline/cli/stage_setup.h"
#include "pipeline/kafka/dev_cluster.h"
#include "pipeline/kafka/kafka_conf.h"
#include "pipeline/app/run_group_stage.h"
#include "pipeline/taggers/story_tagger.h"

namespace wiretag::cli {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> LoadStories(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read sample stories " + path);
  std::vector<std::string> stories;
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) stories.push_back(line);
  return stories;
}

std::string DefaultStoriesPath() {
  auto dir = std::filesystem::path(DefaultConfigDir()) / "samples";
  if (std::filesystem::exists(dir / "stories.jsonl")) return (dir / "stories.jsonl").string();
  return (dir / "demo-stories.jsonl").string();
}

KafkaHandlePtr NewClient(rd_kafka_type_t type, const KafkaProperties& props) {
  KafkaConfPtr conf = MakeKafkaConf({&props}, {});
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(type, conf.get(), err, sizeof err);
  if (!rk) throw std::runtime_error(err);
  conf.release();  // rd_kafka_new() took it
  return KafkaHandlePtr(rk);
}

int RunDemo(const std::string& stories_path, int workers, int show) {
  std::atomic<int>& signals = InstallStopSignals();
  std::vector<std::string> inputs = LoadStories(stories_path);
  size_t good = inputs.size();
  inputs.push_back(R"({"uri":"urn:wiretag:demo:broken","bodies":[{"value":"no closing)");
  inputs.push_back(R"({"uri":"urn:wiretag:demo:headline-only","headlines":[{"value":"Headline only"}]})");

  DevCluster cluster(1);
  for (const char* topic : {"demo.raw", "demo.enriched"}) cluster.CreateTopic(topic, 4);
  cluster.CreateTopic("demo.dlq", 1);
  const std::string brokers = cluster.bootstrap_servers();

  auto producer = NewClient(RD_KAFKA_PRODUCER, {{"bootstrap.servers", brokers}, {"log_level", "3"}});
  for (const auto& value : inputs)
    rd_kafka_producev(producer.get(), RD_KAFKA_V_TOPIC("demo.raw"), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                      RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()), RD_KAFKA_V_END);
  if (rd_kafka_flush(producer.get(), 10000)) throw std::runtime_error("could not load the sample stories");

  Config config = LoadConfig("", {}, {});
  config.brokers = brokers;
  config.group = "wiretag-demo";
  config.input = {"demo.raw"};
  config.output = "demo.enriched";
  config.dlq = "demo.dlq";
  config.workers = workers;
  config.metrics.listen = "";
  config.metrics.statistics_interval_ms = 0;
  config.stage.commit_interval_ms = 200;
  config.log.level = spdlog::level::to_string_view(spdlog::get_level()).data();
  config.kafka.common["log_level"] = "3";
  StageParts parts = SetUpStage(config);

  std::printf("wiretag demo: mock Kafka cluster at %s; %zu sample stories and 2 malformed records on demo.raw\n",
              brokers.c_str(), good);
  std::fflush(stdout);
  auto started = Clock::now();
  std::atomic<int> stop{0};
  StageRunResult result;
  std::thread stage([&] { result = RunGroupStage(config, parts.factory, parts.metrics.get(), stop); });

  // Read the outputs back from the broker, as a downstream consumer would.
  auto reader = NewClient(RD_KAFKA_CONSUMER, {{"bootstrap.servers", brokers}, {"group.id", "demo-reader"},
                                              {"log_level", "3"}, {"fetch.wait.max.ms", "20"}});
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(5);
  for (int p = 0; p < 4; ++p) rd_kafka_topic_partition_list_add(list, "demo.enriched", p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_topic_partition_list_add(list, "demo.dlq", 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(reader.get(), list);
  rd_kafka_topic_partition_list_destroy(list);
  std::vector<std::string> enriched;
  std::map<std::string, int> dead;
  auto deadline = Clock::now() + std::chrono::seconds(60);
  while (enriched.size() + [&] { int n = 0; for (auto& [k, v] : dead) n += v; return static_cast<size_t>(n); }() <
             inputs.size() &&
         Clock::now() < deadline && signals.load() == 0) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(reader.get(), 100);
    if (!m) continue;
    if (!m->err) {
      std::string topic = rd_kafka_topic_name(m->rkt);
      if (topic == "demo.enriched") {
        enriched.emplace_back(static_cast<const char*>(m->payload), m->len);
      } else {
        rd_kafka_headers_t* hdrs = nullptr;
        const void* v = nullptr;
        size_t n = 0;
        std::string reason = "?";
        if (!rd_kafka_message_headers(m, &hdrs) && !rd_kafka_header_get_last(hdrs, "wiretag.error", &v, &n))
          reason.assign(static_cast<const char*>(v), n);
        dead[reason]++;
      }
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(reader.get());
  stop = 1;
  stage.join();
  double seconds = std::chrono::duration<double>(Clock::now() - started).count();

  for (int i = 0; i < show && i < static_cast<int>(enriched.size()); ++i)
    std::printf("\n--- enriched record %d of %zu ---\n%s\n", i + 1, enriched.size(), enriched[i].c_str());
  int dead_total = 0;
  std::string reasons;
  for (const auto& [reason, count] : dead) {
    dead_total += count;
    reasons += (reasons.empty() ? "" : ", ") + reason + ": " + std::to_string(count);
  }
  std::printf("\nwiretag demo: %zu records in, %zu enriched to demo.enriched, %d dead-lettered to demo.dlq (%s) in %.1f s\n",
              inputs.size(), enriched.size(), dead_total, reasons.c_str(), seconds);
  bool complete = enriched.size() + dead_total == inputs.size();
  if (!complete) std::printf("wiretag demo: INCOMPLETE — %zu records unaccounted for\n", inputs.size() - enriched.size() - dead_total);
  return complete && result.exit_code == 0 ? 0 : 1;
}

}  // namespace

void RegisterDemoCommand(CLI::App& app, int* exit_code) {
  struct Options {
    std::string stories;
    int workers = 2;
    int show = 2;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("demo", "Run the stage on an in-process Kafka cluster with sample stories, then exit");
  cmd->add_option("--stories", opts->stories, "JSON Lines stories (default: config/samples/)");
  cmd->add_option("--workers", opts->workers, FindConfigKey("workers").help)->capture_default_str();
  cmd->add_option("--show", opts->show, "Enriched records to print")->capture_default_str();
  cmd->callback([opts, exit_code] {
    try {
      *exit_code = RunDemo(opts->stories.empty() ? DefaultStoriesPath() : opts->stories, opts->workers, opts->show);
    } catch (const std::exception& e) {
      spdlog::critical("wiretag demo: {}", e.what());
      *exit_code = 1;
    }
  });
}

}  // namespace wiretag::cli
