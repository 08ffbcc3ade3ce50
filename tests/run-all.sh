#!/usr/bin/env bash
# Builds wiretag twice (Release, and Debug with ASan+UBSan) and runs every test:
# unit, property, integration (librdkafka mock cluster), script tests (kcat,
# promtool, Prometheus, schema, deploy checks), the real-broker suite (Apache
# Kafka 3.9 and 4.x started by tests/kafka/kafka-local) and a bounded fuzz run.
# Usage: tests/run-all.sh   (from the repository root; after deploy/setup-debian.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${WIRETAG_JOBS:-2}

echo "== Release build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"

echo "== Release tests"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== Real Apache Kafka (tests/kafka/real-broker-suite.sh: 3.9 and 4.x, then 3-broker faults)"
tests/kafka/real-broker-suite.sh build

echo "== Sanitizer build (ASan+UBSan), unit tests"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWIRETAG_SANITIZE=ON -DWIRETAG_BENCHMARKS=OFF >/dev/null
cmake --build build-asan -j"$jobs" --target unit_tests wiretag
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -L unit

if [ -d tests/fuzz ] && ls tests/fuzz/*_fuzz.cc >/dev/null 2>&1; then
  echo "== Fuzz (bounded)"
  CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DWIRETAG_FUZZ=ON -DWIRETAG_BENCHMARKS=OFF >/dev/null
  for src in tests/fuzz/*_fuzz.cc; do
    name=$(basename "$src" .cc)
    cmake --build build-fuzz -j"$jobs" --target "$name"
    corpus=$(mktemp -d)
    cp tests/fuzz/corpus/* "$corpus"/ 2>/dev/null || true
    # Any sanitizer report fails the run; tests/fuzz/ubsan.supp lists the one
    # known report inside a Debian library header.
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:suppressions=tests/fuzz/ubsan.supp \
      build-fuzz/tests/"$name" -max_total_time="${WIRETAG_FUZZ_SECONDS:-60}" -max_len=8192 "$corpus"
    rm -rf "$corpus"
  done
fi
echo "== all tests passed"
