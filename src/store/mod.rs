//! Stage 8, store: the embedded SQLite file (one file, WAL, versioned schema, articles written
//! in batches).
//!
//! Everything an article yields (its row, the entities and aliases it names, its event mentions)
//! is written together, in a savepoint inside a transaction of many articles, so a process
//! killed mid-ingest leaves only whole articles.
//! Events are derived data: `resolve` rebuilds those of each kind of event that received new
//! mentions and [`Store::write_resolved`] writes them in one transaction, only the events whose
//! JSON changed (each row keeps a digest of it; see `events.rs`). Two counters in `meta` say
//! whether that rebuild is due: each stored article bumps `mentions_revision`, and a write of the
//! events records the revision its mentions were read at as `events_revision`. When they differ
//! the events are stale (an ingest was killed before resolving, or another process stored
//! articles meanwhile) and the next run re-resolves.

mod events;
mod schema;

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params, params_from_iter};

use crate::model::{
    Analysis, Article, DatePoint, EntityKind, Event, EventMention, EventSummary, SourceForm,
};
use crate::query::EventFilter;

pub use events::{ResolvePlan, ResolvedEvent};
pub use schema::CURRENT_VERSION;

/// The page cache while writing in bulk, in KiB as `PRAGMA cache_size` takes it (negative):
/// 16 MiB against SQLite's default 2 MiB, for the indexes a rebuild of the events inserts into
/// at random places. It was 64 MiB; since resolve writes in order and builds most indexes after
/// its rows, more cache bought nothing measurable and was a fifth of the peak memory: a full
/// resolve of a 100,000-article store took 54.5 s at 16 MiB against 55.0-61.2 s at 64 MiB and
/// peaked at 265 MB against 300-308 MB; building the million-event query store took as long.
/// An ingest writes its batches with it too (see [`Store::with_ingest_cache`]).
/// Reads keep the default, since a fresh connection spends longer allocating a big cache than
/// it saves (a 19,000-event query on a million-event store: 84 ms with 64 MiB, 41 ms without).
const BULK_CACHE_KIB: i64 = -16_384;

/// How long a writer waits for another process holding the store before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file could not be opened or set up as a store.
    #[error(
        "cannot open the store {path}: {source}; give --db the path of a Vigie store, or of a \
         new file in a folder you can write to"
    )]
    Open {
        /// The store's path.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file is an SQLite database that Vigie did not create.
    #[error("{path} is a database Vigie did not create; give another --db path")]
    Foreign {
        /// The store's path.
        path: PathBuf,
    },
    /// A newer Vigie wrote the store.
    #[error(
        "the store {path} has schema version {found}, newer than this vigie knows ({known}); \
         upgrade vigie or give another --db path"
    )]
    TooNew {
        /// The store's path.
        path: PathBuf,
        /// The version found.
        found: i64,
        /// The newest version this binary knows.
        known: i64,
    },
    /// A query failed.
    #[error("store: {0}")]
    Sql(#[from] rusqlite::Error),
    /// A JSON column could not be written or read back.
    #[error("store: {what}: {source}")]
    Json {
        /// Which value.
        what: String,
        /// What serde said.
        source: serde_json::Error,
    },
    /// A column holds a value the model does not know.
    #[error("store: {what}: unexpected value {value:?}")]
    Corrupt {
        /// Which column.
        what: &'static str,
        /// The value found.
        value: String,
    },
}

/// How many rows of each kind the store holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Articles.
    pub articles: u64,
    /// Event mentions, over all articles.
    pub event_mentions: u64,
    /// Events after the last resolve.
    pub events: u64,
    /// Distinct entities named.
    pub entities: u64,
}

/// What the store knows of one entity, summed over the articles that name it.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityRecord {
    /// Its id (`MLI`, `ECOWAS`, `sergey-lavrov`).
    pub id: String,
    /// Its display name: the knowledge base's, else the id.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// The code it is scored as, when known.
    pub code: Option<String>,
    /// How many times articles name it.
    pub mentions: u64,
    /// How many articles name it.
    pub articles: u64,
    /// Each surface form seen and how often, most frequent first.
    pub aliases: Vec<(String, u64)>,
}

/// A state of the event mentions: events computed from a snapshot are current only if no
/// article was stored since.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Revision(pub u64);

/// Whether a list of event summaries reads each event's evidence sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// Read it, for a list that shows it (a table).
    Read,
    /// Leave it empty, for a list that does not (a timeline), which then reads a fraction of
    /// the pages.
    Left,
}

/// What joins each summary (`e`) to its evidence sentence (`x.sentence`).
const EVIDENCE_JOIN: &str = "CROSS JOIN event_evidence x ON x.row = e.row";

/// At most this many connections read one list of events (see
/// [`Store::found_events_in_shards`]).
const MAX_READ_SHARDS: usize = 4;

/// How many consecutive event rows a shard of a list reads before the next shard's turn
/// (see [`events_query`]).
const SHARD_BLOCK: usize = 1024;

