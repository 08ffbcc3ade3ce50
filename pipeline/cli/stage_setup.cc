#include "pipeline/config/config_dir.h"
#include "pipeline/cli/stage_setup.h"

#include <spdlog/spdlog.h>

#include "pipeline/cli/logging.h"
#include "pipeline/formats/output_version.h"
#include "pipeline/taggers/agency_table.h"

namespace wiretag::cli {

namespace {

std::shared_ptr<const StoryTagger> LoadTaggers(const Config& config) {
  return StoryTagger::Load(config.EffectiveDataDir(), EntityTaggerChoice::kAuto, DefaultGazetteerSnapshot(),
                           config.tagging.local_lists_dir);
}

}  // namespace

StageParts SetUpStage(const Config& config, StageMode mode) {
  SetUpLogging(config.log.format, config.log.level);
  StageParts parts;
  std::shared_ptr<const StoryTagger> tagger = LoadTaggers(config);
  const std::string data_id = tagger->DataId();
  SetOutputDataId(data_id);  // before the sink and metrics stamp it
  parts.taggers = std::make_shared<TaggerHandle>(std::move(tagger));
  ProcessorOptions options;
  options.max_message_bytes = static_cast<size_t>(config.max_message_bytes);
  options.format = config.input_format == "ninjs" ? InputFormat::kNinjs
                   : config.input_format == "text" ? InputFormat::kText
                                                   : InputFormat::kAuto;
  parts.factory = MakeRecordProcessorFactory(std::shared_ptr<const TaggerHandle>(parts.taggers), options);
  parts.metrics = std::make_unique<StageMetrics>(data_id, mode);
  parts.metrics->SetTaggerFingerprint(data_id);
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

bool ReloadTaggers(const Config& config, StageParts& parts) {
  std::shared_ptr<const StoryTagger> tagger;
  try {
    tagger = LoadTaggers(config);
  } catch (const std::exception& e) {
    spdlog::error("reload: keeping the taggers in use ({}): {}", parts.taggers->Current().first->DataId(), e.what());
    if (parts.metrics) parts.metrics->RecordTaggerReload(false);
    return false;
  }
  const std::string data_id = tagger->DataId();
  SetOutputDataId(data_id);
  parts.taggers->Replace(std::move(tagger));
  if (parts.metrics) {
    parts.metrics->SetTaggerFingerprint(data_id);
    parts.metrics->RecordTaggerReload(true);
  }
  spdlog::info("reload: taggers {} in use", data_id);
  return true;
}

}  // namespace wiretag::cli
