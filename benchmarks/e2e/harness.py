#!/usr/bin/env python3
"""End-to-end benchmark of wiretag against the Kafka I/O ceiling and a typical peer.

Run it through benchmarks/e2e/run.sh (which documents the options). One run starts
`wiretag dev-broker`, loads N generated stories onto `bench.raw`, and for each peer

  1. throughput pass: the peer consumes bench.raw in a fresh group and writes a fresh
     output topic; a kcat collector counts the outputs and records their timestamps.
     stories/s and MB/s run from the first output record's timestamp to the last;
     CPU per story is the process's utime+stime (sampled from /proc/PID/stat) over
     that window; peak RSS is ru_maxrss from wait4;
  2. latency pass: a fresh input topic, a few warm-up records awaited at the output,
     then stories produced at half the rate measured in pass 1; latency = output
     record timestamp - input record timestamp, matched by key.

Optionally a soak: `wiretag run` (all workers) under a steady paced load for S
seconds with its RSS sampled every few seconds.

The broker is `wiretag dev-broker` (librdkafka's mock cluster) by default; with
--kafka VERSION it is real Apache Kafka, a 1-broker cluster the harness starts
with tests/kafka/kafka-local and stops at the end; with --bootstrap HOST:PORT a
cluster of your own. On real brokers every topic name gets a suffix unique to the
run (reruns never meet older records), topics are created by the broker's
auto-creation (kcat -L -t) and must come out with --partitions partitions.

Every child is stopped on exit, on failure and on SIGINT/SIGTERM. Exit status 0
when every peer delivered every story, 1 when records were lost or a step failed,
2 for bad arguments or a missing tool.
"""
import argparse
import csv
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
NODE_STAGE = os.path.join(REPO, "benchmarks", "peers", "node-stage")
ALL_PEERS = ["kcat", "wiretag1", "wiretagN", "wiretagN-eos", "node"]
# wiretagN-eos (wiretagN with --delivery exactly-once) is asked for by name: it measures a mode's cost,
# not the stage against its peers.
DEFAULT_PEERS = ["kcat", "wiretag1", "wiretagN", "node"]
KAFKA_LOCAL = os.path.join(REPO, "tests", "kafka", "kafka-local")
KCAT_REPEATS = 3
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


class HarnessError(Exception):
    pass


def log(msg):
    print(f"[e2e {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- processes

CHILDREN = []  # every Popen we started, stopped in stop_all()


def spawn(args, name, **kw):
    kw.setdefault("stdin", subprocess.DEVNULL)
    p = subprocess.Popen(args, **kw)
    p.name = name
    p.rusage = None
    CHILDREN.append(p)
    return p


def reap(p, timeout):
    """Waits for p with wait4 so that its rusage is kept; False on timeout."""
    if p.rusage is not None:
        return True
    deadline = time.monotonic() + timeout
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid == p.pid:
            p.rusage = ru
            p.returncode = os.waitstatus_to_exitcode(status)
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)


def exited(p):
    """True once p has exited (reaped with wait4, never with Popen.poll, so rusage is kept)."""
    return reap(p, 0)


def stop(p, timeout=30):
    if exited(p):
        return
    try:
        p.send_signal(signal.SIGTERM)
    except ProcessLookupError:
        pass
    if not reap(p, timeout):
        log(f"{p.name} did not stop within {timeout} s of SIGTERM; killing it")
        p.kill()
        reap(p, 10)


def stop_all():
    for p in reversed(CHILDREN):
        try:
            if p.rusage is None:
                stop(p, timeout=10)
        except ChildProcessError:
            pass


def on_signal(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


# --------------------------------------------------------------------------- /proc sampling

def proc_cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15)
    except (OSError, IndexError, ValueError):
        return None


def proc_rss_kb(pid):
    rss = hwm = None
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
    except OSError:
        pass
    return rss, hwm


class Sampler(threading.Thread):
    """Samples CPU ticks (summed over pids) every `interval` s, with wall-clock ms."""

    def __init__(self, procs, interval=0.02):
        super().__init__(daemon=True)
        self.procs, self.interval = procs, interval
        self.samples = []  # (wall_ms, ticks)
        self.last = {}
        self.halt = threading.Event()

    def sample(self):
        total = 0
        for p in self.procs:
            t = proc_cpu_ticks(p.pid)
            if t is not None:
                self.last[p.pid] = t
            total += self.last.get(p.pid, 0)
        self.samples.append((time.time() * 1000.0, total))

    def run(self):
        while not self.halt.is_set():
            self.sample()
            self.halt.wait(self.interval)
        self.sample()

    def ticks_at_or_before(self, wall_ms):
        best = self.samples[0][1]
        for t, v in self.samples:
            if t <= wall_ms:
                best = v
            else:
                break
        return best

    def ticks_at_or_after(self, wall_ms):
        for t, v in self.samples:
            if t >= wall_ms:
                return v
        return self.samples[-1][1]


