// DlqSizeAdvice: does the dead letter of the largest accepted input fit the
// DLQ topic and the producer, and if not, what to set. (librdkafka 2.0.2's
// mock cluster does not answer DescribeConfigs, so the comparison is tested
// here, and the truncated-dead-letter count in the integration tests.)
#include "pipeline/sink/dlq_size_check.h"

#include <gtest/gtest.h>

namespace wiretag {
namespace {

DlqSizeLimits Limits() {
  DlqSizeLimits limits;
  limits.dlq_topic = "wire.dlq";
  limits.max_message_bytes = 1048576;
  limits.producer_max = 5242880;
  return limits;
}

TEST(DlqSizeAdviceTest, SilentWhenTheDlqTakesTheLargestInputPlusHeaders) {
  DlqSizeLimits limits = Limits();
  limits.input_topic_max = {{"wire.raw", 1048588}};
  limits.dlq_topic_max = 1048588 + kDeadLetterHeaderAllowance;
  EXPECT_TRUE(DlqSizeAdvice(limits).empty());
}

TEST(DlqSizeAdviceTest, NamesTheDlqSettingWhenTheInputTopicTakesLargerRecords) {
  DlqSizeLimits limits = Limits();
  limits.input_topic_max = {{"wire.raw", 8388608}, {"wire.other", 1048588}};
  limits.dlq_topic_max = 1048588;
  const auto advice = DlqSizeAdvice(limits);
  ASSERT_EQ(advice.size(), 2u) << "the DLQ topic and the producer (5 MiB) are both too small";
  const std::string want = std::to_string(8388608 + kDeadLetterHeaderAllowance);
  EXPECT_NE(advice[0].find("DLQ topic 'wire.dlq' takes records of up to 1048588 bytes"), std::string::npos)
      << advice[0];
  EXPECT_NE(advice[0].find("input topic 'wire.raw'"), std::string::npos) << advice[0];
  EXPECT_NE(advice[0].find("set max.message.bytes=" + want + " on topic 'wire.dlq'"), std::string::npos)
      << advice[0];
  EXPECT_NE(advice[1].find("set kafka.producer.\"message.max.bytes\" to " + want), std::string::npos) << advice[1];
}

TEST(DlqSizeAdviceTest, WithoutTopicConfigsTheConfiguredMaximumIsTheLargestInput) {
  DlqSizeLimits limits = Limits();
  limits.producer_max = 20000;
  limits.max_message_bytes = 100000;
  const auto advice = DlqSizeAdvice(limits);
  ASSERT_EQ(advice.size(), 1u) << "an unknown DLQ limit is not guessed at";
  EXPECT_NE(advice[0].find("message.max.bytes is 20000"), std::string::npos) << advice[0];
  EXPECT_NE(advice[0].find("(max_message_bytes)"), std::string::npos) << advice[0];
  EXPECT_NE(advice[0].find(std::to_string(100000 + kDeadLetterHeaderAllowance)), std::string::npos) << advice[0];
}

TEST(DlqSizeAdviceTest, AnInputTopicSmallerThanMaxMessageBytesDoesNotLowerTheBar) {
  DlqSizeLimits limits = Limits();
  limits.input_topic_max = {{"wire.raw", 500000}};
  limits.dlq_topic_max = 600000;
  const auto advice = DlqSizeAdvice(limits);
  ASSERT_EQ(advice.size(), 1u);
  EXPECT_NE(advice[0].find("up to 1048576 bytes (max_message_bytes)"), std::string::npos) << advice[0];
}

}  // namespace
}  // namespace wiretag
