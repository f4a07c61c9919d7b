//! Command-line arguments and the dispatch to each command.

mod analyse;
mod bench;
mod demo;
mod eval;
mod ingest;
mod plover;
mod read;

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use vigie::batch::{self, PipelineStages};
use vigie::model::{DatePoint, EntityKind, EventType};
use vigie::pipeline::{Pipeline, today};
use vigie::query::EventFilter;
use vigie::store::Store;

/// The store used when neither `--db` nor `VIGIE_DB` names one.
pub const DEFAULT_DB: &str = "vigie.db";

const EXAMPLES: &str = "\
Examples:
  vigie demo                                  try it on the sample articles shipped with vigie
  vigie ingest articles/ feed.jsonl           read files and folders into ./vigie.db
  vigie events --actor MLI --since 2024-01    events involving Mali, from January 2024 on
  vigie events --format jsonl > events.jsonl  the record as JSON Lines (one event a line)
  vigie timeline --type ASSAULT               attacks in date order, month by month
  vigie entities --kind person                the people named, with the aliases seen
  vigie show EVENT-ID                         one event with every report of it

The store is ./vigie.db unless --db PATH or the VIGIE_DB variable names another file.";

/// Turns news articles into an evidence-linked record of who did what to whom, when and where.
#[derive(Debug, Parser)]
#[command(name = "vigie", version, after_help = EXAMPLES, arg_required_else_help = true)]
pub struct Cli {
    /// The store, one SQLite file (created by the first ingest) [default: ./vigie.db]
    #[arg(long, global = true, env = "VIGIE_DB", value_name = "PATH")]
    db: Option<PathBuf>,

