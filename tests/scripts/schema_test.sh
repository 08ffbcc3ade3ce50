#!/usr/bin/env bash
# The records `wiretag tag` writes for every sample story (config/samples/*.jsonl,
# ninjs 1.x and 2.x alike) and a plain-text story validate against
# config/schema/wiretag-record.schema.json (ninjs 2.2 + the wiretag object;
# input fields wiretag does not know pass through), offsets obey
# text[start:end] == entity.text, and the schema rejects records that break the
# contract. Every sample is checked, none filtered out: the schema once forbade
# the extra input fields the writer keeps, and a filtered sample list hid it.
# Usage: bash tests/scripts/schema_test.sh path/to/wiretag   (from the repository root)
set -euo pipefail
wiretag=$1
# Debian's python3 carries python3-jsonschema; prefer it over any other python3 on PATH.
python=/usr/bin/python3
[ -x "$python" ] || python=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

samples=(config/samples/*.jsonl)
[ "${#samples[@]}" -ge 2 ] || { echo "FAIL: no sample stories found" >&2; exit 1; }
stories=0
for f in "${samples[@]}"; do
  "$wiretag" tag "$f" >> "$work/records.jsonl"
  stories=$(( stories + $(grep -c . "$f") ))
done
# An input field wiretag does not know is kept, and the record stays valid.
echo '{"uri":"urn:test:extra","newsroom_desk":"metro","headlines":[{"value":"Rain in Oslo"}],"bodies":[{"role":"main","contenttype":"text/plain","value":"OSLO (Reuters) - Rain fell."}]}' > "$work/extra.jsonl"
"$wiretag" tag "$work/extra.jsonl" >> "$work/records.jsonl"
grep -q '"newsroom_desk":"metro"' "$work/records.jsonl" || { echo "FAIL: the extra input field was not kept" >&2; exit 1; }
"$wiretag" tag --format text tests/data/plain_story.txt >> "$work/records.jsonl"
[ "$(wc -l < "$work/records.jsonl")" -eq "$(( stories + 2 ))" ] || {
  echo "FAIL: expected one record per story" >&2; exit 1; }
"$python" tests/scripts/validate_records.py config/schema "$work/records.jsonl"

# Places carry their GeoNames place: some LOC entity and some dateline have a
# geo, and a place with one names it by its GeoNames URI in ninjs `places`.
"$python" - "$work/records.jsonl" <<'PY'
import json, sys
records = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
entity_geo = [e for r in records for e in r["wiretag"]["entities"] if "geo" in e]
dateline_geo = [r["wiretag"]["dateline"] for r in records if r["wiretag"]["dateline"] and "geo" in r["wiretag"]["dateline"]]
uris = [p["uri"] for r in records for p in r.get("places", []) if "uri" in p]
if not entity_geo or not dateline_geo or not any(u.startswith("https://sws.geonames.org/") for u in uris):
    sys.exit("FAIL: no geo on entities (%d), datelines (%d) or places uris (%d)" % (len(entity_geo), len(dateline_geo), len(uris)))
if any(e["type"] != "LOC" for e in entity_geo):
    sys.exit("FAIL: a geo on an entity that is not LOC")
PY

# The schema can fail: no wiretag object, an unknown key inside it, an entity
# type outside CoNLL's four, offsets that miss the text.
head -n 1 "$work/records.jsonl" | "$python" -c '
import json, sys
r = json.loads(sys.stdin.read())
a = {k: v for k, v in r.items() if k != "wiretag"}
d = json.loads(json.dumps(r)); d["wiretag"]["colour"] = "blue"
b = json.loads(json.dumps(r)); b["wiretag"]["entities"][0]["type"] = "PERSON"
c = json.loads(json.dumps(r)); c["wiretag"]["entities"][0]["start"] += 1
e = json.loads(json.dumps(r)); e["wiretag"]["entities"][0]["geo"] = {"geonames_id": 1, "country": "France"}
f = json.loads(json.dumps(r)); f["wiretag"]["entities"][0]["geo"] = {"geonames_id": 1, "country": "FR", "lat": 48.8}
for x in (a, b, c, d, e, f): print(json.dumps(x))' > "$work/broken.jsonl"
for n in 1 2 3 4 5 6; do
  sed -n "${n}p" "$work/broken.jsonl" > "$work/one.jsonl"
  if "$python" tests/scripts/validate_records.py config/schema "$work/one.jsonl" >/dev/null 2>&1; then
    echo "FAIL: broken record $n passed validation" >&2; exit 1
  fi
done
echo "schema_test: ok"
