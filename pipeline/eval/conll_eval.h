#pragma once
// Scoring an entity tagger on CoNLL-2003 style data, the way conlleval does:
// exact spans, precision/recall/F1 per type and overall.
//
// Input: one token per line, the token in the first column and its NER tag
// (IOB1 or IOB2: "O", "B-PER", "I-PER") in the last; blank lines end sentences;
// "-DOCSTART-" lines start documents. A document's text is its tokens joined by
// single spaces and its sentences joined by "\n", so that predicted byte spans
// can be mapped back to token spans; a predicted span that does not start and
// end on token boundaries counts as a wrong prediction.
//
// Pure functions and plain values; no I/O besides the istream given.

#include <cstdint>
#include <istream>
#include <map>
#include <string>
#include <vector>

#include "pipeline/taggers/model/span_scores.h"
#include "pipeline/taggers/tags.h"

namespace wiretag::eval {

struct ConllDocument {
  std::vector<std::vector<std::string>> sentences;  // tokens
  std::vector<std::vector<std::string>> tags;       // one tag per token
};

// Throws std::runtime_error "line N: ..." on a line without a tag column or a
// tag that is not O / B-X / I-X.
std::vector<ConllDocument> ParseConll(std::istream& in);

// A chunk over token indices [begin, end) of one token sequence.
struct Chunk {
  uint32_t begin = 0, end = 0;
  std::string type;
  bool operator==(const Chunk&) const = default;
  bool operator<(const Chunk& o) const {
    return begin != o.begin ? begin < o.begin : end != o.end ? end < o.end : type < o.type;
  }
};

// Chunks of one sentence's tags, IOB1 or IOB2 alike (conlleval's rules: a chunk
// starts at B-X, or at I-X after O or after a different type).
std::vector<Chunk> DecodeIob(const std::vector<std::string>& tags, uint32_t offset = 0);

// The evaluation text of a document and each token's byte span in it.
struct DocumentText {
  std::string text;
  std::vector<uint32_t> token_start, token_end;  // document-wide token index
};
DocumentText BuildText(const ConllDocument& doc);

// All gold chunks of a document, with document-wide token indices.
std::vector<Chunk> GoldChunks(const ConllDocument& doc);

// Predicted entities (byte spans) as chunks. Entities not on token boundaries
// get begin == end == UINT32_MAX (never equal to a gold chunk).
std::vector<Chunk> PredictedChunks(const DocumentText& doc, const std::vector<Entity>& entities);

// Precision, recall and F1 counted as conlleval does: the counts training reports.
using Counts = model::SpanCounts;

class ConllScore {
 public:
  // Adds one document's gold and predicted chunks.
  void Add(const std::vector<Chunk>& gold, const std::vector<Chunk>& predicted);
  const std::map<std::string, Counts>& ByType() const { return by_type_; }
  const Counts& Overall() const { return overall_; }
  // A fixed-width table: type, gold, predicted, correct, precision, recall, F1.
  std::string Table() const;

 private:
  std::map<std::string, Counts> by_type_;
  Counts overall_;
};

}  // namespace wiretag::eval
