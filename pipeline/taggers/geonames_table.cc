#include "pipeline/taggers/geonames_table.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "pipeline/taggers/case_fold.h"
#include "pipeline/taggers/tsv_reader.h"

namespace wiretag {

namespace {

constexpr std::string_view kListPath = "geonames/places.tsv";

template <typename T>
bool ParseNumber(std::string_view s, T* out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// "48.85341" -> 4885341; false unless a number within `limit` degrees.
bool ParseDegrees(std::string_view s, double limit, int32_t* out) {
  double v = 0;
  if (!ParseNumber(s, &v) || !(std::fabs(v) <= limit)) return false;
  *out = static_cast<int32_t>(std::lround(v * 1e5));
  return true;
}

}  // namespace

uint64_t GeoNamesTable::NameHash(std::string_view name) {
  thread_local std::string folded;
  folded.clear();
  AppendFoldCase(name, &folded);
  return ContentHash(folded);
}

int GeoNamesTable::CountrySlot(std::string_view code) {
  if (code.size() != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z') return -1;
  return (code[0] - 'A') * 26 + (code[1] - 'A');
}

std::vector<std::filesystem::path> GeoNamesTable::ListFiles(const std::filesystem::path& gazetteer_dir) {
  std::error_code ec;
  const auto path = gazetteer_dir / kListPath;
  if (!std::filesystem::is_regular_file(path, ec)) return {};
  return {path};
}

std::unique_ptr<GeoNamesTable> GeoNamesTable::Load(const std::filesystem::path& gazetteer_dir) {
  auto table = std::make_unique<GeoNamesTable>();
  const auto files = ListFiles(gazetteer_dir);
  if (files.empty()) return table;
  TsvReader tsv(files[0], {"kind", "geonameid", "name", "country", "admin1", "population", "lat", "lon", "aliases"});
  table->records_.reserve(tsv.line_count());
  table->names_.reserve(tsv.line_count() + tsv.line_count() / 4);
  while (tsv.Next()) {
    Record r{};
    const std::string_view kind = tsv.field(0);
    if (kind == "country") r.kind = Kind::kCountry;
    else if (kind == "admin1") r.kind = Kind::kAdmin1;
    else if (kind == "city") r.kind = Kind::kCity;
    else tsv.Fail("kind must be country, admin1 or city");
    if (!ParseNumber(tsv.field(1), &r.geonames_id) || r.geonames_id == 0) tsv.Fail("geonameid must be a positive integer");
    if (tsv.field(2).empty()) tsv.Fail("empty name");
    const int slot = CountrySlot(tsv.field(3));
    if (slot < 0) tsv.Fail("country must be ISO 3166-1 alpha-2");
    r.country[0] = tsv.field(3)[0];
    r.country[1] = tsv.field(3)[1];
    const std::string_view admin1 = tsv.field(4);
    if (admin1.size() > std::numeric_limits<uint8_t>::max()) tsv.Fail("admin1 code too long");
    r.admin1_offset = static_cast<uint32_t>(table->text_.size());
    r.admin1_size = static_cast<uint8_t>(admin1.size());
    table->text_.append(admin1);
    if (!ParseNumber(tsv.field(5), &r.population)) tsv.Fail("population must be an integer");
    if (tsv.field(6).empty() && tsv.field(7).empty()) {
      r.lat_e5 = r.lon_e5 = kNoCoordinate;
    } else if (!ParseDegrees(tsv.field(6), 90, &r.lat_e5) || !ParseDegrees(tsv.field(7), 180, &r.lon_e5)) {
      tsv.Fail("lat and lon must be degrees (or both empty)");
    }
    const auto id = static_cast<uint32_t>(table->records_.size());
    table->records_.push_back(r);
    if (r.kind == Kind::kCountry && table->country_index_[slot] == 0) table->country_index_[slot] = id + 1;
    const uint64_t name_hash = NameHash(tsv.field(2));
    table->names_.push_back({name_hash, id});
    for (auto alias : SplitList(tsv.field(8))) {
      const uint64_t alias_hash = NameHash(alias);
      if (alias_hash != name_hash) table->names_.push_back({alias_hash, id});
    }
  }
  std::stable_sort(table->names_.begin(), table->names_.end(),
                   [](const NameEntry& a, const NameEntry& b) { return a.hash < b.hash; });
  // A place named twice the same way ("Zurich" as alias of "Zurich") once.
  table->names_.erase(std::unique(table->names_.begin(), table->names_.end(),
                                  [](const NameEntry& a, const NameEntry& b) { return a.hash == b.hash && a.id == b.id; }),
                      table->names_.end());
  return table;
}

const GeoNamesTable::Record* GeoNamesTable::Country(std::string_view code) const {
  const int slot = CountrySlot(code);
  if (slot < 0 || country_index_[slot] == 0) return nullptr;
  return &records_[country_index_[slot] - 1];
}

const GeoNamesTable::Record* GeoNamesTable::Admin1(std::string_view country, std::string_view admin1) const {
  if (admin1.empty()) return nullptr;
  // Few first-level divisions are listed (the US states), kept before the cities.
  for (const Record& r : records_) {
    if (r.kind == Kind::kCity) continue;
    if (r.kind == Kind::kAdmin1 && r.country_code() == country && Admin1Code(r) == admin1) return &r;
  }
  return nullptr;
}

GeoRef GeoNamesTable::ToGeoRef(const Record& r) {
  GeoRef g;
  g.geonames_id = r.geonames_id;
  g.country.assign(r.country, 2);
  if (r.lat_e5 != kNoCoordinate) {
    g.lat = r.lat_e5 / 1e5;
    g.lon = r.lon_e5 / 1e5;
  }
  return g;
}

void GeoNamesTable::Save(SnapshotWriter* out) const {
  out->Vector(records_);
  out->String(text_);
  out->Vector(names_);
  out->Value(country_index_);
}

std::unique_ptr<GeoNamesTable> GeoNamesTable::Restore(SnapshotReader* in) {
  auto table = std::make_unique<GeoNamesTable>();
  in->Vector(&table->records_);
  table->text_ = std::string(in->String());
  in->Vector(&table->names_);
  table->country_index_ = in->Value<std::array<uint32_t, 26 * 26>>();
  const size_t n = table->records_.size();
  for (const Record& r : table->records_) {
    if (static_cast<uint8_t>(r.kind) > static_cast<uint8_t>(Kind::kCity) ||
        uint64_t{r.admin1_offset} + r.admin1_size > table->text_.size())
      throw SnapshotError("geonames: record");
  }
  bool ok = std::is_sorted(table->names_.begin(), table->names_.end(),
                           [](const NameEntry& a, const NameEntry& b) { return a.hash < b.hash; });
  for (const NameEntry& e : table->names_) ok &= e.id < n;
  for (uint32_t v : table->country_index_) ok &= v <= n;
  if (!ok) throw SnapshotError("geonames: id");
  return table;
}

}  // namespace wiretag
