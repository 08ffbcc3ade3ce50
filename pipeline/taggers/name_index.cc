#include "pipeline/taggers/name_index.h"

#include "pipeline/taggers/case_fold.h"

namespace wiretag {

bool NameIndex::IsExactOnlyForm(std::string_view written) {
  if (written.empty() || written.size() > 3) return false;
  for (char c : written) {
    if (!IsAsciiUpper(c)) return false;
  }
  return true;
}

void NameIndex::Add(std::string_view written, uint32_t id) {
  if (written.empty()) return;
  bool exact = IsExactOnlyForm(written);
  auto& entries = map_[FoldCase(written)];
  for (const Entry& e : entries) {
    if (e.id == id && e.exact_only == exact && (!exact || e.written == written)) return;
  }
  entries.push_back(Entry{id, exact, exact ? std::string(written) : std::string()});
}

const std::vector<NameIndex::Entry>* NameIndex::Lookup(std::string_view written) const {
  thread_local std::string key;
  key.clear();
  AppendFoldCase(written, &key);
  auto it = map_.find(std::string_view(key));
  return it == map_.end() ? nullptr : &it->second;
}

std::vector<uint32_t> NameIndex::Find(std::string_view written) const {
  std::vector<uint32_t> ids;
  ForEach(written, [&](uint32_t id) {
    ids.push_back(id);
    return true;
  });
  return ids;
}

}  // namespace wiretag
