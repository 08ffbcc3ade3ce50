#pragma once
// RecordTransform is the processing step a stage worker runs on each record:
// input bytes in, one enriched record or one ProcessError out. In production
// it is RecordProcessor (MakeRecordProcessorFactory); tests inject their own to
// exercise ordering, offsets and the DLQ without the taggers.
//
// Thread safety: one instance per worker thread; a factory is called once per
// worker, from the worker's own thread, and must be thread-safe itself.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/formats/record_processor.h"

namespace wiretag {

class RecordTransform {
 public:
  virtual ~RecordTransform() = default;
  // Same contract as RecordProcessor::Process: never throws for bad input.
  virtual std::optional<ProcessError> Process(std::string_view input, std::string* out) = 0;
  // The story uri of the last successful Process() ("" if none): the output key
  // when the input record has no key.
  virtual std::string_view last_uri() const = 0;
  // Tags and timings of the last successful Process(), for metrics; may be null.
  virtual const Tags* last_tags() const { return nullptr; }
  virtual const ProcessTimings* last_timings() const { return nullptr; }
};

using TransformFactory = std::function<std::unique_ptr<RecordTransform>()>;

// Workers that run RecordProcessor over `tagger` (which must outlive them).
TransformFactory MakeRecordProcessorFactory(const StoryTagger& tagger, ProcessorOptions options);

// Workers that run RecordProcessor over the tagger `handle` holds at each
// record, following its replacements (tagger_handle.h).
class TaggerHandle;
TransformFactory MakeRecordProcessorFactory(std::shared_ptr<const TaggerHandle> handle, ProcessorOptions options);

}  // namespace wiretag
