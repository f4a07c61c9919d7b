//! `vigie bench --queries`: builds a synthetic store of N events through the store's own writer,
//! then times the read commands on it the way the CLI runs them.
//!
//! The store is what `vigie ingest` would leave after reading a large press corpus: articles
//! with their analyses and event mentions (through [`Store::insert_articles`], the ingest's
//! writer with one transaction a batch rather than an article), then the resolved events swapped in by
//! [`Store::replace_events_from`]. Its shape follows the press: dates from 2012 to 2026, more
//! of them in recent years; actor codes from the knowledge base's states, organisations and
//! armed groups, a few of them in many events (a Zipf law over a ranking led by the Sahel's
//! usual actors); one to three reports per event; every PLOVER category, the common ones
//! (meetings, attacks) more often. Everything is drawn from one seed, so a figure can be
//! reproduced exactly.
//!
//! Each timed run does what the command does after parsing its arguments: open the store,
//! check the events are current, query, and render the output (into a sink, so the terminal's
//! speed is not measured). The store is flushed to disk and each command run once untimed
//! first, so the figures are those of a store in use, not of one still being written.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::export::terminal;
use crate::kb::cameo::CameoTable;
use crate::kb::{Kb, OrgKind};
use crate::model::{
    ActorMention, Analysis, Article, DatePoint, EntityKind, Event, EventDate, EventMention,
    EventSummary, EventType, LinkVia, Location, Modality, Quantity, QuantityUnit, SourceForm, Span,
};
use crate::query::EventFilter;
use crate::resources::{DataError, Resources};
use crate::store::{AnalysedArticle, ArticleRecord, Evidence, Revision, Store, StoreError};

use super::rng::SplitMix64;

/// The events query the issue times: `vigie events --actor RUS --since 2025-01`.
const EVENTS_ACTOR: &str = "RUS";
/// Its `--since`.
const EVENTS_SINCE: DatePoint = DatePoint::Month {
    year: 2025,
    month: 1,
};
/// The timeline's actor: Burkina Faso, the example `vigie timeline --help` gives, and one of
/// the most frequent actors of the synthetic press (so this is a large timeline, not a
/// flattering one).
const TIMELINE_ACTOR: &str = "BFA";

/// The filters of the two timed commands: `vigie events --actor RUS --since 2025-01` and
/// `vigie timeline --actor BFA`.
pub fn benchmarked_filters() -> [EventFilter; 2] {
    [
        EventFilter {
            actor: Some(EVENTS_ACTOR.to_string()),
            ..EventFilter::default()
        }
        .since_point(EVENTS_SINCE),
        EventFilter {
            actor: Some(TIMELINE_ACTOR.to_string()),
            ..EventFilter::default()
        },
    ]
}

/// The actors the Sahel press names most, most frequent first; the other states, organisations
/// and armed groups of the knowledge base follow them in its order.
const HEAD_ACTORS: [&str; 24] = [
    "MLI",
    "FRA",
    "RUS",
    "BFA",
    "NER",
    "JNIM",
    "ECOWAS",
    "WAGNER",
    "AES",
    "ISSP",
    "UN",
    "USA",
    "DZA",
    "TCD",
    "CIV",
    "SEN",
    "AFRICA_CORPS",
    "UKR",
    "CHN",
    "TUR",
    "EU",
    "AU",
    "MRT",
    "NGA",
];

/// Zipf exponent of the actors' frequencies: with s = 1 the first actor is named about twice
/// as often as the second, three times as often as the third.
const ZIPF_EXPONENT: f64 = 1.0;

/// PLOVER categories and how often the press reports each (meetings and attacks lead).
const TYPE_WEIGHTS: [(EventType, f64); 16] = [
    (EventType::Consult, 20.0),
    (EventType::Assault, 18.0),
    (EventType::Accuse, 8.0),
    (EventType::Agree, 8.0),
    (EventType::Support, 6.0),
    (EventType::Cooperate, 6.0),
    (EventType::Coerce, 6.0),
    (EventType::Aid, 5.0),
    (EventType::Mobilize, 5.0),
    (EventType::Sanction, 4.0),
    (EventType::Request, 4.0),
    (EventType::Reject, 3.0),
    (EventType::Threaten, 3.0),
    (EventType::Retreat, 3.0),
    (EventType::Protest, 3.0),
    (EventType::Concede, 2.0),
];

