// `wiretag replay`: re-run a bounded range of an input topic (or JSON Lines
// files) through the taggers into a topic of the user's choice, without
// joining or committing to any consumer group. See docs/operations/backfills.md.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "pipeline/cli/commands.h"
#include "pipeline/cli/config_flags.h"
#include "pipeline/cli/exit_codes.h"
#include "pipeline/cli/signals.h"
#include "pipeline/cli/stage_setup.h"
#include "pipeline/source/replay_range.h"
#include "pipeline/source/replay_range_resolver.h"
#include "pipeline/source/timestamp_locator.h"
#include "pipeline/app/replay_job.h"

namespace wiretag::cli {
namespace {

struct ReplayFlags {
  ConfigFlags config;
  std::string from, to = "end", partitions, resume;
  std::vector<std::string> from_files;
  double rate = 0;
  bool dry_run = false;
  bool to_live_topic = false;
};

// Where the enriched records go, said out loud: `--output TOPIC`, or the live
// stage's own output topic only with --to-live-topic (a backfill mixed into
// the live topic is hard to take back). Throws std::invalid_argument.
std::string ChooseOutputTopic(const ReplayFlags& f, const std::string& live_output) {
  const std::optional<std::string> given = f.config.overrides.Get("output");
  if (f.to_live_topic) {
    if (given && *given != live_output)
      throw std::invalid_argument("--to-live-topic writes into the live topic '" + live_output + "', but --output names '" +
                                  *given + "'; give one of them");
    return live_output;
  }
  if (!given)
    throw std::invalid_argument("--output TOPIC is required: where should the enriched records go? (--dry-run prints them; "
                                "--to-live-topic writes them into the live stage's output topic '" + live_output + "')");
  if (*given == live_output)
    throw std::invalid_argument("--output " + *given + " is the live stage's output topic (`output` in the configuration); "
                                "add --to-live-topic to confirm that the backfill goes there");
  return *given;
}

int Replay(CLI::App* cmd, const ReplayFlags& f) {
  std::atomic<int>& stop = InstallStopSignals();
  Config config;
  ReplayJobOptions job;
  try {
    // The configuration as the live stage sees it, then the replay's destination.
    ConfigFlags flags = f.config;
    flags.overrides.Clear("output");
    const std::string live_output = LoadEffectiveConfig(cmd, flags).output;
    if (!f.dry_run) flags.overrides.Set("output", ChooseOutputTopic(f, live_output));
    config = LoadEffectiveConfig(cmd, flags);
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "wiretag replay: %s\n", e.what());
    return kExitUsage;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "wiretag replay: %s\n", e.what());
    return kExitUsage;
  }

