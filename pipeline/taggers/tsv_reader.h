#pragma once
// TsvReader reads the tab-separated lists in config/ (gazetteers, agencies):
// UTF-8, one record per line, '#' starts a comment line, blank lines are
// skipped, and the first other line is a header that must name the expected
// columns. Every error (missing file, wrong header, wrong column count)
// throws std::runtime_error naming the file and line. The file is read
// whole, once, so fields are views that stay valid as long as the reader.
// Not thread-safe; one reader per file.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/taggers/list_lines.h"

namespace wiretag {

class TsvReader {
 public:
  // Opens `path` and checks its header against `columns`.
  TsvReader(const std::filesystem::path& path, std::vector<std::string_view> columns);
  // Reads `text`, already loaded (word_lists.h), as the contents of `path`.
  TsvReader(const std::filesystem::path& path, std::string text, std::vector<std::string_view> columns);
  TsvReader(const TsvReader&) = delete;  // lines_ and fields() view data_
  TsvReader& operator=(const TsvReader&) = delete;

  // Reads the next record into fields() (views valid as long as the reader;
  // the vector itself is refilled by the next call). Returns false at the end
  // of the file.
  bool Next();

  // Lines in the file: an upper bound on the records, for reserving room.
  size_t line_count() const { return line_count_; }

  const std::vector<std::string_view>& fields() const { return fields_; }
  std::string_view field(size_t i) const { return fields_[i]; }

  // Throws std::runtime_error "<file>:<line>: <message>".
  [[noreturn]] void Fail(std::string_view message) const;

 private:
  bool ReadDataLine();

  std::filesystem::path path_;
  std::string data_;
  ListLines lines_{std::string_view()};
  size_t line_count_ = 0;
  size_t columns_ = 0;
  std::vector<std::string_view> fields_;
};

// Splits "a|b|c" into its non-empty parts.
std::vector<std::string_view> SplitList(std::string_view list, char separator = '|');

}  // namespace wiretag
