#include "pipeline/taggers/rule_entity_tagger.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "pipeline/taggers/case_fold.h"
#include "pipeline/taggers/entity_merge.h"
#include "pipeline/taggers/place_gazetteer.h"
#include "pipeline/taggers/rule_lexicon.h"
#include "pipeline/taggers/word_lists.h"

namespace wiretag {
namespace {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename T>
using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

// Per-token facts, computed once per Tag() call.
struct Tk {
  std::string_view s;
  uint16_t lex = 0;
  bool cap = false;        // starts with an upper-case letter
  bool lower = false;      // starts with a lower-case letter
  bool all_upper = false;  // has letters, none lower case
  bool digit = false;
  bool title = false;          // part of a title or role
  bool after_title = false;    // first token after a title
  bool sentence_start = false;
  bool line_start = false;
  bool caps_line = false;   // on a line written in capitals (headline, sports result)
  bool table_line = false;  // on a line of scores/figures
  bool taken = false;       // already inside an entity
};

// kSure: decided. kUnknown: decided by the document pass. kLikely: as kUnknown,
// but the type given is the one to fall back on ("Austin" at a sentence start).
enum class Evidence : uint8_t { kSure, kUnknown, kLikely };

struct Candidate {
  uint32_t a, b;  // token range
  EntityType type;
  Evidence evidence;
  std::string canonical;  // empty = the text
  bool overrides_model = false;  // sure enough to beat a trained model (see TagWithOverrides)
};

struct Match {
  size_t len = 0;
  EntityType type = EntityType::kMisc;
  std::string canonical;
  bool is_title = false;
  bool from_city = false;  // a city/region, weaker than a country
};

// The buffers a pass works in. TagWithOverrides() keeps one per thread, so a
// pass allocates only for a story larger than any before it on its thread.
struct PassScratch {
  std::vector<Tk> tokens;
  std::vector<Candidate> candidates;
  std::vector<Entity> mine;
  std::string key, joined, resolve_key, caps_key;
  StringMap<size_t> known, caps_known;
};

// One story's tagging: token facts, candidates and the document-level
// decisions, all of it state of this call (in `scratch`), none of it of the
// tagger. Run() once, then drop the pass.
class RulePass {
 public:
  RulePass(const RuleLexicon& lexicon, PassScratch* scratch)
      : lexicon_(lexicon), scratch_(*scratch), tk_(scratch->tokens), cands_(scratch->candidates) {}

