#include "pipeline/source/group_consumer.h"

#include <algorithm>
#include <cstring>
#include <thread>

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "pipeline/metrics/stage_metrics.h"
#include "pipeline/source/kafka_conf.h"
#include "pipeline/source/kafka_headers.h"

namespace wiretag {

using Clock = std::chrono::steady_clock;

namespace {

struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

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

bool Contains(const rd_kafka_topic_partition_list_t* list, const TopicPartition& tp) {
  for (int i = 0; i < list->cnt; ++i)
    if (list->elems[i].partition == tp.partition && tp.topic == list->elems[i].topic) return true;
  return false;
}

}  // namespace

GroupConsumer::GroupConsumer(const Config& config, WorkerStage* stage, KafkaSink* sink, StageMetrics* metrics)
    : config_(config),
      on_offset_reset_(ParseOffsetResetPolicy(config.on_offset_reset).value_or(OffsetResetPolicy::kFail)),
      new_group_start_([&] {
        auto it = config.kafka.consumer.find("auto.offset.reset");
        return it == config.kafka.consumer.end() ? OffsetResetPolicy::kEarliest
                                                 : NewGroupStart(it->second).value_or(OffsetResetPolicy::kEarliest);
      }()),
      stage_(stage),
      sink_(sink),
      metrics_(metrics) {
  KafkaConfPtr conf = MakeConsumerConf(config);
  rd_kafka_conf_set_opaque(conf.get(), this);
  rd_kafka_conf_set_rebalance_cb(conf.get(), &GroupConsumer::OnRebalance);
  rd_kafka_conf_set_offset_commit_cb(conf.get(), &GroupConsumer::OnCommit);
  rd_kafka_conf_set_error_cb(conf.get(), &GroupConsumer::OnError);
  if (config.metrics.statistics_interval_ms > 0)
    rd_kafka_conf_set_stats_cb(conf.get(), &GroupConsumer::OnStatistics);
  char errstr[512];
  rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errstr, sizeof errstr);
  // librdkafka checks the properties together here (e.g. SASL without a mechanism).
  if (!rk_) throw ConfigError(std::string("cannot create the consumer: ") + errstr);
  conf.release();
  rd_kafka_poll_set_consumer(rk_);
  if (config.exactly_once()) {
    transactions_ = std::make_unique<TransactionCommitter>(
        config_, rk_, stage_, sink_,
        [this](const TopicPartition& tp, int64_t offset) {
          auto& committed = committed_[tp];
          committed = std::max(committed, offset);
        },
        [this](const TopicPartition& tp) {
          if (closing_) CountUncommitted(tp);
        });
  }
}

GroupConsumer::~GroupConsumer() {
  if (!rk_) return;
  // Outstanding requests (a commit, the LeaveGroup) hold rd_kafka_destroy()
  // until the broker answers: bounded by the shutdown's budget.
  DestroyWithin(rk_, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE,
                shutdown_deadline_.value_or(Clock::now() + std::chrono::milliseconds(config_.stage.shutdown_timeout_ms)));
}

namespace {

int RemainingMs(Clock::time_point deadline) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<int64_t>(ms, 0, 1 << 30));
}

struct QueueDeleter {
  void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
};
using Queue = std::unique_ptr<rd_kafka_queue_t, QueueDeleter>;

}  // namespace

