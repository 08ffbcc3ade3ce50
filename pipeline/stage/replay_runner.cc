#include "pipeline/stage/replay_runner.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

#include <spdlog/spdlog.h>

#include "pipeline/stage/replay_ack_tracker.h"
#include "pipeline/stage/token_bucket.h"

namespace wiretag {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct Job {
  ReplayRecord record;
  std::string out, uri;
  std::optional<EnrichFailure> failure;
  std::atomic<bool> done{false};
};

// N threads enriching jobs; completion is signalled per job (Job::done) and by
// a counter the main loop can wait on.
class WorkerPool {
 public:
  explicit WorkerPool(std::vector<std::unique_ptr<ReplayEnricher>> enrichers) {
    for (auto& e : enrichers)
      threads_.emplace_back([this, enricher = std::move(e)] { Work(*enricher); });
  }
  ~WorkerPool() { Shutdown(); }
  // Drops jobs not yet started, waits for the running ones, joins the threads.
  void Shutdown() {
    {
      std::lock_guard lock(mu_);
      closing_ = true;
      busy_ -= static_cast<int64_t>(queue_.size());
      queue_.clear();
    }
    work_cv_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }
  void Submit(Job* job) {
    {
      std::lock_guard lock(mu_);
      queue_.push_back(job);
      ++busy_;
    }
    work_cv_.notify_one();
  }
  int64_t Busy() {
    std::lock_guard lock(mu_);
    return busy_;
  }
  // Waits until some job completes or the timeout passes.
  void AwaitCompletion(milliseconds timeout) {
    std::unique_lock lock(mu_);
    uint64_t seen = completed_;
    done_cv_.wait_for(lock, timeout, [&] { return completed_ != seen || busy_ == 0; });
  }

