//! Writing events out: JSON Lines as FORMAT.md asks, CSV for spreadsheets, and (in
//! [`terminal`]) aligned text for a reader at a terminal.
//!
//! Every writer takes events already chosen and ordered by a query; none reads the store, so the
//! same events come out the same in every format.

pub mod terminal;
mod width;

use std::io::{self, Write};
use std::str::FromStr;

use serde::Serialize;

use crate::model::{Claim, Event, EventMention, EventSummary, Location, Quantity};
use crate::store::EntityRecord;

/// A way to write events out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// One JSON object per event per line, as FORMAT.md asks.
    Jsonl,
    /// One row per event, RFC 4180.
    Csv,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "table" => Ok(Format::Table),
            "jsonl" | "json" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            other => Err(format!(
                "unknown format {other:?} (one of table, jsonl, csv)"
            )),
        }
    }
}

/// Writes `events` in `format`; `width` is the terminal's width for the table, when known.
pub fn write_events(
    w: &mut impl Write,
    events: &[Event],
    format: Format,
    width: Option<usize>,
) -> io::Result<()> {
    match format {
        Format::Table => {
            let rows: Vec<EventSummary> = events.iter().map(EventSummary::of).collect();
            terminal::write_table(w, &rows, width)
        }
        Format::Jsonl => write_jsonl(w, events),
        Format::Csv => write_csv(w, events),
    }
}

/// An event in FORMAT.md's shape: absent rather than null where a value is unknown.
#[derive(Serialize)]
struct JsonEvent<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    event_type: &'a str,
    cameo: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    mode: Option<&'a str>,
    context: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    actors: &'a [String],
    recipients: &'a [String],
    persons: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a Location>,
    quantities: &'a [Quantity],
    claims: &'a [Claim],
    quad_class: u8,
    goldstein: f32,
    mentions: Vec<JsonMention<'a>>,
}

/// A mention as FORMAT.md reads it, plus where it came from and how sure the rule was.
#[derive(Serialize)]
struct JsonMention<'a> {
    article: &'a str,
    article_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    outlet: Option<&'a str>,
    modality: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    sentence: &'a str,
    start: usize,
    end: usize,
    rule: &'a str,
    confidence: f32,
}

