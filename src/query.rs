//! Reading the store back: what a query asks for, and the shapes a reader wants events in
//! (a timeline by month, an event's claims side by side).
//!
//! The store answers [`EventFilter`] in SQL through its indexes; [`EventFilter::matches`] says the
//! same thing over events in memory, so the two can be checked against each other and a file of
//! events can be filtered without a store.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use crate::model::{Claim, DatePoint, Event, EventDate, EventSummary, EventType};

/// Which events a query wants; every field left `None` lets all events through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// A code (`MLI`, `ECOWAS`), a person's slug (`sergey-lavrov`), or a name or alias the store
    /// has seen for an entity ("Mali"); matches actors, recipients or persons. Case is ignored.
    pub actor: Option<String>,
    /// The PLOVER category.
    pub event_type: Option<EventType>,
    /// Events whose date interval ends on or after this day.
    pub since: Option<NaiveDate>,
    /// Events whose date interval starts on or before this day.
    pub until: Option<NaiveDate>,
    /// An article, by name (`fr-003-barsalogho.txt`) or id, among the event's mentions.
    pub article: Option<String>,
    /// At most this many events (the earliest first).
    pub limit: Option<usize>,
}

impl EventFilter {
    /// Sets `since` from a point: `2024` means from 1 January 2024.
    pub fn since_point(mut self, point: DatePoint) -> EventFilter {
        self.since = Some(point.first_day());
        self
    }

    /// Sets `until` from a point: `2024-07` means up to 31 July 2024.
    pub fn until_point(mut self, point: DatePoint) -> EventFilter {
        self.until = Some(point.last_day());
        self
    }

    /// True when `event` passes every condition but the limit, with `actor` compared to codes
    /// and slugs only (the store also expands it through the aliases it has seen).
    pub fn matches(&self, event: &Event) -> bool {
        if let Some(actor) = &self.actor {
            let hit = event
                .actors
                .iter()
                .chain(&event.recipients)
                .chain(&event.persons)
                .any(|c| c.eq_ignore_ascii_case(actor));
            if !hit {
                return false;
            }
        }
        if self.event_type.is_some_and(|t| t != event.event_type) {
            return false;
        }
        if self.since.is_some() || self.until.is_some() {
            let Some(date) = event.date else { return false };
            if self.since.is_some_and(|s| date.last_day() < s) {
                return false;
            }
            if self.until.is_some_and(|u| date.first_day() > u) {
                return false;
            }
        }
        if let Some(article) = &self.article {
            if !event
                .mentions
                .iter()
                .any(|m| &m.article == article || &m.article_id == article)
            {
                return false;
            }
        }
        true
    }
}

/// The order events are listed in: by first day (undated last), then last day, then id.
pub fn date_order<E: Dated>(a: &E, b: &E) -> std::cmp::Ordering {
    date_key(a)
        .cmp(&date_key(b))
        .then_with(|| a.id().cmp(b.id()))
}

/// What [`date_order`] compares before the id: undated last, then first and last day.
fn date_key<E: Dated>(e: &E) -> (bool, Option<(NaiveDate, NaiveDate)>) {
    let date = e.date();
    (date.is_none(), date.map(|d| (d.first_day(), d.last_day())))
}

/// Sorts `events` as [`date_order`] says. Each event's key is worked out once and the keys are
/// sorted, side by side in one vector, rather than the events: comparing through the events,
/// scattered in memory, cost more than the sort itself. The events are then put in place.
pub fn sort_by_date<E: Dated>(events: &mut [E]) {
    // The id's first bytes settle most ties of days without reaching the id; the position
    // last keeps events alike in both in the order they came, as a stable sort would.
    let mut keys: Vec<_> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (date_key(e), id_prefix(e.id()), e.id(), i))
        .collect();
    keys.sort_unstable();
    let order: Vec<usize> = keys.into_iter().map(|(.., i)| i).collect();
    // Position `i` takes the event at `order[i]`: each cycle of the permutation is walked
    // once, swapping, so the events are moved in place, without a second vector of them.
    let mut placed = vec![false; order.len()];
    for start in 0..order.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            events.swap(at, from);
            at = from;
        }
    }
}

