// The gazetteer snapshot is a cache: restored tables must answer exactly as
// the ones built from the lists, and a snapshot that does not belong to the
// lists at hand (edited lists, damage, another build) must never be used.
#include "wiretag/build_paths.h"
#include "pipeline/taggers/gazetteer_snapshot.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/taggers/model/feature_hash.h"
#include "pipeline/taggers/read_whole_file.h"
#include "pipeline/taggers/story_tagger.h"
#include "tests/unit/taggers/places_test_fixture.h"

namespace wiretag {
namespace {

using testing::TempDir;
using testing::WriteFile;

std::filesystem::path ShippedGazetteers() { return std::filesystem::path(WIRETAG_SOURCE_DIR) / "config" / "gazetteers"; }

std::string Describe(const Place* p) {
  if (!p) return "none";
  return std::to_string(static_cast<int>(p->kind)) + "|" + p->name + "|" + p->country + "|" + p->region_code + "|" +
         std::to_string(p->population);
}

// The names of a shipped list: its "name" column when it has a header row
// (lower-case column names), else its first column.
std::vector<std::string> Names(const std::filesystem::path& file) {
  std::vector<std::string> out;
  std::istringstream in(ReadWholeFile(file));
  std::string line;
  bool first = true;
  size_t column = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::istringstream fields(line);
    for (std::string f; std::getline(fields, f, '\t');) cols.push_back(f);
    if (first) {
      first = false;
      const bool header = cols.size() > 1 && std::all_of(cols.begin(), cols.end(), [](const std::string& c) {
                            return !c.empty() && std::all_of(c.begin(), c.end(), [](char ch) {
                              return (ch >= 'a' && ch <= 'z') || ch == '_';
                            });
                          });
      if (header) {
        for (size_t k = 0; k < cols.size(); ++k)
          if (cols[k] == "name") column = k;
        continue;
      }
    }
    if (column < cols.size()) out.push_back(cols[column]);
  }
  return out;
}

// The shipped lists written to a snapshot and read back (nullopt, reported, when that fails).
std::optional<CompiledGazetteers> SnapshotOfShippedLists() {
  TempDir tmp;
  const auto file = tmp.path() / "g.snapshot";
  WriteGazetteerSnapshot(ShippedGazetteers(), file);
  std::string why;
  auto restored = ReadGazetteerSnapshot(file, ShippedGazetteers(), &why);
  if (!restored) ADD_FAILURE() << why;
  return restored;
}

TEST(GazetteerSnapshot, RestoredPlacesAnswerEveryShippedNameAsTheListsDo) {
  const auto restored = SnapshotOfShippedLists();
  ASSERT_TRUE(restored);
  const auto built = PlaceGazetteer::Load(ShippedGazetteers());
  const auto cities = Names(ShippedGazetteers() / "cities.tsv");
  ASSERT_GT(cities.size(), 20000u);
  size_t found = 0;
  for (const auto& name : cities) {
    ASSERT_EQ(Describe(restored->places->FindCity(name)), Describe(built->FindCity(name))) << name;
    ASSERT_EQ(Describe(restored->places->FindCity(name, "US")), Describe(built->FindCity(name, "US"))) << name;
    found += built->FindCity(name) != nullptr;
  }
  EXPECT_EQ(found, cities.size());
  for (const auto& name : Names(ShippedGazetteers() / "demonyms.tsv"))
    EXPECT_EQ(Describe(restored->places->FindDemonym(name)), Describe(built->FindDemonym(name))) << name;
  for (const char* name : {"U.S.", "US", "us", "South Korea", "Fla.", "N.C.", "Bavaria", "FL", "fl", "Nowhere"}) {
    EXPECT_EQ(Describe(restored->places->FindCountry(name)), Describe(built->FindCountry(name))) << name;
    EXPECT_EQ(Describe(restored->places->FindRegion(name)), Describe(built->FindRegion(name))) << name;
  }
  EXPECT_EQ(Describe(restored->places->FindCityInRegion("Paris", "US-TX")),
            Describe(built->FindCityInRegion("Paris", "US-TX")));
}

TEST(GazetteerSnapshot, RestoredListsMatchAsTheListsDo) {
  const auto restored = SnapshotOfShippedLists();
  ASSERT_TRUE(restored);
  const auto built = model::GazetteerLists::LoadDirectory(ShippedGazetteers());
  ASSERT_EQ(restored->lists.names(), built.names());
  // Every list's names, one after another, as one long "sentence" per list.
  for (size_t list = 0; list < built.names().size(); ++list) {
    const auto file_path = std::filesystem::exists(ShippedGazetteers() / (built.names()[list] + ".tsv"))
                               ? ShippedGazetteers() / (built.names()[list] + ".tsv")
                               : ShippedGazetteers() / (built.names()[list] + ".txt");
    std::vector<uint64_t> hashes;
    for (const auto& name : Names(file_path)) {
      size_t i = 0;
      while (i < name.size()) {
        size_t j = name.find(' ', i);
        if (j == std::string::npos) j = name.size();
        if (j > i) hashes.push_back(model::HashBytes(model::GazetteerLists::Lower(name.substr(i, j - i))));
        i = j + 1;
      }
    }
    const std::vector<uint8_t> starts(hashes.size(), 0);
    std::vector<model::GazetteerLists::Hit> a, b;
    restored->lists.Match(hashes, starts, &a);
    built.Match(hashes, starts, &b);
    ASSERT_FALSE(b.empty()) << built.names()[list];
    ASSERT_EQ(a.size(), b.size()) << built.names()[list];
    for (size_t k = 0; k < a.size(); ++k) {
      ASSERT_EQ(a[k].token, b[k].token);
      ASSERT_EQ(a[k].list, b[k].list);
      ASSERT_EQ(a[k].part, b[k].part);
    }
  }
}

TEST(GazetteerSnapshot, RestoredWordListsAnswerEveryShippedListAsTheTextDoes) {
  const auto restored = SnapshotOfShippedLists();
  ASSERT_TRUE(restored);
  ASSERT_TRUE(restored->words);
  const auto built = WordLists::Load(ShippedGazetteers());
  std::vector<std::string> names = {"common_words.txt", "first_names.tsv", "titles.txt", "organisations.tsv",
                                    "org_suffixes.txt", "org_prefixes.txt", "locations.txt", "misc.txt",
                                    "misc_suffixes.txt", "loc_suffixes.txt", "not_names.txt"};
  const auto overrides = WordLists::OverrideFiles(ShippedGazetteers());
  ASSERT_GE(overrides.size(), 7u);
  for (const auto& file : overrides) names.push_back("overrides/" + file.filename().string());
  for (const auto& name : names) {
    const WordList* a = restored->words->Find(name);
    const WordList* b = built->Find(name);
    ASSERT_TRUE(b) << name;
    ASSERT_TRUE(a) << name;
    EXPECT_EQ(a->text(), b->text()) << name;
    ASSERT_EQ(a->size(), b->size()) << name;
    ASSERT_GT(b->size(), 0u) << name;
    // Every line's first column, and a near miss of it, answered alike.
    ListLines lines = b->lines();
    for (std::string_view line; lines.Next(&line);) {
      const std::string word(line.substr(0, line.find('\t')));
      ASSERT_EQ(a->Contains(word), b->Contains(word)) << name << ": " << word;
      ASSERT_EQ(a->Contains(word + "x"), b->Contains(word + "x")) << name << ": " << word;
    }
  }
}

// What a story tagger says about a story, as one comparable string.
std::string Render(const Tags& tags) {
  std::string out;
  if (tags.dateline)
    out += "dateline " + tags.dateline->city + " " + tags.dateline->country.value_or("-") + " " +
           tags.dateline->region_code.value_or("-") + " geo " +
           (tags.dateline->geo ? std::to_string(tags.dateline->geo->geonames_id) : "-") + "\n";
  for (const auto& a : tags.agencies)
    out += "agency " + a.name + " " + std::to_string(static_cast<int>(a.role)) + "\n";
  for (const auto& e : tags.entities)
    out += "entity " + std::to_string(static_cast<int>(e.type)) + " " + std::to_string(e.start) + " " +
           std::to_string(e.end) + " " + e.canonical + " geo " +
           (e.geo ? std::to_string(e.geo->geonames_id) + " " + e.geo->country : "-") + "\n";
  return out;
}

TEST(GazetteerSnapshot, StoryTaggerTagsTheSameWithAndWithoutIt) {
  TempDir tmp;
  const auto config = std::filesystem::path(WIRETAG_SOURCE_DIR) / "config";
  const auto file = tmp.path() / "g.snapshot";
  WriteGazetteerSnapshot(config / "gazetteers", file);
  // The model, and the rules alone (their lexicon reads the snapshot's word lists too).
  const auto with = StoryTagger::Load(config, EntityTaggerChoice::kAuto, file);
  const auto without = StoryTagger::Load(config, EntityTaggerChoice::kAuto);
  const auto rules_with = StoryTagger::Load(config, EntityTaggerChoice::kRules, file);
  const auto rules_without = StoryTagger::Load(config, EntityTaggerChoice::kRules);
  const std::vector<std::string> stories = {
      ReadWholeFile(std::filesystem::path(WIRETAG_SOURCE_DIR) / "config" / "samples" / "stories.jsonl"),
      "SEOUL, Aug. 18 (Yonhap) -- South Korea and Japan met in Washington with U.S. officials on Friday.",
      "DODGE CITY, Kan. (AP) -- Farmers in Kansas told Reuters the drought hit Wichita and Topeka hardest.",
      "PARIS, Texas -- Mayor Jane Smith of Paris said the French delegation from Lyon arrived on Monday."};
  for (const auto& text : stories) {
    const std::string a = Render(with->Tag(text, {}));
    EXPECT_FALSE(a.empty());
    EXPECT_EQ(a, Render(without->Tag(text, {})));
    const std::string rules = Render(rules_with->Tag(text, {}));
    EXPECT_FALSE(rules.empty());
    EXPECT_EQ(rules, Render(rules_without->Tag(text, {})));
  }
}

class SnapshotOfTestListsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteTestGazetteer(dir_.path());
    file_ = dir_.path() / "g.snapshot";
    WriteGazetteerSnapshot(dir_.path(), file_);
  }
  std::optional<CompiledGazetteers> Read() { return ReadGazetteerSnapshot(file_, dir_.path(), &why_); }
  void Corrupt(size_t from_end) {
    std::string bytes = ReadWholeFile(file_);
    bytes[bytes.size() - from_end] ^= 0x20;
    WriteFile(file_, bytes);
  }
  TempDir dir_;
  std::filesystem::path file_;
  std::string why_;
};

