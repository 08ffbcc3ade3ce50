// The corrections applied to merged entity spans (entity_corrections.h): a
// stand-in "model" makes the mistakes a CoNLL-trained model makes on wire copy,
// and the story tagger must repair them. The last tests run the shipped
// configuration (lists and trained model) on wire-style sentences written here.
#include "wiretag/build_paths.h"
#include "pipeline/config/config_dir.h"
#include "pipeline/taggers/entity_corrections.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/taggers/story_tagger.h"
#include "pipeline/taggers/story_tagger_impl.h"
#include "tests/unit/taggers/entities_test_fixture.h"

namespace wiretag {
namespace {

using ::testing::ElementsAre;

// Tags every occurrence of fixed phrases with fixed types, the way a model
// might; an earlier phrase wins over a later one that overlaps it.
class PhraseTagger : public EntityTagger {
 public:
  explicit PhraseTagger(std::vector<std::pair<EntityType, std::string>> phrases) : phrases_(std::move(phrases)) {}
  void Tag(std::string_view text, std::span<const Token>, std::vector<Entity>* out) const override {
    const size_t first = out->size();
    for (const auto& [type, phrase] : phrases_) {
      for (size_t at = text.find(phrase); at != std::string_view::npos; at = text.find(phrase, at + 1)) {
        const auto start = static_cast<uint32_t>(at), end = static_cast<uint32_t>(at + phrase.size());
        bool overlaps = false;
        for (size_t k = first; k < out->size(); ++k) overlaps |= (*out)[k].start < end && start < (*out)[k].end;
        if (!overlaps) out->push_back(Entity{type, start, end, phrase, ""});
      }
    }
    std::sort(out->begin(), out->end(), [](const Entity& a, const Entity& b) { return a.start < b.start; });
  }
  std::string_view Id() const override { return "phrases"; }

 private:
  std::vector<std::pair<EntityType, std::string>> phrases_;
};

// Tags the n-th occurrence of each phrase with the type given for it: the
// same name typed differently across a story, as a model may do.
class OccurrenceTagger : public EntityTagger {
 public:
  explicit OccurrenceTagger(std::vector<std::pair<EntityType, std::string>> occurrences)
      : occurrences_(std::move(occurrences)) {}
  void Tag(std::string_view text, std::span<const Token>, std::vector<Entity>* out) const override {
    std::vector<std::pair<std::string, size_t>> next;  // phrase, where to search from
    for (const auto& [type, phrase] : occurrences_) {
      size_t from = 0;
      for (auto& [p, at] : next)
        if (p == phrase) from = at;
      const size_t at = text.find(phrase, from);
      if (at == std::string_view::npos) continue;
      out->push_back(Entity{type, static_cast<uint32_t>(at), static_cast<uint32_t>(at + phrase.size()), phrase, ""});
      next.emplace_back(phrase, at + phrase.size());
    }
    std::sort(out->begin(), out->end(), [](const Entity& a, const Entity& b) { return a.start < b.start; });
  }
  std::string_view Id() const override { return "occurrences"; }

 private:
  std::vector<std::pair<EntityType, std::string>> occurrences_;
};

class EntityCorrectionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteEntityTestConfig(dir_.path());
    const auto gaz = dir_.path() / "gazetteers";
    testing::WriteFile(gaz / "countries.tsv",
                       "code\tname\taliases\n"
                       "US\tUnited States\tU.S.|US|USA|America\n"
                       "GB\tUnited Kingdom\tBritain|U.K.|UK|England\n"
                       "KP\tNorth Korea\tDPRK\n"
                       "JP\tJapan\t\n"
                       "CG\tRepublic of the Congo\tCongo|Congo-Brazzaville\n");
    testing::WriteFile(gaz / "regions.tsv",
                       "code\tcountry\tname\taliases\n"
                       "US-FL\tUS\tFlorida\tFla.|FL\n"
                       "US-LA\tUS\tLouisiana\tLa.|LA\n"
                       "GB-ENG\tGB\tEngland\t\n");
    std::filesystem::create_directories(gaz / "overrides");
    testing::WriteFile(gaz / "overrides" / "capitals.tsv",
                       "name\tcountry\taliases\nPyongyang\tKP\t\nTokyo\tJP\t\nWashington\tUS\tWashington, D.C.\n");
    const auto shipped = std::filesystem::path(WIRETAG_SOURCE_DIR) / "config/gazetteers/overrides";
    std::filesystem::copy_file(shipped / "sure_org_suffixes.txt", gaz / "overrides" / "sure_org_suffixes.txt");
    std::filesystem::copy_file(shipped / "places_as_written.txt", gaz / "overrides" / "places_as_written.txt");
    for (const char* name : {"misc_heads.txt", "groups.txt", "org_evidence.txt"})
      std::filesystem::copy_file(shipped / name, gaz / "overrides" / name);
  }

