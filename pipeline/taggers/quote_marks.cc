#include "pipeline/taggers/quote_marks.h"

#include <utf8proc.h>

namespace wiretag {

char AsciiQuoteFor(char32_t cp) {
  switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B:  // ‘ ’ ‚ ‛
    case 0x2032: case 0x2035:                            // ′ ‵
    case 0x02BC: case 0x00B4: case 0xFF07:               // ʼ ´ ＇
    case 0x2039: case 0x203A:                            // ‹ ›
      return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F:  // “ ” „ ‟
    case 0x2033: case 0x2036:                            // ″ ‶
    case 0x00AB: case 0x00BB: case 0xFF02:               // « » ＂
    case 0x301D: case 0x301E: case 0x301F:               // 〝 〞 〟
      return '"';
    default:
      return 0;
  }
}

bool IsQuoteToken(std::string_view token) {
  if (token.empty()) return false;
  for (size_t i = 0; i < token.size();) {
    const unsigned char c = static_cast<unsigned char>(token[i]);
    if (c < 0x80) {
      if (c != '\'' && c != '"' && c != '`') return false;
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(token.data() + i),
                                                static_cast<utf8proc_ssize_t>(token.size() - i), &cp);
    if (n <= 0 || AsciiQuoteFor(static_cast<char32_t>(cp)) == 0) return false;
    i += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace wiretag
