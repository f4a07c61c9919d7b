//! Names, demonyms, capitals, role phrases and title patterns of actors and places, found in
//! one pass over each sentence with an index built from the knowledge base.
//!
//! Each sentence is folded (case, accents, apostrophes) and scanned once for the longest of
//! every name of the knowledge base and every role phrase and title of the language at each
//! place a word starts (the matches of a leftmost-longest automaton of them, found through an
//! index of the patterns by first token, see [`index`]). Matches must be whole words and written as their data asks (a name
//! capitalised, an acronym in capitals, a common word not at a sentence's start). A second,
//! linear pass over the matches of the sentence combines neighbours: a demonym or a state with
//! the role phrase beside it ("le ministre de la Défense du Mali", "Russia's defence minister"),
//! a role or a title with the capitalised name after it ("le général Salifou Modi (Niger)"), a
//! known given name with the capitalised words after it. What it finds are [`NameHit`]s, which
//! the linker ties to entities.

mod index;
mod lang;
mod patterns;

use std::collections::{HashMap, HashSet};

use self::index::FirstTokenIndex;
use self::lang::LangData;
use self::patterns::{Guard, PatternSet, Rule, Rules, Target};
use crate::kb::Kb;
use crate::model::{Sentence, Span};
use crate::resources::{DataError, Resources};
use crate::text::{FoldedText, fold, fold_sentences};

/// One way to read a stretch of text.
#[derive(Clone, Debug, PartialEq)]
pub enum Reading {
    /// A name or alias of a knowledge-base state, organisation or person (its id).
    Entity(String),
    /// A demonym of a state ("maliens", "Russian").
    Demonym(String),
    /// The name of a state's capital ("Moscou", "Bamako").
    Capital(String),
    /// A gazetteer town (GeoNames id).
    Town(u64),
    /// A bare surname of a known person (their id; one reading per person bearing it).
    Surname(String),
    /// A role phrase, with the state or organisation the text ties it to.
    Role {
        /// Role id (`defence_minister`).
        role: String,
        /// The state (or organisation) given in the text, when it gives one.
        state: Option<String>,
    },
    /// A person's name found by a pattern (after a title, a role or a known given name), as
    /// written.
    Person {
        /// The name as written ("Salifou Modi").
        name: String,
    },
}

/// A stretch of text that names or describes an actor or a place, before linking.
#[derive(Clone, Debug, PartialEq)]
pub struct NameHit {
    /// Where it is.
    pub span: Span,
    /// Index of its sentence in the slice given to [`NameFinder::find`].
    pub sentence: usize,
    /// What it may be, most likely first; the linker picks one.
    pub readings: Vec<Reading>,
    /// True when a locative preposition introduces it ("à Moscou", "near Kidal").
    pub locative: bool,
    /// The role the text gives the person named here ("le ministre de la Défense, Sadio
    /// Camara"), or the role of a role phrase.
    pub role: Option<String>,
    /// The state the text ties to it: a demonym beside a title or role, a state in parentheses
    /// after a name, the state of a role phrase.
    pub state: Option<String>,
    /// The title before a person's name, folded ("general", "m.").
    pub title: Option<String>,
}

/// A pattern match in one sentence, before combining.
#[derive(Clone, Debug)]
struct RawHit {
    /// Folded offsets in the sentence.
    fstart: usize,
    fend: usize,
    /// Offsets in the article.
    span: Span,
    /// The meanings whose conditions hold.
    rules: Vec<Rule>,
}

impl RawHit {
    fn role(&self) -> Option<(usize, Option<String>)> {
        self.rules.iter().find_map(|r| match &r.target {
            Target::Role { role, state } => Some((*role, state.clone())),
            _ => None,
        })
    }

    fn has(&self, pred: impl Fn(&Target) -> bool) -> bool {
        self.rules.iter().any(|r| pred(&r.target))
    }
}

/// The indexed patterns of one language and what each means.
#[derive(Clone, Debug)]
struct Matcher {
    patterns: FirstTokenIndex,
    rules: Vec<Rules>,
    data: LangData,
}