int GroupConsumer::Run(const std::atomic<int>& stop) {
  if (transactions_ && !transactions_->Start(stop)) {
    if (stop.load() != 0) return 0;  // stopped while waiting for the brokers: nothing consumed
    spdlog::critical("{}", *transactions_->fatal());
    return 1;
  }
  PartitionList topics(rd_kafka_topic_partition_list_new(static_cast<int>(config_.input.size())));
  for (const auto& topic : config_.input)
    rd_kafka_topic_partition_list_add(topics.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  if (rd_kafka_resp_err_t err = rd_kafka_subscribe(rk_, topics.get())) {
    spdlog::critical("cannot subscribe to the input topics: {}", rd_kafka_err2str(err));
    return 1;
  }
  spdlog::info("consuming {} in group '{}' from {} with {} workers", fmt::join(config_.input, ","), config_.group,
               config_.brokers, config_.EffectiveWorkers());

  const auto commit_interval = std::chrono::milliseconds(config_.stage.commit_interval_ms);
  auto next_commit = Clock::now() + commit_interval;
  const int poll_ms = transactions_ ? transactions_->poll_timeout_ms() : 100;
  while (stop.load() == 0 && !fatal_) {
    if (rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk_, poll_ms)) {
      if (msg->err) {
        HandleConsumerError(msg);
        rd_kafka_message_destroy(msg);
      } else {
        Dispatch(msg);
      }
    }
    if (metrics_) {
      metrics_->MarkProgress();
      metrics_->SetInflightRecords(stage_->inflight_records());
    }
    if (auto sink_fatal = sink_->FatalError()) SetFatal(*sink_fatal);
    ApplyBackpressure();
    if (transactions_) {
      transactions_->Tick();
      if (transactions_->fatal()) SetFatal(*transactions_->fatal());
    } else if (Clock::now() >= next_commit) {
      Commit(/*sync=*/false);
      next_commit = Clock::now() + commit_interval;
    }
  }
  if (fatal_) {
    spdlog::critical("{}", *fatal_);
    return 1;
  }

  // Graceful shutdown: stop fetching, drain, commit, leave the group, all
  // within one budget. The commit and the close get a reserve at the end, so a
  // drain that cannot finish (brokers gone) still leaves them time.
  closing_ = true;
  const auto budget = std::chrono::milliseconds(config_.stage.shutdown_timeout_ms);
  const auto deadline = Clock::now() + budget;
  shutdown_deadline_ = deadline;
  const auto reserve = std::min<std::chrono::milliseconds>(budget / 4, std::chrono::seconds(5));
  spdlog::info("shutting down: draining {} in-flight records (at most {} ms)", stage_->inflight_records(),
               (budget - reserve).count());
  SetPaused(true);
  while (stage_->inflight_records() > 0 && Clock::now() < deadline - reserve && !fatal_) {
    if (rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk_, 20)) rd_kafka_message_destroy(msg);
    if (metrics_) metrics_->MarkProgress();
    if (auto sink_fatal = sink_->FatalError()) SetFatal(*sink_fatal);
    if (transactions_ && transactions_->fatal()) SetFatal(*transactions_->fatal());
  }
  if (stage_->inflight_records() > 0)
    spdlog::warn("shutdown: drain timeout with {} records not delivered", stage_->inflight_records());
  if (transactions_) {
    if (!fatal_) transactions_->CommitNow(nullptr, deadline - reserve / 2);
    if (transactions_->fatal()) SetFatal(*transactions_->fatal());
  } else {
    Commit(/*sync=*/true, nullptr, deadline - reserve / 2);
  }
  // Closing revokes the partitions (Revoke() commits again what was delivered
  // meanwhile and counts what stays uncommitted) and leaves the group.
  closed_ = CloseWithin(deadline);
  if (!closed_) {
    spdlog::warn("shutdown: could not leave the group within the shutdown timeout; its members notice at the "
                 "session timeout");
    for (const auto& tracker : stage_->Partitions()) {
      CountUncommitted(tracker->topic_partition());
      stage_->ClosePartition(tracker->topic_partition());
    }
  }
  if (uncommitted_records_ > 0)
    spdlog::warn("shutdown: no commit confirmed for {} consumed records of {} partitions; the group consumes them "
                 "again (all but those an unconfirmed commit reached)",
                 uncommitted_records_, uncommitted_partitions_);
  if (metrics_) metrics_->SetGroupJoined(false);
  spdlog::info("stopped: {} consumed, {} enriched, {} dead-lettered, {} re-fetched records ignored", consumed_,
               sink_->enriched(), sink_->dead_lettered(), refetched_);
  if (fatal_) {
    spdlog::critical("{}", *fatal_);
    return 1;
  }
  return 0;
}

void GroupConsumer::Dispatch(rd_kafka_message_t* msg) {
  TopicPartition tp{rd_kafka_topic_name(msg->rkt), msg->partition};
  auto tracker = closing_ ? nullptr : stage_->Find(tp);
  if (!tracker) {  // not (or no longer) ours: never added, so never committed past
    rd_kafka_message_destroy(msg);
    return;
  }
  if (msg->offset < tracker->NextOffset()) {
    // The client re-fetched records this stage already has (librdkafka 2.0.2
    // can resume a paused partition from an earlier position). They are in
    // flight or delivered already: handling them again would only duplicate.
    ++refetched_;
    spdlog::debug("{}: dropping re-fetched offset {} (next is {})", tp.ToString(), msg->offset, tracker->NextOffset());
    rd_kafka_message_destroy(msg);
    return;
  }
  std::optional<std::string> key;
  if (msg->key) key.emplace(static_cast<const char*>(msg->key), msg->key_len);
  std::string value(msg->payload ? static_cast<const char*>(msg->payload) : "", msg->payload ? msg->len : 0);
  rd_kafka_timestamp_type_t ts_type;
  int64_t ts = rd_kafka_message_timestamp(msg, &ts_type);
  first_offset_.try_emplace(tp, msg->offset);
  if (transactions_) transactions_->Consumed(tp, msg->offset);
  InputRecord record = InputRecord::Owned(msg->offset, std::move(key), std::move(value), ts);
  record.headers = CopyHeaders(msg);
  rd_kafka_message_destroy(msg);
  stage_->Submit(tracker, record);
  ++consumed_;
}