/// First and last year of the synthetic events.
const YEARS: (i32, i32) = (2012, 2026);

/// Events drawn together, reported by the same articles (one news day of a few outlets).
const BLOCK_EVENTS: usize = 16;
/// Articles per block: with 1.7 reports an event on average, about 3.4 event mentions each.
const BLOCK_ARTICLES: usize = 8;

/// Articles written per transaction. An ingest commits each article alone, which at a million
/// events makes the build a matter of minutes spent syncing the log; the rows are the same.
const ARTICLES_PER_TRANSACTION: usize = 512;

/// Invented outlets the synthetic articles come from.
const OUTLETS: [&str; 12] = [
    "Sahel Daily",
    "Le Courrier de Bamako",
    "Niamey Matin",
    "L'Observateur de Ouaga",
    "West Africa Wire",
    "Agence Sahel Presse",
    "Le Républicain du Niger",
    "Dakar Soir",
    "The Abuja Ledger",
    "Radio Tombouctou",
    "Le Phare de Gao",
    "Continental Monitor",
];

/// Words after the sentence's core, so sentences vary in length as the press's do.
const TAILS: [&str; 4] = [
    "according to officials",
    "a statement released later that day said, citing security sources and local witnesses",
    "the government spokesman told reporters at a press conference in the capital",
    "several sources confirmed on condition of anonymity, as the situation remained tense",
];

/// Why the benchmark could not run.
#[derive(Debug, thiserror::Error)]
pub enum QueryBenchError {
    /// Zero timed runs were asked for.
    #[error("the benchmark needs at least one timed run; give --runs 1 or more")]
    NoRuns,
    /// The store file is already there.
    #[error(
        "{path} already exists; the benchmark builds its store in a new file: remove it or give \
         another folder"
    )]
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// The folder for the store could not be created.
    #[error("cannot create the folder {path}: {source}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The built-in data could not be loaded.
    #[error(transparent)]
    Data(#[from] DataError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The knowledge base lacks what the synthetic events are drawn from.
    #[error("the knowledge base has no {0}; the synthetic store cannot be drawn")]
    Kb(&'static str),
    /// Rendering a command's output failed.
    #[error("rendering the output of {command}: {source}")]
    Render {
        /// The command.
        command: String,
        /// What the writer said.
        source: io::Error,
    },
    /// The new store could not be flushed to disk before timing.
    #[error("cannot flush {path} to disk: {source}")]
    Sync {
        /// The store file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The freshly built store reads as stale, so a command would re-resolve it first.
    #[error("the synthetic store's events are out of date right after it was built (a bug)")]
    Stale,
}

/// What the benchmark built and how fast the commands ran on it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QueryBenchReport {
    /// Events in the store.
    pub events: u64,
    /// Articles in the store.
    pub articles: u64,
    /// Event mentions in the store.
    pub event_mentions: u64,
    /// The seed everything was drawn from.
    pub seed: u64,
    /// Timed runs of each command (after one untimed run).
    pub runs: usize,
    /// The store file.
    pub store: PathBuf,
    /// Its size in bytes.
    pub store_bytes: u64,
    /// Time to write the articles with their mentions, in milliseconds.
    pub build_articles_ms: f64,
    /// Time to write the events, in milliseconds.
    pub build_events_ms: f64,
    /// Time to build the whole store, in milliseconds.
    pub build_ms: f64,
    /// One entry per timed command.
    pub queries: Vec<QueryTiming>,
}

/// How long one command took over the runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QueryTiming {
    /// The command, as typed.
    pub command: String,
    /// Events it returned.
    pub returned: usize,
    /// Median time of the whole command (open, query, render into a sink), in milliseconds.
    pub median_ms: f64,
    /// Fastest run, in milliseconds.
    pub fastest_ms: f64,
    /// Slowest run, in milliseconds.
    pub slowest_ms: f64,
    /// Median time of the store query alone (SQL and decoding the events), in milliseconds.
    pub median_query_ms: f64,
    /// SQLite's plan for the query, one step a line.
    pub plan: Vec<String>,
}