/// An open store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the store at `path`, creating it when absent and migrating it to the current
    /// schema.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        // WAL lets readers go on while an ingest writes; NORMAL sync is safe against a killed
        // process (only a power cut can lose the last commits).
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;
        // Statement and savepoint journals in memory, not in temporary files: each journals
        // the pages one statement or article changes, a few hundred KiB, and writing them to
        // files took 6% of a 10,000-article ingest's samples under perf.
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(open_err)?;
        // `rarray`, through which a list's events are looked up by the rows found first.
        rusqlite::vtab::array::load_module(&conn).map_err(open_err)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// The path the store was opened at.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let open_err = |source| StoreError::Open {
            path: self.path.clone(),
            source,
        };
        let found = self.schema_version().map_err(|e| match e {
            StoreError::Sql(source) => open_err(source),
            other => other,
        })?;
        if found > CURRENT_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found,
                known: CURRENT_VERSION,
            });
        }
        if found == 0 {
            let tables: i64 = self
                .conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(open_err)?;
            if tables > 0 {
                return Err(StoreError::Foreign {
                    path: self.path.clone(),
                });
            }
        }
        for (version, sql) in schema::MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(open_err)?;
            // Another process may have migrated while this one waited for the lock.
            let now: i64 = tx
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(open_err)?;
            if now > version as i64 {
                continue;
            }
            tx.execute_batch(sql).map_err(open_err)?;
            tx.pragma_update(None, "user_version", version as i64 + 1)
                .map_err(open_err)?;
            tx.commit().map_err(open_err)?;
        }
        Ok(())
    }

    /// True when an article with this id is stored.
    pub fn has_article(&self, id: &str) -> Result<bool, StoreError> {
        let found: Option<i64> = self
            .conn
            .query_row("SELECT 1 FROM articles WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        Ok(found.is_some())
    }

    /// The ids of every stored article, so a batch can skip known articles without asking the
    /// store once per article.
    pub fn article_ids(&self) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT id FROM articles")?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// Stores an article with what was read from it, in one transaction: its row, the entities
    /// it names with the surface forms used, its event mentions, and a new mentions revision.
    /// `entity_name` gives an entity's display name (the knowledge base's) when known.
    /// Returns false, writing nothing, when the article was already stored.
    pub fn insert_article(
        &mut self,
        article: &Article,
        analysis: &Analysis,
        mentions: &[EventMention],
        entity_name: impl Fn(&str) -> Option<String>,
    ) -> Result<bool, StoreError> {
        let record = ArticleRecord {
            article,
            analysis,
            mentions,
        };
        let mut results = self.insert_articles(&[record], entity_name)?;
        results.pop().unwrap_or(Ok(false))
    }

    /// Stores several articles in one transaction, each as [`Store::insert_article`] would:
    /// one result per article, in order. An article that fails is rolled back alone and the
    /// others are still stored; the outer error is for the transaction itself. One commit for
    /// many articles is what makes a large ingest fast: SQLite's cost is per commit, not per
    /// row.
    ///
    /// The batch is first written without a savepoint per article: a savepoint copies every
    /// page an article touches into a journal of its own, to undo a failure that almost never
    /// happens. When one does, the whole batch is rolled back and written again with a
    /// savepoint each.
    pub fn insert_articles(
        &mut self,
        records: &[ArticleRecord<'_>],
        entity_name: impl Fn(&str) -> Option<String>,
    ) -> Result<Vec<Result<bool, StoreError>>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut results = Vec::with_capacity(records.len());
        let mut named = EntitiesNamed::default();
        let mut failed = false;
        for record in records {
            match insert_one(&tx, record) {
                Ok(stored) => {
                    if stored {
                        named.add(record.article, record.analysis);
                    }
                    results.push(Ok(stored));
                }
                Err(_) => {
                    failed = true;
                    break;
                }
            }
        }
        if !failed && named.write(&tx, &entity_name).is_err() {
            failed = true;
        }
        if failed {
            // Some failures (a full disk) end the transaction themselves.
            if let Err(e) = tx.rollback()
                && !self.conn.is_autocommit()
            {
                return Err(e.into());
            }
            return self.insert_articles_one_by_one(records, entity_name);
        }
        if results.iter().any(|r| matches!(r, Ok(true))) {
            bump_mentions_revision(&tx)?;
        }
        tx.commit()?;
        Ok(results)
    }

    /// [`Store::insert_articles`] with a savepoint an article, so one that fails is rolled
    /// back alone.
    fn insert_articles_one_by_one(
        &mut self,
        records: &[ArticleRecord<'_>],
        entity_name: impl Fn(&str) -> Option<String>,
    ) -> Result<Vec<Result<bool, StoreError>>, StoreError> {
        let mut tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut results = Vec::with_capacity(records.len());
        let mut stored = 0;
        for record in records {
            let mut sp = tx.savepoint()?;
            let result = insert_one(&sp, record).and_then(|stored| {
                if stored {
                    let mut named = EntitiesNamed::default();
                    named.add(record.article, record.analysis);
                    named.write(&sp, &entity_name)?;
                }
                Ok(stored)
            });
            if matches!(result, Ok(true)) {
                sp.commit()?;
                stored += 1;
            } else {
                sp.rollback()?;
            }
            results.push(result);
        }
        if stored > 0 {
            bump_mentions_revision(&tx)?;
        }
        tx.commit()?;
        Ok(results)
    }

    /// Every event mention, by article then position, and the revision they were read at
    /// (read in one transaction so the two agree).
    pub fn all_mentions(&mut self) -> Result<(Vec<EventMention>, Revision), StoreError> {
        let tx = self.conn.transaction()?;
        let revision = meta_u64(&tx, "mentions_revision")?;
        let mut mentions = Vec::new();
        {
            let mut stmt = tx.prepare(
                "SELECT article_id, position, mention FROM event_mentions \
                 ORDER BY article_id, position",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let article: String = row.get(0)?;
                let position: i64 = row.get(1)?;
                let json: String = row.get(2)?;
                mentions.push(from_json(&json, || {
                    format!("event mention {position} of article {article}")
                })?);
            }
        }
        tx.commit()?;
        Ok((mentions, Revision(revision)))
    }

    /// Replaces every event with `events`, computed from the mentions read at `revision`, in one
    /// transaction. Two events with one id (a resolver bug) are both kept, the later one with a
    /// `-2`, `-3`… suffix, rather than losing a report.
    pub fn replace_events(
        &mut self,
        events: &[Event],
        revision: Revision,
    ) -> Result<(), StoreError> {
        self.replace_events_from(events, revision)
    }

    /// [`Store::replace_events`] with the events drawn one at a time from an iterator, so a set
    /// too large to hold in memory at once (a benchmark's million events) is written by the same
    /// code, in the same single transaction.
    pub fn replace_events_from<E: Borrow<Event>>(
        &mut self,
        events: impl IntoIterator<Item = E>,
        revision: Revision,
    ) -> Result<(), StoreError> {
        self.with_bulk_cache(|store| store.write_events(events, revision))
    }

    /// Runs `write` with the page cache at [`BULK_CACHE_KIB`], then puts the cache back.
    fn with_bulk_cache<T>(
        &mut self,
        write: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let before: i64 = self
            .conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))?;
        self.conn
            .pragma_update(None, "cache_size", BULK_CACHE_KIB)?;
        let written = write(self);
        let restored = self.conn.pragma_update(None, "cache_size", before);
        let value = written?;
        restored?;
        Ok(value)
    }

    /// Runs `write` with the page cache at [`BULK_CACHE_KIB`], for an ingest's batches: each
    /// writes more pages than SQLite's default cache of 2 MiB holds, which spilled pages to the
    /// log mid-transaction and read others back. The cache is only a speed setting: if it
    /// cannot be changed, `write` runs with the cache as it is.
    pub fn with_ingest_cache<T>(&mut self, write: impl FnOnce(&mut Store) -> T) -> T {
        let before: Option<i64> = self
            .conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))
            .ok();
        let set = before.is_some()
            && self
                .conn
                .pragma_update(None, "cache_size", BULK_CACHE_KIB)
                .is_ok();
        let value = write(self);
        if let (true, Some(before)) = (set, before) {
            let _ = self.conn.pragma_update(None, "cache_size", before);
        }
        value
    }

    /// True when articles were stored since the events were last computed.
    pub fn events_dirty(&self) -> Result<bool, StoreError> {
        let mentions = meta_u64(&self.conn, "mentions_revision")?;
        let events = meta_u64(&self.conn, "events_revision")?;
        Ok(mentions != events)
    }

    /// The events `filter` asks for, earliest first (undated last).
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<Event>, StoreError> {
        let mut found = self.found_events(
            filter,
            "e.first_day, e.last_day, e.id, ev.event, ev.mention_rows",
            "CROSS JOIN events ev ON ev.row = e.row",
            |row| {
                Ok(FoundEvent {
                    first_day: row.get(0)?,
                    last_day: row.get(1)?,
                    id: row.get(2)?,
                    json: row.get(3)?,
                    mention_rows: row.get(4)?,
                })
            },
        )?;
        found.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        found.truncate(filter.limit.unwrap_or(usize::MAX));
        // Each row is dropped as soon as it is decoded, so the allocator hands its memory
        // straight to the next event instead of freeing every row at the end.
        found
            .into_iter()
            .map(|f| self.event_from_row(&f.id, &f.json, f.mention_rows.as_deref()))
            .collect()
    }

    /// What a table or a timeline shows of the events `filter` asks for, in the same order as
    /// [`Store::events`], read from the narrow rows of `event_summaries` (see schema V5).
    pub fn event_summaries(
        &self,
        filter: &EventFilter,
        evidence: Evidence,
    ) -> Result<Vec<EventSummary>, StoreError> {
        let columns = "e.id, e.type, e.cameo, e.date, e.actors, e.recipients, e.place, e.town, \
                       e.mentions, e.outlets";
        let mut found = match evidence {
            Evidence::Read => self.found_events(
                filter,
                &format!("{columns}, x.sentence"),
                EVIDENCE_JOIN,
                |row| summary_of_row(row, true),
            )?,
            Evidence::Left => {
                self.found_events(filter, columns, "", |row| summary_of_row(row, false))?
            }
        };
        crate::query::sort_by_date(&mut found);
        found.truncate(filter.limit.unwrap_or(usize::MAX));
        Ok(found)
    }

    /// Runs the events query of `filter` over `event_summaries` (aliased `e`, joined by `join`)
    /// and reads each row with `read`, in no particular order (a limited query gives each
    /// shard's first rows: the caller sorts and cuts). A join is a CROSS JOIN, which SQLite
    /// keeps in the order written: the filter narrows the summaries, and each is joined by its
    /// row.
    fn found_events<T: Send>(
        &self,
        filter: &EventFilter,
        columns: &str,
        join: &str,
        read: impl Fn(&rusqlite::Row<'_>) -> Result<T, StoreError> + Sync,
    ) -> Result<Vec<T>, StoreError> {
        let shards = std::thread::available_parallelism().map_or(1, |n| n.get());
        self.found_events_in_shards(filter, columns, join, &read, shards.min(MAX_READ_SHARDS))
    }

    /// [`Store::found_events`] over `shards` connections, one a thread: a long list is mostly
    /// one look-up an event, which the cores share.
    ///
    /// With an actor, the rows of the actor's events are read first from the participants'
    /// index, sorted, and cut into `shards` runs of consecutive rows, one a shard, each looked
    /// up in row order through `rarray`. Without one, a shard reads the events of every
    /// `shards`-th block of rows (see [`events_query`]). When an ingest committed between the
    /// reads (they saw different event revisions), the list is read again on one connection.
    fn found_events_in_shards<T: Send>(
        &self,
        filter: &EventFilter,
        columns: &str,
        join: &str,
        read: &(impl Fn(&rusqlite::Row<'_>) -> Result<T, StoreError> + Sync),
        shards: usize,
    ) -> Result<Vec<T>, StoreError> {
        let actor_codes = self.actor_codes(filter.actor.as_deref())?;
        if shards > 1 {
            let listed = match actor_codes.is_empty() {
                true => None,
                false => Some(self.actor_event_rows(filter, &actor_codes)?),
            };
            let parts_of = |shard: usize| match &listed {
                Some((_, rows)) => Shard::Rows(run_of(rows, shards, shard)),
                None => Shard::Block {
                    shards,
                    number: shard,
                },
            };
            let readers = (1..shards)
                .map(|_| self.reader())
                .collect::<Result<Vec<Store>, StoreError>>()?;
            let parts: Vec<Result<(u64, Vec<T>), StoreError>> = std::thread::scope(|scope| {
                let handles: Vec<_> = readers
                    .into_iter()
                    .enumerate()
                    .map(|(i, reader)| {
                        let shard = parts_of(i + 1);
                        scope.spawn(move || {
                            reader.found_in_shard(filter, shard, columns, join, read)
                        })
                    })
                    .collect();
                let mine = self.found_in_shard(filter, parts_of(0), columns, join, read);
                std::iter::once(mine)
                    .chain(handles.into_iter().map(|h| {
                        h.join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                    }))
                    .collect()
            });
            let mut revisions: Vec<u64> = listed.iter().map(|(revision, _)| *revision).collect();
            let mut found = Vec::new();
            for part in parts {
                let (revision, rows) = part?;
                revisions.push(revision);
                found.extend(rows);
            }
            if revisions.windows(2).all(|w| w[0] == w[1]) {
                return Ok(found);
            }
        }
        let whole = match actor_codes.is_empty() {
            true => Shard::Whole,
            false => Shard::Actor(&actor_codes),
        };
        Ok(self.found_in_shard(filter, whole, columns, join, read)?.1)
    }

    /// The rows of the events of the actor whose codes are `actor_codes` in `filter`'s period,
    /// sorted and each once, with the events revision they are of.
    fn actor_event_rows(
        &self,
        filter: &EventFilter,
        actor_codes: &[String],
    ) -> Result<(u64, Vec<i64>), StoreError> {
        // Rolled back when dropped: the transaction only holds one snapshot for both reads.
        let tx = self.conn.unchecked_transaction()?;
        let revision = meta_u64(&tx, "events_revision")?;
        Ok((revision, actor_rows_in(&tx, filter, actor_codes)?))
    }

    /// The rows of one shard, read in one transaction, with the events revision they are of.
    fn found_in_shard<T>(
        &self,
        filter: &EventFilter,
        shard: Shard<'_>,
        columns: &str,
        join: &str,
        read: &impl Fn(&rusqlite::Row<'_>) -> Result<T, StoreError>,
    ) -> Result<(u64, Vec<T>), StoreError> {
        // Rolled back when dropped: the transaction only holds one snapshot for all the reads.
        let tx = self.conn.unchecked_transaction()?;
        let revision = meta_u64(&tx, "events_revision")?;
        let actor_rows;
        let (listed, block) = match shard {
            Shard::Whole => (None, None),
            Shard::Actor(codes) => {
                actor_rows = actor_rows_in(&tx, filter, codes)?;
                (Some(actor_rows.as_slice()), None)
            }
            Shard::Rows(rows) => (Some(rows), None),
            Shard::Block { shards, number } => (None, Some((shards, number))),
        };
        let (sql, args) = events_query(filter, listed.is_some(), columns, join, block);
        let mut stmt = tx.prepare(&sql)?;
        let list: Option<rusqlite::vtab::array::Array> =
            listed.map(|rows| Rc::new(rows.iter().map(|&r| Value::Integer(r)).collect()));
        let mut rows = stmt.query(query_params(list.as_ref(), &args).as_slice())?;
        // Sorted by the caller rather than by an ORDER BY, which would carry every row through
        // SQLite's sorter (spilling to a temporary file past a few megabytes); a limited query
        // is sorted by SQLite too, which then keeps only the first rows.
        let mut found = Vec::with_capacity(listed.map_or(0, <[i64]>::len));
        while let Some(row) = rows.next()? {
            found.push(read(row)?);
        }
        Ok((revision, found))
    }

    /// The codes an actor filter stands for: itself, and every entity whose id, name or a seen
    /// alias it equals (case ignored), so `--actor Mali` finds `MLI`.
    fn actor_codes(&self, actor: Option<&str>) -> Result<Vec<String>, StoreError> {
        let Some(actor) = actor else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare(
            "SELECT id FROM entities WHERE name = ?1 COLLATE NOCASE \
             UNION SELECT entity_id FROM entity_aliases WHERE alias = ?1 COLLATE NOCASE",
        )?;
        let mut codes = vec![actor.to_string()];
        for id in stmt.query_map([actor], |r| r.get::<_, String>(0))? {
            let id = id?;
            if !codes.iter().any(|c| c.eq_ignore_ascii_case(&id)) {
                codes.push(id);
            }
        }
        Ok(codes)
    }

    /// The event with this id.
    pub fn event(&self, id: &str) -> Result<Option<Event>, StoreError> {
        let row: Option<(String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT event, mention_rows FROM events WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        row.map(|(json, rows)| self.event_from_row(id, &json, rows.as_deref()))
            .transpose()
    }

    /// Ids of the events whose id starts with `prefix`, at most `limit` (for a reader who typed
    /// part of an id).
    pub fn event_ids_starting_with(
        &self,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id FROM events WHERE substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT ?2",
        )?;
        let ids = stmt
            .query_map(params![prefix, limit as i64], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(ids)
    }

    /// The stored article with this id or name (the first stored, when a name is shared).
    pub fn article(&self, id_or_name: &str) -> Result<Option<Article>, StoreError> {
        const COLUMNS: &str = "SELECT id, name, source, form, url, title, published, language, outlet, text FROM articles";
        for condition in [
            "WHERE id = ?1",
            "WHERE name = ?1 ORDER BY ingested_at, id LIMIT 1",
        ] {
            let mut stmt = self.conn.prepare(&format!("{COLUMNS} {condition}"))?;
            let mut rows = stmt.query([id_or_name])?;
            if let Some(row) = rows.next()? {
                return article_from_row(row).map(Some);
            }
        }
        Ok(None)
    }

    /// The names of the stored articles written in `lang` (ISO 639-1).
    pub fn article_names_in_language(&self, lang: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT name FROM articles WHERE language = ?1 ORDER BY name")?;
        let names = stmt
            .query_map([lang], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(names)
    }

    /// Every entity (of `kind` when given), most mentioned first.
    pub fn entities(&self, kind: Option<EntityKind>) -> Result<Vec<EntityRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, kind, code, mentions, articles FROM entities \
             WHERE ?1 IS NULL OR kind = ?1 ORDER BY mentions DESC, id",
        )?;
        let mut alias_stmt = self.conn.prepare(
            "SELECT alias, count FROM entity_aliases WHERE entity_id = ?1 \
             ORDER BY count DESC, alias",
        )?;
        let mut rows = stmt.query([kind.map(|k| k.as_str())])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let kind: String = row.get(2)?;
            let aliases = alias_stmt
                .query_map([&id], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            out.push(EntityRecord {
                name: row.get(1)?,
                kind: parse_kind(&kind)?,
                code: row.get(3)?,
                mentions: row.get::<_, i64>(4)? as u64,
                articles: row.get::<_, i64>(5)? as u64,
                aliases,
                id,
            });
        }
        Ok(out)
    }

    /// How many rows of each kind the store holds.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        let count = |table: &str| -> Result<u64, StoreError> {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(n as u64)
        };
        Ok(Counts {
            articles: count("articles")?,
            event_mentions: count("event_mentions")?,
            events: count("events")?,
            entities: count("entities")?,
        })
    }

    /// A value of the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Sets a value of the `meta` table.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        set_meta_in(&self.conn, key, value)
    }

    /// SQLite's plan for the query `filter` runs, one step a line (to check indexes are used).
    pub fn explain_events_query(&self, filter: &EventFilter) -> Result<Vec<String>, StoreError> {
        let actor_codes = self.actor_codes(filter.actor.as_deref())?;
        let listed = !actor_codes.is_empty();
        let (sql, args) = events_query(filter, listed, "e.id, x.sentence", EVIDENCE_JOIN, None);
        let mut plan = Vec::new();
        let mut explain = |sql: &str, params: &[&dyn rusqlite::ToSql]| {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let steps = stmt
                .query_map(params, |r| r.get::<_, String>(3))?
                .collect::<Result<Vec<_>, _>>()?;
            plan.extend(steps);
            Ok::<(), StoreError>(())
        };
        let list: Option<rusqlite::vtab::array::Array> = listed.then(|| Rc::new(Vec::new()));
        explain(&sql, &query_params(list.as_ref(), &args))?;
        if listed {
            let (sql, args) = actor_rows_query(filter, &actor_codes);
            explain(&sql, &query_params(None, &args))?;
        }
        Ok(plan)
    }
}

