#include "pipeline/formats/error_class.h"

namespace wiretag {

const char* ErrorClassName(ErrorClass kind) {
  switch (kind) {
    case ErrorClass::kInvalidJson: return "invalid_json";
    case ErrorClass::kInvalidUtf8: return "invalid_utf8";
    case ErrorClass::kNoBody: return "no_body";
    case ErrorClass::kTooLarge: return "too_large";
    case ErrorClass::kTaggerFailure: return "tagger_failure";
    case ErrorClass::kTooDeep: return "too_deep";
  }
  return "tagger_failure";
}

}  // namespace wiretag
