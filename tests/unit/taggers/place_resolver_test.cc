// PlaceResolver: which GeoNames place a LOC name or dateline city gets, from a
// small GeoNames list written here (the shipped one may change).
#include "pipeline/taggers/place_resolver.h"

#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>

#include "tests/unit/taggers/places_test_fixture.h"

namespace wiretag {
namespace {

using testing::TempDir;
using testing::WriteFile;

constexpr char kGeoNames[] =
    "# test GeoNames places\n"
    "kind\tgeonameid\tname\tcountry\tadmin1\tpopulation\tlat\tlon\taliases\n"
    "country\t614540\tGeorgia\tGE\t\t3704500\t\t\t\n"
    "country\t248816\tJordan\tJO\t\t9956011\t\t\t\n"
    "country\t6252001\tUnited States\tUS\t\t327167434\t\t\t\n"
    "country\t3017382\tFrance\tFR\t\t66987244\t\t\t\n"
    "admin1\t4197000\tGeorgia\tUS\tGA\t0\t\t\t\n"
    "admin1\t5128638\tNew York\tUS\tNY\t0\t\t\t\n"
    "admin1\t4736286\tTexas\tUS\tTX\t0\t\t\t\n"
    "city\t611717\tTbilisi\tGE\t04\t1049498\t41.69411\t44.83368\t\n"
    "city\t2988507\tParis\tFR\t11\t2138551\t48.85341\t2.34880\t\n"
    "city\t4717560\tParis\tUS\tTX\t24782\t33.66094\t-95.55551\t\n"
    "city\t4303602\tParis\tUS\tKY\t9870\t38.20980\t-84.25299\t\n"
    "city\t2653941\tCambridge\tGB\tENG\t128488\t52.20000\t0.11667\t\n"
    "city\t4931972\tCambridge\tUS\tMA\t118403\t42.37510\t-71.10561\t\n"
    "city\t5128581\tNew York City\tUS\tNY\t8804190\t40.71427\t-74.00597\tNew York\n"
    "city\t5030005\tJordan\tUS\tMN\t6490\t44.66691\t-93.62690\t\n"
    "city\t2657896\tZürich\tCH\t25\t341730\t47.36667\t8.55000\tZurich\n"
    "city\t4180439\tAtlanta\tUS\tGA\t498715\t33.74900\t-84.38798\t\n";

class PlaceResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteTestGazetteer(dir_.path());
    std::filesystem::create_directories(dir_.path() / "geonames");
    WriteFile(dir_.path() / "geonames" / "places.tsv", kGeoNames);
    places_ = PlaceGazetteer::Load(dir_.path());
    geonames_ = GeoNamesTable::Load(dir_.path());
    resolver_ = std::make_unique<PlaceResolver>(*geonames_, *places_);
  }

  // The GeoNames id `name` resolves to in `anchors` (0 for none).
  uint32_t IdOf(std::string_view name, std::vector<PlaceResolver::Anchor> anchors = {}, bool city = false) {
    PlaceResolver::Context context{std::move(anchors), city};
    auto geo = resolver_->ResolveName(name, context);
    return geo ? geo->geonames_id : 0;
  }

  TempDir dir_;
  std::unique_ptr<PlaceGazetteer> places_;
  std::unique_ptr<GeoNamesTable> geonames_;
  std::unique_ptr<PlaceResolver> resolver_;
};

TEST_F(PlaceResolverTest, AUniqueNameGetsItsIdCountryAndCoordinates) {
  auto geo = resolver_->ResolveName("Tbilisi", {});
  ASSERT_TRUE(geo);
  EXPECT_EQ(geo->geonames_id, 611717u);
  EXPECT_EQ(geo->country, "GE");
  ASSERT_TRUE(geo->lat && geo->lon);
  EXPECT_DOUBLE_EQ(*geo->lat, 41.69411);
  EXPECT_DOUBLE_EQ(*geo->lon, 44.83368);
}

TEST_F(PlaceResolverTest, NamesAreMatchedInAnyCaseAndWithoutAccents) {
  EXPECT_EQ(IdOf("TBILISI"), 611717u);
  EXPECT_EQ(IdOf("Zurich"), 2657896u);
  EXPECT_EQ(IdOf("Zürich"), 2657896u);
}

TEST_F(PlaceResolverTest, UnknownNamesGetNoPlace) {
  EXPECT_EQ(IdOf("Wiretagville"), 0u);
  EXPECT_EQ(IdOf(""), 0u);
}

