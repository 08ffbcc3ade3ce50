#include "pipeline/app/run_group_stage.h"

#include <chrono>
#include <memory>

#include <spdlog/spdlog.h>

#include "pipeline/sink/kafka_sink.h"
#include "pipeline/source/kafka_group_source.h"
#include "pipeline/stage/fatal_error_latch.h"
#include "pipeline/stage/group_run_loop.h"
#include "pipeline/stage/worker_stage.h"

namespace wiretag {

StageRunResult RunGroupStage(const Config& config, const TransformFactory& factory, StageMetrics* metrics,
                             const std::atomic<int>& stop) {
  StageRunResult result;
  // The sink reports an unrecoverable error here; the consumer's loop stops on it.
  FatalErrorLatch failures;
  auto sink = std::make_unique<KafkaSink>(config, metrics);
  sink->OnFatalError([&failures](const std::string& message) { failures.Report(message); });
  WorkerStageOptions options;
  options.workers = config.EffectiveWorkers();
  options.max_message_bytes = static_cast<size_t>(config.max_message_bytes);
  auto stage = std::make_unique<WorkerStage>(options, factory, sink.get(), metrics);
  // One budget for the whole teardown: the consumer's drain, commit and close
  // took their part of it; the producer gets what is left.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config.stage.shutdown_timeout_ms);
  {
    KafkaGroupSource source(config, &failures, metrics);
    GroupRunLoopOptions loop_options;
    loop_options.max_inflight_records = config.stage.max_inflight_records;
    loop_options.max_inflight_bytes = config.stage.max_inflight_bytes;
    loop_options.commit_interval = std::chrono::milliseconds(config.stage.commit_interval_ms);
    loop_options.revoke_timeout = std::chrono::milliseconds(config.stage.revoke_timeout_ms);
    loop_options.shutdown_timeout = std::chrono::milliseconds(config.stage.shutdown_timeout_ms);
    GroupRunLoop loop(loop_options, &source, stage.get(), &failures, metrics);
    result.exit_code = loop.Run(stop);
    result.consumed = loop.consumed();
    if (loop.shutdown_deadline()) {  // it shut down (gracefully, or with a fatal error while draining)
      spdlog::info("stopped: {} consumed, {} enriched, {} dead-lettered, {} re-fetched records ignored",
                   loop.consumed(), sink->enriched(), sink->dead_lettered(), loop.refetched());
      deadline = *loop.shutdown_deadline();
    }
  }
  sink->BeginShutdown(deadline);  // a worker waiting for room in the producer's queue gives up
  stage->Stop();
  // Nothing delivered now can be committed any more (the consumer is closed);
  // flushing only spares the next owner some duplicates, so it gets no more
  // than the rest of the budget.
  if (result.exit_code == 0) sink->Flush(deadline);
  result.enriched = sink->enriched();
  result.dead_lettered = sink->dead_lettered();
  sink.reset();   // its delivery thread may still touch the trackers' counters and `failures`
  stage.reset();
  return result;
}

}  // namespace wiretag
