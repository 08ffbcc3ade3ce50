#pragma once
// What a worker made of one input record: an enriched record, or the reason
// it goes to the dead-letter topic. Plain value.

#include <optional>
#include <string>

#include "pipeline/formats/error_class.h"

namespace wiretag {

struct Outcome {
  std::optional<ProcessError> error;  // set: the original record goes to the DLQ
  std::string value;                  // the enriched record when !error
  std::string uri;                    // the story uri: the output key when the input has none;
                                      // for a dead letter, known only when the story parsed ("" otherwise)
};

}  // namespace wiretag
