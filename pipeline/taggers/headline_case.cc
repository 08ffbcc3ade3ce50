#include "pipeline/taggers/headline_case.h"

#include <vector>

namespace wiretag {
namespace {

constexpr uint64_t kLargeCity = 100'000;

bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }

// Letters in the word when it is made of ASCII letters (an apostrophe's "'s"
// and inner hyphens allowed); 0 for anything else.
size_t WordLetters(std::string_view w) {
  size_t letters = 0;
  for (char c : w) {
    if (IsAsciiUpper(c) || IsAsciiLower(c)) {
      ++letters;
    } else if (c != '\'' && c != '-') {
      return 0;
    }
  }
  return letters;
}

bool AllCapitals(std::string_view w) {
  for (char c : w)
    if (IsAsciiLower(c)) return false;
  return true;
}

}  // namespace

std::optional<std::string> SentenceCasedHeadline(std::string_view headline, std::span<const Token> tokens,
                                                 const EntityCorrections& words, const PlaceGazetteer& places) {
  auto word = [&](size_t i) { return headline.substr(tokens[i].start, tokens[i].end - tokens[i].start); };
  size_t long_words = 0, common = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string_view w = word(i);
    if (WordLetters(w) < 4) continue;
    if (!IsAsciiUpper(w[0])) return std::nullopt;  // "Google puts desktop search ..."
    ++long_words;
    if (!AllCapitals(w) && words.IsCommonWord(w)) ++common;
  }
  if (long_words < 3 || common < 2) return std::nullopt;

  std::string cased(headline);
  // Whether each word is (part of) a name as written: decided left to right,
  // since a given name or an organisation word depends on its neighbour. The
  // first word stays capitalised either way, as in a sentence.
  std::vector<bool> name(tokens.size(), false);
  // Words of a place's name of two or three capitalised words ("United
  // States", "Czech Republic") stay as written.
  std::vector<bool> in_place(tokens.size(), false);
  for (size_t i = 0; i < tokens.size(); ++i) {
    for (size_t len = 2; len <= 3 && i + len <= tokens.size(); ++len) {
      if (!IsAsciiUpper(word(i + len - 1)[0])) break;
      std::string_view phrase = headline.substr(tokens[i].start, tokens[i + len - 1].end - tokens[i].start);
      if (places.FindCountry(phrase) || places.FindRegion(phrase) || places.FindCity(phrase))
        for (size_t k = i; k < i + len; ++k) in_place[k] = true;
    }
  }
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string_view w = word(i);
    if (!WordLetters(w) || !IsAsciiUpper(w[0])) continue;
    name[i] = true;
    if (AllCapitals(w) || !words.IsCommonWord(w)) continue;
    // A one-word city counts when it is large, as in the rule tagger: a
    // "Grant" or "Mobile" of a few thousand people is a common word here.
    const Place* city = places.FindCity(w);
    if (places.FindCountry(w) || places.FindRegion(w) || places.FindDemonym(w) ||
        (city && city->population >= kLargeCity))
      continue;
    if (in_place[i]) continue;
    if (i > 0 && name[i - 1] && words.IsOrganisationWord(w)) continue;  // "Deutsche Bank"
    if (words.IsFirstName(w) && i + 1 < tokens.size()) {
      std::string_view next = word(i + 1);
      if (WordLetters(next) && IsAsciiUpper(next[0]) && !words.IsCommonWord(next)) continue;
    }
    name[i] = false;
    if (i > 0) cased[tokens[i].start] = static_cast<char>(cased[tokens[i].start] - 'A' + 'a');
  }
  return cased;
}

}  // namespace wiretag
