#pragma once
// NameIndex maps written names to the ids of what they name, looked up
// case-insensitively (Unicode case folding) with one exception that keeps
// wire text from matching by accident: a short all-capitals form ("US", "FL",
// "AP": ASCII capitals only, at most three letters) matches only as written,
// so "us" and "in" in running text find nothing.
//
// The index holds tens of thousands of names (cities) and is built at every
// start, so it is flat: the folded names live back to back in one string, an
// open-addressing table of their hashes points at a chain of ids kept in one
// vector. Building makes a few dozen allocations instead of several per name.
//
// Lookups fold into a thread-local buffer and do not allocate once it has
// grown. Immutable after the last Add(); const methods are thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/taggers/snapshot_io.h"

namespace wiretag {

class NameIndex {
 public:
  // A name as written and its case fold, so that a caller who looks one name up
  // in several indexes (the place resolver: countries, regions, GeoNames) folds
  // it once. `folded` must be FoldCase(written).
  struct Folded {
    std::string_view written;
    std::string_view folded;
  };
  // Folds `written` into *buffer (overwritten) and returns both.
  static Folded Fold(std::string_view written, std::string* buffer);

  // Registers `written` as a name of `id`. Adding the same (name, id) twice is a no-op.
  void Add(std::string_view written, uint32_t id);

  // Makes room for `more` further distinct names (avoids regrowing the table).
  void Reserve(size_t more);

  // Ids named by `written`, in the order they were added (callers add in
  // their preferred order, e.g. most populous first). Empty when none.
  std::vector<uint32_t> Find(std::string_view written) const;

  // Calls fn(id) for every id named by `written`, in order, until fn returns false.
  template <typename Fn>
  void ForEach(std::string_view written, Fn&& fn) const {
    ForEachFrom(FirstEntry(written), written, fn);
  }
  // The same for a name folded beforehand.
  template <typename Fn>
  void ForEach(const Folded& name, Fn&& fn) const {
    ForEachFrom(FirstFoldedEntry(name.folded), name.written, fn);
  }

  size_t size() const { return names_; }

  // Calls fn(id) for every (name, id) pair, in no particular order.
  template <typename Fn>
  void ForEachId(Fn&& fn) const {
    for (const Entry& entry : entries_) fn(entry.id);
  }

  // True for forms that match only as written (see above).
  static bool IsExactOnlyForm(std::string_view written);

  // The built index as bytes, and back (for the gazetteer snapshot). Restore
  // checks that every reference stays inside the index and throws
  // SnapshotError when one does not.
  void Save(SnapshotWriter* out) const;
  static NameIndex Restore(SnapshotReader* in);

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  struct TextRef {  // a range of text_
    uint32_t offset = 0;
    uint32_t size = 0;
  };
  struct Entry {
    uint32_t id;
    uint32_t next;    // next entry of the same name, or kNone
    TextRef written;  // the form as written, kept only for exact_only entries
    uint32_t exact_only;  // a flag; 32 bits so the struct has no padding (snapshot bytes are deterministic)
  };
  struct Slot {
    uint64_t hash = 0;
    TextRef key;             // the folded name
    uint32_t first = kNone;  // kNone marks a free slot
    uint32_t last = kNone;
  };

  std::string_view Text(TextRef r) const { return std::string_view(text_).substr(r.offset, r.size); }
  TextRef Store(std::string_view s);
  // The slot of folded name `key` with hash `hash`: its own, or the free one where it belongs.
  size_t Probe(std::string_view key, uint64_t hash) const;
  void Grow(size_t min_slots);
  uint32_t FirstEntry(std::string_view written) const;
  uint32_t FirstFoldedEntry(std::string_view folded) const;
  template <typename Fn>
  void ForEachFrom(uint32_t e, std::string_view written, Fn& fn) const {
    for (; e != kNone; e = entries_[e].next) {
      const Entry& entry = entries_[e];
      if (entry.exact_only && Text(entry.written) != written) continue;
      if (!fn(entry.id)) return;
    }
  }

  std::string text_;  // folded names and exact-only written forms, back to back
  std::vector<Slot> slots_;  // size a power of two, at most half used
  std::vector<Entry> entries_;
  size_t names_ = 0;
};

}  // namespace wiretag