TEST_F(SnapshotOfTestListsTest, IsUsedForTheListsItWasMadeFrom) {
  auto g = Read();
  ASSERT_TRUE(g) << why_;
  ASSERT_TRUE(g->places->FindCity("Dodge City"));
  EXPECT_EQ(g->places->FindCity("Dodge City")->region_code, "US-KS");
}

TEST_F(SnapshotOfTestListsTest, IsIgnoredOnceAListChanges) {
  std::ofstream(dir_.path() / "cities.tsv", std::ios::app) << "Wiretagville\tUS\tUS-KS\t1200\t\n";
  EXPECT_FALSE(Read());
  EXPECT_NE(why_.find("other lists"), std::string::npos) << why_;
}

TEST_F(SnapshotOfTestListsTest, IsIgnoredOnceTheGeoNamesListChanges) {
  std::filesystem::create_directories(dir_.path() / "geonames");
  WriteFile(dir_.path() / "geonames" / "places.tsv",
            "kind\tgeonameid\tname\tcountry\tadmin1\tpopulation\tlat\tlon\taliases\n"
            "city\t1\tWiretagville\tUS\tKS\t1200\t37.0\t-100.0\t\n");
  EXPECT_FALSE(Read());
  EXPECT_NE(why_.find("other lists"), std::string::npos) << why_;
  WriteGazetteerSnapshot(dir_.path(), file_);
  auto g = Read();
  ASSERT_TRUE(g) << why_;
  EXPECT_EQ(g->geonames->size(), 1u);
}

