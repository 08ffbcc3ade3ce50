#pragma once
// AtomicHistogram is a Prometheus histogram whose Observe() takes no lock and
// allocates nothing: one atomic counter per bucket and an atomic sum.
// prometheus::Histogram guards every observation with a mutex, which the
// workers would contend on for every record; this one they do not.
//
// A scrape reads the buckets one by one, so it may see an observation in a
// bucket but not yet in the sum (or the reverse); the count it reports is the
// sum of the buckets it read, so _count and the +Inf bucket always agree.
//
// HistogramFamily groups the children of one metric name with different
// values of one label (e.g. step="parse|tag|serialize") and is the
// prometheus::Collectable the exposition reads.
//
// Thread safety: Observe() and Collect() may run concurrently from any thread.
// Children are created in the constructor only.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

namespace wiretag {

class AtomicHistogram {
 public:
  // `bounds` are the upper bounds of the finite buckets, strictly increasing.
  explicit AtomicHistogram(std::vector<double> bounds);

  void Observe(double value);

  // Cumulative buckets (+Inf last), count and sum, as prometheus-cpp wants them.
  prometheus::ClientMetric::Histogram Snapshot() const;

  uint64_t count() const;
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  const std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_.size() + 1 (+Inf)
  std::atomic<double> sum_{0.0};
};

class HistogramFamily : public prometheus::Collectable {
 public:
  // One child per value of `label_name`; with an empty `label_name` there is
  // exactly one child, without labels (pass label_values = {""}).
  HistogramFamily(std::string name, std::string help, std::string label_name,
                  const std::vector<std::string>& label_values, const std::vector<double>& bounds);

  AtomicHistogram& child(size_t index) { return *children_[index]; }
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  std::string name_, help_, label_name_;
  std::vector<std::string> label_values_;
  std::vector<std::unique_ptr<AtomicHistogram>> children_;
};

// Bucket bounds from 10 µs to 10 s, roughly three per decade
// (1, 2.5, 5 × 10^k): per-step tagging times sit in the µs–ms range,
// end-to-end latency in the ms–s range, and one set of bounds lets
// dashboards compare them.
std::vector<double> LatencyBucketsSeconds();

}  // namespace wiretag
