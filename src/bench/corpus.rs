//! The whole pipeline over a folder of articles, into a fresh store, timed run after run.
//!
//! Each run ingests the corpus into a new store exactly as `vigie ingest` does (all stages,
//! SQLite writes, the final resolve), then ingests it again into the same store to time the
//! skipping of known articles. Figures are medians over the runs; peak memory is the process's
//! high-water mark, which covers every run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::batch;
use crate::ingest::IngestOptions;
use crate::pipeline::{Pipeline, StageTimes};
use crate::resources::DataError;
use crate::store::{Store, StoreError};

/// Why a benchmark could not run.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// The scratch store could not be made or opened.
    #[error("scratch store {path}: {source}")]
    Store {
        /// Where it was to be.
        path: PathBuf,
        /// What went wrong.
        source: StoreError,
    },
    /// A scratch folder could not be made or cleared.
    #[error("scratch folder {path}: {source}")]
    Scratch {
        /// Where it was to be.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The corpus had no article to read.
    #[error("{0}: no article could be read there")]
    Empty(PathBuf),
    /// An input failed during a run: the benchmark would not measure the whole corpus.
    #[error("{0}")]
    Failed(String),
    /// The data files did not load.
    #[error(transparent)]
    Data(#[from] DataError),
}

/// How to run a benchmark.
#[derive(Clone, Debug)]
pub struct BenchOptions {
    /// How many times to run it; figures are medians.
    pub runs: usize,
    /// Threads analysing articles.
    pub threads: usize,
    /// Where scratch stores go.
    pub scratch: PathBuf,
}

/// What a benchmark of the pipeline over a corpus measured.
#[derive(Clone, Debug, Serialize)]
pub struct CorpusReport {
    /// What was read (a folder, or "synthetic N, seed S").
    pub corpus: String,
    /// Articles stored per run.
    pub articles: usize,
    /// Bytes of article text per run.
    pub bytes: usize,
    /// Event mentions found per run.
    pub event_mentions: usize,
    /// Events per run, after resolve.
    pub events: u64,
    /// Runs measured.
    pub runs: usize,
    /// Threads analysing articles.
    pub threads: usize,
    /// Articles per second, end to end (median).
    pub articles_per_s: f64,
    /// Megabytes (10^6 bytes) of article text per second, end to end (median).
    pub mb_per_s: f64,
    /// Wall-clock seconds of one run (median).
    pub seconds: f64,
    /// Articles per second when every article is known already and skipped (median).
    pub reingest_articles_per_s: f64,
    /// Seconds per stage (median): summed over the threads for the stages before the store.
    pub stages: BTreeMap<String, f64>,
    /// The process's peak resident memory in MB, when the system tells it (Linux).
    pub peak_rss_mb: Option<f64>,
}

/// Runs the pipeline over every article under `corpus`, `opts.runs` times, each into a fresh
/// store under `opts.scratch`.
pub fn bench_corpus(
    pipeline: &Pipeline,
    corpus: &Path,
    label: &str,
    opts: &BenchOptions,
    today: chrono::NaiveDate,
) -> Result<CorpusReport, BenchError> {
    let runs = opts.runs.max(1);
    let mut walls = Vec::new();
    let mut rewalls = Vec::new();
    let mut stage_runs: Vec<StageTimes> = Vec::new();
    let mut last = None;
    for run in 0..runs {
        let db = opts.scratch.join(format!("bench-run-{run}.db"));
        remove_store(&db)?;
        let mut store = Store::open(&db).map_err(|source| BenchError::Store {
            path: db.clone(),
            source,
        })?;
        let paths = [corpus.to_path_buf()];
        let ingest = |store: &mut Store| {
            batch::ingest_paths(
                pipeline,
                store,
                &paths,
                &IngestOptions::default(),
                today,
                opts.threads,
                |_| {},
            )
        };
        let started = Instant::now();
        let summary = ingest(&mut store);
        walls.push(started.elapsed());
        if let Some(first) = summary.failures.first() {
            return Err(BenchError::Failed(format!(
                "{} input(s) failed, the first: {first}",
                summary.failures.len()
            )));
        }
        if summary.new == 0 {
            return Err(BenchError::Empty(corpus.to_path_buf()));
        }
        // The system is still writing the new store out (gigabytes after 100,000 articles);
        // a re-ingest timed meanwhile measured that write-back, not the skipping. A store
        // ingested yesterday has long been written.
        for file in [db.clone(), db.with_extension("db-wal")] {
            if let Ok(f) = std::fs::File::open(&file) {
                f.sync_all()
                    .map_err(|source| BenchError::Scratch { path: file, source })?;
            }
        }
        let started = Instant::now();
        let again = ingest(&mut store);
        rewalls.push((started.elapsed(), again.known));
        stage_runs.push(summary.times);
        last = Some(summary);
        drop(store);
        remove_store(&db)?;
    }
    let Some(summary) = last else {
        return Err(BenchError::Empty(corpus.to_path_buf()));
    };
    let seconds = median(walls.iter().map(Duration::as_secs_f64).collect());
    let reingest = median(
        rewalls
            .iter()
            .map(|(d, n)| *n as f64 / d.as_secs_f64().max(1e-9))
            .collect(),
    );
    let mut per_stage: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for (name, time) in stage_runs.iter().flat_map(StageTimes::named) {
        per_stage
            .entry(name.to_string())
            .or_default()
            .push(time.as_secs_f64());
    }
    let stages = per_stage
        .into_iter()
        .map(|(name, times)| (name, median(times)))
        .collect();
    Ok(CorpusReport {
        corpus: label.to_string(),
        articles: summary.new,
        bytes: summary.bytes,
        event_mentions: summary.new_mentions,
        events: summary.counts.events,
        runs,
        threads: opts.threads,
        articles_per_s: summary.new as f64 / seconds.max(1e-9),
        mb_per_s: summary.bytes as f64 / 1e6 / seconds.max(1e-9),
        seconds,
        reingest_articles_per_s: reingest,
        stages,
        peak_rss_mb: peak_rss_mb(),
    })
}

/// What `vigie bench --startup` measured: loading the knowledge base and compiling every
/// stage's patterns.
#[derive(Clone, Debug, Serialize)]
pub struct StartupReport {
    /// Runs measured.
    pub runs: usize,
    /// Milliseconds to load and compile (median).
    pub startup_ms: f64,
    /// The fastest run, in milliseconds.
    pub min_ms: f64,
    /// The process's first run, in milliseconds: what a one-off command pays, its memory
    /// still untouched; the median, over later runs as well, is the figure to compare.
    pub first_ms: f64,
    /// The process's peak resident memory in MB, when the system tells it (Linux).
    pub peak_rss_mb: Option<f64>,
}

/// Times [`Pipeline::load`] `runs` times.
pub fn bench_startup(user_kb: Option<&Path>, runs: usize) -> Result<StartupReport, BenchError> {
    let runs = runs.max(1);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let pipeline = Pipeline::load(user_kb)?;
        times.push(started.elapsed().as_secs_f64() * 1e3);
        drop(pipeline);
    }
    let min_ms = times.iter().copied().fold(f64::INFINITY, f64::min);
    let first_ms = times.first().copied().unwrap_or(0.0);
    Ok(StartupReport {
        runs,
        startup_ms: median(times),
        min_ms,
        first_ms,
        peak_rss_mb: peak_rss_mb(),
    })
}

