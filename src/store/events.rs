//! Writing events: all of them at once ([`Store::replace_events`]), or kind by kind as a
//! streaming resolve computes them ([`Store::write_resolved`]).
//!
//! A resolve reads one kind of event's reports at a time (see [`EventKind`]), so its memory is
//! that of the largest kind, not of the store; and it re-resolves only the kinds that received
//! reports since the last one, which the `resolved_mention_row` meta value (the last mention row
//! resolved) tells. Either way an event whose JSON is unchanged is left as it is (each row keeps
//! a digest of its JSON), a changed one is rewritten in place, a new one added and one no longer
//! computed deleted, each with its participant and article rows.
//!
//! A resolved event is stored without its mentions, which `event_mentions` holds already: its
//! JSON has an empty `mentions` list and `mention_rows` lists their rows in the event's order
//! (the events of [`Store::replace_events`], which may come from anywhere, keep theirs inline).
//! That halves what a resolve writes and keeps event rows small enough to read in bulk.

use std::borrow::{Borrow, Cow};
use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::{Revision, Store, StoreError, from_json, meta_u64, set_meta_in, to_json};
use crate::model::{Event, EventMention, EventSummary};
use crate::resolve::{EventKind, MentionFacts};

/// The `meta` key holding the last mention row the events were resolved from; absent, every
/// kind is resolved again.
const RESOLVED_ROW: &str = "resolved_mention_row";

/// What a resolve is to do: the kinds to compute again, from the mentions up to one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvePlan {
    /// The mentions revision the plan was read at (see [`Store::events_dirty`]).
    pub revision: Revision,
    /// The last mention row the resolve reads: rows stored meanwhile wait for the next one.
    pub last_row: i64,
    /// The kinds with mentions stored since the last resolve, in order.
    pub kinds: Vec<EventKind>,
    /// True when every kind is computed again, so events of no kind computed are deleted too.
    pub full: bool,
}

/// An event as a resolve computed it from stored mentions, to be written by
/// [`Store::write_resolved`].
#[derive(Clone, Debug)]
pub struct ResolvedEvent {
    /// Its kind: the events of one kind come together.
    pub kind: EventKind,
    /// The event; its mentions need only what the event's summary and links show (their
    /// article, outlet, and the first one's sentence), since they are stored as rows.
    pub event: Event,
    /// The rows of its mentions, in the event's order.
    pub mention_rows: Vec<u64>,
}

/// An event's date as its rows store it: the date, and the first and last day it covers.
struct DateColumns {
    date: Option<String>,
    first_day: Option<String>,
    last_day: Option<String>,
}

impl DateColumns {
    fn of(event: &Event) -> Self {
        DateColumns {
            date: event.date.map(|d| d.to_string()),
            first_day: event.date.map(|d| d.first_day().to_string()),
            last_day: event.date.map(|d| d.last_day().to_string()),
        }
    }
}

/// The rows an event takes, with the statements that write them.
struct EventRows<'c> {
    insert: rusqlite::Statement<'c>,
    update: rusqlite::Statement<'c>,
    delete: rusqlite::Statement<'c>,
    delete_participants: rusqlite::Statement<'c>,
    delete_articles: rusqlite::Statement<'c>,
    insert_participant: rusqlite::Statement<'c>,
    insert_article: rusqlite::Statement<'c>,
    put_summary: rusqlite::Statement<'c>,
    put_evidence: rusqlite::Statement<'c>,
    delete_summary: rusqlite::Statement<'c>,
    delete_evidence: rusqlite::Statement<'c>,
}

/// An event serialised for its row.
struct EventJson<'e> {
    event: &'e Event,
    json: String,
    /// The rows of its mentions, comma-separated, when `json` leaves them out.
    mention_rows: Option<&'e str>,
    /// xxh3 of `json` and `mention_rows`, stored as SQLite's signed integer: only equality
    /// matters.
    digest: i64,
}

impl<'e> EventJson<'e> {
    /// `event` serialised: without its mentions when `mention_rows` stands for them (a
    /// resolved event, owned, so they are taken out and put back rather than copied).
    fn of(
        event: &'e mut Cow<'_, Event>,
        mention_rows: Option<&'e str>,
    ) -> Result<Self, StoreError> {
        let json = match mention_rows {
            Some(_) => {
                let owned = event.to_mut();
                let mentions = std::mem::take(&mut owned.mentions);
                let json = to_json(&*owned, || format!("event {}", owned.id));
                owned.mentions = mentions;
                json?
            }
            None => to_json(&**event, || format!("event {}", event.id))?,
        };
        let event: &'e Cow<'_, Event> = event;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(json.as_bytes());
        if let Some(rows) = mention_rows {
            hasher.update(b"\0");
            hasher.update(rows.as_bytes());
        }
        Ok(EventJson {
            event,
            json,
            mention_rows,
            digest: hasher.digest() as i64,
        })
    }
}

