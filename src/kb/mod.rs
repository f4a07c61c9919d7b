//! The knowledge base: states, organisations, armed groups, persons with roles and terms,
//! places, all read from `data/kb/` (and a user's `--kb DIR`).
//!
//! The region lives here as data, not in code: `states.tsv` and `places.tsv` are generated from
//! the shared countries and GeoNames files by `scripts/build_kb.py`; `organisations.toml`,
//! `persons.toml` and `given_names.txt` are written by hand. A user's folder with files of the
//! same names extends them: an entry with a known id adds names and replaces what it gives.
//!
//! The knowledge base answers three kinds of question: what an id is and what it counts as
//! ([`Kb::entity`]), who held an office on a day ([`Kb::holder`]), and when an entity existed
//! ([`Kb::active_years`]). The name finder and the linker also read its entries directly.

pub mod cameo;
mod load;

use rustc_hash::FxHashMap;
use std::collections::HashMap;

use crate::model::{DatePoint, EntityKind};
use crate::resources::{DataError, Resources};
use crate::text::{fold, folds_to};

/// What the knowledge base knows of one entity.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityInfo {
    /// Its id (`RUS`, `ECOWAS`, `sergey-lavrov`).
    pub id: String,
    /// Its display name.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// The code it is scored as (Lavrov → `RUS`, Barkhane → `FRA`); its own id for states and
    /// organisations.
    pub code: Option<String>,
}

/// A state of `states.tsv`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    /// ISO 3166-1 alpha-3 code.
    pub id: String,
    /// French name ("Russie").
    pub name_fr: String,
    /// English name ("Russia").
    pub name_en: String,
    /// Other names: official, older and press spellings ("Fédération de Russie", "USA").
    pub aliases: Vec<String>,
    /// French masculine demonyms ("malien").
    pub dem_fr_m: Vec<String>,
    /// French feminine demonyms ("malienne").
    pub dem_fr_f: Vec<String>,
    /// French masculine plural demonyms ("maliens").
    pub dem_fr_mp: Vec<String>,
    /// French feminine plural demonyms ("maliennes").
    pub dem_fr_fp: Vec<String>,
    /// English demonyms, singular and plural ("Malian", "Malians").
    pub dem_en: Vec<String>,
    /// Capital in English ("Moscow").
    pub capital_en: Option<String>,
    /// Capital in French ("Moscou").
    pub capital_fr: Option<String>,
    /// Other names of the capital, or of a seat of government the press uses as one ("Ouaga",
    /// "Abidjan").
    pub capital_aliases: Vec<String>,
    /// Member of the United Nations.
    pub un_member: bool,
}

impl State {
    /// Every name of the state: French, English, aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        [self.name_fr.as_str(), self.name_en.as_str()]
            .into_iter()
            .chain(self.aliases.iter().map(String::as_str))
            .filter(|n| !n.is_empty())
    }

    /// The demonyms used in language `lang` (`fr`, `en`; any other language gets all of them).
    pub fn demonyms(&self, lang: &str) -> Vec<&str> {
        let fr = self
            .dem_fr_m
            .iter()
            .chain(&self.dem_fr_f)
            .chain(&self.dem_fr_mp)
            .chain(&self.dem_fr_fp);
        let out: Vec<&str> = match lang {
            "fr" => fr.map(String::as_str).collect(),
            "en" => self.dem_en.iter().map(String::as_str).collect(),
            _ => fr.chain(&self.dem_en).map(String::as_str).collect(),
        };
        out.into_iter().filter(|d| !d.is_empty()).collect()
    }

    /// Every name of the capital.
    pub fn capital_names(&self) -> impl Iterator<Item = &str> {
        self.capital_en
            .iter()
            .chain(self.capital_fr.iter())
            .chain(self.capital_aliases.iter())
            .map(String::as_str)
            .filter(|n| !n.is_empty())
    }
}

/// What kind of body an organisation entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrgKind {
    /// An international or national organisation (ECOWAS, UN).
    Organisation,
    /// A non-state armed group (JNIM, Wagner).
    ArmedGroup,
    /// A body of a state that counts as the state (FAMa, CNSP, Kremlin).
    StateBody,
    /// A military operation that counts as the state leading it (Barkhane).
    Operation,
}

impl OrgKind {
    /// The entity kind mentions of it carry.
    pub fn entity_kind(self) -> EntityKind {
        match self {
            OrgKind::ArmedGroup => EntityKind::ArmedGroup,
            _ => EntityKind::Organisation,
        }
    }
}

