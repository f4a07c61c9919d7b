//! Cue words of one language, read from `data/<lang>/cues.toml`: what makes an event planned,
//! reported, negated or hypothetical, where a clause ends, which words stand for the subject of
//! the sentence before, which phrases mean "the member states of".
//!
//! Cues are token patterns in the same little language as triggers (`lexicon::Pattern`).

use serde::Deserialize;

use super::lexicon::{Pattern, PatternList};
use super::tokens::Token;
use crate::model::Modality;
use crate::resources::{DataError, DataFile};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CueFile {
    #[serde(default)]
    planned: Vec<String>,
    #[serde(default)]
    reported: Vec<String>,
    #[serde(default)]
    negated: Vec<String>,
    #[serde(default)]
    hypothetical: Vec<String>,
    #[serde(default)]
    future_suffixes: Vec<String>,
    #[serde(default)]
    clause_breaks: Vec<String>,
    #[serde(default)]
    subject_pronouns: Vec<String>,
    #[serde(default)]
    members_of: Vec<String>,
    #[serde(default)]
    passive_agent: Vec<String>,
    #[serde(default)]
    generic: Vec<String>,
    #[serde(default)]
    group_anaphors: Vec<String>,
    #[serde(default)]
    connectors: Vec<String>,
    #[serde(default)]
    coordinators: Vec<String>,
    #[serde(default)]
    date_joiners: Vec<String>,
    #[serde(default)]
    embedded_clauses: Vec<String>,
    #[serde(default)]
    possessives: Vec<String>,
    #[serde(default)]
    impersonal: Vec<String>,
    #[serde(default)]
    event_refs: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(default)]
    day_offsets: std::collections::BTreeMap<String, i64>,
    #[serde(default)]
    passive_aux: Vec<String>,
    #[serde(default)]
    progressive_suffixes: Vec<String>,
    #[serde(default)]
    org_anaphors: Vec<String>,
    #[serde(default)]
    topic_anaphors: Vec<String>,
    #[serde(default)]
    companions: Vec<String>,
    #[serde(default)]
    pressure_from: Vec<String>,
    #[serde(default)]
    same_act: Vec<String>,
    #[serde(default)]
    repeats: Vec<String>,
    #[serde(default)]
    day_offset_links: Vec<String>,
    #[serde(default)]
    sequence_breaks: Vec<String>,
    #[serde(default)]
    nonfinite: Vec<String>,
    #[serde(default)]
    complementizers: Vec<String>,
    #[serde(default)]
    deadlines: Vec<String>,
    #[serde(default)]
    body_of: Vec<String>,
    #[serde(default)]
    emblems: Vec<String>,
    #[serde(default)]
    place_names_before: Vec<String>,
    #[serde(default)]
    place_names_after: Vec<String>,
}

/// The compiled cues of one language.
#[derive(Clone, Debug, Default)]
pub struct Cues {
    planned: PatternList,
    reported: PatternList,
    negated: PatternList,
    hypothetical: PatternList,
    future_suffixes: Vec<String>,
    clause_breaks: PatternList,
    subject_pronouns: PatternList,
    members_of: PatternList,
    passive_agent: PatternList,
    generic: PatternList,
    group_anaphors: PatternList,
    topic_anaphors: PatternList,
    connectors: Vec<String>,
    coordinators: PatternList,
    date_joiners: Vec<String>,
    embedded_clauses: PatternList,
    possessives: Vec<String>,
    impersonal: PatternList,
    /// Phrases that refer back to an event, and what each refers to, by position in the list.
    event_refs: PatternList,
    event_ref_kinds: Vec<EventRef>,
    /// Phrases that move a date by days ("le lendemain"), and by how many, by position.
    day_offsets: PatternList,
    day_offset_days: Vec<i64>,
    passive_aux: PatternList,
    progressive_suffixes: Vec<String>,
    org_anaphors: PatternList,
    companions: PatternList,
    pressure_from: PatternList,
    same_act: PatternList,
    repeats: PatternList,
    day_offset_links: Vec<String>,
    sequence_breaks: PatternList,
    nonfinite: PatternList,
    complementizers: Vec<String>,
    deadlines: PatternList,
    body_of: Vec<String>,
    emblems: Vec<String>,
    place_names_before: PatternList,
    place_names_after: PatternList,
}

/// The kind of event a noun phrase refers back to ("the coup": a coercion of mode `seize`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EventRef {
    /// The type of the event referred to.
    pub event_type: crate::model::EventType,
    /// Its mode, when the phrase names one kind of the type only.
    pub mode: Option<String>,
}

