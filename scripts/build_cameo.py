#!/usr/bin/env python3
"""Builds data/kb/cameo.tsv: every CAMEO code with its PLOVER category, mode, contexts, quad class,
Goldstein score and description.

usage: scripts/build_cameo.py [CAMEO2PLOVER.txt] [OUT.tsv]
       (defaults: ../shared/data/plover/CAMEO2PLOVER-2021.txt and data/kb/cameo.tsv, relative to
       the repository root)

Sources
- CAMEO2PLOVER-2021.txt: the CAMEO -> PLOVER conversion table, PLOVER manual draft 0.8
  (17 September 2021), from the repository openeventdata/PLOVER, commit
  5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f. Open Event Data Alliance, CC BY-SA 4.0.
- GOLDSTEIN below: the Goldstein conflict-cooperation scale for CAMEO event codes, as GDELT
  distributes it (lookup file CAMEO.goldsteinscale.txt, https://www.gdeltproject.org/ ; GDELT
  states its data are free and open for any use, with citation). The copy used here was read from
  the public repository mpiccirilli/UNDP-BCPR-Project, path CAMEO.goldsteinscale.txt, commit
  08d29bb45bd64d999e6212382fb7cf145f9eb37d; that repository carries no licence of its own, so
  the terms are GDELT's. Scale: Goldstein, J. S. (1992), "A Conflict-Cooperation Scale for WEIS
  Events Data", Journal of Conflict Resolution 36(2), as adapted to CAMEO.

Choices (also written into the TSV header)
- CAMEO 01 (make public statement) and 02 (appeal) are absent from CAMEO2PLOVER: the PLOVER README
  lists both as "dropped". They have no PLOVER category, so they are not in the table (a lookup of
  `021` finds nothing) rather than being forced into one.
- Every category in the file is checked against the 16 PLOVER categories Vigie uses. Older PLOVER
  names (INVESTIGATE, DEMAND, DISAPPROVE, COOPERATION, FIGHT) are mapped to the names the same
  2021 table gives those CAMEO roots (ACCUSE, REQUEST, ACCUSE, COOPERATE, ASSAULT); a code marked
  NOT USED / dropped is left out; anything else stops the build.
- A two-digit root takes the category of its `x0` code (`08` -> `080` -> CONCEDE), because the
  file gives some roots two headers (`08: CONCEDE` then `08: RETREAT`, YIELD split in two).
- A code listed twice with the same mapping (175) is kept once, with its first description; a code
  listed twice with different mappings stops the build.
- Quad class: the standard CAMEO quad class of the code's own root (01-05 -> 1 verbal cooperation,
  06-08 -> 2 material cooperation, 09-13 -> 3 verbal conflict, 14-20 -> 4 material conflict), so
  191 (under the 17 header) is 4.
- Goldstein: the code's own score; when the table has none (1213, 1214), the nearest parent's, and
  the column goldstein_from names the code the score comes from.
"""

import os
import re
import sys

# The 16 PLOVER categories of shared/eval/FORMAT.md.
PLOVER = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
# Earlier PLOVER names -> the name the 2021 table uses for the same CAMEO roots.
RENAMED = {
    "INVESTIGATE": "ACCUSE",
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "COOPERATION": "COOPERATE",
    "FIGHT": "ASSAULT",
}
DROPPED = {"NOT USED", "NOT_USED", "DROPPED", "NONE"}

