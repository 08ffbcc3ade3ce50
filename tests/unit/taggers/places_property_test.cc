// Properties of the dateline and agency taggers on arbitrary input: no crash,
// every span inside the text and equal to the text it claims to cover.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "pipeline/taggers/agency_tagger.h"
#include "pipeline/taggers/dateline_tagger.h"
#include "tests/unit/taggers/places_test_fixture.h"

namespace wiretag {
namespace {

const testing::TestPlaces& Places() {
  static const testing::TestPlaces places;  // destroyed at exit, which removes its directory
  return places;
}

// Wire-ish pieces, so generated openings often come close to a dateline.
rc::Gen<std::string> WireishText() {
  return rc::gen::map(
      rc::gen::container<std::vector<std::string>>(rc::gen::oneOf(
          rc::gen::element<std::string>("SEOUL", "Winston-Salem", "dodge city", ", ", " ", "--", "-",
                                        "\xE2\x80\x94", "(AP)", "(Yonhap)", "Aug.", "18", "2017", "Fla.",
                                        "N.C.", "\n", "By Jane Doe\n", ":", "(", ")", "Reuter", "told AP",
                                        "AP Moller", "\xC3\xA9", "\xFF", "reuters.com", "(END)"),
          rc::gen::arbitrary<std::string>())),
      [](const std::vector<std::string>& parts) {
        std::string s;
        for (const auto& p : parts) s += p;
        return s;
      });
}

RC_GTEST_PROP(PlacesProperties, SpansStayInsideTheText, ()) {
  const auto& t = Places();
  DatelineTagger datelines(*t.places, *t.agencies);
  AgencyTagger agencies(*t.agencies);
  std::string text = *WireishText();
  StoryMeta meta;
  meta.versioncreated = "2017-08-18T00:00:00Z";
  auto d = datelines.Tag(text, meta);
  if (d) {
    RC_ASSERT(d->start <= d->end);
    RC_ASSERT(d->end <= text.size());
    RC_ASSERT(text.substr(d->start, d->end - d->start) == d->text);
    RC_ASSERT(d->start <= d->city_start && d->city_end <= d->end && d->city_start < d->city_end);
  }
  std::vector<AgencyMention> mentions;
  agencies.Tag(text, d, meta, &mentions);
  for (const auto& m : mentions) {
    RC_ASSERT(m.start <= m.end);
    RC_ASSERT(m.end <= text.size());
    if (!m.from_metadata) RC_ASSERT(m.start < m.end);
  }
}

}  // namespace
}  // namespace wiretag
