#include "pipeline/metrics/process_metrics.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace wiretag {
namespace {

prometheus::MetricFamily Single(const char* name, const char* help, prometheus::MetricType type,
                                double value) {
  prometheus::MetricFamily family;
  family.name = name;
  family.help = help;
  family.type = type;
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  family.metric.push_back(metric);
  return family;
}

// Fields of /proc/<pid>/stat after the command name, which is in parentheses
// and may itself contain spaces and parentheses: split after the LAST ')'.
std::optional<std::vector<std::string>> StatFields(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  const auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(line.substr(close + 1));
  std::vector<std::string> fields;  // fields[0] is field 3 of proc(5), "state"
  for (std::string f; rest >> f;) fields.push_back(f);
  if (fields.size() < 22) return std::nullopt;
  return fields;
}

std::optional<double> BootTimeSeconds(const std::string& path) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("btime ", 0) == 0) return std::stod(line.substr(6));
  }
  return std::nullopt;
}

std::optional<double> MaxOpenFiles(const std::string& path) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Max open files", 0) == 0) {
      std::istringstream fields(line.substr(14));
      std::string soft;
      fields >> soft;
      if (soft == "unlimited") return std::nullopt;
      return std::stod(soft);
    }
  }
  return std::nullopt;
}

}  // namespace

ProcessMetrics::ProcessMetrics(std::string proc_dir, std::string proc_stat)
    : proc_dir_(std::move(proc_dir)), proc_stat_(std::move(proc_stat)) {}

std::vector<prometheus::MetricFamily> ProcessMetrics::Collect() const {
  using prometheus::MetricType;
  std::vector<prometheus::MetricFamily> out;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  try {
    if (auto stat = StatFields(proc_dir_ + "/stat")) {
      const auto& f = *stat;
      // proc(5) field numbers: utime 14, stime 15, starttime 22, vsize 23, rss 24;
      // f[i] holds field i + 3.
      const double cpu = (std::stod(f[11]) + std::stod(f[12])) / ticks;
      out.push_back(Single("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
                           MetricType::Counter, cpu));
      out.push_back(Single("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                           MetricType::Gauge, std::stod(f[20])));
      out.push_back(Single("process_resident_memory_bytes", "Resident memory size in bytes.",
                           MetricType::Gauge, std::stod(f[21]) * page));
      if (auto boot = BootTimeSeconds(proc_stat_)) {
        out.push_back(Single("process_start_time_seconds",
                             "Start time of the process since unix epoch in seconds.", MetricType::Gauge,
                             *boot + std::stod(f[19]) / ticks));
      }
    }
  } catch (const std::exception&) {
    // A malformed number: leave the rest of the stat metrics out of this scrape.
  }
  std::error_code ec;
  std::filesystem::directory_iterator fds(proc_dir_ + "/fd", ec);
  if (!ec) {
    double open = 0;
    for (auto it = fds; it != std::filesystem::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      ++open;
    }
    if (!ec) {
      out.push_back(Single("process_open_fds", "Number of open file descriptors.", MetricType::Gauge, open));
    }
  }
  if (auto max = MaxOpenFiles(proc_dir_ + "/limits")) {
    out.push_back(
        Single("process_max_fds", "Maximum number of open file descriptors.", MetricType::Gauge, *max));
  }
  return out;
}

}  // namespace wiretag
