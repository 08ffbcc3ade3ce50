#include "pipeline/formats/output_version.h"

#include "wiretag/version.h"

namespace wiretag {
namespace {
std::string& Storage() {
  static std::string version = kVersion;
  return version;
}
}  // namespace

const std::string& OutputVersion() { return Storage(); }

void SetOutputDataId(std::string_view data_id) { Storage() = std::string(kSemver) + "+" + std::string(data_id); }

}  // namespace wiretag
