// Reads a dateline at the opening of a story as a small grammar:
//
//   [bylines] [lead credit -] CITY [, REGION[, REGION]] [[,] DATE] [(AGENCY)] TERMINATOR
//
// CITY is one to five words in one case style (ALL CAPS, Title Case or lower
// case). TERMINATOR is a dash (-, --, –, —) or a colon; an ALL CAPS dateline
// may also end at the end of its line (after a date: "BRUSSELS 1996-08-22") or
// at a wide gap where a feed dropped the dash, and any dateline at a known
// agency's credit ("New Delhi, Sep 27 (UNI) Members ..."). Because an opening
// sentence can look like this by accident, the evidence required grows as the
// city looks less like a dateline:
//   ALL CAPS   date, agency, or a city/region/country the gazetteers know;
//   Title Case date, agency or a known region; or a country or a city of
//              100,000+ followed by a dash and a capitalised sentence;
//   lower case a known city and a date, agency or known region.
// A parenthetical with digits ("(05/11/04)") is no agency credit, and a city
// that starts with a sentence word ("The", "Monday") must be a known place.
#include "pipeline/taggers/dateline_tagger.h"

#include <utf8proc.h>

#include <array>
#include <vector>

#include "pipeline/taggers/agency_table.h"
#include "pipeline/taggers/case_fold.h"
#include "pipeline/taggers/place_gazetteer.h"
#include "pipeline/taggers/wire_date.h"

namespace wiretag {

namespace {

constexpr size_t kMaxCityWords = 5;
constexpr size_t kMaxRegionWords = 4;
constexpr size_t kMaxRegionSegments = 3;
constexpr size_t kMaxParenthetical = 40;
constexpr size_t kMaxBylineBytes = 120;

enum class Style : uint8_t { kUpper, kTitle, kLower };

struct Word {
  size_t start = 0, end = 0;  // end includes a trailing period, if any
  size_t letters = 0, upper = 0, lower = 0;
  bool first_upper = false;
  bool trailing_period = false;

