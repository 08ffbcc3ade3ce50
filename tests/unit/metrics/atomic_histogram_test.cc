#include "pipeline/metrics/atomic_histogram.h"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

namespace wiretag {
namespace {

TEST(AtomicHistogramTest, BucketsAreCumulativeAndInclusiveOfTheirUpperBound) {
  AtomicHistogram h({0.1, 1.0});
  h.Observe(0.1);   // le=0.1 (bounds are inclusive)
  h.Observe(0.5);   // le=1
  h.Observe(7.0);   // +Inf only
  const auto snap = h.Snapshot();
  ASSERT_EQ(snap.bucket.size(), 3u);
  EXPECT_EQ(snap.bucket[0].cumulative_count, 1u);
  EXPECT_EQ(snap.bucket[1].cumulative_count, 2u);
  EXPECT_EQ(snap.bucket[2].cumulative_count, 3u);
  EXPECT_TRUE(std::isinf(snap.bucket[2].upper_bound));
  EXPECT_EQ(snap.sample_count, 3u);
  EXPECT_DOUBLE_EQ(snap.sample_sum, 7.6);
}

TEST(AtomicHistogramTest, ConcurrentObservationsAreAllCounted) {
  AtomicHistogram h(LatencyBucketsSeconds());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&h] {
      for (int i = 0; i < 10000; ++i) h.Observe(0.001);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(h.count(), 40000u);
  EXPECT_NEAR(h.sum(), 40.0, 1e-6);
}

TEST(AtomicHistogramTest, RejectsUnsortedBounds) {
  EXPECT_THROW(AtomicHistogram({1.0, 0.5}), std::invalid_argument);
  EXPECT_THROW(AtomicHistogram({1.0, 1.0}), std::invalid_argument);
}

TEST(AtomicHistogramTest, LatencyBucketsSpanMicrosecondsToSeconds) {
  const auto bounds = LatencyBucketsSeconds();
  EXPECT_DOUBLE_EQ(bounds.front(), 0.00001);
  EXPECT_DOUBLE_EQ(bounds.back(), 10.0);
}

}  // namespace
}  // namespace wiretag
