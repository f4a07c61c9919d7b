//! Batch ingest: files and folders in, articles analysed and stored, events re-resolved.
//!
//! A batch never stops at a bad input: an unreadable file, a bad JSON line or a store error on
//! one article is recorded with a one-line message and the next input is read. Articles are
//! analysed on several threads and stored whole, in batches, in the order of the inputs; an
//! article the store already holds is skipped before any analysis, so re-running a batch (after a crash, a kill, or on a folder that grew) does only
//! the new work and ends with the same store as one uninterrupted run.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

use chrono::NaiveDate;

use crate::ingest::{self, IngestOptions};
use crate::model::{Analysis, Article, Event, EventMention};
use crate::pipeline::{Clock, Pipeline, StageTimes};
use crate::resolve::{EventKind, KindReports, MentionFacts, build_event};
use crate::store::{AnalysedArticle, ArticleRecord, Counts, ResolvedEvent, Store, StoreError};

/// Where a batch is, reported to the caller (for a progress bar).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress<'a> {
    /// About to read the `index`-th file (from 0) of `total`.
    Reading {
        /// Files read so far.
        index: usize,
        /// Files in the batch.
        total: usize,
        /// The file.
        path: &'a Path,
    },
    /// Every file read; the events are being resolved again, one kind of event after another,
    /// from the stored mentions of the kinds that received new ones.
    Resolving {
        /// How many kinds are resolved.
        done: usize,
        /// How many kinds are to be.
        total: usize,
    },
}

/// What a batch did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IngestSummary {
    /// Files read.
    pub files: usize,
    /// Articles stored by this batch.
    pub new: usize,
    /// Articles the store already held (skipped unread).
    pub known: usize,
    /// One line per input that failed, naming it and saying why.
    pub failures: Vec<String>,
    /// Event mentions found in the new articles.
    pub new_mentions: usize,
    /// True when the events were resolved again.
    pub resolved: bool,
    /// What the store holds after the batch.
    pub counts: Counts,
    /// Time spent in each stage: summed over the threads for those before the store, as
    /// elapsed for the store and resolve (which the main thread waits for).
    pub times: StageTimes,
    /// Bytes of article text analysed.
    pub bytes: usize,
}

impl IngestSummary {
    /// True when no input failed.
    pub fn all_ok(&self) -> bool {
        self.failures.is_empty()
    }
}

/// What a batch needs from the pipeline; a trait so the batch logic can be tested with
/// stand-in stages.
pub trait Stages {
    /// Reads one article: what it talks about and the events it reports.
    fn analyse(&self, article: &Article) -> (Analysis, Vec<EventMention>);
    /// [`Stages::analyse`], adding the time each stage took to `times`.
    fn analyse_timed(
        &self,
        article: &Article,
        times: &mut StageTimes,
    ) -> (Analysis, Vec<EventMention>) {
        let mut clock = Clock::start();
        let out = self.analyse(article);
        clock.lap(&mut times.extract);
        out
    }
    /// Groups the reports of one kind of event into events, each as the keys of its reports,
    /// on up to `threads` threads (see [`KindReports::group`]).
    fn group(&self, reports: KindReports, threads: usize) -> Vec<Vec<u64>>;
    /// The event that reports grouped by [`Stages::group`] tell of, with the keys of its
    /// reports in its order (see [`build_event`]).
    fn build_event(&self, facts: Vec<MentionFacts>) -> Option<(Event, Vec<u64>)>;
    /// The display name of an entity, when known.
    fn entity_name(&self, id: &str) -> Option<String>;
}

/// The real pipeline, reading articles as of `today`.
pub struct PipelineStages<'a> {
    /// The loaded pipeline.
    pub pipeline: &'a Pipeline,
    /// The day relative dates without a publication date resolve against.
    pub today: NaiveDate,
}

