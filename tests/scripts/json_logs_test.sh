#!/usr/bin/env bash
# With --log-format json every stderr line is one JSON object, even when the
# message carries quotes, backslashes and control characters taken from user
# input (here a file name), so log shippers never drop or mangle a line. Dead
# letters are logged at warn with structured fields as JSON keys (topic,
# partition, offset, reason, detail, and the uri when the story had one):
# `wiretag demo` feeds one invalid-JSON and one body-less record.
# Usage: bash tests/scripts/json_logs_test.sh path/to/wiretag   (from the repository root)
set -euo pipefail
wiretag=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
name=$(printf 'missing "quoted" back\\slash\ttab.jsonl')
status=0
"$wiretag" --log-format json replay --from-file "$work/$name" --output out --dry-run --metrics-listen "" \
  >"$work/out" 2>"$work/err" || status=$?
if [ "$status" -eq 0 ]; then echo "FAIL: a missing input file must fail the replay" >&2; exit 1; fi
python3 - "$work/err" "$work/$name" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
if not lines:
    sys.exit("FAIL: no log lines on stderr")
messages = []
for n, line in enumerate(lines, 1):
    try:
        obj = json.loads(line)
    except ValueError as e:
        sys.exit(f"FAIL: stderr line {n} is not JSON ({e}): {line!r}")
    for key in ("ts", "level", "msg"):
        if key not in obj:
            sys.exit(f"FAIL: stderr line {n} has no {key!r}: {line!r}")
    messages.append(obj["msg"])
if not any(sys.argv[2] in m for m in messages):
    sys.exit(f"FAIL: no message names the file {sys.argv[2]!r} exactly: {messages!r}")
print(f"ok: {len(lines)} JSON log lines, file name round-trips")
PY

"$wiretag" --log-format json demo --show 0 >"$work/demo.out" 2>"$work/demo.err" ||
  { echo "FAIL: wiretag demo failed:"; tail -n 20 "$work/demo.err"; exit 1; }
python3 - "$work/demo.err" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
records = []
for n, line in enumerate(lines, 1):
    try:
        records.append(json.loads(line))
    except ValueError as e:
        sys.exit(f"FAIL: demo stderr line {n} is not JSON ({e}): {line!r}")
dead = [r for r in records if r.get("event") == "dead_letter"]
by_reason = {r.get("reason"): r for r in dead}
if sorted(by_reason) != ["invalid_json", "no_body"] or len(dead) != 2:
    sys.exit(f"FAIL: expected one dead-letter line each for invalid_json and no_body, got {dead!r}")
for r in dead:
    if r["level"] != "warning":
        sys.exit(f"FAIL: a dead letter is logged at {r['level']!r}, not warn: {r!r}")
    for key, kind in (("topic", str), ("partition", int), ("offset", int), ("reason", str), ("detail", str)):
        if not isinstance(r.get(key), kind):
            sys.exit(f"FAIL: dead-letter line without a {kind.__name__} {key!r} key: {r!r}")
    if f"{r['topic']}/{r['partition']}/{r['offset']}" not in r["msg"]:
        sys.exit(f"FAIL: the message does not name topic/partition/offset: {r!r}")
if by_reason["no_body"].get("uri") != "urn:wiretag:demo:headline-only":
    sys.exit(f"FAIL: the body-less story's line lacks its uri: {by_reason['no_body']!r}")
if "uri" in by_reason["invalid_json"]:
    sys.exit(f"FAIL: invalid JSON has no uri to report: {by_reason['invalid_json']!r}")
print(f"ok: dead letters logged at warn with structured fields: {sorted(by_reason)}")
PY
echo "PASS json_logs_test"
