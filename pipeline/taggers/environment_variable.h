#pragma once
// An environment variable wiretag reads that is not a configuration key (those
// are WIRETAG_<KEY PATH>, read by pipeline/config). Declare each once, at
// namespace scope in the file that reads it:
//
//   const EnvironmentVariable kConfigDirVariable("WIRETAG_CONFIG_DIR");
//   if (const char* dir = kConfigDirVariable.Get()) ...
//
// The declaration registers the name before main() runs, so the configuration
// loader, which rejects unknown WIRETAG_* variables as misspelt keys, passes
// these over (IsDeclaredEnvironmentVariable). Construct only at namespace
// scope; Get() and IsDeclaredEnvironmentVariable() are thread-safe once
// main() has started.

#include <string_view>

namespace wiretag {

class EnvironmentVariable {
 public:
  explicit EnvironmentVariable(const char* name);

  // The value, or nullptr when the variable is not set.
  const char* Get() const;
  const char* name() const { return name_; }

 private:
  const char* name_;
};

// True when an EnvironmentVariable of that name is declared in the program.
bool IsDeclaredEnvironmentVariable(std::string_view name);

}  // namespace wiretag
