#include "pipeline/kafka/kafka_errors.h"

namespace wiretag {

std::string FatalErrorMessage(rd_kafka_t* rk, std::string_view client) {
  char detail[512];
  rd_kafka_resp_err_t orig = rd_kafka_fatal_error(rk, detail, sizeof detail);
  return std::string(client) + " fatal error " + rd_kafka_err2name(orig) + ": " + detail;
}

}  // namespace wiretag