class Collector:
    """kcat consumer of an output topic: KEY<TAB>TIMESTAMP_MS per record, read by a thread.

    It reads with isolation.level=read_committed, as a downstream reader of an exactly-once
    stage must, and notes when each record arrived (`seen`, epoch ms): a transactional
    record's timestamp is its produce time, but readers see it only once it commits."""

    def __init__(self, brokers, topic, expected, name):
        self.expected = expected
        self.records = []  # (key, ts_ms)
        self.seen = []  # arrival time of records[i], epoch ms
        self.lock = threading.Lock()
        self.cond = threading.Condition(self.lock)
        self.proc = spawn(["kcat", "-C", "-q", "-u", "-b", brokers, "-t", topic, "-o", "beginning",
                           "-f", "%k\t%T\n", "-X", "isolation.level=read_committed",
                           # short fetch waits: arrival times must not wait out librdkafka's 500 ms default
                           "-X", "fetch.wait.max.ms=10"],
                          f"collector {name}", stdout=subprocess.PIPE, text=True)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for line in self.proc.stdout:
            key, _, ts = line.rstrip("\n").partition("\t")
            with self.cond:
                self.records.append((key, int(ts)))
                self.seen.append(time.time() * 1000.0)
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def count(self):
        with self.lock:
            return len(self.records)

    def wait_for_keys(self, keys, timeout, alive=None):
        """Waits until every key in `keys` has come out; False on timeout or a failed peer."""
        missing = set(keys)
        seen = 0
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for k, _ in self.records[seen:]:
                    missing.discard(k)
                seen = len(self.records)
                if not missing:
                    return True
                left = deadline - time.monotonic()
                if left <= 0 or exited(self.proc):
                    return False
                if alive and any(exited(p) and p.returncode != 0 for p in alive):
                    return False
                self.cond.wait(min(left, 0.5))

    def wait_for(self, n, timeout, alive=None):
        """Waits until n records have arrived; False on timeout or if `alive` stops."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while len(self.records) < n:
                left = deadline - time.monotonic()
                if left <= 0 or exited(self.proc):
                    return False
                if alive:
                    if any(exited(p) and p.returncode != 0 for p in alive):
                        return False
                    if all(exited(p) for p in alive):  # a peer that ended by itself: a grace period
                        deadline = min(deadline, time.monotonic() + 10)
                self.cond.wait(min(left, 0.5))
            return True

    def close(self):
        stop(self.proc, 10)
        self.thread.join(5)


# --------------------------------------------------------------------------- topics

def topic(args, name):
    """The broker-side name of the harness's topic `name` (a per-run suffix on real brokers)."""
    return name + args.topic_suffix


def create_topics(args, brokers, names):
    """Real brokers: auto-creates each topic through a metadata request (kcat -L -t, as a producer asks)
    and checks it has --partitions partitions."""
    for name in names:
        deadline = time.monotonic() + 60
        while True:
            r = subprocess.run(["kcat", "-L", "-J", "-b", brokers, "-t", name, "-m", "10"],
                               capture_output=True, text=True, timeout=60)
            parts = []
            if r.returncode == 0:
                for t in json.loads(r.stdout).get("topics", []):
                    if t.get("topic") == name and not t.get("error"):
                        parts = t.get("partitions", [])
            if parts and all(p.get("leader", -1) >= 0 for p in parts):
                break
            if time.monotonic() > deadline:
                raise HarnessError(f"topic {name} was not created on {brokers} (does the broker auto-create topics? "
                                   f"create it with {args.partitions} partitions first)")
            time.sleep(0.2)  # polling the metadata until the broker created the topic, with a deadline
        if len(parts) != args.partitions:
            raise HarnessError(f"topic {name} has {len(parts)} partitions, not {args.partitions} (the broker's "
                               f"num.partitions: create the topics first, or pass --partitions {len(parts)})")


def start_kafka(args):
    """--kafka VERSION: a 1-broker kafka-local cluster in OUT/kafka; returns its bootstrap servers."""
    args.kafka_dir = os.path.join(args.out, f"kafka-{args.kafka}")
    if os.path.exists(args.kafka_dir):
        shutil.rmtree(args.kafka_dir)
    log(f"starting Apache Kafka {args.kafka} (1 broker) in {args.kafka_dir}")
    r = subprocess.run([KAFKA_LOCAL, "start", "--version", args.kafka, "--brokers", "1", "--dir", args.kafka_dir,
                        "--broker-property", f"num.partitions={args.partitions}"],
                       stdout=subprocess.PIPE, stderr=open(os.path.join(args.out, "kafka-local.log"), "ab"), text=True)
    if r.returncode != 0:
        raise HarnessError(f"kafka-local could not start Kafka {args.kafka} (see {args.out}/kafka-local.log)")
    return r.stdout.splitlines()[0].strip()


def stop_kafka(args):
    if getattr(args, "kafka_dir", None):
        subprocess.run([KAFKA_LOCAL, "stop", "--dir", args.kafka_dir],
                       stderr=open(os.path.join(args.out, "kafka-local.log"), "ab"))
        args.kafka_dir = None


# --------------------------------------------------------------------------- peers

