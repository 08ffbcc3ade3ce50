// `wiretag version`: what this binary is, for bug reports and wiretag.version.
#include <cstdio>

#include <librdkafka/rdkafka.h>

#include "pipeline/cli/commands.h"
#include "wiretag/version.h"

namespace wiretag::cli {

void RegisterVersionCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("version", "Print the wiretag version, the data/model id and librdkafka's version");
  cmd->callback([exit_code] {
    std::printf("wiretag %s\nmodel %s\nlibrdkafka %s\n", kVersion, kDataId, rd_kafka_version_str());
    *exit_code = 0;
  });
}

}  // namespace wiretag::cli
