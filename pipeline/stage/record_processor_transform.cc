#include "pipeline/stage/record_transform.h"

#include "pipeline/stage/tagger_handle.h"

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

// Follows a TaggerHandle: before each record, takes the handle's tagger when
// it changed (a new RecordProcessor over it); holds the one it uses meanwhile.
class ReloadableRecordProcessorTransform final : public RecordTransform {
 public:
  ReloadableRecordProcessorTransform(std::shared_ptr<const TaggerHandle> handle, ProcessorOptions options)
      : handle_(std::move(handle)), options_(options) {
    Refresh();
  }
  std::optional<ProcessError> Process(std::string_view input, std::string* out) override {
    if (handle_->generation() != generation_) Refresh();
    return processor_->Process(input, out);
  }
  std::string_view last_uri() const override { return processor_->last_uri(); }
  const Tags* last_tags() const override { return &processor_->last_tags(); }
  const ProcessTimings* last_timings() const override { return &processor_->last_timings(); }

 private:
  void Refresh() {
    auto [tagger, generation] = handle_->Current();
    processor_ = std::make_unique<RecordProcessor>(*tagger, options_);
    tagger_ = std::move(tagger);  // after the new processor: the old one is gone with its tagger
    generation_ = generation;
  }
  std::shared_ptr<const TaggerHandle> handle_;
  ProcessorOptions options_;
  std::shared_ptr<const StoryTagger> tagger_;
  std::unique_ptr<RecordProcessor> processor_;
  uint64_t generation_ = 0;
};

}  // namespace

TransformFactory MakeRecordProcessorFactory(std::shared_ptr<const TaggerHandle> handle, ProcessorOptions options) {
  return [handle = std::move(handle), options] {
    return std::make_unique<ReloadableRecordProcessorTransform>(handle, options);
  };
}

TransformFactory MakeRecordProcessorFactory(const StoryTagger& tagger, ProcessorOptions options) {
  return [&tagger, options] { return std::make_unique<RecordProcessorTransform>(tagger, options); };
}

}  // namespace wiretag