void GroupConsumer::HandleConsumerError(const rd_kafka_message_t* msg) {
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

void GroupConsumer::HandleOffsetReset(const rd_kafka_message_t* msg) {
  TopicPartition tp{rd_kafka_topic_name(msg->rkt), msg->partition};
  if (closing_ || !stage_->Find(tp)) return;  // no longer ours: the next owner decides
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

void GroupConsumer::Reposition(const TopicPartition& tp, int64_t offset) {
  // After auto.offset.reset=error the partition's fetcher is stopped and
  // seek() is refused; assigning the partition again restarts it.
  PartitionList list(rd_kafka_topic_partition_list_new(1));
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
  if (paused_) rd_kafka_pause_partitions(rk_, list.get());
}

void GroupConsumer::ApplyBackpressure() {
  const int64_t records = stage_->inflight_records(), bytes = stage_->inflight_bytes();
  if (!paused_ && (records >= config_.stage.max_inflight_records || bytes >= config_.stage.max_inflight_bytes)) {
    SetPaused(true);
  } else if (paused_ && records <= config_.stage.max_inflight_records / 2 &&
             bytes <= config_.stage.max_inflight_bytes / 2) {
    SetPaused(false);
  }
}

void GroupConsumer::SetPaused(bool paused) {
  rd_kafka_topic_partition_list_t* assignment = nullptr;
  if (rd_kafka_assignment(rk_, &assignment)) return;
  PartitionList list(assignment);
  if (paused)
    rd_kafka_pause_partitions(rk_, list.get());
  else
    rd_kafka_resume_partitions(rk_, list.get());
  paused_ = paused;
  if (metrics_) metrics_->SetPausedPartitions(paused ? list->cnt : 0);
  spdlog::debug("{} {} partitions (in flight: {} records, {} bytes)", paused ? "paused" : "resumed", list->cnt,
                stage_->inflight_records(), stage_->inflight_bytes());
}

void GroupConsumer::CountUncommitted(const TopicPartition& tp) {
  auto tracker = stage_->Find(tp);
  auto first = first_offset_.find(tp);
  if (!tracker || first == first_offset_.end()) return;
  int64_t from = first->second;
  if (auto it = committed_.find(tp); it != committed_.end()) from = std::max(from, it->second);
  const int64_t next = tracker->NextOffset();
  if (next <= from) return;
  uncommitted_records_ += next - from;
  ++uncommitted_partitions_;
}

bool GroupConsumer::CloseWithin(Clock::time_point deadline) {
  Queue queue(rd_kafka_queue_new(rk_));
  if (rd_kafka_error_t* error = rd_kafka_consumer_close_queue(rk_, queue.get())) {
    spdlog::warn("consumer close: {}", rd_kafka_error_string(error));
    rd_kafka_error_destroy(error);
    return false;
  }
  // Serving the queue runs the revoke callback (Revoke()).
  while (!rd_kafka_consumer_closed(rk_)) {
    int remaining = RemainingMs(deadline);
    if (remaining == 0) return false;
    rd_kafka_queue_poll_callback(queue.get(), std::min(remaining, 100));
  }
  return true;
}

void GroupConsumer::Commit(bool sync, const rd_kafka_topic_partition_list_t* only, Clock::time_point deadline) {
  if (transactions_) return;  // exactly-once: offsets are committed only inside transactions
  PartitionList list(rd_kafka_topic_partition_list_new(8));
  for (const auto& tracker : stage_->Partitions()) {
    const TopicPartition& tp = tracker->topic_partition();
    if (only && !Contains(only, tp)) continue;
    auto offset = tracker->CommittableOffset();
    if (!offset) continue;
    // Periodic commits skip partitions that did not move; revoke and shutdown
    // commit everything, so a stale cache can never leave an offset behind.
    auto it = committed_.find(tp);
    if (!sync && it != committed_.end() && it->second >= *offset) continue;
    rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition)->offset = *offset;
  }
  if (list->cnt == 0) return;
  if (!sync) {
    rd_kafka_commit(rk_, list.get(), /*async=*/1);  // result in OnCommit
    return;
  }
  // Synchronous (revoke, shutdown): retry retriable failures for a short
  // while. rd_kafka_commit(sync) has no timeout of its own (it waits for the
  // coordinator, for ever with a frozen broker), so the request goes through
  // a queue of ours and its answer is awaited until the deadline at most.
  deadline = std::min(deadline == Clock::time_point{} ? Clock::time_point::max() : deadline,
                      Clock::now() + std::chrono::seconds(5));
  Queue queue(rd_kafka_queue_new(rk_));
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
        else if (!err && p.offset >= 0) committed_[TopicPartition{p.topic, p.partition}] = p.offset;
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

void GroupConsumer::OnCommit(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets,
                             void* opaque) {
  auto* self = static_cast<GroupConsumer*>(opaque);
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
    auto& committed = self->committed_[TopicPartition{p.topic, p.partition}];
    committed = std::max(committed, p.offset);
  }
}

void GroupConsumer::OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts,
                                void* opaque) {
  auto* self = static_cast<GroupConsumer*>(opaque);
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    self->Assign(parts);
  } else if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    self->Revoke(parts);
  } else {
    spdlog::error("rebalance failed: {}", rd_kafka_err2str(err));
    self->Revoke(parts);
  }
}

