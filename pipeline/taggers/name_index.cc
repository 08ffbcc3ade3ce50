#include "pipeline/taggers/name_index.h"

#include <functional>
#include <stdexcept>
#include <type_traits>

#include "pipeline/taggers/case_fold.h"

namespace wiretag {

namespace {
uint64_t HashName(std::string_view key) { return std::hash<std::string_view>{}(key); }
}  // namespace

bool NameIndex::IsExactOnlyForm(std::string_view written) {
  if (written.empty() || written.size() > 3) return false;
  for (char c : written) {
    if (!IsAsciiUpper(c)) return false;
  }
  return true;
}

NameIndex::TextRef NameIndex::Store(std::string_view s) {
  if (text_.size() + s.size() > UINT32_MAX) throw std::length_error("NameIndex: too much text");
  TextRef r{static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(s.size())};
  text_.append(s);
  return r;
}

size_t NameIndex::Probe(std::string_view key, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  size_t pos = hash & mask;
  while (slots_[pos].first != kNone && (slots_[pos].hash != hash || Text(slots_[pos].key) != key))
    pos = (pos + 1) & mask;
  return pos;
}

void NameIndex::Grow(size_t min_slots) {
  size_t cap = slots_.empty() ? 64 : slots_.size();
  while (cap < min_slots) cap <<= 1;
  if (cap == slots_.size()) return;
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(cap, Slot{});
  const size_t mask = cap - 1;
  for (const Slot& s : old) {
    if (s.first == kNone) continue;
    size_t pos = s.hash & mask;
    while (slots_[pos].first != kNone) pos = (pos + 1) & mask;
    slots_[pos] = s;
  }
}

void NameIndex::Reserve(size_t more) {
  Grow(2 * (names_ + more));
  entries_.reserve(entries_.size() + more);
}

void NameIndex::Add(std::string_view written, uint32_t id) {
  if (written.empty()) return;
  const bool exact = IsExactOnlyForm(written);
  if (2 * (names_ + 1) > slots_.size()) Grow(2 * (names_ + 1));
  thread_local std::string folded;
  folded.clear();
  AppendFoldCase(written, &folded);
  const uint64_t hash = HashName(folded);
  Slot& slot = slots_[Probe(folded, hash)];
  for (uint32_t e = slot.first; e != kNone; e = entries_[e].next) {
    const Entry& old = entries_[e];
    if (old.id == id && old.exact_only == exact && (!exact || Text(old.written) == written)) return;
  }
  if (entries_.size() >= kNone) throw std::length_error("NameIndex: too many names");
  const auto index = static_cast<uint32_t>(entries_.size());
  entries_.push_back(Entry{id, kNone, exact ? Store(written) : TextRef{}, exact});
  if (slot.first == kNone) {
    slot.hash = hash;
    slot.key = Store(folded);
    slot.first = index;
    ++names_;
  } else {
    entries_[slot.last].next = index;
  }
  slot.last = index;
}

uint32_t NameIndex::FirstEntry(std::string_view written) const {
  if (slots_.empty()) return kNone;
  thread_local std::string key;
  key.clear();
  AppendFoldCase(written, &key);
  return FirstFoldedEntry(key);
}

uint32_t NameIndex::FirstFoldedEntry(std::string_view folded) const {
  if (slots_.empty()) return kNone;
  return slots_[Probe(folded, HashName(folded))].first;
}

NameIndex::Folded NameIndex::Fold(std::string_view written, std::string* buffer) {
  buffer->clear();
  AppendFoldCase(written, buffer);
  return Folded{written, *buffer};
}

void NameIndex::Save(SnapshotWriter* out) const {
  static_assert(sizeof(Slot) == 24 && sizeof(Entry) == 20, "a layout change needs kGazetteerSnapshotFormat bumped");
  // No padding: the same lists give the same snapshot bytes.
  static_assert(std::has_unique_object_representations_v<Slot> && std::has_unique_object_representations_v<Entry>);
  out->String(text_);
  out->Vector(slots_);
  out->Vector(entries_);
  out->Value<uint64_t>(names_);
}

NameIndex NameIndex::Restore(SnapshotReader* in) {
  NameIndex index;
  index.text_ = std::string(in->String());
  in->Vector(&index.slots_);
  in->Vector(&index.entries_);
  index.names_ = in->Value<uint64_t>();
  const size_t num_slots = index.slots_.size(), num_entries = index.entries_.size();
  if (num_slots & (num_slots - 1)) throw SnapshotError("name index: table size");
  if (index.names_ > num_slots / 2 + 1) throw SnapshotError("name index: names");
  auto text_ok = [&](TextRef r) { return r.offset <= index.text_.size() && r.size <= index.text_.size() - r.offset; };
  auto entry_ok = [&](uint32_t e) { return e == kNone || e < num_entries; };
  for (const Slot& slot : index.slots_)
    if (slot.first != kNone && (!entry_ok(slot.first) || !entry_ok(slot.last) || !text_ok(slot.key)))
      throw SnapshotError("name index: slot");
  for (const Entry& entry : index.entries_)
    // Chains only run forwards (Add appends), so a restored one always ends.
    if (!entry_ok(entry.next) || (entry.next != kNone && entry.next <= &entry - index.entries_.data()) ||
        !text_ok(entry.written))
      throw SnapshotError("name index: entry");
  return index;
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
