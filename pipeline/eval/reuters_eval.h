#pragma once
// ReutersEval measures the dateline tagger on Reuters-21578: each story's text
// is DATELINE + " " + BODY, its timestamp the <DATE> field. The gold answer is
// what the DATELINE field itself says: the city is the part before its first
// comma (before the date or dash when it has no comma), the date its month and
// day with the year of <DATE>. A second pass
// tags the BODY alone, where any dateline found is a false one.
//
// Not thread-safe; one evaluator per run. The tagger must outlive it.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/eval/reuters_sgml.h"

namespace wiretag {

class DatelineTagger;

struct ReutersGold {
  std::string city;                 // "NEW YORK", as written
  std::optional<std::string> date;  // "1987-02-26", when the field has a month and day
};

// Gold city and date of a DATELINE field, the year taken from `timestamp` (RFC 3339).
ReutersGold ReutersGoldFromDateline(std::string_view dateline, std::string_view timestamp);

struct ReutersFailure {
  std::string newid;
  std::string kind;      // "city", "date", "false_dateline"
  std::string expected;  // gold value ("" for a false dateline)
  std::string got;       // our value, "" when none
  std::string dateline;  // the DATELINE field, or the false dateline's text
};

struct ReutersEvalResult {
  size_t stories = 0;          // stories with both DATELINE and BODY
  size_t skipped = 0;          // stories without DATELINE or BODY
  size_t datelines_found = 0;  // on DATELINE + " " + BODY
  size_t city_correct = 0;     // case-insensitive, over `stories`
  size_t gold_dates = 0;       // stories whose DATELINE has a date
  size_t date_correct = 0;     // over `gold_dates`
  size_t false_datelines = 0;  // datelines found on BODY alone, over `stories`
  std::vector<ReutersFailure> failures;  // the first `max_failures` of them

  double FoundRate() const { return stories ? double(datelines_found) / stories : 0; }
  double CityAccuracy() const { return stories ? double(city_correct) / stories : 0; }
  double DateAccuracy() const { return gold_dates ? double(date_correct) / gold_dates : 0; }
  double FalseDatelineRate() const { return stories ? double(false_datelines) / stories : 0; }
};

class ReutersEval {
 public:
  explicit ReutersEval(const DatelineTagger& tagger, size_t max_failures = 0)
      : tagger_(tagger), max_failures_(max_failures) {}

  void Add(const ReutersStory& story);
  const ReutersEvalResult& result() const { return result_; }

 private:
  void Fail(ReutersFailure failure);

  const DatelineTagger& tagger_;
  size_t max_failures_;
  ReutersEvalResult result_;
};

}  // namespace wiretag
