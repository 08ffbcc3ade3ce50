#pragma once
// WordLists holds, loaded once, the word and phrase lists that the rule tagger's
// lexicon (rule_lexicon.h) and the entity corrections (entity_corrections.h)
// read: common_words.txt, first_names.tsv, titles.txt, organisations.tsv, the
// organisation, MISC and place suffix and prefix lists, locations.txt,
// misc.txt, not_names.txt, and every list of config/gazetteers/overrides/.
// Each list is kept as its file's text (what a line holds is the reader's
// business, as with ListLines) plus its first-column words sorted, so that
// a set of tens of thousands of words is one binary search away without
// being built into a hash table at every start.
//
// Built from the text files (Load) or copied back from the gazetteer snapshot
// (Restore, gazetteer_snapshot.h), which gives the same lists; the snapshot's
// fingerprint covers every file Load reads. Immutable after loading; const
// methods are thread-safe.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/taggers/list_lines.h"
#include "pipeline/taggers/snapshot_io.h"

namespace wiretag {

// One list file: its text and the sorted index of its first column.
class WordList {
 public:
  // `name` is the file's path relative to the gazetteer directory
  // ("common_words.txt", "overrides/groups.txt").
  WordList(std::string name, std::string text);

  const std::string& name() const { return name_; }
  std::string_view text() const { return text_; }
  // The lines that are neither blank nor '#' comments, in file order.
  ListLines lines() const { return ListLines(text_); }
  // Whether a line's first tab-separated column is exactly `word`.
  bool Contains(std::string_view word) const;
  // Lines with a non-empty first column.
  size_t size() const { return sorted_.size(); }
  bool empty() const { return sorted_.empty(); }

 private:
  friend class WordLists;  // Save and Restore
  struct Word {            // a first column: a range of text_
    uint32_t begin, size;
  };
  WordList() = default;
  std::string_view At(Word w) const { return std::string_view(text_).substr(w.begin, w.size); }

  std::string name_;
  std::string text_;
  std::vector<Word> sorted_;  // by bytes
};

class WordLists {
 public:
  // Reads the lists of `gazetteer_dir` named above; a missing file is no list
  // (Find gives null). Throws std::runtime_error when a file cannot be read.
  static std::shared_ptr<const WordLists> Load(const std::filesystem::path& gazetteer_dir);

  // The list files of `gazetteer_dir`/overrides (*.tsv, *.txt), sorted; what
  // Load reads there and what the snapshot's fingerprint adds to the
  // top-level lists. None when the directory is missing.
  static std::vector<std::filesystem::path> OverrideFiles(const std::filesystem::path& gazetteer_dir);

  // The list loaded from `name` (relative path, "overrides/groups.txt"), or
  // null when that file was missing.
  const WordList* Find(std::string_view name) const;
  // The same; throws std::runtime_error "<path>: cannot open" when missing.
  const WordList& Require(std::string_view name) const;
  // Where the list `name` was read from, for error messages.
  std::filesystem::path PathOf(std::string_view name) const { return dir_ / name; }

  // The lists as bytes, and back (for the gazetteer snapshot); Restore takes
  // the directory the lists were read from and throws SnapshotError on
  // bytes that Save could not have written.
  void Save(SnapshotWriter* out) const;
  static std::shared_ptr<const WordLists> Restore(SnapshotReader* in, const std::filesystem::path& gazetteer_dir);

 private:
  std::filesystem::path dir_;
  std::vector<WordList> lists_;  // sorted by name
};

}  // namespace wiretag
