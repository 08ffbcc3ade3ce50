// The trained entity model: labels, CoNLL reading, gazetteer lists, training,
// the model file, and the committed model on a wire-style sentence.
#include "wiretag/build_paths.h"
#include <unistd.h>

#include <algorithm>
#include <iterator>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "pipeline/taggers/model/bilou.h"
#include "pipeline/taggers/model/conll_corpus.h"
#include "pipeline/taggers/model/entity_model.h"
#include "pipeline/taggers/model/feature_hash.h"
#include "pipeline/taggers/model/gazetteer_lists.h"
#include "pipeline/taggers/model/greedy_decoder.h"
#include "pipeline/taggers/model/model_entity_tagger.h"
#include "pipeline/taggers/model/perceptron_trainer.h"
#include "pipeline/taggers/quote_marks.h"
#include "pipeline/taggers/tokenizer.h"
#include "tests/unit/temp_dir.h"

namespace wiretag::model {
namespace {

std::filesystem::path ConfigDir() { return std::filesystem::path(WIRETAG_SOURCE_DIR) / "config"; }

// A synthetic newswire-like corpus: fixed templates whose slots are filled from
// small name pools, so a learner that uses context and word features can get
// it right on unseen documents. Spans are known by construction.
std::vector<AnnotatedDocument> SyntheticCorpus(uint32_t seed, int num_docs) {
  static const std::vector<std::string> kFirst = {"Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta"};
  static const std::vector<std::string> kLast = {"Kowalski", "Moreau", "Tanaka", "Okafor", "Lindqvist", "Haddad"};
  static const std::vector<std::string> kCities = {"Oslo", "Lima", "Hanoi", "Dakar", "Quito", "Riga", "Tunis"};
  static const std::vector<std::string> kOrgs = {"Norbank", "Telvia", "Maxigrain", "Solcorp", "Vendamar"};
  static const std::vector<std::string> kNations = {"Peruvian", "Latvian", "Tunisian", "Norwegian"};
  std::mt19937 rng(seed);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  std::vector<AnnotatedDocument> docs(num_docs);
  for (auto& doc : docs) {
    for (int s = 0; s < 6; ++s) {
      struct Part {
        std::string text;
        int type;  // -1 = O
      };
      std::vector<Part> parts;
      switch (rng() % 4) {
        case 0:
          parts = {{pick(kFirst) + " " + pick(kLast), 0}, {"said", -1}, {"in", -1}, {pick(kCities), 2},
                   {"on", -1}, {"Monday", -1}, {".", -1}};
          break;
        case 1:
          parts = {{"Shares", -1}, {"of", -1}, {pick(kOrgs) + " Corp", 1}, {"rose", -1}, {"in", -1},
                   {pick(kCities), 2}, {"trading", -1}, {".", -1}};
          break;
        case 2:
          parts = {{"The", -1}, {pick(kNations), 3}, {"minister", -1}, {pick(kLast), 0}, {"visited", -1},
                   {pick(kOrgs), 1}, {"headquarters", -1}, {".", -1}};
          break;
        default:
          parts = {{"Police", -1}, {"in", -1}, {pick(kCities), 2}, {"arrested", -1}, {"a", -1}, {"man", -1},
                   {",", -1}, {"a", -1}, {pick(kOrgs), 1}, {"spokesman", -1}, {"said", -1}, {".", -1}};
      }
      bool first = true;
      for (const Part& p : parts) {
        const uint32_t begin = static_cast<uint32_t>(doc.tokens.size());
        std::istringstream words(p.text);
        for (std::string w; words >> w;) {
          doc.tokens.push_back(w);
          doc.sentence_start.push_back(first);
          first = false;
        }
        if (p.type >= 0) doc.gold.push_back({begin, static_cast<uint32_t>(doc.tokens.size()), p.type});
      }
    }
  }
  return docs;
}

TrainOptions SmallOptions(uint64_t seed) {
  TrainOptions o;
  o.epochs = 4;
  o.seed = seed;
  o.bits = 16;
  return o;
}

std::vector<std::vector<uint8_t>> TagAll(const EntityModel& model, const std::vector<AnnotatedDocument>& docs) {
  std::vector<std::vector<uint8_t>> out;
  for (const auto& d : docs) {
    std::vector<std::string_view> views(d.tokens.begin(), d.tokens.end());
    out.emplace_back();
    model.Tag(DocumentView{views, d.sentence_start}, &out.back());
  }
  return out;
}

// Token analysis hashes the prefixes of a word from the states of one FNV
// pass; feature ids (and so the committed model) depend on it matching HashBytes.
RC_GTEST_PROP(FeatureHash, PrefixStatesGiveTheHashOfEveryPrefix, (const std::string& s)) {
  uint64_t h = kFnvBasis;
  RC_ASSERT(FinishHash(h, 0) == HashBytes(""));
  for (size_t k = 0; k < s.size(); ++k) {
    h = FnvStep(h, s[k]);
    RC_ASSERT(FinishHash(h, k + 1) == HashBytes(std::string_view(s).substr(0, k + 1)));
  }
}

// The tagger's SSE2 row sum (two rows per pmaddwd) against the plain loop the
// trainer uses, with extreme weights and odd and even numbers of rows.
TEST(AccumulateRows, Int16FastPathSumsExactlyLikeThePlainLoop) {
  constexpr uint32_t kRows = 64;
  std::vector<int16_t> table(kRows * kNumLabels);
  std::mt19937 rng(7);
  for (auto& v : table) v = static_cast<int16_t>(static_cast<int>(rng() % 65536) - 32768);
  for (int l = 0; l < kNumLabels; ++l) {
    table[3 * kNumLabels + l] = -32768;
    table[5 * kNumLabels + l] = 32767;
  }
  for (uint32_t n = 0; n <= 41; ++n) {
    std::vector<uint32_t> ids(n);
    for (uint32_t k = 0; k < n; ++k) ids[k] = k % 3 == 0 ? 3 + 1000 * kRows : static_cast<uint32_t>(rng());
    if (n > 1) ids[1] = 5;
    int32_t fast[kNumLabels], plain[kNumLabels];
    for (int l = 0; l < kNumLabels; ++l) fast[l] = plain[l] = l - 8;  // adds to what is there
    AccumulateRows<int16_t, int32_t>(table.data(), kRows - 1, ids.data(), n, fast);
    for (uint32_t k = 0; k < n; ++k)
      for (int l = 0; l < kNumLabels; ++l) plain[l] += table[(ids[k] & (kRows - 1)) * kNumLabels + l];
    for (int l = 0; l < kNumLabels; ++l) ASSERT_EQ(fast[l], plain[l]) << "rows " << n << " label " << l;
  }
}

// The row sum tagging uses on this CPU (AVX2 where the CPU has it: 16 labels
// per instruction, rows paired within 128-bit halves) against the plain loop,
// with extreme weights and odd and even numbers of rows.
TEST(AccumulateRows, TaggingRowSumOfThisCpuSumsExactlyLikeThePlainLoop) {
  EXPECT_EQ(QuantizedRowsUseAvx2(), __builtin_cpu_supports("avx2") != 0);
  constexpr uint32_t kRows = 64;
  std::vector<int16_t> table(kRows * kNumLabels);
  std::mt19937 rng(11);
  for (auto& v : table) v = static_cast<int16_t>(static_cast<int>(rng() % 65536) - 32768);
  for (int l = 0; l < kNumLabels; ++l) {
    table[3 * kNumLabels + l] = -32768;
    table[(kRows - 1) * kNumLabels + l] = 32767;  // the last row: a 32-byte load stays inside the table
  }
  for (uint32_t n = 0; n <= 41; ++n) {
    std::vector<uint32_t> ids(n);
    for (uint32_t k = 0; k < n; ++k) ids[k] = k % 3 == 0 ? 3 + 1000 * kRows : static_cast<uint32_t>(rng());
    if (n > 1) ids[1] = kRows - 1;
    int32_t fast[kNumLabels], plain[kNumLabels];
    for (int l = 0; l < kNumLabels; ++l) fast[l] = plain[l] = 100 * l - 800;  // adds to what is there
    AccumulateQuantizedRows(table.data(), kRows - 1, ids.data(), n, fast);
    for (uint32_t k = 0; k < n; ++k)
      for (int l = 0; l < kNumLabels; ++l) plain[l] += table[(ids[k] & (kRows - 1)) * kNumLabels + l];
    for (int l = 0; l < kNumLabels; ++l) ASSERT_EQ(fast[l], plain[l]) << "rows " << n << " label " << l;
  }
}

// A text that opens with its dateline passes first_sentence_index 1: only the
// sentence-position features of its tokens change, the others stay.
TEST(FeatureExtractor, FirstSentenceIndexMovesOnlyTheSentencePositionFeatures) {
  const std::vector<std::string_view> tokens = {"WASHINGTON", "--", "The", "talks", "ended", "."};
  const std::vector<uint8_t> starts = {1, 0, 1, 0, 0, 0};
  const GazetteerLists no_lists;
  const FeatureExtractor extractor(&no_lists);
  DocumentFeatures at0, at1;
  extractor.Extract(DocumentView{tokens, starts}, &at0);
  extractor.Extract(DocumentView{tokens, starts, 1}, &at1);
  ASSERT_EQ(at0.offsets.size(), at1.offsets.size());
  size_t differing = 0, total = 0;
  for (size_t i = 0; i + 1 < at0.offsets.size(); ++i) {
    std::vector<uint32_t> a(at0.ids.begin() + at0.offsets[i], at0.ids.begin() + at0.offsets[i + 1]);
    std::vector<uint32_t> b(at1.ids.begin() + at1.offsets[i], at1.ids.begin() + at1.offsets[i + 1]);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    std::vector<uint32_t> only_a;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only_a));
    differing += only_a.size();
    total += a.size();
    // The sentence index feature always, the first-sentence word feature
    // in the first sentence: at most two per token.
    EXPECT_GE(only_a.size(), 1u) << tokens[i];
    EXPECT_LE(only_a.size(), 2u) << tokens[i];
  }
  EXPECT_LT(differing * 10, total);
}

