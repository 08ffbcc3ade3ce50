// Dateline and agency taggers on a generated wire story, the place resolver on
// its LOC mentions, and the cost of loading the shipped gazetteers and agency
// table. Run from the repository
// root (the lists are read from config/).
#include "wiretag/build_paths.h"
#include <benchmark/benchmark.h>

#include <string>

#include "pipeline/taggers/agency_table.h"
#include "pipeline/taggers/agency_tagger.h"
#include "pipeline/taggers/dateline_tagger.h"
#include "pipeline/taggers/gazetteer_snapshot.h"
#include "pipeline/taggers/geonames_table.h"
#include "pipeline/taggers/place_gazetteer.h"
#include "pipeline/taggers/place_resolver.h"

namespace wiretag {
namespace {

const std::filesystem::path kConfig = std::filesystem::path(WIRETAG_SOURCE_DIR) / "config";

// About 3 KB of wire-style text written for the benchmark: a dateline, running
// text with a few agency mentions, and a trailing credit.
std::string Story() {
  std::string text = "SEOUL, Aug. 18 (Yonhap) -- ";
  const char* paragraph =
      "The two governments agreed on Thursday to expand joint exercises and share more information "
      "on missile launches, officials told reporters after talks in the capital. The ministers said "
      "they would meet again before the end of the year, according to a statement released by the "
      "foreign ministry, and a senior official told Reuters the talks had gone well.\n";
  for (int i = 0; i < 7; ++i) text += paragraph;
  text += "Trade between the two countries rose 4.5 percent last year, Kyodo News reported. (Yonhap)\n";
  return text;
}

size_t CountTokens(const std::string& text) {
  size_t n = 0;
  bool in_word = false;
  for (char c : text) {
    bool word = c != ' ' && c != '\n';
    n += word && !in_word;
    in_word = word;
  }
  return n;
}

void BM_DatelineAndAgencyTaggers(benchmark::State& state) {
  auto places = PlaceGazetteer::Load(kConfig / "gazetteers");
  auto agencies = AgencyTable::Load(kConfig / "agencies.tsv");
  DatelineTagger datelines(*places, *agencies);
  AgencyTagger agency_tagger(*agencies);
  std::string text = Story();
  StoryMeta meta;
  meta.versioncreated = "2017-08-18T09:00:00Z";
  std::vector<AgencyMention> mentions;
  for (auto _ : state) {
    auto dateline = datelines.Tag(text, meta);
    mentions.clear();
    agency_tagger.Tag(text, dateline, meta, &mentions);
    benchmark::DoNotOptimize(mentions.data());
  }
  state.counters["tokens/s"] =
      benchmark::Counter(static_cast<double>(CountTokens(text)) * state.iterations(), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<int64_t>(text.size()) * state.iterations());
}
BENCHMARK(BM_DatelineAndAgencyTaggers);

// GeoNames places for a story's LOC mentions (countries, provinces, cities,
// names without a place), as PlaceResolver::Resolve does after the taggers.
void BM_ResolvePlaces(benchmark::State& state) {
  auto g = BuildGazetteers(kConfig / "gazetteers");
  PlaceResolver resolver(*g.geonames, *g.places);
  const std::string text =
      "LAHORE, Punjab (Reuters) - Floods in Punjab and Sindh reached Karachi, Multan and Hyderabad, officials in "
      "Islamabad said, as aid from China, Japan and the United States arrived from Dubai and Guangdong. Pakistan "
      "and India traded blame over the Indus River and Kashmir while Lahore and Faisalabad counted the dead.";
  Tags base;
  Dateline d;
  d.city = "Lahore";
  d.city_start = 0;
  d.city_end = 6;
  d.country = "PK";
  d.region_code = "PK-PB";
  base.dateline = d;
  for (const char* name : {"Punjab", "Sindh", "Karachi", "Multan", "Hyderabad", "Islamabad", "China", "Japan",
                           "United States", "Dubai", "Guangdong", "Pakistan", "India", "Indus River", "Kashmir",
                           "Lahore", "Faisalabad"}) {
    const size_t at = text.find(name, 8);
    base.entities.push_back(Entity{EntityType::kLocation, static_cast<uint32_t>(at),
                                   static_cast<uint32_t>(at + std::string_view(name).size()), name, name});
  }
  for (auto _ : state) {
    Tags tags = base;
    resolver.Resolve(text, &tags);
    benchmark::DoNotOptimize(tags.entities.data());
  }
  state.counters["mentions/s"] = benchmark::Counter(static_cast<double>(base.entities.size()) * state.iterations(),
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ResolvePlaces);

void BM_LoadPlacesAndAgencies(benchmark::State& state) {
  for (auto _ : state) {
    auto places = PlaceGazetteer::Load(kConfig / "gazetteers");
    auto agencies = AgencyTable::Load(kConfig / "agencies.tsv");
    benchmark::DoNotOptimize(places.get());
    benchmark::DoNotOptimize(agencies.get());
  }
}
BENCHMARK(BM_LoadPlacesAndAgencies)->Unit(benchmark::kMillisecond);

// Both gazetteers (places and the entity model's lists) from the text lists,
// against reading them back from the snapshot the build writes.
void BM_GazetteersFromLists(benchmark::State& state) {
  for (auto _ : state) {
    auto g = BuildGazetteers(kConfig / "gazetteers");
    benchmark::DoNotOptimize(g.places.get());
  }
}
BENCHMARK(BM_GazetteersFromLists)->Unit(benchmark::kMillisecond);

void BM_GazetteersFromSnapshot(benchmark::State& state) {
  const auto file = std::filesystem::temp_directory_path() / "wiretag-bench-gazetteers.snapshot";
  WriteGazetteerSnapshot(kConfig / "gazetteers", file);
  for (auto _ : state) {
    std::string why;
    auto g = ReadGazetteerSnapshot(file, kConfig / "gazetteers", &why);
    if (!g) state.SkipWithError(why.c_str());
    benchmark::DoNotOptimize(g);
  }
  std::filesystem::remove(file);
}
BENCHMARK(BM_GazetteersFromSnapshot)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace wiretag