TEST_F(PlaceResolverTest, WithoutContextTheFarMorePopulousNamesakeWins) {
  EXPECT_EQ(IdOf("Paris"), 2988507u);
}

TEST_F(PlaceResolverTest, NamesakesOfSimilarSizeAreLeftOutWithoutContext) {
  EXPECT_EQ(IdOf("Cambridge"), 0u);
}

TEST_F(PlaceResolverTest, TheContextCountryChoosesAmongNamesakes) {
  EXPECT_EQ(IdOf("Cambridge", {{"US", ""}}), 4931972u);
  EXPECT_EQ(IdOf("Cambridge", {{"GB", ""}}), 2653941u);
  // A context without a place of the name is passed over for the next.
  EXPECT_EQ(IdOf("Cambridge", {{"JP", ""}, {"GB", ""}}), 2653941u);
}

TEST_F(PlaceResolverTest, SeveralNamesakesWithinTheContextCountryAreAmbiguousUnlessTheStateDecides) {
  EXPECT_EQ(IdOf("Paris", {{"US", ""}}), 0u);  // Texas 24,782 and Kentucky 9,870: too close
  EXPECT_EQ(IdOf("Paris", {{"US", "TX"}}), 4717560u);
  EXPECT_EQ(IdOf("Paris", {{"US", "KY"}}), 4303602u);
}

TEST_F(PlaceResolverTest, ACountryNameIsTheCountryUnlessTheContextHoldsASameNamedState) {
  EXPECT_EQ(IdOf("Georgia"), 614540u);
  EXPECT_EQ(IdOf("Georgia", {{"GE", ""}}), 614540u);
  EXPECT_EQ(IdOf("Georgia", {{"US", "GA"}}), 4197000u);
  // A same-named US city does not outweigh the country.
  EXPECT_EQ(IdOf("Jordan", {{"US", ""}}), 248816u);
  // Countries by any name the place gazetteer knows.
  EXPECT_EQ(IdOf("U.S."), 6252001u);
}

TEST_F(PlaceResolverTest, AStateIsTheStateUnlessABigCityHasItsName) {
  EXPECT_EQ(IdOf("Texas"), 4736286u);
  EXPECT_EQ(IdOf("New York"), 5128581u);
  auto state = resolver_->ResolveName("Texas", {});
  ASSERT_TRUE(state);
  EXPECT_FALSE(state->lat);  // the list has no coordinates for states
}

TEST_F(PlaceResolverTest, ADatelineCityPrefersCities) {
  EXPECT_EQ(IdOf("Georgia", {}, /*city=*/true), 4197000u);  // no city of the name: the state
  EXPECT_EQ(IdOf("New York", {{"US", "NY"}}, /*city=*/true), 5128581u);
  EXPECT_EQ(IdOf("Paris", {{"US", "TX"}}, /*city=*/true), 4717560u);
}

Entity Loc(std::string_view text, std::string_view body, Field field = Field::kBody) {
  const auto start = static_cast<uint32_t>(body.find(text));
  return Entity{EntityType::kLocation, start, start + static_cast<uint32_t>(text.size()), std::string(text),
                std::string(text), field, std::nullopt};
}

TEST_F(PlaceResolverTest, ResolveUsesTheDatelineForTheStorysPlaces) {
  const std::string body = "PARIS, Texas, May 2 (AP) -- A storm hit Paris and Cambridge on Friday.";
  Tags tags;
  Dateline d;
  d.city = "Paris";
  d.city_start = 0;
  d.city_end = 5;
  d.country = "US";
  d.region_code = "US-TX";
  tags.dateline = d;
  tags.entities.push_back(Loc("PARIS", body));
  tags.entities.push_back(Entity{EntityType::kPerson, 0, 0, "Nobody", "Nobody", Field::kBody, std::nullopt});
  const auto at = static_cast<uint32_t>(body.find("Paris and"));
  tags.entities.push_back(Entity{EntityType::kLocation, at, at + 5, "Paris", "Paris", Field::kBody, std::nullopt});
  tags.entities.push_back(Loc("Cambridge", body));
  resolver_->Resolve(body, &tags);
  ASSERT_TRUE(tags.dateline->geo);
  EXPECT_EQ(tags.dateline->geo->geonames_id, 4717560u);
  ASSERT_TRUE(tags.entities[0].geo);  // the dateline city's own span
  EXPECT_EQ(tags.entities[0].geo->geonames_id, 4717560u);
  EXPECT_FALSE(tags.entities[1].geo);  // not a place
  ASSERT_TRUE(tags.entities[2].geo);
  EXPECT_EQ(tags.entities[2].geo->geonames_id, 4717560u);
  ASSERT_TRUE(tags.entities[3].geo);
  EXPECT_EQ(tags.entities[3].geo->geonames_id, 4931972u);  // Cambridge in the dateline's country
}

