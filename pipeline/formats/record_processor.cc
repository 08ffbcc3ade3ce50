#include "pipeline/formats/record_processor.h"

#include <malloc.h>

#include <chrono>
#include <exception>

#include "pipeline/formats/message_size.h"
#include "pipeline/formats/output_version.h"
#include "pipeline/formats/parsed_story.h"
#include "pipeline/formats/record_writer.h"
#include "pipeline/formats/story_reader.h"
#include "pipeline/formats/text_uri.h"
#include "pipeline/taggers/thread_scratch.h"

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

  std::optional<ProcessError> ProcessOnce(std::string_view input, std::string* out);
  void ReleaseWorkingMemory();
};

void RecordProcessor::Impl::ReleaseWorkingMemory() {
  reader.ReleaseMemory();
  writer.ReleaseMemory();
  story = ParsedStory{};  // its views pointed into the reader's buffers
  ReleaseThreadScratch();
  // Freed blocks stay in the thread's malloc arena otherwise: give the pages back.
  malloc_trim(0);
}

RecordProcessor::RecordProcessor(const StoryTagger& tagger, ProcessorOptions options)
    : impl_(new Impl{tagger, options, VersionString(tagger.DataId()), {}, {}, {}, {}, {}, {}}) {}

RecordProcessor::~RecordProcessor() = default;

std::optional<ProcessError> RecordProcessor::Process(std::string_view input, std::string* out) {
  std::optional<ProcessError> result = impl_->ProcessOnce(input, out);
  const size_t release_after = impl_->options.release_after_bytes;
  if (release_after > 0 && input.size() >= release_after) impl_->ReleaseWorkingMemory();
  return result;
}

size_t RecordProcessor::RetainedBytes() const {
  const Impl& d = *impl_;
  size_t fields = d.story.fields.capacity() * sizeof(RawField);
  return d.reader.RetainedBytes() + d.writer.RetainedBytes() + fields + ThreadScratchBytes();
}

std::optional<ProcessError> RecordProcessor::Impl::ProcessOnce(std::string_view input, std::string* out) {
  Impl& d = *this;
  out->clear();
  d.uri.clear();
  d.tags = Tags{};
  d.timings = ProcessTimings{};
  if (OverMessageLimit(input.size(), d.options.max_message_bytes))
    return ProcessError{ErrorClass::kTooLarge, TooLargeDetail(input.size(), d.options.max_message_bytes)};
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
