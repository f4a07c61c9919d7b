//! Matching system events to gold events and counting, as `FORMAT.md`'s Matching section and
//! `score.py` do.
//!
//! Scoring is on (event, article) pairs. Per article, required gold pairs are assigned first and
//! optional ones second, each round a maximum-weight one-to-one assignment; what `score.py`
//! leaves to Python (set and dict semantics, float arithmetic, rounding and printing) is
//! reproduced so both print the same figures.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::dates::{self, Interval};
use super::gold::GoldEvent;
use super::hungarian::assign;
use super::python;

/// How to score.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScoreOptions {
    /// Ignore event types (did it find that something happened between those participants on
    /// that date?).
    pub untyped: bool,
    /// Score only these articles (file names) among those the gold file names; all when `None`.
    pub articles: Option<BTreeSet<String>>,
}

/// Counts for one event type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TypeCounts {
    /// Gold pairs of this type matched.
    pub tp: usize,
    /// System pairs of this type matched to nothing.
    pub fp: usize,
    /// Gold pairs of this type not matched.
    pub fn_: usize,
}

/// A system pair matched to a gold pair.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchedPair {
    /// Index of the gold event in the gold file (non-blank lines, from 0).
    pub gold: usize,
    /// The gold event's id.
    pub gold_id: String,
    /// Index of the system event in the system list.
    pub system: usize,
    /// The article (file name).
    pub article: String,
    /// The match weight (1 + 2 × quote overlap + 0.5 same CAMEO + 0.1 × shared participants).
    pub weight: f64,
    /// Matched to an optional gold event: dropped from both counts.
    pub optional: bool,
}

/// A required gold pair that no system pair matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissedPair {
    /// Index of the gold event.
    pub gold: usize,
    /// The gold event's id.
    pub gold_id: String,
    /// The article.
    pub article: String,
}

/// A system pair that matched no gold pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpuriousPair {
    /// Index of the system event.
    pub system: usize,
    /// The article.
    pub article: String,
}

/// The figures of one scoring run, and the pairs behind them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Score {
    /// Matched system pairs / system pairs.
    pub precision: f64,
    /// Matched gold pairs / gold pairs.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Matched pairs.
    pub tp: usize,
    /// System pairs matched to nothing.
    pub fp: usize,
    /// Required gold pairs matched to nothing.
    pub fn_: usize,
    /// Mean number of distinct system events matched to a gold event matched at least once.
    pub frag: f64,
    /// System events matched to two or more gold events.
    pub wrong_merges: usize,
    /// Counts per type: gold type for tp and fn, system type for fp (`?` when it has none).
    pub per_type: BTreeMap<String, TypeCounts>,
    /// Matched gold pairs with recipients whose system event has an actor among the gold actors
    /// and a recipient among the gold recipients.
    pub direction_ok: usize,
    /// Matched gold pairs with recipients.
    pub direction_n: usize,
    /// Every matched pair, by article then gold order (optional ones flagged).
    pub matched: Vec<MatchedPair>,
    /// Every required gold pair left unmatched.
    pub missed: Vec<MissedPair>,
    /// Every system pair left unmatched.
    pub spurious: Vec<SpuriousPair>,
}

/// Python's `\w` on `str`: letters, numbers (any script) and `_`; not combining marks.
static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N}_]+").unwrap_or_else(|_| unreachable!()));

/// The set of lower-cased words of a text, as `set(re.findall(r"\w+", t.lower()))`.
pub(super) fn words(text: &str) -> HashSet<String> {
    let lower = text.to_lowercase();
    WORD.find_iter(&lower)
        .map(|m| m.as_str().to_string())
        .collect()
}

