#pragma once
// TempDir: a scratch directory for one test.

#include <filesystem>
#include <stdexcept>
#include <string>

#include <stdlib.h>

namespace wiretag::testing {

// A new, empty directory under the system temp dir, removed on destruction.
// mkdtemp, not the pid, names it: a pid comes back in a later test process, and
// a directory some earlier process left behind would hand this test its files.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "wiretag-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed: " + pattern);
    path_ = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace wiretag::testing
