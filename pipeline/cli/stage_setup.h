#pragma once
// What `run`, `replay` and `demo` share: applying log.* from the config,
// loading the taggers (with tagging.local_lists_dir) behind a TaggerHandle and
// building the processor factory over it, and the metrics exporter.

#include <memory>

#include "pipeline/config/config.h"
#include "pipeline/metrics/stage_metrics.h"
#include "pipeline/stage/record_transform.h"
#include "pipeline/stage/tagger_handle.h"
#include "pipeline/taggers/story_tagger.h"

namespace wiretag::cli {

struct StageParts {
  std::shared_ptr<TaggerHandle> taggers;
  TransformFactory factory;  // follows `taggers`
  std::unique_ptr<StageMetrics> metrics;
};

// Throws std::runtime_error (taggers' data, metrics address) or ConfigError.
StageParts SetUpStage(const Config& config);

// Loads the taggers again from the config's data directory and local lists —
// on the calling thread, while the workers go on with the old ones — and swaps
// them in; then the output version, wiretag_tagger_info and the reload counter
// follow. On failure the old taggers stay, the error is logged and counted.
// Returns whether the new taggers are in use.
bool ReloadTaggers(const Config& config, StageParts& parts);

}  // namespace wiretag::cli
