#!/usr/bin/env bash
# wiretag end-to-end benchmark, one command. From the repository root:
#
#   benchmarks/e2e/run.sh [--stories N] [--wiretag build/wiretag] [--peers kcat,wiretag1,wiretagN,wiretagN-eos,node]
#                         [--soak SECONDS] [--soak-rate N] [--out DIR] [--config FILE] [--node-stories N]
#                         [--latency-seconds S] [--no-latency] [--brokers N] [--partitions N] [--timeout S]
#                         [--kafka VERSION | --bootstrap HOST:PORT] [--peer-ld-library-path DIR]
#
# Starts `wiretag dev-broker` (librdkafka's mock cluster on 127.0.0.1) -- or, with --kafka VERSION, a
# 1-broker Apache Kafka from tests/kafka/kafka-local (stopped at the end), or uses the cluster --bootstrap
# names -- loads N generated 1-6 KB wire stories, and measures on that broker, one after the other: kcat consume->produce pass-through, wiretag
# run with 1 and with all workers, and the hand-written Node.js stage (kafkajs + compromise) in
# benchmarks/peers/node-stage (run `npm ci` there first). Prints a markdown table; writes results.md,
# results.json, results.csv, soak_rss.csv and every process's log to --out (default build/e2e).
# Exit status: 0 all stories came out of every peer, 1 records lost or a pass failed, 2 a tool is missing.
# `--help` lists every option. See benchmarks/README.md for what each figure means.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
for tool in python3 kcat; do
  command -v "$tool" >/dev/null || { echo "benchmarks/e2e/run.sh: $tool is missing (apt-get install $tool)" >&2; exit 2; }
done
# The harness stops every child it started on exit, on failure and on SIGINT/SIGTERM; this trap is the
# backstop for anything left in our process group if python itself is killed.
child=
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM
python3 "$here/harness.py" "$@" &
child=$!
set +e
wait "$child"
status=$?
child=
exit "$status"
