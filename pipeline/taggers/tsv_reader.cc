#include "pipeline/taggers/tsv_reader.h"

#include <stdexcept>

namespace wiretag {

TsvReader::TsvReader(const std::filesystem::path& path, std::vector<std::string_view> columns)
    : path_(path), in_(path), columns_(columns.size()) {
  if (!in_) throw std::runtime_error(path.string() + ": cannot open");
  if (!ReadDataLine()) Fail("missing header line");
  std::vector<std::string_view> header = fields_;
  if (header != columns) {
    std::string expected;
    for (auto c : columns) {
      if (!expected.empty()) expected += "\\t";
      expected += c;
    }
    Fail("header must be: " + expected);
  }
}

bool TsvReader::ReadDataLine() {
  while (std::getline(in_, line_)) {
    ++line_number_;
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    if (line_.empty() || line_[0] == '#') continue;
    fields_.clear();
    std::string_view rest(line_);
    while (true) {
      size_t tab = rest.find('\t');
      fields_.push_back(rest.substr(0, tab));
      if (tab == std::string_view::npos) break;
      rest.remove_prefix(tab + 1);
    }
    return true;
  }
  return false;
}

bool TsvReader::Next() {
  if (!ReadDataLine()) return false;
  if (fields_.size() != columns_) {
    Fail("expected " + std::to_string(columns_) + " tab-separated columns, found " +
         std::to_string(fields_.size()));
  }
  return true;
}

void TsvReader::Fail(std::string_view message) const {
  throw std::runtime_error(path_.string() + ":" + std::to_string(line_number_) + ": " +
                           std::string(message));
}

std::vector<std::string_view> SplitList(std::string_view list, char separator) {
  std::vector<std::string_view> out;
  while (!list.empty()) {
    size_t bar = list.find(separator);
    std::string_view part = list.substr(0, bar);
    if (!part.empty()) out.push_back(part);
    if (bar == std::string_view::npos) break;
    list.remove_prefix(bar + 1);
  }
  return out;
}

}  // namespace wiretag
