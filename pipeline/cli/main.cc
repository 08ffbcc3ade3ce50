// wiretag: tags wire stories with dateline, agency and entities, from the
// command line (tag, eval, train) or as a Kafka stage (run, replay, demo).

#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "pipeline/cli/commands.h"
#include "pipeline/cli/logging.h"
#include "pipeline/cli/version_info.h"
#include "wiretag/version.h"

int main(int argc, char** argv) {
  CLI::App app{"wiretag: dateline, agency and entity tagging for news pipelines"};
  app.set_version_flag("--version", [] {
    try {
      return std::string("wiretag ") + wiretag::kSemver + "+" + wiretag::cli::CurrentDataId();
    } catch (const std::exception& e) {
      return std::string("wiretag ") + wiretag::kVersion + " (" + e.what() + ")";
    }
  });
  app.require_subcommand(1);
  std::string log_format = "auto", log_level = "info";
  app.add_option("--log-format", log_format, "Log format on stderr: auto, text or json")
      ->capture_default_str();
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error, critical or off")
      ->capture_default_str();
  app.parse_complete_callback([&] { wiretag::cli::SetUpLogging(log_format, log_level); });

  int exit_code = 0;
  using namespace wiretag::cli;
  RegisterTagCommand(app, &exit_code);
  RegisterEvalCommand(app, &exit_code);
  RegisterTrainCommand(app, &exit_code);
  RegisterRunCommand(app, &exit_code);
  RegisterReplayCommand(app, &exit_code);
  RegisterDevBrokerCommand(app, &exit_code);
  RegisterDemoCommand(app, &exit_code);
  RegisterConfigCommand(app, &exit_code);
  RegisterVersionCommand(app, &exit_code);
  RegisterCompileGazetteersCommand(app, &exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wiretag: %s\n", e.what());
    return 1;
  }
  return exit_code;
}
