#include "pipeline/source/replay_range.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <stdexcept>

#include "pipeline/taggers/case_fold.h"

namespace wiretag {
namespace {

[[noreturn]] void Fail(std::string_view what, std::string_view text) {
  throw std::invalid_argument(std::string(what) + ": '" + std::string(text) + "'");
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A non-negative decimal integer filling all of `s`.
bool ParseNonNegative(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size() && *out >= 0;
}

// Exactly `n` digits at s[pos...].
bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!IsAsciiDigit(s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

int64_t ParseRfc3339Millis(std::string_view text) {
  std::string_view s = Trim(text);
  int year, month, day, hour, minute, second;
  // YYYY-MM-DDTHH:MM:SS
  if (!Digits(s, 0, 4, &year) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, &month) ||
      s[7] != '-' || !Digits(s, 8, 2, &day) ||
      (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !Digits(s, 11, 2, &hour) || s[13] != ':' ||
      !Digits(s, 14, 2, &minute) || s[16] != ':' || !Digits(s, 17, 2, &second))
    Fail("not an RFC 3339 timestamp (want e.g. 2026-11-28T10:00:00Z)", text);
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 60)
    Fail("RFC 3339 timestamp out of range", text);
  if (second == 60) second = 59;  // a leap second sorts with the second before it
  size_t pos = 19;
  int64_t millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    int scale = 100;
    while (pos < s.size() && IsAsciiDigit(s[pos])) {
      millis += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) Fail("RFC 3339 timestamp has an empty fraction", text);
  }
  int64_t offset_minutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, &om) || oh > 23 || om > 59)
      Fail("RFC 3339 timestamp has a malformed UTC offset", text);
    offset_minutes = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos += 6;
  } else {
    Fail("RFC 3339 timestamp needs a time zone (Z or +HH:MM)", text);
  }
  if (pos != s.size()) Fail("unexpected text after the RFC 3339 timestamp", text);
  int64_t seconds = DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
                    offset_minutes * 60;
  return seconds * 1000 + millis;
}

ReplayPosition ParseReplayPosition(std::string_view spec) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return ParseReplayPosition(spec, std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
}

ReplayPosition ParseReplayPosition(std::string_view spec, int64_t now_ms) {
  ReplayPosition pos;
  std::string_view s = Trim(spec);
  pos.spec = std::string(s);
  if (s == "beginning") {
    pos.kind = ReplayPosition::Kind::kBeginning;
  } else if (s == "end") {
    pos.kind = ReplayPosition::Kind::kEnd;
  } else if (s.substr(0, 8) == "offsets:") {
    pos.kind = ReplayPosition::Kind::kOffsets;
    std::string_view rest = s.substr(8);
    if (Trim(rest).empty()) Fail("offsets: needs at least one PARTITION=OFFSET", spec);
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view item = Trim(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      size_t eq = item.find('=');
      int64_t partition, offset;
      if (eq == std::string_view::npos || !ParseNonNegative(Trim(item.substr(0, eq)), &partition) ||
          !ParseNonNegative(Trim(item.substr(eq + 1)), &offset) || partition > INT32_MAX)
        Fail("offsets: items are PARTITION=OFFSET with non-negative integers, not", item);
      if (!pos.offsets.emplace(static_cast<int32_t>(partition), offset).second)
        Fail("offsets: partition named twice in", spec);
      if (comma != std::string_view::npos && rest.empty()) Fail("offsets: trailing comma in", spec);
    }
  } else if (s == "now") {
    pos.kind = ReplayPosition::Kind::kTimestamp;
    pos.timestamp_ms = now_ms;
  } else if (!s.empty() && s.front() == '-') {
    // -90s, -30m, -1h, -2d: that long before now.
    static constexpr int64_t kUnitMs[] = {1000, 60 * 1000, 3600 * 1000, 86400 * 1000};
    const size_t unit = std::string_view("smhd").find(s.back());
    int64_t amount;
    if (s.size() < 3 || unit == std::string_view::npos || !ParseNonNegative(s.substr(1, s.size() - 2), &amount) ||
        amount > now_ms / kUnitMs[unit])
      Fail("a relative time is -N followed by s, m, h or d (e.g. -30m, -1h, -2d), not", spec);
    pos.kind = ReplayPosition::Kind::kTimestamp;
    pos.timestamp_ms = now_ms - amount * kUnitMs[unit];
  } else if (!s.empty() && IsAsciiDigit(s.front())) {
    pos.kind = ReplayPosition::Kind::kTimestamp;
    pos.timestamp_ms = ParseRfc3339Millis(s);
  } else {
    Fail("a position is beginning, end, now, a relative time (-1h), an RFC 3339 timestamp or offsets:P=O,..., not",
         spec);
  }
  return pos;
}

std::vector<int32_t> ParsePartitionList(std::string_view text) {
  std::vector<int32_t> out;
  std::string_view rest = text;
  if (Trim(rest).empty()) Fail("--partitions needs at least one partition number", text);
  while (true) {
    size_t comma = rest.find(',');
    int64_t p;
    if (!ParseNonNegative(Trim(rest.substr(0, comma)), &p) || p > INT32_MAX)
      Fail("--partitions is a comma-separated list of partition numbers", text);
    out.push_back(static_cast<int32_t>(p));
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace wiretag
