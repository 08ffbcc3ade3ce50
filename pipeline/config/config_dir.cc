#include "pipeline/config/config_dir.h"

#include <cstdlib>
#include <filesystem>

#include "pipeline/taggers/environment_variable.h"

namespace wiretag {
namespace {

const EnvironmentVariable kConfigDirVariable("WIRETAG_CONFIG_DIR");
const EnvironmentVariable kGazetteerSnapshotVariable("WIRETAG_GAZETTEER_SNAPSHOT");

// The directory of the running executable, or "" when /proc is unreadable.
std::filesystem::path ExecutableDir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : exe.parent_path();
}

}  // namespace

std::filesystem::path DefaultConfigDir() {
  if (const char* env = kConfigDirVariable.Get(); env && *env) return env;
  if (std::filesystem::exists("config/gazetteers")) return "config";
  // Relative to the executable, never a path compiled in: installed
  // (`cmake --install`) as PREFIX/bin/wiretag beside PREFIX/share/wiretag/config,
  // or a build directory inside the checkout (build/wiretag beside config/).
  if (const auto exe_dir = ExecutableDir(); !exe_dir.empty()) {
    for (const auto& candidate : {exe_dir.parent_path() / "share" / "wiretag" / "config", exe_dir.parent_path() / "config"})
      if (std::filesystem::exists(candidate / "gazetteers")) return candidate;
  }
  return "config";  // not found: errors name ./config, where the data is looked for first
}

std::filesystem::path DefaultGazetteerSnapshot() {
  if (const char* env = kGazetteerSnapshotVariable.Get()) return env;
  const auto exe_dir = ExecutableDir();
  return exe_dir.empty() ? exe_dir : exe_dir / "wiretag-gazetteers.snapshot";
}

}  // namespace wiretag
