//! Vigie's side of `bench/peers.sh`, which sets it beside spaCy and trafilatura.
//!
//! ```text
//! cargo run --release --example peers -- names OUT.jsonl
//! cargo run --release --example peers -- recognise DIR [--runs R] [--json]
//! cargo run --release --example peers -- html DIR [--runs R] [--json]
//! ```
//!
//! `names` writes the knowledge base's surface forms, the ones the name finder compiles into its
//! automaton, so that the peers are given the same names. `recognise` times Vigie's
//! recognise-and-link stage, and one Aho-Corasick pass of the same names over the same bytes,
//! over every article of DIR; `html` times the HTML-to-text extraction over DIR's saved pages.
//! Each time is the median over R runs of processing every article once, on one thread, with
//! everything loaded beforehand, in CPU seconds of the process (the wall clock is given too: on a
//! shared machine it counts other processes' turns). With `--json` the figures and, per article, its text and what
//! was found come out as one JSON document for the script; without, a short summary.

use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use aho_corasick::{AhoCorasick, MatchKind};
use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use vigie::bench::corpus::median;
use vigie::ingest::{IngestOptions, discover, html_main_text, read_source};
use vigie::kb::Kb;
use vigie::model::{Article, EntityKind};
use vigie::pipeline::Pipeline;
use vigie::resources::Resources;

const USAGE: &str = "usage: peers names OUT.jsonl | peers recognise DIR [--runs R] [--json] | \
                     peers html DIR [--runs R] [--json]";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("names") => {
            let [_, out] = args.as_slice() else {
                bail!("{USAGE}");
            };
            names(Path::new(out))
        }
        Some("recognise") => recognise(&Options::parse(&args[1..])?),
        Some("html") => html(&Options::parse(&args[1..])?),
        _ => bail!("{USAGE}"),
    }
}

/// The options of `recognise` and `html`.
struct Options {
    dir: PathBuf,
    runs: usize,
    json: bool,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options> {
        let mut dir = None;
        let mut runs = 5;
        let mut json = false;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--json" => json = true,
                "--runs" => {
                    let r = it.next().context("--runs needs a number")?;
                    runs = r
                        .parse()
                        .with_context(|| format!("--runs {r}: not a number"))?;
                    if runs == 0 {
                        bail!("--runs must be at least 1");
                    }
                }
                _ if dir.is_none() && !a.starts_with("--") => dir = Some(PathBuf::from(a)),
                _ => bail!("unexpected argument {a}; {USAGE}"),
            }
        }
        Ok(Options {
            dir: dir.context(USAGE)?,
            runs,
            json,
        })
    }
}

/// One surface form of the knowledge base and what it names.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Name {
    pattern: String,
    id: String,
    kind: &'static str,
    /// What the entity is scored as (a person's state, an operation's state, a town's state).
    code: Option<String>,
    /// Which kind of form: name, demonym, capital, surname, town.
    form: &'static str,
}

/// Every name, demonym, capital, surname and town the name finder compiles, for every language
/// of the data (its role phrases, titles and given names name no entity and are left out).
/// Capitals and demonyms are given as the state: the linker reads them as the state unless a
/// locative makes a capital a place.
fn kb_names(kb: &Kb, res: &Resources) -> Vec<Name> {
    let mut out = BTreeSet::new();
    let mut add = |pattern: &str, id: &str, kind, code: Option<&str>, form| {
        // The name finder skips forms without a letter or digit too.
        if pattern.chars().any(char::is_alphanumeric) {
            out.insert(Name {
                pattern: pattern.to_string(),
                id: id.to_string(),
                kind,
                code: code.map(str::to_string),
                form,
            });
        }
    };
    let langs = res.languages();
    for s in kb.states() {
        let code = Some(s.id.as_str());
        for n in s.names() {
            add(n, &s.id, "state", code, "name");
        }
        for lang in &langs {
            for d in s.demonyms(lang) {
                add(d, &s.id, "state", code, "demonym");
            }
        }
        // As the name finder: a territory's capital is not compiled.
        if s.un_member {
            for c in s.capital_names() {
                add(c, &s.id, "state", code, "capital");
            }
        }
    }
    for o in kb.organisations() {
        let kind = match o.kind.entity_kind() {
            EntityKind::ArmedGroup => "armed_group",
            _ => "organisation",
        };
        for n in &o.names {
            add(n, &o.id, kind, o.code(), "name");
        }
    }
    for p in kb.persons() {
        for n in p.full_names() {
            add(n, &p.id, "person", p.code.as_deref(), "name");
        }
        for s in &p.surnames {
            add(s, &p.id, "person", p.code.as_deref(), "surname");
        }
    }
    for p in kb.places() {
        let id = p.geonameid.to_string();
        for n in p.names() {
            add(n, &id, "place", Some(&p.country), "town");
        }
    }
    out.into_iter().collect()
}

