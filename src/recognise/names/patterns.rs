//! The patterns of the name index: every name, alias, demonym, capital, town, role phrase
//! and title, folded, each with what it means and how it must be written to count.

use std::collections::HashSet;
use std::collections::hash_map::Entry;

use rustc_hash::{FxHashMap, FxHashSet};
use smallvec::SmallVec;

use super::lang::LangData;
use crate::kb::Kb;
use crate::text::fold;

/// What a pattern means.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Target {
    /// A name or alias of a state, organisation or person.
    Entity(String),
    /// A demonym of a state.
    Demonym(String),
    /// The capital of a state.
    Capital(String),
    /// A gazetteer town.
    Town(u64),
    /// A person's bare surname.
    Surname(String),
    /// A given name that may start a person's name.
    GivenName,
    /// A role phrase (index into the language's roles), with the state it embeds.
    Role { role: usize, state: Option<String> },
    /// A title before a person's name.
    Title,
}

impl Target {
    /// Targets that name or start a person's name.
    pub fn is_personal(&self, persons: &HashSet<String>) -> bool {
        match self {
            Target::Entity(id) => persons.contains(id),
            Target::Surname(_) | Target::GivenName => true,
            _ => false,
        }
    }
}

/// How the matched text must be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Case {
    /// Any case ("malien", "ministre de la Défense").
    Any,
    /// These words (bit i for word i, the first 32 words) capitalised: "Mali", "Burkina
    /// Faso", "force Sabre".
    Words(u32),
    /// All capitals, for acronyms ("UN", so that "Un" does not match).
    AllCaps,
}

/// The first word capitalised.
pub(super) const INITIAL: Case = Case::Words(1);

impl Case {
    /// The laxer of two ways of writing one name: what both allow.
    fn laxer(self, other: Case) -> Case {
        match (self, other) {
            (Case::Any, _) | (_, Case::Any) => Case::Any,
            (Case::AllCaps, c) | (c, Case::AllCaps) => c,
            (Case::Words(a), Case::Words(b)) if a & b == 0 => Case::Any,
            (Case::Words(a), Case::Words(b)) => Case::Words(a & b),
        }
    }

    /// True when `written` is written as this asks.
    pub fn holds(self, written: &str) -> bool {
        match self {
            Case::Any => true,
            Case::AllCaps => written
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase),
            Case::Words(mask) => written.split_whitespace().enumerate().all(|(i, w)| {
                i >= 32
                    || mask & (1 << i) == 0
                    || w.chars()
                        .find(|c| c.is_alphabetic())
                        .is_some_and(char::is_uppercase)
            }),
        }
    }
}

/// Extra conditions on where a match may stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Guard {
    /// None.
    Free,
    /// A common word: not the first word of a sentence (where any word is capitalised).
    NotInitial,
    /// A one- or two-letter town: only after a locative preposition ("à Pô").
    LocativeOnly,
}

/// One meaning of a pattern, with its conditions.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Rule {
    pub target: Target,
    pub case: Case,
    pub guard: Guard,
}

/// The meanings of one pattern: nearly always one, held inline, since a heap block for each of
/// the tens of thousands of patterns was a good part of start-up.
pub(super) type Rules = SmallVec<[Rule; 1]>;

/// Folded patterns, each with its rules.
#[derive(Clone, Debug, Default)]
pub(super) struct PatternSet {
    /// Each pattern and its position in `rules`: the pattern's only copy until
    /// [`PatternSet::into_parts`].
    index: FxHashMap<String, usize>,
    rules: Vec<Rules>,
}

/// The case a form written this way asks for.
fn case_of(form: &str) -> Case {
    let mut letters = form.chars().filter(|c| c.is_alphabetic());
    if letters.clone().nth(1).is_some() && letters.all(char::is_uppercase) {
        return Case::AllCaps;
    }
    let mut mask = 0u32;
    for (i, w) in form.split_whitespace().enumerate().take(32) {
        if w.chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase)
        {
            mask |= 1 << i;
        }
    }
    if mask == 0 {
        Case::Any
    } else {
        Case::Words(mask)
    }
}

/// Folded, with runs of white space made one space.
pub(super) fn fold_pattern(form: &str) -> String {
    tidy_spaces(fold(form))
}

/// A role phrase's text around its `{dem}` slots, folded.
fn folded_pieces(phrase: &str) -> Vec<String> {
    phrase.split("{dem}").map(fold).collect()
}

/// The folded pattern of a role phrase, from its [`folded_pieces`], with a folded demonym in
/// each slot: what [`fold_pattern`] gives of the phrase with the demonym written in, since
/// folding goes character by character.
fn with_demonym(pieces: &[String], folded_demonym: &str) -> String {
    tidy_spaces(pieces.join(folded_demonym))
}

