#pragma once
// The tags wiretag attaches to one story: its dateline, the agencies it names and
// its entities. Plain values; the taggers fill them, the formats serialise them.
//
// Offsets: every start/end here is a BYTE offset into the UTF-8 text that was
// tagged, end exclusive. The record writer converts them to Unicode code-point
// offsets (the output contract) in one pass, so taggers never count code points.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wiretag {

enum class EntityType : uint8_t { kPerson, kOrganisation, kLocation, kMisc };

// "PER", "ORG", "LOC", "MISC" (CoNLL-2003 names).
const char* EntityTypeName(EntityType type);

// Which text of the story a span refers to.
enum class Field : uint8_t { kBody, kHeadline };

// Where a place is, from GeoNames (geonames_table.h): attached to LOC entities
// and the dateline by PlaceResolver when the name picks one place.
struct GeoRef {
  uint32_t geonames_id = 0;        // https://sws.geonames.org/<id>/
  std::string country;             // ISO 3166-1 alpha-2
  std::optional<double> lat, lon;  // WGS84 degrees; none for countries and US states
  bool operator==(const GeoRef&) const = default;
};

struct Entity {
  EntityType type;
  uint32_t start = 0;  // byte offset, inclusive
  uint32_t end = 0;    // byte offset, exclusive
  std::string text;       // exactly text[start:end]
  std::string canonical;  // the full name this mention refers to ("Mattis" -> "Jim Mattis")
  Field field = Field::kBody;
  std::optional<GeoRef> geo;  // LOC only, when PlaceResolver resolved it
};

struct Dateline {
  uint32_t start = 0;  // byte offsets of the whole dateline, e.g. "SEOUL, Aug. 18 (Yonhap) --"
  uint32_t end = 0;
  std::string text;
  std::string city;                        // title case as a person writes it: "Dodge City"
  uint32_t city_start = 0, city_end = 0;   // byte span of the city as written
  std::optional<std::string> region;       // as written: "Fla."
  std::optional<std::string> region_code;  // ISO 3166-2 when known: "US-FL"
  std::optional<std::string> country;      // ISO 3166-1 alpha-2 when the place resolves
  std::optional<std::string> date;         // ISO 8601 "2017-08-18"
  std::optional<std::string> agency;       // canonical agency name from the parenthetical
  std::optional<GeoRef> geo;               // the city's GeoNames place, when PlaceResolver resolved it
};

enum class AgencyRole : uint8_t { kSource, kMentioned };

struct AgencyMention {
  std::string name;  // canonical name from the agency table: "Yonhap"
  std::string code;  // short code: "YNA"
  AgencyRole role = AgencyRole::kMentioned;
  uint32_t start = 0, end = 0;  // byte span in the tagged text; 0,0 when from metadata only
  bool from_metadata = false;   // true when found in infosources/copyrightholder/by, not the text
};

struct Tags {
  std::optional<Dateline> dateline;
  std::vector<AgencyMention> agencies;
  std::vector<Entity> entities;  // sorted by (field, start)
};

}  // namespace wiretag
