// WordLists: the lexicon's and the corrections' lists, read once, asked by
// word, and carried through the gazetteer snapshot unchanged.
#include "pipeline/taggers/word_lists.h"

#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/taggers/places_test_fixture.h"

namespace wiretag {
namespace {

using testing::TempDir;
using testing::WriteFile;

class WordListsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_.path() / "common_words.txt", "# not sorted\nzebra\napple\r\n\nmango\n");
    WriteFile(dir_.path() / "first_names.tsv", "Daniel\tm\nAda\tf\n\tm\n");
    std::filesystem::create_directories(dir_.path() / "overrides");
    WriteFile(dir_.path() / "overrides" / "groups.txt", "Rohingya\nQuechua\n");
    WriteFile(dir_.path() / "overrides" / "place_words.txt", "Desert\tsuffix\nGulf of\tprefix\n");
    WriteFile(dir_.path() / "overrides" / "notes.md", "not a list\n");
    WriteFile(dir_.path() / "unrelated.txt", "someone else's list\n");
  }
  TempDir dir_;
};

TEST_F(WordListsTest, ContainsTheFirstColumnOfEveryListedLineWhateverTheOrder) {
  const auto words = WordLists::Load(dir_.path());
  const WordList* common = words->Find("common_words.txt");
  ASSERT_TRUE(common);
  for (const char* w : {"zebra", "apple", "mango"}) EXPECT_TRUE(common->Contains(w)) << w;
  for (const char* w : {"# not sorted", "", "appl", "Apple", "mangos"}) EXPECT_FALSE(common->Contains(w)) << w;
  EXPECT_EQ(common->size(), 3u);
  const WordList* names = words->Find("first_names.tsv");
  ASSERT_TRUE(names);
  EXPECT_TRUE(names->Contains("Daniel"));
  EXPECT_FALSE(names->Contains("m"));
  EXPECT_EQ(names->size(), 2u);  // the line with an empty first column is no word
  const WordList* places = words->Find("overrides/place_words.txt");
  ASSERT_TRUE(places);
  EXPECT_TRUE(places->Contains("Gulf of"));
  std::string_view line;
  ListLines lines = places->lines();
  ASSERT_TRUE(lines.Next(&line));
  EXPECT_EQ(line, "Desert\tsuffix");
}

TEST_F(WordListsTest, ReadsEveryOverrideListAndOnlyTheListsItServes) {
  const auto words = WordLists::Load(dir_.path());
  EXPECT_TRUE(words->Find("overrides/groups.txt"));
  EXPECT_FALSE(words->Find("overrides/notes.md"));
  EXPECT_FALSE(words->Find("unrelated.txt"));
  EXPECT_FALSE(words->Find("titles.txt"));
  EXPECT_EQ(WordLists::OverrideFiles(dir_.path()).size(), 2u);
}

TEST_F(WordListsTest, AMissingListIsNoneAndRequiringItNamesTheFile) {
  const auto words = WordLists::Load(dir_.path());
  try {
    words->Require("titles.txt");
    FAIL() << "a missing list was found";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), (dir_.path() / "titles.txt").string() + ": cannot open");
  }
}

TEST_F(WordListsTest, RestoredListsAnswerAsTheLoadedOnes) {
  const auto loaded = WordLists::Load(dir_.path());
  SnapshotWriter out;
  loaded->Save(&out);
  SnapshotReader in(out.bytes());
  const auto restored = WordLists::Restore(&in, dir_.path());
  EXPECT_EQ(in.remaining(), 0u);
  for (const char* name : {"common_words.txt", "first_names.tsv", "overrides/groups.txt", "overrides/place_words.txt"}) {
    ASSERT_TRUE(restored->Find(name)) << name;
    EXPECT_EQ(restored->Find(name)->text(), loaded->Find(name)->text());
    EXPECT_EQ(restored->Find(name)->size(), loaded->Find(name)->size());
  }
  for (const char* w : {"zebra", "apple", "mango", "kiwi"})
    EXPECT_EQ(restored->Find("common_words.txt")->Contains(w), loaded->Find("common_words.txt")->Contains(w)) << w;
  EXPECT_FALSE(restored->Find("titles.txt"));
  EXPECT_EQ(restored->PathOf("overrides/groups.txt"), dir_.path() / "overrides/groups.txt");
}

TEST_F(WordListsTest, RestoreRefusesBytesThatSaveCannotHaveWritten) {
  SnapshotWriter out;
  WordLists::Load(dir_.path())->Save(&out);
  const std::string bytes = out.bytes();
  for (size_t keep : {size_t{0}, size_t{7}, bytes.size() / 2, bytes.size() - 1}) {
    SnapshotReader in(std::string_view(bytes).substr(0, keep));
    EXPECT_THROW(WordLists::Restore(&in, dir_.path()), SnapshotError) << keep;
  }
  // The first list's text made shorter than its words reach: its length field
  // follows the list count (8 bytes) and the name (8 + its length).
  std::string shrunk = bytes;
  const size_t name_size = std::string("common_words.txt").size();
  uint64_t text_size;
  std::memcpy(&text_size, shrunk.data() + 16 + name_size, 8);
  const std::string head = shrunk.substr(0, 16 + name_size);
  const std::string text = shrunk.substr(24 + name_size, text_size);
  const std::string rest = shrunk.substr(24 + name_size + text_size);
  const uint64_t two = 2;
  shrunk = head + std::string(reinterpret_cast<const char*>(&two), 8) + text.substr(0, 2) + rest;
  SnapshotReader in(shrunk);
  EXPECT_THROW(WordLists::Restore(&in, dir_.path()), SnapshotError);
}

}  // namespace
}  // namespace wiretag
