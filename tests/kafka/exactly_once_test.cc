// Exactly-once delivery on real Apache Kafka (issue 15): `wiretag run
// --delivery exactly-once` commits its enriched records, dead letters and
// consumed offsets in one transaction, so a downstream reader with
// isolation.level=read_committed sees every input record exactly once across
// the output and dead-letter topics — through 20 kill -9 restarts, through
// rebalances of three instances, and (ExactlyOnceBrokerFaultTest, on the
// 3-broker cluster) through the group coordinator, which also leads output
// partitions, killed with SIGKILL during load.
// The controls show the tests can fail: read_uncommitted over the same topics
// sees the aborted transactions' duplicates, and the same kill loop in
// at-least-once mode leaves duplicates even under read_committed.
#include <iostream>
#include <thread>

#include "tests/kafka/delivery_verifier.h"
#include "tests/kafka/real_kafka_support.h"

namespace wiretag::testing {
namespace {

constexpr int kPartitions = 4;

// Story i, or for every 10th a record that is not JSON (it dead-letters as invalid_json).
std::string StoryOrPoison(int i) {
  if (i % 10 == 7) return R"({"uri":"urn:bad:)" + std::to_string(i) + R"(","bodies":[{"value":"unterminated)";
  return Story(i);
}

void ProduceInputs(InputProducer& producer, const Topics& t, int first, int n) {
  for (int i = first; i < first + n; ++i)
    producer.Send(t.input, i % t.partitions, "key-" + std::to_string(i), StoryOrPoison(i));
  producer.Flush();
}

// Inputs first..first+n-1 produced round-robin: the end offset of each input partition.
std::map<int32_t, int64_t> InputEnd(int partitions, int n) {
  std::map<int32_t, int64_t> end;
  for (int p = 0; p < partitions; ++p) end[p] = n / partitions + (p < n % partitions ? 1 : 0);
  return end;
}

// The child environment for `delivery` ("" = the default, at-least-once) with
// the consumer's session timeout `session_ms`: short in the kill loops (1 s, the broker's minimum) (a member
// killed with SIGKILL holds its partitions until then), longer where a slow
// broker must not cost the member its partitions.
std::vector<std::string> DeliveryEnv(const std::string& delivery, const std::string& instance_id,
                                     int session_ms = 1000) {
  std::vector<std::string> env = ChildEnv(10000);
  for (auto& e : env) {
    if (e.rfind("WIRETAG_KAFKA_CONSUMER_SESSION_TIMEOUT_MS=", 0) == 0)
      e = "WIRETAG_KAFKA_CONSUMER_SESSION_TIMEOUT_MS=" + std::to_string(session_ms);
    if (e.rfind("WIRETAG_KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS=", 0) == 0)
      e = "WIRETAG_KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS=" + std::to_string(session_ms / 6);
  }
  // Few records in flight: a restarted process commits its first transaction
  // soon, so each of the 20 processes gets work before the input runs out.
  env.push_back("WIRETAG_STAGE_MAX_INFLIGHT_RECORDS=500");
  if (!delivery.empty()) {
    env.push_back("WIRETAG_DELIVERY=" + delivery);
    env.push_back("WIRETAG_INSTANCE_ID=" + instance_id);
    // Small transactions: each kill lands in an open one most of the time.
    env.push_back("WIRETAG_TRANSACTIONS_MAX_RECORDS=500");
    env.push_back("WIRETAG_TRANSACTIONS_INTERVAL_MS=100");
  }
  // For a diagnosis: WIRETAG_TEST_CHILD_KAFKA_DEBUG=cgrp,eos,fetch (librdkafka's
  // `debug` contexts) puts the client's debug log into the child's log.
  if (const char* debug = std::getenv("WIRETAG_TEST_CHILD_KAFKA_DEBUG")) {
    env.push_back(std::string("WIRETAG_KAFKA_COMMON_DEBUG=") + debug);
    for (auto& e : env)
      if (e.rfind("WIRETAG_LOG_LEVEL=", 0) == 0) e = "WIRETAG_LOG_LEVEL=debug";
      else if (e.rfind("WIRETAG_KAFKA_COMMON_LOG_LEVEL=", 0) == 0) e = "WIRETAG_KAFKA_COMMON_LOG_LEVEL=7";
  }
  return env;
}

// A read_committed and a read_uncommitted reader of the same output + DLQ topics.
struct Downstream {
  Downstream(const std::string& brokers, const Topics& t)
      : dlq(t.dlq),
        committed(brokers, "read_committed", {{t.output, t.partitions}, {t.dlq, 2}}),
        uncommitted(brokers, "read_uncommitted", {{t.output, t.partitions}, {t.dlq, 2}}) {}
  // Polls the committed view until it has seen `target` distinct inputs.
  bool Reached(size_t target, std::chrono::seconds timeout) {
    return committed.WaitFor([&] { return committed.distinct() >= target; }, timeout);
  }
  // After the writers stopped: both readers to the end of every partition.
  void Drain() {
    ASSERT_TRUE(committed.ReadToEnd(std::chrono::seconds(60)))
        << "read_committed did not reach the end of every partition (a transaction left open?):"
        << committed.unfinished();
    ASSERT_TRUE(uncommitted.ReadToEnd(std::chrono::seconds(60)));
  }
  std::string dlq;
  DeliveryVerifier committed, uncommitted;
};

class ExactlyOnceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster_.real()) << kNeedsRealCluster;
  }
  std::string brokers() const { return cluster_.bootstrap_servers(); }

  // Runs n inputs (a tenth dead-letter) through `kills` kill -9 restarts of
  // `wiretag run` with `delivery`, each restart with the same instance id,
  // then a last process to the end; leaves the downstream read to the end.
  void KillNineLoop(const std::string& name, const std::string& delivery, int n, int kills,
                    std::unique_ptr<Downstream>* out) {
    Topics t = MakeTopics(cluster_, name, kPartitions);
    InputProducer producer(brokers());
    ProduceInputs(producer, t, 0, n);
    *out = std::make_unique<Downstream>(brokers(), t);
    Downstream& down = **out;
    KillLoop loop{ChildArgs(brokers(), t), DeliveryEnv(delivery, name), LogPath(name), kills, static_cast<size_t>(n)};
    if (!delivery.empty()) {
      // Kill mid-transaction: records on the broker that read_committed does not
      // show yet (an open transaction; after the first kill possibly also the
      // aborted records of the previous process, until they are redone).
      loop.kill_when = [&] {
        down.uncommitted.Poll(std::chrono::milliseconds(20));
        return down.uncommitted.distinct() > down.committed.distinct();
      };
    }
    RunKillLoop(
        loop, [&](std::chrono::milliseconds wait) {
          down.committed.Poll(wait);
          return down.committed.distinct();
        },
        [](int) {});
    if (::testing::Test::HasFatalFailure()) return;
    down.Drain();
  }

  TestCluster cluster_{1};
};

