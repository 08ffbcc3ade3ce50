#!/usr/bin/env python3
"""Turns a CoNLL-2003 column file into plain text for whole-process speed runs:
each sentence's tokens joined by single spaces, sentences by newlines,
-DOCSTART- lines dropped (the same text `wiretag eval conll` tags).

Usage: benchmarks/conll_to_text.py eng.train > big.txt
       build/wiretag tag --format text --max-bytes 100000000 big.txt > /dev/null
   or: benchmarks/conll_to_text.py --jsonl eng.train > stories.jsonl
       (one ninjs story per CoNLL document, the shape of a wire feed)
       build/wiretag tag stories.jsonl > /dev/null
Prints the token count on stderr, for tokens per CPU-second."""
import json
import sys


def main():
    args = sys.argv[1:]
    jsonl = bool(args) and args[0] == "--jsonl"
    if jsonl:
        args = args[1:]
    if len(args) != 1:
        sys.exit(__doc__)
    tokens = 0
    documents = []  # each a list of sentences
    sentence = []
    with open(args[0], encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.split()
            if not parts or parts[0] == "-DOCSTART-":
                if sentence:
                    if not documents:
                        documents.append([])
                    documents[-1].append(" ".join(sentence))
                    tokens += len(sentence)
                    sentence = []
                if parts and parts[0] == "-DOCSTART-":
                    documents.append([])
                continue
            sentence.append(parts[0])
    if sentence:
        if not documents:
            documents.append([])
        documents[-1].append(" ".join(sentence))
        tokens += len(sentence)
    out = sys.stdout
    for number, sentences in enumerate(d for d in documents if d):
        text = "\n".join(sentences) + "\n"
        if jsonl:
            story = {"uri": f"urn:conll:doc:{number + 1}",
                     "bodies": [{"role": "main", "contenttype": "text/plain", "value": text}]}
            out.write(json.dumps(story, ensure_ascii=False) + "\n")
        else:
            out.write(text)
    print(f"{tokens} tokens", file=sys.stderr)


if __name__ == "__main__":
    main()
