// Name shapes: romanised East Asian syllables and name particles, and the
// features the entity model makes of them (feature sets 4 and 5).
#include "pipeline/taggers/model/name_shape.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/taggers/model/bilou.h"
#include "pipeline/taggers/model/entity_model.h"
#include "pipeline/taggers/model/feature_extractor.h"

namespace wiretag::model {
namespace {

TEST(SyllableShape, ChineseGivenNamesAreTwoSyllablesAndSurnamesOne) {
  EXPECT_EQ(SyllableShapeOf("Jinping"), SyllableShape::kTwo);
  EXPECT_EQ(SyllableShapeOf("Lijian"), SyllableShape::kTwo);
  EXPECT_EQ(SyllableShapeOf("Xuexiang"), SyllableShape::kTwo);
  EXPECT_EQ(SyllableShapeOf("Zhongnanhai"), SyllableShape::kThree);
  EXPECT_EQ(SyllableShapeOf("Wang"), SyllableShape::kOne);
  EXPECT_EQ(SyllableShapeOf("Qiang"), SyllableShape::kOne);
  EXPECT_EQ(SyllableShapeOf("Jaein"), SyllableShape::kTwo);  // Korean, unhyphenated
}

TEST(SyllableShape, KoreanAndTaiwaneseGivenNamesTakeAHyphenAndALowerCaseSecondSyllable) {
  EXPECT_EQ(SyllableShapeOf("Min-soo"), SyllableShape::kHyphenated);
  EXPECT_EQ(SyllableShapeOf("Duck-soo"), SyllableShape::kHyphenated);
  EXPECT_EQ(SyllableShapeOf("Jae-in"), SyllableShape::kHyphenated);
  EXPECT_EQ(SyllableShapeOf("Ching-te"), SyllableShape::kHyphenated);
  EXPECT_EQ(SyllableShapeOf("Suk-yeol"), SyllableShape::kHyphenated);
  // Two names joined, or a compound English word, are not that shape.
  EXPECT_EQ(SyllableShapeOf("Kassym-Jomart"), SyllableShape::kNone);
  EXPECT_EQ(SyllableShapeOf("Pre-tax"), SyllableShape::kNone);
  EXPECT_EQ(SyllableShapeOf("Min-soo-ho"), SyllableShape::kNone);
}

TEST(SyllableShape, OnlyACapitalisedWordOfRomanisedSyllablesHasOne) {
  EXPECT_EQ(SyllableShapeOf("Washington"), SyllableShape::kNone);
  EXPECT_EQ(SyllableShapeOf("Reuters"), SyllableShape::kNone);
  EXPECT_EQ(SyllableShapeOf("jinping"), SyllableShape::kNone);
  EXPECT_EQ(SyllableShapeOf("JINPING"), SyllableShape::kNone);
  EXPECT_EQ(SyllableShapeOf("Jinping's"), SyllableShape::kNone);
  EXPECT_EQ(SyllableShapeOf("X"), SyllableShape::kNone);
  EXPECT_EQ(SyllableShapeOf("Zhangzhangzhangzhang"), SyllableShape::kNone);  // longer than any name
  EXPECT_EQ(SyllableShapeOf("\xC3\x89mile"), SyllableShape::kNone);          // not ASCII
}

TEST(NameParticle, ParticlesAloneAndGluedArticles) {
  for (const char* p : {"bin", "bint", "ibn", "al", "abu", "van", "von", "de", "da", "dos", "du", "ould"})
    EXPECT_TRUE(IsNameParticle(p)) << p;
  for (const char* p : {"Bin", "IBN", "Van", "De"}) EXPECT_TRUE(IsNameParticle(p)) << p;
  for (const char* w : {"the", "and", "of", "bank", "", "binary"}) EXPECT_FALSE(IsNameParticle(w)) << w;
  EXPECT_TRUE(HasNameParticlePrefix("al-Sisi"));
  EXPECT_TRUE(HasNameParticlePrefix("el-Baradei"));
  EXPECT_TRUE(HasNameParticlePrefix("Al-Ahly"));
  EXPECT_TRUE(HasNameParticlePrefix("ash-Sharaa"));
  EXPECT_FALSE(HasNameParticlePrefix("al-"));
  EXPECT_FALSE(HasNameParticlePrefix("al-qaeda"));    // lower case after the hyphen
  EXPECT_FALSE(HasNameParticlePrefix("All-Stars"));   // "all" is no article
  EXPECT_FALSE(HasNameParticlePrefix("Anti-Israel"));
}

std::vector<uint32_t> TokenFeatures(const DocumentFeatures& f, size_t i) {
  std::vector<uint32_t> v(f.ids.begin() + f.offsets[i], f.ids.begin() + f.offsets[i + 1]);
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<uint32_t> Extra(const DocumentFeatures& with, const DocumentFeatures& without, size_t i) {
  const auto a = TokenFeatures(with, i), b = TokenFeatures(without, i);
  std::vector<uint32_t> only;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only));
  return only;
}

// "Mohammed bin Salman": the particle, and the words on either side of it,
// get a feature; so does a glued article; the other features stay.
TEST(NameShapeFeatures, AParticleBetweenCapitalisedWordsMarksItAndItsNeighbours) {
  const std::vector<std::string_view> tokens = {"Crown", "Prince", "Mohammed", "bin", "Salman", "met",
                                                "Abdel",  "Fattah", "al-Sisi",  ".",   "A",      "bin"};
  const std::vector<uint8_t> starts = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0};
  const GazetteerLists no_lists;
  const FeatureExtractor plain(&no_lists), shapes(&no_lists, nullptr, true);
  DocumentFeatures p, s;
  plain.Extract(DocumentView{tokens, starts}, &p);
  shapes.Extract(DocumentView{tokens, starts}, &s);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const auto extra = Extra(s, p, i);
    EXPECT_EQ(Extra(p, s, i).size(), 0u) << tokens[i];  // nothing taken away
    const bool marked = i == 2 || i == 3 || i == 4 || i == 7 || i == 8;
    EXPECT_EQ(!extra.empty(), marked) << tokens[i];
  }
  // "bin" after the capitalised "A" at the end of the text is no particle
  // between names: nothing follows it.
  EXPECT_TRUE(Extra(s, p, 11).empty());
}

