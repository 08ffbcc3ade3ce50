#!/usr/bin/env bash
# The stage's real-broker suite: starts Apache Kafka with tests/kafka/kafka-local
# (1 broker, for each version in WIRETAG_KAFKA_VERSIONS) and runs against it the
# integration tests that run on any cluster plus the real-Kafka-only tests;
# then a 3-broker cluster (replication 3, min.insync.replicas 2) of
# WIRETAG_KAFKA_FAULT_VERSION for the broker fault tests. Stops every cluster
# it started (trap), and keeps their logs when a test fails.
# Usage: tests/kafka/real-broker-suite.sh [BUILD_DIR]   (default build; after the
#        integration_tests and real_kafka_tests targets are built)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
versions=${WIRETAG_KAFKA_VERSIONS:-3.9.2 4.4.0}
fault_version=${WIRETAG_KAFKA_FAULT_VERSION:-3.9.2}
kafka_local=tests/kafka/kafka-local

# integration_tests that take the cluster from WIRETAG_TEST_BOOTSTRAP (TestCluster).
# Not listed: StageFaultInjectionTest.* and the Replay* tests, which need the mock
# cluster's fault injection or its fixed topic names; they run in the ctest run
# (tests/kafka/replay_real_kafka_test.cc covers replay here).
# Excluded on every version: StageTest.GracefulMembershipChangesProduceNoDuplicates.
# With librdkafka 2.0.2 and 2.8.0 on Kafka 3.9.2 and 4.4.0 alike, when a member
# joins or stops while a rebalance is under way, another member's periodic commit
# (of the generation that just ended) is answered ILLEGAL_GENERATION, and
# librdkafka (< 2.10.0, PR #4908) then declares that member's assignment lost, so
# its uncommitted records are processed again (2.8.0: 1,000 / 2,098 / 2,000
# duplicates on 3.9.2, 1,952 / 533 on 4.4.0; nothing lost, order kept:
# ConsumersJoiningAndLeavingLoseNothingAndKeepOrder runs here).
stage_tests='StageTest.*:-StageTest.GracefulMembershipChangesProduceNoDuplicates'
# real_kafka_tests without the 3-broker fault tests, which run on their own cluster below.
# ExactlyOnceTest.* (issue 15: kill -9 loops in both delivery modes, rebalances) runs on
# each version, timed on its own.
# ExactlyOnceBrokerFaultTest.* (kill -9 of the group coordinator, which also leads output
# partitions, under exactly-once load) runs on the 3-broker cluster below. It stalled in a
# CI run of 2026-12-06: backpressure had paused fetching when the partitions were lost,
# the resume ran while nothing was assigned, and librdkafka keeps a partition's pause
# flag while it is unassigned, so the partitions assigned again never fetched (fixed in
# KafkaGroupSource::Assign; KafkaGroupSourcePauseTest on the mock cluster). To see the
# child's librdkafka debug log: WIRETAG_TEST_CHILD_KAFKA_DEBUG=cgrp,eos,fetch.
real_tests='*:-RealKafkaBrokerFaultTest.*:ExactlyOnce*'
eos_tests='ExactlyOnceTest.*'
fault_tests='RealKafkaBrokerFaultTest.*'
eos_fault_tests='ExactlyOnceBrokerFaultTest.*'

work=$(mktemp -d)
started=()
ok=false
cleanup() {
  for d in "${started[@]}"; do "$kafka_local" stop --dir "$d" || true; done
  if $ok; then rm -rf "$work"; else echo "real-broker-suite: cluster logs kept in $work" >&2; fi
}
trap cleanup EXIT

# The 1-broker clusters check retention every second from the start (the first
# check otherwise waits 30 s) and delete at once, so that RealKafkaOffsetResetTest
# sees its expired segments deleted within a second.
retention_props=(--broker-property log.retention.check.interval.ms=1000
                 --broker-property log.initial.task.delay.ms=0
                 --broker-property log.segment.delete.delay.ms=0)

run_on() {  # run_on VERSION BROKERS GTEST-BINARY:FILTER...
  local version=$1 brokers=$2 t0=$SECONDS dir="$work/kafka-$1-$2" bs props=()
  shift 2
  [ "$brokers" = 1 ] && props=("${retention_props[@]}")
  started+=("$dir")
  bs=$("$kafka_local" start --version "$version" --brokers "$brokers" --dir "$dir" "${props[@]}")
  echo "== Kafka $version, $brokers broker(s) at $bs: started in $((SECONDS - t0)) s"
  for spec in "$@"; do
    local t1=$SECONDS
    WIRETAG_TEST_BOOTSTRAP=$bs WIRETAG_TEST_KAFKA_DIR=$dir \
      "$build/tests/${spec%%:*}" --gtest_filter="${spec#*:}" --gtest_brief=1
    echo "== Kafka $version, $brokers broker(s): ${spec%%:*} ${spec#*:}: $((SECONDS - t1)) s"
  done
  "$kafka_local" stop --dir "$dir"
  echo "== Kafka $version, $brokers broker(s): $((SECONDS - t0)) s in all"
}

for version in $versions; do
  run_on "$version" 1 "integration_tests:$stage_tests" "real_kafka_tests:$real_tests" "real_kafka_tests:$eos_tests"
done
run_on "$fault_version" 3 "real_kafka_tests:$fault_tests" "real_kafka_tests:$eos_fault_tests"
ok=true
