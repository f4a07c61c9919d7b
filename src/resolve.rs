//! Stage 7, resolve: event mentions across articles to events, one per real-world happening.
//!
//! Ten outlets reporting one coup must give one event with ten mentions, and a coup, the arrests
//! that went with it and the curfew that followed must stay three events. Two mentions are the
//! same happening when they have the same PLOVER category and CAMEO family, compatible dates,
//! overlapping participants and no conflicting place. Mentions are clustered greedily in an order
//! fixed by their content (date, article id, offset), so the result does not depend on the order
//! articles were ingested in. Where reports disagree (a toll, a date), every version is kept as a
//! claim with its article and outlet and flagged as a conflict: nothing is dropped or averaged.

use std::collections::{BTreeMap, BTreeSet};

use crate::kb::cameo::CameoTable;
use crate::model::{
    Claim, Event, EventDate, EventMention, EventType, Location, Modality, Precision, Quantity,
    Span, WeekdayName, day_spans_compatible,
};
use crate::parallel::map_in_order;
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

/// How much better than the next one an event must fit to be the clear choice of an undated
/// report: one shared named person.
const CLEAR_MARGIN: f64 = 1.0;

/// What a different place costs a merge (a shared named person outweighs it).
const PLACE_PENALTY: f64 = 1.0;

/// How many participants make a meeting a summit, not to be merged with a meeting of two.
const SUMMIT_SIZE: usize = 5;

/// Weight of each named person two reports share when choosing which event a report joins.
const PERSON_WEIGHT: f64 = 1.5;

/// How far apart (km) two towns may be for reports naming them to be of one attack or protest:
/// the press places an attack at the nearest town it knows, seldom further.
const SAME_TOWN_KM: f64 = 50.0;

/// Great-circle distance in km between two (latitude, longitude) points.
fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// Dates spanning more than this many days are too vague to merge reports on alone.
const VAGUE_DATE_DAYS: i64 = 31;

/// A range longer than this many days (half a year) is a period, not the date of one
/// happening.
const PERIOD_DAYS: i64 = 183;

/// Groups mentions into events; the result does not depend on the order of `mentions`.
///
/// First the reports of one article are grouped (several sentences of one article about one
/// happening), then the groups of different articles, dated and precise ones first so that
/// vaguer reports join an event already placed in time. An undated group joins only an event
/// its weekday fits, and only when exactly one event fits.
pub fn resolve(mentions: Vec<EventMention>, cameo: &CameoTable) -> Vec<Event> {
    resolve_on_threads(mentions, cameo, 1)
}

/// [`resolve`] on up to `threads` threads, with the same result whatever their number.
///
/// Only reports of one kind of event can join (see [`EventKind`]), so each kind is grouped on
/// its own: the kinds are independent jobs. The events come earliest first, then by id.
pub fn resolve_on_threads(
    mentions: Vec<EventMention>,
    cameo: &CameoTable,
    threads: usize,
) -> Vec<Event> {
    let mut kinds: BTreeMap<EventKind, KindReports> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        kinds
            .entry(EventKind::of(m.event_type, &m.cameo))
            .or_default()
            .add(MentionFacts::of(m, i as u64));
    }
    let kinds: Vec<KindReports> = kinds.into_values().collect();
    let built = map_in_order(kinds, threads, KindReports::len, |reports| {
        reports
            .group(1)
            .into_iter()
            .filter_map(|keys| {
                let facts = keys
                    .iter()
                    .map(|&k| MentionFacts::of(&mentions[k as usize], k))
                    .collect();
                build_event(facts, cameo)
            })
            .collect::<Vec<_>>()
    });
    let mut slots: Vec<Option<EventMention>> = mentions.into_iter().map(Some).collect();
    let mut events: Vec<Event> = built
        .into_iter()
        .flatten()
        .map(|(mut event, keys)| {
            event.mentions = keys
                .iter()
                .filter_map(|&k| slots.get_mut(k as usize).and_then(Option::take))
                .collect();
            event
        })
        .collect();
    events.sort_by(|a, b| {
        let da = a.date.map(|d| d.first_day());
        let db = b.date.map(|d| d.first_day());
        da.cmp(&db).then_with(|| a.id.cmp(&b.id))
    });
    events
}

/// The kind of happening a report tells of: its PLOVER category and CAMEO family. Only reports
/// of one kind can be one event (see `Gate`), so each kind is resolved on its own,
/// with only its reports in memory, and again alone when new reports of it arrive.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventKind {
    /// PLOVER category.
    pub event_type: EventType,
    /// The CAMEO family within it (see `cameo_family`).
    pub family: String,
}

impl EventKind {
    /// The kind of a report of `event_type` coded `cameo`.
    pub fn of(event_type: EventType, cameo: &str) -> EventKind {
        EventKind {
            event_type,
            family: cameo_family(event_type, cameo),
        }
    }
}

/// What resolve needs of a report to decide which event it tells of and what that event is: a
/// mention without its rule, read from the stored JSON of one (unknown fields are skipped).
/// The sentence is kept because an event's summary shows its first report's: reading it with
/// the other facts costs a copy, where reading it again from the store cost a look-up and a
/// second decoding of the report. Facts are held only while a report is added to its kind's
/// [`KindReports`] and while its event is built, never for a whole kind at once.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct MentionFacts {
    /// The caller's handle on the whole mention: a store row, an index.
    #[serde(skip)]
    pub key: u64,
    article_id: String,
    article: String,
    outlet: Option<String>,
    #[serde(rename = "type")]
    event_type: EventType,
    cameo: String,
    mode: Option<String>,
    context: Vec<String>,
    actors: Vec<String>,
    recipients: Vec<String>,
    persons: Vec<String>,
    place: Option<String>,
    location: Option<Location>,
    date: Option<EventDate>,
    weekday: Option<WeekdayName>,
    #[serde(default)]
    date_inherited: bool,
    #[serde(default)]
    date_relative: bool,
    #[serde(default)]
    repeated: bool,
    modality: Modality,
    quantities: Vec<Quantity>,
    sentence: String,
    start: usize,
    trigger: Span,
}

impl MentionFacts {
    /// The facts of `m`, under `key`.
    pub fn of(m: &EventMention, key: u64) -> MentionFacts {
        MentionFacts {
            key,
            article_id: m.article_id.clone(),
            article: m.article.clone(),
            outlet: m.outlet.clone(),
            event_type: m.event_type,
            cameo: m.cameo.clone(),
            mode: m.mode.clone(),
            context: m.context.clone(),
            actors: m.actors.clone(),
            recipients: m.recipients.clone(),
            persons: m.persons.clone(),
            place: m.place.clone(),
            location: m.location.clone(),
            date: m.date,
            weekday: m.weekday,
            date_inherited: m.date_inherited,
            date_relative: m.date_relative,
            repeated: m.repeated,
            modality: m.modality,
            quantities: m.quantities.clone(),
            sentence: m.sentence.clone(),
            start: m.start,
            trigger: m.trigger,
        }
    }

    /// The mention these facts were taken from, without its rule: all an event is computed
    /// from, and the sentence its summary shows.
    fn into_hollow_mention(self) -> EventMention {
        EventMention {
            article_id: self.article_id,
            article: self.article,
            outlet: self.outlet,
            event_type: self.event_type,
            cameo: self.cameo,
            mode: self.mode,
            context: self.context,
            actors: self.actors,
            recipients: self.recipients,
            persons: self.persons,
            place: self.place,
            location: self.location,
            date: self.date,
            weekday: self.weekday,
            date_inherited: self.date_inherited,
            date_relative: self.date_relative,
            repeated: self.repeated,
            modality: self.modality,
            quantities: self.quantities,
            sentence: self.sentence,
            start: self.start,
            end: self.start,
            trigger: self.trigger,
            rule: String::new(),
            confidence: 0.0,
        }
    }

    /// The kind of event it reports.
    pub fn kind(&self) -> EventKind {
        EventKind::of(self.event_type, &self.cameo)
    }
}

/// A cluster on the heap. Grouping sorts a kind's clusters, shares them out by article and
/// gathers them again: as pointers, not as copies of every cluster (300 bytes each), which had
/// a large kind's clusters in memory twice over (clippy's `vec_box` does not weigh moves).
type ClusterBox = Box<Cluster>;

