//! `vigie ingest`: the batch with a progress bar, one line per failed input, and a summary.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};

use vigie::batch::{self, IngestSummary, Progress};
use vigie::ingest::IngestOptions;
use vigie::pipeline::today;
use vigie::store::Store;

use super::{Globals, load_pipeline};

/// Ingests `paths` into the store on `threads` threads (all cores when `None`); exit status 1
/// when any input failed.
pub fn run(
    g: &Globals,
    paths: &[PathBuf],
    quiet: bool,
    threads: Option<usize>,
) -> Result<ExitCode> {
    let mut store = Store::open(&g.db)?;
    let summary = ingest_into(g, &mut store, paths, quiet, threads)?;
    report(&summary, &g.db)?;
    Ok(exit_status(&summary))
}

/// Runs the batch with a progress bar on stderr (when it is a terminal and not `quiet`) and
/// prints each failure on one line of stderr.
pub fn ingest_into(
    g: &Globals,
    store: &mut Store,
    paths: &[PathBuf],
    quiet: bool,
    threads: Option<usize>,
) -> Result<IngestSummary> {
    let pipeline = load_pipeline(g.kb.as_deref())?;
    let bar = progress_bar(quiet);
    let summary = batch::ingest_paths(
        &pipeline,
        store,
        paths,
        &IngestOptions::default(),
        today(),
        threads.unwrap_or_else(batch::default_threads),
        |p| match p {
            Progress::Reading { index, total, path } => {
                bar.set_length(total as u64);
                bar.set_position(index as u64);
                bar.set_message(short_name(path));
            }
            Progress::Resolving { done, total } => {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
                bar.set_message("resolving mentions into events, one kind of event at a time");
            }
        },
    );
    bar.finish_and_clear();
    for failure in &summary.failures {
        eprintln!("vigie: failed: {failure}");
    }
    Ok(summary)
}

fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:30} {pos}/{len} files  {elapsed}  {wide_msg}")
    {
        bar.set_style(style);
    }
    bar
}

fn short_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Prints what the batch did and what the store now holds.
pub fn report(summary: &IngestSummary, db: &Path) -> Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "{}", summary_line(summary))?;
    let c = summary.counts;
    writeln!(
        out,
        "Store {}: {} articles, {} event mentions, {} events, {} entities.",
        db.display(),
        c.articles,
        c.event_mentions,
        c.events,
        c.entities
    )?;
    Ok(())
}

/// `3 files read: 2 new articles (5 event mentions), 1 already known, 1 failed.`
pub fn summary_line(s: &IngestSummary) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{} read: {} ({}), {} already known, {} failed.",
        plural(s.files, "file", "files"),
        plural(s.new, "new article", "new articles"),
        plural(s.new_mentions, "event mention", "event mentions"),
        s.known,
        s.failures.len()
    )
}

/// 0 when every input went through, 1 when any failed.
pub fn exit_status(summary: &IngestSummary) -> ExitCode {
    if summary.all_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
