//! Counted quantities: tolls, troops, hostages ("au moins 150 morts", "5,000 troops").
//!
//! A quantity is a number (digits, grouped digits, or number words) followed within a few words
//! by a noun that says what it counts, then perhaps a participle that says what happened to
//! them. The words come from `data/<lang>/quantities.toml`, found by one automaton per language;
//! the order they must come in is the code below.
//!
//! What is not a quantity falls out of that shape: a year, a date, a time, a percentage, an
//! amount of money or an age has no counted noun after it ("75 ans", "40 %", "à 7 h 30").

use std::collections::{BTreeMap, HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::Deserialize;

use crate::model::{QuantityMention, QuantityUnit, Sentence, Span};
use crate::resources::{DataError, DataFile, Resources};
use crate::text::{FoldedText, alphanumeric_end, fold, fold_sentences};

/// One part a phrase plays in a quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// "au moins", "some": the number is approximate.
    Approximator,
    /// "de", "of" after a multiplier or a collective.
    Link,
    /// "ont été", "were": between the noun and its participle.
    Linking,
    /// "en", "in": a year-like number after it is a year.
    YearIntroducer,
    /// A word that cannot stand between the number and its noun.
    Stop,
    /// "plusieurs", "several": before a multiplier, the count is unknown.
    Vague,
    /// "deux", "three".
    NumberWord(u64),
    /// "cent", "thousand", "millions".
    Multiplier(u64),
    /// "centaine": an approximate count.
    Collective(u64),
    /// What is counted.
    Noun(QuantityUnit),
    /// What happened to them, after the noun.
    Participle(QuantityUnit),
    /// What was done to them, before the number.
    Verb(QuantityUnit),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct QuantitiesFile {
    #[serde(default)]
    approximators: Vec<String>,
    #[serde(default)]
    links: Vec<String>,
    #[serde(default)]
    linking: Vec<String>,
    #[serde(default)]
    year_introducers: Vec<String>,
    #[serde(default)]
    between_stop: Vec<String>,
    #[serde(default)]
    vague_counts: Vec<String>,
    max_words_between: Option<usize>,
    #[serde(default)]
    number_words: HashMap<String, u64>,
    #[serde(default)]
    multipliers: HashMap<String, u64>,
    #[serde(default)]
    collectives: HashMap<String, u64>,
    #[serde(default)]
    units: BTreeMap<String, UnitWords>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct UnitWords {
    #[serde(default)]
    nouns: Vec<String>,
    #[serde(default)]
    participles: Vec<String>,
    #[serde(default)]
    verbs: Vec<String>,
}

fn unit_named(name: &str) -> Option<QuantityUnit> {
    match name {
        "killed" => Some(QuantityUnit::Killed),
        "wounded" => Some(QuantityUnit::Wounded),
        "abducted" => Some(QuantityUnit::Abducted),
        "arrested" => Some(QuantityUnit::Arrested),
        "displaced" => Some(QuantityUnit::Displaced),
        "soldiers" => Some(QuantityUnit::Soldiers),
        "other" => Some(QuantityUnit::Other),
        _ => None,
    }
}

fn read_file(file: &DataFile) -> Result<QuantitiesFile, DataError> {
    let data: QuantitiesFile = toml::from_str(&file.text).map_err(|e| DataError::toml(file, e))?;
    for name in data.units.keys() {
        if unit_named(name).is_none() {
            let line = file
                .text
                .lines()
                .position(|l| l.contains(&format!("units.{name}")))
                .map(|i| i + 1);
            return Err(DataError::invalid(
                file,
                line,
                format!(
                    "unknown unit {name:?}: one of killed, wounded, abducted, arrested, displaced, soldiers, other"
                ),
            ));
        }
    }
    Ok(data)
}

/// The folded words after which a number is a count rather than a year, for the date finder:
/// every counted noun (the first word of a longer one too: "casques" of "casques bleus") and
/// every one-word participle of `data/<lang>/quantities.toml`.
pub(crate) fn counted_words(res: &Resources, lang: &str) -> Result<HashSet<String>, DataError> {
    let mut out = HashSet::new();
    for file in res.files(&format!("{lang}/quantities.toml")) {
        let data = read_file(file)?;
        for words in data.units.values() {
            for n in &words.nouns {
                if let Some(first) = fold(n).split_whitespace().next() {
                    out.insert(first.to_string());
                }
            }
            for p in &words.participles {
                let p = fold(p);
                if !p.contains(' ') {
                    out.insert(p);
                }
            }
        }
    }
    Ok(out)
}

/// One language's quantity words, compiled.
#[derive(Clone, Debug)]
struct Lexicon {
    automaton: AhoCorasick,
    roles: Vec<Vec<Role>>,
    phrases: Vec<String>,
    max_between: usize,
}

impl Lexicon {
    fn load(files: &[&DataFile]) -> Result<Lexicon, DataError> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut phrases: Vec<String> = Vec::new();
        let mut roles: Vec<Vec<Role>> = Vec::new();
        let mut add = |phrase: &str, role: Role| {
            let folded = fold(phrase.trim());
            if folded.is_empty() {
                return;
            }
            let id = *index.entry(folded.clone()).or_insert_with(|| {
                phrases.push(folded);
                roles.push(Vec::new());
                phrases.len() - 1
            });
            if let Some(r) = roles.get_mut(id) {
                if !r.contains(&role) {
                    r.push(role);
                }
            }
        };
        let mut max_between = 2;
        for file in files {
            let data = read_file(file)?;
            if let Some(m) = data.max_words_between {
                max_between = m;
            }
            for w in &data.approximators {
                add(w, Role::Approximator);
            }
            for w in &data.links {
                add(w, Role::Link);
            }
            for w in &data.linking {
                add(w, Role::Linking);
            }
            for w in &data.year_introducers {
                add(w, Role::YearIntroducer);
            }
            for w in &data.between_stop {
                add(w, Role::Stop);
            }
            for w in &data.vague_counts {
                add(w, Role::Vague);
            }
            for (w, &n) in &data.number_words {
                add(w, Role::NumberWord(n));
            }
            for (w, &n) in &data.multipliers {
                add(w, Role::Multiplier(n));
            }
            for (w, &n) in &data.collectives {
                add(w, Role::Collective(n));
            }
            for (name, words) in &data.units {
                let Some(unit) = unit_named(name) else {
                    continue;
                };
                for w in &words.nouns {
                    add(w, Role::Noun(unit));
                }
                for w in &words.participles {
                    add(w, Role::Participle(unit));
                }
                for w in &words.verbs {
                    add(w, Role::Verb(unit));
                }
            }
        }
        // A DFA, as for the date words: every sentence is searched, and the words are few
        // enough to build one in a moment.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&phrases)
            .map_err(|e| DataError::Invalid {
                origin: files.first().map(|f| f.origin.clone()).unwrap_or_default(),
                line: None,
                message: format!("cannot compile the quantity words: {e}"),
            })?;
        Ok(Lexicon {
            automaton,
            roles,
            phrases,
            max_between,
        })
    }

    fn roles(&self, id: usize) -> &[Role] {
        self.roles.get(id).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A lexicon phrase.
    Phrase(usize),
    /// Digits (grouped thousands included); `digits` counts them, `grouped` says "2 500".
    Number {
        value: u64,
        digits: usize,
        grouped: bool,
    },
    /// Digits glued to letters ("20h", "3e", "G5"): never a count.
    Code,
    /// Any other word.
    Word,
    /// One punctuation character.
    Punct(char),
}

#[derive(Clone, Copy, Debug)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn tokens(lex: &Lexicon, text: &str) -> Vec<Token> {
    let mut found: Vec<Token> = Vec::new();
    for m in lex.automaton.find_overlapping_iter(text) {
        let (id, start, end) = (m.pattern().as_usize(), m.start(), m.end());
        let phrase = lex.phrases.get(id).map(String::as_str).unwrap_or("");
        let before = text.get(..start).and_then(|t| t.chars().next_back());
        let after = text.get(end..).and_then(|t| t.chars().next());
        if phrase.chars().next().is_some_and(is_word_char) && before.is_some_and(is_word_char) {
            continue;
        }
        if phrase.chars().next_back().is_some_and(is_word_char) && after.is_some_and(is_word_char) {
            continue;
        }
        found.push(Token {
            kind: Kind::Phrase(id),
            start,
            end,
        });
    }
    // Longest phrase first at each place, then no overlap ("casques bleus" over a shorter one).
    found.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
    });
    let mut phrases: Vec<Token> = Vec::new();
    for t in found {
        if phrases.last().is_none_or(|p| t.start >= p.end) {
            phrases.push(t);
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    for p in phrases {
        gap_tokens(text, at, p.start, &mut out);
        out.push(p);
        at = p.end;
    }
    gap_tokens(text, at, text.len(), &mut out);
    out
}

/// The length in bytes of a thousands group at the start of `rest` (" 500", ".000", ",000")
/// with separator `sep` (any of them when `None`), or `None`.
fn group_at(rest: &str, sep: Option<char>) -> Option<char> {
    let mut it = rest.chars();
    let s = it.next()?;
    if !matches!(s, ' ' | '.' | ',') || sep.is_some_and(|x| x != s) {
        return None;
    }
    let digits: Vec<char> = it.clone().take(3).collect();
    let after = it.nth(3);
    (digits.len() == 3
        && digits.iter().all(char::is_ascii_digit)
        && !after.is_some_and(|a| a.is_ascii_digit()))
    .then_some(s)
}

fn gap_tokens(text: &str, from: usize, to: usize, out: &mut Vec<Token>) {
    let Some(gap) = text.get(from..to) else {
        return;
    };
    let mut at = 0;
    while at < gap.len() {
        let Some(c) = gap.get(at..).and_then(|r| r.chars().next()) else {
            break;
        };
        let start = from + at;
        if c.is_ascii_digit() {
            let run = gap
                .get(at..)
                .unwrap_or("")
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            let mut end = at + run;
            let mut value = digits_value(gap.get(at..end).unwrap_or(""));
            let mut digits = run;
            let mut sep = None;
            // "2 500", "5.000", "5,000": thousands in groups of three, one number.
            if run <= 3 {
                while let Some(s) = gap.get(end..).and_then(|r| group_at(r, sep)) {
                    sep = Some(s);
                    value = value
                        .saturating_mul(1000)
                        .saturating_add(digits_value(gap.get(end + 1..end + 4).unwrap_or("")));
                    end += 4;
                    digits += 3;
                }
            }
            let glued_after = gap
                .get(end..)
                .and_then(|r| r.chars().next())
                .is_some_and(is_word_char);
            let glued_before = text
                .get(..start)
                .and_then(|t| t.chars().next_back())
                .is_some_and(is_word_char);
            if glued_after || glued_before {
                end = alphanumeric_end(gap, end);
                out.push(Token {
                    kind: Kind::Code,
                    start,
                    end: from + end,
                });
            } else {
                out.push(Token {
                    kind: Kind::Number {
                        value,
                        digits,
                        grouped: sep.is_some(),
                    },
                    start,
                    end: from + end,
                });
            }
            at = end;
        } else if is_word_char(c) {
            let end = alphanumeric_end(gap, at);
            out.push(Token {
                kind: Kind::Word,
                start,
                end: from + end,
            });
            at = end;
        } else {
            if !c.is_whitespace() {
                out.push(Token {
                    kind: Kind::Punct(c),
                    start,
                    end: start + c.len_utf8(),
                });
            }
            at += c.len_utf8();
        }
    }
}

fn digits_value(s: &str) -> u64 {
    s.bytes().fold(0u64, |v, b| {
        v.saturating_mul(10)
            .saturating_add(u64::from(b.wrapping_sub(b'0')))
    })
}

/// Number words and unit nouns of every language, compiled once.
#[derive(Clone, Debug, Default)]
pub struct QuantityFinder {
    languages: BTreeMap<String, Lexicon>,
}

/// A quantity found in folded text.
struct Found {
    start: usize,
    end: usize,
    value: u64,
    unit: QuantityUnit,
    approximate: bool,
}

impl QuantityFinder {
    /// Loads `data/<lang>/quantities.toml` for every language.
    pub fn load(res: &Resources) -> Result<QuantityFinder, DataError> {
        let mut languages = BTreeMap::new();
        for lang in res.languages() {
            let path = format!("{lang}/quantities.toml");
            let files: Vec<_> = res.files(&path).collect();
            if !files.is_empty() {
                languages.insert(lang, Lexicon::load(&files)?);
            }
        }
        Ok(QuantityFinder { languages })
    }

    /// Finds the counted quantities of `text` inside `sentences` (the whole text when no
    /// sentence is given), in text order.
    pub fn find(&self, text: &str, sentences: &[Sentence], lang: &str) -> Vec<QuantityMention> {
        self.find_folded(text, sentences, &fold_sentences(text, sentences), lang)
    }

    /// [`QuantityFinder::find`], given each sentence folded (see [`fold_sentences`]).
    pub fn find_folded(
        &self,
        text: &str,
        sentences: &[Sentence],
        folded: &[FoldedText],
        lang: &str,
    ) -> Vec<QuantityMention> {
        let Some(lex) = self.languages.get(lang) else {
            return Vec::new();
        };
        let whole;
        let blocks: Vec<(Span, &FoldedText)> = if sentences.is_empty() {
            whole = FoldedText::new(text);
            vec![(Span::new(0, text.len()), &whole)]
        } else {
            sentences.iter().map(|s| s.span).zip(folded).collect()
        };
        let mut out: Vec<QuantityMention> = Vec::new();
        for (block, folded) in blocks {
            if text.get(block.start..block.end).is_none() {
                continue;
            }
            let toks = tokens(lex, &folded.text);
            let reader = Reader { lex, toks: &toks };
            for f in reader.read() {
                let s = folded.original_span(f.start, f.end);
                out.push(QuantityMention {
                    span: Span::new(block.start + s.start, block.start + s.end),
                    value: f.value,
                    unit: f.unit,
                    approximate: f.approximate,
                });
            }
        }
        out.sort_by_key(|q| (q.span.start, q.span.end));
        let mut kept: Vec<QuantityMention> = Vec::with_capacity(out.len());
        for q in out {
            if kept.last().is_none_or(|k| q.span.start >= k.span.end) {
                kept.push(q);
            }
        }
        kept
    }
}

/// The quantity grammar over one sentence's tokens.
struct Reader<'a> {
    lex: &'a Lexicon,
    toks: &'a [Token],
}

