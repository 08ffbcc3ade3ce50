// Placeholder: `wiretag eval conll` is being built.
#include <cstdio>

#include <CLI/CLI.hpp>

namespace wiretag::cli {

void RegisterEvalConllCommand(CLI::App& eval, int* exit_code) {
  auto* cmd = eval.add_subcommand("conll", "(not yet available)");
  cmd->allow_extras();
  cmd->callback([exit_code] {
    std::fprintf(stderr, "wiretag eval conll: not yet available in this build\n");
    *exit_code = 1;
  });
}

}  // namespace wiretag::cli
