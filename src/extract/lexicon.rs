//! Trigger rules: which words announce which event, read from `data/<lang>/triggers.toml`.
//!
//! A rule names a PLOVER category and CAMEO code, a frame (how its participants are found) and
//! token patterns in a small language, written so one line covers a construction rather than a
//! sentence:
//!
//! - `word` matches the folded word exactly (`visite`), `stem*` any word starting so (`accus*`
//!   covers accuse, accusent, accusé, accusation);
//! - `a|b|c` matches any of the alternatives; an alternative may be several words joined by `_`
//!   (`coup_d'etat|putsch`), and an elided word splits at its apostrophe as the text does;
//! - punctuation written as a word (`;`, `,`) matches that punctuation mark;
//! - `~` skips up to three tokens, `~N` up to N (`s' ~2 rend*` covers "s'est rendu", "s'était
//!   rendue", "se sont rendus" with `se|s'`).
//!
//! Conditions narrow a rule to its construction: `after` (one of these patterns must start within
//! a few tokens after the trigger), `before`, `not_after`, `not_before`. Patterns are compiled
//! once; each sentence's tokens are looked up in a hash index of first words and stems, so
//! matching costs one lookup per token and prefix, whatever the number of rules.

use rustc_hash::FxHashMap as HashMap;

use serde::Deserialize;

use super::tokens::{Token, TokenKind};
use crate::model::EventType;
use crate::resources::{DataError, DataFile};
use crate::text::{KeyMap, fold, word_key};

/// How far (in tokens) `after`/`before` conditions look from the trigger.
const CONDITION_WINDOW: usize = 6;

/// One element of a compiled pattern.
#[derive(Clone, Debug, PartialEq)]
enum Element {
    /// Any of these alternatives, each a run of one or more words.
    Any(Vec<Vec<WordMatcher>>, FirstFilter),
    /// Skip between 0 and this many tokens.
    Gap(usize),
}

/// What the first token of an alternation must look like for any alternative to fit it: after
/// a gap, and at every token a condition or an open cue is tried at, most tokens fit none, and
/// two bit tests rule them out where walking the alternatives cost a word comparison each.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
struct FirstFilter {
    /// Bit `key % 64` of each exact first word's [`word_key`].
    keys: u64,
    /// Bit `byte % 64` of each first stem's first byte.
    stem_heads: u64,
    /// Some alternative starts with `*`: any token may fit.
    any: bool,
}

impl FirstFilter {
    /// The filter of alternatives `alts`.
    fn of(alts: &[Vec<WordMatcher>]) -> FirstFilter {
        let mut f = FirstFilter::default();
        for m in alts.iter().filter_map(|a| a.first()) {
            match m {
                WordMatcher::Exact(_, key) => f.keys |= key_bit(*key),
                WordMatcher::Prefix(p) => {
                    f.stem_heads |= p.as_bytes().first().map_or(0, |b| byte_bit(*b))
                }
                WordMatcher::AnyWord => f.any = true,
            }
        }
        f
    }

    /// The filter of either alternation: passes what either passes.
    fn union(self, other: FirstFilter) -> FirstFilter {
        FirstFilter {
            keys: self.keys | other.keys,
            stem_heads: self.stem_heads | other.stem_heads,
            any: self.any || other.any,
        }
    }

    /// False when no alternative can start at `token` (true does not mean one does).
    fn may_fit(&self, token: &Token) -> bool {
        self.any
            || self.keys & key_bit(token.key) != 0
            || token
                .folded
                .as_bytes()
                .first()
                .is_some_and(|b| self.stem_heads & byte_bit(*b) != 0)
    }
}

/// The bit of a [`word_key`] in a [`FirstFilter`].
fn key_bit(key: u64) -> u64 {
    1 << (key % 64)
}

/// The bit of a first byte in a [`FirstFilter`].
fn byte_bit(b: u8) -> u64 {
    1 << (b % 64)
}

/// Matches one token.
#[derive(Clone, Debug, PartialEq)]
enum WordMatcher {
    /// This folded word, with its [`word_key`], compared first.
    Exact(String, u64),
    Prefix(String),
    /// `*` alone: any word.
    AnyWord,
}

