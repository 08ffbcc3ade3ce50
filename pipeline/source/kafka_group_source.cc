#include "pipeline/source/kafka_group_source.h"

#include <algorithm>
#include <cstring>
#include <thread>

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "pipeline/kafka/kafka_conf.h"
#include "pipeline/kafka/kafka_errors.h"
#include "pipeline/kafka/kafka_handles.h"
#include "pipeline/kafka/kafka_headers.h"
#include "pipeline/metrics/stage_metrics.h"

namespace wiretag {

using Clock = std::chrono::steady_clock;

namespace {


bool IsFatalConsumerError(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR__FATAL:
    case RD_KAFKA_RESP_ERR_FENCED_INSTANCE_ID:
    case RD_KAFKA_RESP_ERR__FENCED:
      return true;
    default:
      return false;
  }
}

std::vector<TopicPartition> ToPartitions(const rd_kafka_topic_partition_list_t* list) {
  std::vector<TopicPartition> out;
  for (int i = 0; i < list->cnt; ++i) out.push_back(TopicPartition{list->elems[i].topic, list->elems[i].partition});
  return out;
}

PartitionListPtr ToList(const GroupSource::Offsets& offsets) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const auto& [tp, offset] : offsets)
    rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition)->offset = offset;
  return list;
}

}  // namespace

KafkaGroupSource::KafkaGroupSource(const Config& config, FatalErrorLatch* failures, StageMetrics* metrics)
    : config_(config),
      on_offset_reset_(ParseOffsetResetPolicy(config.on_offset_reset).value_or(OffsetResetPolicy::kFail)),
      new_group_start_([&] {
        auto it = config.kafka.consumer.find("auto.offset.reset");
        return it == config.kafka.consumer.end() ? OffsetResetPolicy::kEarliest
                                                 : NewGroupStart(it->second).value_or(OffsetResetPolicy::kEarliest);
      }()),
      failures_(failures),
      metrics_(metrics) {
  KafkaConfPtr conf = MakeConsumerConf(config);
  rd_kafka_conf_set_opaque(conf.get(), this);
  rd_kafka_conf_set_rebalance_cb(conf.get(), &KafkaGroupSource::OnRebalance);
  rd_kafka_conf_set_offset_commit_cb(conf.get(), &KafkaGroupSource::OnCommit);
  rd_kafka_conf_set_error_cb(conf.get(), &KafkaGroupSource::OnError);
  if (config.metrics.statistics_interval_ms > 0)
    rd_kafka_conf_set_stats_cb(conf.get(), &KafkaGroupSource::OnStatistics);
  char errstr[512];
  rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errstr, sizeof errstr);
  // librdkafka checks the properties together here (e.g. SASL without a mechanism).
  if (!rk_) throw ConfigError(std::string("cannot create the consumer: ") + errstr);
  conf.release();
  rd_kafka_poll_set_consumer(rk_);
}

KafkaGroupSource::~KafkaGroupSource() {
  if (!rk_) return;
  // Outstanding requests (a commit, the LeaveGroup) hold rd_kafka_destroy()
  // until the broker answers: bounded by the shutdown's budget.
  DestroyWithin(rk_, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE,
                close_deadline_.value_or(Clock::now() + std::chrono::milliseconds(config_.stage.shutdown_timeout_ms)));
}

namespace {

int RemainingMs(Clock::time_point deadline) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<int64_t>(ms, 0, 1 << 30));
}

}  // namespace

