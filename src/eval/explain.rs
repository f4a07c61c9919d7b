//! Error analysis: for every gold pair the system missed and every system pair that matched no
//! gold, the sentence and the reason, then a count per reason.
//!
//! A reason is found by lining the pair up with its nearest counterpart in the same article:
//! the system pair whose evidence sentence holds most of the gold quote's words (or, for a
//! spurious pair, the gold event whose quote its sentence holds). Comparing the two field by
//! field then says what went wrong — the next rule is written from the counts, not from one
//! sentence.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;

use serde_json::Value;

use super::dates::{self, Interval};
use super::gold::GoldEvent;
use super::score::{
    Score, ScoreOptions, codes, mention_article, mention_text, scored_articles, system_type, words,
};

/// Share of the gold quote's words a system sentence must hold to be about the same words.
const SAME_EVIDENCE: f64 = 0.5;

/// Why a pair did not match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// Nothing was extracted from the sentence that carries the gold event.
    NoTrigger,
    /// The system saw the sentence but with another PLOVER type.
    TypeConfused,
    /// The right event, without a date.
    DateMissing,
    /// The right event, dated incompatibly.
    DateOff,
    /// The right event, without enough of the gold participants.
    ActorNotLinked,
    /// The right event, read as hypothetical and so left out of scoring.
    Modality,
    /// The system event that carries this gold event was matched to another gold event.
    Merged,
    /// A second system event for a gold event another system event already matched.
    Split,
    /// No gold event is carried by this sentence.
    NoGoldEvent,
}

impl Reason {
    /// A short name for the tables.
    pub fn as_str(&self) -> &'static str {
        match self {
            Reason::NoTrigger => "no trigger",
            Reason::TypeConfused => "type confused",
            Reason::DateMissing => "date missing",
            Reason::DateOff => "date off",
            Reason::ActorNotLinked => "actor not linked",
            Reason::Modality => "modality",
            Reason::Merged => "merged",
            Reason::Split => "split",
            Reason::NoGoldEvent => "no gold event",
        }
    }
}

/// One unmatched pair and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// True for a missed gold pair, false for a spurious system pair.
    pub missed: bool,
    /// The article.
    pub article: String,
    /// The reason.
    pub reason: Reason,
    /// The event it is about: gold id or system id, with type, date and participants.
    pub event: String,
    /// What the counterpart had, when the reason compares the two.
    pub detail: String,
    /// The gold quote (missed) or the system sentence (spurious).
    pub text: String,
}

/// All findings of one scoring run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Explanation {
    /// Missed gold pairs first, then spurious system pairs, each by article.
    pub findings: Vec<Finding>,
    /// System events matched to more than one gold event: the event, then each (gold id,
    /// article) it was matched to.
    pub wrong_merges: Vec<(String, Vec<(String, String)>)>,
}

impl Explanation {
    /// How many findings of each kind per reason.
    pub fn counts(&self, missed: bool) -> BTreeMap<Reason, usize> {
        let mut out = BTreeMap::new();
        for f in self.findings.iter().filter(|f| f.missed == missed) {
            *out.entry(f.reason).or_default() += 1;
        }
        out
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for x in &self.findings {
            let head = if x.missed { "missed  " } else { "spurious" };
            writeln!(
                f,
                "{head} {} {} — {}",
                x.article,
                x.event,
                x.reason.as_str()
            )?;
            if !x.detail.is_empty() {
                writeln!(f, "         {}", x.detail)?;
            }
            writeln!(
                f,
                "         « {} »",
                x.text.split_whitespace().collect::<Vec<_>>().join(" ")
            )?;
        }
        for (event, golds) in &self.wrong_merges {
            let list: Vec<String> = golds.iter().map(|(g, a)| format!("{g} ({a})")).collect();
            writeln!(f, "wrong merge {event}: matched {}", list.join(", "))?;
        }
        for (missed, title) in [
            (true, "missed gold pairs"),
            (false, "spurious system pairs"),
        ] {
            let counts = self.counts(missed);
            let total: usize = counts.values().sum();
            writeln!(f, "\n{title}: {total}")?;
            let mut rows: Vec<(Reason, usize)> = counts.into_iter().collect();
            rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            for (reason, n) in rows {
                writeln!(f, "  {:<18} {n:>4}", reason.as_str())?;
            }
        }
        Ok(())
    }
}

/// One system event's view of one article.
struct SystemPair<'a> {
    index: usize,
    event: &'a Value,
    words: HashSet<String>,
    text: String,
    /// True when every mention in the article is hypothetical (left out of scoring).
    hypothetical_only: bool,
}

