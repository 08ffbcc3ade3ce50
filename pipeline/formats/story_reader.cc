#include "pipeline/formats/story_reader.h"

#include <simdjson.h>
#include <utf8proc.h>

#include <cstdio>
#include <cstring>
#include <utility>
#include <string>

#include "pipeline/formats/html_text.h"
#include "pipeline/taggers/case_fold.h"

namespace wiretag {
namespace ondemand = simdjson::ondemand;
using simdjson::error_code;

size_t FirstInvalidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  size_t i = 0;
  while (i < text.size()) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (n <= 0) return i;
    i += static_cast<size_t>(n);
  }
  return text.size();
}

namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && IsJsonSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool IsBlank(std::string_view s) {
  for (char c : s)
    if (!(IsJsonSpace(c) || c == '\f' || c == '\v')) return false;
  return true;
}

// JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool IsJsonNumber(std::string_view s) {
  size_t i = 0, n = s.size();
  auto digit = [&](size_t k) { return k < n && s[k] >= '0' && s[k] <= '9'; };
  if (i < n && s[i] == '-') ++i;
  if (!digit(i)) return false;
  if (s[i] == '0') ++i;
  else while (digit(i)) ++i;
  if (i < n && s[i] == '.') {
    ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  return i == n;
}

// Body candidates, best first.
enum BodyRank : int { kPlainMain = 0, kPlainOther = 1, kHtmlMain = 2, kHtmlOther = 3, kNoCandidate = 9 };

bool ContentTypeIs(std::string_view ct, std::string_view want) {
  size_t semi = ct.find(';');
  if (semi != std::string_view::npos) ct = ct.substr(0, semi);
  while (!ct.empty() && ct.back() == ' ') ct.remove_suffix(1);
  while (!ct.empty() && ct.front() == ' ') ct.remove_prefix(1);
  return AsciiEqualsIgnoreCase(ct, want);
}

ManagedField ManagedFieldOf(std::string_view key) {
  if (key == "located") return ManagedField::kLocated;
  if (key == "infosources") return ManagedField::kInfosources;
  if (key == "people") return ManagedField::kPeople;
  if (key == "organisations") return ManagedField::kOrganisations;
  if (key == "places") return ManagedField::kPlaces;
  if (key == "wiretag") return ManagedField::kWiretag;
  return ManagedField::kNone;
}

// The raw key token, quotes included, from the pointer just after its opening quote.
std::string_view RawKey(const char* after_quote) {
  const char* p = after_quote;
  while (*p != '"') p += (*p == '\\') ? 2 : 1;  // the document was indexed: the quote exists
  return std::string_view(after_quote - 1, static_cast<size_t>(p - after_quote) + 2);
}

}  // namespace

struct StoryReader::Impl {
  ondemand::parser top_parser;  // the whole record
  ondemand::parser sub_parser;  // one array/object field at a time (validation, extraction)
  std::unique_ptr<char[]> padded;
  size_t padded_capacity = 0;
  const char* padded_end = nullptr;

  std::string body;          // the chosen body, unescaped
  std::string html_text;     // the chosen HTML body stripped to text
  std::string headline;      // headlines[] main value
  std::string flat_headline; // ninjs 1.x headline
  int body_rank = kNoCandidate;
  bool body_is_html = false;
  std::string detail;

  // `depth` is the nesting level of `value` in the record (the record's object
  // is level 1). The walk recurses once per level, so levels past
  // kMaxJsonDepth are refused (DEPTH_ERROR) before they can exhaust the stack.
  error_code ValidateValue(ondemand::value value, size_t depth);
  error_code ValidateObject(ondemand::object object, size_t depth);
  error_code ValidateArray(ondemand::array array, size_t depth);
  // Parses one array/object field with sub_parser and runs `walk` over it.
  template <typename Walk>
  error_code WalkRaw(std::string_view raw, Walk&& walk);
  // Walks one array of objects (bodies, headlines, infosources...), validating
  // every value: each string field goes to on_string(key, value), and
  // on_object_end() runs after each object. Anything that is not an array of
  // objects is validated and otherwise ignored, as ninjs readers do.
  template <typename OnString, typename OnObjectEnd>
  error_code ReadObjectArray(std::string_view raw, OnString&& on_string, OnObjectEnd&& on_object_end);
  error_code ReadBodies(std::string_view raw);
  error_code ReadHeadlines(std::string_view raw);
  error_code ReadNames(std::string_view raw, std::vector<std::string>* names);
  void OfferBody(std::string_view value, std::string_view contenttype, bool main_role, bool flat);

  std::optional<ProcessError> ReadJson(std::string_view input, ParsedStory* story);
  std::optional<ProcessError> JsonError(error_code error, const char* where);
};

StoryReader::StoryReader() : impl_(new Impl) {}
StoryReader::~StoryReader() = default;