/// The indexed names and patterns of every language.
#[derive(Clone, Debug, Default)]
pub struct NameFinder {
    matchers: HashMap<String, Matcher>,
    /// Ids of states.
    states: HashSet<String>,
    /// Ids of persons.
    persons: HashSet<String>,
    /// What each organisation counts as.
    org_codes: HashMap<String, String>,
}

impl NameFinder {
    /// Indexes the knowledge base's names and the `data/<lang>/` patterns, once per language
    /// with a data folder.
    pub fn new(kb: &Kb, res: &Resources) -> Result<NameFinder, DataError> {
        let mut langs = res.languages();
        if langs.is_empty() {
            langs.push(crate::pipeline::DEFAULT_LANGUAGE.to_string());
        }
        let build = |lang: &str| -> Result<Matcher, DataError> {
            let data = lang::load(res, lang)?;
            let (patterns, rules) = PatternSet::build(kb, lang, &data).into_parts();
            Ok(Matcher {
                patterns: FirstTokenIndex::new(patterns),
                rules,
                data,
            })
        };
        // Each language's patterns hold every name of the knowledge base: gathering them is
        // most of start-up, and they are independent, so each gets its own thread.
        let built: Vec<(String, Result<Matcher, DataError>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = langs
                .iter()
                .map(|lang| {
                    let build = &build;
                    (lang, scope.spawn(move || build(lang)))
                })
                .collect();
            handles
                .into_iter()
                .map(|(lang, h)| {
                    let matcher = h.join().unwrap_or_else(|_| {
                        Err(DataError::Invalid {
                            origin: format!("data/{lang}/ and data/kb/"),
                            line: None,
                            message: "indexing the names failed (a bug: please report it)"
                                .to_string(),
                        })
                    });
                    (lang.clone(), matcher)
                })
                .collect()
        });
        let mut matchers = HashMap::new();
        for (lang, matcher) in built {
            matchers.insert(lang, matcher?);
        }
        Ok(NameFinder {
            matchers,
            states: kb.states().iter().map(|s| s.id.clone()).collect(),
            persons: kb
                .persons()
                .iter()
                .flat_map(|p| std::iter::once(p.id.clone()).chain(p.same_as.clone()))
                .collect(),
            org_codes: kb
                .organisations()
                .iter()
                .filter_map(|o| Some((o.id.clone(), o.code()?.to_string())))
                .collect(),
        })
    }

    /// Finds the hits of `text` inside `sentences`, in text order.
    pub fn find(&self, text: &str, sentences: &[Sentence], lang: &str) -> Vec<NameHit> {
        self.find_folded(text, sentences, &fold_sentences(text, sentences), lang)
    }

    /// [`NameFinder::find`], given each sentence folded (see [`fold_sentences`]).
    pub fn find_folded(
        &self,
        text: &str,
        sentences: &[Sentence],
        folded: &[FoldedText],
        lang: &str,
    ) -> Vec<NameHit> {
        let matcher = self
            .matchers
            .get(lang)
            .or_else(|| self.matchers.get(crate::pipeline::DEFAULT_LANGUAGE))
            .or_else(|| self.matchers.values().next());
        let Some(matcher) = matcher else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for ((si, s), folded) in sentences.iter().enumerate().zip(folded) {
            let Some(sentence) = text.get(s.span.start..s.span.end) else {
                continue;
            };
            let raw = self.raw_hits(matcher, sentence, folded, s.span.start);
            let ctx = SentenceCtx {
                finder: self,
                m: matcher,
                text: sentence,
                folded,
                base: s.span.start,
                index: si,
            };
            out.extend(ctx.combine(raw));
        }
        out
    }

    /// The whole-word pattern matches in one sentence whose conditions hold.
    fn raw_hits(
        &self,
        m: &Matcher,
        sentence: &str,
        folded: &FoldedText,
        base: usize,
    ) -> Vec<RawHit> {
        let hay = folded.text.as_str();
        let mut out = Vec::new();
        // Where the scan goes on: after the last match kept.
        let mut pos = 0;
        let mut after_alnum = false;
        for (fs, c) in hay.char_indices() {
            // Only here can a whole-word match start: not inside a word, not on white space.
            let may_start = !after_alnum && !c.is_whitespace() && fs >= pos;
            after_alnum = c.is_alphanumeric();
            if !may_start {
                continue;
            }
            let Some((pattern, fe)) = m.patterns.longest_at(hay, fs) else {
                continue;
            };
            // The longest pattern here must be a whole word and usable, or nothing starts here:
            // a shorter one at the same place is not tried, as a leftmost-longest automaton
            // would not.
            if !folded.is_word_bounded(fs, fe) {
                continue;
            }
            let rel = folded.original_span(fs, fe);
            let written = rel.slice(sentence);
            let initial = !hay[..fs].chars().any(char::is_alphanumeric);
            let valid: Vec<Rule> = m.rules[pattern]
                .iter()
                .filter(|r| r.case.holds(written) && !(r.guard == Guard::NotInitial && initial))
                .cloned()
                .collect();
            if !valid.is_empty() {
                out.push(RawHit {
                    fstart: fs,
                    fend: fe,
                    span: Span::new(rel.start + base, rel.end + base),
                    rules: valid,
                });
                pos = fe;
            }
        }
        out
    }

    fn is_state(&self, id: &str) -> bool {
        self.states.contains(id)
    }

    /// The state a raw hit names (a state's name or a demonym), and whether it is a demonym.
    fn state_of(&self, h: &RawHit) -> Option<(String, bool)> {
        h.rules.iter().find_map(|r| match &r.target {
            Target::Entity(id) if self.is_state(id) => Some((id.clone(), false)),
            Target::Demonym(id) => Some((id.clone(), true)),
            _ => None,
        })
    }

    /// What an organisation named by a raw hit counts as ("CNSP" → NER), for a role of it.
    fn body_of(&self, h: &RawHit) -> Option<String> {
        h.rules.iter().find_map(|r| match &r.target {
            Target::Entity(id) => self.org_codes.get(id).cloned(),
            _ => None,
        })
    }
}