impl Stages for PipelineStages<'_> {
    fn analyse(&self, article: &Article) -> (Analysis, Vec<EventMention>) {
        self.pipeline.analyse(article, self.today)
    }

    fn analyse_timed(
        &self,
        article: &Article,
        times: &mut StageTimes,
    ) -> (Analysis, Vec<EventMention>) {
        self.pipeline.analyse_timed(article, self.today, times)
    }

    fn group(&self, reports: KindReports, threads: usize) -> Vec<Vec<u64>> {
        reports.group(threads)
    }

    fn build_event(&self, facts: Vec<MentionFacts>) -> Option<(Event, Vec<u64>)> {
        build_event(facts, &self.pipeline.cameo)
    }

    fn entity_name(&self, id: &str) -> Option<String> {
        self.pipeline.kb.entity(id).map(|e| e.name)
    }
}

/// How many articles are written per transaction: large enough that commits cost little,
/// small enough that a killed run redoes little.
const WRITE_BATCH: usize = 256;

/// The number of threads to use when the caller leaves it to Vigie: every core.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Ingests every file under `paths` into `store` on `threads` threads, then re-resolves the
/// events when anything new was stored or the store's events are stale. Never stops at a
/// failed input.
pub fn ingest_paths(
    pipeline: &Pipeline,
    store: &mut Store,
    paths: &[PathBuf],
    opts: &IngestOptions,
    today: NaiveDate,
    threads: usize,
    on_progress: impl FnMut(Progress<'_>),
) -> IngestSummary {
    let (files, errors) = ingest::discover(paths);
    let failures = errors.iter().map(|e| one_line(&e.to_string())).collect();
    let read = |path: &Path| {
        ingest::read_source(path, opts)
            .into_iter()
            .map(|r| r.map_err(|e| e.to_string()))
            .collect()
    };
    run(
        &PipelineStages { pipeline, today },
        store,
        &files,
        failures,
        read,
        threads,
        on_progress,
    )
}

/// What a worker made of one input: its articles, each analysed unless already stored, and
/// the reasons its other parts failed.
type FileOutcome = Vec<ArticleOutcome>;

enum ArticleOutcome {
    /// The store held it before the batch began.
    Known,
    /// Read and analysed.
    Analysed(Box<AnalysedArticle>),
    /// Could not be read, or a stage failed on it: the message, naming it.
    Failed(String),
}

/// The batch over already discovered `files`, with `failures` from discovery, reading each file
/// with `read`, on `threads` threads.
///
/// Workers read and analyse files in any order; this thread writes them in the order of
/// `files`, a transaction every [`WRITE_BATCH`] articles, so the store (and every export of it)
/// is the same whatever the number of threads.
pub fn run<S: Stages + Sync>(
    stages: &S,
    store: &mut Store,
    files: &[PathBuf],
    failures: Vec<String>,
    read: impl Fn(&Path) -> Vec<Result<Article, String>> + Sync,
    threads: usize,
    mut on_progress: impl FnMut(Progress<'_>),
) -> IngestSummary {
    let mut summary = IngestSummary {
        files: files.len(),
        failures,
        ..IngestSummary::default()
    };
    let known = match store.article_ids() {
        Ok(ids) => ids,
        Err(e) => {
            summary.failures.push(one_line(&e.to_string()));
            Default::default()
        }
    };
    let work = |index: usize, times: &mut StageTimes| -> FileOutcome {
        let path = &files[index];
        let mut clock = Clock::start();
        let articles = read(path);
        clock.lap(&mut times.ingest);
        articles
            .into_iter()
            .map(|result| match result {
                Ok(article) if known.contains(&article.id) => ArticleOutcome::Known,
                Ok(article) => analyse_one(stages, article, times),
                Err(message) => ArticleOutcome::Failed(naming(path, &message)),
            })
            .collect()
    };
    let front = WorkerFront::default();
    let read_ahead_next = AtomicUsize::new(0);
    let worker_times = Mutex::new(StageTimes::default());
    let resolve_threads = threads.max(1);
    let threads = threads.clamp(1, files.len().max(1));
    // Workers take files a run at a time and send each run's outcomes in one message: a known
    // article takes less time to skip than the writer takes to be woken for it. A run is
    // short enough that every thread still gets a share of a small batch.
    let run_len = (files.len() / (threads * 64)).clamp(1, 16);
    store.with_ingest_cache(|store| {
        std::thread::scope(|scope| {
            // One read-ahead thread per 64 files beyond the first, up to READ_AHEAD_THREADS: a
            // batch of a few dozen files is over before reading ahead would pay for its threads.
            for _ in 0..READ_AHEAD_THREADS.min(files.len().saturating_sub(1) / 64) {
                let (front, ahead) = (&front, &read_ahead_next);
                scope.spawn(move || read_ahead(files, front, ahead));
            }
            let (tx, rx) = mpsc::sync_channel::<(usize, Vec<FileOutcome>)>(threads * 4);
            for _ in 0..threads {
                let tx = tx.clone();
                let (front, work, worker_times) = (&front, &work, &worker_times);
                scope.spawn(move || {
                    let mut times = StageTimes::default();
                    loop {
                        let first = front.claim(run_len);
                        if first >= files.len() {
                            break;
                        }
                        let outcomes = (first..(first + run_len).min(files.len()))
                            .map(|index| work(index, &mut times))
                            .collect();
                        if tx.send((first, outcomes)).is_err() {
                            break;
                        }
                    }
                    if let Ok(mut total) = worker_times.lock() {
                        total.add(&times);
                    }
                });
            }
            drop(tx);
            // Runs arrive in any order; they are written in file order.
            let mut waiting: BTreeMap<usize, Vec<FileOutcome>> = BTreeMap::new();
            let mut next_to_write = 0;
            let mut pending: Vec<AnalysedArticle> = Vec::new();
            for (first, outcomes) in rx {
                waiting.insert(first, outcomes);
                while let Some(outcomes) = waiting.remove(&next_to_write) {
                    for outcome in outcomes {
                        on_progress(Progress::Reading {
                            index: next_to_write,
                            total: files.len(),
                            path: &files[next_to_write],
                        });
                        for article in outcome {
                            match article {
                                ArticleOutcome::Known => summary.known += 1,
                                ArticleOutcome::Failed(message) => summary.failures.push(message),
                                ArticleOutcome::Analysed(done) => pending.push(*done),
                            }
                        }
                        if pending.len() >= WRITE_BATCH {
                            write_batch(stages, store, &mut pending, &mut summary);
                        }
                        next_to_write += 1;
                    }
                }
            }
            write_batch(stages, store, &mut pending, &mut summary);
            front.finish();
        })
    });
    if let Ok(times) = worker_times.into_inner() {
        summary.times.add(&times);
    }
    match store.events_dirty() {
        Ok(true) => {
            let mut clock = Clock::start();
            let resolved = resolve_all(stages, store, resolve_threads, &mut on_progress);
            clock.lap(&mut summary.times.resolve);
            if let Err(e) = resolved {
                summary
                    .failures
                    .push(format!("could not resolve the events: {e}"));
            } else {
                summary.resolved = true;
            }
        }
        Ok(false) => {}
        Err(e) => summary.failures.push(one_line(&e.to_string())),
    }
    match store.counts() {
        Ok(c) => summary.counts = c,
        Err(e) => summary.failures.push(one_line(&e.to_string())),
    }
    summary
}

/// How many threads read files ahead of the workers. A file not in the system's cache costs a
/// wait on the disk, not the processor: with only a reader a core, a re-ingest of 100,000
/// files whose pages had been evicted read 16,000 files/s against 54,000 cached. More reads in
/// flight than cores hide that wait.
const READ_AHEAD_THREADS: usize = 8;

/// How far (in files) the read-ahead may run in front of the workers: far enough to keep the
/// disk busy, near enough that what it reads is still cached when a worker gets there.
const READ_AHEAD_FILES: usize = 512;

/// What the read-ahead reads of one file at most: the start of a large JSON Lines file is
/// what a worker reads first; the rest the system reads ahead on its own.
const READ_AHEAD_BYTES: u64 = 1 << 20;

/// Where the workers are in the list of files, for the read-ahead to follow: the next file a
/// worker will take, and whether the batch is over. The read-ahead sleeps until the workers
/// move rather than polling: eight threads each waking every half millisecond cost a fresh
/// 10,000-article ingest some 0.5 s of processor time (user time 11.4-12.0 s polling, 10.9-11.3
/// s sleeping, three runs each).
#[derive(Default)]
struct WorkerFront {
    /// The next file no worker has taken.
    next: AtomicUsize,
    /// Set once the batch is written: the read-ahead stops.
    done: AtomicBool,
    /// Held while the read-ahead checks the front, so that a move cannot slip in between its
    /// check and its wait.
    lock: Mutex<()>,
    /// Signalled when the front moves or the batch ends.
    moved: Condvar,
}

impl WorkerFront {
    /// Takes the next `count` files for a worker; returns the first.
    fn claim(&self, count: usize) -> usize {
        let first = self.next.fetch_add(count, Ordering::Relaxed);
        self.wake();
        first
    }

    /// Ends the batch: every waiting read-ahead thread returns.
    fn finish(&self) {
        self.done.store(true, Ordering::Relaxed);
        self.wake();
    }

    fn wake(&self) {
        // Taking the lock orders this move after any check in progress, whose thread is then
        // waiting and receives the signal.
        drop(self.lock.lock());
        self.moved.notify_all();
    }

    /// Waits until file `index` is within `reach` files of the front, and returns the front;
    /// `None` once the batch is over.
    fn wait_within(&self, index: usize, reach: usize) -> Option<usize> {
        let mut guard = self.lock.lock().ok()?;
        loop {
            if self.done.load(Ordering::Relaxed) {
                return None;
            }
            let at = self.next.load(Ordering::Relaxed);
            if index < at + reach {
                return Some(at);
            }
            guard = self.moved.wait(guard).ok()?;
        }
    }
}

/// Reads files of `files` into the system's file cache, a little ahead of the workers (whose
/// progress is `front`), so that a worker finds its file cached. Files are claimed from
/// `claim`, shared by the read-ahead threads; what is read is dropped, and a file that cannot
/// be read is left for the worker to report.
fn read_ahead(files: &[PathBuf], front: &WorkerFront, claim: &AtomicUsize) {
    use std::io::Read;
    let mut buffer = Vec::new();
    loop {
        let index = claim.fetch_add(1, Ordering::Relaxed);
        if index >= files.len() {
            return;
        }
        let Some(at) = front.wait_within(index, READ_AHEAD_FILES) else {
            return;
        };
        // Unless the workers got there first.
        if index >= at {
            buffer.clear();
            if let Ok(file) = std::fs::File::open(&files[index]) {
                let _ = file.take(READ_AHEAD_BYTES).read_to_end(&mut buffer);
            }
        }
    }
}

/// Analyses one article; a stage that panics costs this article only.
fn analyse_one<S: Stages>(stages: &S, article: Article, times: &mut StageTimes) -> ArticleOutcome {
    let analysed = catch_unwind(AssertUnwindSafe(|| stages.analyse_timed(&article, times)));
    match analysed {
        Ok((analysis, mentions)) => ArticleOutcome::Analysed(Box::new(AnalysedArticle {
            article,
            analysis,
            mentions,
        })),
        Err(_) => ArticleOutcome::Failed(format!(
            "{}: the analysis failed (a bug: please report it)",
            label(&article)
        )),
    }
}

fn label(article: &Article) -> String {
    format!("{} ({})", article.name, article.source)
}

/// Stores the analysed articles of `pending` in one transaction and empties it.
fn write_batch<S: Stages>(
    stages: &S,
    store: &mut Store,
    pending: &mut Vec<AnalysedArticle>,
    summary: &mut IngestSummary,
) {
    if pending.is_empty() {
        return;
    }
    let mut clock = Clock::start();
    let records: Vec<ArticleRecord<'_>> = pending.iter().map(AnalysedArticle::record).collect();
    match store.insert_articles(&records, |id| stages.entity_name(id)) {
        Ok(results) => {
            for (record, result) in records.iter().zip(results) {
                match result {
                    Ok(true) => {
                        summary.new += 1;
                        summary.new_mentions += record.mentions.len();
                        summary.bytes += record.article.text.len();
                    }
                    // Twice in this batch, or stored by another process meanwhile.
                    Ok(false) => summary.known += 1,
                    Err(e) => summary.failures.push(one_line(&format!(
                        "{}: not stored: {e}",
                        label(record.article)
                    ))),
                }
            }
        }
        Err(e) => {
            for record in &records {
                summary.failures.push(one_line(&format!(
                    "{}: not stored: {e}",
                    label(record.article)
                )));
            }
        }
    }
    pending.clear();
    clock.lap(&mut summary.times.store);
}

/// Resolves the stored mentions of every kind of event that received new ones into events
/// and stores them, on three threads in a pipeline: one reads and groups the reports of a kind,
/// one builds the events of the kind grouped before, reading their reports' facts again, and
/// this one writes them. Only one kind's reports are held as clusters at a time; the kind
/// before waits as the row numbers of its events' reports.
fn resolve_all<S: Stages + Sync>(
    stages: &S,
    store: &mut Store,
    threads: usize,
    on_progress: &mut impl FnMut(Progress<'_>),
) -> Result<(), StoreError> {
    let plan = store.resolve_plan()?;
    let (grouper, builder) = (store.reader()?, store.reader()?);
    let total = plan.kinds.len();
    on_progress(Progress::Resolving { done: 0, total });
    // The writer and the builder take most of a core each.
    let group_threads = threads.saturating_sub(1).max(1);
    std::thread::scope(|scope| {
        // One kind grouped ahead of the one being built: enough to keep both threads busy.
        let (groups_tx, groups_rx) = mpsc::sync_channel::<GroupedKind<'_>>(1);
        let (tx, rx) = mpsc::sync_channel::<Vec<Result<ResolvedEvent, StoreError>>>(4);
        let (kinds, last_row) = (&plan.kinds, plan.last_row);
        scope.spawn(move || {
            for kind in kinds {
                let grouped = group_stored_kind(stages, &grouper, kind, last_row, group_threads);
                let failed = grouped.is_err();
                if groups_tx.send((kind, grouped)).is_err() || failed {
                    return;
                }
            }
        });
        scope.spawn(move || {
            for (kind, grouped) in groups_rx {
                match grouped.and_then(|groups| build_kind(stages, &builder, kind, groups, &tx)) {
                    Ok(true) => {}
                    // The writer stopped, and reports why.
                    Ok(false) => return,
                    Err(e) => {
                        let _ = tx.send(vec![Err(e)]);
                        return;
                    }
                }
            }
        });
        let mut current: Option<EventKind> = None;
        let mut done = 0;
        let resolved = rx.into_iter().flatten().inspect(|item| {
            if let Ok(ResolvedEvent { kind, .. }) = item
                && current.as_ref() != Some(kind)
            {
                if current.is_some() {
                    done += 1;
                    on_progress(Progress::Resolving { done, total });
                }
                current = Some(kind.clone());
            }
        });
        store.write_resolved(&plan, resolved)
    })
}

/// A kind of event and its reports grouped into events, each as its reports' rows.
type GroupedKind<'a> = (&'a EventKind, Result<Vec<Vec<u64>>, StoreError>);

/// How many events of a kind are built before they are sent to the writer: enough for the
/// writer to be woken once for many events, few enough that a kind's events are never all
/// held at once.
const EVENTS_PER_SEND: usize = 512;

/// The reports of one kind (those up to mention row `last_row`) grouped into events, each as
/// the rows of its reports.
fn group_stored_kind<S: Stages>(
    stages: &S,
    reader: &Store,
    kind: &EventKind,
    last_row: i64,
    group_threads: usize,
) -> Result<Vec<Vec<u64>>, StoreError> {
    let mut reports = KindReports::default();
    reader.scan_mention_facts(kind, last_row, |facts| reports.add(facts))?;
    Ok(stages.group(reports, group_threads))
}

/// Builds the events of one kind from its reports grouped by [`group_stored_kind`] and sends
/// them to the writer over `tx`, a few hundred at a time; stops early and returns false when
/// the writer has stopped (it reports its own error).
fn build_kind<S: Stages>(
    stages: &S,
    reader: &Store,
    kind: &EventKind,
    groups: Vec<Vec<u64>>,
    tx: &mpsc::SyncSender<Vec<Result<ResolvedEvent, StoreError>>>,
) -> Result<bool, StoreError> {
    let mut groups = groups.into_iter();
    loop {
        // Grouping kept only what it compares of each report: the facts of an event's
        // reports are read again to build it, and freed once it is built.
        let mut events: Vec<(Event, Vec<u64>)> = Vec::with_capacity(EVENTS_PER_SEND);
        for keys in groups.by_ref() {
            if let Some(event) = stages.build_event(reader.mention_facts_at(&keys)?) {
                events.push(event);
                if events.len() == EVENTS_PER_SEND {
                    break;
                }
            }
        }
        if events.is_empty() {
            return Ok(true);
        }
        let resolved = events
            .into_iter()
            .map(|(event, mention_rows)| {
                Ok(ResolvedEvent {
                    kind: kind.clone(),
                    event,
                    mention_rows,
                })
            })
            .collect();
        if tx.send(resolved).is_err() {
            return Ok(false);
        }
    }
}

/// Resolves the events again when they are stale (an ingest was interrupted before it
/// resolved); returns whether it did.
pub fn refresh_events<S: Stages + Sync>(stages: &S, store: &mut Store) -> Result<bool, StoreError> {
    if !store.events_dirty()? {
        return Ok(false);
    }
    resolve_all(stages, store, default_threads(), &mut |_| {})?;
    Ok(true)
}

/// The message on one line, starting with the path unless it names it already.
fn naming(path: &Path, message: &str) -> String {
    let shown = path.display().to_string();
    if message.contains(&shown) {
        one_line(message)
    } else {
        one_line(&format!("{shown}: {message}"))
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EventType, SourceForm};
    use crate::query::tests::mention;
    use std::sync::atomic::AtomicUsize;

    /// Finds one SUPPORT mention per article and makes one event per mention; counts analyses.
    struct FakeStages {
        analysed: AtomicUsize,
        panic_on: Option<&'static str>,
    }

    impl Stages for FakeStages {
        fn analyse(&self, article: &Article) -> (Analysis, Vec<EventMention>) {
            self.analysed.fetch_add(1, Ordering::Relaxed);
            if self.panic_on == Some(article.name.as_str()) {
                panic!("simulated bug");
            }
            let mut m = mention(&article.name, EventType::Support, Some("2024-07-06"));
            m.article_id = article.id.clone();
            (Analysis::default(), vec![m])
        }

        fn group(&self, reports: KindReports, _threads: usize) -> Vec<Vec<u64>> {
            reports.keys().into_iter().map(|k| vec![k]).collect()
        }

        fn build_event(&self, facts: Vec<MentionFacts>) -> Option<(Event, Vec<u64>)> {
            build_event(facts, &crate::kb::cameo::CameoTable::default())
        }

        fn entity_name(&self, _id: &str) -> Option<String> {
            None
        }
    }

    fn fake() -> FakeStages {
        FakeStages {
            analysed: AtomicUsize::new(0),
            panic_on: None,
        }
    }

    fn article(name: &str) -> Article {
        Article {
            id: ingest::article_id(name),
            name: name.to_string(),
            source: name.to_string(),
            form: SourceForm::LooseText,
            url: None,
            title: None,
            published: None,
            language: None,
            outlet: None,
            text: format!("Text of {name}."),
        }
    }

    /// Reads `x.txt` as one article, `pair.jsonl` as two plus a bad line, `bad.txt` as nothing.
    fn read(path: &Path) -> Vec<Result<Article, String>> {
        let name = path.display().to_string();
        match name.as_str() {
            "pair.jsonl" => vec![
                Ok(article("pair.jsonl:1")),
                Err("pair.jsonl:2: not JSON\n(expected an object)".to_string()),
                Ok(article("pair.jsonl:3")),
            ],
            "bad.txt" => vec![Err("permission denied".to_string())],
            _ => vec![Ok(article(&name))],
        }
    }

    fn files(names: &[&str]) -> Vec<PathBuf> {
        names.iter().map(PathBuf::from).collect()
    }

    fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("vigie.db")).unwrap();
        (dir, store)
    }

    #[test]
    fn the_read_ahead_stays_near_the_workers_and_stops_with_them() {
        let files: Vec<PathBuf> = (0..2000)
            .map(|i| PathBuf::from(format!("/nonexistent/vigie-{i}.txt")))
            .collect();
        let (front, claim) = (WorkerFront::default(), AtomicUsize::new(0));
        let (tx, rx) = mpsc::channel();
        std::thread::scope(|scope| {
            let (files, front, claim) = (&files, &front, &claim);
            scope.spawn(move || {
                read_ahead(files, front, claim);
                let _ = tx.send(());
            });
            std::thread::sleep(std::time::Duration::from_millis(50));
            // The workers have not moved: the read-ahead waits at the end of its reach.
            assert_eq!(claim.load(Ordering::Relaxed), READ_AHEAD_FILES + 1);
            assert!(rx.try_recv().is_err());
            front.claim(1000);
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert_eq!(claim.load(Ordering::Relaxed), 1000 + READ_AHEAD_FILES + 1);
            front.finish();
            assert!(
                rx.recv_timeout(std::time::Duration::from_secs(5)).is_ok(),
                "the read-ahead stops once the workers are done"
            );
        });
    }

    #[test]
    fn a_batch_goes_on_past_failures_and_resolves() {
        let (_dir, mut store) = temp_store();
        let stages = fake();
        let mut seen = Vec::new();
        let summary = run(
            &stages,
            &mut store,
            &files(&["a.txt", "bad.txt", "pair.jsonl"]),
            vec!["missing.txt: no such file".to_string()],
            read,
            2,
            |p| seen.push(format!("{p:?}")),
        );
        assert_eq!(summary.files, 3);
        assert_eq!(summary.new, 3);
        assert_eq!(summary.known, 0);
        assert_eq!(summary.new_mentions, 3);
        assert!(summary.resolved);
        assert_eq!(
            summary.failures,
            vec![
                "missing.txt: no such file",
                "bad.txt: permission denied",
                "pair.jsonl:2: not JSON (expected an object)",
            ]
        );
        assert!(!summary.all_ok());
        assert_eq!(
            summary.counts,
            Counts {
                articles: 3,
                event_mentions: 3,
                events: 3,
                entities: 0
            }
        );
        assert_eq!(
            seen.len(),
            4,
            "one report per file, then resolving: {seen:?}"
        );
        assert!(seen[3].contains("Resolving"));
        assert!(!store.events_dirty().unwrap());
    }

    #[test]
    fn a_resolve_that_meets_a_damaged_mention_says_so_and_keeps_the_events() {
        let (dir, mut store) = temp_store();
        let stages = fake();
        run(
            &stages,
            &mut store,
            &files(&["a.txt", "b.txt"]),
            Vec::new(),
            read,
            2,
            |_| {},
        );
        let before = store.counts().unwrap();
        let event_ids = |path: &Path| -> Vec<String> {
            let conn = rusqlite::Connection::open(path).unwrap();
            let mut stmt = conn.prepare("SELECT id FROM events ORDER BY id").unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let path = dir.path().join("vigie.db");
        let events_before = event_ids(&path);
        assert_eq!(events_before.len(), 2);
        // One stored mention damaged, and the events stale as an interrupted ingest leaves
        // them: the resolve that follows reads every mention again.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "UPDATE event_mentions SET mention = '{' WHERE id = (SELECT MAX(id) FROM event_mentions);
             UPDATE meta SET value = value + 1 WHERE key = 'mentions_revision';
             DELETE FROM meta WHERE key = 'resolved_mention_row';",
        )
        .unwrap();
        drop(conn);
        let err = refresh_events(&stages, &mut store).unwrap_err();
        assert!(err.to_string().contains("event mention"), "{err}");
        assert_eq!(store.counts().unwrap(), before);
        assert_eq!(event_ids(&path), events_before);
        assert!(
            store.events_dirty().unwrap(),
            "still stale, to be resolved again"
        );
    }

    #[test]
    fn known_articles_are_skipped_before_analysis() {
        let (_dir, mut store) = temp_store();
        let stages = fake();
        run(
            &stages,
            &mut store,
            &files(&["a.txt", "b.txt"]),
            Vec::new(),
            read,
            2,
            |_| {},
        );
        assert_eq!(stages.analysed.load(Ordering::Relaxed), 2);
        let again = run(
            &stages,
            &mut store,
            &files(&["a.txt", "b.txt", "c.txt"]),
            Vec::new(),
            read,
            2,
            |_| {},
        );
        assert_eq!(
            stages.analysed.load(Ordering::Relaxed),
            3,
            "only c.txt was analysed"
        );
        assert_eq!((again.new, again.known), (1, 2));
        let counts = again.counts;
        let noop = run(
            &stages,
            &mut store,
            &files(&["a.txt", "c.txt"]),
            Vec::new(),
            read,
            2,
            |_| {},
        );
        assert_eq!((noop.new, noop.known), (0, 2));
        assert!(!noop.resolved, "nothing new, events current: no resolve");
        assert_eq!(noop.counts, counts);
        assert!(noop.all_ok());
    }

    #[test]
    fn the_same_article_twice_in_one_batch_is_stored_once() {
        let (_dir, mut store) = temp_store();
        let summary = run(
            &fake(),
            &mut store,
            &files(&["a.txt", "a.txt"]),
            Vec::new(),
            read,
            2,
            |_| {},
        );
        assert_eq!((summary.new, summary.known), (1, 1));
    }

    #[test]
    fn stale_events_are_resolved_on_the_next_run() {
        let (_dir, mut store) = temp_store();
        // What a killed run leaves: an article stored, its events never resolved.
        let a = article("a.txt");
        let (analysis, mentions) = fake().analyse(&a);
        store
            .insert_article(&a, &analysis, &mentions, |_| None)
            .unwrap();
        assert_eq!(store.counts().unwrap().events, 0);
        let summary = run(
            &fake(),
            &mut store,
            &files(&["a.txt"]),
            Vec::new(),
            read,
            2,
            |_| {},
        );
        assert_eq!((summary.new, summary.known), (0, 1));
        assert!(summary.resolved);
        assert_eq!(summary.counts.events, 1);
    }

    #[test]
    fn refresh_resolves_only_stale_events() {
        let (_dir, mut store) = temp_store();
        assert!(!refresh_events(&fake(), &mut store).unwrap());
        let a = article("a.txt");
        let (analysis, mentions) = fake().analyse(&a);
        store
            .insert_article(&a, &analysis, &mentions, |_| None)
            .unwrap();
        assert!(refresh_events(&fake(), &mut store).unwrap());
        assert_eq!(store.counts().unwrap().events, 1);
        assert!(!refresh_events(&fake(), &mut store).unwrap());
    }

    #[test]
    fn a_panicking_stage_costs_one_article() {
        let (_dir, mut store) = temp_store();
        let stages = FakeStages {
            analysed: AtomicUsize::new(0),
            panic_on: Some("b.txt"),
        };
        let summary = run(
            &stages,
            &mut store,
            &files(&["a.txt", "b.txt", "c.txt"]),
            Vec::new(),
            read,
            2,
            |_| {},
        );
        assert_eq!(summary.new, 2);
        assert_eq!(summary.failures.len(), 1);
        assert!(
            summary.failures[0].starts_with("b.txt"),
            "{:?}",
            summary.failures
        );
    }

    #[test]
    fn messages_name_their_input_once() {
        assert_eq!(naming(Path::new("x/a.txt"), "x/a.txt: bad"), "x/a.txt: bad");
        assert_eq!(
            naming(Path::new("x/a.txt"), "bad\nthing"),
            "x/a.txt: bad thing"
        );
    }
}