  // "TYPE text -> canonical" of every entity the tagger gives when the
  // stand-in model tags `phrases` (the rules do not run).
  std::vector<std::string> Describe(const std::string& text, std::vector<std::pair<EntityType, std::string>> phrases,
                                    bool by_occurrence = false) {
    StoryTaggerParts parts;
    parts.places = PlaceGazetteer::Load(dir_.path() / "gazetteers");
    parts.agencies = AgencyTable::Load(dir_.path() / "agencies.tsv");
    parts.corrections = EntityCorrections::Load(dir_.path() / "gazetteers", *parts.places);
    if (by_occurrence)
      parts.entity_taggers.push_back(std::make_unique<OccurrenceTagger>(std::move(phrases)));
    else
      parts.entity_taggers.push_back(std::make_unique<PhraseTagger>(std::move(phrases)));
    auto tagger = MakeStoryTagger(std::move(parts));
    Tags tags = tagger->Tag(text, StoryMeta{});
    std::vector<std::string> out;
    for (const Entity& e : tags.entities) {
      EXPECT_EQ(text.substr(e.start, e.end - e.start), e.text);
      std::string d = std::string(EntityTypeName(e.type)) + " " + e.text;
      if (e.canonical != e.text) d += " -> " + e.canonical;
      out.push_back(d);
    }
    return out;
  }

  testing::TempDir dir_;
};

constexpr EntityType kPer = EntityType::kPerson;
constexpr EntityType kOrg = EntityType::kOrganisation;
constexpr EntityType kLoc = EntityType::kLocation;
constexpr EntityType kMisc = EntityType::kMisc;

TEST_F(EntityCorrectionsTest, TheSameNameKeepsOneTypeWithinAStory) {
  EXPECT_THAT(Describe("Olusegun Tinubu met Kwara United. Kwara United said talks went well. Later Kwara United left.",
                       {{kPer, "Olusegun Tinubu"}, {kOrg, "Kwara United"}, {kPer, "Kwara United"}, {kOrg, "Kwara United"}},
                       /*by_occurrence=*/true),
              ElementsAre("PER Olusegun Tinubu", "ORG Kwara United", "ORG Kwara United", "ORG Kwara United"));
}

// Mentions are grouped by sorting them on (text, position): a tie still goes
// to each name's first mention, whichever name sorts first.
TEST_F(EntityCorrectionsTest, ATieGoesToTheFirstMentionOfEachName) {
  EXPECT_THAT(Describe("Zaria hosted Abuja Stars. Abuja Stars beat Zaria.",
                       {{kLoc, "Zaria"}, {kOrg, "Abuja Stars"}, {kPer, "Abuja Stars"}, {kOrg, "Zaria"}},
                       /*by_occurrence=*/true),
              ElementsAre("LOC Zaria", "ORG Abuja Stars", "ORG Abuja Stars", "LOC Zaria"));
}

TEST_F(EntityCorrectionsTest, OneNameOnASportsResultsLineKeepsItsOwnType) {
  EXPECT_THAT(Describe("Officials in Kwara praised the side.\nKwara 2 Kano 1\nKwara went top.",
                       {{kLoc, "Kwara"}, {kOrg, "Kwara"}, {kOrg, "Kano"}, {kLoc, "Kwara"}}, /*by_occurrence=*/true),
              ElementsAre("LOC Kwara", "ORG Kwara", "ORG Kano", "LOC Kwara"));
}

TEST_F(EntityCorrectionsTest, ALoneSurnameOfAPersonInTheStoryIsThatPerson) {
  EXPECT_THAT(Describe("Ngozi Okonjo-Iweala spoke on Monday. Okonjo-Iweala said trade would recover.",
                       {{kPer, "Ngozi Okonjo-Iweala"}, {kLoc, "Okonjo-Iweala"}}, /*by_occurrence=*/true),
              ElementsAre("PER Ngozi Okonjo-Iweala", "PER Okonjo-Iweala -> Ngozi Okonjo-Iweala"));
}

TEST_F(EntityCorrectionsTest, AnOrganisationTakesItsOfOrForPhrase) {
  EXPECT_THAT(Describe("Figures from the Office for National Statistics and the Bank of England came out.",
                       {{kOrg, "Office"}, {kOrg, "National Statistics"}, {kOrg, "Bank"}, {kLoc, "England"}}),
              ElementsAre("ORG Office for National Statistics", "ORG Bank of England"));
}

TEST_F(EntityCorrectionsTest, APersonOrACompanyDoesNotTakeAnOfPhrase) {
  EXPECT_THAT(Describe("Acme Widgets Co of Japan and Jim Smith of Texas met.",
                       {{kOrg, "Acme Widgets Co"}, {kLoc, "Japan"}, {kPer, "Jim Smith"}, {kLoc, "Texas"}}),
              ElementsAre("ORG Acme Widgets Co", "LOC Japan", "PER Jim Smith", "LOC Texas"));
}

