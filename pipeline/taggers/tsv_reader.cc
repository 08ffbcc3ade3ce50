#include "pipeline/taggers/tsv_reader.h"

#include <algorithm>
#include <stdexcept>

#include "pipeline/taggers/read_whole_file.h"

namespace wiretag {

TsvReader::TsvReader(const std::filesystem::path& path, std::vector<std::string_view> columns)
    : TsvReader(path, ReadWholeFile(path), std::move(columns)) {}

TsvReader::TsvReader(const std::filesystem::path& path, std::string text, std::vector<std::string_view> columns)
    : path_(path), data_(std::move(text)), columns_(columns.size()) {
  lines_ = ListLines(data_);
  line_count_ = static_cast<size_t>(std::count(data_.begin(), data_.end(), '\n')) + 1;
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
  std::string_view rest;
  if (!lines_.Next(&rest)) return false;
  fields_.clear();
  while (true) {
    size_t tab = rest.find('\t');
    fields_.push_back(rest.substr(0, tab));
    if (tab == std::string_view::npos) break;
    rest.remove_prefix(tab + 1);
  }
  return true;
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
  throw std::runtime_error(path_.string() + ":" + std::to_string(lines_.line_number()) + ": " +
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
