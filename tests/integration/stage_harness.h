#pragma once
// Test harness for the stage on librdkafka's mock cluster or a real cluster
// (TestCluster): topics, an input
// producer, an output reader that indexes every enriched and dead-lettered
// record by its wiretag.source header, an in-process stage runner and a child
// process runner (build/wiretag run) for crash tests. Waits have deadlines;
// they await events (records read, a thread's or a child's exit) and poll
// only what nothing notifies (metrics: Eventually()).

#include "wiretag/build_paths.h"
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <prometheus/metric_family.h>

#include "pipeline/config/config_dir.h"
#include "pipeline/config/config.h"
#include "pipeline/metrics/stage_metrics.h"
#include "pipeline/kafka/dev_cluster.h"
#include "pipeline/stage/record_transform.h"
#include "pipeline/app/run_group_stage.h"
#include "pipeline/taggers/story_tagger.h"
#include "tests/integration/eventually.h"
#include "tests/integration/process_exit.h"
#include "tests/integration/test_cluster.h"

extern char** environ;

namespace wiretag::testing {

using Clock = std::chrono::steady_clock;

inline std::unique_ptr<rd_kafka_t, void (*)(rd_kafka_t*)> NewClient(rd_kafka_type_t type,
                                                                    const std::map<std::string, std::string>& props) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const auto& [k, v] : props)
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
      throw std::runtime_error(k + ": " + err);
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof err);
  if (!rk) throw std::runtime_error(err);
  return {rk, [](rd_kafka_t* r) { rd_kafka_destroy(r); }};
}

// A wire-style story for record `i`.
inline std::string Story(int i) {
  static const char* kCities[] = {"WASHINGTON (AP) --", "LONDON, March 3 (Reuters) -", "SEOUL, Aug. 18 (Yonhap) --",
                                  "BERLIN (dpa) --"};
  return R"({"uri":"urn:test:story:)" + std::to_string(i) + R"(","headlines":[{"value":"Talks )" + std::to_string(i) +
         R"("}],"bodies":[{"role":"main","contenttype":"text/plain","value":")" + kCities[i % 4] +
         R"( Foreign Minister Taro Kono met Defense Secretary Jim Mattis on Tuesday to discuss North Korea, officials said in statement )" +
         std::to_string(i) + R"(."}]})";
}

struct Input {
  int32_t partition;
  int64_t offset;
};

// Produces records synchronously enough to know each one's partition and offset.
class InputProducer {
 public:
  explicit InputProducer(const std::string& brokers)
      : rk_(NewClient(RD_KAFKA_PRODUCER, {{"bootstrap.servers", brokers}, {"linger.ms", "5"},
                                          {"enable.idempotence", "true"}, {"log_level", "3"}})) {}
  // Sends `value` with `key` to `partition`; returns after Flush().
  void Send(const std::string& topic, int32_t partition, const std::optional<std::string>& key,
            const std::string& value) {
    rd_kafka_resp_err_t err;
    do {
      err = rd_kafka_producev(rk_.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                              RD_KAFKA_V_KEY((key ? key->data() : nullptr), (key ? key->size() : 0)),
                              RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()), RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) rd_kafka_poll(rk_.get(), 10);
    } while (err == RD_KAFKA_RESP_ERR__QUEUE_FULL);
    if (err) throw std::runtime_error(std::string("produce: ") + rd_kafka_err2str(err));
    rd_kafka_poll(rk_.get(), 0);
  }
  void Flush() {
    if (rd_kafka_flush(rk_.get(), 60000)) throw std::runtime_error("input producer flush timed out");
  }
  // Flush() while a broker fault may last longer than one flush's 60 s: up to
  // five flushes (nothing is dropped between them: the idempotent producer
  // keeps retrying), then the last one's error.
  void FlushThroughFault() {
    for (int attempt = 1;; ++attempt) {
      try {
        Flush();
        return;
      } catch (const std::exception&) {
        if (attempt == 5) throw;
      }
    }
  }

 private:
  std::unique_ptr<rd_kafka_t, void (*)(rd_kafka_t*)> rk_;
};

