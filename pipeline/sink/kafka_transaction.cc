#include "pipeline/sink/kafka_transaction.h"

#include <algorithm>
#include <memory>
#include <optional>

#include <spdlog/spdlog.h>

#include "pipeline/metrics/stage_metrics.h"

namespace wiretag {

namespace {

int RemainingMs(KafkaTransaction::Clock::time_point deadline) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - KafkaTransaction::Clock::now()).count();
  return static_cast<int>(std::clamp<int64_t>(ms, 1, 1 << 30));
}

double SecondsSince(KafkaTransaction::Clock::time_point start) {
  return std::chrono::duration<double>(KafkaTransaction::Clock::now() - start).count();
}

struct ErrorDeleter {
  void operator()(rd_kafka_error_t* e) const { rd_kafka_error_destroy(e); }
};
using Error = std::unique_ptr<rd_kafka_error_t, ErrorDeleter>;

}  // namespace

std::string DescribeKafkaError(const rd_kafka_error_t* error) {
  return std::string(rd_kafka_error_name(error)) + ": " + rd_kafka_error_string(error);
}

std::string KafkaTransaction::Start(const std::atomic<int>& stop) {
  // init_transactions waits for the coordinator and fences (aborts) what a
  // previous producer with this transactional.id left open.
  while (true) {
    Error error(rd_kafka_init_transactions(rk_, 10000));
    if (!error) break;
    if (rd_kafka_error_is_fatal(error.get()) || !rd_kafka_error_is_retriable(error.get()))
      return "init_transactions: " + DescribeKafkaError(error.get());
    if (stop.load() != 0) return "stopped before the transactions were initialised";
    spdlog::warn("exactly-once: init_transactions: {}; retrying", DescribeKafkaError(error.get()));
  }
  std::string error;
  if (!Begin(&error)) return error;
  return "";
}

bool KafkaTransaction::Begin(std::string* error) {
  Error e(rd_kafka_begin_transaction(rk_));
  if (e) {
    *error = "begin_transaction: " + DescribeKafkaError(e.get());
    return false;
  }
  open_ = true;
  return true;
}

TransactionResult KafkaTransaction::Commit(const rd_kafka_topic_partition_list_t* offsets,
                                           const rd_kafka_consumer_group_metadata_t* group,
                                           Clock::time_point deadline, std::string* error) {
  const auto start = Clock::now();
  if (!open_) {
    *error = "no transaction is open";
    return TransactionResult::kFatal;
  }
  auto classify = [&](Error e, const char* step) -> std::optional<TransactionResult> {
    *error = std::string(step) + ": " + DescribeKafkaError(e.get());
    if (rd_kafka_error_is_fatal(e.get())) {
      open_ = false;
      return TransactionResult::kFatal;
    }
    if (rd_kafka_error_txn_requires_abort(e.get())) return TransactionResult::kAborted;
    if (rd_kafka_error_is_retriable(e.get()) && Clock::now() < deadline) return std::nullopt;  // again
    return TransactionResult::kAborted;  // retried until the deadline: give the transaction up
  };
  if (offsets && offsets->cnt > 0 && group) {
    while (true) {
      Error e(rd_kafka_send_offsets_to_transaction(rk_, offsets, group, RemainingMs(deadline)));
      if (!e) break;
      auto result = classify(std::move(e), "send_offsets_to_transaction");
      if (!result) continue;
      if (*result == TransactionResult::kFatal) return *result;
      return AbortAndBegin(deadline, start, error);
    }
  }
  while (true) {
    Error e(rd_kafka_commit_transaction(rk_, RemainingMs(deadline)));
    if (!e) break;
    auto result = classify(std::move(e), "commit_transaction");
    if (!result) continue;
    if (*result == TransactionResult::kFatal) return *result;
    return AbortAndBegin(deadline, start, error);
  }
  open_ = false;
  if (metrics_) metrics_->RecordTransaction(true, SecondsSince(start));
  if (!Begin(error)) return TransactionResult::kFatal;
  return TransactionResult::kCommitted;
}

TransactionResult KafkaTransaction::Abort(Clock::time_point deadline, std::string* error) {
  return AbortAndBegin(deadline, Clock::now(), error);
}

TransactionResult KafkaTransaction::AbortAndBegin(Clock::time_point deadline, Clock::time_point start,
                                                  std::string* error) {
  // An abort must get through: a transaction left open holds back every
  // read_committed reader of the outputs. It is retried past the caller's
  // deadline for up to another transaction timeout's worth of time.
  const auto give_up = std::max(deadline, Clock::now() + std::chrono::seconds(30));
  while (true) {
    Error e(rd_kafka_abort_transaction(rk_, RemainingMs(give_up)));
    if (!e) break;
    if (rd_kafka_error_is_fatal(e.get()) || !rd_kafka_error_is_retriable(e.get()) || Clock::now() >= give_up) {
      *error += std::string(error->empty() ? "" : "; then ") + "abort_transaction: " + DescribeKafkaError(e.get());
      open_ = false;
      return TransactionResult::kFatal;
    }
  }
  open_ = false;
  if (metrics_) metrics_->RecordTransaction(false, SecondsSince(start));
  std::string begin_error;
  if (!Begin(&begin_error)) {
    *error += "; then " + begin_error;
    return TransactionResult::kFatal;
  }
  return TransactionResult::kAborted;
}

void KafkaTransaction::AbortLast(Clock::time_point deadline) {
  if (!open_) return;
  Error e(rd_kafka_abort_transaction(rk_, RemainingMs(deadline)));
  if (e) spdlog::warn("exactly-once: abort at shutdown: {}", DescribeKafkaError(e.get()));
  open_ = false;
}

}  // namespace wiretag
