// TEMPORARY — DELETE WHEN MERGING BRANCH `io` (which implements RecordProcessor
// and ErrorClassName). A minimal stand-in so that the stage links and its tests
// run before the real record processor lands: it classifies inputs like the
// real one (too large, invalid UTF-8, invalid JSON, no body) and appends a
// "wiretag" object with the entity count.
#include <simdjson.h>

#include <string>

#include "pipeline/formats/record_processor.h"
#include "wiretag/version.h"

namespace wiretag {

const char* ErrorClassName(ErrorClass kind) {
  switch (kind) {
    case ErrorClass::kInvalidJson: return "invalid_json";
    case ErrorClass::kInvalidUtf8: return "invalid_utf8";
    case ErrorClass::kNoBody: return "no_body";
    case ErrorClass::kTooLarge: return "too_large";
    case ErrorClass::kTaggerFailure: return "tagger_failure";
  }
  return "tagger_failure";
}

struct RecordProcessor::Impl {
  const StoryTagger& tagger;
  ProcessorOptions options;
  simdjson::dom::parser parser;
  Tags tags;
  std::string uri;
  ProcessTimings timings;
};

RecordProcessor::RecordProcessor(const StoryTagger& tagger, ProcessorOptions options)
    : impl_(new Impl{tagger, options, {}, {}, {}, {}}) {}
RecordProcessor::~RecordProcessor() = default;

std::optional<ProcessError> RecordProcessor::Process(std::string_view input, std::string* out) {
  out->clear();
  if (input.size() > impl_->options.max_bytes) return ProcessError{ErrorClass::kTooLarge, "too large"};
  if (!simdjson::validate_utf8(input.data(), input.size()))
    return ProcessError{ErrorClass::kInvalidUtf8, "invalid UTF-8"};
  size_t first = input.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return ProcessError{ErrorClass::kNoBody, "empty input"};
  std::string body;
  impl_->uri.clear();
  if (input[first] == '{') {
    simdjson::dom::element doc;
    if (auto err = impl_->parser.parse(input.data(), input.size()).get(doc))
      return ProcessError{ErrorClass::kInvalidJson, simdjson::error_message(err)};
    if (!doc.is_object()) return ProcessError{ErrorClass::kInvalidJson, "not an object"};
    std::string_view uri;
    if (!doc["uri"].get(uri)) impl_->uri = std::string(uri);
    simdjson::dom::array bodies;
    if (!doc["bodies"].get(bodies)) {
      for (auto b : bodies) {
        std::string_view v;
        if (!b["value"].get(v)) { body = std::string(v); break; }
      }
    }
    std::string_view flat;
    if (body.empty() && !doc["body_text"].get(flat)) body = std::string(flat);
    if (body.empty()) return ProcessError{ErrorClass::kNoBody, "no body"};
    impl_->tags = impl_->tagger.Tag(body, StoryMeta{});
    std::string_view trimmed = input.substr(0, input.find_last_of('}'));
    out->append(trimmed);
    out->append(",\"wiretag\":{\"version\":\"");
    out->append(kVersion);
    out->append("\",\"entities\":" + std::to_string(impl_->tags.entities.size()) + "}}");
  } else {
    impl_->tags = impl_->tagger.Tag(input, StoryMeta{});
    impl_->uri = "urn:wiretag:text:" + std::to_string(std::hash<std::string_view>{}(input));
    out->append("{\"uri\":\"" + impl_->uri + "\",\"wiretag\":{\"entities\":" +
                std::to_string(impl_->tags.entities.size()) + "}}");
  }
  return std::nullopt;
}

const Tags& RecordProcessor::last_tags() const { return impl_->tags; }
std::string_view RecordProcessor::last_uri() const { return impl_->uri; }
const ProcessTimings& RecordProcessor::last_timings() const { return impl_->timings; }

}  // namespace wiretag
