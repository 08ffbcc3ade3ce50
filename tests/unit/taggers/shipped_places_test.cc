// Pins down what the committed lists in config/ must contain: every agency the
// tagging-core issue names, and the places wire datelines use most.
#include "wiretag/build_paths.h"
#include <gtest/gtest.h>

#include <filesystem>

#include "pipeline/taggers/agency_table.h"
#include "pipeline/taggers/dateline_tagger.h"
#include "pipeline/taggers/place_gazetteer.h"

namespace wiretag {
namespace {

std::filesystem::path ConfigDir() { return std::filesystem::path(WIRETAG_SOURCE_DIR) / "config"; }

class ShippedPlaces : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    places_ = PlaceGazetteer::Load(ConfigDir() / "gazetteers").release();
    agencies_ = AgencyTable::Load(ConfigDir() / "agencies.tsv").release();
  }
  static void TearDownTestSuite() {
    delete places_;
    delete agencies_;
  }
  static inline PlaceGazetteer* places_ = nullptr;
  static inline AgencyTable* agencies_ = nullptr;
};

TEST_F(ShippedPlaces, AgencyTableHasEveryAgencyTheIssueNames) {
  EXPECT_GE(agencies_->All().size(), 60u);
  for (const char* written :
       {"AP", "Reuters", "Reuter", "AFP", "dpa", "Xinhua", "Xinhuanet", "TASS", "ITAR-TASS", "EFE", "ANSA",
        "Kyodo", "Jiji", "Yonhap", "PTI", "IANS", "ANI", "AAP", "UPI", "Anadolu", "KUNA", "IRNA", "MENA",
        "Antara", "Bernama", "Canadian Press", "CP", "CNA", "APA", "Belga", "ANP", "NTB", "TT", "Ritzau",
        "STT", "PAP", "CTK", "MTI", "Agerpres", "BTA", "Tanjug", "HINA", "Keystone-SDA", "Interfax",
        "RIA Novosti", "Ukrinform", "WAFA", "SPA", "QNA", "WAM", "APP", "BSS", "Dow Jones", "Bloomberg"}) {
    EXPECT_NE(agencies_->Find(written), nullptr) << written;
  }
  EXPECT_EQ(agencies_->Find("Reuter")->name, "Reuters");
  EXPECT_EQ(agencies_->Find("ITAR-TASS")->name, "TASS");
  EXPECT_EQ(agencies_->Find("SPACE.com"), nullptr);
  EXPECT_EQ(agencies_->Find("SPACE"), nullptr);
}

// Credits AG News's leads carry that the table once missed: "TOKYO (AFX) -",
// "HOUSTON (Ticker) --", "CHICAGO (Sports Network) -".
TEST_F(ShippedPlaces, AgencyTableKnowsFinancialAndSportsWires) {
  EXPECT_EQ(agencies_->Find("AFX")->name, "AFX News");
  EXPECT_EQ(agencies_->Find("Ticker")->name, "SportsTicker");
  EXPECT_EQ(agencies_->Find("Sports Network")->name, "The Sports Network");
}

TEST_F(ShippedPlaces, WireAlternateCountryNames) {
  EXPECT_EQ(places_->FindCountry("U.S.")->country, "US");
  EXPECT_EQ(places_->FindCountry("Britain")->country, "GB");
  EXPECT_EQ(places_->FindCountry("U.K.")->country, "GB");
  EXPECT_EQ(places_->FindCountry("S. Korea")->country, "KR");
  EXPECT_EQ(places_->FindCountry("North Korea")->country, "KP");
  EXPECT_EQ(places_->FindCountry("Japan")->name, "Japan");
}

TEST_F(ShippedPlaces, ApStyleRegionAbbreviations) {
  for (auto [written, code] : {std::pair{"Fla.", "US-FL"}, {"N.C.", "US-NC"}, {"Calif.", "US-CA"},
                               {"Mass.", "US-MA"}, {"MICH.", "US-MI"}, {"Ont.", "CA-ON"}, {"B.C.", "CA-BC"},
                               {"NSW", "AU-NSW"}, {"Alberta", "CA-AB"}, {"D.C.", "US-DC"}}) {
    const Place* p = places_->FindRegion(written);
    ASSERT_NE(p, nullptr) << written;
    EXPECT_EQ(p->region_code, code) << written;
  }
}

TEST_F(ShippedPlaces, CitiesDemonymsAndOldNames) {
  EXPECT_EQ(places_->FindCity("Washington")->country, "US");
  EXPECT_EQ(places_->FindCity("LONDON")->country, "GB");
  EXPECT_EQ(places_->FindCity("Dodge City")->region_code, "US-KS");
  EXPECT_EQ(places_->FindCity("Winston-Salem")->country, "US");
  EXPECT_EQ(places_->FindCity("Bombay")->name, "Mumbai");
  EXPECT_EQ(places_->FindCity("St. Petersburg")->country, "RU");
  EXPECT_EQ(places_->FindCityInRegion("St. Petersburg", "US-FL")->country, "US");
  EXPECT_EQ(places_->FindDemonym("Japanese")->country, "JP");
  EXPECT_EQ(places_->FindDemonym("South Korean")->country, "KR");
}

TEST_F(ShippedPlaces, DatelinesResolveWithTheShippedLists) {
  DatelineTagger tagger(*places_, *agencies_);
  StoryMeta meta;
  meta.versioncreated = "2017-08-18T01:00:00Z";
  auto d = tagger.Tag("THE HAGUE, Aug. 17 (ANP) - Dutch ministers met.", meta);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "The Hague");
  EXPECT_EQ(d->country, "NL");
  EXPECT_EQ(d->agency, "Algemeen Nederlands Persbureau");
  d = tagger.Tag("ST. PETERSBURG, Fla., Aug. 17 - A storm neared.", meta);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "St. Petersburg");
  EXPECT_EQ(d->region_code, "US-FL");
  d = tagger.Tag("WASHINGTON -- The allies agreed.", meta);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->country, "US");
}

}  // namespace
}  // namespace wiretag
