#include "pipeline/source/jsonl_file_source.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace wiretag {
namespace {

bool Blank(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
}

}  // namespace

JsonLinesFileSource::JsonLinesFileSource(std::vector<std::string> files, std::vector<int64_t> start_lines)
    : files_(std::move(files)), start_lines_(std::move(start_lines)) {
  start_lines_.resize(files_.size(), 0);
  for (const std::string& f : files_) {
    std::ifstream in(f);
    if (!in) throw std::runtime_error("cannot read " + f + ": " + std::strerror(errno));
    int64_t n = 0;
    std::string line;
    while (std::getline(in, line)) ++n;
    line_counts_.push_back(n);
  }
  OpenCurrent();
}

void JsonLinesFileSource::OpenCurrent() {
  while (current_ < files_.size()) {
    if (start_lines_[current_] < line_counts_[current_]) {
      in_ = std::ifstream(files_[current_]);
      if (!in_) throw std::runtime_error("cannot read " + files_[current_] + ": " + std::strerror(errno));
      line_ = 0;
      std::string skip;
      while (line_ < start_lines_[current_] && std::getline(in_, skip)) ++line_;
      return;
    }
    ++current_;
  }
}

std::optional<ReplayRecord> JsonLinesFileSource::Next(std::chrono::milliseconds) {
  std::string line;
  while (current_ < files_.size()) {
    if (std::getline(in_, line)) {
      int64_t index = line_++;
      if (Blank(line)) continue;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      ReplayRecord rec;
      rec.partition = static_cast<int32_t>(current_);
      rec.offset = index;
      rec.value = std::move(line);
      if (line_ >= line_counts_[current_]) {
        ++current_;
        OpenCurrent();
      }
      return rec;
    }
    ++current_;
    OpenCurrent();
  }
  return std::nullopt;
}

std::map<int32_t, int64_t> JsonLinesFileSource::Ends() const {
  std::map<int32_t, int64_t> out;
  for (size_t i = 0; i < files_.size(); ++i) out[static_cast<int32_t>(i)] = line_counts_[i];
  return out;
}

std::string JsonLinesFileSource::Origin(const ReplayRecord& record) const {
  return files_.at(static_cast<size_t>(record.partition)) + ":" + std::to_string(record.offset + 1);
}

}  // namespace wiretag
