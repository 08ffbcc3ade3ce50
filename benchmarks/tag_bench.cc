// Speed of the record path: parse + tag + serialise (RecordProcessor) per story
// and per token, on ninjs stories of about 1, 2, 4 and 6 KB built from the
// shipped samples (config/samples/stories.jsonl). BM_Formats runs the same path
// with a tagger that finds nothing, to show what parsing and writing alone cost;
// BM_FormatsPlainText does so for plain-text input (SHA-256 uri included).
#include <benchmark/benchmark.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/formats/record_processor.h"
#include "pipeline/taggers/story_tagger.h"
#include "pipeline/taggers/tokenizer.h"

namespace wiretag {
namespace {

struct BenchStory {
  std::string json;  // ninjs 2.x record
  std::string body;  // its main body
  size_t tokens = 0;
};

// A ninjs story of at least `bytes` bytes: the first sample's metadata and
// dateline, its body followed by the bodies of the next samples.
BenchStory MakeStory(size_t bytes) {
  std::ifstream in(std::filesystem::path(WIRETAG_SOURCE_DIR) / "config/samples/stories.jsonl");
  std::vector<rapidjson::Document> samples;
  for (std::string line; std::getline(in, line);) {
    rapidjson::Document doc;
    doc.Parse(line.c_str());
    if (!doc.HasParseError() && doc.HasMember("bodies")) samples.push_back(std::move(doc));
  }
  if (samples.empty()) throw std::runtime_error("no samples in config/samples/stories.jsonl");
  rapidjson::Document& first = samples[0];
  std::string body = first["bodies"][0]["value"].GetString();
  for (size_t i = 1; body.size() + 600 < bytes; ++i) {
    body += "\n\n";
    body += samples[i % samples.size()]["bodies"][0]["value"].GetString();
  }
  if (body.size() > bytes) body.resize(body.rfind(' ', bytes));
  first["bodies"][0]["value"].SetString(body.c_str(), static_cast<rapidjson::SizeType>(body.size()),
                                        first.GetAllocator());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  first.Accept(writer);
  BenchStory story{buffer.GetString(), body, 0};
  std::vector<Token> tokens;
  Tokenize(story.body, &tokens);
  story.tokens = tokens.size();
  return story;
}

const StoryTagger& RealTagger() {
  static std::unique_ptr<StoryTagger> tagger = StoryTagger::Load(DefaultConfigDir());
  return *tagger;
}

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
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * input.size()));
  state.counters["tokens"] = static_cast<double>(story.tokens);
  state.counters["tokens/s"] =
      benchmark::Counter(static_cast<double>(story.tokens), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_ParseTagSerialise(benchmark::State& state) { Run(state, RealTagger(), InputFormat::kNinjs); }
void BM_Formats(benchmark::State& state) { Run(state, NullTagger(), InputFormat::kNinjs); }
void BM_FormatsPlainText(benchmark::State& state) { Run(state, NullTagger(), InputFormat::kText); }

BENCHMARK(BM_ParseTagSerialise)->Arg(1000)->Arg(2000)->Arg(4000)->Arg(6000);
BENCHMARK(BM_Formats)->Arg(1000)->Arg(6000);
BENCHMARK(BM_FormatsPlainText)->Arg(1000)->Arg(6000);

}  // namespace
}  // namespace wiretag