/// Lines every unmatched pair of `score` up with its counterpart and says why it did not match.
pub fn explain(
    gold: &[GoldEvent],
    system: &[Value],
    score: &Score,
    options: &ScoreOptions,
) -> Explanation {
    let articles = scored_articles(gold, options);
    let matched_system: BTreeMap<(usize, &str), &str> = score
        .matched
        .iter()
        .map(|m| ((m.system, m.article.as_str()), m.gold_id.as_str()))
        .collect();
    let matched_gold: BTreeSet<(usize, &str)> = score
        .matched
        .iter()
        .map(|m| (m.gold, m.article.as_str()))
        .collect();
    let mut findings = Vec::new();

    for &article in &articles {
        let pairs = system_pairs(system, article);
        for m in score.missed.iter().filter(|m| m.article == article) {
            let Some(g) = gold.get(m.gold) else { continue };
            let quote = g
                .mentions
                .iter()
                .find(|x| x.article == article)
                .map_or("", |x| x.quote.as_str());
            let (reason, detail) =
                diagnose_missed(g, quote, &pairs, &matched_system, article, options.untyped);
            findings.push(Finding {
                missed: true,
                article: article.to_string(),
                reason,
                event: describe_gold(g),
                detail,
                text: quote.to_string(),
            });
        }
        for s in score.spurious.iter().filter(|s| s.article == article) {
            let Some(pair) = pairs.iter().find(|p| p.index == s.system) else {
                continue;
            };
            let (reason, detail) =
                diagnose_spurious(gold, pair, &matched_gold, article, options.untyped);
            findings.push(Finding {
                missed: false,
                article: article.to_string(),
                reason,
                event: describe_system(pair.event),
                detail,
                text: pair.text.clone(),
            });
        }
    }
    findings.sort_by(|a, b| (!a.missed, &a.article).cmp(&(!b.missed, &b.article)));
    let mut by_system: BTreeMap<usize, BTreeSet<(String, String)>> = BTreeMap::new();
    for m in score.matched.iter().filter(|m| !m.optional) {
        by_system
            .entry(m.system)
            .or_default()
            .insert((m.gold_id.clone(), m.article.clone()));
    }
    let wrong_merges = by_system
        .into_iter()
        .filter(|(_, golds)| golds.iter().map(|(g, _)| g).collect::<BTreeSet<_>>().len() > 1)
        .map(|(si, golds)| {
            (
                system
                    .get(si)
                    .map_or_else(|| format!("#{si}"), describe_system),
                golds.into_iter().collect(),
            )
        })
        .collect();
    Explanation {
        findings,
        wrong_merges,
    }
}

fn system_pairs<'a>(system: &'a [Value], article: &str) -> Vec<SystemPair<'a>> {
    let mut out = Vec::new();
    for (index, event) in system.iter().enumerate() {
        let Some(mentions) = event.get("mentions").and_then(Value::as_array) else {
            continue;
        };
        let here: Vec<&Value> = mentions
            .iter()
            .filter(|m| {
                let a = m.get("article").and_then(Value::as_str).unwrap_or("");
                a.rsplit('/').next().unwrap_or(a) == article
            })
            .collect();
        if here.is_empty() {
            continue;
        }
        let hypothetical_only = here.iter().all(|m| mention_article(m).is_none());
        let text = here
            .iter()
            .map(|m| mention_text(m))
            .collect::<Vec<_>>()
            .join(" ");
        out.push(SystemPair {
            index,
            event,
            words: words(&text),
            text,
            hypothetical_only,
        });
    }
    out
}

fn overlap(quote: &HashSet<String>, evidence: &HashSet<String>) -> f64 {
    if quote.is_empty() {
        0.0
    } else {
        quote.intersection(evidence).count() as f64 / quote.len() as f64
    }
}

fn participants(event: &Value) -> BTreeSet<String> {
    let mut p = codes(event.get("actors"));
    p.extend(codes(event.get("recipients")));
    p
}

/// Compares a system event with a gold event field by field: the first field that keeps them
/// apart, or `None` when they could match.
fn first_difference(event: &Value, g: &GoldEvent, untyped: bool) -> Option<(Reason, String)> {
    let st = system_type(event);
    if !untyped && st != g.event_type {
        return Some((
            Reason::TypeConfused,
            format!("system type {st}, gold {}", g.event_type),
        ));
    }
    let sd = dates::system_interval(event);
    let gd: Option<Interval> = g.date.as_deref().and_then(dates::interval);
    if sd.is_none() {
        return Some((
            Reason::DateMissing,
            format!("gold date {}", g.date.as_deref().unwrap_or("?")),
        ));
    }
    if !dates::compatible(sd, gd) {
        let shown = event
            .get("date")
            .map(|d| d.as_str().unwrap_or("?").to_string())
            .unwrap_or_default();
        return Some((
            Reason::DateOff,
            format!(
                "system date {shown}, gold {}",
                g.date.as_deref().unwrap_or("?")
            ),
        ));
    }
    let gp: BTreeSet<String> = g
        .actors
        .iter()
        .chain(g.recipients.iter())
        .cloned()
        .collect();
    let sp = participants(event);
    let shared = gp.intersection(&sp).count();
    if shared < gp.len().min(2) {
        return Some((
            Reason::ActorNotLinked,
            format!("system participants {}, gold {}", join(&sp), join(&gp)),
        ));
    }
    None
}

