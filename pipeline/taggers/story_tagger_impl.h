#pragma once
// The StoryTagger that wiretag ships: the dateline and agency taggers, then the
// entity taggers in priority order, combined by the policy in entity_merge.h
// (taggers merged by priority, then the corrections of entity_corrections.h,
// the dateline city and in-text agency names as overrides, document-level
// canonical linking, and the places' canonical names), then the GeoNames place
// of the dateline city and of each LOC entity (place_resolver.h).
//
// A trained model plugs in by putting its EntityTagger first in
// `entity_taggers`; the rule tagger then only fills what the model left out.
// Immutable after construction; Tag() and TagHeadline() are thread-safe.

#include <memory>
#include <vector>

#include "pipeline/taggers/agency_table.h"
#include "pipeline/taggers/agency_tagger.h"
#include "pipeline/taggers/dateline_tagger.h"
#include "pipeline/taggers/entity_corrections.h"
#include "pipeline/taggers/entity_tagger.h"
#include "pipeline/taggers/geonames_table.h"
#include "pipeline/taggers/local_names.h"
#include "pipeline/taggers/place_gazetteer.h"
#include "pipeline/taggers/rule_entity_tagger.h"
#include "pipeline/taggers/story_tagger.h"

namespace wiretag {

struct StoryTaggerParts {
  std::unique_ptr<PlaceGazetteer> places;
  std::unique_ptr<AgencyTable> agencies;
  // Highest priority first. Taggers may refer to `places`/`agencies` (the
  // StoryTagger keeps those alive as long as the taggers).
  std::vector<std::unique_ptr<EntityTagger>> entity_taggers;
  // The rule tagger among `entity_taggers`, or null. When a tagger runs before
  // it (a trained model), its sure spans (RuleEntityTagger::TagWithOverrides)
  // replace what they overlap: titles never end up inside a name.
  const RuleEntityTagger* rules = nullptr;
  // Corrections applied to the merged spans (entity_corrections.h), or null.
  // Declared after `places`, which it refers to.
  std::unique_ptr<EntityCorrections> corrections;
  // The newsroom's own names (local_names.h), or null. Applied after the
  // corrections, before the dateline city and agency overrides.
  std::unique_ptr<LocalNames> local_names;
  // GeoNames places for the dateline city and LOC entities (place_resolver.h),
  // or null for none. Attached after every span is final; never changes a span.
  std::unique_ptr<GeoNamesTable> geonames;
};

std::unique_ptr<StoryTagger> MakeStoryTagger(StoryTaggerParts parts);

}  // namespace wiretag
