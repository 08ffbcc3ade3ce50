#pragma once
// Reads a file into memory in one go: how the taggers load their lists and the
// model at start-up (one size query and one read, no stream copies).
// Throws std::runtime_error "<path>: cannot open[ <what>]" or
// "<path>: cannot read[ <what>]", where `what` names the kind of file when the
// caller wants it named (e.g. "model file").

#include <filesystem>
#include <string>
#include <string_view>

namespace wiretag {

std::string ReadWholeFile(const std::filesystem::path& path, std::string_view what = {});

}  // namespace wiretag