/// An organisation, armed group, operation or state body of `organisations.toml`.
#[derive(Clone, Debug, PartialEq)]
pub struct Organisation {
    /// Upper-case id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it is.
    pub kind: OrgKind,
    /// Every name it goes by.
    pub names: Vec<String>,
    /// Its home state or seat, when it has one.
    pub home: Option<String>,
    /// What it counts as, when not itself (FAMa → MLI, CMA → FLA; `-` for nothing).
    pub counts_as: Option<String>,
    /// When it was founded.
    pub founded: Option<DatePoint>,
    /// When it ended.
    pub ended: Option<DatePoint>,
    /// Its member states, for an alliance the press names in their stead ("l'AES a décidé" is
    /// Mali, Burkina Faso and Niger deciding).
    pub members: Vec<String>,
}

impl Organisation {
    /// The code it is scored as: what it counts as, else its own id; `None` for a group the
    /// data marks as counting as nothing (`counts_as = "-"`: Boko Haram has no actor code).
    pub fn code(&self) -> Option<&str> {
        match self.counts_as.as_deref() {
            Some("-") => None,
            Some(c) => Some(c),
            None => Some(&self.id),
        }
    }

    /// True when it existed at some time of `date` (unknown bounds do not exclude).
    pub fn active_at(&self, date: DatePoint) -> bool {
        self.founded
            .is_none_or(|f| f.first_day() <= date.last_day())
            && self.ended.is_none_or(|e| date.first_day() <= e.last_day())
    }
}

/// One term of office.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    /// Role id (`foreign_minister`).
    pub role: String,
    /// The state or organisation the role is held for.
    pub state: String,
    /// First day (or month, year) in office; `None` when unknown.
    pub start: Option<DatePoint>,
    /// Last day in office; `None` while still in office.
    pub end: Option<DatePoint>,
}

/// A person of `persons.toml`.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    /// Slug (`sergey-lavrov`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the person counts as when acting.
    pub code: Option<String>,
    /// Other forms of the full name.
    pub aliases: Vec<String>,
    /// Forms a bare surname takes ("Lavrov", "Le Drian").
    pub surnames: Vec<String>,
    /// Other ids of the same person.
    pub same_as: Vec<String>,
    /// Terms of office.
    pub roles: Vec<Term>,
}

impl Person {
    /// The display name and every alias.
    pub fn full_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// True when the person held `role` (for any state) at some time of `date`.
    pub fn holds_at(&self, role: &str, date: DatePoint) -> bool {
        self.roles
            .iter()
            .any(|t| t.role == role && term_overlap_days(t, date).is_some())
    }

    /// True when the person held some role at some time of `date`.
    pub fn in_office_at(&self, date: DatePoint) -> bool {
        self.roles
            .iter()
            .any(|t| term_overlap_days(t, date).is_some())
    }
}

/// A town of `places.tsv`.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// GeoNames id.
    pub geonameid: u64,
    /// Its name in the gazetteer.
    pub name: String,
    /// Alpha-3 of its state.
    pub country: String,
    /// Inhabitants (0 when unknown).
    pub population: u64,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Other Latin-script names ("Tombouctou").
    pub alternates: Vec<String>,
}

impl Place {
    /// The name and every alternate name.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.alternates.iter().map(String::as_str))
    }
}

/// Where an id points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EntityRef {
    State(usize),
    Organisation(usize),
    Person(usize),
}

/// The loaded knowledge base.
#[derive(Clone, Debug, Default)]
pub struct Kb {
    states: Vec<State>,
    organisations: Vec<Organisation>,
    persons: Vec<Person>,
    places: Vec<Place>,
    given_names: Vec<String>,
    by_id: HashMap<String, EntityRef>,
    place_by_id: HashMap<u64, usize>,
    capital_place: HashMap<String, usize>,
    persons_by_full_name: HashMap<String, Vec<usize>>,
    persons_by_surname: HashMap<String, Vec<usize>>,
}

impl Kb {
    /// Loads every file under `kb/`: built-in ones first, then the user's, a user entry with a
    /// known id extending it.
    pub fn load(res: &Resources) -> Result<Kb, DataError> {
        let parts = load::load_all(res)?;
        Ok(Kb::from_parts(parts))
    }

