#include "pipeline/taggers/rule_entity_tagger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline/taggers/place_gazetteer.h"
#include "pipeline/taggers/tokenizer.h"
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include "tests/unit/taggers/entities_test_fixture.h"

namespace wiretag {
namespace {

// One tagger for all tests (loading the lists takes a few milliseconds).
struct SharedTagger {
  testing::TempDir dir;
  std::unique_ptr<PlaceGazetteer> places;
  std::unique_ptr<RuleEntityTagger> tagger;
  SharedTagger() {
    testing::WriteEntityTestConfig(dir.path());
    places = PlaceGazetteer::Load(dir.path() / "gazetteers");
    tagger = RuleEntityTagger::Load(dir.path() / "gazetteers", *places);
  }
  static const RuleEntityTagger& Get() {
    static SharedTagger shared;
    return *shared.tagger;
  }
};

std::vector<Entity> TagText(std::string_view text) {
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::vector<Entity> out;
  SharedTagger::Get().Tag(text, tokens, &out);
  return out;
}

class RuleEntityTaggerTest : public ::testing::Test {
 protected:
  std::vector<Entity> Tag(std::string_view text) { return TagText(text); }

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
};

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

TEST_F(RuleEntityTaggerTest, InASportsStoryACityStandingAloneIsATeam) {
  EXPECT_THAT(Describe("SOCCER - TOKYO HOLD ON\nSEOUL 2026-03-03\nTokyo beat Pyongyang 2-1 in Seoul on Saturday."),
              ElementsAre("ORG TOKYO -> Tokyo", "LOC SEOUL -> Seoul", "ORG Tokyo", "ORG Pyongyang", "LOC Seoul"));
}

TEST_F(RuleEntityTaggerTest, OutsideSportsACityIsAPlace) {
  EXPECT_THAT(Describe("Officials in Tokyo said Pyongyang fired again."), ElementsAre("LOC Tokyo", "LOC Pyongyang"));
}

TEST_F(RuleEntityTaggerTest, HyphenatedPlaceCompoundsAreMisc) {
  EXPECT_THAT(Describe("The Tokyo-based group and pro-Japan lawmakers met."),
              ElementsAre("MISC Tokyo-based", "MISC pro-Japan"));
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
  EXPECT_EQ(SharedTagger::Get().Id(), "rules1");
}

}  // namespace
}  // namespace wiretag

namespace wiretag {
namespace {

// Whatever the text, entities are whole, ordered, disjoint spans of it.
const std::vector<std::string> kWords = {
    "Laura", "Brennan", "Kim", "Jong-un", "North", "Korea", "Japan", "the", "The", "said", "Mr.", "Defense",
    "Secretary", "UN", "Security", "Council", "Co.", "Inc", "World", "Cup", "Japanese", "in", "of", "van", "der",
    "JAPAN", "WARN", "'s", ",", ".", "\n", "\n\n", "--", "(", ")", "1996", "Tokyo", "Bergamo-based", "A.", "&",
    "Jos\xC3\xA9", "\xE2\x80\x94", "U.S.", "Monday", "Analysts", "Hanbit", "Shipping", "3-1", "\xC3",
};

RC_GTEST_PROP(RuleEntityTaggerProperties, EntitiesAreOrderedDisjointSpansOfTheText, ()) {
  auto words = *rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(kWords));
  std::string text;
  for (const std::string& w : words) {
    if (!text.empty() && *rc::gen::inRange(0, 4)) text += ' ';
    text += w;
  }
  std::vector<Entity> entities = TagText(text);
  uint32_t previous_end = 0;
  for (const Entity& e : entities) {
    RC_ASSERT(e.start >= previous_end);
    RC_ASSERT(e.end > e.start);
    RC_ASSERT(e.end <= text.size());
    RC_ASSERT(text.substr(e.start, e.end - e.start) == e.text);
    RC_ASSERT(!e.canonical.empty());
    previous_end = e.end;
  }
}

}  // namespace
}  // namespace wiretag