GOLDSTEIN = """
01 0.0
010 0.0
011 -0.1
012 -0.4
013 0.4
014 0.0
015 0.0
016 -2.0
017 0.0
018 3.4
019 3.4
02 3.0
020 3.0
021 3.4
0211 3.4
0212 3.4
0213 3.4
0214 3.4
022 3.2
023 3.4
0231 3.4
0232 3.4
0233 3.4
0234 3.4
024 -0.3
0241 -0.3
0242 -0.3
0243 -0.3
0244 -0.3
025 -0.3
0251 -0.3
0252 -0.3
0253 -0.3
0254 -0.3
0255 -0.3
0256 -0.3
026 4.0
027 4.0
028 4.0
03 4.0
030 4.0
031 5.2
0311 5.2
0312 5.2
0313 5.2
0314 5.2
032 4.5
033 5.2
0331 5.2
0332 5.2
0333 5.2
0334 6.0
034 7.0
0341 7.0
0342 7.0
0343 7.0
0344 7.0
035 7.0
0351 7.0
0352 7.0
0353 7.0
0354 7.0
0355 7.0
0356 7.0
036 4.0
037 5.0
038 7.0
039 5.0
04 1.0
040 1.0
041 1.0
042 1.9
043 2.8
044 2.5
045 5.0
046 7.0
05 3.5
050 3.5
051 3.4
052 3.5
053 3.8
054 6.0
055 7.0
056 7.0
057 8.0
06 6.0
060 6.0
061 6.4
062 7.4
063 7.4
064 7.0
07 7.0
070 7.0
071 7.4
072 8.3
073 7.4
074 8.5
075 7.0
08 5.0
080 5.0
081 5.0
0811 5.0
0812 5.0
0813 5.0
0814 5.0
082 5.0
083 5.0
0831 5.0
0832 5.0
0833 5.0
0834 5.0
084 7.0
0841 7.0
0842 7.0
085 7.0
086 9.0
0861 9.0
0862 9.0
0863 9.0
087 9.0
0871 9.0
0872 9.0
0873 9.0
0874 10.0
09 -2.0
090 -2.0
091 -2.0
092 -2.0
093 -2.0
094 -2.0
10 -5.0
100 -5.0
101 -5.0
1011 -5.0
1012 -5.0
1013 -5.0
1014 -5.0
102 -5.0
103 -5.0
1031 -5.0
1032 -5.0
1033 -5.0
1034 -5.0
104 -5.0
1041 -5.0
1042 -5.0
1043 -5.0
1044 -5.0
105 -5.0
1051 -5.0
1052 -5.0
1053 -5.0
1054 -5.0
1055 -5.0
1056 -5.0
106 -5.0
107 -5.0
108 -5.0
11 -2.0
110 -2.0
111 -2.0
112 -2.0
1121 -2.0
1122 -2.0
1123 -2.0
1124 -2.0
1125 -2.0
113 -2.0
114 -2.0
115 -2.0
116 -2.0
12 -4.0
120 -4.0
121 -4.0
1211 -4.0
1212 -4.0
122 -4.0
1221 -4.0
1222 -4.0
1223 -4.0
1224 -4.0
123 -4.0
1231 -4.0
1232 -4.0
1233 -4.0
1234 -4.0
124 -4.0
1241 -4.0
1242 -4.0
1243 -4.0
1244 -4.0
1245 -4.0
1246 -4.0
125 -5.0
126 -5.0
127 -5.0
128 -5.0
129 -5.0
13 -6.0
130 -4.4
131 -5.8
1311 -5.8
1312 -5.8
1313 -5.8
132 -5.8
1321 -5.8
1322 -5.8
1323 -5.8
1324 -5.8
133 -5.8
134 -5.8
135 -5.8
136 -7.0
137 -7.0
138 -7.0
1381 -7.0
1382 -7.0
1383 -7.0
1384 -7.0
1385 -7.0
139 -7.0
14 -6.5
140 -6.5
141 -6.5
1411 -6.5
1412 -6.5
1413 -6.5
1414 -6.5
142 -6.5
1421 -6.5
1422 -6.5
1423 -6.5
1424 -6.5
143 -6.5
1431 -6.5
1432 -6.5
1433 -6.5
1434 -6.5
144 -7.5
1441 -7.5
1442 -7.5
1443 -7.5
1444 -7.5
145 -7.5
1451 -7.5
1452 -7.5
1453 -7.5
1454 -7.5
15 -7.2
150 -7.2
151 -7.2
152 -7.2
153 -7.2
154 -7.2
16 -4.0
160 -4.0
161 -4.0
162 -5.6
1621 -5.6
1622 -5.6
1623 -5.6
163 -8.0
164 -7.0
165 -6.5
166 -7.0
1661 -7.0
1662 -7.0
1663 -7.0
17 -7.0
170 -7.0
171 -9.2
1711 -9.2
1712 -9.2
172 -5.0
1721 -5.0
1722 -5.0
1723 -5.0
1724 -5.0
173 -5.0
174 -5.0
175 -9.0
18 -9.0
180 -9.0
181 -9.0
182 -9.5
1821 -9.0
1822 -9.0
1823 -10.0
183 -10.0
1831 -10.0
1832 -10.0
1833 -10.0
184 -8.0
185 -8.0
186 -10.0
19 -10.0
190 -10.0
191 -9.5
192 -9.5
193 -10.0
194 -10.0
195 -10.0
196 -9.5
20 -10.0
200 -10.0
201 -9.5
202 -10.0
203 -10.0
204 -10.0
2041 -10.0
2042 -10.0
"""

CODE_LINE = re.compile(r"^(\d{2,4}):\s*(.*)$")
# An editor's dated aside after a description ("Ease curfew  21.09.17: ...").
EDITOR_NOTE = re.compile(r"\s{2,}\d\d\.\d\d\.\d\d:.*$")


def fail(path, lineno, message):
    sys.exit(f"{path}:{lineno}: {message}")


def goldstein_table():
    scores = {}
    for line in GOLDSTEIN.strip().splitlines():
        code, score = line.split()
        scores[code] = float(score)
    return scores


def category(path, lineno, raw):
    """The PLOVER category for a category name of the file, or None for a dropped code."""
    name = raw.strip().upper()
    if name in PLOVER:
        return name
    if name in RENAMED:
        return RENAMED[name]
    if name in DROPPED:
        return None
    fail(path, lineno, f"unknown PLOVER category {raw.strip()!r}: map it in build_cameo.py")


