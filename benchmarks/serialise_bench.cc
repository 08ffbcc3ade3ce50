// Serialising alone: RecordWriter writing the enriched record (fields copied
// verbatim, ninjs fields merged, wiretag object with code-point offsets) into a
// reused string, from a story parsed and tagged once before the loop.
#include <benchmark/benchmark.h>

#include <string>

#include "benchmarks/bench_stories.h"
#include "pipeline/formats/output_version.h"
#include "pipeline/formats/parsed_story.h"
#include "pipeline/formats/record_writer.h"
#include "pipeline/formats/story_reader.h"

namespace wiretag::bench {
namespace {

void BM_Serialise(benchmark::State& state) {
  BenchStory story = MakeStory(static_cast<size_t>(state.range(0)));
  StoryReader reader;
  ParsedStory parsed;
  if (reader.Read(story.json, InputFormat::kNinjs, &parsed)) throw std::runtime_error("bad bench story");
  Tags tags = RealTagger().Tag(parsed.text, parsed.meta);
  RealTagger().TagHeadline(parsed.headline, &tags);
  RecordWriter writer;
  std::string out;
  for (auto _ : state) {
    writer.Write(parsed, tags, OutputVersion(), &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["entities"] = static_cast<double>(tags.entities.size());
  state.counters["out_bytes"] = static_cast<double>(out.size());
  ReportRates(state, story, out.size());
}
BENCHMARK(BM_Serialise)->Apply(StorySizes);

}  // namespace
}  // namespace wiretag::bench