/// Which events of a list one connection reads.
#[derive(Clone, Copy, Debug)]
enum Shard<'a> {
    /// All of them.
    Whole,
    /// All of them, for an actor whose codes these are: their rows are read first, then
    /// looked up in order.
    Actor(&'a [String]),
    /// The events of these rows (sorted), which the actor filter found.
    Rows(&'a [i64]),
    /// The events in every `shards`-th block of rows, starting with block `number`.
    Block { shards: usize, number: usize },
}

/// The parameters of a query of [`events_query`] or [`actor_rows_query`]: the list of rows
/// when there is one (bound as `?1`), then the arguments.
fn query_params<'a>(
    list: Option<&'a rusqlite::vtab::array::Array>,
    args: &'a [String],
) -> Vec<&'a dyn rusqlite::ToSql> {
    list.into_iter()
        .map(|l| l as &dyn rusqlite::ToSql)
        .chain(args.iter().map(|a| a as &dyn rusqlite::ToSql))
        .collect()
}

/// Run `number` of `shards` runs of about equal length that `rows` is cut into.
fn run_of(rows: &[i64], shards: usize, number: usize) -> &[i64] {
    let bound = |k: usize| rows.len() * k / shards;
    &rows[bound(number)..bound(number + 1)]
}

/// The rows of the events in `filter`'s period that one of `actor_codes` takes part in, sorted
/// and each once (an actor can be on both sides, or under two codes).
fn actor_rows_in(
    conn: &Connection,
    filter: &EventFilter,
    actor_codes: &[String],
) -> Result<Vec<i64>, StoreError> {
    let (sql, args) = actor_rows_query(filter, actor_codes);
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt
        .query_map(params_from_iter(args.iter()), |r| r.get::<_, i64>(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    // Sorted here, not by SQLite: an ORDER BY or an `IN (SELECT ...)` has SQLite build a
    // temporary b-tree of the rows, which took as long as looking the events up.
    rows.sort_unstable();
    rows.dedup();
    Ok(rows)
}

/// The SQL (and its arguments) reading the rows of the events in `filter`'s period that one of
/// `actor_codes` takes part in, from the participants' index.
fn actor_rows_query(filter: &EventFilter, actor_codes: &[String]) -> (String, Vec<String>) {
    let mut args: Vec<String> = actor_codes.to_vec();
    let list: Vec<String> = (1..=args.len()).map(|i| format!("?{i}")).collect();
    // The participant rows carry their event's days: the index on (code, last_day,
    // event_row) yields the rows of only the actor's events in the period.
    let mut sql = format!(
        "SELECT event_row FROM event_participants WHERE code IN ({})",
        list.join(", ")
    );
    if let Some(since) = filter.since {
        args.push(since.to_string());
        sql.push_str(&format!(" AND last_day >= ?{}", args.len()));
    }
    if let Some(until) = filter.until {
        args.push(until.to_string());
        sql.push_str(&format!(" AND first_day <= ?{}", args.len()));
    }
    (sql, args)
}

/// The SQL for `filter` over `event_summaries` (aliased `e`, with `join` after it) selecting
/// `columns`, and its arguments after the first.
///
/// When `listed`, the events are those of the rows in the array bound as `?1` (the actor
/// filter's, read by [`actor_rows_query`], which also applied the period), looked up in the
/// array's order; otherwise the filter's dates select them, and `block` keeps those of one
/// shard's blocks of rows.
fn events_query(
    filter: &EventFilter,
    listed: bool,
    columns: &str,
    join: &str,
    block: Option<(usize, usize)>,
) -> (String, Vec<String>) {
    let mut conditions: Vec<String> = Vec::new();
    let mut args: Vec<String> = Vec::new();
    let first_arg = if listed { 2 } else { 1 };
    let arg = |value: String, args: &mut Vec<String>| {
        args.push(value);
        format!("?{}", args.len() + first_arg - 1)
    };
    if !listed {
        if let Some(since) = filter.since {
            conditions.push(format!(
                "e.last_day >= {}",
                arg(since.to_string(), &mut args)
            ));
        }
        if let Some(until) = filter.until {
            conditions.push(format!(
                "e.first_day <= {}",
                arg(until.to_string(), &mut args)
            ));
        }
        // A shard's condition is on the row alone, which every index holds: SQLite tests it
        // before looking the event up. Shards take blocks of rows in turn rather than single
        // rows, so each reads its own pages of the summaries (some forty rows a page) instead
        // of every shard reading nearly every page; blocks rather than halves, so that a
        // filter whose events sit in one stretch of rows (a type: a kind's events are written
        // together) still spreads over the shards.
        if let Some((n, k)) = block {
            conditions.push(format!("(e.row / {SHARD_BLOCK}) % {n} = {k}"));
        }
    }
    if let Some(t) = filter.event_type {
        conditions.push(format!(
            "e.type = {}",
            arg(t.as_str().to_string(), &mut args)
        ));
    }
    if let Some(article) = &filter.article {
        let a = arg(article.clone(), &mut args);
        conditions.push(format!(
            "e.row IN (SELECT ea.event_row FROM event_articles ea WHERE ea.article_id IN \
             (SELECT id FROM articles WHERE id = {a} UNION SELECT id FROM articles WHERE name = {a}))"
        ));
    }
    // A CROSS JOIN keeps the order written: the array drives, each row is looked up by key.
    let from = match listed {
        true => "rarray(?1) a CROSS JOIN event_summaries e ON e.row = a.value",
        false => "event_summaries e",
    };
    let mut sql = format!("SELECT {columns} FROM {from} {join}");
    if !conditions.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conditions.join(" AND "));
    }
    // Without a limit the caller sorts (see `Store::events`).
    if let Some(limit) = filter.limit {
        sql.push_str(" ORDER BY e.first_day IS NULL, e.first_day, e.last_day, e.id");
        sql.push_str(&format!(" LIMIT {}", limit.min(i64::MAX as usize)));
    }
    (sql, args)
}

