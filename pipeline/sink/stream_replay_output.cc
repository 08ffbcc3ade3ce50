#include "pipeline/sink/stream_replay_output.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace wiretag {
namespace {

std::string Header(const OutputRecord& r, const char* name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

}  // namespace

void StreamReplayOutput::Send(OutputRecord record, uint64_t ticket) {
  if (record.to_dlq) {
    std::fprintf(errors_, "dead-lettered %s: %s: %s\n", Header(record, "wiretag.source").c_str(),
                 Header(record, "wiretag.error").c_str(), Header(record, "wiretag.error.detail").c_str());
  } else {
    std::fwrite(record.value.data(), 1, record.value.size(), records_);
    std::fputc('\n', records_);
  }
  written_.push_back(ticket);
}

void StreamReplayOutput::Poll(std::chrono::milliseconds, std::vector<OutputAck>* acks) {
  if (written_.empty()) return;
  bool ok = std::fflush(records_) == 0 && !std::ferror(records_);
  std::fflush(errors_);
  for (uint64_t t : written_) acks->push_back({t, ok, ok ? "" : std::string("write failed: ") + std::strerror(errno)});
  written_.clear();
}

void StreamReplayOutput::Flush(std::chrono::milliseconds timeout, std::vector<OutputAck>* acks) { Poll(timeout, acks); }

}  // namespace wiretag
