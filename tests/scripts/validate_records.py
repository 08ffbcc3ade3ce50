#!/usr/bin/env python3
"""Validates wiretag records (JSON Lines) against config/schema/wiretag-record.schema.json
and checks the offset contract: text[start:end] == entity.text in code points.

Usage: validate_records.py SCHEMA_DIR RECORDS.jsonl
Works with Debian bookworm's python3-jsonschema (4.10, RefResolver) and newer
releases (the `referencing` registry)."""
import json
import sys
from pathlib import Path

import jsonschema


def validator_for(schema_dir):
    schema = json.loads((schema_dir / "wiretag-record.schema.json").read_text())
    ninjs = json.loads((schema_dir / "ninjs-schema_2.2.json").read_text())
    ninjs_id = ninjs["$id"].rstrip("#")
    try:
        from referencing import Registry, Resource
        registry = Registry().with_resource(ninjs_id, Resource.from_contents(ninjs))
        return jsonschema.Draft202012Validator(schema, registry=registry)
    except ImportError:
        resolver = jsonschema.RefResolver.from_schema(schema, store={ninjs_id: ninjs, ninjs["$id"]: ninjs})
        return jsonschema.Draft202012Validator(schema, resolver=resolver)


def offset_errors(record):
    tag = record["wiretag"]
    body = tag.get("text")
    if body is None:  # the text/plain body: ninjs 2.x bodies[], else ninjs 1.x body_text
        body = next((b["value"] for b in record.get("bodies", []) if b.get("contenttype", "text/plain").startswith("text/plain")),
                    record.get("body_text", ""))
    heads = record.get("headlines", [])
    headline = next((h["value"] for h in heads if h.get("role", "main") == "main"),
                    heads[0]["value"] if heads else record.get("headline", ""))
    errors = []
    for e in tag["entities"]:
        text = headline if e.get("field") == "headline" else body
        if text[e["start"]:e["end"]] != e["text"]:
            errors.append(f"entity {e} is not text[{e['start']}:{e['end']}] = {text[e['start']:e['end']]!r}")
    for a in tag["agencies"]:
        if a["start"] is not None and a["end"] - a["start"] <= 0:
            errors.append(f"agency {a} has an empty span")
    d = tag["dateline"]
    if d and body[d["start"]:d["end"]] != d["text"]:
        errors.append(f"dateline {d['text']!r} is not text[{d['start']}:{d['end']}]")
    return errors


def main():
    schema_dir, records = Path(sys.argv[1]), Path(sys.argv[2])
    validator = validator_for(schema_dir)
    failures = count = 0
    for number, line in enumerate(records.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        count += 1
        record = json.loads(line)
        problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(record)]
        if not problems:
            problems = offset_errors(record)
        for p in problems:
            print(f"{records}:{number}: {p}", file=sys.stderr)
        failures += bool(problems)
    print(f"{count - failures}/{count} records valid")
    return 1 if failures or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
