#include "pipeline/taggers/place_resolver.h"

#include <algorithm>

namespace wiretag {

namespace {

// A city this big is what a same-named state's name means in news ("New York").
constexpr uint32_t kCityOverStatePopulation = 500000;
// The most populous namesake wins only when this many times bigger than the next.
constexpr uint64_t kDominance = 5;
// How many of the story's named countries and states, nearest first, a name is tried in.
constexpr size_t kMaxStoryAnchors = 8;
// No entity starts here (headline anchors sort last, at UINT32_MAX).
constexpr uint32_t kNoStart = UINT32_MAX - 1;

struct PlacedAnchor {
  PlaceResolver::Anchor anchor;
  uint32_t start;
};

// A city of the name inside a same-named division this big is what the name means
// outside the US ("Kandahar": the city, not the province).
constexpr uint32_t kCityOverOwnDivisionPopulation = 100000;
// A division whose towns hold fewer people is named only in its country's context
// (population 0: unknown, as for a list without the column).
constexpr uint32_t kSmallestDivision = 100000;

// Codes of two or three bytes, compared without a memcmp call: a mention's
// context is deduplicated with up to 64 of these comparisons.
bool SameCode(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

bool SameAnchor(const PlaceResolver::Anchor& a, const PlaceResolver::Anchor& b) {
  return SameCode(a.country, b.country) && SameCode(a.admin1, b.admin1);
}

}  // namespace

PlaceResolver::PlaceResolver(const GeoNamesTable& geonames, const PlaceGazetteer& places)
    : geonames_(geonames), places_(places) {}

std::string_view PlaceResolver::Admin1OfRegion(const Place& region) const {
  const Record* division = geonames_.Division(region.region_code);
  return division ? geonames_.Admin1Code(*division) : std::string_view();
}

PlaceResolver::NameLookups PlaceResolver::LookUp(const NameIndex::Folded& name) const {
  NameLookups found;
  found.country = places_.FindCountry(name);
  found.num_regions = places_.FindRegions(name, found.regions, kMaxRegionsOfName);
  return found;
}

void PlaceResolver::Candidates(const NameIndex::Folded& name, const NameLookups& lookups,
                               std::vector<const Record*>* out) const {
  out->clear();
  auto add = [&](const Record* r) {
    if (r && std::find(out->begin(), out->end(), r) == out->end()) out->push_back(r);
  };
  if (lookups.country) add(geonames_.Country(lookups.country->country));
  for (size_t k = 0; k < lookups.num_regions; ++k) add(geonames_.Division(lookups.regions[k]->region_code));
  geonames_.ForEachNamed(name, [&](const Record& r) { add(&r); });
}

const PlaceResolver::Record* PlaceResolver::Pick(const std::vector<const Record*>& candidates,
                                                 bool prefer_city) const {
  const Record* country = nullptr;
  const Record* first = nullptr;   // most populous city
  const Record* second = nullptr;  // next most populous city
  const Record* admin1 = nullptr;  // most populous division
  const Record* admin1_next = nullptr;
  size_t admin1s = 0;
  auto rank = [](const Record* r, const Record** top, const Record** next) {
    if (!*top || r->population > (*top)->population) {
      *next = *top;
      *top = r;
    } else if (!*next || r->population > (*next)->population) {
      *next = r;
    }
  };
  for (const Record* r : candidates) {
    switch (r->kind) {
      case GeoNamesTable::Kind::kCountry: country = r; break;
      case GeoNamesTable::Kind::kAdmin1: rank(r, &admin1, &admin1_next); ++admin1s; break;
      case GeoNamesTable::Kind::kCity: rank(r, &first, &second); break;
    }
  }
  auto dominant = [](const Record* top, const Record* next) {
    return top && (!next || uint64_t{top->population} >= kDominance * std::max<uint64_t>(next->population, 1));
  };
  const Record* city = dominant(first, second) ? first : nullptr;
  // Of same-named divisions (Florida: the US state, Uruguay's department), the
  // far more populous one; otherwise none.
  if (admin1s > 1 && !dominant(admin1, admin1_next)) admin1 = nullptr;
  if (prefer_city) {
    if (first) return city;
    if (admin1s > 0) return admin1;
    return country;
  }
  if (country) return country;
  if (first && first->population >= kCityOverStatePopulation) return city;  // "New York", "Moscow"
  if (admin1s > 0) {
    if (!admin1) return nullptr;
    // Outside the US a division is mostly named after its capital: "Kandahar" is the city.
    if (first && admin1->country_code() != "US" && first->population >= kCityOverOwnDivisionPopulation &&
        first->country_code() == admin1->country_code() && geonames_.Admin1Code(*first) == geonames_.Admin1Code(*admin1))
      return city;
    return admin1;
  }
  return city;
}

std::optional<GeoRef> PlaceResolver::ResolveName(std::string_view name, const Context& context) const {
  thread_local std::string folded;
  const NameIndex::Folded f = NameIndex::Fold(name, &folded);
  return ResolveFolded(f, LookUp(f), context);
}

std::optional<GeoRef> PlaceResolver::ResolveFolded(const NameIndex::Folded& name, const NameLookups& lookups,
                                                   const Context& context) const {
  thread_local std::vector<const Record*> candidates;
  thread_local std::vector<const Record*> within;
  Candidates(name, lookups, &candidates);
  if (candidates.empty()) return std::nullopt;
  const Record* country = nullptr;
  for (const Record* r : candidates)
    if (r->kind == GeoNamesTable::Kind::kCountry) country = r;
  // A country's name is the country, unless the context names a same-named
  // US state's country ("Georgia" in a story datelined Atlanta; not "Niger",
  // Nigeria's state, in a Nigerian story); a city of the name never outweighs
  // the country ("Jordan" in a Washington story).
  if (country && !context.prefer_city) {
    for (const Anchor& anchor : context.anchors) {
      if (anchor.country == country->country_code()) break;
      for (const Record* r : candidates)
        if (r->kind == GeoNamesTable::Kind::kAdmin1 && r->country_code() == anchor.country &&
            r->country_code() == "US")
          return GeoNamesTable::ToGeoRef(*r);
    }
    return GeoNamesTable::ToGeoRef(*country);
  }
  // A region the place gazetteer knows ("Ontario", "East Java", "Punjab") names
  // a place in its own country (one of them) or none: not a same-named city
  // abroad (Ontario, California).
  if (!context.prefer_city) {
    const Place* regions[kMaxRegionsOfName];
    size_t n = 0;
    // Only a division of some size confines the name ("Ontario"); a parish of a
    // few thousand people does not ("Charlotte", Saint Vincent).
    for (size_t k = 0; k < lookups.num_regions; ++k)
      if (!IsSmallDivision(lookups.regions[k])) regions[n++] = lookups.regions[k];
    if (n > 0) {
      candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                      [&](const Record* r) {
                                        if (r->kind == GeoNamesTable::Kind::kAdmin1) return false;
                                        for (size_t k = 0; k < n; ++k)
                                          if (r->country_code() == regions[k]->country) return false;
                                        return true;
                                      }),
                       candidates.end());
      if (candidates.empty()) return std::nullopt;
    }
  }
  for (const Anchor& anchor : context.anchors) {
    within.clear();
    if (!anchor.admin1.empty()) {
      for (const Record* r : candidates)
        if (SameCode(r->country_code(), anchor.country) && SameCode(geonames_.Admin1Code(*r), anchor.admin1))
          within.push_back(r);
    }
    if (within.empty()) {
      for (const Record* r : candidates)
        if (SameCode(r->country_code(), anchor.country)) within.push_back(r);
    }
    if (within.empty()) continue;
    const Record* picked = Pick(within, context.prefer_city);
    if (!picked) return std::nullopt;  // several places of the name in the context: ambiguous
    return GeoNamesTable::ToGeoRef(*picked);
  }
  // No context: a small division abroad ("Hanover", Jamaica), or one named by a
  // short capital form outside the US ("NL", "BC"; "NY" stays New York), is not
  // what a lone name means.
  const bool short_form = NameIndex::IsExactOnlyForm(name.written);
  candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                  [&](const Record* r) {
                                    return r->kind == GeoNamesTable::Kind::kAdmin1 &&
                                           ((short_form && r->country_code() != "US") ||
                                            (r->population != 0 && r->population < kSmallestDivision));
                                  }),
                   candidates.end());
  const Record* picked = Pick(candidates, context.prefer_city);
  if (!picked) return std::nullopt;
  return GeoNamesTable::ToGeoRef(*picked);
}

