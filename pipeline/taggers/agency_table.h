#pragma once
// AgencyTable is the list of news agencies wiretag recognises
// (config/agencies.tsv: name, code, aliases, country). Alias lookup is exact
// on the written form, with a case-insensitive fallback for aliases of 4+
// letters, so "AP" matches but "ap" in running text does not.
// Immutable after Load(); thread-safe.

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

class AgencyTable {
 public:
  static std::unique_ptr<AgencyTable> Load(const std::filesystem::path& agencies_tsv);
  virtual ~AgencyTable() = default;
  virtual const Agency* Find(std::string_view written) const = 0;
  virtual const std::vector<Agency>& All() const = 0;
};

}  // namespace wiretag