impl fmt::Display for QueryBenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Synthetic store (seed {}): {} events, {} articles, {} event mentions, {:.1} MB",
            self.seed,
            self.events,
            self.articles,
            self.event_mentions,
            self.store_bytes as f64 / 1e6
        )?;
        writeln!(f, "  at {}", self.store.display())?;
        writeln!(
            f,
            "Built in {:.1} s (articles and mentions {:.1} s, events {:.1} s)",
            self.build_ms / 1e3,
            self.build_articles_ms / 1e3,
            self.build_events_ms / 1e3
        )?;
        for q in &self.queries {
            writeln!(f)?;
            writeln!(f, "{}", q.command)?;
            writeln!(
                f,
                "  {} events; median {:.1} ms (store query {:.1} ms), fastest {:.1} ms, \
                 slowest {:.1} ms over {} runs",
                q.returned, q.median_ms, q.median_query_ms, q.fastest_ms, q.slowest_ms, self.runs
            )?;
            for step in &q.plan {
                writeln!(f, "  plan: {step}")?;
            }
        }
        Ok(())
    }
}

/// Builds a store of `events` synthetic events drawn from `seed` in a new file under `dir`,
/// then times `vigie events --actor RUS --since 2025-01` and `vigie timeline --actor BFA` on it,
/// `runs` times each.
pub fn run_query_bench(
    dir: &Path,
    events: usize,
    seed: u64,
    runs: usize,
) -> Result<QueryBenchReport, QueryBenchError> {
    if runs == 0 {
        return Err(QueryBenchError::NoRuns);
    }
    std::fs::create_dir_all(dir).map_err(|source| QueryBenchError::Folder {
        path: dir.to_path_buf(),
        source,
    })?;
    let path = dir.join(format!("vigie-bench-{events}-events-seed-{seed}.db"));
    if path.exists() {
        return Err(QueryBenchError::Exists { path });
    }

    let resources = Resources::builtin();
    let kb = Kb::load(&resources)?;
    let cameo = CameoTable::load(&resources)?;
    let draw = Draw::new(&kb, &cameo)?;

    let started = Instant::now();
    let built = build_store(&path, &draw, events, seed)?;
    let build_ms = ms(started);
    // The system is still writing the new file out; timing queries meanwhile would measure
    // that. A store in use has long been written.
    std::fs::File::open(&path)
        .and_then(|f| f.sync_all())
        .map_err(|source| QueryBenchError::Sync {
            path: path.clone(),
            source,
        })?;

    let [events_filter, timeline_filter] = benchmarked_filters();
    let queries = vec![
        time_command(
            &path,
            format!("vigie events --actor {EVENTS_ACTOR} --since {EVENTS_SINCE}"),
            &events_filter,
            Evidence::Read,
            runs,
            |out, events| terminal::write_table(out, events, None),
        )?,
        time_command(
            &path,
            format!("vigie timeline --actor {TIMELINE_ACTOR}"),
            &timeline_filter,
            Evidence::Left,
            runs,
            terminal::write_timeline,
        )?,
    ];

    let counts = Store::open(&path)?.counts()?;
    let store_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(QueryBenchReport {
        events: counts.events,
        articles: counts.articles,
        event_mentions: counts.event_mentions,
        seed,
        runs,
        store: path,
        store_bytes,
        build_articles_ms: built.articles_ms,
        build_events_ms: built.events_ms,
        build_ms,
        queries,
    })
}

/// How long each half of the build took.
struct Built {
    articles_ms: f64,
    events_ms: f64,
}

/// Writes the synthetic store: every block's articles with their mentions, one transaction an
/// article as an ingest does, then every event in one `replace_events` transaction. The events
/// are drawn twice from the same seeds rather than held in memory between the two passes.
fn build_store(
    path: &Path,
    draw: &Draw<'_>,
    events: usize,
    seed: u64,
) -> Result<Built, QueryBenchError> {
    let mut store = Store::open(path)?;
    let blocks = events.div_ceil(BLOCK_EVENTS);
    let block_len = |b: usize| BLOCK_EVENTS.min(events - b * BLOCK_EVENTS);

    let started = Instant::now();
    let mut batch: Vec<AnalysedArticle> = Vec::new();
    for b in 0..blocks {
        batch.extend(draw.block(seed, b, block_len(b)).articles);
        if batch.len() >= ARTICLES_PER_TRANSACTION || b + 1 == blocks {
            let records: Vec<ArticleRecord<'_>> =
                batch.iter().map(AnalysedArticle::record).collect();
            for result in store.insert_articles(&records, |id| draw.name_of(id))? {
                result?;
            }
            batch.clear();
        }
    }
    let articles_ms = ms(started);

    let started = Instant::now();
    let revision = store
        .meta("mentions_revision")?
        .and_then(|v| v.parse().ok())
        .map(Revision)
        .ok_or(QueryBenchError::Stale)?;
    let all = (0..blocks).flat_map(|b| draw.block(seed, b, block_len(b)).events);
    store.replace_events_from(all, revision)?;
    if store.events_dirty()? {
        return Err(QueryBenchError::Stale);
    }
    // Closing the last connection checkpoints the write-ahead log into the file, as a finished
    // ingest leaves it.
    drop(store);
    Ok(Built {
        articles_ms,
        events_ms: ms(started),
    })
}

