#include "pipeline/stage/worker_stage.h"

#include <algorithm>
#include <exception>
#include <thread>

#include <spdlog/spdlog.h>

#include "pipeline/metrics/stage_metrics.h"

namespace wiretag {

int WorkerThreads(int64_t requested) {
  if (requested > 0) return static_cast<int>(requested);
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

WorkerStage::WorkerStage(WorkerStageOptions options, TransformFactory factory, RecordSink* sink,
                         StageMetrics* metrics)
    : options_(options), factory_(std::move(factory)), sink_(sink), metrics_(metrics) {
  const int n = WorkerThreads(options_.workers);
  for (int i = 0; i < n; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

WorkerStage::~WorkerStage() { Stop(); }

void WorkerStage::Stop() {
  {
    std::lock_guard lock(queue_mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    queue_.clear();
  }
  queue_cv_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

std::shared_ptr<PartitionTracker> WorkerStage::OpenPartition(const TopicPartition& tp) {
  auto tracker = std::make_shared<PartitionTracker>(tp, sink_, &counters_);
  std::shared_ptr<PartitionTracker> old;
  {
    std::lock_guard lock(partitions_mu_);
    auto& slot = partitions_[tp];
    old = std::move(slot);
    slot = tracker;
  }
  if (old) old->Close();
  return tracker;
}

std::shared_ptr<PartitionTracker> WorkerStage::Find(const TopicPartition& tp) const {
  std::lock_guard lock(partitions_mu_);
  auto it = partitions_.find(tp);
  return it == partitions_.end() ? nullptr : it->second;
}

void WorkerStage::ClosePartition(const TopicPartition& tp) {
  std::shared_ptr<PartitionTracker> old;
  {
    std::lock_guard lock(partitions_mu_);
    auto it = partitions_.find(tp);
    if (it == partitions_.end()) return;
    old = std::move(it->second);
    partitions_.erase(it);
  }
  old->Close();
}

std::vector<std::shared_ptr<PartitionTracker>> WorkerStage::Partitions() const {
  std::lock_guard lock(partitions_mu_);
  std::vector<std::shared_ptr<PartitionTracker>> out;
  for (const auto& [tp, tracker] : partitions_) out.push_back(tracker);
  return out;
}

void WorkerStage::Submit(const std::shared_ptr<PartitionTracker>& tracker, const InputRecord& record) {
  uint64_t sequence = tracker->Add(record);
  if (metrics_) metrics_->RecordConsumed(tracker->topic_partition().topic, tracker->topic_partition().partition);
  {
    std::lock_guard lock(queue_mu_);
    queue_.push_back(WorkItem{tracker, sequence, record});
  }
  queue_cv_.notify_one();
}

bool WorkerStage::WaitIdle(std::chrono::steady_clock::time_point deadline) const {
  for (const auto& tracker : Partitions())
    if (!tracker->WaitIdle(deadline)) return false;
  return true;
}

void WorkerStage::WorkerLoop() {
  std::unique_ptr<RecordTransform> transform = factory_();
  while (true) {
    WorkItem item;
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      item = std::move(queue_.front());
      queue_.pop_front();
    }
    if (item.tracker->closed()) continue;
    item.tracker->Complete(item.sequence, Run(*transform, item));
  }
}

Outcome WorkerStage::Run(RecordTransform& transform, const WorkItem& item) {
  Outcome outcome;
  if (OverMessageLimit(item.input.value.size(), options_.max_message_bytes)) {
    outcome.error =
        ProcessError{ErrorClass::kTooLarge, TooLargeDetail(item.input.value.size(), options_.max_message_bytes)};
    return outcome;
  }
  bool threw = false;
  try {
    outcome.error = transform.Process(item.input.value, &outcome.value);
  } catch (const std::exception& e) {
    outcome.error = ProcessError{ErrorClass::kTaggerFailure, e.what()};
    threw = true;
  } catch (...) {
    outcome.error = ProcessError{ErrorClass::kTaggerFailure, "unknown exception"};
    threw = true;
  }
  if (outcome.error) {
    outcome.value.clear();
    if (!threw) outcome.uri = std::string(transform.last_uri());  // known when the story parsed
    return outcome;
  }
  outcome.uri = std::string(transform.last_uri());
  if (metrics_) {
    if (const Tags* tags = transform.last_tags()) metrics_->RecordTags(*tags);
    if (const ProcessTimings* t = transform.last_timings()) {
      metrics_->ObserveStep(StageStep::kParse, t->parse_seconds);
      metrics_->ObserveStep(StageStep::kTag, t->tag_seconds);
      metrics_->ObserveStep(StageStep::kSerialize, t->serialize_seconds);
    }
  }
  return outcome;
}

}  // namespace wiretag