/// `folded` with runs of white space made one space and none at either end.
fn tidy_spaces(folded: String) -> String {
    // Most forms are written with single spaces already; only the others are rebuilt.
    if is_tidy(&folded) {
        folded
    } else {
        folded.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// True when `s` has no white space but single spaces between other characters: one pass over
/// the bytes, characters decoded only past ASCII (tens of thousands of forms are checked at
/// start-up).
fn is_tidy(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for (i, &b) in bytes.iter().enumerate() {
        // Letters, digits, punctuation and the inner bytes of a character: nothing to check.
        if b > b' ' && b < 0xc0 {
            after_space = false;
            continue;
        }
        if b == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
            continue;
        }
        after_space = false;
        let white = if b < b' ' {
            (b'\t'..=b'\r').contains(&b)
        } else {
            // A character's first byte past ASCII: decoded, in case it is white space.
            s[i..].chars().next().is_some_and(char::is_whitespace)
        };
        if white {
            return false;
        }
    }
    true
}

impl PatternSet {
    /// Adds `form` meaning `target`; `case` overrides the case the form asks for.
    fn add(
        &mut self,
        form: &str,
        target: Target,
        case: Option<Case>,
        stopwords: &FxHashSet<String>,
    ) {
        let case = case.unwrap_or_else(|| case_of(form));
        self.add_folded(fold_pattern(form), target, case, stopwords);
    }

    /// [`PatternSet::add`] of a form already folded by [`fold_pattern`], with its case.
    fn add_folded(
        &mut self,
        folded: String,
        target: Target,
        case: Case,
        stopwords: &FxHashSet<String>,
    ) {
        if !folded.chars().any(char::is_alphanumeric) {
            return;
        }
        let short = |s: &str| s.chars().filter(|c| c.is_alphabetic()).nth(2).is_none();
        let guard = match (&target, case) {
            (_, Case::AllCaps) => Guard::Free,
            (Target::Town(_), _) if short(&folded) => Guard::LocativeOnly,
            (Target::Role { .. } | Target::Title | Target::Demonym(_), _) => Guard::Free,
            _ if stopwords.contains(&folded) => Guard::NotInitial,
            _ => Guard::Free,
        };
        let i = match self.index.entry(folded) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                self.rules.push(Rules::new());
                *e.insert(self.rules.len() - 1)
            }
        };
        let rules = &mut self.rules[i];
        match rules.iter_mut().find(|r| r.target == target) {
            // Two forms of one meaning folding alike ("MINUSMA", "Minusma"): the laxer wins.
            Some(r) => {
                r.case = r.case.laxer(case);
                r.guard = r.guard.min(guard);
            }
            None => rules.push(Rule {
                target,
                case,
                guard,
            }),
        }
    }

    /// The patterns in the order they were first added, and the rules of each.
    pub fn into_parts(self) -> (Vec<String>, Vec<Rules>) {
        let mut patterns = vec![String::new(); self.rules.len()];
        for (pattern, i) in self.index {
            patterns[i] = pattern;
        }
        (patterns, self.rules)
    }

    /// Every pattern of the knowledge base and of one language.
    pub fn build(kb: &Kb, lang: &str, data: &LangData) -> PatternSet {
        let mut set = PatternSet::default();
        // About as many patterns as the knowledge base has places and names, and a role phrase
        // with a demonym slot for each demonym: reserved at once rather than grown by doubling.
        let slotted = data
            .roles
            .iter()
            .flat_map(|r| &r.phrases)
            .filter(|p| p.contains("{dem}"))
            .count();
        let demonym_count: usize = kb.states().iter().map(|s| s.demonyms(lang).len()).sum();
        let estimate = 2 * kb.places().len()
            + 8 * kb.states().len()
            + 4 * (kb.persons().len() + kb.organisations().len())
            + slotted * demonym_count;
        set.index.reserve(estimate);
        set.rules.reserve(estimate);
        let stop = &data.stopwords;
        for s in kb.states() {
            for n in s.names() {
                set.add(n, Target::Entity(s.id.clone()), None, stop);
            }
            for d in s.demonyms(lang) {
                set.add(d, Target::Demonym(s.id.clone()), None, stop);
            }
            // A territory's capital ("The Valley") is not worth the false matches.
            if s.un_member {
                for c in s.capital_names() {
                    set.add(c, Target::Capital(s.id.clone()), None, stop);
                }
            }
        }
        for o in kb.organisations() {
            for n in &o.names {
                set.add(n, Target::Entity(o.id.clone()), None, stop);
            }
        }
        for p in kb.persons() {
            for n in p.full_names() {
                let case = if case_of(n) == Case::AllCaps {
                    Case::AllCaps
                } else {
                    INITIAL
                };
                set.add(n, Target::Entity(p.id.clone()), Some(case), stop);
            }
            for s in &p.surnames {
                set.add(s, Target::Surname(p.id.clone()), Some(INITIAL), stop);
            }
        }
        for g in kb.given_names() {
            set.add(g, Target::GivenName, Some(INITIAL), stop);
        }
        for p in kb.places() {
            for n in p.names() {
                set.add(n, Target::Town(p.geonameid), Some(INITIAL), stop);
            }
        }
        // Every demonym, folded once for all the role phrases that take one (see
        // `with_demonym`).
        let demonyms: Vec<(&str, String)> = kb
            .states()
            .iter()
            .flat_map(|s| {
                s.demonyms(lang)
                    .into_iter()
                    .map(move |d| (s.id.as_str(), fold(d)))
            })
            .collect();
        for (ri, r) in data.roles.iter().enumerate() {
            for phrase in &r.phrases {
                if phrase.contains("{dem}") {
                    let pieces = folded_pieces(phrase);
                    for (state, d) in &demonyms {
                        let target = Target::Role {
                            role: ri,
                            state: Some(state.to_string()),
                        };
                        set.add_folded(with_demonym(&pieces, d), target, Case::Any, stop);
                    }
                } else {
                    let target = Target::Role {
                        role: ri,
                        state: r.of.clone(),
                    };
                    set.add(phrase, target, Some(Case::Any), stop);
                }
            }
        }
        for t in &data.titles {
            set.add(t, Target::Title, None, stop);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn tidy_is_single_spaces_between_other_characters(
            s in "([a-z ]{0,4}|[\t\n\u{0b}\u{0c}\r\u{85}\u{a0}\u{2009}\u{3000}é-]{0,2}){0,6}"
        ) {
            let by_char = !s.starts_with(' ')
                && !s.ends_with(' ')
                && !s.contains("  ")
                && !s.chars().any(|c| c.is_whitespace() && c != ' ');
            prop_assert_eq!(is_tidy(&s), by_char);
        }
    }

    #[test]
    fn case_follows_the_way_a_form_is_written() {
        assert_eq!(case_of("UN"), Case::AllCaps);
        assert_eq!(case_of("U.N."), Case::AllCaps);
        assert_eq!(case_of("Mali"), INITIAL);
        assert_eq!(case_of("FAMa"), INITIAL);
        assert_eq!(case_of("malien"), Case::Any);
        assert_eq!(case_of("A"), INITIAL);
        assert_eq!(case_of("force Sabre"), Case::Words(2));
        assert!(Case::Words(2).holds("force Sabre") && !Case::Words(2).holds("force sabre"));
        assert!(INITIAL.holds("Burkina faso") && !INITIAL.holds("burkina Faso"));
        assert!(Case::AllCaps.holds("U.N.") && !Case::AllCaps.holds("Un"));
        assert_eq!(INITIAL.laxer(Case::AllCaps), INITIAL);
        assert_eq!(Case::Words(3).laxer(Case::Words(1)), INITIAL);
    }

    #[test]
    fn role_phrases_fold_as_their_folded_pieces_put_together() {
        let res = crate::resources::Resources::builtin();
        let kb = Kb::load(&res).unwrap();
        let mut checked = 0;
        for lang in ["fr", "en"] {
            let data = super::super::lang::load(&res, lang).unwrap();
            for phrase in data.roles.iter().flat_map(|r| &r.phrases) {
                if !phrase.contains("{dem}") {
                    continue;
                }
                let pieces = folded_pieces(phrase);
                for s in kb.states() {
                    for d in s.demonyms(lang) {
                        assert_eq!(
                            with_demonym(&pieces, &fold(d)),
                            fold_pattern(&phrase.replace("{dem}", d))
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn forms_folding_alike_share_a_pattern_and_the_laxer_case() {
        let mut set = PatternSet::default();
        let stop = FxHashSet::from_iter(["sabre".to_string()]);
        set.add("MINUSMA", Target::Entity("MINUSMA".into()), None, &stop);
        set.add("Minusma", Target::Entity("MINUSMA".into()), None, &stop);
        set.add("Sabre", Target::Entity("SABRE".into()), None, &stop);
        set.add("Pô", Target::Town(1), Some(INITIAL), &stop);
        let (patterns, rules) = set.into_parts();
        assert_eq!(patterns, ["minusma", "sabre", "po"]);
        assert_eq!(rules[0][0].case, INITIAL);
        assert_eq!(rules[1][0].guard, Guard::NotInitial);
        assert_eq!(rules[2][0].guard, Guard::LocativeOnly);
    }
}