/// The summary in a row of `event_summaries` read as [`Store::event_summaries`] selects it,
/// with the evidence sentence after it when `with_evidence`.
fn summary_of_row(
    row: &rusqlite::Row<'_>,
    with_evidence: bool,
) -> Result<EventSummary, StoreError> {
    let id: String = row.get(0)?;
    let corrupt = |what, value: &str| StoreError::Corrupt {
        what,
        value: value.to_string(),
    };
    let event_type = text_at(row, 1)?;
    let event_type = event_type
        .parse()
        .map_err(|_| corrupt("event_summaries.type", event_type))?;
    let date = match row
        .get_ref(3)?
        .as_str_or_null()
        .map_err(|e| sql_type(3, e))?
    {
        Some(d) => Some(d.parse().map_err(|_| corrupt("event_summaries.date", d))?),
        None => None,
    };
    let codes = |i: usize| -> Result<Vec<String>, StoreError> {
        let json = text_at(row, i)?;
        match plain_codes(json) {
            Some(codes) => Ok(codes),
            None => from_json(json, || format!("the participants of event {id}")),
        }
    };
    Ok(EventSummary {
        event_type,
        cameo: row.get(2)?,
        date,
        actors: codes(4)?,
        recipients: codes(5)?,
        place: row.get(6)?,
        town: row.get(7)?,
        mentions: row.get::<_, i64>(8)?.max(0) as usize,
        outlets: row.get::<_, i64>(9)?.max(0) as usize,
        evidence: if with_evidence {
            row.get(10)?
        } else {
            String::new()
        },
        id,
    })
}

