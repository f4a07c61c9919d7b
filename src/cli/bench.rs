//! `vigie bench`: the whole pipeline timed over a corpus, or the start-up alone.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde::Serialize;

use vigie::bench::corpus::{self, BenchOptions, CorpusReport, StartupReport};
use vigie::bench::queries;
use vigie::bench::synthetic::{self, Templates};
use vigie::pipeline::Pipeline;
use vigie::pipeline::today;

use super::{Globals, load_pipeline};

/// What `vigie bench` was asked to measure.
pub struct BenchArgs<'a> {
    /// The folder or file of articles.
    pub path: Option<&'a Path>,
    /// A synthetic corpus instead: how many articles, from which seed.
    pub synthetic: Option<(usize, u64)>,
    /// Runs to take the median over.
    pub runs: usize,
    /// Threads analysing articles.
    pub threads: usize,
    /// One JSON object instead of the table.
    pub json: bool,
    /// Time start-up only.
    pub startup: bool,
    /// Time the read commands on a synthetic store of this many events.
    pub queries: Option<usize>,
    /// The seed of the synthetic corpus or store.
    pub seed: u64,
}

/// Runs the benchmark and prints its report.
pub fn run(g: &Globals, args: &BenchArgs<'_>) -> Result<ExitCode> {
    if let Some(events) = args.queries {
        // The store is gigabytes at a million events: the scratch folder goes whatever happened.
        let report = in_scratch(|scratch| {
            queries::run_query_bench(scratch, events, args.seed, args.runs)
                .context("the query benchmark failed")
        })?;
        print_report(&report, args.json, |out, r| Ok(writeln!(out, "{r}")?))?;
    } else if args.startup {
        let report = corpus::bench_startup(g.kb.as_deref(), args.runs)
            .context("cannot load the knowledge files")?;
        print_report(&report, args.json, write_startup)?;
    } else {
        let pipeline = load_pipeline(g.kb.as_deref())?;
        let report = in_scratch(|scratch| bench_in(&pipeline, args, scratch))?;
        print_report(&report, args.json, write_corpus)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `work` in a fresh scratch folder, removed afterwards whatever happened.
fn in_scratch<T>(work: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    let scratch = std::env::temp_dir().join(format!("vigie-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)
        .with_context(|| format!("cannot make the scratch folder {}", scratch.display()))?;
    let result = work(&scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// Prints `report` as one JSON object, or for a person with `human`.
fn print_report<R: Serialize>(
    report: &R,
    json: bool,
    human: impl FnOnce(&mut io::StdoutLock<'static>, &R) -> Result<()>,
) -> Result<()> {
    let mut out = io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(report)?)?;
        Ok(())
    } else {
        human(&mut out, report)
    }
}

/// Writes the synthetic corpus under `scratch` when asked for one, then benches the folder.
fn bench_in(pipeline: &Pipeline, args: &BenchArgs<'_>, scratch: &Path) -> Result<CorpusReport> {
    let opts = BenchOptions {
        runs: args.runs,
        threads: args.threads,
        scratch: scratch.to_path_buf(),
    };
    let (folder, label) = match (args.synthetic, args.path) {
        (Some((n, seed)), _) => {
            let templates = Templates::load(&pipeline.resources)
                .context("cannot load the synthetic corpus's templates (data/bench/)")?;
            let folder = scratch.join("corpus");
            synthetic::write_synthetic_corpus(&pipeline.kb, &templates, n, seed, &folder)
                .with_context(|| {
                    format!("cannot write the synthetic corpus to {}", folder.display())
                })?;
            (
                folder,
                format!("synthetic corpus ({n} articles, seed {seed})"),
            )
        }
        (None, Some(path)) => (path.to_path_buf(), path.display().to_string()),
        (None, None) => anyhow::bail!(
            "give a folder of articles to bench (vigie bench samples/), --synthetic N, or --startup"
        ),
    };
    corpus::bench_corpus(pipeline, &folder, &label, &opts, today())
        .with_context(|| format!("cannot bench {label}"))
}

fn write_startup(out: &mut impl Write, r: &StartupReport) -> Result<()> {
    writeln!(
        out,
        "start-up (load the knowledge base, compile every pattern): {:.1} ms median, {:.1} ms fastest, over {} runs; the first, in a fresh process: {:.1} ms",
        r.startup_ms, r.min_ms, r.runs, r.first_ms
    )?;
    if let Some(mb) = r.peak_rss_mb {
        writeln!(out, "peak RSS: {mb:.0} MB")?;
    }
    Ok(())
}

fn write_corpus(out: &mut impl Write, r: &CorpusReport) -> Result<()> {
    writeln!(
        out,
        "{}: {} articles, {:.2} MB of text, {} event mentions, {} events; median of {} runs on {} threads",
        r.corpus,
        r.articles,
        r.bytes as f64 / 1e6,
        r.event_mentions,
        r.events,
        r.runs,
        r.threads
    )?;
    writeln!(
        out,
        "  end to end   {:>10.1} articles/s  {:>7.2} MB/s  ({:.3} s a run, into a fresh store)",
        r.articles_per_s, r.mb_per_s, r.seconds
    )?;
    writeln!(
        out,
        "  re-ingest    {:>10.1} articles/s  (every article known, skipped before analysis)",
        r.reingest_articles_per_s
    )?;
    match r.peak_rss_mb {
        Some(mb) => writeln!(out, "  peak RSS     {mb:>10.0} MB")?,
        None => writeln!(out, "  peak RSS     not known on this system")?,
    }
    let total: f64 = r.stages.values().sum();
    writeln!(out, "  {:<12} {:>10} {:>7}", "stage", "seconds", "share")?;
    for (name, secs) in ordered_stages(r) {
        let share = if total > 0.0 {
            secs / total * 100.0
        } else {
            0.0
        };
        writeln!(out, "  {name:<12} {secs:>10.3} {share:>6.1}%")?;
    }
    writeln!(
        out,
        "Stages up to extract are summed over the threads; store and resolve are wall-clock time."
    )?;
    Ok(())
}

/// The stages in pipeline order (the report's map is sorted by name).
fn ordered_stages(r: &CorpusReport) -> Vec<(&'static str, f64)> {
    vigie::pipeline::StageTimes::default()
        .named()
        .iter()
        .map(|(name, _)| (*name, r.stages.get(*name).copied().unwrap_or(0.0)))
        .collect()
}