    fn from_parts(parts: load::Parts) -> Kb {
        let mut kb = Kb {
            states: parts.states,
            organisations: parts.organisations,
            persons: parts.persons,
            places: parts.places,
            given_names: parts.given_names,
            ..Kb::default()
        };
        for (i, s) in kb.states.iter().enumerate() {
            kb.by_id.insert(s.id.clone(), EntityRef::State(i));
        }
        for (i, o) in kb.organisations.iter().enumerate() {
            kb.by_id.insert(o.id.clone(), EntityRef::Organisation(i));
        }
        for (i, p) in kb.persons.iter().enumerate() {
            kb.by_id.insert(p.id.clone(), EntityRef::Person(i));
            for other in &p.same_as {
                kb.by_id
                    .entry(other.clone())
                    .or_insert(EntityRef::Person(i));
            }
            for n in p.full_names() {
                push_unique(kb.persons_by_full_name.entry(fold(n)).or_default(), i);
            }
            for s in &p.surnames {
                push_unique(kb.persons_by_surname.entry(fold(s)).or_default(), i);
            }
        }
        for (i, p) in kb.places.iter().enumerate() {
            kb.place_by_id.insert(p.geonameid, i);
        }
        // Each state's capital names, folded, with the most populous town of that country
        // found so far for each: only these few hundred names are folded, and a town's names
        // are compared with its own country's capitals alone.
        let mut capitals: FxHashMap<&str, Vec<(String, Option<usize>)>> = FxHashMap::default();
        for s in &kb.states {
            let names = capitals.entry(s.id.as_str()).or_default();
            names.extend(s.capital_names().map(|n| (fold(n), None)));
        }
        for (i, p) in kb.places.iter().enumerate() {
            let Some(names) = capitals.get_mut(p.country.as_str()) else {
                continue;
            };
            for n in p.names() {
                for (capital, best) in names.iter_mut() {
                    let better = best.is_none_or(|j| kb.places[j].population < p.population);
                    if better && folds_to(n, capital) {
                        *best = Some(i);
                    }
                }
            }
        }
        let mut capital_place = HashMap::new();
        for s in &kb.states {
            let found = capitals
                .get(s.id.as_str())
                .into_iter()
                .flatten()
                .filter_map(|(_, best)| *best)
                .max_by_key(|&i| kb.places[i].population);
            if let Some(i) = found {
                capital_place.insert(s.id.clone(), i);
            }
        }
        kb.capital_place = capital_place;
        kb
    }

    /// The entity with this id (a person's other ids included).
    pub fn entity(&self, id: &str) -> Option<EntityInfo> {
        match *self.by_id.get(id)? {
            EntityRef::State(i) => {
                let s = &self.states[i];
                Some(EntityInfo {
                    id: s.id.clone(),
                    name: s.name_en.clone(),
                    kind: EntityKind::State,
                    code: Some(s.id.clone()),
                })
            }
            EntityRef::Organisation(i) => {
                let o = &self.organisations[i];
                Some(EntityInfo {
                    id: o.id.clone(),
                    name: o.name.clone(),
                    kind: o.kind.entity_kind(),
                    code: o.code().map(String::from),
                })
            }
            EntityRef::Person(i) => Some(person_info(&self.persons[i])),
        }
    }

    /// The person holding `role` for `state` on `date` (or today when no date), if the
    /// knowledge base knows.
    ///
    /// With a month or a year, the term covering most of it wins; on a tie (a hand-over that
    /// day) the later appointment.
    pub fn holder(&self, role: &str, state: &str, date: Option<DatePoint>) -> Option<EntityInfo> {
        let mut best: Option<(i64, DatePoint, usize)> = None;
        for (i, p) in self.persons.iter().enumerate() {
            for t in p
                .roles
                .iter()
                .filter(|t| t.role == role && t.state == state)
            {
                let Some(start) = t.start else { continue };
                let score = match date {
                    Some(d) => match term_overlap_days(t, d) {
                        Some(days) => days,
                        None => continue,
                    },
                    None if t.end.is_none() => 1,
                    None => continue,
                };
                let better = best.is_none_or(|(s, st, _)| {
                    score > s || (score == s && start.first_day() > st.first_day())
                });
                if better {
                    best = Some((score, start, i));
                }
            }
        }
        best.map(|(_, _, i)| person_info(&self.persons[i]))
    }

    /// The member states of an alliance the press names in their stead (`AES` → MLI, BFA,
    /// NER); empty for any other id.
    pub fn members(&self, id: &str) -> Vec<String> {
        self.organisation(id)
            .map(|o| o.members.clone())
            .unwrap_or_default()
    }

