#pragma once
// RuleLexicon is what RuleEntityTagger knows before it reads a story: the
// properties of lower-cased words (first name, organisation suffix, common
// English word, ...) and the known phrases (titles, organisations, events,
// places) from the lists of config/gazetteers/ (see rule_entity_tagger.h) in
// the WordLists it is given (word_lists.h, shared with the corrections), a
// few closed classes of English written in rule_lexicon.cc, and the
// PlaceGazetteer it is given. Immutable after construction; its const
// methods are thread-safe. The per-story work is RuleEntityTagger's pass.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace wiretag {

class PlaceGazetteer;
class WordList;
class WordLists;

// Properties of a lower-cased word.
enum LexFlag : uint16_t {
  kFirstName = 1 << 0,
  kOrgSuffix = 1 << 1,   // "Inc", "Bank", "Party": a run ending in it is an ORG
  kOrgHead = 1 << 2,     // "Bank", "University": may be followed by "of X"
  kNotName = 1 << 3,     // capitalised but never (part of) a name: "The", "Monday"
  kMiscSuffix = 1 << 4,  // "Cup", "Championship": a run ending in it is MISC
  kParticle = 1 << 5,    // "van", "bin": joins the capitalised parts of a name
  kReportVerb = 1 << 6,  // "said": a one-word name before it is a person
  kLocPrep = 1 << 7,     // "in", "from": a one-word name after it is a place
  kPhrase = 1 << 8,      // first word of a known phrase
  kSport = 1 << 9,       // "soccer": a story opening with it is a sports story
  kOrgPrefix = 1 << 10,  // "Real", "Dynamo": a run opening with it is an ORG
  kArticle = 1 << 11,    // "the", "a"
  kCommon = 1 << 12,     // a common English word ("security", "bond")
  kLocSuffix = 1 << 13,  // "Square", "Park": a run ending in it is a place
  kDirection = 1 << 14,  // "North", "Western": with a place after it, still a place
};

enum class PhraseKind : uint8_t { kTitle, kOrg, kMisc, kLoc };

struct Phrase {
  PhraseKind kind;
  std::string canonical;
  std::string exact;  // non-empty: matches only when written exactly so ("WHO", not "Who")
};

inline constexpr size_t kMaxPhraseTokens = 8;
inline constexpr size_t kMaxPlaceTokens = 3;
inline constexpr size_t kMaxWordBytes = 48;

// Appends `s` with ASCII letters lowered: the key of the word tables.
void AppendLower(std::string_view s, std::string* out);
bool StartsUpper(std::string_view s);
bool StartsLower(std::string_view s);
// Has letters, none of them lower case.
bool AllUpperWord(std::string_view s);

class RuleLexicon {
 public:
  // Builds from `words` (not kept); `places` must outlive the lexicon. Throws
  // std::runtime_error naming the file on a missing or malformed list.
  RuleLexicon(const WordLists& words, const PlaceGazetteer& places);
  RuleLexicon(const RuleLexicon&) = delete;
  RuleLexicon& operator=(const RuleLexicon&) = delete;

  // The flags of `word` (any case; "Corp." as "corp"). `key` is scratch.
  uint16_t LexOf(std::string_view word, std::string* key) const;
  // The phrase whose lower-cased words, joined by one space, are `key`.
  const Phrase* FindPhrase(std::string_view key) const {
    auto it = phrases_.find(key);
    return it == phrases_.end() ? nullptr : &it->second;
  }
  // The longest phrase, in words (at most kMaxPhraseTokens).
  size_t max_phrase_tokens() const { return max_phrase_tokens_; }
  const PlaceGazetteer& places() const { return places_; }

  // Every part of a hyphenated word is a common word ("Year-on-year").
  bool HyphenCommon(std::string_view word, std::string* key) const;
  // A hyphenated compound with a place or nationality: "Bergamo-based",
  // "pro-Moscow", "German-Israeli".
  bool HyphenMisc(std::string_view word) const;
  // A nationality, or its plural ("Kurds").
  bool Demonym(std::string_view word) const;

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename T>
  using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

  void LoadWords(const WordList& list, uint16_t flag, bool first_column);
  void AddPhrase(const std::string& written, PhraseKind kind, const std::string& canonical);

  const PlaceGazetteer& places_;
  StringMap<uint16_t> lex_;
  StringMap<Phrase> phrases_;
  size_t max_phrase_tokens_ = 1;
};

}  // namespace wiretag