struct OutputRecord {
  std::string topic;
  int32_t out_partition;
  int64_t out_offset;
  std::string key, value, error;  // error: the wiretag.error header ("" when enriched)
  std::string detail, omitted;     // the wiretag.error.detail and wiretag.value.omitted headers
  int32_t in_partition = -1;
  int64_t in_offset = -1;
};

// Reads the output and DLQ topics from the beginning (assign(), no group).
// `properties` are added to the client's (e.g. isolation.level).
class OutputReader {
 public:
  using Partition = std::pair<std::string, int32_t>;  // topic, partition

  OutputReader(const std::string& brokers, std::vector<std::pair<std::string, int>> topics,
               const std::map<std::string, std::string>& properties = {})
      : rk_(NewClient(RD_KAFKA_CONSUMER, WithDefaults(brokers, properties))) {
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(8);
    for (const auto& [topic, partitions] : topics)
      for (int p = 0; p < partitions; ++p) {
        rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
        assigned_.emplace_back(topic, p);
      }
    rd_kafka_assign(rk_.get(), list);
    rd_kafka_topic_partition_list_destroy(list);
  }
  // Reads what is available for up to `wait`.
  void Poll(std::chrono::milliseconds wait) {
    auto until = Clock::now() + wait;
    do {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(rk_.get(), 20);
      if (!m) continue;
      if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF && m->rkt)
        eof_at_[{rd_kafka_topic_name(m->rkt), m->partition}] = m->offset;
      else if (!m->err)
        Add(m);
      rd_kafka_message_destroy(m);
    } while (Clock::now() < until);
  }
  // Polls until `done()` or the deadline; returns done().
  bool WaitFor(const std::function<bool()>& done, std::chrono::seconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (!done() && Clock::now() < deadline) Poll(std::chrono::milliseconds(50));
    return done();
  }
  // Reads until every partition reported its end at or past the partition's
  // end offset as of this call (an end-of-partition event from before the last
  // writes does not count; under read_committed the end is the last stable
  // offset); false when that takes longer than `timeout`. Call after the
  // writers stopped.
  bool ReadToEnd(std::chrono::seconds timeout) {
    std::map<Partition, int64_t> end;
    for (const auto& [topic, p] : assigned_) {
      int64_t low = 0, high = -1;
      if (rd_kafka_query_watermark_offsets(rk_.get(), topic.c_str(), p, &low, &high, 10000)) return false;
      end[{topic, p}] = high;
    }
    auto reached = [&](const Partition& tp, int64_t e) {
      auto it = eof_at_.find(tp);
      return it != eof_at_.end() && it->second >= e;
    };
    bool done = WaitFor([&] {
      for (const auto& [tp, e] : end)
        if (!reached(tp, e)) return false;
      return true;
    }, timeout);
    unfinished_.clear();
    for (const auto& [tp, e] : end) {
      if (reached(tp, e)) continue;
      auto it = eof_at_.find(tp);
      unfinished_ += " " + tp.first + "[" + std::to_string(tp.second) + "] end " + std::to_string(e) + ", read to " +
                     (it == eof_at_.end() ? std::string("no end event") : std::to_string(it->second)) + ";";
    }
    return done;
  }
  // After a ReadToEnd() that failed: the partitions that did not reach their end.
  const std::string& unfinished() const { return unfinished_; }
  const std::vector<OutputRecord>& records() const { return records_; }
  size_t size() const { return records_.size(); }
  // Distinct input records (partition, offset) seen.
  size_t distinct() const { return seen_.size(); }
  size_t duplicates() const { return records_.size() - seen_.size(); }
  const std::set<std::pair<int32_t, int64_t>>& seen() const { return seen_; }

 private:
  void Add(const rd_kafka_message_t* m) {
    OutputRecord r;
    r.topic = rd_kafka_topic_name(m->rkt);
    r.out_partition = m->partition;
    r.out_offset = m->offset;
    if (m->key) r.key.assign(static_cast<const char*>(m->key), m->key_len);
    if (m->payload) r.value.assign(static_cast<const char*>(m->payload), m->len);
    rd_kafka_headers_t* hdrs = nullptr;
    if (!rd_kafka_message_headers(m, &hdrs)) {
      const void* v;
      size_t n;
      if (!rd_kafka_header_get_last(hdrs, "wiretag.error", &v, &n)) r.error.assign(static_cast<const char*>(v), n);
      if (!rd_kafka_header_get_last(hdrs, "wiretag.error.detail", &v, &n)) r.detail.assign(static_cast<const char*>(v), n);
      if (!rd_kafka_header_get_last(hdrs, "wiretag.value.omitted", &v, &n)) r.omitted.assign(static_cast<const char*>(v), n);
      if (!rd_kafka_header_get_last(hdrs, "wiretag.source", &v, &n)) {
        std::string src(static_cast<const char*>(v), n);  // topic/partition/offset
        size_t b = src.rfind('/'), a = src.rfind('/', b - 1);
        r.in_partition = std::stoi(src.substr(a + 1, b - a - 1));
        r.in_offset = std::stoll(src.substr(b + 1));
      }
    }
    seen_.insert({r.in_partition, r.in_offset});
    records_.push_back(std::move(r));
  }
  static std::map<std::string, std::string> WithDefaults(const std::string& brokers,
                                                         std::map<std::string, std::string> properties) {
    properties.insert({{"bootstrap.servers", brokers}, {"group.id", "test-reader"}, {"enable.auto.commit", "false"},
                       {"enable.partition.eof", "true"}, {"log_level", "3"}, {"fetch.wait.max.ms", "20"}});
    return properties;
  }

  std::unique_ptr<rd_kafka_t, void (*)(rd_kafka_t*)> rk_;
  std::vector<Partition> assigned_;
  std::map<Partition, int64_t> eof_at_;  // offset of each partition's latest end event
  std::string unfinished_;
  std::vector<OutputRecord> records_;
  std::set<std::pair<int32_t, int64_t>> seen_;
};