// Wire copy's curly quotes and apostrophes are read as the ASCII ones the
// model learnt from: the same features, token for token.
TEST(FeatureExtractor, TypographicQuotesGiveTheFeaturesOfAsciiQuotes) {
  const std::vector<std::string_view> curly = {"\xE2\x80\x9C", "O\xE2\x80\x99Neill", "\xE2\x80\x9D", "said",
                                               "\xE2\x80\x98", "Lagos", "\xE2\x80\x99"};
  const std::vector<std::string_view> ascii = {"\"", "O'Neill", "\"", "said", "'", "Lagos", "'"};
  const std::vector<uint8_t> starts = {1, 0, 0, 0, 0, 0, 0};
  const GazetteerLists no_lists;
  const FeatureExtractor extractor(&no_lists);
  DocumentFeatures a, b;
  extractor.Extract(DocumentView{curly, starts}, &a);
  extractor.Extract(DocumentView{ascii, starts}, &b);
  EXPECT_EQ(a.offsets, b.offsets);
  EXPECT_EQ(a.ids, b.ids);
}

TEST(Bilou, SpansSurviveTheRoundTripThroughLabels) {
  const std::vector<TokenSpan> spans = {{0, 2, 0}, {3, 4, 2}, {4, 7, 1}};
  const auto labels = SpansToLabels(spans, 8);
  EXPECT_EQ(LabelName(labels[0]), "B-PER");
  EXPECT_EQ(LabelName(labels[1]), "L-PER");
  EXPECT_EQ(LabelName(labels[3]), "U-LOC");
  EXPECT_EQ(LabelName(labels[5]), "I-ORG");
  EXPECT_EQ(LabelsToSpans(labels), spans);
}

