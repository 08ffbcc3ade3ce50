#include "pipeline/eval/conll_eval.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <unordered_map>

namespace wiretag::eval {
namespace {

bool ValidTag(const std::string& tag) {
  if (tag == "O") return true;
  return tag.size() > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-';
}

}  // namespace

std::vector<ConllDocument> ParseConll(std::istream& in) {
  std::vector<ConllDocument> docs;
  std::string line;
  size_t line_no = 0;
  bool in_sentence = false;
  auto current = [&]() -> ConllDocument& {
    if (docs.empty()) docs.emplace_back();
    return docs.back();
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos) {
      in_sentence = false;
      continue;
    }
    if (line.compare(first, 10, "-DOCSTART-") == 0) {
      docs.emplace_back();
      in_sentence = false;
      continue;
    }
    size_t token_end = line.find_first_of(" \t", first);
    size_t last_start = line.find_last_of(" \t");
    if (token_end == std::string::npos) {
      throw std::runtime_error("line " + std::to_string(line_no) + ": no tag column");
    }
    std::string token = line.substr(first, token_end - first);
    std::string tag = line.substr(last_start + 1);
    if (!ValidTag(tag)) {
      throw std::runtime_error("line " + std::to_string(line_no) + ": bad NER tag \"" + tag + "\"");
    }
    ConllDocument& doc = current();
    if (!in_sentence) {
      doc.sentences.emplace_back();
      doc.tags.emplace_back();
      in_sentence = true;
    }
    doc.sentences.back().push_back(std::move(token));
    doc.tags.back().push_back(std::move(tag));
  }
  std::erase_if(docs, [](const ConllDocument& d) { return d.sentences.empty(); });
  return docs;
}

std::vector<Chunk> DecodeIob(const std::vector<std::string>& tags, uint32_t offset) {
  std::vector<Chunk> chunks;
  std::string_view open_type;  // type of the chunk being built, empty if none
  uint32_t open_begin = 0;
  for (uint32_t i = 0; i <= tags.size(); ++i) {
    std::string_view tag = i < tags.size() ? std::string_view(tags[i]) : std::string_view("O");
    char prefix = tag[0];
    std::string_view type = tag.size() > 2 ? tag.substr(2) : std::string_view();
    bool starts = prefix == 'B' || (prefix == 'I' && type != open_type);
    bool ends_open = !open_type.empty() && (prefix == 'O' || starts);
    if (ends_open) {
      chunks.push_back({offset + open_begin, offset + i, std::string(open_type)});
      open_type = {};
    }
    if (starts) {
      open_type = type;
      open_begin = i;
    }
  }
  return chunks;
}

DocumentText BuildText(const ConllDocument& doc) {
  DocumentText out;
  for (size_t s = 0; s < doc.sentences.size(); ++s) {
    if (s) out.text.push_back('\n');
    for (size_t t = 0; t < doc.sentences[s].size(); ++t) {
      if (t) out.text.push_back(' ');
      out.token_start.push_back(static_cast<uint32_t>(out.text.size()));
      out.text += doc.sentences[s][t];
      out.token_end.push_back(static_cast<uint32_t>(out.text.size()));
    }
  }
  return out;
}

std::vector<Chunk> GoldChunks(const ConllDocument& doc) {
  std::vector<Chunk> chunks;
  uint32_t offset = 0;
  for (const auto& tags : doc.tags) {
    std::vector<Chunk> s = DecodeIob(tags, offset);
    chunks.insert(chunks.end(), s.begin(), s.end());
    offset += static_cast<uint32_t>(tags.size());
  }
  return chunks;
}

std::vector<Chunk> PredictedChunks(const DocumentText& doc, const std::vector<Entity>& entities) {
  std::vector<Chunk> chunks;
  constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  for (const Entity& e : entities) {
    if (e.field != Field::kBody) continue;
    auto b = std::lower_bound(doc.token_start.begin(), doc.token_start.end(), e.start);
    auto en = std::lower_bound(doc.token_end.begin(), doc.token_end.end(), e.end);
    Chunk c{kNone, kNone, EntityTypeName(e.type)};
    if (b != doc.token_start.end() && *b == e.start && en != doc.token_end.end() && *en == e.end) {
      c.begin = static_cast<uint32_t>(b - doc.token_start.begin());
      c.end = static_cast<uint32_t>(en - doc.token_end.begin()) + 1;
    }
    chunks.push_back(std::move(c));
  }
  return chunks;
}

void ConllScore::Add(const std::vector<Chunk>& gold, const std::vector<Chunk>& predicted) {
  std::vector<Chunk> g = gold;
  std::sort(g.begin(), g.end());
  for (const Chunk& c : gold) {
    ++by_type_[c.type].gold;
    ++overall_.gold;
  }
  for (const Chunk& c : predicted) {
    ++by_type_[c.type].predicted;
    ++overall_.predicted;
    if (std::binary_search(g.begin(), g.end(), c)) {
      ++by_type_[c.type].correct;
      ++overall_.correct;
    }
  }
}

std::string ConllScore::Table() const {
  std::string out;
  char line[160];
  std::snprintf(line, sizeof line, "%-8s %7s %7s %7s %9s %7s %7s\n", "type", "gold", "pred", "correct",
                "precision", "recall", "F1");
  out += line;
  auto row = [&](const std::string& name, const Counts& c) {
    std::snprintf(line, sizeof line, "%-8s %7zu %7zu %7zu %9.4f %7.4f %7.4f\n", name.c_str(), c.gold, c.predicted,
                  c.correct, c.Precision(), c.Recall(), c.F1());
    out += line;
  };
  for (const auto& [type, counts] : by_type_) row(type, counts);
  row("overall", overall_);
  return out;
}

}  // namespace wiretag::eval
