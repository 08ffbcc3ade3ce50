#pragma once
// ListLines walks the lines of a list file in config/ (gazetteers, agency
// table, corrections, a newsroom's local lists), already read into memory:
// it gives each line that is neither empty nor a '#' comment, without its
// line break or a trailing '\r', and knows the line's number for error
// messages. The one reader of that format; what a line holds (one name,
// tab-separated columns) is the caller's. The lines are views into the text
// given, valid as long as it is. Not thread-safe; cheap to copy.

#include <cstddef>
#include <string_view>

namespace wiretag {

class ListLines {
 public:
  explicit ListLines(std::string_view text) : rest_(text) {}

  // The next line that is not empty and not a comment. False at the end.
  bool Next(std::string_view* line) {
    while (!rest_.empty()) {
      const size_t nl = rest_.find('\n');
      std::string_view candidate = rest_.substr(0, nl);
      rest_.remove_prefix(nl == std::string_view::npos ? rest_.size() : nl + 1);
      ++line_number_;
      if (!candidate.empty() && candidate.back() == '\r') candidate.remove_suffix(1);
      if (candidate.empty() || candidate.front() == '#') continue;
      *line = candidate;
      return true;
    }
    return false;
  }

  // The 1-based number of the line Next() gave last.
  size_t line_number() const { return line_number_; }

 private:
  std::string_view rest_;
  size_t line_number_ = 0;
};

}  // namespace wiretag