/// The codes of a JSON array of strings as serde_json writes it (`["MLI","RUS"]`), read
/// without a JSON parser when no code has an escape (codes never do; then `None`, and the
/// caller parses the JSON): a list reads two such arrays for each of tens of thousands of
/// events. A quote inside a code is always escaped, so a comma between quotes, unescaped,
/// can only separate two codes.
fn plain_codes(json: &str) -> Option<Vec<String>> {
    let inner = json.strip_prefix('[')?.strip_suffix(']')?;
    if inner.is_empty() {
        return Some(Vec::new());
    }
    if inner.contains('\\') {
        return None;
    }
    inner
        .strip_prefix('"')?
        .strip_suffix('"')?
        .split("\",\"")
        .map(|code| (!code.contains('"')).then(|| code.to_string()))
        .collect()
}

/// Column `i` of `row` as text, borrowed.
fn text_at<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str, StoreError> {
    row.get_ref(i)?.as_str().map_err(|e| sql_type(i, e))
}

/// A column of the wrong type, as rusqlite reports one.
fn sql_type(i: usize, e: rusqlite::types::FromSqlError) -> StoreError {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)).into()
}

/// An event row as read, before its JSON is decoded.
struct FoundEvent {
    first_day: Option<String>,
    last_day: Option<String>,
    id: String,
    json: String,
    /// The rows of its mentions, when they are not in its JSON (see `events.rs`).
    mention_rows: Option<String>,
}

