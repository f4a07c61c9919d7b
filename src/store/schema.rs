//! The store's schema and its migrations.
//!
//! The schema version lives in `PRAGMA user_version`. Each entry of [`MIGRATIONS`] takes the
//! store from version `i` to `i + 1` and is applied in its own transaction on open, so a store
//! written by an older binary is brought up to date, and one written by a newer binary is refused
//! rather than misread.

/// Migration `i` takes a store at version `i` to version `i + 1`; append, never edit.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7];

/// The version this binary writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Version 1: articles, entities, event mentions, events and the indexes queries use.
///
/// Dates are stored as ISO `YYYY-MM-DD` text so that comparing strings compares days; each event
/// keeps the first and last day its date covers so range filters are two index look-ups.
/// The JSON columns hold the full model value; the other columns are what queries filter on.
const V1: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE articles (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    source      TEXT NOT NULL,
    form        TEXT NOT NULL,
    url         TEXT,
    title       TEXT,
    published   TEXT,
    language    TEXT,
    outlet      TEXT,
    text        TEXT NOT NULL,
    analysis    TEXT NOT NULL,
    ingested_at TEXT NOT NULL
) STRICT;
CREATE INDEX articles_by_name ON articles(name);

CREATE TABLE entities (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    code     TEXT,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL
) STRICT;
CREATE INDEX entities_by_kind ON entities(kind);
CREATE INDEX entities_by_name ON entities(name COLLATE NOCASE);

CREATE TABLE entity_aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (entity_id, alias)
) STRICT;
CREATE INDEX entity_aliases_by_alias ON entity_aliases(alias COLLATE NOCASE);

CREATE TABLE event_mentions (
    id         INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    type       TEXT NOT NULL,
    cameo      TEXT NOT NULL,
    modality   TEXT NOT NULL,
    first_day  TEXT,
    last_day   TEXT,
    mention    TEXT NOT NULL,
    UNIQUE (article_id, position)
) STRICT;

CREATE TABLE events (
    id            TEXT PRIMARY KEY,
    type          TEXT NOT NULL,
    cameo         TEXT NOT NULL,
    date          TEXT,
    first_day     TEXT,
    last_day      TEXT,
    quad_class    INTEGER NOT NULL,
    goldstein     REAL NOT NULL,
    place         TEXT,
    mention_count INTEGER NOT NULL,
    event         TEXT NOT NULL
) STRICT;
CREATE INDEX events_by_first_day ON events(first_day);
CREATE INDEX events_by_last_day ON events(last_day);
CREATE INDEX events_by_type ON events(type, first_day);

