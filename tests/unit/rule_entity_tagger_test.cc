#include "pipeline/taggers/rule_entity_tagger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline/taggers/place_gazetteer.h"
#include "pipeline/taggers/tokenizer.h"
#include "tests/unit/entities_test_fixture.h"

namespace wiretag {
namespace {

class RuleEntityTaggerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    testing::WriteEntityTestConfig(dir_->path());
    places_ = PlaceGazetteer::Load(dir_->path() / "gazetteers").release();
    tagger_ = RuleEntityTagger::Load(dir_->path() / "gazetteers", *places_).release();
  }
  static void TearDownTestSuite() {
    delete tagger_;
    delete places_;
    delete dir_;
  }

  std::vector<Entity> Tag(std::string_view text) {
    std::vector<Token> tokens;
    Tokenize(text, &tokens);
    std::vector<Entity> out;
    tagger_->Tag(text, tokens, &out);
    return out;
  }

  // "TYPE text" for each entity, or "TYPE text -> canonical" when they differ.
  std::vector<std::string> Describe(std::string_view text) {
    std::vector<std::string> out;
    for (const Entity& e : Tag(text)) {
      std::string d = std::string(EntityTypeName(e.type)) + " " + e.text;
      if (e.canonical != e.text) d += " -> " + e.canonical;
      out.push_back(d);
    }
    return out;
  }

  static testing::TempDir* dir_;
  static PlaceGazetteer* places_;
  static RuleEntityTagger* tagger_;
};
testing::TempDir* RuleEntityTaggerTest::dir_ = nullptr;
PlaceGazetteer* RuleEntityTaggerTest::places_ = nullptr;
RuleEntityTagger* RuleEntityTaggerTest::tagger_ = nullptr;

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

TEST_F(RuleEntityTaggerTest, LeavesTitlesOutOfNames) {
  EXPECT_THAT(Describe("He met Defense Secretary Laura Brennan and Foreign Minister Kenji Watanabe."),
              ElementsAre("PER Laura Brennan", "PER Kenji Watanabe"));
}

TEST_F(RuleEntityTaggerTest, LinksShortMentionsToTheEarlierFullName) {
  EXPECT_THAT(Describe("Laura Brennan arrived on Monday. Later, Brennan said the talks went well."),
              ElementsAre("PER Laura Brennan", "PER Brennan -> Laura Brennan"));
}

TEST_F(RuleEntityTaggerTest, KeepsHyphenatedNamesWhole) {
  EXPECT_THAT(Describe("The envoy of Kim Jong-un arrived."), ElementsAre("PER Kim Jong-un"));
}

TEST_F(RuleEntityTaggerTest, TypesPlacesNationalitiesAndOrganisations) {
  EXPECT_THAT(Describe("A Japanese diplomat told the UN Security Council that North Korea and China disagree."),
              ElementsAre("MISC Japanese", "ORG UN Security Council", "LOC North Korea", "LOC China"));
}

TEST_F(RuleEntityTaggerTest, CanonicalOfAPlaceIsItsGazetteerName) {
  EXPECT_THAT(Describe("Troops from the U.S. arrived."), ElementsAre("LOC U.S. -> United States"));
}

TEST_F(RuleEntityTaggerTest, OrganisationSuffixMakesAnOrg) {
  EXPECT_THAT(Describe("Shares of Hanbit Shipping Co. fell while Dalsan Holdings rose."),
              ElementsAre("ORG Hanbit Shipping Co.", "ORG Dalsan Holdings"));
}

TEST_F(RuleEntityTaggerTest, SentenceInitialCommonWordsAreNotNames) {
  EXPECT_THAT(Describe("The talks ended. Analysts said nothing. But Tuesday was calm."), ElementsAre());
}

TEST_F(RuleEntityTaggerTest, EventsAndReligionsAreMisc) {
  EXPECT_THAT(Describe("Fans of the World Cup and Muslim pilgrims met."),
              ElementsAre("MISC World Cup", "MISC Muslim"));
}

TEST_F(RuleEntityTaggerTest, AllCapitalHeadlineUsesOnlyKnownNames) {
  std::vector<std::string> found = Describe("JAPAN AND CHINA WARN NORTH KOREA OVER LAUNCH\nJapan and China agreed.");
  EXPECT_THAT(found, Contains("LOC JAPAN -> Japan"));
  EXPECT_THAT(found, Contains("LOC NORTH KOREA -> North Korea"));
  EXPECT_THAT(found, Not(Contains("PER WARN")));
  EXPECT_THAT(found, Not(Contains("PER LAUNCH")));
}

TEST_F(RuleEntityTaggerTest, ASmallTownDoesNotBeatASurname) {
  EXPECT_THAT(Describe("Officials met Laura Brennan. Brennan left."),
              ElementsAre("PER Laura Brennan", "PER Brennan -> Laura Brennan"));
}

TEST_F(RuleEntityTaggerTest, OffsetsAreBytesIntoTheText) {
  std::string text = "Jos\xC3\xA9 Okafor met Taro Kono in Tokyo.";
  for (const Entity& e : Tag(text)) EXPECT_EQ(text.substr(e.start, e.end - e.start), e.text);
  EXPECT_THAT(Describe(text), ElementsAre("PER Jos\xC3\xA9 Okafor", "PER Taro Kono", "LOC Tokyo"));
}

TEST_F(RuleEntityTaggerTest, FixtureStoryEntities) {
  std::vector<std::string> found = Describe(testing::ReadFixture("entities-story.txt"));
  for (const char* expected :
       {"MISC Japanese", "PER Kenji Watanabe", "LOC U.S. -> United States", "PER Laura Brennan", "LOC North Korea",
        "LOC Japan", "LOC Tokyo", "LOC Pyongyang", "LOC Guam", "PER Watanabe -> Kenji Watanabe",
        "ORG UN Security Council", "PER Brennan -> Laura Brennan", "PER Daniel Okafor", "LOC United States",
        "PER Kim Jong-un", "LOC China", "LOC South Korea", "ORG Hanbit Shipping Co."}) {
    EXPECT_THAT(found, Contains(expected));
  }
  EXPECT_THAT(found, Not(Contains("PER Analysts")));
  EXPECT_THAT(found, Not(Contains("PER President Daniel Okafor")));
  EXPECT_EQ(tagger_->Id(), "rules1");
}

}  // namespace
}  // namespace wiretag