TEST_F(EntityCorrectionsTest, ACommonWordAfterTheIsNoPlaceUnlessAPlaceListKnowsIt) {
  testing::WriteFile(dir_.path() / "gazetteers" / "locations.txt", "Gulf\n");
  EXPECT_THAT(Describe("Leaders strengthened the Alliance as ships left the Gulf.", {{kLoc, "Alliance"}, {kLoc, "Gulf"}}),
              ElementsAre("LOC Gulf"));
}

TEST_F(EntityCorrectionsTest, ACapitalReadAsAGovernmentIsAPlace) {
  EXPECT_THAT(Describe("The envoy said Washington remained open to talks with Pyongyang.",
                       {{kLoc, "Washington"}, {kOrg, "Pyongyang"}}),
              ElementsAre("LOC Washington", "LOC Pyongyang"));
}

TEST_F(EntityCorrectionsTest, ACapitalOnALineOfSportsResultsStaysATeam) {
  EXPECT_THAT(Describe("Results on Sunday:\nTokyo 3 Pyongyang 1\nPyongyang beat Osaka 2-0 on Saturday.",
                       {{kOrg, "Tokyo"}, {kOrg, "Pyongyang"}}),
              ElementsAre("ORG Tokyo", "ORG Pyongyang", "ORG Pyongyang"));
}

// overrides/place_words.txt, written here: a few suffixes and prefixes.
void WritePlaceWords(const std::filesystem::path& gazetteers) {
  testing::WriteFile(gazetteers / "overrides" / "place_words.txt",
                     "# test place words\nDesert\tsuffix\nMountains\tsuffix\nProvince\tsuffix\n"
                     "Mount\tprefix\nGulf of\tprefix\n");
}

TEST_F(EntityCorrectionsTest, ANameEndingOrOpeningWithAPlaceWordIsAPlace) {
  WritePlaceWords(dir_.path() / "gazetteers");
  EXPECT_THAT(Describe("Troops crossed the Atacama Desert and the Hindu Kush Mountains near Mount Kilimanjaro in "
                       "Kandahar Province.",
                       {{kOrg, "Atacama Desert"}, {kMisc, "Hindu Kush Mountains"}, {kPer, "Mount Kilimanjaro"},
                        {kOrg, "Kandahar Province"}}),
              ElementsAre("LOC Atacama Desert", "LOC Hindu Kush Mountains", "LOC Mount Kilimanjaro",
                          "LOC Kandahar Province"));
}

TEST_F(EntityCorrectionsTest, APlaceWordDoesNotMakeAnOrganisationOrATeamAPlace) {
  WritePlaceWords(dir_.path() / "gazetteers");
  // An organisation suffix in the name, a one-word name, a line of sports results.
  EXPECT_THAT(Describe("Doctors at Mount Sinai Hospital treated Desert fans.\nDesert Mountains 2 Kano 1\n",
                       {{kOrg, "Mount Sinai Hospital"}, {kOrg, "Desert Mountains"}, {kOrg, "Desert"}, {kOrg, "Kano"}}),
              ElementsAre("ORG Mount Sinai Hospital", "ORG Desert", "ORG Desert Mountains", "ORG Kano"));
}

TEST_F(EntityCorrectionsTest, AHeadlineTakenWholeIsNoPlace) {
  WritePlaceWords(dir_.path() / "gazetteers");
  EXPECT_THAT(Describe("Icahn Takes The High Desert\nInvestors Cheer Gobi Atacama Mojave Sonoran Desert\n",
                       {{kOrg, "Icahn Takes The High Desert"}, {kOrg, "Investors Cheer Gobi Atacama Mojave Sonoran Desert"}}),
              ElementsAre("ORG Icahn Takes The High Desert", "ORG Investors Cheer Gobi Atacama Mojave Sonoran Desert"));
}

TEST_F(EntityCorrectionsTest, GulfOfAndThePlaceAfterItAreOnePlace) {
  WritePlaceWords(dir_.path() / "gazetteers");
  EXPECT_THAT(Describe("Pirates struck in the Gulf of Aden on Monday.", {{kLoc, "Gulf"}, {kLoc, "Aden"}}),
              ElementsAre("LOC Gulf of Aden"));
}

TEST_F(EntityCorrectionsTest, APersonNameEndingInACompanySuffixIsAnOrganisation) {
  EXPECT_THAT(Describe("Acme Widgets Co said on Tuesday its profit rose 4 percent.", {{kPer, "Acme Widgets Co"}}),
              ElementsAre("ORG Acme Widgets Co"));
  EXPECT_THAT(Describe("Aid from the World Food Programme reached the valley.", {{kMisc, "World Food Programme"}}),
              ElementsAre("ORG World Food Programme"));
}

TEST_F(EntityCorrectionsTest, ADemonymJustBeforeAnAgencyBelongsToItsName) {
  EXPECT_THAT(Describe("Rain is forecast, the Japanese Fisheries Agency said.",
                       {{kMisc, "Japanese"}, {kPer, "Fisheries Agency"}}),
              ElementsAre("ORG Japanese Fisheries Agency"));
  EXPECT_THAT(Describe("Rain is forecast, the Japanese Fisheries Agency said.", {{kPer, "Fisheries Agency"}}),
              ElementsAre("ORG Japanese Fisheries Agency"));
}

