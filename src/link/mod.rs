//! Stage 5, link: name hits to knowledge-base entities — spelling variants, demonyms, capitals
//! as metonyms, roles to the person holding them on the article's date, in-document
//! coreference, and persons the knowledge base lacks kept as discovered entities.
//!
//! Linking reads the hits of one article in text order, keeping what the article has said so
//! far (the persons it has named, the states it talks about), so that a bare surname goes to the
//! person named in full before it and an office with no state named goes to the article's
//! state. Each hit gives at most one actor and at most one place.

mod persons;

use std::collections::HashMap;

pub use self::persons::slug;
use crate::kb::Kb;
use crate::model::{ActorMention, DatePoint, EntityKind, LinkVia, PlaceMention, Span};
use crate::recognise::names::{NameHit, Reading};

/// Inhabitants from which a town is a city, named without a preposition as often as with one.
const CITY: u64 = 100_000;

/// Links hits against one knowledge base.
#[derive(Clone, Debug)]
pub struct Linker<'kb> {
    kb: &'kb Kb,
}

/// What the article has said so far.
#[derive(Debug, Default)]
struct DocState {
    /// How often each state is named (by name, demonym, capital, role), over the whole article.
    state_counts: HashMap<String, usize>,
    /// Where each state is first named, to break ties.
    state_first: HashMap<String, usize>,
    /// Persons linked so far, each with when it was last named (a running count), most
    /// recent last.
    seen: Vec<(String, usize)>,
    /// Discovered persons so far: slug, folded words of the name, when named.
    discovered: Vec<(String, Vec<String>, usize)>,
    /// A running count of person mentions, to tell which of two was named last.
    tick: usize,
}

impl DocState {
    /// The state the article talks about most (first named on a tie).
    fn main_state(&self) -> Option<&str> {
        self.state_counts
            .iter()
            .max_by(|a, b| {
                a.1.cmp(b.1)
                    .then_with(|| self.state_first[b.0].cmp(&self.state_first[a.0]))
            })
            .map(|(s, _)| s.as_str())
    }

    fn weight(&self, state: &str) -> usize {
        self.state_counts.get(state).copied().unwrap_or(0)
    }

    fn saw(&mut self, id: &str) {
        self.tick += 1;
        self.seen.retain(|(s, _)| s != id);
        self.seen.push((id.to_string(), self.tick));
    }

    /// The discovered person last named whose name ends with `words`, and when.
    fn discovered_ending(&self, words: &[String]) -> Option<(&str, usize)> {
        self.discovered
            .iter()
            .rev()
            .find(|(_, w, _)| !words.is_empty() && w.ends_with(words))
            .map(|(s, _, t)| (s.as_str(), *t))
    }
}

/// An actor mention under construction.
struct Actor {
    entity: String,
    kind: EntityKind,
    code: Option<String>,
    via: LinkVia,
    role: Option<String>,
}

