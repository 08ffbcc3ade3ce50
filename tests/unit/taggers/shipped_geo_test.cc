// The shipped tagger (config/, with its GeoNames list) gives the sample stories'
// dateline cities and places the GeoNames places a journalist would pick.
#include "wiretag/build_paths.h"
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include <rapidjson/document.h>

#include "pipeline/taggers/read_whole_file.h"
#include "pipeline/taggers/story_tagger.h"

namespace wiretag {
namespace {

const std::filesystem::path kConfig = std::filesystem::path(WIRETAG_SOURCE_DIR) / "config";

// The plain-text main body of sample `uri` in config/samples/stories.jsonl.
std::string SampleBody(std::string_view uri) {
  const std::string all = ReadWholeFile(kConfig / "samples" / "stories.jsonl");
  size_t pos = 0;
  while (pos < all.size()) {
    size_t nl = all.find('\n', pos);
    if (nl == std::string::npos) nl = all.size();
    rapidjson::Document doc;
    doc.Parse(all.data() + pos, nl - pos);
    pos = nl + 1;
    if (doc.HasParseError() || !doc.HasMember("uri") || doc["uri"].GetString() != uri) continue;
    if (doc.HasMember("body_text")) return doc["body_text"].GetString();  // ninjs 1.x
    return doc["bodies"][0]["value"].GetString();
  }
  ADD_FAILURE() << "no sample " << uri;
  return {};
}

class ShippedGeo : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { tagger_ = StoryTagger::Load(kConfig).release(); }
  static void TearDownTestSuite() { delete tagger_; }

  // Each LOC mention of a name in `want` has that GeoNames id; each name is found at least once.
  static void ExpectPlaces(const Tags& tags, const std::map<std::string, uint32_t>& want) {
    std::map<std::string, int> seen;
    for (const Entity& e : tags.entities) {
      auto it = want.find(e.text);
      if (e.type != EntityType::kLocation || it == want.end()) continue;
      ++seen[e.text];
      ASSERT_TRUE(e.geo) << e.text;
      EXPECT_EQ(e.geo->geonames_id, it->second) << e.text;
    }
    for (const auto& [name, id] : want) EXPECT_GT(seen[name], 0) << name << " not tagged LOC";
  }
  static inline StoryTagger* tagger_ = nullptr;
};

TEST_F(ShippedGeo, ParisTexasStoryPlacesItsParisInTexas) {
  const Tags tags = tagger_->Tag(SampleBody("urn:wiretag:sample:16"), {});
  ASSERT_TRUE(tags.dateline && tags.dateline->geo);
  EXPECT_EQ(tags.dateline->geo->geonames_id, 4717560u);  // Paris, Texas, not Paris, France
  EXPECT_EQ(tags.dateline->geo->country, "US");
  ASSERT_TRUE(tags.dateline->geo->lat && tags.dateline->geo->lon);
  EXPECT_NEAR(*tags.dateline->geo->lat, 33.66, 0.01);
  EXPECT_NEAR(*tags.dateline->geo->lon, -95.56, 0.01);
  ExpectPlaces(tags, {{"PARIS", 4717560}, {"Paris", 4717560}, {"Texas", 4736286}, {"Dallas", 4684888},
                      {"Texarkana", 4736096}, {"Oklahoma City", 4544349}});
}

TEST_F(ShippedGeo, NigeriaStoryPlacesItsCities) {
  const Tags tags = tagger_->Tag(SampleBody("urn:wiretag:sample:10"), {});
  ASSERT_TRUE(tags.dateline && tags.dateline->geo);
  EXPECT_EQ(tags.dateline->geo->geonames_id, 2352778u);  // Abuja
  ExpectPlaces(tags, {{"Nigeria", 2328926}, {"Kano", 2335204}, {"Sokoto", 2322911}});
}

TEST_F(ShippedGeo, WashingtonInAForeignStoryIsTheCapitalNotTheState) {
  const Tags tags = tagger_->Tag(SampleBody("urn:wiretag:sample:13"), {});
  ExpectPlaces(tags, {{"Washington", 4140963}, {"Sri Lanka", 1227603}});
}

TEST_F(ShippedGeo, RegionsAreTheRegionAndContinentsGetNoCityAbroad) {
  const Tags tags = tagger_->Tag(
      "TORONTO, Oct 4 (CP) -- Ontario and Asia were the talk of the day in Toronto.", {});
  for (const Entity& e : tags.entities) {
    if (e.text == "Asia") EXPECT_FALSE(e.geo) << e.text;
    if (e.text == "Ontario") {  // the province, not Ontario, California
      ASSERT_TRUE(e.geo);
      EXPECT_EQ(e.geo->geonames_id, 6093943u);
      EXPECT_EQ(e.geo->country, "CA");
    }
    if (e.text == "Toronto") {
      ASSERT_TRUE(e.geo);
      EXPECT_EQ(e.geo->geonames_id, 6167865u);
    }
  }
}

TEST_F(ShippedGeo, ProvincesOfEveryCountryCarryTheirGeoNamesIdAndCoordinates) {
  const Tags tags = tagger_->Tag(
      "LAHORE, Punjab (Reuters) - Floods hit Punjab and Sindh, officials in Guangdong said.", {});
  ASSERT_TRUE(tags.dateline);
  EXPECT_EQ(tags.dateline->region_code, "PK-PB");
  EXPECT_EQ(tags.dateline->country, "PK");
  // Pakistan's Punjab, as the dateline says; each with coordinates.
  ExpectPlaces(tags, {{"Punjab", 1167710u}, {"Sindh", 1164807u}, {"Guangdong", 1809935u}});
  for (const Entity& e : tags.entities)
    if (e.geo && e.text != "LAHORE") EXPECT_TRUE(e.geo->lat && e.geo->lon) << e.text;
}

}  // namespace
}  // namespace wiretag
