#pragma once
// Word clusters the entity model reads as features: each word (lower case,
// digits as 0, the form FeatureExtractor hashes) has a bit-string path in a
// binary tree of clusters (config/models/word_clusters.tsv, built by
// config/models/build_word_clusters.py). Words whose paths share a long prefix
// are used alike in news text, so prefixes of several lengths are clusters of
// several sizes.
//
// The table travels inside the model file (a model is only meaningful with the
// clusters it was trained with), so loading it is a copy of packed entries,
// not a parse of the text file. Immutable after building; Find() is const and
// thread-safe.

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

namespace wiretag::model {

class WordClusters {
 public:
  struct Entry {
    uint64_t key = 0;     // HashBytes of the word; 0 marks a free slot
    uint32_t path = 0;    // the path's bits, the first step most significant
    uint32_t length = 0;  // number of bits (1..32)
  };

  // Reads "word<TAB>path" lines ('#' comments allowed; path of '0'/'1', at
  // most 32 characters). Throws std::runtime_error naming the file and line
  // on anything else.
  static WordClusters LoadTsv(const std::filesystem::path& file);

  // Adds one word (for LoadTsv and tests); a word given twice keeps its first path.
  void Add(std::string_view word, std::string_view path);
  // Adds a packed entry (for the model file reader).
  void AddEntry(const Entry& e);
  // Makes room for `n` entries in all (avoids rehashing while reading a model).
  void Reserve(size_t n);

  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  // The entry of the word hashed to `key`, or nullptr.
  const Entry* Find(uint64_t key) const {
    if (slots_.empty() || key == 0) return nullptr;
    for (size_t pos = key & mask_;; pos = (pos + 1) & mask_) {
      const Entry& e = slots_[pos];
      if (e.key == key) return &e;
      if (e.key == 0) return nullptr;
    }
  }
  // Every entry, sorted by key (what the model file stores: the same table
  // gives the same bytes).
  std::vector<Entry> SortedEntries() const;

 private:
  std::vector<Entry> slots_;
  size_t size_ = 0;
  uint64_t mask_ = 0;
  void Grow();
  void Resize(size_t capacity);
};

}  // namespace wiretag::model
