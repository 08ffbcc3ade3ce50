#include "pipeline/taggers/read_whole_file.h"

#include <fstream>
#include <stdexcept>

namespace wiretag {

std::string ReadWholeFile(const std::filesystem::path& path, std::string_view what) {
  auto fail = [&](const char* verb) {
    std::string message = path.string() + ": " + verb;
    if (!what.empty()) message.append(" ").append(what);
    return std::runtime_error(message);
  };
  std::ifstream in(path, std::ios::binary);
  if (!in) throw fail("cannot open");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) throw fail("cannot read");
  std::string data(static_cast<size_t>(size), '\0');
  in.seekg(0);
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  if (!in) throw fail("cannot read");
  return data;
}

}  // namespace wiretag
