#pragma once
// RecordWriter serialises one enriched record (the output contract,
// docs/reference/output-record.md): the input object with every top-level
// field copied verbatim, plus the ninjs 2.x fields filled from the tags —
// `located` (dateline city, unless the input has one), `infosources` (source agencies), `people`,
// `organisations`, `places` (one {"name": canonical, "rel": "mentions"} per
// distinct entity) — each merged with the entries already there, without
// duplicates; and the `wiretag` object (version, derived text, dateline,
// agencies, entities) with offsets converted from bytes to code points.
//
// Plain-text input is written as {"uri", "bodies": [{"role": "main",
// "contenttype": "text/plain", "value": TEXT}], ...}. A JSON story without a
// uri gets `story.uri` (the caller's "urn:wiretag:sha256:..." ) first.
//
// Deterministic: the same story and tags give the same bytes. Uses RapidJSON's
// Writer into the caller's string; reuses its own memory. Not thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/formats/code_point_offsets.h"
#include "pipeline/formats/parsed_story.h"
#include "pipeline/taggers/tags.h"

namespace wiretag {

class RecordWriter {
 public:
  RecordWriter();
  ~RecordWriter();
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;

  // Replaces *out with the record (one JSON object, no newline). `version` is
  // the wiretag.version string ("0.1.0+rules1").
  void Write(const ParsedStory& story, const Tags& tags, std::string_view version, std::string* out);

  // The writer's buffers, in bytes (about), and giving them back.
  size_t RetainedBytes() const;
  void ReleaseMemory();

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace wiretag
