//! A peer's test: Vigie on the PLOVER gold standard records.
//!
//! The Open Event Data Alliance coded the example sentences of the CAMEO manual in PLOVER
//! (`PLOVER_GSR_CAMEO`, one English sentence per record with its category). Nobody wrote them for
//! Vigie, so they measure how far its rules carry beyond the Sahel press: how many sentences it
//! codes at all, and how often the category it gives is the gold one.
//!
//! The records use PLOVER 0.5 names; [`PloverRenames`] maps them to the 16 current categories
//! from `data/kb/plover_renames.tsv`, so a rename is data, not code. [`parse_records`] reads the
//! file (a JSON array, as published, or JSON Lines), [`check`] runs the pipeline on each record
//! and [`evaluate`] turns what was found into a [`PloverReport`], which prints itself as a table,
//! as one JSON object, or as the list of misses.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Value, json};

use super::EvalError;
use crate::ingest::article_id;
use crate::model::{Article, DatePoint, EventMention, EventType, Modality, SourceForm};
use crate::pipeline::Pipeline;
use crate::resources::{DataError, Resources, tsv_rows};

/// The data file that maps earlier PLOVER names to current ones.
pub const RENAMES_FILE: &str = "kb/plover_renames.tsv";

/// The gold category of the records that document the file rather than code a sentence.
pub const DOCUMENTATION_CATEGORY: &str = "DOCUMENT";

/// The language a record is read in when it names none (the records are English).
pub const DEFAULT_RECORD_LANGUAGE: &str = "en";

/// Earlier PLOVER category names and the current category each became.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PloverRenames {
    map: BTreeMap<String, EventType>,
}

impl PloverRenames {
    /// Reads every `kb/plover_renames.tsv` (built in, then the user's; a later row wins).
    pub fn load(res: &Resources) -> Result<PloverRenames, DataError> {
        let mut map = BTreeMap::new();
        for file in res.files(RENAMES_FILE) {
            for (line, fields) in tsv_rows(file, true) {
                let (old, current) = match fields.as_slice() {
                    [old, current, ..] if !old.is_empty() && !current.is_empty() => (old, current),
                    _ => {
                        return Err(DataError::invalid(
                            file,
                            Some(line),
                            "expected at least two tab-separated columns: old name, current category",
                        ));
                    }
                };
                let old = old.to_ascii_uppercase();
                if old.parse::<EventType>().is_ok() {
                    return Err(DataError::invalid(
                        file,
                        Some(line),
                        format!("{old} is already a current PLOVER category; it cannot be renamed"),
                    ));
                }
                let current = current
                    .parse::<EventType>()
                    .map_err(|e| DataError::invalid(file, Some(line), e.to_string()))?;
                map.insert(old, current);
            }
        }
        Ok(PloverRenames { map })
    }

    /// The current category a gold name stands for: itself when it is one of the 16, else its
    /// rename, else `None`.
    pub fn current(&self, name: &str) -> Option<EventType> {
        name.parse::<EventType>()
            .ok()
            .or_else(|| self.map.get(&name.trim().to_ascii_uppercase()).copied())
    }

    /// Every rename, old name first, in alphabetical order of the old name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, EventType)> + '_ {
        self.map.iter().map(|(k, v)| (k.as_str(), *v))
    }
}

/// One gold record: a sentence and the category it was coded with.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PloverRecord {
    /// The record's id (`PLOVER-GSR01-AGREE-0001`).
    pub id: String,
    /// The 1-based line of the file where the record starts.
    pub line: usize,
    /// The category as the file gives it (a PLOVER 0.5 name).
    pub gold_name: String,
    /// That category under its current name.
    pub gold: EventType,
    /// The sentence.
    pub text: String,
    /// The record's date, which stands for the publication date so that "on Wednesday" resolves.
    pub published: Option<DatePoint>,
    /// The record's language (`en` when it gives none).
    pub language: String,
}