  Style style() const {
    // One stray lower-case letter among capitals is a typo: "CORAl GABLES".
    if (lower == 0 || (lower == 1 && upper >= 3)) return Style::kUpper;
    return first_upper ? Style::kTitle : Style::kLower;
  }
};

// Decodes the code point at text[i]; sets *len. Returns -1 on invalid UTF-8.
utf8proc_int32_t CodePointAt(std::string_view text, size_t i, size_t* len) {
  if (i >= text.size()) {  // callers probe one past a word; the text need not be NUL-terminated
    *len = 1;
    return -1;
  }
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  utf8proc_int32_t cp = -1;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                            static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
  *len = n > 0 ? static_cast<size_t>(n) : 1;
  return n > 0 ? cp : -1;
}

bool IsLetter(utf8proc_int32_t cp) {
  if (cp < 0x80) return IsAsciiAlpha(static_cast<char>(cp));
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
      return true;
    default:
      return false;
  }
}

bool LetterAt(std::string_view text, size_t i) {
  if (i >= text.size()) return false;
  size_t len;
  return IsLetter(CodePointAt(text, i, &len));
}

// Space, tab or no-break space; returns its length or 0.
size_t SpaceAt(std::string_view text, size_t i) {
  if (i >= text.size()) return 0;
  if (text[i] == ' ' || text[i] == '\t') return 1;
  if (text.compare(i, 2, "\xC2\xA0") == 0) return 2;
  return 0;
}

size_t SkipSpaces(std::string_view text, size_t i) {
  while (size_t n = SpaceAt(text, i)) i += n;
  return i;
}

// A dash terminator at text[i]: hyphens (up to three), en/em/figure/bar dashes
// and runs of them. Returns its length or 0.
size_t DashAt(std::string_view text, size_t i) {
  size_t j = i;
  while (j < text.size()) {
    if (text[j] == '-') {
      ++j;
    } else if (text.compare(j, 2, "\xE2\x80") == 0 && j + 2 < text.size() &&
               static_cast<unsigned char>(text[j + 2]) >= 0x92 &&
               static_cast<unsigned char>(text[j + 2]) <= 0x95) {
      j += 3;
    } else {
      break;
    }
  }
  return j - i <= 6 ? j - i : 0;
}

// A word at text[i]: letters, inner hyphens and apostrophes ("WINSTON-SALEM",
// "O'FALLON"), inner periods ("N.C.") and one trailing period ("Fla.").
std::optional<Word> ReadWord(std::string_view text, size_t i) {
  Word w;
  w.start = i;
  if (i >= text.size()) return std::nullopt;
  size_t len;
  utf8proc_int32_t cp = CodePointAt(text, i, &len);
  if (!IsLetter(cp)) return std::nullopt;
  w.first_upper = cp < 0x80 ? IsAsciiUpper(static_cast<char>(cp)) : utf8proc_isupper(cp);
  while (i < text.size()) {
    cp = CodePointAt(text, i, &len);
    if (IsLetter(cp)) {
      ++w.letters;
      if (cp < 0x80 ? IsAsciiUpper(static_cast<char>(cp)) : utf8proc_isupper(cp)) ++w.upper;
      if (cp < 0x80 ? IsAsciiLower(static_cast<char>(cp)) : utf8proc_islower(cp)) ++w.lower;
      i += len;
      continue;
    }
    bool joiner = cp == '-' || cp == '\'' || cp == 0x2019 || cp == '.' || cp == '/';
    if (joiner && LetterAt(text, i + len)) {
      i += len;
      continue;
    }
    if (cp == '.') {
      w.trailing_period = true;
      i += 1;
    }
    break;
  }
  w.end = i;
  return w;
}

bool EqualsLower(std::string_view text, const Word& w, std::string_view lower) {
  if (w.end - w.start != lower.size()) return false;
  for (size_t k = 0; k < lower.size(); ++k) {
    if (AsciiLower(text[w.start + k]) != lower[k]) return false;
  }
  return true;
}

// Words that open ordinary sentences or bylines; a city that starts with one
// must be known to the gazetteer ("The Hague" is, "The president" is not).
bool IsStopWord(std::string_view text, const Word& w) {
  static constexpr std::array<std::string_view, 31> kStop = {
      "the", "a", "an", "by", "in", "on", "at", "for", "from", "to", "and", "but", "if", "it",
      "this", "that", "he", "she", "we", "they", "i", "monday", "tuesday", "wednesday",
      "thursday", "friday", "saturday", "sunday", "update", "note", "editor"};
  for (auto s : kStop) {
    if (EqualsLower(text, w, s)) return true;
  }
  return MonthNumber(text.substr(w.start, w.end - w.start - (w.trailing_period ? 1 : 0))) != 0;
}

// Lower-case words allowed inside a Title Case city ("Rio de Janeiro").
bool IsConnector(std::string_view text, const Word& w) {
  static constexpr std::array<std::string_view, 17> kConnectors = {
      "de", "da", "do", "dos", "das", "del", "la", "le", "les", "es", "el", "al", "of", "am",
      "an", "der", "sur"};
  for (auto s : kConnectors) {
    if (EqualsLower(text, w, s)) return true;
  }
  return false;
}

// Skips leading white space, up to two byline lines ("By Jane Doe\n"), a
// byline that shares the dateline's line ("By JANE DOE     SEOUL (AP) --"), a
// lead credit ("Canadian Press - VANCOUVER (CP) -") and a run of '*'.
size_t SkipOpening(std::string_view text, const AgencyTable& agencies) {
  size_t i = 0;
  for (int bylines = 0;; ++bylines) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    if (bylines == 2 || text.size() - i < 3) break;
    if (AsciiLower(text[i]) == 'b' && AsciiLower(text[i + 1]) == 'y' && text[i + 2] == ' ') {
      size_t eol = text.find('\n', i);
      size_t gap = text.find("  ", i);
      if (gap != std::string_view::npos && gap - i <= kMaxBylineBytes / 2 && gap < eol) {
        i = gap;
        continue;
      }
      if (eol == std::string_view::npos || eol - i > kMaxBylineBytes) break;
      i = eol + 1;
      continue;
    }
    break;
  }
  size_t alias_end = 0;
  if (agencies.MatchAt(text, i, &alias_end)) {
    size_t r = SkipSpaces(text, alias_end);
    if (size_t dash = DashAt(text, r)) i = SkipSpaces(text, r + dash);
  }
  while (i < text.size() && text[i] == '*') ++i;
  return i;
}

