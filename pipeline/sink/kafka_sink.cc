#include "pipeline/sink/kafka_sink.h"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

#include "pipeline/formats/output_version.h"
#include "pipeline/kafka/kafka_conf.h"
#include "pipeline/kafka/kafka_errors.h"
#include "pipeline/metrics/stage_metrics.h"
#include "pipeline/stage/log_fields.h"

namespace wiretag {

using Clock = std::chrono::steady_clock;

struct KafkaSink::Pending {
  DeliveryReceipt receipt;
  TopicPartition source;
  InputRecord input;
  std::optional<ProcessError> error;  // set: a dead letter
  std::string value;                  // the enriched record
  std::string key;                    // used when has_key
  std::string uri;                    // a dead letter's story uri when known (for its log line)
  bool has_key = false;
  bool value_omitted = false;         // a dead letter whose original value no size limit lets through
  int attempts = 0;
  Clock::time_point retry_at;
};

namespace {

bool IsFatalDeliveryError(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
    case RD_KAFKA_RESP_ERR__FATAL:
    case RD_KAFKA_RESP_ERR__FENCED:
    case RD_KAFKA_RESP_ERR_PRODUCER_FENCED:
      return true;
    default:
      return false;
  }
}

}  // namespace

KafkaSink::KafkaSink(const Config& config, StageMetrics* metrics)
    : output_topic_(config.output),
      dlq_topic_(config.dlq),
      header_filter_(config.records.headers_allow, config.records.headers_deny),
      keep_input_timestamp_(config.records.timestamp == "input"),
      metrics_(metrics),
      dlq_size_check_(config) {
  KafkaConfPtr conf = MakeProducerConf(config);
  rd_kafka_conf_set_opaque(conf.get(), this);
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &KafkaSink::OnDelivery);
  rd_kafka_conf_set_error_cb(conf.get(), [](rd_kafka_t* rk, int err, const char* reason, void* opaque) {
    KafkaSink::OnError(rk, err, reason, opaque);
  });
  if (config.metrics.statistics_interval_ms > 0) rd_kafka_conf_set_stats_cb(conf.get(), &KafkaSink::OnStatistics);
  char errstr[512];
  rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof errstr);
  // librdkafka checks the properties together here (e.g. SASL without a mechanism).
  if (!rk_) throw ConfigError(std::string("cannot create the producer: ") + errstr);
  conf.release();  // owned by rk_ now
  dlq_size_check_.Start(rk_);
  poller_ = std::thread([this] { PollLoop(); });
}