/// What an anaphor stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anaphor {
    /// "ces trois pays", "these countries": the states last named together.
    Group,
    /// "le pays", "the country": the state the article is about.
    Topic,
}

/// How far before the trigger (in tokens) a plan cue still governs it ("devrait en principe
/// signer").
const CUE_WINDOW_BEFORE: usize = 10;
/// How far before the trigger a negation governs it: "n'a pas encore signé" has its "ne" three
/// tokens before; further away it negates something else.
const NEGATION_WINDOW: usize = 4;
/// How far before the trigger a condition or possibility governs it ("pourrait à terme
/// signer").
const HYPOTHESIS_WINDOW: usize = 6;
/// How far after the trigger a negation's second half ("pas", "not") may sit.
const CUE_WINDOW_AFTER: usize = 3;

impl Cues {
    /// Compiles the cue files of one language, in order (a user's file adds to the built-in one).
    pub fn load<'a>(files: impl IntoIterator<Item = &'a DataFile>) -> Result<Cues, DataError> {
        let mut cues = Cues::default();
        for file in files {
            let f: CueFile = toml::from_str(&file.text).map_err(|e| DataError::toml(file, e))?;
            let compile = |ps: &[String]| -> Result<Vec<Pattern>, DataError> {
                ps.iter()
                    .map(|p| Pattern::parse(p).map_err(|m| DataError::invalid(file, None, m)))
                    .collect()
            };
            cues.planned.extend(compile(&f.planned)?);
            cues.reported.extend(compile(&f.reported)?);
            cues.negated.extend(compile(&f.negated)?);
            cues.hypothetical.extend(compile(&f.hypothetical)?);
            cues.clause_breaks.extend(compile(&f.clause_breaks)?);
            cues.subject_pronouns.extend(compile(&f.subject_pronouns)?);
            cues.members_of.extend(compile(&f.members_of)?);
            cues.passive_agent.extend(compile(&f.passive_agent)?);
            cues.generic.extend(compile(&f.generic)?);
            cues.group_anaphors.extend(compile(&f.group_anaphors)?);
            cues.connectors.extend(folded(&f.connectors));
            cues.coordinators.extend(compile(&f.coordinators)?);
            cues.date_joiners.extend(folded(&f.date_joiners));
            cues.embedded_clauses.extend(compile(&f.embedded_clauses)?);
            cues.possessives.extend(folded(&f.possessives));
            cues.impersonal.extend(compile(&f.impersonal)?);
            for (phrase, days) in &f.day_offsets {
                let p = Pattern::parse(phrase).map_err(|m| {
                    DataError::invalid(file, None, format!("[day_offsets] {phrase:?}: {m}"))
                })?;
                cues.day_offsets.extend([p]);
                cues.day_offset_days.push(*days);
            }
            for (name, patterns) in &f.event_refs {
                // "COERCE" refers to any coercion, "COERCE.seize" to a seizure of power only.
                let (type_name, mode) = match name.split_once('.') {
                    Some((t, m)) => (t, Some(m.to_string())),
                    None => (name.as_str(), None),
                };
                let event_type: crate::model::EventType =
                    type_name
                        .parse()
                        .map_err(|e: crate::model::EventTypeParseError| {
                            DataError::invalid(file, None, format!("[event_refs]: {e}"))
                        })?;
                for p in compile(patterns)? {
                    cues.event_refs.extend([p]);
                    cues.event_ref_kinds.push(EventRef {
                        event_type,
                        mode: mode.clone(),
                    });
                }
            }
            cues.passive_aux.extend(compile(&f.passive_aux)?);
            cues.progressive_suffixes
                .extend(folded(&f.progressive_suffixes));
            cues.org_anaphors.extend(compile(&f.org_anaphors)?);
            cues.topic_anaphors.extend(compile(&f.topic_anaphors)?);
            cues.companions.extend(compile(&f.companions)?);
            cues.pressure_from.extend(compile(&f.pressure_from)?);
            cues.same_act.extend(compile(&f.same_act)?);
            cues.repeats.extend(compile(&f.repeats)?);
            cues.day_offset_links.extend(folded(&f.day_offset_links));
            cues.sequence_breaks.extend(compile(&f.sequence_breaks)?);
            cues.nonfinite.extend(compile(&f.nonfinite)?);
            cues.deadlines.extend(compile(&f.deadlines)?);
            cues.body_of.extend(folded(&f.body_of));
            cues.complementizers.extend(folded(&f.complementizers));
            cues.place_names_before
                .extend(compile(&f.place_names_before)?);
            cues.place_names_after
                .extend(compile(&f.place_names_after)?);
            cues.emblems.extend(folded(&f.emblems));
            cues.future_suffixes.extend(folded(&f.future_suffixes));
        }
        Ok(cues)
    }

    /// How the sentence presents the event whose trigger spans tokens `start..end`, looking at
    /// cues in its clause `clause_start..clause_end`. Negation and hypothesis win over plans,
    /// plans over attribution: "selon une source, les ministres se rendront à Moscou" announces
    /// a planned visit.
    pub fn modality(
        &self,
        tokens: &[Token],
        start: usize,
        end: usize,
        clause_start: usize,
        clause_end: usize,
        question: bool,
    ) -> Modality {
        // A colon ends what governs the words after it ("ne laisse aucun doute : cette visite").
        let scope_start = (clause_start..start)
            .rev()
            .find(|&i| tokens[i].folded == ":")
            .map_or(clause_start, |i| i + 1);
        let to = (end + CUE_WINDOW_AFTER).min(clause_end);
        let near = |ps: &PatternList, before: usize| {
            any_within(
                ps,
                tokens,
                start.saturating_sub(before).max(scope_start),
                to,
            )
        };
        if near(&self.negated, NEGATION_WINDOW) {
            return Modality::Negated;
        }
        // A condition opening the sentence ("Si la junte…", "If the figure is accurate, the
        // massacre would rank…") governs all of it.
        let opens_with_condition = starts_at(&self.hypothetical, tokens, 0);
        // Nor is a condition said inside the trigger's own words ("warned that any intervention
        // would be…") a condition on the trigger.
        let own_words = start + 1..end;
        let conditional = any_within_except(
            &self.hypothetical,
            tokens,
            start.saturating_sub(HYPOTHESIS_WINDOW).max(scope_start),
            to,
            own_words.clone(),
        );
        if question || opens_with_condition || conditional {
            return Modality::Hypothetical;
        }
        let future = tokens[start..end].iter().any(|t| {
            self.future_suffixes
                .iter()
                .any(|s| t.folded.len() > s.len() + 3 && t.folded.ends_with(s.as_str()))
        });
        // A plan said inside the trigger's own words is what it announces or threatens ("warned
        // that he would pull out"), not a plan for the trigger.
        let planned = any_within_except(
            &self.planned,
            tokens,
            start.saturating_sub(CUE_WINDOW_BEFORE).max(scope_start),
            to,
            own_words,
        );
        if future || planned {
            return Modality::Planned;
        }
        if any_within(&self.reported, tokens, scope_start, clause_end) {
            return Modality::Reported;
        }
        Modality::Asserted
    }

    /// True when the token opens a reported clause ("said on Thursday that…", "a affirmé
    /// lundi que…").
    pub fn is_complementizer(&self, token: &Token) -> bool {
        self.complementizers.contains(&token.folded)
    }

    /// True when the token may stand between two coordinated dates ("in August 2020 and May
    /// 2021", "le 3 et le 10 mai").
    pub fn is_date_joiner(&self, token: &Token) -> bool {
        self.date_joiners.contains(&token.folded)
    }

    /// The token ranges of the embedded clauses of a sentence (", qui a pris le pouvoir en
    /// 2020,", ", who took power in 2020,"): from the word after the opening cue's comma to the
    /// next comma, semicolon or closing bracket.
    pub fn embedded_clauses(&self, tokens: &[Token]) -> Vec<(usize, usize)> {
        let closes = |t: &Token| matches!(t.folded.as_str(), "," | ";" | ")");
        let mut out: Vec<(usize, usize)> = Vec::new();
        for i in 0..tokens.len() {
            if out.last().is_some_and(|&(_, e)| i < e) {
                continue;
            }
            if starts_at(&self.embedded_clauses, tokens, i) {
                let start = i + 1;
                let end = (start + 1..tokens.len())
                    .find(|&j| closes(&tokens[j]))
                    .unwrap_or(tokens.len());
                out.push((start, end));
            }
        }
        out
    }

    /// True when one of `tokens` is a possessive standing for the one the event is done to
    /// ("demanded its departure", "exigé leur retrait").
    pub fn has_possessive(&self, tokens: &[Token]) -> bool {
        tokens.iter().any(|t| self.possessives.contains(&t.folded))
    }

    /// True when token `i` starts a clause break.
    pub fn is_clause_break(&self, tokens: &[Token], i: usize) -> bool {
        starts_at(&self.clause_breaks, tokens, i)
    }

    /// True when the clause `from..to` opens with a pronoun standing for an earlier subject.
    pub fn starts_with_pronoun(&self, tokens: &[Token], from: usize, to: usize) -> bool {
        // "il s'agit", "il faut", "it is": impersonal, they stand for nobody.
        (from..to)
            .filter(|&i| !starts_at(&self.impersonal, tokens, i))
            .any(|i| starts_at(&self.subject_pronouns, tokens, i))
    }

    /// True when a "member states of" phrase ends right before token `at` (an article may
    /// sit between: "les pays de l'AES", "member states of the AU").
    pub fn members_phrase_before(&self, tokens: &[Token], at: usize) -> bool {
        ends_just_before(&self.members_of, tokens, at)
    }

    /// True when a passive agent marker ("par", "by") sits right before token `at` (an article
    /// may sit between: "par le JNIM").
    pub fn agent_marker_before(&self, tokens: &[Token], at: usize) -> bool {
        ends_just_before(&self.passive_agent, tokens, at)
    }

    /// True when the token after "la Commission", "the council" ties the body to the one named
    /// next ("de", "of"): it is that one's body, not the organisation last named.
    pub fn is_body_of(&self, token: &Token) -> bool {
        self.body_of.contains(&token.folded)
    }

    /// True when a deadline phrase ("au plus tard", "no later than") ends right before the
    /// date at token `at`: the date bounds what is asked or planned, it does not date it.
    pub fn deadline_before(&self, tokens: &[Token], at: usize) -> bool {
        ends_just_before(&self.deadlines, tokens, at)
    }

    /// The first phrase of the sentence saying its subject did what was just reported ("l'ont
    /// imité", "followed suit"), by tokens.
    pub fn same_act(&self, tokens: &[Token]) -> Option<(usize, usize)> {
        (0..tokens.len()).find_map(|i| self.same_act.ends_at(tokens, i).next().map(|e| (i, e)))
    }

    /// True when the sentence says what it reports happened again one more day ("pour la
    /// deuxième journée consécutive", "for a second straight day").
    pub fn repeats_a_day(&self, tokens: &[Token]) -> bool {
        (0..tokens.len()).any(|i| starts_at(&self.repeats, tokens, i))
    }

    /// True when a phrase at token `i` opens a later act ("avant de", ", puis", "before"): the
    /// dates after it are that act's.
    pub fn sequence_break_at(&self, tokens: &[Token], i: usize) -> bool {
        starts_at(&self.sequence_breaks, tokens, i)
    }

    /// True when a phrase of pressure ("sous la pression de", "under") ends right before token
    /// `at`: who is named there pressed the subject, and is on the receiving side of what it
    /// gave in to.
    pub fn pressure_before(&self, tokens: &[Token], at: usize) -> bool {
        ends_just_before(&self.pressure_from, tokens, at)
    }

    /// True when a companion phrase ("alongside", "aux côtés de") ends right before token `at`:
    /// who is named there acts with the subject, not on the receiving side.
    pub fn companion_before(&self, tokens: &[Token], at: usize) -> bool {
        ends_just_before(&self.companions, tokens, at)
    }

    /// True when token `at` or `end` (the tokens either side of a demonym spanning
    /// `at + 1..end`) is an emblem noun ("Russian flags", "drapeaux russes"): the demonym
    /// describes a thing waved or worn, not a party acting.
    pub fn emblem_beside(&self, tokens: &[Token], before: Option<usize>, after: usize) -> bool {
        let is_emblem = |i: usize| {
            tokens
                .get(i)
                .is_some_and(|t| self.emblems.contains(&t.folded))
        };
        before.is_some_and(is_emblem) || is_emblem(after)
    }

    /// True when a capital spanning tokens `at..end` names a meeting, an accord or a process
    /// held there ("the Accra summit", "l'accord d'Alger"): the city is where, not who.
    pub fn names_a_gathering(&self, tokens: &[Token], at: usize, end: usize) -> bool {
        let after = starts_at(&self.place_names_after, tokens, end);
        let before = ends_exactly_at(&self.place_names_before, tokens, at, 4);
        after || before
    }

    /// Days from the paragraph's date that the sentence states ("la veille" = -1, "the next
    /// day" = 1), if it states any.
    pub fn day_offset(&self, tokens: &[Token]) -> Option<i64> {
        (0..tokens.len()).find_map(|i| {
            self.day_offsets.matches_at(tokens, i).find_map(|(p, end)| {
                // "le lendemain du sommet", "the day before the vote": a day from an event the
                // sentence names, not from the date the paragraph is at.
                let of_an_event = tokens
                    .get(end)
                    .is_some_and(|t| self.day_offset_links.contains(&t.folded));
                (!of_an_event).then(|| self.day_offset_days.get(p).copied())?
            })
        })
    }

    /// The kind of event a phrase of tokens `from..to` refers back to ("l'attaque", "the
    /// takeover"), if any.
    pub fn event_reference(&self, tokens: &[Token], from: usize, to: usize) -> Option<&EventRef> {
        (from..to.min(tokens.len())).find_map(|i| {
            self.event_refs
                .matches_at(tokens, i)
                .find(|&(_, end)| end <= to)
                .and_then(|(p, _)| self.event_ref_kinds.get(p))
        })
    }

    /// True when a coordination ("et", "and", a comma before a verb) stands between tokens
    /// `from` and `to`: what follows it is not governed by what precedes it.
    pub fn coordination_between(&self, tokens: &[Token], from: usize, to: usize) -> bool {
        (from..to).any(|i| self.coordinators.ends_at(tokens, i).any(|e| e <= to))
    }

    /// True when a non-finite opener ends right at token `start` ("après avoir exigé", "before
    /// leaving"): the verb there has no subject of its own and shares the sentence's.
    pub fn nonfinite_before(&self, tokens: &[Token], start: usize) -> bool {
        ends_exactly_at(&self.nonfinite, tokens, start, 4)
    }

    /// True when the trigger at `start` is a passive participle ("a été expulsé", "reste
    /// suspendu", "were freed"): its subject is acted on.
    pub fn is_passive(&self, tokens: &[Token], start: usize) -> bool {
        // "was awaiting", "were demanding": the auxiliary makes a progressive, not a passive.
        let progressive = tokens.get(start).is_some_and(|t| {
            self.progressive_suffixes
                .iter()
                .any(|s| t.folded.len() > s.len() + 2 && t.folded.ends_with(s.as_str()))
        });
        !progressive && ends_exactly_at(&self.passive_aux, tokens, start, 3)
    }

    /// Where organisational anaphors ("l'organisation", "the bloc") start and end.
    pub fn org_anaphors(&self, tokens: &[Token]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.org_anaphors.ends_at(tokens, i).max() {
                Some(end) => {
                    out.push((i, end));
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }

    /// True when tokens `from..to` are only connectors: punctuation inside a sentence, or the
    /// words that join coordinated names ("et", "du", "and", "of").
    pub fn only_connectors(&self, tokens: &[Token], from: usize, to: usize) -> bool {
        tokens.get(from..to).is_some_and(|ts| {
            ts.iter().all(|t| match t.kind {
                super::tokens::TokenKind::Punct => {
                    !matches!(t.folded.as_str(), "." | ";" | ":" | "?" | "!")
                }
                _ => self.connectors.contains(&t.folded),
            })
        })
    }

    /// The anaphors of a sentence: where each starts and ends (token indices) and what it stands
    /// for.
    pub fn anaphors(&self, tokens: &[Token]) -> Vec<(usize, usize, Anaphor)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let group = self.group_anaphors.ends_at(tokens, i).max();
            let topic = self.topic_anaphors.ends_at(tokens, i).max();
            match (group, topic) {
                (Some(end), _) => {
                    out.push((i, end, Anaphor::Group));
                    i = end;
                }
                (None, Some(end)) => {
                    out.push((i, end, Anaphor::Topic));
                    i = end;
                }
                _ => i += 1,
            }
        }
        out
    }

    /// True when the clause reads as a habit or a generality rather than a happening
    /// ("depuis des années", "de plus en plus").
    pub fn is_generic(&self, tokens: &[Token], from: usize, to: usize) -> bool {
        any_within(&self.generic, tokens, from, to)
    }
}