impl<'c> EventRows<'c> {
    fn prepare(conn: &'c Connection) -> Result<Self, StoreError> {
        Ok(EventRows {
            insert: conn.prepare(
                "INSERT INTO events (id, type, cameo, date, first_day, last_day, quad_class, \
                 goldstein, place, mention_count, event, digest, mention_rows) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?,
            update: conn.prepare(
                "UPDATE events SET id = ?1, type = ?2, cameo = ?3, date = ?4, first_day = ?5, \
                 last_day = ?6, quad_class = ?7, goldstein = ?8, place = ?9, \
                 mention_count = ?10, event = ?11, digest = ?12, mention_rows = ?13 \
                 WHERE row = ?14",
            )?,
            delete: conn.prepare("DELETE FROM events WHERE row = ?1")?,
            delete_participants: conn
                .prepare("DELETE FROM event_participants WHERE event_row = ?1")?,
            delete_articles: conn.prepare("DELETE FROM event_articles WHERE event_row = ?1")?,
            insert_participant: conn.prepare(
                "INSERT OR IGNORE INTO event_participants \
                 (event_row, code, role, first_day, last_day) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            insert_article: conn.prepare(
                "INSERT OR IGNORE INTO event_articles (event_row, article_id) VALUES (?1, ?2)",
            )?,
            put_summary: conn.prepare(
                "INSERT OR REPLACE INTO event_summaries (row, id, type, cameo, date, first_day, \
                 last_day, actors, recipients, place, town, mentions, outlets) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?,
            put_evidence: conn
                .prepare("INSERT OR REPLACE INTO event_evidence (row, sentence) VALUES (?1, ?2)")?,
            delete_summary: conn.prepare("DELETE FROM event_summaries WHERE row = ?1")?,
            delete_evidence: conn.prepare("DELETE FROM event_evidence WHERE row = ?1")?,
        })
    }

    /// Writes `e` at `row` (over what was there) or, without one, as a new row; false, writing
    /// nothing, when another event holds its id.
    fn put(&mut self, e: &EventJson<'_>, row: Option<i64>) -> Result<bool, StoreError> {
        let event = e.event;
        let days = DateColumns::of(event);
        let (first_day, last_day) = (&days.first_day, &days.last_day);
        let columns = params![
            event.id,
            event.event_type.as_str(),
            event.cameo,
            days.date,
            first_day,
            last_day,
            event.quad_class,
            f64::from(event.goldstein),
            event.place,
            event.mentions.len() as i64,
            e.json,
            e.digest,
            e.mention_rows,
        ];
        let row = match row {
            Some(row) => {
                let mut args: Vec<&dyn rusqlite::ToSql> = columns.to_vec();
                args.push(&row);
                self.update.execute(args.as_slice())?;
                self.delete_links(row)?;
                row
            }
            None => match self.insert.insert(columns) {
                Ok(row) => row,
                Err(rusqlite::Error::SqliteFailure(f, _))
                    if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
                {
                    return Ok(false);
                }
                Err(e) => return Err(e.into()),
            },
        };
        self.put_summary(row, event, &days)?;
        let roles = [
            ("actor", &event.actors),
            ("recipient", &event.recipients),
            ("person", &event.persons),
        ];
        for (role, codes) in roles {
            for code in codes {
                self.insert_participant
                    .execute(params![row, code, role, first_day, last_day])?;
            }
        }
        for m in &event.mentions {
            self.insert_article.execute(params![row, m.article_id])?;
        }
        Ok(true)
    }

    /// Writes the summary of `event` and its evidence, stored at `row`, over what it had.
    fn put_summary(
        &mut self,
        row: i64,
        event: &Event,
        days: &DateColumns,
    ) -> Result<(), StoreError> {
        let summary = EventSummary::of(event);
        let codes = |list: &Vec<String>| {
            to_json(list, || format!("the participants of event {}", event.id))
        };
        self.put_summary.execute(params![
            row,
            summary.id,
            summary.event_type.as_str(),
            summary.cameo,
            days.date,
            days.first_day,
            days.last_day,
            codes(&summary.actors)?,
            codes(&summary.recipients)?,
            summary.place,
            summary.town,
            summary.mentions as i64,
            summary.outlets as i64,
        ])?;
        self.put_evidence.execute(params![row, summary.evidence])?;
        Ok(())
    }

    fn delete_links(&mut self, row: i64) -> Result<(), StoreError> {
        self.delete_participants.execute([row])?;
        self.delete_articles.execute([row])?;
        Ok(())
    }

    /// Deletes the events at `rows`, with their links.
    fn delete_all(&mut self, mut rows: Vec<i64>) -> Result<(), StoreError> {
        rows.sort_unstable();
        for row in rows {
            self.delete_links(row)?;
            self.delete_summary.execute([row])?;
            self.delete_evidence.execute([row])?;
            self.delete.execute([row])?;
        }
        Ok(())
    }
}

/// Stored events by id, with their row and digest: those not computed again go at the end.
type StoredEvents = HashMap<String, (i64, Option<i64>)>;

/// Writes events over `stored`, each under its id or, when another event of this write or of
/// the store has it (a resolver bug), under the id with a `-2`, `-3`… suffix, rather than
/// losing a report.
struct EventWrite {
    stored: StoredEvents,
    written: HashSet<String>,
}

impl EventWrite {
    fn new(stored: StoredEvents) -> Self {
        EventWrite {
            stored,
            written: HashSet::new(),
        }
    }

    /// Writes `event`, without its mentions when `mention_rows` stands for them; a borrowed
    /// event is copied only to be renamed.
    fn write(
        &mut self,
        rows: &mut EventRows<'_>,
        mut event: Cow<'_, Event>,
        mention_rows: Option<&str>,
    ) -> Result<(), StoreError> {
        let id = event.id.clone();
        for n in 1.. {
            if n > 1 {
                event.to_mut().id = format!("{id}-{n}");
            }
            if self.written.contains(&event.id) {
                continue;
            }
            let e = EventJson::of(&mut event, mention_rows)?;
            let before = self.stored.remove(&e.event.id);
            let unchanged = matches!(before, Some((_, Some(d))) if d == e.digest);
            if unchanged || rows.put(&e, before.map(|(row, _)| row))? {
                self.written.insert(e.event.id.clone());
                return Ok(());
            }
        }
        Ok(())
    }

    /// Deletes what was stored and not written again.
    fn finish(self, rows: &mut EventRows<'_>) -> Result<(), StoreError> {
        rows.delete_all(self.stored.into_values().map(|(row, _)| row).collect())
    }
}

impl Store {
    /// Opens a second connection to the store, to read while this one writes (a resolve reads
    /// mentions on one thread while the events are written on another).
    pub fn reader(&self) -> Result<Store, StoreError> {
        Store::open(&self.path)
    }

    /// What the next resolve is to compute: every kind with a mention stored since the last one
    /// (every kind of the store when no resolve by this version recorded where it stopped).
    pub fn resolve_plan(&mut self) -> Result<ResolvePlan, StoreError> {
        let tx = self.conn.transaction()?;
        let revision = Revision(meta_u64(&tx, "mentions_revision")?);
        let last_row: i64 =
            tx.query_row("SELECT coalesce(max(id), 0) FROM event_mentions", [], |r| {
                r.get(0)
            })?;
        let resolved: Option<i64> = tx
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [RESOLVED_ROW],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .and_then(|v| v.parse().ok());
        let full = resolved.is_none();
        let mut kinds = BTreeSet::new();
        {
            // The (type, cameo) index answers both without reading a mention.
            let mut stmt = tx.prepare(
                "SELECT DISTINCT type, cameo FROM event_mentions \
                 WHERE id > ?1 AND id <= ?2",
            )?;
            let mut rows = stmt.query(params![resolved.unwrap_or(0), last_row])?;
            while let Some(r) = rows.next()? {
                let kind: String = r.get(0)?;
                let cameo: String = r.get(1)?;
                kinds.insert(EventKind::of(parse_event_type(&kind)?, &cameo));
            }
        }
        tx.commit()?;
        Ok(ResolvePlan {
            revision,
            last_row,
            kinds: kinds.into_iter().collect(),
            full,
        })
    }

    /// Hands `add` the facts resolve weighs of every mention of `kind` up to row `last_row`,
    /// each keyed by its row, one at a time (in no set order).
    pub fn scan_mention_facts(
        &self,
        kind: &EventKind,
        last_row: i64,
        mut add: impl FnMut(MentionFacts),
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, mention FROM event_mentions WHERE type = ?1 AND cameo = ?2 AND id <= ?3",
        )?;
        for cameo in kind_codes(&self.conn, kind, "event_mentions")? {
            let mut rows = stmt.query(params![kind.event_type.as_str(), cameo, last_row])?;
            while let Some(r) = rows.next()? {
                let row: i64 = r.get(0)?;
                // Decoded where SQLite holds it, not copied out first.
                let json = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
                let mut f: MentionFacts = from_json(json, || format!("event mention {row}"))?;
                f.key = row as u64;
                add(f);
            }
        }
        Ok(())
    }

    /// The facts of the mentions stored at `rows`, in that order, each under its row.
    pub fn mention_facts_at(&self, rows: &[u64]) -> Result<Vec<MentionFacts>, StoreError> {
        rows.iter()
            .map(|&row| {
                let mut f: MentionFacts = self.mention_at(row)?;
                f.key = row;
                Ok(f)
            })
            .collect()
    }

    /// The whole mentions stored at `rows`, in that order.
    pub fn mentions_at(&self, rows: &[u64]) -> Result<Vec<EventMention>, StoreError> {
        rows.iter().map(|&row| self.mention_at(row)).collect()
    }

    /// The mention stored at `row`, decoded as `T` (the whole mention, or the fields wanted).
    fn mention_at<T: serde::de::DeserializeOwned>(&self, row: u64) -> Result<T, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT mention FROM event_mentions WHERE id = ?1")?;
        let mut rows = stmt.query([row as i64])?;
        let found = rows.next()?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
        let json = found.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        from_json(json, || format!("event mention {row}"))
    }

