// Speed of the entity path: tokenizer, rule entity tagger, and the whole
// StoryTagger (dateline + agencies + entities) on a wire-style story of about
// 4 KB (the entities test fixture, repeated). Counters report tokens per second.
#include "wiretag/build_paths.h"
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/config/config_dir.h"
#include "pipeline/taggers/place_gazetteer.h"
#include "pipeline/taggers/rule_entity_tagger.h"
#include "pipeline/taggers/story_tagger.h"
#include "pipeline/taggers/tokenizer.h"

namespace wiretag {
namespace {

std::string Story() {
  std::ifstream in(std::filesystem::path(WIRETAG_SOURCE_DIR) / "tests/unit/fixtures/entities-story.txt");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string one = buffer.str();
  size_t dash = one.find("--");  // repeat the body, keep one dateline
  std::string body = dash == std::string::npos ? one : one.substr(dash + 3);
  std::string story = one;
  while (story.size() < 4000) {
    story += '\n';
    story += body;
  }
  return story;
}

void BM_Tokenize(benchmark::State& state) {
  std::string text = Story();
  std::vector<Token> tokens;
  for (auto _ : state) {
    Tokenize(text, &tokens);
    benchmark::DoNotOptimize(tokens.data());
  }
  state.counters["tokens/s"] = benchmark::Counter(double(tokens.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Tokenize);

void BM_RuleEntityTagger(benchmark::State& state) {
  std::string text = Story();
  auto dir = DefaultConfigDir() / "gazetteers";
  auto places = PlaceGazetteer::Load(dir);
  auto tagger = RuleEntityTagger::Load(dir, *places);
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::vector<Entity> out;
  for (auto _ : state) {
    out.clear();
    tagger->Tag(text, tokens, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["tokens/s"] = benchmark::Counter(double(tokens.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_RuleEntityTagger);

void BM_StoryTagger(benchmark::State& state) {
  std::string text = Story();
  auto tagger = StoryTagger::Load(DefaultConfigDir());
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  StoryMeta meta;
  meta.versioncreated = "2026-03-03T09:00:00Z";
  for (auto _ : state) {
    Tags tags = tagger->Tag(text, meta);
    benchmark::DoNotOptimize(tags.entities.data());
  }
  state.counters["tokens/s"] = benchmark::Counter(double(tokens.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_StoryTagger);

}  // namespace
}  // namespace wiretag
