#pragma once
// PlaceGazetteer answers "what place is this name?" from the committed lists in
// config/gazetteers/ (countries, cities with population, regions with ISO
// 3166-2 codes and wire-style abbreviations such as "Fla.", demonyms), plus the
// English names of the first-level divisions of every country in
// geonames/admin1.tsv when present ("Guangdong" for "Guangdong Sheng",
// "Helmand Province").
// Lookups are case-insensitive (Unicode case folding), except that short
// all-capital forms ("US", "FL") match only as written; see NameIndex.
// Load() throws std::runtime_error naming the file and line on a malformed
// list. Immutable after Load(); thread-safe; lookups do not allocate.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "pipeline/taggers/name_index.h"
#include "pipeline/taggers/snapshot_io.h"

namespace wiretag {

struct Place {
  enum class Kind : uint8_t { kCountry, kRegion, kCity };
  Kind kind;
  std::string name;         // canonical English name: "South Korea", "Dodge City"
  std::string country;      // ISO 3166-1 alpha-2
  std::string region_code;  // ISO 3166-2 for regions ("US-FL"), empty otherwise
  uint64_t population = 0;  // for cities, 0 when unknown
};

class PlaceGazetteer {
 public:
  // Throws std::runtime_error naming the file and line on a malformed list.
  static std::unique_ptr<PlaceGazetteer> Load(const std::filesystem::path& gazetteer_dir);
  virtual ~PlaceGazetteer() = default;

  // Country by any of its names or abbreviations ("U.S.", "United States", "Japan").
  virtual const Place* FindCountry(std::string_view name) const = 0;
  // A region by name or abbreviation, optionally within a country ("Fla.", "N.C.", "Bavaria").
  virtual const Place* FindRegion(std::string_view name, std::string_view country = {}) const = 0;
  // Every region of that name ("Punjab": India's, then Pakistan's), up to `max`
  // of them into out[]; returns how many. In list order.
  virtual size_t FindRegions(const NameIndex::Folded& name, const Place** out, size_t max) const = 0;
  size_t FindRegions(std::string_view name, const Place** out, size_t max) const {
    thread_local std::string buffer;
    return FindRegions(NameIndex::Fold(name, &buffer), out, max);
  }
  // FindCountry and FindRegion for a name folded beforehand.
  virtual const Place* FindCountry(const NameIndex::Folded& name) const = 0;
  virtual const Place* FindRegion(const NameIndex::Folded& name) const = 0;
  // The most populous city of that name, optionally within a country.
  virtual const Place* FindCity(std::string_view name, std::string_view country = {}) const = 0;
  // The most populous city of that name within an ISO 3166-2 region ("US-FL").
  virtual const Place* FindCityInRegion(std::string_view name, std::string_view region_code) const = 0;
  // Country of a demonym / nationality adjective ("Japanese" -> "JP"), or nullptr.
  virtual const Place* FindDemonym(std::string_view word) const = 0;

  // The loaded gazetteer as bytes, and back (for the gazetteer snapshot).
  // Restore throws SnapshotError on bytes that Save could not have written.
  virtual void Save(SnapshotWriter* out) const = 0;
  static std::unique_ptr<PlaceGazetteer> Restore(SnapshotReader* in);
};

}  // namespace wiretag
