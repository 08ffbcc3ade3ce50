#include "pipeline/eval/reuters_eval.h"

#include "pipeline/taggers/case_fold.h"
#include "pipeline/taggers/dateline_tagger.h"
#include "pipeline/taggers/story_meta.h"
#include "pipeline/taggers/wire_date.h"

namespace wiretag {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '*')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

}  // namespace

ReutersGold ReutersGoldFromDateline(std::string_view dateline, std::string_view timestamp) {
  ReutersGold gold;
  size_t comma = dateline.find(',');
  std::string_view city = dateline.substr(0, comma);
  if (comma == std::string_view::npos) {
    // "JOHANNESBURG March 13 -": without a comma the city ends before the date or dash.
    for (size_t i = 1; i < city.size(); ++i) {
      if (city[i - 1] == ' ' && (ParseWireDate(city, i) || city[i] == '-')) {
        city = city.substr(0, i);
        break;
      }
    }
  }
  gold.city = std::string(Trim(city));
  if (comma == std::string_view::npos || timestamp.size() < 4) return gold;
  int year = 0;
  for (size_t k = 0; k < 4; ++k) {
    if (!IsAsciiDigit(timestamp[k])) return gold;
    year = year * 10 + (timestamp[k] - '0');
  }
  // The first word after the comma that starts a date ("Ore., Feb 26 -").
  for (size_t i = comma + 1; i < dateline.size(); ++i) {
    bool word_start = (IsAsciiAlpha(dateline[i]) || IsAsciiDigit(dateline[i])) &&
                      !IsAsciiAlpha(dateline[i - 1]) && !IsAsciiDigit(dateline[i - 1]);
    if (!word_start) continue;
    if (auto date = ParseWireDate(dateline, i)) {
      WireDate with_year = *date;
      if (with_year.year == 0) with_year.year = year;
      gold.date = ResolveWireDate(with_year, {});
      break;
    }
  }
  return gold;
}

void ReutersEval::Fail(ReutersFailure failure) {
  if (result_.failures.size() < max_failures_) result_.failures.push_back(std::move(failure));
}

void ReutersEval::Add(const ReutersStory& story) {
  if (!story.has_dateline || !story.has_body) {
    ++result_.skipped;
    return;
  }
  ++result_.stories;
  StoryMeta meta;
  if (auto ts = ReutersDateToRfc3339(story.date)) meta.versioncreated = *ts;
  ReutersGold gold = ReutersGoldFromDateline(story.dateline, meta.versioncreated);

  std::string text = story.dateline + " " + story.body;
  auto found = tagger_.Tag(text, meta);
  if (found) ++result_.datelines_found;
  std::string got_city = found ? found->city : std::string();
  if (found && FoldCase(got_city) == FoldCase(gold.city)) {
    ++result_.city_correct;
  } else {
    Fail({story.newid, "city", gold.city, got_city, story.dateline});
  }
  if (gold.date) {
    ++result_.gold_dates;
    std::string got_date = found && found->date ? *found->date : std::string();
    if (got_date == *gold.date) {
      ++result_.date_correct;
    } else {
      Fail({story.newid, "date", *gold.date, got_date, story.dateline});
    }
  }

  if (auto false_dateline = tagger_.Tag(story.body, meta)) {
    ++result_.false_datelines;
    Fail({story.newid, "false_dateline", "", false_dateline->city, false_dateline->text});
  }
}

}  // namespace wiretag