TEST_F(SnapshotOfTestListsTest, IsIgnoredOnceTheDivisionListChanges) {
  testing::WriteTestDivisions(dir_.path());
  EXPECT_FALSE(Read());
  EXPECT_NE(why_.find("other lists"), std::string::npos) << why_;
  WriteGazetteerSnapshot(dir_.path(), file_);
  auto g = Read();
  ASSERT_TRUE(g) << why_;
  ASSERT_TRUE(g->geonames->Division("CN-GD"));
  ASSERT_TRUE(g->places->FindRegion("Guangdong"));
}

TEST_F(SnapshotOfTestListsTest, IsIgnoredOnceAnOverrideListIsAddedOrChanges) {
  std::filesystem::create_directories(dir_.path() / "overrides");
  WriteFile(dir_.path() / "overrides" / "groups.txt", "Rohingya\n");
  EXPECT_FALSE(Read());
  EXPECT_NE(why_.find("other lists"), std::string::npos) << why_;
  WriteGazetteerSnapshot(dir_.path(), file_);
  auto g = Read();
  ASSERT_TRUE(g) << why_;
  ASSERT_TRUE(g->words->Find("overrides/groups.txt"));
  EXPECT_TRUE(g->words->Find("overrides/groups.txt")->Contains("Rohingya"));
  WriteFile(dir_.path() / "overrides" / "groups.txt", "Rohingya\nQuechua\n");
  EXPECT_FALSE(Read());
  EXPECT_NE(why_.find("other lists"), std::string::npos) << why_;
}

TEST_F(SnapshotOfTestListsTest, IsIgnoredOnceAListIsAdded) {
  WriteFile(dir_.path() / "extra.txt", "Something\n");
  EXPECT_FALSE(Read());
  EXPECT_NE(why_.find("other lists"), std::string::npos) << why_;
}

