#pragma once
// WorkerStage is the source-independent middle of the pipeline: N worker
// threads that run a RecordTransform per record, one PartitionTracker per input
// partition that puts the outputs back into input order and tracks the
// committable offset, and the RecordSink the outputs go to. A driver (the
// GroupRunLoop of `wiretag run`, the replay loop of `wiretag replay`) opens
// partitions, submits records in offset order, and commits
// CommittableOffset() of each tracker however it likes.
//
// Guarantees: every submitted record yields exactly one Send() (enriched, or
// dead letter with its ErrorClass) unless its partition is closed first; the
// Send()s of one partition happen in offset order.
//
// Thread safety: OpenPartition/Submit/ClosePartition from one thread (the
// source); everything else from any thread.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "pipeline/formats/message_size.h"
#include "pipeline/stage/record_sink.h"
#include "pipeline/stage/partition_tracker.h"
#include "pipeline/stage/record_transform.h"

namespace wiretag {

class StageMetrics;

// What a worker count means everywhere (the `workers` key, --workers of
// run, replay and demo, the options below): n > 0 threads, or one per
// hardware thread for 0. Negative counts are rejected where they are read.
int WorkerThreads(int64_t requested);

struct WorkerStageOptions {
  int workers = 1;  // WorkerThreads(workers) threads
  size_t max_message_bytes = kDefaultMaxMessageBytes;  // larger inputs are dead-lettered as too_large unprocessed
};

class WorkerStage {
 public:
  // `sink` and `metrics` (may be null) must outlive the stage.
  WorkerStage(WorkerStageOptions options, TransformFactory factory, RecordSink* sink, StageMetrics* metrics);
  ~WorkerStage();  // Stop()s
  WorkerStage(const WorkerStage&) = delete;
  WorkerStage& operator=(const WorkerStage&) = delete;

  // Starts tracking `tp` (replacing a previous tracker of it, which is closed).
  std::shared_ptr<PartitionTracker> OpenPartition(const TopicPartition& tp);
  // The tracker of `tp`, or null when not open.
  std::shared_ptr<PartitionTracker> Find(const TopicPartition& tp) const;
  // Stops tracking `tp`: closes its tracker (pending work is dropped).
  void ClosePartition(const TopicPartition& tp);
  std::vector<std::shared_ptr<PartitionTracker>> Partitions() const;

  // Queues `record` of `tracker`'s partition for a worker.
  void Submit(const std::shared_ptr<PartitionTracker>& tracker, const InputRecord& record);

  // Blocks until every open partition is idle or `deadline`; true when idle.
  bool WaitIdle(std::chrono::steady_clock::time_point deadline) const;

  int64_t inflight_records() const { return counters_.records.load(std::memory_order_relaxed); }
  int64_t inflight_bytes() const { return counters_.bytes.load(std::memory_order_relaxed); }

  // Joins the workers; queued work is dropped. Idempotent.
  void Stop();

 private:
  struct WorkItem {
    std::shared_ptr<PartitionTracker> tracker;
    uint64_t sequence;
    InputRecord input;
  };
  void WorkerLoop();
  Outcome Run(RecordTransform& transform, const WorkItem& item);

  const WorkerStageOptions options_;
  const TransformFactory factory_;
  RecordSink* const sink_;
  StageMetrics* const metrics_;
  InflightCounters counters_;

  mutable std::mutex partitions_mu_;
  std::map<TopicPartition, std::shared_ptr<PartitionTracker>> partitions_;

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<WorkItem> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace wiretag
