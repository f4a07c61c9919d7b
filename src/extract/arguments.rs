//! Who took part: the participants of one trigger, from the actor mentions around it and the
//! rule's frame.
//!
//! French and English news sentences put the doer before the verb and the done-to after it far
//! more often than not, so position relative to the trigger decides the side, then the frame
//! adjusts: a host receives its visitors (`Host`), a visit's recipient is the state of the place
//! visited (`Visit`), a coup or an arrest is a state acting on itself (`Internal`), a signing or
//! a meeting has no sides (`Mutual`), and a passive agent ("attaqué par le JNIM") is the doer
//! wherever it stands. Scoring asks for shared participants first and direction second, so the
//! rules favour finding every participant over guessing sides.

use super::cues::Cues;
use super::lexicon::Frame;
use super::tokens::{Token, TokenKind, distance_to, token_at_or_after};
use crate::model::{ActorMention, EntityKind, LinkVia, PlaceMention};

/// A participant placed on the sentence's tokens: an actor mention, or an anaphor ("ces trois
/// pays", "the country") standing for actors named earlier.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// Index of its first token.
    pub at: usize,
    /// Index one past its last token.
    pub end: usize,
    /// What it is.
    pub kind: EntityKind,
    /// The entity id (the anaphor's antecedent ids for an anaphor).
    pub entity: String,
    /// The codes it counts as (several for "the member states of the AES" or "ces trois pays").
    pub codes: Vec<String>,
}

/// The participants of one event mention.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Participants {
    /// The acting side.
    pub actors: Vec<String>,
    /// The side acted on.
    pub recipients: Vec<String>,
    /// Named persons taking part.
    pub persons: Vec<String>,
}

/// Places the actor mentions of a sentence on its tokens, expanding "the member states of X"
/// into X's members; an alliance that the knowledge base gives members stands for them too.
pub fn place_mentions(
    tokens: &[Token],
    mentions: &[ActorMention],
    cues: &Cues,
    members: &dyn Fn(&str) -> Vec<String>,
) -> Vec<Placed> {
    let mut out = Vec::new();
    for m in mentions {
        let at = token_at_or_after(tokens, m.span.start);
        let end = token_at_or_after(tokens, m.span.end).max(at + 1);
        if m.via == LinkVia::Demonym && cues.emblem_beside(tokens, at.checked_sub(1), end) {
            continue;
        }
        if m.via == LinkVia::Capital && cues.names_a_gathering(tokens, at, end) {
            continue;
        }
        let mut codes: Vec<String> = m.code.iter().cloned().collect();
        if matches!(m.kind, EntityKind::Organisation) {
            let ms = members(&m.entity);
            if !ms.is_empty() {
                if cues.members_phrase_before(tokens, at) {
                    codes = ms;
                } else {
                    codes.extend(ms);
                }
            }
        }
        out.push(Placed {
            at,
            end,
            kind: m.kind,
            entity: m.entity.clone(),
            codes,
        });
    }
    out
}

/// What the caller knows of the context of one trigger.
pub struct TriggerContext<'s, 'a> {
    /// The sentence's tokens.
    pub tokens: &'s [Token],
    /// First token of the trigger.
    pub start: usize,
    /// One past its last token.
    pub end: usize,
    /// The clause the trigger sits in (token range).
    pub clause: (usize, usize),
    /// The sentence's participant mentions, placed.
    pub placed: &'s [Placed],
    /// The sentence's places.
    pub places: &'s [(usize, &'a PlaceMention)],
    /// Codes of the subject of the sentence before, for a clause opening with a pronoun.
    pub previous_subject: &'s [String],
    /// True for a bullet-list item: its verb often has no subject of its own ("décide de lever
    /// les sanctions…"), the list's subject is the one before.
    pub bullet: bool,
}

