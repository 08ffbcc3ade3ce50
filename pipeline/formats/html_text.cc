#include "pipeline/formats/html_text.h"

#include <cstdint>
#include <cstring>

#include <utf8proc.h>

namespace wiretag {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool NameIs(std::string_view name, const char* want) {
  size_t n = std::strlen(want);
  if (name.size() != n) return false;
  for (size_t i = 0; i < n; ++i)
    if (Lower(name[i]) != want[i]) return false;
  return true;
}

// Elements after which (or at whose start) a reader sees a new line.
bool IsBlock(std::string_view name) {
  static const char* const kBlocks[] = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
                                        "ol", "tr", "table", "blockquote", "pre", "section", "article",
                                        "header", "footer", "hr", "dd", "dt", "dl", "figure", "figcaption"};
  for (const char* b : kBlocks)
    if (NameIs(name, b)) return true;
  return false;
}


struct NamedReference {
  const char* name;
  uint32_t code_point;
};
// The references wire HTML uses; anything else is kept as written.
constexpr NamedReference kNamed[] = {
    {"amp", '&'},      {"lt", '<'},        {"gt", '>'},        {"quot", '"'},      {"apos", '\''},
    {"nbsp", ' '},     {"ndash", 0x2013},  {"mdash", 0x2014},  {"lsquo", 0x2018},  {"rsquo", 0x2019},
    {"ldquo", 0x201C}, {"rdquo", 0x201D},  {"hellip", 0x2026}, {"copy", 0xA9},     {"reg", 0xAE},
    {"trade", 0x2122}, {"euro", 0x20AC},   {"pound", 0xA3},    {"yen", 0xA5},      {"deg", 0xB0},
    {"middot", 0xB7},  {"bull", 0x2022},   {"eacute", 0xE9},   {"egrave", 0xE8},   {"aacute", 0xE1},
    {"agrave", 0xE0},  {"iacute", 0xED},   {"oacute", 0xF3},   {"uacute", 0xFA},   {"ntilde", 0xF1},
    {"uuml", 0xFC},    {"ouml", 0xF6},     {"auml", 0xE4},     {"ccedil", 0xE7},   {"szlig", 0xDF},
    {"Eacute", 0xC9},  {"Uuml", 0xDC},     {"Ouml", 0xD6},     {"Auml", 0xC4},     {"laquo", 0xAB},
    {"raquo", 0xBB},   {"shy", 0xAD},      {"times", 0xD7},    {"frac12", 0xBD},   {"cent", 0xA2},
};

// Decodes the reference starting at html[i] == '&'; returns the bytes consumed (0 = not a reference).
size_t DecodeReference(std::string_view html, size_t i, uint32_t* cp) {
  size_t j = i + 1;
  if (j < html.size() && html[j] == '#') {
    ++j;
    bool hex = j < html.size() && (html[j] == 'x' || html[j] == 'X');
    if (hex) ++j;
    uint32_t value = 0;
    size_t digits = 0;
    for (; j < html.size() && digits < 8; ++j, ++digits) {
      char c = html[j];
      uint32_t d;
      if (c >= '0' && c <= '9') d = static_cast<uint32_t>(c - '0');
      else if (hex && Lower(c) >= 'a' && Lower(c) <= 'f') d = static_cast<uint32_t>(Lower(c) - 'a' + 10);
      else break;
      value = value * (hex ? 16 : 10) + d;
    }
    if (digits == 0) return 0;
    if (j < html.size() && html[j] == ';') ++j;
    *cp = value;
    return j - i;
  }
  size_t end = j;
  while (end < html.size() && end - j < 10 &&
         ((html[end] >= 'a' && html[end] <= 'z') || (html[end] >= 'A' && html[end] <= 'Z') ||
          (html[end] >= '0' && html[end] <= '9')))
    ++end;
  if (end == j || end >= html.size() || html[end] != ';') return 0;
  std::string_view name = html.substr(j, end - j);
  for (const auto& ref : kNamed) {
    if (name == ref.name) {
      *cp = ref.code_point;
      return end + 1 - i;
    }
  }
  return 0;
}

class TextBuilder {
 public:
  explicit TextBuilder(std::string* out) : out_(out) {}
  void Space() { pending_space_ = true; }
  void Break() { pending_break_ = true; }
  void Char(char c) {
    Flush();
    out_->push_back(c);
  }
  void CodePoint(uint32_t cp) {
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') return Space();
    Flush();
    AppendReferencedCodePoint(cp, out_);
  }

 private:
  void Flush() {
    if (!out_->empty()) {
      if (pending_break_) out_->push_back('\n');
      else if (pending_space_) out_->push_back(' ');
    }
    pending_space_ = pending_break_ = false;
  }
  std::string* out_;
  bool pending_space_ = false, pending_break_ = false;
};

}  // namespace

void HtmlToText(std::string_view html, std::string* out) {
  out->clear();
  out->reserve(html.size());
  TextBuilder text(out);
  size_t i = 0;
  const size_t n = html.size();
  while (i < n) {
    char c = html[i];
    if (c == '<') {
      if (html.compare(i, 4, "<!--") == 0) {
        size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? n : end + 3;
        continue;
      }
      size_t j = i + 1;
      bool closing = j < n && html[j] == '/';
      if (closing) ++j;
      size_t name_start = j;
      while (j < n && ((html[j] >= 'a' && html[j] <= 'z') || (html[j] >= 'A' && html[j] <= 'Z') ||
                       (html[j] >= '0' && html[j] <= '9')))
        ++j;
      if (j == name_start && !(j < n && (html[j] == '!' || html[j] == '?'))) {
        text.Char('<');  // a lone '<' in text
        ++i;
        continue;
      }
      std::string_view name = html.substr(name_start, j - name_start);
      // Skip to the end of the tag, respecting quoted attribute values.
      char quote = 0;
      for (; j < n; ++j) {
        if (quote) {
          if (html[j] == quote) quote = 0;
        } else if (html[j] == '"' || html[j] == '\'') {
          quote = html[j];
        } else if (html[j] == '>') {
          break;
        }
      }
      i = j < n ? j + 1 : n;
      if (!closing && (NameIs(name, "script") || NameIs(name, "style"))) {
        // Drop everything up to the matching end tag.
        const char* end_tag = NameIs(name, "script") ? "</script" : "</style";
        size_t k = i;
        size_t len = std::strlen(end_tag);
        while (k < n) {
          size_t lt = html.find('<', k);
          if (lt == std::string_view::npos) { k = n; break; }
          if (NameIs(html.substr(lt, std::min(len, n - lt)), end_tag)) { k = lt; break; }
          k = lt + 1;
        }
        i = k;
        continue;
      }
      if (IsBlock(name)) text.Break();
      continue;
    }
    if (c == '&') {
      uint32_t cp = 0;
      size_t used = DecodeReference(html, i, &cp);
      if (used > 0) {
        text.CodePoint(cp);
        i += used;
        continue;
      }
      text.Char('&');
      ++i;
      continue;
    }
    if (IsSpace(c)) {
      text.Space();
      ++i;
      continue;
    }
    text.Char(c);
    ++i;
  }
}

void AppendReferencedCodePoint(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  utf8proc_uint8_t bytes[4];
  utf8proc_ssize_t n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), bytes);
  out->append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(n));
}

}  // namespace wiretag
