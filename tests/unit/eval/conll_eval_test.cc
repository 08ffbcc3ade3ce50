#include "pipeline/eval/conll_eval.h"

#include <gtest/gtest.h>

#include <sstream>

namespace wiretag::eval {
namespace {

// Tiny made-up snippets in CoNLL-2003 column layout.
constexpr const char* kIob1 =
    "-DOCSTART- -X- O O\n"
    "\n"
    "Ana NNP I-NP I-PER\n"
    "Ruiz NNP I-NP I-PER\n"
    "visited VBD I-VP O\n"
    "Lima NNP I-NP I-LOC\n"
    "Peru NNP I-NP B-LOC\n"
    ". . O O\n"
    "\n"
    "-DOCSTART- -X- O O\n"
    "\n"
    "Acme NNP I-NP I-ORG\n"
    "Corp NNP I-NP I-ORG\n"
    "rose VBD I-VP O\n";

TEST(ParseConll, SplitsDocumentsAndSentencesAndTakesTheLastColumn) {
  std::istringstream in(kIob1);
  std::vector<ConllDocument> docs = ParseConll(in);
  ASSERT_EQ(docs.size(), 2u);
  ASSERT_EQ(docs[0].sentences.size(), 1u);
  EXPECT_EQ(docs[0].sentences[0][0], "Ana");
  EXPECT_EQ(docs[0].tags[0][4], "B-LOC");
  EXPECT_EQ(docs[1].sentences[0].size(), 3u);
}

TEST(ParseConll, RejectsABadTagWithItsLineNumber) {
  std::istringstream in("Ana NNP X-PER\n");
  try {
    ParseConll(in);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("line 1"), std::string::npos);
  }
}

TEST(DecodeIob, ReadsIob1WhereBOnlySeparatesAdjacentChunks) {
  std::vector<Chunk> chunks = DecodeIob({"I-PER", "I-PER", "O", "I-LOC", "B-LOC", "O"});
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(chunks[0], (Chunk{0, 2, "PER"}));
  EXPECT_EQ(chunks[1], (Chunk{3, 4, "LOC"}));
  EXPECT_EQ(chunks[2], (Chunk{4, 5, "LOC"}));
}

TEST(DecodeIob, ReadsIob2AndStartsAChunkAtATypeChange) {
  std::vector<Chunk> chunks = DecodeIob({"B-ORG", "I-ORG", "I-PER", "B-MISC", "O", "I-MISC"}, 10);
  ASSERT_EQ(chunks.size(), 4u);
  EXPECT_EQ(chunks[0], (Chunk{10, 12, "ORG"}));
  EXPECT_EQ(chunks[1], (Chunk{12, 13, "PER"}));
  EXPECT_EQ(chunks[2], (Chunk{13, 14, "MISC"}));
  EXPECT_EQ(chunks[3], (Chunk{15, 16, "MISC"}));
}

TEST(BuildText, JoinsTokensBySpacesAndSentencesByNewlines) {
  ConllDocument doc{{{"A", "b"}, {"C"}}, {{"O", "O"}, {"O"}}};
  DocumentText text = BuildText(doc);
  EXPECT_EQ(text.text, "A b\nC");
  EXPECT_EQ(text.token_start, (std::vector<uint32_t>{0, 2, 4}));
  EXPECT_EQ(text.token_end, (std::vector<uint32_t>{1, 3, 5}));
}

TEST(PredictedChunks, MapsByteSpansToTokensAndMarksMisalignedSpans) {
  std::istringstream in(kIob1);
  std::vector<ConllDocument> docs = ParseConll(in);
  DocumentText text = BuildText(docs[0]);  // "Ana Ruiz visited Lima Peru ."
  std::vector<Entity> entities = {
      {EntityType::kPerson, 0, 8, "Ana Ruiz", "Ana Ruiz"},
      {EntityType::kLocation, 17, 20, "Lim", "Lim"},  // not a whole token
  };
  std::vector<Chunk> chunks = PredictedChunks(text, entities);
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0], (Chunk{0, 2, "PER"}));
  EXPECT_NE(chunks[1].begin, 3u);
  EXPECT_EQ(chunks[1].type, "LOC");
}

TEST(ConllScore, ComputesPrecisionRecallAndF1PerTypeAndOverall) {
  ConllScore score;
  // gold: PER[0,2) LOC[3,4) LOC[4,5); predicted: PER[0,2) right, LOC[3,5) wrong, ORG[6,7) spurious.
  score.Add({{0, 2, "PER"}, {3, 4, "LOC"}, {4, 5, "LOC"}}, {{0, 2, "PER"}, {3, 5, "LOC"}, {6, 7, "ORG"}});
  const Counts& all = score.Overall();
  EXPECT_EQ(all.gold, 3u);
  EXPECT_EQ(all.predicted, 3u);
  EXPECT_EQ(all.correct, 1u);
  EXPECT_DOUBLE_EQ(all.Precision(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(all.Recall(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(all.F1(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(score.ByType().at("PER").F1(), 1.0);
  EXPECT_DOUBLE_EQ(score.ByType().at("LOC").Recall(), 0.0);
  EXPECT_EQ(score.ByType().at("ORG").gold, 0u);
  EXPECT_DOUBLE_EQ(score.ByType().at("ORG").Precision(), 0.0);
  EXPECT_NE(score.Table().find("overall"), std::string::npos);
}

}  // namespace
}  // namespace wiretag::eval
