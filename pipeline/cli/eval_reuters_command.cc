// `wiretag eval reuters FILE.sgm...`: dateline city and date accuracy on
// Reuters-21578, and false datelines on the bodies alone (see reuters_eval.h).
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "pipeline/config/config_dir.h"
#include "pipeline/eval/reuters_eval.h"
#include "pipeline/eval/reuters_sgml.h"
#include "pipeline/taggers/agency_table.h"
#include "pipeline/taggers/dateline_tagger.h"
#include "pipeline/taggers/place_gazetteer.h"
#include "pipeline/taggers/story_tagger.h"

namespace wiretag::cli {

namespace {

struct EvalReutersOptions {
  std::vector<std::string> files;
  std::string config_dir;
  size_t show_failures = 0;
  bool json = false;
};

int RunEvalReuters(const EvalReutersOptions& opt) {
  std::filesystem::path config = opt.config_dir.empty() ? DefaultConfigDir() : std::filesystem::path(opt.config_dir);
  std::unique_ptr<PlaceGazetteer> places;
  std::unique_ptr<AgencyTable> agencies;
  try {
    places = PlaceGazetteer::Load(config / "gazetteers");
    agencies = AgencyTable::Load(config / "agencies.tsv");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wiretag eval reuters: %s\n", e.what());
    return 1;
  }
  DatelineTagger tagger(*places, *agencies);
  ReutersEval eval(tagger, opt.show_failures);
  for (const auto& file : opt.files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "wiretag eval reuters: cannot read %s\n", file.c_str());
      return 2;
    }
    std::string sgml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto stories = ParseReutersSgml(sgml);
    if (stories.empty()) {
      std::fprintf(stderr, "wiretag eval reuters: %s: no <REUTERS> stories\n", file.c_str());
      return 2;
    }
    for (const auto& story : stories) eval.Add(story);
  }
  const ReutersEvalResult& r = eval.result();
  for (const auto& f : r.failures) {
    std::fprintf(stderr, "NEWID=%s %s: expected [%s] got [%s] in [%s]\n", f.newid.c_str(), f.kind.c_str(),
                 f.expected.c_str(), f.got.c_str(), f.dateline.c_str());
  }
  if (opt.json) {
    std::printf(
        "{\"stories\": %zu, \"skipped\": %zu, \"dateline_found_rate\": %.4f, \"city_accuracy\": %.4f, "
        "\"date_accuracy\": %.4f, \"gold_dates\": %zu, \"false_dateline_rate\": %.4f, \"false_datelines\": %zu}\n",
        r.stories, r.skipped, r.FoundRate(), r.CityAccuracy(), r.DateAccuracy(), r.gold_dates,
        r.FalseDatelineRate(), r.false_datelines);
  } else {
    std::printf("stories              %zu (skipped %zu without DATELINE or BODY)\n", r.stories, r.skipped);
    std::printf("dateline found       %.4f (%zu)\n", r.FoundRate(), r.datelines_found);
    std::printf("city accuracy        %.4f (%zu)\n", r.CityAccuracy(), r.city_correct);
    std::printf("date accuracy        %.4f (%zu of %zu with a date)\n", r.DateAccuracy(), r.date_correct,
                r.gold_dates);
    std::printf("false datelines      %.4f (%zu on BODY alone)\n", r.FalseDatelineRate(), r.false_datelines);
  }
  return r.stories == 0 ? 2 : 0;
}

}  // namespace

void RegisterEvalReutersCommand(CLI::App& eval, int* exit_code) {
  auto opt = std::make_shared<EvalReutersOptions>();
  auto* cmd = eval.add_subcommand(
      "reuters",
      "Dateline city and date accuracy on Reuters-21578 SGML (text = DATELINE + \" \" + BODY), "
      "and false datelines on the bodies alone");
  cmd->add_option("files", opt->files, "Reuters-21578 .sgm files")->required()->check(CLI::ExistingFile);
  cmd->add_option("--config-dir", opt->config_dir, "Directory with gazetteers/ and agencies.tsv (default: config/)");
  cmd->add_option("--show-failures", opt->show_failures, "Print up to N failures to stderr");
  cmd->add_flag("--json", opt->json, "Print the figures as one JSON object");
  cmd->callback([opt, exit_code] { *exit_code = RunEvalReuters(*opt); });
}

}  // namespace wiretag::cli
