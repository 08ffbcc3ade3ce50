#include "pipeline/taggers/environment_variable.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace wiretag {
namespace {

// A function-local static: declarations in other files may register before
// this file's statics would be initialised.
std::vector<std::string_view>& Declared() {
  static std::vector<std::string_view> names;
  return names;
}

}  // namespace

EnvironmentVariable::EnvironmentVariable(const char* name) : name_(name) { Declared().push_back(name); }

const char* EnvironmentVariable::Get() const { return std::getenv(name_); }

bool IsDeclaredEnvironmentVariable(std::string_view name) {
  const auto& names = Declared();
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace wiretag