TEST(Bilou, OnlyWellFormedTransitionsAreAllowed) {
  EXPECT_TRUE(IsValidTransition(kOutside, MakeLabel(0, SpanPart::kBegin)));
  EXPECT_FALSE(IsValidTransition(kOutside, MakeLabel(0, SpanPart::kInside)));
  EXPECT_TRUE(IsValidTransition(MakeLabel(1, SpanPart::kBegin), MakeLabel(1, SpanPart::kLast)));
  EXPECT_FALSE(IsValidTransition(MakeLabel(1, SpanPart::kBegin), MakeLabel(2, SpanPart::kLast)));
  EXPECT_FALSE(IsValidTransition(MakeLabel(1, SpanPart::kBegin), kOutside));
}

TEST(ConllCorpus, ReadsIob1DocumentsAndSentences) {
  std::istringstream in(
      "-DOCSTART- -X- O O\n\nAnna NNP I-NP I-PER\nKowalski NNP I-NP I-PER\nvisited VBD I-VP O\n"
      "Oslo NNP I-NP I-LOC\nCity NNP I-NP B-LOC\n\nRiga NNP I-NP I-LOC\n\n-DOCSTART- -X- O O\n\nX NN I-NP O\n");
  const auto docs = ReadConll(in, "test");
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].tokens.size(), 6u);
  EXPECT_EQ(docs[0].sentence_start, (std::vector<uint8_t>{1, 0, 0, 0, 0, 1}));
  EXPECT_EQ(docs[0].gold, (std::vector<TokenSpan>{{0, 2, 0}, {3, 4, 2}, {4, 5, 2}, {5, 6, 2}}));
  EXPECT_TRUE(docs[1].gold.empty());
}

