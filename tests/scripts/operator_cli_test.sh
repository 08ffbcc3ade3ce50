#!/usr/bin/env bash
# What an operator meets first on the command line (issue 17 items 1-4, 11, 14;
# issue 19 item 5): the exit-status table (one case per code) and its place in
# every --help, log flags before and after the subcommand and in any case,
# variables that are not configuration keys, unterminated YAML quotes, kafka.*
# property errors, replay's explicit destination, dev-broker --port.
# Usage: bash tests/scripts/operator_cli_test.sh path/to/wiretag   (from the repository root)
set -uo pipefail
wiretag=$(realpath "$1")
work=$(mktemp -d)
broker_pid=
cleanup() {
  if [ -n "$broker_pid" ]; then kill -TERM "$broker_pid" 2>/dev/null; wait "$broker_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect STATUS TEXT-IN-STDERR-OR-STDOUT -- COMMAND...: runs it (stdin empty),
# checks the exit status and that the output mentions TEXT ("" = anything).
expect() {
  local want=$1 text=$2; shift 3
  local status=0
  "$@" </dev/null >"$work/out" 2>"$work/err" || status=$?
  if [ "$status" -ne "$want" ]; then
    fail "exit $status, not $want: $*"; sed 's/^/     /' "$work/err" | head -5 >&2
  elif [ -n "$text" ] && ! grep -qF -- "$text" "$work/out" "$work/err"; then
    fail "'$text' not in the output of: $*"; sed 's/^/     /' "$work/err" | head -5 >&2
  fi
}

# --- exit status 0, 1, 2: one case each, and the table in every --help ---
expect 0 "group: wiretag" -- "$wiretag" config --metrics-listen ""
expect 1 "" -- "$wiretag" tag --config-dir "$work/no-such-dir"
expect 2 "not expected: --bogus" -- "$wiretag" run --bogus
expect 2 "" -- "$wiretag" run --workers lots        # CLI11 would exit 105
expect 2 "subcommand is required" -- "$wiretag"      # CLI11 would exit 109
# The documented table (docs/reference/exit-codes.md) and each --help's say the same, status by status.
exit_table=docs/reference/exit-codes.md
grep -qF '| 2 | bad arguments, configuration or input' "$exit_table" || fail "$exit_table lacks the exit-status table"
sed -nE 's/^\| ([0-9]+(\+N)?|128\+N) \| (.*) \|$/\1 \3/p' "$exit_table" >"$work/documented"
[ "$(wc -l <"$work/documented")" -eq 4 ] || fail "$exit_table: expected 4 statuses in its table"
for sub in tag eval "eval conll" "eval reuters" train run replay dev-broker demo config version compile-gazetteers; do
  # shellcheck disable=SC2086
  expect 0 "Exit status:" -- "$wiretag" $sub --help
  grep -q "^  2  bad arguments, configuration or input" "$work/out" || fail "wiretag $sub --help lacks the exit-status table"
  # "  2  text" starts a status, deeper-indented lines continue it.
  sed -n '/^Exit status:/,$p' "$work/out" | awk '
    /^  [0-9][0-9+N]*  / { if (line) print line; sub(/^  /, ""); sub(/  /, " "); line = $0; next }
    /^     / { sub(/^ +/, ""); line = line " " $0 }
    END { if (line) print line }' >"$work/helped"
  diff "$work/documented" "$work/helped" >"$work/diff" ||
    { fail "wiretag $sub --help and $exit_table differ:"; sed 's/^/     /' "$work/diff" >&2; }
done

# --- log levels: any case, checked everywhere, before and after the subcommand ---
WIRETAG_LOG_LEVEL=DEBUG expect 0 "level: debug" -- "$wiretag" config
expect 0 "level: warning" -- "$wiretag" config --log-level WARN
expect 0 "level: error" -- "$wiretag" --log-level Error config
expect 0 "format: json" -- "$wiretag" config --log-format json
WIRETAG_LOG_LEVEL=verbose expect 2 "log.level" -- "$wiretag" config
WIRETAG_LOG_LEVEL=verbose expect 2 "log.level" -- "$wiretag" run --metrics-listen ""     # was a segfault
printf 'log:\n  level: verbose\n' >"$work/verbose.yaml"
expect 2 "log.level" -- "$wiretag" replay --config "$work/verbose.yaml" --from-file /dev/null --dry-run
expect 2 "--log-level" -- "$wiretag" tag --log-level loud
expect 2 "--log-format" -- "$wiretag" --log-format xml tag

# --- variables that are not configuration keys; unterminated quotes; kafka.* properties ---
WIRETAG_GAZETTEER_SNAPSHOT= expect 0 "group: wiretag" -- "$wiretag" config
WIRETAG_GAZETTEER_SNAPSHOTT= expect 2 "unknown configuration key" -- "$wiretag" config
printf 'brokers: "kafka-1:9092\ngroup: g\n' >"$work/open-quote.yaml"
expect 2 "quoted value is not closed" -- "$wiretag" config --config "$work/open-quote.yaml"
# A property librdkafka does not know, and one with a bad value: exit 2 naming it,
# at run (log level DEBUG, snapshot variable set: both accepted on the way) and replay.
WIRETAG_LOG_LEVEL=DEBUG WIRETAG_GAZETTEER_SNAPSHOT= WIRETAG_KAFKA_COMMON_NO_SUCH_PROPERTY=1 \
  expect 2 "kafka property 'no.such.property'" -- "$wiretag" run --brokers 127.0.0.1:1 --metrics-listen ""
WIRETAG_KAFKA_PRODUCER_LINGER_MS=soon \
  expect 2 "kafka property 'linger.ms'" -- "$wiretag" run --brokers 127.0.0.1:1 --metrics-listen ""
WIRETAG_KAFKA_CONSUMER_NO_SUCH_PROPERTY=1 \
  expect 2 "kafka property 'no.such.property'" -- "$wiretag" replay --brokers 127.0.0.1:1 --input raw --output out \
  --from beginning --metrics-listen ""

# --- replay: the destination is explicit, relative times parse ---
expect 2 "--output TOPIC is required" -- "$wiretag" replay --brokers 127.0.0.1:1 --input raw --from -1h --metrics-listen ""
expect 2 "--to-live-topic" -- "$wiretag" replay --brokers 127.0.0.1:1 --input raw --output wire.enriched --from -1h
expect 2 "relative time" -- "$wiretag" replay --brokers 127.0.0.1:1 --input raw --output out --from -1w
sample=config/samples/demo-stories.jsonl
expect 0 "into stdout (--dry-run)" -- "$wiretag" replay --from-file "$sample" --dry-run --metrics-listen ""

# --- dev-broker --port: a fixed bootstrap address; topics are created on use ---
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$wiretag" dev-broker --port "$port" --brokers 2 --topics wire.raw >"$work/broker" 2>"$work/broker.err" &
broker_pid=$!
while [ ! -s "$work/broker" ] && kill -0 "$broker_pid" 2>/dev/null; do sleep 0.05; done
bootstrap=$(head -1 "$work/broker")
[ "$bootstrap" = "127.0.0.1:$port" ] || fail "dev-broker --port $port printed '$bootstrap'"
expect 0 "into topic backfill (dead letters to wire.dlq)" -- "$wiretag" replay --brokers "$bootstrap" \
  --from-file "$sample" --output backfill --metrics-listen ""
expect 0 "" -- kcat -C -b "$bootstrap" -t backfill -e -q -f '%s\n'
[ "$(wc -l <"$work/out")" -eq "$(grep -c . "$sample")" ] || fail "backfill holds $(wc -l <"$work/out") records, not one per sample story"
expect 0 "LIVE output topic wire.enriched" -- "$wiretag" replay --brokers "$bootstrap" --from-file "$sample" \
  --to-live-topic --metrics-listen ""
grep -qF "into topic wire.enriched (dead letters to wire.dlq)" "$work/err" || fail "the summary does not name the live topic"
kill -TERM "$broker_pid"; wait "$broker_pid"; status=$?; broker_pid=
[ "$status" -eq 0 ] || fail "dev-broker exited $status on SIGTERM"

if [ "$failures" -gt 0 ]; then echo "$failures failure(s)" >&2; exit 1; fi
echo "PASS operator CLI"
