#include "pipeline/formats/output_version.h"

#include <atomic>

#include "wiretag/version.h"

namespace wiretag {
namespace {
// Each version ever set stays allocated, so a reference OutputVersion() gave
// out stays valid; a process sets it once per tagger (re)load, a few strings.
std::atomic<const std::string*>& Current() {
  static std::atomic<const std::string*> current{new std::string(VersionString(kDataId))};
  return current;
}
}  // namespace

std::string VersionString(std::string_view data_id) { return std::string(kSemver) + "+" + std::string(data_id); }

const std::string& OutputVersion() { return *Current().load(std::memory_order_acquire); }

void SetOutputDataId(std::string_view data_id) {
  Current().store(new std::string(VersionString(data_id)), std::memory_order_release);
}

}  // namespace wiretag
