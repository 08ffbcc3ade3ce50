#pragma once
// Error reporting both Kafka clients share. After librdkafka reports
// RD_KAFKA_RESP_ERR__FATAL (idempotence or group membership lost for good) the
// client is unusable; the underlying error is read with rd_kafka_fatal_error().
// Thread safety: as rd_kafka_fatal_error(), any thread.

#include <string>
#include <string_view>

#include <librdkafka/rdkafka.h>

namespace wiretag {

// "<client> fatal error <ERROR_NAME>: <detail>", one log line; `client` is
// "producer" or "consumer".
std::string FatalErrorMessage(rd_kafka_t* rk, std::string_view client);

}  // namespace wiretag
