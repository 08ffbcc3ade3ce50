#pragma once
// Case helpers for names in gazetteers and wire text. FoldCase() gives the
// key under which names are looked up: ASCII is lowered in place, other text
// goes through utf8proc's Unicode case folding. TitleCase() writes a name the
// way a person would ("WINSTON-SALEM" -> "Winston-Salem", "DAR ES SALAAM" ->
// "Dar Es Salaam"); callers prefer a gazetteer's canonical spelling when one
// exists. Both are pure functions, thread-safe; invalid UTF-8 is passed
// through byte for byte.

#include <string>
#include <string_view>

namespace wiretag {

// Unicode case fold (ASCII fast path).
std::string FoldCase(std::string_view text);

// Appends the fold of `text` to *out, without clearing it.
void AppendFoldCase(std::string_view text, std::string* out);

// First letter of every word (after a space, hyphen, apostrophe or period) in
// upper case, the rest in lower case.
std::string TitleCase(std::string_view text);

inline bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }
inline bool IsAsciiAlpha(char c) { return IsAsciiUpper(c) || IsAsciiLower(c); }
inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }  // as isspace in the C locale
inline char AsciiLower(char c) { return IsAsciiUpper(c) ? static_cast<char>(c + 32) : c; }
inline char AsciiUpper(char c) { return IsAsciiLower(c) ? static_cast<char>(c - 32) : c; }

// `text` with ASCII letters lowered (raised); other bytes unchanged. For
// names that are ASCII by definition (config keys, headers, MIME types).
std::string AsciiLower(std::string_view text);
std::string AsciiUpper(std::string_view text);
// Equal but for the case of ASCII letters.
bool AsciiEqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace wiretag