TEST(NameShapeFeatures, SyllableShapesFireOnRomanisedNamesOnly) {
  const std::vector<std::string_view> tokens = {"Premier", "Li", "Qiang", "met", "Han", "Duck-soo", "in",
                                                "Washington"};
  const std::vector<uint8_t> starts = {1, 0, 0, 0, 0, 0, 0, 0};
  const GazetteerLists no_lists;
  const FeatureExtractor plain(&no_lists), shapes(&no_lists, nullptr, true);
  DocumentFeatures p, s;
  plain.Extract(DocumentView{tokens, starts}, &p);
  shapes.Extract(DocumentView{tokens, starts}, &s);
  EXPECT_TRUE(Extra(s, p, 0).empty());     // "Premier": no syllables
  EXPECT_EQ(Extra(s, p, 1).size(), 3u);    // "Li": its shape and its neighbours'
  EXPECT_EQ(Extra(s, p, 5).size(), 3u);    // "Duck-soo"
  EXPECT_TRUE(Extra(s, p, 3).empty());     // "met": lower case
  EXPECT_TRUE(Extra(s, p, 7).empty());     // "Washington"
}

// A model trained with the name shapes records feature set 4 (5 with word
// clusters), and the model read back computes them.
TEST(NameShapeFeatures, TheModelFileRecordsTheNameShapes) {
  EXPECT_EQ(FeatureSetOf(false, false), 2u);
  EXPECT_EQ(FeatureSetOf(true, false), 3u);
  EXPECT_EQ(FeatureSetOf(false, true), 4u);
  EXPECT_EQ(FeatureSetOf(true, true), 5u);
  for (uint32_t set = 2; set <= 5; ++set) {
    EXPECT_EQ(UsesClusters(set), set == 3 || set == 5) << set;
    EXPECT_EQ(UsesNameShapes(set), set >= 4) << set;
  }
  ModelHeader header;
  header.feature_set = FeatureSetOf(false, true);
  QuantizedWeights weights;
  weights.bits = 10;
  weights.values.assign((size_t{1} << weights.bits) * kNumLabels, 0);
  const std::string bytes = SerializeModel(header, weights);
  ModelHeader parsed;
  QuantizedWeights parsed_weights;
  std::string id;
  ParseModel(bytes, "test", &parsed, &parsed_weights, &id);
  EXPECT_EQ(parsed.feature_set, 4u);
  EXPECT_TRUE(parsed.clusters.empty());
}

}  // namespace
}  // namespace wiretag::model