TEST_F(EntityCorrectionsTest, TheNameWithoutItsLegalFormLinksToTheCompany) {
  EXPECT_THAT(Describe("Acme Widgets Co said sales slowed. Acme Widgets shares fell 2 percent.",
                       {{kOrg, "Acme Widgets Co"}, {kPer, "Acme Widgets"}}),
              ElementsAre("ORG Acme Widgets Co", "ORG Acme Widgets -> Acme Widgets Co"));
}

TEST_F(EntityCorrectionsTest, AnInstitutionsNameWithoutItsHeadNounIsNotLinked) {
  EXPECT_THAT(Describe("The European Commission and European ministers met.",
                       {{kOrg, "European Commission"}, {kMisc, "European"}}),
              ElementsAre("ORG European Commission", "MISC European"));
}

TEST_F(EntityCorrectionsTest, ACommonWordAfterTheIsNotAnOrganisation) {
  EXPECT_THAT(Describe("Ministers vowed to strengthen the Alliance against new threats.", {{kOrg, "Alliance"}}),
              ElementsAre());
}

TEST_F(EntityCorrectionsTest, ACommonWordAfterTheStaysWhenTheStoryNamesIt) {
  EXPECT_THAT(Describe("The North Atlantic Alliance met. Officials said the Alliance would act.",
                       {{kOrg, "North Atlantic Alliance"}, {kOrg, "Alliance"}}),
              ElementsAre("ORG North Atlantic Alliance", "ORG Alliance"));
  // Plurals after "the" are teams: "the Tigers".
  EXPECT_THAT(Describe("Detroit lost to the Tigers again.", {{kOrg, "Tigers"}}), ElementsAre("ORG Tigers"));
  // Listed organisations stay ("the Pentagon").
  EXPECT_THAT(Describe("A spokesman for the Pentagon declined to comment.", {{kOrg, "Pentagon"}}),
              ElementsAre("ORG Pentagon"));
}

TEST_F(EntityCorrectionsTest, ATitleIsCutFromThePersonAfterIt) {
  EXPECT_THAT(Describe("Mayor Olivia Chen said the line would open in 2030.", {{kPer, "Mayor Olivia Chen"}}),
              ElementsAre("PER Olivia Chen"));
  EXPECT_THAT(Describe("Prime Minister Tony Blair arrived.", {{kPer, "Prime Minister Tony Blair"}}),
              ElementsAre("PER Tony Blair"));
}

TEST_F(EntityCorrectionsTest, AGivenNameLeftByTheCutTakesTheSurnameAfterIt) {
  EXPECT_THAT(Describe("Defense Secretary Daniel Whitcombe, who met his counterpart, said so.",
                       {{kPer, "Defense Secretary Daniel"}}),
              ElementsAre("PER Daniel Whitcombe"));
  EXPECT_THAT(Describe("It was Defense Secretary Daniel Whitcombe's first visit.", {{kPer, "Defense Secretary Daniel"}}),
              ElementsAre("PER Daniel Whitcombe"));
  // The surname a tagger spanned with a trailing word joins the given name.
  EXPECT_THAT(Describe("Florida Transportation Secretary Gregory Adams said on Monday.",
                       {{kOrg, "Florida Transportation Secretary Gregory"}, {kPer, "Adams said"}}),
              ElementsAre("LOC Florida", "PER Gregory Adams"));
}

TEST_F(EntityCorrectionsTest, AnOrganisationBeforeTheTitleStaysAnOrganisation) {
  EXPECT_THAT(Describe("World Boxing Association President Ramon Manzanares spoke.",
                       {{kOrg, "World Boxing Association President Ramon Manzanares"}}),
              ElementsAre("ORG World Boxing Association", "PER Ramon Manzanares"));
}

TEST_F(EntityCorrectionsTest, TitleWordsThatAreNamesOrPartOfAnOrganisationStay) {
  EXPECT_THAT(Describe("Dean Jones scored a century.", {{kPer, "Dean Jones"}}), ElementsAre("PER Dean Jones"));
  EXPECT_THAT(Describe("The Justice Department declined to comment.", {{kOrg, "Justice Department"}}),
              ElementsAre("ORG Justice Department"));
}

TEST_F(EntityCorrectionsTest, AnOrganisationSpanWithATitleBeforeAnUnlistedFullNameIsThatPerson) {
  // Neither "Airlangga" nor "Hartarto" is in first_names.tsv.
  EXPECT_THAT(Describe("Finance Minister Airlangga Hartarto said growth would pick up.",
                       {{kOrg, "Finance Minister Airlangga Hartarto"}}),
              ElementsAre("PER Airlangga Hartarto"));
  // Common words after the title are an organisation's name, not a person's.
  EXPECT_THAT(Describe("The Prime Minister Office said so.", {{kOrg, "Prime Minister Office"}}),
              ElementsAre("ORG Prime Minister Office"));
}

