#!/usr/bin/env bash
# End to end with kcat: `wiretag dev-broker` + `wiretag run`; kcat produces the
# input (good stories and one record of each DLQ class it can express) and
# consumes the enriched topic and the DLQ.
# Usage: tests/scripts/kcat_e2e_test.sh path/to/wiretag   (from the repository root)
set -euo pipefail
wiretag=${1:?usage: $0 path/to/wiretag}
command -v kcat >/dev/null || { echo "FAIL: kcat is not installed (deploy/setup-debian.sh installs it)"; exit 1; }
tmp=$(mktemp -d)
broker_pid= ; stage_pid=
cleanup() {
  [ -n "$stage_pid" ] && kill -KILL "$stage_pid" 2>/dev/null || true
  [ -n "$broker_pid" ] && kill -TERM "$broker_pid" 2>/dev/null || true
  [ -n "$broker_pid" ] && wait "$broker_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- stage log"; cat "$tmp/stage.err" 2>/dev/null || true; exit 1; }

# Polls "$@" every 0.1 s until it succeeds or 60 s pass.
wait_for() {
  local deadline=$((SECONDS + 60))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}

"$wiretag" dev-broker --brokers 1 --partitions 4 --topics e2e.raw,e2e.enriched,e2e.dlq >"$tmp/broker.out" 2>"$tmp/broker.err" &
broker_pid=$!
wait_for test -s "$tmp/broker.out" || fail "dev-broker printed no bootstrap servers"
brokers=$(head -n1 "$tmp/broker.out")
echo "dev-broker at $brokers"

good=50
for i in $(seq 1 $good); do
  printf 'k%d|{"uri":"urn:e2e:%d","bodies":[{"role":"main","contenttype":"text/plain","value":"LONDON, March 3 (Reuters) - Prime Minister Anna Berg met officials in Paris on story %d."}]}\n' "$i" "$i" "$i"
done >"$tmp/input.txt"
printf 'bad1|{"uri":"urn:e2e:broken","bodies":[\n' >>"$tmp/input.txt"
printf 'bad2|{"uri":"urn:e2e:nobody","headlines":[{"value":"Only a headline"}]}\n' >>"$tmp/input.txt"
printf 'bad3|{"uri":"urn:e2e:utf8","bodies":[{"value":"WASHINGTON -- caf\xc3\x28 \xff"}]}\n' >>"$tmp/input.txt"
kcat -P -b "$brokers" -t e2e.raw -K '|' -l "$tmp/input.txt" || fail "kcat could not produce"

"$wiretag" --log-format text run --brokers "$brokers" --group e2e --input e2e.raw --output e2e.enriched \
  --dlq e2e.dlq --workers 2 --metrics-listen "" 2>"$tmp/stage.err" &
stage_pid=$!

count() { kcat -C -b "$brokers" -t "$1" -e -q -f '%o\n' 2>/dev/null | wc -l; }
at_least() { [ "$(count "$1")" -ge "$2" ]; }
wait_for at_least e2e.enriched $good || fail "only $(count e2e.enriched) of $good enriched records"
wait_for at_least e2e.dlq 3 || fail "only $(count e2e.dlq) of 3 dead letters"

kill -TERM "$stage_pid"
status=0; wait "$stage_pid" || status=$?
stage_pid=
[ "$status" -eq 0 ] || fail "wiretag run exited $status after SIGTERM"

[ "$(count e2e.enriched)" -eq $good ] || fail "expected exactly $good enriched records, got $(count e2e.enriched)"
[ "$(count e2e.dlq)" -eq 3 ] || fail "expected exactly 3 dead letters"
kcat -C -b "$brokers" -t e2e.enriched -e -q -f '%k\n' | sort >"$tmp/keys"
seq 1 $good | sed 's/^/k/' | sort >"$tmp/want"
diff -q "$tmp/keys" "$tmp/want" >/dev/null || fail "enriched keys differ from the input keys"
kcat -C -b "$brokers" -t e2e.enriched -e -q -f '%h %s\n' >"$tmp/enriched"
[ "$(grep -c '"wiretag":{' "$tmp/enriched")" -eq $good ] || fail "records without a wiretag object in the output"
[ "$(grep -c 'wiretag.source=e2e.raw/[0-3]/[0-9]' "$tmp/enriched")" -eq $good ] || fail "records without a wiretag.source header"
kcat -C -b "$brokers" -t e2e.dlq -e -q -f '%k %h\n' >"$tmp/dlq"
grep -q '^bad1 .*wiretag.error=invalid_json' "$tmp/dlq" || fail "bad1 not dead-lettered as invalid_json: $(cat "$tmp/dlq")"
grep -q '^bad2 .*wiretag.error=no_body' "$tmp/dlq" || fail "bad2 not dead-lettered as no_body"
grep -q '^bad3 .*wiretag.error=invalid_utf8' "$tmp/dlq" || fail "bad3 not dead-lettered as invalid_utf8"
# The header names the same version as the records: the release plus the model actually loaded.
version=$("$wiretag" --version | awk '{print $2}')
[ "$(grep -c "wiretag.version=$version" "$tmp/enriched")" -eq $good ] || fail "enriched headers do not all name $version"
[ "$(grep -c "\"version\":\"$version\"" "$tmp/enriched")" -eq $good ] || fail "records do not all carry version $version"
[ "$(grep -c "wiretag.version=$version" "$tmp/dlq")" -eq 3 ] || fail "dead letters do not all name $version: $(cat "$tmp/dlq")"
echo "PASS: $good enriched, 3 dead-lettered, exit 0 on SIGTERM"
