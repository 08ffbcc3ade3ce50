#pragma once
// GeoNamesTable holds the GeoNames ids, countries and coordinates of
// config/gazetteers/geonames/places.tsv (countries and cities of at least 5,000
// inhabitants; built by config/gazetteers/build_geonames.py) and
// geonames/admin1.tsv (the first-level divisions of every country with their
// ISO 3166-2 codes; build_admin1.py), and finds them by name,
// case-insensitively (Unicode case folding), and divisions by ISO 3166-2 or
// GeoNames code. It only answers "which places bear this name"; choosing among
// them is PlaceResolver's job.
//
// Names are kept as a sorted array of 64-bit hashes of their folded form, not a
// NameIndex: with ~78,000 names a NameIndex's half-empty table of slots would
// double the gazetteer snapshot (and the start-up time spent copying and
// checksumming it); a lookup is a binary search instead. Two distinct names
// share a hash with odds of about one in 10^10.
//
// A gazetteer directory without these files gives an empty table (every lookup
// finds nothing), so older or hand-made config directories keep working.
// Load() throws std::runtime_error naming the file and line on a malformed
// list. Immutable after Load(); thread-safe; lookups do not allocate.

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/taggers/name_index.h"
#include "pipeline/taggers/snapshot_io.h"
#include "pipeline/taggers/tags.h"

namespace wiretag {

class TsvReader;

class GeoNamesTable {
 public:
  enum class Kind : uint8_t { kCountry, kAdmin1, kCity };
  // One place, 24 bytes without padding (the snapshot stores the vector as is).
  struct Record {
    uint32_t geonames_id;
    int32_t lat_e5;  // degrees times 100,000; kNoCoordinate for countries (and divisions without)
    int32_t lon_e5;
    uint32_t population;
    uint32_t admin1_offset;  // the GeoNames admin1 code ("FL", "08") in the table's text
    uint8_t admin1_size;
    Kind kind;
    char country[2];  // ISO 3166-1 alpha-2
    std::string_view country_code() const { return {country, 2}; }
  };
  static constexpr int32_t kNoCoordinate = INT32_MIN;

  // Reads gazetteer_dir/geonames/places.tsv and admin1.tsv (formats in SOURCES.md).
  static std::unique_ptr<GeoNamesTable> Load(const std::filesystem::path& gazetteer_dir);

  // The list files Load() reads (for the gazetteer snapshot's fingerprint).
  static std::vector<std::filesystem::path> ListFiles(const std::filesystem::path& gazetteer_dir);

  // Calls fn(const Record&) for each place named `name` (its name, or its
  // name without accents), in the list's order.
  template <typename Fn>
  void ForEachNamed(std::string_view name, Fn&& fn) const {
    ForEachWithHash(NameHash(name), fn);
  }
  // The same for a name folded beforehand (NameIndex::Fold).
  template <typename Fn>
  void ForEachNamed(const NameIndex::Folded& name, Fn&& fn) const {
    ForEachWithHash(ContentHash(name.folded), fn);
  }
  template <typename Fn>
  void ForEachWithHash(uint64_t hash, Fn&& fn) const {    auto it = std::lower_bound(names_.begin(), names_.end(), hash,
                               [](const NameEntry& e, uint64_t h) { return e.hash < h; });
    for (; it != names_.end() && it->hash == hash; ++it) fn(records_[it->id]);
  }

  // The country with that ISO code, or nullptr.
  const Record* Country(std::string_view code) const;
  // The first-level division `admin1` of `country` ("US", "FL"; "CN", "30"), or nullptr.
  const Record* Admin1(std::string_view country, std::string_view admin1) const;
  // The first-level division with ISO 3166-2 code `code` ("CN-GD"), or nullptr.
  const Record* Division(std::string_view code) const;

  std::string_view Admin1Code(const Record& r) const {
    return std::string_view(text_).substr(r.admin1_offset, r.admin1_size);
  }
  static GeoRef ToGeoRef(const Record& r);

  size_t size() const { return records_.size(); }

  // The table as bytes, and back (for the gazetteer snapshot). Restore throws
  // SnapshotError on bytes that Save could not have written.
  void Save(SnapshotWriter* out) const;
  static std::unique_ptr<GeoNamesTable> Restore(SnapshotReader* in);

 private:
  struct NameEntry {  // 16 bytes, no padding
    uint64_t hash;    // NameHash of the name
    uint64_t id;      // index into records_
  };
  static uint64_t NameHash(std::string_view name);  // of the case-folded name
  const Record* FindCode(std::string_view key) const;  // in codes_
  void LoadPlaces(const std::filesystem::path& path);
  void LoadDivisions(const std::filesystem::path& path);
  void ReadSharedColumns(TsvReader& tsv, Record* r);
  void AddNames(uint32_t id, std::string_view name, std::string_view aliases);
  static int CountrySlot(std::string_view code);  // 0..675, or -1

  std::vector<Record> records_;
  std::string text_;  // admin1 codes back to back
  std::vector<NameEntry> names_;  // sorted by hash; a name's places in list order
  // Divisions by ContentHash of their ISO code ("CN-GD") and of country and
  // GeoNames code ("CN.30"), sorted by hash.
  std::vector<NameEntry> codes_;
  std::array<uint32_t, 26 * 26> country_index_{};  // record index + 1 per country code, 0 for none
};

}  // namespace wiretag
