#!/usr/bin/env python3
"""Generate N wire-style ninjs stories of 1-6 KB for the end-to-end harness.

Each story starts with the lead paragraph (dateline included) of one of the
fictional samples in config/samples/stories.jsonl, written for wiretag, and
goes on with paragraphs drawn from the other samples until it reaches a record
size drawn uniformly from [--min-bytes, --max-bytes]. Keys and uris are unique
(story-000001, urn:wiretag:bench:000001). Deterministic for a given --seed.

Output: one line per story, KEY<TAB>JSON (for `kcat -P -K '\\t'`); with --jsonl
the JSON alone.
"""
import argparse
import copy
import json
import random
import sys


def main_text_ref(story):
    """(container, key, kind) of the story's main body, kind in plain|html|flat."""
    for body in story.get("bodies", []):
        kind = {"text/plain": "plain", "text/html": "html"}.get(body.get("contenttype", "text/plain"))
        if kind and body.get("value"):
            return body, "value", kind
    if story.get("body_text"):
        return story, "body_text", "plain"
    return None


def paragraphs(text, kind):
    if kind == "html":
        return [p for p in text.replace("</p>", "</p>\n\n").split("\n\n") if p.strip()]
    return [p for p in text.split("\n\n") if p.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", default="config/samples/stories.jsonl")
    ap.add_argument("--stories", type=int, default=1000)
    ap.add_argument("--min-bytes", type=int, default=1000)
    ap.add_argument("--max-bytes", type=int, default=6000)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--key-prefix", default="story-")
    ap.add_argument("--jsonl", action="store_true", help="JSON only, no key column")
    args = ap.parse_args()

    samples = []
    with open(args.samples, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                story = json.loads(line)
                if main_text_ref(story):
                    samples.append(story)
    if not samples:
        sys.exit(f"gen_stories: no stories with a body in {args.samples}")
    # Follow-on paragraphs: every paragraph after the lead, as plain text.
    pool = []
    for story in samples:
        container, key, kind = main_text_ref(story)
        for p in paragraphs(container[key], kind)[1:]:
            if kind == "html":
                continue
            pool.append(p)

    rng = random.Random(args.seed)
    out = sys.stdout
    for i in range(1, args.stories + 1):
        story = copy.deepcopy(samples[(i - 1) % len(samples)])
        story["uri"] = f"urn:wiretag:bench:{i:06d}"
        container, key, kind = main_text_ref(story)
        target = rng.randint(args.min_bytes, args.max_bytes)
        text = container[key]
        size = len(json.dumps(story, ensure_ascii=False).encode("utf-8"))
        while size < target:
            p = rng.choice(pool)
            add = f"\n\n<p>{p}</p>" if kind == "html" else "\n\n" + p
            if size + len(add.encode("utf-8")) > args.max_bytes:
                break
            text += add
            size += len(json.dumps(add, ensure_ascii=False).encode("utf-8")) - 2
        container[key] = text
        record = json.dumps(story, ensure_ascii=False, separators=(", ", ": "))
        if args.jsonl:
            out.write(record + "\n")
        else:
            out.write(f"{args.key_prefix}{i:06d}\t{record}\n")


if __name__ == "__main__":
    main()
