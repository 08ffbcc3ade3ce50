#include "pipeline/taggers/wire_date.h"

#include <cstdio>
#include <utility>

#include "pipeline/taggers/case_fold.h"

namespace wiretag {

namespace {

// Reads 1..max_digits digits at text[*pos] not followed by another digit.
int ReadNumber(std::string_view text, size_t* pos, size_t min_digits, size_t max_digits) {
  size_t i = *pos;
  int value = 0;
  while (i < text.size() && IsAsciiDigit(text[i]) && i - *pos < max_digits) {
    value = value * 10 + (text[i] - '0');
    ++i;
  }
  if (i - *pos < min_digits || (i < text.size() && IsAsciiDigit(text[i]))) return -1;
  *pos = i;
  return value;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

bool WordEnd(std::string_view text, size_t i) { return i >= text.size() || !IsAsciiAlpha(text[i]); }

// A month word at text[*pos], with an optional abbreviation period.
int ReadMonth(std::string_view text, size_t* pos) {
  size_t i = *pos;
  while (i < text.size() && IsAsciiAlpha(text[i])) ++i;
  int month = LooseMonthNumber(text.substr(*pos, i - *pos));
  if (month == 0) return 0;
  if (i < text.size() && text[i] == '.') ++i;
  *pos = i;
  return month;
}

// A day of one or two characters at text[*pos], where a typist's letter l or
// I stands for 1 and O for 0 ("April l", "March 2O"), not followed by a letter
// or digit. -1 when there is none.
int ReadDay(std::string_view text, size_t* pos) {
  size_t i = *pos;
  int value = 0;
  while (i < text.size() && i - *pos < 2) {
    const char c = text[i];
    int digit = IsAsciiDigit(c) ? c - '0' : (c == 'l' || c == 'I') ? 1 : (c == 'O' || c == 'o') ? 0 : -1;
    if (digit < 0) break;
    value = value * 10 + digit;
    ++i;
  }
  if (i == *pos || (i < text.size() && (IsAsciiDigit(text[i]) || IsAsciiAlpha(text[i])))) return -1;
  *pos = i;
  return value;
}

// Is `word` one insertion, deletion, substitution or transposition away
// from `name`? (Both lower case.)
bool OneEditApart(std::string_view word, std::string_view name) {
  if (word.size() + 1 < name.size() || word.size() > name.size() + 1) return false;
  size_t p = 0;
  while (p < word.size() && p < name.size() && word[p] == name[p]) ++p;
  if (p == word.size() && p == name.size()) return false;  // equal: not an edit
  std::string_view w = word.substr(p), n = name.substr(p);
  if (w.size() == n.size()) {
    if (w.substr(1) == n.substr(1)) return true;  // substitution
    return w.size() >= 2 && w[0] == n[1] && w[1] == n[0] && w.substr(2) == n.substr(2);  // transposition
  }
  return w.size() > n.size() ? w.substr(1) == n : w == n.substr(1);  // insertion, deletion
}

// ", 2004" or " 2004" after a day; leaves *pos alone when absent.
int ReadOptionalYear(std::string_view text, size_t* pos) {
  size_t i = *pos;
  if (i < text.size() && text[i] == ',') ++i;
  if (i >= text.size() || text[i] != ' ') return 0;
  ++i;
  int year = ReadNumber(text, &i, 4, 4);
  if (year < 1800 || year > 2999) return 0;
  *pos = i;
  return year;
}

constexpr std::string_view kMonthNames[] = {"january", "february", "march",     "april",
                                            "may",     "june",     "july",      "august",
                                            "september", "october", "november", "december"};

}  // namespace

int MonthNumber(std::string_view word) {
  if (word.size() < 3 || word.size() > 9) return 0;
  char w[10];
  for (size_t i = 0; i < word.size(); ++i) w[i] = AsciiLower(word[i]);
  std::string_view lower(w, word.size());
  for (int m = 0; m < 12; ++m) {
    if (lower == kMonthNames[m] || lower == kMonthNames[m].substr(0, 3)) return m + 1;
  }
  if (lower == "sept") return 9;
  return 0;
}

int LooseMonthNumber(std::string_view word) {
  if (int m = MonthNumber(word)) return m;
  if (word.size() < 3 || word.size() > 10) return 0;
  char w[11];
  for (size_t i = 0; i < word.size(); ++i) w[i] = AsciiLower(word[i]);
  std::string_view lower(w, word.size());
  static constexpr std::pair<std::string_view, int> kForeign[] = {
      {"ene", 1}, {"fev", 2}, {"abr", 4}, {"mai", 5}, {"ago", 8}, {"set", 9}, {"okt", 10}, {"dic", 12}, {"dez", 12}};
  for (const auto& [abbreviation, m] : kForeign)
    if (lower == abbreviation) return m;
  if (lower.size() < 4) return 0;
  for (int m = 0; m < 12; ++m)
    if (kMonthNames[m].size() > lower.size() && kMonthNames[m].substr(0, lower.size()) == lower) return m + 1;
  for (int m = 0; m < 12; ++m)
    if (kMonthNames[m].size() >= 5 && OneEditApart(lower, kMonthNames[m])) return m + 1;
  return 0;
}

std::optional<WireDate> ParseWireDate(std::string_view text, size_t pos) {
  if (pos >= text.size()) return std::nullopt;
  WireDate date;
  size_t i = pos;
  if (IsAsciiDigit(text[i])) {
    // 1996-08-22, or 18 August [2017].
    size_t j = i;
    int year = ReadNumber(text, &j, 4, 4);
    if (year > 0 && j + 6 <= text.size() && text[j] == '-') {
      ++j;
      int month = ReadNumber(text, &j, 2, 2);
      if (month > 0 && j < text.size() && text[j] == '-') {
        ++j;
        int day = ReadNumber(text, &j, 2, 2);
        if (day > 0) {
          date = WireDate{year, month, day, j};
          if (month > 12 || day > 31) return std::nullopt;
          return date;
        }
      }
      return std::nullopt;
    }
    j = i;
    int day = ReadNumber(text, &j, 1, 2);
    if (day < 1 || day > 31 || j >= text.size() || text[j] != ' ') return std::nullopt;
    ++j;
    int month = ReadMonth(text, &j);
    if (month == 0) return std::nullopt;
    date.day = day;
    date.month = month;
    date.year = ReadOptionalYear(text, &j);
    date.end = j;
    return date;
  }
  // Aug. 18 [, 2004]
  int month = ReadMonth(text, &i);
  if (month == 0 || i >= text.size() || text[i] != ' ') return std::nullopt;
  while (i < text.size() && text[i] == ' ' && i - pos < 16) ++i;  // "March  2"
  int day = ReadDay(text, &i);
  if (day < 1 || day > 31 || !WordEnd(text, i)) return std::nullopt;
  date.month = month;
  date.day = day;
  date.year = ReadOptionalYear(text, &i);
  date.end = i;
  return date;
}

std::optional<std::string> ResolveWireDate(const WireDate& date, std::string_view timestamp) {
  int year = date.year;
  if (year == 0) {
    size_t p = 0;
    int ty = ReadNumber(timestamp, &p, 4, 4);
    if (ty <= 0 || p >= timestamp.size() || timestamp[p] != '-') return std::nullopt;
    ++p;
    int tm = ReadNumber(timestamp, &p, 2, 2);
    if (tm < 1 || tm > 12 || p >= timestamp.size() || timestamp[p] != '-') return std::nullopt;
    ++p;
    int td = ReadNumber(timestamp, &p, 2, 2);
    if (td < 1 || td > 31) return std::nullopt;
    year = ty;
    // Feb 29 exists only in leap years; compare against the 28th otherwise.
    int day = date.month == 2 && date.day == 29 && !IsLeap(year) ? 28 : date.day;
    if (DaysFromCivil(year, date.month, day) > DaysFromCivil(ty, tm, td) + 1) --year;
  }
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > DaysInMonth(year, date.month)) {
    return std::nullopt;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, date.month, date.day);
  return std::string(buf);
}

}  // namespace wiretag