/// The reports of one kind of event, held as little as grouping them needs while they are
/// read: a report's codes, places, persons and article are numbered, its quantities, location
/// name, article name and outlet are dropped, and only its key says where the whole report is. A large kind (200,000 reports of attacks in a
/// store of 100,000 articles) is grouped in a fraction of the memory its facts would take; the
/// caller reads the facts of each event again by key to build it.
#[derive(Default)]
pub struct KindReports {
    symbols: Symbols,
    /// One cluster per report, in the order added; boxed, so that sorting and sharing them
    /// out by article moves pointers, not copies of every cluster.
    clusters: Vec<ClusterBox>,
}

impl KindReports {
    /// Adds one report.
    pub fn add(&mut self, facts: MentionFacts) {
        let cluster = Cluster::new(facts, &mut self.symbols);
        self.clusters.push(Box::new(cluster));
    }

    /// How many reports were added.
    pub fn len(&self) -> usize {
        self.clusters.len()
    }

    /// True when no report was added.
    pub fn is_empty(&self) -> bool {
        self.clusters.is_empty()
    }

    /// The keys of the reports added, in key order.
    pub fn keys(&self) -> Vec<u64> {
        let mut keys: Vec<u64> = self.clusters.iter().map(|c| c.first_key()).collect();
        keys.sort_unstable();
        keys
    }

    /// The reports grouped into events on up to `threads` threads, each event as the keys of
    /// its reports in the order [`build_event`] takes their facts. The result does not depend
    /// on the order reports were added in (but for reports alike in every fact compared, which
    /// keep the order of their keys).
    pub fn group(self, threads: usize) -> Vec<Vec<u64>> {
        let KindReports {
            symbols,
            mut clusters,
        } = self;
        clusters.sort_by_key(|c| c.first_key());
        clusters.sort_by_cached_key(|c| c.report_order(&symbols));
        let mut by_article: BTreeMap<&str, Vec<ClusterBox>> = BTreeMap::new();
        for c in clusters {
            by_article
                .entry(symbols.name(c.mentions[0].article))
                .or_default()
                .push(c);
        }
        let articles: Vec<Vec<ClusterBox>> = by_article.into_values().collect();
        let local = map_in_order(articles, threads, Vec::len, group_article);
        merge_groups(local.into_iter().flatten().collect(), &symbols)
            .into_iter()
            .map(|c| c.mentions.iter().map(|r| r.key).collect())
            .collect()
    }
}

/// The reports of one article, each a cluster of its own, in [`Cluster::report_order`], grouped
/// into the happenings they tell of.
fn group_article(article_mentions: Vec<ClusterBox>) -> Vec<ClusterBox> {
    let mut local = Clusters::default();
    for one in article_mentions {
        let all: Vec<usize> = (0..local.len()).collect();
        match local.best_fit(&all, &one) {
            Fit::One(i) | Fit::Several(i) => local.absorb(i, *one),
            Fit::None => local.push(one),
        }
    }
    local.boxes
}

/// The groups of different articles, all of one kind, joined into events: dated and precise
/// groups first, each into the cluster it fits best, if any.
fn merge_groups(mut groups: Vec<ClusterBox>, symbols: &Symbols) -> Vec<ClusterBox> {
    groups.sort_by_cached_key(|c| c.order(symbols));
    let mut clusters = Clusters::default();
    // Only clusters of the same kind of event sharing a participant can be joined (see `Gate`
    // and `Cluster::affinity`): looking only at those keeps resolve near linear in the mentions
    // rather than quadratic in the events.
    let mut index = CandidateIndex::default();
    for g in groups {
        let candidates = index.candidates(&g);
        let target = match clusters.best_fit(&candidates, &g) {
            Fit::One(i) => Some(i),
            // An undated report that could be any of several events is left apart rather than
            // guessed into one of them.
            Fit::Several(i) if g.date.is_some() => Some(i),
            _ => None,
        };
        match target {
            Some(i) => {
                let fresh = g
                    .participants
                    .difference(&clusters.boxes[i].participants)
                    .copied()
                    .collect::<Vec<_>>();
                clusters.absorb(i, *g);
                index.add(i, &clusters.boxes[i], &fresh);
            }
            None => {
                let fresh: Vec<Symbol> = g.participants.iter().copied().collect();
                index.add(clusters.len(), &g, &fresh);
                clusters.push(g);
            }
        }
    }
    clusters.boxes
}

/// Clusters being grouped, each with its [`Gate`] beside it in one flat list: most candidates
/// of a report are ruled out by the gate alone, without a load from the cluster's box.
#[derive(Default)]
struct Clusters {
    boxes: Vec<ClusterBox>,
    gates: Vec<Gate>,
}

impl Clusters {
    fn len(&self) -> usize {
        self.boxes.len()
    }

    fn push(&mut self, c: ClusterBox) {
        self.gates.push(Gate::of(&c));
        self.boxes.push(c);
    }

    /// Cluster `i` absorbs `other`; its gate follows its date.
    fn absorb(&mut self, i: usize, other: Cluster) {
        self.boxes[i].absorb(other);
        self.gates[i] = Gate::of(&self.boxes[i]);
    }

    /// Which of `candidates` (indices, each once, in any order) `new` fits best: the highest
    /// score, the lowest index among equal scores, whatever the order given.
    fn best_fit(&self, candidates: &[usize], new: &Cluster) -> Fit {
        let gate = Gate::of(new);
        let scored: Vec<(f64, usize)> = candidates
            .iter()
            .filter(|&&i| self.gates[i].may_fit(&gate))
            .filter_map(|&i| self.boxes[i].affinity(new).map(|score| (score, i)))
            .collect();
        fit_of(&scored)
    }
}

/// What is compared before [`Cluster::affinity`]: kind of event, dates and CAMEO family, the
/// dates as day numbers. Kept beside each cluster in a flat list, it refuses most candidates
/// without a load from the cluster's box or a date worked out again from the calendar (both
/// were most of grouping a large kind).
#[derive(Clone, Copy)]
struct Gate {
    event_type: EventType,
    family: Symbol,
    /// The date's [`EventDate::day_span`].
    days: Option<(i32, i32)>,
    weak: bool,
}

impl Gate {
    fn of(c: &Cluster) -> Gate {
        Gate {
            event_type: c.event_type,
            family: c.family,
            days: c.date.map(|d| d.day_span()),
            weak: c.weak_date,
        }
    }

    /// False when `other`'s cluster cannot be the same happening as this gate's: another kind
    /// of event or CAMEO family, or dates that neither overlap ([`EventDate::compatible`]) nor,
    /// for a happening, leave an inherited date in the month after an explicit one.
    fn may_fit(&self, other: &Gate) -> bool {
        if other.event_type != self.event_type || other.family != self.family {
            return false;
        }
        let (Some(a), Some(b)) = (other.days, self.days) else {
            return true;
        };
        if day_spans_compatible(a, b) {
            return true;
        }
        // Something said is said again and again: only a happening dated by its article
        // alone may be one of the weeks before.
        let looks_back = |(weak_first, _): (i32, i32), (_, explicit_last): (i32, i32)| {
            (0..=INHERITED_LOOKBACK_DAYS).contains(&i64::from(weak_first - explicit_last))
        };
        !is_speech_act(self.event_type)
            && ((other.weak && !self.weak && looks_back(a, b))
                || (self.weak && !other.weak && looks_back(b, a)))
    }
}

/// Which existing clusters a new one may join.
enum Fit {
    /// None.
    None,
    /// Exactly one: this one.
    One(usize),
    /// Several; this one fits best.
    Several(usize),
}

/// Dates spanning more months than this are looked up with the undated, not month by month.
const INDEXED_MONTHS: i32 = 3;

/// How far (days) beyond its own dates a cluster's date may lie and still fit: the one day
/// either side of date compatibility, or the month an inherited date looks back.
const FIT_REACH_DAYS: i64 = INHERITED_LOOKBACK_DAYS + 1;

/// The clusters of one kind each participant names, by index; dated clusters also by the
/// months they cover, so a dated report is compared only with clusters of nearby months.
/// Every lookup returns a superset of the clusters a report can join: of its kind (`Gate`) and
/// sharing a participant (`Cluster::affinity`).
#[derive(Default)]
struct CandidateIndex {
    /// Every cluster, whatever its date.
    all: FxHashMap<Symbol, Vec<usize>>,
    /// Clusters dated within a few months, by month number.
    by_month: FxHashMap<Symbol, FxHashMap<i32, Vec<usize>>>,
    /// Clusters undated or dated vaguely (a year, a long range).
    vague: FxHashMap<Symbol, Vec<usize>>,
    /// For each cluster, the last lookup that returned it: a cluster filed under several of a
    /// report's participants and months is returned once without sorting the list (sorting
    /// thousands of candidates a report was two fifths of grouping a large kind).
    seen: Vec<u32>,
    /// The number of the current lookup.
    lookup: u32,
}

