#pragma once
// A StoryTagger for format tests: tags fixed strings wherever they occur, so the
// tests of the reader, writer and processor do not depend on the real taggers.

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/taggers/story_tagger.h"

namespace wiretag::testing {

struct FakeSpan {
  std::string text;
  EntityType type;
  std::string canonical;
};

class FakeStoryTagger : public StoryTagger {
 public:
  std::vector<FakeSpan> spans;              // tagged at every occurrence
  std::string dateline_prefix;              // a dateline when the text starts with it
  std::string dateline_city;
  std::string source_agency;                // a source agency from metadata when non-empty
  bool throw_on_tag = false;
  mutable std::string last_text;            // what Tag() was given
  mutable StoryMeta last_meta;

  Tags Tag(std::string_view text, const StoryMeta& meta) const override {
    if (throw_on_tag) throw std::runtime_error("fake tagger exploded\nsecond line");
    last_text.assign(text);
    last_meta = meta;
    Tags tags;
    if (!dateline_prefix.empty() && text.substr(0, dateline_prefix.size()) == dateline_prefix) {
      Dateline d;
      d.start = 0;
      d.end = static_cast<uint32_t>(dateline_prefix.size());
      d.text = dateline_prefix;
      d.city = dateline_city;
      d.country = "KR";
      tags.dateline = d;
    }
    if (!source_agency.empty()) {
      AgencyMention a;
      a.name = source_agency;
      a.code = "X";
      a.role = AgencyRole::kSource;
      a.from_metadata = true;
      tags.agencies.push_back(a);
    }
    Find(text, Field::kBody, &tags);
    return tags;
  }
  void TagHeadline(std::string_view headline, Tags* tags) const override { Find(headline, Field::kHeadline, tags); }
  std::string DataId() const override { return "fake1"; }

 private:
  void Find(std::string_view text, Field field, Tags* tags) const {
    std::vector<Entity> found;
    for (const FakeSpan& s : spans) {
      for (size_t at = text.find(s.text); at != std::string_view::npos; at = text.find(s.text, at + 1)) {
        Entity e;
        e.type = s.type;
        e.start = static_cast<uint32_t>(at);
        e.end = static_cast<uint32_t>(at + s.text.size());
        e.text = s.text;
        e.canonical = s.canonical.empty() ? s.text : s.canonical;
        e.field = field;
        found.push_back(e);
      }
    }
    std::sort(found.begin(), found.end(), [](const Entity& a, const Entity& b) { return a.start < b.start; });
    tags->entities.insert(tags->entities.end(), found.begin(), found.end());
  }
};

}  // namespace wiretag::testing
