#include "pipeline/kafka/kafka_headers.h"

namespace wiretag {

std::shared_ptr<const RecordHeaders> CopyHeaders(const rd_kafka_message_t* msg) {
  rd_kafka_headers_t* headers = nullptr;
  // Parses the headers lazily; the message keeps ownership of them.
  if (rd_kafka_message_headers(msg, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR || !headers) return nullptr;
  const size_t count = rd_kafka_header_cnt(headers);
  if (count == 0) return nullptr;
  auto out = std::make_shared<RecordHeaders>();
  out->reserve(count);
  const char* name;
  const void* value;
  size_t size;
  for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
    RecordHeader& h = out->emplace_back();
    h.name = name;
    if (value) h.value.emplace(static_cast<const char*>(value), size);
  }
  return out;
}

}  // namespace wiretag
