// Loads config/agencies.tsv: name, code, country, aliases. `aliases` lists
// every written form that names the agency in text ('|'-separated); a form
// prefixed with '~' is ambiguous in running text ("AP", "PA", "Bloomberg")
// and counts as a mention only with context (see AgencyTagger).
#include "pipeline/taggers/agency_table.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <unordered_map>

#include "pipeline/taggers/case_fold.h"
#include "pipeline/taggers/tsv_reader.h"

namespace wiretag {

namespace {

struct Hash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Bytes that may continue an alias's first word ("ITAR-TASS", "Dow", "ČTK").
bool IsWordByte(unsigned char c) { return IsAliasWordByte(c); }

size_t LetterCount(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += IsAsciiAlpha(c) || static_cast<unsigned char>(c) >= 0x80;
  return n;
}

class TsvAgencyTable final : public AgencyTable {
 public:
  explicit TsvAgencyTable(const std::filesystem::path& path) {
    TsvReader tsv(path, {"name", "code", "country", "aliases"});
    std::unordered_map<std::string, std::string> seen;  // written form -> agency name
    while (tsv.Next()) {
      if (tsv.field(0).empty() || tsv.field(1).empty()) tsv.Fail("empty name or code");
      if (tsv.field(2).size() != 2) tsv.Fail("country must be ISO 3166-1 alpha-2");
      Agency agency{std::string(tsv.field(0)), std::string(tsv.field(1)), std::string(tsv.field(2)), {}};
      std::vector<bool> context;
      for (auto alias : SplitList(tsv.field(3))) {
        bool needs_context = alias[0] == '~';
        if (needs_context) alias.remove_prefix(1);
        if (alias.empty()) tsv.Fail("empty alias");
        auto [it, inserted] = seen.emplace(std::string(alias), agency.name);
        if (!inserted) tsv.Fail("alias '" + std::string(alias) + "' already names " + it->second);
        agency.aliases.emplace_back(alias);
        context.push_back(needs_context);
      }
      if (agency.aliases.empty()) tsv.Fail("an agency needs at least one alias");
      agencies_.push_back(std::move(agency));
      needs_context_.push_back(std::move(context));
    }
    // Pointers into agencies_ are taken only now that it no longer grows.
    for (size_t a = 0; a < agencies_.size(); ++a) {
      for (size_t k = 0; k < agencies_[a].aliases.size(); ++k) {
        aliases_.push_back(AgencyAlias{agencies_[a].aliases[k], &agencies_[a], needs_context_[a][k]});
      }
    }
    for (size_t i = 0; i < aliases_.size(); ++i) {
      const std::string& w = aliases_[i].written;
      size_t first_end = 0;
      while (first_end < w.size() && IsWordByte(static_cast<unsigned char>(w[first_end]))) ++first_end;
      if (first_end == 0) throw std::runtime_error(path.string() + ": alias '" + w + "' must start with a letter");
      by_first_word_[FoldCase(w.substr(0, first_end))].push_back(static_cast<uint32_t>(i));
      unsigned char c = static_cast<unsigned char>(w[0]);
      first_bytes_[c] = true;
      SetBigram(w.substr(0, first_end));  // the first word, as a scan sees it: "A" of "A.P."
      if (CaseInsensitive(aliases_[i])) {
        first_bytes_[static_cast<unsigned char>(AsciiLower(w[0]))] = true;
        first_bytes_[static_cast<unsigned char>(IsAsciiLower(w[0]) ? w[0] - 32 : w[0])] = true;
      }
    }
    for (auto& [key, ids] : by_first_word_) {
      SetFirstWord(key);
      std::stable_sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) {
        return aliases_[a].written.size() > aliases_[b].written.size();
      });
    }
  }

  const Agency* Find(std::string_view written) const override {
    const AgencyAlias* alias = FindAlias(written);
    return alias ? alias->agency : nullptr;
  }

  const std::vector<Agency>& All() const override { return agencies_; }

  const AgencyAlias* FindAlias(std::string_view written) const override {
    size_t end = 0;
    const AgencyAlias* alias = MatchAt(written, 0, &end);
    return alias && end == written.size() ? alias : nullptr;
  }

