// Speed of the record path: parse + tag + serialise (RecordProcessor) per story
// and per token, on ninjs stories of about 1, 2, 4 and 6 KB built from the
// shipped samples (config/samples/stories.jsonl, see bench_stories.h). BM_Formats runs the same path
// with a tagger that finds nothing, to show what parsing and writing alone cost;
// BM_FormatsPlainText does so for plain-text input (SHA-256 uri included); BM_Tag
// times the tag step alone.
#include <benchmark/benchmark.h>

#include <string>

#include "benchmarks/bench_stories.h"
#include "pipeline/formats/parsed_story.h"
#include "pipeline/formats/record_processor.h"
#include "pipeline/formats/story_reader.h"
#include "pipeline/taggers/story_tagger.h"
#include "pipeline/taggers/tokenizer.h"

namespace wiretag {
namespace {

using bench::BenchStory;
using bench::MakeStory;
using bench::RealTagger;

class NullTagger : public StoryTagger {
 public:
  Tags Tag(std::string_view, const StoryMeta&) const override { return {}; }
  void TagHeadline(std::string_view, Tags*) const override {}
  std::string DataId() const override { return "null"; }
};

void Run(benchmark::State& state, const StoryTagger& tagger, InputFormat format) {
  BenchStory story = MakeStory(static_cast<size_t>(state.range(0)));
  const std::string& input = format == InputFormat::kText ? story.body : story.json;
  RecordProcessor processor(tagger, ProcessorOptions{1 << 20, format});
  std::string out;
  for (auto _ : state) {
    if (processor.Process(input, &out)) state.SkipWithError("processing failed");
    benchmark::DoNotOptimize(out.data());
  }
  bench::ReportRates(state, story, input.size());
}

// The tag step alone (StoryTagger: dateline, agencies, entities of body and
// headline) on the parsed story: the figure behind "tokens per CPU-second".
void BM_Tag(benchmark::State& state) {
  BenchStory story = MakeStory(static_cast<size_t>(state.range(0)));
  StoryReader reader;
  ParsedStory parsed;
  if (reader.Read(story.json, InputFormat::kNinjs, &parsed)) throw std::runtime_error("bad bench story");
  for (auto _ : state) {
    Tags tags = RealTagger().Tag(parsed.text, parsed.meta);
    RealTagger().TagHeadline(parsed.headline, &tags);
    benchmark::DoNotOptimize(tags.entities.data());
  }
  bench::ReportRates(state, story, parsed.text.size());
}
BENCHMARK(BM_Tag)->Apply(bench::StorySizes);

void BM_ParseTagSerialise(benchmark::State& state) { Run(state, RealTagger(), InputFormat::kNinjs); }
void BM_Formats(benchmark::State& state) { Run(state, NullTagger(), InputFormat::kNinjs); }
void BM_FormatsPlainText(benchmark::State& state) { Run(state, NullTagger(), InputFormat::kText); }

BENCHMARK(BM_ParseTagSerialise)->Apply(bench::StorySizes);
BENCHMARK(BM_Formats)->Arg(1000)->Arg(6000);
BENCHMARK(BM_FormatsPlainText)->Arg(1000)->Arg(6000);

}  // namespace
}  // namespace wiretag