/// Runs one read command as the CLI does (open, check the events are current, query, render)
/// once untimed, then `runs` times, and reports the median.
fn time_command(
    path: &Path,
    command: String,
    filter: &EventFilter,
    evidence: Evidence,
    runs: usize,
    render: impl Fn(&mut io::Sink, &[EventSummary]) -> io::Result<()>,
) -> Result<QueryTiming, QueryBenchError> {
    let mut totals = Vec::with_capacity(runs);
    let mut queries = Vec::with_capacity(runs);
    let mut returned = 0;
    // One untimed run first: the figures are those of a store in use, whose pages the system
    // has cached, not of the first read after a reboot.
    for run in 0..=runs {
        let started = Instant::now();
        let store = Store::open(path)?;
        if store.events_dirty()? {
            return Err(QueryBenchError::Stale);
        }
        let query_started = Instant::now();
        // What `vigie events` (as a table) and `vigie timeline` read.
        let events = store.event_summaries(filter, evidence)?;
        let query_ms = ms(query_started);
        render(&mut io::sink(), &events).map_err(|source| QueryBenchError::Render {
            command: command.clone(),
            source,
        })?;
        if run > 0 {
            totals.push(ms(started));
            queries.push(query_ms);
        }
        returned = events.len();
    }
    let plan = Store::open(path)?.explain_events_query(filter)?;
    let median_ms = median(&mut totals);
    Ok(QueryTiming {
        command,
        returned,
        median_ms,
        fastest_ms: totals.first().copied().unwrap_or(0.0),
        slowest_ms: totals.last().copied().unwrap_or(0.0),
        median_query_ms: median(&mut queries),
        plan,
    })
}

/// Milliseconds since `started`.
fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1e3
}

/// Sorts `values` and returns their median (the mean of the middle two for an even count).
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Cumulative weights to draw an index in proportion to its weight.
#[derive(Clone, Debug)]
struct Weighted(Vec<f64>);

impl Weighted {
    fn new(weights: impl IntoIterator<Item = f64>) -> Weighted {
        let mut sum = 0.0;
        Weighted(
            weights
                .into_iter()
                .map(|w| {
                    sum += w;
                    sum
                })
                .collect(),
        )
    }

    fn draw(&self, rng: &mut SplitMix64) -> usize {
        let total = self.0.last().copied().unwrap_or(0.0);
        let r = rng.unit() * total;
        self.0
            .partition_point(|&c| c <= r)
            .min(self.0.len().saturating_sub(1))
    }
}

/// An entity events are drawn with.
#[derive(Clone, Debug)]
struct Participant {
    code: String,
    name: String,
    kind: EntityKind,
    /// The code it is scored as (a person's state), as linking records it.
    scored_as: Option<String>,
}

/// A CAMEO code events of a category are given.
#[derive(Clone, Debug)]
struct Code {
    code: String,
    mode: Option<String>,
    context: Vec<String>,
    quad_class: u8,
    goldstein: f32,
}

/// Everything the synthetic events are drawn from.
struct Draw<'kb> {
    kb: &'kb Kb,
    actors: Vec<Participant>,
    actor_weights: Weighted,
    persons: Vec<Participant>,
    types: Vec<(EventType, Vec<Code>)>,
    type_weights: Weighted,
    year_weights: Weighted,
}

