//! Stage 6, extract: sentences and linked mentions to [`EventMention`]s, typed in PLOVER with
//! the CAMEO code beside it.
//!
//! For each sentence read as news, trigger rules (`data/<lang>/triggers.toml`) find the words
//! that announce an event; the rule's frame and the actor mentions around the trigger give its
//! participants ([`arguments`]); cue words (`data/<lang>/cues.toml`) give its modality; the
//! nearest date of the sentence, else the date the paragraph was last at, else the article's
//! anchor, gives its date. Nothing here is specific to a language: a language is its two data
//! files.

pub mod arguments;
pub mod cues;
mod elapsed;
pub mod lexicon;
pub mod tokens;

use std::collections::HashMap;

use arguments::{Participants, TriggerContext, participants, place_mentions};
use cues::Cues;
use lexicon::{Frame, Lexicon, ObjectKind, PLACE_OBJECT_WINDOW, TriggerMatch};
use tokens::{Token, distance_to, token_at_or_after, tokenize};

use crate::kb::Kb;
use crate::kb::cameo::CameoTable;
use crate::model::{
    Analysis, Article, BlockKind, DateMention, EntityKind, EventDate, EventMention, EventType,
    Location, Modality, Quantity, Span, WeekdayName,
};
use crate::resources::{DataError, Resources};

/// Quotes longer than this (in bytes) are someone's speech: triggers inside them are not read
/// as the outlet's own report (a short quoted term, « sans délai », is).
const LONG_QUOTE_BYTES: usize = 80;

/// The trigger lexicon and cues of one language.
#[derive(Clone, Debug, Default)]
struct LanguageRules {
    lexicon: Lexicon,
    cues: Cues,
}

/// Triggers, frames and modality cues of every language, compiled once.
#[derive(Clone, Debug, Default)]
pub struct Extractor {
    languages: HashMap<String, LanguageRules>,
}

/// The date an event mention gets, and how it got it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct ChosenDate {
    date: Option<EventDate>,
    weekday: Option<WeekdayName>,
    /// True when the date comes from the paragraph or the article, not the sentence.
    inherited: bool,
    /// True when part of the date (the year, the week) was inferred from the anchor.
    relative: bool,
}

impl Extractor {
    /// Loads `data/<lang>/triggers.toml` and `data/<lang>/cues.toml` for every language.
    pub fn load(res: &Resources) -> Result<Extractor, DataError> {
        let mut languages = HashMap::new();
        for lang in res.languages() {
            let triggers = format!("{lang}/triggers.toml");
            let cues = format!("{lang}/cues.toml");
            if res.files(&triggers).next().is_none() {
                continue;
            }
            let rules = LanguageRules {
                lexicon: Lexicon::load(res.files(&triggers))?,
                cues: Cues::load(res.files(&cues))?,
            };
            languages.insert(lang, rules);
        }
        Ok(Extractor { languages })
    }

