#pragma once
// Where an installation keeps its data: the config directory (gazetteers,
// agency table, model, samples) and the gazetteer snapshot. Facts of the
// installation, not of the taggers, which are given their paths.
// Thread safety: free functions reading the environment and the file system.

#include <filesystem>

namespace wiretag {

// Finds the config directory: $WIRETAG_CONFIG_DIR, else ./config, else
// share/wiretag/config of the prefix the executable is installed in
// (PREFIX/bin/wiretag), else the source tree's config/ (for tests run from the
// build directory).
std::filesystem::path DefaultConfigDir();

// Where the gazetteer snapshot is looked for: $WIRETAG_GAZETTEER_SNAPSHOT
// (set but empty: nowhere), else wiretag-gazetteers.snapshot beside the
// running executable, where the build and the container image put it.
std::filesystem::path DefaultGazetteerSnapshot();

}  // namespace wiretag
