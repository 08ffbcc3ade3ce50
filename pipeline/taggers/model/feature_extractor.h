#pragma once
// Features of the entity model, in the spirit of Ratinov & Roth (2009).
//
// Static features depend only on the document's text and are computed once per
// document: the token, its lower case, word shape, prefixes and suffixes,
// neighbours within ±2, capitalisation pattern, position in the sentence and in
// the document, whether the sentence is all capitals (a headline), how the same
// word is capitalised elsewhere in the document, gazetteer membership, and
// word-cluster path prefixes of the word and its neighbours.
// Dynamic features depend on decisions already taken left to right: the previous
// two labels and the "extended prediction history" (the labels given to earlier
// occurrences of the same word in the document).
//
// FeatureExtractor is immutable and thread-safe; it does not own the lists or
// the clusters (either may be null or empty: those features never fire).

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "pipeline/taggers/model/gazetteer_lists.h"
#include "pipeline/taggers/model/word_clusters.h"

namespace wiretag::model {

// Bumped whenever a feature's definition changes: a model file records the
// feature set it was trained with and is refused by a different one. A model
// trained with word clusters records kFeatureSetWithClusters: set 2's
// features plus the cluster-path prefixes (without clusters those never fire,
// so a model without them keeps set 2 and its old bytes). The name-shape
// features (name_shape.h) add 2: set 4 without clusters, 5 with them.
inline constexpr uint32_t kFeatureSetId = 2;
inline constexpr uint32_t kFeatureSetWithClusters = 3;
inline constexpr uint32_t kFeatureSetNameShapes = 2;  // added to the set when the name shapes are on

inline constexpr uint32_t FeatureSetOf(bool clusters, bool name_shapes) {
  return kFeatureSetId + (clusters ? 1 : 0) + (name_shapes ? kFeatureSetNameShapes : 0);
}
inline constexpr bool IsKnownFeatureSet(uint32_t set) { return set >= kFeatureSetId && set <= FeatureSetOf(true, true); }
inline constexpr bool UsesClusters(uint32_t set) { return (set - kFeatureSetId) % 2 == 1; }
inline constexpr bool UsesNameShapes(uint32_t set) { return set - kFeatureSetId >= kFeatureSetNameShapes; }

struct DocumentView {
  std::span<const std::string_view> tokens;
  std::span<const uint8_t> sentence_start;  // 1 for the first token of a sentence
  // What the first sentence counts as in the sentence-index features. CoNLL
  // documents, which the model learns from, open with a headline (sentence 0)
  // and a dateline line (1) before the body; a wire story whose text opens
  // with its dateline ("WASHINGTON -- U.S. Defense Secretary ...") passes 1, so
  // that its body is read as a body and not as CoNLL's dateline or byline slot.
  uint32_t first_sentence_index = 0;
};

struct DocumentFeatures {
  std::vector<uint32_t> ids;      // feature ids, token by token (may be longer than offsets.back())
  std::vector<uint32_t> offsets;  // token i owns ids[offsets[i], offsets[i+1])
  std::vector<uint64_t> word;     // hash of the lower-case, digit-normalised word (history key)
  std::vector<uint64_t> short_shape;  // hash of the collapsed word shape ("Xx", "X.X.")
  std::vector<uint8_t> history_eligible;  // 1 when the word has an upper-case letter
  std::vector<uint8_t> sentence_end;      // 1 for the last token of a sentence
};

class FeatureExtractor {
 public:
  // `name_shapes`: also the name-shape features (romanised syllables, name
  // particles; feature sets 4 and 5).
  explicit FeatureExtractor(const GazetteerLists* lists, const WordClusters* clusters = nullptr,
                            bool name_shapes = false)
      : lists_(lists), clusters_(clusters && !clusters->empty() ? clusters : nullptr), name_shapes_(name_shapes) {}

  void Extract(const DocumentView& doc, DocumentFeatures* out) const;

 private:
  const GazetteerLists* lists_;
  const WordClusters* clusters_;
  bool name_shapes_;
};

// Labels given so far to each word of one document (the prediction history).
class PredictionHistory {
 public:
  void Reset(size_t expected_words);
  // `cls`: 0 for O, 1 + type for an entity label (see ClassOf).
  void Record(uint64_t word, int cls);
  static int ClassOf(uint8_t label) { return label == 0 ? 0 : 1 + (label - 1) / 4; }
  // Counts per class (O, PER, ORG, LOC, MISC) for `word`; nullptr when unseen.
  const uint16_t* Find(uint64_t word) const;

  // For ThreadScratch: the table's capacity, and giving it back (the next
  // Reset() allocates again).
  size_t CapacityBytes() const { return slots_.capacity() * sizeof(Slot); }
  void Release() {
    std::vector<Slot>().swap(slots_);
    used_ = 0;
    mask_ = 0;
    generation_ = 0;
  }

 private:
  struct Slot {
    uint64_t key;
    uint32_t generation;  // the slot is in use when it equals generation_
    uint16_t counts[5];
  };
  std::vector<Slot> slots_;
  size_t used_ = 0;
  uint64_t mask_ = 0;
  uint32_t generation_ = 0;  // bumped by Reset(), so clearing costs nothing
  Slot* Locate(uint64_t key);
};

// Appends the dynamic feature ids of token `i` to `out` (at most kMaxDynamic);
// returns how many. `prev1`/`prev2` are the labels of the two preceding tokens
// of the sentence (kNoLabel before its start).
inline constexpr uint8_t kNoLabel = 255;
inline constexpr int kMaxDynamic = 12;
int DynamicFeatures(const DocumentFeatures& f, size_t i, uint8_t prev1, uint8_t prev2,
                    const PredictionHistory& history, uint32_t* out);

// ThreadScratch support (see pipeline/taggers/thread_scratch.h).
inline size_t ScratchBytesOf(const PredictionHistory& h) { return h.CapacityBytes(); }
inline void ReleaseScratchOf(PredictionHistory& h) { h.Release(); }
inline size_t ScratchBytesOf(const DocumentFeatures& f) {
  return f.ids.capacity() * sizeof(uint32_t) + f.offsets.capacity() * sizeof(uint32_t) +
         f.word.capacity() * sizeof(uint64_t) + f.short_shape.capacity() * sizeof(uint64_t) +
         f.history_eligible.capacity() + f.sentence_end.capacity();
}
inline void ReleaseScratchOf(DocumentFeatures& f) { f = DocumentFeatures{}; }

}  // namespace wiretag::model