CREATE TABLE event_participants (
    code     TEXT NOT NULL COLLATE NOCASE,
    role     TEXT NOT NULL,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    PRIMARY KEY (code, role, event_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_participants_by_event ON event_participants(event_id);

CREATE TABLE event_articles (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, event_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_articles_by_event ON event_articles(event_id);

INSERT INTO meta (key, value) VALUES ('mentions_revision', '0'), ('events_revision', '0');
"#;

/// Version 2: events get a stable integer key, and each participant row carries its event's key
/// and days.
///
/// An actor's events in a period are then one range of one index
/// (`code = ? AND last_day >= ?`, covering the event's key) and one primary-key look-up each,
/// instead of every event of the actor looked up through the id index and then filtered by
/// date. The key is an `INTEGER PRIMARY KEY` rather than the implicit rowid because `VACUUM`
/// may renumber implicit rowids, which would leave the participants pointing at other events.
///
/// SQLite cannot add a primary key to a table, so the event tables are rebuilt: the version 1
/// tables are renamed aside (which also points their foreign keys at the renamed parent),
/// copied into the new ones, and dropped children first, so no cascade fires.
const V2: &str = r#"
ALTER TABLE event_articles RENAME TO v1_event_articles;
ALTER TABLE event_participants RENAME TO v1_event_participants;
ALTER TABLE events RENAME TO v1_events;

CREATE TABLE events (
    row           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    type          TEXT NOT NULL,
    cameo         TEXT NOT NULL,
    date          TEXT,
    first_day     TEXT,
    last_day      TEXT,
    quad_class    INTEGER NOT NULL,
    goldstein     REAL NOT NULL,
    place         TEXT,
    mention_count INTEGER NOT NULL,
    event         TEXT NOT NULL
) STRICT;
INSERT INTO events (id, type, cameo, date, first_day, last_day, quad_class, goldstein, place,
                    mention_count, event)
    SELECT id, type, cameo, date, first_day, last_day, quad_class, goldstein, place,
           mention_count, event
    FROM v1_events ORDER BY rowid;

CREATE TABLE event_participants (
    code      TEXT NOT NULL COLLATE NOCASE,
    role      TEXT NOT NULL,
    event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    event_row INTEGER NOT NULL,
    first_day TEXT,
    last_day  TEXT,
    PRIMARY KEY (code, role, event_id)
) STRICT, WITHOUT ROWID;
INSERT INTO event_participants (code, role, event_id, event_row, first_day, last_day)
    SELECT p.code, p.role, p.event_id, e.row, e.first_day, e.last_day
    FROM v1_event_participants p JOIN events e ON e.id = p.event_id;

CREATE TABLE event_articles (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    event_id   TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, event_id)
) STRICT, WITHOUT ROWID;
INSERT INTO event_articles (article_id, event_id)
    SELECT article_id, event_id FROM v1_event_articles;

DROP TABLE v1_event_articles;
DROP TABLE v1_event_participants;
DROP TABLE v1_events;

CREATE INDEX events_by_first_day ON events(first_day);
CREATE INDEX events_by_last_day ON events(last_day);
CREATE INDEX events_by_type ON events(type, first_day);
CREATE INDEX event_participants_by_event ON event_participants(event_id);
CREATE INDEX event_participants_by_code_last_day
    ON event_participants(code, last_day, event_row);
CREATE INDEX event_articles_by_event ON event_articles(event_id);
"#;

/// Version 3: the rows that hang off an event point at its integer key, and each event keeps a
/// digest of its JSON and a summary for lists.
///
/// Events are derived data, rebuilt after every ingest. Keyed by the event's row, an event's
/// participants and articles are one range of their table's primary key, written in the order
/// events are (dates ascending) rather than scattered by a hashed id, and found again in one
/// step when an event changes. The digest lets a rebuild rewrite only the events that changed,
/// which after a day's ingest into a large store is a small share of them. The participant and
/// article rows no longer name `events` in a foreign key: the store deletes them with their
/// event itself, and a foreign key would make every insert and every delete look up the parent.
/// The article link keeps its cascade, so an article taken out of the store takes its links.
/// The summary (a small JSON [`crate::model::EventSummary`]) is what a table or a timeline
/// shows of an event: tens of thousands of them are read back without decoding each event's
/// reports. Events stored before have none until they are next rewritten, and are summarised
/// from their JSON meanwhile.
const V3: &str = r#"
ALTER TABLE event_articles RENAME TO v2_event_articles;
ALTER TABLE event_participants RENAME TO v2_event_participants;

CREATE TABLE event_participants (
    event_row INTEGER NOT NULL,
    code      TEXT NOT NULL COLLATE NOCASE,
    role      TEXT NOT NULL,
    first_day TEXT,
    last_day  TEXT,
    PRIMARY KEY (event_row, code, role)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO event_participants (event_row, code, role, first_day, last_day)
    SELECT event_row, code, role, first_day, last_day FROM v2_event_participants;

CREATE TABLE event_articles (
    event_row  INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (event_row, article_id)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO event_articles (event_row, article_id)
    SELECT e.row, a.article_id FROM v2_event_articles a JOIN events e ON e.id = a.event_id;

DROP TABLE v2_event_articles;
DROP TABLE v2_event_participants;

CREATE INDEX event_participants_by_code_last_day
    ON event_participants(code, last_day, event_row);
CREATE INDEX event_articles_by_article ON event_articles(article_id);

ALTER TABLE events ADD COLUMN digest INTEGER;
ALTER TABLE events ADD COLUMN summary TEXT;
"#;

/// Version 4: mentions and events by (type, CAMEO code), so that a resolve reads one kind of
/// event's reports, and finds its stored events, without reading the others; and an event may
/// list its mentions' rows instead of holding their JSON, which `event_mentions` has already.
const V4: &str = r#"
CREATE INDEX event_mentions_by_kind ON event_mentions(type, cameo);
CREATE INDEX events_by_kind ON events(type, cameo);
ALTER TABLE events ADD COLUMN mention_rows TEXT;
"#;

/// Version 5: what lists of events filter, sort and show moves to a table of its own,
/// `event_summaries`, one narrow row an event under the event's row, with the date and type
/// indexes `events` had.
///
/// A table or a timeline of tens of thousands of events read each event's row of `events`,
/// whose JSON fills a page for every two events: the pages read, not the rows, were the cost.
/// A summary row is a twentieth of that and its fields are columns, read without decoding
/// JSON; the first report's sentence, which a table shows and a timeline does not, is most of
/// a summary's bytes and has a table of its own, `event_evidence`.
/// Events are derived data: rather than convert them, the migration empties them and marks the
/// store's mentions as changed since the last resolve, so the next command resolves every kind
/// again and writes events and summaries together (a store without articles has nothing to
/// resolve and stays as it is).
const V5: &str = r#"
DELETE FROM event_articles;
DELETE FROM event_participants;
DELETE FROM events;
DROP INDEX events_by_first_day;
DROP INDEX events_by_last_day;
DROP INDEX events_by_type;
ALTER TABLE events DROP COLUMN summary;

CREATE TABLE event_summaries (
    row        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL,
    type       TEXT NOT NULL,
    cameo      TEXT NOT NULL,
    date       TEXT,
    first_day  TEXT,
    last_day   TEXT,
    actors     TEXT NOT NULL,
    recipients TEXT NOT NULL,
    place      TEXT,
    town       TEXT,
    mentions   INTEGER NOT NULL,
    outlets    INTEGER NOT NULL
) STRICT;
CREATE TABLE event_evidence (
    row      INTEGER PRIMARY KEY,
    sentence TEXT NOT NULL
) STRICT;
CREATE INDEX event_summaries_by_first_day ON event_summaries(first_day);
CREATE INDEX event_summaries_by_last_day ON event_summaries(last_day);
CREATE INDEX event_summaries_by_type ON event_summaries(type, first_day);

DELETE FROM meta WHERE key = 'resolved_mention_row';
UPDATE meta SET value = CAST(value AS INTEGER) + 1
    WHERE key = 'mentions_revision' AND EXISTS (SELECT 1 FROM articles);
"#;

/// Version 6: an article no longer keeps what the reading stages found in it (`analysis`).
///
/// That JSON held every sentence's span and every name, date and place found, more than
/// twice the bytes of the article's text, and nothing read it back: the events, their
/// mentions and the entities are stored on their own, and `vigie analyse FILE` shows it again.
/// Writing it was a sixth of a new store's bytes (72 of 438 MB for 10,000 synthetic
/// articles).
const V6: &str = r#"
ALTER TABLE articles DROP COLUMN analysis;
"#;

/// Version 7: a mention is no longer indexed by its article's id and position.
///
/// That index (`UNIQUE (article_id, position)`) was ordered by the article's id, a hash, so
/// each batch of new mentions landed all over it and every commit rewrote most of its pages:
/// a 10,000-article ingest spent 4.5-4.6 s storing with it and 3.3 s without (`vigie bench`,
/// two runs each), and the share grows with the store. Nothing looks mentions up by article:
/// a mention is stored only with its new article, in the article's transaction, so the
/// articles' key already keeps a mention from being stored twice; reads go by row or by kind.
/// Deleting an article (which nothing in vigie does) would still cascade to its mentions, by
/// a scan. SQLite cannot drop a constraint, so the table is built again, every row under its
/// row number, which events refer to.
const V7: &str = r#"
ALTER TABLE event_mentions RENAME TO v6_event_mentions;
CREATE TABLE event_mentions (
    id         INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    type       TEXT NOT NULL,
    cameo      TEXT NOT NULL,
    modality   TEXT NOT NULL,
    first_day  TEXT,
    last_day   TEXT,
    mention    TEXT NOT NULL
) STRICT;
INSERT INTO event_mentions (id, article_id, position, type, cameo, modality, first_day,
                            last_day, mention)
    SELECT id, article_id, position, type, cameo, modality, first_day, last_day, mention
    FROM v6_event_mentions ORDER BY id;
DROP TABLE v6_event_mentions;
CREATE INDEX event_mentions_by_kind ON event_mentions(type, cameo);
"#;
