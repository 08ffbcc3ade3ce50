#pragma once
// DeliveryVerifier is a downstream reader of the stage's output and
// dead-letter topics, as a newsroom consumer configured with
// isolation.level `read_committed` or `read_uncommitted` sees them. It counts,
// per input record, how many times that record appears across the enriched
// and dead-lettered outputs; an input record is named by the `wiretag.source`
// header (topic/partition/offset) the stage puts on both. Exactly once means:
// every input record counted exactly once — none lost, none duplicated.
//
// The reading is OutputReader's (stage_harness.h): assign() from the
// beginning, no group, nothing committed; ReadToEnd() returns once every
// partition has reported its end at the end offset the broker gives at that
// call (for read_committed the end event comes at the last stable offset: a
// transaction left open holds the reader before it, and ReadToEnd fails).
// Not thread safe.

#include <chrono>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/integration/stage_harness.h"

namespace wiretag::testing {

class DeliveryVerifier {
 public:
  using InputId = std::pair<int32_t, int64_t>;  // input partition, offset

  // `topics`: the output and dead-letter topics with their partition counts.
  DeliveryVerifier(const std::string& brokers, const std::string& isolation,
                   std::vector<std::pair<std::string, int>> topics)
      : reader_(brokers, std::move(topics), {{"group.id", "delivery-verifier"}, {"isolation.level", isolation}}),
        isolation_(isolation) {}

  // Reads what arrives for up to `wait`.
  void Poll(std::chrono::milliseconds wait) { reader_.Poll(wait); }
  // Polls until `done()` or the timeout; returns done().
  bool WaitFor(const std::function<bool()>& done, std::chrono::seconds timeout) {
    return reader_.WaitFor(done, timeout);
  }
  // See OutputReader::ReadToEnd(); call after the writers stopped.
  bool ReadToEnd(std::chrono::seconds timeout) { return reader_.ReadToEnd(timeout); }
  // After a ReadToEnd() that failed: the partitions that did not reach their end.
  const std::string& unfinished() const { return reader_.unfinished(); }

  size_t distinct() const { return reader_.distinct(); }
  size_t records() const { return reader_.size(); }
  // Records read from `topic`.
  size_t records_in(const std::string& topic) const {
    size_t n = 0;
    for (const auto& r : reader_.records()) n += r.topic == topic;
    return n;
  }

  // Against the inputs `input_end` (partition -> end offset; offsets 0..end-1 were produced).
  struct Report {
    size_t inputs = 0, lost = 0, duplicated = 0, extra_copies = 0, unknown = 0;
    std::string examples;  // a few lost and duplicated inputs, for failure messages
    bool exactly_once() const { return lost == 0 && duplicated == 0 && unknown == 0; }
  };
  Report Check(const std::map<int32_t, int64_t>& input_end) const {
    std::map<InputId, int> counts;  // copies of each input record across the topics
    for (const auto& r : reader_.records()) ++counts[{r.in_partition, r.in_offset}];
    Report r;
    std::ostringstream ex;
    int shown = 0;
    for (const auto& [p, end] : input_end)
      for (int64_t o = 0; o < end; ++o) {
        ++r.inputs;
        auto it = counts.find({p, o});
        int c = it == counts.end() ? 0 : it->second;
        if (c == 0) ++r.lost;
        if (c > 1) {
          ++r.duplicated;
          r.extra_copies += c - 1;
        }
        if (c != 1 && shown++ < 10) ex << " " << p << "/" << o << "x" << c;
      }
    for (const auto& [id, c] : counts)
      if (!input_end.count(id.first) || id.second < 0 || id.second >= input_end.at(id.first)) r.unknown += c;
    r.examples = ex.str();
    return r;
  }
  // One line for logs and failure messages.
  std::string Describe(const Report& r) const {
    std::ostringstream s;
    s << isolation_ << ": " << r.inputs << " inputs, " << reader_.size() << " output records, lost " << r.lost
      << ", duplicated " << r.duplicated << " (" << r.extra_copies << " extra copies), not an input " << r.unknown;
    if (!r.examples.empty()) s << "; e.g. partition/offset x copies:" << r.examples;
    return s.str();
  }

 private:
  OutputReader reader_;
  std::string isolation_;
};

}  // namespace wiretag::testing