fn ends_just_before(ps: &PatternList, tokens: &[Token], at: usize) -> bool {
    (at.saturating_sub(6)..at).any(|i| ps.ends_at(tokens, i).any(|e| e <= at && at - e <= 1))
}

fn any_within(ps: &PatternList, tokens: &[Token], from: usize, to: usize) -> bool {
    any_within_except(ps, tokens, from, to, 0..0)
}

/// `any_within`, leaving out the matches that start in `skip` (the trigger's own words).
fn any_within_except(
    ps: &PatternList,
    tokens: &[Token],
    from: usize,
    to: usize,
    skip: std::ops::Range<usize>,
) -> bool {
    (from..to.min(tokens.len()))
        .filter(|i| !skip.contains(i))
        .any(|i| ps.ends_at(tokens, i).any(|e| e <= to.max(i + 1)))
}

/// True when one of `ps`, starting at most `window` tokens before token `at`, ends right at it.
fn ends_exactly_at(ps: &PatternList, tokens: &[Token], at: usize, window: usize) -> bool {
    (at.saturating_sub(window)..at).any(|i| ps.ends_at(tokens, i).any(|e| e == at))
}

/// True when one of `ps` matches from token `i`.
fn starts_at(ps: &PatternList, tokens: &[Token], i: usize) -> bool {
    ps.ends_at(tokens, i).next().is_some()
}