impl WordMatcher {
    /// Matches the folded word `w`.
    fn exact(w: String) -> WordMatcher {
        let key = word_key(&w);
        WordMatcher::Exact(w, key)
    }

    fn matches(&self, token: &Token) -> bool {
        match self {
            WordMatcher::Exact(w, key) => token.key == *key && token.folded == *w,
            WordMatcher::Prefix(p) => token.folded.starts_with(p.as_str()),
            WordMatcher::AnyWord => true,
        }
    }
}

/// A compiled token pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    elements: Vec<Element>,
    /// The pattern as written, for messages and the `rule` field.
    pub source: String,
}

impl Pattern {
    /// Compiles `source`; the error says what is wrong.
    pub fn parse(source: &str) -> Result<Pattern, String> {
        let mut elements = Vec::new();
        for part in source.split_whitespace() {
            if let Some(n) = part.strip_prefix('~') {
                let n = if n.is_empty() {
                    3
                } else {
                    n.parse()
                        .map_err(|_| format!("bad gap {part:?}: write ~ or ~N"))?
                };
                if elements.is_empty() {
                    return Err(format!("pattern {source:?} starts with a gap"));
                }
                elements.push(Element::Gap(n));
                continue;
            }
            let mut alts = Vec::new();
            for alt in part.split('|') {
                let mut words = Vec::new();
                for word in alt.split('_').flat_map(split_elision) {
                    if word.is_empty() {
                        return Err(format!("empty word in {part:?}"));
                    }
                    if word == "*" {
                        words.push(WordMatcher::AnyWord);
                    } else if let Some(stem) = word.strip_suffix('*') {
                        let stem = fold(stem);
                        if stem.chars().count() < 3 {
                            return Err(format!(
                                "stem {word:?} is too short: give at least 3 letters before *"
                            ));
                        }
                        words.push(WordMatcher::Prefix(stem));
                    } else {
                        words.push(WordMatcher::exact(fold(word)));
                    }
                }
                if words.is_empty() {
                    return Err(format!("empty alternative in {part:?}"));
                }
                alts.push(words);
            }
            let filter = FirstFilter::of(&alts);
            elements.push(Element::Any(alts, filter));
        }
        if matches!(elements.last(), Some(Element::Gap(_))) {
            return Err(format!("pattern {source:?} ends with a gap"));
        }
        if elements.is_empty() {
            return Err("empty pattern".into());
        }
        Ok(Pattern {
            elements,
            source: source.to_string(),
        })
    }

    /// The matchers a first token can match (every pattern starts with words).
    fn first(&self) -> Vec<&WordMatcher> {
        match self.elements.first() {
            Some(Element::Any(alts, _)) => alts.iter().filter_map(|a| a.first()).collect(),
            _ => Vec::new(),
        }
    }

    /// If the pattern matches at token `at`, the index one past its last token.
    pub fn match_at(&self, tokens: &[Token], at: usize) -> Option<usize> {
        match_from(&self.elements, tokens, at)
    }

    /// True when the pattern starts at some token in `from..to`.
    fn matches_within(&self, tokens: &[Token], from: usize, to: usize) -> bool {
        (from..to.min(tokens.len())).any(|i| self.match_at(tokens, i).is_some())
    }
}

/// Patterns looked up by their first word: at each token only those whose first word can
/// match it are tried. Cue lists are tried at every token of every sentence, most tokens start
/// none of them, and one hash lookup rules them all out.
#[derive(Clone, Debug, Default)]
pub struct PatternList {
    patterns: Vec<Pattern>,
    /// Patterns whose every first alternative is an exact word, by that word's key.
    by_first: KeyMap<Vec<usize>>,
    /// Patterns that may start with any word or a stem: tried everywhere.
    open: Vec<usize>,
    /// The union of the patterns' first-token filters: most tokens start no cue of a list,
    /// and two bit tests say so before the hash look-up and the walk over `open`.
    first: FirstFilter,
}

