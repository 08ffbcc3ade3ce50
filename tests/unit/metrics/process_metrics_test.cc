// Process metrics from a fake /proc tree (exact values) and from the real one.
#include "pipeline/metrics/process_metrics.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "tests/unit/temp_dir.h"

namespace wiretag {
namespace {

namespace fs = std::filesystem;

std::map<std::string, double> Values(const ProcessMetrics& metrics) {
  std::map<std::string, double> out;
  for (const auto& family : metrics.Collect()) {
    const auto& m = family.metric.at(0);
    out[family.name] = family.type == prometheus::MetricType::Counter ? m.counter.value : m.gauge.value;
  }
  return out;
}

class FakeProc : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_ / "self" / "fd");
    for (int fd = 0; fd < 5; ++fd) std::ofstream(dir_ / "self" / "fd" / std::to_string(fd));
    // A command name with spaces and a ')' must not shift the fields.
    // utime=250 stime=150 (ticks), starttime=1000 ticks, vsize=8192000, rss=300 pages.
    std::ofstream(dir_ / "self" / "stat")
        << "4242 (wire tag) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 9 0 1000 8192000 300 "
           "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
    std::ofstream(dir_ / "self" / "limits") << "Limit                     Soft Limit           Hard Limit           Units\n"
                                               "Max open files            1024                 524288               files\n";
    std::ofstream(dir_ / "stat") << "cpu  1 2 3\nbtime 1700000000\nprocesses 10\n";
  }
  testing::TempDir scratch_;
  const fs::path dir_ = scratch_.path();
};

TEST_F(FakeProc, ReadsCpuMemoryFdsAndStartTime) {
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  auto values = Values(ProcessMetrics((dir_ / "self").string(), (dir_ / "stat").string()));
  EXPECT_DOUBLE_EQ(values.at("process_cpu_seconds_total"), 400 / ticks);
  EXPECT_DOUBLE_EQ(values.at("process_resident_memory_bytes"), 300 * page);
  EXPECT_DOUBLE_EQ(values.at("process_virtual_memory_bytes"), 8192000);
  EXPECT_DOUBLE_EQ(values.at("process_start_time_seconds"), 1700000000 + 1000 / ticks);
  EXPECT_DOUBLE_EQ(values.at("process_open_fds"), 5);
  EXPECT_DOUBLE_EQ(values.at("process_max_fds"), 1024);
}

TEST_F(FakeProc, MissingFilesLeaveTheirMetricsOut) {
  fs::remove(dir_ / "self" / "stat");
  auto values = Values(ProcessMetrics((dir_ / "self").string(), (dir_ / "stat").string()));
  EXPECT_EQ(values.count("process_cpu_seconds_total"), 0u);
  EXPECT_EQ(values.count("process_start_time_seconds"), 0u);
  EXPECT_EQ(values.at("process_open_fds"), 5);
}

TEST(ProcessMetricsTest, RealProcessStartedInThePastAndUsesMemory) {
  auto values = Values(ProcessMetrics());
  EXPECT_GT(values.at("process_resident_memory_bytes"), 1 << 20);
  EXPECT_GT(values.at("process_open_fds"), 2);
  EXPECT_GT(values.at("process_start_time_seconds"), 1.5e9);
  EXPECT_LE(values.at("process_start_time_seconds"), static_cast<double>(time(nullptr)) + 1);
}

}  // namespace
}  // namespace wiretag