/// The participant codes of a system field: strings, or objects carrying `code`, `country`, `id`
/// or `country_code`. Iterated as Python iterates it, so a bare string gives its characters.
pub(super) fn codes(field: Option<&Value>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    match field {
        Some(v) if !python::truthy(v) => {}
        Some(Value::String(s)) => out.extend(s.chars().map(String::from)),
        Some(Value::Object(map)) => out.extend(map.keys().cloned()),
        Some(Value::Array(items)) => {
            for item in items {
                match item {
                    Value::String(s) => {
                        out.insert(s.clone());
                    }
                    Value::Object(obj) => {
                        let code = ["code", "country", "id", "country_code"]
                            .iter()
                            .find_map(|k| obj.get(*k).and_then(Value::as_str));
                        if let Some(code) = code {
                            out.insert(code.to_string());
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    out
}

/// The type a system event is counted under: its `type`, or `?` without one.
pub(super) fn system_type(event: &Value) -> String {
    event
        .get("type")
        .map_or_else(|| "?".to_string(), python::str_of)
}

/// A system event's mention: its article's file name, unless the mention is hypothetical or not
/// an object with a string `article`.
pub(super) fn mention_article(mention: &Value) -> Option<&str> {
    let obj = mention.as_object()?;
    let article = match obj.get("article") {
        None => "",
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return None,
    };
    if obj.get("modality").and_then(Value::as_str) == Some("hypothetical") {
        return None;
    }
    Some(article.rsplit('/').next().unwrap_or(article))
}

/// The evidence text of a mention: `sentence`, else `quote`, else `text`.
pub(super) fn mention_text(mention: &Value) -> String {
    ["sentence", "quote", "text"]
        .iter()
        .filter_map(|k| mention.get(*k))
        .find(|v| python::truthy(v))
        .map(python::str_of)
        .unwrap_or_default()
}

/// What the matcher needs of the inputs, computed once.
struct Prepared<'a> {
    gold: &'a [GoldEvent],
    system: &'a [Value],
    untyped: bool,
    gold_dates: Vec<Option<Interval>>,
    gold_participants: Vec<BTreeSet<&'a str>>,
    system_dates: Vec<Option<Interval>>,
    system_participants: Vec<BTreeSet<String>>,
    /// Words of the gold quote in each (gold event, article).
    gold_words: HashMap<(usize, &'a str), HashSet<String>>,
    /// Words of a system event's evidence in each (system event, article).
    system_words: HashMap<(usize, String), HashSet<String>>,
}

impl Prepared<'_> {
    /// 0 if the pair cannot match; otherwise its weight, higher where the evidence agrees.
    fn weight(&self, si: usize, gi: usize, article: &str) -> f64 {
        let (e, g) = (&self.system[si], &self.gold[gi]);
        if !self.untyped && e.get("type").and_then(Value::as_str) != Some(g.event_type.as_str()) {
            return 0.0;
        }
        if !dates::compatible(self.system_dates[si], self.gold_dates[gi]) {
            return 0.0;
        }
        let gp = &self.gold_participants[gi];
        let shared = gp
            .iter()
            .filter(|c| self.system_participants[si].contains(**c))
            .count();
        if shared < gp.len().min(2) {
            return 0.0;
        }
        let empty = HashSet::new();
        let quote = self.gold_words.get(&(gi, article)).unwrap_or(&empty);
        let evidence = self
            .system_words
            .get(&(si, article.to_string()))
            .unwrap_or(&empty);
        let overlap = if quote.is_empty() {
            0.0
        } else {
            quote.intersection(evidence).count() as f64 / quote.len() as f64
        };
        let system_cameo = e.get("cameo").map(python::str_of).unwrap_or_default();
        let cameo = match &g.cameo {
            Some(c) if !c.is_empty() && system_cameo == *c => 0.5,
            _ => 0.0,
        };
        1.0 + 2.0 * overlap + cameo + 0.1 * shared.min(4) as f64
    }
}

/// The articles scored: those the gold names, restricted to `options.articles` when given.
pub(super) fn scored_articles<'a>(
    gold: &'a [GoldEvent],
    options: &ScoreOptions,
) -> BTreeSet<&'a str> {
    let mut articles: BTreeSet<&str> = gold
        .iter()
        .flat_map(|g| g.mentions.iter().map(|m| m.article.as_str()))
        .collect();
    if let Some(only) = &options.articles {
        articles.retain(|a| only.contains(*a));
    }
    articles
}

/// Scores system events (JSON objects as `vigie events --format jsonl` writes them) against gold
/// events.
pub fn score(gold: &[GoldEvent], system: &[Value], options: &ScoreOptions) -> Score {
    let articles = scored_articles(gold, options);

    // Article -> gold events reporting it, in gold order.
    let mut gold_pairs: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut gold_words = HashMap::new();
    for (gi, g) in gold.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for m in &g.mentions {
            if seen.insert(m.article.as_str()) {
                gold_pairs.entry(m.article.as_str()).or_default().push(gi);
            }
            // The last mention of an article gives its quote, as a dict built in order would.
            gold_words.insert((gi, m.article.as_str()), words(&m.quote));
        }
    }

    // Article -> system events with a (non-hypothetical) mention there, in system order, and
    // the evidence text of all their mentions in it.
    let mut system_pairs: HashMap<String, Vec<usize>> = HashMap::new();
    let mut system_text: HashMap<(usize, String), String> = HashMap::new();
    for (si, e) in system.iter().enumerate() {
        let Some(Value::Array(mentions)) = e.get("mentions") else {
            continue;
        };
        for m in mentions {
            let Some(article) = mention_article(m) else {
                continue;
            };
            if !articles.contains(article) {
                continue;
            }
            let key = (si, article.to_string());
            let text = system_text.entry(key).or_insert_with(|| {
                system_pairs
                    .entry(article.to_string())
                    .or_default()
                    .push(si);
                String::new()
            });
            text.push(' ');
            text.push_str(&mention_text(m));
        }
    }

    let prepared = Prepared {
        gold,
        system,
        untyped: options.untyped,
        gold_dates: gold
            .iter()
            .map(|g| g.date.as_deref().and_then(dates::interval))
            .collect(),
        gold_participants: gold
            .iter()
            .map(|g| {
                g.actors
                    .iter()
                    .chain(&g.recipients)
                    .map(String::as_str)
                    .collect()
            })
            .collect(),
        system_dates: system.iter().map(dates::system_interval).collect(),
        system_participants: system
            .iter()
            .map(|e| {
                let mut p = codes(e.get("actors"));
                p.extend(codes(e.get("recipients")));
                p
            })
            .collect(),
        gold_words,
        system_words: system_text
            .into_iter()
            .map(|(k, t)| (k, words(&t)))
            .collect(),
    };

    let mut out = Score::default();
    let mut links: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    let mut back: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for &article in &articles {
        let s_all: &[usize] = system_pairs.get(article).map_or(&[], Vec::as_slice);
        let g_all: &[usize] = gold_pairs.get(article).map_or(&[], Vec::as_slice);
        let mut used: HashSet<usize> = HashSet::new();
        for optional in [false, true] {
            let g_round: Vec<usize> = g_all
                .iter()
                .copied()
                .filter(|&gi| gold[gi].optional == optional)
                .collect();
            let s_round: Vec<usize> = s_all
                .iter()
                .copied()
                .filter(|si| !used.contains(si))
                .collect();
            let weights: Vec<Vec<f64>> = g_round
                .iter()
                .map(|&gi| {
                    s_round
                        .iter()
                        .map(|&si| prepared.weight(si, gi, article))
                        .collect()
                })
                .collect();
            let mut got: HashMap<usize, (usize, f64)> = HashMap::new();
            for (r, c) in assign(&weights) {
                got.insert(g_round[r], (s_round[c], weights[r][c]));
            }
            for &gi in &g_round {
                let g = &gold[gi];
                match got.get(&gi) {
                    Some(&(si, weight)) => {
                        used.insert(si);
                        out.matched.push(MatchedPair {
                            gold: gi,
                            gold_id: g.id.clone(),
                            system: si,
                            article: article.to_string(),
                            weight,
                            optional,
                        });
                        if optional {
                            continue;
                        }
                        out.tp += 1;
                        out.per_type.entry(g.event_type.clone()).or_default().tp += 1;
                        links.entry(gi).or_default().insert(si);
                        back.entry(si).or_default().insert(gi);
                        if !g.recipients.is_empty() {
                            out.direction_n += 1;
                            let e = &system[si];
                            let hits = |field: &str, want: &[String]| {
                                codes(e.get(field)).iter().any(|c| want.contains(c))
                            };
                            if hits("actors", &g.actors) && hits("recipients", &g.recipients) {
                                out.direction_ok += 1;
                            }
                        }
                    }
                    None if !optional => {
                        out.fn_ += 1;
                        out.per_type.entry(g.event_type.clone()).or_default().fn_ += 1;
                        out.missed.push(MissedPair {
                            gold: gi,
                            gold_id: g.id.clone(),
                            article: article.to_string(),
                        });
                    }
                    None => {}
                }
            }
        }
        for &si in s_all {
            if !used.contains(&si) {
                out.fp += 1;
                out.per_type.entry(system_type(&system[si])).or_default().fp += 1;
                out.spurious.push(SpuriousPair {
                    system: si,
                    article: article.to_string(),
                });
            }
        }
    }

    let (tp, fp, fn_) = (out.tp as f64, out.fp as f64, out.fn_ as f64);
    out.precision = if out.tp + out.fp > 0 {
        tp / (tp + fp)
    } else {
        0.0
    };
    out.recall = if out.tp + out.fn_ > 0 {
        tp / (tp + fn_)
    } else {
        0.0
    };
    let (p, r) = (out.precision, out.recall);
    out.f1 = if p + r != 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    let linked: usize = links.values().map(BTreeSet::len).sum();
    out.frag = if links.is_empty() {
        0.0
    } else {
        linked as f64 / links.len() as f64
    };
    out.wrong_merges = back.values().filter(|g| g.len() > 1).count();
    out
}

impl Score {
    /// The summary figures in `score.py`'s order, rounded and printed as Python prints them.
    fn summary(&self) -> [(&'static str, String); 8] {
        let r = |x: f64, d: usize| python::float_repr(python::round(x, d));
        [
            ("P", r(self.precision, 3)),
            ("R", r(self.recall, 3)),
            ("F1", r(self.f1, 3)),
            ("tp", self.tp.to_string()),
            ("fp", self.fp.to_string()),
            ("fn", self.fn_.to_string()),
            ("frag", r(self.frag, 2)),
            ("wrong_merges", self.wrong_merges.to_string()),
        ]
    }

    /// The summary as `score.py --json` prints it:
    /// `{"P": 0.8, "R": 0.5, "F1": 0.615, "tp": 4, "fp": 1, "fn": 4, "frag": 1.0, "wrong_merges": 0}`.
    pub fn summary_json(&self) -> String {
        let fields: Vec<String> = self
            .summary()
            .iter()
            .map(|(k, v)| format!("\"{k}\": {v}"))
            .collect();
        format!("{{{}}}", fields.join(", "))
    }

    /// The last line of `score.py`'s output: `P=.. R=.. F1=.. tp=.. fp=.. fn=.. frag=.. wrong_merges=..`.
    pub fn summary_line(&self) -> String {
        self.summary()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Exactly what `score.py` prints (with `--json` when `json`), each line ending in `\n`.
    pub fn report(&self, json: bool) -> String {
        let mut out = String::new();
        self.write_details(&mut out);
        if json {
            out.push_str(&self.summary_json());
            out.push('\n');
        }
        out.push_str(&self.summary_line());
        out.push('\n');
        out
    }

    /// The per-type lines, sorted by type, and the direction line.
    fn write_details(&self, out: &mut String) {
        for (t, c) in &self.per_type {
            out.push_str(&format!("{t:<10} tp={} fp={} fn={}\n", c.tp, c.fp, c.fn_));
        }
        out.push_str(&format!(
            "direction right on {}/{} matched directed events\n",
            self.direction_ok, self.direction_n
        ));
    }

    /// The pairs behind the figures, one per line, for people checking a run: missed gold pairs,
    /// spurious system pairs, and matches (a system event is named by its `id` when it has one).
    pub fn explain(&self, gold: &[GoldEvent], system: &[Value]) -> String {
        let system_name = |si: usize| match system.get(si).and_then(|e| e.get("id")) {
            Some(id) => format!("#{si} {}", python::str_of(id)),
            None => format!("#{si}"),
        };
        let gold_type = |gi: usize| gold.get(gi).map_or("?", |g| g.event_type.as_str());
        let mut out = String::new();
        for m in &self.missed {
            out.push_str(&format!(
                "missed   {} {} [{}]\n",
                m.article,
                m.gold_id,
                gold_type(m.gold)
            ));
        }
        for s in &self.spurious {
            let ty = system
                .get(s.system)
                .map_or_else(|| "?".to_string(), system_type);
            out.push_str(&format!(
                "spurious {} {} [{ty}]\n",
                s.article,
                system_name(s.system)
            ));
        }
        for m in &self.matched {
            out.push_str(&format!(
                "{} {} {} <- {} (weight {:.2})\n",
                if m.optional { "optional" } else { "matched " },
                m.article,
                m.gold_id,
                system_name(m.system),
                m.weight
            ));
        }
        out
    }
}

/// `score.py`'s output without `--json`: per-type lines sorted by type, the direction line and
/// the summary line.
impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut details = String::new();
        self.write_details(&mut details);
        f.write_str(&details)?;
        f.write_str(&self.summary_line())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A gold event: id, type, date, actors, recipients, (article, quote) mentions.
    fn gold(
        id: &str,
        ty: &str,
        date: &str,
        actors: &[&str],
        recipients: &[&str],
        mentions: &[(&str, &str)],
    ) -> GoldEvent {
        let mentions: Vec<Value> = mentions
            .iter()
            .map(|(a, q)| json!({"article": a, "modality": "asserted", "quote": q}))
            .collect();
        serde_json::from_value(json!({
            "id": id, "type": ty, "date": date, "actors": actors, "recipients": recipients,
            "mentions": mentions, "optional": false
        }))
        .unwrap()
    }

    fn optional(mut g: GoldEvent) -> GoldEvent {
        g.optional = true;
        g
    }

    fn with_cameo(mut g: GoldEvent, cameo: &str) -> GoldEvent {
        g.cameo = Some(cameo.to_string());
        g
    }

    /// A system event: type, date, actors, recipients, (article, sentence) mentions.
    fn sys(
        ty: &str,
        date: &str,
        actors: &[&str],
        recipients: &[&str],
        mentions: &[(&str, &str)],
    ) -> Value {
        let mentions: Vec<Value> = mentions
            .iter()
            .map(|(a, s)| json!({"article": a, "modality": "asserted", "sentence": s}))
            .collect();
        json!({"type": ty, "date": date, "actors": actors, "recipients": recipients, "mentions": mentions})
    }

    fn typed() -> ScoreOptions {
        ScoreOptions::default()
    }

    fn counts(s: &Score) -> (usize, usize, usize) {
        (s.tp, s.fp, s.fn_)
    }

    const A: &str = "a.txt";
    const B: &str = "b.txt";

    #[test]
    fn a_perfect_copy_scores_one() {
        let g = vec![gold(
            "g1",
            "CONSULT",
            "2025-04-03",
            &["MLI"],
            &["RUS"],
            &[(A, "Les ministres à Moscou")],
        )];
        let s = vec![sys(
            "CONSULT",
            "2025-04-03",
            &["MLI"],
            &["RUS"],
            &[(A, "Les ministres à Moscou")],
        )];
        let r = score(&g, &s, &typed());
        assert_eq!(counts(&r), (1, 0, 0));
        assert_eq!((r.precision, r.recall, r.f1, r.frag), (1.0, 1.0, 1.0, 1.0));
        assert_eq!((r.direction_ok, r.direction_n), (1, 1));
        assert_eq!(r.matched[0].weight, 1.0 + 2.0 + 0.1 * 2.0);
    }

    #[test]
    fn types_must_be_equal_unless_untyped() {
        let g = vec![gold(
            "g1",
            "CONSULT",
            "2025-04-03",
            &["MLI"],
            &["RUS"],
            &[(A, "q")],
        )];
        let s = vec![sys("AGREE", "2025-04-03", &["MLI"], &["RUS"], &[(A, "q")])];
        let r = score(&g, &s, &typed());
        assert_eq!(counts(&r), (0, 1, 1));
        assert_eq!(
            r.per_type["AGREE"],
            TypeCounts {
                tp: 0,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(
            r.per_type["CONSULT"],
            TypeCounts {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
        let r = score(
            &g,
            &s,
            &ScoreOptions {
                untyped: true,
                ..typed()
            },
        );
        assert_eq!(counts(&r), (1, 0, 0));
        assert_eq!(r.per_type["CONSULT"].tp, 1, "tp counts under the gold type");
    }

    #[test]
    fn dates_match_within_a_day_and_never_when_missing() {
        let g = vec![gold(
            "g1",
            "AID",
            "2025-04-03",
            &["RUS"],
            &["MLI"],
            &[(A, "q")],
        )];
        let one = |date: &str| {
            counts(&score(
                &g,
                &[sys("AID", date, &["RUS"], &["MLI"], &[(A, "")])],
                &typed(),
            ))
        };
        assert_eq!(one("2025-04-04"), (1, 0, 0));
        assert_eq!(one("2025-04-02"), (1, 0, 0));
        assert_eq!(
            one("2025-04-05"),
            (1, 0, 0),
            "each side widened by a day: two days apart"
        );
        assert_eq!(one("2025-04-06"), (0, 1, 1));
        assert_eq!(one("2025-04"), (1, 0, 0));
        assert_eq!(one("2025"), (1, 0, 0));
        assert_eq!(one("2025-03"), (0, 1, 1));
        assert_eq!(one(""), (0, 1, 1));
        let mut undated = sys("AID", "x", &["RUS"], &["MLI"], &[(A, "")]);
        undated.as_object_mut().unwrap().remove("date");
        assert_eq!(counts(&score(&g, &[undated.clone()], &typed())), (0, 1, 1));
        undated["when"] = json!({"start": "2025-04-01", "end": "2025-04-02"});
        assert_eq!(counts(&score(&g, &[undated], &typed())), (1, 0, 0));
    }

    #[test]
    fn participants_must_share_up_to_two_codes() {
        let g = vec![gold(
            "g1",
            "CONSULT",
            "2025-04-03",
            &["MLI", "BFA", "NER"],
            &["RUS"],
            &[(A, "q")],
        )];
        let one = |actors: &[&str], recipients: &[&str]| {
            counts(&score(
                &g,
                &[sys("CONSULT", "2025-04-03", actors, recipients, &[(A, "")])],
                &typed(),
            ))
        };
        assert_eq!(one(&["MLI"], &[]), (0, 1, 1));
        assert_eq!(one(&["MLI"], &["FRA"]), (0, 1, 1));
        assert_eq!(one(&["NER"], &["RUS"]), (1, 0, 0));
        assert_eq!(one(&[], &["MLI", "BFA"]), (1, 0, 0));
        let single = vec![gold(
            "g1",
            "PROTEST",
            "2025-04-03",
            &["MLI"],
            &[],
            &[(A, "q")],
        )];
        let s = vec![sys(
            "PROTEST",
            "2025-04-03",
            &["MLI", "FRA"],
            &[],
            &[(A, "")],
        )];
        assert_eq!(counts(&score(&single, &s, &typed())), (1, 0, 0));
        let nobody = vec![gold("g1", "PROTEST", "2025-04-03", &[], &[], &[(A, "q")])];
        let s = vec![sys("PROTEST", "2025-04-03", &[], &[], &[(A, "")])];
        assert_eq!(counts(&score(&nobody, &s, &typed())), (1, 0, 0));
    }

    #[test]
    fn participant_objects_and_their_keys() {
        let g = vec![gold(
            "g1",
            "CONSULT",
            "2025-04-03",
            &["MLI"],
            &["RUS"],
            &[(A, "q")],
        )];
        let mut s = sys("CONSULT", "2025-04-03", &[], &[], &[(A, "")]);
        s["actors"] =
            json!([{"name": "Mali", "country": "MLI", "code": "MALI-GOV"}, {"id": "MLI"}]);
        s["recipients"] = json!([{"country_code": "RUS"}]);
        let r = score(&g, &[s], &typed());
        assert_eq!(counts(&r), (1, 0, 0));
        assert_eq!(
            codes(Some(
                &json!([{"code": "X", "id": "Y"}, {"id": 5, "country": "Z"}, 7])
            )),
            BTreeSet::from(["X".into(), "Z".into()])
        );
        assert_eq!(
            codes(Some(&json!("ML"))),
            BTreeSet::from(["M".into(), "L".into()])
        );
        assert_eq!(
            codes(Some(&json!({"MLI": 1}))),
            BTreeSet::from(["MLI".into()])
        );
        assert!(
            codes(Some(&json!(null))).is_empty()
                && codes(None).is_empty()
                && codes(Some(&json!(3))).is_empty()
        );
    }

    #[test]
    fn article_paths_reduce_to_file_names_and_unscored_articles_are_ignored() {
        let g = vec![gold(
            "g1",
            "AID",
            "2025-04-03",
            &["RUS"],
            &["MLI"],
            &[(A, "q")],
        )];
        let s = vec![
            sys(
                "AID",
                "2025-04-03",
                &["RUS"],
                &["MLI"],
                &[("corpus/dev/a.txt", "")],
            ),
            sys(
                "AID",
                "2025-04-03",
                &["RUS"],
                &["MLI"],
                &[("other.txt", "")],
            ),
        ];
        let r = score(&g, &s, &typed());
        assert_eq!(counts(&r), (1, 0, 0));
        assert_eq!(r.matched[0].system, 0);
    }

    #[test]
    fn hypothetical_mentions_are_left_out() {
        let g = vec![gold(
            "g1",
            "AID",
            "2025-04-03",
            &["RUS"],
            &["MLI"],
            &[(A, "q")],
        )];
        let mut s = sys("AID", "2025-04-03", &["RUS"], &["MLI"], &[(A, "")]);
        s["mentions"][0]["modality"] = json!("hypothetical");
        assert_eq!(counts(&score(&g, &[s], &typed())), (0, 0, 1));
    }

    #[test]
    fn optional_gold_counts_neither_way_and_comes_second() {
        let req = gold(
            "req",
            "COERCE",
            "2025-04-03",
            &["MLI"],
            &["MLI"],
            &[(A, "arrestations")],
        );
        let opt = optional(gold(
            "opt",
            "COERCE",
            "2025-04-03",
            &["MLI"],
            &["MLI"],
            &[(A, "couvre-feu")],
        ));
        // One system event that fits both equally well goes to the required one.
        let s = vec![sys("COERCE", "2025-04-03", &["MLI"], &["MLI"], &[(A, "")])];
        let r = score(&[opt.clone(), req.clone()], &s, &typed());
        assert_eq!(counts(&r), (1, 0, 0));
        assert_eq!(r.matched[0].gold_id, "req");
        // A second one matches the optional event: dropped from both counts.
        let s2 = vec![s[0].clone(), s[0].clone()];
        let r = score(&[opt.clone(), req.clone()], &s2, &typed());
        assert_eq!(counts(&r), (1, 0, 0));
        assert!(r.matched.iter().any(|m| m.optional && m.gold_id == "opt"));
        // An unmatched optional event is not missed.
        let r = score(&[opt], &[], &typed());
        assert_eq!(counts(&r), (0, 0, 0));
        assert_eq!((r.precision, r.recall, r.f1, r.frag), (0.0, 0.0, 0.0, 0.0));
    }

    #[test]
    fn quote_words_send_each_system_event_to_its_gold_event() {
        let g = vec![
            gold(
                "coup",
                "COERCE",
                "2025-04-03",
                &["MLI"],
                &["MLI"],
                &[(A, "l’armée s’est emparée du palais")],
            ),
            gold(
                "curfew",
                "COERCE",
                "2025-04-03",
                &["MLI"],
                &["MLI"],
                &[(A, "un couvre-feu est instauré")],
            ),
        ];
        let s = vec![
            sys(
                "COERCE",
                "2025-04-03",
                &["MLI"],
                &["MLI"],
                &[(A, "La junte a instauré un couvre-feu nocturne.")],
            ),
            sys(
                "COERCE",
                "2025-04-03",
                &["MLI"],
                &["MLI"],
                &[(A, "Au matin, l’armée s’est emparée du palais présidentiel.")],
            ),
        ];
        let r = score(&g, &s, &typed());
        let pairs: Vec<(&str, usize)> = r
            .matched
            .iter()
            .map(|m| (m.gold_id.as_str(), m.system))
            .collect();
        assert_eq!(pairs, vec![("coup", 1), ("curfew", 0)]);
    }

    #[test]
    fn cameo_and_shared_participants_break_remaining_ties() {
        let g = vec![
            with_cameo(
                gold("g36", "AGREE", "2025-04-03", &["MLI"], &["RUS"], &[(A, "")]),
                "036",
            ),
            with_cameo(
                gold("g31", "AGREE", "2025-04-03", &["MLI"], &["RUS"], &[(A, "")]),
                "031",
            ),
        ];
        let mut s31 = sys("AGREE", "2025-04-03", &["MLI"], &["RUS"], &[(A, "")]);
        s31["cameo"] = json!("031");
        let mut s36 = s31.clone();
        s36["cameo"] = json!("036");
        let r = score(&g, &[s31, s36], &typed());
        let pairs: Vec<(&str, usize)> = r
            .matched
            .iter()
            .map(|m| (m.gold_id.as_str(), m.system))
            .collect();
        assert_eq!(pairs, vec![("g36", 1), ("g31", 0)]);

        let g = vec![
            gold("two", "AGREE", "2025-04-03", &["MLI"], &["RUS"], &[(A, "")]),
            gold(
                "three",
                "AGREE",
                "2025-04-03",
                &["MLI", "BFA"],
                &["RUS"],
                &[(A, "")],
            ),
        ];
        let s = vec![
            sys("AGREE", "2025-04-03", &["MLI", "BFA"], &["RUS"], &[(A, "")]),
            sys("AGREE", "2025-04-03", &["MLI"], &["RUS"], &[(A, "")]),
        ];
        let r = score(&g, &s, &typed());
        let pairs: Vec<(&str, usize)> = r
            .matched
            .iter()
            .map(|m| (m.gold_id.as_str(), m.system))
            .collect();
        assert_eq!(pairs, vec![("two", 1), ("three", 0)]);
    }

    #[test]
    fn fragmentation_and_wrong_merges() {
        // One gold event in two articles found as two system events: fragmented.
        let g = vec![gold(
            "g1",
            "SANCTION",
            "2025-01-28",
            &["MLI"],
            &["ECOWAS"],
            &[(A, "q"), (B, "q")],
        )];
        let s = vec![
            sys("SANCTION", "2025-01-28", &["MLI"], &["ECOWAS"], &[(A, "")]),
            sys("SANCTION", "2025-01-28", &["MLI"], &["ECOWAS"], &[(B, "")]),
        ];
        let r = score(&g, &s, &typed());
        assert_eq!((r.tp, r.frag, r.wrong_merges), (2, 2.0, 0));
        // Two gold events found as one system event reported by both articles: a wrong merge.
        let g = vec![
            gold(
                "g1",
                "SANCTION",
                "2025-01-28",
                &["MLI"],
                &["ECOWAS"],
                &[(A, "q")],
            ),
            gold(
                "g2",
                "SANCTION",
                "2025-01-28",
                &["BFA"],
                &["ECOWAS"],
                &[(B, "q")],
            ),
        ];
        let s = vec![sys(
            "SANCTION",
            "2025-01-28",
            &["MLI", "BFA"],
            &["ECOWAS"],
            &[(A, ""), (B, "")],
        )];
        let r = score(&g, &s, &typed());
        assert_eq!((r.tp, r.frag, r.wrong_merges), (2, 1.0, 1));
    }

    #[test]
    fn direction_needs_an_actor_and_a_recipient_on_their_side() {
        let g = vec![gold(
            "g1",
            "ACCUSE",
            "2025-04-03",
            &["MLI"],
            &["FRA"],
            &[(A, "q")],
        )];
        let swapped = vec![sys("ACCUSE", "2025-04-03", &["FRA"], &["MLI"], &[(A, "")])];
        let r = score(&g, &swapped, &typed());
        assert_eq!((r.tp, r.direction_ok, r.direction_n), (1, 0, 1));
        let undirected = vec![gold(
            "g1",
            "ACCUSE",
            "2025-04-03",
            &["MLI", "FRA"],
            &[],
            &[(A, "q")],
        )];
        let r = score(&undirected, &swapped, &typed());
        assert_eq!((r.tp, r.direction_ok, r.direction_n), (1, 0, 0));
    }

    #[test]
    fn articles_option_restricts_scoring() {
        let g = vec![
            gold("g1", "AID", "2025-04-03", &["RUS"], &["MLI"], &[(A, "q")]),
            gold("g2", "AID", "2025-05-03", &["RUS"], &["MLI"], &[(B, "q")]),
        ];
        let s = vec![sys(
            "AID",
            "2025-04-03",
            &["RUS"],
            &["MLI"],
            &[(A, ""), (B, "")],
        )];
        let r = score(&g, &s, &typed());
        assert_eq!(counts(&r), (1, 1, 1));
        let only_a = ScoreOptions {
            articles: Some(BTreeSet::from([A.to_string()])),
            ..typed()
        };
        assert_eq!(counts(&score(&g, &s, &only_a)), (1, 0, 0));
    }

    #[test]
    fn system_type_names_missing_types() {
        let g = vec![gold(
            "g1",
            "AID",
            "2025-04-03",
            &["RUS"],
            &["MLI"],
            &[(A, "q")],
        )];
        let mut s = sys("AID", "2025-04-03", &["RUS"], &["MLI"], &[(A, "")]);
        s.as_object_mut().unwrap().remove("type");
        let r = score(&g, &[s], &typed());
        assert_eq!(r.per_type["?"].fp, 1);
    }

    #[test]
    fn words_are_pythons_w_on_lower_case() {
        let w = words("İstanbul l’Afrique 2² ½ a_b x\u{301}y");
        let want: HashSet<String> = ["i", "stanbul", "l", "afrique", "2²", "½", "a_b", "x", "y"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(w, want);
    }

    #[test]
    fn prints_like_score_py() {
        let g = vec![
            gold(
                "g1",
                "CONSULT",
                "2025-04-03",
                &["MLI"],
                &["RUS"],
                &[(A, "q")],
            ),
            gold(
                "g2",
                "AID",
                "2025-04-03",
                &["RUS"],
                &["MLI"],
                &[(A, "q"), (B, "q")],
            ),
        ];
        let s = vec![
            sys("CONSULT", "2025-04-03", &["MLI"], &["RUS"], &[(A, "")]),
            sys("REQUEST", "2025-04-03", &["MLI"], &["RUS"], &[(A, "")]),
        ];
        let r = score(&g, &s, &typed());
        let want = "AID        tp=0 fp=0 fn=2\n\
                    CONSULT    tp=1 fp=0 fn=0\n\
                    REQUEST    tp=0 fp=1 fn=0\n\
                    direction right on 1/1 matched directed events\n\
                    P=0.5 R=0.333 F1=0.4 tp=1 fp=1 fn=2 frag=1.0 wrong_merges=0";
        assert_eq!(r.to_string(), want);
        assert_eq!(r.report(false), format!("{want}\n"));
        let json = "{\"P\": 0.5, \"R\": 0.333, \"F1\": 0.4, \"tp\": 1, \"fp\": 1, \"fn\": 2, \"frag\": 1.0, \"wrong_merges\": 0}";
        assert_eq!(r.summary_json(), json);
        let (details, last) = want.rsplit_once('\n').unwrap();
        assert_eq!(r.report(true), format!("{details}\n{json}\n{last}\n"));
        let explained = r.explain(&g, &s);
        assert!(explained.contains("missed   b.txt g2 [AID]"), "{explained}");
        assert!(
            explained.contains("spurious a.txt #1 [REQUEST]"),
            "{explained}"
        );
    }

    #[test]
    fn nothing_to_score_prints_zeros() {
        let r = score(&[], &[], &typed());
        assert_eq!(
            r.to_string(),
            "direction right on 0/0 matched directed events\nP=0.0 R=0.0 F1=0.0 tp=0 fp=0 fn=0 frag=0.0 wrong_merges=0"
        );
    }
}