/// Month number (year × 12 + month) of a day, and the months a date covers.
fn month_number(d: chrono::NaiveDate) -> i32 {
    chrono::Datelike::year(&d) * 12 + chrono::Datelike::month0(&d) as i32
}

fn months(d: EventDate, reach_days: i64) -> Option<std::ops::RangeInclusive<i32>> {
    let first = d.first_day() - chrono::Duration::days(reach_days);
    let last = d.last_day() + chrono::Duration::days(reach_days);
    let range = month_number(first)..=month_number(last);
    (month_number(d.last_day()) - month_number(d.first_day()) < INDEXED_MONTHS).then_some(range)
}

impl CandidateIndex {
    /// Records cluster `i` as it now is (after it was made or absorbed `fresh` participants):
    /// under its new participants, and under the months of its current date.
    fn add(&mut self, i: usize, c: &Cluster, fresh: &[Symbol]) {
        for &p in fresh {
            self.all.entry(p).or_default().push(i);
        }
        // A date can change when a cluster absorbs another (an explicit date replaces an
        // inherited one), so the cluster is filed again under its current months; the old
        // entries only make lookups return a little more.
        match c.date.and_then(|d| months(d, 0)) {
            Some(range) => {
                for &p in &c.participants {
                    let by_month = self.by_month.entry(p).or_default();
                    for m in range.clone() {
                        let list = by_month.entry(m).or_default();
                        if list.last() != Some(&i) {
                            list.push(i);
                        }
                    }
                }
            }
            None => {
                for &p in &c.participants {
                    let list = self.vague.entry(p).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
    }

    /// The clusters `c` may join, each once, in no set order ([`best_fit`] does not depend on
    /// it).
    fn candidates(&mut self, c: &Cluster) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        match c.date.and_then(|d| months(d, FIT_REACH_DAYS)) {
            Some(range) => {
                for p in &c.participants {
                    if let Some(by_month) = self.by_month.get(p) {
                        for m in range.clone() {
                            if let Some(v) = by_month.get(&m) {
                                out.extend_from_slice(v);
                            }
                        }
                    }
                    if let Some(v) = self.vague.get(p) {
                        out.extend_from_slice(v);
                    }
                }
            }
            None => {
                for p in &c.participants {
                    if let Some(v) = self.all.get(p) {
                        out.extend_from_slice(v);
                    }
                }
            }
        }
        self.once_each(out)
    }

    /// `found` without repeats, in first-found order.
    fn once_each(&mut self, mut found: Vec<usize>) -> Vec<usize> {
        self.lookup = self.lookup.wrapping_add(1);
        if self.lookup == 0 {
            // After four billion lookups the numbers come round: start the marks afresh.
            self.seen.iter_mut().for_each(|s| *s = 0);
            self.lookup = 1;
        }
        let lookup = self.lookup;
        let seen = &mut self.seen;
        found.retain(|&i| {
            if i >= seen.len() {
                seen.resize(i + 1, 0);
            }
            std::mem::replace(&mut seen[i], lookup) != lookup
        });
        found
    }
}

/// The fit of a report to the clusters that scored: the highest score, the lowest index among
/// equal scores, whatever the order of `scored`.
fn fit_of(scored: &[(f64, usize)]) -> Fit {
    let best = scored.iter().copied().max_by(|a, b| {
        a.0.partial_cmp(&b.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(b.1.cmp(&a.1))
    });
    let runner_up = scored
        .iter()
        .filter(|(_, i)| best.is_none_or(|(_, b)| *i != b))
        .map(|(score, _)| *score)
        .fold(f64::NEG_INFINITY, f64::max);
    match best {
        None => Fit::None,
        // One event fits clearly better than any other (it shares the named persons too).
        Some((score, i)) if scored.len() == 1 || score >= runner_up + CLEAR_MARGIN => Fit::One(i),
        Some((_, i)) => Fit::Several(i),
    }
}

fn date_rank(date: Option<EventDate>) -> u8 {
    match date {
        Some(d) if d.days() <= 1 => 0,
        Some(d) if d.days() <= VAGUE_DATE_DAYS => 1,
        Some(_) => 2,
        None => 3,
    }
}

/// The family of a CAMEO code within its category: codes of one family can describe the same
/// happening in different words ("attaque" 190, "massacre" 200), codes of different families
/// cannot (a coup 170 is not the arrests 173 that came with it).
fn cameo_family(event_type: EventType, code: &str) -> String {
    let root3 = code.get(..3).unwrap_or(code);
    match event_type {
        EventType::Consult => "consult".into(),
        EventType::Assault => match root3 {
            "181" | "184" => "abduct".into(),
            _ => "violence".into(),
        },
        EventType::Accuse => match root3 {
            "110" | "111" | "112" | "113" => "accuse".into(),
            r if r.starts_with("09") => "investigate".into(),
            r => r.into(),
        },
        EventType::Agree => match root3 {
            "030" | "031" | "032" | "033" => "pledge".into(),
            "038" | "039" => "mediate".into(),
            r => r.into(),
        },
        // A coup, arrests, a curfew, a ban, sanctions: each code is its own kind of happening.
        EventType::Coerce => code.into(),
        EventType::Retreat => match root3 {
            "087" => "military".into(),
            r => r.into(),
        },
        _ => root3.into(),
    }
}

/// How long before the date an article gives by default a report may look back: a report
/// dated only by its article ("les militaires qui ont pris le pouvoir") can be about a
/// happening of the weeks before, which another report dates exactly.
const INHERITED_LOOKBACK_DAYS: i64 = 31;

/// True when every actor set of `a`'s mentions holds, or is held by, every actor set of `b`'s
/// (mentions naming no actor agree with anything).
fn speakers_agree(a: &Cluster, b: &Cluster) -> bool {
    a.speaker_sets.iter().all(|x| {
        b.speaker_sets
            .iter()
            .all(|y| x.is_subset_of(y) || y.is_subset_of(x))
    })
}

/// True when the two clusters share a doer, or one of them names none.
fn doers_overlap(a: &Cluster, b: &Cluster) -> bool {
    a.doers.is_empty() || b.doers.is_empty() || !a.doers.is_disjoint(&b.doers)
}

/// Categories whose events are things said: several of them, to different parties, often come
/// out of one meeting.
fn is_speech_act(t: EventType) -> bool {
    matches!(
        t,
        EventType::Agree
            | EventType::Support
            | EventType::Request
            | EventType::Accuse
            | EventType::Reject
            | EventType::Threaten
    )
}

/// True when a mention and a cluster name the same participants, give or take one: the doers
/// agree where both name some, one set holds the other, and they differ by at most one code
/// (or the smaller names one only).
fn close_participants(m: &Report, other: &Cluster) -> bool {
    other.mentions.iter().any(|o| {
        if !m.actors.is_empty() && !o.actors.is_empty() && m.actors.is_disjoint(&o.actors) {
            return false;
        }
        let (a, b) = (&m.participants, &o.participants);
        let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        small.is_subset_of(large) && (small.len() <= 1 || large.len() - small.len() <= 1)
    })
}

/// A string of one kind's reports (a code, a place, a person, an article id, a CAMEO family)
/// as a number (see [`Symbols`]).
type Symbol = u32;

/// The strings of one kind's reports numbered, so that clusters compare numbers: two strings
/// have one symbol exactly when they are equal. Numbered as the reports are added, and then
/// only read, so the threads grouping articles share it.
#[derive(Default)]
struct Symbols {
    numbers: FxHashMap<Box<str>, Symbol>,
    /// The string of each symbol, by number.
    names: Vec<Box<str>>,
}

impl Symbols {
    /// The number of `s`, numbering it if it is new.
    fn add(&mut self, s: &str) -> Symbol {
        if let Some(&n) = self.numbers.get(s) {
            return n;
        }
        let n = self.names.len() as Symbol;
        self.numbers.insert(s.into(), n);
        self.names.push(s.into());
        n
    }

    /// The string numbered `n`.
    fn name(&self, n: Symbol) -> &str {
        self.names.get(n as usize).map_or("", |s| s)
    }
}

/// A set kept as a sorted vector, up to four items inline. A cluster's sets hold one to a few
/// items each, and resolve makes a cluster of every mention: as B-trees, whose first node has
/// room for eleven, they were most of the memory resolve took, and as vectors a heap block each
/// still was.
#[derive(Clone, Debug, PartialEq, Eq)]
struct SortedSet<T>(SmallVec<[T; 4]>);

impl<T: Ord> SortedSet<T> {
    fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn contains(&self, item: &T) -> bool {
        self.0.binary_search(item).is_ok()
    }

    /// Adds every item of `other`.
    fn extend(&mut self, other: SortedSet<T>) {
        self.0.extend(other.0);
        self.0.sort_unstable();
        self.0.dedup();
    }

    /// How many items both sets hold.
    fn intersection_count(&self, other: &SortedSet<T>) -> usize {
        self.iter().filter(|x| other.contains(x)).count()
    }

    fn is_disjoint(&self, other: &SortedSet<T>) -> bool {
        !self.iter().any(|x| other.contains(x))
    }

    fn is_subset_of(&self, other: &SortedSet<T>) -> bool {
        self.iter().all(|x| other.contains(x))
    }

    /// The items of this set that `other` lacks, in order.
    fn difference<'a>(&'a self, other: &'a SortedSet<T>) -> impl Iterator<Item = &'a T> {
        self.iter().filter(move |x| !other.contains(x))
    }
}

impl<T: Ord> FromIterator<T> for SortedSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut v: SmallVec<[T; 4]> = items.into_iter().collect();
        v.sort_unstable();
        v.dedup();
        SortedSet(v)
    }
}

impl<'a, T> IntoIterator for &'a SortedSet<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Mentions believed to report one happening.
///
/// Its sets hold [`Symbol`]s, not strings: a large kind's report is compared with thousands of
/// clusters, and reading a string is a load from wherever it was allocated, which was most of
/// the time; a set of symbols is one small array.
struct Cluster {
    event_type: EventType,
    family: Symbol,
    /// Its reports, the first held inline: most clusters are of one report.
    mentions: SmallVec<[Report; 1]>,
    participants: SortedSet<Symbol>,
    date: Option<EventDate>,
    /// True while every date the cluster has was inherited from an article, not read in a
    /// sentence about the event.
    weak_date: bool,
    weekday: Option<WeekdayName>,
    places: SortedSet<Symbol>,
    /// The towns its reports name, by GeoNames id, with their coordinates, sorted by id.
    towns: SmallVec<[(u64, (f64, f64)); 1]>,
    persons: SortedSet<Symbol>,
    articles: SortedSet<Symbol>,
    /// Every actor of its reports.
    doers: SortedSet<Symbol>,
    /// The distinct non-empty actor sets of its reports (who says a thing said).
    speaker_sets: Vec<SortedSet<Symbol>>,
    /// True when a report says it happened again one more day.
    repeated: bool,
}

/// What a cluster keeps of each of its reports: the key of the whole report, where it is, and
/// what the checks between the reports of one article compare.
struct Report {
    key: u64,
    article: Symbol,
    start: usize,
    trigger_start: usize,
    date: Option<EventDate>,
    date_inherited: bool,
    date_relative: bool,
    actors: SortedSet<Symbol>,
    /// Actors and recipients.
    participants: SortedSet<Symbol>,
}

impl Cluster {
    /// The cluster of one report, its strings numbered by `symbols`.
    fn new(m: MentionFacts, symbols: &mut Symbols) -> Cluster {
        let mut all = |list: &[String]| list.iter().map(|s| symbols.add(s)).collect();
        let actors: SortedSet<Symbol> = all(&m.actors);
        let persons: SortedSet<Symbol> = all(&m.persons);
        let participants: SortedSet<Symbol> = m
            .actors
            .iter()
            .chain(&m.recipients)
            .map(|s| symbols.add(s))
            .collect();
        let report = Report {
            key: m.key,
            article: symbols.add(&m.article_id),
            start: m.start,
            trigger_start: m.trigger.start,
            date: m.date,
            date_inherited: m.date_inherited,
            date_relative: m.date_relative,
            actors: actors.clone(),
            participants: participants.clone(),
        };
        Cluster {
            event_type: m.event_type,
            family: symbols.add(&cameo_family(m.event_type, &m.cameo)),
            participants,
            date: m.date,
            weak_date: m.date_inherited,
            weekday: if m.date.is_none() { m.weekday } else { None },
            places: m.place.iter().map(|s| symbols.add(s)).collect(),
            towns: m
                .location
                .iter()
                .map(|l| (l.geonameid, (l.lat, l.lon)))
                .collect(),
            persons,
            articles: std::iter::once(report.article).collect(),
            speaker_sets: if actors.is_empty() {
                Vec::new()
            } else {
                vec![actors.clone()]
            },
            doers: actors,
            repeated: m.repeated,
            mentions: smallvec::smallvec![report],
        }
    }

