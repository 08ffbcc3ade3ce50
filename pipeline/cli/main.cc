// wiretag: tags wire stories with dateline, agency and entities, from the
// command line (tag, eval, train) or as a Kafka stage (run, replay, demo).

#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "pipeline/cli/commands.h"
#include "pipeline/cli/exit_codes.h"
#include "pipeline/cli/logging.h"
#include "pipeline/cli/version_info.h"
#include "pipeline/formats/output_version.h"
#include "wiretag/version.h"

int main(int argc, char** argv) {
  CLI::App app{"wiretag: dateline, agency and entity tagging for news pipelines"};
  app.set_version_flag("--version", [] {
    try {
      return "wiretag " + wiretag::VersionString(wiretag::cli::CurrentDataId());
    } catch (const std::exception& e) {
      return "wiretag " + wiretag::VersionString(wiretag::kDataId) + " (" + e.what() + ")";
    }
  });
  app.require_subcommand(1);
  app.footer(wiretag::cli::kExitCodeTable);  // inherited by every subcommand registered below

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

  // --log-format/--log-level on the root and on every subcommand, so they work
  // before and after the subcommand's name; the last one given wins.
  std::string log_format = "auto", log_level = "info";
  AddLogFlags(&app, &log_format, &log_level);
  app.parse_complete_callback([&] { SetUpLogging(log_format, log_level); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are ParseErrors that exit 0; every other one is a
    // usage error, exit 2 (not CLI11's own 104-109).
    return app.exit(e) == 0 ? kExitSuccess : kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wiretag: %s\n", e.what());
    return kExitFailure;
  }
  return exit_code;
}
