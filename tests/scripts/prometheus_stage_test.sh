#!/usr/bin/env bash
# Observability end to end: `wiretag dev-broker` + `wiretag run` with its metrics
# listener on 127.0.0.1, scraped by a real Prometheus (Debian `prometheus`, on
# 127.0.0.1, temporary storage, 1 s scrapes, the shipped alert rules loaded).
# kcat feeds a known number of stories, some bad; the test then asserts through
# Prometheus's HTTP API that consumed, produced and dead-lettered counts match
# exactly, runs every query of deploy/grafana/wiretag.json against that
# Prometheus (failing on any query error), checks the alert rules evaluate
# without error, and runs `promtool check metrics` on the /metrics body. A
# `wiretag replay` of the same topic is scraped under the same job (as the
# PodMonitor does on Kubernetes): its series say mode="replay", the live
# stage's mode="live", so the live-only alerts and the dashboard's Mode
# variable keep them apart.
# Usage: tests/scripts/prometheus_stage_test.sh path/to/wiretag   (from the repository root)
set -euo pipefail
wiretag=$(realpath "${1:?usage: $0 path/to/wiretag}")
cd "$(dirname "$0")/../.."
repo=$(pwd)
for tool in kcat prometheus promtool curl python3; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (deploy/setup-debian.sh installs it)"; exit 1; }
done

tmp=$(mktemp -d)
broker_pid= ; stage_pid= ; prom_pid= ; replay_pid=
cleanup() {
  [ -n "$prom_pid" ] && kill -TERM "$prom_pid" 2>/dev/null || true
  [ -n "$stage_pid" ] && kill -KILL "$stage_pid" 2>/dev/null || true
  [ -n "$replay_pid" ] && kill -KILL "$replay_pid" 2>/dev/null || true
  [ -n "$broker_pid" ] && kill -TERM "$broker_pid" 2>/dev/null || true
  for pid in $prom_pid $stage_pid $replay_pid $broker_pid; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  for log in stage.err replay.err prometheus.err broker.err; do
    echo "--- $log (tail)"; tail -n 30 "$tmp/$log" 2>/dev/null || true
  done
  exit 1
}

