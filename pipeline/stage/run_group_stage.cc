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
  // Exactly-once: one transactional producer per stage instance (KIP-447).
  auto sink = std::make_unique<KafkaSink>(config, metrics, config.exactly_once() ? config.RunTransactionalId() : "");
  WorkerStageOptions options;
  options.workers = config.EffectiveWorkers();
  options.max_message_bytes = static_cast<size_t>(config.max_message_bytes);
  auto stage = std::make_unique<WorkerStage>(options, factory, sink.get(), metrics);
  // One budget for the whole teardown: the consumer's drain, commit and close
  // took their part of it; the producer gets what is left.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config.stage.shutdown_timeout_ms);
  {
    GroupConsumer consumer(config, stage.get(), sink.get(), metrics);
    result.exit_code = consumer.Run(stop);
    result.consumed = consumer.consumed();
    if (consumer.shutdown_deadline()) deadline = *consumer.shutdown_deadline();
  }
  sink->BeginShutdown(deadline);  // a worker waiting for room in the producer's queue gives up
  stage->Stop();
  // Nothing delivered now can be committed any more (the consumer is closed);
  // flushing only spares the next owner some duplicates, so it gets no more
  // than the rest of the budget.
  if (result.exit_code == 0) sink->Flush(deadline);
  result.enriched = sink->enriched();
  result.dead_lettered = sink->dead_lettered();
  sink.reset();   // its delivery thread may still touch the trackers' counters
  stage.reset();
  return result;
}

}  // namespace wiretag