/// Finds the participants of one trigger under `frame`.
pub fn participants(ctx: &TriggerContext<'_, '_>, frame: Frame, cues: &Cues) -> Participants {
    let (c0, c1) = ctx.clause;
    let in_clause: Vec<&Placed> = ctx
        .placed
        .iter()
        .filter(|p| p.at >= c0 && p.at < c1)
        .collect();
    let mut right_first: Vec<String> = Vec::new();
    let mut left_rest: Vec<String> = Vec::new();
    let mut right: Vec<String> = Vec::new();
    let mut agents: Vec<String> = Vec::new();
    let mut persons: Vec<String> = Vec::new();
    let subject = subject_group(&in_clause, ctx.tokens, c0, ctx.start, cues);
    let passive = cues.is_passive(ctx.tokens, ctx.start);
    // "par X" is the trigger's agent when the trigger is a passive participle, wherever the
    // agent stands ("a été attaqué lundi à l'aube par le JNIM"), or when it follows a noun
    // closely ("l'attaque du camp par le JNIM"); further on it is the agent of another
    // participle ("le contingent danois, arrivé pour renforcer Takuba, piloté par la France").
    let agent_of_trigger = |p: &Placed| {
        p.at >= ctx.end
            && cues.agent_marker_before(ctx.tokens, p.at)
            && (passive || p.at - ctx.end <= AGENT_WINDOW)
    };
    let mut left: Vec<String> = Vec::new();
    for p in &in_clause {
        if p.kind == EntityKind::Person {
            push_unique(&mut persons, &p.entity);
        }
        let agent_marked = p.at >= ctx.end && cues.agent_marker_before(ctx.tokens, p.at);
        if agent_marked && !agent_of_trigger(p) {
            continue;
        }
        if p.at >= ctx.end && right_first.is_empty() && !agent_marked {
            right_first = p.codes.clone();
        }
        if cues.companion_before(ctx.tokens, p.at) {
            // One acting with the subject ("France stood alongside ECOWAS in condemning…"): its
            // own act is reported on its own, and it is on neither side of this one.
            continue;
        }
        let side = if cues.pressure_before(ctx.tokens, p.at) {
            &mut right
        } else if p.at < ctx.start && subject.contains(&p.at) {
            &mut left
        } else if p.at < ctx.start {
            // Before the verb but not its subject: the object of an earlier verb or a
            // circumstance ("a suspendu le Mali … et appelé à…", "à l'issue d'une rencontre
            // avec les ministres du Mali, Lavrov a…"): on the receiving side.
            &mut left_rest
        } else if agent_marked {
            &mut agents
        } else {
            // After the trigger, or inside the trigger phrase: the object side.
            &mut right
        };
        for c in &p.codes {
            push_unique(side, c);
        }
    }
    for c in std::mem::take(&mut left_rest).into_iter().rev() {
        if !right.contains(&c) {
            right.insert(0, c);
        }
    }
    // A verb coordinated with an earlier one shares its subject, even across a subordinate
    // clause between them ("The AU suspended Mali until order is restored, and called for the
    // release of Keita"): with no subject in its clause, the sentence's subject acts.
    // So does a non-finite verb ("la junte a obtenu le départ des forces, après avoir exigé leur
    // retrait").
    if left.is_empty()
        && agents.is_empty()
        && ((c0 > 0
            && cues.coordination_between(ctx.tokens, ctx.start.saturating_sub(2), ctx.start))
            || cues.nonfinite_before(ctx.tokens, ctx.start))
    {
        let sentence_left: Vec<&Placed> = ctx.placed.iter().filter(|p| p.at < ctx.start).collect();
        let subject = subject_group(&sentence_left, ctx.tokens, 0, ctx.start, cues);
        for p in sentence_left.iter().filter(|p| subject.contains(&p.at)) {
            for c in &p.codes {
                push_unique(&mut left, c);
            }
        }
        right.retain(|c| !left.contains(c));
    }
    let opens_with_pronoun = cues.starts_with_pronoun(ctx.tokens, c0, ctx.start)
        || cues.starts_with_pronoun(ctx.tokens, 0, ctx.start);
    if left.is_empty()
        && agents.is_empty()
        && (opens_with_pronoun || (ctx.bullet && left_free(&in_clause, ctx.start)))
    {
        for c in ctx.previous_subject {
            push_unique(&mut left, c);
        }
    }
    // A passive agent is the doer; what stands before the verb is then what was done to. A
    // passive without its agent ("le Mali reste suspendu", "the two men were freed") has its
    // subject on the receiving side and no doer named.
    if passive && agents.is_empty() && matches!(frame, Frame::Directed) {
        let mut recipients = left;
        for c in right {
            push_unique(&mut recipients, &c);
        }
        return finish(Vec::new(), recipients, persons);
    }
    if !agents.is_empty() {
        let mut recipients = left;
        for c in right {
            push_unique(&mut recipients, &c);
        }
        return finish(agents, recipients, persons);
    }
    let place_state_after: Option<String> = ctx
        .places
        .iter()
        .filter(|(at, p)| *at > ctx.start && p.locative)
        .map(|(_, p)| p.country.clone())
        .next();
    let nearest_place_state: Option<String> = ctx
        .places
        .iter()
        .filter(|(at, p)| *at >= c0 && *at < c1 && p.locative)
        .min_by_key(|(at, _)| distance_to(*at, ctx.start, ctx.end))
        .map(|(_, p)| p.country.clone());
    // "a rouvert son ambassade à Ouagadougou": with nobody named on the receiving side, the
    // state of a place after the verb is the one acted on.
    if right.is_empty()
        && matches!(frame, Frame::Directed | Frame::Mover)
        && let Some(state) = place_state_after.clone()
        && !left.contains(&state)
    {
        right.push(state);
    }
    match frame {
        Frame::Directed => finish(left, right, persons),
        Frame::Host => finish(right, left, persons),
        Frame::Visit => {
            let mut recipients = right;
            if let Some(state) = place_state_after {
                push_unique(&mut recipients, &state);
            }
            if left.is_empty() && !recipients.is_empty() {
                // "À l'issue d'une rencontre avec les ministres du Mali…": no subject before
                // the trigger, the visitors come after it.
                let visitors = std::mem::take(&mut recipients);
                let mut host = Vec::new();
                if let Some(state) = ctx
                    .places
                    .iter()
                    .find(|(_, p)| p.locative)
                    .map(|(_, p)| p.country.clone())
                {
                    host.push(state);
                }
                return finish(visitors, host, persons);
            }
            finish(left, recipients, persons)
        }
        Frame::Mutual => {
            let mut all = left;
            for c in right {
                push_unique(&mut all, &c);
            }
            finish(all, Vec::new(), persons)
        }
        Frame::Mover => {
            // "les soldats français ont quitté le Mali", "le retrait des forces françaises du
            // Mali": who moves is the subject, or after a noun the first participant named;
            // the rest is where they leave.
            if left.is_empty() {
                let movers = right_first;
                let rest: Vec<String> = right.into_iter().filter(|c| !movers.contains(c)).collect();
                finish(movers, rest, persons)
            } else {
                finish(left, right, persons)
            }
        }
        Frame::Internal => {
            // A state acting on itself: the state named before the verb ("le Niger a
            // suspendu…"), else the one after it ("ont arrêté le président Keïta"), else the
            // state of the place, else the states the sentence names outside the clause ("Ces
            // trois nations ont basculé lorsque des militaires ont pris le pouvoir").
            // An international organisation takes no part in a state's own act: "la CEDEAO a
            // condamné … un coup de force" is no coup by the CEDEAO. (A domestic body counts
            // as its state: the CNSP is Mali.)
            let international: Vec<&String> = ctx
                .placed
                .iter()
                .filter(|p| p.kind == EntityKind::Organisation && p.codes.contains(&p.entity))
                .map(|p| &p.entity)
                .collect();
            let domestic = |codes: Vec<String>| -> Vec<String> {
                codes
                    .into_iter()
                    .filter(|c| !international.contains(&c))
                    .collect()
            };
            let (left, right) = (domestic(left), domestic(right));
            let mut states = if left.is_empty() { right } else { left };
            if states.is_empty()
                && let Some(s) = nearest_place_state
            {
                states.push(s);
            }
            if states.is_empty() {
                for p in ctx.placed.iter().filter(|p| p.kind == EntityKind::State) {
                    for c in &p.codes {
                        push_unique(&mut states, c);
                    }
                }
            }
            Participants {
                actors: states.clone(),
                recipients: states,
                persons,
            }
        }
    }
}

