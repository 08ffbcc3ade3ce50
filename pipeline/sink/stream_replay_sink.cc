#include "pipeline/sink/stream_replay_sink.h"

#include <cerrno>
#include <cstring>

namespace wiretag {

void StreamReplaySink::Send(const TopicPartition& source, const InputRecord& input, Outcome outcome,
                            DeliveryReceipt receipt) {
  {
    std::lock_guard lock(mu_);
    if (fatal_) return;  // never acknowledged: the checkpoint stays before it
    if (outcome.error) {
      std::fprintf(errors_, "dead-lettered %s/%lld: %s: %s\n", source.ToString().c_str(),
                   static_cast<long long>(input.offset), ErrorClassName(outcome.error->kind),
                   outcome.error->detail.c_str());
      std::fflush(errors_);
      ++dead_lettered_;
    } else {
      std::fwrite(outcome.value.data(), 1, outcome.value.size(), records_);
      std::fputc('\n', records_);
      if (std::fflush(records_) != 0 || std::ferror(records_)) {
        fatal_ = std::string("cannot write the dry-run output: ") + std::strerror(errno);
        return;
      }
      ++enriched_;
    }
  }
  receipt.Acknowledged();
}

std::optional<std::string> StreamReplaySink::FatalError() const {
  std::lock_guard lock(mu_);
  return fatal_;
}

int64_t StreamReplaySink::enriched() const {
  std::lock_guard lock(mu_);
  return enriched_;
}

int64_t StreamReplaySink::dead_lettered() const {
  std::lock_guard lock(mu_);
  return dead_lettered_;
}

}  // namespace wiretag