/// One sentence being combined.
struct SentenceCtx<'a> {
    finder: &'a NameFinder,
    m: &'a Matcher,
    /// The sentence's text.
    text: &'a str,
    folded: &'a FoldedText,
    /// Offset of the sentence in the article.
    base: usize,
    index: usize,
}

/// A hit being built, with its folded offsets for adjacency tests.
struct Pending {
    hit: NameHit,
    fstart: usize,
    fend: usize,
    /// A plain state name or demonym that a following role or title may take as its state.
    state_word: Option<(String, bool)>,
}

impl SentenceCtx<'_> {
    /// Combines the raw hits of the sentence, in order, into name hits.
    fn combine(&self, raw: Vec<RawHit>) -> Vec<NameHit> {
        let mut used = vec![false; raw.len()];
        let mut out: Vec<Pending> = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            if used[i] {
                i += 1;
                continue;
            }
            used[i] = true;
            let h = &raw[i];
            if let Some((role, state)) = h.role() {
                self.role_hit(&raw, &mut used, i, role, state, &mut out);
            } else {
                // A title or a given name with no name after it is read as whatever else it is.
                let person = (h.has(|t| *t == Target::Title)
                    && self.title_hit(&raw, &mut used, i, &mut out))
                    || (h.has(|t| *t == Target::GivenName)
                        && self.given_name_hit(&raw, &mut used, i, &mut out));
                if !person {
                    self.plain_hit(&raw, &mut used, i, &mut out);
                }
            }
            i += 1;
        }
        out.into_iter().map(|p| p.hit).collect()
    }

    /// The folded text between two folded offsets, trimmed.
    fn gap(&self, from: usize, to: usize) -> &str {
        self.folded.text.get(from..to).unwrap_or("\u{0}").trim()
    }

    /// Offsets in the sentence of an article span.
    fn rel(&self, s: Span) -> (usize, usize) {
        (s.start - self.base, s.end - self.base)
    }

    /// The article span of sentence offsets.
    fn abs(&self, start: usize, end: usize) -> Span {
        Span::new(start + self.base, end + self.base)
    }

    /// True when a locative preposition stands right before folded offset `fstart`.
    fn locative_before(&self, fstart: usize) -> bool {
        let before = self.folded.text.get(..fstart).unwrap_or("").trim_end();
        self.m.data.locatives.iter().any(|loc| {
            before.ends_with(loc.as_str()) && {
                let rest = &before[..before.len() - loc.len()];
                !rest.chars().next_back().is_some_and(char::is_alphanumeric)
            }
        })
    }

    /// True for the town of a dateline ("BAMAKO, 7 févr. (AFP) -", "OUAGADOUGOU/ACCRA, Jan 28"):
    /// written in capitals, with nothing but capitals before it in the sentence and a comma
    /// soon after: where the report was filed, so a place, not an actor.
    fn is_dateline(&self, rs: usize, re: usize) -> bool {
        let written = &self.text[rs..re];
        let caps = written.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && !written.chars().any(char::is_lowercase);
        let before_caps = !self.text[..rs].chars().any(char::is_lowercase);
        let after = &self.text[re..];
        let comma = after
            .find(',')
            .is_some_and(|k| k < 40 && !after[..k].chars().any(char::is_lowercase));
        caps && before_caps && comma
    }

    /// Takes the state word just before folded offset `fstart` from `out`, when it is one and
    /// stands close enough: a demonym right before ("the Malian foreign minister"), a state's or
    /// organisation's name with a linking word of the language ("Russia's defence minister",
    /// "ECOWAS foreign ministers").
    fn take_state_before(
        &self,
        out: &mut Vec<Pending>,
        fstart: usize,
    ) -> Option<(String, Span, usize)> {
        let prev = out.last()?;
        let (state, demonym) = prev.state_word.clone()?;
        let gap = self.gap(prev.fend, fstart);
        let ok = if demonym {
            gap.is_empty()
        } else {
            self.m.data.state_before.iter().any(|w| w == gap)
        };
        if !ok {
            return None;
        }
        let (span, start) = (prev.hit.span, prev.fstart);
        out.pop();
        Some((state, span, start))
    }

    /// The next raw hit after `i` not yet used by another hit.
    fn next_unused(raw: &[RawHit], used: &[bool], i: usize) -> Option<usize> {
        (i + 1..raw.len()).find(|&j| !used[j])
    }

    /// A role phrase: with the state beside it, then either the name of its holder after it
    /// (one person hit carrying the role) or the office itself.
    fn role_hit(
        &self,
        raw: &[RawHit],
        used: &mut [bool],
        i: usize,
        role: usize,
        state: Option<String>,
        out: &mut Vec<Pending>,
    ) {
        let h = &raw[i];
        let def = &self.m.data.roles[role];
        let mut state = state.or_else(|| def.of.clone());
        let mut span = h.span;
        let mut fstart = h.fstart;
        let mut fend = h.fend;
        if state.is_none() {
            if let Some((s, before, before_f)) = self.take_state_before(out, h.fstart) {
                state = Some(s);
                span = Span::new(before.start, span.end);
                fstart = before_f;
            }
        }
        let next = if state.is_none() {
            Self::next_unused(raw, used, i)
        } else {
            None
        };
        if let Some(j) = next {
            let n = &raw[j];
            let gap = self.gap(fend, n.fstart);
            let found = match self.finder.state_of(n) {
                Some((s, true)) if gap.is_empty() => Some(s),
                Some((s, false)) if self.m.data.state_after.iter().any(|w| w == gap) => Some(s),
                None if self.m.data.state_after.iter().any(|w| w == gap) => self.finder.body_of(n),
                _ => None,
            };
            if let Some(s) = found {
                state = Some(s);
                used[j] = true;
                span = Span::new(span.start, n.span.end);
                fend = n.fend;
            }
        }
        // "le ministre de la Défense, Sadio Camara": the role names the person after it.
        let (_, rel_end) = self.rel(span);
        if let Some((ns, ne)) = self.scan_name(raw, rel_end, true) {
            self.push_person(raw, used, ns, ne, Some(def.id.clone()), state, None, out);
            return;
        }
        if state.is_none() && (def.needs_state || self.followed_by_link(fend)) {
            // "les autorités" alone, or "le président de l'Assemblée": not an office of a state
            // the text names.
            return;
        }
        let reading = Reading::Role {
            role: def.id.clone(),
            state: state.clone(),
        };
        let hit = NameHit {
            span,
            sentence: self.index,
            readings: vec![reading],
            locative: false,
            role: Some(def.id.clone()),
            state,
            title: None,
        };
        out.push(Pending {
            hit,
            fstart,
            fend,
            state_word: None,
        });
    }

    /// The folded offset where an article span starts (for spans of earlier hits).
    fn folded_start_of(&self, span: Span) -> usize {
        let target = span.start - self.base;
        (0..self.folded.text.len())
            .find(|&f| {
                self.folded.text.is_char_boundary(f)
                    && self.folded.original_span(f, f + 1).start >= target
            })
            .unwrap_or(0)
    }

    /// True when a linking word ("de", "of") follows folded offset `fend`: the phrase is then
    /// an office of something else than a state.
    fn followed_by_link(&self, fend: usize) -> bool {
        let after = self.folded.text.get(fend..).unwrap_or("").trim_start();
        self.m.data.state_after.iter().any(|w| {
            after.starts_with(w.as_str()) && {
                let rest = &after[w.len()..];
                w.ends_with('\'') || rest.starts_with(' ') || rest.is_empty()
            }
        })
    }

    /// A title with the name after it; false when no name follows.
    fn title_hit(
        &self,
        raw: &[RawHit],
        used: &mut [bool],
        i: usize,
        out: &mut Vec<Pending>,
    ) -> bool {
        let h = &raw[i];
        let mut state = self.take_state_before(out, h.fstart).map(|(s, _, _)| s);
        let mut end = self.rel(h.span).1;
        let mut took = None;
        if let Some(j) = Self::next_unused(raw, used, i) {
            let n = &raw[j];
            if let Some((s, true)) = self.finder.state_of(n) {
                if self.gap(h.fend, n.fstart).is_empty() {
                    state = state.or(Some(s));
                    end = self.rel(n.span).1;
                    took = Some(j);
                }
            }
        }
        let Some((ns, ne)) = self.scan_name(raw, end, false) else {
            return false;
        };
        if let Some(j) = took {
            used[j] = true;
        }
        let (ts, te) = self.rel(h.span);
        let title = fold(&self.text[ts..te]);
        self.push_person(raw, used, ns, ne, None, state, Some(title), out);
        true
    }

    /// A known given name with capitalised words after it ("Moussa Mara").
    fn given_name_hit(
        &self,
        raw: &[RawHit],
        used: &mut [bool],
        i: usize,
        out: &mut Vec<Pending>,
    ) -> bool {
        let h = &raw[i];
        let (rs, _) = self.rel(h.span);
        match self.scan_name(raw, rs, false) {
            Some((ns, ne)) if self.text[ns..ne].split_whitespace().count() >= 2 => {
                self.push_person(raw, used, ns, ne, None, None, None, out);
                true
            }
            _ => false,
        }
    }

    /// Emits the person named at sentence offsets `ns..ne`, using up the raw hits inside.
    #[allow(clippy::too_many_arguments)]
    fn push_person(
        &self,
        raw: &[RawHit],
        used: &mut [bool],
        ns: usize,
        ne: usize,
        role: Option<String>,
        mut state: Option<String>,
        title: Option<String>,
        out: &mut Vec<Pending>,
    ) {
        let span = self.abs(ns, ne);
        for (j, r) in raw.iter().enumerate() {
            if span.contains(r.span) {
                used[j] = true;
            }
        }
        if let Some(s) = self.state_in_parentheses(raw, used, ne) {
            state = Some(s);
        }
        let name = self.text[ns..ne].to_string();
        let fstart = self.folded_start_of(span);
        let hit = NameHit {
            span,
            sentence: self.index,
            readings: vec![Reading::Person { name }],
            locative: false,
            role,
            state,
            title,
        };
        out.push(Pending {
            hit,
            fstart,
            fend: fstart,
            state_word: None,
        });
    }

    /// "Salifou Modi (Niger)": the state in parentheses right after a name ending at sentence
    /// offset `end`; its raw hit is used up.
    fn state_in_parentheses(
        &self,
        raw: &[RawHit],
        used: &mut [bool],
        end: usize,
    ) -> Option<String> {
        let after = &self.text[end..];
        let open = after.len() - after.trim_start().len();
        if !after[open..].starts_with('(') {
            return None;
        }
        let j = (0..raw.len()).find(|&j| !used[j] && raw[j].span.start >= end + self.base)?;
        let r = &raw[j];
        let (rs, re) = self.rel(r.span);
        let between = &self.text[end..rs];
        if between.trim() != "(" || !self.text[re..].trim_start().starts_with(')') {
            return None;
        }
        let (state, demonym) = self.finder.state_of(r)?;
        if demonym {
            return None;
        }
        used[j] = true;
        Some(state)
    }

    /// A plain hit: names, demonyms, capitals, towns, surnames.
    fn plain_hit(&self, raw: &[RawHit], used: &mut [bool], i: usize, out: &mut Vec<Pending>) {
        let h = &raw[i];
        let (rs, re) = self.rel(h.span);
        let locative = self.locative_before(h.fstart) || self.is_dateline(rs, re);
        // "l'aéroport Modibo-Keïta", "le camp Soundiata-Keïta": a surname joined by a hyphen is
        // part of another name, which is neither that person nor a town.
        let hyphenated = self.text[..rs].ends_with('-') || self.text[re..].starts_with('-');
        if hyphenated && h.has(|t| matches!(t, Target::Surname(_))) {
            return;
        }
        let mut readings = Vec::new();
        for r in &h.rules {
            let reading = match &r.target {
                Target::Entity(id) => Reading::Entity(id.clone()),
                Target::Demonym(id) => Reading::Demonym(id.clone()),
                Target::Capital(id) => Reading::Capital(id.clone()),
                Target::Town(g) if r.guard != Guard::LocativeOnly || locative => Reading::Town(*g),
                Target::Surname(id) => Reading::Surname(id.clone()),
                _ => continue,
            };
            if !readings.contains(&reading) {
                readings.push(reading);
            }
        }
        if readings.is_empty() {
            return;
        }
        let personal = readings.iter().any(|r| match r {
            Reading::Entity(id) => self.finder.persons.contains(id),
            Reading::Surname(_) => true,
            _ => false,
        });
        let state = if personal {
            self.state_in_parentheses(raw, used, re)
        } else {
            None
        };
        let state_word = match readings.as_slice() {
            [Reading::Entity(id)] if self.finder.is_state(id) => Some((id.clone(), false)),
            [Reading::Entity(id)] => self.finder.org_codes.get(id).map(|_| (id.clone(), false)),
            [Reading::Demonym(id)] => Some((id.clone(), true)),
            _ => None,
        };
        let hit = NameHit {
            span: h.span,
            sentence: self.index,
            readings,
            locative,
            role: None,
            state,
            title: None,
        };
        out.push(Pending {
            hit,
            fstart: h.fstart,
            fend: h.fend,
            state_word,
        });
    }

    /// The capitalised name that starts at sentence offset `from` (after white space, and after
    /// a comma or colon when `apposition`): up to five capitalised words, particles allowed
    /// inside, stopping at a common word or at a name of something else than a person; a known
    /// person's full name starting there is taken whole ("Jean-Yves Le Drian").
    ///
    /// A name set off by a comma must be closed by one too ("le ministre de la Défense, Sadio
    /// Camara, a dit"): "aux côtés de son homologue, Jean-Yves Le Drian a dit" names the
    /// subject, not the counterpart.
    fn scan_name(&self, raw: &[RawHit], from: usize, apposition: bool) -> Option<(usize, usize)> {
        let text = self.text;
        let mut p = skip_spaces(text, from);
        let mut marked = false;
        if apposition {
            let rest = &text[p..];
            for mark in self.m.data.apposition.iter().filter(|m| !m.is_empty()) {
                if rest.starts_with(mark.as_str()) {
                    p = skip_spaces(text, p + mark.len());
                    marked = true;
                    break;
                }
            }
        }
        if p == from && from != 0 && !text[..from].ends_with(char::is_whitespace) {
            return None;
        }
        let start = p;
        let mut end: Option<usize> = None;
        let mut words = 0;
        let mut pending_particle = false;
        while let Some((ws, we)) = word_at(text, p) {
            let word = &text[ws..we];
            let folded = fold(word);
            let capital = word.chars().next().is_some_and(char::is_uppercase);
            let mut we = we;
            if words > 0 && !pending_particle && self.m.data.particles.contains(&folded) {
                // "ag", "de", also capitalised ("Le Drian"): only before another name word.
                pending_particle = true;
            } else if !capital {
                break;
            } else {
                if self.m.data.stopwords.contains(&folded)
                    || self.names_something_else(raw, ws, words > 0 && !pending_particle)
                {
                    break;
                }
                // A known person's name starting here is taken whole.
                let known = raw.iter().find(|r| {
                    r.span.start == ws + self.base
                        && r.has(
                            |t| matches!(t, Target::Entity(id) if self.finder.persons.contains(id)),
                        )
                });
                if let Some(k) = known {
                    we = we.max(k.span.end - self.base);
                }
                pending_particle = false;
                words += 1;
                end = Some(we);
            }
            if words >= 5 {
                break;
            }
            let next = skip_spaces(text, we);
            if next == we || text[we..next].contains('\n') {
                break;
            }
            p = next;
        }
        let end = end?;
        if marked {
            let after = text[end..].trim_start_matches([' ', '\u{a0}', '\u{202f}']);
            let closed =
                after.is_empty() || after.starts_with([',', ')', ';', '.', '\u{2013}', '\u{2014}']);
            if !closed {
                return None;
            }
        }
        Some((start, end))
    }

    /// True when a raw hit starting at sentence offset `at` names no person (a state, a role,
    /// an organisation, a capital; a town too, unless `inside` a name already begun, as many
    /// surnames are also the names of towns).
    fn names_something_else(&self, raw: &[RawHit], at: usize, inside: bool) -> bool {
        raw.iter()
            .find(|r| r.span.start == at + self.base)
            .is_some_and(|r| {
                let only_towns = r.rules.iter().all(|x| matches!(x.target, Target::Town(_)));
                !(r.has(|t| t.is_personal(&self.finder.persons)) || (inside && only_towns))
            })
    }
}

