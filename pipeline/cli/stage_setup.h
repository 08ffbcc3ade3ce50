#pragma once
// What `run` and `demo` share: applying log.* from the config, loading the
// taggers and building the processor factory, and the metrics exporter.

#include <memory>

#include "pipeline/config/config.h"
#include "pipeline/metrics/stage_metrics.h"
#include "pipeline/stage/record_transform.h"
#include "pipeline/taggers/story_tagger.h"

namespace wiretag::cli {

struct StageParts {
  std::unique_ptr<StoryTagger> tagger;
  TransformFactory factory;
  std::unique_ptr<StageMetrics> metrics;
};

// Throws std::runtime_error (taggers' data, metrics address) or ConfigError.
// `mode` becomes the metrics' mode label: kReplay for `wiretag replay`.
StageParts SetUpStage(const Config& config, StageMode mode = StageMode::kLive);

}  // namespace wiretag::cli
