#include "wiretag/build_paths.h"
#include <cstdlib>
#include <filesystem>

#include "pipeline/taggers/environment_variable.h"
#include "pipeline/taggers/story_tagger.h"

namespace wiretag {
namespace {

const EnvironmentVariable kConfigDirVariable("WIRETAG_CONFIG_DIR");
const EnvironmentVariable kGazetteerSnapshotVariable("WIRETAG_GAZETTEER_SNAPSHOT");

}  // namespace

std::filesystem::path DefaultConfigDir() {
  if (const char* env = kConfigDirVariable.Get(); env && *env) return env;
  if (std::filesystem::exists("config/gazetteers")) return "config";
  return std::filesystem::path(WIRETAG_SOURCE_DIR) / "config";
}

std::filesystem::path DefaultGazetteerSnapshot() {
  if (const char* env = kGazetteerSnapshotVariable.Get()) return env;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return exe.parent_path() / "wiretag-gazetteers.snapshot";
}

}  // namespace wiretag
