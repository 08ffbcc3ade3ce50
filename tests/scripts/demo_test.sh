#!/usr/bin/env bash
# `wiretag demo` (the README's first command) exits 0 by itself and accounts for every record.
# Usage: tests/scripts/demo_test.sh path/to/wiretag   (from the repository root)
set -euo pipefail
wiretag=${1:?usage: $0 path/to/wiretag}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
timeout 120 "$wiretag" demo --show 1 >"$out" 2>/dev/null || { echo "FAIL: wiretag demo exited $?"; cat "$out"; exit 1; }
summary=$(tail -n1 "$out")
echo "$summary"
[[ "$summary" =~ ^wiretag\ demo:\ ([0-9]+)\ records\ in,\ ([0-9]+)\ enriched.*,\ ([0-9]+)\ dead-lettered ]] ||
  { echo "FAIL: no summary line"; exit 1; }
total=${BASH_REMATCH[1]}; enriched=${BASH_REMATCH[2]}; dead=${BASH_REMATCH[3]}
[ $((enriched + dead)) -eq "$total" ] || { echo "FAIL: $total in but $enriched + $dead out"; exit 1; }
[ "$dead" -eq 2 ] || { echo "FAIL: expected the 2 malformed demo records in the DLQ, got $dead"; exit 1; }
grep -q '"wiretag":{' "$out" || { echo "FAIL: no enriched record printed"; exit 1; }
echo "PASS"
