#!/usr/bin/env bash
# The Prometheus side of deploy/: the example config and the alert rules are
# valid, and every alert behaves as its unit tests in
# deploy/prometheus/wiretag-alerts_test.yml say (fires on the bad case, stays
# quiet on the good ones). Usage: bash tests/scripts/prometheus_rules_test.sh [wiretag]
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v promtool >/dev/null || { echo "FAIL: promtool not installed (deploy/setup-debian.sh installs it)"; exit 1; }

promtool check config deploy/prometheus/prometheus.yml
promtool check rules deploy/prometheus/wiretag-alerts.yml
promtool test rules deploy/prometheus/wiretag-alerts_test.yml

# Every alert in the rules file has at least one unit test case.
python3 - <<'PY'
import sys, yaml
rules = yaml.safe_load(open("deploy/prometheus/wiretag-alerts.yml"))
alerts = {r["alert"] for g in rules["groups"] for r in g["rules"] if "alert" in r}
tests = yaml.safe_load(open("deploy/prometheus/wiretag-alerts_test.yml"))
tested = {c["alertname"] for t in tests["tests"] for c in t.get("alert_rule_test", [])
          if c.get("exp_alerts")}
missing = sorted(alerts - tested)
if missing:
    sys.exit("FAIL: alerts without a firing unit test: " + ", ".join(missing))
print(f"OK: {len(alerts)} alerts, each with a firing unit test")
PY
echo "PASS prometheus_rules_test"
