#pragma once
// Typographic quotation marks and apostrophes, and their ASCII equivalents.
//
// Wire copy arrives with curly quotes (‘ ’ “ ”), low-9 quotes („ ‚), primes,
// guillemets and full-width forms, while the entity model was trained on text
// with ASCII ' and ". The model's features fold each of these to its ASCII
// form, and a quote token is never part of an entity span; the text and its
// offsets are never rewritten. Pure functions, thread-safe.

#include <string_view>

namespace wiretag {

// '\'' for a single quote or apostrophe code point (U+2018..U+201B, U+2032,
// U+2035, U+02BC, U+00B4, U+FF07, U+2039/U+203A), '"' for a double one
// (U+201C..U+201F, U+2033, U+2036, U+00AB, U+00BB, U+FF02, U+301D..U+301F),
// 0 for any other code point.
char AsciiQuoteFor(char32_t code_point);

// True when the token consists only of quotation marks and apostrophes, ASCII
// or typographic ("“", "'", "``", "’’").
bool IsQuoteToken(std::string_view token);

}  // namespace wiretag
