#pragma once
// The date of a dateline as wire services write it ("Aug. 18", "Aug 25, 2004",
// "March 3", "april 7", "18 August", "1996-08-22") and its resolution to ISO
// 8601. A dateline date usually has no year; it is taken from the story's
// timestamp, and when the date would then fall after the timestamp the story
// must be from the previous year (a "Dec. 31" story stamped in January). One
// day of slack allows for time zones: the dateline's local date may run a day
// ahead of a UTC timestamp. Pure functions, thread-safe.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace wiretag {

struct WireDate {
  int year = 0;   // 0 when not written
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  size_t end = 0; // byte after the date in the parsed text
};

// Parses a date starting exactly at text[pos]; nullopt when there is none.
// The month may be mangled (LooseMonthNumber) and a day digit typed as a
// letter ("April l", "March 2O").
std::optional<WireDate> ParseWireDate(std::string_view text, size_t pos);

// Month number of an English month name or abbreviation ("Aug", "Sept",
// "march", case-insensitive, without the period), 0 when not a month.
int MonthNumber(std::string_view word);

// MonthNumber, or else the month a dateline's mangled month word stands for:
// a prefix of four or more letters ("Apri", "Marc"), a word one edit from a
// month name of five or more letters ("Macrh", "Narch", "Mach", "Marchg"), or
// a Spanish, Portuguese or German abbreviation ("ABR", "dic", "Okt"). Only for
// the position of a date, before a day number: "Marc" alone is a name.
int LooseMonthNumber(std::string_view word);

// "YYYY-MM-DD". A missing year comes from `timestamp` (RFC 3339; only its
// date part is read). nullopt when the year is unknown or the date invalid.
std::optional<std::string> ResolveWireDate(const WireDate& date, std::string_view timestamp);

}  // namespace wiretag
