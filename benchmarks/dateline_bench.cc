// The dateline tagger alone on the main body of 1-6 KB stories (it reads the
// opening lines, so its cost per story is nearly flat and per token falls with size).
#include <benchmark/benchmark.h>

#include "benchmarks/bench_stories.h"
#include "pipeline/formats/parsed_story.h"
#include "pipeline/formats/story_reader.h"
#include "pipeline/taggers/agency_table.h"
#include "pipeline/taggers/dateline_tagger.h"
#include "pipeline/taggers/place_gazetteer.h"

namespace wiretag::bench {
namespace {

void BM_DatelineTagger(benchmark::State& state) {
  static auto places = PlaceGazetteer::Load(ConfigDir() / "gazetteers");
  static auto agencies = AgencyTable::Load(ConfigDir() / "agencies.tsv");
  DatelineTagger tagger(*places, *agencies);
  BenchStory story = MakeStory(static_cast<size_t>(state.range(0)));
  StoryReader reader;
  ParsedStory parsed;
  if (reader.Read(story.json, InputFormat::kNinjs, &parsed)) throw std::runtime_error("bad bench story");
  if (!tagger.Tag(parsed.text, parsed.meta)) state.SkipWithError("no dateline found");
  for (auto _ : state) {
    auto dateline = tagger.Tag(parsed.text, parsed.meta);
    benchmark::DoNotOptimize(dateline);
  }
  ReportRates(state, story, parsed.text.size());
}
BENCHMARK(BM_DatelineTagger)->Apply(StorySizes);

}  // namespace
}  // namespace wiretag::bench
