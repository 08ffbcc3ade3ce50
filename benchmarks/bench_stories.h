#pragma once
// Stories for the micro-benchmarks: ninjs 2.x records whose main body is about
// `bytes` long (1, 2, 4 and 6 KB in the benchmarks), built from the fictional
// samples in config/samples/stories.jsonl: the first sample's metadata and
// dateline, its body followed by the bodies of the next samples. Also the
// shipped taggers, loaded once per binary.
#include "wiretag/build_paths.h"
#include <benchmark/benchmark.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/config/config_dir.h"
#include "pipeline/taggers/story_tagger.h"
#include "pipeline/taggers/tokenizer.h"

namespace wiretag::bench {

struct BenchStory {
  std::string json;   // ninjs 2.x record
  std::string body;   // its main body
  size_t tokens = 0;  // tokens of the body (wiretag's tokenizer)
};

inline const std::filesystem::path& ConfigDir() {
  static const std::filesystem::path dir = std::filesystem::path(WIRETAG_SOURCE_DIR) / "config";
  return dir;
}

inline BenchStory MakeStory(size_t bytes) {
  std::ifstream in(ConfigDir() / "samples/stories.jsonl");
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

inline const StoryTagger& RealTagger() {
  static std::unique_ptr<StoryTagger> tagger = StoryTagger::Load(DefaultConfigDir());
  return *tagger;
}

// Per story (items_per_second) and per token (tokens/s) rates, and the story's size.
inline void ReportRates(benchmark::State& state, const BenchStory& story, size_t bytes_per_iteration) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes_per_iteration));
  state.counters["tokens"] = static_cast<double>(story.tokens);
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(story.tokens) * state.iterations(),
                                                  benchmark::Counter::kIsRate);
}

// The story sizes every per-story benchmark runs on.
inline void StorySizes(benchmark::internal::Benchmark* b) {
  for (int bytes : {1000, 2000, 4000, 6000}) b->Arg(bytes);
}

}  // namespace wiretag::bench
