// TEMPORARY — DELETE WHEN MERGING BRANCH `metrics` (the real StageMetrics).
// A no-op StageMetrics so that the stage links before the metrics module lands.
#include <stdexcept>

#include <prometheus/registry.h>

#include "pipeline/metrics/stage_metrics.h"

namespace wiretag {

struct StageMetrics::Impl {
  prometheus::Registry registry;
};

StageMetrics::StageMetrics(std::string_view) : impl_(new Impl) {}
StageMetrics::~StageMetrics() = default;
void StageMetrics::Serve(const std::string&) {}
void StageMetrics::RecordConsumed(std::string_view, int32_t) {}
void StageMetrics::RecordProduced(std::string_view) {}
void StageMetrics::RecordDeadLettered(ErrorClass) {}
void StageMetrics::ObserveStep(StageStep, double) {}
void StageMetrics::ObserveEndToEndLatency(double) {}
void StageMetrics::RecordTags(const Tags&) {}
void StageMetrics::SetInflightRecords(int64_t) {}
void StageMetrics::SetPausedPartitions(int64_t) {}
void StageMetrics::SetProducerQueueRecords(int64_t) {}
void StageMetrics::RecordRebalance(std::string_view) {}
void StageMetrics::RecordKafkaError(std::string_view) {}
void StageMetrics::OnKafkaStatistics(std::string_view) {}
void StageMetrics::MarkProgress() {}
void StageMetrics::SetHealthStallMs(int64_t) {}
void StageMetrics::SetGroupJoined(bool) {}
void StageMetrics::SetProducerConnected(bool) {}
prometheus::Registry& StageMetrics::registry() { return impl_->registry; }

}  // namespace wiretag
