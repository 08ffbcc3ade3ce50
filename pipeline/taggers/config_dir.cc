#include "wiretag/build_paths.h"
#include <cstdlib>
#include <filesystem>

#include "pipeline/taggers/story_tagger.h"

namespace wiretag {

std::filesystem::path DefaultConfigDir() {
  if (const char* env = std::getenv("WIRETAG_CONFIG_DIR"); env && *env) return env;
  if (std::filesystem::exists("config/gazetteers")) return "config";
  return std::filesystem::path(WIRETAG_SOURCE_DIR) / "config";
}

std::filesystem::path DefaultGazetteerSnapshot() {
  if (const char* env = std::getenv("WIRETAG_GAZETTEER_SNAPSHOT")) return env;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return exe.parent_path() / "wiretag-gazetteers.snapshot";
}

}  // namespace wiretag
