// `wiretag compile-gazetteers`: builds the gazetteers from the text lists and
// writes the snapshot that starts read instead (see
// pipeline/taggers/gazetteer_snapshot.h). The build runs it for the source
// tree's config/; run it again after editing the lists of a deployment.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "pipeline/config/config_dir.h"
#include "pipeline/cli/commands.h"
#include "pipeline/taggers/gazetteer_snapshot.h"
#include "pipeline/taggers/story_tagger.h"

namespace wiretag::cli {

void RegisterCompileGazetteersCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "compile-gazetteers",
      "Build the gazetteers from config/gazetteers and save them as the snapshot every start reads instead "
      "(~30 ms less CPU per start; a snapshot made from other lists is ignored)");
  auto config_dir = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("--config-dir", *config_dir,
                  std::string("Config directory whose gazetteers/ to compile (default: ") + kConfigDirSearchOrder + ")");
  cmd->add_option("--out", *out,
                  "Snapshot file (default: $WIRETAG_GAZETTEER_SNAPSHOT, else wiretag-gazetteers.snapshot beside "
                  "the executable)");
  cmd->callback([config_dir, out, exit_code] {
    const std::filesystem::path dir =
        (config_dir->empty() ? DefaultConfigDir() : std::filesystem::path(*config_dir)) / "gazetteers";
    const std::filesystem::path file = out->empty() ? DefaultGazetteerSnapshot() : std::filesystem::path(*out);
    if (file.empty()) {
      std::fprintf(stderr, "wiretag compile-gazetteers: no snapshot file (give --out)\n");
      *exit_code = 2;
      return;
    }
    try {
      WriteGazetteerSnapshot(dir, file);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "wiretag compile-gazetteers: %s\n", e.what());
      *exit_code = 1;
      return;
    }
    std::printf("wrote %s from %s\n", file.c_str(), dir.c_str());
    *exit_code = 0;
  });
}

}  // namespace wiretag::cli
