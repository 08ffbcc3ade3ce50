#include "pipeline/stage/replay_checkpoint.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "tests/unit/temp_dir.h"

namespace wiretag {
namespace {

class ReplayCheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = dir_.path() / "replay.ckpt";
  }
  void Write(const std::string& text) { std::ofstream(file_) << text; }

  testing::TempDir dir_;
  std::filesystem::path file_;
};

ReplayCheckpoint Sample() {
  ReplayCheckpoint cp;
  cp.input = "wire.raw";
  cp.from_spec = "2026-11-28T10:00:00Z";
  cp.to_spec = "end";
  cp.partitions[0] = {10, 100, 57};
  cp.partitions[3] = {0, 5, 5};
  return cp;
}

TEST_F(ReplayCheckpointTest, MissingFileMeansNoCheckpoint) {
  EXPECT_FALSE(ReplayCheckpoint::Load(file_).has_value());
}

TEST_F(ReplayCheckpointTest, SaveThenLoadRoundTrips) {
  Sample().Save(file_);
  auto loaded = ReplayCheckpoint::Load(file_);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->input, "wire.raw");
  EXPECT_EQ(loaded->from_spec, "2026-11-28T10:00:00Z");
  EXPECT_EQ(loaded->to_spec, "end");
  ASSERT_EQ(loaded->partitions.size(), 2u);
  EXPECT_EQ(loaded->partitions.at(0).from, 10);
  EXPECT_EQ(loaded->partitions.at(0).to, 100);
  EXPECT_EQ(loaded->partitions.at(0).next, 57);
  EXPECT_EQ(loaded->partitions.at(3).next, 5);
}

TEST_F(ReplayCheckpointTest, SaveReplacesTheFileAndLeavesNoTemporary) {
  ReplayCheckpoint cp = Sample();
  cp.Save(file_);
  cp.partitions[0].next = 99;
  cp.Save(file_);
  EXPECT_EQ(ReplayCheckpoint::Load(file_)->partitions.at(0).next, 99);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "replay.ckpt.tmp"));
}

TEST_F(ReplayCheckpointTest, CompleteWhenEveryPartitionReachedItsEnd) {
  ReplayCheckpoint cp = Sample();
  EXPECT_FALSE(cp.Complete());
  cp.partitions[0].next = 100;
  EXPECT_TRUE(cp.Complete());
}

TEST_F(ReplayCheckpointTest, RefusesAForeignFile) {
  Write("hello\n");
  EXPECT_THROW(ReplayCheckpoint::Load(file_), std::runtime_error);
}

TEST_F(ReplayCheckpointTest, RefusesOffsetsOutOfOrderNamingTheLine) {
  Write("wiretag-replay-checkpoint 1\ninput t\nfrom beginning\nto end\npartition 0 from 5 to 10 next 11\n");
  try {
    ReplayCheckpoint::Load(file_);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("line 5"), std::string::npos) << e.what();
  }
}

TEST_F(ReplayCheckpointTest, RefusesATruncatedFile) {
  Write("wiretag-replay-checkpoint 1\ninput t\nfrom beginning\n");
  EXPECT_THROW(ReplayCheckpoint::Load(file_), std::runtime_error);
}

}  // namespace
}  // namespace wiretag