fn names(out: &Path) -> Result<()> {
    let pipeline = Pipeline::load(None)?;
    let names = kb_names(&pipeline.kb, &pipeline.resources);
    let mut lines = String::new();
    for n in &names {
        let line = json!({
            "pattern": n.pattern, "id": n.id, "kind": n.kind, "code": n.code, "form": n.form,
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    std::fs::write(out, lines).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!("{} names written to {}", names.len(), out.display());
    Ok(())
}

/// Every article of `dir`, read as `vigie ingest` reads it; files that cannot be read are told
/// and skipped.
fn articles(dir: &Path) -> Result<Vec<Article>> {
    let (files, errors) = discover(&[dir.to_path_buf()]);
    for e in &errors {
        eprintln!("skipped: {e}");
    }
    let mut out = Vec::new();
    for f in files {
        for a in read_source(&f, &IngestOptions::default()) {
            match a {
                Ok(a) => out.push(a),
                Err(e) => eprintln!("skipped: {e}"),
            }
        }
    }
    if out.is_empty() {
        bail!("{}: no article found", dir.display());
    }
    Ok(out)
}

/// Timings of a tool: the median over runs, in wall-clock and in CPU seconds, and every run.
struct Timing {
    wall: f64,
    cpu: f64,
    all_wall: Vec<f64>,
    all_cpu: Vec<f64>,
}

/// The CPU time the process has used, in seconds: unlike the wall clock, it does not count the
/// time other processes of a shared machine held the core.
fn cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes only into the timespec it is given, which outlives the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

/// Runs `f` `runs` times.
fn time(runs: usize, mut f: impl FnMut()) -> Timing {
    let mut all_wall = Vec::with_capacity(runs);
    let mut all_cpu = Vec::with_capacity(runs);
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu_seconds());
        f();
        all_cpu.push(cpu_seconds() - c);
        all_wall.push(t.elapsed().as_secs_f64());
    }
    Timing {
        wall: median(all_wall.clone()),
        cpu: median(all_cpu.clone()),
        all_wall,
        all_cpu,
    }
}

/// The figures of one timed tool; rates are per CPU second.
fn figures(items: usize, bytes: usize, runs: usize, t: Timing) -> Value {
    json!({
        "items": items,
        "bytes": bytes,
        "runs": runs,
        "cpu_seconds": t.cpu,
        "wall_seconds": t.wall,
        "all_cpu_seconds": t.all_cpu,
        "all_wall_seconds": t.all_wall,
        "items_per_s": items as f64 / t.cpu,
        "mb_per_s": bytes as f64 / 1e6 / t.cpu,
    })
}

fn recognise(opts: &Options) -> Result<()> {
    let pipeline = Pipeline::load(None)?;
    let arts = articles(&opts.dir)?;
    let bytes: usize = arts.iter().map(|a| a.text.len()).sum();

    let vigie_time = time(opts.runs, || {
        for a in &arts {
            black_box(pipeline.recognise_and_link(black_box(a)));
        }
    });

    // The practical limit: the same names, one leftmost-longest pass over the raw bytes,
    // nothing folded, no word boundaries, nothing linked.
    let forms: Vec<String> = kb_names(&pipeline.kb, &pipeline.resources)
        .into_iter()
        .map(|n| n.pattern)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&forms)
        .context("cannot build the Aho-Corasick automaton")?;
    let ac_time = time(opts.runs, || {
        for a in &arts {
            let found: Vec<usize> = ac
                .find_iter(black_box(a.text.as_str()))
                .map(|m| m.pattern().as_usize())
                .collect();
            black_box(found);
        }
    });

    let vigie = figures(arts.len(), bytes, opts.runs, vigie_time);
    let aho = figures(arts.len(), bytes, opts.runs, ac_time);
    if !opts.json {
        summary("vigie recognise+link", &vigie);
        summary("aho-corasick pass", &aho);
        return Ok(());
    }
    let per_article: Vec<Value> = arts
        .iter()
        .map(|a| {
            let (actors, places) = pipeline.recognise_and_link(a);
            let mut found = BTreeSet::new();
            for m in actors {
                found.insert((m.entity, m.kind.as_str().to_string(), m.code));
            }
            for p in places {
                let id = p
                    .geonameid
                    .map_or_else(|| p.country.clone(), |g| g.to_string());
                found.insert((id, "place".to_string(), Some(p.country)));
            }
            let found: Vec<Value> = found
                .into_iter()
                .map(|(id, kind, code)| json!({"id": id, "kind": kind, "code": code}))
                .collect();
            let matched: BTreeSet<&str> = ac
                .find_iter(a.text.as_str())
                .map(|m| forms[m.pattern().as_usize()].as_str())
                .collect();
            json!({
                "name": a.name,
                "language": a.language,
                "text": a.text,
                "vigie": found,
                "aho_corasick": matched,
            })
        })
        .collect();
    let doc = json!({
        "vigie": vigie,
        "aho_corasick": aho,
        "patterns": forms.len(),
        "articles": per_article,
    });
    println!("{doc}");
    Ok(())
}