def start_peer(peer, args, brokers, group, input_topic, output_topic, latency_pass):
    """Starts one peer; returns the list of its processes (CPU and RSS are summed over them)."""
    logdir = args.out
    def logfile(tag):
        return open(os.path.join(logdir, f"{peer}.{tag}.log"), "ab")
    if peer == "kcat":
        # Pass-through: consume (fresh group) -> produce, keys kept. In the latency pass
        # the consumer's stdout is unbuffered so that records are not held in a pipe buffer.
        cons_args = ["kcat", "-C", "-q", "-b", brokers, "-G", group, input_topic, "-f", "%k\t%s\n",
                     "-X", "auto.offset.reset=earliest", "-X", f"fetch.wait.max.ms={args.fetch_wait_ms}"]
        if latency_pass:
            cons_args.insert(2, "-u")
        else:
            cons_args.insert(2, "-e")
        # --peer-ld-library-path: the pass-through on another librdkafka (the collectors and
        # the load generator keep the system's).
        env = dict(os.environ, LD_LIBRARY_PATH=args.peer_ld_library_path) if args.peer_ld_library_path else None
        cons = spawn(cons_args, f"{peer} consumer", stdout=subprocess.PIPE, stderr=logfile("consumer"), env=env)
        prod = spawn(["kcat", "-P", "-q", "-b", brokers, "-t", output_topic, "-K", "\t"], f"{peer} producer",
                     stdin=cons.stdout, stderr=logfile("producer"), env=env)
        cons.stdout.close()  # the producer holds the read end
        return [cons, prod]
    if peer.startswith("wiretag"):
        workers = "1" if peer == "wiretag1" else str(args.workers_all)  # wiretagN, wiretagN-eos
        cmd = [args.wiretag, "run", "--config", args.config, "--brokers", brokers, "--group", group,
               "--input", input_topic, "--output", output_topic, "--dlq", topic(args, "bench.dlq"), "--workers", workers,
               "--metrics-listen", ""]
        # Latency is output timestamp minus input timestamp: the outputs must be
        # stamped when produced, not carry the input's time (the default).
        env = dict(os.environ, WIRETAG_KAFKA_CONSUMER_FETCH_WAIT_MAX_MS=str(args.fetch_wait_ms),
                   WIRETAG_RECORDS_TIMESTAMP="produce")
        if peer.endswith("-eos"):  # wiretagN in exactly-once mode (default transaction bounds)
            env.update(WIRETAG_DELIVERY="exactly-once", WIRETAG_INSTANCE_ID=group)
        return [spawn(cmd, peer, env=env, stdout=logfile("stdout"), stderr=logfile("stderr"))]
    if peer == "node":
        env = dict(os.environ, BROKERS=brokers, GROUP=group, INPUT=input_topic, OUTPUT=output_topic,
                   FETCH_WAIT_MS=str(args.fetch_wait_ms))
        return [spawn(["node", os.path.join(NODE_STAGE, "stage.js")], peer, env=env,
                      stdout=logfile("stdout"), stderr=logfile("stderr"))]
    raise HarnessError(f"unknown peer {peer}")


def percentile(sorted_values, q):
    if not sorted_values:
        return None
    k = max(0, min(len(sorted_values) - 1, math.ceil(q / 100.0 * len(sorted_values)) - 1))  # nearest rank
    return sorted_values[k]


def repeats(peer, args):
    # kcat passes 10,000 records in a tenth of a second: one such window is too short to trust.
    if args.repeats is not None:
        return args.repeats
    return KCAT_REPEATS if peer == "kcat" else 1


