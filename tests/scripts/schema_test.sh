#!/usr/bin/env bash
# The records `wiretag tag` writes for ninjs 2.x and plain-text stories validate
# against config/schema/wiretag-record.schema.json (ninjs 2.2 + the wiretag
# object), offsets obey text[start:end] == entity.text, and the schema rejects
# records that break the contract.
# Usage: bash tests/scripts/schema_test.sh path/to/wiretag   (from the repository root)
set -euo pipefail
wiretag=$1
# Debian's python3 carries python3-jsonschema; prefer it over any other python3 on PATH.
python=/usr/bin/python3
[ -x "$python" ] || python=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ninjs 2.x samples (the ninjs 1.x one keeps 1.x fields, outside ninjs 2.x) and a plain-text story.
grep -v '"body_text"' config/samples/stories.jsonl > "$work/stories.jsonl"
"$wiretag" tag "$work/stories.jsonl" > "$work/records.jsonl"
"$wiretag" tag --format text tests/data/plain_story.txt >> "$work/records.jsonl"
[ "$(wc -l < "$work/records.jsonl")" -eq "$(( $(wc -l < "$work/stories.jsonl") + 1 ))" ] || {
  echo "FAIL: expected one record per story" >&2; exit 1; }
"$python" tests/scripts/validate_records.py config/schema "$work/records.jsonl"

# The schema can fail: an unknown top-level key, and an entity type outside CoNLL's four.
head -n 1 "$work/records.jsonl" | "$python" -c '
import json, sys
r = json.loads(sys.stdin.read())
a = dict(r, colour="blue")
b = json.loads(json.dumps(r)); b["wiretag"]["entities"][0]["type"] = "PERSON"
c = json.loads(json.dumps(r)); c["wiretag"]["entities"][0]["start"] += 1
for x in (a, b, c): print(json.dumps(x))' > "$work/broken.jsonl"
for n in 1 2 3; do
  sed -n "${n}p" "$work/broken.jsonl" > "$work/one.jsonl"
  if "$python" tests/scripts/validate_records.py config/schema "$work/one.jsonl" 2>/dev/null; then
    echo "FAIL: broken record $n passed validation" >&2; exit 1
  fi
done
echo "schema_test: ok"