    /// A folder of extra knowledge files, laid out like vigie's own data/ (kb/, fr/, en/)
    #[arg(long, global = true, value_name = "DIR")]
    kb: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read articles (text, JSON Lines, HTML; files or folders) into the store
    #[command(after_help = "\
Articles already in the store are skipped, so ingesting the same folder again only reads what is
new. Each input that fails is named on one line of stderr; the others are still ingested, and the
exit status is 1.

Examples:
  vigie ingest articles/
  vigie --db sahel.db ingest 2024/*.txt briefs.jsonl")]
    Ingest {
        /// Files or folders (walked recursively)
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// No progress bar
        #[arg(short, long)]
        quiet: bool,
        /// Threads analysing articles [default: one per core]; the store is the same whatever
        /// the number
        #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        threads: Option<u16>,
    },

    /// List events, one per real-world happening, earliest first
    #[command(after_help = "\
Examples:
  vigie events --actor ECOWAS --type SANCTION
  vigie events --since 2024-07 --until 2024-08-31 --format csv > summer-2024.csv
  vigie events --article fr-003-barsalogho.txt --format jsonl")]
    Events {
        #[command(flatten)]
        filters: Filters,
        /// Output format
        #[arg(long, value_enum, default_value_t = EventFormat::Table)]
        format: EventFormat,
    },

    /// Write the whole record, every event with its reports, for another tool
    #[command(after_help = "\
The same events as `vigie events` with no filter, in a format for scripts. The output is the same
byte for byte whatever the number of threads the store was ingested with and whatever the order
its files were given in.

Examples:
  vigie export --format jsonl > record.jsonl
  vigie export --format csv > record.csv")]
    Export {
        /// Output format
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
    },

    /// Events in date order, under a heading per month
    #[command(after_help = "\
Examples:
  vigie timeline --actor BFA
  vigie timeline --since 2023 --type CONSULT")]
    Timeline {
        #[command(flatten)]
        filters: Filters,
    },

    /// The actors named in the articles: kind, code, aliases seen, counts
    #[command(after_help = "\
Examples:
  vigie entities
  vigie entities --kind armed_group --format jsonl")]
    Entities {
        /// Only this kind of actor
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Output format
        #[arg(long, value_enum, default_value_t = EntityFormat::Table)]
        format: EntityFormat,
    },

    /// One event with every report of it: article, outlet, sentence, rule; claims side by side
    #[command(after_help = "\
The id is in the first column of `vigie events`; a unique beginning of it is enough.

Example:
  vigie show ev-3f2a")]
    Show {
        /// The event's id, or a unique beginning of it
        #[arg(value_name = "EVENT-ID")]
        id: String,
    },

    /// Ingest the sample articles shipped with vigie into a fresh store and show the timeline
    #[command(after_help = "\
The demo store is ./vigie-demo.db (replaced on each run) unless --db PATH is given on the command
line; VIGIE_DB is ignored so the demo never replaces your own store.

Example:
  vigie demo && vigie --db vigie-demo.db entities")]
    Demo,

    /// Show what each stage finds in one file, sentence by sentence, without storing it
    #[command(after_help = "\
For each sentence: the actors (with the entity and code they link to and how), places, dates,
quantities, and the events extracted with the rule that fired. Nothing is written to the store.

Examples:
  vigie analyse article.txt
  vigie analyse page.html --json | jq .event_mentions")]
    Analyse {
        /// The file (text, HTML or JSON Lines)
        #[arg(value_name = "FILE")]
        path: PathBuf,
        /// One JSON object per article: the analysis and the event mentions
        #[arg(long)]
        json: bool,
    },

    /// Score events against gold annotations (shared/eval/FORMAT.md)
    #[command(after_help = "\
Prints the same figures as shared/eval/score.py: per-type counts, direction, then
P, R, F1, fragmentation and wrong merges on the last line.

Examples:
  vigie ingest ../shared/corpus/dev && vigie eval ../shared/eval/dev.gold.jsonl
  vigie eval ../shared/eval/dev.gold.jsonl --lang en
  vigie eval gold.jsonl --events events.jsonl --json
  vigie eval ../shared/eval/dev.gold.jsonl --explain | less")]
    Eval {
        /// The gold file (JSON Lines, one event a line)
        #[arg(value_name = "GOLD")]
        gold: PathBuf,
        /// Score this `vigie events --format jsonl` output instead of the store
        #[arg(long, value_name = "FILE")]
        events: Option<PathBuf>,
        /// Score only the articles written in this language (fr, en), as the store knows them
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
        /// Ignore event types (did it find that something happened between those participants?)
        #[arg(long)]
        untyped: bool,
        /// Also print the figures as one JSON object (as score.py --json does)
        #[arg(long)]
        json: bool,
        /// First list every missed gold pair and every unmatched system pair with its sentence
        /// and the reason, then a count per reason
        #[arg(long)]
        explain: bool,
    },

    /// Time the whole pipeline over a folder of articles, or the start-up alone
    #[command(after_help = "\
Each run ingests PATH (or the --synthetic corpus, written to a scratch folder first) into a fresh
scratch store exactly as `vigie ingest` does (every stage,
the SQLite writes, the final resolve), then ingests it again to time the skipping of known
articles. It prints articles/s and MB/s end to end, the time in each stage and the peak
resident memory, as medians over the runs. Nothing is written to your store.

Examples:
  vigie bench samples/
  vigie bench --synthetic 10000 --seed 7
  vigie bench ../shared/corpus/dev --runs 5 --threads 1
  vigie bench samples/ --json | jq .articles_per_s
  vigie bench --startup
  vigie bench --queries --events 100000")]
    Bench {
        /// A folder or file of articles
        #[arg(value_name = "PATH", required_unless_present_any = ["startup", "synthetic", "queries"])]
        path: Option<PathBuf>,
        /// Instead of PATH, N articles generated from the knowledge base and vigie's sentence
        /// templates (data/bench/), French and English, shaped like the dev corpus
        #[arg(long, value_name = "N", conflicts_with = "path", value_parser = clap::value_parser!(u32).range(1..))]
        synthetic: Option<u32>,
        /// The seed of the synthetic corpus or store: the same seed gives the same data
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// Runs to take the median over
        #[arg(long, default_value_t = 3, value_name = "R", value_parser = clap::value_parser!(u16).range(1..))]
        runs: u16,
        /// Threads analysing articles [default: one per core]
        #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        threads: Option<u16>,
        /// One JSON object: articles_per_s, mb_per_s, peak_rss_mb, stages, …
        #[arg(long)]
        json: bool,
        /// Time only the start-up: loading the knowledge base and compiling every pattern
        #[arg(long, conflicts_with_all = ["path", "synthetic"])]
        startup: bool,
        /// Time the read commands instead: build a synthetic store of --events events in a
        /// scratch folder, then time `events --actor RUS --since 2025-01` and a one-actor
        /// `timeline`
        #[arg(long, conflicts_with_all = ["path", "synthetic", "startup"])]
        queries: bool,
        /// How many events the --queries store holds
        #[arg(
            long,
            value_name = "N",
            default_value_t = 1_000_000,
            requires = "queries"
        )]
        events: u32,
    },

    /// Code the PLOVER gold standard sentences and report coverage and category accuracy
    #[command(after_help = "\
Runs the pipeline on each English sentence of the PLOVER gold standard records (from the CAMEO
manual; FILE defaults to ../shared/data/plover/PLOVER_GSR_CAMEO.json) and prints how many it
codes and how often with the gold category, overall and per category. PLOVER 0.5 names
(DEMAND, DISAPPROVE, ...) are read as today's through kb/plover_renames.tsv.

Examples:
  vigie plover-check
  vigie plover-check ../shared/data/plover/PLOVER_GSR_CAMEO.json --explain | less
  vigie plover-check --json | jq .total")]
    PloverCheck {
        /// The gold records (a JSON array of records, or JSON Lines)
        #[arg(value_name = "FILE", default_value = plover::DEFAULT_FILE)]
        file: PathBuf,
        /// One JSON object (with --explain, the misses in it too)
        #[arg(long)]
        json: bool,
        /// First list every record not coded with its gold category: id, gold, what was found,
        /// the sentence
        #[arg(long)]
        explain: bool,
    },
}

/// The filters `events` and `timeline` share.
#[derive(Debug, Args)]
struct Filters {
    /// Only events with this actor, recipient or person: a code (MLI, ECOWAS), a person's slug
    /// (sergey-lavrov), or a name seen in the articles ("Mali")
    #[arg(long, value_name = "CODE")]
    actor: Option<String>,
    /// Only events of this PLOVER type (AGREE, CONSULT, SUPPORT, ..., COERCE, ASSAULT)
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_type)]
    event_type: Option<EventType>,
    /// Only events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    since: Option<DatePoint>,
    /// Only events on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    until: Option<DatePoint>,
    /// Only events reported by this article (its file name, as ingested, or its id)
    #[arg(long, value_name = "NAME")]
    article: Option<String>,
    /// At most N events (the earliest)
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
}

impl Filters {
    fn to_filter(&self) -> EventFilter {
        let mut f = EventFilter {
            actor: self.actor.clone(),
            event_type: self.event_type,
            article: self.article.clone(),
            limit: self.limit,
            ..EventFilter::default()
        };
        if let Some(p) = self.since {
            f = f.since_point(p);
        }
        if let Some(p) = self.until {
            f = f.until_point(p);
        }
        f
    }
}

fn parse_type(s: &str) -> Result<EventType, String> {
    s.parse()
        .map_err(|e: vigie::model::EventTypeParseError| e.to_string())
}

fn parse_date(s: &str) -> Result<DatePoint, String> {
    s.parse()
        .map_err(|e: vigie::model::DateParseError| e.to_string())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum EventFormat {
    /// Aligned columns
    Table,
    /// One JSON object per event per line, as FORMAT.md describes
    Jsonl,
    /// One row per event; lists joined with ';'
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// One JSON object per event per line, as FORMAT.md describes
    Jsonl,
    /// One row per event; lists joined with ';'
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum EntityFormat {
    /// Aligned columns
    Table,
    /// One JSON object per entity per line
    Jsonl,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum KindArg {
    /// States (ISO alpha-3 codes)
    State,
    /// Organisations and military operations
    Organisation,
    /// Non-state armed groups
    #[value(name = "armed_group", alias = "armed-group")]
    ArmedGroup,
    /// Named persons
    Person,
}

impl From<KindArg> for EntityKind {
    fn from(k: KindArg) -> EntityKind {
        match k {
            KindArg::State => EntityKind::State,
            KindArg::Organisation => EntityKind::Organisation,
            KindArg::ArmedGroup => EntityKind::ArmedGroup,
            KindArg::Person => EntityKind::Person,
        }
    }
}

/// What every command needs to know besides its own arguments.
struct Globals {
    db: PathBuf,
    /// True when `--db` was typed on the command line (not taken from `VIGIE_DB`).
    db_on_command_line: bool,
    kb: Option<PathBuf>,
}

/// A parsed command line, ready to run.
pub struct Invocation {
    cli: Cli,
    db_on_command_line: bool,
}

impl Invocation {
    /// True when the command analyses articles in bulk (an ingest, or a bench of one), whose
    /// memory is worth handing back to the system as soon as it is freed.
    pub fn analyses_in_bulk(&self) -> bool {
        match &self.cli.command {
            Command::Ingest { .. } => true,
            Command::Bench {
                startup, queries, ..
            } => !startup && !queries,
            _ => false,
        }
    }
}

/// Parses the command line, or exits with clap's message (or help) when it does not parse.
pub fn parse() -> Invocation {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let db_on_command_line = db_source(&matches) == Some(ValueSource::CommandLine);
    Invocation {
        cli,
        db_on_command_line,
    }
}

/// Runs a parsed command; the exit status says whether every input went through.
pub fn run(invocation: Invocation) -> Result<ExitCode> {
    let Invocation {
        cli,
        db_on_command_line,
    } = invocation;
    let ctx = Globals {
        db: cli.db.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_DB)),
        db_on_command_line,
        kb: cli.kb.clone(),
    };
    match cli.command {
        Command::Ingest {
            paths,
            quiet,
            threads,
        } => ingest::run(&ctx, &paths, quiet, threads.map(usize::from)),
        Command::Events { filters, format } => read::events(&ctx, &filters.to_filter(), format),
        Command::Export { format } => read::events(
            &ctx,
            &EventFilter::default(),
            match format {
                ExportFormat::Jsonl => EventFormat::Jsonl,
                ExportFormat::Csv => EventFormat::Csv,
            },
        ),
        Command::Timeline { filters } => read::timeline(&ctx, &filters.to_filter()),
        Command::Entities { kind, format } => {
            read::entities(&ctx, kind.map(EntityKind::from), format)
        }
        Command::Show { id } => read::show(&ctx, &id),
        Command::Demo => demo::run(&ctx),
        Command::Analyse { path, json } => analyse::run(&ctx, &path, json),
        Command::Eval {
            gold,
            events,
            lang,
            untyped,
            json,
            explain,
        } => eval::run(
            &ctx,
            &eval::EvalArgs {
                gold,
                events,
                lang,
                untyped,
                json,
                explain,
            },
        ),
        Command::Bench {
            path,
            synthetic,
            seed,
            runs,
            threads,
            json,
            startup,
            queries,
            events,
        } => bench::run(
            &ctx,
            &bench::BenchArgs {
                path: path.as_deref(),
                synthetic: synthetic.map(|n| (n as usize, seed)),
                runs: usize::from(runs),
                threads: threads.map_or_else(batch::default_threads, usize::from),
                json,
                startup,
                queries: queries.then_some(events as usize),
                seed,
            },
        ),
        Command::PloverCheck {
            file,
            json,
            explain,
        } => plover::run(&ctx, &file, json, explain),
    }
}

/// Where `--db` came from, wherever on the command line it was given (it is global).
fn db_source(matches: &clap::ArgMatches) -> Option<ValueSource> {
    let mut m = Some(matches);
    let mut found = None;
    while let Some(current) = m {
        if let Some(src) = current.value_source("db") {
            if found.is_none() || src == ValueSource::CommandLine {
                found = Some(src);
            }
        }
        m = current.subcommand().map(|(_, sub)| sub);
    }
    found
}

/// Loads the built-in knowledge and the user's `--kb` folder.
fn load_pipeline(kb: Option<&Path>) -> Result<Pipeline> {
    Pipeline::load(kb).with_context(|| match kb {
        Some(dir) => format!(
            "cannot load the knowledge files (built-in and --kb {}); fix the file or folder named here",
            dir.display()
        ),
        None => {
            "cannot load the built-in knowledge files; this build of vigie is broken".to_string()
        }
    })
}

/// Opens an existing store for reading, re-resolving its events when an interrupted ingest
/// left them stale.
fn open_existing(ctx: &Globals) -> Result<Store> {
    if !ctx.db.exists() {
        bail!(
            "no store at {}: run `vigie ingest ARTICLES...` first, or point --db (or VIGIE_DB) at \
             an existing store",
            ctx.db.display()
        );
    }
    let mut store = Store::open(&ctx.db)?;
    if store.events_dirty()? {
        let pipeline = load_pipeline(ctx.kb.as_deref())?;
        let stages = PipelineStages {
            pipeline: &pipeline,
            today: today(),
        };
        batch::refresh_events(&stages, &mut store)?;
        eprintln!(
            "vigie: the events were out of date (an ingest was interrupted, or this version stores them differently); resolved them again"
        );
    }
    Ok(store)
}

/// The width to fit tables to: the terminal's when standard output is one, else `COLUMNS`
/// when set (so `COLUMNS=200 vigie events | less` keeps more of each sentence).
fn terminal_width() -> Option<usize> {
    if io::stdout().is_terminal() {
        if let Some((_rows, cols)) = console::Term::stdout().size_checked() {
            return Some(cols as usize);
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
}

/// The error and its causes on one line, each cause once: a cause is left out when the message
/// before it already quotes it (most of ours do), which also ends the line.
pub fn error_line(err: &anyhow::Error) -> String {
    let messages: Vec<String> = err.chain().map(|e| e.to_string()).collect();
    let mut parts: Vec<&str> = Vec::new();
    for (i, message) in messages.iter().enumerate() {
        parts.push(message);
        if messages
            .get(i + 1)
            .is_some_and(|next| message.contains(next.as_str()))
        {
            break;
        }
    }
    parts
        .join(": ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when the error is a closed pipe (`vigie events | head`): not worth a message.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot read x.toml: {source}")]
    struct Quoting {
        source: io::Error,
    }

    #[test]
    fn error_lines_say_each_cause_once() {
        let inner = io::Error::new(io::ErrorKind::NotFound, "no such file");
        let err = anyhow::Error::new(Quoting { source: inner })
            .context("cannot load the knowledge files");
        assert_eq!(
            error_line(&err),
            "cannot load the knowledge files: cannot read x.toml: no such file"
        );
        let plain = anyhow::anyhow!("no store at\nvigie.db");
        assert_eq!(error_line(&plain), "no store at vigie.db");
    }
}