# Polls "$@" every 0.2 s until it succeeds or 90 s pass.
wait_for() {
  local deadline=$((SECONDS + 90))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
http_ok() { curl -fsS -o /dev/null --max-time 5 "$1" 2>/dev/null; }

# --- broker and input -------------------------------------------------------
"$wiretag" dev-broker --brokers 1 --partitions 4 --topics prom.raw,prom.enriched,prom.dlq,prom.backfill \
  >"$tmp/broker.out" 2>"$tmp/broker.err" &
broker_pid=$!
wait_for test -s "$tmp/broker.out" || fail "dev-broker printed no bootstrap servers"
brokers=$(head -n1 "$tmp/broker.out")

good=40
for i in $(seq 1 $good); do
  printf 'k%d|{"uri":"urn:prom:%d","bodies":[{"role":"main","contenttype":"text/plain","value":"SEOUL, Aug. 18 (Yonhap) -- Foreign Minister Mina Park met Japanese officials in Tokyo on story %d, Yonhap said."}]}\n' "$i" "$i" "$i"
done >"$tmp/input.txt"
# Bad stories: two invalid JSON, one without a body, one with invalid UTF-8.
printf 'bad1|{"uri":"urn:prom:broken","bodies":[\n' >>"$tmp/input.txt"
printf 'bad2|{"uri": \n' >>"$tmp/input.txt"
printf 'bad3|{"uri":"urn:prom:nobody","headlines":[{"value":"Only a headline"}]}\n' >>"$tmp/input.txt"
printf 'bad4|{"uri":"urn:prom:utf8","bodies":[{"value":"WASHINGTON -- caf\xc3\x28 \xff"}]}\n' >>"$tmp/input.txt"
bad=4
total=$((good + bad))
kcat -P -b "$brokers" -t prom.raw -K '|' -l "$tmp/input.txt" || fail "kcat could not produce"

# --- the stage ----------------------------------------------------------------
metrics_port=$(free_port)
WIRETAG_METRICS_STATISTICS_INTERVAL_MS=500 \
  "$wiretag" --log-format text run --brokers "$brokers" --group prom --input prom.raw --output prom.enriched \
  --dlq prom.dlq --workers 2 --metrics-listen "127.0.0.1:$metrics_port" 2>"$tmp/stage.err" &
stage_pid=$!
metrics="http://127.0.0.1:$metrics_port"
wait_for http_ok "$metrics/readyz" || fail "/readyz never became ready: $(curl -s "$metrics/readyz")"
http_ok "$metrics/healthz" || fail "/healthz not ok: $(curl -s "$metrics/healthz")"

# --- a backfill of the same topic, slow enough to be scraped while it runs ----
replay_port=$(free_port)
WIRETAG_METRICS_STATISTICS_INTERVAL_MS=500 \
  "$wiretag" --log-format text replay --brokers "$brokers" --input prom.raw --output prom.backfill --dlq prom.dlq \
  --from beginning --rate 1 --workers 1 --metrics-listen "127.0.0.1:$replay_port" 2>"$tmp/replay.err" &
replay_pid=$!
wait_for http_ok "http://127.0.0.1:$replay_port/readyz" || fail "the replay's /readyz never became ready"

# --- Prometheus ---------------------------------------------------------------
prom_port=$(free_port)
prom="http://127.0.0.1:$prom_port"
cat >"$tmp/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $repo/deploy/prometheus/wiretag-alerts.yml
scrape_configs:
  - job_name: wiretag
    static_configs:
      - targets: ["127.0.0.1:$metrics_port", "127.0.0.1:$replay_port"]
YAML
promtool check config "$tmp/prometheus.yml" >/dev/null || fail "generated Prometheus config is invalid"
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/data" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=warn 2>"$tmp/prometheus.err" &
prom_pid=$!
wait_for http_ok "$prom/-/ready" || fail "Prometheus did not become ready"

# The value of an instant query that returns one sample ("" when empty).
query() {
  curl -fsS --max-time 10 "$prom/api/v1/query" --data-urlencode "query=$1" | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r["status"] == "success", r
res = r["data"]["result"]
print(res[0]["value"][1] if len(res) == 1 else "")'
}
equals() { [ "$(query "$1")" = "$2" ]; }

wait_for equals 'sum(wiretag_records_consumed_total{job="wiretag",mode="live"})' "$total" ||
  fail "Prometheus saw $(query 'sum(wiretag_records_consumed_total{mode="live"})') consumed, expected $total"
wait_for equals 'sum(wiretag_records_produced_total{job="wiretag",mode="live"}) + sum(wiretag_records_dead_lettered_total{job="wiretag",mode="live"})' "$total" ||
  fail "outputs never reached $total"

# --- exact counts through Prometheus's HTTP API -----------------------------
check() {
  local got
  got=$(query "$1")
  [ "$got" = "$2" ] || fail "$1 = '$got', expected $2"
}
check 'sum(wiretag_records_consumed_total{job="wiretag",mode="live",topic="prom.raw"})' "$total"
check 'count(wiretag_records_consumed_total{job="wiretag",mode="live",topic="prom.raw"})' 4   # one series per partition
check 'sum(wiretag_records_produced_total{job="wiretag",mode="live",topic="prom.enriched"})' "$good"
check 'sum(wiretag_records_dead_lettered_total{job="wiretag",mode="live"})' "$bad"
check 'wiretag_records_dead_lettered_total{job="wiretag",mode="live",reason="invalid_json"}' 2
check 'wiretag_records_dead_lettered_total{job="wiretag",mode="live",reason="no_body"}' 1
check 'wiretag_records_dead_lettered_total{job="wiretag",mode="live",reason="invalid_utf8"}' 1
check 'wiretag_records_dead_lettered_total{job="wiretag",mode="live",reason="too_large"}' 0
check 'sum(wiretag_datelines_total{job="wiretag",mode="live"})' "$good"
check 'wiretag_end_to_end_latency_seconds_count{job="wiretag",mode="live"}' "$total"
check 'wiretag_stage_duration_seconds_count{job="wiretag",mode="live",step="tag"}' "$good"
check 'sum(wiretag_rebalances_total{job="wiretag",mode="live",kind="assign"}) >= bool 1' 1
check 'count(wiretag_build_info{job="wiretag",mode="live"})' 1
check 'count(up{job="wiretag"} == 1)' 2   # the stage and the replay
# Lag gauges come from librdkafka statistics: one per assigned partition, 0 once caught up.
wait_for equals 'count(wiretag_consumer_lag_records{job="wiretag",mode="live",topic="prom.raw"})' 4 ||
  fail "expected a lag series per partition, got: $(query 'count(wiretag_consumer_lag_records)')"
wait_for equals 'sum(wiretag_consumer_lag_records{job="wiretag",mode="live",topic="prom.raw"})' 0 ||
  fail "lag never reached 0: $(query 'sum(wiretag_consumer_lag_records)')"
wait_for equals 'sum(wiretag_committed_offset{job="wiretag",mode="live",topic="prom.raw"})' "$total" ||
  fail "committed offsets sum to $(query 'sum(wiretag_committed_offset)'), expected $total"

# Reachability: each Kafka client reaches the broker, and /readyz is ok.
wait_for equals 'count(wiretag_kafka_brokers_up{job="wiretag",mode="live"} >= 1)' 2 ||
  fail "expected brokers up for the consumer and the producer: $(curl -s "$metrics/metrics" | grep brokers_up)"
check 'wiretag_ready{job="wiretag",mode="live"}' 1
check 'wiretag_dead_letters_truncated_total{job="wiretag",mode="live"}' 0
# The replay's series are its own: mode="replay", on its instance only; the
# live stage's latency series (what WiretagEndToEndLatencyHigh watches) stay
# the live stage's.
wait_for equals 'sum(wiretag_end_to_end_latency_seconds_count{job="wiretag",mode="replay"}) > bool 0' 1 ||
  fail "the replay exported no end-to-end latency of its own: $(curl -s "http://127.0.0.1:$replay_port/metrics" | grep end_to_end | head -3)"
check 'count(wiretag_build_info{job="wiretag",mode="replay",instance="127.0.0.1:'"$replay_port"'"})' 1
check 'count(wiretag_build_info{job="wiretag",mode="live",instance="127.0.0.1:'"$metrics_port"'"})' 1
check 'count(wiretag_end_to_end_latency_seconds_count{job="wiretag",mode="live",instance="127.0.0.1:'"$replay_port"'"})' ""
check 'wiretag_end_to_end_latency_seconds_count{job="wiretag",mode="live"}' "$total"

# --- every Grafana panel query runs without error ---------------------------
python3 - "$prom" "$repo/deploy/grafana/wiretag.json" <<'PY' || fail "Grafana panel queries failed"
import json, sys, urllib.parse, urllib.request
prom, path = sys.argv[1], sys.argv[2]
dashboard = json.load(open(path))
# Grafana's variables, as Grafana would expand them for this Prometheus.
subst = {"$__rate_interval": "1m", "$__interval": "1s", "$__range": "5m", "$instance": ".*", "$mode": "live"}
# Panels that must show data after this run (not merely parse).
must_have_data = {"Records in (consumed/s)", "Records out (produced and dead-lettered/s)",
                  "Consumer lag per partition", "Dead-lettered by reason (/s)", "Entities by type (/s)",
                  "CPU", "Memory (resident)", "Build"}
errors, queries = [], 0
for panel in dashboard["panels"]:
    for target in panel.get("targets", []):
        expr = target["expr"]
        for k, v in subst.items():
            expr = expr.replace(k, v)
        queries += 1
        for api, extra in (("query", {}), ("query_range", {"step": "1"})):
            params = {"query": expr, **extra}
            if api == "query_range":
                import time
                now = time.time()
                params.update({"start": str(now - 120), "end": str(now)})
            url = f"{prom}/api/v1/{api}?" + urllib.parse.urlencode(params)
            try:
                body = json.load(urllib.request.urlopen(url, timeout=10))
            except urllib.error.HTTPError as e:
                body = json.load(e)
            if body.get("status") != "success":
                errors.append(f"{panel['title']}: {expr}: {body.get('error')}")
            elif api == "query" and panel["title"] in must_have_data and target["refId"] == "A" \
                    and not body["data"]["result"]:
                errors.append(f"{panel['title']}: {expr}: no data")
for e in errors:
    print("panel query error:", e)
print(f"{queries} panel queries run against Prometheus, {len(errors)} errors")
sys.exit(1 if errors else 0)
PY

# --- the alert rules load and evaluate without error -------------------------
rules_ok() {
  curl -fsS --max-time 10 "$prom/api/v1/rules" | python3 -c '
import json, sys, yaml
shipped = sum(len(g["rules"]) for g in yaml.safe_load(open(sys.argv[1]))["groups"])
rules = [r for g in json.load(sys.stdin)["data"]["groups"] for r in g["rules"]]
sys.exit(0 if len(rules) == shipped and all(r.get("health") == "ok" for r in rules) else 1)' \
    "$repo/deploy/prometheus/wiretag-alerts.yml"
}
wait_for rules_ok || fail "alert rules not all healthy: $(curl -s "$prom/api/v1/rules")"

# --- /metrics is clean for promtool -----------------------------------------
curl -fsS "$metrics/metrics" >"$tmp/metrics.txt" || fail "GET /metrics failed"
lint=$(promtool check metrics <"$tmp/metrics.txt" 2>&1) || fail "promtool check metrics: $lint"
[ -z "$lint" ] || fail "promtool check metrics reported: $lint"
for name in process_cpu_seconds_total process_resident_memory_bytes process_open_fds process_start_time_seconds; do
  grep -q "^$name " "$tmp/metrics.txt" || fail "/metrics lacks $name"
done

# --- the replay's own /metrics says mode="replay" ------------------------------
curl -fsS "http://127.0.0.1:$replay_port/metrics" >"$tmp/replay-metrics.txt" || fail "GET the replay's /metrics failed"
grep -q '^wiretag_end_to_end_latency_seconds_count{mode="replay"}' "$tmp/replay-metrics.txt" ||
  fail "the replay's latency series lacks mode=\"replay\": $(grep end_to_end_latency_seconds_count "$tmp/replay-metrics.txt")"
if grep -q 'mode="live"' "$tmp/replay-metrics.txt"; then fail "the replay exports mode=\"live\" series"; fi
kill -TERM "$replay_pid"; wait "$replay_pid" 2>/dev/null || true; replay_pid=

# --- shutdown: SIGTERM exits 0 ------------------------------------------------
kill -TERM "$stage_pid"
status=0; wait "$stage_pid" || status=$?
stage_pid=
[ "$status" -eq 0 ] || fail "wiretag run exited $status after SIGTERM"
echo "PASS: Prometheus counted $total consumed, $good produced, $bad dead-lettered; panel queries, rules and promtool clean"
