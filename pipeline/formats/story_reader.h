#pragma once
// StoryReader parses one input record into a ParsedStory: ninjs 2.x (bodies[],
// headlines[] ...), ninjs 1.x flat fields (body_text, body_html, headline) or
// plain text. JSON is read with simdjson On Demand from a reused padded copy of
// the input; every top-level field is kept as raw JSON for the writer, and every
// value is validated (an invalid document is an error, never half-copied).
//
// The tagged text is the main body: text/plain first (role "main" before other
// roles), else an HTML body stripped to text (then `text_derived` is set).
//
// Nesting is bounded: a record whose arrays and objects nest deeper than
// kMaxJsonDepth levels (the record's own object is level 1) is kTooDeep, so a
// hostile record cannot exhaust a worker's stack.
//
// Not thread-safe: one reader per thread. The ParsedStory's views stay valid
// until the next Read() and as long as the input does.

#include <memory>
#include <optional>
#include <string_view>

#include "pipeline/formats/parsed_story.h"
#include "pipeline/formats/record_processor.h"

namespace wiretag {

// simdjson's own default depth bound (simdjson::DEFAULT_MAX_DEPTH); ninjs
// itself nests a handful of levels.
inline constexpr size_t kMaxJsonDepth = 1024;

class StoryReader {
 public:
  StoryReader();
  ~StoryReader();
  StoryReader(const StoryReader&) = delete;
  StoryReader& operator=(const StoryReader&) = delete;

  // Fills *story from `input`, which the caller has checked for size. Errors:
  // kInvalidUtf8, kInvalidJson, kTooDeep, kNoBody, each with a one-line detail.
  std::optional<ProcessError> Read(std::string_view input, InputFormat format, ParsedStory* story);

  // What the reader keeps between records (its copy of the input, simdjson's
  // parsers sized for the largest record so far, the body strings), in bytes;
  // and giving it back (the last ParsedStory's views become invalid).
  size_t RetainedBytes() const;
  void ReleaseMemory();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Byte offset of the first invalid UTF-8 sequence in `text` (text.size() if none).
size_t FirstInvalidUtf8(std::string_view text);

}  // namespace wiretag