/// The records of one gold file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PloverFile {
    /// The event records, in file order.
    pub records: Vec<PloverRecord>,
    /// How many documentation records were set aside.
    pub documentation: usize,
}

/// Reads the gold file at `path`.
pub fn read_records(path: &Path, renames: &PloverRenames) -> Result<PloverFile, EvalError> {
    let bytes = std::fs::read(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| EvalError::NotUtf8 {
        path: path.to_path_buf(),
    })?;
    parse_records(&text, path, renames)
}

/// Parses gold records from `text` (a JSON array of objects, or one object per line); `path`
/// names the file in errors.
pub fn parse_records(
    text: &str,
    path: &Path,
    renames: &PloverRenames,
) -> Result<PloverFile, EvalError> {
    let mut file = PloverFile::default();
    for (line, value) in json_values(text).map_err(|(line, m)| EvalError::invalid(path, line, m))? {
        let bad = |m: String| EvalError::invalid(path, line, m);
        let Value::Object(obj) = value else {
            return Err(bad("expected a record (a JSON object)".into()));
        };
        let string = |key: &str| -> Result<Option<String>, EvalError> {
            match obj.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
                Some(other) => Err(bad(format!("\"{key}\" must be a string, not {other}"))),
            }
        };
        let id = string("id")?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad("the record has no \"id\"".into()))?;
        let gold_name = string("event")?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad(format!("record {id} has no \"event\" (its category)")))?;
        if gold_name.eq_ignore_ascii_case(DOCUMENTATION_CATEGORY) {
            file.documentation += 1;
            continue;
        }
        let gold = renames.current(&gold_name).ok_or_else(|| {
            bad(format!(
                "record {id}: category {gold_name:?} is neither one of the 16 PLOVER categories \
                 nor an earlier name listed in {RENAMES_FILE} (add a row there, or with --kb)"
            ))
        })?;
        let text = string("text")?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad(format!("record {id} has no \"text\"")))?;
        let published = string("date")?
            .filter(|s| !s.is_empty())
            .map(|d| {
                d.parse::<DatePoint>()
                    .map_err(|e| bad(format!("record {id}: \"date\": {e}")))
            })
            .transpose()?;
        let language = string("language")?
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| DEFAULT_RECORD_LANGUAGE.to_string());
        file.records.push(PloverRecord {
            id,
            line,
            gold_name,
            gold,
            text,
            published,
            language,
        });
    }
    Ok(file)
}

/// The JSON values of `text` with the 1-based line each starts on: the elements of a top-level
/// array, or a sequence of values (JSON Lines). Errors carry their line.
fn json_values(text: &str) -> Result<Vec<(usize, Value)>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    let mut pos = skip_ws(text, 0);
    let in_array = text[pos..].starts_with('[');
    if in_array {
        pos = skip_ws(text, pos + 1);
        if text[pos..].starts_with(']') {
            pos = skip_ws(text, pos + 1);
            return if pos == text.len() {
                Ok(out)
            } else {
                Err((lines.line_of(pos), "text after the closing ]".into()))
            };
        }
    }
    loop {
        if pos == text.len() {
            if in_array {
                return Err((
                    lines.line_of(pos),
                    "the file ends before the closing ]".into(),
                ));
            }
            return Ok(out);
        }
        let rest = &text[pos..];
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        match stream.next() {
            Some(Ok(value)) => out.push((lines.line_of(pos), value)),
            Some(Err(e)) => {
                let line = lines.line_of(pos) + e.line().saturating_sub(1);
                return Err((line, format!("not valid JSON: {e}")));
            }
            None => return Err((lines.line_of(pos), "expected a JSON value".into())),
        }
        pos = skip_ws(text, pos + stream.byte_offset());
        if in_array {
            let after = &text[pos..];
            if after.starts_with(',') {
                pos = skip_ws(text, pos + 1);
            } else if after.starts_with(']') {
                pos = skip_ws(text, pos + 1);
                if pos != text.len() {
                    return Err((lines.line_of(pos), "text after the closing ]".into()));
                }
                return Ok(out);
            } else {
                return Err((lines.line_of(pos), "expected , or ] after a record".into()));
            }
        }
    }
}