impl FoundEvent {
    /// The order events are listed in: by first day (undated last), last day, then id, as
    /// [`crate::query::date_order`] says (ISO days compare as text).
    fn order_key(&self) -> (bool, &Option<String>, &Option<String>, &str) {
        (
            self.first_day.is_none(),
            &self.first_day,
            &self.last_day,
            &self.id,
        )
    }
}

/// What some articles say of one entity.
struct Seen {
    kind: EntityKind,
    code: Option<String>,
    mentions: i64,
    /// How many of the articles name it.
    articles: i64,
    aliases: BTreeMap<String, i64>,
}

/// An article with what the stages found in it, owned, waiting to be stored.
#[derive(Clone, Debug)]
pub struct AnalysedArticle {
    /// The article.
    pub article: Article,
    /// What the stages found in it.
    pub analysis: Analysis,
    /// The event mentions extracted from it.
    pub mentions: Vec<EventMention>,
}

impl AnalysedArticle {
    /// The article as [`Store::insert_articles`] takes it.
    pub fn record(&self) -> ArticleRecord<'_> {
        ArticleRecord {
            article: &self.article,
            analysis: &self.analysis,
            mentions: &self.mentions,
        }
    }
}

/// One article to store: the article and what was read from it.
#[derive(Clone, Copy, Debug)]
pub struct ArticleRecord<'a> {
    /// The article.
    pub article: &'a Article,
    /// What the stages found in it.
    pub analysis: &'a Analysis,
    /// The event mentions extracted from it.
    pub mentions: &'a [EventMention],
}

