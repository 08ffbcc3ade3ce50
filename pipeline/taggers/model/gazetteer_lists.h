#pragma once
// Name lists the entity model uses as features: every config/gazetteers/*.tsv
// and *.txt file is one list, named after the file ("countries.tsv" ->
// "countries"). Lines starting with '#' are comments. A .tsv with a header row
// (lower-case column names) takes its names from the "name" column (else the
// first) plus "|"-separated "aliases"; without a header, the first column is
// the name. Names are matched case-insensitively on whole tokens; a name is
// split into tokens at spaces.
//
// Immutable after loading; Match() is const and thread-safe.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/taggers/model/huge_page_allocator.h"
#include "pipeline/taggers/snapshot_io.h"

namespace wiretag::model {

class GazetteerLists {
 public:
  // Loads every *.tsv of `dir` in name order; if `only` is not empty, only the
  // lists named there (a missing one is skipped). A missing `dir` gives no lists.
  // Throws std::runtime_error when a file cannot be read.
  static GazetteerLists LoadDirectory(const std::filesystem::path& dir,
                                      std::span<const std::string> only = {});

  // The list files of `dir` (*.tsv, *.txt), sorted by name; none when `dir`
  // is missing. What LoadDirectory reads, and what a gazetteer snapshot's
  // fingerprint covers.
  static std::vector<std::filesystem::path> ListFiles(const std::filesystem::path& dir);

  // Adds one list from names (for tests and for LoadDirectory).
  void AddList(const std::string& list_name, std::span<const std::string_view> names);
  // Makes room for `more_keys` further name prefixes (avoids rehashing).
  void Reserve(size_t more_keys);

  const std::vector<std::string>& names() const { return list_names_; }
  // Features name a list by the hash of its name, so a model does not depend on
  // the order in which lists are found.
  uint64_t list_hash(size_t list) const { return list_hashes_[list]; }

  // One hit: token `token` lies in a name of list `list` at position `part`
  // (0 begin, 1 inside, 2 last, 3 a one-token name). Per list, the longest
  // name starting leftmost wins.
  struct Hit {
    uint32_t token;
    uint16_t list;
    uint8_t part;
  };
  // `lower_hashes`: HashBytes of each token's lower-case form; matching stops at
  // sentence boundaries (sentence_start[i] != 0 starts a new sentence).
  void Match(std::span<const uint64_t> lower_hashes, std::span<const uint8_t> sentence_start,
             std::vector<Hit>* hits) const;

  // The lists (bit i = list i) that hold exactly the name made of `tokens`.
  uint32_t ListsNaming(std::span<const std::string_view> tokens) const;

  // Index of the list called `name`, or -1.
  int IndexOf(std::string_view name) const;

  // Lower-cases a token for matching (ASCII and Unicode letters; digits kept).
  static std::string Lower(std::string_view token);

  // The loaded lists as bytes, and back (for the gazetteer snapshot). Restore
  // throws SnapshotError on a table that could not have been saved.
  void Save(SnapshotWriter* out) const;
  static GazetteerLists Restore(SnapshotReader* in);

 private:
  struct Entry {
    uint32_t full_mask = 0;  // lists with a name that ends here
    uint32_t is_prefix = 0;  // a flag: some longer name continues from here (32 bits: no padding in snapshots)
  };
  static constexpr int kMaxNameTokens = 8;
  std::vector<std::string> list_names_;
  std::vector<uint64_t> list_hashes_;
  // Open addressing on the hash of a name's first n tokens (0 marks a free slot).
  struct Slot {
    uint64_t key = 0;
    Entry entry;
  };
  std::vector<Slot, HugePageAllocator<Slot>> slots_;
  size_t used_ = 0;
  Entry* Insert(uint64_t key);
  const Entry* Find(uint64_t key) const;
};

}  // namespace wiretag::model
