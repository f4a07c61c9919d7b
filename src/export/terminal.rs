//! Events, timelines, one event's evidence and entities as aligned text for a terminal: no
//! colour (readable in a pipe, a log or a screen reader), columns measured in display columns,
//! long text cut to the terminal's width when it is known.

use std::io::{self, Write};

use super::width::{columns, fit, fit_tail, truncate};
use super::{one_line, push_one_line};
use crate::model::{Event, EventSummary};
use crate::parallel::map_in_order;
use crate::query::{MonthGroup, claim_groups, timeline};
use crate::store::EntityRecord;

/// The width assumed when the terminal's is unknown (output to a file or a pipe).
const DEFAULT_WIDTH: usize = 120;
/// The evidence column never gets narrower than this, even on a narrow terminal.
const MIN_EVIDENCE: usize = 24;
/// Widest the participants column gets before it is cut.
const MAX_WHO: usize = 36;
/// Widest the place column gets before it is cut.
const MAX_PLACE: usize = 22;

/// `MLI, BFA → RUS`, or just the actors when no side is acted on.
pub fn who_to_whom(actors: &[String], recipients: &[String]) -> String {
    let mut out = String::with_capacity(32);
    push_who_to_whom(&mut out, actors, recipients);
    out
}

/// [`who_to_whom`] appended to `out`: a timeline writes one a line.
fn push_who_to_whom(out: &mut String, actors: &[String], recipients: &[String]) {
    let start = out.len();
    push_joined(out, actors);
    if out.len() == start {
        out.push('?');
    }
    if !recipients.is_empty() {
        out.push_str(" → ");
        push_joined(out, recipients);
    }
}

/// `items` appended to `out`, separated by commas.
fn push_joined(out: &mut String, items: &[String]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(item);
    }
}

/// The state and town where it happened, as known: `BFA Barsalogho`, `NER`, or empty.
pub fn place(state: Option<&str>, town: Option<&str>) -> String {
    let mut out = String::new();
    push_place(&mut out, state, town);
    out
}

/// [`place`] appended to `out`.
fn push_place(out: &mut String, state: Option<&str>, town: Option<&str>) {
    out.push_str(state.unwrap_or(""));
    if let Some(t) = town {
        if state.is_some() {
            out.push(' ');
        }
        out.push_str(t);
    }
}

fn date(date: Option<crate::model::EventDate>) -> String {
    let mut out = String::new();
    push_date(&mut out, date);
    out
}

/// Writes rows of cells with every column but the last padded to its widest cell.
fn write_rows(w: &mut impl Write, rows: &[Vec<String>], indent: &str) -> io::Result<()> {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    // The last column is never padded, so its width (often the longest text) is not measured.
    let widths: Vec<usize> = (0..n.saturating_sub(1))
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| columns(c))
                .max()
                .unwrap_or(0)
        })
        .collect();
    // One line buffer for all rows: tens of thousands of rows are written without a string
    // for each padded cell.
    let mut line = String::new();
    for row in rows {
        write_row(w, &mut line, indent, row, &widths)?;
    }
    Ok(())
}

/// Writes one row, every cell but the last padded to its column's width and followed by two
/// spaces, through the reused buffer `line`.
fn write_row(
    w: &mut impl Write,
    line: &mut String,
    indent: &str,
    row: &[String],
    widths: &[usize],
) -> io::Result<()> {
    line.clear();
    line.push_str(indent);
    for (i, cell) in row.iter().enumerate() {
        line.push_str(cell);
        if i + 1 < row.len() {
            push_spaces(line, widths[i].saturating_sub(columns(cell)) + 2);
        }
    }
    line.truncate(line.trim_end().len());
    line.push('\n');
    w.write_all(line.as_bytes())
}

/// Padding, pushed a slice at a time rather than a character at a time.
const SPACES: &str = "                                                                ";

