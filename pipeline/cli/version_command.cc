// `wiretag version`: what this binary is, for bug reports and wiretag.version.
// The data id names the entity model in use (read from config/models/ner-en.bin,
// "ner-en-<checksum prefix>"), or the build's data id when there is no model.
#include <cstdio>
#include <filesystem>
#include <string>

#include <librdkafka/rdkafka.h>

#include "pipeline/config/config_dir.h"
#include "pipeline/cli/commands.h"
#include "pipeline/cli/version_info.h"
#include "pipeline/formats/output_version.h"
#include "pipeline/taggers/model/entity_model.h"
#include "pipeline/taggers/story_tagger.h"
#include "wiretag/version.h"

namespace wiretag::cli {

std::string CurrentDataId() {
  const auto model = DefaultConfigDir() / "models" / "ner-en.bin";
  if (std::filesystem::exists(model)) return model::ReadModelId(model);
  return kDataId;
}

void RegisterVersionCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("version", "Print the wiretag version, the data/model id and librdkafka's version");
  cmd->callback([exit_code] {
    std::string data_id;
    try {
      data_id = CurrentDataId();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "wiretag version: %s\n", e.what());
      *exit_code = 1;
      return;
    }
    std::printf("wiretag %s\nmodel %s\nlibrdkafka %s\n", VersionString(data_id).c_str(), data_id.c_str(),
                rd_kafka_version_str());
    *exit_code = 0;
  });
}

}  // namespace wiretag::cli
