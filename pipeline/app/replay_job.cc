#include "pipeline/app/replay_job.h"

#include <memory>
#include <set>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "pipeline/kafka/kafka_conf.h"
#include "pipeline/sink/kafka_replay_sink.h"
#include "pipeline/sink/stream_replay_sink.h"
#include "pipeline/source/jsonl_file_source.h"
#include "pipeline/source/kafka_range_source.h"
#include "pipeline/source/replay_range_resolver.h"

namespace wiretag {
namespace {

KafkaConsumerPtr NewConsumer(const Config& config) {
  KafkaConfPtr conf = MakeConsumerConf(config, ConsumerKind::kReplay);
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), err, sizeof err);
  // librdkafka checks the properties together here (e.g. SASL without a mechanism).
  if (!rk) throw ConfigError(std::string("cannot create the consumer: ") + err);
  conf.release();  // owned by rk now
  return KafkaConsumerPtr(rk);
}

std::string FileListName(const std::vector<std::string>& files) {
  std::string out = "files:";
  for (size_t i = 0; i < files.size(); ++i) out += (i ? "," : "") + files[i];
  return out;
}

// Loads the checkpoint if there is one and checks it belongs to this replay.
std::optional<ReplayCheckpoint> Resume(const ReplayJobOptions& o, const std::string& input) {
  if (!o.resume) return std::nullopt;
  std::optional<ReplayCheckpoint> cp = ReplayCheckpoint::Load(*o.resume);
  if (!cp) return std::nullopt;
  auto mismatch = [&](const std::string& what, const std::string& theirs, const std::string& ours) {
    throw ReplayRequestError("checkpoint " + o.resume->string() + " was written for " + what + " '" + theirs +
                             "', not '" + ours + "'; use the same arguments or delete the file to start over");
  };
  if (cp->input != input) mismatch("input", cp->input, input);
  if (cp->from_spec != o.from.spec) mismatch("--from", cp->from_spec, o.from.spec);
  if (cp->to_spec != o.to.spec) mismatch("--to", cp->to_spec, o.to.spec);
  if (!o.partitions.empty()) {
    std::set<int32_t> want(o.partitions.begin(), o.partitions.end()), have;
    for (const auto& [p, r] : cp->partitions) have.insert(p);
    if (want != have) throw ReplayRequestError("checkpoint " + o.resume->string() + " covers other partitions than --partitions");
  }
  return cp;
}

ReplaySummary Run(ReplayJobOptions& o, ReplaySource& source, const TransformFactory& transforms) {
  std::unique_ptr<ReplaySink> sink;
  if (o.dry_run)
    sink = std::make_unique<StreamReplaySink>(o.dry_run_out, o.dry_run_errors);
  else
    sink = std::make_unique<KafkaReplaySink>(o.config, o.runner.metrics);
  o.runner.checkpoint_file = o.resume;
  o.runner.max_message_bytes = static_cast<size_t>(o.config.max_message_bytes);
  return RunReplay(source, *sink, transforms, o.runner);
}

}  // namespace

ReplaySummary RunReplayJob(ReplayJobOptions o, const TransformFactory& transforms) {
  if (!o.dry_run && o.config.output.empty()) throw ReplayRequestError("--output is required (or --dry-run)");
  if (!o.dry_run && o.config.dlq.empty())
    throw ReplayRequestError("a dead-letter topic is required (--dlq or `dlq` in the config): bad records must go somewhere");

  if (!o.input_files.empty()) {
    std::string input = FileListName(o.input_files);
    std::optional<ReplayCheckpoint> cp = Resume(o, input);
    std::vector<int64_t> starts;
    if (cp) {
      for (size_t i = 0; i < o.input_files.size(); ++i)
        starts.push_back(cp->partitions.count(static_cast<int32_t>(i)) ? cp->partitions.at(static_cast<int32_t>(i)).next : 0);
    }
    JsonLinesFileSource source(o.input_files, starts);
    ReplayCheckpoint& plan = o.runner.plan;
    plan = {input, o.from.spec, o.to.spec, {}};
    for (size_t i = 0; i < o.input_files.size(); ++i) {
      int64_t n = source.line_counts()[i];
      int64_t next = starts.empty() ? 0 : std::min(starts[i], n);
      plan.partitions[static_cast<int32_t>(i)] = {0, n, next};
    }
    if (o.resume) plan.Save(*o.resume);
    return Run(o, source, transforms);
  }

  if (o.input.empty()) throw ReplayRequestError("--input TOPIC (or --from-file FILE) is required");
  KafkaConsumerPtr consumer = NewConsumer(o.config);
  ReplayCheckpoint& plan = o.runner.plan;
  if (std::optional<ReplayCheckpoint> cp = Resume(o, o.input)) {
    std::vector<int32_t> partitions;
    for (const auto& [p, r] : cp->partitions) partitions.push_back(p);
    CheckPartitionsExist(consumer.get(), o.input, partitions, "checkpoint " + o.resume->string(), o.timeout);
    plan = *cp;
    spdlog::info("resuming replay of {} from checkpoint {}", o.input, o.resume->string());
  } else {
    ReplayRangeRequest req{o.input, o.from, o.to, o.partitions, o.locator, o.timeout};
    plan = {o.input, o.from.spec, o.to.spec, {}};
    for (const ReplayPartitionRange& r : ResolveReplayRange(consumer.get(), req))
      plan.partitions[r.partition] = {r.from, r.to, r.from};
    if (o.resume) plan.Save(*o.resume);  // pins the range (`end` as of now) for later runs
  }
  for (const auto& [p, r] : plan.partitions)
    spdlog::info("replay {}[{}]: offsets {}..{} ({} records), starting at {}", o.input, p, r.from, r.to, r.to - r.from,
                 r.next);
  std::map<int32_t, KafkaRangeSource::Range> ranges;
  for (const auto& [p, r] : plan.partitions) ranges[p] = {r.next, r.to};
  KafkaRangeSource source(consumer.get(), o.input, ranges);
  return Run(o, source, transforms);
}

}  // namespace wiretag
