#pragma once
// What the story reader found in one input record, ready for the taggers and
// the record writer. Views point into the reader's buffers and the input; they
// stay valid until the reader's next Read(). Plain value.

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/taggers/story_meta.h"

namespace wiretag {

// Top-level fields the writer fills from the tags (merging with what is there).
enum class ManagedField : uint8_t { kNone, kLocated, kInfosources, kPeople, kOrganisations, kPlaces, kWiretag };

// One top-level field of a JSON input, as written: both views are raw JSON
// (the key with its quotes), copied to the output verbatim.
struct RawField {
  std::string_view key;
  std::string_view value;
  ManagedField managed = ManagedField::kNone;
};

struct ParsedStory {
  bool from_json = false;
  std::vector<RawField> fields;  // JSON input: every top-level field in input order

  std::string_view uri;       // unescaped; empty when the input has none
  bool has_uri = false;       // the input has a "uri" field (whatever its value)
  std::string_view text;      // the tagged text: main body (plain, or stripped HTML)
  bool text_derived = false;  // text was derived from HTML: it goes out as wiretag.text
  std::string_view headline;  // main headline, may be empty
  std::string_view located;   // existing non-empty "located" string, kept as is
  StoryMeta meta;

  // Names already in these arrays, so that the writer adds no duplicates
  // (infosources[].name is in meta.infosource_names).
  std::vector<std::string> people_names, organisation_names, place_names;
};

}  // namespace wiretag