std::optional<PlaceResolver::Anchor> PlaceResolver::AnchorOf(const NameLookups& lookups) const {
  if (lookups.country) return Anchor{lookups.country->country, {}};
  // The first region of the name that is no small division ("Hanover" names a
  // Jamaican parish of 18,000 people and many towns: it anchors nothing).
  for (size_t k = 0; k < lookups.num_regions; ++k)
    if (!IsSmallDivision(lookups.regions[k]))
      return Anchor{lookups.regions[k]->country, Admin1OfRegion(*lookups.regions[k])};
  return std::nullopt;
}

bool PlaceResolver::IsSmallDivision(const Place* region) const {
  const Record* division = geonames_.Division(region->region_code);
  return division && division->population != 0 && division->population < kSmallestDivision;
}

std::optional<PlaceResolver::Anchor> PlaceResolver::AnchorOf(std::string_view name) const {
  thread_local std::string folded;
  return AnchorOf(LookUp(NameIndex::Fold(name, &folded)));
}

void PlaceResolver::Resolve(std::string_view body, Tags* tags) const {
  if (geonames_.size() == 0) return;
  // Each LOC mention's name, folded once for every lookup below (an entity's
  // slot is empty unless it is a LOC).
  thread_local std::vector<std::string> folded;
  thread_local std::vector<NameLookups> lookups;  // each LOC mention's, taken with its anchor
  if (folded.size() < tags->entities.size()) folded.resize(tags->entities.size());
  if (lookups.size() < tags->entities.size()) lookups.resize(tags->entities.size());
  auto name_of = [&](size_t i) {
    const Entity& e = tags->entities[i];
    return NameIndex::Folded{e.canonical.empty() ? std::string_view(e.text) : std::string_view(e.canonical), folded[i]};
  };
  // The countries and states the story names, in text order (body first).
  std::vector<PlacedAnchor> named;
  for (size_t i = 0; i < tags->entities.size(); ++i) {
    const Entity& e = tags->entities[i];
    folded[i].clear();
    if (e.type != EntityType::kLocation) continue;
    NameIndex::Fold(e.canonical.empty() ? e.text : e.canonical, &folded[i]);
    lookups[i] = LookUp(name_of(i));
    std::optional<Anchor> a = AnchorOf(lookups[i]);
    if (!a && !e.canonical.empty() && e.canonical != e.text) a = AnchorOf(e.text);
    if (a) named.push_back({*a, e.field == Field::kBody ? e.start : UINT32_MAX});
  }
  std::optional<Anchor> dateline_anchor;
  if (tags->dateline && tags->dateline->country) {
    const Dateline& d = *tags->dateline;
    // Views into the dateline, which outlives them (value_or would make a temporary).
    const std::string_view region_code = d.region_code ? std::string_view(*d.region_code) : std::string_view();
    const Record* division = region_code.empty() ? nullptr : geonames_.Division(region_code);
    dateline_anchor = Anchor{*d.country, division ? geonames_.Admin1Code(*division) : std::string_view()};
  }

  Context context;
  auto add_anchor = [&](const Anchor& a) {
    for (const Anchor& have : context.anchors)
      if (SameAnchor(have, a)) return;
    context.anchors.push_back(a);
  };
  // The story's anchors nearest to byte `at` of the body, but for the name's own
  // (a state's name would otherwise confine itself: "Washington" to Washington state).
  auto add_story_anchors = [&](uint32_t at, uint32_t own_start) {
    auto right = std::lower_bound(named.begin(), named.end(), at,
                                  [](const PlacedAnchor& p, uint32_t v) { return p.start < v; });
    auto left = right;
    const size_t limit = context.anchors.size() + kMaxStoryAnchors;
    while (context.anchors.size() < limit && (left != named.begin() || right != named.end())) {
      const bool take_left = left != named.begin() &&
                             (right == named.end() || at - std::prev(left)->start <= right->start - at);
      const PlacedAnchor& p = take_left ? *--left : *right++;
      if (p.start != own_start) add_anchor(p.anchor);
    }
  };

  if (tags->dateline && !tags->dateline->geo) {
    Dateline& d = *tags->dateline;
    context.anchors.clear();
    context.prefer_city = true;
    if (dateline_anchor) add_anchor(*dateline_anchor);
    else add_story_anchors(d.end, kNoStart);
    std::string_view written;
    if (d.city_end > d.city_start && d.city_end <= body.size()) written = body.substr(d.city_start, d.city_end - d.city_start);
    d.geo = ResolveName(d.city, context);
    if (!d.geo && !written.empty() && written != d.city) d.geo = ResolveName(written, context);
  }

  context.prefer_city = false;
  for (size_t i = 0; i < tags->entities.size(); ++i) {
    Entity& e = tags->entities[i];
    if (e.type != EntityType::kLocation || e.geo) continue;
    if (e.field == Field::kBody && tags->dateline && e.start == tags->dateline->city_start &&
        e.end == tags->dateline->city_end) {
      e.geo = tags->dateline->geo;  // the dateline city itself
      continue;
    }
    context.anchors.clear();
    // "Paris, Texas": the place written right after the name.
    if (i + 1 < tags->entities.size() && e.field == Field::kBody) {
      const Entity& next = tags->entities[i + 1];
      if (next.type == EntityType::kLocation && next.field == Field::kBody && next.start >= e.end &&
          next.start <= body.size() && body.substr(e.end, next.start - e.end) == ", ") {
        if (auto a = AnchorOf(lookups[i + 1])) add_anchor(*a);
      }
    }
    if (dateline_anchor) add_anchor(*dateline_anchor);
    if (e.field == Field::kBody) add_story_anchors(e.start, e.start);
    else add_story_anchors(0, kNoStart);  // a headline: the lead's places first
    e.geo = ResolveFolded(name_of(i), lookups[i], context);
    if (!e.geo && !e.canonical.empty() && e.canonical != e.text) e.geo = ResolveName(e.text, context);
  }
}

}  // namespace wiretag