  void Run(std::string_view text, std::span<const Token> tokens, std::vector<Entity>* out,
           std::vector<Entity>* overrides) {
    auto& tk = tk_;
    auto& cands = cands_;
    std::string& key = scratch_.key;
    tk.assign(tokens.size(), Tk{});
    cands.clear();
    const size_t n = tokens.size();
    size_t out_begin = out->size();

    // Token facts and per-line shape.
    for (size_t i = 0; i < n; ++i) {
      Tk& t = tk[i];
      t.s = text.substr(tokens[i].start, tokens[i].end - tokens[i].start);
      t.cap = StartsUpper(t.s);
      t.lower = !t.cap && StartsLower(t.s);
      t.all_upper = t.cap && AllUpperWord(t.s);
      t.digit = t.s[0] >= '0' && t.s[0] <= '9';
      t.sentence_start = tokens[i].sentence_start || tokens[i].line_start;
      t.line_start = tokens[i].line_start;
      t.lex = lexicon_.LexOf(t.s, &key);
      if (!t.lex && t.cap && t.s.find('-') != std::string_view::npos && lexicon_.HyphenCommon(t.s, &key))
        t.lex = kCommon;  // "Year-on-year", "Blue-chip"
    }
    sports_doc_ = false;
    for (size_t i = 0; i < n && i < 3; ++i) {  // "SOCCER - ...", "CRICKET - ..." opens a sports story
      if (lexicon_.LexOf(tk[i].s, &key) & kSport) sports_doc_ = true;
    }
    for (size_t b = 0, a = 0; a < n; a = b) {  // second sweep: line shapes
      b = a + 1;
      while (b < n && !tokens[b].line_start) ++b;
      ShapeLine(a, b);
    }

    // Titles and roles: cut out, and the capitalised words after them are a
    // person. Known names of several words that contain lower-case words
    // ("Organisation for Security and Cooperation in Europe") are taken here too.
    for (size_t i = 0; i < n; ++i) {
      if (!tk[i].cap || !(tk[i].lex & kPhrase)) continue;
      Match m = MatchPhrase(i, n, &key, PhraseScope::kListed);
      if (m.len == 0) continue;
      if (m.is_title) {
        // "John Major": a title word right after a first name is a surname.
        if (i > 0 && tk[i - 1].cap && (tk[i - 1].lex & kFirstName) && !tk[i - 1].title && !tk[i - 1].sentence_start)
          continue;
        for (size_t k = i; k < i + m.len; ++k) tk[k].title = true;
        if (i + m.len < n) tk[i + m.len].after_title = true;
      } else {
        bool has_lower = false;
        for (size_t k = i; k < i + m.len; ++k) has_lower |= tk[k].lower;
        if (!has_lower || tk[i].caps_line) continue;
        Add(i, i + m.len, m.type, Evidence::kSure, std::move(m.canonical));
        cands_.back().overrides_model = true;  // a listed name, written out in full
      }
      i += m.len - 1;
    }

    // Hyphenated compounds with a place or nationality: "Bergamo-based",
    // "pro-Moscow", "German-Israeli" are MISC.
    for (size_t i = 0; i < n; ++i) {
      if (!tk[i].taken && !tk[i].caps_line && tk[i].s.find('-') != std::string_view::npos && lexicon_.HyphenMisc(tk[i].s))
        Add(i, i + 1, EntityType::kMisc, Evidence::kSure);
    }

    // Capitalised runs on ordinary lines.
    for (size_t i = 0; i < n;) {
      if (tk[i].caps_line || !IsRunWord(i)) {
        ++i;
        continue;
      }
      size_t b = i + 1;
      while (b < n && !tokens[b].line_start) {
        if (IsRunWord(b)) {
          ++b;
        } else if (IsJoiner(b)) {  // "Joost van der Westhuizen"
          size_t c = b;
          while (c < n && !tokens[c].line_start && IsJoiner(c)) ++c;
          if (c == b || c >= n || tokens[c].line_start || !IsRunWord(c) || c - b > 2) break;
          b = c + 1;
        } else {
          break;
        }
      }
      Segment(i, b, &key);
      i = b;
    }

    ResolveUnknowns();
    TagCapsLines(n, &key);

    for (const Candidate& c : cands) {
      Entity e;
      e.type = c.type;
      e.start = tokens[c.a].start;
      e.end = tokens[c.b - 1].end;
      e.text = std::string(text.substr(e.start, e.end - e.start));
      e.canonical = c.canonical.empty() ? e.text : c.canonical;
      out->push_back(std::move(e));
    }
    std::sort(out->begin() + out_begin, out->end(),
              [](const Entity& x, const Entity& y) { return x.start < y.start; });
    std::vector<Entity>& mine = scratch_.mine;
    mine.assign(std::make_move_iterator(out->begin() + out_begin), std::make_move_iterator(out->end()));
    out->resize(out_begin);
    LinkCanonicals(&mine);
    if (overrides) {
      for (const Candidate& c : cands) {
        if (!c.overrides_model) continue;
        uint32_t start = tokens[c.a].start;
        auto it = std::lower_bound(mine.begin(), mine.end(), start,
                                   [](const Entity& e, uint32_t s) { return e.start < s; });
        if (it != mine.end() && it->start == start) overrides->push_back(*it);
      }
      std::sort(overrides->begin(), overrides->end(),
                [](const Entity& x, const Entity& y) { return x.start < y.start; });
    }
    out->insert(out->end(), std::make_move_iterator(mine.begin()), std::make_move_iterator(mine.end()));
  }


 private:
  // ---- line shapes ----
  void ShapeLine(size_t a, size_t b) {
    auto& tk = tk_;
    size_t upper_words = 0, lower_words = 0, cap_words = 0, digits = 0;
    for (size_t i = a; i < b; ++i) {
      const Tk& t = tk[i];
      if (t.digit) ++digits;
      if (t.lower) ++lower_words;
      if (t.cap) ++cap_words;
      if (t.all_upper && t.s.size() >= 2) ++upper_words;
    }
    bool has_lower_letters = false;
    for (size_t i = a; i < b && !has_lower_letters; ++i) {
      if (tk[i].cap && !tk[i].all_upper && tk[i].s.size() >= 2) has_lower_letters = true;
    }
    bool caps = upper_words >= 2 && !has_lower_letters && lower_words == 0;
    bool table = digits >= 2 && lower_words <= 1;
    for (size_t i = a; i < b; ++i) {
      tk[i].caps_line = caps;
      tk[i].table_line = table;
    }
  }

