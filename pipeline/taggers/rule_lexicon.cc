#include "pipeline/taggers/rule_lexicon.h"

#include <algorithm>
#include <string>
#include <vector>

#include "pipeline/taggers/case_fold.h"
#include "pipeline/taggers/list_lines.h"
#include "pipeline/taggers/place_gazetteer.h"
#include "pipeline/taggers/word_lists.h"

namespace wiretag {
namespace {

// Calls f(line) for every non-empty, non-comment line of the list.
template <typename F>
void ForEachLine(const WordList& list, F&& f) {
  ListLines lines = list.lines();
  for (std::string_view line; lines.Next(&line);) f(line);
}

std::vector<std::string> ReadList(const WordList& list) {
  std::vector<std::string> lines;
  ForEachLine(list, [&](std::string_view line) { lines.emplace_back(line); });
  return lines;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (true) {
    size_t next = s.find(sep, pos);
    parts.push_back(Trim(s.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos)));
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  return parts;
}

// Calls f(part) on each '-'-separated part of `word` while it returns true.
// False when it did not, or at an empty part ("a--b").
template <typename F>
bool EveryHyphenPart(std::string_view word, F&& f) {
  size_t pos = 0;
  while (pos <= word.size()) {
    size_t dash = word.find('-', pos);
    std::string_view part = word.substr(pos, dash == std::string_view::npos ? std::string_view::npos : dash - pos);
    pos = dash == std::string_view::npos ? word.size() + 1 : dash + 1;
    if (part.empty() || !f(part)) return false;
  }
  return true;
}

}  // namespace

void AppendLower(std::string_view s, std::string* out) {
  for (char c : s) out->push_back(AsciiLower(c));
}

// Does the word start with an upper-case letter? ASCII, Latin-1 and Cyrillic;
// other scripts count as capitalised (they have no case to tell us otherwise).
bool StartsUpper(std::string_view s) {
  auto c = static_cast<unsigned char>(s[0]);
  if (c < 0x80) return IsAsciiUpper(c);
  unsigned char c1 = s.size() > 1 ? static_cast<unsigned char>(s[1]) : 0;
  if (c == 0xC3) return c1 >= 0x80 && c1 <= 0x9E && c1 != 0x97;
  if (c == 0xC4 || c == 0xC5) return (c1 & 1) == 0;  // Latin Extended-A alternates upper/lower
  if (c == 0xD0) return c1 >= 0x80 && c1 <= 0xAF;
  if (c == 0xC2 || c == 0xE2 || c == 0xE3) return false;  // symbols
  return true;
}

bool StartsLower(std::string_view s) {
  auto c = static_cast<unsigned char>(s[0]);
  if (c < 0x80) return IsAsciiLower(c);
  unsigned char c1 = s.size() > 1 ? static_cast<unsigned char>(s[1]) : 0;
  if (c == 0xC3) return c1 >= 0x9F;
  return false;
}

bool AllUpperWord(std::string_view s) {
  bool letters = false;
  for (char c : s) {
    if (IsAsciiLower(static_cast<unsigned char>(c))) return false;
    if (IsAsciiUpper(static_cast<unsigned char>(c))) letters = true;
  }
  return letters;
}

RuleLexicon::RuleLexicon(const WordLists& words, const PlaceGazetteer& places) : places_(places) {
  lex_.reserve(1 << 16);
  LoadWords(words.Require("first_names.tsv"), kFirstName, /*first_column=*/true);
  LoadWords(words.Require("org_suffixes.txt"), kOrgSuffix, false);
  LoadWords(words.Require("misc_suffixes.txt"), kMiscSuffix, false);
  LoadWords(words.Require("org_prefixes.txt"), kOrgPrefix, false);
  LoadWords(words.Require("loc_suffixes.txt"), kLocSuffix, false);
  LoadWords(words.Require("not_names.txt"), kNotName, false);
  LoadWords(words.Require("common_words.txt"), kCommon, false);
  for (const std::string& line : ReadList(words.Require("titles.txt"))) AddPhrase(line, PhraseKind::kTitle, line);
  for (const std::string& line : ReadList(words.Require("organisations.tsv"))) {
    std::vector<std::string> cols = Split(line, '\t');
    AddPhrase(cols[0], PhraseKind::kOrg, cols[0]);
    if (cols.size() > 1) {
      for (const std::string& alias : Split(cols[1], '|')) {
        if (!alias.empty()) AddPhrase(alias, PhraseKind::kOrg, cols[0]);
      }
    }
  }
  for (const std::string& line : ReadList(words.Require("misc.txt"))) AddPhrase(line, PhraseKind::kMisc, line);
  for (const std::string& line : ReadList(words.Require("locations.txt"))) AddPhrase(line, PhraseKind::kLoc, line);
  for (const char* w : {"bank", "university", "ministry", "department", "council", "institute", "association",
                        "federation", "union", "organisation", "organization", "party", "church", "court",
                        "commission", "committee", "league", "board", "bureau", "office", "academy",
                        "college", "school", "society", "chamber", "house", "museum", "front", "army",
                        "movement", "centre", "center", "fund", "agency", "corporation", "authority"}) {
    lex_[w] |= kOrgHead;
  }
  for (const char* w : {"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "dos", "das",
                        "bin", "ibn", "al", "el", "le", "la", "ter", "ten", "y"}) {
    lex_[w] |= kParticle;
  }
  for (const char* w : {"said", "says", "told", "added", "wrote", "asked", "replied", "stated", "noted",
                        "argued", "explained", "insisted", "warned", "announced", "confirmed", "denied"}) {
    lex_[w] |= kReportVerb;
  }
  for (const char* w : {"the", "a", "an"}) lex_[w] |= kArticle;
  for (const char* w : {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                        "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
                        "southeastern", "southwestern", "upper", "lower", "greater", "far", "mid"}) {
    lex_[w] |= kDirection;
  }
  for (const char* w : {"soccer", "football", "cricket", "tennis", "golf", "rugby", "basketball", "baseball",
                        "cycling", "athletics", "boxing", "motorracing", "hockey", "nfl", "nba", "nhl", "sailing",
                        "swimming", "skiing", "badminton", "squash", "snooker", "volleyball", "handball",
                        "rowing", "judo", "wrestling", "motorcycling", "racing", "sport", "sports", "olympics"}) {
    lex_[w] |= kSport;
  }
  for (const char* w : {"in", "at", "from", "near", "into", "outside", "across", "via", "towards", "toward",
                        "to", "visited", "visit", "reach", "reached"}) {
    lex_[w] |= kLocPrep;
  }
}

void RuleLexicon::LoadWords(const WordList& list, uint16_t flag, bool first_column) {
  std::string key;
  ForEachLine(list, [&](std::string_view line) {
    std::string_view word = first_column ? line.substr(0, line.find('\t')) : line;
    while (!word.empty() && (word.back() == ' ' || word.back() == '\t')) word.remove_suffix(1);
    while (!word.empty() && (word.front() == ' ' || word.front() == '\t')) word.remove_prefix(1);
    key.clear();
    AppendLower(word, &key);
    if (key.empty()) return;
    auto it = lex_.find(std::string_view(key));
    if (it == lex_.end()) it = lex_.emplace(key, 0).first;
    it->second |= flag;
  });
}

void RuleLexicon::AddPhrase(const std::string& written, PhraseKind kind, const std::string& canonical) {
  std::string key;
  AppendLower(written, &key);
  if (key.empty()) return;
  Phrase p{kind, canonical, {}};
  // Short all-capital acronyms match only as written ("WHO" is not "Who").
  if (written.size() <= 4 && AllUpperWord(written) && written.find(' ') == std::string::npos &&
      written.find('.') == std::string::npos) {
    p.exact = written;
  }
  size_t words = std::count(key.begin(), key.end(), ' ') + 1;
  max_phrase_tokens_ = std::max(max_phrase_tokens_, std::min(words, kMaxPhraseTokens));
  lex_[key.substr(0, key.find(' '))] |= kPhrase;
  // Keep the first entry for a key: titles are loaded first, then orgs.
  phrases_.emplace(std::move(key), std::move(p));
}

uint16_t RuleLexicon::LexOf(std::string_view word, std::string* key) const {
  if (word.size() > kMaxWordBytes) return 0;
  key->clear();
  AppendLower(word, key);
  auto it = lex_.find(std::string_view(*key));
  uint16_t flags = it == lex_.end() ? 0 : it->second;
  if (!flags && word.back() == '.' && word.size() > 2) {  // "Corp." -> "corp", but "A." is an initial
    it = lex_.find(std::string_view(*key).substr(0, key->size() - 1));
    if (it != lex_.end()) flags = it->second & ~kPhrase;
  }
  return flags;
}

bool RuleLexicon::HyphenCommon(std::string_view word, std::string* key) const {
  return EveryHyphenPart(word, [&](std::string_view part) { return (LexOf(part, key) & (kCommon | kNotName)) != 0; });
}

bool RuleLexicon::HyphenMisc(std::string_view word) const {
  if (word.size() > kMaxWordBytes || word.front() == '-' || word.back() == '-') return false;
  if (places_.FindCountry(word) || places_.FindRegion(word) || places_.FindCity(word)) return false;
  bool any_place = false, all_places = true, lower_part = false;
  const bool parts_ok = EveryHyphenPart(word, [&](std::string_view part) {
    bool place = false;
    if (StartsUpper(part)) {
      const Place* city = nullptr;
      place = places_.FindCountry(part) || places_.FindRegion(part) || Demonym(part) ||
              ((city = places_.FindCity(part)) && city->population >= 100000);
    }
    if (place) {
      any_place = true;
    } else {
      all_places = false;
      lower_part |= StartsLower(part);
    }
    return true;
  });
  return parts_ok && any_place && (lower_part || all_places);
}

bool RuleLexicon::Demonym(std::string_view word) const {
  if (places_.FindDemonym(word)) return true;
  if (word.size() > 3 && word.back() == 's') return places_.FindDemonym(word.substr(0, word.size() - 1));
  return false;
}

}  // namespace wiretag