/// The offset after any spaces (not line breaks) from `p`.
fn skip_spaces(text: &str, p: usize) -> usize {
    let rest = &text[p..];
    p + (rest.len()
        - rest
            .trim_start_matches([' ', '\t', '\u{a0}', '\u{202f}'])
            .len())
}

/// The word starting at `p`: letters, with inner apostrophes, hyphens and a final dot for an
/// initial ("J."); an English possessive "'s" and trailing marks are left out.
fn word_at(text: &str, p: usize) -> Option<(usize, usize)> {
    let rest = &text[p..];
    let mut end = 0;
    for (i, c) in rest.char_indices() {
        if c.is_alphabetic() || matches!(c, '\'' | '\u{2019}' | '-') {
            end = i + c.len_utf8();
        } else if c == '.' && rest[..i].chars().count() == 1 {
            end = i + 1;
            break;
        } else {
            break;
        }
    }
    let mut word = &rest[..end];
    for suffix in ["'s", "\u{2019}s"] {
        if let Some(w) = word.strip_suffix(suffix) {
            word = w;
        }
    }
    let word = word.trim_end_matches(['\'', '\u{2019}', '-']);
    if word.is_empty() {
        None
    } else {
        Some((p, p + word.len()))
    }
}

#[cfg(test)]
mod tests;