    /// The key of the cluster's first report.
    fn first_key(&self) -> u64 {
        self.mentions.first().map_or(0, |r| r.key)
    }

    /// The order the reports of a kind are grouped in, each a cluster of its own: dated,
    /// precise reports first, then by article and position.
    #[allow(clippy::type_complexity)]
    fn report_order<'s>(
        &self,
        symbols: &'s Symbols,
    ) -> (u8, Option<chrono::NaiveDate>, i64, &'s str, usize, usize) {
        let r = &self.mentions[0];
        (
            date_rank(r.date),
            r.date.map(|d| d.first_day()),
            r.date.map_or(i64::MAX, |d| d.days()),
            symbols.name(r.article),
            r.start,
            r.trigger_start,
        )
    }

    /// The order clusters are merged across articles in: precise dates first, then by the
    /// content of their first mention.
    fn order<'s>(
        &self,
        symbols: &'s Symbols,
    ) -> (u8, Option<chrono::NaiveDate>, i64, &'s str, usize) {
        let first = self
            .mentions
            .iter()
            .map(|m| (symbols.name(m.article), m.start))
            .min()
            .unwrap_or_default();
        (
            date_rank(self.date),
            self.date.map(|d| d.first_day()),
            self.date.map_or(i64::MAX, |d| d.days()),
            first.0,
            first.1,
        )
    }

    fn absorb(&mut self, other: Cluster) {
        self.participants.extend(other.participants);
        self.places.extend(other.places);
        self.towns.extend(other.towns);
        self.towns.sort_by_key(|t| t.0);
        self.towns.dedup_by_key(|t| t.0);
        self.persons.extend(other.persons);
        self.articles.extend(other.articles);
        self.doers.extend(other.doers);
        for set in other.speaker_sets {
            if !self.speaker_sets.contains(&set) {
                self.speaker_sets.push(set);
            }
        }
        self.repeated |= other.repeated;
        // An explicit date beats an inherited one; between dates of the same standing, the
        // more precise wins.
        self.date = match (self.date, other.date) {
            (Some(a), Some(b)) if self.weak_date != other.weak_date => {
                Some(if self.weak_date { b } else { a })
            }
            (Some(a), Some(b)) => Some(if b.days() < a.days() { b } else { a }),
            (a, b) => a.or(b),
        };
        self.weak_date = self.weak_date && other.weak_date;
        self.weekday = if self.date.is_some() {
            None
        } else {
            self.weekday.or(other.weekday)
        };
        self.mentions.extend(other.mentions);
    }

    /// The places that are among the cluster's own participant states.
    fn reliable_places(&self) -> impl Iterator<Item = &Symbol> + Clone {
        self.places
            .iter()
            .filter(|p| self.participants.contains(*p))
    }

    /// How well `other` fits this cluster, or `None` when they cannot be the same happening,
    /// for two clusters whose [`Gate`]s let them meet (kind, family and dates are the gate's).
    fn affinity(&self, other: &Cluster) -> Option<f64> {
        // A place that is one of the event's own states (a meeting of Mali and Russia in
        // Moscow) is where it happened: two such places that differ are two events. Any other
        // place may be where something was said or written ("between Paris and Bamako"), so it
        // only weighs against a merge.
        let (mut mine, theirs) = (self.reliable_places(), other.reliable_places());
        if mine.clone().next().is_some()
            && theirs.clone().next().is_some()
            && !mine.any(|p| theirs.clone().any(|q| p == q))
        {
            return None;
        }
        // An attack or a protest happens in one town: reports placing it in towns far apart
        // are of different happenings ("the camp of Djibo", "Diapaga a day later").
        if matches!(self.event_type, EventType::Assault | EventType::Protest)
            && !self.towns.is_empty()
            && !other.towns.is_empty()
            && self.towns.iter().all(|(_, a)| {
                other
                    .towns
                    .iter()
                    .map(|(_, b)| b)
                    .all(|b| distance_km(*a, *b) > SAME_TOWN_KM)
            })
        {
            return None;
        }
        let place_penalty = if !self.places.is_empty()
            && !other.places.is_empty()
            && self.places.is_disjoint(&other.places)
        {
            PLACE_PENALTY
        } else {
            0.0
        };
        let shared = other.participants.intersection_count(&self.participants);
        let need = 2
            .min(other.participants.len())
            .min(self.participants.len())
            .max(1);
        if shared < need {
            return None;
        }
        let same_article = !self.articles.is_disjoint(&other.articles);
        // Within one article, promises, praise, demands or accusations that name different
        // sides are different acts ("la Russie promet à Niamey…", "…et à Ouagadougou…"): one
        // report must name the other's participants, give or take one. A meeting or an attack
        // is described with more or fewer of its participants from one sentence to the next.
        if same_article
            && is_speech_act(self.event_type)
            && !self.mentions.iter().any(|m| close_participants(m, other))
        {
            return None;
        }
        // Something said is defined by who says it: "ECOWAS condemns" and "France condemns" are
        // two events, however alike. Every speaker set of one side must hold or be held by every
        // speaker set of the other, so no chain of reports joins two speakers.
        if is_speech_act(self.event_type) && !speakers_agree(self, other) {
            return None;
        }
        // A meeting of two is not the summit of many where it took place.
        if self.event_type == EventType::Consult && !same_article {
            let (a, b) = (self.participants.len(), other.participants.len());
            if a.min(b) <= 2 && a.max(b) >= SUMMIT_SIZE {
                return None;
            }
        }
        // Whoever acts in one report must act in the other too: a counter-offensive by the
        // army is not the attack it answers, though both name the army and the group.
        if !same_article && !doers_overlap(self, other) {
            return None;
        }

        let persons = other.persons.intersection_count(&self.persons) as f64;
        let date_fit = match (other.date, self.date) {
            (Some(a), Some(b)) => {
                // A year or a range is compatible with too much to merge on alone: other
                // articles must share every participant of the smaller side, two at least
                // when it names two.
                let vague = a.days() > VAGUE_DATE_DAYS || b.days() > VAGUE_DATE_DAYS;
                // A rally on one day is not the months of protest it belongs to, nor an attack
                // the insurgency of years: a happening of a day joins no vague one.
                if vague
                    && !same_article
                    && matches!(self.event_type, EventType::Assault | EventType::Protest)
                    && a.days().min(b.days()) <= 1
                {
                    return None;
                }
                // A span of many months that a report gives in so many words ("between August
                // 2022 and December 2023") tells of a series or a process, not of the one day
                // or month another article gives to one of its steps.
                let period = |c: &Cluster, d: EventDate| {
                    d.precision() == Precision::Range
                        && d.days() > PERIOD_DAYS
                        && c.mentions
                            .iter()
                            .any(|m| m.date == Some(d) && !m.date_inherited && !m.date_relative)
                };
                let pointed =
                    |d: EventDate| matches!(d.precision(), Precision::Day | Precision::Month);
                if !same_article
                    && ((period(other, a) && pointed(b)) || (period(self, b) && pointed(a)))
                {
                    return None;
                }
                // What is said to happen again one more day ("for a second straight day") is
                // that day's happening, not the one of the day before.
                if a.precision() == Precision::Day
                    && b.precision() == Precision::Day
                    && a != b
                    && (self.repeated || other.repeated)
                {
                    return None;
                }
                let smaller = other.participants.len().min(self.participants.len());
                if vague && !same_article && shared < smaller.min(2) {
                    return None;
                }
                if vague { 0.5 } else { 1.0 }
            }
            (None, Some(d)) | (Some(d), None) => {
                // An undated report (an article with no date) joins a dated event only when
                // its weekday, if it names one, fits, and two participants agree.
                if shared < 2 && !same_article {
                    return None;
                }
                let weekday = if other.date.is_none() {
                    other.weekday
                } else {
                    self.weekday
                };
                match weekday {
                    Some(w) if d.precision() == Precision::Day => {
                        if WeekdayName::from(chrono::Datelike::weekday(&d.first_day())) != w {
                            return None;
                        }
                        0.6
                    }
                    _ => 0.3,
                }
            }
            (None, None) => {
                if !same_article && shared < 2 {
                    return None;
                }
                0.2
            }
        };
        // Beyond the two participants any match needs, more shared states say little (the same
        // states meet again and again); shared named persons say much.
        Some(
            date_fit - place_penalty
                + shared.min(2) as f64
                + PERSON_WEIGHT * persons
                + if same_article { 0.5 } else { 0.0 },
        )
    }
}

