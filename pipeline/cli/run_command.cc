// `wiretag run`: the Kafka stage — consumer group -> parallel taggers ->
// idempotent producer, committing only delivered offsets.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>

#include <spdlog/spdlog.h>

#include "pipeline/cli/commands.h"
#include "pipeline/cli/config_flags.h"
#include "pipeline/cli/exit_codes.h"
#include "pipeline/cli/signals.h"
#include "pipeline/cli/stage_setup.h"
#include "pipeline/kafka/kafka_conf.h"
#include "pipeline/app/run_group_stage.h"

namespace wiretag::cli {

void RegisterRunCommand(CLI::App& app, int* exit_code) {
  std::shared_ptr<ConfigFlags> flags;
  auto* cmd =
      AddConfiguredCommand(app, "run", "Run the stage: consume, tag, produce enriched records (until SIGTERM)", &flags);
  cmd->callback([cmd, flags, exit_code] {
    std::atomic<int>& stop = InstallStopSignals();
    BlockHangup();  // before any thread starts: only the watcher below takes SIGHUP
    Config config;
    try {
      config = LoadEffectiveConfig(cmd, *flags);
    } catch (const ConfigError& e) {
      std::fprintf(stderr, "wiretag run: %s\n", e.what());
      *exit_code = kExitUsage;
      return;
    }
    try {
      StageParts parts = SetUpStage(config);
      // SIGHUP reloads the newsroom lists and the model while records flow.
      HangupWatcher reloader([&config, &parts] {
        spdlog::info("SIGHUP: reloading the taggers");
        ReloadTaggers(config, parts);
      });
      StageRunResult result = RunGroupStage(config, parts.factory, parts.metrics.get(), stop);
      *exit_code = result.exit_code;
      if (KafkaClientAbandoned()) {
        // A client still waits for an unreachable broker on its own threads:
        // end now, within the shutdown budget, without running destructors
        // those threads could still use (the logger).
        spdlog::default_logger()->flush();
        std::fflush(nullptr);
        std::_Exit(result.exit_code);
      }
    } catch (const ConfigError& e) {  // e.g. a kafka.* property librdkafka rejects
      spdlog::critical("wiretag run: {}", e.what());
      *exit_code = kExitUsage;
    } catch (const std::exception& e) {
      spdlog::critical("wiretag run: {}", e.what());
      *exit_code = kExitFailure;
    }
  });
}

}  // namespace wiretag::cli
