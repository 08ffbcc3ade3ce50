#pragma once
// The error vocabulary of the pipeline: why a record could not be enriched.
// Shared by the record processor that finds the error, the sink that writes
// it into the dead letter's headers and the metrics that count it, without
// those depending on the processor. Plain values.

#include <cstdint>
#include <string>

namespace wiretag {

// Why a record could not be enriched. The names are the wire values of the
// DLQ header `wiretag.error` and the metric label `reason`.
enum class ErrorClass : uint8_t { kInvalidJson, kInvalidUtf8, kNoBody, kTooLarge, kTaggerFailure, kTooDeep };
// "invalid_json", "invalid_utf8", "no_body", "too_large", "tagger_failure", "too_deep"
const char* ErrorClassName(ErrorClass kind);

struct ProcessError {
  ErrorClass kind;
  std::string detail;  // one line, for humans: "expected ':' at byte 17"
};

}  // namespace wiretag