/// The event the reports `facts` tell of, all of one kind and in the order
/// [`KindReports::group`] gave their keys, with the keys of its reports in the event's order;
/// `None` for no report.
///
/// The event's mentions are the reports without their rule (see `MentionFacts`): a caller
/// that shows more puts the whole mentions back in, by key.
pub fn build_event(facts: Vec<MentionFacts>, cameo: &CameoTable) -> Option<(Event, Vec<u64>)> {
    let event_type = facts.first()?.event_type;
    let mut reports: Vec<(u64, EventMention)> = facts
        .into_iter()
        .map(|f| (f.key, f.into_hollow_mention()))
        .collect();
    reports.sort_by(|(_, a), (_, b)| {
        (&a.article, a.start, a.trigger.start).cmp(&(&b.article, b.start, b.trigger.start))
    });
    let (keys, mentions): (Vec<u64>, Vec<EventMention>) = reports.into_iter().unzip();
    let first = mentions
        .iter()
        .min_by(|a, b| {
            (&a.article_id, a.start, a.trigger.start).cmp(&(
                &b.article_id,
                b.start,
                b.trigger.start,
            ))
        })
        .map(|m| {
            format!(
                "{}:{}:{}:{}",
                m.event_type, m.article_id, m.start, m.trigger.start
            )
        })
        .unwrap_or_default();
    let id = format!("ev-{:016x}", xxhash_rust::xxh3::xxh3_64(first.as_bytes()));

    let code = most_common(mentions.iter().map(|m| m.cameo.clone())).unwrap_or_default();
    let info = cameo.get(&code);
    let mode = most_common(mentions.iter().filter_map(|m| m.mode.clone()));
    let mut context: Vec<String> =
        sorted_unique(mentions.iter().flat_map(|m| m.context.iter().cloned()));
    if context.is_empty()
        && let Some(c) = info
    {
        context = c.context.clone();
    }
    let date = event_date(&mentions);
    let (actors, recipients) = sides(&mentions);
    let persons: Vec<String> =
        ordered_union(mentions.iter().flat_map(|m| m.persons.iter().cloned()));
    let place = most_common(mentions.iter().filter_map(|m| m.place.clone()));
    let location = mentions.iter().find_map(|m| m.location.clone());
    let quantities: Vec<Quantity> =
        sorted_unique(mentions.iter().flat_map(|m| m.quantities.iter().cloned()));
    let claims = claims(&mentions, &quantities);
    let event = Event {
        id,
        event_type,
        cameo: code,
        mode,
        context,
        date,
        actors,
        recipients,
        persons,
        place,
        location,
        quantities,
        claims,
        quad_class: info.map_or(0, |c| c.quad_class),
        goldstein: info.map_or(0.0, |c| c.goldstein),
        mentions,
    };
    Some((event, keys))
}

/// The event's date: the most often reported among the most precise dates of asserted reports,
/// else of any report; ties go to the earliest.
fn event_date(mentions: &[EventMention]) -> Option<EventDate> {
    let pick = |filter: &dyn Fn(&EventMention) -> bool| -> Option<EventDate> {
        let dated: Vec<EventDate> = mentions
            .iter()
            .filter(|m| filter(m))
            .filter_map(|m| m.date)
            .collect();
        let min_days = dated.iter().map(|d| d.days()).min()?;
        let precise: Vec<EventDate> = dated.into_iter().filter(|d| d.days() == min_days).collect();
        let mut counts: BTreeMap<(chrono::NaiveDate, String), usize> = BTreeMap::new();
        for d in &precise {
            *counts.entry((d.first_day(), d.to_string())).or_default() += 1;
        }
        let best = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
        precise.into_iter().find(|d| d.to_string() == best.0.1)
    };
    pick(&|m| m.modality == Modality::Asserted).or_else(|| pick(&|_| true))
}

