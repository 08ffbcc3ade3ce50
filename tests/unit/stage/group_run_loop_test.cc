// GroupRunLoop against a fake GroupSource: the run loop of `wiretag run`
// without Kafka (the port is what it depends on).
#include "pipeline/stage/group_run_loop.h"

#include <gtest/gtest.h>

#include <deque>

#include "tests/unit/stage/fake_ports.h"

namespace wiretag {
namespace {

// One partition, a fixed list of records, then (when `skip_to` is set) an
// offset reset that skips to it; asks the loop to stop once the sink got them
// all. Commits are recorded and confirmed at once.
class FakeSource : public IdleGroupSource {
 public:
  FakeSource(TopicPartition tp, int records, const PartlyAckingSink* sink, std::atomic<int>* stop)
      : tp_(std::move(tp)), total_(records), sink_(sink), stop_(stop) {
    for (int i = 0; i < records; ++i) pending_.push_back(InputRecord::Owned(i, std::nullopt, "r" + std::to_string(i)));
  }
  bool Subscribe(GroupSourceListener* listener) override {
    listener_ = listener;
    listener_->Assigned({tp_});
    return true;
  }
  std::optional<std::pair<TopicPartition, InputRecord>> Poll(std::chrono::milliseconds) override {
    if (!pending_.empty()) {
      auto record = pending_.front();
      pending_.pop_front();
      return std::make_pair(tp_, record);
    }
    if (skip_to) {
      listener_->Skipped(tp_, *skip_to);
      skip_to.reset();
    }
    if (sink_->sent() == total_) stop_->store(1);
    return std::nullopt;
  }
  void CommitAsync(const Offsets& offsets) override { Confirm(offsets); }
  void CommitSync(const Offsets& offsets, std::chrono::steady_clock::time_point) override { Confirm(offsets); }
  bool Close(std::chrono::steady_clock::time_point) override {
    listener_->Revoking({tp_}, /*lost=*/false);
    closed = true;
    return true;
  }

  std::optional<int64_t> skip_to;
  std::vector<int64_t> commits;
  bool closed = false;

 private:
  void Confirm(const Offsets& offsets) {
    for (const auto& [tp, offset] : offsets) {
      commits.push_back(offset);
      listener_->Committed(tp, offset);
    }
  }
  const TopicPartition tp_;
  const int total_;
  const PartlyAckingSink* const sink_;
  std::atomic<int>* const stop_;
  std::deque<InputRecord> pending_;
  GroupSourceListener* listener_ = nullptr;
};

GroupRunLoopOptions SmallOptions() {
  GroupRunLoopOptions options;
  options.max_inflight_records = 100;
  options.max_inflight_bytes = 1 << 20;
  options.commit_interval = std::chrono::milliseconds(10);
  options.revoke_timeout = std::chrono::milliseconds(200);
  options.shutdown_timeout = std::chrono::milliseconds(400);
  return options;
}

TEST(GroupRunLoopTest, CommitsNoFurtherThanTheFirstUnacknowledgedRecordAndLeavesTheGroup) {
  PartlyAckingSink sink(/*ack_below=*/3);
  WorkerStage stage({2, 1 << 20}, [] { return std::make_unique<EchoTransform>(); }, &sink, nullptr);
  std::atomic<int> stop{0};
  FakeSource source({"in", 0}, 5, &sink, &stop);
  FatalErrorLatch failures;
  GroupRunLoop loop(SmallOptions(), &source, &stage, &failures, nullptr);

  EXPECT_EQ(loop.Run(stop), 0);
  EXPECT_EQ(loop.consumed(), 5);
  ASSERT_FALSE(source.commits.empty());
  EXPECT_EQ(source.commits.back(), 3);  // records 3 and 4 were never acknowledged
  for (int64_t offset : source.commits) EXPECT_LE(offset, 3);
  EXPECT_TRUE(source.closed);
  EXPECT_EQ(stage.Find({"in", 0}), nullptr);  // released on revoke
}

// Issue 14: without the commit, a restart meets the same skip and counts it again.
TEST(GroupRunLoopTest, CommitsPastAnOffsetResetSkipWhenNothingIsConsumedAfterIt) {
  PartlyAckingSink sink(/*ack_below=*/100);
  WorkerStage stage({2, 1 << 20}, [] { return std::make_unique<EchoTransform>(); }, &sink, nullptr);
  std::atomic<int> stop{0};
  FakeSource source({"in", 0}, 0, &sink, &stop);
  source.skip_to = 40;
  FatalErrorLatch failures;
  GroupRunLoop loop(SmallOptions(), &source, &stage, &failures, nullptr);

  EXPECT_EQ(loop.Run(stop), 0);
  EXPECT_EQ(loop.consumed(), 0);
  ASSERT_FALSE(source.commits.empty());
  EXPECT_EQ(source.commits.back(), 40);
}

TEST(GroupRunLoopTest, CommitsNoFurtherThanAnUnacknowledgedRecordBeforeASkip) {
  PartlyAckingSink sink(/*ack_below=*/3);
  WorkerStage stage({2, 1 << 20}, [] { return std::make_unique<EchoTransform>(); }, &sink, nullptr);
  std::atomic<int> stop{0};
  FakeSource source({"in", 0}, 5, &sink, &stop);
  source.skip_to = 40;
  FatalErrorLatch failures;
  GroupRunLoop loop(SmallOptions(), &source, &stage, &failures, nullptr);

  EXPECT_EQ(loop.Run(stop), 0);
  ASSERT_FALSE(source.commits.empty());
  for (int64_t offset : source.commits) EXPECT_LE(offset, 3) << "records 3 and 4 were never acknowledged";
}

TEST(GroupRunLoopTest, StopsWithExitStatusOneOnAnErrorInTheLatch) {
  PartlyAckingSink sink(/*ack_below=*/100);
  WorkerStage stage({1, 1 << 20}, [] { return std::make_unique<EchoTransform>(); }, &sink, nullptr);
  std::atomic<int> stop{0};
  FakeSource source({"in", 0}, 3, &sink, &stop);
  FatalErrorLatch failures;
  failures.Report("cannot produce to 'out': Broker: Topic authorization failed");
  GroupRunLoop loop(SmallOptions(), &source, &stage, &failures, nullptr);

  EXPECT_EQ(loop.Run(stop), 1);
  EXPECT_EQ(loop.consumed(), 0);
  EXPECT_FALSE(loop.shutdown_deadline().has_value());
}

}  // namespace
}  // namespace wiretag