TEST_F(SnapshotOfTestListsTest, IsIgnoredWhenDamaged) {
  Corrupt(200);  // inside the tables
  EXPECT_FALSE(Read());
  EXPECT_NE(why_.find("damaged"), std::string::npos) << why_;
}

TEST_F(SnapshotOfTestListsTest, IsIgnoredWhenTruncatedOrNotASnapshot) {
  const std::string bytes = ReadWholeFile(file_);
  for (size_t keep : {size_t{0}, size_t{5}, size_t{40}, bytes.size() / 2, bytes.size() - 1}) {
    WriteFile(file_, bytes.substr(0, keep));
    EXPECT_FALSE(Read()) << keep;
    EXPECT_FALSE(why_.empty());
  }
  WriteFile(file_, "name\tcountry\n");
  EXPECT_FALSE(Read());
  EXPECT_NE(why_.find("not a gazetteer snapshot"), std::string::npos) << why_;
  std::filesystem::remove(file_);
  EXPECT_FALSE(Read());
  EXPECT_NE(why_.find("no snapshot"), std::string::npos) << why_;
}

TEST(GazetteerSnapshot, StoryTaggerTakesEditedListsOverAStaleSnapshot) {
  TempDir config;
  const auto shipped = std::filesystem::path(WIRETAG_SOURCE_DIR) / "config";
  std::filesystem::copy(shipped / "gazetteers", config.path() / "gazetteers");
  std::filesystem::copy(shipped / "models", config.path() / "models");
  std::filesystem::copy_file(shipped / "agencies.tsv", config.path() / "agencies.tsv");
  const auto file = config.path() / "g.snapshot";
  WriteGazetteerSnapshot(config.path() / "gazetteers", file);
  const std::string story = "WIRETAGVILLE -- The town council met on Monday.";
  EXPECT_FALSE(StoryTagger::Load(config.path(), EntityTaggerChoice::kAuto, file)->Tag(story, {}).dateline)
      << "a town in no list is not a dateline";
  std::ofstream(config.path() / "gazetteers" / "cities.tsv", std::ios::app) << "Wiretagville\tUS\tUS-KS\t1200\t\n";
  const Tags tags = StoryTagger::Load(config.path(), EntityTaggerChoice::kAuto, file)->Tag(story, {});
  ASSERT_TRUE(tags.dateline) << "the edited list, not the stale snapshot, is used";
  EXPECT_EQ(tags.dateline->city, "Wiretagville");
  EXPECT_EQ(tags.dateline->country, "US");
}

// The corrections read their lists from the snapshot when it is used, so an
// edited override must make it stale, or the edit would be ignored.
TEST(GazetteerSnapshot, StoryTaggerTakesAnEditedOverrideOverAStaleSnapshot) {
  TempDir config;
  const auto shipped = std::filesystem::path(WIRETAG_SOURCE_DIR) / "config";
  std::filesystem::copy(shipped / "gazetteers", config.path() / "gazetteers", std::filesystem::copy_options::recursive);
  std::filesystem::copy(shipped / "models", config.path() / "models");
  std::filesystem::copy_file(shipped / "agencies.tsv", config.path() / "agencies.tsv");
  const auto file = config.path() / "g.snapshot";
  WriteGazetteerSnapshot(config.path() / "gazetteers", file);
  const std::string story = "SEOUL (Reuters) - Officials from Britain met in Seoul on Monday.";
  auto canonical_of_britain = [&] {
    for (const Entity& e : StoryTagger::Load(config.path(), EntityTaggerChoice::kAuto, file)->Tag(story, {}).entities)
      if (e.text == "Britain") return e.canonical;
    return std::string("(not tagged)");
  };
  EXPECT_EQ(canonical_of_britain(), "United Kingdom");
  std::ofstream(config.path() / "gazetteers" / "overrides" / "places_as_written.txt", std::ios::app) << "Britain\n";
  EXPECT_EQ(canonical_of_britain(), "Britain") << "the edited override, not the stale snapshot, is used";
}

TEST(ContentHash, TellsBytesApartAndIsFixed) {
  EXPECT_EQ(ContentHash(""), ContentHash(""));
  EXPECT_NE(ContentHash("a"), ContentHash("b"));
  EXPECT_NE(ContentHash(std::string(64, 'x')), ContentHash(std::string(65, 'x')));
  std::string s(1000, 'q');
  const uint64_t h = ContentHash(s);
  for (size_t i : {size_t{0}, size_t{31}, size_t{32}, size_t{999}}) {
    std::string t = s;
    t[i] ^= 1;
    EXPECT_NE(ContentHash(t), h) << i;
  }
  EXPECT_NE(ContentHash("abc", 1), ContentHash("abc", 2));
}

}  // namespace
}  // namespace wiretag
