#pragma once
// AgencyTable is the list of news agencies wiretag recognises
// (config/agencies.tsv: name, code, country, aliases). Alias lookup is exact
// on the written form, with a case-insensitive fallback for aliases of 4+
// letters, so "AP" matches but "ap" in running text does not. Aliases marked
// ambiguous in the table ("AP", "PA", "Bloomberg", "Dow Jones") carry
// needs_context: outside a source position they name the agency only with
// context, which AgencyTagger decides.
// Load() throws std::runtime_error naming the file and line on a malformed
// table. Immutable after Load(); thread-safe.

#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wiretag {

struct Agency {
  std::string name;     // "Yonhap"
  std::string code;     // "YNA"
  std::string country;  // ISO 3166-1 alpha-2
  std::vector<std::string> aliases;  // "Yonhap News Agency", ...
};

// One written form of an agency.
struct AgencyAlias {
  std::string written;    // "Yonhap News Agency"
  const Agency* agency;   // owned by the table
  bool needs_context;     // ambiguous in running text ("AP Moller", "PA" = Pennsylvania)
};

// Bytes of an alias's word: ASCII letters and digits and every byte of a
// UTF-8 sequence ("ITAR-TASS" has two words, "ČTK" one). A table, because
// the agency scan tests every byte of every story.
inline constexpr std::array<bool, 256> kAliasWordBytes = [] {
  std::array<bool, 256> bytes{};
  for (int c = 0; c < 256; ++c)
    bytes[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
  return bytes;
}();
inline bool IsAliasWordByte(unsigned char c) { return kAliasWordBytes[c]; }

class AgencyTable {
 public:
  static std::unique_ptr<AgencyTable> Load(const std::filesystem::path& agencies_tsv);
  virtual ~AgencyTable() = default;
  virtual const Agency* Find(std::string_view written) const = 0;
  virtual const std::vector<Agency>& All() const = 0;

  // The alias `written` is exactly (same rules as Find), or nullptr.
  virtual const AgencyAlias* FindAlias(std::string_view written) const = 0;
  // The longest alias that starts at text[pos] and ends at a word boundary;
  // sets *end to the byte after it. The caller checks the boundary before pos.
  virtual const AgencyAlias* MatchAt(std::string_view text, size_t pos, size_t* end) const = 0;
  // False when no alias can start with this byte (a cheap pre-filter for scans).
  virtual bool MayStartAlias(unsigned char byte) const = 0;
};

}  // namespace wiretag