    /// An event as read from its row: its JSON, with its mentions read back from their rows
    /// when the JSON leaves them out.
    pub(super) fn event_from_row(
        &self,
        id: &str,
        json: &str,
        mention_rows: Option<&str>,
    ) -> Result<Event, StoreError> {
        let mut event: Event = from_json(json, || format!("event {id}"))?;
        if let Some(listed) = mention_rows {
            let rows = listed
                .split(',')
                .filter(|r| !r.is_empty())
                .map(|r| {
                    r.parse::<u64>().map_err(|_| StoreError::Corrupt {
                        what: "events.mention_rows",
                        value: listed.to_string(),
                    })
                })
                .collect::<Result<Vec<u64>, StoreError>>()?;
            event.mentions = self.mentions_at(&rows)?;
        }
        Ok(event)
    }

    /// Writes the events of `plan`'s kinds as a resolve computes them, kind after kind (the
    /// events of one kind together), in one transaction; the events of other kinds stay as
    /// they are, but for a full plan, which deletes the events of kinds no longer computed.
    pub fn write_resolved(
        &mut self,
        plan: &ResolvePlan,
        resolved: impl IntoIterator<Item = Result<ResolvedEvent, StoreError>>,
    ) -> Result<(), StoreError> {
        self.with_bulk_cache(|store| {
            let tx = store
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let no_events: bool =
                tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM events)", [], |r| r.get(0))?;
            let deferred = if no_events {
                drop_link_indexes(&tx)?
            } else {
                Vec::new()
            };
            write_kinds(&tx, plan, resolved)?;
            for sql in &deferred {
                tx.execute_batch(sql)?;
            }
            record_events_written(&tx, plan.revision, Some(plan.last_row))?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Writes `events` over every stored event (see [`Store::replace_events`]).
    pub(super) fn write_events<E: Borrow<Event>>(
        &mut self,
        events: impl IntoIterator<Item = E>,
        revision: Revision,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut stored = StoredEvents::new();
            let mut stmt = tx.prepare("SELECT id, row, digest FROM events")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                stored.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
            }
            let mut rows = EventRows::prepare(&tx)?;
            let mut write = EventWrite::new(stored);
            for event in events {
                write.write(&mut rows, Cow::Borrowed(event.borrow()), None)?;
            }
            write.finish(&mut rows)?;
        }
        // Where the events came from is not known: the next resolve computes every kind.
        record_events_written(&tx, revision, None)?;
        tx.commit()?;
        Ok(())
    }
}

