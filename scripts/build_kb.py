#!/usr/bin/env python3
"""Builds the knowledge base's generated files, data/kb/states.tsv and data/kb/places.tsv.

Inputs (paths relative to the repository root, each overridable on the command line):
  ../shared/data/countries/countries.json   mledoze/countries (ODbL)
  ../shared/data/places/places.tsv          GeoNames extract (CC BY 4.0)
  data/kb/states_extra.tsv                  hand-written supplement (French capitals, plurals…)
  data/kb/places_extra.tsv                  hand-written supplement (press spellings of towns)
  data/fr/stopwords.txt, data/en/stopwords.txt   common words, never kept as alternate names

Outputs: data/kb/states.tsv and data/kb/places.tsv, with the attribution headers their licences
ask for. The script is deterministic: the same inputs give byte-identical outputs, so the
generated files are committed and a re-run shows no diff unless an input changed.

Python 3 standard library only. Run from the repository root:  python3 scripts/build_kb.py
"""

import argparse
import csv
import json
import os
import sys
import unicodedata

# Places of every size are kept for these states: the region the engine reads about.
CORE_STATES = ["MLI", "BFA", "NER", "TCD", "MRT"]
# ECOWAS members and former members, and close neighbours: towns from a few thousand people.
WEST_AFRICA = ["BEN", "CPV", "CIV", "GMB", "GHA", "GIN", "GNB", "LBR", "NGA", "SEN", "SLE",
               "TGO", "CMR", "CAF"]
# North Africa and Sudan: towns only.
NORTH_AFRICA = ["DZA", "LBY", "MAR", "TUN", "EGY", "SDN"]
# The Sahel's partners: big cities only (plus every state's capital, kept whatever its size).
PARTNERS = ["RUS", "FRA", "UKR", "USA", "CHN", "TUR", "BEL", "CHE", "ETH"]

# Words that make an alternate name a description rather than a name ("Federal Capital").
GENERIC_WORDS = {
    "city", "town", "capital", "federal", "district", "territory", "new", "old", "ville",
    "shi", "lungsod", "ng", "i", "pa", "på", "of", "the", "de", "du", "la", "le", "des",
    "province", "region", "state", "municipality", "commune", "cercle", "village", "quartier",
}

LIST_FIELDS = {"alias", "dem_fr_m", "dem_fr_f", "dem_fr_mp", "dem_fr_fp", "dem_en",
               "capital_alias", "drop_alias"}
SCALAR_FIELDS = {"name_fr", "name_en", "capital_en", "capital_fr"}

STATES_HEADER = [
    "id", "name_fr", "name_en", "aliases", "dem_fr_m", "dem_fr_f", "dem_fr_mp", "dem_fr_fp",
    "dem_en", "capital_en", "capital_fr", "capital_aliases", "un_member",
]
PLACES_HEADER = ["geonameid", "name", "country", "population", "lat", "lon", "alternate_names"]


def fold(s):
    """Lower case without accents, as the engine matches names."""
    s = unicodedata.normalize("NFD", s.lower().replace("\u2019", "'"))
    return "".join(c for c in s if not unicodedata.combining(c))


def uniq(values):
    """Values in first-seen order, without repeats (by folded form) or empties."""
    seen, out = set(), []
    for v in values:
        v = v.strip()
        key = fold(v)
        if v and key not in seen:
            seen.add(key)
            out.append(v)
    return out


def is_latin_name(s):
    """True for names in the Latin script the press uses (Latin-1 letters and ASCII marks)."""
    for c in s:
        if c.isascii():
            if not (c.isalpha() or c in " -'."):
                return False
        elif not (c.isalpha() and ord(c) <= 0x17F):
            return False
    return any(c.isalpha() for c in s)


def french_plural(word):
    if not word or word.endswith(("s", "x", "è")):
        return word
    return word + "s"


def english_plural(word):
    """Malian → Malians; French, Chinese, Swiss, Burkinabe stay as they are."""
    if not word or word.endswith(("s", "sh", "ch", "ese", "be", "bè", "bé")):
        return word
    return word + "s"


def read_extra(path):
    """{id: {field: [values]}} from the supplement file."""
    extra = {}
    with open(path, encoding="utf-8") as f:
        header_seen = False
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = [c.strip() for c in line.split("\t")]
            if not header_seen:
                header_seen = True
                continue
            if len(cols) != 3:
                sys.exit(f"{path}:{lineno}: expected 3 tab-separated fields, got {len(cols)}")
            sid, field, values = cols
            if field not in LIST_FIELDS | SCALAR_FIELDS:
                sys.exit(f"{path}:{lineno}: unknown field {field!r}")
            extra.setdefault(sid, {}).setdefault(field, []).extend(
                v for v in values.split("|") if v.strip())
    return extra


