#include "pipeline/taggers/geonames_table.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "pipeline/taggers/case_fold.h"
#include "pipeline/taggers/tsv_reader.h"

namespace wiretag {

namespace {

constexpr std::string_view kListPath = "geonames/places.tsv";
constexpr std::string_view kDivisionsPath = "geonames/admin1.tsv";

// "CN" '.' "30" -> "CN.30", in a thread-local buffer (valid until the next call).
std::string_view CodeKey(std::string_view country, char sep, std::string_view code) {
  thread_local std::string key;
  key.assign(country);
  key += sep;
  key.append(code);
  return key;
}

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
  std::vector<std::filesystem::path> files;
  for (std::string_view list : {kListPath, kDivisionsPath}) {
    std::error_code ec;
    const auto path = gazetteer_dir / list;
    if (std::filesystem::is_regular_file(path, ec)) files.push_back(path);
  }
  return files;
}

std::unique_ptr<GeoNamesTable> GeoNamesTable::Load(const std::filesystem::path& gazetteer_dir) {
  auto table = std::make_unique<GeoNamesTable>();
  for (const auto& file : ListFiles(gazetteer_dir)) {
    if (file.filename() == std::filesystem::path(kDivisionsPath).filename()) table->LoadDivisions(file);
    else table->LoadPlaces(file);
  }
  auto by_hash = [](const NameEntry& a, const NameEntry& b) { return a.hash < b.hash; };
  std::stable_sort(table->names_.begin(), table->names_.end(), by_hash);
  // A place named twice the same way ("Zurich" as alias of "Zurich") once.
  table->names_.erase(std::unique(table->names_.begin(), table->names_.end(),
                                  [](const NameEntry& a, const NameEntry& b) { return a.hash == b.hash && a.id == b.id; }),
                      table->names_.end());
  std::stable_sort(table->codes_.begin(), table->codes_.end(), by_hash);
  return table;
}

void GeoNamesTable::AddNames(uint32_t id, std::string_view name, std::string_view aliases) {
  const uint64_t name_hash = NameHash(name);
  names_.push_back({name_hash, id});
  for (auto alias : SplitList(aliases)) {
    const uint64_t alias_hash = NameHash(alias);
    if (alias_hash != name_hash) names_.push_back({alias_hash, id});
  }
}

// The columns places.tsv and admin1.tsv share: geonameid, name, country and
// admin1 (both checked by the caller), population, lat, lon.
void GeoNamesTable::ReadSharedColumns(TsvReader& tsv, Record* r) {
  if (!ParseNumber(tsv.field(1), &r->geonames_id) || r->geonames_id == 0) tsv.Fail("geonameid must be a positive integer");
  if (tsv.field(2).empty()) tsv.Fail("empty name");
  r->country[0] = tsv.field(3)[0];
  r->country[1] = tsv.field(3)[1];
  const std::string_view admin1 = tsv.field(4);
  r->admin1_offset = static_cast<uint32_t>(text_.size());
  r->admin1_size = static_cast<uint8_t>(admin1.size());
  text_.append(admin1);
  if (!ParseNumber(tsv.field(5), &r->population)) tsv.Fail("population must be an integer");
  if (tsv.field(6).empty() && tsv.field(7).empty()) {
    r->lat_e5 = r->lon_e5 = kNoCoordinate;
  } else if (!ParseDegrees(tsv.field(6), 90, &r->lat_e5) || !ParseDegrees(tsv.field(7), 180, &r->lon_e5)) {
    tsv.Fail("lat and lon must be degrees (or both empty)");
  }
}

void GeoNamesTable::LoadPlaces(const std::filesystem::path& path) {
  TsvReader tsv(path, {"kind", "geonameid", "name", "country", "admin1", "population", "lat", "lon", "aliases"});
  records_.reserve(records_.size() + tsv.line_count());
  names_.reserve(names_.size() + tsv.line_count() + tsv.line_count() / 4);
  while (tsv.Next()) {
    Record r{};
    const std::string_view kind = tsv.field(0);
    if (kind == "country") r.kind = Kind::kCountry;
    else if (kind == "admin1") r.kind = Kind::kAdmin1;
    else if (kind == "city") r.kind = Kind::kCity;
    else tsv.Fail("kind must be country, admin1 or city");
    const int slot = CountrySlot(tsv.field(3));
    if (slot < 0) tsv.Fail("country must be ISO 3166-1 alpha-2");
    const std::string_view admin1 = tsv.field(4);
    if (admin1.size() > std::numeric_limits<uint8_t>::max()) tsv.Fail("admin1 code too long");
    ReadSharedColumns(tsv, &r);
    const auto id = static_cast<uint32_t>(records_.size());
    records_.push_back(r);
    if (r.kind == Kind::kCountry && country_index_[slot] == 0) country_index_[slot] = id + 1;
    if (r.kind == Kind::kAdmin1 && !admin1.empty()) codes_.push_back({ContentHash(CodeKey(tsv.field(3), '.', admin1)), id});
    AddNames(id, tsv.field(2), tsv.field(8));
  }
}

void GeoNamesTable::LoadDivisions(const std::filesystem::path& path) {
  TsvReader tsv(path, {"code", "geonameid", "name", "country", "admin1", "population", "lat", "lon", "aliases"});
  records_.reserve(records_.size() + tsv.line_count());
  while (tsv.Next()) {
    Record r{};
    r.kind = Kind::kAdmin1;
    const std::string_view code = tsv.field(0), country = tsv.field(3), admin1 = tsv.field(4);
    if (CountrySlot(country) < 0 || code.size() < 4 || code.substr(0, 2) != country || code[2] != '-')
      tsv.Fail("code must be ISO 3166-2 of its country");
    if (admin1.empty() || admin1.size() > std::numeric_limits<uint8_t>::max()) tsv.Fail("admin1 code empty or too long");
    ReadSharedColumns(tsv, &r);
    const auto id = static_cast<uint32_t>(records_.size());
    records_.push_back(r);
    codes_.push_back({ContentHash(code), id});
    codes_.push_back({ContentHash(CodeKey(country, '.', admin1)), id});
    AddNames(id, tsv.field(2), tsv.field(8));
  }
}

const GeoNamesTable::Record* GeoNamesTable::Country(std::string_view code) const {
  const int slot = CountrySlot(code);
  if (slot < 0 || country_index_[slot] == 0) return nullptr;
  return &records_[country_index_[slot] - 1];
}

const GeoNamesTable::Record* GeoNamesTable::FindCode(std::string_view key) const {
  const uint64_t hash = ContentHash(key);
  auto it = std::lower_bound(codes_.begin(), codes_.end(), hash,
                             [](const NameEntry& e, uint64_t h) { return e.hash < h; });
  return it != codes_.end() && it->hash == hash ? &records_[it->id] : nullptr;
}

const GeoNamesTable::Record* GeoNamesTable::Admin1(std::string_view country, std::string_view admin1) const {
  if (admin1.empty() || country.size() != 2) return nullptr;
  const Record* r = FindCode(CodeKey(country, '.', admin1));
  return r && r->country_code() == country && Admin1Code(*r) == admin1 ? r : nullptr;
}

const GeoNamesTable::Record* GeoNamesTable::Division(std::string_view code) const {
  if (code.size() < 4 || code[2] != '-') return nullptr;
  const Record* r = FindCode(code);
  if (r && r->country_code() == code.substr(0, 2)) return r;
  // A US state's GeoNames code is its postal code, the ISO code's suffix
  // (for a list that gives US states without their ISO codes).
  return code.substr(0, 3) == "US-" ? Admin1("US", code.substr(3)) : nullptr;
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
  out->Vector(codes_);
  out->Value(country_index_);
}

std::unique_ptr<GeoNamesTable> GeoNamesTable::Restore(SnapshotReader* in) {
  auto table = std::make_unique<GeoNamesTable>();
  in->Vector(&table->records_);
  table->text_ = std::string(in->String());
  in->Vector(&table->names_);
  in->Vector(&table->codes_);
  table->country_index_ = in->Value<std::array<uint32_t, 26 * 26>>();
  const size_t n = table->records_.size();
  for (const Record& r : table->records_) {
    if (static_cast<uint8_t>(r.kind) > static_cast<uint8_t>(Kind::kCity) ||
        uint64_t{r.admin1_offset} + r.admin1_size > table->text_.size())
      throw SnapshotError("geonames: record");
  }
  bool ok = std::is_sorted(table->names_.begin(), table->names_.end(),
                           [](const NameEntry& a, const NameEntry& b) { return a.hash < b.hash; });
  ok &= std::is_sorted(table->codes_.begin(), table->codes_.end(),
                       [](const NameEntry& a, const NameEntry& b) { return a.hash < b.hash; });
  for (const NameEntry& e : table->names_) ok &= e.id < n;
  for (const NameEntry& e : table->codes_) ok &= e.id < n;
  for (uint32_t v : table->country_index_) ok &= v <= n;
  if (!ok) throw SnapshotError("geonames: id");
  return table;
}

}  // namespace wiretag