impl<'kb> Draw<'kb> {
    fn new(kb: &'kb Kb, cameo: &CameoTable) -> Result<Draw<'kb>, QueryBenchError> {
        let mut pool: Vec<Participant> = kb
            .states()
            .iter()
            .map(|s| Participant {
                code: s.id.clone(),
                name: s.name_en.clone(),
                kind: EntityKind::State,
                scored_as: Some(s.id.clone()),
            })
            .chain(
                kb.organisations()
                    .iter()
                    .filter(|o| matches!(o.kind, OrgKind::Organisation | OrgKind::ArmedGroup))
                    .map(|o| Participant {
                        code: o.id.clone(),
                        name: o.name.clone(),
                        kind: o.kind.entity_kind(),
                        scored_as: Some(o.id.clone()),
                    }),
            )
            .collect();
        let mut actors: Vec<Participant> = Vec::with_capacity(pool.len());
        for head in HEAD_ACTORS {
            if let Some(i) = pool.iter().position(|p| p.code == head) {
                actors.push(pool.remove(i));
            }
        }
        actors.append(&mut pool);
        for needed in [EVENTS_ACTOR, TIMELINE_ACTOR] {
            if !actors.iter().any(|a| a.code == needed) {
                return Err(QueryBenchError::Kb("state RUS or BFA"));
            }
        }
        let actor_weights =
            Weighted::new((1..=actors.len()).map(|rank| 1.0 / (rank as f64).powf(ZIPF_EXPONENT)));

        let persons: Vec<Participant> = kb
            .persons()
            .iter()
            .map(|p| Participant {
                code: p.id.clone(),
                name: p.name.clone(),
                kind: EntityKind::Person,
                scored_as: p.code.clone(),
            })
            .collect();

        let types: Vec<(EventType, Vec<Code>)> = TYPE_WEIGHTS
            .iter()
            .map(|(t, _)| {
                let codes = cameo
                    .codes_for(*t)
                    .into_iter()
                    .map(|c| Code {
                        code: c.code.clone(),
                        mode: c.mode.clone(),
                        context: c.context.clone(),
                        quad_class: c.quad_class,
                        goldstein: c.goldstein,
                    })
                    .collect();
                (*t, codes)
            })
            .collect();
        if types.iter().any(|(_, codes)| codes.is_empty()) {
            return Err(QueryBenchError::Kb("CAMEO code for every PLOVER category"));
        }
        let type_weights = Weighted::new(TYPE_WEIGHTS.iter().map(|(_, w)| *w));
        // The press writes more every year (and the Sahel more since 2020); 2026 is as busy as
        // 2025.
        let year_weights = Weighted::new(
            (YEARS.0..=YEARS.1).map(|y| 1.0 + 0.15 * f64::from(y.min(2025) - YEARS.0)),
        );
        Ok(Draw {
            kb,
            actors,
            actor_weights,
            persons,
            types,
            type_weights,
            year_weights,
        })
    }

    /// The display name the store records for an entity (the knowledge base's).
    fn name_of(&self, id: &str) -> Option<String> {
        self.kb.entity(id).map(|e| e.name)
    }

    /// A random day of the synthetic period, recent years more likely.
    fn day(&self, rng: &mut SplitMix64) -> NaiveDate {
        let year = YEARS.0 + self.year_weights.draw(rng) as i32;
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
        let days = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
            366
        } else {
            365
        };
        first + Duration::days(rng.below(days) as i64)
    }