fn diagnose_missed(
    g: &GoldEvent,
    quote: &str,
    pairs: &[SystemPair<'_>],
    matched_system: &BTreeMap<(usize, &str), &str>,
    article: &str,
    untyped: bool,
) -> (Reason, String) {
    let qw = words(quote);
    let best = pairs
        .iter()
        .map(|p| (overlap(&qw, &p.words), p))
        .filter(|(o, _)| *o >= SAME_EVIDENCE)
        .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
    // Prefer, among the pairs on the same words, one that differs from the gold the least.
    let candidates: Vec<&SystemPair> = pairs
        .iter()
        .filter(|p| overlap(&qw, &p.words) >= SAME_EVIDENCE)
        .collect();
    if let Some(p) = candidates
        .iter()
        .find(|p| !p.hypothetical_only && first_difference(p.event, g, untyped).is_none())
    {
        let other = matched_system
            .get(&(p.index, article))
            .copied()
            .unwrap_or("?");
        return (
            Reason::Merged,
            format!("{} went to gold {other}", describe_system(p.event)),
        );
    }
    if let Some(p) = candidates.iter().find(|p| p.hypothetical_only) {
        return (
            Reason::Modality,
            format!("{} is hypothetical here", describe_system(p.event)),
        );
    }
    if let Some((_, p)) = best
        && let Some(diff) = first_difference(p.event, g, untyped)
    {
        return diff;
    }
    // No system pair on these words: one elsewhere in the article that could have matched was
    // taken by another gold event.
    if let Some(p) = pairs
        .iter()
        .find(|p| !p.hypothetical_only && first_difference(p.event, g, untyped).is_none())
    {
        let other = matched_system
            .get(&(p.index, article))
            .copied()
            .unwrap_or("?");
        return (
            Reason::Merged,
            format!("{} went to gold {other}", describe_system(p.event)),
        );
    }
    (Reason::NoTrigger, String::new())
}

fn diagnose_spurious(
    gold: &[GoldEvent],
    pair: &SystemPair<'_>,
    matched_gold: &BTreeSet<(usize, &str)>,
    article: &str,
    untyped: bool,
) -> (Reason, String) {
    let mut best: Option<(f64, usize)> = None;
    for (gi, g) in gold.iter().enumerate() {
        for m in g.mentions.iter().filter(|m| m.article == article) {
            let o = overlap(&words(&m.quote), &pair.words);
            if o >= SAME_EVIDENCE && best.is_none_or(|(b, _)| o > b) {
                best = Some((o, gi));
            }
        }
    }
    let Some((_, gi)) = best else {
        return (Reason::NoGoldEvent, String::new());
    };
    let g = &gold[gi];
    match first_difference(pair.event, g, untyped) {
        Some((reason, detail)) => (reason, format!("{detail} (gold {})", g.id)),
        None if matched_gold.contains(&(gi, article)) => (
            Reason::Split,
            format!("gold {} was matched by another system event", g.id),
        ),
        None => (
            Reason::Merged,
            format!("gold {} went unmatched: another pair took the weight", g.id),
        ),
    }
}

fn join(codes: &BTreeSet<String>) -> String {
    if codes.is_empty() {
        "none".into()
    } else {
        codes.iter().cloned().collect::<Vec<_>>().join(",")
    }
}

fn describe_gold(g: &GoldEvent) -> String {
    format!(
        "{} [{} {} {}→{}]",
        g.id,
        g.event_type,
        g.date.as_deref().unwrap_or("?"),
        g.actors.join(","),
        g.recipients.join(",")
    )
}

fn describe_system(e: &Value) -> String {
    let list = |k: &str| codes(e.get(k)).into_iter().collect::<Vec<_>>().join(",");
    format!(
        "{} [{} {} {}→{}]",
        e.get("id").and_then(Value::as_str).unwrap_or("?"),
        system_type(e),
        e.get("date").and_then(Value::as_str).unwrap_or("?"),
        list("actors"),
        list("recipients")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::score::score;
    use std::path::Path;

    fn gold() -> Vec<GoldEvent> {
        let text = concat!(
            r#"{"id": "visit", "type": "CONSULT", "date": "2025-04-03", "actors": ["MLI", "BFA"], "recipients": ["RUS"], "mentions": [{"article": "a.txt", "quote": "the ministers travelled to Moscow"}]}"#,
            "\n",
            r#"{"id": "deal", "type": "SUPPORT", "date": "2025-04-03", "actors": ["MLI", "RUS"], "recipients": [], "mentions": [{"article": "a.txt", "quote": "they signed a defence agreement"}]}"#,
            "\n",
            r#"{"id": "raid", "type": "ASSAULT", "date": "2025-04-01", "actors": ["JNIM"], "recipients": ["MLI"], "mentions": [{"article": "a.txt", "quote": "jihadists attacked a camp near Gao"}]}"#,
            "\n"
        );
        crate::eval::parse_gold(Path::new("g.jsonl"), text).unwrap()
    }

    fn sys(
        id: &str,
        t: &str,
        date: Option<&str>,
        actors: &[&str],
        sentence: &str,
        modality: &str,
    ) -> Value {
        let mut e = serde_json::json!({
            "id": id, "type": t, "actors": actors, "recipients": [],
            "mentions": [{"article": "a.txt", "modality": modality, "sentence": sentence, "start": 0, "end": 1}]
        });
        if let Some(d) = date {
            e["date"] = Value::String(d.into());
        }
        e
    }

    #[test]
    fn each_unmatched_pair_gets_its_reason() {
        let gold = gold();
        let system = vec![
            sys(
                "s1",
                "CONSULT",
                Some("2025-04-03"),
                &["MLI", "RUS"],
                "On Thursday the ministers travelled to Moscow.",
                "asserted",
            ),
            sys(
                "s2",
                "AGREE",
                Some("2025-04-03"),
                &["MLI", "RUS"],
                "Then they signed a defence agreement.",
                "asserted",
            ),
            sys(
                "s3",
                "CONSULT",
                Some("2025-04-03"),
                &["MLI", "RUS"],
                "The ministers travelled to Moscow on a visit.",
                "asserted",
            ),
            sys(
                "s4",
                "PROTEST",
                Some("2025-04-03"),
                &["MLI"],
                "Crowds gathered in Bamako.",
                "asserted",
            ),
        ];
        let options = ScoreOptions::default();
        let s = score(&gold, &system, &options);
        let x = explain(&gold, &system, &s, &options);
        let reason_of = |missed: bool, id: &str| {
            x.findings
                .iter()
                .find(|f| f.missed == missed && f.event.starts_with(id))
                .map(|f| f.reason)
        };
        assert_eq!(reason_of(true, "deal"), Some(Reason::TypeConfused));
        assert_eq!(reason_of(true, "raid"), Some(Reason::NoTrigger));
        assert_eq!(reason_of(false, "s3"), Some(Reason::Split));
        assert_eq!(reason_of(false, "s4"), Some(Reason::NoGoldEvent));
        assert_eq!(reason_of(false, "s2"), Some(Reason::TypeConfused));
        let shown = x.to_string();
        assert!(
            shown.contains("missed gold pairs: 2") && shown.contains("no trigger"),
            "{shown}"
        );
    }

    #[test]
    fn dates_participants_and_modality_are_told_apart() {
        let gold = gold();
        let system = vec![
            sys(
                "d1",
                "CONSULT",
                None,
                &["MLI", "RUS"],
                "the ministers travelled to Moscow",
                "asserted",
            ),
            sys(
                "d2",
                "SUPPORT",
                Some("2024-01-01"),
                &["MLI", "RUS"],
                "they signed a defence agreement",
                "asserted",
            ),
            sys(
                "d3",
                "ASSAULT",
                Some("2025-04-01"),
                &["BFA"],
                "jihadists attacked a camp near Gao",
                "asserted",
            ),
        ];
        let options = ScoreOptions::default();
        let s = score(&gold, &system, &options);
        let x = explain(&gold, &system, &s, &options);
        let reason_of = |id: &str| {
            x.findings
                .iter()
                .find(|f| f.missed && f.event.starts_with(id))
                .map(|f| f.reason)
        };
        assert_eq!(reason_of("visit"), Some(Reason::DateMissing));
        assert_eq!(reason_of("deal"), Some(Reason::DateOff));
        assert_eq!(reason_of("raid"), Some(Reason::ActorNotLinked));
        let hyp = vec![sys(
            "h",
            "CONSULT",
            Some("2025-04-03"),
            &["MLI", "RUS"],
            "the ministers travelled to Moscow",
            "hypothetical",
        )];
        let s = score(&gold, &hyp, &options);
        let x = explain(&gold, &hyp, &s, &options);
        assert_eq!(
            x.findings
                .iter()
                .find(|f| f.event.starts_with("visit"))
                .map(|f| f.reason),
            Some(Reason::Modality)
        );
    }
}
