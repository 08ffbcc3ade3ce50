#pragma once
// How wiretag combines the spans of several entity taggers into one list: the
// policy seam between the rules and a trained model.
//
//   1. MergeEntities: taggers in priority order (a model first, the rules after
//      it); a span is kept unless it overlaps a span of a higher-priority tagger.
//      So the rules fill in what the model leaves out, and never split its spans.
//   2. ApplyOverrides: facts that are surer than any tagger (the dateline city
//      is a LOC, an agency named in the text is an ORG) replace what overlaps
//      them, except that an agency name inside a longer entity ("Reuters
//      Holdings PLC") leaves that entity alone.
//   3. LinkCanonicals: document-level linking; a one-word PER mention
//      ("Mattis") takes the canonical of an earlier full name ("Jim Mattis"),
//      or of a Korean-style name it opens ("Kim" -> "Kim Jong-un").
//
// Pure functions on values; thread-safe.

#include <span>
#include <string_view>
#include <vector>

#include "pipeline/taggers/tags.h"

namespace wiretag {

// `layers[0]` has the highest priority. Each layer must be sorted by start.
// The result is sorted by start and has no overlapping spans.
void MergeEntities(std::span<const std::vector<Entity>> layers, std::vector<Entity>* out);

struct EntityOverride {
  Entity entity;
  bool yields_to_containing = false;  // keep a longer entity that contains this span
};

// `entities` sorted by start in, sorted by start out.
void ApplyOverrides(std::span<const EntityOverride> overrides, std::vector<Entity>* entities);

// Fills canonical forms across the document (see above). `entities` sorted by start.
void LinkCanonicals(std::vector<Entity>* entities);

}  // namespace wiretag
