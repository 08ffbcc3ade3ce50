#!/usr/bin/env bash
# Smoke test of the end-to-end benchmark harness (benchmarks/e2e/run.sh): a small
# run with the peers that need nothing from the network (kcat pass-through, wiretag
# run with 1 and with all workers) and a 4-second soak. Asserts a row per peer with
# figures > 0, that every story came out of every peer in both passes and the soak,
# that the soak's RSS figures are consistent, and that a missing binary is
# a clear error with exit status 2. Measures nothing itself: no figure is judged.
# Usage: tests/scripts/bench_harness_test.sh path/to/wiretag   (from the repository root)
set -euo pipefail
wiretag=${1:?usage: $0 path/to/wiretag}
command -v kcat >/dev/null || { echo "FAIL: kcat is not installed (deploy/setup-debian.sh installs it)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; for f in "$tmp"/out/*.log; do [ -s "$f" ] && { echo "--- $f"; tail -20 "$f"; }; done; exit 1; }

# 1. A missing binary: exit status 2 and a message naming it, before anything starts.
set +e
benchmarks/e2e/run.sh --wiretag "$tmp/no-such-wiretag" --peers kcat --stories 10 --out "$tmp/missing" \
  >"$tmp/missing.out" 2>"$tmp/missing.err"
status=$?
set -e
[ "$status" -eq 2 ] || fail "missing binary: exit status $status, expected 2"
grep -q "missing wiretag binary $tmp/no-such-wiretag" "$tmp/missing.err" || fail "no clear message: $(cat "$tmp/missing.err")"

# 2. A small run.
stories=300
benchmarks/e2e/run.sh --wiretag "$wiretag" --peers kcat,wiretag1,wiretagN --stories $stories \
  --latency-seconds 1 --latency-min 100 --repeats 1 --soak 4 --soak-rate 100 --soak-interval 1 --timeout 45 --out "$tmp/out" >"$tmp/table.md" 2>"$tmp/harness.err" \
  || { cat "$tmp/harness.err"; fail "run.sh exited with status $?"; }

python3 - "$tmp/out/results.json" "$tmp/table.md" $stories <<'PY' || fail "report check"
import json, sys
results = json.load(open(sys.argv[1]))
table = open(sys.argv[2]).read()
stories = int(sys.argv[3])
peers = {r["peer"]: r for r in results["peers"]}
assert sorted(peers) == ["kcat", "wiretag1", "wiretagN"], f"rows: {sorted(peers)}"
assert results["failed"] == [], results["failed"]
for name, r in peers.items():
    assert r["stories"] == stories and r["delivered"] == stories and r["lost"] == 0, (name, r)
    assert r["latency_stories"] >= 100 and r["latency_lost"] == 0, (name, r)
    for key in ("stories_per_s", "mb_per_s", "cpu_us_per_story", "peak_rss_mb", "latency_rate", "max_ms"):
        assert isinstance(r[key], (int, float)) and r[key] > 0, (name, key, r[key])
    assert 0 <= r["p50_ms"] <= r["p99_ms"] <= r["max_ms"], (name, r)
    row = [line for line in table.splitlines() if line.startswith(f"| {name} |")]
    assert len(row) == 1, f"no table row for {name}:\n{table}"
soak = results["soak"]
assert soak["soak_stories"] == 400 and soak["soak_lost"] == 0, soak
assert soak["rss_samples"] >= 3, soak
assert 0 < soak["rss_start_mb"] <= soak["rss_max_mb"] and 0 < soak["rss_end_mb"] <= soak["rss_max_mb"], soak
assert soak["rss_steady_mb"] <= soak["rss_max_mb"] <= soak["vmhwm_mb"] + 1, soak
assert "Soak:" in table, table
print("report ok:", {n: round(r["stories_per_s"]) for n, r in peers.items()})
PY
echo "PASS"
