#pragma once
// Splits UTF-8 text into word and punctuation tokens with byte offsets.
//
// Keeps together what wire copy treats as one word: abbreviations with periods
// ("U.S.", "Fla.", "Aug."), hyphenated names ("Kim Jong-un", "WINSTON-SALEM"),
// numbers with separators ("1,200", "3.5", "1996-08-22"), and splits possessive
// "'s" and surrounding punctuation off. Curly, full-width and modifier-letter
// apostrophes work like "'" ("Korea’s", "O’Neill"); quotation marks of every
// kind, full-width ones included ("＂Samsung＂"), are tokens of their own. Text of CoNLL tokens joined by single
// spaces tokenizes back to those tokens (the evaluation relies on it).
//
// Stateless and thread-safe; allocation only to grow the output vector.

#include <cstdint>
#include <string_view>
#include <vector>

namespace wiretag {

struct Token {
  uint32_t start = 0;  // byte offset, inclusive
  uint32_t end = 0;    // byte offset, exclusive
  bool sentence_start = false;  // first token of a sentence (after . ! ? or a blank line)
  bool line_start = false;      // first token on its line
};

// Appends the tokens of `text` to `out` (which is cleared first).
void Tokenize(std::string_view text, std::vector<Token>* out);

}  // namespace wiretag
