#pragma once
// ReplayEnricher is what a replay worker does to one record: enrich it, or say
// why it cannot (the reason becomes the DLQ header `wiretag.error`). The CLI
// backs it with RecordProcessor, the same code path as `wiretag run`; tests
// back it with small fakes so the replay machinery is tested on its own.
//
// Thread safety: one enricher per worker thread (made by the factory on that
// thread's behalf); an enricher is used by one thread at a time.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace wiretag {

struct EnrichFailure {
  std::string reason;  // "invalid_json", "invalid_utf8", "no_body", "too_large", "tagger_failure"
  std::string detail;  // one line for humans
};

class ReplayEnricher {
 public:
  virtual ~ReplayEnricher() = default;
  // On success `*out` holds the enriched value and `*uri` the story uri (may
  // be empty); both are cleared first. Must be deterministic: the same input
  // gives the same bytes. Never throws for bad input.
  virtual std::optional<EnrichFailure> Enrich(std::string_view value, std::string* out, std::string* uri) = 0;
};

using ReplayEnricherFactory = std::function<std::unique_ptr<ReplayEnricher>()>;

}  // namespace wiretag