// The group's committed offsets per partition of `topic` (-1001 when none).
inline std::map<int32_t, int64_t> CommittedOffsets(const std::string& brokers, const std::string& group,
                                                   const std::string& topic, int partitions) {
  auto rk = NewClient(RD_KAFKA_CONSUMER, {{"bootstrap.servers", brokers}, {"group.id", group}, {"log_level", "3"}});
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p) rd_kafka_topic_partition_list_add(list, topic.c_str(), p);
  std::map<int32_t, int64_t> out;
  if (rd_kafka_committed(rk.get(), list, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR)
    for (int i = 0; i < list->cnt; ++i) out[list->elems[i].partition] = list->elems[i].offset;
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_consumer_close(rk.get());
  return out;
}

// Per output partition and input partition, the input offsets must appear in
// increasing order (first occurrences; later duplicates are replays).
inline void ExpectInputOrderPerPartition(const std::vector<OutputRecord>& records, bool allow_replays) {
  std::map<std::tuple<std::string, int32_t, int32_t>, int64_t> last;
  std::set<std::pair<int32_t, int64_t>> seen;
  for (const auto& r : records) {
    bool first = seen.insert({r.in_partition, r.in_offset}).second;
    if (!first) {
      EXPECT_TRUE(allow_replays) << "duplicate output for input " << r.in_partition << "/" << r.in_offset;
      continue;
    }
    auto& prev = last.try_emplace({r.topic, r.out_partition, r.in_partition}, -1).first->second;
    EXPECT_LT(prev, r.in_offset) << r.topic << " partition " << r.out_partition << ": input " << r.in_partition
                                 << "/" << r.in_offset << " after " << prev;
    prev = r.in_offset;
  }
}

