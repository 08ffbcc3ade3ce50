#include "pipeline/cli/config_flags.h"

#include <filesystem>

#include "pipeline/cli/logging.h"

namespace wiretag::cli {

void AddConfigFlags(CLI::App* cmd, ConfigFlags* f) {
  f->config_option = cmd->add_option("--config", f->config_file, "YAML configuration file")->capture_default_str();
  cmd->add_option_function<std::string>("--brokers", [f](const std::string& v) { f->overrides.brokers = v; },
                                        "Bootstrap servers (brokers)");
  cmd->add_option_function<std::string>("--group", [f](const std::string& v) { f->overrides.group = v; },
                                        "Consumer group id (group)");
  cmd->add_option_function<std::vector<std::string>>(
      "--input", [f](const std::vector<std::string>& v) { f->overrides.input = v; },
      "Input topic(s), comma-separated or repeated (input)");
  cmd->add_option_function<std::string>("--output", [f](const std::string& v) { f->overrides.output = v; },
                                        "Topic for enriched records (output)");
  cmd->add_option_function<std::string>("--dlq", [f](const std::string& v) { f->overrides.dlq = v; },
                                        "Dead-letter topic (dlq)");
  cmd->add_option_function<int64_t>("--workers", [f](int64_t v) { f->overrides.workers = v; },
                                    "Tagging threads; 0 = hardware threads (workers)");
  cmd->add_option_function<std::string>("--metrics-listen",
                                        [f](const std::string& v) { f->overrides.metrics_listen = v; },
                                        "HOST:PORT for /metrics, /healthz, /readyz; \"\" disables (metrics.listen)");
}

Config LoadEffectiveConfig(CLI::App* cmd, const ConfigFlags& f) {
  std::string path = f.config_file;
  bool explicit_file = f.config_option && f.config_option->count() > 0;
  if (!explicit_file && !std::filesystem::exists(path)) path.clear();
  ConfigOverrides overrides = f.overrides;
  overrides.log_format = GivenLogFlag(cmd, "--log-format");
  overrides.log_level = GivenLogFlag(cmd, "--log-level");
  return LoadConfig(path, ProcessEnvironment(), overrides);
}

}  // namespace wiretag::cli