TEST_F(EntityCorrectionsTest, ATitleAloneIsNoName) {
  EXPECT_THAT(Describe("The Interior Minister said police were on alert.", {{kOrg, "Interior Minister"}}),
              ElementsAre());
}

TEST_F(EntityCorrectionsTest, TwoNamesJoinedByAndAreTwoPeople) {
  EXPECT_THAT(Describe("Recep Tayyip Erdogan and Mevlut Cavusoglu met Alevi leaders.",
                       {{kOrg, "Recep Tayyip Erdogan and Mevlut Cavusoglu"}}),
              ElementsAre("PER Recep Tayyip Erdogan", "PER Mevlut Cavusoglu"));
  EXPECT_THAT(Describe("Goals from Andre and Santos won it.", {{kPer, "Andre and Santos"}}),
              ElementsAre("PER Andre", "PER Santos"));
  // An organisation named with "and" stays whole.
  EXPECT_THAT(Describe("The Truth and Reconciliation Commission met.", {{kOrg, "Truth and Reconciliation Commission"}}),
              ElementsAre("ORG Truth and Reconciliation Commission"));
}

TEST_F(EntityCorrectionsTest, AClubOfACountryIsTheClubAndThePlace) {
  EXPECT_THAT(Describe("Gamba Osaka of Japan won the final.", {{kOrg, "Gamba Osaka of Japan"}}),
              ElementsAre("ORG Gamba Osaka", "LOC Japan"));
  EXPECT_THAT(Describe("The Bank of Japan held rates.", {{kOrg, "Bank of Japan"}}), ElementsAre("ORG Bank of Japan"));
}

TEST_F(EntityCorrectionsTest, ALawAPlanOrAnEventWithNoEvidenceOfAnOrganisationIsMisc) {
  EXPECT_THAT(Describe("Parliament passed the Digital Security Act on Tuesday.", {{kOrg, "Digital Security Act"}}),
              ElementsAre("MISC Digital Security Act"));
  EXPECT_THAT(Describe("He praised the Belt and Road Initiative in Nairobi.", {{kOrg, "Belt and Road Initiative"}}),
              ElementsAre("MISC Belt and Road Initiative"));
  EXPECT_THAT(Describe("Athletes arrived for the Southeast Asian Games.", {{kOrg, "Southeast Asian Games"}}),
              ElementsAre("MISC Southeast Asian Games"));
  // "Bill" or "Law" alone, or after a given name, is a person.
  EXPECT_THAT(Describe("Denis Law scored twice.", {{kOrg, "Denis Law"}}), ElementsAre("ORG Denis Law"));
}

TEST_F(EntityCorrectionsTest, EvidenceKeepsAnOrganisationWhoseNameEndsLikeAnEvent) {
  // An organisation word in the name, or a context cue around it.
  EXPECT_THAT(Describe("The Asian Games Council met.", {{kOrg, "Asian Games Council"}}),
              ElementsAre("ORG Asian Games Council"));
  EXPECT_THAT(Describe("A spokesman for the Peace Cup said tickets sold out.", {{kOrg, "Peace Cup"}}),
              ElementsAre("ORG Peace Cup"));
  EXPECT_THAT(Describe("Organisers said the Peace Cup's chairman resigned.", {{kOrg, "Peace Cup"}}),
              ElementsAre("ORG Peace Cup"));
  EXPECT_THAT(Describe("Organisers of the Peace Cup want more teams.", {{kOrg, "Peace Cup"}}),
              ElementsAre("MISC Peace Cup"));
}

TEST_F(EntityCorrectionsTest, AGroupOrANationalityAloneIsNotAnOrganisation) {
  EXPECT_THAT(Describe("Rohingya living in the camps were not counted.", {{kOrg, "Rohingya"}}),
              ElementsAre("MISC Rohingya"));
  EXPECT_THAT(Describe("Shi'ite Muslims marched on Sunday.", {{kOrg, "Shi'ite Muslims"}}),
              ElementsAre("MISC Shi'ite Muslims"));
  EXPECT_THAT(Describe("Japanese officials declined to comment.", {{kOrg, "Japanese"}}), ElementsAre("MISC Japanese"));
  // Read as a place: a group, unless a place list knows it; a nationality
  // read as a place stays (sports pages: "Czech" for the country).
  EXPECT_THAT(Describe("Quechua communities protested.", {{kLoc, "Quechua"}}), ElementsAre("MISC Quechua"));
  EXPECT_THAT(Describe("Japanese won the relay.", {{kLoc, "Japanese"}}), ElementsAre("LOC Japanese"));
}

TEST_F(EntityCorrectionsTest, ADevelopersNameEndingInPropertiesOrDevelopmentIsAnOrganisation) {
  EXPECT_THAT(Describe("Henderson Land Development climbed 3.6%.", {{kPer, "Henderson Land Development"}}),
              ElementsAre("ORG Henderson Land Development"));
}

