// `wiretag config`: prints the effective configuration (file < WIRETAG_*
// environment < flags) as YAML, secrets masked.
#include <cstdio>
#include <memory>

#include "pipeline/cli/commands.h"
#include "pipeline/cli/config_flags.h"

namespace wiretag::cli {

void RegisterConfigCommand(CLI::App& app, int* exit_code) {
  std::shared_ptr<ConfigFlags> flags;
  auto* cmd = AddConfiguredCommand(app, "config", "Print the effective configuration (secrets masked)", &flags);
  cmd->callback([cmd, flags, exit_code] {
    try {
      Config config = LoadEffectiveConfig(cmd, *flags);
      std::fputs(ToYaml(config).c_str(), stdout);
      *exit_code = 0;
    } catch (const ConfigError& e) {
      std::fprintf(stderr, "wiretag config: %s\n", e.what());
      *exit_code = 2;
    }
  });
}

}  // namespace wiretag::cli
