// The entity model alone: tokens per second of feature extraction + greedy
// decoding over whole documents, with the committed config/models/ner-en.bin.
// Text: wire-style sentences generated here, or, when WIRETAG_BENCH_CONLL names
// a CoNLL file, its documents (e.g. /work/shared/data/conll2003/eng.train).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "pipeline/config/config_dir.h"
#include "pipeline/taggers/model/conll_corpus.h"
#include "pipeline/taggers/model/entity_model.h"
#include "pipeline/taggers/environment_variable.h"
#include "pipeline/taggers/story_tagger.h"

namespace {

using wiretag::model::AnnotatedDocument;

std::vector<AnnotatedDocument> GeneratedDocuments() {
  static const char* kSentences[] = {
      "WASHINGTON , March 3 ( AP ) -- Defense Secretary Jim Mattis met Japanese Foreign Minister Taro Kono on "
      "Thursday to discuss North Korea 's missile tests .",
      "The talks at the Pentagon came a day after the U.N. Security Council condemned the launch , officials said .",
      "Shares of General Motors Corp rose 2.5 percent to $ 41.20 on the New York Stock Exchange .",
      "Kono told reporters in Tokyo that Japan and the United States would keep up pressure on Pyongyang .",
      "Mattis , a retired Marine general , said the alliance was stronger than ever .",
      "Chinese President Xi Jinping is due to visit Berlin next week for talks with Chancellor Angela Merkel .",
      "The European Commission said on Friday it would fine Google 2.4 billion euros .",
      "Brazil beat Argentina 2-1 in the World Cup qualifier in Sao Paulo on Tuesday .",
  };
  std::mt19937 rng(7);
  std::vector<AnnotatedDocument> docs(200);
  for (auto& doc : docs) {
    for (int s = 0; s < 25; ++s) {
      std::string sentence = kSentences[rng() % std::size(kSentences)];
      size_t pos = 0;
      bool first = true;
      while (pos < sentence.size()) {
        size_t end = sentence.find(' ', pos);
        if (end == std::string::npos) end = sentence.size();
        doc.tokens.push_back(sentence.substr(pos, end - pos));
        doc.sentence_start.push_back(first);
        first = false;
        pos = end + 1;
      }
    }
  }
  return docs;
}

const wiretag::EnvironmentVariable kConllVariable("WIRETAG_BENCH_CONLL");

struct Fixture {
  std::unique_ptr<wiretag::model::EntityModel> model;
  std::vector<AnnotatedDocument> docs;
  std::vector<std::vector<std::string_view>> views;
  size_t tokens = 0;
  Fixture() {
    const auto config = wiretag::DefaultConfigDir();
    model = wiretag::model::EntityModel::Load(config / "models" / "ner-en.bin", config / "gazetteers");
    const char* conll = kConllVariable.Get();
    docs = conll && *conll ? wiretag::model::ReadConllFile(conll) : GeneratedDocuments();
    for (const auto& d : docs) {
      views.emplace_back(d.tokens.begin(), d.tokens.end());
      tokens += d.tokens.size();
    }
  }
};

Fixture& GetFixture() {
  static Fixture f;
  return f;
}

void BM_ModelTagDocuments(benchmark::State& state) {
  Fixture& f = GetFixture();
  std::vector<uint8_t> labels;
  for (auto _ : state) {
    for (size_t d = 0; d < f.docs.size(); ++d) {
      f.model->Tag(wiretag::model::DocumentView{f.views[d], f.docs[d].sentence_start}, &labels);
      benchmark::DoNotOptimize(labels.data());
    }
  }
  state.counters["tokens/s"] =
      benchmark::Counter(static_cast<double>(f.tokens * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ModelTagDocuments)->Unit(benchmark::kMillisecond);

void BM_ModelLoad(benchmark::State& state) {
  const auto config = wiretag::DefaultConfigDir();
  for (auto _ : state) {
    auto model = wiretag::model::EntityModel::Load(config / "models" / "ner-en.bin", config / "gazetteers");
    benchmark::DoNotOptimize(model.get());
  }
}
BENCHMARK(BM_ModelLoad)->Unit(benchmark::kMillisecond);

}  // namespace
