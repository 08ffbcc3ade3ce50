#include "pipeline/source/timestamp_locator.h"
#include "pipeline/kafka/kafka_handles.h"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include <spdlog/spdlog.h>

namespace wiretag {
namespace {

using Message = std::unique_ptr<rd_kafka_message_t, decltype(&rd_kafka_message_destroy)>;

PartitionListPtr NewList(int size) {
  return PartitionListPtr(rd_kafka_topic_partition_list_new(size));
}

}  // namespace

TimestampLocatorKind ParseTimestampLocatorKind(std::string_view name) {
  if (name == "auto") return TimestampLocatorKind::kAuto;
  if (name == "offsets_for_times") return TimestampLocatorKind::kOffsetsForTimes;
  if (name == "binary_search") return TimestampLocatorKind::kBinarySearch;
  throw std::invalid_argument("replay.timestamp_locator must be auto, offsets_for_times or binary_search, not '" +
                              std::string(name) + "'");
}

int64_t BinarySearchOffsetForTime(Watermarks range, int64_t timestamp_ms, const RecordProbe& probe) {
  // Invariant: every record below `lo` is older than the time; the answer is
  // at most `best` (a record at or after the time, or the high watermark).
  int64_t lo = range.low, hi = range.high, best = range.high;
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    std::optional<ProbedRecord> rec = probe(mid);
    if (!rec || rec->offset >= best) {
      hi = mid;  // nothing readable in [mid, best): the answer is below mid or is best
    } else if (rec->timestamp_ms >= timestamp_ms) {
      best = rec->offset;
      hi = mid;
    } else {
      lo = rec->offset + 1;
    }
  }
  return best;
}

std::optional<ProbedRecord> ReadRecordAt(rd_kafka_t* consumer, const std::string& topic, int32_t partition,
                                         int64_t offset, std::chrono::milliseconds timeout) {
  PartitionListPtr list = NewList(1);
  rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), partition)->offset = offset;
  if (rd_kafka_resp_err_t err = rd_kafka_assign(consumer, list.get()))
    throw std::runtime_error("cannot assign " + topic + "[" + std::to_string(partition) + "]: " + rd_kafka_err2str(err));
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::optional<ProbedRecord> found;
  bool done = false;
  while (!done) {
    if (std::chrono::steady_clock::now() > deadline) {
      rd_kafka_assign(consumer, nullptr);
      throw std::runtime_error("timed out reading " + topic + "[" + std::to_string(partition) + "] at offset " +
                               std::to_string(offset));
    }
    Message msg(rd_kafka_consumer_poll(consumer, 100), &rd_kafka_message_destroy);
    if (!msg) continue;
    // Only this partition is assigned; stale messages of an earlier probe are
    // told apart by their offset.
    if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      if (msg->partition == partition && msg->offset >= offset) done = true;
      continue;
    }
    if (msg->err) {
      std::string why = rd_kafka_message_errstr(msg.get());
      rd_kafka_assign(consumer, nullptr);
      throw std::runtime_error("reading " + topic + "[" + std::to_string(partition) + "]: " + why);
    }
    if (msg->partition != partition || msg->offset < offset) continue;
    rd_kafka_timestamp_type_t type;
    int64_t ts = rd_kafka_message_timestamp(msg.get(), &type);
    if (type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE || ts < 0) {
      rd_kafka_assign(consumer, nullptr);
      throw std::runtime_error(topic + "[" + std::to_string(partition) + "] offset " + std::to_string(msg->offset) +
                               " has no timestamp; replay by offsets instead");
    }
    found = ProbedRecord{msg->offset, ts};
    done = true;
  }
  // The partition stays assigned: the next probe re-assigns it at another
  // offset, which is much faster than unassigning and assigning again.
  return found;
}

TimestampLocator::TimestampLocator(rd_kafka_t* consumer, TimestampLocatorKind kind, std::chrono::milliseconds timeout)
    : consumer_(consumer), kind_(kind), last_method_(kind), timeout_(timeout) {}

std::map<int32_t, int64_t> TimestampLocator::Locate(const std::string& topic,
                                                    const std::map<int32_t, Watermarks>& partitions,
                                                    int64_t timestamp_ms) {
  if (kind_ != TimestampLocatorKind::kBinarySearch) {
    auto answer = AskBroker(topic, partitions, timestamp_ms, kind_ == TimestampLocatorKind::kAuto);
    if (answer) {
      last_method_ = TimestampLocatorKind::kOffsetsForTimes;
      return *answer;
    }
    if (kind_ == TimestampLocatorKind::kOffsetsForTimes)
      throw std::runtime_error("the broker could not answer offsetsForTimes for " + topic +
                               "; set replay.timestamp_locator to auto or binary_search");
  }
  last_method_ = TimestampLocatorKind::kBinarySearch;
  return Search(topic, partitions, timestamp_ms);
}

std::optional<std::map<int32_t, int64_t>> TimestampLocator::AskBroker(
    const std::string& topic, const std::map<int32_t, Watermarks>& partitions, int64_t timestamp_ms, bool verify) {
  PartitionListPtr list = NewList(static_cast<int>(partitions.size()));
  for (const auto& [p, wm] : partitions)
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset = timestamp_ms;
  rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(consumer_, list.get(), static_cast<int>(timeout_.count()));
  if (err) {
    spdlog::warn("offsetsForTimes on {} failed: {}", topic, rd_kafka_err2str(err));
    return std::nullopt;
  }
  std::map<int32_t, int64_t> out;
  for (int i = 0; i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& tp = list->elems[i];
    const Watermarks& wm = partitions.at(tp.partition);
    if (tp.err) {
      spdlog::warn("offsetsForTimes on {}[{}] failed: {}", topic, tp.partition, rd_kafka_err2str(tp.err));
      return std::nullopt;
    }
    int64_t offset = tp.offset;
    if (offset < 0) {
      // -1: "no record at or after the time". True only if the last record is older.
      if (verify && wm.low < wm.high) {
        auto last = ReadRecordAt(consumer_, topic, tp.partition, wm.high - 1, timeout_);
        if (last && last->timestamp_ms >= timestamp_ms) {
          spdlog::info("broker answered offsetsForTimes with -1 for {}[{}] although offset {} is at or after the "
                       "time; locating by binary search instead",
                       topic, tp.partition, last->offset);
          return std::nullopt;
        }
      }
      offset = wm.high;
    }
    out[tp.partition] = std::clamp(offset, wm.low, wm.high);
  }
  return out;
}

std::map<int32_t, int64_t> TimestampLocator::Search(const std::string& topic,
                                                    const std::map<int32_t, Watermarks>& partitions,
                                                    int64_t timestamp_ms) {
  std::map<int32_t, int64_t> out;
  for (const auto& [p, wm] : partitions) {
    int32_t partition = p;
    out[p] = BinarySearchOffsetForTime(wm, timestamp_ms, [&](int64_t offset) {
      return ReadRecordAt(consumer_, topic, partition, offset, timeout_);
    });
  }
  return out;
}

}  // namespace wiretag