TEST_F(PlaceResolverTest, APlaceWrittenRightAfterANameDecidesBeforeTheDateline) {
  const std::string body = "PARIS (Reuters) - She grew up in Paris, Texas, and studied in Cambridge.";
  Tags tags;
  Dateline d;
  d.city = "Paris";
  d.city_start = 0;
  d.city_end = 5;
  d.country = "FR";
  tags.dateline = d;
  tags.entities.push_back(Loc("PARIS", body));
  tags.entities.push_back(Loc("Paris", body));
  tags.entities.push_back(Loc("Texas", body));
  tags.entities.push_back(Loc("Cambridge", body));
  resolver_->Resolve(body, &tags);
  ASSERT_TRUE(tags.dateline->geo);
  EXPECT_EQ(tags.dateline->geo->geonames_id, 2988507u);
  ASSERT_TRUE(tags.entities[1].geo);
  EXPECT_EQ(tags.entities[1].geo->geonames_id, 4717560u);
  ASSERT_TRUE(tags.entities[2].geo);
  EXPECT_EQ(tags.entities[2].geo->geonames_id, 4736286u);
  // No Cambridge in the dateline's country: the nearest place named, Texas, decides.
  ASSERT_TRUE(tags.entities[3].geo);
  EXPECT_EQ(tags.entities[3].geo->geonames_id, 4931972u);
}

TEST_F(PlaceResolverTest, TheNearestCountryNamedInTheStoryDecidesWithoutADateline) {
  const std::string body = "Talks in the United States went on. Later, in Cambridge.";
  Tags tags;
  tags.entities.push_back(Loc("United States", body));
  tags.entities.push_back(Loc("Cambridge", body));
  resolver_->Resolve(body, &tags);
  ASSERT_TRUE(tags.entities[0].geo && tags.entities[1].geo);
  EXPECT_EQ(tags.entities[0].geo->geonames_id, 6252001u);
  EXPECT_EQ(tags.entities[1].geo->geonames_id, 4931972u);
}

TEST_F(PlaceResolverTest, AGazetteerWithoutTheGeoNamesListResolvesNothing) {
  TempDir bare;
  testing::WriteTestGazetteer(bare.path());
  auto empty = GeoNamesTable::Load(bare.path());
  EXPECT_EQ(empty->size(), 0u);
  PlaceResolver resolver(*empty, *places_);
  const std::string body = "In Tbilisi.";
  Tags tags;
  tags.entities.push_back(Loc("Tbilisi", body));
  resolver.Resolve(body, &tags);
  EXPECT_FALSE(tags.entities[0].geo);
}

TEST_F(PlaceResolverTest, AMalformedListIsAnErrorNamingFileAndLine) {
  WriteFile(dir_.path() / "geonames" / "places.tsv",
            "kind\tgeonameid\tname\tcountry\tadmin1\tpopulation\tlat\tlon\taliases\n"
            "city\t1\tNowhere\tXX\t\t10\t95.0\t0\t\n");
  try {
    GeoNamesTable::Load(dir_.path());
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("places.tsv:2:"), std::string::npos) << e.what();
  }
}

TEST_F(PlaceResolverTest, TheTableSurvivesASnapshotRoundTrip) {
  SnapshotWriter out;
  geonames_->Save(&out);
  SnapshotReader in(out.bytes());
  auto restored = GeoNamesTable::Restore(&in);
  EXPECT_EQ(in.remaining(), 0u);
  PlaceResolver resolver(*restored, *places_);
  auto geo = resolver.ResolveName("Cambridge", {{{"US", ""}}, false});
  ASSERT_TRUE(geo);
  EXPECT_EQ(geo->geonames_id, 4931972u);
  EXPECT_EQ(restored->Country("GE")->geonames_id, 614540u);
}