// wiretag_records_skipped_total{reason="offset_out_of_range"} of `topic`: of
// one partition, or summed over every partition when `partition` is not given.
inline double SkippedOffsets(const StageMetrics& metrics, const std::string& topic,
                             std::optional<int32_t> partition = std::nullopt) {
  double sum = 0;
  for (const auto& family : metrics.Collect()) {
    if (family.name != "wiretag_records_skipped_total") continue;
    for (const auto& m : family.metric) {
      bool reason = false, ours = false, part = !partition;
      for (const auto& label : m.label) {
        reason |= label.name == "reason" && label.value == "offset_out_of_range";
        ours |= label.name == "topic" && label.value == topic;
        part |= partition && label.name == "partition" && label.value == std::to_string(*partition);
      }
      if (reason && ours && part) sum += m.counter.value;
    }
  }
  return sum;
}

// The stage's processing step for tests: the real RecordProcessor, plus a
// tagger failure injected for inputs containing kTaggerFailureMarker.
inline constexpr const char* kTaggerFailureMarker = "INJECT-TAGGER-FAILURE";

class FailureInjectingTransform : public RecordTransform {
 public:
  explicit FailureInjectingTransform(std::unique_ptr<RecordTransform> inner) : inner_(std::move(inner)) {}
  std::optional<ProcessError> Process(std::string_view input, std::string* out) override {
    if (input.find(kTaggerFailureMarker) != std::string_view::npos) throw std::runtime_error("injected failure");
    return inner_->Process(input, out);
  }
  std::string_view last_uri() const override { return inner_->last_uri(); }

 private:
  std::unique_ptr<RecordTransform> inner_;
};

inline const StoryTagger& SharedTagger() {
  static std::unique_ptr<StoryTagger> tagger = StoryTagger::Load(DefaultConfigDir());
  return *tagger;
}

inline TransformFactory TestFactory(size_t max_bytes = 1 << 20) {
  ProcessorOptions options;
  options.max_message_bytes = max_bytes;
  TransformFactory inner = MakeRecordProcessorFactory(SharedTagger(), options);
  return [inner] { return std::make_unique<FailureInjectingTransform>(inner()); };
}

// Topic names unique per test, so tests can share one cluster.
struct Topics {
  std::string input, output, dlq, group;
  int partitions;
};

inline Topics MakeTopics(TestCluster& cluster, const std::string& name, int partitions) {
  Topics t{cluster.CreateTopic(name + ".in", partitions), cluster.CreateTopic(name + ".out", partitions),
           cluster.CreateTopic(name + ".dlq", 2), cluster.Name(name + ".group"), partitions};
  return t;
}

inline Topics MakeTopics(DevCluster& cluster, const std::string& name, int partitions) {
  Topics t{name + ".in", name + ".out", name + ".dlq", name + ".group", partitions};
  cluster.CreateTopic(t.input, partitions);
  cluster.CreateTopic(t.output, partitions);
  cluster.CreateTopic(t.dlq, 2);
  return t;
}

inline Config StageConfig(const std::string& brokers, const Topics& t, int workers) {
  Config c = LoadConfig("", {}, {});
  c.brokers = brokers;
  c.group = t.group;
  c.input = {t.input};
  c.output = t.output;
  c.dlq = t.dlq;
  c.workers = workers;
  c.metrics.listen = "";
  c.metrics.statistics_interval_ms = 0;
  c.stage.commit_interval_ms = 200;
  c.stage.shutdown_timeout_ms = 15000;
  c.stage.revoke_timeout_ms = 10000;
  c.kafka.common["log_level"] = "3";
  c.kafka.consumer["session.timeout.ms"] = "6000";
  c.kafka.consumer["heartbeat.interval.ms"] = "500";
  c.kafka.consumer["fetch.wait.max.ms"] = "50";
  return c;
}