/// Words of a cue file, folded as tokens are.
fn folded(words: &[String]) -> impl Iterator<Item = String> + '_ {
    words.iter().map(|w| crate::text::fold(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;
    use crate::model::Span;
    use crate::resources::Resources;

    const CUES: &str = r#"
planned = ["devr*", "prevu*", "va|vont"]
reported = ["selon", "aurai*"]
negated = ["ne|n' ~3 pas|jamais", "dement*"]
hypothetical = ["si", "pourr*"]
future_suffixes = ["ront", "ra"]
clause_breaks = ["mais", ";"]
subject_pronouns = ["il|elle|ils|elles"]
members_of = ["pays|etats de|du|des|l'"]
passive_agent = ["par"]
"#;

    fn cues() -> Cues {
        let res = Resources::empty().with_file("xx/cues.toml", CUES);
        Cues::load(res.files("xx/cues.toml")).unwrap()
    }

    fn modality_of(s: &str, trigger: &str) -> Modality {
        let toks = tokenize(s, Span::new(0, s.len()));
        let i = toks.iter().position(|t| t.folded == trigger).unwrap();
        cues().modality(&toks, i, i + 1, 0, toks.len(), s.ends_with('?'))
    }

    #[test]
    fn modality_follows_the_cues() {
        assert_eq!(
            modality_of("Les ministres ont signé un accord.", "signe"),
            Modality::Asserted
        );
        assert_eq!(
            modality_of("Les ministres séjourneront à Moscou.", "sejourneront"),
            Modality::Planned
        );
        assert_eq!(
            modality_of("Les ministres devraient signer un accord.", "signer"),
            Modality::Planned
        );
        assert_eq!(
            modality_of("Selon une source, le chef aurait été arrêté.", "arrete"),
            Modality::Reported
        );
        assert_eq!(
            modality_of("Le gouvernement n'a pas signé l'accord.", "signe"),
            Modality::Negated
        );
        assert_eq!(
            modality_of("Cela pourrait accentuer les tensions.", "accentuer"),
            Modality::Hypothetical
        );
        assert_eq!(
            modality_of(
                "Selon une source, les ministres séjourneront à Moscou.",
                "sejourneront"
            ),
            Modality::Planned
        );
        assert_eq!(
            modality_of("Les ministres vont-ils signer ?", "signer"),
            Modality::Hypothetical
        );
    }

    #[test]
    fn a_condition_opening_the_sentence_governs_all_of_it() {
        assert_eq!(
            modality_of(
                "Si le chiffre se confirme, ce serait le pire massacre jamais enregistré.",
                "massacre"
            ),
            Modality::Hypothetical
        );
        assert_eq!(
            modality_of(
                "Le massacre a fait 150 morts, si le chiffre se confirme.",
                "massacre"
            ),
            Modality::Asserted
        );
    }

    #[test]
    fn short_words_are_not_taken_for_futures() {
        // "Sahara" ends in -ra but is four letters past the suffix only when long enough.
        assert_eq!(
            modality_of("Ils ont attaqué une caméra.", "attaque"),
            Modality::Asserted
        );
    }

    #[test]
    fn members_phrase_and_agent_marker() {
        let c = cues();
        let s = "les trois pays de l'AES, attaqués par le JNIM";
        let toks = tokenize(s, Span::new(0, s.len()));
        let aes = toks.iter().position(|t| t.folded == "aes").unwrap();
        assert!(c.members_phrase_before(&toks, aes));
        let jnim = toks.iter().position(|t| t.folded == "jnim").unwrap();
        assert!(c.agent_marker_before(&toks, jnim));
        assert!(!c.agent_marker_before(&toks, aes));
    }
}
