#include "pipeline/metrics/atomic_histogram.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace wiretag {

AtomicHistogram::AtomicHistogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  if (!std::is_sorted(bounds_.begin(), bounds_.end()) ||
      std::adjacent_find(bounds_.begin(), bounds_.end()) != bounds_.end()) {
    throw std::invalid_argument("histogram bucket bounds must be strictly increasing");
  }
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void AtomicHistogram::Observe(double value) {
  // Prometheus buckets are "less than or equal": the first bound >= value.
  const size_t index = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  buckets_[index].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

uint64_t AtomicHistogram::count() const {
  uint64_t total = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) total += buckets_[i].load(std::memory_order_relaxed);
  return total;
}

prometheus::ClientMetric::Histogram AtomicHistogram::Snapshot() const {
  prometheus::ClientMetric::Histogram out;
  out.bucket.reserve(bounds_.size() + 1);
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    prometheus::ClientMetric::Bucket bucket;
    bucket.cumulative_count = cumulative;
    bucket.upper_bound = i < bounds_.size() ? bounds_[i] : std::numeric_limits<double>::infinity();
    out.bucket.push_back(bucket);
  }
  out.sample_count = cumulative;
  out.sample_sum = sum_.load(std::memory_order_relaxed);
  return out;
}

HistogramFamily::HistogramFamily(std::string name, std::string help, std::string label_name,
                                 const std::vector<std::string>& label_values,
                                 const std::vector<double>& bounds)
    : name_(std::move(name)), help_(std::move(help)), label_name_(std::move(label_name)),
      label_values_(label_values) {
  for (size_t i = 0; i < label_values_.size(); ++i) {
    children_.push_back(std::make_unique<AtomicHistogram>(bounds));
  }
}

std::vector<prometheus::MetricFamily> HistogramFamily::Collect() const {
  prometheus::MetricFamily family;
  family.name = name_;
  family.help = help_;
  family.type = prometheus::MetricType::Histogram;
  for (size_t i = 0; i < children_.size(); ++i) {
    prometheus::ClientMetric metric;
    if (!label_name_.empty()) metric.label.push_back({label_name_, label_values_[i]});
    metric.histogram = children_[i]->Snapshot();
    family.metric.push_back(std::move(metric));
  }
  return {std::move(family)};
}

std::vector<double> LatencyBucketsSeconds() {
  // Written out rather than computed so the `le` labels print exactly.
  return {0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
          0.01,    0.025,    0.05,    0.1,    0.25,    0.5,    1.0,   2.5,    5.0,   10.0};
}

}  // namespace wiretag