  const AgencyAlias* MatchAt(std::string_view text, size_t pos, size_t* end) const override {
    if (pos >= text.size() || !first_bytes_[static_cast<unsigned char>(text[pos])]) return nullptr;
    // The first word, hashed as it is scanned for the first-word filter.
    size_t first_end = pos;
    uint64_t hash = kHashSeed;
    unsigned char any_high = 0;
    for (unsigned char c; first_end < text.size() && IsWordByte(c = static_cast<unsigned char>(text[first_end]));
         ++first_end) {
      hash = HashStep(hash, c);
      any_high |= c;
    }
    if (first_end == pos || first_end - pos > 40) return nullptr;
    if (!HasBigram(text.substr(pos, first_end - pos))) return nullptr;
    if (any_high < 0x80 && !HasFirstWord(hash)) return nullptr;
    thread_local std::string key;
    key.clear();
    AppendFoldCase(text.substr(pos, first_end - pos), &key);
    auto it = by_first_word_.find(std::string_view(key));
    if (it == by_first_word_.end()) return nullptr;
    for (uint32_t id : it->second) {
      const AgencyAlias& alias = aliases_[id];
      size_t n = alias.written.size();
      if (text.size() - pos < n) continue;
      std::string_view candidate = text.substr(pos, n);
      bool match = candidate == alias.written ||
                   (CaseInsensitive(alias) && AsciiEqualsIgnoreCase(candidate, alias.written));
      if (!match) continue;
      // The alias must end at a word boundary ("AP" is not a prefix of "APEC").
      if (pos + n < text.size() && IsWordByte(static_cast<unsigned char>(text[pos + n]))) continue;
      *end = pos + n;
      return &alias;
    }
    return nullptr;
  }

  bool MayStartAlias(unsigned char byte) const override { return first_bytes_[byte]; }

 private:
  static bool CaseInsensitive(const AgencyAlias& alias) { return LetterCount(alias.written) >= 4; }

  // A filter on the first two bytes (ASCII-lowered) of every alias, so a scan
  // rejects most words before folding and hashing them.
  static size_t BigramOf(std::string_view w) {
    unsigned char a = static_cast<unsigned char>(AsciiLower(w[0]));
    unsigned char b = w.size() > 1 ? static_cast<unsigned char>(AsciiLower(w[1])) : 0;
    return (static_cast<size_t>(a) << 8) | b;
  }
  void SetBigram(std::string_view w) {
    size_t k = BigramOf(w);
    bigrams_[k >> 6] |= uint64_t{1} << (k & 63);
  }
  bool HasBigram(std::string_view first_word) const {
    size_t k = BigramOf(first_word);
    return (bigrams_[k >> 6] >> (k & 63)) & 1;
  }

  // A filter on whole first words, for the scan of every word of a story:
  // most words pass the bigram filter ("th", "co"), and folding and hashing
  // each cost more than the rest of the scan. An ASCII word's fold is its
  // ASCII lower case, so an ASCII word whose lowered hash has no bit here is
  // no key; a word with other bytes is always looked up (its fold may differ).
  static constexpr uint64_t kHashSeed = 0xcbf29ce484222325ull;  // FNV-1a
  static uint64_t HashStep(uint64_t h, unsigned char c) {
    return (h ^ static_cast<unsigned char>(AsciiLower(static_cast<char>(c)))) * 0x100000001b3ull;
  }
  void SetFirstWord(std::string_view folded_key) {
    uint64_t h = kHashSeed;
    for (char c : folded_key) h = HashStep(h, static_cast<unsigned char>(c));
    const uint64_t k = h >> (64 - kFirstWordBits);
    first_words_[k >> 6] |= uint64_t{1} << (k & 63);
  }
  bool HasFirstWord(uint64_t hash) const {
    const uint64_t k = hash >> (64 - kFirstWordBits);
    return (first_words_[k >> 6] >> (k & 63)) & 1;
  }
  static constexpr int kFirstWordBits = 16;

  std::vector<Agency> agencies_;
  std::vector<std::vector<bool>> needs_context_;
  std::vector<AgencyAlias> aliases_;
  std::unordered_map<std::string, std::vector<uint32_t>, Hash, std::equal_to<>> by_first_word_;
  bool first_bytes_[256] = {};
  uint64_t bigrams_[65536 / 64] = {};
  uint64_t first_words_[(size_t{1} << kFirstWordBits) / 64] = {};
};

}  // namespace

std::unique_ptr<AgencyTable> AgencyTable::Load(const std::filesystem::path& agencies_tsv) {
  return std::make_unique<TsvAgencyTable>(agencies_tsv);
}

}  // namespace wiretag