struct Span {
  size_t start = 0, end = 0;
  bool empty() const { return end == start; }
  std::string_view of(std::string_view text) const { return text.substr(start, end - start); }
};

// Where the word after `w` starts (after spaces, on the same line), or 0
// when no word follows.
size_t NextWordStart(std::string_view text, const Word& w) {
  const size_t space = SpaceAt(text, w.end);
  return space == 0 || !LetterAt(text, w.end + space) ? 0 : w.end + space;
}

// The city: one to five words of one style, ending before a comma, a
// parenthesis, a dash, a colon or a date.
std::optional<Span> ReadCity(std::string_view text, size_t i, Style* style, bool* starts_with_stop_word) {
  Span city{i, i};
  size_t words = 0;
  while (words < kMaxCityWords) {
    auto w = ReadWord(text, i);
    if (!w) break;
    bool abbreviation = w->trailing_period && w->letters <= 3 && SpaceAt(text, w->end) == 1 &&
                        LetterAt(text, w->end + 1);  // "ST. LOUIS", "Ft. Worth"
    if (words == 0) {
      *starts_with_stop_word = IsStopWord(text, *w);
      *style = w->style();
    } else {
      // A month followed by a day starts the date ("SEOUL Aug. 18").
      size_t bare_end = w->end - (w->trailing_period ? 1 : 0);
      if (MonthNumber(text.substr(w->start, bare_end - w->start)) != 0 &&
          SpaceAt(text, w->end) && w->end + 1 < text.size() && IsAsciiDigit(text[w->end + 1])) {
        break;
      }
      bool fits = w->style() == *style ||
                  (*style == Style::kTitle && w->style() == Style::kLower && IsConnector(text, *w));
      if (!fits) break;
    }
    if (w->trailing_period && !abbreviation) {
      // "WASHINGTON." ends a sentence, not a city; keep the words before it.
      if (words == 0) return std::nullopt;
      break;
    }
    city.end = w->end;
    ++words;
    i = NextWordStart(text, *w);
    if (i == 0) break;
  }
  if (words == 0) return std::nullopt;
  // A Title Case city never ends in a connector ("Officials of").
  return city;
}

// The region after "CITY, ": up to four capitalised words ("Fla.", "N.C.",
// "British Columbia", "West Germany"), lower case when the city is.
std::optional<Span> ReadRegion(std::string_view text, size_t i, Style city_style) {
  Span region{i, i};
  size_t words = 0;
  while (words < kMaxRegionWords) {
    auto w = ReadWord(text, i);
    if (!w) break;
    // "The Netherlands", "the Gambia": the region's resolution decides.
    const bool article = words == 0 && EqualsLower(text, *w, "the");
    if (!article && city_style != Style::kLower && !w->first_upper) break;
    // A postal code in capitals after a Title Case city is no stop word:
    // "Toronto, ON (Sports Network)", "Fishers, IN".
    const bool postal_code = city_style == Style::kTitle && w->letters == 2 && w->style() == Style::kUpper;
    if (!article && !postal_code && IsStopWord(text, *w)) break;  // also a month: "Va. Feb 26"
    region.end = w->end;
    ++words;
    i = NextWordStart(text, *w);
    if (i == 0) break;
  }
  if (words == 0) return std::nullopt;
  return region;
}

