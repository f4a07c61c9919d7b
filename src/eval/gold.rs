//! Reading the two files scoring compares: the gold JSONL (`GoldEvent`s) and a system's events
//! (JSONL objects, read as plain JSON values so any producer's extra fields pass through).
//!
//! Lines are split as Python's text files split them (`\n`, `\r\n` or a lone `\r`) and blank
//! lines skipped, so `score.py` and `vigie eval` read the same records.

use std::path::Path;

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::EvalError;
use super::python;

/// One real-world event of a gold file, with every scored article that reports it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct GoldEvent {
    /// Its id (`aes-rus-moscow-2025-04-03`).
    #[serde(default)]
    pub id: String,
    /// Its PLOVER category (`CONSULT`).
    #[serde(rename = "type")]
    pub event_type: String,
    /// The CAMEO code, when coded (`"036"`; a number is read as Python's `str()` of it).
    #[serde(default, deserialize_with = "text_if_truthy")]
    pub cameo: Option<String>,
    /// PLOVER mode, when coded.
    #[serde(default, deserialize_with = "string_or_none")]
    pub mode: Option<String>,
    /// PLOVER contexts.
    #[serde(default, deserialize_with = "null_as_default")]
    pub context: Vec<String>,
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or a range `START/END`; anything else never matches.
    #[serde(default, deserialize_with = "string_or_none")]
    pub date: Option<String>,
    /// Acting states and organisations.
    #[serde(default)]
    pub actors: Vec<String>,
    /// States and organisations acted upon.
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Slugs of named persons taking part.
    #[serde(default, deserialize_with = "null_as_default")]
    pub persons: Vec<String>,
    /// ISO alpha-3 of the state where it happened.
    #[serde(default, deserialize_with = "string_or_none")]
    pub place: Option<String>,
    /// A quantity, as the gold file gives it (not scored).
    #[serde(default)]
    pub quantity: Option<Value>,
    /// Every article that reports it.
    pub mentions: Vec<GoldMention>,
    /// A borderline event: a system pair matching it counts neither right nor wrong.
    #[serde(default, deserialize_with = "truthy")]
    pub optional: bool,
    /// A note for people.
    #[serde(default, deserialize_with = "string_or_none")]
    pub note: Option<String>,
}

/// One article's report of a gold event.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct GoldMention {
    /// The article's file name.
    pub article: String,
    /// `asserted`, `planned`, `reported` or `negated` (not scored).
    #[serde(default, deserialize_with = "string_or_none")]
    pub modality: Option<String>,
    /// A short excerpt of the evidence; its words break ties between candidate matches.
    #[serde(default)]
    pub quote: String,
}

/// A string, or `None` for anything else (as `score.py` ignores a date that is not a string).
fn string_or_none<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        _ => None,
    })
}

/// Python's `str(v)` of a truthy value, `None` for a falsy one (`if g.get("cameo")`).
fn text_if_truthy<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(python::truthy(&v).then(|| python::str_of(&v)))
}

fn null_as_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Python's truth value of any JSON value (`"optional": 1` counts as true, as in `score.py`).
fn truthy<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(python::truthy(&Value::deserialize(d)?))
}

/// The lines of a text as Python's universal-newline reading gives them, 1-based, blank ones
/// (white space only, in Python's sense) left out.
fn records(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = Some(text);
    let mut number = 0;
    std::iter::from_fn(move || {
        let t = rest?;
        number += 1;
        match t.find(['\n', '\r']) {
            Some(i) => {
                let skip = if t[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&t[i + skip..]).filter(|r| !r.is_empty());
                Some((number, &t[..i]))
            }
            None => {
                rest = None;
                Some((number, t))
            }
        }
    })
    .filter(|(_, line)| !python::strip(line).is_empty())
}