  try {
    if (!f.from_files.empty()) {
      if (!f.from.empty()) throw std::invalid_argument("--from-file replays whole files; --from does not apply");
      job.input_files = f.from_files;
      job.from = ParseReplayPosition("beginning");
      job.to = ParseReplayPosition("end");
    } else {
      if (f.from.empty()) throw std::invalid_argument("--from SPEC is required (beginning, end, an RFC 3339 time or offsets:P=O,...)");
      if (config.input.size() != 1)
        throw std::invalid_argument("replay reads exactly one --input topic, not " + std::to_string(config.input.size()));
      job.input = config.input.front();
      const auto now = std::chrono::system_clock::now().time_since_epoch();
      const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
      job.from = ParseReplayPosition(f.from, now_ms);  // one "now" for both ends
      job.to = ParseReplayPosition(f.to, now_ms);
      if (!f.partitions.empty()) job.partitions = ParsePartitionList(f.partitions);
    }
    if (f.rate < 0) throw std::invalid_argument("--rate must be positive");
    job.locator = ParseTimestampLocatorKind(config.replay.timestamp_locator);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "wiretag replay: %s\n", e.what());
    return kExitUsage;
  }

  const std::string destination =
      f.dry_run ? "stdout (--dry-run)" : "topic " + config.output + " (dead letters to " + config.dlq + ")";
  try {
    StageParts parts = SetUpStage(config, StageMode::kReplay);
    if (f.to_live_topic && !f.dry_run)
      spdlog::warn("replay writes into the LIVE output topic {} (--to-live-topic)", config.output);
    spdlog::info("replay writes enriched records to {}", destination);
    if (config.exactly_once() && !f.dry_run)
      spdlog::warn("replay is at-least-once: delivery: exactly-once applies to `wiretag run` only (a resumed replay "
                   "repeats at most the records whose output was not acknowledged when it stopped)");
    job.config = config;
    job.dry_run = f.dry_run;
    if (!f.resume.empty()) job.resume = f.resume;
    job.runner.metrics = parts.metrics.get();
    job.runner.workers = config.EffectiveWorkers();
    job.runner.max_inflight = config.stage.max_inflight_records;
    job.runner.rate = f.rate;
    job.runner.drain_timeout = std::chrono::milliseconds(config.stage.shutdown_timeout_ms);
    job.runner.stop = [&stop] { return stop.load() > 0; };

    const bool tty = isatty(STDERR_FILENO);
    auto last_log = std::chrono::steady_clock::now();
    bool drew = false;
    job.runner.on_progress = [&](const ReplayProgressSnapshot& s) {
      if (tty) {
        std::fprintf(stderr, "\r%s", FormatProgressBar(s).c_str());
        std::fflush(stderr);
        drew = true;
      } else if (std::chrono::steady_clock::now() - last_log >= std::chrono::seconds(10)) {
        spdlog::info("{}", FormatProgressLine(s));
        last_log = std::chrono::steady_clock::now();
      }
    };

    ReplaySummary s = RunReplayJob(std::move(job), parts.factory);
    if (drew) std::fputc('\n', stderr);
    double rate = s.seconds > 0 ? static_cast<double>(s.read) / s.seconds : 0;
    spdlog::info("replay summary: read {}, enriched {}, dead-lettered {}, {:.1f} seconds, {:.0f} records/s, into {}",
                 s.read, s.enriched, s.dead_lettered, s.seconds, rate, destination);
    if (!s.complete) {
      spdlog::error("replay could not finish: {} ({} of {} records of the range done){}", s.failure, s.progress.done,
                    s.progress.total, f.resume.empty() ? "" : "; run the same command again to continue");
      return kExitFailure;
    }
    return kExitSuccess;
  } catch (const ReplayRequestError& e) {
    spdlog::critical("wiretag replay: {}", e.what());
    return kExitUsage;
  } catch (const ConfigError& e) {
    spdlog::critical("wiretag replay: {}", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    spdlog::critical("wiretag replay: {}", e.what());
    return kExitFailure;
  }
}

}  // namespace

void RegisterReplayCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "replay", "Re-run a range of an input topic (or JSON Lines files) into a topic, without touching any consumer group");
  auto f = std::make_shared<ReplayFlags>();
  AddConfigFlags(cmd, &f->config);
  cmd->get_option("--output")->description(
      "Topic for the enriched records: required (unless --dry-run), and not the live `output` topic unless "
      "--to-live-topic");
  cmd->add_option("--from", f->from,
                  "Start: beginning, end, now, a time relative to now (-30m, -1h, -2d), an RFC 3339 time, or offsets:P=O,P=O");
  cmd->add_option("--to", f->to, "End (exclusive), same forms; end = the end offsets when the replay starts")
      ->capture_default_str();
  cmd->add_option("--partitions", f->partitions, "Only these partitions, e.g. 0,3,5");
  cmd->add_option("--rate", f->rate, "Cap on records per second (0 = none)");
  cmd->add_option("--resume", f->resume, "Progress checkpoint file: continue where an earlier run stopped");
  cmd->add_flag("--dry-run", f->dry_run, "Write enriched JSON Lines to stdout instead of producing");
  cmd->add_flag("--to-live-topic", f->to_live_topic,
                "Write into the live stage's output topic (`output` in the configuration); without it --output TOPIC is "
                "required and must name another topic");
  cmd->add_option("--from-file", f->from_files, "Backfill from JSON Lines files instead of a topic")->expected(1, -1);
  cmd->callback([cmd, f, exit_code] { *exit_code = Replay(cmd, *f); });
}

}  // namespace wiretag::cli
