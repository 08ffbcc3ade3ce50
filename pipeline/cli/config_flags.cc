#include "pipeline/cli/config_flags.h"

#include <filesystem>

#include "pipeline/cli/logging.h"

namespace wiretag::cli {

void AddConfigFlags(CLI::App* cmd, ConfigFlags* f) {
  f->config_option = cmd->add_option("--config", f->config_file, "YAML configuration file")->capture_default_str();
  // One flag for each key the table gives one; values are text, checked by
  // LoadConfig as the key's environment variable is.
  for (const ConfigKey& key : ConfigKeys()) {
    if (key.flag.empty()) continue;
    const std::string help = key.help + " (" + key.path + ")";
    const std::string path = key.path;
    if (key.is_list)
      cmd->add_option_function<std::vector<std::string>>(
          key.flag, [f, path](const std::vector<std::string>& v) { f->overrides.values[path] = v; }, help);
    else
      cmd->add_option_function<std::string>(
             key.flag, [f, path](const std::string& v) { f->overrides.Set(path, v); }, help)
          ->type_name(key.is_int ? "INT" : "TEXT");
  }
}

CLI::App* AddConfiguredCommand(CLI::App& app, const std::string& name, const std::string& description,
                               std::shared_ptr<ConfigFlags>* flags) {
  auto* cmd = app.add_subcommand(name, description);
  *flags = std::make_shared<ConfigFlags>();
  AddConfigFlags(cmd, flags->get());
  return cmd;
}

Config LoadEffectiveConfig(CLI::App* cmd, const ConfigFlags& f) {
  std::string path = f.config_file;
  bool explicit_file = f.config_option && f.config_option->count() > 0;
  if (!explicit_file && !std::filesystem::exists(path)) path.clear();
  ConfigOverrides overrides = f.overrides;
  if (auto format = GivenLogFlag(cmd, "--log-format")) overrides.Set("log.format", *format);
  if (auto level = GivenLogFlag(cmd, "--log-level")) overrides.Set("log.level", *level);
  return LoadConfig(path, ProcessEnvironment(), overrides);
}

}  // namespace wiretag::cli
