#pragma once
// Copies the Kafka headers of a consumed message into a RecordHeaders value
// that outlives the message, so the sink can carry them over to the records
// it produces from it. Pure function; thread-safe.

#include <memory>

#include <librdkafka/rdkafka.h>

#include "pipeline/stage/input_record.h"

namespace wiretag {

// The headers of `msg` in their order, or null when it has none.
std::shared_ptr<const RecordHeaders> CopyHeaders(const rd_kafka_message_t* msg);

}  // namespace wiretag
