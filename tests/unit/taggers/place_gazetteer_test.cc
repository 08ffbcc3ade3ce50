#include "pipeline/taggers/place_gazetteer.h"

#include <gtest/gtest.h>

#include "tests/unit/taggers/places_test_fixture.h"

namespace wiretag {
namespace {

using testing::TempDir;
using testing::TestPlaces;
using testing::WriteFile;
using testing::WriteTestGazetteer;

TEST(PlaceGazetteer, FindsCountriesByNameAndWireAlias) {
  TestPlaces t;
  ASSERT_NE(t.places->FindCountry("U.S."), nullptr);
  EXPECT_EQ(t.places->FindCountry("U.S.")->country, "US");
  EXPECT_EQ(t.places->FindCountry("britain")->name, "United Kingdom");
  EXPECT_EQ(t.places->FindCountry("S. Korea")->country, "KR");
  EXPECT_EQ(t.places->FindCountry("Atlantis"), nullptr);
}

TEST(PlaceGazetteer, ShortCapitalFormsMatchOnlyAsWritten) {
  TestPlaces t;
  EXPECT_NE(t.places->FindCountry("US"), nullptr);
  EXPECT_EQ(t.places->FindCountry("us"), nullptr);
  EXPECT_NE(t.places->FindRegion("IN"), nullptr);
  EXPECT_EQ(t.places->FindRegion("in"), nullptr);
}

TEST(PlaceGazetteer, RegionsByApAbbreviationCarryIsoCodes) {
  TestPlaces t;
  const Place* fla = t.places->FindRegion("Fla.");
  ASSERT_NE(fla, nullptr);
  EXPECT_EQ(fla->region_code, "US-FL");
  EXPECT_EQ(fla->country, "US");
  EXPECT_EQ(t.places->FindRegion("N.C.")->region_code, "US-NC");
  EXPECT_EQ(t.places->FindRegion("Ontario", "US"), nullptr);
}

TEST(PlaceGazetteer, CityAlonePrefersTheMostPopulous) {
  TestPlaces t;
  EXPECT_EQ(t.places->FindCity("LONDON")->country, "GB");
  EXPECT_EQ(t.places->FindCity("London", "CA")->country, "CA");
  EXPECT_EQ(t.places->FindCity("Paris")->country, "FR");
  EXPECT_EQ(t.places->FindCityInRegion("paris", "US-TX")->population, 24171u);
}

TEST(PlaceGazetteer, FoldsNonAsciiCase) {
  TestPlaces t;
  ASSERT_NE(t.places->FindCity("MÁLAGA"), nullptr);
  EXPECT_EQ(t.places->FindCity("MÁLAGA")->name, "Málaga");
  EXPECT_EQ(t.places->FindCity("Malaga")->name, "Málaga");
}

TEST(PlaceGazetteer, FindsDemonyms) {
  TestPlaces t;
  EXPECT_EQ(t.places->FindDemonym("South Korean")->country, "KR");
  EXPECT_EQ(t.places->FindDemonym("Martian"), nullptr);
}

TEST(PlaceGazetteer, MalformedListNamesFileAndLine) {
  TempDir dir;
  WriteTestGazetteer(dir.path());
  WriteFile(dir.path() / "cities.tsv", "name\tcountry\tregion\tpopulation\taliases\nSeoul\tKR\t\tmany\t\n");
  try {
    PlaceGazetteer::Load(dir.path());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cities.tsv:2:"), std::string::npos) << e.what();
  }
}

TEST(PlaceGazetteer, MissingFileIsAnError) {
  TempDir dir;
  EXPECT_THROW(PlaceGazetteer::Load(dir.path()), std::runtime_error);
}

TEST(PlaceGazetteer, TheDivisionListNamesRegionsInEnglish) {
  testing::TempDir dir;
  testing::WriteTestGazetteer(dir.path());
  testing::WriteTestDivisions(dir.path());
  auto g = PlaceGazetteer::Load(dir.path());
  const Place* r = g->FindRegion("Guangdong");  // "Guangdong Sheng" in regions.tsv
  ASSERT_TRUE(r);
  EXPECT_EQ(r->region_code, "CN-GD");
  EXPECT_EQ(r->name, "Guangdong Sheng");
  ASSERT_TRUE(g->FindRegion("Helmand Province"));
  EXPECT_EQ(g->FindRegion("Helmand Province")->region_code, "AF-HEL");
  // A code regions.tsv lacks is a region of its own.
  r = g->FindRegion("Kandahar Province");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->region_code, "AF-KAN");
  EXPECT_EQ(r->country, "AF");
}

TEST(PlaceGazetteer, FindRegionsGivesEveryRegionOfTheName) {
  testing::TestPlaces t;
  const Place* found[4];
  ASSERT_EQ(t.places->FindRegions("Punjab", found, 4), 2u);
  EXPECT_EQ(found[0]->region_code, "IN-PB");
  EXPECT_EQ(found[1]->region_code, "PK-PB");
  EXPECT_EQ(t.places->FindRegions("PUNJAB", found, 1), 1u);
  EXPECT_EQ(t.places->FindRegions("Wiretagshire", found, 4), 0u);
}

}  // namespace
}  // namespace wiretag