// "Mexico city", "Puerto rico": extends `span` by up to two following
// lower-case words when the longer name is known (`known` says).
template <typename Known>
void ExtendByLowerCaseWords(std::string_view text, Span* span, const Known& known) {
  size_t i = span->end;
  for (int extra = 0; extra < 2; ++extra) {
    size_t space = SpaceAt(text, i);
    if (space == 0) break;
    auto w = ReadWord(text, i + space);
    if (!w || w->style() != Style::kLower || w->trailing_period) break;
    if (known(text.substr(span->start, w->end - span->start))) {
      span->end = w->end;
      break;
    }
    i = w->end;
  }
}

// "Washington - An expert said ...": a Title Case city with nothing but a dash
// is a dateline only for a well-known place (a country or a city of 100,000 or
// more, not a region) followed by a capitalised sentence; "Obama -- who ..." is not.
bool BigPlaceBeforeSentence(std::string_view text, const Place* place, bool dash, size_t end) {
  if (!dash || !place || place->kind == Place::Kind::kRegion) return false;
  if (place->kind == Place::Kind::kCity && place->population < 100000) return false;
  size_t i = SkipSpaces(text, end);
  return i < text.size() && (IsAsciiUpper(text[i]) || text[i] == '"');
}

// A date at text[i] after optional spaces and an optional dash: "March 4",
// " - March 4" (a dash some writers put between region and date).
std::optional<WireDate> DateAt(std::string_view text, size_t i) {
  i = SkipSpaces(text, i);
  if (auto date = ParseWireDate(text, i)) return date;
  if (size_t dash = DashAt(text, i); dash && dash <= 2) return ParseWireDate(text, SkipSpaces(text, i + dash));
  return std::nullopt;
}

// The terminator: how the dateline ends.
enum class End { kDash, kColon, kLineEnd, kWideGap, kAfterAgency };

// What the grammar read at the opening, before any place is resolved. Each
// phase below reads one part and moves `cursor` past it.
struct Reading {
  Span city;
  Style style = Style::kUpper;
  bool stop_word = false;  // the city starts with a sentence word ("The", "Monday")
  std::optional<WireDate> date;
  std::vector<Span> regions;  // "Fla.", or "Grand Cayman, British West Indies"
  const AgencyAlias* agency = nullptr;
  std::optional<Span> paren;
  bool paren_is_name = true;
  End how = End::kDash;
  size_t cursor = 0;
  size_t end = 0;  // where the dateline ends, its terminator included
};

// The places a reading names.
struct ResolvedPlaces {
  const Place* region_place = nullptr;
  const Place* region_country = nullptr;
  std::optional<Span> region;  // the segment that resolved, else the first
  std::string_view country_code;
  const Place* city_place = nullptr;
};

// CITY, extended by the lower-case words of a known longer name: "Mexico
// city", "La paz", "New york".
bool ReadCityPhrase(std::string_view text, size_t start, const PlaceGazetteer& places, Reading* r) {
  auto city = ReadCity(text, start, &r->style, &r->stop_word);
  if (!city) return false;
  if (r->style != Style::kLower) {
    ExtendByLowerCaseWords(text, &*city, [&](std::string_view candidate) {
      return places.FindCity(candidate) || places.FindCountry(candidate);
    });
  }
  r->city = *city;
  r->cursor = city->end;
  return true;
}