/// The byte offset of the first non-white-space byte at or after `pos`.
fn skip_ws(text: &str, pos: usize) -> usize {
    let rest = text.get(pos..).unwrap_or("");
    text.len() - rest.trim_start().len()
}

/// Byte offsets of line starts, to turn an offset into a 1-based line.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }
}

/// One event mention Vigie extracted from a record, as much of it as the check needs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The PLOVER category.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// The CAMEO code.
    pub cameo: String,
    /// The rule that fired.
    pub rule: String,
    /// The words that triggered it.
    pub trigger: String,
    /// How the sentence presents it.
    pub modality: Modality,
    /// The extractor's confidence.
    pub confidence: f32,
}

impl Finding {
    /// What the check keeps of an event mention extracted from `text`.
    pub fn of(mention: &EventMention, text: &str) -> Finding {
        Finding {
            event_type: mention.event_type,
            cameo: mention.cameo.clone(),
            rule: mention.rule.clone(),
            trigger: mention.trigger.slice(text).to_string(),
            modality: mention.modality,
            confidence: mention.confidence,
        }
    }
}

/// The article a record is read as: its sentence, its language, its date as publication date.
pub fn record_article(record: &PloverRecord, source: &str) -> Article {
    Article {
        id: article_id(&record.text),
        name: record.id.clone(),
        source: source.to_string(),
        form: SourceForm::JsonLines,
        url: None,
        title: None,
        published: record.published,
        language: Some(record.language.clone()),
        outlet: None,
        text: record.text.clone(),
    }
}

/// Runs the pipeline on one record; the findings come most confident first (earlier in the
/// sentence on a tie), so the first is the type Vigie would give the sentence if it gave one.
pub fn code_record(
    pipeline: &Pipeline,
    record: &PloverRecord,
    source: &str,
    today: NaiveDate,
) -> Vec<Finding> {
    let article = record_article(record, source);
    let (_, mut mentions) = pipeline.analyse(&article, today);
    mentions.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(a.trigger.start.cmp(&b.trigger.start))
            .then(a.start.cmp(&b.start))
    });
    mentions
        .iter()
        .map(|m| Finding::of(m, &article.text))
        .collect()
}

/// Runs the pipeline on every record of `file` (read from `source`) and scores what it found.
pub fn check(
    pipeline: &Pipeline,
    file: &PloverFile,
    source: &str,
    today: NaiveDate,
) -> PloverReport {
    let findings: Vec<Vec<Finding>> = file
        .records
        .iter()
        .map(|r| code_record(pipeline, r, source, today))
        .collect();
    evaluate(file, findings)
}

/// How one record came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Nothing extracted.
    Uncoded,
    /// Events extracted, none of the gold category.
    WrongType,
    /// The gold category is among those extracted, but not the most confident.
    NotFirst,
    /// The most confident event is of the gold category.
    Right,
}

impl Verdict {
    /// The lower-case name used in output.
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Uncoded => "uncoded",
            Verdict::WrongType => "wrong_type",
            Verdict::NotFirst => "not_first",
            Verdict::Right => "right",
        }
    }
}

/// One record with what Vigie found in it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordOutcome {
    /// The gold record.
    pub record: PloverRecord,
    /// What was extracted, most confident first.
    pub found: Vec<Finding>,
}

impl RecordOutcome {
    /// Whether anything was extracted.
    pub fn coded(&self) -> bool {
        !self.found.is_empty()
    }

    /// Whether one of the extracted types is the gold category.
    pub fn correct_any(&self) -> bool {
        self.found.iter().any(|f| f.event_type == self.record.gold)
    }

