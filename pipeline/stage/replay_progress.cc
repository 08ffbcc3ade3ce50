#include "pipeline/stage/replay_progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace wiretag {
namespace {

double Fraction(const ReplayProgressSnapshot& s) {
  if (s.total <= 0) return 1.0;
  return std::clamp(static_cast<double>(s.done) / static_cast<double>(s.total), 0.0, 1.0);
}

std::string Eta(const ReplayProgressSnapshot& s) {
  double rate = ProgressRate(s);
  if (s.done >= s.total) return FormatDuration(0);
  if (rate <= 0) return "?";
  return FormatDuration(static_cast<double>(s.total - s.done) / rate);
}

}  // namespace

double ProgressRate(const ReplayProgressSnapshot& s) {
  if (s.elapsed_seconds <= 0) return 0;
  return static_cast<double>(std::max<int64_t>(0, s.done - s.done_at_start)) / s.elapsed_seconds;
}

std::string FormatDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  int64_t t = static_cast<int64_t>(std::llround(seconds));
  char buf[32];
  if (t >= 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(t / 3600),
                  static_cast<long long>(t / 60 % 60), static_cast<long long>(t % 60));
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(t / 60), static_cast<long long>(t % 60));
  return buf;
}

std::string FormatProgressBar(const ReplayProgressSnapshot& s, int width) {
  double f = Fraction(s);
  int filled = static_cast<int>(f * width);
  std::string bar;
  bar.reserve(static_cast<size_t>(width) + 2);
  bar.push_back('[');
  bar.append(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(width - filled), '-');
  bar.push_back(']');
  char buf[160];
  std::snprintf(buf, sizeof buf, " %5.1f%%  %lld/%lld  %.0f rec/s  ETA %s", f * 100, static_cast<long long>(s.done),
                static_cast<long long>(s.total), ProgressRate(s), Eta(s).c_str());
  return bar + buf;
}

std::string FormatProgressLine(const ReplayProgressSnapshot& s) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "replay %.1f%% (%lld/%lld records), %.0f records/s, ETA %s, %lld dead-lettered",
                Fraction(s) * 100, static_cast<long long>(s.done), static_cast<long long>(s.total), ProgressRate(s),
                Eta(s).c_str(), static_cast<long long>(s.dead_lettered));
  return buf;
}

}  // namespace wiretag