bool KafkaGroupSource::Subscribe(GroupSourceListener* listener) {
  listener_ = listener;
  PartitionListPtr topics(rd_kafka_topic_partition_list_new(static_cast<int>(config_.input.size())));
  for (const auto& topic : config_.input)
    rd_kafka_topic_partition_list_add(topics.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  if (rd_kafka_resp_err_t err = rd_kafka_subscribe(rk_, topics.get())) {
    spdlog::critical("cannot subscribe to the input topics: {}", rd_kafka_err2str(err));
    return false;
  }
  spdlog::info("consuming {} in group '{}' from {} with {} workers", fmt::join(config_.input, ","), config_.group,
               config_.brokers, config_.EffectiveWorkers());
  return true;
}

std::optional<std::pair<TopicPartition, InputRecord>> KafkaGroupSource::Poll(std::chrono::milliseconds timeout) {
  rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk_, static_cast<int>(timeout.count()));
  if (!msg) return std::nullopt;
  if (stopped_) {  // shutting down: the poll only serves the client
    rd_kafka_message_destroy(msg);
    return std::nullopt;
  }
  if (msg->err) {
    HandleConsumerError(msg);
    rd_kafka_message_destroy(msg);
    return std::nullopt;
  }
  TopicPartition tp{rd_kafka_topic_name(msg->rkt), msg->partition};
  std::optional<std::string> key;
  if (msg->key) key.emplace(static_cast<const char*>(msg->key), msg->key_len);
  std::string value(msg->payload ? static_cast<const char*>(msg->payload) : "", msg->payload ? msg->len : 0);
  rd_kafka_timestamp_type_t ts_type;
  int64_t ts = rd_kafka_message_timestamp(msg, &ts_type);
  InputRecord record = InputRecord::Owned(msg->offset, std::move(key), std::move(value), ts);
  record.headers = CopyHeaders(msg);
  rd_kafka_message_destroy(msg);
  return std::make_pair(std::move(tp), std::move(record));
}

void KafkaGroupSource::HandleConsumerError(const rd_kafka_message_t* msg) {
  if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) return;
  if (msg->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET && msg->rkt) {
    HandleOffsetReset(msg);
    return;
  }
  std::string what = rd_kafka_message_errstr(msg);
  if (metrics_) metrics_->RecordKafkaError(rd_kafka_err2name(msg->err));
  if (IsFatalConsumerError(msg->err)) {
    SetFatal(std::string("consumer: ") + rd_kafka_err2name(msg->err) + ": " + what);
    return;
  }
  spdlog::warn("consumer: {}: {}", rd_kafka_err2name(msg->err), what);
}

void KafkaGroupSource::HandleOffsetReset(const rd_kafka_message_t* msg) {
  TopicPartition tp{rd_kafka_topic_name(msg->rkt), msg->partition};
  if (stopped_ || !assigned_.count(tp)) return;  // no longer ours: the next owner decides
  if (msg->offset < 0) {
    // No committed offset: a new group (or a new partition) starts where
    // kafka.consumer's auto.offset.reset says.
    bool earliest = new_group_start_ == OffsetResetPolicy::kEarliest;
    spdlog::info("{}: no committed offset; starting at the {} (kafka.consumer auto.offset.reset)", tp.ToString(),
                 earliest ? "beginning" : "end");
    Reposition(tp, earliest ? RD_KAFKA_OFFSET_BEGINNING : RD_KAFKA_OFFSET_END);
    return;
  }
  if (metrics_) metrics_->RecordKafkaError(rd_kafka_err2name(msg->err));
  int64_t low = 0, high = 0;
  if (rd_kafka_resp_err_t err =
          rd_kafka_query_watermark_offsets(rk_, tp.topic.c_str(), tp.partition, &low, &high, 10000)) {
    // Cannot tell what is gone: fetch the same position again; if it is still
    // out of range the error comes back and is handled then.
    spdlog::warn("{}: offset {} out of range, and the watermarks cannot be read ({}); retrying", tp.ToString(),
                 msg->offset, rd_kafka_err2name(err));
    Reposition(tp, msg->offset);
    return;
  }
  OffsetResetPlan plan = PlanOffsetReset(on_offset_reset_, msg->offset, low, high);
  if (plan.fail) {
    SetFatal(fmt::format("{}: offset {} is out of range (the log holds {}..{}; offsets {}..{}, {} records, were "
                         "deleted before they were consumed); on_offset_reset is fail: stopping without moving the "
                         "group's position",
                         tp.ToString(), msg->offset, low, high, plan.deleted_from, plan.deleted_to - 1, plan.deleted()));
    return;
  }
  if (plan.skipped() > 0) {
    spdlog::error("{}: offset {} is out of range (the log holds {}..{}): skipping offsets {}..{} ({} records, {} of "
                  "them deleted by retention before they were consumed), resuming at {} (on_offset_reset: {})",
                  tp.ToString(), msg->offset, low, high, plan.skipped_from, plan.skipped_to - 1, plan.skipped(),
                  plan.deleted(), plan.resume_at, OffsetResetPolicyName(on_offset_reset_));
    if (metrics_) metrics_->RecordSkipped("offset_out_of_range", tp.topic, tp.partition, plan.skipped());
  } else {
    spdlog::error("{}: offset {} is out of range (the log holds {}..{}); resuming at {}, nothing skipped",
                  tp.ToString(), msg->offset, low, high, plan.resume_at);
  }
  Reposition(tp, plan.resume_at);
}

