#include "pipeline/formats/json_string.h"

#include <array>
#include <cstring>

namespace wiretag {
namespace {

// What follows the backslash for a byte that needs an escape, or 0.
constexpr std::array<char, 256> kEscapes = [] {
  std::array<char, 256> escapes{};
  for (int c = 0; c < 0x20; ++c) escapes[c] = 'u';
  escapes['\b'] = 'b';
  escapes['\t'] = 't';
  escapes['\n'] = 'n';
  escapes['\f'] = 'f';
  escapes['\r'] = 'r';
  escapes['"'] = '"';
  escapes['\\'] = '\\';
  return escapes;
}();

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  size_t first = 0;  // the first byte to escape
  while (first < s.size() && kEscapes[static_cast<unsigned char>(s[first])] == 0) ++first;
  if (first == s.size()) [[likely]] {
    // No escape (names, keys): the quotes and the bytes in one append and a copy.
    const size_t at = out->size();
    out->append(s.size() + 2, '"');
    if (!s.empty()) std::memcpy(out->data() + at + 1, s.data(), s.size());
    return;
  }
  out->push_back('"');
  size_t run = 0;  // start of the bytes not yet written
  for (size_t i = first; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const char escape = kEscapes[c];
    if (escape == 0) [[likely]]
      continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    if (escape == 'u') {
      const char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out->append(u, 6);
    } else {
      const char e[2] = {'\\', escape};
      out->append(e, 2);
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

}  // namespace wiretag