fn html(opts: &Options) -> Result<()> {
    let (files, errors) = discover(std::slice::from_ref(&opts.dir));
    for e in &errors {
        eprintln!("skipped: {e}");
    }
    let mut pages = Vec::new();
    for f in files {
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext.to_ascii_lowercase().as_str(), "html" | "htm" | "xhtml") {
            continue;
        }
        let source = std::fs::read_to_string(&f)
            .with_context(|| format!("{}: cannot read as UTF-8", f.display()))?;
        pages.push((f, source));
    }
    if pages.is_empty() {
        bail!("{}: no .html page found", opts.dir.display());
    }
    let bytes: usize = pages.iter().map(|(_, s)| s.len()).sum();
    let t = time(opts.runs, || {
        for (_, s) in &pages {
            black_box(html_main_text(black_box(s)));
        }
    });
    let fig = figures(pages.len(), bytes, opts.runs, t);
    if !opts.json {
        summary("vigie html", &fig);
        return Ok(());
    }
    let per_page: Vec<Value> = pages
        .iter()
        .map(|(f, s)| {
            json!({
                "name": f.file_name().map(|n| n.to_string_lossy().into_owned()),
                "path": f.display().to_string(),
                "text": html_main_text(s),
            })
        })
        .collect();
    println!("{}", json!({"vigie": fig, "pages": per_page}));
    Ok(())
}

/// One line of figures for a reader.
fn summary(what: &str, fig: &Value) {
    let f = |k: &str| fig[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "{what}: {} items, {} bytes, median of {} runs {:.4} s CPU ({:.4} s wall): \
         {:.1} items/s, {:.2} MB/s",
        fig["items"],
        fig["bytes"],
        fig["runs"],
        f("cpu_seconds"),
        f("wall_seconds"),
        f("items_per_s"),
        f("mb_per_s"),
    );
}
