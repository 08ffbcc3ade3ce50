#!/usr/bin/env bash
# `wiretag train` end to end on a small CoNLL file written here: per-epoch dev
# lines, the best epoch kept, the same seed giving the same bytes, a bad tag
# rejected with its line; and `wiretag version` naming the shipped model.
# Usage: bash tests/scripts/train_cli_test.sh <path-to-wiretag>
set -euo pipefail
wiretag=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Synthetic wire-style sentences, IOB1 as in CoNLL-2003.
python3 - "$tmp" <<'PY'
import random, sys
out = sys.argv[1]
first = ["Anna", "Boris", "Carla", "Dmitri", "Elena"]
last = ["Kowalski", "Moreau", "Tanaka", "Okafor"]
cities = ["Oslo", "Lima", "Hanoi", "Dakar"]
orgs = ["Norbank", "Telvia", "Solcorp"]
def doc(rng):
    lines = ["-DOCSTART- -X- O O", ""]
    for _ in range(5):
        if rng.random() < 0.5:
            toks = [(rng.choice(first), "I-PER"), (rng.choice(last), "I-PER"), ("said", "O"), ("in", "O"),
                    (rng.choice(cities), "I-LOC"), ("on", "O"), ("Monday", "O"), (".", "O")]
        else:
            toks = [("Shares", "O"), ("of", "O"), (rng.choice(orgs), "I-ORG"), ("rose", "O"), (".", "O")]
        lines += [f"{w} X X {t}" for w, t in toks] + [""]
    return lines
for name, seed, n in (("train", 1, 40), ("dev", 2, 10)):
    rng = random.Random(seed)
    with open(f"{out}/{name}.conll", "w") as f:
        for _ in range(n):
            f.write("\n".join(doc(rng)) + "\n")
PY

"$wiretag" train --train "$tmp/train.conll" --dev "$tmp/dev.conll" --out "$tmp/a.bin" --epochs 3 --seed 5 \
  --bits 14 --gazetteers "$tmp/none" >"$tmp/out.txt" 2>"$tmp/err.txt"
grep -q '^epoch  1 ' "$tmp/out.txt" || { echo "no per-epoch line"; cat "$tmp/out.txt"; exit 1; }
grep -q '^epoch  3 ' "$tmp/out.txt" || { echo "no third epoch"; exit 1; }
grep -qE '^  PER +P ' "$tmp/out.txt" || { echo "no per-type scores"; exit 1; }
f1=$(awk '/^  overall/ {print $7}' "$tmp/out.txt")
python3 -c "import sys; sys.exit(0 if float('$f1') > 0.95 else 1)" || { echo "dev F1 $f1 too low"; exit 1; }

"$wiretag" train --train "$tmp/train.conll" --dev "$tmp/dev.conll" --out "$tmp/b.bin" --epochs 3 --seed 5 \
  --bits 14 --gazetteers "$tmp/none" >/dev/null 2>&1
cmp "$tmp/a.bin" "$tmp/b.bin" || { echo "same seed, different model bytes"; exit 1; }

printf 'Anna X X I-PER\nsaid X X B-PERSON\n' >"$tmp/bad.conll"
if "$wiretag" train --train "$tmp/bad.conll" --out "$tmp/c.bin" 2>"$tmp/err.txt" >/dev/null; then
  echo "bad tag accepted"; exit 1
fi
grep -q 'bad.conll:2' "$tmp/err.txt" || { echo "error does not name the line:"; cat "$tmp/err.txt"; exit 1; }
[ ! -e "$tmp/c.bin" ] || { echo "model written despite the error"; exit 1; }

"$wiretag" version | head -1 | grep -qE '^wiretag [0-9]+\.[0-9]+\.[0-9]+\+ner-en-[0-9a-f]{8}$' \
  || { echo "wiretag version does not name the model:"; "$wiretag" version; exit 1; }
echo "train_cli_test: ok"
