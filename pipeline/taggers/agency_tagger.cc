// Source positions are looked for only where wire copy puts them (the
// dateline, the first bytes, the last line, the metadata); the rest of the
// text gets one linear scan for aliases, pre-filtered by the table so most
// words cost a byte test.
#include "pipeline/taggers/agency_tagger.h"

#include <algorithm>
#include <array>

#include "pipeline/taggers/agency_table.h"
#include "pipeline/taggers/case_fold.h"

namespace wiretag {

namespace {

constexpr size_t kMaxCredit = 40;  // bytes inside a trailing "(Yonhap)"

bool IsWordByte(unsigned char c) { return IsAliasWordByte(c); }

// White space and control characters (Reuters' end-of-story \x03).
bool IsTrailingJunk(char c) { return IsAsciiSpace(c) || (static_cast<unsigned char>(c) < 0x20); }

struct Span {
  size_t start, end;
  const AgencyAlias* alias;
};

size_t SkipSpaces(std::string_view text, size_t i) {
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  return i;
}

bool IsDash(std::string_view text, size_t i) {
  return i < text.size() && (text[i] == '-' || text.compare(i, 3, "\xE2\x80\x93") == 0 ||
                             text.compare(i, 3, "\xE2\x80\x94") == 0);
}

// The word ending just before `end` (after skipping spaces), lower-cased ASCII.
std::string_view PreviousWord(std::string_view text, size_t end, size_t* word_start) {
  size_t i = end;
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) --i;
  size_t e = i;
  while (i > 0 && IsAsciiAlpha(text[i - 1])) --i;
  *word_start = i;
  return text.substr(i, e - i);
}

bool EqualsLower(std::string_view word, std::string_view lower) {
  if (word.size() != lower.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (AsciiLower(word[k]) != lower[k]) return false;
  }
  return true;
}

bool StartsWithWordLower(std::string_view text, size_t i, std::string_view lower) {
  if (text.size() - i < lower.size()) return false;
  for (size_t k = 0; k < lower.size(); ++k) {
    if (AsciiLower(text[i + k]) != lower[k]) return false;
  }
  return i + lower.size() == text.size() || !IsAsciiAlpha(text[i + lower.size()]);
}

// An ambiguous alias ("AP", "PA", "Bloomberg") counts as an agency in running
// text only when the words around it say so: "told AP", "according to PA",
// "AP reported", "the Bloomberg news agency", or a credit "(AP)".
bool HasAgencyContext(std::string_view text, size_t start, size_t end) {
  // A credit: "(AP)", "(CBS/AP)", "(AP Photo/Jane Doe)".
  bool open_before = start > 0 && (text[start - 1] == '(' || text[start - 1] == '/');
  bool close_after = end < text.size() && (text[end] == ')' || text[end] == '/');
  if (open_before && close_after) return true;
  size_t prev_start;
  std::string_view prev = PreviousWord(text, start, &prev_start);
  if (EqualsLower(prev, "the")) prev = PreviousWord(text, prev_start, &prev_start);
  if (EqualsLower(prev, "told") || EqualsLower(prev, "tells") || EqualsLower(prev, "via")) return true;
  if (EqualsLower(prev, "to")) {
    size_t s;
    if (EqualsLower(PreviousWord(text, prev_start, &s), "according")) return true;
  }
  size_t next = end;
  if (next < text.size() && text[next] == '\'') next += text.compare(next, 2, "'s") == 0 ? 2 : 1;
  next = SkipSpaces(text, next);
  static constexpr std::array<std::string_view, 16> kFollowers = {
      "reported", "reports",   "quoted",     "news agency", "reporter", "reporters",  "correspondent",
      "photographer", "journalist", "report", "interview", "wire",     "poll",       "newswire",
      "photo", "photos"};
  for (auto f : kFollowers) {
    if (StartsWithWordLower(text, next, f)) return true;
  }
  return false;
}

// An alias inside a web address or a ticker: "reuters.com", "TASR.O",
// "http://www.investor.reuters.com/...", "news@ap.org".
bool InUrl(std::string_view text, size_t start, size_t end) {
  if (start > 0 && (text[start - 1] == '.' || text[start - 1] == '@')) return true;
  if (end + 1 < text.size() && text[end] == '.' && IsWordByte(static_cast<unsigned char>(text[end + 1]))) return true;
  size_t token = start;
  while (token > 0 && !IsAsciiSpace(text[token - 1]) && start - token < 200) --token;
  std::string_view prefix = text.substr(token, start - token);
  return prefix.find("://") != std::string_view::npos || prefix.find("www.") != std::string_view::npos;
}

// "(Yonhap)" alone on its line: a credit between paragraphs, like the last one.
bool IsCreditLine(std::string_view text, size_t start, size_t end) {
  if (start == 0 || text[start - 1] != '(' || end >= text.size() || text[end] != ')') return false;
  size_t before = start - 1;
  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t')) --before;
  size_t after = end + 1;
  while (after < text.size() && (text[after] == ' ' || text[after] == '\t' || text[after] == '\r')) ++after;
  return (before == 0 || text[before - 1] == '\n') && (after == text.size() || text[after] == '\n');
}

// The span of an alias filling text[start, end) exactly, or nullptr.
const AgencyAlias* AliasFilling(const AgencyTable& table, std::string_view text, size_t start, size_t end) {
  size_t alias_end = 0;
  const AgencyAlias* alias = table.MatchAt(text, start, &alias_end);
  return alias && alias_end == end ? alias : nullptr;
}

// The credits of a parenthetical's inside text[begin, end), one an alias
// each, separated by '/': "Yonhap", "Dow Jones/AP".
void AddSlashedCredits(const AgencyTable& table, std::string_view text, size_t begin, size_t end,
                       std::vector<Span>* sources) {
  for (size_t k = begin; k < end;) {
    size_t slash = text.find('/', k);
    size_t part_end = slash == std::string_view::npos || slash > end ? end : slash;
    if (auto* alias = AliasFilling(table, text, k, part_end)) sources->push_back({k, part_end, alias});
    k = part_end + 1;
  }
}

}  // namespace