TEST_F(ExactlyOnceTest, TwentyKillNineRestartsDeliverEveryInputExactlyOnceToReadCommitted) {
  const int n = 20000;
  std::unique_ptr<Downstream> down;
  KillNineLoop("eos-kill9", "exactly-once", n, 20, &down);
  ASSERT_FALSE(HasFatalFailure());
  auto committed = down->committed.Check(InputEnd(kPartitions, n));
  auto uncommitted = down->uncommitted.Check(InputEnd(kPartitions, n));
  std::cout << "[ eos kill -9 x20 ] " << down->committed.Describe(committed) << "\n"
            << "[ eos kill -9 x20 ] " << down->uncommitted.Describe(uncommitted) << "\n";
  EXPECT_TRUE(committed.exactly_once()) << down->committed.Describe(committed);
  // The control: the aborted transactions of the killed processes are in the
  // log, so a reader that ignores transactions sees duplicates. Without them
  // this test could not tell exactly-once from at-least-once.
  EXPECT_EQ(uncommitted.lost, 0u) << down->uncommitted.Describe(uncommitted);
  EXPECT_GT(uncommitted.duplicated, 0u) << "read_uncommitted saw no aborted duplicates: "
                                        << down->uncommitted.Describe(uncommitted);
  EXPECT_EQ(down->committed.records_in(down->dlq), static_cast<size_t>(n / 10)) << "every tenth input dead-letters";
  RecordProperty("uncommitted_duplicates", static_cast<int>(uncommitted.duplicated));
}

// The same loop (ten kills) in the default mode: offsets are committed after the output is
// acknowledged, not with it, so read_committed sees the redone window twice.
TEST_F(ExactlyOnceTest, TheSameKillLoopInAtLeastOnceModeLeavesDuplicatesUnderReadCommitted) {
  const int n = 20000;
  std::unique_ptr<Downstream> down;
  KillNineLoop("alo-kill9", "", n, 10, &down);  // ten kills suffice to show it, and bound CI time
  ASSERT_FALSE(HasFatalFailure());
  auto committed = down->committed.Check(InputEnd(kPartitions, n));
  std::cout << "[ at-least-once kill -9 x10 ] " << down->committed.Describe(committed) << "\n";
  EXPECT_EQ(committed.lost, 0u) << down->committed.Describe(committed);
  EXPECT_GT(committed.duplicated, 0u) << "at-least-once showed no duplicates: the kill loop does not exercise the "
                                         "uncommitted window, so the exactly-once test would prove nothing";
}