TEST(ConllCorpus, RejectsAnUnknownTagWithItsLine) {
  std::istringstream in("Anna NNP I-NP I-PERSON\n");
  try {
    ReadConll(in, "bad.conll");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.conll:1"), std::string::npos) << e.what();
  }
}

TEST(GazetteerLists, ReadsNameAndAliasColumnsAndMatchesLongestName) {
  const testing::TempDir scratch;
  const auto& dir = scratch.path();
  std::ofstream(dir / "places.tsv") << "# comment\ncode\tname\taliases\nXX\tNew York\tNYC|Big Apple\nYY\tYork\t\n";
  std::ofstream(dir / "titles.txt") << "Minister\n";
  const auto lists = GazetteerLists::LoadDirectory(dir);
  ASSERT_EQ(lists.names(), (std::vector<std::string>{"places", "titles"}));
  const std::vector<std::string> words = {"the", "NEW", "york", "minister", "NYC", "code"};
  std::vector<uint64_t> hashes;
  for (const auto& w : words) hashes.push_back(HashBytes(GazetteerLists::Lower(w)));
  const std::vector<uint8_t> starts(words.size(), 0);
  std::vector<GazetteerLists::Hit> hits;
  lists.Match(hashes, starts, &hits);
  auto has = [&](uint32_t token, uint16_t list, uint8_t part) {
    for (const auto& h : hits)
      if (h.token == token && h.list == list && h.part == part) return true;
    return false;
  };
  EXPECT_TRUE(has(1, 0, 0));   // NEW: begins "New York"
  EXPECT_TRUE(has(2, 0, 2));   // york: ends it (not a one-word "York")
  EXPECT_FALSE(has(2, 0, 3));
  EXPECT_TRUE(has(3, 1, 3));   // minister
  EXPECT_TRUE(has(4, 0, 3));   // NYC, an alias
  EXPECT_FALSE(has(5, 0, 3));  // the header's "code" is not a name
}

// AddList hashes names in one pass over their bytes; ListsNaming hashes
// tokens one by one through Lower(). The two must agree on every name form.
TEST(GazetteerLists, NamesAreFoundAsTheTokensATokenizerWouldGive) {
  GazetteerLists lists;
  const std::vector<std::string_view> names = {"Washington, D.C.", "  Sao   Paulo ", "ÉCOLE Polytechnique",
                                               "Zürich,", "a b c d e f g h i", ","};
  lists.AddList("places", names);
  using Tokens = std::vector<std::string_view>;
  EXPECT_EQ(lists.ListsNaming(Tokens{"washington", ",", "d.c."}), 1u);
  EXPECT_EQ(lists.ListsNaming(Tokens{"SAO", "PAULO"}), 1u);
  EXPECT_EQ(lists.ListsNaming(Tokens{"école", "polytechnique"}), 1u);
  EXPECT_EQ(lists.ListsNaming(Tokens{"ZÜRICH", ","}), 1u);
  EXPECT_EQ(lists.ListsNaming(Tokens{","}), 1u) << "a lone comma is a one-token name, not a split one";
  EXPECT_EQ(lists.ListsNaming(Tokens{"washington,", "d.c."}), 0u) << "the comma is a token of its own";
  EXPECT_EQ(lists.ListsNaming(Tokens{"a", "b", "c", "d", "e", "f", "g", "h"}), 0u)
      << "a name of more than eight tokens is left out, not cut short";
}

