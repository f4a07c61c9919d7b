//! `vigie bench`: the whole pipeline timed over a corpus, or the start-up alone.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

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
        let scratch = std::env::temp_dir().join(format!("vigie-bench-{}", std::process::id()));
        std::fs::create_dir_all(&scratch)
            .with_context(|| format!("cannot make the scratch folder {}", scratch.display()))?;
        let report = queries::run_query_bench(&scratch, events, args.seed, args.runs);
        // The store is gigabytes at a million events: it goes whatever happened.
        let _ = std::fs::remove_dir_all(&scratch);
        let report = report.context("the query benchmark failed")?;
        let mut out = io::stdout().lock();
        if args.json {
            writeln!(out, "{}", serde_json::to_string(&report)?)?;
        } else {
            writeln!(out, "{report}")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.startup {
        let report = corpus::bench_startup(g.kb.as_deref(), args.runs)
            .context("cannot load the knowledge files")?;
        print_startup(&report, args.json)?;
        return Ok(ExitCode::SUCCESS);
    }
    let pipeline = load_pipeline(g.kb.as_deref())?;
    let scratch = std::env::temp_dir().join(format!("vigie-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)
        .with_context(|| format!("cannot make the scratch folder {}", scratch.display()))?;
    let report = bench_in(&pipeline, args, &scratch);
    // The scratch folder goes whatever happened.
    let _ = std::fs::remove_dir_all(&scratch);
    let report = report?;
    print_corpus(&report, args.json)?;
    Ok(ExitCode::SUCCESS)
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
            let articles = synthetic::synthetic_corpus(&pipeline.kb, &templates, n, seed);
            let folder = scratch.join("corpus");
            synthetic::write_corpus(&articles, &folder).with_context(|| {
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

fn print_startup(r: &StartupReport, json: bool) -> Result<()> {
    let mut out = io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(r)?)?;
        return Ok(());
    }
    writeln!(
        out,
        "start-up (load the knowledge base, compile every pattern): {:.1} ms median, {:.1} ms fastest, over {} runs",
        r.startup_ms, r.min_ms, r.runs
    )?;
    if let Some(mb) = r.peak_rss_mb {
        writeln!(out, "peak RSS: {mb:.0} MB")?;
    }
    Ok(())
}

fn print_corpus(r: &CorpusReport, json: bool) -> Result<()> {
    let mut out = io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(r)?)?;
        return Ok(());
    }
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
        "Stages up to extract are summed over the threads; store and resolve run on one."
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