// With the division list: first-level divisions of every country.
class PlaceResolverDivisionsTest : public PlaceResolverTest {
 protected:
  void SetUp() override {
    testing::WriteTestGazetteer(dir_.path());
    testing::WriteTestDivisions(dir_.path());
    WriteFile(dir_.path() / "geonames" / "places.tsv",
              std::string(kGeoNames) +
                  "country\t1168579\tPakistan\tPK\t\t212215030\t\t\t\n"
                  "city\t1138336\tKandahar\tAF\t23\t391190\t31.61332\t65.71013\t\n"
                  "city\t1172451\tLahore\tPK\t04\t6310888\t31.55800\t74.35071\t\n"
                  "city\t524901\tMoscow\tRU\t48\t10381222\t55.75222\t37.61556\t\n"
                  "city\t4357340\tHanover\tUS\tMD\t38088\t39.19289\t-76.72414\t\n"
                  "city\t4558475\tHanover\tUS\tPA\t15496\t39.80066\t-76.98304\t\n");
    places_ = PlaceGazetteer::Load(dir_.path());
    geonames_ = GeoNamesTable::Load(dir_.path());
    resolver_ = std::make_unique<PlaceResolver>(*geonames_, *places_);
  }
};

TEST_F(PlaceResolverDivisionsTest, ADivisionOfAnyCountryGetsItsIdCountryAndCoordinates) {
  auto geo = resolver_->ResolveName("Guangdong Sheng", {});
  ASSERT_TRUE(geo);
  EXPECT_EQ(geo->geonames_id, 1809935u);
  EXPECT_EQ(geo->country, "CN");
  ASSERT_TRUE(geo->lat && geo->lon);
  EXPECT_DOUBLE_EQ(*geo->lat, 23.13577);
  EXPECT_EQ(IdOf("Helmand Province"), 1140043u);
  EXPECT_EQ(geonames_->Division("CN-GD")->geonames_id, 1809935u);
  EXPECT_EQ(geonames_->Admin1("CN", "30")->geonames_id, 1809935u);
  EXPECT_EQ(geonames_->Division("CN-XX"), nullptr);
}

TEST_F(PlaceResolverDivisionsTest, ARegionOfSeveralCountriesNeedsTheirContext) {
  EXPECT_EQ(IdOf("Punjab"), 0u);  // India's or Pakistan's
  EXPECT_EQ(IdOf("Punjab", {{"PK", ""}}), 1167710u);
  EXPECT_EQ(IdOf("Punjab", {{"IN", ""}}), 1259223u);
}

TEST_F(PlaceResolverDivisionsTest, ACityNamedLikeItsOwnProvinceIsTheCity) {
  EXPECT_EQ(IdOf("Kandahar"), 1138336u);
  EXPECT_EQ(IdOf("Kandahar Province"), 1138335u);
}

TEST_F(PlaceResolverDivisionsTest, TheDatelinesRegionAnchorsByItsIsoCode) {
  // "Punjab" in a story datelined in Pakistan's Punjab (by ISO code, not by name).
  Tags tags;
  Dateline d;
  d.city = "Lahore";
  d.country = "PK";
  d.region_code = "PK-PB";
  tags.dateline = d;
  tags.entities.push_back(Entity{EntityType::kLocation, 30, 36, "Punjab", "Punjab"});
  resolver_->Resolve("LAHORE, Punjab (Reuters) - In Punjab, rain.", &tags);
  ASSERT_TRUE(tags.dateline->geo);
  EXPECT_EQ(tags.dateline->geo->geonames_id, 1172451u);
  ASSERT_TRUE(tags.entities[0].geo);
  EXPECT_EQ(tags.entities[0].geo->geonames_id, 1167710u);
}

TEST_F(PlaceResolverDivisionsTest, TheDivisionsSurviveASnapshotRoundTrip) {
  SnapshotWriter out;
  geonames_->Save(&out);
  SnapshotReader in(out.bytes());
  auto restored = GeoNamesTable::Restore(&in);
  EXPECT_EQ(in.remaining(), 0u);
  ASSERT_TRUE(restored->Division("PK-PB"));
  EXPECT_EQ(restored->Division("PK-PB")->geonames_id, 1167710u);
  PlaceResolver resolver(*restored, *places_);
  auto geo = resolver.ResolveName("Punjab", {{{"PK", ""}}, false});
  ASSERT_TRUE(geo);
  EXPECT_EQ(geo->geonames_id, 1167710u);
}

