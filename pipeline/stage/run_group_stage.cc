#include "pipeline/stage/run_group_stage.h"

#include <chrono>
#include <memory>

#include <spdlog/spdlog.h>

#include "pipeline/sink/kafka_sink.h"
#include "pipeline/source/group_consumer.h"
#include "pipeline/stage/worker_stage.h"

namespace wiretag {

StageRunResult RunGroupStage(const Config& config, const TransformFactory& factory, StageMetrics* metrics,
                             const std::atomic<int>& stop) {
  StageRunResult result;
  auto sink = std::make_unique<KafkaSink>(config, metrics);
  WorkerStageOptions options;
  options.workers = config.EffectiveWorkers();
  options.max_message_bytes = static_cast<size_t>(config.max_message_bytes);
  auto stage = std::make_unique<WorkerStage>(options, factory, sink.get(), metrics);
  {
    GroupConsumer consumer(config, stage.get(), sink.get(), metrics);
    result.exit_code = consumer.Run(stop);
    result.consumed = consumer.consumed();
  }
  stage->Stop();
  if (result.exit_code == 0)
    sink->Flush(std::chrono::steady_clock::now() + std::chrono::milliseconds(config.stage.shutdown_timeout_ms));
  result.enriched = sink->enriched();
  result.dead_lettered = sink->dead_lettered();
  sink.reset();   // its delivery thread may still touch the trackers' counters
  stage.reset();
  return result;
}

}  // namespace wiretag