def read_cameo2plover(path):
    """(codes, roots, notes): codes maps a 3-4 digit code to (plover, mode, contexts, description);
    roots maps a 2-digit root to the categories its headers give; notes lists what was done."""
    codes, roots, notes = {}, {}, []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#") or line.startswith("~"):
                continue
            m = CODE_LINE.match(line)
            if not m:
                fail(path, lineno, f"not a CAMEO line: {line!r}")
            code, rest = m.group(1), m.group(2)
            body, _, description = rest.partition("#")
            description = EDITOR_NOTE.sub("", description.strip())
            fields = [x.strip() for x in body.split(",")]
            plover = category(path, lineno, fields[0])
            if len(code) == 2:
                roots.setdefault(code, [])
                if plover not in roots[code]:
                    roots[code].append(plover)
                continue
            if plover is None:
                notes.append(f"{code} is marked {fields[0].strip()} in the source: left out")
                continue
            mode = fields[1] if len(fields) > 1 else ""
            contexts = [c.strip() for c in (fields[2] if len(fields) > 2 else "").split(";")]
            entry = (plover, mode, ",".join(c for c in contexts if c), description)
            if code in codes:
                if codes[code][:3] != entry[:3]:
                    fail(path, lineno, f"{code} listed twice with different mappings")
                notes.append(f"{code} is listed twice with the same mapping: kept once, first description")
                continue
            codes[code] = entry
    return codes, roots, notes


def quad_class(code):
    root = int(code[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    raise ValueError(f"CAMEO root out of range: {code}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "..", "shared", "data", "plover", "CAMEO2PLOVER-2021.txt")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(repo, "data", "kb", "cameo.tsv")
    scores = goldstein_table()
    codes, roots, notes = read_cameo2plover(src)

    rows = {}
    for code, (plover, mode, contexts, description) in codes.items():
        rows[code] = (plover, mode, contexts, description)
    for root, cats in sorted(roots.items()):
        x0 = root + "0"
        if x0 not in codes:
            notes.append(f"root {root} has no {x0} code: left out")
            continue
        plover, _, _, description = codes[x0]
        if len(cats) > 1 or cats[0] != plover:
            notes.append(f"root {root} is headed {' and '.join(c or 'dropped' for c in cats)}; it takes {x0}'s {plover}")
        rows[root] = (plover, "", "", description)

    inherited = []
    lines = []
    for code in sorted(rows):
        plover, mode, contexts, description = rows[code]
        source = code
        while source not in scores and len(source) > 2:
            source = source[:-1]
        if source not in scores:
            sys.exit(f"no Goldstein score for {code} nor any parent")
        if source != code:
            inherited.append(f"{code} (from {source})")
        lines.append("\t".join([code, plover, mode, contexts, str(quad_class(code)), f"{scores[source]:.1f}", source, description]))

    missing = sorted(c for c in scores if c not in rows)
    dropped_roots = sorted({c[:2] for c in missing})
    header = [
        "# CAMEO event codes with their PLOVER category, for Vigie. Built by scripts/build_cameo.py; edit that, not this.",
        "# Sources: CAMEO2PLOVER-2021.txt, PLOVER manual draft 0.8 (17 September 2021), openeventdata/PLOVER",
        "#   commit 5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f: Open Event Data Alliance, CC BY-SA 4.0.",
        "#   Goldstein scores: the CAMEO Goldstein scale as GDELT distributes it (CAMEO.goldsteinscale.txt, gdeltproject.org,",
        "#   free and open with citation), read from github.com/mpiccirilli/UNDP-BCPR-Project commit",
        "#   08d29bb45bd64d999e6212382fb7cf145f9eb37d (no licence of its own); Goldstein (1992), J. Conflict Resolution 36(2).",
        "# This file is CC BY-SA 4.0, as its PLOVER source.",
        "# Columns (tab-separated): code, plover (one of the 16 categories), mode, contexts (comma-separated),",
        "#   quad_class (of the code's root: 01-05 -> 1 verbal cooperation, 06-08 -> 2 material cooperation,",
        "#   09-13 -> 3 verbal conflict, 14-20 -> 4 material conflict), goldstein, goldstein_from (the code the",
        "#   score belongs to: the code itself, or its nearest parent when the scale has no score for it), description.",
        "# Choices: CAMEO " + " and ".join(dropped_roots) + " (public statement, appeal) are dropped by PLOVER and left out;",
        "#   a two-digit root takes the category of its x0 code; older PLOVER names would map to the 2021 ones.",
    ]
    for note in notes:
        header.append("#   " + note + ".")
    if inherited:
        header.append("#   Goldstein taken from the parent for: " + ", ".join(inherited) + ".")
    header.append("code\tplover\tmode\tcontexts\tquad_class\tgoldstein\tgoldstein_from\tdescription")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header + lines) + "\n")
    print(f"wrote {out}: {len(lines)} codes; left out (no PLOVER category): {', '.join(missing)}", file=sys.stderr)


if __name__ == "__main__":
    main()