/// The tables whose secondary indexes a first resolve builds after its rows rather than row
/// by row. Each such index is ordered by something other than the row (a day, a code, an
/// article), so each row written lands at a random place of it; building it once the rows are
/// in sorts them instead: a 10,000-article store's first resolve took 5.3-6.0 s instead of
/// 6.2-7.2 s (three runs each), the index builds included. `events_by_kind` stays: the write
/// looks kinds up in it.
const LINK_INDEXED_TABLES: [&str; 3] = ["event_summaries", "event_participants", "event_articles"];

/// Drops the secondary indexes of [`LINK_INDEXED_TABLES`], inside the caller's transaction,
/// and returns the statements that create them again, as the schema has them.
fn drop_link_indexes(tx: &Transaction<'_>) -> Result<Vec<String>, StoreError> {
    let mut indexes: Vec<(String, String)> = Vec::new();
    {
        let mut stmt = tx.prepare(
            "SELECT name, sql FROM sqlite_schema \
             WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = ?1 ORDER BY name",
        )?;
        for table in LINK_INDEXED_TABLES {
            let mut rows = stmt.query([table])?;
            while let Some(r) = rows.next()? {
                indexes.push((r.get(0)?, r.get(1)?));
            }
        }
    }
    let mut create = Vec::with_capacity(indexes.len());
    for (name, sql) in indexes {
        tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
        create.push(sql);
    }
    Ok(create)
}

