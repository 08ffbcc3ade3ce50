// Placeholder: `wiretag demo` is being built (see the issue tracker).
#include <cstdio>

#include "pipeline/cli/commands.h"

namespace wiretag::cli {

void RegisterDemoCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("demo", "(not yet available)");
  cmd->allow_extras();
  cmd->callback([exit_code] {
    std::fprintf(stderr, "wiretag demo: not yet available in this build\n");
    *exit_code = 1;
  });
}

}  // namespace wiretag::cli
