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
  cmd->add_option_function<std::string>(
      "--on-offset-reset", [f](const std::string& v) { f->overrides.on_offset_reset = v; },
      "When retention deleted records not yet consumed: fail | earliest | latest (on_offset_reset)");
  cmd->add_option_function<std::string>(
      "--delivery", [f](const std::string& v) { f->overrides.delivery = v; },
      "at-least-once (default) | exactly-once: outputs and input offsets in Kafka transactions (delivery)");
  cmd->add_option_function<std::string>(
      "--instance-id", [f](const std::string& v) { f->overrides.instance_id = v; },
      "This instance's name, unique in the group and stable across restarts; makes the transactional.id "
      "(instance_id; default the host name)");
  cmd->add_option_function<std::string>("--metrics-listen",
                                        [f](const std::string& v) { f->overrides.metrics_listen = v; },
                                        "HOST:PORT for /metrics, /healthz, /readyz; \"\" disables (metrics.listen)");
  cmd->add_option_function<std::vector<std::string>>(
      "--headers-allow", [f](const std::vector<std::string>& v) { f->overrides.headers_allow = v; },
      "Input Kafka headers carried to outputs and dead letters: names or prefixes ending in *, comma-separated "
      "(records.headers_allow)");
  cmd->add_option_function<std::vector<std::string>>(
      "--headers-deny", [f](const std::vector<std::string>& v) { f->overrides.headers_deny = v; },
      "Input Kafka headers never carried over, same forms (records.headers_deny)");
  cmd->add_option_function<std::string>(
      "--output-timestamp", [f](const std::string& v) { f->overrides.output_timestamp = v; },
      "Timestamp of produced records: input (the input record's, as Kafka Streams) or produce (records.timestamp)");
  cmd->add_option_function<std::string>(
      "--local-lists-dir", [f](const std::string& v) { f->overrides.local_lists_dir = v; },
      "Directory of the newsroom's own name lists, reloaded on SIGHUP (tagging.local_lists_dir)");
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
