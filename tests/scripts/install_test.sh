#!/usr/bin/env bash
# `cmake --install` (issue 17 item 12): installs into a temporary prefix the
# layout the Dockerfile and the systemd unit use (bin/wiretag, the gazetteer
# snapshot beside it, share/wiretag/config), then runs the installed binary from
# an unrelated directory: `wiretag tag` finds its data there, by itself, and
# starts from the snapshot rather than rebuilding the gazetteers.
# Usage: bash tests/scripts/install_test.sh path/to/wiretag   (from the repository root;
# the binary's directory is the build tree to install from)
set -euo pipefail
build=$(dirname "$(realpath "$1")")
source_tree=$(pwd -P)
prefix=$(realpath "$(mktemp -d)")
elsewhere=$(mktemp -d)
trap 'rm -rf "$prefix" "$elsewhere"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$elsewhere/install.log" || { cat "$elsewhere/install.log"; fail "cmake --install"; }
for f in bin/wiretag bin/wiretag-gazetteers.snapshot share/wiretag/config/wiretag.yaml \
         share/wiretag/config/agencies.tsv share/wiretag/config/models/ner-en.bin; do
  [ -f "$prefix/$f" ] || fail "the install has no $f"
done
[ -x "$prefix/bin/wiretag" ] || fail "bin/wiretag is not executable"
# The shipped binary finds its data from where it is installed, never from a
# path compiled in: no trace of the source or build tree in it. The compiler
# may store a constant path as 8-byte immediates, so its first 8 bytes are
# what is looked for.
for tree in "$source_tree" "$build"; do
  if strings "$prefix/bin/wiretag" | grep -qF -- "${tree:0:8}"; then
    fail "bin/wiretag holds the build's path $tree: $(strings "$prefix/bin/wiretag" | grep -F -- "${tree:0:8}" | head -3)"
  fi
done

cd "$elsewhere"  # no ./config here, and the source tree must not be needed
story='{"uri":"urn:test:1","headline":"Talks","bodies":[{"role":"main","contenttype":"text/plain","value":"WASHINGTON (AP) -- Senators met in Paris on Tuesday."}]}'
echo "$story" | env -u WIRETAG_CONFIG_DIR -u WIRETAG_GAZETTEER_SNAPSHOT \
  "$prefix/bin/wiretag" tag --log-level debug >out.jsonl 2>err.log || { cat err.log; fail "installed wiretag tag exited $?"; }
python3 - out.jsonl <<'PY' || fail "unexpected output: $(cat out.jsonl)"
import json, sys
record = json.loads(open(sys.argv[1]).read())
assert record["uri"] == "urn:test:1", record
assert record["wiretag"]["dateline"]["city"] == "Washington", record["wiretag"]
PY
# The data and the snapshot were found under the prefix, not in the source or build tree.
grep -qF "taggers' data from $prefix/share/wiretag/config, gazetteer snapshot $prefix/bin/wiretag-gazetteers.snapshot" err.log \
  || fail "the installed wiretag did not use the installed data: $(cat err.log)"
# The snapshot was read: a refused or missing one is logged at debug level.
if grep -q "gazetteers built from the lists" err.log; then fail "the installed snapshot was not used: $(cat err.log)"; fi
echo "PASS install ($prefix)"