TEST_F(EntityCorrectionsTest, ACompanyTakesTheUntaggedWordsOfItsNameBeforeIt) {
  EXPECT_THAT(Describe("Sun Hung Kai Properties rose 4.1%.", {{kPer, "Kai Properties"}}),
              ElementsAre("ORG Sun Hung Kai Properties"));
  // Not past punctuation, an article, a day or another name.
  EXPECT_THAT(Describe("In Osaka, Kai Properties rose. On Monday Kai Properties fell. Japan Kai Properties gained.",
                       {{kOrg, "Kai Properties"}, {kLoc, "Japan"}}),
              ElementsAre("ORG Kai Properties", "ORG Kai Properties", "LOC Japan", "ORG Kai Properties"));
}

TEST_F(EntityCorrectionsTest, AMarketIndexIsMisc) {
  EXPECT_THAT(Describe("In Shanghai, the Shanghai Composite Index rose 0.4%.", {{kOrg, "Shanghai Composite Index"}}),
              ElementsAre("MISC Shanghai Composite Index"));
}

TEST_F(EntityCorrectionsTest, ASentenceOpeningTheIsNotPartOfAName) {
  EXPECT_THAT(Describe("LONDON - The Bank of England held rates.\nThe Office for National Statistics will report.",
                       {{kOrg, "The Bank of England"}, {kOrg, "The Office for National Statistics"}}),
              ElementsAre("ORG Bank of England", "ORG Office for National Statistics"));
  // The "The" a model took with the head noun, joined by correction 5.
  EXPECT_THAT(Describe("The Bank of England held rates.", {{kOrg, "The Bank"}, {kLoc, "England"}}),
              ElementsAre("ORG Bank of England"));
  // It stays before one word, where it belongs to the name, and inside a sentence.
  EXPECT_THAT(Describe("The Hague hosted the talks, an aide told The New York Times.",
                       {{kLoc, "The Hague"}, {kOrg, "The New York Times"}}),
              ElementsAre("LOC The Hague", "ORG The New York Times"));
  // Before a nationality alone it goes too, and the nationality is MISC
  // (correction 8): "The Indonesian government will expand ...".
  EXPECT_THAT(Describe("The Japanese government will respond.", {{kOrg, "The Japanese"}}),
              ElementsAre("MISC Japanese"));
}

TEST_F(EntityCorrectionsTest, ACountyOutsideSportsCopyIsAPlaceAndInsideItAClub) {
  EXPECT_THAT(Describe("Ford County officials said roads were closed.\nThe 2022-23 budget has run out.",
                       {{kOrg, "Ford County"}}),
              ElementsAre("LOC Ford County"));
  // In a sports story it is a club.
  EXPECT_THAT(Describe("Notts County beat Wrexham 2-1 on Saturday. Notts County are fourth.",
                       {{kOrg, "Notts County"}, {kOrg, "Wrexham"}}),
              ElementsAre("ORG Notts County", "ORG Wrexham", "ORG Notts County"));
  EXPECT_THAT(Describe("Results:\nNotts County 2 Wrexham 1\n", {{kOrg, "Notts County"}, {kOrg, "Wrexham"}}),
              ElementsAre("ORG Notts County", "ORG Wrexham"));
}

TEST_F(EntityCorrectionsTest, ARegionalWordBeforeANationalityIsMisc) {
  EXPECT_THAT(Describe("Mercosur, the South American bloc, met West Japanese envoys.",
                       {{kOrg, "South American"}, {kPer, "West Japanese"}}),
              ElementsAre("MISC South American", "MISC West Japanese"));
  // No nationality after it, or evidence of an organisation: it stays.
  EXPECT_THAT(Describe("South Pacific shares fell. South American said on Monday it would fly more.",
                       {{kOrg, "South Pacific"}, {kOrg, "South American"}}),
              ElementsAre("ORG South Pacific", "ORG South American"));
}

TEST_F(EntityCorrectionsTest, TheClimatePatternIsMisc) {
  EXPECT_THAT(Describe("Weather linked to El Nino, and later La Ni\u00F1a, cut yields.",
                       {{kPer, "El Nino"}, {kLoc, "La Ni\u00F1a"}}),
              ElementsAre("MISC El Nino", "MISC La Ni\u00F1a"));
}

TEST_F(EntityCorrectionsTest, APluralAcronymIsNoName) {
  EXPECT_THAT(Describe("It recalled pickup trucks and SUVs, and MPs asked why. NASA said so.",
                       {{kMisc, "SUVs"}, {kOrg, "MPs"}, {kOrg, "NASA"}}),
              ElementsAre("ORG NASA"));
}

