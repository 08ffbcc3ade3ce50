// libFuzzer target: parse + tag + serialise any bytes, as `wiretag tag` and the
// stage do. Invariants: no crash, no sanitizer report, and every success is one
// valid JSON object (checked with simdjson's DOM parser) while every failure
// leaves the output empty with a one-line detail.
#include "wiretag/build_paths.h"
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "pipeline/formats/record_processor.h"
#include "pipeline/taggers/story_tagger.h"

namespace {

const wiretag::StoryTagger& Tagger() {
  static std::unique_ptr<wiretag::StoryTagger> tagger =
      wiretag::StoryTagger::Load(std::string(WIRETAG_SOURCE_DIR) + "/config");
  return *tagger;
}

void Check(wiretag::RecordProcessor& processor, std::string_view input, std::string* out) {
  auto error = processor.Process(input, out);
  if (error) {
    if (!out->empty() || error->detail.empty() || error->detail.find('\n') != std::string::npos) std::abort();
    return;
  }
  static simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(*out).get(doc) || !doc.is_object()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static wiretag::RecordProcessor auto_processor(Tagger(), {1 << 20, wiretag::InputFormat::kAuto});
  static wiretag::RecordProcessor text_processor(Tagger(), {1 << 20, wiretag::InputFormat::kText});
  static std::string out;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Check(auto_processor, input, &out);
  Check(text_processor, input, &out);
  return 0;
}