/// The first eight bytes of `id` as a number that orders as they do (shorter ids padded with
/// zeros, which order before any byte, as the shorter string does).
fn id_prefix(id: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = id.len().min(8);
    bytes[..n].copy_from_slice(&id.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

/// What lists of events are ordered and grouped by: an event or its summary.
pub trait Dated {
    /// The event's date.
    fn date(&self) -> Option<EventDate>;
    /// The event's id.
    fn id(&self) -> &str;
}

impl<E: Dated> Dated for &E {
    fn date(&self) -> Option<EventDate> {
        (**self).date()
    }
    fn id(&self) -> &str {
        (**self).id()
    }
}

impl Dated for Event {
    fn date(&self) -> Option<EventDate> {
        self.date
    }
    fn id(&self) -> &str {
        &self.id
    }
}

impl Dated for EventSummary {
    fn date(&self) -> Option<EventDate> {
        self.date
    }
    fn id(&self) -> &str {
        &self.id
    }
}

/// A month of a timeline and its events, in date order.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthGroup<'a, E = Event> {
    /// The month the events start in; `None` for the undated events, listed last.
    pub month: Option<(i32, u32)>,
    /// The events.
    pub events: Vec<&'a E>,
}

impl<E> MonthGroup<'_, E> {
    /// The heading a reader sees: `2024-07  July 2024`, or `Undated`.
    pub fn heading(&self) -> String {
        match self.month {
            Some((year, month)) => {
                let name = (month as usize)
                    .checked_sub(1)
                    .and_then(|i| MONTH_NAMES.get(i))
                    .copied()
                    .unwrap_or("?");
                format!("{year:04}-{month:02}  {name} {year}")
            }
            None => "Undated".to_string(),
        }
    }
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Events in date order, grouped by the month their date starts in; undated events last.
pub fn timeline<E: Dated>(events: &[E]) -> Vec<MonthGroup<'_, E>> {
    let mut sorted: Vec<&E> = events.iter().collect();
    // Lists read from the store come sorted already.
    if !sorted.is_sorted_by(|a, b| date_order(*a, *b).is_le()) {
        sort_by_date(&mut sorted);
    }
    let mut groups: Vec<MonthGroup<'_, E>> = Vec::new();
    for event in sorted {
        let month = event.date().map(|d| {
            let first = d.first_day();
            (first.year(), first.month())
        });
        match groups.last_mut() {
            Some(g) if g.month == month => g.events.push(event),
            _ => groups.push(MonthGroup {
                month,
                events: vec![event],
            }),
        }
    }
    groups
}

/// The versions the reports of an event give for one detail.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimGroup<'a> {
    /// The detail (`killed`, `date`, `actors`).
    pub field: &'a str,
    /// Each report's version, in the event's order.
    pub versions: Vec<&'a Claim>,
    /// True when the versions disagree.
    pub conflict: bool,
}

