#include "pipeline/taggers/tokenizer.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "pipeline/taggers/case_fold.h"

namespace wiretag {
namespace {

// Byte classes for one forward pass. Non-ASCII bytes are classified by their
// UTF-8 lead byte: Latin-1 symbols (U+0080..U+00BF) and the U+2000.. symbol
// blocks (dashes, quotes, currency, arrows) are punctuation, a few Unicode spaces
// are whitespace, everything else (letters of every script) is a word character.
enum Class : uint8_t { kSpace, kNewline, kAlnum, kPunct, kUtf8 };

constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> c{};
  for (int i = 0; i < 256; ++i) c[i] = kPunct;
  c[' '] = c['\t'] = c['\r'] = c['\v'] = c['\f'] = kSpace;
  c['\n'] = kNewline;
  for (int i = '0'; i <= '9'; ++i) c[i] = kAlnum;
  for (int i = 'a'; i <= 'z'; ++i) c[i] = kAlnum;
  for (int i = 'A'; i <= 'Z'; ++i) c[i] = kAlnum;
  for (int i = 0x80; i < 256; ++i) c[i] = kUtf8;
  return c;
}
constexpr std::array<uint8_t, 256> kClass = MakeClasses();

inline bool IsAsciiAlnum(unsigned char c) { return kClass[c] == kAlnum; }

struct Cursor {
  const unsigned char* p;
  size_t n;
  unsigned char at(size_t i) const { return i < n ? p[i] : 0; }
};

// Length of the UTF-8 sequence at i, clamped to the text (invalid input never
// reads past the end).
inline size_t SeqLen(const Cursor& t, size_t i) {
  unsigned char c = t.p[i];
  size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (c >= 0x80 && c < 0xC0) len = 1;  // stray continuation byte
  len = std::min(len, t.n - i);
  for (size_t k = 1; k < len; ++k) {
    if ((t.p[i + k] & 0xC0) != 0x80) return k;  // invalid: stop before the foreign byte
  }
  return len;
}

enum class Kind { kSpace, kNewline, kWord, kPunct };

// What the character at i is, and its byte length.
inline Kind KindAt(const Cursor& t, size_t i, size_t* len) {
  unsigned char c = t.p[i];
  switch (kClass[c]) {
    case kSpace: *len = 1; return Kind::kSpace;
    case kNewline: *len = 1; return Kind::kNewline;
    case kAlnum: *len = 1; return Kind::kWord;
    case kPunct: *len = 1; return Kind::kPunct;
    default: break;
  }
  *len = SeqLen(t, i);
  size_t expected = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (c < 0xC0 || *len != expected) return Kind::kPunct;  // invalid or truncated UTF-8
  unsigned char c1 = t.at(i + 1), c2 = t.at(i + 2);
  if (c == 0xC2) {  // U+0080..U+00BF: controls and Latin-1 symbols
    if (c1 == 0xA0 || c1 == 0x85) return Kind::kSpace;  // NBSP, NEL
    return Kind::kPunct;
  }
  if (c == 0xC3 && (c1 == 0x97 || c1 == 0xB7)) return Kind::kPunct;  // × ÷
  if (c == 0xE2) {  // U+2000..U+2FFF: punctuation and symbols
    if (c1 == 0x80 && (c2 <= 0x8B || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF)) return Kind::kSpace;
    if (c1 == 0x81 && c2 == 0x9F) return Kind::kSpace;
    return Kind::kPunct;
  }
  if (c == 0xE3 && c1 == 0x80) {  // CJK punctuation
    if (c2 == 0x80) return Kind::kSpace;
    return Kind::kPunct;
  }
  if (c == 0xEF && c1 == 0xBB && c2 == 0xBF) return Kind::kSpace;  // BOM
  // Full-width ASCII punctuation (U+FF01..U+FF0F, U+FF1A..U+FF20, U+FF3B..U+FF40,
  // U+FF5B..U+FF65) from East Asian feeds: "＂Samsung＂" is three tokens.
  if (c == 0xEF && ((c1 == 0xBC && ((c2 >= 0x81 && c2 <= 0x8F) || (c2 >= 0x9A && c2 <= 0xA0) ||
                                    (c2 >= 0xBB && c2 <= 0xBF))) ||
                    (c1 == 0xBD && (c2 == 0x80 || (c2 >= 0x9B && c2 <= 0xA5)))))
    return Kind::kPunct;
  if (c == 0xCA && c1 == 0xBC) return Kind::kPunct;  // U+02BC modifier apostrophe, see ApostropheAt
  return Kind::kWord;
}

inline bool IsWordAt(const Cursor& t, size_t i) {
  if (i >= t.n) return false;
  size_t len;
  return KindAt(t, i, &len) == Kind::kWord;
}

// Apostrophe at i: ASCII, U+2019, and the forms feeds use for it (U+02BC,
// U+00B4 acute accent, U+FF07 full-width); returns its length, else 0. Inside a
// word it stays there ("O’Neill"); before a clitic it is split off ("Korea´s").
inline size_t ApostropheAt(const Cursor& t, size_t i) {
  if (i >= t.n) return 0;
  if (t.p[i] == '\'') return 1;
  if (t.p[i] == 0xE2 && t.at(i + 1) == 0x80 && t.at(i + 2) == 0x99) return 3;
  if ((t.p[i] == 0xCA && t.at(i + 1) == 0xBC) || (t.p[i] == 0xC2 && t.at(i + 1) == 0xB4)) return 2;
  if (t.p[i] == 0xEF && t.at(i + 1) == 0xBC && t.at(i + 2) == 0x87) return 3;
  return 0;
}

// Length of an English clitic ("s", "re", "ll", "d", "m", "ve", any case)
// starting at i and followed by a non-word character, else 0.
inline size_t CliticAt(const Cursor& t, size_t i) {
  auto lower = [&](size_t k) { return static_cast<unsigned char>(t.at(k) | 0x20); };
  size_t len = 0;
  unsigned char a = lower(i);
  if (a == 's' || a == 'd' || a == 'm') {
    len = 1;
  } else if ((a == 'r' && lower(i + 1) == 'e') || (a == 'l' && lower(i + 1) == 'l') ||
             (a == 'v' && lower(i + 1) == 'e')) {
    len = 2;
  } else {
    return 0;
  }
  return IsWordAt(t, i + len) ? 0 : len;
}

// Words that take an abbreviation period in wire copy (titles, months, US state
// abbreviations, company forms). Case-sensitive: "Gen." yes, "gen." no.
constexpr std::string_view kAbbreviations[] = {
    "Adm",  "Ala",  "Apr",  "Ariz", "Ark",  "Aug",   "Bros", "Calif", "Capt", "Cmdr", "Co",
    "Col",  "Colo", "Conn", "Corp", "Dec",  "Del",   "Dr",   "Feb",   "Fla",  "Fr",   "Ft",
    "Ga",   "Gen",  "Gov",  "Ill",  "Inc",  "Ind",   "Jan",  "Jr",    "Kan",  "Kans", "Ky",
    "La",   "Lt",   "Ltd",  "Maj",  "Mar",  "Mass",  "Md",   "Mich",  "Minn", "Miss", "Mo",
    "Mont", "Mr",   "Mrs",  "Ms",   "Mt",   "Neb",   "Nev",  "Nov",   "Oct",  "Okla", "Ore",
    "Pa",   "Penn", "Prof", "Rep",  "Rev",  "Sen",   "Sep",  "Sept",  "Sgt",  "Sr",   "St",
    "Tenn", "Tex",  "Va",   "Vt",   "Wash", "Wis",   "Wyo",  "a.m",   "etc",  "p.m",  "vs",
};

bool IsAbbreviation(std::string_view word) {
  return std::binary_search(std::begin(kAbbreviations), std::end(kAbbreviations), word);
}

// Does the word text[start, end) take the period at `end` as part of itself?
bool TakesPeriod(const Cursor& t, size_t start, size_t end) {
  std::string_view word(reinterpret_cast<const char*>(t.p) + start, end - start);
  // Dotted abbreviations "U.S" + ".", "a.m" + ".": last segment of 1-2 letters.
  size_t dot = word.rfind('.');
  if (dot != std::string_view::npos) {
    size_t tail = word.size() - dot - 1;
    if (tail >= 1 && tail <= 2 && IsAsciiAlpha(word.back())) return true;
  }
  if (word.size() == 1 && IsAsciiUpper(word[0])) return true;  // an initial: "J."
  if (IsAbbreviation(word)) return true;
  if (word == "No" && IsAsciiDigit(t.at(end + 2)) && t.at(end + 1) == ' ') return true;  // "No. 1"
  // A list number opening a line: "1. Antonella Bellutti".
  if (word.size() <= 3 && (start == 0 || t.p[start - 1] == '\n') &&
      std::all_of(word.begin(), word.end(), [](char c) { return IsAsciiDigit(static_cast<unsigned char>(c)); }))
    return true;
  return false;
}

// Scans a word starting at i; returns its end.
size_t ScanWord(const Cursor& t, size_t i, bool prev_is_space) {
  size_t start = i;
  size_t len;
  // A leading sign or point on a number: "-3", "-0.5", ".496".
  if (t.p[i] == '-' || t.p[i] == '+' || t.p[i] == '.') ++i;
scan:
  while (i < t.n) {
    Kind k = KindAt(t, i, &len);
    if (k == Kind::kWord) {
      i += len;
      continue;
    }
    unsigned char c = t.p[i];
    // Apostrophes: split clitics ("Mattis's" -> "Mattis" "'s", "don't" -> "do"
    // "n't"), keep names ("O'Neill").
    if (size_t alen = ApostropheAt(t, i)) {
      if (!IsWordAt(t, i + alen)) break;
      if (CliticAt(t, i + alen)) break;
      unsigned char next = t.at(i + alen) | 0x20;
      if (next == 't' && !IsWordAt(t, i + alen + 1) && i > start && (t.p[i - 1] | 0x20) == 'n') {
        if (i - 1 > start) return i - 1;  // "do" + "n't"
        i += alen;                        // the token "n't" itself
        continue;
      }
      i += alen;
      continue;
    }
    if (k != Kind::kPunct || len != 1) break;
    unsigned char next = t.at(i + 1);
    bool next_alnum = IsAsciiAlnum(next) || (next >= 0x80 && IsWordAt(t, i + 1));
    if ((c == '-' || c == '.' || c == '&' || c == '/' || c == '_' || c == '@') && next_alnum) {
      i += 1;  // Jong-un, 1996-08-22, U.S, 3.5, AT&T, 1996/97
      continue;
    }
    if ((c == ',' || c == ':') && IsAsciiDigit(next) && i > start && IsAsciiDigit(t.p[i - 1])) {
      i += 1;  // 1,200  10:30
      continue;
    }
    break;
  }
  if (i < t.n && t.p[i] == '.' && !(t.at(i + 1) == '.') && TakesPeriod(t, start, i)) {
    ++i;
    if (t.at(i) == '-' && IsAsciiAlnum(t.at(i + 1))) {  // "U.S.-led"
      ++i;
      goto scan;
    }
  }
  // Currency prefixes: "C$", "US$", "HK$".
  if (i < t.n && t.p[i] == '$' && i - start <= 3 &&
      std::all_of(t.p + start, t.p + i, [](unsigned char c) { return IsAsciiUpper(c); }))
    ++i;
  (void)prev_is_space;
  return i;
}

}  // namespace

