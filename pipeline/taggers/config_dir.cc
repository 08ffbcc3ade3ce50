#include <cstdlib>
#include <filesystem>

#include "pipeline/taggers/story_tagger.h"

namespace wiretag {

std::filesystem::path DefaultConfigDir() {
  if (const char* env = std::getenv("WIRETAG_CONFIG_DIR"); env && *env) return env;
  if (std::filesystem::exists("config/gazetteers")) return "config";
  return std::filesystem::path(WIRETAG_SOURCE_DIR) / "config";
}

}  // namespace wiretag
