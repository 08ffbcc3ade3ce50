#pragma once
// KafkaTransactionalOutput is the TransactionalOutput of `wiretag run` in
// exactly-once mode: the sink's transactional producer, committing the input
// offsets with the group consumer's current group metadata, as Kafka Streams'
// exactly-once v2 does (KIP-447: the coordinator refuses the offsets of a
// member whose generation the group has left behind).
//
// Thread safety: as TransactionalOutput (the run loop's thread). Owns nothing.

#include <memory>
#include <string>

#include "pipeline/sink/kafka_sink.h"
#include "pipeline/source/kafka_group_source.h"
#include "pipeline/stage/transactional_output.h"

namespace wiretag {

class KafkaTransactionalOutput final : public TransactionalOutput {
 public:
  KafkaTransactionalOutput(KafkaSink* sink, const KafkaGroupSource* source, std::string id)
      : sink_(sink), source_(source), id_(std::move(id)) {}

  std::string Start(const std::atomic<int>& stop) override { return sink_->StartTransactions(stop); }
  std::string id() const override { return id_; }
  int64_t records() const override { return sink_->transaction_records(); }
  void OnFull(int64_t records, std::function<void()> full) override {
    sink_->OnTransactionFull(records, std::move(full));
  }
  SendGate::Held HoldSends() override { return sink_->HoldSends(); }
  TransactionResult Commit(std::chrono::steady_clock::time_point deadline, Offsets* committed,
                           std::string* error) override {
    std::unique_ptr<rd_kafka_consumer_group_metadata_t, void (*)(rd_kafka_consumer_group_metadata_t*)> group(
        source_->GroupMetadata(), rd_kafka_consumer_group_metadata_destroy);
    return sink_->CommitTransaction(group.get(), deadline, committed, error);
  }
  TransactionResult Abort(std::chrono::steady_clock::time_point deadline, std::string* error) override {
    return sink_->AbortTransaction(deadline, error);
  }

 private:
  KafkaSink* const sink_;
  const KafkaGroupSource* const source_;
  const std::string id_;
};

}  // namespace wiretag