    /// Whether the most confident extracted type is the gold category.
    pub fn correct_first(&self) -> bool {
        self.found
            .first()
            .is_some_and(|f| f.event_type == self.record.gold)
    }

    /// How the record came out.
    pub fn verdict(&self) -> Verdict {
        if !self.coded() {
            Verdict::Uncoded
        } else if self.correct_first() {
            Verdict::Right
        } else if self.correct_any() {
            Verdict::NotFirst
        } else {
            Verdict::WrongType
        }
    }
}

/// Counts over a set of records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Records.
    pub records: usize,
    /// Records where at least one event was extracted.
    pub coded: usize,
    /// Coded records where one of the extracted types is the gold category.
    pub correct_any: usize,
    /// Coded records where the most confident extracted type is the gold category.
    pub correct_first: usize,
}

impl Tally {
    fn add(&mut self, o: &RecordOutcome) {
        self.records += 1;
        self.coded += usize::from(o.coded());
        self.correct_any += usize::from(o.correct_any());
        self.correct_first += usize::from(o.correct_first());
    }

    /// Share of records coded, when there are records.
    pub fn coverage(&self) -> Option<f64> {
        ratio(self.coded, self.records)
    }

    /// Category accuracy on coded records, any extracted type counting.
    pub fn accuracy_any(&self) -> Option<f64> {
        ratio(self.correct_any, self.coded)
    }

    /// Category accuracy on coded records, the most confident type only.
    pub fn accuracy_first(&self) -> Option<f64> {
        ratio(self.correct_first, self.coded)
    }
}

fn ratio(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// One row of the per-category table: the records of one gold category, as the file names it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CategoryRow {
    /// The category as the file gives it.
    pub gold_name: String,
    /// Its current name.
    pub gold: EventType,
    /// The counts.
    pub tally: Tally,
}

/// What Vigie made of the gold records.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PloverReport {
    /// Documentation records set aside.
    pub documentation: usize,
    /// The counts over all event records.
    pub total: Tally,
    /// The counts per gold category, in PLOVER's order of the current category.
    pub categories: Vec<CategoryRow>,
    /// Every record with its findings, in file order.
    pub outcomes: Vec<RecordOutcome>,
}

/// Scores `findings` (one list per record of `file`, in the same order, most confident first).
pub fn evaluate(file: &PloverFile, findings: Vec<Vec<Finding>>) -> PloverReport {
    let mut findings = findings.into_iter();
    let outcomes: Vec<RecordOutcome> = file
        .records
        .iter()
        .map(|record| RecordOutcome {
            record: record.clone(),
            found: findings.next().unwrap_or_default(),
        })
        .collect();
    let mut total = Tally::default();
    let mut rows: BTreeMap<(EventType, String), Tally> = BTreeMap::new();
    for o in &outcomes {
        total.add(o);
        rows.entry((o.record.gold, o.record.gold_name.to_ascii_uppercase()))
            .or_default()
            .add(o);
    }
    let categories = rows
        .into_iter()
        .map(|((gold, gold_name), tally)| CategoryRow {
            gold_name,
            gold,
            tally,
        })
        .collect();
    PloverReport {
        documentation: file.documentation,
        total,
        categories,
        outcomes,
    }
}

fn percent(x: Option<f64>) -> String {
    x.map_or("-".to_string(), |v| format!("{:.1}%", v * 100.0))
}

fn json_ratio(x: Option<f64>) -> Value {
    x.map_or(Value::Null, |v| json!((v * 1000.0).round() / 1000.0))
}