/// `n` spaces appended to `line`.
fn push_spaces(line: &mut String, mut n: usize) {
    while n > 0 {
        let k = n.min(SPACES.len());
        line.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// Writes events as a table: id, date, type, CAMEO code, who → whom, place, number of mentions,
/// and the first evidence sentence cut to fit `width` columns.
pub fn write_table(
    w: &mut impl Write,
    events: &[EventSummary],
    width: Option<usize>,
) -> io::Result<()> {
    if events.is_empty() {
        return writeln!(w, "No events.");
    }
    const HEADER: [&str; TABLE_COLUMNS + 1] = [
        "ID",
        "DATE",
        "TYPE",
        "CAMEO",
        "WHO → WHOM",
        "PLACE",
        "M",
        "EVIDENCE",
    ];
    // Tens of thousands of rows: their cells are made in chunks on every core, then the
    // evidence, cut to the room the other columns leave, and the lines.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunks: Vec<&[EventSummary]> = events.chunks(TABLE_CHUNK).collect();
    let cells: Vec<Cells<TABLE_COLUMNS>> = map_in_order(
        chunks.clone(),
        threads,
        |c| c.len(),
        |chunk| {
            let mut cells = Cells::with_capacity(chunk.len(), 64);
            for e in chunk {
                cells.text.push_str(&e.id);
                cells.end_cell(None);
                push_date(&mut cells.text, e.date);
                cells.end_cell(None);
                cells.text.push_str(e.event_type.as_str());
                cells.end_cell(None);
                cells.text.push_str(&e.cameo);
                cells.end_cell(None);
                push_who_to_whom(&mut cells.text, &e.actors, &e.recipients);
                cells.end_cell(Some(MAX_WHO));
                push_place(&mut cells.text, e.place.as_deref(), e.town.as_deref());
                cells.end_cell(Some(MAX_PLACE));
                push_display(&mut cells.text, &e.mentions);
                cells.end_cell(None);
            }
            cells
        },
    );
    let mut widths: [usize; TABLE_COLUMNS] = std::array::from_fn(|i| columns(HEADER[i]));
    widen(&mut widths, cells.iter().map(Cells::widths));
    let used: usize = widths.iter().map(|w| w + 2).sum();
    let room = width
        .unwrap_or(DEFAULT_WIDTH)
        .saturating_sub(used)
        .max(MIN_EVIDENCE);
    let header: Vec<String> = HEADER.map(String::from).to_vec();
    let mut line = String::new();
    write_row(w, &mut line, "", &header, &widths)?;
    let texts = map_in_order(
        chunks.into_iter().zip(cells).collect(),
        threads,
        |(chunk, _)| chunk.len(),
        |(chunk, cells)| {
            let mut text = String::with_capacity(cells.text.len() + chunk.len() * (room + 24));
            let mut line = String::new();
            for (i, e) in chunk.iter().enumerate() {
                cells.write_padded(&mut line, "", i, &widths);
                let start = line.len();
                push_one_line(&mut line, &e.evidence);
                fit_tail(&mut line, start, room);
                end_line(&mut line);
                text.push_str(&line);
            }
            text
        },
    );
    for text in texts {
        w.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// The columns of a table's line before the evidence, which is cut to the room they leave.
const TABLE_COLUMNS: usize = 7;

/// How many rows of a table one thread makes at a time.
const TABLE_CHUNK: usize = 2048;

/// Writes events in date order under month headings, one line each: date, type, who → whom,
/// place, and how many outlets report it.
pub fn write_timeline(w: &mut impl Write, events: &[EventSummary]) -> io::Result<()> {
    if events.is_empty() {
        return writeln!(w, "No events.");
    }
    let groups = timeline(events);
    // A long timeline is tens of thousands of lines, and making their text took longer than
    // reading them from the store: each month's cells, then its text, are made on every core,
    // and written in order.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let weigh = |g: &&MonthGroup<'_, EventSummary>| g.events.len();
    let cells: Vec<Cells<TIMELINE_COLUMNS>> =
        map_in_order(groups.iter().collect(), threads, weigh, |g| {
            timeline_cells(&g.events)
        });
    // One set of column widths for every month, so the whole timeline lines up.
    let mut widths = [0; TIMELINE_COLUMNS];
    widen(&mut widths, cells.iter().map(Cells::widths));
    let months: Vec<MonthLines<'_, '_>> = groups
        .iter()
        .zip(cells)
        .enumerate()
        .map(|(i, (group, cells))| MonthLines {
            first: i == 0,
            group,
            cells,
        })
        .collect();
    let texts = map_in_order(
        months,
        threads,
        |m| m.group.events.len(),
        |m| -> io::Result<Vec<u8>> {
            let mut text = Vec::with_capacity(m.cells.text.len() + m.cells.rows.len() * 24);
            if !m.first {
                writeln!(text)?;
            }
            writeln!(text, "{}", m.group.heading())?;
            let mut line = String::new();
            for i in 0..m.cells.rows.len() {
                m.cells.write_padded(&mut line, "  ", i, &widths);
                end_line(&mut line);
                text.extend_from_slice(line.as_bytes());
            }
            Ok(text)
        },
    );
    for text in texts {
        w.write_all(&text?)?;
    }
    Ok(())
}

/// The columns of a timeline's line: date, type, who to whom, where, how many outlets.
const TIMELINE_COLUMNS: usize = 5;

/// One month of a timeline and its cells, to be written as text.
struct MonthLines<'g, 'e> {
    /// True for the first month, which no blank line precedes.
    first: bool,
    group: &'g MonthGroup<'e, EventSummary>,
    cells: Cells<TIMELINE_COLUMNS>,
}

/// The cells of a timeline's lines: date, type, who to whom, where, how many outlets.
fn timeline_cells(events: &[&EventSummary]) -> Cells<TIMELINE_COLUMNS> {
    let mut cells = Cells::with_capacity(events.len(), 64);
    for e in events {
        push_date(&mut cells.text, e.date);
        cells.end_cell(None);
        cells.text.push_str(e.event_type.as_str());
        cells.end_cell(None);
        push_who_to_whom(&mut cells.text, &e.actors, &e.recipients);
        cells.end_cell(Some(MAX_WHO));
        push_place(&mut cells.text, e.place.as_deref(), e.town.as_deref());
        cells.end_cell(Some(MAX_PLACE));
        let n = e.outlets;
        push_display(&mut cells.text, &n);
        cells
            .text
            .push_str(if n == 1 { " outlet" } else { " outlets" });
        cells.end_cell(None);
    }
    cells
}

/// Rows of `N` cells, their text one after another in one string.
///
/// A long list has hundreds of thousands of cells: a string for each took about as long to
/// allocate and free as the rest of the rendering.
struct Cells<const N: usize> {
    /// Every cell's text, row after row; the cell being made is what follows the last one.
    text: String,
    /// For each row, where each of its cells ends in `text` and how many columns it takes.
    rows: Vec<[(usize, usize); N]>,
    /// The cells of the row being made.
    row: [(usize, usize); N],
    /// How many of them are made.
    made: usize,
}

impl<const N: usize> Cells<N> {
    /// No rows yet, room for `rows` rows of about `row_bytes` bytes.
    fn with_capacity(rows: usize, row_bytes: usize) -> Self {
        Cells {
            text: String::with_capacity(rows * row_bytes),
            rows: Vec::with_capacity(rows),
            row: [(0, 0); N],
            made: 0,
        }
    }

    /// Ends the cell pushed onto `text` since the last one, cut to `max` columns when given;
    /// the `N`-th cell ends the row.
    fn end_cell(&mut self, max: Option<usize>) {
        let start = self.end_of_last();
        let width = match max {
            Some(max) => fit_tail(&mut self.text, start, max),
            None => columns(&self.text[start..]),
        };
        self.row[self.made] = (self.text.len(), width);
        self.made += 1;
        if self.made == N {
            self.rows.push(self.row);
            self.made = 0;
        }
    }

    /// Where the last cell made ends.
    fn end_of_last(&self) -> usize {
        match self.made {
            0 => self.rows.last().map_or(0, |r| r[N - 1].0),
            k => self.row[k - 1].0,
        }
    }

    /// The widest cell of each column.
    fn widths(&self) -> [usize; N] {
        let mut widths = [0; N];
        widen(&mut widths, self.rows.iter().map(|r| r.map(|(_, w)| w)));
        widths
    }

    /// Row `i` into `line` after `indent`, every cell padded to its column's width and followed
    /// by two spaces, as [`write_row`] writes the cells before a row's last (after which
    /// [`end_line`] trims the padding of a row that ends there).
    fn write_padded(&self, line: &mut String, indent: &str, i: usize, widths: &[usize; N]) {
        line.clear();
        line.push_str(indent);
        let mut start = match i {
            0 => 0,
            _ => self.rows[i - 1][N - 1].0,
        };
        for (&(end, width), column) in self.rows[i].iter().zip(widths) {
            line.push_str(&self.text[start..end]);
            start = end;
            push_spaces(line, column.saturating_sub(width) + 2);
        }
    }
}

/// Each of `widths` widened to the largest of it and its column in `more`.
fn widen<const N: usize>(widths: &mut [usize; N], more: impl Iterator<Item = [usize; N]>) {
    for other in more {
        for (width, w) in widths.iter_mut().zip(other) {
            *width = (*width).max(w);
        }
    }
}

/// Ends a line as [`write_row`] does: no trailing spaces, a newline.
fn end_line(line: &mut String) {
    line.truncate(line.trim_end().len());
    line.push('\n');
}

/// `date` as a list shows it, appended to `text`.
fn push_date(text: &mut String, date: Option<crate::model::EventDate>) {
    match date {
        Some(d) => push_display(text, &d),
        None => text.push_str("undated"),
    }
}

/// `value` written at the end of `text`.
fn push_display(text: &mut String, value: &impl std::fmt::Display) {
    use std::fmt::Write as _;
    // Writing into a String cannot fail.
    let _ = write!(text, "{value}");
}

/// Writes one event with its evidence: the event's fields, then every mention (article, outlet,
/// publication date from `published`, date, modality, rule, confidence, sentence), then the
/// details the reports give, side by side, with disagreements flagged.
pub fn write_event_detail(
    w: &mut impl Write,
    event: &Event,
    published: impl Fn(&str) -> Option<String>,
) -> io::Result<()> {
    writeln!(
        w,
        "{}  {}  CAMEO {}  quad class {}  Goldstein {}",
        event.id, event.event_type, event.cameo, event.quad_class, event.goldstein
    )?;
    let list = |v: &[String]| {
        if v.is_empty() {
            "—".to_string()
        } else {
            v.join(", ")
        }
    };
    let mut fields: Vec<Vec<String>> = vec![
        vec!["date".into(), date(event.date)],
        vec!["actors".into(), list(&event.actors)],
        vec!["recipients".into(), list(&event.recipients)],
        vec!["persons".into(), list(&event.persons)],
    ];
    let mut where_ = event.place.clone().unwrap_or_else(|| "—".to_string());
    if let Some(l) = &event.location {
        where_ = format!(
            "{where_}, {} ({:.5}, {:.5}; GeoNames {})",
            l.name, l.lat, l.lon, l.geonameid
        );
    }
    fields.push(vec!["place".into(), where_]);
    if let Some(mode) = &event.mode {
        fields.push(vec!["mode".into(), mode.clone()]);
    }
    if !event.context.is_empty() {
        fields.push(vec!["context".into(), event.context.join(", ")]);
    }
    if !event.quantities.is_empty() {
        let q: Vec<String> = event
            .quantities
            .iter()
            .map(|q| format!("{} {} ({})", q.value, q.unit.as_str(), q.article))
            .collect();
        fields.push(vec!["quantities".into(), q.join("; ")]);
    }
    write_rows(w, &fields, "  ")?;

    let n_outlets = event.outlets().len();
    writeln!(
        w,
        "\nMentions ({}, {} {})",
        event.mentions.len(),
        n_outlets,
        if n_outlets == 1 { "outlet" } else { "outlets" }
    )?;
    for (i, m) in event.mentions.iter().enumerate() {
        let mut head = format!("  {}. {}", i + 1, m.article);
        if let Some(o) = &m.outlet {
            head.push_str(&format!(" — {o}"));
        }
        if let Some(p) = published(&m.article_id) {
            head.push_str(&format!(" — published {p}"));
        }
        writeln!(w, "{head}")?;
        let when = m
            .date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated".to_string());
        writeln!(
            w,
            "     {when} · {} · rule {} · confidence {:.2} · bytes {}–{}",
            m.modality.as_str(),
            m.rule,
            m.confidence,
            m.start,
            m.end
        )?;
        writeln!(w, "     “{}”", one_line(&m.sentence))?;
    }

    let groups = claim_groups(&event.claims);
    if !groups.is_empty() {
        writeln!(w, "\nClaims")?;
        let rows: Vec<Vec<String>> = groups
            .iter()
            .map(|g| {
                let versions: Vec<String> = g
                    .versions
                    .iter()
                    .map(|c| match &c.outlet {
                        Some(o) => format!("{} ({}, {o})", c.value, c.article),
                        None => format!("{} ({})", c.value, c.article),
                    })
                    .collect();
                let flag = if g.conflict { "CONFLICT" } else { "agree" };
                vec![
                    g.field.to_string(),
                    flag.to_string(),
                    versions.join("  |  "),
                ]
            })
            .collect();
        write_rows(w, &rows, "  ")?;
    }
    Ok(())
}

/// Writes entities as a table: id, name, kind, code, mentions, articles, and the aliases seen
/// (most frequent first) cut to fit `width` columns.
pub fn write_entities_table(
    w: &mut impl Write,
    entities: &[EntityRecord],
    width: Option<usize>,
) -> io::Result<()> {
    if entities.is_empty() {
        return writeln!(w, "No entities.");
    }
    let header: Vec<String> = [
        "ID", "NAME", "KIND", "CODE", "MENTIONS", "ARTICLES", "ALIASES",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = vec![header];
    for e in entities {
        let aliases: Vec<String> = e.aliases.iter().map(|(a, n)| format!("{a} ×{n}")).collect();
        rows.push(vec![
            e.id.clone(),
            truncate(&e.name, 28),
            e.kind.as_str().to_string(),
            e.code.clone().unwrap_or_else(|| "—".to_string()),
            e.mentions.to_string(),
            e.articles.to_string(),
            aliases.join(", "),
        ]);
    }
    write_fitted(w, rows, width)
}

/// Writes a table whose last column (evidence, aliases) is cut to what the width leaves after
/// the others, with two spaces between columns; the header row is never cut.
fn write_fitted(
    w: &mut impl Write,
    mut rows: Vec<Vec<String>>,
    width: Option<usize>,
) -> io::Result<()> {
    let Some(last) = rows.first().map(|r| r.len().saturating_sub(1)) else {
        return Ok(());
    };
    let used: usize = (0..last)
        .map(|i| rows.iter().map(|r| columns(&r[i])).max().unwrap_or(0) + 2)
        .sum();
    let room = width
        .unwrap_or(DEFAULT_WIDTH)
        .saturating_sub(used)
        .max(MIN_EVIDENCE);
    for row in rows.iter_mut().skip(1) {
        row[last] = fit(std::mem::take(&mut row[last]), room);
    }
    write_rows(w, &rows, "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample_events;
    use crate::model::EntityKind;

    /// Snapshots of the whole crate live in `src/snapshots`.
    macro_rules! snapshot {
        ($value:expr) => {
            insta::with_settings!({ snapshot_path => "../snapshots" }, {
                insta::assert_snapshot!($value);
            })
        };
    }

    /// The sample events as lists read them.
    fn sample_rows() -> Vec<EventSummary> {
        sample_events().iter().map(EventSummary::of).collect()
    }

    fn render(f: impl Fn(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn table_snapshot() {
        let events = sample_rows();
        snapshot!(render(|w| write_table(w, &events, Some(140))));
    }

    #[test]
    fn table_fits_the_terminal_and_stays_aligned() {
        let events = sample_rows();
        let text = render(|w| write_table(w, &events, Some(110)));
        for line in text.lines() {
            assert!(columns(line) <= 110, "too wide: {line}");
        }
        assert!(text.contains('…'), "the evidence was cut to fit:\n{text}");
        // The evidence column starts at the same column on every line.
        let starts: Vec<usize> = text
            .lines()
            .zip(["EVIDENCE", "Samedi", "The three"])
            .map(|(l, marker)| columns(&l[..l.find(marker).unwrap()]))
            .collect();
        assert!(
            starts.windows(2).all(|w| w[0] == w[1]),
            "{starts:?}\n{text}"
        );
    }

    #[test]
    fn a_table_made_in_chunks_lines_up_across_them() {
        // More rows than one chunk holds, with the widest cells only in the last chunk.
        let base = &sample_rows()[0];
        let n = TABLE_CHUNK * 2 + 10;
        let events: Vec<EventSummary> = (0..n)
            .map(|i| {
                let mut e = base.clone();
                e.id = format!("ev-{i}");
                if i == n - 1 {
                    e.actors = vec!["JNIM".into(), "ISSP".into(), "WAGNER".into()];
                    e.town = Some("Barsalogho".into());
                }
                e
            })
            .collect();
        let text = render(|w| write_table(w, &events, Some(200)));
        assert_eq!(text.lines().count(), n + 1);
        let evidence_starts: Vec<usize> = text
            .lines()
            .skip(1)
            .map(|l| columns(&l[..l.find("Samedi").unwrap()]))
            .collect();
        assert!(
            evidence_starts.windows(2).all(|w| w[0] == w[1]),
            "{:?}",
            &evidence_starts[..3]
        );
        assert!(text.lines().nth(1).unwrap().starts_with("ev-0 "));
        assert!(
            text.lines()
                .last()
                .unwrap()
                .contains("JNIM, ISSP, WAGNER → BFA")
        );
    }

    #[test]
    fn a_narrow_terminal_still_shows_some_evidence() {
        let events = sample_rows();
        let text = render(|w| write_table(w, &events, Some(40)));
        let first_row = text.lines().nth(1).unwrap();
        let evidence = &first_row[first_row.find("Samedi").unwrap()..];
        assert_eq!(columns(evidence), MIN_EVIDENCE);
    }

    #[test]
    fn an_empty_table_says_so() {
        assert_eq!(render(|w| write_table(w, &[], None)), "No events.\n");
    }

    #[test]
    fn who_and_where_read_as_written() {
        let codes = |v: &[&str]| v.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(who_to_whom(&codes(&["MLI", "BFA"]), &[]), "MLI, BFA");
        assert_eq!(who_to_whom(&[], &codes(&["RUS"])), "? → RUS");
        assert_eq!(who_to_whom(&[], &[]), "?");
        assert_eq!(
            who_to_whom(&codes(&["JNIM"]), &codes(&["BFA", "NER"])),
            "JNIM → BFA, NER"
        );
        assert_eq!(place(Some("BFA"), Some("Barsalogho")), "BFA Barsalogho");
        assert_eq!(place(Some("NER"), None), "NER");
        assert_eq!(place(None, Some("Gao")), "Gao");
        assert_eq!(place(None, None), "");
    }

    #[test]
    fn timeline_snapshot() {
        let events = sample_rows();
        snapshot!(render(|w| write_timeline(w, &events)));
    }

    #[test]
    fn detail_snapshot() {
        let events = sample_events();
        let published =
            |id: &str| (id == events[0].mentions[0].article_id).then(|| "2024-08-26".to_string());
        snapshot!(render(|w| write_event_detail(w, &events[0], published)));
    }

    #[test]
    fn entities_snapshot() {
        let entities = vec![
            EntityRecord {
                id: "BFA".into(),
                name: "Burkina Faso".into(),
                kind: EntityKind::State,
                code: Some("BFA".into()),
                mentions: 14,
                articles: 3,
                aliases: vec![
                    ("Burkina Faso".into(), 8),
                    ("burkinabè".into(), 4),
                    ("Ouagadougou".into(), 2),
                ],
            },
            EntityRecord {
                id: "assimi-goita".into(),
                name: "Assimi Goïta".into(),
                kind: EntityKind::Person,
                code: Some("MLI".into()),
                mentions: 3,
                articles: 2,
                aliases: vec![("Assimi Goïta".into(), 2), ("le colonel Goïta".into(), 1)],
            },
        ];
        snapshot!(render(|w| write_entities_table(w, &entities, Some(120))));
    }

    #[test]
    fn who_and_where_read_naturally() {
        let events = sample_rows();
        assert_eq!(
            who_to_whom(&events[1].actors, &events[1].recipients),
            "MLI, BFA, NER → RUS"
        );
        let place_of = |e: &EventSummary| place(e.place.as_deref(), e.town.as_deref());
        assert_eq!(place_of(&events[0]), "BFA Barsalogho");
        assert_eq!(place_of(&events[1]), "");
    }
}