  // ---- runs ----
  bool IsRunWord(size_t i) {
    const auto& tk = tk_;
    const Tk& t = tk[i];
    if (!t.cap || t.title || t.taken || t.digit) return false;
    if (!(t.lex & kNotName)) return true;
    // "Theresa May", "Peter Such": a common word after a first name is a surname.
    return i > 0 && !t.sentence_start && !t.all_upper && tk[i - 1].cap && (tk[i - 1].lex & kFirstName) &&
           !tk[i - 1].title;
  }

  // A lower-case or symbol word that joins two capitalised ones into one name:
  // "Osama bin Laden", "Procter & Gamble", "Bank of England".
  bool IsJoiner(size_t i) {
    const auto& tk = tk_;
    const Tk& t = tk[i];
    if (t.title) return false;
    if (t.lex & kParticle) return t.lower;
    if (t.s == "&") return true;
    if (t.s == "of" && i > 0 && (tk[i - 1].lex & kOrgHead)) return true;
    return false;
  }

  // Longest known phrase starting at token i (titles, organisations, events;
  // places from the PlaceGazetteer) within [i, end).
  enum class PhraseScope { kListed, kAll };

  Match MatchPhrase(size_t i, size_t end, std::string* key, PhraseScope scope) {
    const auto& tk = tk_;
    Match best;
    size_t limit = std::min(end - i, lexicon_.max_phrase_tokens());
    if (tk[i].lex & kPhrase) {
      // Build the keys of all lengths once, remember where each ends.
      key->clear();
      size_t ends[kMaxPhraseTokens + 1] = {};
      size_t len = 0;
      for (; len < limit; ++len) {
        if (tk[i + len].s.size() > kMaxWordBytes) break;
        if (len) key->push_back(' ');
        AppendLower(tk[i + len].s, key);
        ends[len + 1] = key->size();
      }
      for (; len >= 1; --len) {
        const Phrase* found = lexicon_.FindPhrase(std::string_view(*key).substr(0, ends[len]));
        if (!found) continue;
        const Phrase& p = *found;
        if (scope == PhraseScope::kAll && p.kind == PhraseKind::kTitle) continue;
        if (!p.exact.empty() && (len != 1 || tk[i].s != p.exact)) continue;
        best.len = len;
        best.is_title = p.kind == PhraseKind::kTitle;
        best.type = p.kind == PhraseKind::kOrg   ? EntityType::kOrganisation
                    : p.kind == PhraseKind::kLoc ? EntityType::kLocation
                                                 : EntityType::kMisc;
        best.canonical = p.canonical;
        break;
      }
    }
    if (scope == PhraseScope::kListed) return best;
    // Places: longest match of up to three tokens, as written.
    size_t place_limit = std::min(end - i, kMaxPlaceTokens);
    if (place_limit <= best.len) return best;
    std::string& joined = scratch_.joined;
    for (size_t len = place_limit; len > best.len; --len) {
      joined.clear();
      for (size_t k = i; k < i + len; ++k) {
        if (k > i) joined.push_back(' ');
        joined.append(tk[k].s);
      }
      const Place* p = lexicon_.places().FindCountry(joined);
      bool city = false;
      if (!p) p = lexicon_.places().FindRegion(joined);
      if (!p) {
        p = lexicon_.places().FindCity(joined);
        city = p != nullptr;
        if (p && len == 1 && !PlausibleCity(i, *p)) p = nullptr;
      }
      if (p) {
        best.len = len;
        best.type = EntityType::kLocation;
        best.canonical = p->name;
        best.from_city = city || p->kind != Place::Kind::kCountry;
        return best;
      }
      if (len <= 2 && lexicon_.Demonym(joined)) {
        best.len = len;
        best.type = EntityType::kMisc;
        best.canonical.clear();
        return best;
      }
    }
    return best;
  }

  // A one-word city name is often a surname or a word ("Clinton", "Mary",
  // "Reading"): without a place preposition before it, only larger cities count.
  bool PlausibleCity(size_t i, const Place& city) {
    const auto& tk = tk_;
    if (i > 0 && tk[i - 1].lower && (tk[i - 1].lex & kLocPrep)) return true;
    uint64_t needed = (tk[i].lex & kFirstName) ? 1000000 : 100000;
    return city.population >= needed;
  }

  void Add(size_t a, size_t b, EntityType type, Evidence ev, std::string canonical = {}) {
    auto& cands = cands_;
    auto& tk = tk_;
    for (size_t k = a; k < b; ++k) tk[k].taken = true;
    cands.push_back({static_cast<uint32_t>(a), static_cast<uint32_t>(b), type, ev, std::move(canonical)});
  }