def throughput_passes(peer, args, brokers, stories):
    """Runs the throughput pass repeats(peer) times; the run with the median stories/s, with all rates."""
    runs = [throughput_pass(peer, args, brokers, stories, i) for i in range(1, repeats(peer, args) + 1)]
    runs.sort(key=lambda r: r["stories_per_s"])
    result = dict(runs[len(runs) // 2])
    result["lost"] = max(r["lost"] for r in runs)
    if len(runs) > 1:
        result["stories_per_s_runs"] = [round(r["stories_per_s"]) for r in runs]
    return result


def throughput_pass(peer, args, brokers, stories, run=1):
    n = len(stories) if peer != "node" else min(len(stories), args.node_stories)
    out_topic = topic(args, f"{peer}.out" + (f".{run}" if run > 1 else ""))
    log(f"{peer}: throughput pass, {n} stories from bench.raw to {out_topic}")
    collector = Collector(brokers, out_topic, n, peer)
    procs = start_peer(peer, args, brokers, topic(args, f"bench-{peer}-tp{run}"), topic(args, "bench.raw"),
                       out_topic, latency_pass=False)
    sampler = Sampler(procs)
    sampler.start()
    ok = collector.wait_for(n, args.timeout, alive=procs)
    sampler.sample()
    got = collector.count()
    for p in procs:
        stop(p)
    sampler.halt.set()
    sampler.join()
    collector.close()
    records = collector.records[:n] if ok else collector.records
    if not records:
        raise HarnessError(f"{peer}: no output record at all within {args.timeout} s (see {args.out}/{peer}.*.log)")
    first = min(ts for _, ts in records)
    last = max(ts for _, ts in records)
    span_s = max(last - first, 1) / 1000.0
    keys = {k for k, _ in records}
    size = {k: len(v.encode("utf-8")) for k, v in stories}
    in_bytes = sum(size.get(k, 0) for k in keys)
    words = args.words
    cpu_ticks = sampler.ticks_at_or_after(last) - sampler.ticks_at_or_before(first)
    total_cpu_s = sum(p.rusage.ru_utime + p.rusage.ru_stime for p in procs if p.rusage)
    maxrss_kb = sum(p.rusage.ru_maxrss for p in procs if p.rusage)
    cpu_s = cpu_ticks / CLK_TCK
    cpu_basis = "window"
    if cpu_ticks < 20:
        # Under 0.2 CPU-s in the window, clock ticks are too coarse: whole-process CPU
        # (wait4 rusage, start-up and shutdown included) instead.
        cpu_s, cpu_basis = total_cpu_s, "process"
    result = {
        "peer": peer,
        "stories": n,
        "delivered": min(len(keys), n),
        "lost": max(0, n - len(keys)),
        "seconds": span_s,
        "stories_per_s": len(records) / span_s,
        "mb_per_s": in_bytes / 1e6 / span_s,
        "cpu_us_per_story": cpu_s * 1e6 / len(records),
        "cpu_basis": cpu_basis,
        "cpu_total_s": total_cpu_s,
        "words_per_cpu_s": (sum(words.get(k, 0) for k in keys) / cpu_s) if cpu_s > 0 else None,
        "peak_rss_mb": maxrss_kb / 1024.0,
    }
    if not ok:
        log(f"{peer}: only {got} of {n} records came out within {args.timeout} s")
    log(f"{peer}: {result['stories_per_s']:.0f} stories/s, {result['cpu_us_per_story']:.0f} CPU-us/story, "
        f"peak RSS {result['peak_rss_mb']:.0f} MB")
    return result


def produce(args, brokers, topic, rate=0, count=None, key_prefix="", background=False):
    """wiretag_paced_producer: stories.tsv to `topic` at `rate`/s (0 = at once), produce-time timestamps."""
    cmd = [args.producer, "--brokers", brokers, "--topic", topic, "--file", args.stories_path, "--rate", str(rate)]
    if count is not None:
        cmd += ["--count", str(count)]
    if key_prefix:
        cmd += ["--key-prefix", key_prefix]
    log_path = os.path.join(args.out, "producer.log")
    p = spawn(cmd, f"producer {topic}", stdout=subprocess.DEVNULL, stderr=open(log_path, "ab"))
    if background:
        return p
    expected = (count if count is not None else len(args.story_keys)) / rate if rate else 0
    if not reap(p, expected + args.timeout):
        stop(p)
        raise HarnessError(f"producer to {topic} did not finish (see {log_path})")
    if p.returncode != 0:
        raise HarnessError(f"producer to {topic} failed with status {p.returncode} (see {log_path})")
    return p


def read_timestamps(brokers, topic):
    out = subprocess.run(["kcat", "-C", "-q", "-b", brokers, "-t", topic, "-o", "beginning", "-e", "-f", "%k\t%T\n"],
                         capture_output=True, text=True, timeout=300, check=True).stdout
    result = {}
    for line in out.splitlines():
        k, _, ts = line.partition("\t")
        result[k] = int(ts)
    return result


def latency_pass(peer, args, brokers, stories, max_rate):
    rate = max(1.0, max_rate * args.latency_fraction)
    # At most half of what the input topic holds (the mock broker drops the oldest records of a
    # partition beyond 5 MiB): a peer that falls behind then delays records but cannot lose them.
    fits = int(0.5 * args.partitions * 5 * 1024 * 1024 / args.mean_story_bytes) if args.mock else args.latency_max
    n = min(args.latency_max, fits, max(args.latency_min, int(rate * args.latency_seconds)))
    # Keys as wiretag_paced_producer gives them when it cycles through the stories.
    keys = [(f"{i // len(stories)}-" if i >= len(stories) else "") + stories[i % len(stories)][0] for i in range(n)]
    warm = 10
    in_topic, out_topic = topic(args, f"{peer}.lat.in"), topic(args, f"{peer}.lat.out")
    log(f"{peer}: latency pass, {n} stories at {rate:.0f}/s ({args.latency_fraction:g} of {max_rate:.0f}/s) after {warm} warm-up records")
    collector = Collector(brokers, out_topic, warm + n, peer + " latency")
    # Input timestamps are read while the pass runs: the mock broker keeps only the last
    # 5 MiB of each partition, so a long pass could not be read back afterwards.
    input_collector = Collector(brokers, in_topic, warm + n, peer + " latency input")
    procs = start_peer(peer, args, brokers, topic(args, f"bench-{peer}-lat"), in_topic, out_topic, latency_pass=True)
    try:
        # Warm-up: the peer has joined its group and records flow (half of them suffice: kcat -P
        # may hold the last line it read until the next one arrives).
        produce(args, brokers, in_topic, count=warm, key_prefix="warmup-")
        if not collector.wait_for(warm // 2, args.timeout, alive=procs):
            raise HarnessError(f"{peer}: warm-up records did not come out within {args.timeout} s")
        produce(args, brokers, in_topic, rate=rate, count=n)
        # Trailing records push out anything a peer holds back; they are not measured.
        produce(args, brokers, in_topic, count=warm, key_prefix="trailer-")
        ok = collector.wait_for_keys(keys, args.timeout, alive=procs)
        input_collector.wait_for_keys(keys, 30)
    finally:
        for p in procs:
            stop(p)
        collector.close()
        input_collector.close()
    inputs = {}
    for k, ts in input_collector.records:
        inputs.setdefault(k, ts)
    outputs, seen = {}, {}
    for (k, ts), arrived in zip(collector.records, collector.seen):
        outputs.setdefault(k, ts)  # first output of a key (at-least-once may repeat one)
        seen.setdefault(k, arrived)
    lat = sorted(outputs[k] - inputs[k] for k in keys if k in outputs and k in inputs)
    # As a read_committed reader sees it: arrival at the collector - input timestamp.
    lat_seen = sorted(seen[k] - inputs[k] for k in keys if k in seen and k in inputs)
    lost = n - len(lat)
    if not ok or lost:
        log(f"{peer}: latency pass lost {lost} of {n} records (complete at the output: {ok}; "
            f"{sum(k in inputs for k in keys)} in the input topic, {sum(k in outputs for k in keys)} out)")
    return {
        "latency_rate": rate,
        "latency_stories": n,
        "latency_lost": lost,
        "p50_ms": percentile(lat, 50),
        "p99_ms": percentile(lat, 99),
        "max_ms": lat[-1] if lat else None,
        "seen_p50_ms": percentile(lat_seen, 50),
        "seen_p99_ms": percentile(lat_seen, 99),
    }


def soak(args, brokers, stories):
    rate, seconds = args.soak_rate, args.soak
    n = int(rate * seconds)
    log(f"soak: wiretag run --workers {args.workers_all}, {rate}/s for {seconds} s ({n} stories), "
        f"RSS every {args.soak_interval} s")
    soak_in, soak_out = topic(args, "soak.in"), topic(args, "soak.out")
    collector = Collector(brokers, soak_out, n, "soak")
    procs = start_peer("wiretagN", args, brokers, topic(args, "bench-soak"), soak_in, soak_out, latency_pass=True)
    pid = procs[0].pid
    samples = []  # (seconds since load start, rss_kb)
    halt = threading.Event()

    def sample_rss():
        t0 = time.monotonic()
        while True:
            rss, _ = proc_rss_kb(pid)
            if rss is not None:
                samples.append((time.monotonic() - t0, rss))
            if halt.wait(args.soak_interval):
                break

    try:
        produce(args, brokers, soak_in, count=1, key_prefix="warmup-")
        if not collector.wait_for(1, args.timeout, alive=procs):
            raise HarnessError("soak: the warm-up record did not come out")
        sampler = threading.Thread(target=sample_rss, daemon=True)
        sampler.start()
        load = produce(args, brokers, soak_in, rate=rate, count=n, key_prefix="soak-", background=True)
        if not reap(load, seconds + args.timeout) or load.returncode != 0:
            raise HarnessError(f"soak: the producer failed (see {args.out}/producer.log)")
        sent = n
        ok = collector.wait_for(sent + 1, args.timeout, alive=procs)
        halt.set()
        sampler.join()
        _, hwm = proc_rss_kb(pid)
    finally:
        halt.set()
        for p in procs:
            stop(p)
        collector.close()
    got = len({k for k, _ in collector.records})
    with open(os.path.join(args.out, "soak_rss.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["seconds", "rss_mb"])
        for t, rss in samples:
            w.writerow([f"{t:.1f}", f"{rss / 1024:.1f}"])
    if not samples:
        raise HarnessError("soak: no RSS sample")
    rss = [r / 1024 for _, r in samples]
    second_half = [r / 1024 for t, r in samples if t >= seconds / 2] or rss
    quarter = [r / 1024 for t, r in samples if t >= seconds / 4] or rss
    result = {
        "soak_seconds": seconds,
        "soak_rate": rate,
        "soak_stories": sent,
        "soak_lost": max(0, sent + 1 - got),
        "rss_start_mb": rss[0],
        "rss_steady_mb": statistics.median(second_half),
        "rss_end_mb": rss[-1],
        "rss_max_mb": max(rss),
        "rss_growth_after_first_quarter_mb": rss[-1] - quarter[0],
        "vmhwm_mb": (hwm or 0) / 1024,
        "rss_samples": len(rss),
    }
    if not ok:
        log(f"soak: only {got} of {sent + 1} records came out")
    return result


# --------------------------------------------------------------------------- report

def fmt(v, digits=0):
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    return f"{v:,}"


def report(args, results, soak_result, meta):
    lines = []
    lines.append(f"wiretag end-to-end benchmark, {meta['started']} on {meta['host']}: {meta['stories']} stories "
                 f"({meta['mean_story_bytes']:.0f} B mean, {meta['mean_words']:.0f} words), {meta['broker']} "
                 f"x {args.partitions} partitions, wiretag {meta['wiretag_version']} on librdkafka "
                 f"{meta['wiretag_librdkafka']}, kcat peer on librdkafka {meta['kcat_librdkafka']}"
                 + (f" (LD_LIBRARY_PATH={args.peer_ld_library_path})" if args.peer_ld_library_path else "")
                 + f"; load average at start {meta['load_average']}, at end {meta.get('load_average_end', '–')}")
    lines.append("")
    lines.append("| peer | stories | stories/s | MB/s | CPU-µs/story | words/CPU-s | peak RSS MB | "
                 "latency at | p50 ms | p99 ms | max ms | seen p50 ms | seen p99 ms | lost |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        lat_at = f"{r['latency_rate']:,.0f}/s" if r.get("latency_rate") else "–"
        lost = r["lost"] + r.get("latency_lost", 0)
        lines.append(f"| {r['peer']} | {r['stories']:,} | {fmt(r['stories_per_s'])} | {fmt(r['mb_per_s'], 1)} | "
                     f"{fmt(r['cpu_us_per_story'])}{'' if r['cpu_basis'] == 'window' else '*'} | {fmt(r['words_per_cpu_s'])} | {fmt(r['peak_rss_mb'])} | {lat_at} | "
                     f"{fmt(r.get('p50_ms'))} | {fmt(r.get('p99_ms'))} | {fmt(r.get('max_ms'))} | "
                     f"{fmt(r.get('seen_p50_ms'))} | {fmt(r.get('seen_p99_ms'))} | {lost} |")
    for r in results:
        if r.get("stories_per_s_runs"):
            lines.append("")
            lines.append(f"{r['peer']}: median of {len(r['stories_per_s_runs'])} throughput passes, stories/s "
                         + ", ".join(f"{v:,}" for v in r["stories_per_s_runs"]) + ".")
    if any(r["cpu_basis"] != "window" for r in results):
        lines.append("")
        lines.append("\\* whole-process CPU (start-up included): the timed window was too short for /proc's clock ticks.")
    by = {r["peer"]: r for r in results}
    best = max((r for r in results if r["peer"].startswith("wiretag")), key=lambda r: r["stories_per_s"], default=None)
    if best:
        ratios = []
        if "kcat" in by:
            ratios.append(f"{best['stories_per_s'] / by['kcat']['stories_per_s']:.2f}x kcat pass-through")
        if "node" in by:
            ratios.append(f"{best['stories_per_s'] / by['node']['stories_per_s']:.1f}x the Node stage")
        if ratios:
            lines.append("")
            lines.append(f"{best['peer']} throughput: " + ", ".join(ratios) + ".")
    if soak_result:
        s = soak_result
        lines.append("")
        lines.append(f"Soak: wiretag run --workers {args.workers_all} at {s['soak_rate']}/s for {s['soak_seconds']} s "
                     f"({s['soak_stories']:,} stories, lost {s['soak_lost']}), RSS sampled every {args.soak_interval} s:")
        lines.append("")
        lines.append("| RSS start MB | steady (median, 2nd half) MB | end MB | max MB | growth after 1st quarter MB |")
        lines.append("|---:|---:|---:|---:|---:|")
        lines.append(f"| {s['rss_start_mb']:.1f} | {s['rss_steady_mb']:.1f} | {s['rss_end_mb']:.1f} | "
                     f"{s['rss_max_mb']:.1f} | {s['rss_growth_after_first_quarter_mb']:+.1f} |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(prog="benchmarks/e2e/run.sh",
                                 description="wiretag end-to-end benchmark on wiretag dev-broker")
    ap.add_argument("--stories", type=int, default=10000, help="stories to load (default 10000)")
    ap.add_argument("--wiretag", default=os.path.join(REPO, "build", "wiretag"), help="wiretag binary")
    ap.add_argument("--peers", default=",".join(DEFAULT_PEERS),
                    help="comma-separated subset of " + ",".join(ALL_PEERS) + " (default " + ",".join(DEFAULT_PEERS) + ")")
    ap.add_argument("--soak", type=int, default=0, help="soak seconds (0 = no soak; 600 for the documented run)")
    ap.add_argument("--soak-rate", type=int, default=500, help="soak load in stories/s (default 500)")
    ap.add_argument("--soak-interval", type=float, default=5.0, help="RSS sampling period in the soak, s")
    ap.add_argument("--out", default=os.path.join(REPO, "build", "e2e"), help="directory for results and logs")
    ap.add_argument("--producer", help="the paced producer (default: wiretag_paced_producer next to --wiretag)")
    ap.add_argument("--config", default=os.path.join(REPO, "config", "wiretag.yaml"), help="wiretag config file")
    ap.add_argument("--node-stories", type=int, default=2000, help="stories the Node stage is timed on (default 2000)")
    ap.add_argument("--latency-seconds", type=float, default=10.0, help="length of each latency pass (default 10 s)")
    ap.add_argument("--latency-fraction", type=float, default=0.5,
                    help="input rate of the latency pass as a fraction of the measured throughput (default 0.5)")
    ap.add_argument("--latency-min", type=int, default=200, help="fewest stories in a latency pass")
    ap.add_argument("--latency-max", type=int, default=100000, help="most stories in a latency pass")
    ap.add_argument("--repeats", type=int, default=None,
                    help="throughput passes per peer, the median reported (default: 3 for kcat, 1 for the others)")
    ap.add_argument("--no-latency", action="store_true", help="skip the latency passes")
    ap.add_argument("--fetch-wait-ms", type=int, default=10,
                    help="fetch.wait.max.ms of every consumer (default 10: the mock broker answers an empty fetch "
                         "only after this wait, even when records arrive meanwhile)")
    ap.add_argument("--brokers", type=int, default=1, help="dev-broker brokers (default 1)")
    real = ap.add_mutually_exclusive_group()
    real.add_argument("--kafka", metavar="VERSION",
                      help="real Apache Kafka instead of dev-broker: a 1-broker tests/kafka/kafka-local cluster of "
                           "VERSION (e.g. 3.9.2, 4.4.0), started and stopped by the harness")
    real.add_argument("--bootstrap", metavar="HOST:PORT",
                      help="real Kafka instead of dev-broker: a running cluster of your own (topics auto-created, "
                           "or created beforehand, with --partitions partitions)")
    ap.add_argument("--peer-ld-library-path", metavar="DIR",
                    help="LD_LIBRARY_PATH for the kcat peer (kcat on another librdkafka); the collectors and the "
                         "load generator keep the system's")
    ap.add_argument("--partitions", type=int, default=16, help="partitions per topic (default 16)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds to wait for a pass's records (default 300)")
    ap.add_argument("--seed", type=int, default=8)
    args = ap.parse_args()
    args.mock = not (args.kafka or args.bootstrap)
    args.topic_suffix = "" if args.mock else time.strftime("-%Y%m%d%H%M%S") + f"-{os.getpid()}"
    args.kafka_dir = None

    peers = [p for p in args.peers.split(",") if p]
    for p in peers:
        if p not in ALL_PEERS:
            ap.error(f"unknown peer {p!r}; known: {','.join(ALL_PEERS)}")
    if args.stories < 1:
        ap.error("--stories must be at least 1")
    if args.repeats is not None and args.repeats < 1:
        ap.error("--repeats must be at least 1")
    args.wiretag = os.path.abspath(args.wiretag)
    args.producer = os.path.abspath(args.producer or os.path.join(os.path.dirname(args.wiretag), "wiretag_paced_producer"))
    args.workers_all = os.cpu_count() or 1
    missing = []
    if not (os.path.isfile(args.wiretag) and os.access(args.wiretag, os.X_OK)):
        missing.append(f"wiretag binary {args.wiretag} (build it: cmake --build build --target wiretag, or pass --wiretag)")
    if not (os.path.isfile(args.producer) and os.access(args.producer, os.X_OK)):
        missing.append(f"load generator {args.producer} (build it: cmake -S . -B build -DWIRETAG_BENCHMARKS=ON && cmake --build build --target wiretag_paced_producer, "
                       "or pass --producer)")
    if not shutil.which("kcat"):
        missing.append("kcat (apt-get install kcat)")
    if "node" in peers:
        if not shutil.which("node"):
            missing.append("node (apt-get install nodejs, or drop node from --peers)")
        elif not os.path.isdir(os.path.join(NODE_STAGE, "node_modules", "kafkajs")) or \
                not os.path.isdir(os.path.join(NODE_STAGE, "node_modules", "compromise")):
            missing.append(f"the Node stage's packages: (cd {os.path.relpath(NODE_STAGE)} && npm ci)")
    if missing:
        for m in missing:
            print(f"benchmarks/e2e/run.sh: missing {m}", file=sys.stderr)
        return 2

    os.makedirs(args.out, exist_ok=True)
    for name in os.listdir(args.out):
        if name.endswith(".log"):
            os.remove(os.path.join(args.out, name))
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    meta = {"started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "host": os.uname().nodename,
            "stories": args.stories, "peers": peers,
            "broker": (f"dev-broker {args.brokers} broker(s)" if args.mock else
                       f"Apache Kafka {args.kafka} (1 broker, kafka-local)" if args.kafka else
                       f"Kafka at {args.bootstrap}"),
            "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    version = subprocess.run([args.wiretag, "version"], capture_output=True, text=True).stdout.splitlines()
    meta["wiretag_version"] = version[0].strip() if version else "?"
    meta["wiretag_librdkafka"] = next((l.split()[1] for l in version if l.startswith("librdkafka ")), "?")
    kcat_env = dict(os.environ, LD_LIBRARY_PATH=args.peer_ld_library_path) if args.peer_ld_library_path else None
    kcat_v = subprocess.run(["kcat", "-V"], capture_output=True, text=True, env=kcat_env).stdout
    meta["kcat_librdkafka"] = kcat_v.split("librdkafka ", 1)[1].split()[0] if "librdkafka " in kcat_v else "?"

    stories_path = args.stories_path = os.path.join(args.out, "stories.tsv")
    with open(stories_path, "w") as f:
        subprocess.run([sys.executable, os.path.join(HERE, "gen_stories.py"), "--samples",
                        os.path.join(REPO, "config", "samples", "stories.jsonl"), "--stories", str(args.stories),
                        "--seed", str(args.seed)], stdout=f, check=True)
    stories = []
    with open(stories_path, encoding="utf-8") as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("\t")
            stories.append((k, v))
    args.story_keys = [k for k, _ in stories]
    args.words = {}
    for k, v in stories:
        doc = json.loads(v)
        text = " ".join(b.get("value", "") for b in doc.get("bodies", [])) or doc.get("body_text", "")
        args.words[k] = len(text.split())
    meta["mean_story_bytes"] = args.mean_story_bytes = sum(len(v.encode()) for _, v in stories) / len(stories)
    meta["mean_words"] = sum(args.words.values()) / len(stories)
    # librdkafka's mock cluster keeps at most 5 MiB (and 100,000 records) per partition and
    # drops the oldest beyond that: bench.raw must hold every story until the last peer has read it.
    total_bytes = sum(len(v.encode()) for _, v in stories)
    capacity = args.partitions * 5 * 1024 * 1024
    if args.mock and (total_bytes > 0.6 * capacity or len(stories) > 0.6 * args.partitions * 100000):
        print(f"benchmarks/e2e/run.sh: {len(stories)} stories ({total_bytes / 2**20:.0f} MiB) do not fit safely in "
              f"{args.partitions} partitions of the mock broker (5 MiB each, oldest records dropped beyond that); "
              f"use --partitions {math.ceil(total_bytes / (0.6 * 5 * 1024 * 1024))} or fewer stories", file=sys.stderr)
        return 2

    topics = ["bench.raw", "bench.dlq", "soak.in", "soak.out"]
    for p in ALL_PEERS:
        topics += [f"{p}.out", f"{p}.lat.in", f"{p}.lat.out"]
        topics += [f"{p}.out.{i}" for i in range(2, repeats(p, args) + 1)]
    topics = [topic(args, t) for t in topics]
    results, soak_result, failed = [], None, []
    try:
        if args.mock:
            broker_log = open(os.path.join(args.out, "dev-broker.log"), "ab")
            broker = spawn([args.wiretag, "dev-broker", "--brokers", str(args.brokers), "--partitions",
                            str(args.partitions), "--topics", ",".join(topics)], "dev-broker", stdout=subprocess.PIPE, stderr=broker_log, text=True)
            brokers = broker.stdout.readline().strip()
            if not brokers:
                raise HarnessError(f"wiretag dev-broker printed no bootstrap servers (see {args.out}/dev-broker.log)")
            log(f"dev-broker at {brokers}")
        else:
            brokers = start_kafka(args) if args.kafka else args.bootstrap
            log(f"{meta['broker']} at {brokers}; creating {len(topics)} topics (suffix {args.topic_suffix})")
            create_topics(args, brokers, topics)

        log(f"loading {len(stories)} stories onto bench.raw")
        produce(args, brokers, topic(args, "bench.raw"))
        loaded = read_timestamps(brokers, topic(args, "bench.raw"))
        if len(loaded) != len(stories):
            raise HarnessError(f"bench.raw holds {len(loaded)} records, expected {len(stories)}")

        for peer in peers:
            try:
                r = throughput_passes(peer, args, brokers, stories)
                if not args.no_latency:
                    r.update(latency_pass(peer, args, brokers, stories, r["stories_per_s"]))
            except HarnessError as e:
                log(str(e))
                failed.append(peer)
                continue
            results.append(r)
            if r["lost"] or r.get("latency_lost"):
                failed.append(peer)
        if args.soak > 0:
            try:
                soak_result = soak(args, brokers, stories)
                if soak_result["soak_lost"]:
                    failed.append("soak")
            except HarnessError as e:
                log(str(e))
                failed.append("soak")
    except KeyboardInterrupt as e:
        log(f"interrupted ({e}); stopping every child")
        stop_all()
        return 130
    except (HarnessError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
        log(f"failed: {e}")
        stop_all()
        return 1
    finally:
        stop_all()
        stop_kafka(args)

    meta["load_average_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    table = report(args, results, soak_result, meta)
    sys.stdout.write(table)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(table)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"meta": meta, "peers": results, "soak": soak_result, "failed": failed}, f, indent=2)
    if results:
        with open(os.path.join(args.out, "results.csv"), "w", newline="") as f:
            keys = list(dict.fromkeys(k for r in results for k in r))
            w = csv.DictWriter(f, fieldnames=keys)
            w.writeheader()
            w.writerows(results)
    if failed:
        log(f"FAILED: records lost or a pass failed for {', '.join(failed)} (logs in {args.out})")
        return 1
    log(f"results in {args.out}/results.{{md,json,csv}}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
