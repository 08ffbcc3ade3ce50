#pragma once
// ProcessMetrics is a prometheus::Collectable that reads the standard process
// metrics from /proc at scrape time (the names the Prometheus client libraries
// share): process_cpu_seconds_total, process_resident_memory_bytes,
// process_virtual_memory_bytes, process_open_fds, process_max_fds and
// process_start_time_seconds.
//
// `proc_dir` is "/proc/self" in production; tests point it at a fake tree.
// A file that cannot be read leaves its metric out of the scrape rather than
// reporting a wrong value.
//
// Thread safety: Collect() only reads files; it may run on any thread.

#include <string>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

namespace wiretag {

class ProcessMetrics : public prometheus::Collectable {
 public:
  explicit ProcessMetrics(std::string proc_dir = "/proc/self", std::string proc_stat = "/proc/stat");
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  std::string proc_dir_;
  std::string proc_stat_;  // system-wide /proc/stat, for the boot time ("btime")
};

}  // namespace wiretag