    /// `n` distinct actors, drawn by frequency, none of them in `taken`.
    fn actors(
        &self,
        rng: &mut SplitMix64,
        n: usize,
        taken: &[&'_ Participant],
    ) -> Vec<&Participant> {
        let mut out: Vec<&Participant> = Vec::with_capacity(n);
        // A bounded number of tries: the head actors repeat often, and a rare clash only
        // shortens the list.
        for _ in 0..n * 8 {
            if out.len() == n {
                break;
            }
            let a = &self.actors[self.actor_weights.draw(rng)];
            if !out.iter().chain(taken).any(|t| t.code == a.code) {
                out.push(a);
            }
        }
        out
    }

    /// Block `b` of the store drawn from `seed`: `len` events and the articles reporting them.
    fn block(&self, seed: u64, b: usize, len: usize) -> Block {
        let mut rng = SplitMix64::for_part(seed, b);
        let news_day = self.day(&mut rng);
        let n_articles = BLOCK_ARTICLES.min(len.div_ceil(2)).max(1);
        let articles: Vec<ArticleHead> = (0..n_articles)
            .map(|k| ArticleHead {
                id: format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64()),
                name: format!("synthetic-{b:07}-{k}.txt"),
                outlet: OUTLETS[rng.below(OUTLETS.len())],
                published: news_day + Duration::days(rng.below(2) as i64),
            })
            .collect();

        let skeletons: Vec<Skeleton<'_>> = (0..len)
            .map(|_| self.skeleton(&mut rng, news_day, n_articles))
            .collect();

        // Each article's text is the sentences of the events it reports, in event order, so
        // every mention's offsets point at its own sentence.
        let mut mentions_of: Vec<Vec<EventMention>> = vec![Vec::new(); len];
        let mut out_articles = Vec::with_capacity(n_articles);
        for (k, head) in articles.iter().enumerate() {
            let mut text = String::new();
            let mut mentions = Vec::new();
            let mut actors = Vec::new();
            for (e, sk) in skeletons.iter().enumerate() {
                if !sk.articles.contains(&k) {
                    continue;
                }
                let start = text.len();
                let sentence = sk.sentence(&mut rng, start, &mut text, &mut actors);
                let mention = EventMention {
                    article_id: head.id.clone(),
                    article: head.name.clone(),
                    outlet: Some(head.outlet.to_string()),
                    event_type: sk.event_type,
                    cameo: sk.code.code.clone(),
                    mode: sk.code.mode.clone(),
                    context: sk.code.context.clone(),
                    actors: codes(&sk.actors),
                    recipients: codes(&sk.recipients),
                    persons: codes(&sk.persons),
                    place: sk.place.clone(),
                    location: sk.location.clone(),
                    date: sk.date,
                    weekday: None,
                    date_inherited: false,
                    date_relative: false,
                    repeated: false,
                    modality: sk.modality,
                    quantities: sk
                        .killed
                        .map(|value| Quantity {
                            value,
                            unit: QuantityUnit::Killed,
                            article: head.name.clone(),
                        })
                        .into_iter()
                        .collect(),
                    sentence: text[start..].to_string(),
                    start,
                    end: text.len(),
                    trigger: sentence.trigger,
                    rule: format!("synthetic:{}", sk.event_type),
                    confidence: 0.5 + 0.45 * rng.unit() as f32,
                };
                mentions_of[e].push(mention.clone());
                mentions.push(mention);
                text.push(' ');
            }
            let text = text.trim_end().to_string();
            let analysis = Analysis {
                language: "en".to_string(),
                anchor: Some(DatePoint::Day(head.published)),
                actors,
                ..Analysis::default()
            };
            let article = Article {
                id: head.id.clone(),
                name: head.name.clone(),
                source: "synthetic".to_string(),
                form: SourceForm::HeaderBlock,
                url: Some(format!("https://news.example/{}", head.name)),
                title: Some(format!("{}: news of {}", head.outlet, news_day)),
                published: Some(DatePoint::Day(head.published)),
                language: Some("en".to_string()),
                outlet: Some(head.outlet.to_string()),
                text,
            };
            out_articles.push(AnalysedArticle {
                article,
                analysis,
                mentions,
            });
        }

        let events = skeletons
            .into_iter()
            .zip(mentions_of)
            .map(|(sk, mut mentions)| {
                mentions.sort_by(|a, b| (&a.article, a.start).cmp(&(&b.article, b.start)));
                let quantities = mentions
                    .iter()
                    .flat_map(|m| m.quantities.iter().cloned())
                    .collect();
                Event {
                    id: sk.id,
                    event_type: sk.event_type,
                    cameo: sk.code.code.clone(),
                    mode: sk.code.mode.clone(),
                    context: sk.code.context.clone(),
                    date: sk.date,
                    actors: codes(&sk.actors),
                    recipients: codes(&sk.recipients),
                    persons: codes(&sk.persons),
                    place: sk.place,
                    location: sk.location,
                    quantities,
                    claims: Vec::new(),
                    quad_class: sk.code.quad_class,
                    goldstein: sk.code.goldstein,
                    mentions,
                }
            })
            .collect();
        Block {
            articles: out_articles,
            events,
        }
    }

