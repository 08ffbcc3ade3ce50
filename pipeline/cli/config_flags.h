#pragma once
// The configuration flags shared by `wiretag run` and `wiretag config`, and the
// loading of the effective Config (file < WIRETAG_* environment < flags).

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "pipeline/config/config.h"

namespace wiretag::cli {

struct ConfigFlags {
  std::string config_file = "config/wiretag.yaml";
  ConfigOverrides overrides;
  CLI::Option* config_option = nullptr;
};

void AddConfigFlags(CLI::App* cmd, ConfigFlags* flags);

// A subcommand of `app` with the configuration flags, which fill *flags.
CLI::App* AddConfiguredCommand(CLI::App& app, const std::string& name, const std::string& description,
                               std::shared_ptr<ConfigFlags>* flags);

// Loads the effective configuration. The default file is optional (built-in
// defaults when it is missing); a file given with --config must exist.
// --log-format/--log-level given on the command line (before or after the
// subcommand) override log.*.
Config LoadEffectiveConfig(CLI::App* cmd, const ConfigFlags& flags);

}  // namespace wiretag::cli
