#pragma once
// Converts byte offsets into a UTF-8 text to Unicode code-point offsets (the
// output contract's `start`/`end`), for a whole record at once: callers Add()
// every byte offset they will need, Resolve() walks the text once, and then
// CodePoints() looks each one up. An offset inside a multi-byte sequence counts
// the code points that start before it. Reuses its memory across records; not
// thread-safe.

#include <cstdint>
#include <string_view>
#include <vector>

namespace wiretag {

class CodePointOffsets {
 public:
  void Reset(std::string_view text);
  void Add(uint32_t byte_offset) { bytes_.push_back(byte_offset); }
  void Resolve();
  // Code-point offset of `byte_offset`, which must have been added before Resolve().
  uint32_t CodePoints(uint32_t byte_offset) const;

 private:
  std::string_view text_;
  std::vector<uint32_t> bytes_;        // sorted, unique after Resolve()
  std::vector<uint32_t> code_points_;  // parallel to bytes_
  bool ascii_ = false;
};

}  // namespace wiretag