    /// One event's facts, before the articles that report it are written.
    fn skeleton(
        &self,
        rng: &mut SplitMix64,
        news_day: NaiveDate,
        n_articles: usize,
    ) -> Skeleton<'_> {
        let (event_type, codes) = &self.types[self.type_weights.draw(rng)];
        let code = &codes[rng.below(codes.len())];
        let n_actors = if rng.chance(0.15) { 2 } else { 1 };
        let actors = self.actors(rng, n_actors, &[]);
        let n_recipients = match rng.unit() {
            r if r < 0.25 => 0,
            r if r < 0.95 => 1,
            _ => 2,
        };
        let recipients = self.actors(rng, n_recipients, &actors);
        let persons = if rng.chance(0.2) && !self.persons.is_empty() {
            vec![&self.persons[rng.below(self.persons.len())]]
        } else {
            Vec::new()
        };
        // Reports name the place of one event in five precisely; otherwise the first state
        // taking part, when there is one.
        let places = self.kb.places();
        let (place, location) = if rng.chance(0.2) && !places.is_empty() {
            let p = &places[rng.below(places.len())];
            (
                Some(p.country.clone()),
                Some(Location {
                    name: p.name.clone(),
                    lat: p.lat,
                    lon: p.lon,
                    geonameid: p.geonameid,
                }),
            )
        } else {
            let state = actors
                .iter()
                .chain(&recipients)
                .find(|a| a.kind == EntityKind::State)
                .map(|a| a.code.clone());
            (state, None)
        };
        let day = news_day - Duration::days(rng.below(4) as i64);
        let date = match rng.unit() {
            r if r < 0.70 => Some(EventDate::Point(DatePoint::Day(day))),
            r if r < 0.85 => DatePoint::month(day.year(), day.month()).map(EventDate::Point),
            r if r < 0.90 => Some(EventDate::Point(DatePoint::Year(day.year()))),
            r if r < 0.95 => Some(EventDate::range(
                DatePoint::Day(day),
                DatePoint::Day(day + Duration::days(1 + rng.below(5) as i64)),
            )),
            _ => None,
        };
        let modality = match rng.unit() {
            r if r < 0.75 => Modality::Asserted,
            r if r < 0.87 => Modality::Reported,
            r if r < 0.95 => Modality::Planned,
            r if r < 0.98 => Modality::Negated,
            _ => Modality::Hypothetical,
        };
        let reports = match rng.unit() {
            r if r < 0.5 => 1,
            r if r < 0.8 => 2,
            _ => 3,
        };
        let mut articles: Vec<usize> = Vec::with_capacity(reports);
        while articles.len() < reports.min(n_articles) {
            let k = rng.below(n_articles);
            if !articles.contains(&k) {
                articles.push(k);
            }
        }
        Skeleton {
            id: format!("ev-{:016x}", rng.next_u64()),
            event_type: *event_type,
            code,
            actors,
            recipients,
            persons,
            place,
            location,
            date,
            modality,
            killed: (*event_type == EventType::Assault && rng.chance(0.5))
                .then(|| 1 + rng.below(200) as u64),
            articles,
        }
    }
}

/// The codes of `participants`, in order.
fn codes(participants: &[&Participant]) -> Vec<String> {
    participants.iter().map(|p| p.code.clone()).collect()
}

/// An article's identity, drawn before its text.
struct ArticleHead {
    id: String,
    name: String,
    outlet: &'static str,
    published: NaiveDate,
}

/// One event's facts and the articles (indexes into its block) that report it.
struct Skeleton<'a> {
    id: String,
    event_type: EventType,
    code: &'a Code,
    actors: Vec<&'a Participant>,
    recipients: Vec<&'a Participant>,
    persons: Vec<&'a Participant>,
    place: Option<String>,
    location: Option<Location>,
    date: Option<EventDate>,
    modality: Modality,
    killed: Option<u64>,
    articles: Vec<usize>,
}

/// Where a written sentence's trigger is.
struct Written {
    trigger: Span,
}

impl Skeleton<'_> {
    /// Appends this event's sentence to `text` (starting at byte `start`), recording an actor
    /// mention for every name written.
    fn sentence(
        &self,
        rng: &mut SplitMix64,
        start: usize,
        text: &mut String,
        actors: &mut Vec<ActorMention>,
    ) -> Written {
        debug_assert_eq!(start, text.len());
        let mut name = |p: &Participant, text: &mut String| {
            let from = text.len();
            text.push_str(&p.name);
            actors.push(ActorMention {
                span: Span::new(from, text.len()),
                entity: p.code.clone(),
                kind: p.kind,
                code: p.scored_as.clone(),
                via: LinkVia::Name,
                role: None,
            });
        };
        for (i, p) in self.persons.iter().chain(&self.actors).enumerate() {
            if i > 0 {
                text.push_str(" and ");
            }
            name(p, text);
        }
        text.push(' ');
        let from = text.len();
        text.push_str(verb(self.event_type));
        let trigger = Span::new(from, text.len());
        for (i, p) in self.recipients.iter().enumerate() {
            text.push_str(if i == 0 { " " } else { " and " });
            name(p, text);
        }
        if let Some(location) = &self.location {
            text.push_str(" in ");
            text.push_str(&location.name);
        }
        if let Some(killed) = self.killed {
            text.push_str(&format!(", leaving {killed} dead"));
        }
        text.push_str(", ");
        text.push_str(TAILS[rng.below(TAILS.len())]);
        text.push('.');
        Written { trigger }
    }
}