// Three exactly-once instances (distinct instance ids) join one by one while
// input arrives in batches, then leave one by one (SIGTERM): each membership
// change moves partitions, and a member's transaction that its generation no
// longer allows must be aborted, never committed.
TEST_F(ExactlyOnceTest, ThreeInstancesJoiningAndLeavingDeliverEveryInputExactlyOnceToReadCommitted) {
  Topics t = MakeTopics(cluster_, "eos-rebalance", 6);
  InputProducer producer(brokers());
  const int n = 12000, batch = 1000;
  Downstream down(brokers(), t);
  const std::string log = LogPath("eos-rebalance");
  std::filesystem::remove(log);
  int started = 0;
  auto start = [&](const std::string& id) {
    ++started;
    return std::make_unique<StageProcess>(ChildArgs(brokers(), t), DeliveryEnv("exactly-once", "eos-rebalance-" + id, 3000), log);
  };
  auto leave = [&](std::unique_ptr<StageProcess>& member, const char* id) {
    // Not before it is up (its handlers installed): every member started so far logged "consuming".
    ASSERT_TRUE(down.committed.WaitFor([&] { return CountLogLines(log, "consuming ") >= started; },
                                       std::chrono::seconds(60)))
        << id << " never started consuming, log " << log;
    member->Signal(SIGTERM);
    auto status = member->Wait(std::chrono::seconds(30));
    ASSERT_TRUE(status.has_value()) << id << " did not exit 30 s after SIGTERM, log " << log;
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
        << id << ": wait status " << *status << ", log " << log << ":\n" << LogTail(log);
    member.reset();
  };
  std::unique_ptr<StageProcess> a = start("a"), b, c;
  for (int k = 0; k < n / batch; ++k) {
    ProduceInputs(producer, t, k * batch, batch);
    if (k == 2) b = start("b");
    if (k == 4) c = start("c");
    if (k == 6) leave(a, "a");
    if (k == 8) leave(b, "b");
    if (k == 9) a = start("a");  // a comes back under its own id: fences nothing of b's or c's
    if (k == 10) leave(c, "c");
    ASSERT_FALSE(HasFatalFailure());
    for (auto* m : {&a, &b, &c}) {
      if (*m) {
        ASSERT_FALSE((*m)->Wait(std::chrono::milliseconds(0)).has_value())
            << "a member exited by itself, log " << log << ":\n" << LogTail(log);
      }
    }
    ASSERT_TRUE(down.Reached(static_cast<size_t>((k + 1) * batch) - batch / 2, std::chrono::seconds(90)))
        << "batch " << k << ": " << down.committed.distinct() << ", log " << log << ":\n" << LogTail(log);
  }
  ASSERT_TRUE(down.Reached(n, std::chrono::seconds(90))) << down.committed.distinct() << " of " << n;
  leave(a, "a");
  down.Drain();
  ASSERT_FALSE(HasFatalFailure());
  auto committed = down.committed.Check(InputEnd(6, n));
  auto uncommitted = down.uncommitted.Check(InputEnd(6, n));
  std::cout << "[ eos rebalance ] " << down.committed.Describe(committed) << "\n"
            << "[ eos rebalance ] " << down.uncommitted.Describe(uncommitted) << "\n";
  EXPECT_TRUE(committed.exactly_once()) << down.committed.Describe(committed);
}

// On the 3-broker cluster (replication 3, min.insync.replicas 2): the leader of
// a busy output partition is killed with SIGKILL under exactly-once load and
// restarted. In-flight transactions may abort (the stage rewinds to its last
// committed offsets), or fail fatally (the stage exits 1 and, as under an
// orchestrator, is started again); none may commit twice or lose records.
class ExactlyOnceBrokerFaultTest : public ExactlyOnceTest {};