// `wiretag run`'s loop on a thread of the test process.
class StageThread {
 public:
  // `metrics` (may be null) must outlive the thread.
  StageThread(Config config, TransformFactory factory, StageMetrics* metrics = nullptr)
      : thread_([this, config = std::move(config), factory = std::move(factory), metrics] {
          result_ = RunGroupStage(config, factory, metrics, stop_);
          exited_.set_value();
        }) {}
  ~StageThread() { Stop(); }
  // Graceful stop (as SIGTERM does); returns the run's result.
  StageRunResult Stop() {
    stop_ = 1;
    if (thread_.joinable()) thread_.join();
    return result_;
  }
  // Waits until the run returned by itself (or `timeout` passed); true when it did.
  bool WaitDone(std::chrono::milliseconds timeout) {
    return exited_future_.wait_for(timeout) == std::future_status::ready;
  }

 private:
  std::atomic<int> stop_{0};
  StageRunResult result_;
  std::promise<void> exited_;
  std::future<void> exited_future_ = exited_.get_future();
  std::thread thread_;
};

// build/wiretag run as a child process (stderr to `log_path`).
class StageProcess {
 public:
  StageProcess(const std::vector<std::string>& args, const std::vector<std::string>& extra_env,
               const std::string& log_path) {
    std::vector<std::string> argv{WIRETAG_BINARY, "--log-format", "text", "run"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
      if (std::string_view(*e).rfind("WIRETAG_", 0) != 0) env.emplace_back(*e);
    env.insert(env.end(), extra_env.begin(), extra_env.end());
    std::vector<char*> cargv, cenv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    for (auto& e : env) cenv.push_back(e.data());
    cenv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    if (posix_spawn(&pid_, WIRETAG_BINARY, &actions, nullptr, cargv.data(), cenv.data()) != 0)
      throw std::runtime_error("cannot start " WIRETAG_BINARY);
    posix_spawn_file_actions_destroy(&actions);
    try {
      exit_ = std::make_unique<ProcessExit>(pid_);
    } catch (...) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      throw;
    }
  }
  ~StageProcess() {
    if (exit_ && !exit_->exited()) {
      kill(pid_, SIGKILL);
      exit_->Wait(std::chrono::seconds(60));
    }
  }
  void Signal(int sig) { kill(pid_, sig); }
  // Awaits the exit for up to `timeout` (0: looks only); returns the wait status, or nullopt while it runs.
  std::optional<int> Wait(std::chrono::milliseconds timeout) { return exit_->Wait(timeout); }

 private:
  pid_t pid_ = -1;
  std::unique_ptr<ProcessExit> exit_;
};

// `wiretag run`'s arguments for topics `t` (2 workers, no metrics endpoint).
inline std::vector<std::string> ChildArgs(const std::string& brokers, const Topics& t) {
  return {"--brokers", brokers, "--group", t.group, "--input", t.input, "--output", t.output,
          "--dlq", t.dlq, "--workers", "2", "--metrics-listen", ""};
}
// The environment of a test's `wiretag run`: short commit interval and session timeout.
inline std::vector<std::string> ChildEnv(int64_t shutdown_timeout_ms) {
  return {"WIRETAG_STAGE_COMMIT_INTERVAL_MS=200", "WIRETAG_STAGE_SHUTDOWN_TIMEOUT_MS=" + std::to_string(shutdown_timeout_ms),
          "WIRETAG_KAFKA_CONSUMER_SESSION_TIMEOUT_MS=3000", "WIRETAG_KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS=300",
          "WIRETAG_KAFKA_CONSUMER_FETCH_WAIT_MAX_MS=50", "WIRETAG_METRICS_STATISTICS_INTERVAL_MS=0",
          "WIRETAG_KAFKA_COMMON_LOG_LEVEL=3", "WIRETAG_LOG_LEVEL=info"};
}
// A log file for a child process, unique to this test process.
inline std::string LogPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("wiretag-" + name + "-" + std::to_string(getpid()) + ".log"))
      .string();
}
// Lines of the log file at `path` that contain `marker`.
inline int CountLogLines(const std::string& path, const std::string& marker) {
  std::ifstream in(path);
  int count = 0;
  for (std::string line; std::getline(in, line);) count += line.find(marker) != std::string::npos;
  return count;
}
// The last `bytes` of the file at `path` (a child's log for a failure message).
inline std::string LogTail(const std::string& path, size_t bytes = 4000) {
  std::ifstream in(path);
  std::stringstream all;
  all << in.rdbuf();
  std::string s = all.str();
  return s.size() > bytes ? "..." + s.substr(s.size() - bytes) : s;
}

