#pragma once
// DeliveryVerifier is a downstream reader of the stage's output and
// dead-letter topics, as a newsroom consumer configured with
// isolation.level `read_committed` or `read_uncommitted` sees them. It counts,
// per input record, how many times that record appears across the enriched
// and dead-lettered outputs; an input record is named by the `wiretag.source`
// header (topic/partition/offset) the stage puts on both. Exactly once means:
// every input record counted exactly once — none lost, none duplicated.
//
// It reads with assign() from the beginning (no group, nothing committed).
// ReadToEnd() returns once every partition has reported its end at the end
// offset the broker gives at that call (for read_committed the end event
// comes at the last stable offset: a transaction left open holds the reader
// before it, and ReadToEnd fails). Not thread safe.

#include <chrono>
#include <functional>
#include <map>
#include <set>
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
      : rk_(NewClient(RD_KAFKA_CONSUMER, {{"bootstrap.servers", brokers}, {"group.id", "delivery-verifier"},
                                          {"enable.auto.commit", "false"}, {"isolation.level", isolation},
                                          {"enable.partition.eof", "true"}, {"fetch.wait.max.ms", "20"},
                                          {"log_level", "3"}})),
        isolation_(isolation) {
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(8);
    for (const auto& [topic, partitions] : topics)
      for (int p = 0; p < partitions; ++p) {
        rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
        assigned_.emplace_back(topic, p);
      }
    rd_kafka_assign(rk_.get(), list);
    rd_kafka_topic_partition_list_destroy(list);
  }

  // Reads what arrives for up to `wait`.
  void Poll(std::chrono::milliseconds wait) {
    auto until = Clock::now() + wait;
    do {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(rk_.get(), 20);
      if (!m) continue;
      std::pair<std::string, int32_t> tp{m->rkt ? rd_kafka_topic_name(m->rkt) : "", m->partition};
      if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        eof_at_[tp] = m->offset;
      } else if (!m->err) {
        Add(m);
      }
      rd_kafka_message_destroy(m);
    } while (Clock::now() < until);
  }
  // Polls until `done()` or the timeout; returns done().
  bool WaitFor(const std::function<bool()>& done, std::chrono::seconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (!done() && Clock::now() < deadline) Poll(std::chrono::milliseconds(50));
    return done();
  }
  // Reads until every partition reported its end at or past the partition's
  // end offset as of this call (an end-of-partition event from before the last
  // writes does not count); false when that takes longer than `timeout`. Call
  // after the writers stopped.
  bool ReadToEnd(std::chrono::seconds timeout) {
    std::map<std::pair<std::string, int32_t>, int64_t> end;
    for (const auto& [topic, p] : assigned_) {
      int64_t low = 0, high = -1;
      if (rd_kafka_query_watermark_offsets(rk_.get(), topic.c_str(), p, &low, &high, 10000)) return false;
      end[{topic, p}] = high;
    }
    bool done = WaitFor([&] {
      for (const auto& [tp, e] : end) {
        auto it = eof_at_.find(tp);
        if (it == eof_at_.end() || it->second < e) return false;
      }
      return true;
    }, timeout);
    unfinished_.clear();
    for (const auto& [tp, e] : end) {
      auto it = eof_at_.find(tp);
      if (it == eof_at_.end() || it->second < e)
        unfinished_ += " " + tp.first + "[" + std::to_string(tp.second) + "] end " + std::to_string(e) + ", read to " +
                       (it == eof_at_.end() ? std::string("no end event") : std::to_string(it->second)) + ";";
    }
    return done;
  }
  // After a ReadToEnd() that failed: the partitions that did not reach their end.
  const std::string& unfinished() const { return unfinished_; }

  size_t distinct() const { return counts_.size(); }
  size_t records() const { return records_; }
  const std::map<InputId, int>& counts() const { return counts_; }
  // Records read from `topic`.
  size_t records_in(const std::string& topic) const {
    auto it = per_topic_.find(topic);
    return it == per_topic_.end() ? 0 : it->second;
  }

  // Against the inputs `input_end` (partition -> end offset; offsets 0..end-1 were produced).
  struct Report {
    size_t inputs = 0, lost = 0, duplicated = 0, extra_copies = 0, unknown = 0;
    std::string examples;  // a few lost and duplicated inputs, for failure messages
    bool exactly_once() const { return lost == 0 && duplicated == 0 && unknown == 0; }
  };
  Report Check(const std::map<int32_t, int64_t>& input_end) const {
    Report r;
    std::ostringstream ex;
    int shown = 0;
    for (const auto& [p, end] : input_end)
      for (int64_t o = 0; o < end; ++o) {
        ++r.inputs;
        auto it = counts_.find({p, o});
        int c = it == counts_.end() ? 0 : it->second;
        if (c == 0) ++r.lost;
        if (c > 1) {
          ++r.duplicated;
          r.extra_copies += c - 1;
        }
        if (c != 1 && shown++ < 10) ex << " " << p << "/" << o << "x" << c;
      }
    for (const auto& [id, c] : counts_)
      if (!input_end.count(id.first) || id.second < 0 || id.second >= input_end.at(id.first)) r.unknown += c;
    r.examples = ex.str();
    return r;
  }
  // One line for logs and failure messages.
  std::string Describe(const Report& r) const {
    std::ostringstream s;
    s << isolation_ << ": " << r.inputs << " inputs, " << records_ << " output records, lost " << r.lost
      << ", duplicated " << r.duplicated << " (" << r.extra_copies << " extra copies), not an input " << r.unknown;
    if (!r.examples.empty()) s << "; e.g. partition/offset x copies:" << r.examples;
    return s.str();
  }

 private:
  void Add(const rd_kafka_message_t* m) {
    ++records_;
    ++per_topic_[rd_kafka_topic_name(m->rkt)];
    InputId id{-1, -1};
    rd_kafka_headers_t* hdrs = nullptr;
    const void* v;
    size_t n;
    if (!rd_kafka_message_headers(m, &hdrs) && !rd_kafka_header_get_last(hdrs, "wiretag.source", &v, &n)) {
      std::string src(static_cast<const char*>(v), n);  // topic/partition/offset
      size_t b = src.rfind('/'), a = b == std::string::npos ? b : src.rfind('/', b - 1);
      if (a != std::string::npos) id = {std::stoi(src.substr(a + 1, b - a - 1)), std::stoll(src.substr(b + 1))};
    }
    ++counts_[id];
  }

  std::unique_ptr<rd_kafka_t, void (*)(rd_kafka_t*)> rk_;
  std::string isolation_;
  size_t records_ = 0;
  std::string unfinished_;
  std::vector<std::pair<std::string, int32_t>> assigned_;
  std::map<std::pair<std::string, int32_t>, int64_t> eof_at_;  // offset of each partition's latest end event
  std::map<InputId, int> counts_;
  std::map<std::string, size_t> per_topic_;
};

}  // namespace wiretag::testing
