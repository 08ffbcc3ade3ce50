#pragma once
// NameIndex maps written names to the ids of what they name, looked up
// case-insensitively (Unicode case folding) with one exception that keeps
// wire text from matching by accident: a short all-capitals form ("US", "FL",
// "AP": ASCII capitals only, at most three letters) matches only as written,
// so "us" and "in" in running text find nothing.
//
// Lookups fold into a thread-local buffer and do not allocate once it has
// grown. Immutable after the last Add(); const methods are thread-safe.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wiretag {

class NameIndex {
 public:
  // Registers `written` as a name of `id`. Adding the same (name, id) twice is a no-op.
  void Add(std::string_view written, uint32_t id);

  // Ids named by `written`, in the order they were added (callers add in
  // their preferred order, e.g. most populous first). Empty when none.
  std::vector<uint32_t> Find(std::string_view written) const;

  // Calls fn(id) for every id named by `written`, in order, until fn returns false.
  template <typename Fn>
  void ForEach(std::string_view written, Fn&& fn) const {
    const std::vector<Entry>* entries = Lookup(written);
    if (!entries) return;
    for (const Entry& e : *entries) {
      if (e.exact_only && e.written != written) continue;
      if (!fn(e.id)) return;
    }
  }

  size_t size() const { return map_.size(); }

  // True for forms that match only as written (see above).
  static bool IsExactOnlyForm(std::string_view written);

 private:
  struct Entry {
    uint32_t id;
    bool exact_only;
    std::string written;  // kept only for exact_only entries
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  const std::vector<Entry>* Lookup(std::string_view written) const;

  std::unordered_map<std::string, std::vector<Entry>, Hash, std::equal_to<>> map_;
};

}  // namespace wiretag
