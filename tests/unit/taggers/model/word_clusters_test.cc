// Word clusters: the cluster file, the features they give the entity model,
// and their place in the model file.
#include "pipeline/taggers/model/word_clusters.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/taggers/model/bilou.h"
#include "pipeline/taggers/model/entity_model.h"
#include "pipeline/taggers/model/feature_extractor.h"
#include "pipeline/taggers/model/feature_hash.h"
#include "tests/unit/temp_dir.h"

namespace wiretag::model {
namespace {

TEST(WordClusters, ReadsWordsAndTheirBitPathsSkippingComments) {
  wiretag::testing::TempDir dir;
  const auto file = dir.path() / "clusters.tsv";
  std::ofstream(file) << "# word\tpath\noslo\t0110101\nriga\t0110100\n\nmonday\t1\n";
  const WordClusters clusters = WordClusters::LoadTsv(file);
  EXPECT_EQ(clusters.size(), 3u);
  const WordClusters::Entry* oslo = clusters.Find(HashBytes("oslo"));
  ASSERT_NE(oslo, nullptr);
  EXPECT_EQ(oslo->path, 0b0110101u);
  EXPECT_EQ(oslo->length, 7u);
  EXPECT_EQ(clusters.Find(HashBytes("Oslo")), nullptr);  // keys are the lower-case form
  EXPECT_EQ(clusters.Find(HashBytes("lima")), nullptr);
}

TEST(WordClusters, ABadLineIsAnErrorNamingTheFileAndLine) {
  wiretag::testing::TempDir dir;
  const auto file = dir.path() / "clusters.tsv";
  std::ofstream(file) << "oslo\t0110\nriga\t01x0\n";
  try {
    WordClusters::LoadTsv(file);
    FAIL() << "loaded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("clusters.tsv:2"), std::string::npos) << e.what();
  }
}

// Features of token `i`, sorted.
std::vector<uint32_t> TokenFeatures(const DocumentFeatures& f, size_t i) {
  std::vector<uint32_t> ids(f.ids.begin() + f.offsets[i], f.ids.begin() + f.offsets[i + 1]);
  std::sort(ids.begin(), ids.end());
  return ids;
}

size_t Shared(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  std::vector<uint32_t> both;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
  return both.size();
}

// Two words whose paths share their first six bits share the 4- and 6-bit
// prefix features (and so do their right neighbours' left-context ones), but
// not the 10- and 20-bit ones.
TEST(WordClusters, WordsWithACommonPathPrefixShareThePrefixFeatures) {
  WordClusters clusters;
  clusters.Add("oslo", "0110101");
  clusters.Add("riga", "0110100");
  const GazetteerLists no_lists;
  const FeatureExtractor plain(&no_lists), with_clusters(&no_lists, &clusters);
  const std::vector<std::string_view> a = {"Oslo", "said"}, b = {"Riga", "said"};
  const std::vector<uint8_t> starts = {1, 0};
  DocumentFeatures pa, pb, ca, cb;
  plain.Extract(DocumentView{a, starts}, &pa);
  plain.Extract(DocumentView{b, starts}, &pb);
  with_clusters.Extract(DocumentView{a, starts}, &ca);
  with_clusters.Extract(DocumentView{b, starts}, &cb);
  EXPECT_EQ(Shared(TokenFeatures(ca, 0), TokenFeatures(cb, 0)), Shared(TokenFeatures(pa, 0), TokenFeatures(pb, 0)) + 2);
  EXPECT_EQ(Shared(TokenFeatures(ca, 1), TokenFeatures(cb, 1)), Shared(TokenFeatures(pa, 1), TokenFeatures(pb, 1)) + 2);
  // Each word has its four prefixes; "said" (no cluster) only its neighbour's four.
  EXPECT_EQ(TokenFeatures(ca, 0).size(), TokenFeatures(pa, 0).size() + 4);
  EXPECT_EQ(TokenFeatures(ca, 1).size(), TokenFeatures(pa, 1).size() + 4);
}

// The clusters a model was trained with travel in its file: the model read
// back computes the same cluster features.
TEST(WordClusters, TheModelFileCarriesTheClusters) {
  ModelHeader header;
  header.feature_set = kFeatureSetWithClusters;
  header.clusters.Add("oslo", "0110101");
  header.clusters.Add("monday", "1");
  QuantizedWeights weights;
  weights.bits = 10;
  weights.values.assign((size_t{1} << weights.bits) * kNumLabels, 0);
  weights.values[5] = 7;
  const std::string bytes = SerializeModel(header, weights);
  ModelHeader parsed;
  QuantizedWeights parsed_weights;
  std::string id;
  ParseModel(bytes, "test", &parsed, &parsed_weights, &id);
  ASSERT_EQ(parsed.clusters.size(), 2u);
  const WordClusters::Entry* oslo = parsed.clusters.Find(HashBytes("oslo"));
  ASSERT_NE(oslo, nullptr);
  EXPECT_EQ(oslo->path, 0b0110101u);
  EXPECT_EQ(oslo->length, 7u);
  EXPECT_EQ(SerializeModel(parsed, parsed_weights), bytes);
  ModelHeader without;
  EXPECT_NE(SerializeModel(without, weights), bytes);
}

// A model trained without clusters is written as before (format 1, feature set
// 2), so its bytes and id do not change; a file whose feature set and cluster
// table disagree is refused.
TEST(WordClusters, AModelWithoutClustersKeepsTheFormerFormatAndAMismatchIsRefused) {
  QuantizedWeights weights;
  weights.bits = 10;
  weights.values.assign((size_t{1} << weights.bits) * kNumLabels, 0);
  ModelHeader plain;
  const std::string bytes = SerializeModel(plain, weights);
  ASSERT_GT(bytes.size(), 16u);
  EXPECT_EQ(bytes[8], 1);   // format version
  EXPECT_EQ(bytes[12], 2);  // feature set
  ModelHeader parsed;
  QuantizedWeights parsed_weights;
  std::string id;
  ParseModel(bytes, "test", &parsed, &parsed_weights, &id);
  EXPECT_TRUE(parsed.clusters.empty());
  ModelHeader clusters_without_set = plain;
  clusters_without_set.clusters.Add("oslo", "01");
  EXPECT_THROW(ParseModel(SerializeModel(clusters_without_set, weights), "test", &parsed, &parsed_weights, &id),
               std::runtime_error);
  ModelHeader set_without_clusters = plain;
  set_without_clusters.feature_set = kFeatureSetWithClusters;
  EXPECT_THROW(ParseModel(SerializeModel(set_without_clusters, weights), "test", &parsed, &parsed_weights, &id),
               std::runtime_error);
}

}  // namespace
}  // namespace wiretag::model
