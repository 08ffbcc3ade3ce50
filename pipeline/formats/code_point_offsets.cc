#include "pipeline/formats/code_point_offsets.h"

#include <algorithm>

namespace wiretag {

void CodePointOffsets::Reset(std::string_view text) {
  text_ = text;
  bytes_.clear();
  code_points_.clear();
  ascii_ = false;
}

void CodePointOffsets::Resolve() {
  std::sort(bytes_.begin(), bytes_.end());
  bytes_.erase(std::unique(bytes_.begin(), bytes_.end()), bytes_.end());
  code_points_.resize(bytes_.size());
  // One pass: code points before byte b = b - continuation bytes before b.
  const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
  const size_t n = text_.size();
  size_t pos = 0;
  uint32_t continuation = 0;
  for (size_t i = 0; i < bytes_.size(); ++i) {
    const size_t target = std::min<size_t>(bytes_[i], n);
    for (; pos < target; ++pos) continuation += (p[pos] & 0xC0) == 0x80;
    code_points_[i] = static_cast<uint32_t>(target) - continuation + (bytes_[i] > n ? bytes_[i] - n : 0);
  }
}

uint32_t CodePointOffsets::CodePoints(uint32_t byte_offset) const {
  auto it = std::lower_bound(bytes_.begin(), bytes_.end(), byte_offset);
  if (it == bytes_.end() || *it != byte_offset) return byte_offset;  // not added: caller bug; stay total
  return code_points_[static_cast<size_t>(it - bytes_.begin())];
}

}  // namespace wiretag
