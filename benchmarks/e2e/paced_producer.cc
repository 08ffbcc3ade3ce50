// wiretag_paced_producer: the load generator of benchmarks/e2e/run.sh. Reads
// KEY<TAB>VALUE lines (gen_stories.py's output) and produces them to a topic at a
// steady rate, each record stamped with its produce time (CreateTime), so that
// output timestamp - input timestamp is the latency through a stage. kcat -P
// cannot do this: it reads its input in large blocks, so a paced pipe into it
// releases records in bursts.
//
//   wiretag_paced_producer --brokers B --topic T --file stories.tsv
//                          [--rate N] [--count N] [--key-prefix P] [--linger-ms N]
//
// --rate 0 (default) produces as fast as it can. --count N produces N records,
// cycling through the file; with a cycle beyond the first, keys get
// "<cycle>-" in front to stay unique. --key-prefix is put before every key.
// --linger-ms (default 1) is the producer's linger.ms; a record's timestamp is
// taken when it is handed to librdkafka, so the linger counts in the latency.
// Exit status 0 when every record was acknowledged (acks=all), 1 otherwise, 2 on
// bad arguments.
#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/stage/token_bucket.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

long g_failed = 0;
void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
  if (m->err) {
    if (g_failed++ < 5) std::fprintf(stderr, "wiretag_paced_producer: delivery failed: %s\n", rd_kafka_err2str(m->err));
  }
}

[[noreturn]] void Usage(const char* msg) {
  std::fprintf(stderr,
               "wiretag_paced_producer: %s\nusage: wiretag_paced_producer --brokers B --topic T --file F "
               "[--rate N] [--count N] [--key-prefix P] [--linger-ms N]\n",
               msg);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string brokers, topic, file, key_prefix, linger = "1";
  double rate = 0;
  long count = -1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 >= argc) Usage(("missing value after " + a).c_str());
    std::string v = argv[++i];
    if (a == "--brokers") brokers = v;
    else if (a == "--topic") topic = v;
    else if (a == "--file") file = v;
    else if (a == "--rate") rate = std::atof(v.c_str());
    else if (a == "--count") count = std::atol(v.c_str());
    else if (a == "--key-prefix") key_prefix = v;
    else if (a == "--linger-ms") linger = v;
    else Usage(("unknown option " + a).c_str());
  }
  if (brokers.empty() || topic.empty() || file.empty()) Usage("--brokers, --topic and --file are required");

  std::vector<std::pair<std::string, std::string>> records;
  std::ifstream in(file);
  if (!in) Usage(("cannot open " + file).c_str());
  for (std::string line; std::getline(in, line);) {
    size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    records.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  if (records.empty()) Usage(("no KEY<TAB>VALUE line in " + file).c_str());
  if (count < 0) count = static_cast<long>(records.size());

  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  auto set = [&](const char* k, const std::string& v) {
    if (rd_kafka_conf_set(conf, k, v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) Usage(err);
  };
  set("bootstrap.servers", brokers);
  set("linger.ms", linger);
  set("acks", "all");
  set("enable.idempotence", "true");
  set("queue.buffering.max.messages", "1000000");
  set("queue.buffering.max.kbytes", "2097151");
  rd_kafka_conf_set_dr_msg_cb(conf, OnDelivery);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) Usage(err);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  // The same pacing as `wiretag replay --rate`. Records are released in ticks
  // of at least 1 ms: sleeping per record at tens of thousands per second
  // would cost more than producing. The bucket holds 20 ms worth, so a sleep
  // that overruns its tick is made up at once and the average rate holds.
  std::optional<wiretag::TokenBucket> bucket;
  if (rate > 0) bucket.emplace(rate, std::max(1.0, rate / 50));
  long sent = 0;
  std::string key;
  for (; sent < count && !g_stop; ++sent) {
    if (bucket) {
      if (const auto wait = bucket->Reserve(); wait.count() > 0) {
        rd_kafka_poll(rk, 0);
        std::this_thread::sleep_for(std::max<std::chrono::nanoseconds>(wait, std::chrono::milliseconds(1)));
      }
    }
    const auto& [k, v] = records[static_cast<size_t>(sent) % records.size()];
    long cycle = sent / static_cast<long>(records.size());
    key = key_prefix;
    if (cycle > 0) key += std::to_string(cycle) + "-";
    key += k;
    for (;;) {
      rd_kafka_resp_err_t e = rd_kafka_producev(
          rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
          RD_KAFKA_V_KEY(key.data(), key.size()), RD_KAFKA_V_VALUE(const_cast<char*>(v.data()), v.size()),
          RD_KAFKA_V_END);
      if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        rd_kafka_poll(rk, 10);
        continue;
      }
      if (e) {
        std::fprintf(stderr, "wiretag_paced_producer: produce: %s\n", rd_kafka_err2str(e));
        return 1;
      }
      break;
    }
    if ((sent & 255) == 0) rd_kafka_poll(rk, 0);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  rd_kafka_resp_err_t flush = rd_kafka_flush(rk, 120 * 1000);
  rd_kafka_destroy(rk);
  std::fprintf(stderr, "wiretag_paced_producer: %ld records to %s in %.2f s (%.0f/s)%s\n", sent, topic.c_str(),
               seconds, seconds > 0 ? sent / seconds : 0.0, g_failed ? ", some FAILED" : "");
  std::printf("%ld\n", sent);
  return (flush || g_failed || sent < count) ? 1 : 0;
}