/// The median of `values` (the mean of the two middle ones for an even count); 0 when empty.
pub fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// The process's peak resident set size in MB, from `/proc/self/status` (Linux only: other
/// systems give `None` rather than a guess).
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// Removes a scratch store and its WAL files, if there.
fn remove_store(db: &Path) -> Result<(), BenchError> {
    for suffix in ["", "-wal", "-shm"] {
        let path = PathBuf::from(format!("{}{suffix}", db.display()));
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(BenchError::Scratch { path, source }),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(Vec::new()), 0.0);
    }

    #[test]
    fn peak_rss_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(peak_rss_mb().is_some_and(|mb| mb > 0.0));
        }
    }

    #[test]
    fn a_corpus_bench_counts_what_it_stored() {
        let pipeline = Pipeline::load(None).unwrap();
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let scratch = tempfile::tempdir().unwrap();
        let opts = BenchOptions {
            runs: 2,
            threads: 2,
            scratch: scratch.path().to_path_buf(),
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let r = bench_corpus(&pipeline, &corpus, "samples", &opts, today).unwrap();
        assert!(r.articles >= 8, "{r:?}");
        assert!(
            r.bytes > 1000 && r.event_mentions > 0 && r.events > 0,
            "{r:?}"
        );
        assert!(r.articles_per_s > 0.0 && r.reingest_articles_per_s > 0.0);
        assert_eq!(r.stages.len(), 8);
        assert!(r.stages["extract"] > 0.0 && r.stages["store"] > 0.0);
        assert_eq!(
            std::fs::read_dir(scratch.path()).unwrap().count(),
            0,
            "scratch stores are removed"
        );
    }
}