// The kill -9 loop over `wiretag run` child processes (args, env; stderr to log).
struct KillLoop {
  std::vector<std::string> args, env;
  std::string log;
  int kills;
  size_t total;  // the progress that means done
  // When set, a process is killed only once this also holds (e.g. "a transaction is open"),
  // or once every input is delivered.
  std::function<bool()> kill_when;
};
// `progress(wait)` polls the downstream for up to `wait` and returns its
// progress (distinct inputs seen). Starts the processes one after another.
// Process k < kills is killed with SIGKILL once it is up (its "consuming"
// line is in the log), progress has moved on since then (it did work: a
// restart killed before it consumed would prove nothing) and reached
// total*(k+1)/(kills+1); then `after_kill(k)` runs. The last process
// runs until progress reaches `total` and is stopped with SIGTERM, which must
// exit 0 (once it is up: a SIGTERM before its handlers are installed kills
// it). A process that exits by itself fails the loop at once. Fatal gtest
// failures on any of these. The log is removed first (its lines are counted).
inline void RunKillLoop(const KillLoop& loop, const std::function<size_t(std::chrono::milliseconds)>& progress,
                        const std::function<void(int)>& after_kill) {
  std::filesystem::remove(loop.log);
  for (int k = 0; k <= loop.kills; ++k) {
    const bool last = k == loop.kills;
    const size_t step = last ? loop.total : loop.total * (k + 1) / (loop.kills + 1);
    StageProcess stage(loop.args, loop.env, loop.log);
    std::optional<int> early;
    std::optional<size_t> at_up;  // progress when the process logged "consuming"
    auto deadline = Clock::now() + std::chrono::seconds(last ? 180 : 90);
    bool ok = false;
    size_t now = 0;
    // Polled in short steps, so that a process that died by itself is noticed at once.
    while (!ok && !early && Clock::now() < deadline) {
      now = progress(std::chrono::milliseconds(50));
      if (!at_up && CountLogLines(loop.log, "consuming ") >= k + 1) {
        at_up = now;
        ASSERT_TRUE(last || now < loop.total)
            << "all " << loop.total << " done before kill " << k << ": too little input for " << loop.kills << " kills";
      }
      // A process that has already delivered every input opens no more
      // transactions for kill_when to see: it is killed idle.
      ok = at_up && now >= (last ? step : std::max(step, *at_up + 1)) &&
           (last || !loop.kill_when || now >= loop.total || loop.kill_when());
      if (!ok) early = stage.Wait(std::chrono::milliseconds(0));
    }
    ASSERT_FALSE(early.has_value()) << "process " << k << " exited by itself (wait status " << *early << "), log "
                                    << loop.log << ":\n" << LogTail(loop.log);
    ASSERT_TRUE(ok) << "process " << k << ": progress " << now << ", step " << step << ", up: " << at_up.has_value()
                    << ", log " << loop.log << ":\n"
                    << LogTail(loop.log);
    if (last) {
      stage.Signal(SIGTERM);
      auto status = stage.Wait(std::chrono::seconds(30));
      ASSERT_TRUE(status.has_value()) << "no exit 30 s after SIGTERM, log " << loop.log;
      EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
          << "wait status " << *status << ", log " << loop.log << ":\n" << LogTail(loop.log);
    } else {
      stage.Signal(SIGKILL);
      ASSERT_TRUE(stage.Wait(std::chrono::seconds(10)).has_value());
      after_kill(k);
    }
  }
}

}  // namespace wiretag::testing