TEST(PerceptronTrainer, LearnsASyntheticCorpus) {
  const auto train = SyntheticCorpus(1, 60);
  const auto held_out = SyntheticCorpus(2, 20);
  const GazetteerLists no_lists;
  const FeatureExtractor extractor(&no_lists);
  const TrainResult result = TrainPerceptron(train, {}, extractor, SmallOptions(1));
  const SpanScores scores = Evaluate(result.weights, extractor, held_out);
  EXPECT_GT(scores.overall.F1(), 0.97) << scores.Report();
  EXPECT_EQ(result.best_epoch, 4);
}

TEST(PerceptronTrainer, KeepsTheEpochThatScoresBestOnDev) {
  const auto train = SyntheticCorpus(3, 30);
  const auto dev = SyntheticCorpus(4, 10);
  const GazetteerLists no_lists;
  const FeatureExtractor extractor(&no_lists);
  std::vector<double> f1;
  const TrainResult result = TrainPerceptron(train, dev, extractor, SmallOptions(5),
                                             [&](const EpochReport& r) { f1.push_back(r.dev.overall.F1()); });
  ASSERT_EQ(f1.size(), 4u);
  EXPECT_DOUBLE_EQ(result.best_dev.overall.F1(), *std::max_element(f1.begin(), f1.end()));
  EXPECT_DOUBLE_EQ(f1[result.best_epoch - 1], result.best_dev.overall.F1());
}

TEST(PerceptronTrainer, SameSeedGivesTheSameModelBytes) {
  const auto train = SyntheticCorpus(7, 30);
  const GazetteerLists no_lists;
  const FeatureExtractor extractor(&no_lists);
  const ModelHeader header;
  const auto a = SerializeModel(header, TrainPerceptron(train, {}, extractor, SmallOptions(11)).weights);
  const auto b = SerializeModel(header, TrainPerceptron(train, {}, extractor, SmallOptions(11)).weights);
  const auto c = SerializeModel(header, TrainPerceptron(train, {}, extractor, SmallOptions(12)).weights);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);  // the seed orders the documents, so it does change the weights
}

class ModelFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    train_ = SyntheticCorpus(21, 40);
    const GazetteerLists no_lists;
    const FeatureExtractor extractor(&no_lists);
    weights_ = TrainPerceptron(train_, {}, extractor, SmallOptions(1)).weights;
    header_.description = "test model";
    path_ = std::filesystem::temp_directory_path() / ("wiretag_model_" + std::to_string(::getpid()) + ".bin");
  }
  void TearDown() override { std::filesystem::remove(path_); }
  void Write(const std::string& bytes) { std::ofstream(path_, std::ios::binary) << bytes; }

  std::vector<AnnotatedDocument> train_;
  QuantizedWeights weights_;
  ModelHeader header_;
  std::filesystem::path path_;
};

TEST_F(ModelFileTest, SaveAndLoadGiveIdenticalPredictions) {
  const std::string bytes = SerializeModel(header_, weights_);
  Write(bytes);
  const auto loaded = EntityModel::Load(path_, path_.parent_path() / "no-such-gazetteers");
  EXPECT_EQ(loaded->weights().values, weights_.values);
  EXPECT_EQ(loaded->weights().scale, weights_.scale);
  EXPECT_EQ(loaded->header().description, "test model");
  const EntityModel in_memory(header_, weights_, GazetteerLists{}, "in-memory");
  const auto docs = SyntheticCorpus(22, 10);
  EXPECT_EQ(TagAll(*loaded, docs), TagAll(in_memory, docs));
  EXPECT_EQ(SerializeModel(loaded->header(), loaded->weights()), bytes);
  EXPECT_EQ(loaded->id().rfind("ner-en-", 0), 0u);
  EXPECT_EQ(loaded->id(), ReadModelId(path_));
}