/// True when nothing is named before the trigger in its clause.
fn left_free(in_clause: &[&Placed], trigger: usize) -> bool {
    in_clause.iter().all(|p| p.at >= trigger)
}

/// The starts of the mentions that make the subject of a trigger: mentions before it joined
/// only by connectors ("le Mali, le Burkina Faso et le Niger", "Le ministre russe de la Défense,
/// Andrei Belousov,") form groups; the subject is the group that opens the clause, else the group
/// nearest the trigger.
fn subject_group(
    in_clause: &[&Placed],
    tokens: &[Token],
    clause_start: usize,
    trigger: usize,
    cues: &Cues,
) -> Vec<usize> {
    let lefts: Vec<&&Placed> = in_clause
        .iter()
        .filter(|p| {
            p.at < trigger
                && !cues.companion_before(tokens, p.at)
                && !cues.pressure_before(tokens, p.at)
        })
        .collect();
    // Each group: the starts of its mentions, and the end of its last-ending one.
    let mut groups: Vec<(Vec<usize>, usize)> = Vec::new();
    let mut last_end = 0;
    for p in lefts {
        let joined = groups.last().is_some() && cues.only_connectors(tokens, last_end, p.at);
        match groups.last_mut() {
            Some((g, end)) if joined => {
                g.push(p.at);
                *end = (*end).max(p.end);
            }
            _ => groups.push((vec![p.at], p.end)),
        }
        last_end = last_end.max(p.end);
    }
    // A group opens the clause when it comes first, or right after circumstances closed by a
    // comma ("Le même jour, à Paris, Jean-Yves Le Drian a qualifié la junte…").
    let opens_clause = groups.first().is_some_and(|(g, _)| {
        g[0] <= clause_start + OPENING_TOKENS
            || (g[0] > clause_start && tokens.get(g[0] - 1).is_some_and(|t| t.folded == ","))
    });
    // A group standing right before the verb, nothing but a word or two between, is its
    // subject even when another opens the clause ("Bamako expelled the ambassador at the end of
    // January, and ECOWAS imposed sanctions").
    let adjacent = groups.last().is_some_and(|&(_, end)| {
        end <= trigger
            && trigger - end <= ADJACENT_TOKENS
            && tokens[end..trigger]
                .iter()
                .all(|t| t.kind == TokenKind::Word)
    });
    let chosen = if adjacent {
        groups.last()
    } else if opens_clause {
        groups.first()
    } else {
        groups.last()
    };
    chosen.map(|(g, _)| g.clone()).unwrap_or_default()
}

