#include "pipeline/taggers/tokenizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace wiretag {
namespace {

std::vector<std::string> Words(std::string_view text) {
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::vector<std::string> words;
  for (const Token& t : tokens) words.emplace_back(text.substr(t.start, t.end - t.start));
  return words;
}

using ::testing::ElementsAre;

TEST(Tokenizer, KeepsAbbreviationsHyphensAndNumbersTogether) {
  EXPECT_THAT(Words("The U.S. and Kim Jong-un met on 1996-08-22 in WINSTON-SALEM, N.C., with 1,200 troops."),
              ElementsAre("The", "U.S.", "and", "Kim", "Jong-un", "met", "on", "1996-08-22", "in",
                          "WINSTON-SALEM", ",", "N.C.", ",", "with", "1,200", "troops", "."));
}

TEST(Tokenizer, SplitsPossessivesAndNegations) {
  EXPECT_THAT(Words("Mattis's plan doesn't work, O'Neill said."),
              ElementsAre("Mattis", "'s", "plan", "does", "n't", "work", ",", "O'Neill", "said", "."));
}

TEST(Tokenizer, TakesPeriodOfKnownAbbreviationsOnly) {
  EXPECT_THAT(Words("ORLANDO, Fla., March 31 - Gen. Smith visited Iraq."),
              ElementsAre("ORLANDO", ",", "Fla.", ",", "March", "31", "-", "Gen.", "Smith", "visited",
                          "Iraq", "."));
}

TEST(Tokenizer, KeepsListNumbersDecimalsAndCurrencyPrefixes) {
  EXPECT_THAT(Words("results:\n1. Ana Ruiz .496 C$ 1.5 for U.S.-led forces, he said 3."),
              ElementsAre("results", ":", "1.", "Ana", "Ruiz", ".496", "C$", "1.5", "for", "U.S.-led", "forces", ",",
                          "he", "said", "3", "."));
}

TEST(Tokenizer, SeparatesWireDashesAndUnicodePunctuation) {
  EXPECT_THAT(Words("SEOUL, Aug. 18 (Yonhap) -- \xE2\x80\x9CYes\xE2\x80\x9D \xE2\x80\x94 ok"),
              ElementsAre("SEOUL", ",", "Aug.", "18", "(", "Yonhap", ")", "--", "\xE2\x80\x9C", "Yes",
                          "\xE2\x80\x9D", "\xE2\x80\x94", "ok"));
}

TEST(Tokenizer, SplitsFullWidthQuotesAndTheApostropheFormsFeedsUse) {
  EXPECT_THAT(Words("\xEF\xBC\x82Samsung\xEF\xBC\x82 Korea\xCA\xBCs O\xCA\xBCNeill Korea\xC2\xB4s Seoul\xEF\xBC\x87s"),
              ElementsAre("\xEF\xBC\x82", "Samsung", "\xEF\xBC\x82", "Korea", "\xCA\xBCs", "O\xCA\xBCNeill", "Korea",
                          "\xC2\xB4s", "Seoul", "\xEF\xBC\x87s"));
}

TEST(Tokenizer, KeepsAccentedLettersInsideWords) {
  EXPECT_THAT(Words("Jos\xC3\xA9 Mar\xC3\xAD" "a Aznar\xC2\xA0said"),
              ElementsAre("Jos\xC3\xA9", "Mar\xC3\xAD" "a", "Aznar", "said"));
}

TEST(Tokenizer, MarksSentenceAndLineStarts) {
  std::string text = "He left. She stayed\nhere.\n\nnew paragraph";
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::vector<std::string> starts, lines;
  for (const Token& t : tokens) {
    if (t.sentence_start) starts.emplace_back(text.substr(t.start, t.end - t.start));
    if (t.line_start) lines.emplace_back(text.substr(t.start, t.end - t.start));
  }
  EXPECT_THAT(starts, ElementsAre("He", "She", "new"));
  EXPECT_THAT(lines, ElementsAre("He", "here", "new"));
}

TEST(Tokenizer, ClearsOutputAndHandlesEmptyText) {
  std::vector<Token> tokens(3);
  Tokenize("", &tokens);
  EXPECT_TRUE(tokens.empty());
  Tokenize("  \n ", &tokens);
  EXPECT_TRUE(tokens.empty());
}

TEST(Tokenizer, NeverReadsPastTruncatedUtf8) {
  std::string text = "abc \xE2\x80";  // truncated three-byte sequence at the end
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  ASSERT_FALSE(tokens.empty());
  EXPECT_EQ(tokens.back().end, text.size());
}

bool IsSpaceByte(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// Tokens as CoNLL-2003 writes them: each must come back unchanged when the
// tokens are joined by single spaces (the evaluation maps spans through this).
const std::vector<std::string> kConllTokens = {
    "U.S.", "1996-08-22", "Jong-un", "(", ")", "'s", "n't", "--", "-", ",", ".", "\"", "Kim", "Mattis",
    "said", "1,200", "3.5", "N.C.", "Fla.", "Gen.", "Inc.", "AT&T", "1996/97", "O'Neill", "'", ":", ";",
    "?", "!", "...", "-3", "WINSTON-SALEM", "$", "%", "a.m.", "S&P", "10:30", "Jos\xC3\xA9", "J.",
    "\xE2\x80\x94", "St.", "Corp.", "all-rounder", "1-0", ".496", "C$", "US$", "U.S.-led",
};

RC_GTEST_PROP(TokenizerProperty, OffsetsIncreaseStayInBoundsAndSkipWhitespace, (std::string text)) {
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  uint32_t previous_end = 0;
  for (const Token& t : tokens) {
    RC_ASSERT(t.start >= previous_end);
    RC_ASSERT(t.end > t.start);
    RC_ASSERT(t.end <= text.size());
    RC_ASSERT(!IsSpaceByte(text[t.start]));
    for (uint32_t i = t.start; i < t.end; ++i) RC_ASSERT(!IsSpaceByte(text[i]));
    previous_end = t.end;
  }
}

RC_GTEST_PROP(TokenizerProperty, ConllTokensJoinedBySpacesComeBack, ()) {
  auto tokens = *rc::gen::container<std::vector<std::string>>(rc::gen::oneOf(
      rc::gen::elementOf(kConllTokens),
      rc::gen::nonEmpty(rc::gen::container<std::string>(rc::gen::elementOf(std::string("abcXYZ019"))))));
  std::string text;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i) text += ' ';
    text += tokens[i];
  }
  RC_ASSERT(Words(text) == tokens);
}

}  // namespace
}  // namespace wiretag
