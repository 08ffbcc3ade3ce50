#include "pipeline/stage/replay_runner.h"

#include <algorithm>
#include <map>
#include <memory>
#include <thread>

#include "pipeline/metrics/stage_metrics.h"
#include "pipeline/stage/token_bucket.h"
#include "pipeline/stage/worker_stage.h"

namespace wiretag {
namespace {
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
}  // namespace

ReplaySummary RunReplay(ReplaySource& source, ReplaySink& sink, const TransformFactory& transforms,
                        ReplayRunnerOptions options) {
  ReplaySummary summary;
  summary.plan = options.plan;
  ReplayCheckpoint& plan = summary.plan;
  const ReplayCheckpoint start_plan = options.plan;

  WorkerStage stage(WorkerStageOptions{options.workers, options.max_message_bytes}, transforms, &sink,
                    options.metrics);
  std::map<int32_t, std::shared_ptr<PartitionTracker>> trackers;
  int64_t total = 0, done_at_start = 0;
  for (const auto& [p, r] : plan.partitions) {
    trackers[p] = stage.OpenPartition(TopicPartition{source.TopicOf(p), p});
    total += r.to - r.from;
    done_at_start += r.next - r.from;
  }
  // Replay has no consumer group: its partitions are assigned by the plan, so
  // for /readyz "joined" holds from here and readiness rests on the producer.
  if (options.metrics) options.metrics->SetGroupJoined(true);
  std::optional<TokenBucket> bucket;
  if (options.rate > 0) bucket.emplace(options.rate, std::max(1.0, options.rate / 10));

  const auto start = Clock::now();
  auto last_checkpoint = start, last_progress = start;
  Clock::time_point read_blocked_until{}, drain_deadline{};
  bool stopping = false, sink_dead = false;

  auto fail = [&](const std::string& why) {
    if (summary.failure.empty()) summary.failure = why;
    if (!stopping) drain_deadline = Clock::now() + options.drain_timeout;
    stopping = true;
  };
  // The offset below which everything of `p` is done.
  auto next_of = [&](int32_t p) {
    const ReplayPartitionProgress& r = start_plan.partitions.at(p);
    const auto& tracker = trackers.at(p);
    int64_t next = tracker->CommittableOffset().value_or(r.next);
    if (source.PartitionExhausted(p) && tracker->Unacknowledged() == 0) next = r.to;  // tail gaps: markers
    return std::clamp(next, r.next, r.to);
  };
  auto snapshot = [&] {
    ReplayProgressSnapshot s;
    for (const auto& [p, r] : plan.partitions) s.done += next_of(p) - r.from;
    s.done_at_start = done_at_start;
    s.total = total;
    s.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    s.read = summary.read;
    s.enriched = sink.enriched();
    s.dead_lettered = sink.dead_lettered();
    return s;
  };
  auto save_checkpoint = [&] {
    for (auto& [p, r] : plan.partitions) r.next = next_of(p);
    if (!options.checkpoint_file) return;
    try {
      plan.Save(*options.checkpoint_file);
    } catch (const std::exception& e) {
      fail(e.what());
    }
  };
  auto submit = [&](ReplayRecord&& rec) {
    auto it = trackers.find(rec.partition);
    if (it == trackers.end()) return;
    std::optional<std::string> key;
    if (rec.has_key) key = std::move(rec.key);
    InputRecord input = InputRecord::Owned(rec.offset, std::move(key), std::move(rec.value), rec.timestamp_ms);
    input.headers = std::move(rec.headers);
    stage.Submit(it->second, input);
    ++summary.read;
  };
  auto can_read = [&] {
    return !stopping && !source.Exhausted() && stage.inflight_records() < options.max_inflight;
  };

  while (true) {
    bool progressed = false;
    if (options.stop && options.stop() && !stopping) fail("interrupted");
    if (auto fatal = sink.FatalError()) {
      sink_dead = true;
      fail(*fatal);
    }

    // Read, within the in-flight bound and the rate.
    try {
      for (int batch = 0; batch < 512 && can_read() && Clock::now() >= read_blocked_until; ++batch) {
        std::optional<ReplayRecord> rec = source.Next(milliseconds(0));
        if (!rec) break;
        submit(std::move(*rec));
        progressed = true;
        if (bucket) {
          auto wait = bucket->Reserve();
          if (wait.count() > 0) read_blocked_until = Clock::now() + wait;
        }
      }
    } catch (const std::exception& e) {
      fail(e.what());
    }

    auto now = Clock::now();
    if (options.metrics) {
      options.metrics->SetInflightRecords(stage.inflight_records());
      options.metrics->MarkProgress();
    }
    if (now - last_checkpoint >= options.checkpoint_interval) {
      save_checkpoint();
      last_checkpoint = now;
    }
    if (options.on_progress && now - last_progress >= options.progress_interval) {
      options.on_progress(snapshot());
      last_progress = now;
    }

    if (!stopping && source.Exhausted() && stage.inflight_records() == 0) break;
    if (stopping) {
      if (!sink_dead) stage.WaitIdle(drain_deadline);
      break;
    }

    // Nothing happened: wait for whichever event can come.
    if (!progressed) {
      if (can_read() && now < read_blocked_until) {
        std::this_thread::sleep_for(std::min<Clock::duration>(read_blocked_until - now, milliseconds(20)));
      } else if (can_read()) {
        try {
          if (auto rec = source.Next(milliseconds(20))) submit(std::move(*rec));
        } catch (const std::exception& e) {
          fail(e.what());
        }
      } else {
        stage.WaitIdle(Clock::now() + milliseconds(10));  // returns as soon as everything is acknowledged
      }
    }
  }

  if (!sink_dead) sink.Flush(stopping ? drain_deadline : Clock::now() + options.drain_timeout);
  if (auto fatal = sink.FatalError()) fail(*fatal);
  save_checkpoint();
  summary.progress = snapshot();
  for (const auto& [p, tracker] : trackers) stage.ClosePartition(tracker->topic_partition());
  stage.Stop();
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  summary.enriched = sink.enriched();
  summary.dead_lettered = sink.dead_lettered();
  summary.complete = summary.failure.empty() && plan.Complete();
  if (summary.failure.empty() && !summary.complete) summary.failure = "the replay stopped before the end of its range";
  if (options.on_progress) options.on_progress(summary.progress);
  return summary;
}

}  // namespace wiretag
