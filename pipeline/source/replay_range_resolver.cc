#include "pipeline/source/replay_range_resolver.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include <spdlog/spdlog.h>

namespace wiretag {
namespace {

std::set<int32_t> TopicPartitions(rd_kafka_t* rk, const std::string& topic, std::chrono::milliseconds timeout) {
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, rkt, &md, static_cast<int>(timeout.count()));
  rd_kafka_topic_destroy(rkt);
  if (err) throw std::runtime_error("cannot read metadata of topic " + topic + ": " + rd_kafka_err2str(err));
  std::set<int32_t> out;
  rd_kafka_resp_err_t topic_err = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
  for (int i = 0; i < md->topic_cnt; ++i) {
    if (topic != md->topics[i].topic) continue;
    topic_err = md->topics[i].err;
    for (int j = 0; j < md->topics[i].partition_cnt; ++j) out.insert(md->topics[i].partitions[j].id);
  }
  rd_kafka_metadata_destroy(md);
  if (topic_err || out.empty())
    throw std::runtime_error("input topic " + topic + " is not available: " + rd_kafka_err2str(topic_err));
  return out;
}

std::string Where(const std::string& topic, int32_t p) { return topic + "[" + std::to_string(p) + "]"; }

}  // namespace

void CheckPartitionsExist(rd_kafka_t* consumer, const std::string& topic, const std::vector<int32_t>& partitions,
                          const std::string& what, std::chrono::milliseconds timeout) {
  std::set<int32_t> existing = TopicPartitions(consumer, topic, timeout);
  for (int32_t p : partitions)
    if (!existing.count(p))
      throw ReplayRequestError(what + " names partition " + std::to_string(p) + " of " + topic + ", which has " +
                             std::to_string(existing.size()) + " partitions");
}

std::vector<ReplayPartitionRange> ResolveReplayRange(rd_kafka_t* consumer, const ReplayRangeRequest& req) {
  using Kind = ReplayPosition::Kind;
  std::set<int32_t> existing = TopicPartitions(consumer, req.topic, req.timeout);

  std::vector<int32_t> selected = req.partitions;
  if (selected.empty() && req.from.kind == Kind::kOffsets)
    for (const auto& [p, o] : req.from.offsets) selected.push_back(p);
  if (selected.empty()) selected.assign(existing.begin(), existing.end());
  for (int32_t p : selected)
    if (!existing.count(p))
      throw ReplayRequestError("partition " + std::to_string(p) + " does not exist in " + req.topic + " (it has " +
                               std::to_string(existing.size()) + ")");

  std::map<int32_t, Watermarks> marks;
  for (int32_t p : selected) {
    Watermarks wm;
    rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(consumer, req.topic.c_str(), p, &wm.low, &wm.high,
                                                               static_cast<int>(req.timeout.count()));
    if (err) throw std::runtime_error("cannot read the offsets of " + Where(req.topic, p) + ": " + rd_kafka_err2str(err));
    marks[p] = wm;
  }

  TimestampLocator locator(consumer, req.locator, req.timeout);
  auto resolve = [&](const ReplayPosition& pos, const char* flag) {
    std::map<int32_t, int64_t> out;
    switch (pos.kind) {
      case Kind::kBeginning:
        for (const auto& [p, wm] : marks) out[p] = wm.low;
        break;
      case Kind::kEnd:
        for (const auto& [p, wm] : marks) out[p] = wm.high;
        break;
      case Kind::kTimestamp:
        out = locator.Locate(req.topic, marks, pos.timestamp_ms);
        spdlog::info("{} {} located by {}", flag, pos.spec,
                     locator.last_method() == TimestampLocatorKind::kBinarySearch ? "binary search" : "offsetsForTimes");
        break;
      case Kind::kOffsets:
        for (const auto& [p, wm] : marks) {
          auto it = pos.offsets.find(p);
          if (it == pos.offsets.end())
            throw ReplayRequestError(std::string(flag) + " " + pos.spec + " names no offset for selected partition " +
                                     std::to_string(p));
          if (it->second > wm.high)
            throw ReplayRequestError(std::string(flag) + " offset " + std::to_string(it->second) + " is past the end of " +
                                     Where(req.topic, p) + " (high watermark " + std::to_string(wm.high) + ")");
          out[p] = it->second;
        }
        break;
    }
    return out;
  };
  std::map<int32_t, int64_t> from = resolve(req.from, "--from");
  std::map<int32_t, int64_t> to = resolve(req.to, "--to");

  std::vector<ReplayPartitionRange> ranges;
  for (const auto& [p, wm] : marks) {
    ReplayPartitionRange r{p, from.at(p), to.at(p)};
    if (r.from < wm.low) {
      spdlog::warn("{}: offsets {}..{} were deleted by retention; starting at {}", Where(req.topic, p), r.from,
                   wm.low - 1, wm.low);
      r.from = wm.low;
    }
    r.to = std::max(r.to, wm.low);
    if (r.to < r.from)
      throw ReplayRequestError("replay range of " + Where(req.topic, p) + " is reversed: --from resolves to offset " +
                               std::to_string(r.from) + ", --to to " + std::to_string(r.to));
    ranges.push_back(r);
  }
  return ranges;
}

}  // namespace wiretag