// [, REGION[, REGION]] [[,] DATE], and an agency named after the date
// ("March 11, Reuter -"). False when a comma after the city leads nowhere.
bool ReadRegionsAndDate(std::string_view text, const PlaceGazetteer& places, const AgencyTable& agencies,
                        Reading* reading) {
  size_t& q = reading->cursor;
  std::optional<WireDate>& date = reading->date;
  std::vector<Span>& regions = reading->regions;
  if (size_t c = SkipSpaces(text, q); c < text.size() && text[c] == ',') {  // "OAKLAND , N.J."
    size_t r = c + 1;
    if (size_t p = SkipSpaces(text, r); p < text.size() && text[p] == '(') return true;  // "WASHINGTON, (AP) -"
    date = DateAt(text, r);
    if (date) {
      q = date->end;
    } else {
      while (regions.size() < kMaxRegionSegments) {
        auto region = ReadRegion(text, SkipSpaces(text, r), reading->style);
        if (!region) break;
        ExtendByLowerCaseWords(text, &*region, [&](std::string_view candidate) {
          return places.FindRegion(candidate) || places.FindCountry(candidate);
        });
        regions.push_back(*region);
        q = region->end;
        // "Fla., March 31", "Va. Feb 26", "Md., - March 4"
        size_t after = q < text.size() && text[q] == ',' ? q + 1 : q;
        date = DateAt(text, after);
        if (date) {
          q = date->end;
          break;
        }
        if (q < text.size() && text[q] == ',') {
          if (DashAt(text, SkipSpaces(text, q + 1))) {
            q = q + 1;  // "Md., -"
            break;
          }
          r = q + 1;
          continue;
        }
        break;
      }
      if (regions.empty()) return false;
    }
  } else if (size_t r = SkipSpaces(text, q); r > q) {
    date = ParseWireDate(text, r);
    if (date) q = date->end;
  }
  if (date && q < text.size() && text[q] == ',') {
    // "March 11, Reuter -" names the agency; "March 4, -" is a stray comma.
    size_t r = SkipSpaces(text, q + 1);
    size_t alias_end = 0;
    if (const AgencyAlias* a = agencies.MatchAt(text, r, &alias_end);
        a && DashAt(text, SkipSpaces(text, alias_end))) {
      reading->agency = a;
      q = alias_end;
    } else if (DashAt(text, r)) {
      q = r;
    }
  }
  return true;
}

// "(AP)", "(Dow Jones)": a short parenthetical on the same line. False when
// a parenthesis opens one that is too long or spans lines.
bool ReadParenthetical(std::string_view text, const AgencyTable& agencies, Reading* reading) {
  size_t r = SkipSpaces(text, reading->cursor);
  // A stray comma before the credit: "KANSAS CITY, Mo., (Sports Network) -".
  if (r < text.size() && text[r] == ',' && SkipSpaces(text, r + 1) < text.size() &&
      text[SkipSpaces(text, r + 1)] == '(')
    r = SkipSpaces(text, r + 1);
  if (r >= text.size() || text[r] != '(') return true;
  size_t close = text.find(')', r + 1);
  if (close == std::string_view::npos || close - r - 1 > kMaxParenthetical || close <= r + 1 ||
      text.substr(r, close - r).find('\n') != std::string_view::npos)
    return false;
  const Span paren{r + 1, close};
  reading->paren = paren;
  const AgencyAlias*& agency = reading->agency;
  agency = agencies.FindAlias(paren.of(text));
  for (char c : paren.of(text)) {
    if (IsAsciiDigit(c)) reading->paren_is_name = false;  // "(05/11/04)" is no source credit
  }
  for (size_t k = paren.start; !agency && k < paren.end; ++k) {  // "(Dow Jones/AP)", "(CBS/AP)"
    if (k != paren.start && text[k - 1] != '/') continue;
    size_t slash = text.find('/', k);
    size_t part_end = slash == std::string_view::npos || slash > paren.end ? paren.end : slash;
    size_t alias_end = 0;
    const AgencyAlias* a = agencies.MatchAt(text, k, &alias_end);
    if (a && alias_end == part_end) agency = a;
  }
  reading->cursor = close + 1;
  return true;
}

