#include "pipeline/taggers/tags.h"

namespace wiretag {

const char* EntityTypeName(EntityType type) {
  switch (type) {
    case EntityType::kPerson: return "PER";
    case EntityType::kOrganisation: return "ORG";
    case EntityType::kLocation: return "LOC";
    case EntityType::kMisc: return "MISC";
  }
  return "MISC";
}

}  // namespace wiretag
