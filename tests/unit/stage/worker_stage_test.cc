// WorkerStage: parallel workers, per-partition input order at the sink,
// dead-letter outcomes; no Kafka involved.
#include "pipeline/stage/worker_stage.h"

#include "pipeline/config/config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

namespace wiretag {
namespace {

// Enriches "ok..." records after a random pause (so workers overtake each
// other); "bad..." is invalid JSON; "throw..." throws.
class JitteryTransform : public RecordTransform {
 public:
  std::optional<ProcessError> Process(std::string_view input, std::string* out) override {
    std::this_thread::sleep_for(std::chrono::microseconds(rng_() % 300));  // work of random length
    uri_.clear();
    if (input.starts_with("bad")) return ProcessError{ErrorClass::kInvalidJson, "bad"};
    if (input.starts_with("throw")) throw std::runtime_error("tagger exploded");
    uri_ = "urn:" + std::string(input);
    *out = "enriched:" + std::string(input);
    return std::nullopt;
  }
  std::string_view last_uri() const override { return uri_; }

 private:
  std::mt19937 rng_{std::random_device{}()};
  std::string uri_;
};

// Acknowledges every send at once and keeps the per-partition order.
class AckingSink : public RecordSink {
 public:
  void Send(const TopicPartition& tp, const InputRecord& input, Outcome outcome, DeliveryReceipt receipt) override {
    {
      std::lock_guard lock(mu);
      order[tp].push_back(input.offset);
      if (outcome.error) reasons[input.offset] = ErrorClassName(outcome.error->kind);
      else uris[input.offset] = outcome.uri;
    }
    receipt.Acknowledged();
  }
  std::mutex mu;
  std::map<TopicPartition, std::vector<int64_t>> order;
  std::map<int64_t, std::string> reasons, uris;
};

TEST(WorkerStageTest, KeepsInputOrderPerPartitionAcrossParallelWorkers) {
  AckingSink sink;
  WorkerStage stage({4, 1 << 20}, [] { return std::make_unique<JitteryTransform>(); }, &sink, nullptr);
  std::vector<std::shared_ptr<PartitionTracker>> trackers;
  for (int p = 0; p < 3; ++p) trackers.push_back(stage.OpenPartition({"in", p}));
  const int per_partition = 400;
  for (int i = 0; i < per_partition; ++i)
    for (int p = 0; p < 3; ++p) stage.Submit(trackers[p], InputRecord::Owned(i * 2, std::nullopt, "ok" + std::to_string(i)));
  ASSERT_TRUE(stage.WaitIdle(std::chrono::steady_clock::now() + std::chrono::seconds(30)));
  for (int p = 0; p < 3; ++p) {
    const auto& got = sink.order[TopicPartition{"in", p}];
    ASSERT_EQ(got.size(), static_cast<size_t>(per_partition));
    for (int i = 0; i < per_partition; ++i) ASSERT_EQ(got[i], i * 2) << "partition " << p << " position " << i;
    EXPECT_EQ(trackers[p]->CommittableOffset(), (per_partition - 1) * 2 + 1);
  }
  EXPECT_EQ(stage.inflight_records(), 0);
}

TEST(WorkerStageTest, ClassifiesFailuresForTheDeadLetterTopic) {
  AckingSink sink;
  WorkerStage stage({2, 16}, [] { return std::make_unique<JitteryTransform>(); }, &sink, nullptr);
  auto t = stage.OpenPartition({"in", 0});
  stage.Submit(t, InputRecord::Owned(0, std::nullopt, "ok"));
  stage.Submit(t, InputRecord::Owned(1, std::nullopt, "bad"));
  stage.Submit(t, InputRecord::Owned(2, std::nullopt, "throw"));
  stage.Submit(t, InputRecord::Owned(3, std::nullopt, "ok but longer than sixteen bytes"));
  ASSERT_TRUE(stage.WaitIdle(std::chrono::steady_clock::now() + std::chrono::seconds(10)));
  EXPECT_EQ(sink.uris[0], "urn:ok");
  EXPECT_EQ(sink.reasons[1], "invalid_json");
  EXPECT_EQ(sink.reasons[2], "tagger_failure");
  EXPECT_EQ(sink.reasons[3], "too_large");
  EXPECT_EQ(t->CommittableOffset(), 4);
}

// Holds every record until the test opens the gate.
class GatedTransform : public RecordTransform {
 public:
  explicit GatedTransform(std::shared_future<void> gate) : gate_(std::move(gate)) {}
  std::optional<ProcessError> Process(std::string_view input, std::string* out) override {
    gate_.wait();
    *out = std::string(input);
    return std::nullopt;
  }
  std::string_view last_uri() const override { return ""; }

 private:
  std::shared_future<void> gate_;
};

TEST(WorkerStageTest, ClosedPartitionDropsItsQueuedAndRunningWork) {
  AckingSink sink;
  std::promise<void> open;
  std::shared_future<void> gate = open.get_future().share();
  WorkerStage stage({2, 1 << 20}, [gate] { return std::make_unique<GatedTransform>(gate); }, &sink, nullptr);
  auto t = stage.OpenPartition({"in", 0});
  for (int i = 0; i < 50; ++i) stage.Submit(t, InputRecord::Owned(i, std::nullopt, "ok"));
  EXPECT_EQ(stage.inflight_records(), 50);
  stage.ClosePartition({"in", 0});
  EXPECT_EQ(stage.Find({"in", 0}), nullptr);
  EXPECT_EQ(stage.inflight_records(), 0);
  open.set_value();
  stage.Stop();
  std::lock_guard lock(sink.mu);
  EXPECT_TRUE((sink.order[TopicPartition{"in", 0}].empty()));
}

TEST(WorkerThreads, ZeroMeansOnePerHardwareThreadAndAnyOtherCountIsKept) {
  EXPECT_EQ(WorkerThreads(3), 3);
  EXPECT_EQ(WorkerThreads(1), 1);
  EXPECT_EQ(WorkerThreads(0), static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  Config config;
  config.workers = 0;
  EXPECT_EQ(config.EffectiveWorkers(), WorkerThreads(0));
}

}  // namespace
}  // namespace wiretag
