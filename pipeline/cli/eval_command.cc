// `wiretag eval conll|reuters`: measures the taggers on annotated data.
#include "pipeline/cli/commands.h"

namespace wiretag::cli {

void RegisterEvalConllCommand(CLI::App& eval, int* exit_code);    // eval_conll_command.cc
void RegisterEvalReutersCommand(CLI::App& eval, int* exit_code);  // eval_reuters_command.cc

void RegisterEvalCommand(CLI::App& app, int* exit_code) {
  auto* eval = app.add_subcommand("eval", "Measure the taggers on annotated data (CoNLL-2003, Reuters-21578)");
  eval->require_subcommand(1);
  RegisterEvalConllCommand(*eval, exit_code);
  RegisterEvalReutersCommand(*eval, exit_code);
}

}  // namespace wiretag::cli