/// An event's claims grouped by the detail they are about, in order of first appearance.
pub fn claim_groups(claims: &[Claim]) -> Vec<ClaimGroup<'_>> {
    let mut groups: Vec<ClaimGroup<'_>> = Vec::new();
    for claim in claims {
        match groups.iter_mut().find(|g| g.field == claim.field) {
            Some(g) => {
                g.conflict |= claim.conflict;
                g.versions.push(claim);
            }
            None => groups.push(ClaimGroup {
                field: &claim.field,
                versions: vec![claim],
                conflict: claim.conflict,
            }),
        }
    }
    for g in &mut groups {
        // A resolver that forgot to flag two different values still disagrees.
        let distinct: BTreeSet<&str> = g.versions.iter().map(|c| c.value.as_str()).collect();
        g.conflict |= distinct.len() > 1;
    }
    groups
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{EventDate, EventMention, Modality, Span};

    /// A hand-made mention for tests across the crate.
    pub(crate) fn mention(
        article: &str,
        event_type: EventType,
        date: Option<&str>,
    ) -> EventMention {
        EventMention {
            article_id: format!("id-{article}"),
            article: article.to_string(),
            outlet: Some(format!("Outlet of {article}")),
            event_type,
            cameo: "036".to_string(),
            mode: None,
            context: Vec::new(),
            actors: vec!["MLI".to_string()],
            recipients: vec!["RUS".to_string()],
            persons: Vec::new(),
            place: None,
            location: None,
            date: date.map(|d| d.parse::<EventDate>().unwrap()),
            weekday: None,
            date_inherited: false,
            date_relative: false,
            repeated: false,
            modality: Modality::Asserted,
            quantities: Vec::new(),
            sentence: "Bamako and Moscow held talks.".to_string(),
            start: 0,
            end: 29,
            trigger: Span::new(21, 26),
            rule: "en/triggers.toml:talks".to_string(),
            confidence: 0.8,
        }
    }

    /// A hand-made event for tests across the crate.
    pub(crate) fn event(
        id: &str,
        event_type: EventType,
        date: Option<&str>,
        articles: &[&str],
    ) -> Event {
        Event {
            id: id.to_string(),
            event_type,
            cameo: "036".to_string(),
            mode: None,
            context: Vec::new(),
            date: date.map(|d| d.parse().unwrap()),
            actors: vec!["MLI".to_string()],
            recipients: vec!["RUS".to_string()],
            persons: Vec::new(),
            place: None,
            location: None,
            quantities: Vec::new(),
            claims: Vec::new(),
            quad_class: 1,
            goldstein: 1.0,
            mentions: articles
                .iter()
                .map(|a| mention(a, event_type, date))
                .collect(),
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn dates_filter_on_the_interval() {
        let july = event("e1", EventType::Consult, Some("2024-07"), &["a.txt"]);
        let f = |since: Option<&str>, until: Option<&str>| EventFilter {
            since: since.map(day),
            until: until.map(day),
            ..EventFilter::default()
        };
        assert!(
            f(Some("2024-07-31"), None).matches(&july),
            "a month reaches its last day"
        );
        assert!(!f(Some("2024-08-01"), None).matches(&july));
        assert!(f(None, Some("2024-07-01")).matches(&july));
        assert!(!f(None, Some("2024-06-30")).matches(&july));
        let undated = event("e2", EventType::Consult, None, &["a.txt"]);
        assert!(
            !f(Some("2000-01-01"), None).matches(&undated),
            "no date, no date match"
        );
        assert!(EventFilter::default().matches(&undated));
    }

    #[test]
    fn points_become_whole_bounds() {
        let f = EventFilter::default()
            .since_point("2024".parse().unwrap())
            .until_point("2024-02".parse().unwrap());
        assert_eq!(f.since, Some(day("2024-01-01")));
        assert_eq!(f.until, Some(day("2024-02-29")));
    }

    #[test]
    fn actor_type_and_article_filters() {
        let mut e = event(
            "e1",
            EventType::Consult,
            Some("2024-07-06"),
            &["a.txt", "b.txt"],
        );
        e.persons = vec!["sergey-lavrov".to_string()];
        let with = |f: EventFilter| f.matches(&e);
        assert!(with(EventFilter {
            actor: Some("rus".into()),
            ..Default::default()
        }));
        assert!(with(EventFilter {
            actor: Some("sergey-lavrov".into()),
            ..Default::default()
        }));
        assert!(!with(EventFilter {
            actor: Some("FRA".into()),
            ..Default::default()
        }));
        assert!(with(EventFilter {
            event_type: Some(EventType::Consult),
            ..Default::default()
        }));
        assert!(!with(EventFilter {
            event_type: Some(EventType::Assault),
            ..Default::default()
        }));
        assert!(with(EventFilter {
            article: Some("b.txt".into()),
            ..Default::default()
        }));
        assert!(with(EventFilter {
            article: Some("id-a.txt".into()),
            ..Default::default()
        }));
        assert!(!with(EventFilter {
            article: Some("c.txt".into()),
            ..Default::default()
        }));
    }

    #[test]
    fn timeline_groups_by_month_with_undated_last() {
        let events = vec![
            event("late", EventType::Consult, Some("2024-08-24"), &["a.txt"]),
            event("none", EventType::Consult, None, &["a.txt"]),
            event("early", EventType::Consult, Some("2024-07-06"), &["a.txt"]),
            event(
                "range",
                EventType::Consult,
                Some("2024-07-20/2024-08-02"),
                &["a.txt"],
            ),
        ];
        let groups = timeline(&events);
        let shape: Vec<(String, Vec<&str>)> = groups
            .iter()
            .map(|g| {
                (
                    g.heading(),
                    g.events.iter().map(|e| e.id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                ("2024-07  July 2024".to_string(), vec!["early", "range"]),
                ("2024-08  August 2024".to_string(), vec!["late"]),
                ("Undated".to_string(), vec!["none"]),
            ]
        );
    }

    #[test]
    fn claims_are_grouped_and_disagreement_flagged() {
        let claim = |field: &str, value: &str, conflict: bool| Claim {
            field: field.into(),
            value: value.into(),
            article: "a.txt".into(),
            outlet: None,
            conflict,
        };
        let claims = vec![
            claim("killed", "150", true),
            claim("date", "2024-08-24", false),
            claim("killed", "400", true),
            claim("date", "2024-08-24", false),
            claim("actors", "JNIM", false),
            claim("actors", "ISSP", false),
        ];
        let groups = claim_groups(&claims);
        let shape: Vec<(&str, usize, bool)> = groups
            .iter()
            .map(|g| (g.field, g.versions.len(), g.conflict))
            .collect();
        assert_eq!(
            shape,
            vec![("killed", 2, true), ("date", 2, false), ("actors", 2, true)]
        );
    }

    #[test]
    fn outlets_count_reports_without_an_outlet_by_article() {
        let mut e = event("e1", EventType::Consult, None, &["a.txt", "b.txt", "c.txt"]);
        e.mentions[1].outlet = e.mentions[0].outlet.clone();
        e.mentions[2].outlet = None;
        assert_eq!(
            e.outlets().into_iter().collect::<Vec<_>>(),
            vec!["Outlet of a.txt", "c.txt"]
        );
    }

    /// An event for the sort: its id and date only matter.
    #[derive(Clone, Debug, PartialEq)]
    struct Dot {
        id: String,
        date: Option<EventDate>,
        /// Where it was before the sort, to tell events alike in id and date apart.
        at: usize,
    }

    impl Dated for Dot {
        fn date(&self) -> Option<EventDate> {
            self.date
        }
        fn id(&self) -> &str {
            &self.id
        }
    }

    proptest::proptest! {
        #[test]
        fn the_sort_by_date_is_a_stable_sort_in_date_order(
            drawn in proptest::collection::vec(
                (
                    // Ids sharing long prefixes, and ids of fewer than eight bytes.
                    proptest::sample::select(vec![
                        "", "e", "ev-", "ev-1", "ev-10", "ev-1000000", "ev-10000000",
                        "ev-100000001", "ev-2", "ev-20000000\u{0}", "ev-20000000", "évé",
                    ]),
                    proptest::option::of(proptest::sample::select(vec![
                        "2024", "2024-07", "2024-07-06", "2024-07-06/2024-07-20",
                        "2024-07-20", "2023/2024",
                    ])),
                ),
                0..40,
            )
        ) {
            let events: Vec<Dot> = drawn
                .iter()
                .enumerate()
                .map(|(at, (id, date))| Dot {
                    id: id.to_string(),
                    date: date.map(|d| d.parse().unwrap()),
                    at,
                })
                .collect();
            let mut expected = events.clone();
            expected.sort_by(date_order);
            let mut sorted = events;
            sort_by_date(&mut sorted);
            proptest::prop_assert_eq!(sorted, expected);
        }
    }
}
