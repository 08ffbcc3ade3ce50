// The agency tagger alone (source and mentioned agencies over the whole text)
// on the main body of 1-6 KB stories, given the story's dateline.
#include <benchmark/benchmark.h>

#include <vector>

#include "benchmarks/bench_stories.h"
#include "pipeline/formats/parsed_story.h"
#include "pipeline/formats/story_reader.h"
#include "pipeline/taggers/agency_table.h"
#include "pipeline/taggers/agency_tagger.h"
#include "pipeline/taggers/dateline_tagger.h"
#include "pipeline/taggers/place_gazetteer.h"

namespace wiretag::bench {
namespace {

void BM_AgencyTagger(benchmark::State& state) {
  static auto places = PlaceGazetteer::Load(ConfigDir() / "gazetteers");
  static auto agencies = AgencyTable::Load(ConfigDir() / "agencies.tsv");
  AgencyTagger tagger(*agencies);
  BenchStory story = MakeStory(static_cast<size_t>(state.range(0)));
  StoryReader reader;
  ParsedStory parsed;
  if (reader.Read(story.json, InputFormat::kNinjs, &parsed)) throw std::runtime_error("bad bench story");
  auto dateline = DatelineTagger(*places, *agencies).Tag(parsed.text, parsed.meta);
  std::vector<AgencyMention> mentions;
  for (auto _ : state) {
    mentions.clear();
    tagger.Tag(parsed.text, dateline, parsed.meta, &mentions);
    benchmark::DoNotOptimize(mentions.data());
  }
  state.counters["agencies"] = static_cast<double>(mentions.size());
  ReportRates(state, story, parsed.text.size());
}
BENCHMARK(BM_AgencyTagger)->Apply(StorySizes);

}  // namespace
}  // namespace wiretag::bench
