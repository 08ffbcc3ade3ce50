#include "pipeline/taggers/dateline_tagger.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "pipeline/taggers/wire_date.h"
#include "tests/unit/taggers/places_test_fixture.h"

namespace wiretag {
namespace {

class DatelineTaggerTest : public ::testing::Test {
 protected:
  testing::TestPlaces t;
  DatelineTagger tagger{*t.places, *t.agencies};
  StoryMeta meta_2017;
  void SetUp() override { meta_2017.versioncreated = "2017-08-18T09:30:00Z"; }

  std::optional<Dateline> Tag(std::string_view text) const { return tagger.Tag(text, meta_2017); }
};

TEST_F(DatelineTaggerTest, CityAndDoubleHyphen) {
  std::string_view text = "WASHINGTON -- The two allies agreed on Thursday to deepen ties.";
  auto d = Tag(text);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->text, "WASHINGTON --");
  EXPECT_EQ(d->city, "Washington");
  EXPECT_EQ(d->country, "US");
  EXPECT_EQ(text.substr(d->start, d->end - d->start), d->text);
  EXPECT_EQ(text.substr(d->city_start, d->city_end - d->city_start), "WASHINGTON");
  EXPECT_FALSE(d->date);
  EXPECT_FALSE(d->agency);
}

TEST_F(DatelineTaggerTest, NeverReadsPastTheEndOfTheText) {
  // Found by the fuzzer ("SEOULSEOUULSEOUAug "): a word probe one byte past the
  // end. Each prefix is copied into a buffer of exactly its size, so the
  // sanitizer build reports any read beyond it (std::string would hide it
  // behind its terminating NUL).
  for (std::string_view line : {"SEOULSEOUULSEOUAug ", "SEOUL, Aug. 18 (Yonhap) -- Talks ended.",
                                "WINSTON-SALEM, N.C. -- x", "dodge city, april 7 - y", "BRUSSELS 1996-08-22\n"}) {
    for (size_t n = 0; n <= line.size(); ++n) {
      std::unique_ptr<char[]> exact(new char[n == 0 ? 1 : n]);
      std::copy_n(line.data(), n, exact.get());
      auto d = Tag(std::string_view(exact.get(), n));
      if (d) EXPECT_LE(d->end, n) << line.substr(0, n);
    }
  }
}

TEST_F(DatelineTaggerTest, AgencyParentheticalAndEmDash) {
  auto d = Tag("WASHINGTON (AP) \xE2\x80\x94 Lawmakers returned to the capital on Monday.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->text, "WASHINGTON (AP) \xE2\x80\x94");
  EXPECT_EQ(d->agency, "Associated Press");
}

TEST_F(DatelineTaggerTest, DateWithoutYearTakesTheTimestampYear) {
  auto d = Tag("LONDON, March 3 (Reuters) - Sterling firmed against the dollar.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->text, "LONDON, March 3 (Reuters) -");
  EXPECT_EQ(d->city, "London");
  EXPECT_EQ(d->country, "GB");
  EXPECT_EQ(d->date, "2017-03-03");
  EXPECT_EQ(d->agency, "Reuters");
}

TEST_F(DatelineTaggerTest, DateAfterTheTimestampIsFromThePreviousYear) {
  StoryMeta january;
  january.versioncreated = "2018-01-02T03:00:00Z";
  auto d = tagger.Tag("SEOUL, Dec. 31 (Yonhap) -- Fireworks lit up the sky.", january);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->date, "2017-12-31");
}

TEST_F(DatelineTaggerTest, FirstcreatedWhenVersioncreatedIsMissing) {
  StoryMeta meta;
  meta.firstcreated = "2009-05-01T12:00:00Z";
  auto d = tagger.Tag("LONDON, April 30 - Shares rose.", meta);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->date, "2009-04-30");
}

TEST_F(DatelineTaggerTest, NoTimestampLeavesTheYearUnknown) {
  auto d = tagger.Tag("LONDON, April 30 - Shares rose.", StoryMeta{});
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->date);
}