/// Actors and recipients over all reports: a code goes to the side most reports put it on;
/// a state acting on itself (a coup) stays on both.
fn sides(mentions: &[EventMention]) -> (Vec<String>, Vec<String>) {
    let mut votes: BTreeMap<&str, (usize, usize, bool)> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for m in mentions {
        for a in &m.actors {
            let e = votes.entry(a).or_insert_with(|| {
                order.push(a);
                (0, 0, false)
            });
            e.0 += 1;
            if m.recipients.contains(a) {
                e.2 = true;
            }
        }
        for r in &m.recipients {
            let e = votes.entry(r).or_insert_with(|| {
                order.push(r);
                (0, 0, false)
            });
            e.1 += 1;
        }
    }
    let mut actors = Vec::new();
    let mut recipients = Vec::new();
    for code in order {
        let (a, r, both) = votes[code];
        if both {
            actors.push(code.to_string());
            recipients.push(code.to_string());
        } else if a >= r {
            actors.push(code.to_string());
        } else {
            recipients.push(code.to_string());
        }
    }
    (actors, recipients)
}

/// Where reports disagree: each article's toll per unit and each article's date, flagged when
/// another article gives a different value.
fn claims(mentions: &[EventMention], quantities: &[Quantity]) -> Vec<Claim> {
    let outlet_of = |article: &str| {
        mentions
            .iter()
            .find(|m| m.article == article)
            .and_then(|m| m.outlet.clone())
    };
    let mut out = Vec::new();
    let mut by_unit: BTreeMap<&str, BTreeMap<&str, BTreeSet<u64>>> = BTreeMap::new();
    for q in quantities {
        by_unit
            .entry(q.unit.as_str())
            .or_default()
            .entry(q.article.as_str())
            .or_default()
            .insert(q.value);
    }
    for (unit, per_article) in by_unit {
        if per_article.len() < 2 {
            continue;
        }
        // An article's claim is its largest figure for the unit (a running toll rises).
        let values: BTreeSet<u64> = per_article
            .values()
            .filter_map(|v| v.iter().max().copied())
            .collect();
        let conflict = values.len() > 1;
        for (article, vals) in per_article {
            if let Some(v) = vals.iter().max() {
                out.push(Claim {
                    field: unit.to_string(),
                    value: v.to_string(),
                    article: article.to_string(),
                    outlet: outlet_of(article),
                    conflict,
                });
            }
        }
    }
    let mut dates: BTreeMap<&str, EventDate> = BTreeMap::new();
    for m in mentions {
        if let Some(d) = m.date
            && d.days() <= 1
        {
            dates.entry(m.article.as_str()).or_insert(d);
        }
    }
    // Who did it: reports that name different doers (one says JNIM, another the Islamic
    // State) are kept side by side. A report naming more doers than another does not
    // contradict it; disjoint doers do.
    let mut doers: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for m in mentions {
        doers
            .entry(m.article.as_str())
            .or_default()
            .extend(m.actors.iter().map(String::as_str));
    }
    doers.retain(|_, d| !d.is_empty());
    let sets: Vec<&BTreeSet<&str>> = doers.values().collect();
    let disagree = sets
        .iter()
        .enumerate()
        .any(|(i, a)| sets[i + 1..].iter().any(|b| a.is_disjoint(b)));
    if disagree {
        for (article, d) in &doers {
            let value = d.iter().copied().collect::<Vec<_>>().join(",");
            out.push(Claim {
                field: "actors".into(),
                value,
                article: article.to_string(),
                outlet: outlet_of(article),
                conflict: true,
            });
        }
    }
    let distinct: BTreeSet<String> = dates.values().map(|d| d.to_string()).collect();
    if dates.len() > 1 && distinct.len() > 1 {
        for (article, d) in dates {
            out.push(Claim {
                field: "date".into(),
                value: d.to_string(),
                article: article.to_string(),
                outlet: outlet_of(article),
                conflict: true,
            });
        }
    }
    out
}