void Tokenize(std::string_view text, std::vector<Token>* out) {
  out->clear();
  Cursor t{reinterpret_cast<const unsigned char*>(text.data()), text.size()};
  size_t i = 0;
  bool sentence_pending = true;  // next word token starts a sentence
  bool line_pending = true;      // next token is the first on its line
  int newlines = 0;              // newlines in the current run of whitespace
  bool prev_space = true;
  while (i < t.n) {
    size_t len;
    Kind k = KindAt(t, i, &len);
    if (k == Kind::kSpace || k == Kind::kNewline) {
      if (k == Kind::kNewline) {
        line_pending = true;
        if (++newlines >= 2) sentence_pending = true;
      }
      i += len;
      prev_space = true;
      continue;
    }
    newlines = 0;
    size_t start = i;
    unsigned char c = t.p[i];
    bool word = k == Kind::kWord;
    if (!word && (c == '-' || c == '+' || c == '.') && prev_space && IsAsciiDigit(t.at(i + 1))) word = true;
    size_t end;
    if (word) {
      end = ScanWord(t, i, prev_space);
    } else if (size_t alen = ApostropheAt(t, i); alen && CliticAt(t, i + alen)) {
      end = i + alen + CliticAt(t, i + alen);  // "'s" as its own token
      word = true;
    } else if (len == 1 && (c == '-' || c == '.' || c == '=' || c == '*' || c == '_' || c == '#')) {
      end = i + 1;
      while (end < t.n && t.p[end] == c) ++end;  // "--", "...", "==="
    } else {
      end = i + len;
    }
    Token tok;
    tok.start = static_cast<uint32_t>(start);
    tok.end = static_cast<uint32_t>(end);
    tok.line_start = line_pending;
    line_pending = false;
    if (word && sentence_pending) {
      tok.sentence_start = true;
      sentence_pending = false;
    }
    out->push_back(tok);
    if (!word && (c == '.' || c == '!' || c == '?')) sentence_pending = true;
    i = end;
    prev_space = false;
  }
}

}  // namespace wiretag