TEST_F(EntityCorrectionsTest, ABylineNamesItsWriter) {
  EXPECT_THAT(Describe("Shares rose.\n\n-By Vincent Tam; Acme Newswires\n", {{kOrg, "Acme Newswires"}}),
              ElementsAre("PER Vincent Tam", "ORG Acme Newswires"));
  // What a tagger made of the name is replaced.
  EXPECT_THAT(Describe("By Ana Maria Ribeiro, special correspondent\nPrices fell.",
                       {{kOrg, "By Ana"}, {kLoc, "Ribeiro"}}),
              ElementsAre("PER Ana Maria Ribeiro"));
  // A sentence opening with "By" names no writer.
  EXPECT_THAT(Describe("By Friday the talks had stalled.\nBy Monday Morning Markets fell.", {}), ElementsAre());
}

TEST_F(EntityCorrectionsTest, AMalformedEvidenceCueNamesItsLine) {
  testing::WriteFile(dir_.path() / "gazetteers" / "overrides" / "org_evidence.txt", "# cues\nbefore\tspokesman for\nspokesman\n");
  auto places = PlaceGazetteer::Load(dir_.path() / "gazetteers");
  try {
    EntityCorrections::Load(dir_.path() / "gazetteers", *places);
    FAIL() << "a cue without before/after loaded";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("org_evidence.txt"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("spokesman"));
  }
}

// Found by the fuzzer: a span holding a tab or a line break (or runs of
// spaces) between its words once made the word split loop forever.
TEST_F(EntityCorrectionsTest, SpansWithTabsLineBreaksOrRunsOfSpacesAreSplitIntoWords) {
  EXPECT_THAT(Describe("Mayor Olivia\tChen spoke.", {{kPer, "Mayor Olivia\tChen"}}),
              ElementsAre("PER Olivia\tChen"));
  EXPECT_THAT(Describe("Mayor\n\nOlivia Chen spoke.", {{kPer, "Mayor\n\nOlivia Chen"}}),
              ElementsAre("PER Olivia Chen"));
  EXPECT_THAT(Describe("Adams   said no.", {{kPer, "Adams   said"}}), ElementsAre("PER Adams"));
  EXPECT_THAT(Describe("x \t y", {{kPer, " \t "}}), ::testing::SizeIs(::testing::Le(1u)));
}

TEST_F(EntityCorrectionsTest, APersonDoesNotEndInACommonLowerCaseWord) {
  EXPECT_THAT(Describe("Then Adams said no.", {{kPer, "Adams said"}}), ElementsAre("PER Adams"));
  EXPECT_THAT(Describe("Rami al-Saadani won.", {{kPer, "Rami al-Saadani"}}), ElementsAre("PER Rami al-Saadani"));
}

TEST_F(EntityCorrectionsTest, CountryAbbreviationsTakeTheCountrysName) {
  EXPECT_THAT(Describe("U.S. officials and US diplomats flew in from America and Britain.",
                       {{kLoc, "U.S."}, {kLoc, "US"}, {kLoc, "America"}, {kLoc, "Britain"}}),
              ElementsAre("LOC U.S. -> United States", "LOC US -> United States", "LOC America -> United States",
                          "LOC Britain -> United Kingdom"));
}

TEST_F(EntityCorrectionsTest, ACountrysRegionWrittenAloneKeepsItsName) {
  EXPECT_THAT(Describe("Fans across England cheered.", {{kLoc, "England"}}), ElementsAre("LOC England"));
}

TEST_F(EntityCorrectionsTest, AnAmbiguousCountryNameKeepsItsText) {
  EXPECT_THAT(Describe("Aid reached Congo and Congo-Brazzaville.", {{kLoc, "Congo-Brazzaville"}, {kLoc, "Congo"}}),
              ElementsAre("LOC Congo", "LOC Congo-Brazzaville -> Republic of the Congo"));
}

TEST_F(EntityCorrectionsTest, AnAbbreviatedRegionTakesItsNameButABarePostalCodeDoesNot) {
  EXPECT_THAT(Describe("The plant near Tampa, Fla., and one in LA will close.", {{kLoc, "Fla."}, {kLoc, "LA"}}),
              ElementsAre("LOC Fla. -> Florida", "LOC LA"));
}

TEST_F(EntityCorrectionsTest, AMalformedCapitalsListNamesItsLine) {
  testing::WriteFile(dir_.path() / "gazetteers" / "overrides" / "capitals.tsv", "name\tcountry\taliases\nOslo\tNO\n");
  auto places = PlaceGazetteer::Load(dir_.path() / "gazetteers");
  EXPECT_THROW(
      {
        try {
          EntityCorrections::Load(dir_.path() / "gazetteers", *places);
        } catch (const std::runtime_error& e) {
          EXPECT_THAT(e.what(), ::testing::HasSubstr("capitals.tsv:2"));
          throw;
        }
      },
      std::runtime_error);
}

TEST(EntityTaggerChoice, RulesAloneOrAModelThatMustExist) {
  testing::TempDir dir;
  testing::WriteEntityTestConfig(dir.path());
  EXPECT_EQ(StoryTagger::Load(dir.path(), EntityTaggerChoice::kRules)->DataId(), "rules1");
  EXPECT_EQ(StoryTagger::Load(dir.path(), EntityTaggerChoice::kAuto)->DataId(), "rules1");
  EXPECT_THROW(StoryTagger::Load(dir.path(), EntityTaggerChoice::kModel), std::runtime_error);
}