void KafkaGroupSource::Reposition(const TopicPartition& tp, int64_t offset) {
  // After auto.offset.reset=error the partition's fetcher is stopped and
  // seek() is refused; assigning the partition again restarts it.
  PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition)->offset = offset;
  // The stage always joins with cooperative-sticky (kafka_conf.cc), so one
  // partition can leave and rejoin the assignment without touching the others.
  rd_kafka_error_t* error = rd_kafka_incremental_unassign(rk_, list.get());
  if (!error) error = rd_kafka_incremental_assign(rk_, list.get());
  if (error) {
    SetFatal(tp.ToString() + ": cannot resume at offset " + std::to_string(offset) + ": " +
             rd_kafka_error_string(error));
    rd_kafka_error_destroy(error);
    return;
  }
  if (paused_ || stopped_)
    rd_kafka_pause_partitions(rk_, list.get());
  else
    rd_kafka_resume_partitions(rk_, list.get());
}

void KafkaGroupSource::SetPaused(bool paused) {
  rd_kafka_topic_partition_list_t* assignment = nullptr;
  if (rd_kafka_assignment(rk_, &assignment)) return;
  PartitionListPtr list(assignment);
  if (paused)
    rd_kafka_pause_partitions(rk_, list.get());
  else
    rd_kafka_resume_partitions(rk_, list.get());
  paused_ = paused;
  if (metrics_) metrics_->SetPausedPartitions(paused ? list->cnt : 0);
  spdlog::debug("{} {} partitions", paused ? "paused" : "resumed", list->cnt);
}

void KafkaGroupSource::StopFetching() {
  stopped_ = true;
  SetPaused(true);
}

bool KafkaGroupSource::Close(Clock::time_point deadline) {
  close_deadline_ = deadline;
  KafkaQueuePtr queue(rd_kafka_queue_new(rk_));
  if (rd_kafka_error_t* error = rd_kafka_consumer_close_queue(rk_, queue.get())) {
    spdlog::warn("consumer close: {}", rd_kafka_error_string(error));
    rd_kafka_error_destroy(error);
    return false;
  }
  // The queue is served as events, not with rd_kafka_queue_poll_callback():
  // fetched records still queued (or arriving) when the close starts are
  // forwarded to it, and a record served through the callback API trips
  // librdkafka's assertion "res != RD_KAFKA_OP_RES_PASS" (rd_kafka_q_serve)
  // and aborts the process. As events they are simply dropped here (never
  // dispatched: nothing past the committed offsets is lost); the revoke is
  // handed to Revoke() as the rebalance callback would.
  while (!rd_kafka_consumer_closed(rk_)) {
    int remaining = RemainingMs(deadline);
    if (remaining == 0) return false;
    rd_kafka_event_t* event = rd_kafka_queue_poll(queue.get(), std::min(remaining, 100));
    if (!event) continue;
    switch (rd_kafka_event_type(event)) {
      case RD_KAFKA_EVENT_REBALANCE:
        OnRebalance(rk_, rd_kafka_event_error(event), rd_kafka_event_topic_partition_list(event), this);
        break;
      case RD_KAFKA_EVENT_ERROR:
        spdlog::warn("consumer close: {}: {}", rd_kafka_err2name(rd_kafka_event_error(event)), rd_kafka_event_error_string(event));
        break;
      default:  // fetched records, commit results, statistics: nothing to do while closing
        break;
    }
    rd_kafka_event_destroy(event);
  }
  return true;
}

