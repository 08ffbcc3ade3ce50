#pragma once
// DlqSizeCheck answers, at start-up, whether the dead letter of the largest
// record the input accepts fits the DLQ. A dead letter carries the original
// key and value plus a few headers; when it is over the DLQ topic's
// max.message.bytes or the producer's message.max.bytes, KafkaSink produces it
// without the original value, and once the input's retention passes the story
// is gone. So wiretag reads the topics' max.message.bytes (the admin API's
// DescribeConfigs) and says at warn level what to set, before any such record
// arrives.
//
// The largest accepted input record is the largest input topic's
// max.message.bytes, and at least `max_message_bytes` (larger inputs are
// dead-lettered as too_large with their value). The DLQ must take that plus
// kDeadLetterHeaderAllowance.
//
// DlqSizeAdvice() is the comparison (pure). DlqSizeCheck warns at once about
// what it knows locally (the producer's message.max.bytes against
// max_message_bytes), sends the DescribeConfigs request without blocking and
// logs the answer when Poll() finds it: further advice at warn, "fits" at
// info, or at info that it could not
// check (no answer within 10 s, not authorized: DescribeConfigs needs the
// DescribeConfigs ACL on the topics; librdkafka's mock cluster does not
// answer it). Nothing in the data path waits for it.
//
// Thread safety: DlqSizeAdvice is a free function. DlqSizeCheck: one thread
// (KafkaSink's poll thread calls Poll(); Start() and Stop() come before and after it).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "pipeline/config/config.h"

namespace wiretag {

// Room for the dead letter's headers (wiretag.error, .detail, .source,
// .version, .value.omitted) and record overhead beside the original.
inline constexpr int64_t kDeadLetterHeaderAllowance = 16384;

struct DlqSizeLimits {
  std::string dlq_topic;
  std::optional<int64_t> dlq_topic_max;            // the DLQ topic's max.message.bytes, if known
  std::map<std::string, int64_t> input_topic_max;  // max.message.bytes of the input topics that answered
  int64_t max_message_bytes = 0;                   // config: inputs up to this size are tagged
  int64_t producer_max = 0;                        // the producer's message.max.bytes
};

// One line per limit too small, each naming the setting and the value to set;
// empty when every dead letter fits.
std::vector<std::string> DlqSizeAdvice(const DlqSizeLimits& limits);

class DlqSizeCheck {
 public:
  explicit DlqSizeCheck(const Config& config);
  ~DlqSizeCheck();  // calls Stop()
  DlqSizeCheck(const DlqSizeCheck&) = delete;
  DlqSizeCheck& operator=(const DlqSizeCheck&) = delete;

  // Reads the producer's message.max.bytes from `rk` and asks the cluster for
  // the topics' configuration. `rk` must outlive Stop().
  void Start(rd_kafka_t* rk);
  // Logs the outcome once the answer is there; cheap when it is not.
  void Poll();
  // Drops an unanswered request. Call before destroying the rk_t.
  void Stop();

 private:
  void Answer(rd_kafka_event_t* event);
  void WarnNewAdvice();  // each advice line once

  std::vector<std::string> warned_;

  DlqSizeLimits limits_;
  std::vector<std::string> input_topics_;
  rd_kafka_queue_t* queue_ = nullptr;  // set while a request is out
};

}  // namespace wiretag
