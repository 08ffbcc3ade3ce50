#!/usr/bin/env bash
# `wiretag eval conll` end to end on a tiny CoNLL file written here (IOB1 and
# IOB2 documents): prints a per-type table, finds the obvious names, and fails
# with exit status 2 and a clear message on a malformed or missing file.
# Usage: bash tests/scripts/eval_conll_test.sh path/to/wiretag
set -euo pipefail
wiretag=${1:?path to wiretag}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cat > "$dir/tiny.conll" <<'CONLL'
-DOCSTART- -X- O O

Defense NNP B-NP O
Secretary NNP I-NP O
Laura NNP I-NP I-PER
Brennan NNP I-NP I-PER
visited VBD B-VP O
Japan NNP B-NP I-LOC
. . O O

-DOCSTART- -X- O O

The DT B-NP O
United NNP I-NP B-ORG
Nations NNP I-NP I-ORG
met VBD B-VP O
in IN B-PP O
Tokyo NNP B-NP B-LOC
. . O O
CONLL

out=$("$wiretag" eval conll "$dir/tiny.conll" --errors "$dir/errors.tsv")
echo "$out"
grep -Eq '^overall +4 +[0-9]+ +[0-9]+' <<<"$out" || { echo "FAIL: no overall row with 4 gold entities"; exit 1; }
grep -Eq '^PER +1 +1 +1 ' <<<"$out" || { echo "FAIL: Laura Brennan (title left out) not found exactly once"; exit 1; }
grep -Eq '^LOC +2 +[0-9]+ +2 ' <<<"$out" || { echo "FAIL: Japan and Tokyo not both found"; exit 1; }
[ -f "$dir/errors.tsv" ] || { echo "FAIL: --errors file not written"; exit 1; }

# The rules and gazetteers alone (no trained model) find the same obvious names.
out=$("$wiretag" eval conll "$dir/tiny.conll" --entity-tagger rules)
grep -Eq '^LOC +2 +[0-9]+ +2 ' <<<"$out" || { echo "FAIL: rules alone: Japan and Tokyo not both found"; exit 1; }
if "$wiretag" eval conll "$dir/tiny.conll" --entity-tagger neural 2> "$dir/stderr"; then
  echo "FAIL: an unknown --entity-tagger was accepted"; exit 1
fi
grep -q 'entity-tagger' "$dir/stderr" || { echo "FAIL: unclear error for an unknown --entity-tagger"; exit 1; }

printf 'Laura NNP X-PER\n' > "$dir/bad.conll"
set +e
"$wiretag" eval conll "$dir/bad.conll" 2> "$dir/stderr"
status=$?
set -e
[ "$status" -eq 2 ] || { echo "FAIL: malformed file gave exit status $status, want 2"; exit 1; }
grep -q 'line 1' "$dir/stderr" || { echo "FAIL: error does not name the line: $(cat "$dir/stderr")"; exit 1; }
set +e
"$wiretag" eval conll "$dir/missing.conll" 2> "$dir/stderr"
status=$?
set -e
[ "$status" -eq 2 ] || { echo "FAIL: missing file gave exit status $status, want 2"; exit 1; }
grep -q 'cannot open' "$dir/stderr" || { echo "FAIL: unclear error for a missing file: $(cat "$dir/stderr")"; exit 1; }
echo "eval conll: ok"
