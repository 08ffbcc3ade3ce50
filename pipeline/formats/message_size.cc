#include "pipeline/formats/message_size.h"

namespace wiretag {

std::string TooLargeDetail(size_t size, size_t max_message_bytes, bool at_least) {
  return std::string("input is ") + (at_least ? "at least " : "") + std::to_string(size) +
         " bytes, over max_message_bytes " + std::to_string(max_message_bytes);
}

}  // namespace wiretag