error_code StoryReader::Impl::ValidateValue(ondemand::value value, size_t depth) {
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  switch (type) {
    case ondemand::json_type::object: {
      if (depth > kMaxJsonDepth) return simdjson::DEPTH_ERROR;
      ondemand::object object;
      if (auto error = value.get_object().get(object)) return error;
      return ValidateObject(object, depth);
    }
    case ondemand::json_type::array: {
      if (depth > kMaxJsonDepth) return simdjson::DEPTH_ERROR;
      ondemand::array array;
      if (auto error = value.get_array().get(array)) return error;
      return ValidateArray(array, depth);
    }
    case ondemand::json_type::string: {
      std::string_view s;
      return value.get_string().get(s);
    }
    case ondemand::json_type::number:
      return IsJsonNumber(TrimRight(value.raw_json_token())) ? simdjson::SUCCESS : simdjson::NUMBER_ERROR;
    case ondemand::json_type::boolean: {
      bool b;
      return value.get_bool().get(b);
    }
    case ondemand::json_type::null: {
      bool is_null = false;
      if (auto error = value.is_null().get(is_null)) return error;
      return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
  }
  return simdjson::TAPE_ERROR;
}

error_code StoryReader::Impl::ValidateObject(ondemand::object object, size_t depth) {
  for (auto field_result : object) {
    ondemand::field field;
    if (auto error = std::move(field_result).get(field)) return error;
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return error;
    if (auto error = ValidateValue(field.value(), depth + 1)) return error;
  }
  return simdjson::SUCCESS;
}

error_code StoryReader::Impl::ValidateArray(ondemand::array array, size_t depth) {
  for (auto element : array) {
    ondemand::value value;
    if (auto error = element.get(value)) return error;
    if (auto error = ValidateValue(value, depth + 1)) return error;
  }
  return simdjson::SUCCESS;
}

template <typename Walk>
error_code StoryReader::Impl::WalkRaw(std::string_view raw, Walk&& walk) {
  // `raw` lies inside the padded copy, so the padding after it is readable.
  size_t capacity = static_cast<size_t>(padded_end - raw.data());
  ondemand::document doc;
  if (auto error = sub_parser.iterate(raw.data(), raw.size(), capacity).get(doc)) return error;
  ondemand::value value;
  if (auto error = doc.get_value().get(value)) return error;
  return walk(value);
}

void StoryReader::Impl::OfferBody(std::string_view value, std::string_view contenttype, bool main_role,
                                  bool flat) {
  if (IsBlank(value)) return;
  int rank;
  bool html = false;
  if (contenttype.empty() || ContentTypeIs(contenttype, "text/plain")) {
    rank = main_role ? kPlainMain : kPlainOther;
  } else if (ContentTypeIs(contenttype, "text/html") || ContentTypeIs(contenttype, "application/xhtml+xml")) {
    rank = main_role ? kHtmlMain : kHtmlOther;
    html = true;
  } else {
    return;
  }
  // A ninjs 1.x flat body ranks just after the 2.x main body of its kind.
  if (flat && rank == kPlainMain) rank = kPlainOther;
  if (rank >= body_rank) return;
  body_rank = rank;
  body_is_html = html;
  body.assign(value);
}

template <typename OnString, typename OnObjectEnd>
error_code StoryReader::Impl::ReadObjectArray(std::string_view raw, OnString&& on_string,
                                              OnObjectEnd&& on_object_end) {
  return WalkRaw(raw, [&](ondemand::value value) -> error_code {
    ondemand::array array;
    // The array is a top-level field's value (level 2), its objects level 3.
    if (value.get_array().get(array)) return ValidateValue(value, 2);  // not an array: keep, ignore
    for (auto element : array) {
      ondemand::value item;
      if (auto error = element.get(item)) return error;
      ondemand::object object;
      if (item.get_object().get(object)) {
        if (auto error = ValidateValue(item, 3)) return error;
        continue;
      }
      for (auto field_result : object) {
        ondemand::field field;
        if (auto error = std::move(field_result).get(field)) return error;
        std::string_view key;
        if (auto error = field.unescaped_key().get(key)) return error;
        ondemand::json_type type;
        if (auto error = field.value().type().get(type)) return error;
        if (type != ondemand::json_type::string) {
          if (auto error = ValidateValue(field.value(), 4)) return error;
          continue;
        }
        // Reading the string is also its validation (UTF-8, escapes).
        std::string_view s;
        if (auto error = field.value().get_string().get(s)) return error;
        on_string(key, s);
      }
      on_object_end();
    }
    return simdjson::SUCCESS;
  });
}

error_code StoryReader::Impl::ReadBodies(std::string_view raw) {
  std::string_view role, contenttype, text;
  bool has_text = false, has_role = false;
  return ReadObjectArray(
      raw,
      [&](std::string_view key, std::string_view s) {
        if (key == "role") role = s, has_role = true;
        else if (key == "contenttype") contenttype = s;
        else if (key == "value") text = s, has_text = true;
      },
      [&] {
        if (has_text) OfferBody(text, contenttype, !has_role || role == "main", false);
        role = contenttype = text = {};
        has_text = has_role = false;
      });
}

error_code StoryReader::Impl::ReadHeadlines(std::string_view raw) {
  std::string_view role, text;
  bool has_text = false, has_role = false;
  bool have_main = false, have_any = false;
  return ReadObjectArray(
      raw,
      [&](std::string_view key, std::string_view s) {
        if (key == "role") role = s, has_role = true;
        else if (key == "value") text = s, has_text = true;
      },
      [&] {
        bool main_role = !has_role || role == "main";
        if (has_text && !IsBlank(text) && ((main_role && !have_main) || !have_any)) {
          headline.assign(text);
          have_any = true;
          have_main = have_main || main_role;
        }
        role = text = {};
        has_text = has_role = false;
      });
}

error_code StoryReader::Impl::ReadNames(std::string_view raw, std::vector<std::string>* names) {
  return ReadObjectArray(
      raw,
      [names](std::string_view key, std::string_view s) {
        if (key == "name") names->emplace_back(s);
      },
      [] {});
}

std::optional<ProcessError> StoryReader::Impl::JsonError(error_code error, const char* where) {
  detail.clear();
  if (where && *where) {
    // The key comes from the input, unescaped: keep the detail one short line
    // (it goes to stderr and into a Kafka header) whatever the key holds.
    std::string_view key(where);
    constexpr size_t kMaxKeyBytes = 64;
    detail.append("in field \"");
    for (size_t i = 0; i < key.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(key[i]);
      if (i >= kMaxKeyBytes && (c & 0xC0) != 0x80) {  // cut on a code-point boundary
        detail.append("...");
        break;
      }
      if (c < 0x20 || c == 0x7F) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
        detail.append(escaped);
      } else {
        detail.push_back(static_cast<char>(c));
      }
    }
    detail.append("\": ");
  }
  if (error == simdjson::DEPTH_ERROR) {
    detail.append("nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    return ProcessError{ErrorClass::kTooDeep, detail};
  }
  detail.append(simdjson::error_message(error));
  return ProcessError{ErrorClass::kInvalidJson, detail};
}

std::optional<ProcessError> StoryReader::Impl::ReadJson(std::string_view input, ParsedStory* story) {
  const size_t capacity = input.size() + simdjson::SIMDJSON_PADDING;
  if (capacity > padded_capacity) {
    padded_capacity = capacity + capacity / 2;
    padded.reset(new char[padded_capacity]);
  }
  std::memcpy(padded.get(), input.data(), input.size());
  std::memset(padded.get() + input.size(), ' ', simdjson::SIMDJSON_PADDING);
  padded_end = padded.get() + capacity;
  const char* buffer = padded.get();

  ondemand::document doc;
  if (auto error = top_parser.iterate(buffer, input.size(), capacity).get(doc)) return JsonError(error, "");
  ondemand::object object;
  if (auto error = doc.get_object().get(object)) {
    if (error == simdjson::INCORRECT_TYPE)
      return ProcessError{ErrorClass::kInvalidJson, "the record is not a JSON object"};
    return JsonError(error, "");
  }
  bool have_headlines = false;
  for (auto field_result : object) {
    ondemand::field field;
    if (auto error = std::move(field_result).get(field)) return JsonError(error, "");
    std::string_view raw_key = RawKey(field.key().raw());
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return JsonError(error, "");
    // unescaped_key's view lives in the parser's string buffer until the next record: stable.
    ondemand::value value = field.value();
    ondemand::json_type type;
    if (auto error = value.type().get(type)) return JsonError(error, std::string(key).c_str());
    std::string_view raw, string_value;
    error_code error = simdjson::SUCCESS;
    switch (type) {
      case ondemand::json_type::object: {
        ondemand::object child;
        if (!(error = value.get_object().get(child))) error = child.raw_json().get(raw);
        if (!error) error = WalkRaw(raw, [this](ondemand::value v) { return ValidateValue(v, 2); });
        break;
      }
      case ondemand::json_type::array: {
        ondemand::array child;
        if (!(error = value.get_array().get(child))) error = child.raw_json().get(raw);
        if (error) break;
        if (key == "bodies") error = ReadBodies(raw);
        else if (key == "headlines") error = ReadHeadlines(raw), have_headlines = true;
        else if (key == "infosources") error = ReadNames(raw, &story->meta.infosource_names);
        else if (key == "people") error = ReadNames(raw, &story->people_names);
        else if (key == "organisations") error = ReadNames(raw, &story->organisation_names);
        else if (key == "places") error = ReadNames(raw, &story->place_names);
        else error = WalkRaw(raw, [this](ondemand::value v) { return ValidateValue(v, 2); });
        break;
      }
      case ondemand::json_type::string:
        raw = TrimRight(value.raw_json_token());
        error = value.get_string().get(string_value);
        break;
      default:
        raw = TrimRight(value.raw_json_token());
        error = ValidateValue(value, 2);
        break;
    }
    if (error) return JsonError(error, std::string(key).c_str());
    story->fields.push_back(RawField{raw_key, raw, ManagedFieldOf(key)});
    if (type != ondemand::json_type::string) continue;

    if (key == "uri") story->uri = string_value, story->has_uri = true;
    else if (key == "body_text") OfferBody(string_value, "text/plain", true, true);
    else if (key == "body_html") OfferBody(string_value, "text/html", true, true);
    else if (key == "headline") flat_headline.assign(string_value);
    else if (key == "versioncreated") story->meta.versioncreated.assign(string_value);
    else if (key == "firstcreated") story->meta.firstcreated.assign(string_value);
    else if (key == "language") story->meta.language.assign(string_value);
    else if (key == "by") story->meta.by.assign(string_value);
    else if (key == "copyrightholder") story->meta.copyrightholder.assign(string_value);
    else if (key == "located" && !IsBlank(string_value)) story->located = string_value;
  }
  const char* next = nullptr;
  if (!doc.current_location().get(next))
    return ProcessError{ErrorClass::kInvalidJson,
                        "content after the object at byte " + std::to_string(next - buffer)};

  if (body_rank == kNoCandidate)
    return ProcessError{ErrorClass::kNoBody, "no non-empty text/plain or text/html value in bodies[], "
                                             "body_text or body_html"};
  if (body_is_html) {
    HtmlToText(body, &html_text);
    if (IsBlank(html_text)) return ProcessError{ErrorClass::kNoBody, "the HTML body has no text"};
    story->text = html_text;
    story->text_derived = true;
  } else {
    story->text = body;
  }
  // \u escapes can spell lone surrogates; the taggers need valid UTF-8.
  if (!simdjson::validate_utf8(story->text.data(), story->text.size()))
    return ProcessError{ErrorClass::kInvalidUtf8, "invalid UTF-8 in the body after unescaping (lone surrogate?)"};
  story->headline = have_headlines && !headline.empty() ? std::string_view(headline) : flat_headline;
  story->meta.headline.assign(story->headline);
  return std::nullopt;
}

size_t StoryReader::RetainedBytes() const {
  const Impl& d = *impl_;
  // simdjson's On Demand parser keeps about 5 bytes per byte of capacity:
  // its string buffer and the 32-bit structural index.
  return d.padded_capacity + 5 * (d.top_parser.capacity() + d.sub_parser.capacity()) + d.body.capacity() +
         d.html_text.capacity() + d.headline.capacity() + d.flat_headline.capacity() + d.detail.capacity();
}

void StoryReader::ReleaseMemory() { impl_ = std::make_unique<Impl>(); }

std::optional<ProcessError> StoryReader::Read(std::string_view input, InputFormat format, ParsedStory* story) {
  Impl& d = *impl_;
  story->from_json = false;
  story->fields.clear();
  story->uri = {};
  story->has_uri = false;
  story->text = {};
  story->text_derived = false;
  story->headline = {};
  story->located = {};
  story->meta.versioncreated.clear();
  story->meta.firstcreated.clear();
  story->meta.headline.clear();
  story->meta.by.clear();
  story->meta.copyrightholder.clear();
  story->meta.infosource_names.clear();
  story->meta.language.clear();
  story->people_names.clear();
  story->organisation_names.clear();
  story->place_names.clear();
  d.body.clear();
  d.headline.clear();
  d.flat_headline.clear();
  d.body_rank = kNoCandidate;
  d.body_is_html = false;

  if (!simdjson::validate_utf8(input.data(), input.size())) {
    return ProcessError{ErrorClass::kInvalidUtf8,
                        "invalid UTF-8 at byte " + std::to_string(FirstInvalidUtf8(input))};
  }
  bool json = format == InputFormat::kNinjs;
  if (format == InputFormat::kAuto) {
    size_t first = 0;
    while (first < input.size() && IsBlank(input.substr(first, 1))) ++first;
    json = first < input.size() && input[first] == '{';
  }
  if (json) {
    story->from_json = true;
    auto error = d.ReadJson(input, story);
    if (!error && story->meta.language.empty()) story->meta.language = "en";
    return error;
  }
  if (IsBlank(input)) return ProcessError{ErrorClass::kNoBody, "the text is empty"};
  story->text = input;
  story->meta.language = "en";
  return std::nullopt;
}

}  // namespace wiretag
