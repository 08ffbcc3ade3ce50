#include "pipeline/formats/record_processor.h"

#include <chrono>
#include <exception>

#include "pipeline/formats/parsed_story.h"
#include "pipeline/formats/record_writer.h"
#include "pipeline/formats/story_reader.h"
#include "pipeline/formats/text_uri.h"
#include "wiretag/version.h"

namespace wiretag {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace

struct RecordProcessor::Impl {
  const StoryTagger& tagger;
  ProcessorOptions options;
  std::string version;
  StoryReader reader;
  RecordWriter writer;
  ParsedStory story;
  Tags tags;
  std::string uri;  // the story's uri, given or derived
  ProcessTimings timings;
};

RecordProcessor::RecordProcessor(const StoryTagger& tagger, ProcessorOptions options)
    : impl_(new Impl{tagger, options, std::string(kSemver) + "+" + tagger.DataId(), {}, {}, {}, {}, {}, {}}) {}

RecordProcessor::~RecordProcessor() = default;

std::optional<ProcessError> RecordProcessor::Process(std::string_view input, std::string* out) {
  Impl& d = *impl_;
  out->clear();
  d.uri.clear();
  d.tags = Tags{};
  d.timings = ProcessTimings{};
  if (input.size() > d.options.max_bytes) {
    return ProcessError{ErrorClass::kTooLarge, "input is " + std::to_string(input.size()) +
                                                   " bytes, over the limit of " +
                                                   std::to_string(d.options.max_bytes)};
  }
  const auto start = Clock::now();
  if (auto error = d.reader.Read(input, d.options.format, &d.story)) {
    if (d.story.has_uri) d.uri.assign(d.story.uri);  // a story without a body still names itself (dead-letter log)
    return error;
  }
  if (d.story.has_uri) {
    d.uri.assign(d.story.uri);
  } else {
    AppendTextUri(d.story.text, &d.uri);
    d.story.uri = d.uri;
  }
  const auto parsed = Clock::now();
  try {
    d.tags = d.tagger.Tag(d.story.text, d.story.meta);
    if (!d.story.headline.empty()) d.tagger.TagHeadline(d.story.headline, &d.tags);
  } catch (const std::exception& e) {
    d.tags = Tags{};
    std::string detail = std::string(e.what());
    for (char& c : detail)
      if (c == '\n' || c == '\r') c = ' ';
    return ProcessError{ErrorClass::kTaggerFailure, std::move(detail)};
  } catch (...) {
    d.tags = Tags{};
    return ProcessError{ErrorClass::kTaggerFailure, "unknown exception from the tagger"};
  }
  const auto tagged = Clock::now();
  d.writer.Write(d.story, d.tags, d.version, out);
  const auto written = Clock::now();
  d.timings.parse_seconds = Seconds(start, parsed);
  d.timings.tag_seconds = Seconds(parsed, tagged);
  d.timings.serialize_seconds = Seconds(tagged, written);
  return std::nullopt;
}

const Tags& RecordProcessor::last_tags() const { return impl_->tags; }
std::string_view RecordProcessor::last_uri() const { return impl_->uri; }
const ProcessTimings& RecordProcessor::last_timings() const { return impl_->timings; }

}  // namespace wiretag