impl PatternList {
    /// Adds patterns at the end of the list.
    pub fn extend(&mut self, patterns: impl IntoIterator<Item = Pattern>) {
        for p in patterns {
            let i = self.patterns.len();
            if let Some(Element::Any(_, f)) = p.elements.first() {
                self.first = self.first.union(*f);
            }
            let first = p.first();
            let exact: Vec<u64> = first
                .iter()
                .filter_map(|m| match m {
                    WordMatcher::Exact(_, key) => Some(*key),
                    _ => None,
                })
                .collect();
            if exact.len() == first.len() && !exact.is_empty() {
                for key in exact {
                    let list = self.by_first.entry(key).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            } else {
                self.open.push(i);
            }
            self.patterns.push(p);
        }
    }

    /// The ends of the patterns that match from token `at`, in list order.
    pub fn ends_at<'a>(
        &'a self,
        tokens: &'a [Token],
        at: usize,
    ) -> impl Iterator<Item = usize> + 'a {
        self.matches_at(tokens, at).map(|(_, end)| end)
    }

    /// The patterns that match from token `at`, in list order, each as (its position in the
    /// list, the index one past its last token).
    pub fn matches_at<'a>(
        &'a self,
        tokens: &'a [Token],
        at: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        // Every pattern needs a first token its first alternation may fit.
        let token = tokens.get(at).filter(|t| self.first.may_fit(t));
        let keyed: &[usize] = token
            .and_then(|t| self.by_first.get(&t.key))
            .map_or(&[], Vec::as_slice);
        MergeSorted {
            a: keyed,
            b: if token.is_some() { &self.open } else { &[] },
        }
        .filter_map(move |i| Some((i, self.patterns[i].match_at(tokens, at)?)))
    }
}

/// The union of two ascending slices, ascending.
struct MergeSorted<'a> {
    a: &'a [usize],
    b: &'a [usize],
}

impl Iterator for MergeSorted<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let take_a = match (self.a.first(), self.b.first()) {
            (Some(x), Some(y)) => x <= y,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return None,
        };
        let (head, rest) = if take_a {
            self.a.split_first()?
        } else {
            self.b.split_first()?
        };
        if take_a {
            self.a = rest;
            if self.b.first() == Some(head) {
                self.b = &self.b[1..];
            }
        } else {
            self.b = rest;
        }
        Some(*head)
    }
}

/// Splits `d'etat` into `d'` and `etat`, as the tokenizer splits the text.
fn split_elision(word: &str) -> Vec<&str> {
    match word.find(['\'', '\u{2019}']) {
        Some(i) if i > 0 && i + 1 < word.len() => {
            let cut = i + word[i..].chars().next().map_or(1, char::len_utf8);
            vec![&word[..cut], &word[cut..]]
        }
        _ => vec![word],
    }
}

fn is_hard_stop(t: &Token) -> bool {
    t.kind == TokenKind::Punct && matches!(t.folded.as_str(), "." | ";" | "?" | "!" | "(" | ")")
}

fn match_from(elements: &[Element], tokens: &[Token], at: usize) -> Option<usize> {
    let Some((first, rest)) = elements.split_first() else {
        return Some(at);
    };
    match first {
        Element::Any(alts, filter) => {
            if !tokens.get(at).is_some_and(|t| filter.may_fit(t)) {
                // Every alternative needs a first token, and none can start at this one.
                return None;
            }
            for alt in alts {
                let fits = alt.iter().enumerate().all(|(k, m)| {
                    tokens.get(at + k).is_some_and(|t| {
                        // Punctuation matches only when written as such (";", ",").
                        (t.kind != TokenKind::Punct || matches!(m, WordMatcher::Exact(..)))
                            && m.matches(t)
                    })
                });
                if fits && let Some(end) = match_from(rest, tokens, at + alt.len()) {
                    return Some(end);
                }
            }
            None
        }
        Element::Gap(n) => {
            for skip in 0..=*n {
                if skip > 0 {
                    let t = tokens.get(at + skip - 1)?;
                    if is_hard_stop(t) {
                        return None;
                    }
                }
                if let Some(end) = match_from(rest, tokens, at + skip) {
                    return Some(end);
                }
            }
            None
        }
    }
}

