// Parsing alone: StoryReader (simdjson On Demand, every value validated, top-level
// fields kept raw for the writer) on ninjs 2.x stories of about 1, 2, 4 and 6 KB.
#include <benchmark/benchmark.h>

#include "benchmarks/bench_stories.h"
#include "pipeline/formats/parsed_story.h"
#include "pipeline/formats/story_reader.h"

namespace wiretag::bench {
namespace {

void BM_Parse(benchmark::State& state) {
  BenchStory story = MakeStory(static_cast<size_t>(state.range(0)));
  StoryReader reader;
  ParsedStory parsed;
  for (auto _ : state) {
    if (reader.Read(story.json, InputFormat::kNinjs, &parsed)) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(parsed.text.data());
  }
  ReportRates(state, story, story.json.size());
}
BENCHMARK(BM_Parse)->Apply(StorySizes);

}  // namespace
}  // namespace wiretag::bench