void KafkaGroupSource::CommitAsync(const Offsets& offsets) {
  if (offsets.empty()) return;
  rd_kafka_commit(rk_, ToList(offsets).get(), /*async=*/1);  // result in OnCommit
}

void KafkaGroupSource::CommitSync(const Offsets& offsets, Clock::time_point deadline) {
  if (offsets.empty()) return;
  PartitionListPtr list = ToList(offsets);
  // Synchronous (revoke, shutdown): retry retriable failures for a short
  // while. rd_kafka_commit(sync) has no timeout of its own (it waits for the
  // coordinator, for ever with a frozen broker), so the request goes through
  // a queue of ours and its answer is awaited until the deadline at most.
  deadline = std::min(deadline == Clock::time_point{} ? Clock::time_point::max() : deadline,
                      Clock::now() + std::chrono::seconds(5));
  KafkaQueuePtr queue(rd_kafka_queue_new(rk_));
  for (int attempt = 1;; ++attempt) {
    rd_kafka_resp_err_t err = rd_kafka_commit_queue(rk_, list.get(), queue.get(), nullptr, nullptr);
    const rd_kafka_topic_partition_list_t* result = nullptr;
    rd_kafka_event_t* event = nullptr;
    if (!err) {
      event = rd_kafka_queue_poll(queue.get(), RemainingMs(deadline));
      if (!event) {
        spdlog::warn("commit: no answer from the group coordinator within the time left");
        return;
      }
      err = rd_kafka_event_error(event);
      result = rd_kafka_event_topic_partition_list(event);
    }
    bool all_ok = !err && result;
    if (result) {
      for (int i = 0; i < result->cnt; ++i) {
        const auto& p = result->elems[i];
        if (p.err) all_ok = false;
        else if (!err && p.offset >= 0) listener_->Committed(TopicPartition{p.topic, p.partition}, p.offset);
      }
    }
    if (event) rd_kafka_event_destroy(event);
    if (all_ok) return;
    if (err == RD_KAFKA_RESP_ERR__NO_OFFSET) return;
    spdlog::warn("commit failed ({}), attempt {}", rd_kafka_err2name(err ? err : RD_KAFKA_RESP_ERR__FAIL), attempt);
    if (RemainingMs(deadline) <= 100) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // retry backoff, not an event wait
  }
}

void KafkaGroupSource::OnCommit(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets,
                                void* opaque) {
  auto* self = static_cast<KafkaGroupSource*>(opaque);
  if (err == RD_KAFKA_RESP_ERR__NO_OFFSET) return;
  if (err) {
    // Not trusting per-partition results of a failed request: everything is
    // committed again at the next interval.
    spdlog::warn("offset commit failed: {}; retried at the next interval", rd_kafka_err2str(err));
    if (self->metrics_) self->metrics_->RecordKafkaError(rd_kafka_err2name(err));
    return;
  }
  if (!offsets) return;
  for (int i = 0; i < offsets->cnt; ++i) {
    const auto& p = offsets->elems[i];
    if (p.err || p.offset < 0) continue;
    if (self->listener_) self->listener_->Committed(TopicPartition{p.topic, p.partition}, p.offset);
  }
}

void KafkaGroupSource::OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                   rd_kafka_topic_partition_list_t* parts, void* opaque) {
  auto* self = static_cast<KafkaGroupSource*>(opaque);
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    self->Assign(parts);
  } else if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    self->Revoke(parts);
  } else {
    spdlog::error("rebalance failed: {}", rd_kafka_err2str(err));
    self->Revoke(parts);
  }
}

