#pragma once
// Reads annotated text in CoNLL column format (one token per line, the token
// first and its IOB1 or IOB2 entity tag last; blank lines end sentences;
// "-DOCSTART-" lines start documents) into documents for training and scoring.
// A file without -DOCSTART- lines is one document.

#include <filesystem>
#include <istream>
#include <string>
#include <vector>

#include "pipeline/taggers/model/bilou.h"

namespace wiretag::model {

struct AnnotatedDocument {
  std::vector<std::string> tokens;
  std::vector<uint8_t> sentence_start;  // 1 for the first token of a sentence
  std::vector<TokenSpan> gold;          // entity spans, in token order
};

// Throws std::runtime_error naming the file and line on a malformed line
// (fewer than two columns, or a tag that is not O, B-X or I-X with X one of
// PER, ORG, LOC, MISC).
std::vector<AnnotatedDocument> ReadConll(std::istream& in, const std::string& name);
std::vector<AnnotatedDocument> ReadConllFile(const std::filesystem::path& path);

}  // namespace wiretag::model
