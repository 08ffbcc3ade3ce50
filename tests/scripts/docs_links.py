#!/usr/bin/env python3
"""Checks the relative links of Markdown files: every linked file exists and every #anchor names a heading
(or an explicit <a id/name>) of its target, with GitHub's anchor rules.

Usage: docs_links.py FILE.md...   (paths relative to the repository root, which is the working directory)
Prints one line per broken link (FILE:LINE: ...) and exits 1 when there is any, else 0.

GitHub's rules, as its renderer applies them: the heading's text as rendered (inline code without its
backticks, a link as its text, emphasis markers dropped), lower-cased; every character that is not a letter,
a digit, a space, '-' or '_' removed; each space turned into '-'. The second heading with the same anchor
gets '-1' appended, the third '-2', and so on. Links inside code (fenced blocks, `spans`) are not links.
"""
import os
import re
import sys
import unicodedata

FENCE = re.compile(r"^\s{0,3}(```|~~~)")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
INLINE_LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
EXPLICIT_ANCHOR = re.compile(r"<a\s+(?:id|name)=\"([^\"]+)\"", re.I)
CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def rendered_text(heading):
    """The heading's text as GitHub renders it (no Markdown syntax)."""
    text = CODE_SPAN.sub(lambda m: m.group(2).strip(), heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](target) -> text
    text = re.sub(r"<[^>]+>", "", text)                      # inline HTML tags
    return text


def slug(heading):
    out = []
    for ch in rendered_text(heading).strip().lower():
        category = unicodedata.category(ch)
        if ch in " -_" or category[0] in "LN" or category == "Mn":
            out.append("-" if ch == " " else ch)
    return "".join(out)


def markdown_lines(path):
    """(line number, text) of the lines outside fenced code blocks."""
    fenced = False
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if FENCE.match(line):
                fenced = not fenced
                continue
            if not fenced:
                yield number, line.rstrip("\n")


_anchor_cache = {}


def anchors(path):
    if path not in _anchor_cache:
        seen, found = {}, set()
        for _, line in markdown_lines(path):
            found.update(EXPLICIT_ANCHOR.findall(line))
            m = HEADING.match(line)
            if not m:
                continue
            base = slug(m.group(2))
            n = seen.get(base, 0)
            seen[base] = n + 1
            found.add(base if n == 0 else f"{base}-{n}")
        _anchor_cache[path] = found
    return _anchor_cache[path]


def links(path):
    for number, line in markdown_lines(path):
        m = REFERENCE_DEF.match(line)
        if m:
            yield number, m.group(1)
            continue
        # Code spans are not links: blank them out first, keeping the rest.
        plain = CODE_SPAN.sub(lambda c: " " * len(c.group(0)), line)
        for link in INLINE_LINK.finditer(plain):
            yield number, link.group(1)


def problems(path):
    for number, target in links(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # http:, https:, mailto: ...
            continue
        file_part, _, anchor = target.partition("#")
        where = f"{path}:{number}: link '{target}'"
        if file_part:
            resolved = os.path.normpath(os.path.join(os.path.dirname(path), file_part))
            if not os.path.exists(resolved):
                yield f"{where}: {resolved} does not exist"
                continue
        else:
            resolved = path
        if anchor and resolved.endswith(".md"):
            if anchor not in anchors(resolved):
                yield f"{where}: {resolved} has no heading with the anchor #{anchor}"


def main(paths):
    broken = [p for path in paths for p in problems(path)]
    for p in broken:
        print(p)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
