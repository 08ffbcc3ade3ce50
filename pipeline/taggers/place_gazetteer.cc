// Loads config/gazetteers/{countries,regions,cities,demonyms}.tsv (formats in
// config/gazetteers/SOURCES.md) into NameIndexes over one vector of places.
#include "pipeline/taggers/place_gazetteer.h"

#include <algorithm>
#include <charconv>
#include <numeric>
#include <unordered_map>
#include <vector>

#include "pipeline/taggers/name_index.h"
#include "pipeline/taggers/tsv_reader.h"

namespace wiretag {

namespace {

bool IsCountryCode(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

class TsvPlaceGazetteer final : public PlaceGazetteer {
 public:
  TsvPlaceGazetteer() = default;  // for Restore
  explicit TsvPlaceGazetteer(const std::filesystem::path& dir) {
    LoadCountries(dir / "countries.tsv");
    LoadRegions(dir / "regions.tsv");
    LoadAdmin1Names(dir / "geonames" / "admin1.tsv");
    LoadCities(dir / "cities.tsv");
    LoadDemonyms(dir / "demonyms.tsv");
  }

  const Place* FindCountry(std::string_view name) const override { return FirstIn(countries_, name, {}); }

  const Place* FindRegion(std::string_view name, std::string_view country) const override {
    return FirstIn(regions_, name, country);
  }

  size_t FindRegions(const NameIndex::Folded& name, const Place** out, size_t max) const override {
    size_t n = 0;
    regions_.ForEach(name, [&](uint32_t id) {
      if (n == max) return false;
      out[n++] = &places_[id];
      return true;
    });
    return n;
  }

  const Place* FindCountry(const NameIndex::Folded& name) const override {
    const Place* found = nullptr;
    countries_.ForEach(name, [&](uint32_t id) {
      found = &places_[id];
      return false;
    });
    return found;
  }

  const Place* FindRegion(const NameIndex::Folded& name) const override {
    const Place* found = nullptr;
    regions_.ForEach(name, [&](uint32_t id) {
      found = &places_[id];
      return false;
    });
    return found;
  }

  const Place* FindCity(std::string_view name, std::string_view country) const override {
    return FirstIn(cities_, name, country);
  }

  const Place* FindCityInRegion(std::string_view name, std::string_view region_code) const override {
    return FirstWhere(cities_, name, [&](const Place& p) { return p.region_code == region_code; });
  }

  const Place* FindDemonym(std::string_view word) const override { return FirstIn(demonyms_, word, {}); }

  void Save(SnapshotWriter* out) const override {
    out->Value<uint64_t>(places_.size());
    for (const Place& p : places_) {
      out->Value(p.kind);
      out->String(p.name);
      out->String(p.country);
      out->String(p.region_code);
      out->Value(p.population);
    }
    for (const NameIndex* index : {&countries_, &regions_, &cities_, &demonyms_}) index->Save(out);
  }

  static std::unique_ptr<PlaceGazetteer> Restore(SnapshotReader* in) {
    auto g = std::make_unique<TsvPlaceGazetteer>();
    const uint64_t n = in->Value<uint64_t>();
    if (n > in->remaining()) throw SnapshotError("places: count");
    g->places_.reserve(n);
    for (uint64_t k = 0; k < n; ++k) {
      Place p;
      p.kind = in->Value<Place::Kind>();
      if (p.kind != Place::Kind::kCountry && p.kind != Place::Kind::kRegion && p.kind != Place::Kind::kCity)
        throw SnapshotError("places: kind");
      p.name = in->String();
      p.country = in->String();
      p.region_code = in->String();
      p.population = in->Value<uint64_t>();
      g->places_.push_back(std::move(p));
    }
    for (NameIndex* index : {&g->countries_, &g->regions_, &g->cities_, &g->demonyms_}) {
      *index = NameIndex::Restore(in);
      // Ids name places; one outside the vector would be read on lookup.
      bool ok = true;
      index->ForEachId([&](uint32_t id) { ok &= id < n; });
      if (!ok) throw SnapshotError("places: id");
    }
    return g;
  }

 private:
  // The first place named `name` in `index` that `keep` accepts, or nullptr.
  template <typename Keep>
  const Place* FirstWhere(const NameIndex& index, std::string_view name, const Keep& keep) const {
    const Place* found = nullptr;
    index.ForEach(name, [&](uint32_t id) {
      if (!keep(places_[id])) return true;
      found = &places_[id];
      return false;
    });
    return found;
  }

  // ... in `country` ("" = any).
  const Place* FirstIn(const NameIndex& index, std::string_view name, std::string_view country) const {
    return FirstWhere(index, name, [&](const Place& p) { return country.empty() || p.country == country; });
  }

  uint32_t AddPlace(Place place) {
    places_.push_back(std::move(place));
    return static_cast<uint32_t>(places_.size() - 1);
  }

  void LoadCountries(const std::filesystem::path& path) {
    TsvReader tsv(path, {"code", "name", "aliases"});
    places_.reserve(places_.size() + tsv.line_count());
    while (tsv.Next()) {
      if (!IsCountryCode(tsv.field(0))) tsv.Fail("country code must be ISO 3166-1 alpha-2");
      if (tsv.field(1).empty()) tsv.Fail("empty country name");
      uint32_t id = AddPlace(Place{Place::Kind::kCountry, std::string(tsv.field(1)),
                                   std::string(tsv.field(0)), "", 0});
      country_by_code_.emplace(std::string(tsv.field(0)), id);
      countries_.Add(tsv.field(1), id);
      for (auto alias : SplitList(tsv.field(2))) countries_.Add(alias, id);
    }
  }

  void LoadRegions(const std::filesystem::path& path) {
    TsvReader tsv(path, {"code", "country", "name", "aliases"});
    places_.reserve(places_.size() + tsv.line_count());
    regions_.Reserve(tsv.line_count());
    while (tsv.Next()) {
      if (!IsCountryCode(tsv.field(1))) tsv.Fail("country must be ISO 3166-1 alpha-2");
      if (tsv.field(0).substr(0, 3) != std::string(tsv.field(1)) + "-") {
        tsv.Fail("region code must be ISO 3166-2 of its country");
      }
      uint32_t id = AddPlace(Place{Place::Kind::kRegion, std::string(tsv.field(2)),
                                   std::string(tsv.field(1)), std::string(tsv.field(0)), 0});
      region_by_code_.emplace(std::string(tsv.field(0)), id);
      regions_.Add(tsv.field(2), id);
      for (auto alias : SplitList(tsv.field(3))) regions_.Add(alias, id);
    }
  }

  // geonames/admin1.tsv (format in SOURCES.md): its English names and aliases
  // name the region of the same ISO 3166-2 code; a code regions.tsv lacks is a
  // new region. Optional: a directory without it keeps the regions as they are.
  void LoadAdmin1Names(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return;
    TsvReader tsv(path, {"code", "geonameid", "name", "country", "admin1", "population", "lat", "lon", "aliases"});
    regions_.Reserve(2 * tsv.line_count());
    while (tsv.Next()) {
      const std::string_view code = tsv.field(0), country = tsv.field(3);
      if (!IsCountryCode(country) || code.size() < 4 || code.substr(0, 2) != country || code[2] != '-')
        tsv.Fail("code must be ISO 3166-2 of its country");
      if (tsv.field(2).empty()) tsv.Fail("empty name");
      auto it = region_by_code_.find(std::string(code));
      uint32_t id;
      if (it != region_by_code_.end()) {
        id = it->second;
      } else {
        id = AddPlace(Place{Place::Kind::kRegion, std::string(tsv.field(2)), std::string(country), std::string(code), 0});
        region_by_code_.emplace(std::string(code), id);
      }
      regions_.Add(tsv.field(2), id);
      for (auto alias : SplitList(tsv.field(8))) regions_.Add(alias, id);
    }
  }

  void LoadCities(const std::filesystem::path& path) {
    TsvReader tsv(path, {"name", "country", "region", "population", "aliases"});
    struct Row {
      uint32_t id;
      std::string_view aliases;  // into the reader's copy of the file
    };
    std::vector<Row> rows;
    rows.reserve(tsv.line_count());
    places_.reserve(places_.size() + tsv.line_count());
    cities_.Reserve(tsv.line_count());
    while (tsv.Next()) {
      if (!IsCountryCode(tsv.field(1))) tsv.Fail("country must be ISO 3166-1 alpha-2");
      if (tsv.field(0).empty()) tsv.Fail("empty city name");
      uint64_t population = 0;
      std::string_view pop = tsv.field(3);
      if (!pop.empty()) {
        auto [ptr, ec] = std::from_chars(pop.data(), pop.data() + pop.size(), population);
        if (ec != std::errc() || ptr != pop.data() + pop.size()) tsv.Fail("population must be an integer");
      }
      uint32_t id = AddPlace(Place{Place::Kind::kCity, std::string(tsv.field(0)),
                                   std::string(tsv.field(1)), std::string(tsv.field(2)), population});
      rows.push_back(Row{id, tsv.field(4)});
    }
    // Most populous first, so FindCity() returns the biggest namesake.
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      return places_[a.id].population > places_[b.id].population;
    });
    for (const Row& row : rows) {
      cities_.Add(places_[row.id].name, row.id);
      for (auto alias : SplitList(row.aliases)) cities_.Add(alias, row.id);
    }
  }

  void LoadDemonyms(const std::filesystem::path& path) {
    TsvReader tsv(path, {"demonym", "country"});
    while (tsv.Next()) {
      auto it = country_by_code_.find(std::string(tsv.field(1)));
      if (it == country_by_code_.end()) tsv.Fail("unknown country code (not in countries.tsv)");
      demonyms_.Add(tsv.field(0), it->second);
    }
  }

  std::vector<Place> places_;
  std::unordered_map<std::string, uint32_t> country_by_code_;
  std::unordered_map<std::string, uint32_t> region_by_code_;  // while loading
  NameIndex countries_, regions_, cities_, demonyms_;
};

}  // namespace

std::unique_ptr<PlaceGazetteer> PlaceGazetteer::Load(const std::filesystem::path& gazetteer_dir) {
  return std::make_unique<TsvPlaceGazetteer>(gazetteer_dir);
}

std::unique_ptr<PlaceGazetteer> PlaceGazetteer::Restore(SnapshotReader* in) { return TsvPlaceGazetteer::Restore(in); }

}  // namespace wiretag
