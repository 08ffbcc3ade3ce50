#include "pipeline/taggers/list_files.h"

#include <algorithm>
#include <system_error>

namespace wiretag {

std::vector<std::filesystem::path> ListFilesIn(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file() && (entry.path().extension() == ".tsv" || entry.path().extension() == ".txt"))
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace wiretag
