#!/usr/bin/env bash
# With --log-format json every stderr line is one JSON object, even when the
# message carries quotes, backslashes and control characters taken from user
# input (here a file name), so log shippers never drop or mangle a line.
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
