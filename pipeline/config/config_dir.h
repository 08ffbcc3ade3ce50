#pragma once
// Where an installation keeps its data: the config directory (gazetteers,
// agency table, model, samples) and the gazetteer snapshot. Facts of the
// installation, not of the taggers, which are given their paths.
// Thread safety: free functions reading the environment and the file system.

#include <filesystem>

namespace wiretag {

// Finds the config directory: $WIRETAG_CONFIG_DIR, else ./config, else
// share/wiretag/config of the prefix the executable is installed in
// (PREFIX/bin/wiretag), else config/ beside the executable's directory (a
// build directory in the checkout: build/wiretag and config/). No path is
// compiled into the binary; commands take --config-dir to name another.
std::filesystem::path DefaultConfigDir();
// That order in a few words, for --config-dir's help.
inline constexpr const char* kConfigDirSearchOrder =
    "$WIRETAG_CONFIG_DIR, ./config, PREFIX/share/wiretag/config, the checkout's config/";

// Where the gazetteer snapshot is looked for: $WIRETAG_GAZETTEER_SNAPSHOT
// (set but empty: nowhere), else wiretag-gazetteers.snapshot beside the
// running executable, where the build and the container image put it.
std::filesystem::path DefaultGazetteerSnapshot();

}  // namespace wiretag