impl<'a> JsonEvent<'a> {
    fn new(e: &'a Event) -> JsonEvent<'a> {
        JsonEvent {
            id: &e.id,
            event_type: e.event_type.as_str(),
            cameo: &e.cameo,
            mode: e.mode.as_deref(),
            context: &e.context,
            date: e.date.map(|d| d.to_string()),
            actors: &e.actors,
            recipients: &e.recipients,
            persons: &e.persons,
            place: e.place.as_deref(),
            location: e.location.as_ref(),
            quantities: &e.quantities,
            claims: &e.claims,
            quad_class: e.quad_class,
            goldstein: e.goldstein,
            mentions: e.mentions.iter().map(JsonMention::new).collect(),
        }
    }
}

impl<'a> JsonMention<'a> {
    fn new(m: &'a EventMention) -> JsonMention<'a> {
        JsonMention {
            article: &m.article,
            article_id: &m.article_id,
            outlet: m.outlet.as_deref(),
            modality: m.modality.as_str(),
            date: m.date.map(|d| d.to_string()),
            sentence: &m.sentence,
            start: m.start,
            end: m.end,
            rule: &m.rule,
            confidence: m.confidence,
        }
    }
}

/// One event as a FORMAT.md JSON line (without the line break).
pub fn event_json(event: &Event) -> String {
    // Serialising borrowed strings and numbers cannot fail; an empty object would be the
    // fallback, never reached.
    serde_json::to_string(&JsonEvent::new(event)).unwrap_or_else(|_| "{}".to_string())
}

/// Writes one FORMAT.md JSON object per event per line.
pub fn write_jsonl(w: &mut impl Write, events: &[Event]) -> io::Result<()> {
    for e in events {
        writeln!(w, "{}", event_json(e))?;
    }
    Ok(())
}

/// The CSV header: one column per field, lists joined with `;`.
pub const CSV_COLUMNS: [&str; 19] = [
    "id",
    "date",
    "type",
    "cameo",
    "mode",
    "quad_class",
    "goldstein",
    "actors",
    "recipients",
    "persons",
    "place",
    "location",
    "quantities",
    "conflicts",
    "mentions",
    "articles",
    "outlets",
    "modalities",
    "sentence",
];

/// Writes one CSV row per event under a header (RFC 4180 quoting, `\n` line ends).
pub fn write_csv(w: &mut impl Write, events: &[Event]) -> io::Result<()> {
    write_csv_row(w, CSV_COLUMNS.iter().map(|c| c.to_string()))?;
    for e in events {
        write_csv_row(w, csv_fields(e))?;
    }
    Ok(())
}

fn csv_fields(e: &Event) -> Vec<String> {
    let mut articles: Vec<&str> = Vec::new();
    let mut outlets: Vec<&str> = Vec::new();
    let mut modalities: Vec<&str> = Vec::new();
    for m in &e.mentions {
        push_new(&mut articles, &m.article);
        if let Some(o) = &m.outlet {
            push_new(&mut outlets, o);
        }
        push_new(&mut modalities, m.modality.as_str());
    }
    let mut conflicts: Vec<&str> = Vec::new();
    for g in crate::query::claim_groups(&e.claims) {
        if g.conflict {
            push_new(&mut conflicts, g.field);
        }
    }
    vec![
        e.id.clone(),
        e.date.map(|d| d.to_string()).unwrap_or_default(),
        e.event_type.as_str().to_string(),
        e.cameo.clone(),
        e.mode.clone().unwrap_or_default(),
        e.quad_class.to_string(),
        e.goldstein.to_string(),
        e.actors.join(";"),
        e.recipients.join(";"),
        e.persons.join(";"),
        e.place.clone().unwrap_or_default(),
        e.location
            .as_ref()
            .map(|l| l.name.clone())
            .unwrap_or_default(),
        e.quantities
            .iter()
            .map(|q| format!("{} {} ({})", q.value, q.unit.as_str(), q.article))
            .collect::<Vec<_>>()
            .join(";"),
        conflicts.join(";"),
        e.mentions.len().to_string(),
        articles.join(";"),
        outlets.join(";"),
        modalities.join(";"),
        e.mentions
            .first()
            .map(|m| one_line(&m.sentence))
            .unwrap_or_default(),
    ]
}

fn push_new<'a>(list: &mut Vec<&'a str>, item: &'a str) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// The text on one line: runs of white space, line breaks included, become one space.
pub(crate) fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_one_line(&mut out, s);
    out
}

/// [`one_line`] appended to `out`.
pub(crate) fn push_one_line(out: &mut String, s: &str) {
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

fn write_csv_row(w: &mut impl Write, fields: impl IntoIterator<Item = String>) -> io::Result<()> {
    let mut first = true;
    for f in fields {
        if !first {
            w.write_all(b",")?;
        }
        first = false;
        w.write_all(csv_quote(&f).as_bytes())?;
    }
    w.write_all(b"\n")
}

/// A field as RFC 4180 writes it: quoted, with quotes doubled, when it holds a comma, a quote
/// or a line break (or starts or ends with a space some readers would trim).
fn csv_quote(field: &str) -> String {
    let needs =
        field.contains([',', '"', '\n', '\r']) || field.starts_with(' ') || field.ends_with(' ');
    if needs {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// An entity as one JSON line.
#[derive(Serialize)]
struct JsonEntity<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    mentions: u64,
    articles: u64,
    aliases: Vec<JsonAlias<'a>>,
}

#[derive(Serialize)]
struct JsonAlias<'a> {
    alias: &'a str,
    count: u64,
}

/// Writes one JSON object per entity per line.
pub fn write_entities_jsonl(w: &mut impl Write, entities: &[EntityRecord]) -> io::Result<()> {
    for e in entities {
        let json = JsonEntity {
            id: &e.id,
            name: &e.name,
            kind: e.kind.as_str(),
            code: e.code.as_deref(),
            mentions: e.mentions,
            articles: e.articles,
            aliases: e
                .aliases
                .iter()
                .map(|(alias, count)| JsonAlias {
                    alias,
                    count: *count,
                })
                .collect(),
        };
        let line = serde_json::to_string(&json).map_err(io::Error::other)?;
        writeln!(w, "{line}")?;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{EventType, Modality, QuantityUnit, Span};

    /// Two hand-made events: one reported by two outlets with a disputed toll, one undated.
    pub(crate) fn sample_events() -> Vec<Event> {
        let mention =
            |article: &str, outlet: Option<&str>, modality, sentence: &str| EventMention {
                article_id: format!("{:016x}", article.len() * 7919),
                article: article.to_string(),
                outlet: outlet.map(String::from),
                event_type: EventType::Assault,
                cameo: "190".to_string(),
                mode: None,
                context: vec!["military".to_string()],
                actors: vec!["JNIM".to_string()],
                recipients: vec!["BFA".to_string()],
                persons: Vec::new(),
                place: Some("BFA".to_string()),
                location: None,
                date: Some("2024-08-24".parse().unwrap()),
                weekday: None,
                date_inherited: false,
                date_relative: false,
                repeated: false,
                modality,
                quantities: Vec::new(),
                sentence: sentence.to_string(),
                start: 120,
                end: 120 + sentence.len(),
                trigger: Span::new(130, 138),
                rule: "fr/triggers.toml:attaque".to_string(),
                confidence: 0.85,
            };
        let attack = Event {
            id: "ev-5c1e0a2b".to_string(),
            event_type: EventType::Assault,
            cameo: "190".to_string(),
            mode: None,
            context: vec!["military".to_string()],
            date: Some("2024-08-24".parse().unwrap()),
            actors: vec!["JNIM".to_string()],
            recipients: vec!["BFA".to_string()],
            persons: Vec::new(),
            place: Some("BFA".to_string()),
            location: Some(Location {
                name: "Barsalogho".to_string(),
                lat: 13.41667,
                lon: -1.06667,
                geonameid: 2362344,
            }),
            quantities: vec![
                Quantity {
                    value: 400,
                    unit: QuantityUnit::Killed,
                    article: "fr-attaque.txt".into(),
                },
                Quantity {
                    value: 600,
                    unit: QuantityUnit::Killed,
                    article: "en-toll.html".into(),
                },
            ],
            claims: vec![
                Claim {
                    field: "killed".into(),
                    value: "400".into(),
                    article: "fr-attaque.txt".into(),
                    outlet: Some("L'Écho du Sahel".into()),
                    conflict: true,
                },
                Claim {
                    field: "killed".into(),
                    value: "600".into(),
                    article: "en-toll.html".into(),
                    outlet: Some("Sahel Report".into()),
                    conflict: true,
                },
            ],
            quad_class: 4,
            goldstein: -10.0,
            mentions: vec![
                mention(
                    "fr-attaque.txt",
                    Some("L'Écho du Sahel"),
                    Modality::Asserted,
                    "Samedi, des hommes armés du JNIM ont ouvert le feu sur les habitants \
                     qui creusaient une tranchée autour de la ville, \"en plein jour\".",
                ),
                mention(
                    "en-toll.html",
                    Some("Sahel Report"),
                    Modality::Reported,
                    "Up to 600 people,\nmost of them civilians, were killed, a security \
                     assessment says.",
                ),
            ],
        };
        let talks = Event {
            id: "ev-0b7d9e11".to_string(),
            event_type: EventType::Consult,
            cameo: "040".to_string(),
            mode: None,
            context: Vec::new(),
            date: None,
            actors: vec!["MLI".to_string(), "BFA".to_string(), "NER".to_string()],
            recipients: vec!["RUS".to_string()],
            persons: vec!["sergey-lavrov".to_string()],
            place: None,
            location: None,
            quantities: Vec::new(),
            claims: Vec::new(),
            quad_class: 1,
            goldstein: 1.0,
            mentions: vec![EventMention {
                event_type: EventType::Consult,
                cameo: "040".to_string(),
                actors: vec!["MLI".to_string(), "BFA".to_string(), "NER".to_string()],
                recipients: vec!["RUS".to_string()],
                place: None,
                date: None,
                ..mention(
                    "sahel-briefs.jsonl:2",
                    None,
                    Modality::Planned,
                    "The three ministers will hold talks with their Russian counterpart.",
                )
            }],
        };
        vec![attack, talks]
    }

    #[test]
    fn jsonl_lines_carry_the_keys_format_md_reads() {
        let mut out = Vec::new();
        write_jsonl(&mut out, &sample_events()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        let first = &lines[0];
        for key in [
            "id",
            "type",
            "cameo",
            "date",
            "actors",
            "recipients",
            "persons",
            "place",
            "location",
            "quantities",
            "claims",
            "quad_class",
            "goldstein",
            "mentions",
        ] {
            assert!(first.get(key).is_some(), "missing {key}");
        }
        assert_eq!(first["type"], "ASSAULT");
        assert_eq!(first["cameo"], "190");
        assert_eq!(first["date"], "2024-08-24");
        assert_eq!(first["location"]["geonameid"], 2362344);
        assert_eq!(first["quantities"][1]["unit"], "killed");
        assert_eq!(first["claims"][0]["conflict"], true);
        assert_eq!(first["goldstein"], -10.0);
        let m = &first["mentions"][1];
        for key in [
            "article",
            "modality",
            "sentence",
            "start",
            "end",
            "outlet",
            "rule",
            "confidence",
        ] {
            assert!(m.get(key).is_some(), "mention missing {key}");
        }
        assert_eq!(m["modality"], "reported");
        let second = &lines[1];
        assert!(
            second.get("date").is_none(),
            "an unknown date is absent, not null"
        );
        assert!(second.get("place").is_none());
        assert!(second["mentions"][0].get("outlet").is_none());
    }

    #[test]
    fn csv_quotes_as_rfc_4180_says() {
        assert_eq!(csv_quote("plain"), "plain");
        assert_eq!(csv_quote("a,b"), "\"a,b\"");
        assert_eq!(csv_quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_quote("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_quote(""), "");
    }

    #[test]
    fn csv_snapshot() {
        let mut out = Vec::new();
        write_csv(&mut out, &sample_events()).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }

    #[test]
    fn csv_rows_have_as_many_fields_as_the_header() {
        for e in sample_events() {
            assert_eq!(csv_fields(&e).len(), CSV_COLUMNS.len());
        }
    }

    #[test]
    fn formats_parse() {
        assert_eq!("JSONL".parse::<Format>(), Ok(Format::Jsonl));
        assert_eq!("table".parse::<Format>(), Ok(Format::Table));
        assert!("xml".parse::<Format>().is_err());
    }

    #[test]
    fn entities_write_as_json_lines() {
        let entities = vec![EntityRecord {
            id: "MLI".into(),
            name: "Mali".into(),
            kind: crate::model::EntityKind::State,
            code: Some("MLI".into()),
            mentions: 5,
            articles: 2,
            aliases: vec![("Mali".into(), 3), ("Bamako".into(), 2)],
        }];
        let mut out = Vec::new();
        write_entities_jsonl(&mut out, &entities).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["kind"], "state");
        assert_eq!(v["aliases"][1]["alias"], "Bamako");
        assert_eq!(v["aliases"][1]["count"], 2);
    }
}