KafkaSink::~KafkaSink() {
  stopping_ = true;
  if (poller_.joinable()) poller_.join();
  rd_kafka_purge(rk_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  // Serve the purge reports (each frees its Pending); retries are freed below.
  auto deadline = Clock::now() + std::chrono::seconds(2);
  while (Clock::now() < deadline) {
    size_t waiting;
    {
      std::lock_guard lock(mu_);
      waiting = retries_.size();
    }
    if (outstanding_.load() <= static_cast<int64_t>(waiting)) break;
    rd_kafka_poll(rk_, 10);
  }
  dlq_size_check_.Stop();
  dead_letter_log_.Flush();
  DestroyWithin(rk_, 0, shutdown_deadline_.value_or(Clock::now() + std::chrono::seconds(10)));
  std::lock_guard lock(mu_);
  for (Pending* p : retries_) delete p;
  retries_.clear();
}

void KafkaSink::Send(const TopicPartition& source, const InputRecord& input, Outcome outcome,
                     DeliveryReceipt receipt) {
  auto* p = new Pending{};
  p->receipt = std::move(receipt);
  p->source = source;
  p->input = input;
  p->error = std::move(outcome.error);
  p->value = std::move(outcome.value);
  if (p->error) {
    p->has_key = input.has_key;
    p->key = std::string(input.key);
    p->uri = std::move(outcome.uri);
  } else {
    p->has_key = input.has_key || !outcome.uri.empty();
    p->key = input.has_key ? std::string(input.key) : std::move(outcome.uri);
  }
  outstanding_.fetch_add(1);
  while (true) {
    rd_kafka_resp_err_t err = Produce(p);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL && !stopping_ && !shutting_down_) {
      // Only when the producer queue is smaller than the in-flight bound: wait
      // for deliveries (served by the poll thread) rather than reorder.
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    ScheduleRetry(p, err);
    return;
  }
}

rd_kafka_resp_err_t KafkaSink::Produce(Pending* p) {
  const bool dead_letter = p->error.has_value();
  const RecordHeaders* carried = header_filter_.CarriesNothing() ? nullptr : p->input.headers.get();
  rd_kafka_headers_t* headers = rd_kafka_headers_new(5 + (carried ? carried->size() : 0));
  if (carried) {
    for (const RecordHeader& h : *carried) {
      if (!header_filter_.Carries(h.name)) continue;
      rd_kafka_header_add(headers, h.name.data(), static_cast<ssize_t>(h.name.size()),
                          h.value ? h.value->data() : nullptr, h.value ? static_cast<ssize_t>(h.value->size()) : 0);
    }
  }
  std::string source = p->source.ToString() + "/" + std::to_string(p->input.offset);
  rd_kafka_header_add(headers, "wiretag.source", -1, source.data(), static_cast<ssize_t>(source.size()));
  const std::string& version = OutputVersion();
  rd_kafka_header_add(headers, "wiretag.version", -1, version.data(), static_cast<ssize_t>(version.size()));
  if (dead_letter) {
    rd_kafka_header_add(headers, "wiretag.error", -1, ErrorClassName(p->error->kind), -1);
    rd_kafka_header_add(headers, "wiretag.error.detail", -1, p->error->detail.data(),
                        static_cast<ssize_t>(p->error->detail.size()));
  }
  if (p->value_omitted) {
    std::string size = std::to_string(p->input.value.size());
    rd_kafka_header_add(headers, "wiretag.value.omitted", -1, size.data(), static_cast<ssize_t>(size.size()));
  }
  std::string_view value = dead_letter ? (p->value_omitted ? std::string_view() : std::string_view(p->input.value))
                                       : std::string_view(p->value);
  const std::string& topic = dead_letter ? dlq_topic_ : output_topic_;
  // 0 lets librdkafka stamp the produce time.
  const int64_t timestamp_ms = keep_input_timestamp_ && p->input.timestamp_ms > 0 ? p->input.timestamp_ms : 0;
  // No copy: the payload lives in *p (or the input's storage) until the delivery report.
  rd_kafka_resp_err_t err = rd_kafka_producev(
      rk_, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_MSGFLAGS(0),
      RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
      RD_KAFKA_V_KEY((p->has_key ? p->key.data() : nullptr), (p->has_key ? p->key.size() : 0)),
      RD_KAFKA_V_TIMESTAMP(timestamp_ms), RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(p), RD_KAFKA_V_END);
  if (err) rd_kafka_headers_destroy(headers);
  return err;
}

void KafkaSink::OnDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
  static_cast<KafkaSink*>(opaque)->Delivered(static_cast<Pending*>(msg->_private), msg->err);
}

void KafkaSink::Delivered(Pending* p, rd_kafka_resp_err_t err) {
  if (!err) {
    if (!connected_.exchange(true) && metrics_) metrics_->SetProducerConnected(true);
    if (p->error) {
      dead_lettered_.fetch_add(1);
      if (metrics_) metrics_->RecordDeadLettered(p->error->kind);
      if (metrics_ && p->value_omitted) metrics_->RecordDeadLetterTruncated();
      dead_letter_log_.Log(p->source.topic, p->source.partition, p->input.offset, p->uri, *p->error);
    } else {
      enriched_.fetch_add(1);
      if (metrics_) metrics_->RecordProduced(output_topic_);
    }
    if (metrics_ && p->input.timestamp_ms > 0) {
      auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch()).count();
      metrics_->ObserveEndToEndLatency(std::max<int64_t>(0, now_ms - p->input.timestamp_ms) / 1000.0);
    }
    p->receipt.Acknowledged();
    outstanding_.fetch_sub(1);
    delete p;
    return;
  }
  if (err == RD_KAFKA_RESP_ERR__PURGE_QUEUE || err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT) {
    outstanding_.fetch_sub(1);  // shutting down: the receipt never fires, the offset is not committed
    delete p;
    return;
  }
  if (metrics_) metrics_->RecordKafkaError(rd_kafka_err2name(err));
  ScheduleRetry(p, err);
}

