// `wiretag dev-broker`: librdkafka's mock cluster on 127.0.0.1 for development
// and tests. Prints the bootstrap servers as the first line of stdout (with
// --port: 127.0.0.1:PORT, relayed to the first broker), then runs until
// SIGTERM/SIGINT.
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "pipeline/cli/commands.h"
#include "pipeline/cli/signals.h"
#include "pipeline/kafka/dev_cluster.h"
#include "pipeline/kafka/loopback_forwarder.h"

namespace wiretag::cli {

void RegisterDevBrokerCommand(CLI::App& app, int* exit_code) {
  struct Options {
    int brokers = 3;
    int partitions = 8;
    int port = 0;
    std::vector<std::string> topics{"wire.raw", "wire.enriched", "wire.dlq"};
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "dev-broker",
      "Run an in-memory Kafka cluster (librdkafka's mock) on 127.0.0.1 until SIGTERM or Ctrl-C. Prints the bootstrap "
      "servers (HOST:PORT,...) as the first line of stdout, logs on stderr. Creates --topics at start and any other "
      "topic when a client first uses it (4 partitions). Nothing is persisted.");
  cmd->add_option("--brokers", opts->brokers, "Number of brokers")->capture_default_str()->check(CLI::Range(1, 16));
  cmd->add_option("--partitions", opts->partitions, "Partitions per topic")->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->add_option("--topics", opts->topics, "Topics to create, comma-separated")->delimiter(',')->capture_default_str();
  cmd->add_option("--port", opts->port,
                  "Fixed bootstrap address 127.0.0.1:PORT (relayed to the first broker); 0 = the ports the kernel "
                  "picks, printed")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->callback([opts, exit_code] {
    InstallStopSignals();
    try {
      DevCluster cluster(opts->brokers);
      for (const auto& topic : opts->topics) cluster.CreateTopic(topic, opts->partitions);
      std::optional<LoopbackForwarder> fixed;
      std::string bootstraps = cluster.bootstrap_servers();
      if (opts->port != 0) {
        const std::string first = bootstraps.substr(0, bootstraps.find(','));
        const auto target = static_cast<uint16_t>(std::stoi(first.substr(first.rfind(':') + 1)));
        fixed.emplace(static_cast<uint16_t>(opts->port), target);
        bootstraps = "127.0.0.1:" + std::to_string(opts->port);
      }
      std::printf("%s\n", bootstraps.c_str());
      std::fflush(stdout);
      spdlog::info("mock cluster: {} brokers at {} (bootstrap {}), topics {} with {} partitions; stop with SIGTERM",
                   opts->brokers, cluster.bootstrap_servers(), bootstraps, fmt::join(opts->topics, ","),
                   opts->partitions);
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
