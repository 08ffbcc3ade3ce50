#!/usr/bin/env python3
"""Checks the wiretag command lines that Markdown pages show: every --flag given to a subcommand (in code blocks,
continuation lines joined, and in `inline code`) is one that `wiretag SUBCOMMAND --help` lists.

Usage: docs_commands.py path/to/wiretag FILE.md...
Prints one line per unknown flag (FILE:LINE: ...) and exits 1 when there is any, else 0.
"""
import re
import subprocess
import sys

FLAG = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*)")
# "wiretag SUB [conll|reuters] ARGS", ARGS ending where the shell command does (pipe, ;, &, comment).
COMMAND = re.compile(r"(?:^|[\s/(])wiretag\s+([a-z][a-z-]*)((?:\s+(?:conll|reuters))?)([^|;&#]*)")


class Cli:
    def __init__(self, wiretag):
        self.wiretag = wiretag
        main_help = self._help([])
        self.subcommands = set(re.findall(r"^  ([a-z][a-z-]*)  ", main_help.split("Subcommands:")[1], re.M))
        self._flags = {}

    def _help(self, words):
        out = subprocess.run([self.wiretag] + words + ["--help"], capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"wiretag {' '.join(words)} --help exited {out.returncode}")
        return out.stdout

    def flags(self, sub):
        if sub not in self._flags:
            self._flags[sub] = set(FLAG.findall(self._help(sub.split())))
        return self._flags[sub]


def code_lines(path):
    """(line number, text) of a page's code: code-block lines (continuations joined) and inline code spans."""
    fenced, pending = False, ""
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if re.match(r"^\s{0,3}(```|~~~)", line):
                fenced = not fenced
                continue
            if fenced or line.startswith("    "):
                if line.endswith("\\"):
                    pending += line[:-1] + " "
                    continue
                yield number, pending + line
                pending = ""
            else:
                for span in re.findall(r"`([^`]+)`", line):
                    yield number, span


def problems(cli, path):
    for number, text in code_lines(path):
        for m in COMMAND.finditer(text):
            if m.group(1) not in cli.subcommands:  # prose ("wiretag reads ...")
                continue
            sub = (m.group(1) + m.group(2)).strip()
            if sub == "eval":  # "eval" alone takes no flags of its own
                continue
            for flag in FLAG.findall(m.group(3)):
                if flag not in cli.flags(sub):
                    yield f"{path}:{number}: wiretag {sub} has no flag {flag}"


def main(argv):
    cli = Cli(argv[1])
    found = [p for path in argv[2:] for p in problems(cli, path)]
    for p in found:
        print(p)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
