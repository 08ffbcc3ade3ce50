#pragma once
// "<semver>+<data id>": the data id names the entity model in use (read from
// <config>/models/ner-en.bin) or, without a model, the build's WIRETAG_DATA_ID.
// Shared by `wiretag version` and `wiretag --version`.

#include <string>

namespace wiretag::cli {

// The data id; throws std::runtime_error when the model file is damaged.
std::string CurrentDataId();

}  // namespace wiretag::cli