def build_states(countries, extra):
    rows = []
    for c in sorted(countries, key=lambda c: c["cca3"]):
        sid = c["cca3"]
        ex = extra.get(sid, {})
        name_en = c["name"]["common"]
        fra = c.get("translations", {}).get("fra", {})
        name_fr = fra.get("common") or name_en
        if "name_en" in ex:
            name_en = ex["name_en"][-1]
        if "name_fr" in ex:
            name_fr = ex["name_fr"][-1]
        aliases = [c["name"]["common"], c["name"]["official"], fra.get("common", ""),
                   fra.get("official", "").replace("d' ", "d'")]
        # Two-letter codes (ML, UA) collide with words and other acronyms: never aliases.
        aliases += [a for a in c.get("altSpellings", []) if len(a) > 2]
        aliases += ex.get("alias", [])
        drop = {fold(a) for a in ex.get("drop_alias", [])}
        aliases = [a for a in aliases if is_latin_name(a) and fold(a) not in drop]
        aliases = [a for a in uniq(aliases) if fold(a) not in {fold(name_fr), fold(name_en)}]

        dem = c.get("demonyms", {})
        fr_m = [dem.get("fra", {}).get("m", "").lower()] + ex.get("dem_fr_m", [])
        fr_f = [dem.get("fra", {}).get("f", "").lower()] + ex.get("dem_fr_f", [])
        fr_mp = [french_plural(w) for w in fr_m] + ex.get("dem_fr_mp", [])
        fr_fp = [french_plural(w) for w in fr_f] + ex.get("dem_fr_fp", [])
        en = [dem.get("eng", {}).get("m", ""), dem.get("eng", {}).get("f", "")]
        en = en + [english_plural(w) for w in en] + ex.get("dem_en", [])

        capitals = c.get("capital") or []
        capital_en = capitals[0] if capitals else ""
        if "capital_en" in ex:
            capital_en = ex["capital_en"][-1]
        capital_fr = ex["capital_fr"][-1] if "capital_fr" in ex else capital_en
        capital_aliases = capitals[1:] + ex.get("capital_alias", [])
        capital_aliases = [a for a in uniq(capital_aliases)
                           if fold(a) not in {fold(capital_en), fold(capital_fr)}]
        rows.append({
            "id": sid, "name_fr": name_fr, "name_en": name_en, "aliases": aliases,
            "dem_fr_m": uniq(fr_m), "dem_fr_f": uniq(fr_f), "dem_fr_mp": uniq(fr_mp),
            "dem_fr_fp": uniq(fr_fp), "dem_en": uniq(en), "capital_en": capital_en,
            "capital_fr": capital_fr, "capital_aliases": capital_aliases,
            "un_member": "true" if c.get("unMember") else "false",
        })
    unknown = sorted(set(extra) - {r["id"] for r in rows})
    if unknown:
        sys.exit(f"states_extra.tsv names ids countries.json lacks: {', '.join(unknown)}")
    dedupe_shared_forms(rows)
    return rows


def dedupe_shared_forms(rows):
    """A demonym or alias that a UN member shares with a territory (French, American) is the
    member's: the territory loses it, so the word links to one state."""
    members = {fold(v) for r in rows if r["un_member"] == "true"
               for f in ("dem_fr_m", "dem_fr_f", "dem_fr_mp", "dem_fr_fp", "dem_en", "aliases")
               for v in r[f]}
    member_names = {fold(r[f]) for r in rows if r["un_member"] == "true"
                    for f in ("name_fr", "name_en")}
    for r in rows:
        if r["un_member"] == "true":
            continue
        for f in ("dem_fr_m", "dem_fr_f", "dem_fr_mp", "dem_fr_fp", "dem_en"):
            r[f] = [v for v in r[f] if fold(v) not in members]
        r["aliases"] = [v for v in r["aliases"]
                        if fold(v) not in members and fold(v) not in member_names]


def keep_place(row, capitals):
    country, pop = row["country"], int(row["population"] or 0)
    if (country, fold(row["name"])) in capitals:
        return True
    if country in CORE_STATES:
        return True
    if country in WEST_AFRICA:
        return pop >= 3000
    if country in NORTH_AFRICA:
        return pop >= 10000
    if country in PARTNERS:
        return pop >= 300000
    return False


def read_stopwords(paths):
    words = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    words.add(fold(line))
    return words


def good_alternate(alt, name, stopwords):
    if fold(alt) in stopwords:
        return False
    if len(alt) < 4 or not is_latin_name(alt) or alt.isupper():
        return False
    if not alt[0].isupper():
        return False  # lower-case forms are romanisations of other scripts
    words = fold(alt).replace("-", " ").split()
    if any(w in GENERIC_WORDS for w in words):
        return False
    # An apostrophe only after a one-letter prefix (N'Djamena), never inside a word (Aran'estad).
    if "'" in alt and not (len(alt) > 2 and alt[1] == "'" and alt.count("'") == 1):
        return False
    return fold(alt) != fold(name)


def read_places_extra(path):
    """Rows of the supplement, by geonameid."""
    extra = {}
    with open(path, encoding="utf-8") as f:
        header = None
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = [c.strip() for c in line.split("\t")]
            if header is None:
                header = cols
                if header != PLACES_HEADER:
                    sys.exit(f"{path}:{lineno}: header must be {PLACES_HEADER}")
                continue
            cols += [""] * (len(header) - len(cols))
            row = dict(zip(header, cols))
            if not row["geonameid"].isdigit():
                sys.exit(f"{path}:{lineno}: geonameid must be a number")
            extra[int(row["geonameid"])] = (lineno, row)
    return extra