AgencyTagger::AgencyTagger(const AgencyTable& agencies) : agencies_(agencies) {}

void AgencyTagger::Tag(std::string_view text, const std::optional<Dateline>& dateline,
                       const StoryMeta& meta, std::vector<AgencyMention>* out) const {
  std::vector<Span> sources;

  // 1. The dateline's parenthetical: "SEOUL, Aug. 18 (Yonhap) --", "(Dow Jones/AP)".
  if (dateline && dateline->end <= text.size()) {
    size_t open = text.find('(', dateline->start);
    size_t close = open == std::string_view::npos ? open : text.find(')', open);
    if (close != std::string_view::npos && close < dateline->end) {
      AddSlashedCredits(agencies_, text, open + 1, close, &sources);
    }
  }

  // 2. A lead credit: "AP - ", "Reuters: ", "Canadian Press - VANCOUVER (CP) -",
  // "(CBS/AP) A video ...".
  {
    size_t i = 0;
    while (i < text.size() && IsAsciiSpace(text[i])) ++i;
    if (i < text.size() && text[i] == '(' && (!dateline || i < dateline->start)) {
      size_t close = text.find(')', i);
      if (close != std::string_view::npos && close - i <= kMaxCredit) {
        AddSlashedCredits(agencies_, text, i + 1, close, &sources);
      }
    }
    size_t end = 0;
    if (const AgencyAlias* alias = agencies_.MatchAt(text, i, &end)) {
      size_t after = SkipSpaces(text, end);
      bool before_dateline = !dateline || end <= dateline->start;
      if (before_dateline && (IsDash(text, after) || (after < text.size() && text[after] == ':'))) {
        sources.push_back({i, end, alias});
      }
    }
  }

  // 3. The end of the story: a credit "(Yonhap)" (possibly before "(END)") or
  // the sign-off "Reuter" on a line of its own.
  {
    size_t e = text.size();
    for (int step = 0; step < 3; ++step) {
      while (e > 0 && IsTrailingJunk(text[e - 1])) --e;
      if (e == 0) break;
      if (text[e - 1] == ')') {
        size_t open = text.rfind('(', e - 1);
        if (open == std::string_view::npos || e - 1 - open - 1 > kMaxCredit) break;
        std::string_view inside = text.substr(open + 1, e - 1 - open - 1);
        if (auto* alias = AliasFilling(agencies_, text, open + 1, e - 1)) {
          sources.push_back({open + 1, e - 1, alias});
          break;
        }
        if (!EqualsLower(inside, "end") && !EqualsLower(inside, "ends")) break;
        e = open;
        continue;
      }
      size_t line_start = text.rfind('\n', e - 1);
      line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
      while (line_start < e && IsAsciiSpace(text[line_start])) ++line_start;
      if (line_start > 0 && line_start < e) {
        if (auto* alias = AliasFilling(agencies_, text, line_start, e)) sources.push_back({line_start, e, alias});
      }
      break;
    }
  }

  // 4. Every alias in the text; source spans keep their role.
  const size_t base = out->size();
  auto is_source = [&](size_t start, size_t end) {
    for (const Span& s : sources) {
      if (s.start == start && s.end == end) return true;
    }
    return false;
  };
  auto emit = [&](const AgencyAlias* alias, size_t start, size_t end, AgencyRole role) {
    out->push_back(AgencyMention{alias->agency->name, alias->agency->code, role,
                                 static_cast<uint32_t>(start), static_cast<uint32_t>(end), false});
  };
  std::vector<bool> source_emitted(sources.size(), false);
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (!IsWordByte(c)) {
      ++i;
      continue;
    }
    if (agencies_.MayStartAlias(c)) {
      size_t end = 0;
      if (const AgencyAlias* alias = agencies_.MatchAt(text, i, &end)) {
        if (is_source(i, end)) {
          for (size_t k = 0; k < sources.size(); ++k) {
            if (sources[k].start == i) source_emitted[k] = true;
          }
          emit(alias, i, end, AgencyRole::kSource);
        } else if (InUrl(text, i, end)) {
          // "reuters.com", "www.investor.reuters.com/...": a web address, not the agency
        } else if (IsCreditLine(text, i, end)) {
          emit(alias, i, end, AgencyRole::kSource);  // "(Yonhap)" on a line of its own
        } else if (!alias->needs_context || HasAgencyContext(text, i, end)) {
          emit(alias, i, end, AgencyRole::kMentioned);
        }
        i = end;
        continue;
      }
    }
    while (i < n && IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
  }
  bool unsorted = false;
  for (size_t k = 0; k < sources.size(); ++k) {
    if (source_emitted[k]) continue;
    emit(sources[k].alias, sources[k].start, sources[k].end, AgencyRole::kSource);
    unsorted = true;
  }
  if (unsorted) {
    std::sort(out->begin() + static_cast<std::ptrdiff_t>(base), out->end(),
              [](const AgencyMention& a, const AgencyMention& b) { return a.start < b.start; });
  }

  // 5. Metadata: infosources, copyrightholder, byline fields name the source.
  auto has_source = [&](const Agency* agency) {
    for (size_t k = base; k < out->size(); ++k) {
      if ((*out)[k].role == AgencyRole::kSource && (*out)[k].name == agency->name) return true;
    }
    return false;
  };
  auto scan_meta = [&](std::string_view field) {
    size_t j = 0;
    while (j < field.size()) {
      if (!IsWordByte(static_cast<unsigned char>(field[j]))) {
        ++j;
        continue;
      }
      size_t end = 0;
      if (const AgencyAlias* alias = agencies_.MatchAt(field, j, &end)) {
        if (!has_source(alias->agency)) {
          out->push_back(AgencyMention{alias->agency->name, alias->agency->code, AgencyRole::kSource, 0, 0, true});
        }
        j = end;
        continue;
      }
      while (j < field.size() && IsWordByte(static_cast<unsigned char>(field[j]))) ++j;
    }
  };
  for (const auto& name : meta.infosource_names) scan_meta(name);
  scan_meta(meta.copyrightholder);
  scan_meta(meta.by);
}

}  // namespace wiretag
