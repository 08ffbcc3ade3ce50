#pragma once
// DatelineTagger finds the dateline that opens a wire story ("WASHINGTON --",
// "SEOUL, Aug. 18 (Yonhap) --", "BRUSSELS 1996-08-22") and resolves it: city in
// title case, region as written with its ISO 3166-2 code, ISO country, ISO date
// (the year taken from the story's timestamps when the dateline has none), and
// the agency named in its parenthetical.
//
// It must never turn an ordinary opening sentence into a dateline: when in
// doubt it returns nothing. Immutable after construction; Tag() is thread-safe.

#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include "pipeline/taggers/story_meta.h"
#include "pipeline/taggers/tags.h"

namespace wiretag {

class PlaceGazetteer;
class AgencyTable;

class DatelineTagger {
 public:
  // Both referents must outlive the tagger.
  DatelineTagger(const PlaceGazetteer& places, const AgencyTable& agencies);

  // Byte offsets into `text`. A byline line before the dateline is skipped.
  std::optional<Dateline> Tag(std::string_view text, const StoryMeta& meta) const;

 private:
  const PlaceGazetteer& places_;
  const AgencyTable& agencies_;
};

}  // namespace wiretag