/// The verb a synthetic sentence of `event_type` uses.
fn verb(event_type: EventType) -> &'static str {
    match event_type {
        EventType::Agree => "pledged to work with",
        EventType::Consult => "held talks with",
        EventType::Support => "praised",
        EventType::Concede => "eased restrictions on",
        EventType::Cooperate => "carried out joint patrols with",
        EventType::Aid => "delivered aid to",
        EventType::Retreat => "withdrew from",
        EventType::Request => "called on",
        EventType::Accuse => "accused",
        EventType::Reject => "rejected the demands of",
        EventType::Threaten => "threatened",
        EventType::Protest => "demonstrated against",
        EventType::Sanction => "expelled the envoy of",
        EventType::Mobilize => "deployed troops against",
        EventType::Coerce => "arrested members of",
        EventType::Assault => "attacked",
    }
}

/// A block's articles and the events they report.
struct Block {
    articles: Vec<AnalysedArticle>,
    events: Vec<Event>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw_parts() -> (Kb, CameoTable) {
        let resources = Resources::builtin();
        (
            Kb::load(&resources).unwrap(),
            CameoTable::load(&resources).unwrap(),
        )
    }

    #[test]
    fn a_block_is_the_same_every_time_it_is_drawn() {
        let (kb, cameo) = draw_parts();
        let draw = Draw::new(&kb, &cameo).unwrap();
        let a = draw.block(7, 3, BLOCK_EVENTS);
        let b = draw.block(7, 3, BLOCK_EVENTS);
        assert_eq!(a.events, b.events);
        let other = draw.block(8, 3, BLOCK_EVENTS);
        assert_ne!(a.events, other.events, "another seed draws other events");
    }

    #[test]
    fn mentions_point_at_their_sentence_and_actors_at_their_names() {
        let (kb, cameo) = draw_parts();
        let draw = Draw::new(&kb, &cameo).unwrap();
        let block = draw.block(1, 0, BLOCK_EVENTS);
        let reports: usize = block.articles.iter().map(|a| a.mentions.len()).sum();
        let in_events: usize = block.events.iter().map(|e| e.mentions.len()).sum();
        assert_eq!(reports, in_events, "every report is in one event");
        for a in &block.articles {
            for m in &a.mentions {
                assert_eq!(&a.article.text[m.start..m.end], m.sentence);
                assert!(m.trigger.start >= m.start && m.trigger.end <= m.end);
            }
            for actor in &a.analysis.actors {
                let named = actor.span.slice(&a.article.text);
                assert_eq!(Some(named.to_string()), draw.name_of(&actor.entity));
            }
        }
        for e in &block.events {
            assert!((1..=3).contains(&e.mentions.len()), "{}", e.id);
            assert!(!e.actors.is_empty());
        }
    }

    #[test]
    fn a_small_store_is_built_and_both_commands_are_timed() {
        let dir = tempfile::tempdir().unwrap();
        let report = run_query_bench(dir.path(), 500, 42, 2).unwrap();
        assert_eq!(report.events, 500);
        assert!(report.articles > 0 && report.event_mentions >= 500);
        assert_eq!(report.queries.len(), 2);
        // The counts agree with the filter applied in memory to every stored event.
        let store = Store::open(&report.store).unwrap();
        let all = store.events(&EventFilter::default()).unwrap();
        let [since, timeline] = benchmarked_filters();
        let expect = |f: &EventFilter| all.iter().filter(|e| f.matches(e)).count();
        assert_eq!(report.queries[0].returned, expect(&since));
        assert_eq!(report.queries[1].returned, expect(&timeline));
        assert!(report.queries[1].returned > 0, "BFA is a frequent actor");
        assert!(matches!(
            run_query_bench(dir.path(), 500, 42, 2),
            Err(QueryBenchError::Exists { .. })
        ));
        assert!(matches!(
            run_query_bench(dir.path(), 10, 1, 0),
            Err(QueryBenchError::NoRuns)
        ));
    }
}