void KafkaSink::ScheduleRetry(Pending* p, rd_kafka_resp_err_t err) {
  if (!p->error && err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE) {
    // No retry can make it fit: the original goes to the DLQ instead.
    p->error = ProcessError{ErrorClass::kTooLarge, "enriched record of " + std::to_string(p->value.size()) +
                                                       " bytes rejected: " + rd_kafka_err2str(err)};
    p->value.clear();
    if (!p->input.has_key) p->uri = p->key;  // the key was the uri
    p->has_key = p->input.has_key;
    p->key = std::string(p->input.key);
    p->retry_at = Clock::now();
    std::lock_guard lock(mu_);
    retries_.push_back(p);
    return;
  }
  if (p->error && !p->value_omitted && err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE) {
    // The dead letter itself is over the producer's message.max.bytes or the
    // DLQ topic's max.message.bytes. Retrying cannot help and holding it would
    // stall the partition for good, so it goes without the original value; the
    // original stays readable at wiretag.source while the input's retention
    // lasts. The header wiretag.value.omitted gives its size. At start-up
    // DlqSizeCheck said which max.message.bytes would avoid this.
    {
      ScopedLogFields fields{{"event", std::string("dead_letter_truncated")},
                             {"topic", p->source.topic},
                             {"partition", int64_t{p->source.partition}},
                             {"offset", p->input.offset},
                             {"value_bytes", static_cast<int64_t>(p->input.value.size())}};
      spdlog::warn(
          "dead letter for {}/{} is too large for the DLQ ({}); producing it without the original value of {} bytes",
          p->source.ToString(), p->input.offset, rd_kafka_err2str(err), p->input.value.size());
    }
    p->value_omitted = true;
    p->error->detail += "; original value of " + std::to_string(p->input.value.size()) +
                        " bytes omitted (over the DLQ's size limit): read it at wiretag.source";
    p->retry_at = Clock::now();
    std::lock_guard lock(mu_);
    retries_.push_back(p);
    return;
  }
  if (IsFatalDeliveryError(err))
    SetFatal(std::string("cannot produce to '") + (p->error ? dlq_topic_ : output_topic_) +
             "': " + rd_kafka_err2str(err));
  ++p->attempts;
  auto backoff = std::chrono::milliseconds(std::min(5000, 100 << std::min(p->attempts, 6)));
  p->retry_at = Clock::now() + backoff;
  {
    ScopedLogFields fields{{"event", std::string("delivery_failed")},
                           {"topic", p->source.topic},
                           {"partition", int64_t{p->source.partition}},
                           {"offset", p->input.offset},
                           {"error", std::string(rd_kafka_err2name(err))},
                           {"attempt", int64_t{p->attempts}}};
    spdlog::warn(
        "delivery of {}/{} failed ({}), attempt {}; retrying in {} ms; its offset is not committed until it succeeds",
        p->source.ToString(), p->input.offset, rd_kafka_err2name(err), p->attempts, backoff.count());
  }
  std::lock_guard lock(mu_);
  retries_.push_back(p);
}