 private:
  void Work(ReplayEnricher& enricher) {
    while (true) {
      Job* job;
      {
        std::unique_lock lock(mu_);
        work_cv_.wait(lock, [&] { return closing_ || !queue_.empty(); });
        if (queue_.empty()) return;
        job = queue_.front();
        queue_.pop_front();
      }
      try {
        job->failure = enricher.Enrich(job->record.value, &job->out, &job->uri);
      } catch (const std::exception& e) {
        job->failure = EnrichFailure{"tagger_failure", e.what()};
      }
      job->done.store(true, std::memory_order_release);
      {
        std::lock_guard lock(mu_);
        ++completed_;
        --busy_;
      }
      done_cv_.notify_one();
    }
  }

  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<Job*> queue_;
  uint64_t completed_ = 0;
  int64_t busy_ = 0;
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

struct Ticket {
  int32_t partition;
  int64_t offset;
  bool dead_letter;
  std::string reason;
  ReplayRecord record;  // key/partition/offset only, for the observer
};

}  // namespace

ReplaySummary RunReplay(ReplaySource& source, ReplayOutput& output, const ReplayEnricherFactory& enrichers,
                        ReplayRunnerOptions options) {
  ReplaySummary summary;
  summary.plan = options.plan;
  ReplayCheckpoint& plan = summary.plan;

  // Declared before the pool: jobs must outlive the threads working on them.
  std::map<int32_t, std::deque<std::unique_ptr<Job>>> ordered;
  std::vector<std::unique_ptr<ReplayEnricher>> made;
  for (int i = 0; i < std::max(1, options.workers); ++i) made.push_back(enrichers());
  WorkerPool pool(std::move(made));

  ReplayAckTracker tracker;
  int64_t total = 0, done_at_start = 0;
  for (const auto& [p, r] : plan.partitions) {
    tracker.Start(p, r.next);
    if (r.next >= r.to) tracker.MarkEnd(p, r.to);
    total += r.to - r.from;
    done_at_start += r.next - r.from;
  }
  std::map<int32_t, bool> end_marked;
  std::unordered_map<uint64_t, Ticket> tickets;
  uint64_t next_ticket = 1;
  std::optional<TokenBucket> bucket;
  if (options.rate > 0) bucket.emplace(options.rate, std::max(1.0, options.rate / 10));

  const auto start = Clock::now();
  auto last_checkpoint = start, last_progress = start;
  Clock::time_point read_blocked_until{}, drain_deadline{};
  bool stopping = false, output_dead = false;
  std::vector<OutputAck> acks;

  auto fail = [&](const std::string& why) {
    if (summary.failure.empty()) summary.failure = why;
    if (!stopping) drain_deadline = Clock::now() + options.drain_timeout;
    stopping = true;
  };
  auto snapshot = [&] {
    ReplayProgressSnapshot s;
    for (const auto& [p, r] : plan.partitions) s.done += tracker.Next(p) - r.from;
    s.done_at_start = done_at_start;
    s.total = total;
    s.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    s.read = summary.read;
    s.enriched = summary.enriched;
    s.dead_lettered = summary.dead_lettered;
    return s;
  };
  auto save_checkpoint = [&] {
    for (auto& [p, r] : plan.partitions) r.next = tracker.Next(p);
    if (!options.checkpoint_file) return;
    try {
      plan.Save(*options.checkpoint_file);
    } catch (const std::exception& e) {
      fail(e.what());
    }
  };
  auto dispatch = [&](ReplayRecord&& rec) {
    auto job = std::make_unique<Job>();
    job->record = std::move(rec);
    tracker.Dispatched(job->record.partition, job->record.offset);
    ++summary.read;
    if (options.observer) options.observer->OnRead(job->record);
    pool.Submit(job.get());
    ordered[job->record.partition].push_back(std::move(job));
  };
  auto emit = [&](Job& job) {
    const ReplayRecord& in = job.record;
    OutputRecord out;
    out.headers.emplace_back("wiretag.source", source.Origin(in));
    out.headers.emplace_back("wiretag.version", options.version);
    Ticket t{in.partition, in.offset, job.failure.has_value(), "", {}};
    if (job.failure) {
      out.to_dlq = true;
      out.has_key = in.has_key;
      out.key = in.key;
      out.value = in.value;
      out.headers.emplace_back("wiretag.error", job.failure->reason);
      out.headers.emplace_back("wiretag.error.detail", job.failure->detail);
      t.reason = job.failure->reason;
    } else {
      out.value = std::move(job.out);
      out.has_key = in.has_key || !job.uri.empty();
      out.key = in.has_key ? in.key : job.uri;
    }
    t.record.partition = in.partition;
    t.record.offset = in.offset;
    t.record.timestamp_ms = in.timestamp_ms;
    uint64_t ticket = next_ticket++;
    tickets.emplace(ticket, std::move(t));
    output.Send(std::move(out), ticket);
  };
  auto take_acks = [&] {
    for (const OutputAck& a : acks) {
      auto it = tickets.find(a.ticket);
      if (it == tickets.end()) continue;
      const Ticket& t = it->second;
      tracker.Acked(t.partition, t.offset, a.ok);
      if (!a.ok) {
        fail("delivery of " + source.Origin(t.record) + " failed: " + a.error);
      } else if (t.dead_letter) {
        ++summary.dead_lettered;
        if (options.observer) options.observer->OnDeadLettered(t.reason);
      } else {
        ++summary.enriched;
        if (options.observer) options.observer->OnEnriched(t.record);
      }
      tickets.erase(it);
    }
    bool any = !acks.empty();
    acks.clear();
    return any;
  };

  while (true) {
    bool progressed = false;
    auto now = Clock::now();
    if (options.stop && options.stop() && !stopping) fail("interrupted");

    // 1. Read, within the in-flight bound and the rate.
    if (!stopping) {
      try {
        for (int batch = 0; batch < 512 && tracker.InFlight() < options.max_inflight && now >= read_blocked_until &&
                            !source.Exhausted();
             ++batch) {
          std::optional<ReplayRecord> rec = source.Next(milliseconds(0));
          if (!rec) break;
          dispatch(std::move(*rec));
          progressed = true;
          if (bucket) {
            auto wait = bucket->Reserve();
            if (wait.count() > 0) read_blocked_until = Clock::now() + wait;
          }
        }
      } catch (const std::exception& e) {
        fail(e.what());
      }
    }

    // 2. Send finished heads of each partition, in input order.
    if (!output_dead) {
      try {
        for (auto& [p, q] : ordered) {
          while (!q.empty() && q.front()->done.load(std::memory_order_acquire)) {
            emit(*q.front());
            q.pop_front();
            progressed = true;
          }
        }
      } catch (const std::exception& e) {
        output_dead = true;
        fail(e.what());
      }
    }

    // 3. Acknowledgements.
    try {
      output.Poll(milliseconds(0), &acks);
    } catch (const std::exception& e) {
      output_dead = true;
      fail(e.what());
    }
    progressed |= take_acks();
    for (const auto& [p, end] : source.Ends()) {
      if (!end_marked[p] && source.PartitionExhausted(p)) {
        tracker.MarkEnd(p, end);
        end_marked[p] = true;
      }
    }
    if (options.observer) options.observer->OnInflight(tracker.InFlight());

    now = Clock::now();
    if (now - last_checkpoint >= options.checkpoint_interval) {
      save_checkpoint();
      last_checkpoint = now;
    }
    if (options.on_progress && now - last_progress >= options.progress_interval) {
      options.on_progress(snapshot());
      last_progress = now;
    }

    // 4. Done?
    if (!stopping && source.Exhausted() && tracker.InFlight() == 0) break;
    if (stopping && (tracker.InFlight() == 0 || output_dead || now >= drain_deadline)) break;
    if (stopping && pool.Busy() == 0 && output.Pending() == 0) {
      // Everything emitted and acknowledged that can be; what is left never will be.
      bool heads_waiting = false;
      for (auto& [p, q] : ordered) heads_waiting |= !q.empty();
      if (!heads_waiting) break;
    }

    // 5. Nothing happened: wait for whichever event can come.
    if (!progressed) {
      if (pool.Busy() > 0) {
        pool.AwaitCompletion(milliseconds(5));
      } else if (output.Pending() > 0) {
        try {
          output.Poll(milliseconds(5), &acks);
        } catch (const std::exception& e) {
          output_dead = true;
          fail(e.what());
        }
      } else if (!stopping && !source.Exhausted() && tracker.InFlight() < options.max_inflight) {
        if (now < read_blocked_until) {
          std::this_thread::sleep_for(std::min<Clock::duration>(read_blocked_until - now, milliseconds(50)));
        } else {
          try {
            if (auto rec = source.Next(milliseconds(50))) dispatch(std::move(*rec));
          } catch (const std::exception& e) {
            fail(e.what());
          }
        }
      }
    }
  }

  pool.Shutdown();

  // Final acknowledgements and checkpoint.
  if (!output_dead) {
    try {
      output.Flush(stopping ? std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(
                                                            drain_deadline - Clock::now()))
                            : options.drain_timeout,
                   &acks);
    } catch (const std::exception& e) {
      fail(e.what());
    }
    take_acks();
  }
  for (const auto& [p, end] : source.Ends())
    if (source.PartitionExhausted(p)) tracker.MarkEnd(p, end);
  save_checkpoint();
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  summary.progress = snapshot();
  summary.complete = summary.failure.empty() && plan.Complete();
  if (summary.failure.empty() && !summary.complete) summary.failure = "the replay stopped before the end of its range";
  if (options.on_progress) options.on_progress(summary.progress);
  return summary;
}

}  // namespace wiretag
