#include "pipeline/eval/reuters_eval.h"

#include <gtest/gtest.h>

#include "pipeline/taggers/dateline_tagger.h"
#include "tests/unit/taggers/places_test_fixture.h"

namespace wiretag {
namespace {

ReutersStory Story(std::string newid, std::string dateline, std::string body) {
  ReutersStory s;
  s.newid = std::move(newid);
  s.date = "18-AUG-2017 10:00:00.00";
  s.dateline = std::move(dateline);
  s.body = std::move(body);
  s.has_dateline = s.has_body = true;
  return s;
}

TEST(ReutersGold, CityBeforeTheFirstCommaAndDateWithTheStoryYear) {
  auto gold = ReutersGoldFromDateline("    PORTLAND, Ore., Aug 17 - ", "2017-08-18T10:00:00Z");
  EXPECT_EQ(gold.city, "PORTLAND");
  EXPECT_EQ(gold.date, "2017-08-17");
  gold = ReutersGoldFromDateline("    JOHANNESBURG Aug 17 - ", "2017-08-18T10:00:00Z");
  EXPECT_EQ(gold.city, "JOHANNESBURG");
  gold = ReutersGoldFromDateline("    SEOUL - ", "2017-08-18T10:00:00Z");
  EXPECT_EQ(gold.city, "SEOUL");
  EXPECT_FALSE(gold.date);
}

TEST(ReutersEval, CountsCityDateAndFalseDatelines) {
  testing::TestPlaces t;
  DatelineTagger tagger(*t.places, *t.agencies);
  ReutersEval eval(tagger, 10);
  eval.Add(Story("1", "    SEOUL, Aug 17 - ", "Exports rose in July, the ministry said."));
  eval.Add(Story("2", "    Orlando, Fla., Aug 18 - ", "The park said attendance rose."));
  // Our tagger cannot read a typo'd month: a city miss and a date miss.
  eval.Add(Story("3", "    LONDON, Agu 18 - ", "Shares fell."));
  // A body that itself opens like a dateline counts as a false dateline.
  eval.Add(Story("4", "    LONDON, Aug 18 - ", "LONDON, Aug 18 - Shares fell."));
  ReutersStory no_body;
  no_body.has_dateline = true;
  eval.Add(no_body);

  const ReutersEvalResult& r = eval.result();
  EXPECT_EQ(r.stories, 4u);
  EXPECT_EQ(r.skipped, 1u);
  EXPECT_EQ(r.datelines_found, 3u);
  EXPECT_EQ(r.city_correct, 3u);
  EXPECT_EQ(r.gold_dates, 3u);  // "Agu 18" has no date to compare
  EXPECT_EQ(r.date_correct, 3u);
  EXPECT_EQ(r.false_datelines, 1u);
  EXPECT_DOUBLE_EQ(r.CityAccuracy(), 0.75);
  EXPECT_DOUBLE_EQ(r.FalseDatelineRate(), 0.25);
  ASSERT_EQ(r.failures.size(), 2u);
  EXPECT_EQ(r.failures[0].kind, "city");
  EXPECT_EQ(r.failures[0].newid, "3");
  EXPECT_EQ(r.failures[1].kind, "false_dateline");
}

}  // namespace
}  // namespace wiretag