void KafkaSink::OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  auto* self = static_cast<KafkaSink*>(opaque);
  auto code = static_cast<rd_kafka_resp_err_t>(err);
  if (self->metrics_) self->metrics_->RecordKafkaError(rd_kafka_err2name(code));
  if (code == RD_KAFKA_RESP_ERR__FATAL) {
    self->SetFatal(FatalErrorMessage(rk, "producer"));
    return;
  }
  if (code == RD_KAFKA_RESP_ERR__AUTHENTICATION) {
    self->SetFatal(std::string("producer authentication failed: ") + reason);
    return;
  }
  if (code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
    self->connected_ = false;
    if (self->metrics_) self->metrics_->SetProducerConnected(false);
  }
  spdlog::warn("producer: {}: {}", rd_kafka_err2name(code), reason);
}

int KafkaSink::OnStatistics(rd_kafka_t*, char* json, size_t len, void* opaque) {
  auto* self = static_cast<KafkaSink*>(opaque);
  if (self->metrics_) self->metrics_->OnKafkaStatistics(std::string_view(json, len));
  return 0;  // librdkafka frees json
}

void KafkaSink::SetFatal(std::string message) {
  std::function<void(const std::string&)> handler;
  {
    std::lock_guard lock(mu_);
    if (fatal_) return;
    fatal_ = std::move(message);
    handler = on_fatal_;
  }
  if (handler) handler(*fatal_);  // fatal_ is never changed once set
}

void KafkaSink::OnFatalError(std::function<void(const std::string&)> handler) {
  std::optional<std::string> already;
  {
    std::lock_guard lock(mu_);
    on_fatal_ = handler;
    already = fatal_;
  }
  if (already && handler) handler(*already);
}

std::optional<std::string> KafkaSink::FatalError() const {
  std::lock_guard lock(mu_);
  return fatal_;
}

void KafkaSink::PollLoop() {
  // Readiness: the producer can reach the cluster.
  while (!stopping_ && !connected_) {
    const rd_kafka_metadata_t* md = nullptr;
    if (rd_kafka_metadata(rk_, 0, nullptr, &md, 500) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_metadata_destroy(md);
      connected_ = true;
      if (metrics_) metrics_->SetProducerConnected(true);
    }
    rd_kafka_poll(rk_, 0);
  }
  std::vector<Pending*> due;
  auto next_probe = Clock::now();
  while (!stopping_) {
    rd_kafka_poll(rk_, 20);
    // After "all brokers down" a delivery marks the producer connected again;
    // an idle stage has none, so ask for metadata (once a second) until a broker answers.
    if (!connected_ && Clock::now() >= next_probe) {
      const rd_kafka_metadata_t* md = nullptr;
      if (rd_kafka_metadata(rk_, 0, nullptr, &md, 500) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_metadata_destroy(md);
        if (!connected_.exchange(true) && metrics_) metrics_->SetProducerConnected(true);
      }
      next_probe = Clock::now() + std::chrono::seconds(1);
    }
    due.clear();
    {
      std::lock_guard lock(mu_);
      auto now = Clock::now();
      auto split = std::stable_partition(retries_.begin(), retries_.end(),
                                         [&](Pending* p) { return p->retry_at > now; });
      due.assign(split, retries_.end());
      retries_.erase(split, retries_.end());
    }
    // Oldest first within a partition: sort by source and offset.
    std::sort(due.begin(), due.end(), [](const Pending* a, const Pending* b) {
      return std::tie(a->source, a->input.offset) < std::tie(b->source, b->input.offset);
    });
    for (Pending* p : due)
      if (rd_kafka_resp_err_t err = Produce(p)) ScheduleRetry(p, err);
    if (metrics_) metrics_->SetProducerQueueRecords(rd_kafka_outq_len(rk_));
    dead_letter_log_.ReportSuppressed();
    dlq_size_check_.Poll();
  }
}

bool KafkaSink::Flush(Clock::time_point deadline) {
  while (outstanding_.load() > 0) {
    if (Clock::now() >= deadline) return false;
    rd_kafka_flush(rk_, 20);
  }
  return true;
}

}  // namespace wiretag