  // "DETROIT 1996-08-30", "ARLINGTON , Texas 1996-08-31": a short line made
  // of a place and an ISO date is a dateline, so its places are not teams.
  bool DatelineLike(size_t i, size_t) {
    const auto& tk = tk_;
    size_t k = i;
    while (k + 1 < tk.size() && !tk[k + 1].line_start && k - i < 6) ++k;
    if (k + 1 < tk.size() && !tk[k + 1].line_start) return false;  // line too long
    std::string_view last = tk[k].s;
    return last.size() == 10 && last[4] == '-' && last[7] == '-' && tk[k].digit;
  }

  bool LocContext(size_t i) {
    const auto& tk = tk_;
    return i > 0 && tk[i - 1].lower && (tk[i - 1].lex & kLocPrep);
  }

  void Segment(size_t a, size_t b, std::string* key) {
    const auto& tk = tk_;
    // "Former Italian ...", "Three Russian ...": a common word opening a
    // sentence is not part of the name after it.
    if (b - a >= 2 && tk[a].sentence_start && (tk[a].lex & kCommon) && !(tk[a].lex & kPhrase) &&
        !tk[a].after_title) {
      Segment(a + 1, b, key);
      return;
    }
    if (tk[a].after_title) {
      Add(a, std::min(b, a + 4), EntityType::kPerson, Evidence::kSure);
      cands_.back().overrides_model = true;  // the title is not part of the name
      if (a + 4 < b) Segment(a + 4, b, key);
      return;
    }
    size_t i = a;
    while (i < b) {
      size_t rest = b - i;
      Match m = MatchPhrase(i, b, key, PhraseScope::kAll);
      if (rest >= 2 && m.len != rest) {
        bool ampersand = false;  // "Procter & Gamble", "Douglas & Lomason"
        for (size_t k = i + 1; k + 1 < b && !ampersand; ++k) ampersand = tk[k].s == "&";
        if ((tk[b - 1].lex & kOrgSuffix) || (tk[i].lex & kOrgPrefix) || ampersand ||
            (tk[i].lex & kOrgHead && !(tk[i].lex & kFirstName))) {
          Add(i, b, EntityType::kOrganisation, Evidence::kSure);
          return;
        }
        if (tk[b - 1].lex & kMiscSuffix) {
          Add(i, b, EntityType::kMisc, Evidence::kSure);
          return;
        }
        if ((tk[b - 1].lex & kLocSuffix) && !(tk[i].lex & kFirstName)) {
          Add(i, b, EntityType::kLocation, Evidence::kSure);
          return;
        }
        if (tk[i].lex & kDirection) {  // "North Caucasus", "Southeast Asian"
          Match after = MatchPhrase(i + 1, b, key, PhraseScope::kAll);
          if (after.len == rest - 1 && (after.type == EntityType::kLocation || after.type == EntityType::kMisc)) {
            Add(i, b, after.type, Evidence::kSure);
            return;
          }
        }
      }
      bool person_first = rest >= 2 && ((tk[i].lex & kFirstName) || (tk[i].lex & kParticle)) &&
                          (m.len == 0 || (m.len == 1 && (m.from_city || m.type == EntityType::kMisc)));
      if (person_first && !(tk[i + 1].lex & kOrgSuffix)) {
        Add(i, b, EntityType::kPerson, Evidence::kSure);
        return;
      }
      if (m.len) {
        size_t next = i + m.len;
        if (next < b && m.type == EntityType::kLocation && !(tk[next].lex & kFirstName)) {
          Match after = MatchPhrase(next, b, key, PhraseScope::kAll);
          if (after.len == 0) {  // "Washington Post", "China Daily"
            Add(i, b, EntityType::kOrganisation, Evidence::kSure);
            return;
          }
        }
        EntityType type = m.type;
        if (type == EntityType::kMisc) {  // "Iraqi Kurds", "Latin American": one MISC
          while (next < b) {
            Match more = MatchPhrase(next, b, key, PhraseScope::kAll);
            if (more.len == 0 || more.type != EntityType::kMisc) break;
            next += more.len;
            m.canonical.clear();
          }
        }
        if ((tk[i].table_line || sports_doc_) && m.len == rest && m.from_city && !LocContext(i) && !DatelineLike(i, next))
          type = EntityType::kOrganisation;
        if (type == EntityType::kLocation && m.len == 1 && (tk[i].lex & kFirstName) && m.from_city && rest == 1 &&
            tk[i].sentence_start) {
          // "Austin said" at a sentence start: leave to the document pass.
          Add(i, next, type, Evidence::kLikely, std::move(m.canonical));
        } else {
          Add(i, next, type, Evidence::kSure, std::move(m.canonical));
        }
        i = next;
        continue;
      }
      if (rest >= 2) {
        Add(i, b, EntityType::kPerson, (tk[i].lex & kFirstName) ? Evidence::kSure : Evidence::kUnknown);
        return;
      }
      // One unknown word.
      if (tk[i].s.size() == 1 || (tk[i].s.size() == 2 && tk[i].s[1] == '.')) return;  // a lone initial
      if (tk[i].all_upper && tk[i].s.size() >= 2 && tk[i].s.size() <= 6 &&
          (!tk[i].sentence_start || !(tk[i].lex & kCommon))) {
        Add(i, b, EntityType::kOrganisation, Evidence::kSure);
      } else {
        Add(i, b, EntityType::kPerson, Evidence::kUnknown);
      }
      return;
    }
  }

