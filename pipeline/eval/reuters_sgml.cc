#include "pipeline/eval/reuters_sgml.h"

#include <cstdio>
#include <cstdlib>


#include "pipeline/formats/html_text.h"
#include "pipeline/taggers/case_fold.h"
#include "pipeline/taggers/wire_date.h"

namespace wiretag {

namespace {

// The content of the first <tag ...>...</tag> inside `element`, or nullopt.
std::optional<std::string_view> Child(std::string_view element, std::string_view tag) {
  std::string open(1, '<');
  open.append(tag);
  size_t pos = 0;
  while ((pos = element.find(open, pos)) != std::string_view::npos) {
    size_t after = pos + open.size();
    if (after < element.size() && (element[after] == '>' || element[after] == ' ')) break;
    pos = after;
  }
  if (pos == std::string_view::npos) return std::nullopt;
  size_t content = element.find('>', pos);
  if (content == std::string_view::npos) return std::nullopt;
  ++content;
  std::string close("</");
  close.append(tag);
  close.push_back('>');
  size_t end = element.find(close, content);
  if (end == std::string_view::npos) return std::nullopt;
  return element.substr(content, end - content);
}

std::string Attribute(std::string_view open_tag, std::string_view name) {
  std::string key(1, ' ');
  key.append(name);
  key.append("=\"");
  size_t pos = open_tag.find(key);
  if (pos == std::string_view::npos) return {};
  pos += key.size();
  size_t end = open_tag.find('"', pos);
  return end == std::string_view::npos ? std::string() : std::string(open_tag.substr(pos, end - pos));
}


}  // namespace

std::string DecodeSgmlEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '&') {
      out.push_back(text[i++]);
      continue;
    }
    size_t semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out.push_back(text[i++]);
      continue;
    }
    std::string_view name = text.substr(i + 1, semi - i - 1);
    if (name == "lt") {
      out.push_back('<');
    } else if (name == "gt") {
      out.push_back('>');
    } else if (name == "amp") {
      out.push_back('&');
    } else if (name == "quot") {
      out.push_back('"');
    } else if (name == "apos") {
      out.push_back('\'');
    } else if (name.size() >= 2 && name[0] == '#') {
      std::string digits(name.substr(1));
      int base = 10;
      if (digits[0] == 'x' || digits[0] == 'X') {
        base = 16;
        digits.erase(0, 1);
      }
      char* end = nullptr;
      unsigned long cp = std::strtoul(digits.c_str(), &end, base);
      if (digits.empty() || *end != '\0' || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        out.append(text.substr(i, semi + 1 - i));
      } else {
        AppendReferencedCodePoint(static_cast<uint32_t>(cp), &out);
      }
    } else {
      out.append(text.substr(i, semi + 1 - i));
    }
    i = semi + 1;
  }
  return out;
}

std::vector<ReutersStory> ParseReutersSgml(std::string_view sgml) {
  std::vector<ReutersStory> stories;
  size_t pos = 0;
  while ((pos = sgml.find("<REUTERS", pos)) != std::string_view::npos) {
    size_t end = sgml.find("</REUTERS>", pos);
    if (end == std::string_view::npos) break;
    std::string_view element = sgml.substr(pos, end - pos);
    ReutersStory story;
    story.newid = Attribute(element.substr(0, element.find('>')), "NEWID");
    if (auto date = Child(element, "DATE")) story.date = std::string(*date);
    if (auto title = Child(element, "TITLE")) story.title = DecodeSgmlEntities(*title);
    if (auto dateline = Child(element, "DATELINE")) {
      story.dateline = DecodeSgmlEntities(*dateline);
      story.has_dateline = true;
    }
    if (auto body = Child(element, "BODY")) {
      story.body = DecodeSgmlEntities(*body);
      story.has_body = true;
    }
    stories.push_back(std::move(story));
    pos = end + 10;
  }
  return stories;
}

std::optional<std::string> ReutersDateToRfc3339(std::string_view date) {
  // D-MON-YYYY HH:MM:SS(.cc), with stray spaces around the parts.
  size_t i = 0;
  auto spaces = [&] {
    while (i < date.size() && date[i] == ' ') ++i;
  };
  auto number = [&](size_t min_digits, size_t max_digits) {
    size_t start = i;
    int value = 0;
    while (i < date.size() && IsAsciiDigit(date[i]) && i - start < max_digits) value = value * 10 + (date[i++] - '0');
    return i - start >= min_digits ? value : -1;
  };
  auto expect = [&](char c) {
    if (i < date.size() && date[i] == c) {
      ++i;
      return true;
    }
    return false;
  };
  spaces();
  int day = number(1, 2);
  if (day < 1 || day > 31 || !expect('-') || i + 3 > date.size()) return std::nullopt;
  int month = MonthNumber(date.substr(i, 3));
  i += 3;
  if (month == 0 || !expect('-')) return std::nullopt;
  int year = number(4, 4);
  spaces();
  int hour = number(2, 2);
  if (year < 0 || hour < 0 || !expect(':')) return std::nullopt;
  int minute = number(2, 2);
  if (minute < 0 || !expect(':')) return std::nullopt;
  int second = number(2, 2);
  if (second < 0) return std::nullopt;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour, minute, second);
  return std::string(buf);
}

}  // namespace wiretag