/// A number read from the text: its value, whether its words make it approximate
/// ("une centaine"), the token after it, and whether a link word may follow ("de").
struct Value {
    value: u64,
    approximate: bool,
    next: usize,
    linkable: bool,
}

impl Reader<'_> {
    fn roles(&self, i: usize) -> &[Role] {
        match self.toks.get(i).map(|t| t.kind) {
            Some(Kind::Phrase(id)) => self.lex.roles(id),
            _ => &[],
        }
    }

    fn has(&self, i: usize, role: Role) -> bool {
        self.roles(i).contains(&role)
    }

    fn find_role<T>(&self, i: usize, f: impl Fn(Role) -> Option<T>) -> Option<T> {
        self.roles(i).iter().find_map(|r| f(*r))
    }

    fn read(&self) -> Vec<Found> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            match self.quantity_at(i) {
                Some((f, next)) => {
                    out.push(f);
                    i = next.max(i + 1);
                }
                None => i += 1,
            }
        }
        out
    }

    fn multiplier(&self, i: usize) -> Option<u64> {
        self.find_role(i, |r| match r {
            Role::Multiplier(m) => Some(m),
            _ => None,
        })
    }

    /// The number at `i`: digits, with a multiplier after ("3 millions", "2,5 millions"), or
    /// number words ("deux cents", "une centaine", "a dozen").
    fn value_at(&self, i: usize) -> Option<Value> {
        let tok = self.toks.get(i)?;
        if let Kind::Number { value, .. } = tok.kind {
            let mut next = i + 1;
            let mut scaled: Option<f64> = None;
            // A decimal before a multiplier: "2,5 millions", "1.2 million".
            if let (Some(p), Some(d)) = (self.toks.get(i + 1), self.toks.get(i + 2)) {
                if let (
                    Kind::Punct(',' | '.'),
                    Kind::Number {
                        value: frac,
                        digits,
                        grouped: false,
                    },
                ) = (p.kind, d.kind)
                {
                    if tok.end == p.start && p.end == d.start && digits <= 2 {
                        if let Some(m) = self.multiplier(i + 3) {
                            let whole = value as f64 + frac as f64 / 10f64.powi(digits as i32);
                            scaled = Some(whole * m as f64);
                            next = i + 4;
                        }
                    }
                }
            }
            if scaled.is_none() {
                if let Some(m) = self.multiplier(i + 1) {
                    scaled = Some(value as f64 * m as f64);
                    next = i + 2;
                }
            }
            return Some(match scaled {
                Some(v) if v.is_finite() && v >= 0.0 && v < u64::MAX as f64 => Value {
                    value: v.round() as u64,
                    approximate: false,
                    next,
                    linkable: true,
                },
                Some(_) => return None,
                None => Value {
                    value,
                    approximate: false,
                    next,
                    linkable: false,
                },
            });
        }
        // Number words: "deux cent cinquante" = (2 × 100) + 50, "trois mille" = 3 × 1000.
        let starts_scaled = self
            .roles(i)
            .iter()
            .any(|r| matches!(r, Role::Multiplier(_) | Role::Collective(_)));
        if starts_scaled && i > 0 && self.has(i - 1, Role::Vague) {
            // "plusieurs milliers", "several hundred": a count nobody gave.
            return None;
        }
        let mut total: u64 = 0;
        let mut current: u64 = 0;
        let mut j = i;
        let mut words = 0;
        let mut scaled = false;
        let mut approximate = false;
        loop {
            let roles = self.roles(j);
            if let Some(n) = roles.iter().find_map(|r| match r {
                Role::NumberWord(n) => Some(*n),
                _ => None,
            }) {
                if scaled && current != 0 && current < n {
                    break;
                }
                current = current.saturating_add(n);
            } else if let Some(m) = roles.iter().find_map(|r| match r {
                Role::Multiplier(m) | Role::Collective(m) => Some(*m),
                _ => None,
            }) {
                if roles.iter().any(|r| matches!(r, Role::Collective(_))) {
                    approximate = true;
                }
                current = current.max(1).saturating_mul(m);
                if m >= 1000 {
                    total = total.saturating_add(current);
                    current = 0;
                }
                scaled = true;
            } else {
                break;
            }
            words += 1;
            j += 1;
        }
        let value = total.saturating_add(current);
        // A lone "un", "une", "a" is an article far more often than a count.
        if words == 0 || value == 0 || (value == 1 && !scaled) {
            return None;
        }
        Some(Value {
            value,
            approximate,
            next: j,
            linkable: scaled,
        })
    }

    fn noun(&self, i: usize) -> Option<QuantityUnit> {
        self.find_role(i, |r| match r {
            Role::Noun(u) => Some(u),
            _ => None,
        })
    }

    fn participle(&self, i: usize) -> Option<QuantityUnit> {
        self.find_role(i, |r| match r {
            Role::Participle(u) => Some(u),
            _ => None,
        })
    }

    fn quantity_at(&self, i: usize) -> Option<(Found, usize)> {
        let v = self.value_at(i)?;
        let first = self.toks.get(i)?;
        // A year after "en", "in" is a year ("In 2020 troops were sent").
        if let Kind::Number {
            value,
            digits: 4,
            grouped: false,
        } = first.kind
        {
            if (1900..=2099).contains(&value) && i > 0 && self.has(i - 1, Role::YearIntroducer) {
                return None;
            }
        }
        let mut approximate = v.approximate;
        let mut before = i;
        if i > 0 && self.has(i - 1, Role::Approximator) {
            approximate = true;
            before = i - 1;
        }
        let verb = before.checked_sub(1).and_then(|k| {
            self.find_role(k, |r| match r {
                Role::Verb(u) => Some(u),
                _ => None,
            })
        });

        let mut j = v.next;
        if v.linkable && (self.has(j, Role::Link)) {
            j += 1;
        }
        // Up to a few plain words (adjectives: "300 jeunes soldats", "400 French troops")
        // between the number and its noun.
        let mut between = 0;
        let (unit, mut end) = loop {
            if let Some(u) = self.noun(j) {
                break (u, j + 1);
            }
            if between == 0 {
                if let Some(u) = self.participle(j) {
                    // "50 tués": the participle alone says what is counted.
                    return Some((self.found(i, j + 1, v.value, u, approximate), j + 1));
                }
            }
            let plain = matches!(self.toks.get(j).map(|t| t.kind), Some(Kind::Word));
            if plain && between < self.lex.max_between {
                between += 1;
                j += 1;
                continue;
            }
            return None;
        };
        // A participle after the noun decides ("310 casques bleus tombés": killed), across
        // "ont été", "were" and one adjective ("200 soldats maliens tués").
        let mut unit = unit;
        let mut k = end;
        let mut skipped_words = 0;
        let mut decided = false;
        for _ in 0..4 {
            if let Some(u) = self.participle(k) {
                unit = u;
                end = k + 1;
                decided = true;
                break;
            }
            if self.has(k, Role::Linking) {
                k += 1;
                continue;
            }
            if matches!(self.toks.get(k).map(|t| t.kind), Some(Kind::Word)) && skipped_words == 0 {
                skipped_words += 1;
                k += 1;
                continue;
            }
            break;
        }
        if !decided {
            // A verb before the number says what was done to people counted by a plain noun
            // ("enlevé 50 femmes": abducted); a noun that is itself a toll keeps its unit.
            if let Some(u) = verb {
                if matches!(unit, QuantityUnit::Soldiers | QuantityUnit::Other) {
                    unit = u;
                }
            }
        }
        Some((self.found(i, end, v.value, unit, approximate), end))
    }

    fn found(
        &self,
        first: usize,
        end: usize,
        value: u64,
        unit: QuantityUnit,
        approximate: bool,
    ) -> Found {
        let start = self.toks.get(first).map_or(0, |t| t.start);
        let stop = end
            .checked_sub(1)
            .and_then(|e| self.toks.get(e))
            .map_or(start, |t| t.end);
        Found {
            start,
            end: stop,
            value,
            unit,
            approximate,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use proptest::prelude::*;

    use super::*;
    use crate::model::BlockKind;
    use QuantityUnit::*;

    fn finder() -> &'static QuantityFinder {
        static F: OnceLock<QuantityFinder> = OnceLock::new();
        F.get_or_init(|| {
            QuantityFinder::load(&Resources::builtin()).expect("built-in quantity words load")
        })
    }

    /// (covered text, value, unit, approximate) of every quantity.
    fn quantities(lang: &str, text: &str) -> Vec<(String, u64, QuantityUnit, bool)> {
        finder()
            .find(text, &[], lang)
            .into_iter()
            .map(|q| {
                (
                    q.span.slice(text).to_string(),
                    q.value,
                    q.unit,
                    q.approximate,
                )
            })
            .collect()
    }

    type Case<'a> = (&'a str, &'a [(&'a str, u64, QuantityUnit, bool)]);

    fn check(lang: &str, cases: &[Case]) {
        let mut failures = Vec::new();
        for (text, want) in cases {
            let got = quantities(lang, text);
            let want: Vec<_> = want
                .iter()
                .map(|(s, v, u, a)| (s.to_string(), *v, *u, *a))
                .collect();
            if got != want {
                failures.push(format!("{text:?}\n   got  {got:?}\n   want {want:?}"));
            }
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn french_quantities() {
        check(
            "fr",
            &[
                (
                    "L'attaque a fait au moins 150 morts dans le village.",
                    &[("150 morts", 150, Killed, true)],
                ),
                (
                    "On compte plus de 700 blessés.",
                    &[("700 blessés", 700, Wounded, true)],
                ),
                (
                    "Une force de 5000 hommes sera déployée.",
                    &[("5000 hommes", 5000, Soldiers, false)],
                ),
                (
                    "Paris a retiré 5 000 soldats.",
                    &[("5 000 soldats", 5000, Soldiers, false)],
                ),
                (
                    "Paris a retiré 5\u{202F}000 soldats.",
                    &[("5\u{202F}000 soldats", 5000, Soldiers, false)],
                ),
                (
                    "Paris a retiré 5.000 soldats.",
                    &[("5.000 soldats", 5000, Soldiers, false)],
                ),
                (
                    "La mission a perdu 310 casques bleus tombés au combat.",
                    &[("310 casques bleus tombés", 310, Killed, false)],
                ),
                (
                    "Le bilan : 200 soldats tués et 30 blessés.",
                    &[
                        ("200 soldats tués", 200, Killed, false),
                        ("30 blessés", 30, Wounded, false),
                    ],
                ),
                (
                    "Le massacre a fait 600 morts.",
                    &[("600 morts", 600, Killed, false)],
                ),
                (
                    "Les assaillants ont enlevé 50 femmes.",
                    &[("50 femmes", 50, Abducted, false)],
                ),
                (
                    "Les jihadistes ont enlevé au moins 50 femmes.",
                    &[("50 femmes", 50, Abducted, true)],
                ),
                (
                    "L'armée a tué 30 assaillants.",
                    &[("30 assaillants", 30, Killed, false)],
                ),
                (
                    "Deux cents soldats sont arrivés.",
                    &[("Deux cents soldats", 200, Soldiers, false)],
                ),
                (
                    "Une centaine de soldats ont été déployés.",
                    &[("Une centaine de soldats", 100, Soldiers, true)],
                ),
                (
                    "Trois soldats ont été blessés.",
                    &[("Trois soldats ont été blessés", 3, Wounded, false)],
                ),
                (
                    "Près de 2 500 personnes ont fui.",
                    &[("2 500 personnes ont fui", 2500, Displaced, true)],
                ),
                (
                    "Environ 300 civils ont été tués.",
                    &[("300 civils ont été tués", 300, Killed, true)],
                ),
                (
                    "Quelque 40 personnes ont été enlevées.",
                    &[("40 personnes ont été enlevées", 40, Abducted, true)],
                ),
                (
                    "La police a interpellé 12 suspects.",
                    &[("12 suspects", 12, Arrested, false)],
                ),
                (
                    "Plus de 20 personnes ont été arrêtées.",
                    &[("20 personnes ont été arrêtées", 20, Arrested, true)],
                ),
                (
                    "Le conflit a fait 2 millions de déplacés.",
                    &[("2 millions de déplacés", 2_000_000, Displaced, false)],
                ),
                (
                    "On compte 2,5 millions de déplacés.",
                    &[("2,5 millions de déplacés", 2_500_000, Displaced, false)],
                ),
                (
                    "Une vingtaine de jihadistes ont été neutralisés.",
                    &[(
                        "Une vingtaine de jihadistes ont été neutralisés",
                        20,
                        Killed,
                        true,
                    )],
                ),
                (
                    "Une force de 300 jeunes soldats.",
                    &[("300 jeunes soldats", 300, Soldiers, false)],
                ),
                (
                    "Les 200 soldats maliens tués ont été inhumés.",
                    &[("200 soldats maliens tués", 200, Killed, false)],
                ),
                (
                    "Moscou envoie 100 instructeurs.",
                    &[("100 instructeurs", 100, Soldiers, false)],
                ),
                (
                    "Pas moins de 15 otages ont été libérés.",
                    &[("15 otages", 15, Abducted, true)],
                ),
                ("Il y a eu 50 tués.", &[("50 tués", 50, Killed, false)]),
                (
                    "Des dizaines de soldats ont fui, et plusieurs centaines de civils.",
                    &[],
                ),
                ("Trois semaines après, des soldats sont arrivés.", &[]),
            ],
        );
    }

    #[test]
    fn french_non_quantities() {
        check(
            "fr",
            &[
                ("Le coup d'État de 2020 a changé la donne.", &[]),
                ("En 2020 des soldats ont été déployés.", &[]),
                ("Le 3 avril 2025, les ministres se sont réunis.", &[]),
                ("L'attaque a eu lieu à 7 h 30.", &[]),
                ("Le taux atteint 40 % dans la région.", &[]),
                ("Le budget est de 500 millions de francs CFA.", &[]),
                ("Le président, âgé de 75 ans, a démissionné.", &[]),
                ("La 3e région militaire a été renforcée.", &[]),
                ("Un soldat a été vu à Gao.", &[]),
                ("Le G5 Sahel compte des soldats.", &[]),
                ("À 20h30, des soldats sont arrivés.", &[]),
            ],
        );
    }

    #[test]
    fn english_quantities() {
        check(
            "en",
            &[
                (
                    "Some 400 civilians were killed in the raid.",
                    &[("400 civilians were killed", 400, Killed, true)],
                ),
                (
                    "France withdrew 5,000 troops.",
                    &[("5,000 troops", 5000, Soldiers, false)],
                ),
                (
                    "About 1,200 people displaced by the fighting.",
                    &[("1,200 people displaced", 1200, Displaced, true)],
                ),
                (
                    "At least 150 dead in the attack.",
                    &[("150 dead", 150, Killed, true)],
                ),
                (
                    "More than 700 wounded were evacuated.",
                    &[("700 wounded", 700, Wounded, true)],
                ),
                (
                    "Three soldiers were wounded.",
                    &[("Three soldiers were wounded", 3, Wounded, false)],
                ),
                (
                    "A dozen soldiers were captured.",
                    &[("A dozen soldiers were captured", 12, Arrested, false)],
                ),
                (
                    "Gunmen kidnapped 50 women.",
                    &[("50 women", 50, Abducted, false)],
                ),
                (
                    "Police arrested 20 suspects.",
                    &[("20 suspects", 20, Arrested, false)],
                ),
                (
                    "Moscow sent 400 Russian instructors.",
                    &[("400 Russian instructors", 400, Soldiers, false)],
                ),
                (
                    "The raid left 30 soldiers killed.",
                    &[("30 soldiers killed", 30, Killed, false)],
                ),
                (
                    "Two hundred troops arrived.",
                    &[("Two hundred troops", 200, Soldiers, false)],
                ),
                (
                    "Nearly 2 million people have fled.",
                    &[("2 million people have fled", 2_000_000, Displaced, true)],
                ),
                (
                    "The army killed 12 militants.",
                    &[("12 militants", 12, Killed, false)],
                ),
                (
                    "Five hostages were freed.",
                    &[("Five hostages", 5, Abducted, false)],
                ),
                (
                    "The 1,000-strong force of 600 peacekeepers left.",
                    &[("600 peacekeepers", 600, Soldiers, false)],
                ),
            ],
        );
    }

    #[test]
    fn english_non_quantities() {
        check(
            "en",
            &[
                ("In 2020 troops were sent north.", &[]),
                ("The vote is set for 3 May 2025.", &[]),
                ("The convoy left at 7:30 a.m. sharp.", &[]),
                ("Turnout reached 40 percent.", &[]),
                ("The 75-year-old leader resigned.", &[]),
                ("He was 75 years old.", &[]),
                ("The fund holds $500 million.", &[]),
                ("A soldier was seen near Gao.", &[]),
                ("It was the 3rd battalion.", &[]),
                ("Several hundred people rallied in the capital.", &[]),
                ("Two weeks after soldiers seized power, talks began.", &[]),
                ("On Sept. 17 its fighters struck the capital.", &[]),
            ],
        );
    }

    #[test]
    fn only_sentences_are_read_and_unknown_languages_give_nothing() {
        let text = "Bilan : 150 morts. Puis 30 blessés.";
        let start = text.find("Puis").unwrap();
        let s = [Sentence {
            span: Span::new(start, text.len()),
            paragraph: 0,
            block: BlockKind::Body,
        }];
        let q = finder().find(text, &s, "fr");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].span.slice(text), "30 blessés");
        assert!(finder().find(text, &[], "xx").is_empty());
    }

    #[test]
    fn bad_units_name_file_and_line() {
        let res = Resources::empty().with_file(
            "fr/quantities.toml",
            "# x\n[units.eaten]\nnouns = [\"a\"]\n",
        );
        let err = QuantityFinder::load(&res).unwrap_err().to_string();
        assert!(
            err.contains("fr/quantities.toml") && err.contains(":2:") && err.contains("eaten"),
            "{err}"
        );
    }

    #[test]
    fn counted_words_feed_the_date_finder() {
        let words = counted_words(&Resources::builtin(), "fr").unwrap();
        assert!(words.contains("hommes") && words.contains("casques") && words.contains("tues"));
        assert!(
            !words.contains("ont"),
            "multi-word participles give no first word"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn find_never_panics_and_gives_sorted_in_bounds_spans(
            words in proptest::collection::vec(prop_oneof![
                Just("au moins"), Just("150"), Just("5 000"), Just("5,000"), Just("2,5"), Just("millions"),
                Just("de"), Just("morts"), Just("soldats"), Just("tués"), Just("deux"), Just("cents"),
                Just("une"), Just("centaine"), Just("ont été"), Just("were"), Just("killed"), Just("20h"),
                Just("Œ"), Just("é"), Just(","), Just("."), Just("\u{202F}"),
            ], 0..16),
            lang in prop_oneof![Just("fr"), Just("en")],
            cut in 0usize..120,
        ) {
            let text = words.join(" ");
            let sentences = [
                Sentence { span: Span::new(0, cut.min(text.len())), paragraph: 0, block: BlockKind::Body },
                Sentence { span: Span::new(cut, text.len() + cut % 2), paragraph: 1, block: BlockKind::Body },
            ];
            for s in [&sentences[..], &[]] {
                let mut last_end = 0;
                for q in finder().find(&text, s, lang) {
                    prop_assert!(q.span.start < q.span.end && q.span.end <= text.len());
                    prop_assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
                    prop_assert!(q.span.start >= last_end);
                    last_end = q.span.end;
                }
            }
        }
    }
}
