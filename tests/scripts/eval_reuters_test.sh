#!/usr/bin/env bash
# `wiretag eval reuters` on a tiny SGML file written here: figures as JSON,
# failures on stderr, and a clear error for a file with no stories.
# Usage: bash tests/scripts/eval_reuters_test.sh path/to/wiretag
set -euo pipefail
wiretag="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/tiny.sgm" <<'SGML'
<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS NEWID="1">
<DATE>18-AUG-2017 09:00:00.00</DATE>
<TEXT>&#2;
<TITLE>WIDGET &amp; CO RAISES DIVIDEND</TITLE>
<DATELINE>    TOLEDO, Ohio, Aug 17 - </DATELINE><BODY>Widget &amp; Co said it raised its dividend.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS NEWID="2">
<DATE>18-AUG-2017 10:00:00.00</DATE>
<TEXT>&#2;
<DATELINE>    LONDON, Aug 18 - </DATELINE><BODY>Sterling rose against the dollar, dealers said.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS NEWID="3">
<DATE>18-AUG-2017 11:00:00.00</DATE>
<TEXT>&#2;
<DATELINE>    PARIS, Agu 18 - </DATELINE><BODY>PARIS, Aug 18 - A typo in the field, a dateline in the body.
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS NEWID="4">
<DATE>18-AUG-2017 12:00:00.00</DATE>
<TEXT TYPE="BRIEF">&#2;<TITLE>NO BODY</TITLE>&#3;</TEXT>
</REUTERS>
SGML

"$wiretag" eval reuters --json --show-failures 10 "$tmp/tiny.sgm" > "$tmp/out.json" 2> "$tmp/err.txt"
python3 - "$tmp/out.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["stories"] == 3 and r["skipped"] == 1, r
assert abs(r["city_accuracy"] - 2 / 3) < 1e-3, r
assert r["gold_dates"] == 2 and r["date_accuracy"] == 1.0, r
assert r["false_datelines"] == 1, r
PY
grep -q "NEWID=3 city: expected \[PARIS\]" "$tmp/err.txt"
grep -q "NEWID=3 false_dateline" "$tmp/err.txt"

# Human-readable output names every figure.
"$wiretag" eval reuters "$tmp/tiny.sgm" | grep -q "^city accuracy"

# A file without stories is bad input: exit 2 and one clear line.
echo "not sgml" > "$tmp/empty.sgm"
set +e
"$wiretag" eval reuters "$tmp/empty.sgm" 2> "$tmp/err2.txt"
status=$?
set -e
[ "$status" -eq 2 ] || { echo "expected exit 2, got $status"; exit 1; }
grep -q "no <REUTERS> stories" "$tmp/err2.txt"
echo "eval reuters: ok"
