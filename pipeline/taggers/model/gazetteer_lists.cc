#include "pipeline/taggers/model/gazetteer_lists.h"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

#include <utf8proc.h>

#include "pipeline/taggers/case_fold.h"
#include "pipeline/taggers/list_files.h"
#include "pipeline/taggers/list_lines.h"
#include "pipeline/taggers/model/feature_hash.h"
#include "pipeline/taggers/read_whole_file.h"

namespace wiretag::model {

namespace {

// The hashes of a name's tokens, lower-cased (HashBytes(Lower(token))), in
// one pass over its bytes. Tokens are split at spaces, and a trailing comma is
// a token of its own ("Washington," -> "Washington" ","), as tokenizers split
// it off. Returns how many, or 0 when the name has none or more than `most`.
// Every list name goes through here at every start, so ASCII tokens are
// lowered and hashed byte by byte with no copy; others take Lower().
size_t NameTokenHashes(std::string_view name, uint64_t* out, size_t most) {
  constexpr uint64_t kCommaHash = HashBytes(",");
  size_t count = 0;
  auto push = [&](uint64_t h) {
    if (count == most) return false;
    out[count++] = h;
    return true;
  };
  const size_t n = name.size();
  size_t i = 0;
  while (i < n) {
    while (i < n && name[i] == ' ') ++i;
    if (i == n) break;
    uint64_t h = kFnvBasis, before_last = kFnvBasis;
    bool ascii = true;
    size_t j = i;
    for (; j < n && name[j] != ' '; ++j) {
      const unsigned char c = static_cast<unsigned char>(name[j]);
      ascii &= c < 0x80;
      before_last = h;
      h = FnvStep(h, AsciiLower(static_cast<char>(c)));
    }
    const size_t len = j - i;
    const bool comma = len > 1 && name[j - 1] == ',';
    bool ok;
    if (!ascii) {
      const std::string_view word = name.substr(i, comma ? len - 1 : len);
      ok = push(HashBytes(GazetteerLists::Lower(word)));
    } else {
      ok = push(comma ? FinishHash(before_last, len - 1) : FinishHash(h, len));
    }
    if (!ok || (comma && !push(kCommaHash))) return 0;
    i = j;
  }
  return count;
}

}  // namespace

std::string GazetteerLists::Lower(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (size_t i = 0; i < token.size();) {
    const unsigned char c = static_cast<unsigned char>(token[i]);
    if (c < 0x80) {
      out.push_back(AsciiLower(static_cast<char>(c)));
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(token.data() + i),
                                                static_cast<utf8proc_ssize_t>(token.size() - i), &cp);
    if (n <= 0) {  // invalid byte: keep it
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    utf8proc_uint8_t buf[4];
    const utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(m));
    i += static_cast<size_t>(n);
  }
  return out;
}

void GazetteerLists::AddList(const std::string& list_name, std::span<const std::string_view> names) {
  if (list_names_.size() >= 32) throw std::runtime_error("gazetteer lists: at most 32 lists");
  const uint32_t bit = 1u << list_names_.size();
  list_names_.push_back(list_name);
  list_hashes_.push_back(HashBytes(list_name));
  // The keys (hashes of every name and of its multi-word prefixes) are
  // computed first and inserted after, so that the slot of a key a few ahead
  // can be prefetched: the table is megabytes, and inserting in name order
  // would wait on a cache miss per key.
  struct Key {
    uint64_t key;
    bool full;  // the whole name; else a prefix of a longer one
  };
  std::vector<Key> keys;
  keys.reserve(names.size() + names.size() / 4);
  uint64_t token_hashes[kMaxNameTokens];
  for (const std::string_view name : names) {
    const size_t num_tokens = NameTokenHashes(name, token_hashes, kMaxNameTokens);
    uint64_t h = 0;
    for (size_t k = 0; k < num_tokens; ++k) {
      h = k == 0 ? token_hashes[k] : Combine(h, token_hashes[k]);
      keys.push_back({h, k + 1 == num_tokens});
    }
  }
  Reserve(keys.size());
  constexpr size_t kAhead = 8;
  const size_t slot_mask = slots_.size() - 1;
  for (size_t k = 0; k < keys.size(); ++k) {
    if (k + kAhead < keys.size()) {
      const uint64_t ahead = keys[k + kAhead].key ? keys[k + kAhead].key : 1;
      __builtin_prefetch(&slots_[Mix64(ahead) & slot_mask]);
    }
    Entry& e = *Insert(keys[k].key);
    if (keys[k].full) e.full_mask |= bit;
    else e.is_prefix = true;
  }
}

namespace {

void SplitTabs(std::string_view line, std::vector<std::string_view>* cols) {
  cols->clear();
  size_t pos = 0;
  while (true) {
    const size_t tab = line.find('\t', pos);
    cols->push_back(line.substr(pos, tab == std::string_view::npos ? std::string_view::npos : tab - pos));
    if (tab == std::string_view::npos) break;
    pos = tab + 1;
  }
}

bool IsHeader(const std::vector<std::string_view>& cols) {
  if (cols.size() < 2) return false;
  for (const auto& c : cols) {
    if (c.empty()) return false;
    for (char ch : c)
      if (!((ch >= 'a' && ch <= 'z') || ch == '_')) return false;
  }
  return true;
}

void AddAliases(std::string_view field, std::vector<std::string_view>* names) {
  size_t pos = 0;
  while (pos <= field.size()) {
    size_t bar = field.find('|', pos);
    if (bar == std::string_view::npos) bar = field.size();
    if (bar > pos) names->push_back(field.substr(pos, bar - pos));
    pos = bar + 1;
  }
}

// Names of one list file (views into `data`). A header row (lower-case column
// names) selects the "name" column (else the first) and an "aliases" column
// ("a|b|c"); without a header the first column is the name and a second column
// that starts with a capital letter holds aliases. .txt files hold one name
// per line.
std::vector<std::string_view> ReadNames(std::string_view data) {
  std::vector<std::string_view> names, cols;
  bool first = true;
  size_t name_col = 0, alias_col = std::string_view::npos;
  bool headerless_aliases = false;
  ListLines lines(data);
  for (std::string_view line; lines.Next(&line);) {
    SplitTabs(line, &cols);
    if (first) {
      first = false;
      if (IsHeader(cols)) {
        for (size_t k = 0; k < cols.size(); ++k) {
          if (cols[k] == "name") name_col = k;
          if (cols[k] == "aliases") alias_col = k;
        }
        continue;
      }
      headerless_aliases = true;
    }
    if (name_col < cols.size() && !cols[name_col].empty()) names.push_back(cols[name_col]);
    if (alias_col < cols.size()) AddAliases(cols[alias_col], &names);
    if (headerless_aliases && cols.size() > 1 && !cols[1].empty() &&
        (IsAsciiUpper(cols[1][0]) || cols[1].find('|') != std::string_view::npos))
      AddAliases(cols[1], &names);
  }
  return names;
}

}  // namespace

std::vector<std::filesystem::path> GazetteerLists::ListFiles(const std::filesystem::path& dir) {
  return ListFilesIn(dir);
}

GazetteerLists GazetteerLists::LoadDirectory(const std::filesystem::path& dir,
                                             std::span<const std::string> only) {
  GazetteerLists lists;
  std::vector<std::pair<std::string, std::string>> contents;  // list name, file bytes
  for (const auto& file : ListFiles(dir)) {
    std::string list_name = file.stem().string();
    if (!only.empty() && std::find(only.begin(), only.end(), list_name) == only.end()) continue;
    bool seen = false;
    for (const auto& c : contents) seen |= c.first == list_name;
    if (!seen) contents.emplace_back(std::move(list_name), ReadWholeFile(file));
  }
  std::vector<std::vector<std::string_view>> names;
  size_t total = 0;
  for (const auto& c : contents) {
    names.push_back(ReadNames(c.second));
    total += names.back().size();
  }
  lists.Reserve(total);  // AddList makes room for multi-word prefixes as it needs
  for (size_t k = 0; k < contents.size(); ++k) lists.AddList(contents[k].first, names[k]);
  return lists;
}

void GazetteerLists::Reserve(size_t more_keys) {
  size_t cap = std::max<size_t>(1024, slots_.size());
  while ((used_ + more_keys) * 2 > cap) cap <<= 1;
  if (cap == slots_.size()) return;
  std::vector<Slot, HugePageAllocator<Slot>> old = std::move(slots_);
  slots_.assign(cap, Slot{});
  used_ = 0;
  for (const Slot& o : old)
    if (o.key) *Insert(o.key) = o.entry;
}

GazetteerLists::Entry* GazetteerLists::Insert(uint64_t key) {
  if (key == 0) key = 1;
  if ((used_ + 1) * 2 > slots_.size()) {
    std::vector<Slot, HugePageAllocator<Slot>> old = std::move(slots_);
    slots_.assign(std::max<size_t>(1024, old.size() * 2), Slot{});
    used_ = 0;
    for (const Slot& o : old)
      if (o.key) *Insert(o.key) = o.entry;
  }
  const size_t mask = slots_.size() - 1;
  size_t pos = Mix64(key) & mask;
  while (slots_[pos].key && slots_[pos].key != key) pos = (pos + 1) & mask;
  if (!slots_[pos].key) {
    slots_[pos].key = key;
    ++used_;
  }
  return &slots_[pos].entry;
}

const GazetteerLists::Entry* GazetteerLists::Find(uint64_t key) const {
  if (key == 0) key = 1;
  const size_t mask = slots_.size() - 1;
  size_t pos = Mix64(key) & mask;
  while (slots_[pos].key) {
    if (slots_[pos].key == key) return &slots_[pos].entry;
    pos = (pos + 1) & mask;
  }
  return nullptr;
}

uint32_t GazetteerLists::ListsNaming(std::span<const std::string_view> tokens) const {
  if (used_ == 0 || tokens.empty() || tokens.size() > kMaxNameTokens) return 0;
  uint64_t h = 0;
  for (size_t k = 0; k < tokens.size(); ++k) {
    const uint64_t th = HashBytes(Lower(tokens[k]));
    h = k == 0 ? th : Combine(h, th);
  }
  const Entry* e = Find(h);
  return e ? e->full_mask : 0;
}

void GazetteerLists::Save(SnapshotWriter* out) const {
  static_assert(sizeof(Slot) == 16, "a layout change needs kGazetteerSnapshotFormat bumped");
  static_assert(std::has_unique_object_representations_v<Slot>, "no padding: the same lists, the same bytes");
  out->Value<uint64_t>(list_names_.size());
  for (const auto& name : list_names_) out->String(name);
  out->Vector(list_hashes_);
  out->Vector(slots_);
  out->Value<uint64_t>(used_);
}

GazetteerLists GazetteerLists::Restore(SnapshotReader* in) {
  GazetteerLists lists;
  const uint64_t num_lists = in->Value<uint64_t>();
  if (num_lists > 32) throw SnapshotError("gazetteer lists: count");
  for (uint64_t k = 0; k < num_lists; ++k) lists.list_names_.emplace_back(in->String());
  in->Vector(&lists.list_hashes_);
  in->Vector(&lists.slots_);
  lists.used_ = in->Value<uint64_t>();
  const size_t num_slots = lists.slots_.size();
  // Match() and Find() need a power-of-two table with a free slot whenever a key is in it.
  if (lists.list_hashes_.size() != num_lists || (num_slots & (num_slots - 1)) ||
      (lists.used_ > 0 && lists.used_ * 2 > num_slots))
    throw SnapshotError("gazetteer lists: table");
  return lists;
}

int GazetteerLists::IndexOf(std::string_view name) const {
  for (size_t i = 0; i < list_names_.size(); ++i)
    if (list_names_[i] == name) return static_cast<int>(i);
  return -1;
}

void GazetteerLists::Match(std::span<const uint64_t> lower_hashes, std::span<const uint8_t> sentence_start,
                           std::vector<Hit>* hits) const {
  hits->clear();
  if (used_ == 0) return;
  const size_t n = lower_hashes.size();
  uint32_t covered_until[32] = {};
  const size_t slot_mask = slots_.size() - 1;
  for (size_t i = 0; i < n; ++i) {
    if (i + 4 < n) {  // hide the table's cache miss
      const uint64_t ahead = lower_hashes[i + 4] ? lower_hashes[i + 4] : 1;
      __builtin_prefetch(&slots_[Mix64(ahead) & slot_mask]);
    }
    uint64_t h = lower_hashes[i];
    uint8_t best_len[32] = {};
    uint32_t found = 0;
    for (size_t len = 1; len <= kMaxNameTokens && i + len <= n; ++len) {
      if (len > 1) {
        if (sentence_start[i + len - 1]) break;
        h = Combine(h, lower_hashes[i + len - 1]);
      }
      const Entry* e = Find(h);
      if (!e) break;
      for (uint32_t m = e->full_mask; m; m &= m - 1) best_len[__builtin_ctz(m)] = static_cast<uint8_t>(len);
      found |= e->full_mask;
      if (!e->is_prefix) break;
    }
    for (uint32_t m = found; m; m &= m - 1) {
      const int list = __builtin_ctz(m);
      if (i < covered_until[list]) continue;
      const uint32_t len = best_len[list];
      covered_until[list] = static_cast<uint32_t>(i + len);
      for (uint32_t k = 0; k < len; ++k) {
        const uint8_t part = len == 1 ? 3 : k == 0 ? 0 : k + 1 == len ? 2 : 1;
        hits->push_back({static_cast<uint32_t>(i + k), static_cast<uint16_t>(list), part});
      }
    }
  }
}

}  // namespace wiretag::model