TEST_F(PlaceResolverDivisionsTest, OfSameNamedDivisionsTheFarMorePopulousWins) {
  EXPECT_EQ(IdOf("Florida"), 4155751u);  // not Uruguay's department
  EXPECT_EQ(IdOf("Florida", {{"UY", ""}}), 3442584u);
}

TEST_F(PlaceResolverDivisionsTest, ABigCityBeatsTheDivisionsOfItsName) {
  EXPECT_EQ(IdOf("Moscow"), 524901u);
}

TEST_F(PlaceResolverDivisionsTest, ASmallDivisionIsNamedOnlyInItsCountrysContextAndAnchorsNothing) {
  EXPECT_EQ(IdOf("Hanover"), 0u);  // a parish of Jamaica, or one of several US towns
  EXPECT_EQ(IdOf("Hanover", {{"JM", ""}}), 3490145u);
  // Two mentions of the name do not place each other in Jamaica.
  Tags tags;
  tags.entities.push_back(Entity{EntityType::kLocation, 0, 7, "Hanover", "Hanover"});
  tags.entities.push_back(Entity{EntityType::kLocation, 20, 27, "Hanover", "Hanover"});
  resolver_->Resolve("Hanover coach said Hanover won.", &tags);
  EXPECT_FALSE(tags.entities[0].geo);
  EXPECT_FALSE(tags.entities[1].geo);
}

TEST_F(PlaceResolverDivisionsTest, AShortCapitalFormAbroadNeedsItsCountry) {
  EXPECT_EQ(IdOf("NL"), 0u);  // the National League in a baseball story
  EXPECT_EQ(IdOf("NL", {{"CA", ""}}), 6354959u);
}

TEST_F(PlaceResolverDivisionsTest, AMalformedDivisionListIsAnErrorNamingFileAndLine) {
  const std::string header = "code\tgeonameid\tname\tcountry\tadmin1\tpopulation\tlat\tlon\taliases\n";
  for (const std::string& row : {std::string("CN-GD\t1809935\tGuangdong\tPK\t30\t0\t\t\t\n"),  // code of another country
                                 std::string("CN-GD\t1809935\tGuangdong\tCN\t\t0\t\t\t\n"),   // no GeoNames code
                                 std::string("CN-GD\t1809935\tGuangdong\tCN\t30\tmany\t\t\t\n")}) {
    WriteFile(dir_.path() / "geonames" / "admin1.tsv", header + row);
    try {
      GeoNamesTable::Load(dir_.path());
      ADD_FAILURE() << "no error for " << row;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("admin1.tsv:2:"), std::string::npos) << e.what();
    }
  }
  WriteFile(dir_.path() / "geonames" / "admin1.tsv", header + "CN-GD\t1809935\t\tCN\t30\t0\t\t\t\n");
  try {
    PlaceGazetteer::Load(dir_.path());
    ADD_FAILURE() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("admin1.tsv:2:"), std::string::npos) << e.what();
  }
}

TEST_F(PlaceResolverDivisionsTest, OnlyAUSStateOutweighsASameNamedCountry) {
  // "Niger" in a Nigerian story is the country, not Nigeria's Niger State.
  std::ofstream(dir_.path() / "countries.tsv", std::ios::app) << "NE\tNiger\t\n";
  std::ofstream(dir_.path() / "geonames" / "admin1.tsv", std::ios::app)
      << "NG-NI\t2328925\tNiger\tNG\t31\t3000000\t10.00000\t6.00000\tNiger State\n";
  std::ofstream(dir_.path() / "geonames" / "places.tsv", std::ios::app)
      << "country\t2440476\tNiger\tNE\t\t22442948\t\t\t\n";
  places_ = PlaceGazetteer::Load(dir_.path());
  geonames_ = GeoNamesTable::Load(dir_.path());
  PlaceResolver resolver(*geonames_, *places_);
  auto geo = resolver.ResolveName("Niger", {{{"NG", ""}}, false});
  ASSERT_TRUE(geo);
  EXPECT_EQ(geo->geonames_id, 2440476u);
  geo = resolver.ResolveName("Niger State", {{{"NG", ""}}, false});
  ASSERT_TRUE(geo);
  EXPECT_EQ(geo->geonames_id, 2328925u);
}

}  // namespace
}  // namespace wiretag
