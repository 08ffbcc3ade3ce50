#!/usr/bin/env python3
"""Builds config/gazetteers/geonames_large_places.txt from geonames/places.tsv.

The entity model reads every top-level list of this folder as a feature; the
GeoNames places themselves sit in geonames/ so that all 69,000 of them (many
small towns named like words or people) do not. This list gives the model the
places of at least --min-population inhabitants (default 100,000: about 6,400
cities, states and countries), one name a line. Kept because it paid in
5-fold cross-validation on CoNLL train (config/models/MODEL_CARD.md); the
whole list did not.

Same source and licence as geonames/places.tsv (GeoNames, CC-BY 4.0; SOURCES.md).

Usage: python3 config/gazetteers/build_geonames_list.py [--min-population N]
"""
import argparse
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--min-population", type=int, default=100000)
    args = ap.parse_args()
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(HERE, "geonames", "places.tsv"), encoding="utf-8")
            if not l.startswith("#")]
    header, rows = rows[0], rows[1:]
    name, population = header.index("name"), header.index("population")
    names = sorted({r[name] for r in rows if int(r[population] or 0) >= args.min_population})
    with open(os.path.join(HERE, "geonames_large_places.txt"), "w", encoding="utf-8") as f:
        f.write(f"# Places of GeoNames with at least {args.min_population} inhabitants (GeoNames, CC-BY 4.0); "
                "built by build_geonames_list.py from geonames/places.tsv. See SOURCES.md.\n")
        for n in names:
            f.write(n + "\n")
    print(f"{len(names)} names")


if __name__ == "__main__":
    main()
