#include "pipeline/taggers/agency_tagger.h"

#include <gtest/gtest.h>

#include "pipeline/taggers/dateline_tagger.h"
#include "tests/unit/taggers/places_test_fixture.h"

namespace wiretag {
namespace {

class AgencyTaggerTest : public ::testing::Test {
 protected:
  testing::TestPlaces t;
  DatelineTagger datelines{*t.places, *t.agencies};
  AgencyTagger tagger{*t.agencies};

  std::vector<AgencyMention> Tag(std::string_view text, const StoryMeta& meta = {}) const {
    std::vector<AgencyMention> out;
    tagger.Tag(text, datelines.Tag(text, meta), meta, &out);
    return out;
  }
};

std::string_view Span(std::string_view text, const AgencyMention& m) {
  return text.substr(m.start, m.end - m.start);
}

TEST_F(AgencyTaggerTest, DatelineParentheticalIsTheSource) {
  std::string_view text = "SEOUL, Aug. 18 (Yonhap) -- Talks resumed, Yonhap News Agency said.";
  auto m = Tag(text);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].name, "Yonhap");
  EXPECT_EQ(m[0].code, "YNA");
  EXPECT_EQ(m[0].role, AgencyRole::kSource);
  EXPECT_EQ(Span(text, m[0]), "Yonhap");
  EXPECT_EQ(m[1].role, AgencyRole::kMentioned);
  EXPECT_EQ(Span(text, m[1]), "Yonhap News Agency");
}

TEST_F(AgencyTaggerTest, LeadCreditIsTheSource) {
  std::string_view text = "AP - A company founded by a chemist won a grant.";
  auto m = Tag(text);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].name, "Associated Press");
  EXPECT_EQ(m[0].role, AgencyRole::kSource);
  EXPECT_EQ(m[0].start, 0u);
  EXPECT_EQ(m[0].end, 2u);
}

TEST_F(AgencyTaggerTest, TrailingCreditIsTheSource) {
  std::string_view text = "WASHINGTON -- The allies agreed to share more information, the statement said. (Yonhap)\n";
  auto m = Tag(text);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].role, AgencyRole::kSource);
  EXPECT_EQ(Span(text, m[0]), "Yonhap");
}

TEST_F(AgencyTaggerTest, TrailingCreditBeforeEndMark) {
  std::string_view text = "Talks will resume next week. (Yonhap)\n(END)\n";
  auto m = Tag(text);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].role, AgencyRole::kSource);
}

TEST_F(AgencyTaggerTest, ReuterSignOffIsTheSource) {
  std::string_view text = "LONDON, March 3 - Sterling rose against the dollar.\n Reuter\n\x03";
  auto m = Tag(text);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].name, "Reuters");
  EXPECT_EQ(m[0].role, AgencyRole::kSource);
  EXPECT_EQ(Span(text, m[0]), "Reuter");
}

TEST_F(AgencyTaggerTest, MentionsAreNotSources) {
  std::string_view text = "The minister told Reuters on Monday that, according to Yonhap, talks would resume.";
  auto m = Tag(text);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].name, "Reuters");
  EXPECT_EQ(m[0].role, AgencyRole::kMentioned);
  EXPECT_EQ(Span(text, m[0]), "Reuters");
  EXPECT_EQ(m[1].name, "Yonhap");
  EXPECT_EQ(m[1].role, AgencyRole::kMentioned);
}

TEST_F(AgencyTaggerTest, AmbiguousShortCodesNeedContext) {
  EXPECT_TRUE(Tag("Shipping group AP Moller-Maersk posted a profit.").empty());
  EXPECT_TRUE(Tag("The plant in Erie, PA employs 300 people and CP Rail hauls its goods.").empty());
  EXPECT_TRUE(Tag("Former mayor Michael Bloomberg said he would donate.").empty());
  EXPECT_TRUE(Tag("The Dow Jones industrial average fell 2 percent.").empty());
  auto m = Tag("The governor told AP that an AP reporter and the PA news agency were briefed.");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].name, "Associated Press");
  EXPECT_EQ(m[1].name, "Associated Press");
  EXPECT_EQ(m[2].name, "Press Association");
  for (const auto& a : m) EXPECT_EQ(a.role, AgencyRole::kMentioned);
  EXPECT_EQ(Tag("Shares fell, Dow Jones Newswires reported.").size(), 1u);
}

TEST_F(AgencyTaggerTest, WebsiteNamesAreNotAgencies) {
  EXPECT_TRUE(Tag("SPACE.com reported that the launch slipped a week.").empty());
  EXPECT_TRUE(Tag("Nobody here names an agency; APEC leaders met in Lima.").empty());
}

TEST_F(AgencyTaggerTest, LeadCreditBeforeADateline) {
  std::string_view text = "Canadian Press - TOKYO (AP) - A strong earthquake shook the capital.";
  auto m = Tag(text);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].name, "Canadian Press");
  EXPECT_EQ(m[0].role, AgencyRole::kSource);
  EXPECT_EQ(m[1].name, "Associated Press");
  EXPECT_EQ(m[1].role, AgencyRole::kSource);
}

TEST_F(AgencyTaggerTest, SeveralAgenciesInOneCredit) {
  std::string_view text = "NEW YORK (Dow Jones/AP) -- Shares fell.";
  auto m = Tag(text);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(Span(text, m[0]), "Dow Jones");
  EXPECT_EQ(Span(text, m[1]), "AP");
  EXPECT_EQ(m[1].role, AgencyRole::kSource);
  text = "(CBS/AP) A video posted on a web site shows the hostage.";
  m = Tag(text);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].role, AgencyRole::kSource);
}

TEST_F(AgencyTaggerTest, CreditLineBetweenParagraphsIsASource) {
  std::string_view text = "WASHINGTON -- The allies met.\n(Yonhap)\nThey agreed to meet again.";
  auto m = Tag(text);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].role, AgencyRole::kSource);
}

TEST_F(AgencyTaggerTest, WebAddressesAndTickersAreNotMentions) {
  EXPECT_TRUE(Tag("Details at http://www.investor.reuters.com/Quote and reuters.com today.").empty());
  auto m = Tag("Photo (AP Photo/Jane Doe) shows the crowd.");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].role, AgencyRole::kMentioned);
}

TEST_F(AgencyTaggerTest, MetadataNamesTheSource) {
  StoryMeta meta;
  meta.infosource_names = {"Yonhap"};
  meta.copyrightholder = "Agence France-Presse";
  auto m = Tag("Talks will resume next week, officials said.", meta);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].name, "Yonhap");
  EXPECT_TRUE(m[0].from_metadata);
  EXPECT_EQ(m[0].role, AgencyRole::kSource);
  EXPECT_EQ(m[1].name, "Agence France-Presse");
  EXPECT_EQ(m[1].start, 0u);
  EXPECT_EQ(m[1].end, 0u);
}

TEST_F(AgencyTaggerTest, MetadataSourceAlreadyInTextIsNotRepeated) {
  StoryMeta meta;
  meta.by = "The Associated Press";
  auto m = Tag("WASHINGTON (AP) -- Lawmakers returned.", meta);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_FALSE(m[0].from_metadata);
  EXPECT_EQ(m[0].role, AgencyRole::kSource);
}

}  // namespace
}  // namespace wiretag
