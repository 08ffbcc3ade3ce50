#pragma once
// RunGroupStage assembles `wiretag run`: KafkaSink, WorkerStage,
// KafkaGroupSource and the GroupRunLoop that drives them, over one Config; runs until `stop` becomes non-zero or a fatal
// error, and tears them down in the order that loses nothing (consumer closed,
// workers joined, producer flushed/purged, then the trackers). The sink's
// and the source's unrecoverable errors reach the loop through a FatalErrorLatch.
// Thread safety: call from one thread; `stop` may be set from anywhere
// (a signal handler, a test).

#include <atomic>
#include <cstdint>

#include "pipeline/config/config.h"
#include "pipeline/stage/record_transform.h"

namespace wiretag {

class StageMetrics;

struct StageRunResult {
  int exit_code = 0;  // 0 graceful shutdown, 1 fatal error
  int64_t consumed = 0, enriched = 0, dead_lettered = 0;
};

StageRunResult RunGroupStage(const Config& config, const TransformFactory& factory, StageMetrics* metrics,
                             const std::atomic<int>& stop);

}  // namespace wiretag