/// How a rule's participants are found around its trigger (see `arguments`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    /// Subject acts on object: actors before the trigger, recipients after.
    #[default]
    Directed,
    /// Nobody's side is distinguishable (they met, they signed): everyone is an actor.
    Mutual,
    /// The subject hosts, the object visits: actors after the trigger, recipients before.
    Host,
    /// The subject goes somewhere: actors before, recipients after, else the state of the place
    /// they go to.
    Visit,
    /// Something a state does within itself (a coup, a curfew, arrests): actors and recipients
    /// are the state(s) named, or the state of the place.
    Internal,
    /// Someone moves away (troops withdraw, a mission leaves): the subject, or the first
    /// participant after a noun ("le retrait des forces françaises"), is the actor; the rest
    /// (the country left) the recipients.
    Mover,
}

/// One trigger rule as written in a data file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    id: String,
    #[serde(rename = "type")]
    event_type: String,
    cameo: String,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    context: Vec<String>,
    #[serde(default)]
    frame: Frame,
    patterns: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
    #[serde(default)]
    before: Vec<String>,
    #[serde(default)]
    not_after: Vec<String>,
    #[serde(default)]
    not_before: Vec<String>,
    #[serde(default)]
    confidence: Option<f32>,
    #[serde(default)]
    absorbs: usize,
    #[serde(default)]
    absorbs_only: Vec<String>,
    #[serde(default)]
    object: Option<ObjectKind>,
    #[serde(default)]
    object_not: Option<ObjectKind>,
}

/// What the first participant after a trigger must (or must not) be, for rules whose meaning
/// depends on it: "quitter la Cédéao" leaves an organisation, "quitter le Mali" is troops
/// going home.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    /// An organisation (ECOWAS, the UN, MINUSMA).
    Organisation,
    /// A state, or a body that counts as one.
    State,
    /// A named person.
    Person,
    /// A non-state armed group.
    ArmedGroup,
    /// A town of the gazetteer right after the trigger ("reprend Kidal"): within
    /// `PLACE_OBJECT_WINDOW` tokens, since a place further on is where, not what.
    Place,
}

/// How many tokens after a trigger a place may start to be its object.
pub const PLACE_OBJECT_WINDOW: usize = 3;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TriggerFile {
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

/// A compiled trigger rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Its id, unique in its file (`visit`).
    pub id: String,
    /// Where it was read (`fr/triggers.toml`), for the `rule` field of events.
    pub file: String,
    /// PLOVER category.
    pub event_type: EventType,
    /// CAMEO code.
    pub cameo: String,
    /// PLOVER mode.
    pub mode: Option<String>,
    /// PLOVER contexts.
    pub context: Vec<String>,
    /// How participants are found.
    pub frame: Frame,
    /// Base confidence.
    pub confidence: f32,
    /// How many tokens after this trigger other triggers are part of it rather than events of
    /// their own: "a promis de livrer des armes" is one promise, not a promise and a delivery.
    pub absorbs: usize,
    /// The categories it absorbs; empty for all ("se sont rassemblés pour réclamer le départ"
    /// absorbs the demand, "la répression des rassemblements a fait des morts" not the
    /// killing).
    pub absorbs_only: Vec<EventType>,
    /// What the first participant after the trigger must be.
    pub object: Option<ObjectKind>,
    /// What the first participant after the trigger must not be.
    pub object_not: Option<ObjectKind>,
    patterns: Vec<Pattern>,
    after: Vec<Pattern>,
    before: Vec<Pattern>,
    not_after: Vec<Pattern>,
    not_before: Vec<Pattern>,
}

impl Rule {
    /// `file:id`, as shown in the `rule` field.
    pub fn name(&self) -> String {
        format!("{}:{}", self.file, self.id)
    }

