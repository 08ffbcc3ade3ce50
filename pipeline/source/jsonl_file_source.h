#pragma once
// JsonLinesFileSource reads stories from JSON Lines files for
// `wiretag replay --from-file`: each non-blank line is one record. A record's
// "partition" is the file's index in the list and its "offset" the line's
// index (0-based), so ordering, progress and checkpoints work as for a topic:
// `wiretag.source` reads "FILE/FILE_INDEX/LINE_INDEX"; the key is the story uri.
//
// The files are read once up front to count lines (for progress), then
// streamed. Not thread-safe.

#include <fstream>
#include <string>
#include <vector>

#include "pipeline/stage/replay_source.h"

namespace wiretag {

class JsonLinesFileSource : public ReplaySource {
 public:
  // Throws std::runtime_error naming the file when one cannot be read.
  // `start_lines[i]`, when given, skips lines before it in file i (resume).
  explicit JsonLinesFileSource(std::vector<std::string> files, std::vector<int64_t> start_lines = {});

  std::optional<ReplayRecord> Next(std::chrono::milliseconds timeout) override;
  bool Exhausted() const override { return current_ >= files_.size(); }
  std::map<int32_t, int64_t> Ends() const override;
  bool PartitionExhausted(int32_t partition) const override { return static_cast<size_t>(partition) < current_; }
  std::string TopicOf(int32_t partition) const override;

  const std::vector<int64_t>& line_counts() const { return line_counts_; }

 private:
  void OpenCurrent();

  std::vector<std::string> files_;
  std::vector<int64_t> line_counts_, start_lines_;
  size_t current_ = 0;
  std::ifstream in_;
  int64_t line_ = 0;
};

}  // namespace wiretag