fn most_common<I: Iterator<Item = String>>(items: I) -> Option<String> {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (i, s) in items.enumerate() {
        let e = counts.entry(s).or_insert((0, i));
        e.0 += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .map(|(s, _)| s)
}

/// The distinct `items`, in ascending order.
fn sorted_unique<T: Ord>(items: impl Iterator<Item = T>) -> Vec<T> {
    items.collect::<BTreeSet<T>>().into_iter().collect()
}

fn ordered_union<I: Iterator<Item = String>>(items: I) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in items {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{QuantityUnit, Span};

    fn mention(
        article: &str,
        t: EventType,
        cameo: &str,
        date: Option<&str>,
        actors: &[&str],
        recipients: &[&str],
    ) -> EventMention {
        EventMention {
            article_id: format!("id-{article}"),
            article: article.into(),
            outlet: Some(format!("Outlet {article}")),
            event_type: t,
            cameo: cameo.into(),
            mode: None,
            context: Vec::new(),
            actors: actors.iter().map(|s| s.to_string()).collect(),
            recipients: recipients.iter().map(|s| s.to_string()).collect(),
            persons: Vec::new(),
            place: None,
            location: None,
            date: date.map(|d| d.parse().unwrap()),
            weekday: None,
            date_inherited: false,
            date_relative: false,
            repeated: false,
            modality: Modality::Asserted,
            quantities: Vec::new(),
            sentence: "…".into(),
            start: 0,
            end: 1,
            trigger: Span::new(0, 1),
            rule: "test".into(),
            confidence: 0.5,
        }
    }

    #[test]
    fn reports_of_one_meeting_become_one_event() {
        let a = mention(
            "a",
            EventType::Consult,
            "042",
            Some("2025-04-03"),
            &["MLI", "BFA", "NER"],
            &["RUS"],
        );
        let b = mention(
            "b",
            EventType::Consult,
            "040",
            Some("2025-04-04"),
            &["RUS", "MLI"],
            &[],
        );
        let events = resolve(vec![a, b], &CameoTable::default());
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].mentions.len(), 2);
        assert_eq!(events[0].date.unwrap().to_string(), "2025-04-03");
    }

    #[test]
    fn attacks_on_towns_far_apart_stay_apart() {
        let town = |name: &str, geonameid: u64, lat: f64, lon: f64| {
            Some(crate::model::Location {
                name: name.into(),
                lat,
                lon,
                geonameid,
            })
        };
        let attack = |article: &str, location| {
            let mut m = mention(
                article,
                EventType::Assault,
                "190",
                Some("2025-05-11"),
                &["JNIM"],
                &["BFA"],
            );
            m.location = location;
            m
        };
        let djibo = attack("a", town("Djibo", 1, 14.10, -1.63));
        let diapaga = attack("a", town("Diapaga", 2, 12.07, 1.79));
        let djibo_again = attack("b", town("Djibo", 1, 14.10, -1.63));
        let unplaced = attack("b", None);
        let events = resolve(
            vec![djibo, diapaga, djibo_again, unplaced],
            &CameoTable::default(),
        );
        assert_eq!(events.len(), 2, "{events:?}");
    }

    #[test]
    fn a_coup_and_its_arrests_stay_apart() {
        let coup = mention(
            "a",
            EventType::Coerce,
            "170",
            Some("2020-08-18"),
            &["MLI"],
            &["MLI"],
        );
        let arrests = mention(
            "b",
            EventType::Coerce,
            "173",
            Some("2020-08-18"),
            &["MLI"],
            &["MLI"],
        );
        assert_eq!(
            resolve(vec![coup, arrests], &CameoTable::default()).len(),
            2
        );
    }

    #[test]
    fn incompatible_dates_stay_apart_and_places_weigh() {
        let a = mention(
            "a",
            EventType::Consult,
            "042",
            Some("2025-04-03"),
            &["MLI", "RUS"],
            &[],
        );
        let b = mention(
            "b",
            EventType::Consult,
            "042",
            Some("2025-05-10"),
            &["MLI", "RUS"],
            &[],
        );
        assert_eq!(resolve(vec![a.clone(), b], &CameoTable::default()).len(), 2);
        // Two meetings of the same day, one in Moscow, one in Bamako: a third report set in
        // Bamako joins the Bamako one.
        let mut in_moscow = a.clone();
        in_moscow.place = Some("RUS".into());
        in_moscow.persons = vec!["sergey-lavrov".into()];
        let mut in_bamako = mention(
            "c",
            EventType::Consult,
            "042",
            Some("2025-04-03"),
            &["MLI", "RUS"],
            &["BFA"],
        );
        in_bamako.place = Some("MLI".into());
        in_bamako.persons = vec!["abdoulaye-diop".into()];
        let mut report = mention(
            "d",
            EventType::Consult,
            "040",
            Some("2025-04-03"),
            &["MLI", "RUS"],
            &[],
        );
        report.place = Some("MLI".into());
        report.persons = vec!["abdoulaye-diop".into()];
        let events = resolve(vec![in_moscow, in_bamako, report], &CameoTable::default());
        let joined = events
            .iter()
            .find(|e| e.mentions.iter().any(|m| m.article == "d"))
            .unwrap();
        assert!(
            joined.mentions.iter().any(|m| m.article == "c"),
            "{joined:?}"
        );
        assert!(
            !joined.mentions.iter().any(|m| m.article == "a"),
            "{joined:?}"
        );
    }

    #[test]
    fn a_speech_act_dated_by_its_article_does_not_reach_back_to_an_earlier_one() {
        let said_in_june = mention(
            "a",
            EventType::Request,
            "100",
            Some("2023-06-30"),
            &["MLI"],
            &["UN"],
        );
        let mut said_in_july = mention(
            "b",
            EventType::Request,
            "100",
            Some("2023-07-29"),
            &["MLI"],
            &["UN"],
        );
        said_in_july.date_inherited = true;
        assert_eq!(
            resolve(vec![said_in_june, said_in_july], &CameoTable::default()).len(),
            2
        );
    }

    #[test]
    fn a_stated_period_of_months_joins_no_day_of_one_of_its_steps() {
        let left_mali = mention(
            "a",
            EventType::Retreat,
            "087",
            Some("2022-08-15"),
            &["FRA"],
            &["MLI"],
        );
        let left_the_sahel = mention(
            "b",
            EventType::Retreat,
            "087",
            Some("2022-08/2023-12"),
            &["FRA"],
            &["MLI"],
        );
        assert_eq!(
            resolve(
                vec![left_mali.clone(), left_the_sahel.clone()],
                &CameoTable::default()
            )
            .len(),
            2
        );
        // A range computed from another date ("more than nine years after") is where the day
        // may lie, not a span: it still joins.
        let mut about_then = left_the_sahel;
        about_then.date_relative = true;
        assert_eq!(
            resolve(vec![left_mali, about_then], &CameoTable::default()).len(),
            1
        );
    }

    #[test]
    fn a_happening_said_to_repeat_a_day_later_is_that_days() {
        let first_day = mention(
            "a",
            EventType::Protest,
            "141",
            Some("2022-10-01"),
            &["BFA"],
            &["FRA"],
        );
        let mut second_day = mention(
            "b",
            EventType::Protest,
            "141",
            Some("2022-10-02"),
            &["BFA"],
            &["FRA"],
        );
        assert_eq!(
            resolve(
                vec![first_day.clone(), second_day.clone()],
                &CameoTable::default()
            )
            .len(),
            1,
            "a day apart, nothing said: one happening told with dates a day apart"
        );
        second_day.repeated = true;
        assert_eq!(
            resolve(vec![first_day, second_day], &CameoTable::default()).len(),
            2
        );
    }

    #[test]
    fn an_undated_report_joins_on_its_weekday() {
        let a = mention(
            "a",
            EventType::Consult,
            "042",
            Some("2025-04-03"),
            &["MLI", "BFA", "NER"],
            &["RUS"],
        );
        let mut thursday = mention("b", EventType::Consult, "042", None, &["MLI", "RUS"], &[]);
        thursday.weekday = Some(WeekdayName::Thursday);
        thursday.modality = Modality::Planned;
        let mut monday = thursday.clone();
        monday.article_id = "id-c".into();
        monday.article = "c".into();
        monday.weekday = Some(WeekdayName::Monday);
        let events = resolve(vec![monday, a, thursday], &CameoTable::default());
        assert_eq!(events.len(), 2);
        let big = events.iter().find(|e| e.mentions.len() == 2).unwrap();
        assert!(big.mentions.iter().any(|m| m.article == "b"));
    }

    #[test]
    fn an_undated_report_that_fits_two_events_is_left_apart() {
        let april = mention(
            "a",
            EventType::Consult,
            "042",
            Some("2025-04-03"),
            &["MLI", "RUS"],
            &[],
        );
        let may = mention(
            "b",
            EventType::Consult,
            "042",
            Some("2025-05-11"),
            &["MLI", "RUS"],
            &[],
        );
        let undated = mention("c", EventType::Consult, "040", None, &["MLI", "RUS"], &[]);
        let events = resolve(vec![april, may, undated], &CameoTable::default());
        assert_eq!(events.len(), 3);
        assert!(events.iter().all(|e| e.mentions.len() == 1));
    }

    #[test]
    fn sentences_of_one_article_about_one_happening_are_one_event() {
        let mut a = mention(
            "a",
            EventType::Agree,
            "033",
            Some("2025-04-03"),
            &["RUS"],
            &["MLI", "BFA"],
        );
        let mut b = mention(
            "a",
            EventType::Agree,
            "030",
            Some("2025-04"),
            &["RUS"],
            &["MLI"],
        );
        a.start = 10;
        b.start = 200;
        let events = resolve(vec![b, a], &CameoTable::default());
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].mentions.len(), 2);
        assert_eq!(events[0].date.unwrap().to_string(), "2025-04-03");
    }

    #[test]
    fn a_kind_is_grouped_into_the_keys_of_its_reports_whatever_the_order_they_come_in() {
        let reports = [
            mention(
                "a",
                EventType::Consult,
                "042",
                Some("2025-04-03"),
                &["MLI", "BFA", "NER"],
                &["RUS"],
            ),
            mention(
                "b",
                EventType::Consult,
                "040",
                Some("2025-04-04"),
                &["RUS", "MLI"],
                &[],
            ),
            mention(
                "c",
                EventType::Consult,
                "040",
                Some("2025-06-20"),
                &["FRA"],
                &["SEN"],
            ),
        ];
        let facts: Vec<MentionFacts> = reports
            .iter()
            .enumerate()
            .map(|(i, m)| MentionFacts::of(m, 10 + i as u64))
            .collect();
        let group = |facts: Vec<MentionFacts>, threads: usize| {
            let mut reports = KindReports::default();
            for f in facts {
                reports.add(f);
            }
            reports.group(threads)
        };
        let forward = group(facts.clone(), 1);
        assert_eq!(forward, vec![vec![10, 11], vec![12]]);
        assert_eq!(group(facts.into_iter().rev().collect(), 2), forward);
    }

    #[test]
    fn result_does_not_depend_on_input_order() {
        let ms = vec![
            mention(
                "a",
                EventType::Assault,
                "190",
                Some("2024-08-24"),
                &["JNIM"],
                &["BFA"],
            ),
            mention(
                "b",
                EventType::Assault,
                "200",
                Some("2024-08-24"),
                &["JNIM"],
                &["BFA"],
            ),
            mention(
                "c",
                EventType::Assault,
                "190",
                Some("2024-08-25"),
                &["BFA"],
                &[],
            ),
            mention(
                "d",
                EventType::Coerce,
                "173",
                Some("2024-08-24"),
                &["BFA"],
                &["BFA"],
            ),
        ];
        let one = resolve(ms.clone(), &CameoTable::default());
        let mut rev = ms;
        rev.reverse();
        assert_eq!(one, resolve(rev, &CameoTable::default()));
    }

    #[test]
    fn result_does_not_depend_on_the_number_of_threads() {
        // Several kinds of event over several articles and days, some reports of one happening,
        // some undated, so that both the per-article and the per-kind jobs have work.
        let kinds = [
            (EventType::Assault, "190"),
            (EventType::Assault, "181"),
            (EventType::Consult, "036"),
            (EventType::Accuse, "112"),
            (EventType::Coerce, "173"),
        ];
        let sides = [["JNIM", "BFA"], ["MLI", "RUS"], ["NER", "FRA"]];
        let mut ms = Vec::new();
        for i in 0..90usize {
            let (t, code) = kinds[i % kinds.len()];
            let [a, b] = sides[i % 3];
            let day = format!("2024-08-{:02}", 1 + (i / 7) % 9);
            let date = (i % 11 != 0).then_some(day.as_str());
            let mut m = mention(&format!("art{}", i % 13), t, code, date, &[a], &[b]);
            (m.start, m.end) = (i * 10, i * 10 + 9);
            m.trigger = Span::new(i * 10, i * 10 + 1);
            ms.push(m);
        }
        let one = resolve(ms.clone(), &CameoTable::default());
        assert!(one.len() < ms.len(), "some reports are joined");
        assert!(
            one.iter()
                .map(|e| e.event_type)
                .collect::<BTreeSet<_>>()
                .len()
                > 3
        );
        for threads in [2, 3, 8] {
            let mut shuffled = ms.clone();
            shuffled.rotate_left(threads * 5);
            let many = resolve_on_threads(shuffled, &CameoTable::default(), threads);
            let ids = |events: &[Event]| events.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
            assert_eq!(ids(&one), ids(&many), "{threads} threads");
            assert!(one == many, "{threads} threads");
        }
    }

    #[test]
    fn reports_naming_different_doers_are_claims() {
        let a = mention(
            "a",
            EventType::Assault,
            "190",
            Some("2024-08-24"),
            &["JNIM"],
            &["BFA"],
        );
        let nobody = mention(
            "b",
            EventType::Assault,
            "190",
            Some("2024-08-24"),
            &[],
            &["BFA"],
        );
        let agree = resolve(vec![a.clone(), nobody], &CameoTable::default());
        assert_eq!(agree.len(), 1);
        assert!(
            agree[0].claims.iter().all(|c| c.field != "actors"),
            "naming nobody contradicts nobody"
        );
        // One report blames JNIM, one JNIM and the Islamic State, one the Islamic State alone.
        let both = mention(
            "c",
            EventType::Assault,
            "190",
            Some("2024-08-24"),
            &["JNIM", "ISSP"],
            &["BFA"],
        );
        let other = mention(
            "d",
            EventType::Assault,
            "190",
            Some("2024-08-24"),
            &["ISSP"],
            &["BFA"],
        );
        let events = resolve(vec![a, both, other], &CameoTable::default());
        assert_eq!(events.len(), 1, "{events:#?}");
        let claims: Vec<(&str, &str)> = events[0]
            .claims
            .iter()
            .filter(|c| c.field == "actors")
            .map(|c| (c.article.as_str(), c.value.as_str()))
            .collect();
        assert_eq!(claims, [("a", "JNIM"), ("c", "ISSP,JNIM"), ("d", "ISSP")]);
        assert!(
            events[0]
                .claims
                .iter()
                .filter(|c| c.field == "actors")
                .all(|c| c.conflict)
        );
    }

    #[test]
    fn conflicting_tolls_are_kept_side_by_side() {
        let mut a = mention(
            "a",
            EventType::Assault,
            "190",
            Some("2024-08-24"),
            &["JNIM"],
            &["BFA"],
        );
        a.quantities = vec![Quantity {
            value: 150,
            unit: QuantityUnit::Killed,
            article: "a".into(),
        }];
        let mut b = mention(
            "b",
            EventType::Assault,
            "200",
            Some("2024-08-24"),
            &["JNIM"],
            &["BFA"],
        );
        b.quantities = vec![Quantity {
            value: 400,
            unit: QuantityUnit::Killed,
            article: "b".into(),
        }];
        let events = resolve(vec![a, b], &CameoTable::default());
        assert_eq!(events.len(), 1);
        let claims: Vec<_> = events[0]
            .claims
            .iter()
            .filter(|c| c.field == "killed")
            .collect();
        assert_eq!(claims.len(), 2);
        assert!(claims.iter().all(|c| c.conflict));
        assert_eq!(
            events[0].quantities.len(),
            2,
            "both tolls kept, none averaged"
        );
    }

    #[test]
    fn a_lookup_returns_each_cluster_once_in_the_order_found() {
        let mut index = CandidateIndex::default();
        assert_eq!(index.once_each(vec![4, 1, 4, 9, 1, 0]), vec![4, 1, 9, 0]);
        // A later lookup finds them again.
        assert_eq!(index.once_each(vec![1, 4, 1]), vec![1, 4]);
        index.lookup = u32::MAX;
        assert_eq!(
            index.once_each(vec![2, 2, 3]),
            vec![2, 3],
            "across the wrap"
        );
        assert_eq!(index.once_each(vec![3, 2]), vec![3, 2]);
    }

    #[test]
    fn the_best_fit_does_not_depend_on_the_order_of_the_candidates() {
        let mut symbols = Symbols::default();
        let mut cluster = |article: &str, date: &str, actors: &[&str], recipients: &[&str]| {
            let m = mention(
                article,
                EventType::Assault,
                "190",
                Some(date),
                actors,
                recipients,
            );
            Box::new(Cluster::new(MentionFacts::of(&m, 0), &mut symbols))
        };
        let mut clusters = Clusters::default();
        clusters.push(cluster("a", "2024-08-24", &["JNIM"], &["BFA"]));
        clusters.push(cluster("b", "2024-08-24", &["JNIM"], &["BFA"]));
        clusters.push(cluster("c", "2024-08-25", &["JNIM"], &["MLI"]));
        clusters.push(cluster("d", "2024-08-24", &["ISSP"], &["NER"]));
        let new = cluster("e", "2024-08-24", &["JNIM"], &["BFA"]);
        let fit = |candidates: &[usize]| match clusters.best_fit(candidates, &new) {
            Fit::None => None,
            Fit::One(i) => Some((i, true)),
            Fit::Several(i) => Some((i, false)),
        };
        let ascending = fit(&[0, 1, 2, 3]);
        assert_eq!(
            ascending,
            Some((0, false)),
            "two fit alike: the first, not clearly"
        );
        for order in [[3, 2, 1, 0], [1, 0, 3, 2], [2, 1, 3, 0]] {
            assert_eq!(fit(&order), ascending, "{order:?}");
        }
    }

    #[test]
    fn the_gate_applies_the_calendar_rules_on_day_numbers() {
        let dates = [
            None,
            Some("2024-08-01"),
            Some("2024-08-02"),
            Some("2024-08-03"),
            Some("2024-08-31"),
            Some("2024-09-02"),
            Some("2024-09-03"),
            Some("2024-09-15"),
            Some("2024-08"),
            Some("2024-09"),
            Some("2024"),
            Some("2024-07-30/2024-08-02"),
        ];
        let kinds = [
            (EventType::Assault, "190"),
            (EventType::Assault, "181"),
            (EventType::Agree, "057"),
            (EventType::Consult, "040"),
        ];
        let mut symbols = Symbols::default();
        let mut all = Vec::new();
        for (t, cameo) in kinds {
            for date in dates {
                for inherited in [false, true] {
                    let mut m = mention("a", t, cameo, date, &["MLI"], &["BFA"]);
                    m.date_inherited = inherited;
                    all.push(Cluster::new(MentionFacts::of(&m, 0), &mut symbols));
                }
            }
        }
        // The same rules on calendar dates: kind and family alike, and the dates within a day
        // of each other or, for a happening, an inherited date in the month after an
        // explicit one.
        let by_calendar = |a: &Cluster, b: &Cluster| {
            if a.event_type != b.event_type || a.family != b.family {
                return false;
            }
            let (Some(da), Some(db)) = (a.date, b.date) else {
                return true;
            };
            let one = chrono::Duration::days(1);
            let overlap = da.first_day() - one <= db.last_day() + one
                && db.first_day() - one <= da.last_day() + one;
            let looks_back = |weak: EventDate, explicit: EventDate| {
                (0..=INHERITED_LOOKBACK_DAYS)
                    .contains(&(weak.first_day() - explicit.last_day()).num_days())
            };
            overlap
                || (!is_speech_act(a.event_type)
                    && ((b.weak_date && !a.weak_date && looks_back(db, da))
                        || (a.weak_date && !b.weak_date && looks_back(da, db))))
        };
        let (mut refused, mut checked) = (0, 0);
        for a in &all {
            for b in &all {
                let gate = Gate::of(a).may_fit(&Gate::of(b));
                assert_eq!(gate, by_calendar(a, b), "{:?} and {:?}", a.date, b.date);
                refused += usize::from(!gate);
                checked += 1;
            }
        }
        assert!(
            refused > checked / 2,
            "the gate rules out most pairs: {refused}/{checked}"
        );
    }
}