    fn conditions_hold(&self, tokens: &[Token], start: usize, end: usize) -> bool {
        let after = |ps: &[Pattern]| {
            ps.iter()
                .any(|p| p.matches_within(tokens, end, end + CONDITION_WINDOW))
        };
        let before = |ps: &[Pattern]| {
            ps.iter()
                .any(|p| p.matches_within(tokens, start.saturating_sub(CONDITION_WINDOW), start))
        };
        (self.after.is_empty() || after(&self.after))
            && (self.before.is_empty() || before(&self.before))
            && !after(&self.not_after)
            && !before(&self.not_before)
    }
}

/// A trigger found in a sentence: which rule, over which tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TriggerMatch {
    /// Index of the rule in the lexicon.
    pub rule: usize,
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
}

/// All trigger rules of one language, indexed by first word and first stem.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// The rules, in file order (earlier rules win ties).
    pub rules: Vec<Rule>,
    /// (rule, pattern) by the key of their exact first word.
    exact: KeyMap<Vec<(usize, usize)>>,
    /// (stem, its (rule, pattern)s) by the stem's first three bytes: every stem has at least
    /// three letters, so one look-up finds the few stems a token may start with, rather than
    /// one look-up (and one hashing) per stem length.
    prefix: HashMap<[u8; 3], Vec<Stem>>,
}

/// A first stem and the (rule, pattern)s that start with it.
type Stem = (String, Vec<(usize, usize)>);

/// The first three bytes of `s`, when it has them.
fn head(s: &str) -> Option<[u8; 3]> {
    s.as_bytes().get(..3)?.try_into().ok()
}

impl Lexicon {
    /// Compiles the trigger files of one language, in order.
    pub fn load<'a>(files: impl IntoIterator<Item = &'a DataFile>) -> Result<Lexicon, DataError> {
        let mut lex = Lexicon::default();
        for file in files {
            let parsed: TriggerFile =
                toml::from_str(&file.text).map_err(|e| DataError::toml(file, e))?;
            for spec in parsed.rule {
                let rule = compile_rule(file, spec)?;
                // A user's rule with a built-in rule's id replaces it.
                if let Some(i) = lex.rules.iter().position(|r| r.id == rule.id) {
                    lex.rules[i] = rule;
                } else {
                    lex.rules.push(rule);
                }
            }
        }
        lex.index();
        Ok(lex)
    }

    fn index(&mut self) {
        self.exact.clear();
        self.prefix.clear();
        for (ri, rule) in self.rules.iter().enumerate() {
            for (pi, p) in rule.patterns.iter().enumerate() {
                for m in p.first() {
                    match m {
                        WordMatcher::Exact(_, key) => {
                            self.exact.entry(*key).or_default().push((ri, pi))
                        }
                        WordMatcher::Prefix(s) => {
                            // Stems are refused under three letters when compiled.
                            let Some(h) = head(s) else { continue };
                            let stems = self.prefix.entry(h).or_default();
                            match stems.iter_mut().find(|(stem, _)| stem == s) {
                                Some((_, at)) => at.push((ri, pi)),
                                None => stems.push((s.clone(), vec![(ri, pi)])),
                            }
                        }
                        // Refused when the rule is compiled.
                        WordMatcher::AnyWord => {}
                    }
                }
            }
        }
    }

    /// The index of the rule with this id.
    pub fn rule_index(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.id == id)
    }

    /// Every trigger in `tokens` whose rule's conditions hold; where two overlap, the longer
    /// (then the earlier rule) is kept.
    pub fn find(&self, tokens: &[Token]) -> Vec<TriggerMatch> {
        let mut found: Vec<TriggerMatch> = Vec::new();
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            if t.kind != TokenKind::Word {
                continue;
            }
            candidates.clear();
            if let Some(v) = self.exact.get(&t.key) {
                candidates.extend_from_slice(v);
            }
            let stems = head(&t.folded).and_then(|h| self.prefix.get(&h));
            for (stem, v) in stems.into_iter().flatten() {
                if t.folded.starts_with(stem.as_str()) {
                    candidates.extend_from_slice(v);
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            for &(ri, pi) in &candidates {
                let rule = &self.rules[ri];
                if let Some(end) = rule.patterns[pi].match_at(tokens, i)
                    && rule.conditions_hold(tokens, i, end)
                {
                    found.push(TriggerMatch {
                        rule: ri,
                        start: i,
                        end,
                    });
                }
            }
        }
        // Longest first, then earliest rule; drop what overlaps a kept match.
        found.sort_by(|a, b| {
            (b.end - b.start)
                .cmp(&(a.end - a.start))
                .then(a.rule.cmp(&b.rule))
                .then(a.start.cmp(&b.start))
        });
        let mut kept: Vec<TriggerMatch> = Vec::new();
        for m in found {
            if kept.iter().all(|k| m.end <= k.start || k.end <= m.start) {
                kept.push(m);
            }
        }
        kept.sort_by_key(|m| (m.start, m.rule));
        kept
    }
}

