// `wiretag dev-broker`: librdkafka's mock cluster on 127.0.0.1 for development
// and tests. Prints the bootstrap servers as the first line of stdout, then
// runs until SIGTERM/SIGINT.
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "pipeline/cli/commands.h"
#include "pipeline/cli/signals.h"
#include "pipeline/source/dev_cluster.h"

namespace wiretag::cli {

void RegisterDevBrokerCommand(CLI::App& app, int* exit_code) {
  struct Options {
    int brokers = 3;
    int partitions = 8;
    std::vector<std::string> topics{"wire.raw", "wire.enriched", "wire.dlq"};
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("dev-broker", "Run an in-memory Kafka cluster (librdkafka mock) until SIGTERM");
  cmd->add_option("--brokers", opts->brokers, "Number of brokers")->capture_default_str()->check(CLI::Range(1, 16));
  cmd->add_option("--partitions", opts->partitions, "Partitions per topic")->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->add_option("--topics", opts->topics, "Topics to create, comma-separated")->delimiter(',')->capture_default_str();
  cmd->callback([opts, exit_code] {
    InstallStopSignals();
    try {
      DevCluster cluster(opts->brokers);
      for (const auto& topic : opts->topics) cluster.CreateTopic(topic, opts->partitions);
      std::printf("%s\n", cluster.bootstrap_servers().c_str());
      std::fflush(stdout);
      spdlog::info("mock cluster: {} brokers at {}, topics {} with {} partitions; stop with SIGTERM", opts->brokers,
                   cluster.bootstrap_servers(), fmt::join(opts->topics, ","), opts->partitions);
      WaitForStopSignal();
      spdlog::info("mock cluster stopped");
      *exit_code = 0;
    } catch (const std::exception& e) {
      spdlog::critical("wiretag dev-broker: {}", e.what());
      *exit_code = 1;
    }
  });
}

}  // namespace wiretag::cli
