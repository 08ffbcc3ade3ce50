#include "pipeline/taggers/case_fold.h"

#include <utf8proc.h>

namespace wiretag {

namespace {

// Decodes one code point at text[*i]; on invalid UTF-8 returns -1 and
// advances one byte.
utf8proc_int32_t Decode(std::string_view text, size_t* i) {
  utf8proc_int32_t cp = -1;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + *i),
                            static_cast<utf8proc_ssize_t>(text.size() - *i), &cp);
  if (n <= 0) {
    ++*i;
    return -1;
  }
  *i += static_cast<size_t>(n);
  return cp;
}

void Encode(utf8proc_int32_t cp, std::string* out) {
  utf8proc_uint8_t buf[4];
  auto n = utf8proc_encode_char(cp, buf);
  out->append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

bool IsWordBreak(utf8proc_int32_t cp) {
  return cp == ' ' || cp == '-' || cp == '\'' || cp == '.' || cp == '\t' || cp == '/' ||
         cp == 0x2019 /* ’ */ || cp == '(';
}

}  // namespace

void AppendFoldCase(std::string_view text, std::string* out) {
  size_t i = 0;
  while (i < text.size()) {
    // A run of ASCII (most names, all of most wire text) is lowered in bulk:
    // one resize instead of a push_back per byte.
    size_t end = i;
    while (end < text.size() && static_cast<unsigned char>(text[end]) < 0x80) ++end;
    if (end > i) {
      const size_t old = out->size();
      out->resize(old + (end - i));
      char* dst = out->data() + old;
      for (size_t k = i; k < end; ++k) *dst++ = AsciiLower(text[k]);
      i = end;
      continue;
    }
    size_t begin = i;
    utf8proc_int32_t cp = Decode(text, &i);
    if (cp < 0) {
      out->push_back(text[begin]);
      continue;
    }
    // Full case folding may expand (ß -> ss); utf8proc_decompose_char handles it.
    utf8proc_int32_t folded[8];
    int last_boundclass = 0;
    auto n = utf8proc_decompose_char(cp, folded, 8,
                                     UTF8PROC_CASEFOLD,
                                     &last_boundclass);
    if (n <= 0 || n > 8) {
      out->append(text.substr(begin, i - begin));
      continue;
    }
    for (int k = 0; k < n; ++k) Encode(folded[k], out);
  }
}

std::string FoldCase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendFoldCase(text, &out);
  return out;
}

std::string TitleCase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool word_start = true;
  size_t i = 0;
  while (i < text.size()) {
    size_t begin = i;
    utf8proc_int32_t cp = Decode(text, &i);
    if (cp < 0) {
      out.push_back(text[begin]);
      word_start = false;
      continue;
    }
    utf8proc_int32_t mapped = word_start ? utf8proc_toupper(cp) : utf8proc_tolower(cp);
    Encode(mapped, &out);
    word_start = IsWordBreak(cp);
  }
  return out;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

std::string AsciiUpper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiUpper(c);
  return out;
}

bool AsciiEqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  return true;
}

}  // namespace wiretag