fn compile_rule(file: &DataFile, spec: RuleSpec) -> Result<Rule, DataError> {
    // The rule's line is for messages only: looked for when one is written (looking for every
    // rule's was a tenth of start-up).
    let line = || {
        let quoted = format!("\"{}\"", spec.id);
        file.text
            .lines()
            .position(|l| l.contains(&quoted))
            .map(|i| i + 1)
    };
    let bad = |msg: String| DataError::invalid(file, line(), format!("rule {:?}: {msg}", spec.id));
    let event_type: EventType = spec
        .event_type
        .parse()
        .map_err(|e: crate::model::EventTypeParseError| bad(e.to_string()))?;
    if spec.cameo.is_empty() || !spec.cameo.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(format!(
            "cameo {:?} is not a CAMEO code (digits, e.g. \"042\")",
            spec.cameo
        )));
    }
    if spec.patterns.is_empty() {
        return Err(bad("no patterns".into()));
    }
    let compile = |ps: &[String]| -> Result<Vec<Pattern>, DataError> {
        ps.iter().map(|p| Pattern::parse(p).map_err(&bad)).collect()
    };
    let patterns = compile(&spec.patterns)?;
    let absorbs_only = spec
        .absorbs_only
        .iter()
        .map(|t| {
            t.parse()
                .map_err(|e: crate::model::EventTypeParseError| bad(format!("absorbs_only: {e}")))
        })
        .collect::<Result<Vec<EventType>, DataError>>()?;
    if let Some(p) = patterns
        .iter()
        .find(|p| p.first().iter().any(|m| **m == WordMatcher::AnyWord))
    {
        return Err(bad(format!(
            "pattern {:?} starts with *: a trigger must start with a word or a stem",
            p.source
        )));
    }
    let file_name = file.path.clone();
    Ok(Rule {
        patterns,
        after: compile(&spec.after)?,
        before: compile(&spec.before)?,
        not_after: compile(&spec.not_after)?,
        not_before: compile(&spec.not_before)?,
        id: spec.id,
        file: file_name,
        event_type,
        cameo: spec.cameo,
        mode: spec.mode.filter(|m| !m.is_empty()),
        context: spec.context,
        frame: spec.frame,
        confidence: spec.confidence.unwrap_or(0.6).clamp(0.0, 1.0),
        absorbs: spec.absorbs,
        absorbs_only,
        object: spec.object,
        object_not: spec.object_not,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;
    use crate::model::Span;
    use crate::resources::Resources;

    fn lexicon(toml: &str) -> Lexicon {
        let res = Resources::empty().with_file("xx/triggers.toml", toml);
        Lexicon::load(res.files("xx/triggers.toml")).unwrap()
    }

    fn found(lex: &Lexicon, s: &str) -> Vec<(String, String)> {
        let toks = tokenize(s, Span::new(0, s.len()));
        lex.find(&toks)
            .into_iter()
            .map(|m| {
                let span = Span::new(toks[m.start].span.start, toks[m.end - 1].span.end);
                (lex.rules[m.rule].id.clone(), span.slice(s).to_string())
            })
            .collect()
    }

    const RULES: &str = r#"
[[rule]]
id = "visit"
type = "CONSULT"
cameo = "042"
frame = "visit"
patterns = ["se|s' ~2 rend*", "visite"]

[[rule]]
id = "accuse"
type = "ACCUSE"
cameo = "112"
patterns = ["accus*"]
not_before = ["sans"]

[[rule]]
id = "withdraw-troops"
type = "RETREAT"
cameo = "0874"
patterns = ["retrait"]
after = ["forces|troupes|soldats"]

[[rule]]
id = "withdraw-org"
type = "SANCTION"
cameo = "161"
patterns = ["retrait"]
"#;

    #[test]
    fn stems_gaps_and_alternatives() {
        let lex = lexicon(RULES);
        assert_eq!(
            found(&lex, "Les ministres se sont rendus à Moscou."),
            [("visit".into(), "se sont rendus".into())]
        );
        assert_eq!(
            found(&lex, "Il s’était finalement rendu à Bamako"),
            [("visit".into(), "s’était finalement rendu".into())]
        );
        assert_eq!(
            found(&lex, "Ils ont accusé Paris"),
            [("accuse".into(), "accusé".into())]
        );
        assert!(found(&lex, "Il se rend compte. Puis rend").len() == 1);
    }

    #[test]
    fn gaps_stop_at_sentence_punctuation() {
        let lex = lexicon(RULES);
        assert!(found(&lex, "se ; rendu").is_empty());
    }

    #[test]
    fn conditions_choose_between_rules_on_the_same_word() {
        let lex = lexicon(RULES);
        assert_eq!(
            found(&lex, "le retrait des forces françaises"),
            [("withdraw-troops".into(), "retrait".into())]
        );
        assert_eq!(
            found(&lex, "le retrait de la Cédéao"),
            [("withdraw-org".into(), "retrait".into())]
        );
        assert!(found(&lex, "un rapport sans accusation").is_empty());
    }

    #[test]
    fn multi_word_alternatives_and_elisions() {
        let lex = lexicon(
            "[[rule]]\nid = \"coup\"\ntype = \"COERCE\"\ncameo = \"170\"\npatterns = [\"coup|coups d'etat|de_force\", \"putsch\", \"mise_en_place|creation ~2 force\"]\n",
        );
        assert_eq!(
            found(&lex, "le coup d’État du 26 juillet"),
            [("coup".into(), "coup d’État".into())]
        );
        assert_eq!(
            found(&lex, "un coup de force"),
            [("coup".into(), "coup de force".into())]
        );
        assert!(found(&lex, "un coup de pouce").is_empty());
        assert_eq!(
            found(&lex, "la mise en place de la force"),
            [("coup".into(), "mise en place de la force".into())]
        );
        assert_eq!(split_elision("d'etat"), ["d'", "etat"]);
        assert_eq!(split_elision("l'"), ["l'"]);
    }

    #[test]
    fn a_bad_rule_names_its_file_and_line() {
        let res = Resources::empty().with_file(
            "xx/triggers.toml",
            "[[rule]]\nid = \"x\"\ntype = \"MEET\"\ncameo = \"040\"\npatterns = [\"a\"]\n",
        );
        let err = Lexicon::load(res.files("xx/triggers.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("xx/triggers.toml") && err.contains(":2") && err.contains("MEET"),
            "{err}"
        );
        assert!(Pattern::parse("ac*").is_err());
        assert!(Pattern::parse("~ visite").is_err());
        assert!(Pattern::parse("visite ~").is_err());
    }

    #[test]
    fn a_user_rule_replaces_a_builtin_one_with_the_same_id() {
        let res = Resources::empty()
            .with_file("xx/triggers.toml", RULES)
            .with_file("xx/triggers.toml", "[[rule]]\nid = \"accuse\"\ntype = \"ACCUSE\"\ncameo = \"111\"\npatterns = [\"blame*\"]\n");
        let lex = Lexicon::load(res.files("xx/triggers.toml")).unwrap();
        assert_eq!(lex.rules.len(), 4);
        assert_eq!(
            found(&lex, "ils blament Paris"),
            [("accuse".into(), "blament".into())]
        );
        assert!(found(&lex, "ils accusent Paris").is_empty());
    }
}

#[cfg(test)]
mod pattern_list_tests {
    use super::*;
    use crate::extract::tokens::tokenize;
    use crate::model::Span;

    #[test]
    fn a_pattern_list_finds_what_trying_every_pattern_finds_in_the_same_order() {
        let sources = [
            "l' ~2 imite|imitent",
            "ont|avaient|a emboite le pas",
            "deuxieme|nouvelle journee|jour consecutive|consecutif",
            "accus* ~ de",
            "* jours plus tard",
            "au_plus_tard",
            ", avant|apres",
            "le pas",
            "a|ont",
        ];
        let patterns: Vec<Pattern> = sources.iter().map(|s| Pattern::parse(s).unwrap()).collect();
        let mut list = PatternList::default();
        list.extend(patterns.clone());
        let text = "Niamey et Ouagadougou l'ont imité, avant que Bamako a emboîté le pas \
                    pour la deuxième journée consécutive ; il les accuse donc de tout, \
                    trois jours plus tard, au plus tard.";
        let tokens = tokenize(text, Span::new(0, text.len()));
        let mut found = 0;
        for i in 0..=tokens.len() {
            let brute: Vec<usize> = patterns
                .iter()
                .filter_map(|p| p.match_at(&tokens, i))
                .collect();
            let listed: Vec<usize> = list.ends_at(&tokens, i).collect();
            assert_eq!(listed, brute, "at token {i}");
            found += brute.len();
        }
        assert!(found >= 8, "the sentence exercises the patterns: {found}");
    }

    /// The pattern with every first-token filter open: the walk over all alternatives that
    /// the filters short-cut.
    fn unfiltered(p: &Pattern) -> Pattern {
        let mut p = p.clone();
        for e in &mut p.elements {
            if let Element::Any(_, f) = e {
                f.any = true;
            }
        }
        p
    }

    const WORDS: &[&str] = &[
        "le", "l'", "a", "ont", "pas", "accuse", "accusent", "de", "jours", "plus", "tard", ",",
        ";", ".", "emboite", "imite", "se", "s'", "rendu", "deuxieme", "journee",
    ];

    proptest::proptest! {
        #[test]
        fn filtered_patterns_match_as_unfiltered_ones(
            picks in proptest::collection::vec(0..WORDS.len(), 0..14),
            src in 0..8usize,
        ) {
            let sources = [
                "l' ~2 imite|imitent",
                "ont|avaient|a emboite le pas",
                "accus* ~ de",
                "* jours plus tard",
                "se|s' ~2 rend*",
                ", avant|apres|plus",
                "deuxieme|nouvelle journee|jour",
                "a|ont ~1 pas|de|accus*",
            ];
            let pattern = Pattern::parse(sources[src]).unwrap();
            let slow = unfiltered(&pattern);
            let text: Vec<&str> = picks.iter().map(|&i| WORDS[i]).collect();
            let text = text.join(" ");
            let tokens = tokenize(&text, Span::new(0, text.len()));
            for i in 0..=tokens.len() {
                proptest::prop_assert_eq!(pattern.match_at(&tokens, i), slow.match_at(&tokens, i));
            }
        }

        #[test]
        fn a_filtered_list_finds_what_every_pattern_finds(
            picks in proptest::collection::vec(0..WORDS.len(), 0..14),
        ) {
            let sources = ["l' ~2 imite|imitent", "accus* ~ de", "se|s' ~2 rend*", "plus tard"];
            let patterns: Vec<Pattern> = sources.iter().map(|s| Pattern::parse(s).unwrap()).collect();
            let mut list = PatternList::default();
            list.extend(patterns.clone());
            let text: Vec<&str> = picks.iter().map(|&i| WORDS[i]).collect();
            let text = text.join(" ");
            let tokens = tokenize(&text, Span::new(0, text.len()));
            for i in 0..=tokens.len() {
                let brute: Vec<usize> = patterns.iter().filter_map(|p| p.match_at(&tokens, i)).collect();
                let listed: Vec<usize> = list.ends_at(&tokens, i).collect();
                proptest::prop_assert_eq!(listed, brute);
            }
        }
    }
}
