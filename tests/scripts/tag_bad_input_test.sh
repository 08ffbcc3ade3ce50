#!/usr/bin/env bash
# `wiretag tag` on a mix of good and bad stories: one record per good story, in
# input order; one stderr line per bad story naming file, line and reason; exit
# status 2 at the end; processing goes on after every failure.
# Usage: bash tests/scripts/tag_bad_input_test.sh path/to/wiretag   (from the repository root)
set -euo pipefail
wiretag=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; echo "--- stderr:" >&2; cat "$work/err" >&2; exit 1; }

good() { printf '{"uri":"urn:test:%s","bodies":[{"role":"main","contenttype":"text/plain","value":"WASHINGTON -- Officials met in Paris on %s."}]}\n' "$1" "$1"; }
{
  good g1                                                            # line 1
  printf '{"uri":"urn:test:bad-json","bodies":[\n'                    # line 2: invalid JSON
  good g2                                                            # line 3
  printf '{"uri":"urn:test:no-body","bodies":[]}\n'                  # line 4: no body
  printf '\n'                                                        # line 5: blank, skipped
  printf '{"uri":"urn:test:bad-utf8","body_text":"caf\xc3("}\n'      # line 6: invalid UTF-8
  printf '{"uri":"urn:test:big","body_text":"%0900d"}\n' 0           # line 7: over --max-message-bytes
  printf 'plain words, not JSON\r\n'                                 # line 8: invalid JSON (CRLF)
  good g3                                                            # line 9
} > "$work/mixed.jsonl"
printf 'LONDON, March 3 (Reuters) - Plain text story about Berlin.\n' > "$work/plain.txt"

set +e
"$wiretag" tag --max-message-bytes 800 "$work/mixed.jsonl" "$work/missing.jsonl" "$work/plain.txt" \
  > "$work/out" 2> "$work/err"
status=$?
set -e
[ "$status" -eq 2 ] || fail "exit status $status, want 2"

uris=$(python3 -c 'import json,sys; print(" ".join(json.loads(l)["uri"][:40] for l in open(sys.argv[1])))' "$work/out")
[ "$uris" = "urn:test:g1 urn:test:g2 urn:test:g3 urn:wiretag:sha256:$(printf 'LONDON, March 3 (Reuters) - Plain text story about Berlin.\n' | sha256sum | cut -c1-21)" ] \
  || fail "records: $uris"

expect() { grep -qE "$1" "$work/err" || fail "no stderr line matching: $1"; }
expect "^wiretag tag: $work/mixed.jsonl:2: invalid_json: "
expect "^wiretag tag: $work/mixed.jsonl:4: no_body: "
expect "^wiretag tag: $work/mixed.jsonl:6: invalid_utf8: invalid UTF-8 at byte 43$"
expect "^wiretag tag: $work/mixed.jsonl:7: too_large: input is [0-9]+ bytes, over max_message_bytes 800$"
expect "^wiretag tag: $work/mixed.jsonl:8: invalid_json: "
expect "^wiretag tag: $work/missing.jsonl:0: read_error: cannot open: "
[ "$(grep -c '^wiretag tag: ' "$work/err")" -eq 6 ] || fail "want exactly 6 error lines"

# stdin, auto format: JSON Lines; all good -> exit 0.
good s1 | "$wiretag" tag > "$work/out" 2> "$work/err" || fail "stdin run failed"
grep -q '"uri":"urn:test:s1"' "$work/out" || fail "stdin record missing"

# --format text: a file starting with '{' is still one plain-text story.
good t1 > "$work/text.txt"
"$wiretag" tag --format text "$work/text.txt" > "$work/out" 2> "$work/err" || fail "text run failed"
grep -q '"contenttype":"text/plain","value":"{' "$work/out" || fail "text story not wrapped as ninjs"

# A plain-text story over the limit is reported, not tagged (--max-bytes: the
# older name of --max-message-bytes, still accepted).
head -c 5000 /dev/zero | tr '\0' 'a' > "$work/big.txt"
set +e
"$wiretag" tag --max-bytes 1000 "$work/big.txt" > "$work/out" 2> "$work/err"
status=$?
set -e
[ "$status" -eq 2 ] && [ ! -s "$work/out" ] || fail "big text: status $status"
expect "big.txt:1: too_large: input is at least [0-9]+ bytes, over max_message_bytes 1000$"

# The issue-19 poison record: 100,000 levels of nesting (200 KB) is reported as
# too_deep, and the story after it is still tagged (it crashed the command).
{
  python3 -c 'import sys; n = 100000; sys.stdout.write("{\"uri\":\"urn:test:deep\",\"body_text\":\"x\",\"n\":" + "[" * n + "]" * n + "}\n")'
  good after-deep
} > "$work/deep.jsonl"
set +e
"$wiretag" tag "$work/deep.jsonl" > "$work/out" 2> "$work/err"
status=$?
set -e
[ "$status" -eq 2 ] || fail "deep: exit status $status, want 2"
expect "^wiretag tag: $work/deep.jsonl:1: too_deep: in field \"n\": nested deeper than 1024 levels$"
grep -q '"uri":"urn:test:after-deep"' "$work/out" || fail "the story after the deep one was not tagged"
echo "tag_bad_input_test: ok"