TEST_F(ExactlyOnceBrokerFaultTest, KillNineOfTheGroupCoordinatorLeadingOutputPartitionsDeliversEveryInputExactlyOnce) {
  Topics t = MakeTopics(cluster_, "eos-killleader", 6);
  InputProducer producer(brokers());
  const int n = 12000;
  ProduceInputs(producer, t, 0, n / 2);
  Downstream down(brokers(), t);
  const std::string log = LogPath("eos-killleader");
  std::filesystem::remove(log);
  // As an orchestrator would: a stage that exits 1 (a fatal transaction error,
  // the documented exit) is started again under the same instance id; any
  // other exit fails the test. Restarts are allowed, not required to be zero:
  // librdkafka 2.8.0 declares some answers of a transaction coordinator that
  // just failed over fatal (EndTxn answered INVALID_TXN_STATE after
  // AddOffsetsToTxn was answered CONCURRENT_TRANSACTIONS, in one development
  // run), and then no abort is possible: the stage must exit 1 at once,
  // and its successor must resume exactly once. What the test forbids is a
  // stage that neither progresses nor exits (the await deadlines).
  auto start = [&] {
    return std::make_unique<StageProcess>(ChildArgs(brokers(), t), DeliveryEnv("exactly-once", "eos-killleader", 6000),
                                          log);
  };
  std::unique_ptr<StageProcess> stage = start();
  int restarts = 0;
  auto await = [&](size_t target, std::chrono::seconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      if (down.Reached(target, std::chrono::seconds(1))) return true;
      if (auto status = stage->Wait(std::chrono::milliseconds(0))) {
        EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 1)
            << "the stage died (wait status " << *status << "), log " << log << ":\n" << LogTail(log);
        if (!(WIFEXITED(*status) && WEXITSTATUS(*status) == 1)) return false;
        ++restarts;
        stage = start();
      }
    }
    return false;
  };
  ASSERT_TRUE(await(n / 4, std::chrono::seconds(120))) << down.committed.distinct() << ", log " << log;
  // The broker killed is the group's coordinator (it also takes the
  // transactions' offsets), and leads output partitions: the hardest single
  // failure, since the member loses its session, the group's offsets move to
  // a coordinator that must load them, and produce requests fail over too.
  const int coordinator = GroupCoordinator(brokers(), t.group);
  ASSERT_GT(coordinator, 0) << "the group's coordinator is not known";
  const std::string leader = std::to_string(coordinator);
  int led = 0;
  for (int p = 0; p < 6; ++p) led += KafkaLocal("leader --topic '" + t.output + "' --partition " + std::to_string(p)) == leader;
  ASSERT_GT(led, 0) << "broker " << leader << " (the group's coordinator) leads no output partition";
  std::string producer_failure;
  std::thread load([&] {
    try {
      for (int i = n / 2; i < n; ++i) producer.Send(t.input, i % 6, "key-" + std::to_string(i), StoryOrPoison(i));
      for (int attempt = 0;; ++attempt) {  // a flush may have to outlast the fault
        try {
          producer.Flush();
          break;
        } catch (const std::exception&) {
          if (attempt == 4) throw;
        }
      }
    } catch (const std::exception& e) {
      producer_failure = e.what();
    }
  });
  KafkaLocal("kill --broker " + leader);
  // Transactions keep committing on the other two brokers while the leader is dead.
  bool progressed = await(n / 2, std::chrono::seconds(180));
  KafkaLocal("start");
  load.join();
  ASSERT_TRUE(progressed) << "no progress with broker " << leader << " dead: " << down.committed.distinct()
                          << ", log " << log << ":\n" << LogTail(log);
  ASSERT_EQ(producer_failure, "");
  ASSERT_TRUE(await(n, std::chrono::seconds(300))) << down.committed.distinct() << " of " << n << ", log " << log
                                                   << ":\n" << LogTail(log);
  ASSERT_TRUE(down.committed.WaitFor([&] { return CountLogLines(log, "consuming ") >= restarts + 1; },
                                     std::chrono::seconds(60)));  // up before SIGTERM
  stage->Signal(SIGTERM);
  auto status = stage->Wait(std::chrono::seconds(30));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << "wait status " << *status << ", log " << log;
  std::cout << "[ eos killleader ] broker " << leader << " killed; stage restarts after exit 1: " << restarts << "\n";
  RecordProperty("restarts", restarts);
  down.Drain();
  ASSERT_FALSE(HasFatalFailure());
  auto committed = down.committed.Check(InputEnd(6, n));
  auto uncommitted = down.uncommitted.Check(InputEnd(6, n));
  std::cout << "[ eos killleader ] " << down.committed.Describe(committed) << "\n"
            << "[ eos killleader ] " << down.uncommitted.Describe(uncommitted) << "\n";
  EXPECT_TRUE(committed.exactly_once()) << down.committed.Describe(committed);
}

}  // namespace
}  // namespace wiretag::testing
