// Placeholder: `wiretag config` is being built (see the issue tracker).
#include <cstdio>

#include "pipeline/cli/commands.h"

namespace wiretag::cli {

void RegisterConfigCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("config", "(not yet available)");
  cmd->allow_extras();
  cmd->callback([exit_code] {
    std::fprintf(stderr, "wiretag config: not yet available in this build\n");
    *exit_code = 1;
  });
}

}  // namespace wiretag::cli