fn read_text(path: &Path) -> Result<String, EvalError> {
    let bytes = std::fs::read(path).map_err(|source| EvalError::Io {
        path: path.into(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|_| EvalError::NotUtf8 { path: path.into() })
}

fn json_records(path: &Path, text: &str) -> Result<Vec<(usize, Value)>, EvalError> {
    records(text)
        .map(|(line, record)| {
            serde_json::from_str(record)
                .map(|v| (line, v))
                .map_err(|e| EvalError::invalid(path, line, format!("not JSON: {e}")))
        })
        .collect()
}

/// Parses the text of a gold JSONL file; `path` only names it in errors.
pub fn parse_gold(path: &Path, text: &str) -> Result<Vec<GoldEvent>, EvalError> {
    json_records(path, text)?
        .into_iter()
        .map(|(line, value)| {
            serde_json::from_value(value)
                .map_err(|e| EvalError::invalid(path, line, format!("not a gold event: {e}")))
        })
        .collect()
}

/// Reads a gold JSONL file: one `GoldEvent` per non-blank line.
pub fn read_gold(path: &Path) -> Result<Vec<GoldEvent>, EvalError> {
    parse_gold(path, &read_text(path)?)
}

/// Parses the text of a system events JSONL file (`vigie events --format jsonl`): one JSON
/// object per non-blank line; `path` only names it in errors.
pub fn parse_system(path: &Path, text: &str) -> Result<Vec<Value>, EvalError> {
    json_records(path, text)?
        .into_iter()
        .map(|(line, value)| match value {
            Value::Object(_) => Ok(value),
            _ => Err(EvalError::invalid(
                path,
                line,
                "not a JSON object (one event per line)",
            )),
        })
        .collect()
}

/// Reads a system events JSONL file.
pub fn read_system(path: &Path) -> Result<Vec<Value>, EvalError> {
    parse_system(path, &read_text(path)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("g.jsonl")
    }

    const EVENT: &str = r#"{"id": "x", "type": "CONSULT", "cameo": "040", "date": "2025-04-03", "actors": ["MLI"], "recipients": ["RUS"], "mentions": [{"article": "a.txt", "modality": "asserted", "quote": "Les ministres se sont rencontrés"}], "optional": false, "note": "n", "quantity": {"value": 3}}"#;

    #[test]
    fn reads_gold_events_and_skips_blank_lines() {
        let text = format!("\n{EVENT}\r\n  \r{EVENT}\r\u{1c}\n");
        let gold = parse_gold(p(), &text).unwrap();
        assert_eq!(gold.len(), 2);
        let g = &gold[0];
        assert_eq!(
            (g.id.as_str(), g.event_type.as_str(), g.cameo.as_deref()),
            ("x", "CONSULT", Some("040"))
        );
        assert_eq!(g.mentions[0].article, "a.txt");
        assert!(!g.optional);
    }

    #[test]
    fn lenient_where_score_py_is() {
        let text =
            r#"{"type": "AID", "date": 2025, "optional": 1, "persons": null, "mentions": []}"#;
        let g = &parse_gold(p(), text).unwrap()[0];
        assert_eq!(g.date, None);
        assert!(g.optional);
        assert!(g.persons.is_empty());
    }

    #[test]
    fn errors_name_file_and_line() {
        let text = format!("{EVENT}\n\n{{\"type\": \"AID\"}}\n");
        let err = parse_gold(p(), &text).unwrap_err().to_string();
        assert!(err.starts_with("g.jsonl:3: not a gold event"), "{err}");
        let err = parse_gold(p(), "{\n").unwrap_err().to_string();
        assert!(err.starts_with("g.jsonl:1: not JSON"), "{err}");
        let err = parse_system(p(), "{}\r[1]\n").unwrap_err().to_string();
        assert!(err.starts_with("g.jsonl:2: not a JSON object"), "{err}");
        let err = read_gold(Path::new("/no/such/gold.jsonl"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("/no/such/gold.jsonl"), "{err}");
    }

    #[test]
    fn line_numbers_count_every_line_ending_kind() {
        let lines: Vec<(usize, &str)> = records("a\r\nb\rc\n\nd").collect();
        assert_eq!(lines, vec![(1, "a"), (2, "b"), (3, "c"), (5, "d")]);
        assert_eq!(records("").count(), 0);
        assert_eq!(records("x\n").collect::<Vec<_>>(), vec![(1, "x")]);
    }
}
