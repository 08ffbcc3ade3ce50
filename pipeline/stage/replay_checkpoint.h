#pragma once
// ReplayCheckpoint is the progress file of `wiretag replay --resume FILE`: for
// each selected partition the resolved range [from, to) and the next offset
// still to do. "Done" means the record's output (enriched or dead-lettered)
// was acknowledged by the broker, so a resumed replay repeats at most the
// unacknowledged window and never skips a record.
//
// The range is stored with the specs it came from, so a resumed replay works
// on the same offsets even when `--to end` would now resolve further, and a
// checkpoint written for another topic or range is refused instead of used.
//
// Save() is atomic: it writes FILE.tmp, fsyncs it, renames it over FILE and
// fsyncs the directory, so a crash leaves either the old or the new file.
// Not thread-safe; plain value type.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace wiretag {

struct ReplayPartitionProgress {
  int64_t from = 0;  // first offset of the range
  int64_t to = 0;    // end of the range, exclusive
  int64_t next = 0;  // first offset not yet acknowledged; == to when the partition is done
};

struct ReplayCheckpoint {
  std::string input;      // topic (or file list for --from-file)
  std::string from_spec;  // --from as given
  std::string to_spec;    // --to as given
  std::map<int32_t, ReplayPartitionProgress> partitions;

  bool Complete() const;

  // Throws std::runtime_error naming the file on an I/O failure.
  void Save(const std::filesystem::path& file) const;

  // Nothing when the file does not exist. Throws std::runtime_error naming the
  // file and line when it exists but cannot be read or is malformed.
  static std::optional<ReplayCheckpoint> Load(const std::filesystem::path& file);
};

}  // namespace wiretag
