#include "pipeline/stage/record_transform.h"

namespace wiretag {
namespace {

class RecordProcessorTransform final : public RecordTransform {
 public:
  RecordProcessorTransform(const StoryTagger& tagger, ProcessorOptions options) : processor_(tagger, options) {}
  std::optional<ProcessError> Process(std::string_view input, std::string* out) override {
    return processor_.Process(input, out);
  }
  std::string_view last_uri() const override { return processor_.last_uri(); }
  const Tags* last_tags() const override { return &processor_.last_tags(); }
  const ProcessTimings* last_timings() const override { return &processor_.last_timings(); }

 private:
  RecordProcessor processor_;
};

}  // namespace

TransformFactory MakeRecordProcessorFactory(const StoryTagger& tagger, ProcessorOptions options) {
  return [&tagger, options] { return std::make_unique<RecordProcessorTransform>(tagger, options); };
}

}  // namespace wiretag
