// PartitionTracker: in-order sends and the contiguous-offset commit rule.
#include "pipeline/stage/partition_tracker.h"

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

namespace wiretag {
namespace {

// Records every Send(); acknowledges only when the test says so.
class RecordingSink : public RecordSink {
 public:
  void Send(const TopicPartition&, const InputRecord& input, Outcome outcome, DeliveryReceipt receipt) override {
    std::lock_guard lock(mu);
    offsets.push_back(input.offset);
    receipts.push_back(receipt);
    dead_letter.push_back(outcome.error.has_value());
  }
  std::mutex mu;
  std::vector<int64_t> offsets;
  std::vector<DeliveryReceipt> receipts;
  std::vector<bool> dead_letter;
};

Outcome Enriched() { return Outcome{std::nullopt, "{}", "u"}; }

class PartitionTrackerTest : public ::testing::Test {
 protected:
  std::shared_ptr<PartitionTracker> Make() {
    return std::make_shared<PartitionTracker>(TopicPartition{"in", 3}, &sink, &counters);
  }
  RecordingSink sink;
  InflightCounters counters;
};

TEST_F(PartitionTrackerTest, SendsInOffsetOrderWhateverTheCompletionOrder) {
  auto t = Make();
  std::vector<uint64_t> seq;
  for (int64_t off : {10, 11, 12, 13}) seq.push_back(t->Add(InputRecord::Owned(off, std::nullopt, "x")));
  t->Complete(seq[3], Enriched());
  t->Complete(seq[1], Enriched());
  EXPECT_TRUE(sink.offsets.empty()) << "nothing may be sent before offset 10 is done";
  t->Complete(seq[0], Enriched());
  EXPECT_EQ(sink.offsets, (std::vector<int64_t>{10, 11}));
  t->Complete(seq[2], Outcome{ProcessError{ErrorClass::kNoBody, "no body"}, "", ""});
  EXPECT_EQ(sink.offsets, (std::vector<int64_t>{10, 11, 12, 13}));
  EXPECT_EQ(sink.dead_letter, (std::vector<bool>{false, false, true, false}));
}

TEST_F(PartitionTrackerTest, CommitNeverPassesAnUnacknowledgedRecord) {
  auto t = Make();
  EXPECT_FALSE(t->CommittableOffset().has_value());
  for (int64_t off : {5, 6, 7}) t->Complete(t->Add(InputRecord::Owned(off, std::nullopt, "x")), Enriched());
  ASSERT_EQ(sink.receipts.size(), 3u);
  EXPECT_EQ(t->CommittableOffset(), 5);
  sink.receipts[2].Acknowledged();
  sink.receipts[1].Acknowledged();
  EXPECT_EQ(t->CommittableOffset(), 5) << "offset 5 is not delivered yet";
  sink.receipts[0].Acknowledged();
  EXPECT_EQ(t->CommittableOffset(), 8);
  EXPECT_EQ(counters.records.load(), 0);
}

TEST_F(PartitionTrackerTest, CommittableOffsetSkipsOffsetGaps) {
  auto t = Make();
  t->Complete(t->Add(InputRecord::Owned(100, std::nullopt, "x")), Enriched());
  t->Complete(t->Add(InputRecord::Owned(140, std::nullopt, "x")), Enriched());  // compacted gap
  sink.receipts[0].Acknowledged();
  EXPECT_EQ(t->CommittableOffset(), 140);
  sink.receipts[1].Acknowledged();
  EXPECT_EQ(t->CommittableOffset(), 141);
}

TEST_F(PartitionTrackerTest, ASkipWithNothingAddedAfterItIsCommittableOnceTheRecordsBeforeItAreAcknowledged) {
  auto t = Make();
  t->SkipTo(40);  // an offset reset before anything was consumed
  EXPECT_EQ(t->CommittableOffset(), 40);
  t->Complete(t->Add(InputRecord::Owned(41, std::nullopt, "x")), Enriched());
  t->SkipTo(90);
  EXPECT_EQ(t->CommittableOffset(), 41) << "offset 41 is not delivered yet";
  sink.receipts[0].Acknowledged();
  EXPECT_EQ(t->CommittableOffset(), 90);
  t->SkipTo(60);  // never backwards
  EXPECT_EQ(t->NextOffset(), 90);
  EXPECT_THROW(t->Add(InputRecord::Owned(89, std::nullopt, "x")), std::logic_error);
}

TEST_F(PartitionTrackerTest, CountsInflightRecordsAndBytesUntilAcknowledged) {
  auto t = Make();
  t->Complete(t->Add(InputRecord::Owned(0, std::string("key"), "value")), Enriched());
  EXPECT_EQ(counters.records.load(), 1);
  EXPECT_EQ(counters.bytes.load(), 8);
  sink.receipts[0].Acknowledged();
  sink.receipts[0].Acknowledged();  // a duplicate acknowledgement changes nothing
  EXPECT_EQ(counters.records.load(), 0);
  EXPECT_EQ(counters.bytes.load(), 0);
}

TEST_F(PartitionTrackerTest, CloseDropsPendingWorkAndReleasesCounters) {
  auto t = Make();
  uint64_t a = t->Add(InputRecord::Owned(0, std::nullopt, "x"));
  uint64_t b = t->Add(InputRecord::Owned(1, std::nullopt, "x"));
  t->Complete(a, Enriched());
  t->Close();
  EXPECT_EQ(counters.records.load(), 0);
  t->Complete(b, Enriched());
  sink.receipts[0].Acknowledged();
  EXPECT_EQ(sink.offsets.size(), 1u) << "a closed partition sends nothing more";
  EXPECT_EQ(counters.records.load(), 0);
  EXPECT_TRUE(t->closed());
}

TEST_F(PartitionTrackerTest, WaitIdleReportsWhetherEverythingWasAcknowledged) {
  auto t = Make();
  t->Complete(t->Add(InputRecord::Owned(0, std::nullopt, "x")), Enriched());
  EXPECT_FALSE(t->WaitIdle(std::chrono::steady_clock::now()));
  sink.receipts[0].Acknowledged();
  EXPECT_TRUE(t->WaitIdle(std::chrono::steady_clock::now()));
}

TEST_F(PartitionTrackerTest, RejectsOffsetsGoingBackwards) {
  auto t = Make();
  t->Add(InputRecord::Owned(5, std::nullopt, "x"));
  EXPECT_THROW(t->Add(InputRecord::Owned(4, std::nullopt, "x")), std::logic_error);
}

}  // namespace
}  // namespace wiretag
