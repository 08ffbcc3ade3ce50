#!/usr/bin/env bash
# The documentation holds together (issue 18): every relative link in README.md,
# docs/**/*.md and the tree's other Markdown pages resolves (file and #anchor,
# GitHub's anchor rules), and the configuration reference names every
# configuration key and WIRETAG_* variable the binary knows: the keys from `wiretag config` (its effective configuration
# prints every key), their variables by the loader's rule (WIRETAG_ + the path
# in capitals, dots as underscores), and the variables declared with
# EnvironmentVariable in the sources. Each WIRETAG_* variable the reference
# names must in turn be one the binary accepts. The metrics reference has a row
# for every wiretag_* metric name in the binary. Every flag of a wiretag command
# line the pages show is one its subcommand has.
# Usage: bash tests/scripts/docs_test.sh path/to/wiretag   (from the repository root)
set -uo pipefail
wiretag=$(realpath "$1")
reference=docs/operations/configuration.md
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
here=$(cd "$(dirname "$0")" && pwd)
# The variables of the environment the test runs in are not the binary's to judge here.
for v in $(compgen -e | grep '^WIRETAG_'); do unset "$v"; done

# --- the link checker itself: GitHub's anchors, a missing file, a missing anchor ---
mkdir -p "$work/fixture/sub"
cat >"$work/fixture/a.md" <<'EOF'
# Tagging stories: `wiretag tag`
## Falling behind retention
## Falling behind retention
## Délais & *reprises* (v2.0)
<a id="kept"></a>
[ok](#tagging-stories-wiretag-tag) [ok](#falling-behind-retention-1) [ok](#délais--reprises-v20) [ok](#kept)
[ok](sub/b.md#b) [ok](sub/) `[not a link](missing.md)`
```
[not a link either](missing.md)
```
[bad](#falling-behind-retention-2) [bad](sub/c.md) [bad](sub/b.md#nope)
[ref]: sub/missing.md
EOF
printf '# B\n[up](../a.md#kept)\n' >"$work/fixture/sub/b.md"
(cd "$work/fixture" && python3 "$here/docs_links.py" a.md sub/b.md) >"$work/fixture.out"
for broken in "a.md:11: link '#falling-behind-retention-2'" "a.md:11: link 'sub/c.md'" \
              "a.md:11: link 'sub/b.md#nope'" "a.md:12: link 'sub/missing.md'"; do
  grep -qF -- "$broken" "$work/fixture.out" || fail "the link checker missed: $broken"
done
[ "$(wc -l <"$work/fixture.out")" -eq 4 ] || { fail "the link checker flagged good links:"; cat "$work/fixture.out" >&2; }

# --- every relative link in README.md, docs/ and the other pages of the tree resolves ---
[ "$(find docs -name '*.md' | wc -l)" -gt 0 ] || fail "no pages under docs/"
mapfile -t pages < <(find README.md docs config pipeline benchmarks tests deploy -name '*.md' -not -path '*/node_modules/*' | sort)
python3 "$here/docs_links.py" "${pages[@]}" >"$work/links.out" ||
  { fail "broken links:"; sed 's/^/     /' "$work/links.out" >&2; }

# --- the wiretag command lines the pages show use flags their subcommand has ---
printf 'Run `wiretag replay --form 3` or:\n```\nwiretag run --brokers b \\\n  --grup g | kcat --grup\n```\n' >"$work/fixture/commands.md"
python3 "$here/docs_commands.py" "$wiretag" "$work/fixture/commands.md" >"$work/commands.out"
grep -qF "commands.md:1: wiretag replay has no flag --form" "$work/commands.out" &&
  grep -qF "wiretag run has no flag --grup" "$work/commands.out" && [ "$(wc -l <"$work/commands.out")" -eq 2 ] ||
  { fail "the command checker judged its fixture wrongly:"; cat "$work/commands.out" >&2; }
python3 "$here/docs_commands.py" "$wiretag" "${pages[@]}" >"$work/commands.out" ||
  { fail "flags the binary does not have:"; sed 's/^/     /' "$work/commands.out" >&2; }

# --- the configuration reference names every key and variable the binary knows ---
[ -f "$reference" ] || fail "$reference is missing"
(cd "$work" && "$wiretag" config --metrics-listen "" --config /dev/null) >"$work/config.yaml" 2>"$work/config.err" ||
  { fail "wiretag config failed"; cat "$work/config.err" >&2; }
python3 - "$work/config.yaml" >"$work/keys" <<'PY'
import sys, yaml
def walk(node, prefix):
    for name, value in node.items():
        path = prefix + name
        if path == "kafka":      # librdkafka properties, not keys: documented as kafka.<section>.*
            for section in value:
                print(f"kafka.{section}.*")
        elif isinstance(value, dict):
            walk(value, path + ".")
        else:
            print(path)
walk(yaml.safe_load(open(sys.argv[1])), "")
PY
[ "$(wc -l <"$work/keys")" -ge 20 ] || fail "wiretag config printed only $(wc -l <"$work/keys") keys"
while read -r key; do
  grep -qF "\`$key\`" "$reference" || fail "$reference does not name the key \`$key\`"
  case "$key" in
    kafka.*) # the pass-through: WIRETAG_KAFKA_<SECTION>_<PROPERTY>
      var="WIRETAG_KAFKA_$(echo "${key#kafka.}" | cut -d. -f1 | tr a-z A-Z)_"
      grep -qF "$var" "$reference" || fail "$reference does not name the variables $var<PROPERTY> (key $key)" ;;
    *)
      var="WIRETAG_$(echo "$key" | tr a-z. A-Z_)"
      grep -qE "(^|[^A-Z0-9_])${var}([^A-Z0-9_]|\$)" "$reference" ||
        fail "$reference does not name the variable $var (key $key)" ;;
  esac
done <"$work/keys"
strings "$wiretag" >"$work/strings"
# Variables that are not keys are declared once each, as EnvironmentVariable, where they are read.
grep -rhoE 'EnvironmentVariable[[:space:]]+[A-Za-z0-9_]+\("WIRETAG_[A-Z0-9_]+"\)' pipeline |
  grep -oE 'WIRETAG_[A-Z0-9_]+' | sort -u >"$work/declared"
[ -s "$work/declared" ] || fail "no EnvironmentVariable declarations found in pipeline/ (has the declaration changed?)"
while read -r var; do
  grep -qE "(^|[^A-Z0-9_])$var\$" "$work/strings" || fail "$var is declared in pipeline/ but not in the binary"
  grep -qE "(^|[^A-Z0-9_])${var}([^A-Z0-9_]|\$)" "$reference" || fail "$reference does not name the variable $var"
done <"$work/declared"

# --- and every WIRETAG_* variable it names is one the binary accepts (not "unknown configuration key") ---
grep -oE 'WIRETAG_[A-Z0-9_]*[A-Z0-9]' "$reference" | sort -u | while read -r var; do
  [ "$var" = WIRETAG_KAFKA_COMMON ] || [ "$var" = WIRETAG_KAFKA_CONSUMER ] || [ "$var" = WIRETAG_KAFKA_PRODUCER ] && continue
  if env "$var=tcp://10.0.0.7:9464" "$wiretag" config --metrics-listen "" --config /dev/null 2>&1 </dev/null |
       grep -q "unknown configuration key"; then
    echo "FAIL: $reference names $var, which wiretag rejects as an unknown key" >&2
    echo x >>"$work/unknown"
  fi
done
[ -s "$work/unknown" ] && failures=$((failures + 1))

# --- the metrics reference names every wiretag_* metric the binary registers (their names are strings in it) ---
metrics_page=docs/reference/metrics.md
# (a string in the binary may follow a printable byte, which strings(1) then prints before it)
grep -oE '(^|[^A-Za-z0-9_])wiretag_[a-z0-9_]+$' "$work/strings" | sed 's/^[^w]//' | sort -u >"$work/metrics"
[ "$(wc -l <"$work/metrics")" -ge 10 ] || fail "found only $(wc -l <"$work/metrics") wiretag_* metric names in the binary"
while read -r metric; do
  grep -qF "| \`$metric\` |" "$metrics_page" || fail "$metrics_page has no row for the metric $metric"
done <"$work/metrics"

if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
echo "docs: links resolve; the configuration reference names $(wc -l <"$work/keys") keys and $(wc -l <"$work/declared") other variables; the metrics reference $(wc -l <"$work/metrics") metrics"