/// Records that the events are those of the mentions at `revision`, resolved up to mention row
/// `resolved_row` (unknown: the next resolve computes every kind).
fn record_events_written(
    conn: &Connection,
    revision: Revision,
    resolved_row: Option<i64>,
) -> Result<(), StoreError> {
    match resolved_row {
        Some(row) => set_meta_in(conn, RESOLVED_ROW, &row.to_string())?,
        None => {
            conn.execute("DELETE FROM meta WHERE key = ?1", [RESOLVED_ROW])?;
        }
    }
    set_meta_in(conn, "events_revision", &revision.0.to_string())
}

/// The body of [`Store::write_resolved`], inside its transaction.
fn write_kinds(
    tx: &Transaction<'_>,
    plan: &ResolvePlan,
    resolved: impl IntoIterator<Item = Result<ResolvedEvent, StoreError>>,
) -> Result<(), StoreError> {
    let mut rows = EventRows::prepare(tx)?;
    let mut done: BTreeSet<EventKind> = BTreeSet::new();
    let mut current: Option<(EventKind, EventWrite)> = None;
    for item in resolved {
        let ResolvedEvent {
            kind,
            event,
            mention_rows,
        } = item?;
        let write = match &mut current {
            Some((k, write)) if *k == kind => write,
            _ => {
                if let Some((k, write)) = current.take() {
                    write.finish(&mut rows)?;
                    done.insert(k);
                }
                let stored = stored_of_kind(tx, &kind)?;
                &mut current.insert((kind, EventWrite::new(stored))).1
            }
        };
        let listed = mention_rows
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        write.write(&mut rows, Cow::Owned(event), Some(&listed))?;
    }
    if let Some((k, write)) = current.take() {
        write.finish(&mut rows)?;
        done.insert(k);
    }
    // A kind planned but not computed has no event left.
    for kind in plan.kinds.iter().filter(|k| !done.contains(*k)) {
        EventWrite::new(stored_of_kind(tx, kind)?).finish(&mut rows)?;
    }
    if plan.full {
        let mut gone = Vec::new();
        let mut stmt = tx.prepare("SELECT row, type, cameo FROM events")?;
        let mut found = stmt.query([])?;
        while let Some(r) = found.next()? {
            let kind = EventKind::of(
                parse_event_type(&r.get::<_, String>(1)?)?,
                &r.get::<_, String>(2)?,
            );
            if !done.contains(&kind) {
                gone.push(r.get(0)?);
            }
        }
        rows.delete_all(gone)?;
    }
    Ok(())
}

/// The stored events of `kind`.
fn stored_of_kind(tx: &Transaction<'_>, kind: &EventKind) -> Result<StoredEvents, StoreError> {
    let mut stmt =
        tx.prepare_cached("SELECT id, row, digest FROM events WHERE type = ?1 AND cameo = ?2")?;
    let mut stored = StoredEvents::new();
    for code in kind_codes(tx, kind, "events")? {
        let mut rows = stmt.query(params![kind.event_type.as_str(), code])?;
        while let Some(r) = rows.next()? {
            stored.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
        }
    }
    Ok(stored)
}

/// The CAMEO codes of `kind` in `table` (`event_mentions` or `events`), from its (type, cameo)
/// index.
fn kind_codes(conn: &Connection, kind: &EventKind, table: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT DISTINCT cameo FROM {table} WHERE type = ?1"
    ))?;
    let codes = stmt
        .query_map([kind.event_type.as_str()], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(codes
        .into_iter()
        .filter(|c| EventKind::of(kind.event_type, c) == *kind)
        .collect())
}

fn parse_event_type(s: &str) -> Result<crate::model::EventType, StoreError> {
    s.parse().map_err(|_| StoreError::Corrupt {
        what: "event type",
        value: s.to_string(),
    })
}