impl PloverReport {
    /// The records that were not right: not coded, wrongly typed, or right only below the most
    /// confident type.
    pub fn misses(&self) -> impl Iterator<Item = &RecordOutcome> + '_ {
        self.outcomes
            .iter()
            .filter(|o| o.verdict() != Verdict::Right)
    }

    /// The summary and the per-category table, for a terminal. `source` names the gold file and
    /// `renames` the name mapping used.
    pub fn write_text(
        &self,
        out: &mut impl Write,
        source: &str,
        renames: &PloverRenames,
    ) -> io::Result<()> {
        let t = &self.total;
        writeln!(out, "PLOVER gold standard records: {source}")?;
        let mapped: Vec<String> = renames
            .iter()
            .filter(|(old, _)| self.categories.iter().any(|c| c.gold_name == *old))
            .map(|(old, new)| format!("{old}→{new}"))
            .collect();
        writeln!(
            out,
            "{} event records ({} documentation record{} set aside); earlier PLOVER names read as: {}",
            t.records,
            self.documentation,
            if self.documentation == 1 { "" } else { "s" },
            if mapped.is_empty() {
                "none".to_string()
            } else {
                mapped.join(", ")
            }
        )?;
        writeln!(
            out,
            "coded (at least one event extracted): {} of {} ({})",
            t.coded,
            t.records,
            percent(t.coverage())
        )?;
        writeln!(
            out,
            "category accuracy on coded records: one of the types found {} of {} ({}); \
             the most confident type {} of {} ({})",
            t.correct_any,
            t.coded,
            percent(t.accuracy_any()),
            t.correct_first,
            t.coded,
            percent(t.accuracy_first())
        )?;
        writeln!(out)?;
        writeln!(
            out,
            "{:<12} {:<10} {:>7} {:>6} {:>7} {:>7} {:>7} {:>7}",
            "gold", "now", "records", "coded", "any", "acc", "first", "acc"
        )?;
        let row = |out: &mut dyn Write, gold: &str, now: &str, r: &Tally| {
            writeln!(
                out,
                "{:<12} {:<10} {:>7} {:>6} {:>7} {:>7} {:>7} {:>7}",
                gold,
                now,
                r.records,
                r.coded,
                r.correct_any,
                percent(r.accuracy_any()),
                r.correct_first,
                percent(r.accuracy_first())
            )
        };
        for c in &self.categories {
            row(out, &c.gold_name, c.gold.as_str(), &c.tally)?;
        }
        row(out, "all", "", t)?;
        writeln!(
            out,
            "\nany: coded records where one of the types found is the gold category; first: where \
             the most confident one is; acc: of the coded records."
        )
    }

    /// Every miss with the sentence and what was found, then a count per verdict.
    pub fn write_explain(&self, out: &mut impl Write) -> io::Result<()> {
        let mut counts: BTreeMap<Verdict, usize> = BTreeMap::new();
        for o in self.misses() {
            let verdict = o.verdict();
            *counts.entry(verdict).or_default() += 1;
            let r = &o.record;
            let gold = if r.gold_name.eq_ignore_ascii_case(r.gold.as_str()) {
                r.gold.as_str().to_string()
            } else {
                format!("{} ({})", r.gold, r.gold_name)
            };
            writeln!(
                out,
                "{} line {}: gold {gold}, {}",
                r.id,
                r.line,
                verdict.as_str()
            )?;
            if o.found.is_empty() {
                writeln!(out, "  found:    nothing")?;
            }
            for f in &o.found {
                writeln!(
                    out,
                    "  found:    {} {} {} {:.2} [{}] trigger={:?}",
                    f.event_type,
                    f.cameo,
                    f.modality.as_str(),
                    f.confidence,
                    f.rule,
                    f.trigger
                )?;
            }
            writeln!(out, "  sentence: {}", r.text)?;
        }
        let summary: Vec<String> = counts
            .iter()
            .map(|(v, n)| format!("{} {n}", v.as_str()))
            .collect();
        writeln!(
            out,
            "misses: {} ({})\n",
            counts.values().sum::<usize>(),
            if summary.is_empty() {
                "none".to_string()
            } else {
                summary.join(", ")
            }
        )
    }

    /// The report as one JSON object; with `explain`, every miss too.
    pub fn to_json(&self, source: &str, renames: &PloverRenames, explain: bool) -> Value {
        let tally = |t: &Tally| {
            json!({
                "records": t.records,
                "coded": t.coded,
                "correct_any": t.correct_any,
                "correct_first": t.correct_first,
                "coverage": json_ratio(t.coverage()),
                "accuracy_any": json_ratio(t.accuracy_any()),
                "accuracy_first": json_ratio(t.accuracy_first()),
            })
        };
        let mut obj = json!({
            "file": source,
            "documentation_records": self.documentation,
            "renames": renames.iter().map(|(o, n)| (o.to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
            "total": tally(&self.total),
            "categories": self.categories.iter().map(|c| {
                let mut row = tally(&c.tally);
                if let Value::Object(m) = &mut row {
                    m.insert("gold".into(), json!(c.gold_name));
                    m.insert("now".into(), json!(c.gold));
                }
                row
            }).collect::<Vec<_>>(),
        });
        if explain {
            let misses: Vec<Value> = self
                .misses()
                .map(|o| {
                    json!({
                        "id": o.record.id,
                        "line": o.record.line,
                        "gold": o.record.gold_name,
                        "now": o.record.gold,
                        "verdict": o.verdict(),
                        "found": o.found,
                        "sentence": o.record.text,
                    })
                })
                .collect();
            if let Value::Object(m) = &mut obj {
                m.insert("misses".into(), Value::Array(misses));
            }
        }
        obj
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renames() -> PloverRenames {
        PloverRenames::load(&Resources::builtin()).unwrap()
    }

    /// Three hand-written records in the published form: an array, a documentation record first.
    const GOLD: &str = r#"[
{
    "id": "DOC-0001",
    "event": "DOCUMENT",
    "comment": "what the file is"
},
{
    "id": "T-DEMAND-1",
    "date": "2019-03-05",
    "event": "DEMAND",
    "text": "The opposition party called on the interior minister to resign over the flooding.",
    "language": "en"
},
{
    "id": "T-FIGHT-1",
    "date": "2019-03-06",
    "event": "FIGHT",
    "text": "Army units shelled rebel positions outside the port city on Tuesday."
},
  {"id": "T-AGREE-1", "event": "AGREE", "text": "The two governments pledged to reopen their shared border."}
]
"#;

    fn finding(t: EventType, confidence: f32) -> Finding {
        Finding {
            event_type: t,
            cameo: "000".into(),
            rule: "test".into(),
            trigger: "x".into(),
            modality: Modality::Asserted,
            confidence,
        }
    }

    #[test]
    fn the_built_in_renames_cover_the_plover_0_5_names() {
        let r = renames();
        assert_eq!(r.current("DEMAND"), Some(EventType::Request));
        assert_eq!(r.current("DISAPPROVE"), Some(EventType::Accuse));
        assert_eq!(r.current("INVESTIGATE"), Some(EventType::Accuse));
        assert_eq!(r.current("fight"), Some(EventType::Assault));
        assert_eq!(r.current("ASSAULT"), Some(EventType::Assault));
        assert_eq!(r.current("CRIME"), None);
    }

    #[test]
    fn a_user_row_extends_the_renames_and_bad_rows_name_their_line() {
        let res = Resources::builtin().with_file(RENAMES_FILE, "old\tcurrent\nCRIME\tCOERCE\n");
        assert_eq!(
            PloverRenames::load(&res).unwrap().current("CRIME"),
            Some(EventType::Coerce)
        );
        let res = Resources::empty().with_file(RENAMES_FILE, "# x\nold\tcurrent\nCRIME\tARREST\n");
        let err = PloverRenames::load(&res).unwrap_err().to_string();
        assert!(
            err.contains("plover_renames.tsv") && err.contains(":3:"),
            "{err}"
        );
        let res = Resources::empty().with_file(RENAMES_FILE, "old\tcurrent\nAGREE\tSUPPORT\n");
        assert!(PloverRenames::load(&res).is_err());
        let res = Resources::empty().with_file(RENAMES_FILE, "old\tcurrent\nLONE\n");
        assert!(PloverRenames::load(&res).is_err());
    }

    #[test]
    fn records_are_read_with_their_line_and_current_category() {
        let file = parse_records(GOLD, Path::new("gold.json"), &renames()).unwrap();
        assert_eq!(file.documentation, 1);
        let ids: Vec<&str> = file.records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["T-DEMAND-1", "T-FIGHT-1", "T-AGREE-1"]);
        let first = &file.records[0];
        assert_eq!(first.line, 7);
        assert_eq!(first.gold_name, "DEMAND");
        assert_eq!(first.gold, EventType::Request);
        assert_eq!(first.published, DatePoint::day(2019, 3, 5));
        assert_eq!(file.records[1].gold, EventType::Assault);
        assert_eq!(file.records[1].language, "en");
        assert_eq!(file.records[2].line, 20);
        assert_eq!(file.records[2].published, None);
    }

    #[test]
    fn json_lines_are_read_too() {
        let jsonl = "{\"id\":\"a\",\"event\":\"REJECT\",\"text\":\"Ministers refused the offer.\"}\n\
                     {\"id\":\"b\",\"event\":\"AID\",\"text\":\"Donors sent grain.\"}\n";
        let file = parse_records(jsonl, Path::new("g.jsonl"), &renames()).unwrap();
        assert_eq!(file.records.len(), 2);
        assert_eq!(file.records[1].line, 2);
        assert_eq!(file.records[1].gold, EventType::Aid);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let r = renames();
        let cases = [
            (
                "[\n{\"id\": \"a\", \"event\": \"AGREE\", \"text\": \"x\"},\n{\"id\": \"b\",\n \"event\": }\n]",
                ":4:",
            ),
            (
                "[\n{\"id\": \"a\", \"event\": \"CRIME\", \"text\": \"x\"}\n]",
                ":2:",
            ),
            ("[\n{\"id\": \"a\", \"event\": \"AGREE\"}\n]", ":2:"),
            (
                "[\n{\"id\": \"a\", \"event\": \"AGREE\", \"text\": \"x\", \"date\": \"May 5\"}\n]",
                ":2:",
            ),
            (
                "[\n{\"id\": \"a\", \"event\": \"AGREE\", \"text\": \"x\"}\n{\"id\": \"b\"}]",
                ":3:",
            ),
            (
                "[\n{\"id\": \"a\", \"event\": \"AGREE\", \"text\": \"x\"},\n",
                ":3:",
            ),
            ("[\n3\n]", ":2:"),
            ("[\n{\"event\": \"AGREE\", \"text\": \"x\"}\n]", ":2:"),
        ];
        for (text, line) in cases {
            let err = parse_records(text, Path::new("gold.json"), &r)
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with("gold.json") && err.contains(line),
                "{text:?}: {err}"
            );
        }
        assert!(
            parse_records("[]", Path::new("g"), &r)
                .unwrap()
                .records
                .is_empty()
        );
        assert!(
            parse_records("", Path::new("g"), &r)
                .unwrap()
                .records
                .is_empty()
        );
    }

    #[test]
    fn evaluate_counts_coded_and_correct_records_per_category() {
        let file = parse_records(GOLD, Path::new("gold.json"), &renames()).unwrap();
        let report = evaluate(
            &file,
            vec![
                // DEMAND → REQUEST: found, but below an ACCUSE.
                vec![
                    finding(EventType::Accuse, 0.9),
                    finding(EventType::Request, 0.8),
                ],
                // FIGHT → ASSAULT: right.
                vec![finding(EventType::Assault, 0.9)],
                // AGREE: nothing.
                vec![],
            ],
        );
        let t = report.total;
        assert_eq!(
            (t.records, t.coded, t.correct_any, t.correct_first),
            (3, 2, 2, 1)
        );
        assert_eq!(t.accuracy_any(), Some(1.0));
        assert_eq!(t.accuracy_first(), Some(0.5));
        let rows: Vec<(&str, EventType, usize, usize)> = report
            .categories
            .iter()
            .map(|c| {
                (
                    c.gold_name.as_str(),
                    c.gold,
                    c.tally.coded,
                    c.tally.correct_first,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("AGREE", EventType::Agree, 0, 0),
                ("DEMAND", EventType::Request, 1, 0),
                ("FIGHT", EventType::Assault, 1, 1),
            ]
        );
        let verdicts: Vec<Verdict> = report.misses().map(|o| o.verdict()).collect();
        assert_eq!(verdicts, [Verdict::NotFirst, Verdict::Uncoded]);
        assert_eq!(report.categories[0].tally.accuracy_any(), None);
    }

    #[test]
    fn the_report_prints_as_a_table_as_json_and_as_misses() {
        let r = renames();
        let file = parse_records(GOLD, Path::new("gold.json"), &r).unwrap();
        let report = evaluate(
            &file,
            vec![vec![finding(EventType::Threaten, 0.7)], vec![], vec![]],
        );
        let mut text = Vec::new();
        report.write_text(&mut text, "gold.json", &r).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(
            text.contains("coded (at least one event extracted): 1 of 3"),
            "{text}"
        );
        assert!(
            text.contains("DEMAND→REQUEST") && text.contains("FIGHT→ASSAULT"),
            "{text}"
        );
        assert!(
            !text.contains("INVESTIGATE→"),
            "only the names the file uses: {text}"
        );
        assert!(
            text.lines().any(|l| l.starts_with("DEMAND       REQUEST")),
            "{text}"
        );

        let mut explain = Vec::new();
        report.write_explain(&mut explain).unwrap();
        let explain = String::from_utf8(explain).unwrap();
        assert!(
            explain.contains("T-DEMAND-1 line 7: gold REQUEST (DEMAND), wrong_type"),
            "{explain}"
        );
        assert!(explain.contains("found:    THREATEN"), "{explain}");
        assert!(
            explain.contains("misses: 3 (uncoded 2, wrong_type 1)"),
            "{explain}"
        );

        let json = report.to_json("gold.json", &r, true);
        assert_eq!(json["total"]["records"], 3);
        assert_eq!(json["total"]["coded"], 1);
        assert_eq!(json["total"]["accuracy_first"], 0.0);
        assert_eq!(json["renames"]["DEMAND"], "REQUEST");
        assert_eq!(json["misses"].as_array().map(Vec::len), Some(3));
        assert_eq!(json["categories"][1]["gold"], "DEMAND");
        assert_eq!(json["categories"][1]["now"], "REQUEST");
        assert!(report.to_json("g", &r, false).get("misses").is_none());
    }

    #[test]
    fn check_runs_the_pipeline_on_each_record() {
        let r = renames();
        let pipeline = Pipeline::load(None).unwrap();
        let today = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let gold = r#"[
{"id": "calm", "event": "AGREE", "text": "The weather stayed mild across the capital all week.", "date": "2019-03-05"},
{"id": "visit", "event": "CONSULT", "text": "Mali's foreign minister met his Russian counterpart in Moscow on Thursday.", "date": "2019-03-05"}
]"#;
        let file = parse_records(gold, Path::new("g.json"), &r).unwrap();
        let report = check(&pipeline, &file, "g.json", today);
        assert_eq!(report.total.records, 2);
        assert!(
            !report.outcomes[0].coded(),
            "{:?}",
            report.outcomes[0].found
        );
        assert!(
            report.outcomes[1].correct_first(),
            "{:?}",
            report.outcomes[1].found
        );
        let article = record_article(&file.records[1], "g.json");
        assert_eq!(article.published, DatePoint::day(2019, 3, 5));
        assert_eq!(article.language.as_deref(), Some("en"));
    }
}