/// Records that articles were stored: the events are stale until the next resolve.
fn bump_mentions_revision(conn: &Connection) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'mentions_revision'",
        [],
    )?;
    Ok(())
}

/// Writes one article's row and its mentions' on `conn` (inside the caller's transaction);
/// false when it is stored already. The entities it names are written by the caller, once for
/// all the articles of a transaction (see [`EntitiesNamed`]).
fn insert_one(conn: &Connection, record: &ArticleRecord<'_>) -> Result<bool, StoreError> {
    let ArticleRecord {
        article, mentions, ..
    } = *record;
    let mention_json: Vec<String> = mentions
        .iter()
        .enumerate()
        .map(|(i, m)| to_json(m, || format!("event mention {i} of {}", article.name)))
        .collect::<Result<_, _>>()?;
    let known: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?
        .query_row([&article.id], |r| r.get(0))
        .optional()?;
    if known.is_some() {
        return Ok(false);
    }
    conn.prepare_cached(
        "INSERT INTO articles (id, name, source, form, url, title, published, language, \
         outlet, text, ingested_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, \
         strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    )?
    .execute(params![
        article.id,
        article.name,
        article.source,
        article.form.as_str(),
        article.url,
        article.title,
        article.published.map(|p| p.to_string()),
        article.language,
        article.outlet,
        article.text,
    ])?;

    for (position, (m, json)) in mentions.iter().zip(&mention_json).enumerate() {
        conn.prepare_cached(
            "INSERT INTO event_mentions \
             (article_id, position, type, cameo, modality, first_day, last_day, mention) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            article.id,
            position as i64,
            m.event_type.as_str(),
            m.cameo,
            m.modality.as_str(),
            m.date.map(|d| d.first_day().to_string()),
            m.date.map(|d| d.last_day().to_string()),
            json,
        ])?;
    }
    Ok(true)
}