def build_places(places_path, states, extra, stopwords):
    capitals = set()
    capital_names = {}
    for s in states:
        for n in [s["capital_en"], s["capital_fr"]] + s["capital_aliases"]:
            if n:
                capitals.add((s["id"], fold(n)))
                capital_names.setdefault(s["id"], set()).add(fold(n))
    rows = []
    with open(places_path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            if not keep_place(row, capitals):
                continue
            alts = [a for a in row["alternate_names"].split("|")
                    if good_alternate(a, row["name"], stopwords)]
            gid = int(row["geonameid"])
            if gid in extra:
                alts += [a for a in extra.pop(gid)[1]["alternate_names"].split("|") if a]
            rows.append({
                "geonameid": int(row["geonameid"]), "name": row["name"],
                "country": row["country"], "population": int(row["population"] or 0),
                "lat": row["lat"], "lon": row["lon"], "alternate_names": uniq(alts),
            })
    for gid, (lineno, row) in sorted(extra.items()):
        if not all(row[c] for c in PLACES_HEADER[:6]):
            sys.exit(f"places_extra.tsv:{lineno}: place {gid} is not in the extract (or not kept); "
                     "fill every cell to add it")
        rows.append({
            "geonameid": gid, "name": row["name"], "country": row["country"],
            "population": int(row["population"]), "lat": row["lat"], "lon": row["lon"],
            "alternate_names": uniq(a for a in row["alternate_names"].split("|") if a),
        })
    rows.sort(key=lambda r: (r["country"], fold(r["name"]), r["geonameid"]))
    return rows


def write_tsv(path, header_lines, columns, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for h in header_lines:
            f.write(f"# {h}\n" if h else "#\n")
        f.write("\t".join(columns) + "\n")
        for r in rows:
            cells = []
            for col in columns:
                v = r[col]
                cells.append("|".join(v) if isinstance(v, list) else str(v))
            for cell in cells:
                if "\t" in cell or "\n" in cell:
                    sys.exit(f"{path}: a value holds a tab or line break: {cell!r}")
            f.write("\t".join(cells) + "\n")
    os.replace(tmp, path)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--countries", default=os.path.join(root, "../shared/data/countries/countries.json"))
    p.add_argument("--places", default=os.path.join(root, "../shared/data/places/places.tsv"))
    p.add_argument("--extra", default=os.path.join(root, "data/kb/states_extra.tsv"))
    p.add_argument("--places-extra", default=os.path.join(root, "data/kb/places_extra.tsv"))
    p.add_argument("--stopwords", nargs="*", default=[
        os.path.join(root, "data/fr/stopwords.txt"), os.path.join(root, "data/en/stopwords.txt")])
    p.add_argument("--out", default=os.path.join(root, "data/kb"))
    args = p.parse_args()

    with open(args.countries, encoding="utf-8") as f:
        countries = json.load(f)
    states = build_states(countries, read_extra(args.extra))
    write_tsv(os.path.join(args.out, "states.tsv"), [
        "States of the world: id, names, aliases, demonyms, capitals, UN membership.",
        "Countries data: mledoze/countries, ODbL. This file is a derived database under the Open",
        "Database License 1.0 (contents: Database Contents License), with additions from",
        "data/kb/states_extra.tsv. GENERATED by scripts/build_kb.py: edit the inputs, not this file.",
        "",
        "Format: TSV with the header below; several values in one cell are separated by |.",
        "dem_* are demonyms: French masculine, feminine, masculine plural, feminine plural;",
        "English (singular and plural). un_member is true or false.",
    ], STATES_HEADER, states)

    places = build_places(args.places, states, read_places_extra(args.places_extra),
                          read_stopwords(args.stopwords))
    write_tsv(os.path.join(args.out, "places.tsv"), [
        "Towns of West and North Africa and big cities of the Sahel's partners (a gazetteer).",
        "Place data: GeoNames (geonames.org), CC BY 4.0.",
        "GENERATED by scripts/build_kb.py from the shared places.tsv: every place of Mali, Burkina",
        "Faso, Niger, Chad and Mauritania; places of 3,000 people or more in the other ECOWAS and",
        "former ECOWAS states, Cameroon and the Central African Republic; of 10,000 or more in",
        "North Africa and Sudan; of 300,000 or more in Russia, France, Ukraine, the United States,",
        "China, Turkey, Belgium, Switzerland and Ethiopia; and every state's capital. Alternate",
        "names: Latin script only, no codes or common words; plus data/kb/places_extra.tsv.",
        "",
        "Format: TSV with the header below; alternate_names (Latin script) are separated by |.",
    ], PLACES_HEADER, places)
    print(f"wrote {len(states)} states and {len(places)} places to {args.out}")


if __name__ == "__main__":
    main()