TEST_F(ModelFileTest, RejectsADamagedFile) {
  std::string bytes = SerializeModel(header_, weights_);
  bytes[bytes.size() / 2] ^= 0x40;
  Write(bytes);
  EXPECT_THROW(EntityModel::Load(path_, path_.parent_path()), std::runtime_error);
}

TEST_F(ModelFileTest, RejectsAnotherFeatureSet) {
  header_.feature_set = FeatureSetOf(true, true) + 1;
  Write(SerializeModel(header_, weights_));
  try {
    EntityModel::Load(path_, path_.parent_path());
    FAIL() << "loaded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("feature set"), std::string::npos) << e.what();
  }
}

TEST(ModelFile, MissingFileIsAnErrorNamingIt) {
  try {
    EntityModel::Load("/nonexistent/ner.bin", "/nonexistent");
    FAIL() << "loaded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/ner.bin"), std::string::npos);
  }
}

// The committed model's entities for `text` (the model alone, no corrections).
std::vector<Entity> TagWithCommittedModel(const std::string& text) {
  static const auto tagger =
      LoadModelEntityTagger(ConfigDir() / "models" / "ner-en.bin", ConfigDir() / "gazetteers");
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::vector<Entity> entities;
  tagger->Tag(text, tokens, &entities);
  return entities;
}

// The texts of those entities.
std::vector<std::string> CommittedModelNames(const std::string& text) {
  std::vector<std::string> out;
  for (const Entity& e : TagWithCommittedModel(text)) out.push_back(e.text);
  return out;
}

// The committed model on a wire-style sentence written for this test.
TEST(CommittedModel, TagsPeoplePlacesAndOrganisationsOfAWireSentence) {
  const auto tagger = LoadModelEntityTagger(ConfigDir() / "models" / "ner-en.bin", ConfigDir() / "gazetteers");
  const std::string text =
      "German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin on Monday , "
      "a spokesman for the European Commission said .\nMerkel told reporters the talks went well .";
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::vector<Entity> entities;
  tagger->Tag(text, tokens, &entities);
  auto find = [&](const std::string& s) -> const Entity* {
    for (const auto& e : entities)
      if (e.text == s) return &e;
    return nullptr;
  };
  const struct {
    const char* text;
    EntityType type;
  } expected[] = {{"German", EntityType::kMisc},       {"Angela Merkel", EntityType::kPerson},
                  {"French", EntityType::kMisc},       {"Emmanuel Macron", EntityType::kPerson},
                  {"Berlin", EntityType::kLocation},   {"European Commission", EntityType::kOrganisation},
                  {"Merkel", EntityType::kPerson}};
  for (const auto& want : expected) {
    const Entity* e = find(want.text);
    ASSERT_NE(e, nullptr) << want.text;
    EXPECT_EQ(e->type, want.type) << want.text;
    EXPECT_EQ(text.substr(e->start, e->end - e->start), want.text);
  }
  EXPECT_EQ(find("Merkel")->canonical, "Angela Merkel");
  EXPECT_EQ(find("Chancellor"), nullptr);  // a title, not part of the name
  EXPECT_EQ(entities.size(), std::size(expected));
  EXPECT_EQ(tagger->Id().rfind("ner-en-", 0), 0u);
}

// A quotation mark next to a name is never part of it, whether the quotes
// are curly, low-9 or full-width.
TEST(CommittedModel, QuotationMarksAreNeverInsideANameSpan) {
  const std::string text =
      "Minister Zhang Wei of the \xE2\x80\x9CMinistry of Commerce\xE2\x80\x9D said "
      "\xE2\x80\x99Lagos\xE2\x80\x98 and the \xE2\x80\x9C" "Belt and Road\xE2\x80\x9D plan would bring "
      "\xEF\xBC\x82Samsung\xEF\xBC\x82 and \xE2\x80\x9EVolkswagen\xE2\x80\x9C to Nigeria .";
  const std::vector<Entity> entities = TagWithCommittedModel(text);
  std::vector<std::string> texts;
  for (const Entity& e : entities) texts.push_back(e.text);
  for (const char* name : {"Ministry of Commerce", "Lagos", "Samsung", "Volkswagen", "Nigeria"})
    EXPECT_NE(std::find(texts.begin(), texts.end(), name), texts.end()) << name;
  for (const Entity& e : entities) {
    EXPECT_EQ(e.text.find("\xE2\x80"), std::string::npos) << e.text;
    EXPECT_EQ(e.text.find("\xEF\xBC\x82"), std::string::npos) << e.text;
  }
}

