#include "pipeline/taggers/model/conll_corpus.h"

#include <fstream>
#include <stdexcept>
#include <string_view>

namespace wiretag::model {

namespace {

std::vector<std::string_view> SplitColumns(std::string_view line) {
  std::vector<std::string_view> cols;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
    if (j > i) cols.push_back(line.substr(i, j - i));
    i = j;
  }
  return cols;
}

// conlleval's chunk logic, for IOB1 and IOB2 alike.
class SpanBuilder {
 public:
  void Add(std::vector<TokenSpan>* out, uint32_t index, char prefix, int type, bool sentence_start) {
    const bool starts = prefix == 'B' || (prefix == 'I' && (type != open_type_ || sentence_start));
    if (prefix == 'O' || starts || sentence_start) Close(out, index);
    if (starts) {
      open_type_ = type;
      open_begin_ = index;
    }
  }
  void Close(std::vector<TokenSpan>* out, uint32_t index) {
    if (open_type_ >= 0) out->push_back({open_begin_, index, open_type_});
    open_type_ = -1;
  }

 private:
  int open_type_ = -1;
  uint32_t open_begin_ = 0;
};

}  // namespace

std::vector<AnnotatedDocument> ReadConll(std::istream& in, const std::string& name) {
  std::vector<AnnotatedDocument> docs;
  std::string line;
  size_t line_number = 0;
  bool new_sentence = true;
  SpanBuilder builder;
  auto finish_doc = [&] {
    if (!docs.empty()) builder.Close(&docs.back().gold, static_cast<uint32_t>(docs.back().tokens.size()));
  };
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto cols = SplitColumns(line);
    if (cols.empty()) {
      new_sentence = true;
      continue;
    }
    if (cols[0] == "-DOCSTART-") {
      finish_doc();
      if (docs.empty() || !docs.back().tokens.empty()) docs.emplace_back();
      new_sentence = true;
      continue;
    }
    if (cols.size() < 2)
      throw std::runtime_error(name + ":" + std::to_string(line_number) + ": expected 'TOKEN ... TAG'");
    if (docs.empty()) docs.emplace_back();
    AnnotatedDocument& doc = docs.back();
    const std::string_view tag = cols.back();
    char prefix = 'O';
    int type = -1;
    if (tag != "O") {
      if (tag.size() < 3 || (tag[0] != 'B' && tag[0] != 'I') || tag[1] != '-' ||
          (type = TypeFromName(tag.substr(2))) < 0)
        throw std::runtime_error(name + ":" + std::to_string(line_number) + ": unknown entity tag '" +
                                 std::string(tag) + "'");
      prefix = tag[0];
    }
    const uint32_t index = static_cast<uint32_t>(doc.tokens.size());
    builder.Add(&doc.gold, index, prefix, type, new_sentence);
    doc.tokens.emplace_back(cols[0]);
    doc.sentence_start.push_back(new_sentence ? 1 : 0);
    new_sentence = false;
  }
  finish_doc();
  if (!docs.empty() && docs.back().tokens.empty()) docs.pop_back();
  return docs;
}

std::vector<AnnotatedDocument> ReadConllFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path.string() + ": cannot open");
  return ReadConll(in, path.string());
}

}  // namespace wiretag::model