// The shipped lists and model, end to end, on sentences written for this test.
class ShippedCorrectionsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { tagger_ = StoryTagger::Load(DefaultConfigDir()).release(); }
  static void TearDownTestSuite() { delete tagger_; }
  static std::vector<std::string> Describe(const std::string& text) {
    Tags tags = tagger_->Tag(text, StoryMeta{});
    std::vector<std::string> out;
    for (const Entity& e : tags.entities) {
      std::string d = std::string(EntityTypeName(e.type)) + " " + e.text;
      if (e.canonical != e.text) d += " -> " + e.canonical;
      out.push_back(d);
    }
    return out;
  }
  static StoryTagger* tagger_;
};
StoryTagger* ShippedCorrectionsTest::tagger_ = nullptr;

TEST_F(ShippedCorrectionsTest, TalksWithPyongyangNameAPlace) {
  EXPECT_THAT(Describe("SEOUL -- U.S. officials said on Monday they were ready for talks with Pyongyang.\n"
                       "The envoy said sanctions on Pyongyang would stay."),
              ElementsAre("LOC SEOUL -> Seoul", "LOC U.S. -> United States", "LOC Pyongyang", "LOC Pyongyang"));
}

TEST_F(ShippedCorrectionsTest, ACompanyWithItsLegalFormIsAnOrganisationAndItsShortNameLinks) {
  const auto found = Describe("Acme Widgets Co said on Tuesday it would cut 300 jobs in Ohio.\n"
                              "Acme Widgets shares fell 6 percent in New York.");
  EXPECT_THAT(found, ::testing::Contains("ORG Acme Widgets Co"));
  EXPECT_THAT(found, ::testing::Contains("ORG Acme Widgets -> Acme Widgets Co"));
}

TEST_F(ShippedCorrectionsTest, TheAllianceIsNotAnOrganisation) {
  for (const std::string& d : Describe("Leaders vowed to strengthen the Alliance against new threats, "
                                       "a joint communique said on Friday."))
    EXPECT_THAT(d, ::testing::Not(::testing::HasSubstr("Alliance")));
}

TEST_F(ShippedCorrectionsTest, ASheriffsTitleIsNotPartOfHisName) {
  const auto found = Describe("DODGE CITY, Kan. (AP) -- Ford County Sheriff Daniel Ortiz said the road stayed closed.");
  EXPECT_THAT(found, ::testing::Contains("PER Daniel Ortiz"));
  for (const std::string& d : found) EXPECT_THAT(d, ::testing::Not(::testing::HasSubstr("Sheriff")));
}

// The model cuts names at their particle ("Mohammed" + "bin Salman", "Lula"
// + "da" + ORG "Silva"); the person's name runs on across it.
TEST_F(EntityCorrectionsTest, APersonsNameRunsOnAcrossItsParticle) {
  EXPECT_THAT(Describe("Crown Prince Mohammed bin Salman met Lula da Silva and Abdel Fattah al-Sisi.",
                       {{kPer, "Mohammed"}, {kPer, "Lula"}, {kOrg, "Silva"}, {kPer, "Abdel Fattah"}}),
              ElementsAre("PER Mohammed bin Salman", "PER Lula da Silva", "PER Abdel Fattah al-Sisi"));
  // Lower-case words after a name, or a capitalised word after a word that
  // is no particle, stay out.
  EXPECT_THAT(Describe("Lula de facto won; Osama in Kabul.", {{kPer, "Lula"}, {kPer, "Osama"}, {kLoc, "Kabul"}}),
              ElementsAre("PER Lula", "PER Osama", "LOC Kabul"));
}

// The mistakes the spot check of config/samples found (MODEL_CARD.md), on
// sentences like theirs: the corrections repair them whatever the model makes
// of the words.
TEST_F(ShippedCorrectionsTest, TheSampleStoriesNamesComeOutAsAJournalistWritesThem) {
  const auto found = Describe(
      "HONG KONG -- Sun Hung Kai Properties rose 4.1% and Henderson Land Development climbed 3.6% on Monday. "
      "Weather linked to El Nino could cut yields, said Mercosur, the South American bloc.");
  EXPECT_THAT(found, ::testing::IsSupersetOf({"ORG Sun Hung Kai Properties", "ORG Henderson Land Development",
                                              "MISC El Nino", "MISC South American"}));
  const auto more = Describe(
      "LONDON -- The Bank of England held rates on Thursday.\n"
      "Ford County Sheriff Daniel Ortiz said trucks and SUVs were stuck.");
  EXPECT_THAT(more, ::testing::IsSupersetOf({"ORG Bank of England", "LOC Ford County", "PER Daniel Ortiz"}));
  for (const std::string& d : more) EXPECT_THAT(d, ::testing::Not(::testing::HasSubstr("SUVs")));
}

}  // namespace
}  // namespace wiretag