// The terminator. False when there is none.
bool ReadTerminator(std::string_view text, Reading* reading) {
  const size_t q = reading->cursor;
  size_t r = SkipSpaces(text, q);
  if (size_t dash = DashAt(text, r)) {
    reading->how = End::kDash;
    reading->end = r + dash;
  } else if (r < text.size() && text[r] == ':' && (r + 1 == text.size() || SpaceAt(text, r + 1) ||
                                                   text[r + 1] == '\n')) {
    reading->how = End::kColon;  // "JAKARTA (Antara):", "NAJAF, Iraq :"
    reading->end = r + 1;
  } else if (r == text.size() || text[r] == '\n' || text[r] == '\r') {
    reading->how = End::kLineEnd;  // "BRUSSELS 1996-08-22" on a line of its own
    reading->end = q;
  } else if (r >= q + 2 && text[q] == ' ' && text[q + 1] == ' ') {
    reading->how = End::kWideGap;  // "TBILISI, Georgia  Georgian ...": a feed that dropped the dash
    reading->end = q;
  } else if (reading->agency) {
    reading->how = End::kAfterAgency;  // "New York, Sep 27 (UNI) Members of ..."
    reading->end = q;
  } else {
    return false;
  }
  return true;
}

// Resolves the city and its region against the gazetteer.
ResolvedPlaces ResolvePlaces(std::string_view text, const PlaceGazetteer& places, const Reading& reading) {
  ResolvedPlaces out;
  const std::string_view city_text = reading.city.of(text);
  constexpr size_t kMaxNamesakes = 8;
  // "TBILISI, Georgia" is the country, "ATLANTA, Georgia" the state: a
  // reading that contains the city wins, then the region, then the country.
  // Of several regions of the name ("LAHORE, Punjab": India's or Pakistan's),
  // the one that contains the city, else the first.
  for (int pass = 0; pass < 3 && !out.region; ++pass) {
    for (const Span& segment : reading.regions) {
      const Place* as_regions[kMaxNamesakes];
      const size_t regions = places.FindRegions(segment.of(text), as_regions, kMaxNamesakes);
      const Place* as_country = places.FindCountry(segment.of(text));
      const Place* use_region = nullptr;
      bool use_country = false;
      if (pass == 0) {
        for (size_t k = 0; k < regions && !use_region; ++k)
          if (places.FindCityInRegion(city_text, as_regions[k]->region_code)) use_region = as_regions[k];
        use_country = !use_region && as_country && places.FindCity(city_text, as_country->country);
      } else if (pass == 1) {
        use_region = regions > 0 ? as_regions[0] : nullptr;
      } else {
        use_country = as_country;
      }
      if (use_region || use_country) {
        out.region_place = use_region;
        out.region_country = use_country ? as_country : nullptr;
        out.region = segment;
        break;
      }
    }
  }
  if (!out.region && !reading.regions.empty()) out.region = reading.regions.front();
  out.country_code = out.region_place     ? std::string_view(out.region_place->country)
                     : out.region_country ? std::string_view(out.region_country->country)
                                          : std::string_view();
  if (out.region_place) {
    out.city_place = places.FindCityInRegion(city_text, out.region_place->region_code);
    if (!out.city_place) out.city_place = places.FindCity(city_text, out.country_code);
  } else if (!out.country_code.empty()) {
    out.city_place = places.FindCity(city_text, out.country_code);
  } else if (const Place* c = places.FindCountry(city_text)) {
    out.city_place = c;  // "SINGAPORE", "KUWAIT": a country name as dateline
  } else {
    out.city_place = places.FindCity(city_text);
  }
  // "HELMAND, Afghanistan", "GUANGDONG (Xinhua)": a region as the dateline's place.
  if (!out.city_place && !out.region_place) out.city_place = places.FindRegion(city_text, out.country_code);
  return out;
}

