#include "pipeline/cli/stage_setup.h"

#include <spdlog/spdlog.h>

#include "pipeline/cli/logging.h"
#include "pipeline/formats/output_version.h"
#include "pipeline/taggers/agency_table.h"

namespace wiretag::cli {

StageParts SetUpStage(const Config& config, StageMode mode) {
  SetUpLogging(config.log.format, config.log.level);
  StageParts parts;
  parts.tagger = StoryTagger::Load(config.EffectiveDataDir(), EntityTaggerChoice::kAuto, DefaultGazetteerSnapshot());
  SetOutputDataId(parts.tagger->DataId());  // before the sink and metrics stamp it
  ProcessorOptions options;
  options.max_bytes = static_cast<size_t>(config.max_message_bytes);
  options.format = config.input_format == "ninjs" ? InputFormat::kNinjs
                   : config.input_format == "text" ? InputFormat::kText
                                                   : InputFormat::kAuto;
  parts.factory = MakeRecordProcessorFactory(*parts.tagger, options);
  parts.metrics = std::make_unique<StageMetrics>(parts.tagger->DataId(), mode);
  parts.metrics->SetHealthStallMs(config.metrics.healthz_stall_ms);
  {
    // wiretag_source_agency_total{agency}: label values only from the agency table.
    const auto agencies = AgencyTable::Load(std::filesystem::path(config.EffectiveDataDir()) / "agencies.tsv");
    std::vector<std::string> agency_names;
    for (const Agency& agency : agencies->All()) agency_names.push_back(agency.name);
    parts.metrics->SetAgencyNames(agency_names);
  }
  if (!config.metrics.listen.empty()) {
    parts.metrics->Serve(config.metrics.listen);
    spdlog::info("metrics on http://{}/metrics", config.metrics.listen);
  }
  return parts;
}

}  // namespace wiretag::cli