    /// The years an entity existed or held office, when known (an organisation's founding and
    /// end, a person's first and last year in any role, `None` at the end while in office),
    /// used to place an article with no date in time.
    pub fn active_years(&self, id: &str) -> Option<(Option<i32>, Option<i32>)> {
        match *self.by_id.get(id)? {
            EntityRef::State(_) => None,
            EntityRef::Organisation(i) => {
                let o = &self.organisations[i];
                let years = (o.founded.map(|d| d.year()), o.ended.map(|d| d.year()));
                (years != (None, None)).then_some(years)
            }
            EntityRef::Person(i) => {
                let p = &self.persons[i];
                if p.roles.is_empty() {
                    return None;
                }
                let first = p
                    .roles
                    .iter()
                    .filter_map(|t| t.start.map(|d| d.year()))
                    .min();
                let last = if p.roles.iter().any(|t| t.end.is_none()) {
                    None
                } else {
                    p.roles.iter().filter_map(|t| t.end.map(|d| d.year())).max()
                };
                Some((first, last))
            }
        }
    }

    /// Every state.
    pub fn states(&self) -> &[State] {
        &self.states
    }

    /// Every organisation, armed group, operation and state body.
    pub fn organisations(&self) -> &[Organisation] {
        &self.organisations
    }

    /// Every person.
    pub fn persons(&self) -> &[Person] {
        &self.persons
    }

    /// Every town of the gazetteer.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Given names that start a person's name (those of known persons and `given_names.txt`).
    pub fn given_names(&self) -> &[String] {
        &self.given_names
    }

    /// The state with this id.
    pub fn state(&self, id: &str) -> Option<&State> {
        match self.by_id.get(id)? {
            EntityRef::State(i) => self.states.get(*i),
            _ => None,
        }
    }

    /// The organisation with this id.
    pub fn organisation(&self, id: &str) -> Option<&Organisation> {
        match self.by_id.get(id)? {
            EntityRef::Organisation(i) => self.organisations.get(*i),
            _ => None,
        }
    }

    /// The person with this id (or one of their other ids).
    pub fn person(&self, id: &str) -> Option<&Person> {
        match self.by_id.get(id)? {
            EntityRef::Person(i) => self.persons.get(*i),
            _ => None,
        }
    }

    /// The town with this GeoNames id.
    pub fn place(&self, geonameid: u64) -> Option<&Place> {
        self.place_by_id
            .get(&geonameid)
            .and_then(|&i| self.places.get(i))
    }

    /// The gazetteer entry of a state's capital.
    pub fn capital_place(&self, state: &str) -> Option<&Place> {
        self.capital_place
            .get(state)
            .and_then(|&i| self.places.get(i))
    }

    /// Persons one of whose full names folds to `folded` ("serguei lavrov").
    pub fn persons_named(&self, folded: &str) -> Vec<&Person> {
        self.persons_by_full_name
            .get(folded)
            .map(|v| v.iter().map(|&i| &self.persons[i]).collect())
            .unwrap_or_default()
    }

    /// Persons one of whose surnames folds to `folded` ("traore").
    pub fn persons_with_surname(&self, folded: &str) -> Vec<&Person> {
        self.persons_by_surname
            .get(folded)
            .map(|v| v.iter().map(|&i| &self.persons[i]).collect())
            .unwrap_or_default()
    }

    /// Every folded surname with its persons, for fuzzy lookups.
    pub fn surnames(&self) -> impl Iterator<Item = (&str, Vec<&Person>)> {
        self.persons_by_surname
            .iter()
            .map(|(s, v)| (s.as_str(), v.iter().map(|&i| &self.persons[i]).collect()))
    }
}

fn push_unique(v: &mut Vec<usize>, i: usize) {
    if !v.contains(&i) {
        v.push(i);
    }
}

fn person_info(p: &Person) -> EntityInfo {
    EntityInfo {
        id: p.id.clone(),
        name: p.name.clone(),
        kind: EntityKind::Person,
        code: p.code.clone(),
    }
}

/// How many days of `date` the term covers, or `None` when it covers none.
fn term_overlap_days(t: &Term, date: DatePoint) -> Option<i64> {
    let start = t.start?.first_day();
    let end = t
        .end
        .map(|e| e.last_day())
        .unwrap_or(chrono::NaiveDate::MAX);
    let from = start.max(date.first_day());
    let to = end.min(date.last_day());
    (from <= to).then(|| (to - from).num_days() + 1)
}

#[cfg(test)]
mod tests;
