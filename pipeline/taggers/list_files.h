#pragma once
// ListFilesIn names the list files of a directory of config/: its regular
// files ending in .tsv or .txt, sorted, so that whatever reads or fingerprints
// them sees them in one order. None when the directory does not exist.

#include <filesystem>
#include <vector>

namespace wiretag {

std::vector<std::filesystem::path> ListFilesIn(const std::filesystem::path& dir);

}  // namespace wiretag
