#pragma once
// PlaceResolver attaches GeoNames places (id, country, coordinates) to the
// spans the taggers found: the dateline city and every LOC entity. It runs
// after the taggers and never adds, removes or retypes a span.
//
// Choosing among places of the same name ("Paris": France, Texas, Ontario...):
//  1. A country name ("Georgia", "U.S.", via the place gazetteer) is the
//     country, unless the context below holds a same-named US state.
//  2. A region the place gazetteer knows ("Texas", "Ontario", "Punjab") is
//     placed only in its own country (one of its countries), never at a
//     same-named city abroad; every country's first-level divisions are listed
//     (geonames/admin1.tsv), found by their ISO 3166-2 code.
//  3. Context, first that has a place of the name wins: the region or country
//     written right after the name ("Paris, Texas"); the dateline's region and
//     country; then the countries and US states named in the story, nearest first.
//  4. Within the chosen places (or all of them when no context matched): a
//     country before a first-level division before a city, except that a city of
//     at least 500,000 inhabitants beats a same-named division ("New York",
//     "Washington"), and outside the US so does a city of 100,000 inside the
//     division that bears its name ("Kandahar": the city, not the province);
//     among cities, the most populous when it has at least five times the
//     inhabitants of the next; otherwise the name is left without a place.
// A dateline city prefers cities to states and countries ("NEW YORK --").
// Names GeoNames does not list get no place. Each mention's name is case-folded
// once for all its lookups.
//
// Immutable; Resolve() is const and thread-safe. Both referents must outlive it.

#include <optional>
#include <string_view>
#include <vector>

#include "pipeline/taggers/geonames_table.h"
#include "pipeline/taggers/place_gazetteer.h"
#include "pipeline/taggers/tags.h"

namespace wiretag {

class PlaceResolver {
 public:
  PlaceResolver(const GeoNamesTable& geonames, const PlaceGazetteer& places);

  // Sets `geo` on tags->dateline and on each LOC entity (body and headline)
  // whose name picks one place. `body` is the text the body offsets refer to
  // (for "Paris, Texas": what lies between two names).
  void Resolve(std::string_view body, Tags* tags) const;

  // Where one name is placed, given the story's context (for tests and callers
  // outside a story).
  struct Anchor {        // a country or region the story names
    std::string_view country;  // ISO alpha-2
    std::string_view admin1;   // GeoNames first-level code ("FL", "30"), or empty
  };
  struct Context {
    std::vector<Anchor> anchors;  // in the order to try them (most telling first)
    bool prefer_city = false;     // a dateline city
  };
  std::optional<GeoRef> ResolveName(std::string_view name, const Context& context) const;

 private:
  using Record = GeoNamesTable::Record;
  // What the place gazetteer says of one name: its country and regions. A
  // LOC mention's are looked up once, when its anchor is taken, and serve
  // its resolution too (lookups in tables of tens of thousands of names).
  static constexpr size_t kMaxRegionsOfName = 8;  // "Punjab": India's and Pakistan's
  struct NameLookups {
    const Place* country = nullptr;
    const Place* regions[kMaxRegionsOfName];
    size_t num_regions = 0;
  };
  NameLookups LookUp(const NameIndex::Folded& name) const;
  std::optional<GeoRef> ResolveFolded(const NameIndex::Folded& name, const NameLookups& lookups,
                                      const Context& context) const;
  void Candidates(const NameIndex::Folded& name, const NameLookups& lookups, std::vector<const Record*>* out) const;
  const Record* Pick(const std::vector<const Record*>& candidates, bool prefer_city) const;
  // What a LOC name anchors as context (a country or a region), if anything.
  std::optional<Anchor> AnchorOf(const NameLookups& lookups) const;
  std::optional<Anchor> AnchorOf(std::string_view name) const;
  // A listed division whose towns hold fewer than 100,000 people: it is named
  // only in its own country's context and anchors nothing.
  bool IsSmallDivision(const Place* region) const;
  // The GeoNames first-level code of a gazetteer region ("30" for CN-GD), or empty.
  std::string_view Admin1OfRegion(const Place& region) const;

  const GeoNamesTable& geonames_;
  const PlaceGazetteer& places_;
};

}  // namespace wiretag