/// What the articles of one transaction say of the entities they name, by id, summed so that
/// each entity and each alias is written once a transaction rather than once an article: a
/// batch of 256 articles names a few dozen entities, each in most of its articles.
#[derive(Default)]
struct EntitiesNamed(BTreeMap<String, Seen>);

impl EntitiesNamed {
    /// Adds what one stored article says: each entity its actor mentions link to, how often,
    /// under which surface forms.
    fn add(&mut self, article: &Article, analysis: &Analysis) {
        let mut in_article: BTreeSet<&str> = BTreeSet::new();
        for actor in &analysis.actors {
            let seen = self.0.entry(actor.entity.clone()).or_insert_with(|| Seen {
                kind: actor.kind,
                code: None,
                mentions: 0,
                articles: 0,
                aliases: BTreeMap::new(),
            });
            seen.mentions += 1;
            if in_article.insert(&actor.entity) {
                seen.articles += 1;
            }
            // The first code given wins, as the store's `coalesce` keeps the first stored.
            if seen.code.is_none() {
                seen.code.clone_from(&actor.code);
            }
            // Line breaks inside a name are layout, not part of the alias.
            let alias = actor
                .span
                .slice(&article.text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !alias.is_empty() {
                *seen.aliases.entry(alias).or_insert(0) += 1;
            }
        }
    }

    /// Adds the counts to the stored entities and aliases (creating those not stored yet);
    /// `entity_name` gives a new entity's display name.
    fn write(
        &self,
        conn: &Connection,
        entity_name: &impl Fn(&str) -> Option<String>,
    ) -> Result<(), StoreError> {
        for (id, seen) in &self.0 {
            let name = entity_name(id).unwrap_or_else(|| id.clone());
            conn.prepare_cached(
                "INSERT INTO entities (id, name, kind, code, mentions, articles) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                 ON CONFLICT (id) DO UPDATE SET \
                   mentions = mentions + excluded.mentions, \
                   articles = articles + excluded.articles, \
                   code = coalesce(code, excluded.code), \
                   name = CASE WHEN name = id THEN excluded.name ELSE name END",
            )?
            .execute(params![
                id,
                name,
                seen.kind.as_str(),
                seen.code,
                seen.mentions,
                seen.articles
            ])?;
            for (alias, count) in &seen.aliases {
                conn.prepare_cached(
                    "INSERT INTO entity_aliases (entity_id, alias, count) VALUES (?1, ?2, ?3) \
                     ON CONFLICT (entity_id, alias) DO UPDATE SET count = count + excluded.count",
                )?
                .execute(params![id, alias, count])?;
            }
        }
        Ok(())
    }
}

fn article_from_row(row: &rusqlite::Row<'_>) -> Result<Article, StoreError> {
    let form: String = row.get(3)?;
    let published: Option<String> = row.get(6)?;
    Ok(Article {
        id: row.get(0)?,
        name: row.get(1)?,
        source: row.get(2)?,
        form: parse_form(&form)?,
        url: row.get(4)?,
        title: row.get(5)?,
        published: published
            .map(|p| {
                p.parse::<DatePoint>().map_err(|_| StoreError::Corrupt {
                    what: "articles.published",
                    value: p,
                })
            })
            .transpose()?,
        language: row.get(7)?,
        outlet: row.get(8)?,
        text: row.get(9)?,
    })
}

/// Sets a value of the `meta` table through `conn` (a connection or a transaction on it).
fn set_meta_in(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

fn meta_u64(conn: &Connection, key: &str) -> Result<u64, StoreError> {
    let value: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?;
    match value {
        None => Ok(0),
        Some(v) => v.parse().map_err(|_| StoreError::Corrupt {
            what: "meta revision",
            value: v,
        }),
    }
}

fn to_json<T: serde::Serialize>(
    value: &T,
    what: impl Fn() -> String,
) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|source| StoreError::Json {
        what: what(),
        source,
    })
}

fn from_json<T: serde::de::DeserializeOwned>(
    json: &str,
    what: impl Fn() -> String,
) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|source| StoreError::Json {
        what: what(),
        source,
    })
}

fn parse_form(s: &str) -> Result<SourceForm, StoreError> {
    [
        SourceForm::HeaderBlock,
        SourceForm::LooseText,
        SourceForm::JsonLines,
        SourceForm::Html,
    ]
    .into_iter()
    .find(|f| f.as_str() == s)
    .ok_or_else(|| StoreError::Corrupt {
        what: "articles.form",
        value: s.to_string(),
    })
}

fn parse_kind(s: &str) -> Result<EntityKind, StoreError> {
    [
        EntityKind::State,
        EntityKind::Organisation,
        EntityKind::ArmedGroup,
        EntityKind::Person,
    ]
    .into_iter()
    .find(|k| k.as_str() == s)
    .ok_or_else(|| StoreError::Corrupt {
        what: "entities.kind",
        value: s.to_string(),
    })
}

#[cfg(test)]
mod tests;