TEST_F(DatelineTaggerTest, RegionAbbreviationResolvesToIsoCodes) {
  auto d = Tag("ORLANDO, Fla., March 31 - The theme park operator said attendance rose.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->text, "ORLANDO, Fla., March 31 -");
  EXPECT_EQ(d->city, "Orlando");
  EXPECT_EQ(d->region, "Fla.");
  EXPECT_EQ(d->region_code, "US-FL");
  EXPECT_EQ(d->country, "US");
  EXPECT_EQ(d->date, "2017-03-31");
}

TEST_F(DatelineTaggerTest, RegionDisambiguatesTheCity) {
  auto d = Tag("PARIS, Tex., May 2 - A storm damaged roofs.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->country, "US");
  auto e = Tag("PARIS, May 2 - Farmers protested.");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->country, "FR");
}

TEST_F(DatelineTaggerTest, AbbreviatedMonthWithPeriod) {
  auto d = Tag("SEOUL, Aug. 18 (Yonhap) -- South Korea's top diplomat spoke.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->text, "SEOUL, Aug. 18 (Yonhap) --");
  EXPECT_EQ(d->city, "Seoul");
  EXPECT_EQ(d->country, "KR");
  EXPECT_EQ(d->date, "2017-08-18");
  EXPECT_EQ(d->agency, "Yonhap");
}

TEST_F(DatelineTaggerTest, IsoDateOnALineOfItsOwn) {
  auto d = Tag("BRUSSELS 1996-08-22\nThe European Commission said on Thursday ...");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->text, "BRUSSELS 1996-08-22");
  EXPECT_EQ(d->city, "Brussels");
  EXPECT_EQ(d->country, "BE");
  EXPECT_EQ(d->date, "1996-08-22");
}

TEST_F(DatelineTaggerTest, DateWithExplicitYearAndLowerCaseAgency) {
  auto d = Tag("ABUJA, Aug 25, 2004 (dpa) -- Nigeria's senate met.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->text, "ABUJA, Aug 25, 2004 (dpa) --");
  EXPECT_EQ(d->date, "2004-08-25");
  EXPECT_EQ(d->agency, "dpa");
  EXPECT_EQ(d->country, "NG");
}

TEST_F(DatelineTaggerTest, TwoWordCityAndDashWithoutSpace) {
  auto d = Tag("HONG KONG (Dow Jones)--Stocks fell in early trade.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->text, "HONG KONG (Dow Jones)--");
  EXPECT_EQ(d->city, "Hong Kong");
  EXPECT_EQ(d->agency, "Dow Jones");
}

TEST_F(DatelineTaggerTest, ColonAfterAgency) {
  auto d = Tag("JAKARTA (Antara): Indonesia's central bank held rates.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->text, "JAKARTA (Antara):");
  EXPECT_EQ(d->city, "Jakarta");
  EXPECT_EQ(d->country, "ID");
  EXPECT_EQ(d->agency, "Antara");
}

TEST_F(DatelineTaggerTest, LowerCaseDatelineOfAKnownCity) {
  auto d = Tag("dodge city, april 7 - cattle prices climbed.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "Dodge City");
  EXPECT_EQ(d->date, "2017-04-07");
  EXPECT_EQ(d->country, "US");
}

TEST_F(DatelineTaggerTest, HyphenatedCityWithRegion) {
  auto d = Tag("WINSTON-SALEM, N.C. (AP) \xE2\x80\x94 The tobacco company said ...");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "Winston-Salem");
  EXPECT_EQ(d->region, "N.C.");
  EXPECT_EQ(d->region_code, "US-NC");
  EXPECT_EQ(d->country, "US");
}

TEST_F(DatelineTaggerTest, BylineBeforeTheDateline) {
  std::string_view text = "By Jane Doe\nSEOUL, Aug. 18 (Yonhap) -- Talks resumed.";
  auto d = Tag(text);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->start, text.find("SEOUL"));
  EXPECT_EQ(text.substr(d->start, d->end - d->start), "SEOUL, Aug. 18 (Yonhap) --");
}

TEST_F(DatelineTaggerTest, EnDashAndTitleCaseCity) {
  auto d = Tag("Toronto, Feb 26 \xE2\x80\x93 The bank raised its dividend.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "Toronto");
  EXPECT_EQ(d->date, "2017-02-26");
  EXPECT_FALSE(d->country);  // not in the test gazetteer
}

TEST_F(DatelineTaggerTest, CountryNameAsDatelineResolvesToTheCountry) {
  auto d = Tag("SINGAPORE, March 9 - The port handled record volumes.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "Singapore");
  EXPECT_EQ(d->country, "SG");
}

TEST_F(DatelineTaggerTest, CountryAsRegion) {
  auto d = Tag("ABHA, Saudi Arabia, March 3 - Officials met.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "Abha");
  EXPECT_EQ(d->country, "SA");
  EXPECT_FALSE(d->region);
}

TEST_F(DatelineTaggerTest, MultiWordCityWithAbbreviation) {
  auto d = Tag("ST. LOUIS, March 4 - The brewer said ...");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "St. Louis");
  EXPECT_EQ(d->country, "US");
}

TEST_F(DatelineTaggerTest, UnknownCapitalCityNeedsADate) {
  auto d = Tag("COMMACK, N.Y., Feb 26 - The company said ...");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "Commack");
  EXPECT_EQ(d->region_code, "US-NY");
  EXPECT_EQ(d->country, "US");
  EXPECT_FALSE(Tag("MARKET REPORT -- Stocks rose."));
}

TEST_F(DatelineTaggerTest, RegionNameThatContainsTheCityWins) {
  auto d = Tag("TBILISI, Georgia, May 3 - Protesters gathered.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->country, "GE");
  EXPECT_FALSE(d->region);
  d = Tag("ATLANTA, Georgia, May 3 - Delta said ...");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->country, "US");
  EXPECT_EQ(d->region_code, "US-GA");
}

TEST_F(DatelineTaggerTest, LooseWireVariants) {
  // Space before the comma; region and date without a comma between them.
  EXPECT_EQ(Tag("OAKLAND , N.J., March 2 - The bank said ...")->city, "Oakland");
  auto d = Tag("RICHMOND, Va. Feb 26 - The utility said ...");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->region_code, "US-VA");
  EXPECT_EQ(d->date, "2017-02-26");
  // A dash between region and date, a stray comma after the date, two spaces in the date.
  EXPECT_EQ(Tag("CHEVY CHASE, Md., - March 4 - The firm said ...")->date, "2017-03-04");
  EXPECT_EQ(Tag("CHICAGO, March 4, - Futures fell.")->text, "CHICAGO, March 4, -");
  EXPECT_EQ(Tag("CHICAGO, March  2 - Futures fell.")->date, "2017-03-02");
  // The sign-off agency written after the date.
  d = Tag("WASHINGTON, March 12, Reuter - The Senate voted.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->agency, "Reuters");
  // Several region segments; a city with a slash; later words left in lower case.
  EXPECT_EQ(Tag("HAILEY, Idaho, Calif., March 20 - A skier said ...")->city, "Hailey");
  EXPECT_EQ(Tag("DALLAS/FORT WORTH, Texas, March 3 - The airline said ...")->city, "Dallas/Fort Worth");
  d = Tag("Mexico city, march 18 - The peso fell.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "Mexico City");
  EXPECT_EQ(d->country, "MX");
}

TEST_F(DatelineTaggerTest, BylineOnTheSameLineAndLeadCredit) {
  std::string_view text = "By JANE DOE     SEOUL (AP) -- Talks resumed.";
  auto d = Tag(text);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->start, text.find("SEOUL"));
  d = Tag("Canadian Press - ATLANTA, Georgia (AP) - Delta said ...");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->text, "ATLANTA, Georgia (AP) -");
  EXPECT_EQ(d->agency, "Associated Press");
}

TEST_F(DatelineTaggerTest, AgencyAmongSeveralInTheParenthetical) {
  auto d = Tag("NEW YORK (Dow Jones/AP) -- Shares fell.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->agency, "Dow Jones");
}

// AG News's sports wire writes a comma before its credit.
TEST_F(DatelineTaggerTest, AStrayCommaBeforeTheCreditKeepsTheDateline) {
  auto d = Tag("DODGE CITY, Kan., (AP) - Storms hit the town.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->text, "DODGE CITY, Kan., (AP) -");
  EXPECT_EQ(d->region_code, "US-KS");
  EXPECT_EQ(d->agency, "Associated Press");
  d = Tag("WASHINGTON, (AP) - Talks resumed.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->agency, "Associated Press");
}

// "ON" and "IN" are Ontario and Indiana after a Title Case city, not words.
TEST_F(DatelineTaggerTest, APostalCodeThatIsAlsoAWordIsARegionAfterATitleCaseCity) {
  auto d = Tag("London, ON (AP) - The city council met.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->region_code, "CA-ON");
  EXPECT_EQ(d->agency, "Associated Press");
}

TEST_F(DatelineTaggerTest, TerminatorsOtherThanADash) {
  // An agency credit may end the dateline by itself.
  auto d = Tag("New Delhi, Sep 27 (UNI) Members of the community met.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->text, "New Delhi, Sep 27 (UNI)");
  // A colon after a space; two spaces where a feed dropped the dash.
  EXPECT_EQ(Tag("TBILISI, Georgia : Protesters gathered.")->text, "TBILISI, Georgia :");
  EXPECT_EQ(Tag("TBILISI, Georgia  Protesters gathered.")->text, "TBILISI, Georgia");
  EXPECT_FALSE(Tag("Tbilisi, Georgia  Protesters gathered."));
  EXPECT_FALSE(Tag("MARKET WATCH (05/11/04) - Stocks rose."));
}

TEST_F(DatelineTaggerTest, TitleCaseBigCityWithDashBeforeASentence) {
  EXPECT_EQ(Tag("Tokyo - Japan's carmaker said on Thursday ...")->city, "Tokyo");
  EXPECT_FALSE(Tag("Tokyo - which hosts the games - said ..."));
  EXPECT_FALSE(Tag("Obama - The small town - said ..."));  // too small to stand alone
}

TEST_F(DatelineTaggerTest, OrdinarySentencesAreNotDatelines) {
  EXPECT_FALSE(Tag("The president said on Monday -- in a rare interview -- that he would run."));
  EXPECT_FALSE(Tag("Officials in Washington said the talks would resume."));
  EXPECT_FALSE(Tag("Washington -- not the capital -- is the state in question."));
  EXPECT_FALSE(Tag("Standard Oil Co and BP said they plan to form a venture."));
  EXPECT_FALSE(Tag("WASHINGTON. That is where it happened."));
  EXPECT_FALSE(Tag("Monday, March 3 - a day to remember."));
  EXPECT_FALSE(Tag("the bill passed, april 7 - and then stalled."));
  EXPECT_FALSE(Tag("SHR 1.20 DLRS VS 1.05 DLRS"));
  EXPECT_FALSE(Tag("Obama -- who served two terms -- spoke."));
  EXPECT_FALSE(Tag(""));
  EXPECT_FALSE(Tag("   \n  "));
}

TEST_F(DatelineTaggerTest, TruncatedInputsDoNotCrash) {
  std::string_view full = "WINSTON-SALEM, N.C., Aug. 18, 2017 (Dow Jones) \xE2\x80\x94 Text.";
  for (size_t n = 0; n <= full.size(); ++n) {
    auto d = Tag(full.substr(0, n));
    if (d) {
      EXPECT_LE(d->end, n);
    }
  }
}

// Countries whose name opens with "The" are regions like any other.
TEST_F(DatelineTaggerTest, RegionThatOpensWithTheIsAKnownCountry) {
  auto d = Tag("AMSTERDAM, The Netherlands, March 3 (Reuters) - Dutch shares fell.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "Amsterdam");
  EXPECT_EQ(d->country, "NL");
  EXPECT_EQ(d->date, "2017-03-03");
  d = Tag("THE HAGUE, the Netherlands (AP) -- Judges ruled.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "The Hague");
  EXPECT_EQ(d->country, "NL");
}

// "The" before an unknown region is still no dateline.
TEST_F(DatelineTaggerTest, UnknownRegionThatOpensWithTheGivesNoDateline) {
  EXPECT_FALSE(Tag("Paris, The Officials -- who met on Monday."));
}

// Month names as typists mangle them: transposed, dropped, doubled or wrong
// letters, prefixes, Spanish abbreviations, and l or O for a digit.
TEST_F(DatelineTaggerTest, MisspelledMonthsStillGiveTheDate) {
  const struct {
    const char* text;
    const char* date;
  } cases[] = {
      {"LONDON, Macrh 3 (Reuters) - Shares rose.", "2017-03-03"},
      {"LONDON, Apri 4 (Reuters) - Shares rose.", "2017-04-04"},
      {"LONDON, April l (Reuters) - Shares rose.", "2017-04-01"},
      {"LONDON, ABR 12 (Reuters) - Shares rose.", "2017-04-12"},
      {"NEW YORK, Narch 2 - Shares rose.", "2017-03-02"},
      {"RICHMOND, Va., Marc 16 - Shares rose.", "2017-03-16"},
      {"NEW YORK, Mach 4 - Shares rose.", "2017-03-04"},
      {"NEW YORK, Marchg 12 - Shares rose.", "2017-03-12"},
      {"SEOUL, March 2O - Shares rose.", "2017-03-20"},
  };
  for (const auto& c : cases) {
    auto d = Tag(c.text);
    ASSERT_TRUE(d) << c.text;
    EXPECT_EQ(d->date, c.date) << c.text;
  }
}

// Short months are never guessed at ("Jane", "Mary" are names), and a mangled
// month is read only where a date can stand (MonthNumber stays exact).
TEST_F(DatelineTaggerTest, NamesNearAShortMonthAreNoDate) {
  EXPECT_EQ(ParseWireDate("Jane 3", 0), std::nullopt);
  EXPECT_EQ(ParseWireDate("Mary 3", 0), std::nullopt);
  EXPECT_EQ(MonthNumber("Marc"), 0);  // a name in running text; only dates read it loosely
}

// A stray lower-case letter in an ALL CAPS city ("CORAl GABLES") keeps it ALL CAPS.
TEST_F(DatelineTaggerTest, MixedCaseTypoInACapitalisedCity) {
  auto d = Tag("CORAl GABLES, Fla., March 3 - A storm hit.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "Coral Gables");
  EXPECT_EQ(d->region_code, "US-FL");
  EXPECT_EQ(d->date, "2017-03-03");
}

// A country or region whose later word the writer left in lower case.
TEST_F(DatelineTaggerTest, RegionWithALowerCaseWordIsKnown) {
  auto d = Tag("SAN JUAN, Puerto rico, March 3 (AP) -- Power returned.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "San Juan");
  EXPECT_EQ(d->country, "PR");
  EXPECT_EQ(d->date, "2017-03-03");
}

// With the division list (geonames/admin1.tsv) beside the gazetteer.
class DatelineWithDivisionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteTestGazetteer(dir_.path());
    testing::WriteTestDivisions(dir_.path());
    testing::WriteTestAgencies(dir_.path() / "agencies.tsv");
    places_ = PlaceGazetteer::Load(dir_.path());
    agencies_ = AgencyTable::Load(dir_.path() / "agencies.tsv");
    tagger_ = std::make_unique<DatelineTagger>(*places_, *agencies_);
  }
  std::optional<Dateline> Tag(std::string_view text) const { return tagger_->Tag(text, StoryMeta{}); }

  testing::TempDir dir_;
  std::unique_ptr<PlaceGazetteer> places_;
  std::unique_ptr<AgencyTable> agencies_;
  std::unique_ptr<DatelineTagger> tagger_;
};

TEST_F(DatelineWithDivisionsTest, OfSameNamedRegionsTheOneHoldingTheCityWins) {
  auto d = Tag("LAHORE, Punjab (Reuters) - Police said on Monday.");  // India's Punjab comes first in the list
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "Lahore");
  EXPECT_EQ(d->region, "Punjab");
  EXPECT_EQ(d->region_code, "PK-PB");
  EXPECT_EQ(d->country, "PK");
}

TEST_F(DatelineWithDivisionsTest, ARegionByItsEnglishNameResolves) {
  auto d = Tag("GUANGZHOU, Guangdong (Reuters) - Exports rose.");  // the ISO list says "Guangdong Sheng"
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "Guangzhou");
  EXPECT_EQ(d->region_code, "CN-GD");
  EXPECT_EQ(d->country, "CN");
}

TEST_F(DatelineWithDivisionsTest, ARegionAloneIsTheDatelinesPlace) {
  auto d = Tag("HELMAND, Afghanistan (Reuters) - Fighting went on.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "Helmand");
  EXPECT_EQ(d->region_code, "AF-HEL");
  EXPECT_EQ(d->country, "AF");
  d = Tag("GUANGDONG (Reuters) -- Exports rose.");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->city, "Guangdong");
  EXPECT_EQ(d->region_code, "CN-GD");
  EXPECT_EQ(d->country, "CN");
}

TEST_F(DatelineWithDivisionsTest, ATitleCaseRegionBeforeADashIsNoDateline) {
  // Only a country or a big city opens a dateline with nothing but a dash.
  EXPECT_FALSE(Tag("Punjab - The floods spread on Monday."));
  EXPECT_FALSE(Tag("Helmand - Officials said the road was closed."));
}

}  // namespace
}  // namespace wiretag