void KafkaGroupSource::Assign(rd_kafka_topic_partition_list_t* parts) {
  const std::vector<TopicPartition> partitions = ToPartitions(parts);
  listener_->Assigned(partitions);
  assigned_.insert(partitions.begin(), partitions.end());
  const bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk_), "COOPERATIVE") == 0;
  rd_kafka_error_t* error = nullptr;
  if (cooperative) {
    error = rd_kafka_incremental_assign(rk_, parts);
  } else if (rd_kafka_resp_err_t err = rd_kafka_assign(rk_, parts)) {
    error = rd_kafka_error_new(err, "%s", rd_kafka_err2str(err));
  }
  if (error) {
    spdlog::error("assign failed: {}", rd_kafka_error_string(error));
    rd_kafka_error_destroy(error);
  }
  // librdkafka keeps a partition's application pause flag across its
  // unassignment: a partition revoked (or lost) while fetching was paused,
  // and assigned again after SetPaused(false) ran without it, would never
  // fetch again. So each assignment gets the current state explicitly.
  if (paused_ || stopped_)
    rd_kafka_pause_partitions(rk_, parts);
  else
    rd_kafka_resume_partitions(rk_, parts);
  if (metrics_) {
    metrics_->RecordRebalance("assign");
    metrics_->SetGroupJoined(true);
  }
  spdlog::info("assigned {} partitions", parts->cnt);
}

void KafkaGroupSource::Revoke(rd_kafka_topic_partition_list_t* parts) {
  const bool lost = rd_kafka_assignment_lost(rk_);
  const std::vector<TopicPartition> partitions = ToPartitions(parts);
  // The loop finishes and commits their work (unless lost), then lets them go.
  listener_->Revoking(partitions, lost);
  for (const TopicPartition& tp : partitions) assigned_.erase(tp);
  const bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk_), "COOPERATIVE") == 0;
  if (cooperative) {
    if (rd_kafka_error_t* error = rd_kafka_incremental_unassign(rk_, parts)) {
      spdlog::error("unassign failed: {}", rd_kafka_error_string(error));
      rd_kafka_error_destroy(error);
    }
  } else {
    rd_kafka_assign(rk_, nullptr);
  }
  if (metrics_) {
    metrics_->RecordRebalance(lost ? "lost" : "revoke");
    // Lost: the group dropped this member (session timeout); not ready until it is assigned again.
    if (lost) metrics_->SetGroupJoined(false);
  }
  spdlog::info("{} {} partitions", lost ? "lost" : "revoked", parts->cnt);
}

void KafkaGroupSource::OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  auto* self = static_cast<KafkaGroupSource*>(opaque);
  auto code = static_cast<rd_kafka_resp_err_t>(err);
  if (self->metrics_) self->metrics_->RecordKafkaError(rd_kafka_err2name(code));
  if (code == RD_KAFKA_RESP_ERR__FATAL) {
    self->SetFatal(FatalErrorMessage(rk, "consumer"));
  } else if (IsFatalConsumerError(code)) {
    self->SetFatal(std::string("consumer: ") + rd_kafka_err2name(code) + ": " + reason);
  } else {
    spdlog::warn("consumer: {}: {}", rd_kafka_err2name(code), reason);
  }
}

int KafkaGroupSource::OnStatistics(rd_kafka_t*, char* json, size_t len, void* opaque) {
  auto* self = static_cast<KafkaGroupSource*>(opaque);
  if (self->metrics_) self->metrics_->OnKafkaStatistics(std::string_view(json, len));
  return 0;
}

std::string KafkaGroupSource::Rewind(const Offsets& offsets) {
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size()));
  for (const auto& [tp, offset] : offsets)
    rd_kafka_topic_partition_list_add(list, tp.topic.c_str(), tp.partition)->offset = offset;
  std::string failure;
  // Seeking also drops what the client fetched beyond the new position.
  if (rd_kafka_error_t* error = rd_kafka_seek_partitions(rk_, list, 10000)) {
    failure = rd_kafka_error_string(error);
    rd_kafka_error_destroy(error);
  } else {
    for (int i = 0; i < list->cnt && failure.empty(); ++i)
      if (list->elems[i].err)
        failure = std::string(list->elems[i].topic) + "/" + std::to_string(list->elems[i].partition) + ": " +
                  rd_kafka_err2str(list->elems[i].err);
  }
  rd_kafka_topic_partition_list_destroy(list);
  return failure;
}

void KafkaGroupSource::Wake() {
  // Thread-safe: a Poll() waiting on the consumer queue returns at once.
  if (rd_kafka_queue_t* queue = rd_kafka_queue_get_consumer(rk_)) {
    rd_kafka_queue_yield(queue);
    rd_kafka_queue_destroy(queue);
  }
}

}  // namespace wiretag
