// TransactionCommitter (exactly-once, the run loop's half) against fake
// ports: what is committed, what an abort rewinds, what a loss or a fatal
// error releases. No Kafka.
#include "pipeline/stage/transaction_committer.h"

#include <gtest/gtest.h>

#include <deque>

#include "tests/unit/stage/fake_ports.h"

namespace wiretag {
namespace {

// Results scripted per call; commits report `offsets`.
class FakeOutput : public TransactionalOutput {
 public:
  std::string Start(const std::atomic<int>&) override { return ""; }
  std::string id() const override { return "fake"; }
  int64_t records() const override { return records_now; }
  void OnFull(int64_t, std::function<void()>) override {}
  SendGate::Held HoldSends() override {
    ++holds;
    return SendGate::Held(gate);
  }
  TransactionResult Commit(std::chrono::steady_clock::time_point, Offsets* committed, std::string* error) override {
    EXPECT_TRUE(gate.held()) << "a commit runs under the hold";
    ++commits;
    TransactionResult result = results.empty() ? TransactionResult::kCommitted : results.front();
    if (!results.empty()) results.pop_front();
    if (result == TransactionResult::kCommitted) *committed = offsets;
    else *error = "scripted";
    return result;
  }
  TransactionResult Abort(std::chrono::steady_clock::time_point, std::string*) override {
    EXPECT_TRUE(gate.held()) << "an abort runs under the hold";
    ++aborts;
    return TransactionResult::kAborted;
  }

  SendGate gate;
  std::deque<TransactionResult> results;
  Offsets offsets;
  int64_t records_now = 0;
  int holds = 0, commits = 0, aborts = 0;
};

class FakeSource : public IdleGroupSource {
 public:
  void CommitAsync(const Offsets&) override { ADD_FAILURE() << "exactly-once never commits the group directly"; }
  void CommitSync(const Offsets&, std::chrono::steady_clock::time_point) override {
    ADD_FAILURE() << "exactly-once never commits the group directly";
  }
  std::string Rewind(const Offsets& offsets) override {
    rewinds.push_back(offsets);
    return "";
  }
  std::vector<Offsets> rewinds;
};

class TransactionCommitterTest : public ::testing::Test {
 protected:
  TransactionCommitterTest()
      : stage_(WorkerStageOptions{}, [] { return std::make_unique<EchoTransform>(); }, &sink_, nullptr),
        committer_(TransactionOptions{100, std::chrono::hours(1)}, &output_, &source_, &stage_,
                   [this](const TopicPartition& tp, int64_t offset) { confirmed_[tp] = offset; },
                   [this](const TopicPartition& tp) { released_.push_back(tp); }) {}

  const TopicPartition a_{"in", 0}, b_{"in", 1};
  PartlyAckingSink sink_{/*ack_below=*/0};  // never acknowledges
  FakeOutput output_;
  FakeSource source_;
  WorkerStage stage_;
  std::map<TopicPartition, int64_t> confirmed_;
  std::vector<TopicPartition> released_;
  TransactionCommitter committer_;
};

TEST_F(TransactionCommitterTest, AnAbortRewindsEachPartitionToItsLastCommittedOffsetOrItsFirstConsumedOne) {
  stage_.OpenPartition(a_);
  auto b_before = stage_.OpenPartition(b_);
  committer_.Consumed(a_, 10);
  committer_.Consumed(b_, 0);
  output_.offsets = {{a_, 15}};
  committer_.CommitNow();
  EXPECT_EQ(confirmed_, (std::map<TopicPartition, int64_t>{{a_, 15}}));
  EXPECT_TRUE(source_.rewinds.empty());

  output_.results = {TransactionResult::kAborted};
  committer_.CommitNow();
  ASSERT_EQ(source_.rewinds.size(), 1u);
  EXPECT_EQ(source_.rewinds[0], (GroupSource::Offsets{{a_, 15}, {b_, 0}}));
  // The in-flight work is dropped: a fresh tracker, the old one abandoned.
  EXPECT_NE(stage_.Find(b_), b_before);
  EXPECT_TRUE(b_before->Abandoned());
  EXPECT_FALSE(committer_.fatal());
}

TEST_F(TransactionCommitterTest, APartitionWithNothingConsumedIsNotRewound) {
  stage_.OpenPartition(a_);
  auto b_before = stage_.OpenPartition(b_);
  committer_.Consumed(a_, 3);
  output_.results = {TransactionResult::kAborted};
  committer_.CommitNow();
  ASSERT_EQ(source_.rewinds.size(), 1u);
  EXPECT_EQ(source_.rewinds[0], (GroupSource::Offsets{{a_, 3}}));
  EXPECT_EQ(stage_.Find(b_), b_before);
}

TEST_F(TransactionCommitterTest, RevokedPartitionsAreReleasedAfterTheCommitUnderTheSameHold) {
  stage_.OpenPartition(a_);
  stage_.OpenPartition(b_);
  committer_.Consumed(a_, 0);
  output_.offsets = {{a_, 4}};
  committer_.CommitNow({a_});
  EXPECT_EQ(output_.holds, 1);
  EXPECT_EQ(output_.commits, 1);
  EXPECT_EQ(released_, std::vector<TopicPartition>{a_});
  EXPECT_EQ(stage_.Find(a_), nullptr);
  EXPECT_NE(stage_.Find(b_), nullptr);
}

TEST_F(TransactionCommitterTest, LostPartitionsAbortTheTransactionAndTheOthersRewind) {
  stage_.OpenPartition(a_);
  stage_.OpenPartition(b_);
  committer_.Consumed(a_, 7);
  committer_.Consumed(b_, 9);
  committer_.AbortLost({a_});
  EXPECT_EQ(output_.aborts, 1);
  EXPECT_EQ(output_.commits, 0);
  EXPECT_EQ(stage_.Find(a_), nullptr);
  ASSERT_EQ(source_.rewinds.size(), 1u);
  EXPECT_EQ(source_.rewinds[0], (GroupSource::Offsets{{b_, 9}}));
}

TEST_F(TransactionCommitterTest, AFatalErrorIsReportedAndNothingMoreIsCommitted) {
  stage_.OpenPartition(a_);
  committer_.Consumed(a_, 0);
  output_.results = {TransactionResult::kFatal};
  committer_.CommitNow({a_});
  ASSERT_TRUE(committer_.fatal());
  EXPECT_NE(committer_.fatal()->find("scripted"), std::string::npos);
  EXPECT_EQ(stage_.Find(a_), nullptr) << "the revoked partition is released all the same";
  output_.records_now = 1000;
  committer_.Tick();
  committer_.CommitNow();
  EXPECT_EQ(output_.commits, 1);
  EXPECT_TRUE(source_.rewinds.empty());
}

TEST_F(TransactionCommitterTest, TickCommitsWhenTheTransactionIsFullBeforeItsInterval) {
  output_.records_now = 99;
  committer_.Tick();
  EXPECT_EQ(output_.commits, 0) << "below max_records and the interval (an hour) not passed";
  output_.records_now = 100;
  committer_.Tick();
  EXPECT_EQ(output_.commits, 1);
}

}  // namespace
}  // namespace wiretag
