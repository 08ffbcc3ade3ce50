#pragma once
// AgencyTagger names the wire agencies of a story and tells the source apart
// from agencies merely mentioned. Source evidence: the dateline parenthetical
// (every agency of "(Dow Jones/AP)"), a lead such as "AP - " or "(CBS/AP) ", a
// trailing credit "(Yonhap)" (also before "(END)"), a credit alone on its
// line, the sign-off "Reuter" on the last line, and the
// infosources/copyrightholder/by metadata. Any other mention ("told Reuters")
// is kMentioned; an alias the table marks ambiguous ("AP", "PA", "Bloomberg")
// needs context there ("told AP", "PA reported"). Names not in the agency
// table, web addresses and tickers ("reuters.com", "SPACE.com") are never
// agencies. Cost: the source checks look only at the opening, the dateline and
// the end; mentions take one linear scan. Immutable after construction; Tag()
// is thread-safe.

#include <optional>
#include <string_view>
#include <vector>

#include "pipeline/taggers/story_meta.h"
#include "pipeline/taggers/tags.h"

namespace wiretag {

class AgencyTable;

class AgencyTagger {
 public:
  explicit AgencyTagger(const AgencyTable& agencies);  // must outlive the tagger

  // Appends one AgencyMention per mention in `text` (byte offsets, text order),
  // plus one from_metadata mention per source agency found only in `meta`.
  void Tag(std::string_view text, const std::optional<Dateline>& dateline,
           const StoryMeta& meta, std::vector<AgencyMention>* out) const;

 private:
  const AgencyTable& agencies_;
};

}  // namespace wiretag