void GroupConsumer::Assign(rd_kafka_topic_partition_list_t* parts) {
  for (int i = 0; i < parts->cnt; ++i) {
    TopicPartition tp{parts->elems[i].topic, parts->elems[i].partition};
    stage_->OpenPartition(tp);
    committed_.erase(tp);
    first_offset_.erase(tp);
    if (transactions_) transactions_->Forget(tp);
  }
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
  if (paused_ || closing_) rd_kafka_pause_partitions(rk_, parts);
  if (metrics_) {
    metrics_->RecordRebalance("assign");
    metrics_->SetGroupJoined(true);
  }
  spdlog::info("assigned {} partitions", parts->cnt);
}

void GroupConsumer::Revoke(rd_kafka_topic_partition_list_t* parts) {
  const bool lost = rd_kafka_assignment_lost(rk_);
  if (!lost) {
    // Finish what was taken from these partitions, commit what was delivered.
    // During shutdown both steps end with the shutdown's budget.
    auto deadline = Clock::now() + std::chrono::milliseconds(config_.stage.revoke_timeout_ms);
    if (shutdown_deadline_) deadline = std::min(deadline, *shutdown_deadline_);
    for (int i = 0; i < parts->cnt; ++i)
      if (auto tracker = stage_->Find(TopicPartition{parts->elems[i].topic, parts->elems[i].partition}))
        if (!tracker->WaitIdle(deadline) && !closing_)
          spdlog::warn("revoke timeout: {} records of {} undelivered; the next owner consumes them again",
                       tracker->Unacknowledged(), tracker->topic_partition().ToString());
    if (transactions_) {
      // Commit the open transaction (every partition's produced prefix) and
      // close the revoked partitions under the same hold of the sends.
      transactions_->CommitNow(parts, shutdown_deadline_ ? *shutdown_deadline_ : Clock::time_point{});
      if (transactions_->fatal()) SetFatal(*transactions_->fatal());
    } else {
      Commit(/*sync=*/true, parts, shutdown_deadline_ ? *shutdown_deadline_ : Clock::time_point{});
    }
  } else if (transactions_) {
    // The group moved on: this member's transaction cannot commit its offsets.
    transactions_->AbortLost(parts);
    if (transactions_->fatal()) SetFatal(*transactions_->fatal());
  }
  for (int i = 0; i < parts->cnt; ++i) {
    TopicPartition tp{parts->elems[i].topic, parts->elems[i].partition};
    if (closing_) CountUncommitted(tp);
    stage_->ClosePartition(tp);
    committed_.erase(tp);
    first_offset_.erase(tp);
  }
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

void GroupConsumer::OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  auto* self = static_cast<GroupConsumer*>(opaque);
  auto code = static_cast<rd_kafka_resp_err_t>(err);
  if (self->metrics_) self->metrics_->RecordKafkaError(rd_kafka_err2name(code));
  if (code == RD_KAFKA_RESP_ERR__FATAL) {
    char detail[512];
    rd_kafka_resp_err_t orig = rd_kafka_fatal_error(rk, detail, sizeof detail);
    self->SetFatal(std::string("consumer fatal error ") + rd_kafka_err2name(orig) + ": " + detail);
  } else if (IsFatalConsumerError(code)) {
    self->SetFatal(std::string("consumer: ") + rd_kafka_err2name(code) + ": " + reason);
  } else {
    spdlog::warn("consumer: {}: {}", rd_kafka_err2name(code), reason);
  }
}

int GroupConsumer::OnStatistics(rd_kafka_t*, char* json, size_t len, void* opaque) {
  auto* self = static_cast<GroupConsumer*>(opaque);
  if (self->metrics_) self->metrics_->OnKafkaStatistics(std::string_view(json, len));
  return 0;
}

void GroupConsumer::SetFatal(std::string message) {
  if (!fatal_) fatal_ = std::move(message);
}

}  // namespace wiretag
