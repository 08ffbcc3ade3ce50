#include "pipeline/taggers/agency_table.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "wiretag/build_paths.h"

#include "tests/unit/taggers/places_test_fixture.h"

namespace wiretag {
namespace {

using testing::TempDir;
using testing::TestPlaces;
using testing::WriteFile;

TEST(AgencyTable, ShortAliasesMatchOnlyAsWritten) {
  TestPlaces t;
  ASSERT_NE(t.agencies->Find("AP"), nullptr);
  EXPECT_EQ(t.agencies->Find("AP")->name, "Associated Press");
  EXPECT_EQ(t.agencies->Find("ap"), nullptr);
  EXPECT_EQ(t.agencies->Find("Ap"), nullptr);
}

TEST(AgencyTable, LongAliasesMatchInAnyCase) {
  TestPlaces t;
  EXPECT_EQ(t.agencies->Find("REUTERS")->name, "Reuters");
  EXPECT_EQ(t.agencies->Find("yonhap news agency")->code, "YNA");
  EXPECT_EQ(t.agencies->Find("Reuter")->name, "Reuters");
}

TEST(AgencyTable, MarksAmbiguousAliases) {
  TestPlaces t;
  EXPECT_TRUE(t.agencies->FindAlias("AP")->needs_context);
  EXPECT_FALSE(t.agencies->FindAlias("Associated Press")->needs_context);
  EXPECT_EQ(t.agencies->FindAlias("AP")->written, "AP");
}

TEST(AgencyTable, MatchAtTakesTheLongestAliasAtWordBoundaries) {
  TestPlaces t;
  std::string_view text = "said Yonhap News Agency today; APEC and Dow Jones Newswires";
  size_t end = 0;
  const AgencyAlias* a = t.agencies->MatchAt(text, 5, &end);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(text.substr(5, end - 5), "Yonhap News Agency");
  EXPECT_EQ(t.agencies->MatchAt(text, text.find("APEC"), &end), nullptr);
  a = t.agencies->MatchAt(text, text.find("Dow"), &end);
  ASSERT_NE(a, nullptr);
  EXPECT_FALSE(a->needs_context);
  EXPECT_EQ(a->agency->name, "Dow Jones");
}

TEST(AgencyTable, DuplicateAliasIsAnError) {
  TempDir dir;
  WriteFile(dir.path() / "a.tsv", "name\tcode\tcountry\taliases\nA One\tA1\tUS\tAone\nA Two\tA2\tUS\tAone\n");
  try {
    AgencyTable::Load(dir.path() / "a.tsv");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("a.tsv:3:"), std::string::npos) << e.what();
  }
}

// MatchAt skips a word by a filter on its lowered first word; every alias of
// the shipped table must still be found in running text, in any case where
// the alias allows it, including first words that are not ASCII ("ČTK",
// "Česká").
TEST(AgencyTable, MatchAtFindsEveryShippedAliasInRunningText) {
  const auto shipped = AgencyTable::Load(std::filesystem::path(WIRETAG_SOURCE_DIR) / "config" / "agencies.tsv");
  for (const Agency& agency : shipped->All()) {
    for (const std::string& alias : agency.aliases) {
      // "A.P." too: an alias whose first word is one byte ("A").
      const std::string text = "said " + alias + " on";
      size_t end = 0;
      const AgencyAlias* found = shipped->MatchAt(text, 5, &end);
      ASSERT_NE(found, nullptr) << alias;
      EXPECT_EQ(found->agency->name, agency.name) << alias;
      EXPECT_EQ(end, 5 + alias.size()) << alias;
    }
  }
  size_t end = 0;
  // "ČESKá tisková kancelář": a first word with other bytes than ASCII, its ASCII letters in another case.
  const std::string upper = "said \xc4\x8c" "ESK\xc3\xa1 tiskov\xc3\xa1 kancel\xc3\xa1\xc5\x99 on";
  const AgencyAlias* found = shipped->MatchAt(upper, 5, &end);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->agency->code, "CTK");
  EXPECT_EQ(end, upper.size() - 3);
  EXPECT_EQ(shipped->MatchAt("said REUTERS on", 5, &end)->agency->name, "Reuters");
  EXPECT_EQ(shipped->MatchAt("said reutersx on", 5, &end), nullptr);
}

}  // namespace
}  // namespace wiretag
