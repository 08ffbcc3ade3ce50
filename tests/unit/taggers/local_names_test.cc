// The newsroom's own name lists (tagging.local_lists_dir): file format, matching,
// what a bad directory says, and the StoryTagger and workers that use them.
#include "pipeline/config/config_dir.h"
#include "pipeline/taggers/local_names.h"

#include <gtest/gtest.h>

#include "pipeline/stage/record_transform.h"
#include "pipeline/stage/tagger_handle.h"
#include "pipeline/taggers/story_tagger.h"
#include "tests/unit/taggers/places_test_fixture.h"

namespace wiretag {
namespace {

std::vector<EntityOverride> FindIn(const LocalNames& names, std::string_view text) {
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::vector<EntityOverride> out;
  names.Find(text, tokens, &out);
  return out;
}

TEST(LocalNames, EachFileIsOneEntityTypeAndATabGivesTheCanonicalForm) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "people.txt", "# reporters\n\nJo Lund\tJohanna Lund\nKari\n");
  testing::WriteFile(dir.path() / "organisations.txt", "Vestby Borettslag\n");
  testing::WriteFile(dir.path() / "places.txt", "Nordre Vestby\nVestby\n");
  std::filesystem::create_directories(dir.path() / "..data");  // a ConfigMap volume's bookkeeping
  testing::WriteFile(dir.path() / ".hidden", "ignored");
  auto names = LocalNames::Load(dir.path());
  EXPECT_EQ(names->size(), 5u);
  EXPECT_EQ(names->fingerprint().size(), 16u);
  auto found = FindIn(*names, "Jo Lund of Vestby Borettslag met Kari in Nordre Vestby; jo lund did not.");
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].entity.type, EntityType::kPerson);
  EXPECT_EQ(found[0].entity.text, "Jo Lund");
  EXPECT_EQ(found[0].entity.canonical, "Johanna Lund");
  EXPECT_EQ(found[1].entity.type, EntityType::kOrganisation);
  EXPECT_EQ(found[1].entity.text, "Vestby Borettslag");
  EXPECT_EQ(found[2].entity.canonical, "Kari");
  EXPECT_EQ(found[3].entity.type, EntityType::kLocation);
  EXPECT_EQ(found[3].entity.text, "Nordre Vestby") << "the longest listed name wins";
  EXPECT_TRUE(found[0].yields_to_containing);
}

TEST(LocalNames, TheFingerprintFollowsTheBytes) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "people.txt", "Jo Lund\n");
  const std::string before = LocalNames::Load(dir.path())->fingerprint();
  EXPECT_EQ(LocalNames::Load(dir.path())->fingerprint(), before);
  testing::WriteFile(dir.path() / "people.txt", "Jo Lund\nKari\n");
  EXPECT_NE(LocalNames::Load(dir.path())->fingerprint(), before);
}

TEST(LocalNames, AMissingDirectoryAnUnknownFileOrABadLineIsAnErrorNamingIt) {
  testing::TempDir dir;
  EXPECT_THROW(LocalNames::Load(dir.path() / "nowhere"), std::runtime_error);
  testing::WriteFile(dir.path() / "reporters.txt", "Jo Lund\n");
  try {
    LocalNames::Load(dir.path());
    FAIL() << "an unknown list file loaded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("reporters.txt"), std::string::npos) << e.what();
  }
  std::filesystem::remove(dir.path() / "reporters.txt");
  testing::WriteFile(dir.path() / "people.txt", "Jo Lund\nKari\t\n");
  try {
    LocalNames::Load(dir.path());
    FAIL() << "a line with an empty canonical form loaded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("people.txt:2"), std::string::npos) << e.what();
  }
}

TEST(LocalNames, TheStoryTaggerTagsListedNamesAndNamesThemInItsDataId) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "people.txt", "Quillon Varga\tQuillon Varga-Okoro\n");
  const std::string text = "OSLO (NTB) - The council heard from reporter Quillon Varga on Tuesday.";
  auto without = StoryTagger::Load(DefaultConfigDir());
  auto with = StoryTagger::Load(DefaultConfigDir(), EntityTaggerChoice::kAuto, {}, dir.path());
  auto has = [](const Tags& tags) {
    for (const Entity& e : tags.entities)
      if (e.type == EntityType::kPerson && e.text == "Quillon Varga" && e.canonical == "Quillon Varga-Okoro") return true;
    return false;
  };
  EXPECT_FALSE(has(without->Tag(text, {})));
  EXPECT_TRUE(has(with->Tag(text, {})));
  EXPECT_EQ(with->DataId(), without->DataId() + "+local-" + LocalNames::Load(dir.path())->fingerprint().substr(0, 8));
}

TEST(TaggerHandle, WorkersTakeTheReplacementAtTheirNextRecordAndKeepTheOldOneMeanwhile) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "people.txt", "Quillon Varga\tQuillon Varga-Okoro\n");
  std::shared_ptr<const StoryTagger> first = StoryTagger::Load(DefaultConfigDir());
  std::weak_ptr<const StoryTagger> first_alive = first;
  auto handle = std::make_shared<TaggerHandle>(std::move(first));
  auto worker = MakeRecordProcessorFactory(std::shared_ptr<const TaggerHandle>(handle), ProcessorOptions{})();
  const std::string story =
      R"({"uri":"u","bodies":[{"role":"main","contenttype":"text/plain","value":"The council heard from reporter Quillon Varga."}]})";
  std::string out;
  ASSERT_FALSE(worker->Process(story, &out));
  EXPECT_EQ(out.find("Quillon Varga-Okoro"), std::string::npos);
  handle->Replace(StoryTagger::Load(DefaultConfigDir(), EntityTaggerChoice::kAuto, {}, dir.path()));
  EXPECT_FALSE(first_alive.expired()) << "the worker still holds the tagger of its last record";
  ASSERT_FALSE(worker->Process(story, &out));
  EXPECT_NE(out.find("\"canonical\":\"Quillon Varga-Okoro\""), std::string::npos) << out;
  EXPECT_NE(out.find("+local-"), std::string::npos) << "wiretag.version names the lists";
  EXPECT_TRUE(first_alive.expired()) << "released once the worker moved on";
}

}  // namespace
}  // namespace wiretag