impl<'kb> Linker<'kb> {
    /// A linker over `kb`.
    pub fn new(kb: &'kb Kb) -> Linker<'kb> {
        Linker { kb }
    }

    /// Links the hits of one article (text order) as of `date`.
    pub fn link(
        &self,
        text: &str,
        hits: &[NameHit],
        date: Option<DatePoint>,
    ) -> (Vec<ActorMention>, Vec<PlaceMention>) {
        let mut doc = self.doc_state(hits);
        let mut actors = Vec::new();
        let mut places = Vec::new();
        for hit in hits {
            let (actor, place) = self.link_hit(text, hit, date, &mut doc);
            if let Some(a) = actor {
                actors.push(ActorMention {
                    span: hit.span,
                    entity: a.entity,
                    kind: a.kind,
                    code: a.code,
                    via: a.via,
                    role: a.role,
                });
            }
            places.extend(place);
        }
        (actors, places)
    }

    /// The states the article names, counted over all its hits (a person counting for its
    /// state).
    fn doc_state(&self, hits: &[NameHit]) -> DocState {
        let mut doc = DocState::default();
        for (i, h) in hits.iter().enumerate() {
            let mut named: Vec<&str> = Vec::new();
            for r in &h.readings {
                match r {
                    Reading::Entity(id) if self.kb.state(id).is_some() => named.push(id),
                    // Persons by their state: an article about a coup in Ouagadougou names
                    // Traoré and Damiba more than Burkina Faso, and France may be named more
                    // than either. (Towns do not count: which town a name is depends on this
                    // count.)
                    Reading::Entity(id) => {
                        if let Some(code) = self
                            .kb
                            .person(id)
                            .and_then(|p| p.code.as_deref())
                            .filter(|c| self.kb.state(c).is_some())
                        {
                            named.push(code);
                        }
                    }
                    Reading::Demonym(id) | Reading::Capital(id) => named.push(id),
                    Reading::Role { state: Some(s), .. } if self.kb.state(s).is_some() => {
                        named.push(s)
                    }
                    _ => {}
                }
            }
            if let Some(s) = h.state.as_deref().filter(|s| self.kb.state(s).is_some()) {
                named.push(s);
            }
            named.sort_unstable();
            named.dedup();
            // A hit that could be several states ("congolais") says nothing sure.
            if let [s] = named.as_slice() {
                *doc.state_counts.entry(s.to_string()).or_default() += 1;
                doc.state_first.entry(s.to_string()).or_insert(i);
            }
        }
        doc
    }

    fn link_hit(
        &self,
        text: &str,
        hit: &NameHit,
        date: Option<DatePoint>,
        doc: &mut DocState,
    ) -> (Option<Actor>, Option<PlaceMention>) {
        let entities: Vec<&str> = hit
            .readings
            .iter()
            .filter_map(|r| {
                if let Reading::Entity(id) = r {
                    Some(id.as_str())
                } else {
                    None
                }
            })
            .collect();
        let state_entity = entities
            .iter()
            .copied()
            .find(|id| self.kb.state(id).is_some());
        let capital = hit.readings.iter().find_map(|r| {
            if let Reading::Capital(s) = r {
                Some(s.as_str())
            } else {
                None
            }
        });
        let towns: Vec<u64> = hit
            .readings
            .iter()
            .filter_map(|r| {
                if let Reading::Town(g) = r {
                    Some(*g)
                } else {
                    None
                }
            })
            .collect();

        if hit.locative {
            // "au Mali": the state acts or is acted on there, and it is where things happen.
            if let Some(s) = state_entity {
                let place = self.state_place(s, hit.span);
                return (Some(self.state_actor(s, LinkVia::Name, None)), Some(place));
            }
            // "à Moscou": a place, not Russia acting.
            if let Some(s) = capital {
                let place = self
                    .kb
                    .capital_place(s)
                    .map(|p| self.town_place(p.geonameid, hit.span, true));
                return (
                    None,
                    place
                        .flatten()
                        .or_else(|| Some(self.state_place(s, hit.span))),
                );
            }
            if !towns.is_empty() {
                return (
                    None,
                    self.best_town(&towns, doc)
                        .and_then(|g| self.town_place(g, hit.span, true)),
                );
            }
        }
        if !entities.is_empty() {
            if let Some(a) = self.entity_actor(&entities, hit, date, doc) {
                return (Some(a), None);
            }
        }
        if let Some(s) = capital {
            return (Some(self.state_actor(s, LinkVia::Capital, None)), None);
        }
        for r in &hit.readings {
            match r {
                Reading::Role { role, state } => {
                    return (
                        self.role_actor(role, state.as_deref(), hit, date, doc),
                        None,
                    );
                }
                Reading::Person { name } => return (self.person_actor(name, hit, date, doc), None),
                _ => {}
            }
        }
        let surnames: Vec<&str> = hit
            .readings
            .iter()
            .filter_map(|r| {
                if let Reading::Surname(id) = r {
                    Some(id.as_str())
                } else {
                    None
                }
            })
            .collect();
        if !surnames.is_empty() {
            if let Some(a) = self.surname_actor(text, &surnames, hit, date, doc) {
                return (Some(a), None);
            }
        }
        let demonyms: Vec<&str> = hit
            .readings
            .iter()
            .filter_map(|r| {
                if let Reading::Demonym(s) = r {
                    Some(s.as_str())
                } else {
                    None
                }
            })
            .collect();
        if let Some(s) = self.pick_state(&demonyms, doc) {
            return (Some(self.state_actor(s, LinkVia::Demonym, None)), None);
        }
        // A town named without a locative ("Djibo a été attaquée") is kept when it lies in a
        // state the article talks about or is a city: a village sharing its name with a word
        // of the article ("Soum", "Bila") is not worth the false place. A surname that could
        // not be linked is not read as a town either.
        if surnames.is_empty() {
            let plausible: Vec<u64> = towns
                .iter()
                .copied()
                .filter(|&g| {
                    self.kb
                        .place(g)
                        .is_some_and(|p| doc.weight(&p.country) > 0 || p.population >= CITY)
                })
                .collect();
            if !plausible.is_empty() {
                let best = self.best_town(&plausible, doc);
                return (
                    None,
                    best.and_then(|g| self.town_place(g, hit.span, hit.locative)),
                );
            }
        }
        (None, None)
    }

    /// One state among several a word may name: the only one, or the one the article talks
    /// about most.
    fn pick_state<'a>(&self, states: &[&'a str], doc: &DocState) -> Option<&'a str> {
        match states {
            [] => None,
            [s] => Some(s),
            _ => states
                .iter()
                .copied()
                .filter(|s| doc.weight(s) > 0)
                .max_by_key(|s| doc.weight(s)),
        }
    }

    fn state_actor(&self, state: &str, via: LinkVia, role: Option<String>) -> Actor {
        match self.kb.entity(state) {
            Some(e) => Actor {
                entity: e.id,
                kind: e.kind,
                code: e.code,
                via,
                role,
            },
            None => Actor {
                entity: state.to_string(),
                kind: EntityKind::State,
                code: Some(state.to_string()),
                via,
                role,
            },
        }
    }

    fn state_place(&self, state: &str, span: Span) -> PlaceMention {
        let name = self
            .kb
            .state(state)
            .map(|s| s.name_en.clone())
            .unwrap_or_else(|| state.to_string());
        PlaceMention {
            span,
            name,
            country: state.to_string(),
            geonameid: None,
            lat: None,
            lon: None,
            locative: true,
        }
    }

    fn town_place(&self, geonameid: u64, span: Span, locative: bool) -> Option<PlaceMention> {
        let p = self.kb.place(geonameid)?;
        Some(PlaceMention {
            span,
            name: p.name.clone(),
            country: p.country.clone(),
            geonameid: Some(p.geonameid),
            lat: Some(p.lat),
            lon: Some(p.lon),
            locative,
        })
    }

    /// Among towns sharing a name, one in a state the article talks about, else the largest.
    fn best_town(&self, towns: &[u64], doc: &DocState) -> Option<u64> {
        towns
            .iter()
            .filter_map(|&g| self.kb.place(g))
            .max_by_key(|p| (doc.weight(&p.country), p.population))
            .map(|p| p.geonameid)
    }

    /// A name or alias: when several entities share it ("CNSP"), the one that existed on the
    /// date, then the one of a state the article talks about.
    fn entity_actor(
        &self,
        ids: &[&str],
        hit: &NameHit,
        date: Option<DatePoint>,
        doc: &mut DocState,
    ) -> Option<Actor> {
        let mut candidates: Vec<&str> = ids.to_vec();
        if let Some(d) = date {
            let alive: Vec<&str> = candidates
                .iter()
                .copied()
                .filter(|id| self.kb.organisation(id).is_none_or(|o| o.active_at(d)))
                .collect();
            if !alive.is_empty() {
                candidates = alive;
            }
        }
        let id = if candidates.len() == 1 {
            candidates[0]
        } else {
            candidates
                .iter()
                .copied()
                .max_by_key(|id| {
                    let code = self.kb.entity(id).and_then(|e| e.code).unwrap_or_default();
                    (
                        doc.weight(&code),
                        std::cmp::Reverse(ids.iter().position(|x| x == id)),
                    )
                })
                .unwrap_or(candidates[0])
        };
        let e = self.kb.entity(id)?;
        if e.kind == EntityKind::Person {
            doc.saw(&e.id);
        }
        Some(Actor {
            entity: e.id,
            kind: e.kind,
            code: e.code,
            via: LinkVia::Name,
            role: hit.role.clone(),
        })
    }

    /// A role phrase: whoever held it for the state on the date, else the state itself.
    fn role_actor(
        &self,
        role: &str,
        state: Option<&str>,
        hit: &NameHit,
        date: Option<DatePoint>,
        doc: &mut DocState,
    ) -> Option<Actor> {
        // An office the text ties to no state is the article's state's ("le président de la
        // transition" in an article about Mali).
        let state = state
            .or(hit.state.as_deref())
            .or_else(|| doc.main_state())?
            .to_string();
        if let Some(p) = self.kb.holder(role, &state, date) {
            doc.saw(&p.id);
            let code = p.code.or_else(|| Some(state.clone()));
            return Some(Actor {
                entity: p.id,
                kind: EntityKind::Person,
                code,
                via: LinkVia::Role,
                role: Some(role.to_string()),
            });
        }
        Some(self.state_actor(&state, LinkVia::Role, Some(role.to_string())))
    }

    /// A bare surname: the person named in full before it (known or discovered), else the only
    /// known person of that name.
    fn surname_actor(
        &self,
        text: &str,
        ids: &[&str],
        hit: &NameHit,
        date: Option<DatePoint>,
        doc: &mut DocState,
    ) -> Option<Actor> {
        let persons: Vec<&crate::kb::Person> =
            ids.iter().filter_map(|id| self.kb.person(id)).collect();
        // "Mariam Ouattara … Ouattara": the discovered person named last, not the president.
        let words = persons::words(hit.span.slice(text));
        if let Some((slug, when)) = doc.discovered_ending(&words) {
            let known_later = doc
                .seen
                .iter()
                .any(|(id, t)| *t > when && persons.iter().any(|p| &p.id == id));
            if !known_later {
                let slug = slug.to_string();
                return Some(self.discovered(slug, hit, LinkVia::Coreference));
            }
        }
        let (person, via) = self.choose_person(&persons, hit, date, doc)?;
        let code = person.code.clone();
        let id = person.id.clone();
        doc.saw(&id);
        Some(Actor {
            entity: id,
            kind: EntityKind::Person,
            code,
            via,
            role: hit.role.clone(),
        })
    }

    /// Among the persons a surname may name: the most recent one the article named before
    /// (coreference), the only one, or — with a role — the one holding it on the date.
    fn choose_person<'p>(
        &self,
        persons: &[&'p crate::kb::Person],
        hit: &NameHit,
        date: Option<DatePoint>,
        doc: &DocState,
    ) -> Option<(&'p crate::kb::Person, LinkVia)> {
        if let Some(p) = doc
            .seen
            .iter()
            .rev()
            .find_map(|(id, _)| persons.iter().find(|p| &p.id == id))
        {
            return Some((p, LinkVia::Coreference));
        }
        if let [p] = persons {
            return Some((p, LinkVia::Name));
        }
        if let (Some(role), Some(state)) = (&hit.role, &hit.state) {
            let holder = self.kb.holder(role, state, date)?;
            return persons
                .iter()
                .find(|p| p.id == holder.id)
                .map(|p| (*p, LinkVia::Role));
        }
        // "le président Traoré": the only one of them holding that office on the date.
        if let (Some(role), Some(d)) = (&hit.role, date) {
            let holding: Vec<&&crate::kb::Person> =
                persons.iter().filter(|p| p.holds_at(role, d)).collect();
            if let [p] = holding.as_slice() {
                return Some((p, LinkVia::Role));
            }
        }
        // With a title ("le général Simporé"), the only one in office on the date.
        if hit.title.is_some() {
            let d = date?;
            let in_office: Vec<&&crate::kb::Person> =
                persons.iter().filter(|p| p.in_office_at(d)).collect();
            if let [p] = in_office.as_slice() {
                return Some((p, LinkVia::Name));
            }
        }
        None
    }

    /// A name found after a title, a role or a given name: a known person (by any spelling),
    /// else a discovered one.
    fn person_actor(
        &self,
        name: &str,
        hit: &NameHit,
        date: Option<DatePoint>,
        doc: &mut DocState,
    ) -> Option<Actor> {
        let words = persons::words(name);
        let folded = words.join(" ");
        let mut known: Vec<&crate::kb::Person> = self.kb.persons_named(&folded);
        if known.is_empty() {
            known.extend(persons::variant_of(self.kb, &words));
        }
        let mut via = LinkVia::Name;
        if known.is_empty() && words.len() == 1 {
            let with = persons::with_surname(self.kb, &folded);
            if !with.is_empty() {
                let (p, v) = self.choose_person(&with, hit, date, doc)?;
                known.push(p);
                via = v;
            }
        }
        if let Some(p) = known.first() {
            let p = if known.len() > 1 {
                self.choose_person(&known, hit, date, doc)
                    .map_or(*p, |(q, _)| q)
            } else {
                p
            };
            let id = p.id.clone();
            doc.saw(&id);
            let code = p.code.clone().or_else(|| hit.state.clone());
            return Some(Actor {
                entity: id,
                kind: EntityKind::Person,
                code,
                via,
                role: hit.role.clone(),
            });
        }
        // "le colonel Koné" after "le colonel Abdoulaye Koné": the same discovered person.
        if words.len() == 1 {
            let earlier = doc.discovered_ending(&words).map(|(s, _)| s.to_string());
            if let Some(s) = earlier {
                return Some(self.discovered(s, hit, LinkVia::Coreference));
            }
        }
        let s = slug(name);
        if s.is_empty() {
            return None;
        }
        doc.tick += 1;
        doc.discovered.push((s.clone(), words, doc.tick));
        Some(self.discovered(s, hit, LinkVia::Discovered))
    }

    fn discovered(&self, slug: String, hit: &NameHit, via: LinkVia) -> Actor {
        let code = hit
            .state
            .clone()
            .map(|s| self.kb.entity(&s).and_then(|e| e.code).unwrap_or(s));
        Actor {
            entity: slug,
            kind: EntityKind::Person,
            code,
            via,
            role: hit.role.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