  // Unknown candidates take the type of a name found elsewhere in the document,
  // else a type from their context; a lone unknown word opening a sentence is
  // most often an ordinary word and is dropped.
  void ResolveUnknowns() {
    auto& cands = cands_;
    auto& tk = tk_;
    auto& known = scratch_.known;  // lower-cased text or surname -> candidate index
    known.clear();
    std::string& key = scratch_.resolve_key;
    for (size_t c = 0; c < cands.size(); ++c) {
      const Candidate& cd = cands[c];
      if (cd.evidence != Evidence::kSure) continue;
      key.clear();
      for (size_t k = cd.a; k < cd.b; ++k) {
        if (k > cd.a) key.push_back(' ');
        AppendLower(tk[k].s, &key);
      }
      known.emplace(key, c);
      if (cd.type == EntityType::kPerson && cd.b - cd.a >= 2) {
        key.clear();
        AppendLower(tk[cd.b - 1].s, &key);
        known.emplace(key, c);
      }
      // "Magna International Inc" -> a later "Magna" is the company.
      const Tk& head = tk[cd.a];
      if (cd.type == EntityType::kOrganisation && cd.b - cd.a >= 2 &&
          !(head.lex & (kCommon | kFirstName | kOrgPrefix | kOrgHead)) && !head.all_upper) {
        key.clear();
        AppendLower(head.s, &key);
        known.emplace(key, c);
      }
    }
    // Two rounds: first the names with a known match or a strong cue (which
    // then count as known), then the rest by default.
    for (int round = 0; round < 2; ++round) {
      for (size_t c = 0; c < cands.size(); ++c) {
        Candidate& cd = cands[c];
        if (cd.evidence == Evidence::kSure) continue;
        key.clear();
        for (size_t k = cd.a; k < cd.b; ++k) {
          if (k > cd.a) key.push_back(' ');
          AppendLower(tk[k].s, &key);
        }
        auto it = known.find(std::string_view(key));
        if (it != known.end()) {
          cd.type = cands[it->second].type;
          cd.evidence = Evidence::kSure;
          continue;
        }
        if (cd.b - cd.a >= 2) {
          bool all_common = true;
          for (size_t k = cd.a; k < cd.b && all_common; ++k) all_common = tk[k].lex & kCommon;
          if (all_common) continue;  // "Human Rights", "Financial Data": not a person
          if (round == 1) cd.evidence = Evidence::kSure;  // multi-word unknowns stay persons
          continue;
        }
        const Tk& t = tk[cd.a];
        if (t.sentence_start && (t.lex & kCommon)) continue;  // dropped below
        if ((t.lex & kCommon) && !t.sentence_start) continue;
        const Tk* prev = cd.a > 0 ? &tk[cd.a - 1] : nullptr;
        // "the Ministers", "the North": a lone unknown word after an article
        // is a common noun used as a name, not a person.
        if (prev && (prev->lex & kArticle)) {
          if (sports_doc_) {
            cd.type = EntityType::kOrganisation;
            cd.evidence = Evidence::kSure;
          }
          continue;
        }
        const Tk* next = cd.b < tk.size() ? &tk[cd.b] : nullptr;
        bool cue = true;
        if (cd.evidence == Evidence::kLikely) {
          cue = true;  // keep the type it came with
        } else if (t.table_line) {
          cd.type = EntityType::kOrganisation;
        } else if (prev && prev->lower && (prev->lex & kLocPrep)) {
          cd.type = EntityType::kLocation;
        } else if (next && (next->lex & kReportVerb)) {
          cd.type = EntityType::kPerson;
        } else {
          cue = false;
          cd.type = kDefaultUnknownType;
        }
        if (!cue && round == 0) continue;
        cd.evidence = Evidence::kSure;
        known.emplace(key, c);
      }
    }
    std::erase_if(cands, [&](const Candidate& cd) {
      if (cd.evidence == Evidence::kSure) return false;
      for (size_t k = cd.a; k < cd.b; ++k) tk[k].taken = false;
      return true;
    });
  }