/// How many words may stand between a subject and its verb ("a", "has also", "avait déjà").
const ADJACENT_TOKENS: usize = 2;

/// How many tokens after a trigger that is not a passive participle its agent may stand ("le
/// retrait des troupes par Paris").
const AGENT_WINDOW: usize = 5;

/// How many tokens (articles, a day name, a comma) may come before a subject that opens its
/// clause.
const OPENING_TOKENS: usize = 3;

fn finish(actors: Vec<String>, recipients: Vec<String>, persons: Vec<String>) -> Participants {
    let recipients: Vec<String> = recipients
        .into_iter()
        .filter(|r| !actors.contains(r))
        .collect();
    Participants {
        actors,
        recipients,
        persons,
    }
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;
    use crate::model::{LinkVia, Span};
    use crate::resources::Resources;

    fn cues() -> Cues {
        let res = Resources::empty().with_file(
            "xx/cues.toml",
            "subject_pronouns = [\"il|elle|ils|elles\"]\nmembers_of = [\"pays|etats de|du|des|l'\"]\npassive_agent = [\"par\"]\n",
        );
        Cues::load(res.files("xx/cues.toml")).unwrap()
    }

    fn actor(text: &str, word: &str, entity: &str, kind: EntityKind, code: &str) -> ActorMention {
        let start = text.find(word).unwrap();
        ActorMention {
            span: Span::new(start, start + word.len()),
            entity: entity.into(),
            kind,
            code: Some(code.into()),
            via: LinkVia::Name,
            role: None,
        }
    }

    fn members(id: &str) -> Vec<String> {
        if id == "AES" {
            vec!["MLI".into(), "BFA".into(), "NER".into()]
        } else {
            Vec::new()
        }
    }

    fn run(
        text: &str,
        trigger: &str,
        mentions: &[ActorMention],
        places: &[PlaceMention],
        frame: Frame,
        prev: &[String],
    ) -> Participants {
        let toks = tokenize(text, Span::new(0, text.len()));
        let c = cues();
        let start = toks.iter().position(|t| t.folded == trigger).unwrap();
        let placed = place_mentions(&toks, mentions, &c, &members);
        let places: Vec<(usize, &PlaceMention)> = places
            .iter()
            .map(|p| (token_at_or_after(&toks, p.span.start), p))
            .collect();
        let ctx = TriggerContext {
            tokens: &toks,
            start,
            end: start + 1,
            clause: (0, toks.len()),
            placed: &placed,
            places: &places,
            previous_subject: prev,
            bullet: false,
        };
        participants(&ctx, frame, &c)
    }

    #[test]
    fn subject_acts_on_object() {
        let t = "Le Mali accuse la France d'ingérence.";
        let m = [
            actor(t, "Mali", "MLI", EntityKind::State, "MLI"),
            actor(t, "France", "FRA", EntityKind::State, "FRA"),
        ];
        let p = run(t, "accuse", &m, &[], Frame::Directed, &[]);
        assert_eq!(
            (p.actors, p.recipients),
            (vec!["MLI".to_string()], vec!["FRA".to_string()])
        );
    }

    #[test]
    fn members_of_an_organisation_stand_for_it() {
        let t = "Les pays de l'AES se sont rendus en Russie.";
        let m = [actor(t, "AES", "AES", EntityKind::Organisation, "AES")];
        let russia = PlaceMention {
            span: Span::new(t.find("Russie").unwrap(), t.find("Russie").unwrap() + 6),
            name: "Russie".into(),
            country: "RUS".into(),
            geonameid: None,
            lat: None,
            lon: None,
            locative: true,
        };
        let p = run(t, "rendus", &m, &[russia], Frame::Visit, &[]);
        assert_eq!(p.actors, ["MLI", "BFA", "NER"]);
        assert_eq!(p.recipients, ["RUS"]);
    }

    #[test]
    fn a_host_receives_its_visitors() {
        let t = "La Russie a accueilli les ministres du Niger.";
        let m = [
            actor(t, "Russie", "RUS", EntityKind::State, "RUS"),
            actor(t, "Niger", "NER", EntityKind::State, "NER"),
        ];
        let p = run(t, "accueilli", &m, &[], Frame::Host, &[]);
        assert_eq!(
            (p.actors, p.recipients),
            (vec!["NER".to_string()], vec!["RUS".to_string()])
        );
    }

    #[test]
    fn a_passive_agent_is_the_doer() {
        let t = "Le camp de l'armée malienne a été attaqué par le JNIM.";
        let m = [
            actor(t, "malienne", "MLI", EntityKind::State, "MLI"),
            actor(t, "JNIM", "JNIM", EntityKind::ArmedGroup, "JNIM"),
        ];
        let p = run(t, "attaque", &m, &[], Frame::Directed, &[]);
        assert_eq!(
            (p.actors, p.recipients),
            (vec!["JNIM".to_string()], vec!["MLI".to_string()])
        );
    }

    #[test]
    fn a_pronoun_takes_the_previous_subject() {
        let t = "Il a réitéré le soutien à la Russie.";
        let m = [actor(t, "Russie", "RUS", EntityKind::State, "RUS")];
        let p = run(t, "reitere", &m, &[], Frame::Directed, &["MLI".to_string()]);
        assert_eq!(
            (p.actors, p.recipients),
            (vec!["MLI".to_string()], vec!["RUS".to_string()])
        );
    }

    #[test]
    fn internal_events_act_on_their_own_state() {
        let t = "Les mutins ont arrêté le président Keïta.";
        let mut k = actor(
            t,
            "Keïta",
            "ibrahim-boubacar-keita",
            EntityKind::Person,
            "MLI",
        );
        k.via = LinkVia::Coreference;
        let p = run(t, "arrete", &[k], &[], Frame::Internal, &[]);
        assert_eq!(
            (p.actors, p.recipients.clone()),
            (vec!["MLI".to_string()], vec!["MLI".to_string()])
        );
        assert_eq!(p.persons, ["ibrahim-boubacar-keita"]);
    }
}
