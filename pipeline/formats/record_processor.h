#pragma once
// RecordProcessor turns one input record (ninjs 2.x / 1.x JSON, or plain text)
// into one enriched output record: the input object with every field kept,
// ninjs fields filled from the tags, and a "wiretag" object (docs/reference/output-record.md).
// It is the single code path shared by `wiretag tag`, `run`, `replay` and `demo`.
//
// Thread safety: NOT thread-safe; each worker thread owns one processor (it
// reuses a simdjson parser and output buffers). Processors may share one
// StoryTagger. Success means `*out` holds one complete JSON object, no newline.
//
// Memory: the buffers reused between records (the reader's and writer's, and
// the taggers' per-thread scratch, ThreadScratch) grow to about a hundred
// times the largest input. After an input of at least
// options.release_after_bytes they are freed and glibc's malloc_trim() hands
// the pages back to the system, so one large record does not keep its peak
// for the worker's lifetime. Inputs are bounded by max_message_bytes, so is the peak.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/formats/error_class.h"
#include "pipeline/formats/message_size.h"
#include "pipeline/taggers/story_tagger.h"

namespace wiretag {

enum class InputFormat : uint8_t { kAuto, kNinjs, kText };

struct ProcessorOptions {
  size_t max_message_bytes = kDefaultMaxMessageBytes;  // larger inputs are kTooLarge (message_size.h)
  InputFormat format = InputFormat::kAuto;
  // After an input of at least this many bytes, the processor gives its
  // working memory back (see RetainedBytes()); 0: never.
  size_t release_after_bytes = 64 << 10;
};

// Step timings of the last Process() call, for metrics.
struct ProcessTimings {
  double parse_seconds = 0, tag_seconds = 0, serialize_seconds = 0;
};

class RecordProcessor {
 public:
  RecordProcessor(const StoryTagger& tagger, ProcessorOptions options);
  ~RecordProcessor();
  RecordProcessor(const RecordProcessor&) = delete;
  RecordProcessor& operator=(const RecordProcessor&) = delete;

  // Enriches `input` into `*out` (cleared first). On failure returns the error
  // and leaves `*out` empty. Never throws for bad input.
  std::optional<ProcessError> Process(std::string_view input, std::string* out);

  // The tags of the last successful Process() and the story uri of the last
  // Process() ("" when it failed before reading one), for metrics and keys.
  const Tags& last_tags() const;
  std::string_view last_uri() const;
  const ProcessTimings& last_timings() const;

  // The bytes this processor and its thread's tagger scratch keep between
  // records (capacities, approximately). Call on the processing thread.
  size_t RetainedBytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wiretag