// Evidence, by how much the opening looks like a dateline (see the top).
bool Accepted(std::string_view text, const Reading& r, const ResolvedPlaces& p) {
  const bool known_region = p.region_place || p.region_country;
  const bool named_paren = r.paren && r.paren_is_name;
  const bool strong = r.date || named_paren || known_region;
  bool accepted = false;
  switch (r.style) {
    case Style::kUpper: accepted = strong || p.city_place; break;
    case Style::kTitle: accepted = strong || BigPlaceBeforeSentence(text, p.city_place, r.how == End::kDash, r.end); break;
    case Style::kLower: accepted = strong && p.city_place; break;
  }
  switch (r.how) {
    case End::kDash: break;
    case End::kColon:
      accepted = accepted && r.style == Style::kUpper && (named_paren || p.city_place || known_region);
      break;
    case End::kLineEnd: accepted = accepted && r.style == Style::kUpper && r.date; break;
    case End::kWideGap: accepted = accepted && r.style == Style::kUpper && (r.date || known_region); break;
    case End::kAfterAgency: accepted = accepted && (r.date || r.style == Style::kUpper); break;
  }
  if (p.region && !known_region && !r.date) accepted = false;
  // "The Hague" is a city; "The president" and "Monday" are not.
  if (r.stop_word && !p.city_place) accepted = false;
  return accepted;
}

// The accepted dateline, as written and as resolved.
Dateline MakeDateline(std::string_view text, const StoryMeta& meta, const Reading& r, const ResolvedPlaces& p) {
  const std::string_view city_text = r.city.of(text);
  Dateline d;
  d.start = static_cast<uint32_t>(r.city.start);
  d.end = static_cast<uint32_t>(r.end);
  d.text = std::string(text.substr(r.city.start, r.end - r.city.start));
  d.city_start = static_cast<uint32_t>(r.city.start);
  d.city_end = static_cast<uint32_t>(r.city.end);
  if (p.city_place && FoldCase(p.city_place->name) == FoldCase(city_text)) {
    d.city = p.city_place->name;
  } else if (r.style == Style::kTitle) {
    d.city = std::string(city_text);
  } else {
    d.city = TitleCase(city_text);
  }
  if (p.region && !p.region_country) {
    d.region = std::string(p.region->of(text));
    if (p.region_place) d.region_code = p.region_place->region_code;
  } else if (p.city_place && p.city_place->kind == Place::Kind::kRegion) {
    d.region = d.city;  // the place named is a region: its code, and the country it lies in
    d.region_code = p.city_place->region_code;
  }
  if (!p.country_code.empty()) {
    d.country = std::string(p.country_code);
  } else if (p.city_place) {
    d.country = p.city_place->country;
  }
  if (r.date) {
    d.date = ResolveWireDate(*r.date, !meta.versioncreated.empty() ? std::string_view(meta.versioncreated)
                                                                   : std::string_view(meta.firstcreated));
  }
  if (r.agency) d.agency = r.agency->agency->name;
  return d;
}

}  // namespace

DatelineTagger::DatelineTagger(const PlaceGazetteer& places, const AgencyTable& agencies)
    : places_(places), agencies_(agencies) {}

// The grammar's parts in order (see the top), then the places, the evidence
// and the result.
std::optional<Dateline> DatelineTagger::Tag(std::string_view text, const StoryMeta& meta) const {
  if (text.size() > UINT32_MAX) return std::nullopt;
  Reading reading;
  if (!ReadCityPhrase(text, SkipOpening(text, agencies_), places_, &reading) ||
      !ReadRegionsAndDate(text, places_, agencies_, &reading) || !ReadParenthetical(text, agencies_, &reading) ||
      !ReadTerminator(text, &reading))
    return std::nullopt;
  const ResolvedPlaces places = ResolvePlaces(text, places_, reading);
  if (!Accepted(text, reading, places)) return std::nullopt;
  return MakeDateline(text, meta, reading, places);
}

}  // namespace wiretag
