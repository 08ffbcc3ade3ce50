#pragma once
// Each wiretag subcommand lives in its own file and registers itself on the
// root CLI11 app. A command's callback stores its process exit status in
// *exit_code, one of the statuses of exit_codes.h (0 success, 1 a failure a
// retry may cure, 2 bad arguments, configuration or input).

#include <CLI/CLI.hpp>

namespace wiretag::cli {

void RegisterTagCommand(CLI::App& app, int* exit_code);        // tag_command.cc
void RegisterEvalCommand(CLI::App& app, int* exit_code);       // eval_command.cc
void RegisterTrainCommand(CLI::App& app, int* exit_code);      // train_command.cc
void RegisterRunCommand(CLI::App& app, int* exit_code);        // run_command.cc
void RegisterDevBrokerCommand(CLI::App& app, int* exit_code);  // dev_broker_command.cc
void RegisterDemoCommand(CLI::App& app, int* exit_code);       // demo_command.cc
void RegisterConfigCommand(CLI::App& app, int* exit_code);     // config_command.cc
void RegisterReplayCommand(CLI::App& app, int* exit_code);     // replay_command.cc
void RegisterVersionCommand(CLI::App& app, int* exit_code);    // version_command.cc
void RegisterCompileGazetteersCommand(CLI::App& app, int* exit_code);  // compile_gazetteers_command.cc

}  // namespace wiretag::cli