    /// The languages this extractor has rules for.
    pub fn languages(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.languages.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// The event mentions of one analysed article, in text order.
    pub fn extract(
        &self,
        article: &Article,
        analysis: &Analysis,
        kb: &Kb,
        cameo: &CameoTable,
    ) -> Vec<EventMention> {
        let Some(rules) = self.languages.get(&analysis.language) else {
            return Vec::new();
        };
        let text = article.text.as_str();
        let members = |id: &str| kb.members(id);
        let mut out = Vec::new();
        let mut previous_subject: Vec<String> = Vec::new();
        let mut last_group: Vec<String> = Vec::new();
        let mut last_organisation: Option<String> = None;
        let mut state_history: Vec<String> = Vec::new();
        let mut last_doers: HashMap<cues::EventRef, Vec<String>> = HashMap::new();
        // The rule and recipients of the last event, for "l'ont imité", "followed suit".
        let mut last_act: Option<(usize, Vec<String>)> = None;
        let topic = topic_state(analysis);
        let mut paragraph_date: Option<(usize, ChosenDate)> = None;
        let article_date = ChosenDate {
            date: analysis.anchor.map(EventDate::Point).or(analysis.period),
            weekday: None,
            inherited: true,
            relative: false,
        };

        for sentence in &analysis.sentences {
            if !matches!(sentence.block, BlockKind::Body | BlockKind::Bullet) {
                continue;
            }
            let tokens = tokenize(text, sentence.span);
            if tokens.is_empty() {
                continue;
            }
            let span = sentence.span;
            let actors: Vec<_> = analysis
                .actors
                .iter()
                .filter(|a| span.contains(a.span))
                .cloned()
                .collect();
            let mut placed = place_mentions(&tokens, &actors, &rules.cues, &members);
            add_anaphors(
                &mut placed,
                &tokens,
                &rules.cues,
                &last_group,
                topic.as_deref(),
                last_organisation.as_deref(),
                &state_history,
            );
            let places: Vec<(usize, &crate::model::PlaceMention)> = analysis
                .places
                .iter()
                .filter(|p| span.contains(p.span))
                .map(|p| (token_at_or_after(&tokens, p.span.start), p))
                .collect();
            let dates: Vec<(usize, &DateMention)> = analysis
                .dates
                .iter()
                .filter(|d| span.contains(d.span) && (d.date.is_some() || d.weekday.is_some()))
                .map(|d| (token_at_or_after(&tokens, d.span.start), d))
                // "au plus tard en juillet 2024", "by Dec. 31": a deadline, not when it happened.
                .filter(|(at, _)| !rules.cues.deadline_before(&tokens, *at))
                .collect();
            let sentence_dates: Vec<&DateMention> = analysis
                .dates
                .iter()
                .filter(|d| span.contains(d.span))
                .collect();
            let elapsed_marks = elapsed::marks(&sentence_dates, &tokens, token_at_or_after);
            let embedded = rules.cues.embedded_clauses(&tokens);
            let question = span.slice(text).trim_end().ends_with('?');
            let mut inherited = match paragraph_date {
                Some((p, d)) if p == sentence.paragraph => d,
                _ => article_date,
            };
            // "la veille", "a day later": days from the date the paragraph was at.
            if dates.is_empty()
                && let Some(offset) = rules.cues.day_offset(&tokens)
                && let Some(EventDate::Point(crate::model::DatePoint::Day(d))) = inherited.date
                && let Some(shifted) = d.checked_add_signed(chrono::Duration::days(offset))
            {
                inherited = ChosenDate {
                    date: Some(EventDate::Point(crate::model::DatePoint::Day(shifted))),
                    weekday: None,
                    inherited: false,
                    relative: true,
                };
            }

            let place_starts: Vec<usize> = places.iter().map(|(at, _)| *at).collect();
            let mut triggers = select_triggers(
                &rules.lexicon,
                &tokens,
                &placed,
                &place_starts,
                &embedded,
                &rules.cues,
                last_organisation.as_deref(),
            );
            add_toll_trigger(&mut triggers, &rules.lexicon, &tokens, analysis, span);
            // "Ouagadougou et Niamey l'ont imité", "Niger followed suit": the act of the event
            // before, done by others, to the same recipients.
            // A verb after the phrase says what was done ("followed suit on June 1, suspending
            // Mali"), and is read instead.
            let mut same_act: Option<usize> = None;
            if let Some((start, end)) = rules.cues.same_act(&tokens)
                && !triggers.iter().any(|t| t.end > start)
                && let Some(rule) = triggers
                    .iter()
                    .rev()
                    .find(|t| t.end <= start)
                    .map(|t| t.rule)
                    .or(last_act.as_ref().map(|(r, _)| *r))
            {
                triggers.push(TriggerMatch { rule, start, end });
                same_act = Some(start);
            }
            // Said of the sentence, so of every event it reports: looked for once, and only
            // where there is an event.
            let repeated = !triggers.is_empty() && rules.cues.repeats_a_day(&tokens);
            for m in triggers {
                let rule = &rules.lexicon.rules[m.rule];
                let trigger_span =
                    Span::new(tokens[m.start].span.start, tokens[m.end - 1].span.end);
                if inside_long_quote(analysis, trigger_span) {
                    continue;
                }
                let clause = clause_bounds(&tokens, &m, &rules.cues);
                let site = elapsed::Site {
                    clause,
                    embedded: &embedded,
                };
                let all_dates = &dates;
                let dates = on_the_trigger_s_side(
                    dates_seen_from(&dates, &embedded, &m),
                    &tokens,
                    &m,
                    &rules.cues,
                );
                let ctx = TriggerContext {
                    tokens: &tokens,
                    start: m.start,
                    end: m.end,
                    clause,
                    placed: &placed,
                    places: &places,
                    previous_subject: &previous_subject,
                    bullet: sentence.block == BlockKind::Bullet,
                };
                let Participants {
                    actors,
                    recipients,
                    persons,
                } = participants(&ctx, rule.frame, &rules.cues);
                // "a condamné l'attaque", "denounced the takeover": the doers of the event
                // referred to are on the receiving side.
                let mut recipients = recipients;
                if rule.object == Some(ObjectKind::Organisation)
                    && let Some(org) = &last_organisation
                    && !placed.iter().any(|p| p.at >= m.end && p.at < clause.1)
                    && !recipients.contains(org)
                    && !actors.contains(org)
                {
                    recipients.push(org.clone());
                }
                // "demanded its departure": the possessive stands for the last one named
                // before who is not acting.
                if recipients.is_empty()
                    && rule.frame == Frame::Directed
                    && rules.cues.has_possessive(&tokens[m.start..m.end])
                    && let Some(owner) = placed
                        .iter()
                        .rev()
                        .filter(|p| p.end <= m.start)
                        .flat_map(|p| p.codes.iter())
                        .find(|c| !actors.contains(c))
                {
                    recipients.push(owner.clone());
                }
                if let Some(referred) = rules.cues.event_reference(&tokens, m.end, clause.1)
                    && let Some(doers) = last_doers.get(referred)
                {
                    for d in doers {
                        if !actors.contains(d) && !recipients.contains(d) {
                            recipients.push(d.clone());
                        }
                    }
                }
                if recipients.is_empty()
                    && same_act == Some(m.start)
                    && let Some((_, r)) = &last_act
                {
                    recipients = r.iter().filter(|c| !actors.contains(c)).cloned().collect();
                }
                let Some((actors, recipients)) = complete_sides(
                    rule.frame,
                    rule.event_type,
                    actors,
                    recipients,
                    topic.as_deref(),
                ) else {
                    continue;
                };
                last_act = Some((m.rule, recipients.clone()));
                if !actors.is_empty() {
                    // Remembered under its type and under its type and mode, for "the attack"
                    // and for "the coup".
                    for mode in [None, rule.mode.clone()] {
                        let key = cues::EventRef {
                            event_type: rule.event_type,
                            mode,
                        };
                        last_doers.insert(key, actors.clone());
                    }
                }
                let modality = rules
                    .cues
                    .modality(&tokens, m.start, m.end, clause.0, clause.1, question);
                let (event_type, cameo_code) =
                    as_promise_if_planned(rule.event_type, &rule.cameo, modality);
                let chosen = placed_by_modality(
                    elapsed::placed_date(&elapsed_marks, all_dates, &tokens, &m, site, inherited)
                        .or_else(|| {
                            let own = before_a_later_act(&dates, &tokens, clause, &rules.cues);
                            nearest_date(&own, &m, clause)
                        })
                        .unwrap_or(inherited),
                    modality,
                    analysis.anchor,
                );
                let (place, location) = place_of(&places, &m, clause, rule.frame);
                let quantities: Vec<Quantity> = analysis
                    .quantities
                    .iter()
                    .filter(|q| span.contains(q.span))
                    .map(|q| Quantity {
                        value: q.value,
                        unit: q.unit,
                        article: article.name.clone(),
                    })
                    .collect();
                let code = cameo.get(&cameo_code);
                let mut confidence = rule.confidence;
                if !actors.is_empty() && (!recipients.is_empty() || rule.frame == Frame::Mutual) {
                    confidence += 0.1;
                }
                if chosen.date.is_none() {
                    confidence -= 0.1;
                }
                // "from Mali in August 2022, from Burkina Faso in February 2023": one event per
                // state, each on its own date.
                // "coups in August 2020 and May 2021": one event per date.
                let readings = distribute(&placed, &dates, &m, clause, &recipients)
                    .or_else(|| {
                        let on = coordinated_dates(&tokens, &dates, &m, clause, &rules.cues)?;
                        Some(
                            on.into_iter()
                                .map(|d| {
                                    let d = placed_by_modality(d, modality, analysis.anchor);
                                    (recipients.clone(), d)
                                })
                                .collect(),
                        )
                    })
                    .unwrap_or_else(|| vec![(recipients, chosen)]);
                for (recipients, chosen) in readings {
                    out.push(EventMention {
                        article_id: article.id.clone(),
                        article: article.name.clone(),
                        outlet: article.outlet.clone(),
                        event_type,
                        cameo: cameo_code.clone(),
                        mode: rule
                            .mode
                            .clone()
                            .or_else(|| code.and_then(|c| c.mode.clone())),
                        context: if rule.context.is_empty() {
                            code.map(|c| c.context.clone()).unwrap_or_default()
                        } else {
                            rule.context.clone()
                        },
                        actors: actors.clone(),
                        recipients,
                        persons: persons.clone(),
                        place: place.clone(),
                        location: location.clone(),
                        date: chosen.date,
                        date_inherited: chosen.inherited,
                        date_relative: chosen.relative,
                        repeated,
                        weekday: if chosen.date.is_none() {
                            chosen.weekday
                        } else {
                            None
                        },
                        modality,
                        quantities: quantities.clone(),
                        sentence: span.slice(text).to_string(),
                        start: span.start,
                        end: span.end,
                        trigger: trigger_span,
                        rule: rule.name(),
                        confidence: confidence.clamp(0.05, 1.0),
                    });
                }
            }

            if let Some(d) = dates.first().map(|(_, d)| ChosenDate {
                date: d.date,
                weekday: d.weekday,
                inherited: true,
                relative: d.relative,
            }) {
                paragraph_date = Some((sentence.paragraph, d));
            }
            // The items of a list share the subject of the sentence that opens it ("La CEDEAO
            // … : – décide de lever… ; – décide de lever…"), not each other's.
            if sentence.block != BlockKind::Bullet
                && let Some(subject) = sentence_subject(&placed)
            {
                previous_subject = subject;
            }
            let states: Vec<String> = placed
                .iter()
                .filter(|p| matches!(p.kind, EntityKind::State | EntityKind::Person))
                .flat_map(|p| p.codes.iter().cloned())
                .fold(Vec::new(), |mut v, c| {
                    if !v.contains(&c) {
                        v.push(c);
                    }
                    v
                });
            state_history.extend(states.iter().cloned());
            if states.len() >= 2 {
                last_group = states;
            }
            // "l'organisation", "the bloc": the international organisation last named.
            if let Some(org) = placed
                .iter()
                .rev()
                .find(|p| p.kind == EntityKind::Organisation && p.codes.contains(&p.entity))
            {
                last_organisation = Some(org.entity.clone());
            }
        }
        out
    }
}

/// A sentence that counts people killed reports violence even without an attack verb ("310
/// casques bleus tombés au Mali", "au moins 160 personnes y avaient été tuées"): when no
/// ASSAULT trigger fired, the toll itself triggers the language's `attack` rule.
fn add_toll_trigger(
    triggers: &mut Vec<TriggerMatch>,
    lexicon: &Lexicon,
    tokens: &[Token],
    analysis: &Analysis,
    span: Span,
) {
    if triggers
        .iter()
        .any(|m| lexicon.rules[m.rule].event_type == EventType::Assault)
    {
        return;
    }
    let Some(attack) = lexicon.rule_index(TOLL_RULE) else {
        return;
    };
    let toll = analysis
        .quantities
        .iter()
        .find(|q| span.contains(q.span) && q.unit == crate::model::QuantityUnit::Killed);
    if let Some(q) = toll {
        let start = token_at_or_after(tokens, q.span.start);
        let end = token_at_or_after(tokens, q.span.end)
            .max(start + 1)
            .min(tokens.len());
        if start < end {
            triggers.push(TriggerMatch {
                rule: attack,
                start,
                end,
            });
            triggers.sort_by_key(|m| (m.start, m.rule));
        }
    }
}

/// The trigger rule a death toll stands for.
const TOLL_RULE: &str = "attack";

/// The triggers of a sentence that stand for events of their own: those whose object condition
/// holds, minus those absorbed by a promise, demand or threat just before them.
fn select_triggers(
    lexicon: &Lexicon,
    tokens: &[Token],
    placed: &[arguments::Placed],
    place_starts: &[usize],
    embedded: &[(usize, usize)],
    cues: &Cues,
    last_organisation: Option<&str>,
) -> Vec<TriggerMatch> {
    let mut kept: Vec<TriggerMatch> = Vec::new();
    for m in lexicon.find(tokens) {
        let rule = &lexicon.rules[m.rule];
        let clause = clause_bounds(tokens, &m, cues);
        if rule.object.is_some() || rule.object_not.is_some() {
            // What is named after the trigger in its clause: "le retrait du Burkina, du Mali et
            // du Niger de l'organisation" names an organisation after the states leaving it.
            let mut after: Vec<ObjectKind> = placed
                .iter()
                .filter(|p| p.at >= m.end && p.at < clause.1)
                .map(|p| object_kind(p.kind))
                .collect();
            if place_starts
                .iter()
                .any(|&at| at >= m.end && at < (m.end + PLACE_OBJECT_WINDOW).min(clause.1))
            {
                after.push(ObjectKind::Place);
            }
            // "their withdrawal has become effective": with nothing named after the trigger, an
            // organisation named before in the article is the object.
            let implied = after.is_empty() && last_organisation.is_some();
            let names =
                |k: ObjectKind| after.contains(&k) || (implied && k == ObjectKind::Organisation);
            if rule.object.is_some_and(|k| !names(k)) || rule.object_not.is_some_and(names) {
                continue;
            }
        }
        // A promise, demand or threat absorbs what it governs ("a promis de livrer des armes"),
        // not a verb coordinated with it ("a condamné le coup et exhorté ses auteurs à…").
        let absorbed = kept.iter().any(|k| {
            let absorber = &lexicon.rules[k.rule];
            let absorbs = absorber.absorbs;
            let absorbable = absorber.absorbs_only.is_empty()
                || absorber
                    .absorbs_only
                    .contains(&lexicon.rules[m.rule].event_type);
            // "Le M5, qui a mené la fronde contre IBK, appelle à se rassembler": what an
            // embedded clause says does not govern the main verb after it.
            absorbs > 0
                && absorbable
                && elapsed::embedded_home(embedded, k.start)
                    == elapsed::embedded_home(embedded, m.start)
                && m.start >= k.end
                && m.start < k.end + absorbs
                && m.start < clause_bounds(tokens, k, cues).1
                && !cues.coordination_between(tokens, k.end, m.start)
        });
        if !absorbed {
            kept.push(m);
        }
    }
    kept
}

fn object_kind(kind: EntityKind) -> ObjectKind {
    match kind {
        EntityKind::State => ObjectKind::State,
        EntityKind::Organisation => ObjectKind::Organisation,
        EntityKind::ArmedGroup => ObjectKind::ArmedGroup,
        EntityKind::Person => ObjectKind::Person,
    }
}

/// Completes the sides of an event from the article's topic state, or says the trigger is not
/// an event (`None`).
///
/// A condemnation of "the coup", a call for "the release of the president", an attack on "the
/// gendarmerie post" name no state on the receiving side, but the press means the country the
/// article is about: a directed event with no recipient gets the topic state. A rally or an
/// attack with nobody coded at all happens in that country too. A visit or a hosting needs both
/// sides; anything else needs somebody.
fn complete_sides(
    frame: Frame,
    event_type: EventType,
    mut actors: Vec<String>,
    mut recipients: Vec<String>,
    topic: Option<&str>,
) -> Option<(Vec<String>, Vec<String>)> {
    match frame {
        Frame::Visit | Frame::Host => {
            if actors.is_empty() || recipients.is_empty() {
                return None;
            }
        }
        Frame::Internal => {
            if actors.is_empty()
                && let Some(t) = topic
            {
                actors.push(t.to_string());
                recipients.push(t.to_string());
            }
        }
        Frame::Directed | Frame::Mover => {
            if let Some(t) = topic {
                let victim_type = matches!(event_type, EventType::Assault | EventType::Coerce);
                if recipients.is_empty()
                    && !actors.iter().any(|a| a == t)
                    && (!actors.is_empty() || victim_type)
                {
                    recipients.push(t.to_string());
                }
            }
        }
        Frame::Mutual => {}
    }
    (!actors.is_empty() || !recipients.is_empty()).then_some((actors, recipients))
}

/// Aid or cooperation announced for later is a promise (GUIDE.md: "promising aid or cooperation
/// is AGREE; delivering it is AID / COOPERATE"). CAMEO mirrors 06 (cooperate) and 07 (aid) in
/// its 031 and 033 intent codes, sub-code for sub-code.
fn as_promise_if_planned(
    event_type: EventType,
    cameo: &str,
    modality: Modality,
) -> (EventType, String) {
    if modality != Modality::Planned {
        return (event_type, cameo.to_string());
    }
    let sub = cameo
        .get(2..3)
        .filter(|d| *d != "0" && !(event_type == EventType::Aid && *d == "5"));
    match event_type {
        // Restoring relations later is intent to engage in diplomatic cooperation (032).
        EventType::Support if cameo == "050" => (EventType::Agree, "032".into()),
        EventType::Aid => (
            EventType::Agree,
            sub.map_or("033".into(), |d| format!("033{d}")),
        ),
        EventType::Cooperate => (
            EventType::Agree,
            sub.map_or("031".into(), |d| format!("031{d}")),
        ),
        _ => (event_type, cameo.to_string()),
    }
}

/// The distributive reading of a list after the trigger: when two or more states follow it,
/// each with its own date before the next ("from Mali in August 2022, from Burkina Faso in
/// February 2023 and from Niger in December 2023"), one reading per state and date; else `None`.
fn distribute(
    placed: &[arguments::Placed],
    dates: &[(usize, &DateMention)],
    m: &TriggerMatch,
    clause: (usize, usize),
    recipients: &[String],
) -> Option<Vec<(Vec<String>, ChosenDate)>> {
    let states: Vec<&arguments::Placed> = placed
        .iter()
        .filter(|p| {
            p.at >= m.end && p.at < clause.1 && p.kind == EntityKind::State && p.codes.len() == 1
        })
        .collect();
    if states.len() < 2 {
        return None;
    }
    let mut readings = Vec::new();
    for (k, state) in states.iter().enumerate() {
        let next = states.get(k + 1).map_or(clause.1, |n| n.at);
        let (_, date) = dates
            .iter()
            .find(|(at, d)| *at > state.at && *at < next && d.date.is_some())?;
        let chosen = ChosenDate {
            date: date.date,
            weekday: date.weekday,
            inherited: false,
            relative: date.relative,
        };
        let mut rec: Vec<String> = recipients
            .iter()
            .filter(|r| !states.iter().any(|s| s.codes.contains(r)))
            .cloned()
            .collect();
        rec.push(state.codes[0].clone());
        readings.push((rec, chosen));
    }
    Some(readings)
}

/// The dates a trigger may take: those of its embedded clause when it is in one, else those
/// outside every embedded clause.
fn dates_seen_from<'d>(
    dates: &[(usize, &'d DateMention)],
    embedded: &[(usize, usize)],
    m: &TriggerMatch,
) -> Vec<(usize, &'d DateMention)> {
    let home = elapsed::embedded_home(embedded, m.start);
    dates
        .iter()
        .filter(|(at, _)| elapsed::embedded_home(embedded, *at) == home)
        .copied()
        .collect()
}

/// The dates on the trigger's side of a reported clause's opener, when that side has any:
/// "JNIM said on Thursday that its fighters overran the base at the weekend" dates the attack
/// by the weekend, the statement by the Thursday. With no date on its side, the trigger keeps
/// the others (what was said happened by the time it was said).
fn on_the_trigger_s_side<'d>(
    dates: Vec<(usize, &'d DateMention)>,
    tokens: &[Token],
    m: &TriggerMatch,
    cues: &Cues,
) -> Vec<(usize, &'d DateMention)> {
    let opener_before = (0..m.start)
        .rev()
        .find(|&i| cues.is_complementizer(&tokens[i]));
    let opener_after = (m.end..tokens.len()).find(|&i| cues.is_complementizer(&tokens[i]));
    let side =
        |at: usize| opener_before.is_none_or(|o| at > o) && opener_after.is_none_or(|o| at < o);
    if dates.iter().any(|(at, _)| side(*at)) {
        dates.into_iter().filter(|(at, _)| side(*at)).collect()
    } else {
        dates
    }
}

/// The dates of a list in the trigger's clause, when the date nearest the trigger is one of
/// two or more joined by nothing but `date_joiners` ("in August 2020 and May 2021", "le 3 et le
/// 10 mai"); else `None`.
fn coordinated_dates(
    tokens: &[Token],
    dates: &[(usize, &DateMention)],
    m: &TriggerMatch,
    clause: (usize, usize),
    cues: &Cues,
) -> Option<Vec<ChosenDate>> {
    let in_clause: Vec<(usize, usize, &DateMention)> = dates
        .iter()
        .filter(|(at, d)| *at >= clause.0 && *at < clause.1 && d.date.is_some())
        .map(|(at, d)| (*at, token_at_or_after(tokens, d.span.end), *d))
        .collect();
    let nearest = in_clause
        .iter()
        .enumerate()
        .min_by_key(|(_, (at, _, _))| distance_to(*at, m.start, m.end))?
        .0;
    let joined = |a: &(usize, usize, &DateMention), b: &(usize, usize, &DateMention)| {
        a.1 <= b.0 && tokens[a.1..b.0].iter().all(|t| cues.is_date_joiner(t))
    };
    let mut first = nearest;
    while first > 0 && joined(&in_clause[first - 1], &in_clause[first]) {
        first -= 1;
    }
    let mut last = nearest;
    while last + 1 < in_clause.len() && joined(&in_clause[last], &in_clause[last + 1]) {
        last += 1;
    }
    if last == first {
        return None;
    }
    Some(
        in_clause[first..=last]
            .iter()
            .map(|(_, _, d)| ChosenDate {
                date: d.date,
                weekday: d.weekday,
                inherited: false,
                relative: d.relative,
            })
            .collect(),
    )
}

/// The token range of the clause around a trigger: from the last clause break before it to the
/// first one after it.
fn clause_bounds(tokens: &[Token], m: &TriggerMatch, cues: &Cues) -> (usize, usize) {
    let start = (0..m.start)
        .rev()
        .find(|&i| cues.is_clause_break(tokens, i))
        .map_or(0, |i| i + 1);
    let end = (m.end..tokens.len())
        .find(|&i| cues.is_clause_break(tokens, i))
        .unwrap_or(tokens.len());
    (start, end)
}

/// The dates before the first later act after the trigger's clause: "a gelé ses opérations,
/// avant de les relancer le 2 juillet" gives the freeze no date, the 2 July is the resumption's.
fn before_a_later_act<'d>(
    dates: &[(usize, &'d DateMention)],
    tokens: &[Token],
    clause: (usize, usize),
    cues: &Cues,
) -> Vec<(usize, &'d DateMention)> {
    let later = (clause.1..tokens.len()).find(|&i| cues.sequence_break_at(tokens, i));
    dates
        .iter()
        .filter(|(at, _)| later.is_none_or(|l| *at < l))
        .copied()
        .collect()
}

/// The date of the sentence nearest the trigger, within its clause when there is one there.
fn nearest_date(
    dates: &[(usize, &DateMention)],
    m: &TriggerMatch,
    clause: (usize, usize),
) -> Option<ChosenDate> {
    let distance = |at: usize| distance_to(at, m.start, m.end);
    let in_clause = dates
        .iter()
        .filter(|(at, _)| *at >= clause.0 && *at < clause.1);
    let best = in_clause
        .min_by_key(|(at, _)| distance(*at))
        .or_else(|| dates.iter().min_by_key(|(at, _)| distance(*at)))?;
    Some(ChosenDate {
        date: best.1.date,
        weekday: best.1.weekday,
        inherited: false,
        relative: best.1.relative,
    })
}

/// The date moved to the side of the anchor the modality puts the event on.
fn placed_by_modality(
    chosen: ChosenDate,
    modality: Modality,
    anchor: Option<crate::model::DatePoint>,
) -> ChosenDate {
    behind_if_past(ahead_if_planned(chosen, modality, anchor), modality, anchor)
}

/// A planned event lies ahead of the article: a weekday or a year-less date that the date
/// finder placed in the past (news mostly reports the past) is moved to its next occurrence
/// after the anchor when the sentence announces it ("will hold a summit on Thursday", "se
/// rendra à Moscou le 14 août").
fn ahead_if_planned(
    chosen: ChosenDate,
    modality: Modality,
    anchor: Option<crate::model::DatePoint>,
) -> ChosenDate {
    let (Some(date), Some(anchor)) = (chosen.date, anchor) else {
        return chosen;
    };
    if modality != Modality::Planned
        || !chosen.relative
        || chosen.inherited
        || date.last_day() >= anchor.first_day()
    {
        return chosen;
    }
    let shifted = match date {
        EventDate::Point(crate::model::DatePoint::Day(d)) if chosen.weekday.is_some() => {
            let mut d = d;
            while d < anchor.first_day() {
                d += chrono::Duration::days(7);
            }
            Some(EventDate::Point(crate::model::DatePoint::Day(d)))
        }
        EventDate::Point(p) => next_year_point(p, anchor).map(EventDate::Point),
        EventDate::Range(..) => None,
    };
    ChosenDate {
        date: shifted.or(chosen.date),
        ..chosen
    }
}

/// The same day or month a year later, until it is not before the anchor.
fn next_year_point(
    p: crate::model::DatePoint,
    anchor: crate::model::DatePoint,
) -> Option<crate::model::DatePoint> {
    use crate::model::DatePoint;
    use chrono::Datelike;
    let mut p = p;
    for _ in 0..2 {
        if p.last_day() >= anchor.first_day() {
            return Some(p);
        }
        p = match p {
            DatePoint::Day(d) => DatePoint::Day(d.with_year(d.year() + 1)?),
            DatePoint::Month { year, month } => DatePoint::Month {
                year: year + 1,
                month,
            },
            DatePoint::Year(_) => return None,
        };
    }
    (p.last_day() >= anchor.first_day()).then_some(p)
}

/// A reported event lies behind the article: a year-less date that the date finder placed a
/// little after the anchor ("en septembre" in an article of 18 August, which may announce the
/// coming September) is last year's when the sentence says the event happened ("la junte avait
/// fini par accepter, en septembre").
fn behind_if_past(
    chosen: ChosenDate,
    modality: Modality,
    anchor: Option<crate::model::DatePoint>,
) -> ChosenDate {
    let (Some(EventDate::Point(p)), Some(anchor)) = (chosen.date, anchor) else {
        return chosen;
    };
    if !matches!(modality, Modality::Asserted | Modality::Reported)
        || !chosen.relative
        || chosen.inherited
        || chosen.weekday.is_some()
        || p.first_day() <= anchor.last_day()
    {
        return chosen;
    }
    use chrono::Datelike;
    let earlier = match p {
        crate::model::DatePoint::Day(d) => {
            d.with_year(d.year() - 1).map(crate::model::DatePoint::Day)
        }
        crate::model::DatePoint::Month { year, month } => {
            crate::model::DatePoint::month(year - 1, month)
        }
        crate::model::DatePoint::Year(_) => None,
    };
    ChosenDate {
        date: earlier.map(EventDate::Point).or(chosen.date),
        ..chosen
    }
}

/// Where the event happened: the locative place of its clause nearest the trigger (for a visit,
/// the first one after it).
fn place_of(
    places: &[(usize, &crate::model::PlaceMention)],
    m: &TriggerMatch,
    clause: (usize, usize),
    frame: Frame,
) -> (Option<String>, Option<Location>) {
    let candidates = places
        .iter()
        .filter(|(at, p)| p.locative && *at >= clause.0 && *at < clause.1);
    // A town right after the verb is what it acts on, and so where ("attacked Diapaga",
    // "reprend Kidal").
    let object = places.iter().find(|(at, p)| {
        !p.locative && p.geonameid.is_some() && *at >= m.end && *at < m.end + PLACE_OBJECT_WINDOW
    });
    let chosen = if let Some(o) = object.filter(|_| frame != Frame::Visit) {
        Some(o)
    } else if frame == Frame::Visit {
        candidates
            .clone()
            .find(|(at, _)| *at >= m.end)
            .or_else(|| candidates.clone().next())
    } else {
        candidates.min_by_key(|(at, _)| distance_to(*at, m.start, m.end))
    };
    let Some((_, p)) = chosen else {
        return (None, None);
    };
    let location = match (p.geonameid, p.lat, p.lon) {
        (Some(geonameid), Some(lat), Some(lon)) => Some(Location {
            name: p.name.clone(),
            lat,
            lon,
            geonameid,
        }),
        _ => None,
    };
    (Some(p.country.clone()), location)
}

/// The subject of a sentence, for the next sentence's pronoun: the codes of its first
/// participant mention.
fn sentence_subject(placed: &[arguments::Placed]) -> Option<Vec<String>> {
    placed
        .iter()
        .find(|p| !p.codes.is_empty())
        .map(|p| p.codes.clone())
}

/// The state an article is about: the one its actor mentions name most (the first named on a
/// tie), for "le pays" and "the country".
fn topic_state(analysis: &Analysis) -> Option<String> {
    // States named, persons by their state, and towns by theirs: an article about Barsalogho
    // names Burkina Faso's towns even where it names Russia more.
    let mut counts: Vec<(String, usize, usize)> = Vec::new();
    let mentions = analysis
        .actors
        .iter()
        .filter(|a| matches!(a.kind, EntityKind::State | EntityKind::Person))
        .filter_map(|a| a.code.clone().map(|c| (a.span.start, c)));
    let places = analysis
        .places
        .iter()
        .map(|p| (p.span.start, p.country.clone()));
    let mut all: Vec<(usize, String)> = mentions.chain(places).collect();
    all.sort();
    for (at, code) in all {
        match counts.iter_mut().find(|(c, _, _)| *c == code) {
            Some(entry) => entry.1 += 1,
            None => counts.push((code, 1, at)),
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|(c, _, _)| c)
}

/// Adds the anaphors of a sentence as participants: "ces trois pays" stands for the states last
/// named together, "le pays" for the state the article is about. An anaphor overlapping a real
/// mention is left out.
fn add_anaphors(
    placed: &mut Vec<arguments::Placed>,
    tokens: &[Token],
    cues: &Cues,
    last_group: &[String],
    topic: Option<&str>,
    last_organisation: Option<&str>,
    state_history: &[String],
) {
    if let Some(org) = last_organisation {
        for (at, end) in cues.org_anaphors(tokens) {
            // "la Commission de l'Union africaine", "le Conseil de sécurité de l'ONU": a body
            // named by what follows it is not the organisation last named.
            if placed.iter().any(|p| p.at >= at && p.at < end)
                || tokens.get(end).is_some_and(|t| cues.is_body_of(t))
            {
                continue;
            }
            placed.push(arguments::Placed {
                at,
                end,
                kind: EntityKind::Organisation,
                entity: org.to_string(),
                codes: vec![org.to_string()],
            });
        }
    }
    for (at, end, kind) in cues.anaphors(tokens) {
        if placed.iter().any(|p| p.at >= at && p.at <= at + 3) {
            continue;
        }
        let codes: Vec<String> = match kind {
            cues::Anaphor::Group => last_group.to_vec(),
            // "le pays", "the country": the state last named before this sentence that the
            // sentence has not already named before the anaphor (it is not the subject's own
            // state: "les soldats français ont quitté le pays"), else the article's topic.
            cues::Anaphor::Topic => {
                let here: Vec<&String> = placed
                    .iter()
                    .filter(|p| p.at < at)
                    .flat_map(|p| p.codes.iter())
                    .collect();
                state_history
                    .iter()
                    .rev()
                    .find(|c| !here.contains(c))
                    .map(|c| c.as_str())
                    .or(topic)
                    .map(|t| vec![t.to_string()])
                    .unwrap_or_default()
            }
        };
        if codes.is_empty() {
            continue;
        }
        placed.push(arguments::Placed {
            at,
            end,
            kind: EntityKind::State,
            entity: codes.join("+"),
            codes,
        });
    }
    placed.sort_by_key(|p| p.at);
}

fn inside_long_quote(analysis: &Analysis, span: Span) -> bool {
    analysis
        .quotes
        .iter()
        .any(|q| q.span.len() > LONG_QUOTE_BYTES && q.span.contains(span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_rules_load() {
        let ex = Extractor::load(&Resources::builtin()).unwrap_or_else(|e| panic!("{e}"));
        assert!(ex.languages().contains(&"fr"));
        assert!(ex.languages["fr"].lexicon.rules.len() > 50);
    }

    #[test]
    fn a_planned_event_lies_ahead_of_the_article() {
        let anchor: crate::model::DatePoint = "2023-02-07".parse().unwrap();
        let thursday = ChosenDate {
            date: Some("2023-02-02".parse().unwrap()),
            weekday: Some(WeekdayName::Thursday),
            inherited: false,
            relative: true,
        };
        let moved = ahead_if_planned(thursday, Modality::Planned, Some(anchor));
        assert_eq!(moved.date.unwrap().to_string(), "2023-02-09");
        assert_eq!(
            ahead_if_planned(thursday, Modality::Asserted, Some(anchor)),
            thursday
        );
        let july = ChosenDate {
            date: Some("2022-07".parse().unwrap()),
            weekday: None,
            inherited: false,
            relative: true,
        };
        assert_eq!(
            ahead_if_planned(july, Modality::Planned, Some(anchor))
                .date
                .unwrap()
                .to_string(),
            "2023-07"
        );
        let explicit = ChosenDate {
            relative: false,
            ..july
        };
        assert_eq!(
            ahead_if_planned(explicit, Modality::Planned, Some(anchor)),
            explicit
        );
    }

    #[test]
    fn a_reported_event_lies_behind_the_article() {
        let anchor: crate::model::DatePoint = "2021-08-18".parse().unwrap();
        let september = ChosenDate {
            date: Some("2021-09".parse().unwrap()),
            weekday: None,
            inherited: false,
            relative: true,
        };
        let moved = behind_if_past(september, Modality::Asserted, Some(anchor));
        assert_eq!(moved.date.unwrap().to_string(), "2020-09");
        assert_eq!(
            behind_if_past(september, Modality::Planned, Some(anchor)),
            september
        );
        let explicit = ChosenDate {
            relative: false,
            ..september
        };
        assert_eq!(
            behind_if_past(explicit, Modality::Asserted, Some(anchor)),
            explicit
        );
    }

    #[test]
    fn a_planned_restoration_of_relations_is_a_promise() {
        assert_eq!(
            as_promise_if_planned(EventType::Support, "050", Modality::Planned),
            (EventType::Agree, "032".into())
        );
        assert_eq!(
            as_promise_if_planned(EventType::Support, "057", Modality::Planned),
            (EventType::Support, "057".into())
        );
    }

    #[test]
    fn planned_aid_and_cooperation_are_promises() {
        assert_eq!(
            as_promise_if_planned(EventType::Aid, "072", Modality::Planned),
            (EventType::Agree, "0332".into())
        );
        assert_eq!(
            as_promise_if_planned(EventType::Aid, "070", Modality::Planned),
            (EventType::Agree, "033".into())
        );
        assert_eq!(
            as_promise_if_planned(EventType::Aid, "075", Modality::Planned),
            (EventType::Agree, "033".into())
        );
        assert_eq!(
            as_promise_if_planned(EventType::Cooperate, "062", Modality::Planned),
            (EventType::Agree, "0312".into())
        );
        assert_eq!(
            as_promise_if_planned(EventType::Aid, "072", Modality::Asserted),
            (EventType::Aid, "072".into())
        );
        assert_eq!(
            as_promise_if_planned(EventType::Consult, "042", Modality::Planned),
            (EventType::Consult, "042".into())
        );
    }
}
