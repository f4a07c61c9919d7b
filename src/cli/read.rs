//! The commands that read the store: `events`, `timeline`, `entities`, `show`.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Result, bail};

use vigie::export::{self, terminal};
use vigie::model::EntityKind;
use vigie::query::EventFilter;
use vigie::store::{Evidence, Store};

use super::{EntityFormat, EventFormat, Globals, open_existing, terminal_width};

/// `vigie events`: the events `filter` asks for, in `format`.
pub fn events(g: &Globals, filter: &EventFilter, format: EventFormat) -> Result<ExitCode> {
    let store = open_existing(g)?;
    let mut out = BufWriter::new(io::stdout().lock());
    match format {
        // A table shows only what each event's summary holds.
        EventFormat::Table => {
            let rows = store.event_summaries(filter, Evidence::Read)?;
            terminal::write_table(&mut out, &rows, terminal_width())?;
            exit_without_freeing(rows);
        }
        EventFormat::Jsonl => export::write_jsonl(&mut out, &store.events(filter)?)?,
        EventFormat::Csv => export::write_csv(&mut out, &store.events(filter)?)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `vigie timeline`: the events `filter` asks for, month by month.
pub fn timeline(g: &Globals, filter: &EventFilter) -> Result<ExitCode> {
    let store = open_existing(g)?;
    let events = store.event_summaries(filter, Evidence::Left)?;
    let mut out = BufWriter::new(io::stdout().lock());
    terminal::write_timeline(&mut out, &events)?;
    out.flush()?;
    exit_without_freeing(events);
    Ok(ExitCode::SUCCESS)
}

/// Leaves a list the command is done with to the end of the process, which frees its memory at
/// once, instead of freeing every string of every event: the 79,000 events of a timeline of
/// the million-event store took 19-28 ms to free, a tenth of the command.
fn exit_without_freeing<T>(list: Vec<T>) {
    std::mem::forget(list);
}

/// `vigie entities`: the actors the articles name.
pub fn entities(g: &Globals, kind: Option<EntityKind>, format: EntityFormat) -> Result<ExitCode> {
    let store = open_existing(g)?;
    let entities = store.entities(kind)?;
    let mut out = BufWriter::new(io::stdout().lock());
    match format {
        EntityFormat::Table => {
            terminal::write_entities_table(&mut out, &entities, terminal_width())?
        }
        EntityFormat::Jsonl => export::write_entities_jsonl(&mut out, &entities)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `vigie show`: one event and its evidence.
pub fn show(g: &Globals, id: &str) -> Result<ExitCode> {
    let store = open_existing(g)?;
    let event = match store.event(id)? {
        Some(e) => e,
        None => {
            let full = unique_id(&store, id, g)?;
            match store.event(&full)? {
                Some(e) => e,
                None => bail!("event {full} vanished while reading; try again"),
            }
        }
    };
    let published = |article_id: &str| {
        store
            .article(article_id)
            .ok()
            .flatten()
            .and_then(|a| a.published)
            .map(|p| p.to_string())
    };
    let mut out = BufWriter::new(io::stdout().lock());
    terminal::write_event_detail(&mut out, &event, published)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The one event id that starts with `prefix`, or an error saying what to do.
fn unique_id(store: &Store, prefix: &str, g: &Globals) -> Result<String> {
    let ids = store.event_ids_starting_with(prefix, 6)?;
    match ids.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!(
            "no event {prefix:?} in {}; `vigie events` lists the ids (first column)",
            g.db.display()
        ),
        several => {
            let shown: Vec<&str> = several.iter().take(5).map(String::as_str).collect();
            bail!(
                "{prefix:?} begins several event ids ({}{}); give more of it",
                shown.join(", "),
                if several.len() > 5 { ", …" } else { "" }
            )
        }
    }
}