// A semicolon separates names: no span runs across one, even where the
// model's labels do ("Hakan Fidan; Kemal" came out as one PER).
TEST(CommittedModel, NoNameRunsAcrossASemicolon) {
  const std::string text =
      "ANKARA, March 3 (AFP) - Recep Tayyip Erdogan and Mevlut Cavusoglu met Hakan Fidan; "
      "Kemal Kilicdaroglu criticised the plan.";
  const std::vector<Entity> entities = TagWithCommittedModel(text);
  ASSERT_FALSE(entities.empty());
  for (const Entity& e : entities) EXPECT_EQ(e.text.find(';'), std::string::npos) << e.text;
}

// A span of punctuation alone is no name: the model tagged the "+" of
// "2+2 talks" (foreign and defence ministers) ORG in a Yonhap story.
TEST(CommittedModel, ASpanWithoutALetterOrDigitIsNoEntity) {
  const std::string text =
      "WASHINGTON -- The allies held so-called \"2+2\" talks involving their foreign and defense ministers "
      "amid a lull in tensions.";
  const std::vector<Entity> entities = TagWithCommittedModel(text);
  ASSERT_FALSE(entities.empty());  // WASHINGTON
  for (const Entity& e : entities) EXPECT_NE(e.text, "+");
}

// The model runs on over a weekday after a name ("Federal Communications
// Commission Friday"); the name ends there, except for the club.
TEST(CommittedModel, AWeekdayEndsANameButNotSheffieldWednesday) {
  EXPECT_THAT(CommittedModelNames("The Memphis Grizzlies Friday re-signed forward Stromile Swift."),
              ::testing::Contains("Memphis Grizzlies"));
  EXPECT_THAT(CommittedModelNames("The Federal Communications Commission Friday approved the merger."),
              ::testing::Contains("Federal Communications Commission"));
  EXPECT_THAT(CommittedModelNames("Sheffield Wednesday beat Arsenal 2-1 at Hillsborough."),
              ::testing::Contains("Sheffield Wednesday"));
}

// Any text, words of capitals, punctuation and stray bytes included: the
// committed model's entities are in order, disjoint, inside the text, and
// their text is exactly the slice their offsets name.
RC_GTEST_PROP(ModelEntityTaggerProperty, SpansAreOrderedDisjointAndExact, ()) {
  static const auto tagger =
      LoadModelEntityTagger(ConfigDir() / "models" / "ner-en.bin", ConfigDir() / "gazetteers");
  static const std::vector<std::string> kPieces = {"Jim", "Mattis", "Tokyo", "said", "the", "U.S.", "--", ",",
                                                   ".", "\n", " ", "WASHINGTON", "Kim", "Jong-un", "'s", "(AP)",
                                                   "\xc3\xa9", "\xff", "Bank", "of", "Japan",
                                                   "\xE2\x80\x9C", "\xE2\x80\x99", "\"", "'"};
  const auto picks = *rc::gen::container<std::vector<size_t>>(rc::gen::inRange<size_t>(0, kPieces.size()));
  const auto noise = *rc::gen::arbitrary<std::string>();
  std::string text;
  for (size_t k : picks) {
    text += kPieces[k];
    text += ' ';
  }
  text += noise;
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::vector<Entity> entities;
  tagger->Tag(text, tokens, &entities);
  uint32_t last_end = 0;
  for (const Entity& e : entities) {
    RC_ASSERT(e.start >= last_end);
    RC_ASSERT(e.start < e.end);
    RC_ASSERT(e.end <= text.size());
    RC_ASSERT(e.text == text.substr(e.start, e.end - e.start));
    RC_ASSERT(!e.canonical.empty());
    for (const Token& t : tokens)  // no span opens or closes with a quotation mark
      if (t.start == e.start || t.end == e.end) RC_ASSERT(!IsQuoteToken(text.substr(t.start, t.end - t.start)));
    last_end = e.end;
  }
}

}  // namespace
}  // namespace wiretag::model