  // Lines in capitals: only known names (gazetteers, or found elsewhere in the
  // document) are tagged, since capitalisation says nothing there.
  void TagCapsLines(size_t n, std::string* key) {
    auto& tk = tk_;
    auto& cands = cands_;
    auto& known = scratch_.caps_known;
    known.clear();
    std::string& k2 = scratch_.caps_key;
    for (size_t c = 0; c < cands.size(); ++c) {
      k2.clear();
      for (size_t k = cands[c].a; k < cands[c].b; ++k) {
        if (k > cands[c].a) k2.push_back(' ');
        AppendLower(tk[k].s, &k2);
      }
      known.emplace(k2, c);
    }
    size_t sure_count = cands.size();
    for (size_t i = 0; i < n; ++i) {
      const Tk& t = tk[i];
      if (!t.caps_line || !t.cap || t.title || t.taken || (t.lex & kNotName) || t.digit) continue;
      size_t end = i;
      while (end < n && end - i < kMaxPhraseTokens && tk[end].caps_line && tk[end].cap && !tk[end].title &&
             !(tk[end].lex & kNotName) && !tk[end].digit)
        ++end;
      // Longest of: a name known in this document, a gazetteer phrase or place.
      size_t best = 0;
      EntityType type = EntityType::kMisc;
      std::string canonical;
      for (size_t len = end - i; len >= 1 && best == 0; --len) {
        k2.clear();
        for (size_t k = i; k < i + len; ++k) {
          if (k > i) k2.push_back(' ');
          AppendLower(tk[k].s, &k2);
        }
        auto it = known.find(std::string_view(k2));
        if (it != known.end() && it->second < sure_count) {
          best = len;
          type = cands[it->second].type;
          canonical = cands[it->second].canonical;
        }
      }
      Match m = MatchPhrase(i, end, key, PhraseScope::kAll);
      if (m.len > best) {
        best = m.len;
        type = m.type;
        canonical = std::move(m.canonical);
        if (t.table_line && m.from_city && !DatelineLike(i, i + m.len)) type = EntityType::kOrganisation;
      }
      if (best == 0) continue;
      Add(i, i + best, type, Evidence::kSure, std::move(canonical));
      i += best - 1;
    }
  }

  static constexpr EntityType kDefaultUnknownType = EntityType::kPerson;

  const RuleLexicon& lexicon_;
  PassScratch& scratch_;
  std::vector<Tk>& tk_;
  std::vector<Candidate>& cands_;
  bool sports_doc_ = false;  // the story opens with a sport ("SOCCER - ...")
};

class RuleEntityTaggerImpl final : public RuleEntityTagger {
 public:
  RuleEntityTaggerImpl(const WordLists& words, const PlaceGazetteer& places) : lexicon_(words, places) {}

  std::string_view Id() const override { return "rules1"; }

  void Tag(std::string_view text, std::span<const Token> tokens, std::vector<Entity>* out) const override {
    TagWithOverrides(text, tokens, out, nullptr);
  }

  void TagWithOverrides(std::string_view text, std::span<const Token> tokens, std::vector<Entity>* out,
                        std::vector<Entity>* overrides) const override {
    thread_local PassScratch scratch;
    RulePass(lexicon_, &scratch).Run(text, tokens, out, overrides);
  }

 private:
  const RuleLexicon lexicon_;
};

}  // namespace

std::unique_ptr<RuleEntityTagger> RuleEntityTagger::Load(const std::filesystem::path& gazetteer_dir,
                                                         const PlaceGazetteer& places) {
  return Load(*WordLists::Load(gazetteer_dir), places);
}

std::unique_ptr<RuleEntityTagger> RuleEntityTagger::Load(const WordLists& words, const PlaceGazetteer& places) {
  return std::make_unique<RuleEntityTaggerImpl>(words, places);
}

}  // namespace wiretag
