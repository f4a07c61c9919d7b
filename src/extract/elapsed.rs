//! Dates placed by a time elapsed between two events: "ECOWAS met on Friday, four days after
//! soldiers ousted the president" puts the coup on the Monday; "Damiba avait pris le pouvoir
//! huit mois plus tôt" puts his coup eight months before the date the text is at.
//!
//! The press rounds these times ("eight months after" is seldom eight months to the day), so a
//! count of weeks, months or years gives a range around the exact shift rather than a day; a
//! count left vague ("weeks after", "quelques mois plus tard") says only that the event is
//! elsewhere in time, so the event is left undated rather than given the sentence's date.

use chrono::{Duration, Months, NaiveDate};

use super::ChosenDate;
use super::lexicon::TriggerMatch;
use super::tokens::{Token, TokenKind};
use crate::model::{DateMention, DatePoint, Elapsed, ElapsedShift, ElapsedUnit, EventDate};

/// How many tokens may stand between "four days after" and the event it places ("après avoir
/// lui-même renversé", "after an earlier putsch that toppled").
const NEXT_EVENT_WINDOW: usize = 6;

/// An elapsed time of a sentence, by token positions.
#[derive(Clone, Copy, Debug)]
pub(super) struct ElapsedMark {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// What it says.
    pub elapsed: Elapsed,
}

/// The elapsed times among a sentence's date mentions, with `at(span_start)` giving a token.
pub(super) fn marks(
    mentions: &[&DateMention],
    tokens: &[Token],
    at: impl Fn(&[Token], usize) -> usize,
) -> Vec<ElapsedMark> {
    mentions
        .iter()
        .filter_map(|d| {
            let elapsed = d.elapsed?;
            Some(ElapsedMark {
                start: at(tokens, d.span.start),
                end: at(tokens, d.span.end),
                elapsed,
            })
        })
        .collect()
}

/// Where a trigger sits in its sentence: its clause, and the sentence's embedded clauses
/// (", qui…", ", who…").
#[derive(Clone, Copy, Debug)]
pub(super) struct Site<'a> {
    /// The trigger's clause, by tokens.
    pub clause: (usize, usize),
    /// The embedded clauses of the sentence, by tokens.
    pub embedded: &'a [(usize, usize)],
}

impl Site<'_> {
    /// The embedded clause holding token `at`, if any.
    fn home(&self, at: usize) -> Option<(usize, usize)> {
        embedded_home(self.embedded, at)
    }
}

/// The embedded clause (of `embedded`, by tokens) holding token `at`, if any.
pub(super) fn embedded_home(embedded: &[(usize, usize)], at: usize) -> Option<(usize, usize)> {
    embedded.iter().copied().find(|&(s, e)| at >= s && at < e)
}

/// The date an elapsed time gives the trigger `m`, or `None` when none places it.
///
/// "four days after" places the event named within a few words after it, with no punctuation
/// between; "three days later" places the events of its clause (of its embedded clause, when
/// the trigger is in one: "Traoré a renversé Damiba en septembre, qui avait pris le pouvoir
/// huit mois plus tôt" places Damiba's coup, not Traoré's). The reference is the nearest date of
/// the sentence (`dates`, all of them) outside the placed stretch, else the date the text was
/// at (`inherited`); a range is too loose a reference, and leaves the event undated. A date of
/// the trigger's own clause after the elapsed time wins over it ("two weeks after the coup of
/// 24 May").
pub(super) fn placed_date(
    marks: &[ElapsedMark],
    dates: &[(usize, &DateMention)],
    tokens: &[Token],
    m: &TriggerMatch,
    site: Site,
    inherited: ChosenDate,
) -> Option<ChosenDate> {
    let home = site.home(m.start);
    let clause = match home {
        Some((s, e)) => (site.clause.0.max(s), site.clause.1.min(e)),
        None => site.clause,
    };
    let mark = marks.iter().find(|k| match k.elapsed.shift {
        ElapsedShift::NextEarlier | ElapsedShift::NextLater | ElapsedShift::NextThrough => {
            k.end <= m.start
                && m.start - k.end <= NEXT_EVENT_WINDOW
                && !tokens[k.end..m.start]
                    .iter()
                    .any(|t| t.kind == TokenKind::Punct)
        }
        ElapsedShift::ClauseLater | ElapsedShift::ClauseEarlier => {
            k.start >= clause.0 && k.start < clause.1 && site.home(k.start) == home
        }
    })?;
    // "eight months earlier" places what its clause says from the trigger on; a date said
    // before the trigger is where the text stands, the reference ("a pris le pouvoir le 30
    // septembre …, par le putsch qui avait chassé Kaboré huit mois plus tôt").
    let placed = match mark.elapsed.shift {
        ElapsedShift::ClauseLater | ElapsedShift::ClauseEarlier => {
            (clause.0.max(m.start.min(mark.start)), clause.1)
        }
        _ => (mark.start, clause.1.max(m.end)),
    };
    if dates
        .iter()
        .any(|(at, _)| *at >= mark.end && *at < clause.1)
    {
        return None;
    }
    // A date of its own between the trigger and the elapsed time dates the trigger ("a pris le
    // pouvoir le 30 septembre …, huit mois plus tôt" leaves the 30 September to the takeover).
    if dates
        .iter()
        .any(|(at, d)| *at >= m.end && *at < mark.start && d.date.is_some())
    {
        return None;
    }
    let reference = dates
        .iter()
        .filter(|(at, d)| (*at < placed.0 || *at >= placed.1) && d.date.is_some())
        .min_by_key(|(at, _)| at.abs_diff(mark.start))
        .and_then(|(_, d)| d.date)
        .or(inherited.date);
    let date = match reference {
        Some(r @ EventDate::Point(_)) => shifted(r, mark.elapsed),
        _ => None,
    };
    Some(ChosenDate {
        date,
        weekday: None,
        inherited: false,
        relative: true,
    })
}

/// `reference` moved by `elapsed`, at the precision the two allow; `None` when the count is
/// vague, except for a span ("months of protests"), taken as a few units up to the reference.
fn shifted(reference: EventDate, elapsed: Elapsed) -> Option<EventDate> {
    if elapsed.shift == ElapsedShift::NextThrough {
        return span_up_to(reference, elapsed.unit);
    }
    let n = elapsed.count?;
    let back = matches!(
        elapsed.shift,
        ElapsedShift::NextEarlier | ElapsedShift::ClauseEarlier
    );
    let (first, last) = (reference.first_day(), reference.last_day());
    let middle = first + Duration::days((last - first).num_days() / 2);
    let exact_day = first == last;
    let move_days = |d: NaiveDate, days: i64| {
        d.checked_add_signed(Duration::days(if back { -days } else { days }))
    };
    let move_months = |d: NaiveDate, months: u32| {
        if back {
            d.checked_sub_months(Months::new(months))
        } else {
            d.checked_add_months(Months::new(months))
        }
    };
    // (centre, half-width in days) of where the event lies.
    let (centre, slack) = match elapsed.unit {
        ElapsedUnit::Day => (move_days(middle, i64::from(n))?, 0),
        ElapsedUnit::Week => (move_days(middle, 7 * i64::from(n))?, 3),
        ElapsedUnit::Month => (move_months(middle, n)?, 15),
        ElapsedUnit::Year => (move_months(middle, 12 * n)?, 182),
    };
    // A reference of a month or a year is no more precise than itself once shifted.
    let slack = slack.max((last - first).num_days() / 2);
    let lo = centre - Duration::days(slack);
    let hi = centre + Duration::days(slack);
    let point = |d: NaiveDate| match elapsed.unit {
        _ if !exact_day && slack >= 182 => DatePoint::Year(chrono::Datelike::year(&d)),
        ElapsedUnit::Day | ElapsedUnit::Week if exact_day => DatePoint::Day(d),
        ElapsedUnit::Year => DatePoint::Year(chrono::Datelike::year(&d)),
        _ => DatePoint::Month {
            year: chrono::Datelike::year(&d),
            month: chrono::Datelike::month(&d),
        },
    };
    Some(EventDate::range(point(lo), point(hi)))
}

/// How many units "months of", "des semaines de" stand for: a few.
const VAGUE_SPAN_UNITS: u32 = 3;

/// The span of a few `unit`s ending with `reference`, at the unit's precision.
fn span_up_to(reference: EventDate, unit: ElapsedUnit) -> Option<EventDate> {
    use chrono::Datelike;
    let last = reference.last_day();
    let first = match unit {
        ElapsedUnit::Day => last.checked_sub_signed(Duration::days(i64::from(VAGUE_SPAN_UNITS))),
        ElapsedUnit::Week => {
            last.checked_sub_signed(Duration::days(7 * i64::from(VAGUE_SPAN_UNITS)))
        }
        ElapsedUnit::Month => last.checked_sub_months(Months::new(VAGUE_SPAN_UNITS)),
        ElapsedUnit::Year => last.checked_sub_months(Months::new(12 * VAGUE_SPAN_UNITS)),
    }?;
    let point = |d: NaiveDate| match unit {
        ElapsedUnit::Day | ElapsedUnit::Week => DatePoint::Day(d),
        ElapsedUnit::Month => DatePoint::Month {
            year: d.year(),
            month: d.month(),
        },
        ElapsedUnit::Year => DatePoint::Year(d.year()),
    };
    Some(EventDate::range(point(first), point(last)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> EventDate {
        EventDate::Point(DatePoint::Day(s.parse().expect("test day")))
    }

    /// The day `from` moved by `count` `unit`s, as the date it gives.
    fn shift(from: &str, unit: ElapsedUnit, count: u32, how: ElapsedShift) -> Option<String> {
        shifted(day(from), took(unit, count, how)).map(|d| d.to_string())
    }

    fn took(unit: ElapsedUnit, count: u32, shift: ElapsedShift) -> Elapsed {
        Elapsed {
            unit,
            count: Some(count),
            shift,
        }
    }

    #[test]
    fn days_from_a_day_give_a_day() {
        assert_eq!(
            shift("2022-01-28", ElapsedUnit::Day, 4, ElapsedShift::NextEarlier),
            Some("2022-01-24".into())
        );
        assert_eq!(
            shift("2022-01-28", ElapsedUnit::Day, 3, ElapsedShift::ClauseLater),
            Some("2022-01-31".into())
        );
    }

    #[test]
    fn rounded_counts_give_a_range_around_the_shift() {
        assert_eq!(
            shift(
                "2021-06-07",
                ElapsedUnit::Week,
                2,
                ElapsedShift::NextEarlier
            ),
            Some("2021-05-21/2021-05-27".into())
        );
        assert_eq!(
            shift(
                "2022-10-01",
                ElapsedUnit::Month,
                8,
                ElapsedShift::ClauseEarlier
            ),
            Some("2022-01/2022-02".into())
        );
        assert_eq!(
            shift(
                "2023-02-07",
                ElapsedUnit::Year,
                9,
                ElapsedShift::NextEarlier
            ),
            Some("2013/2014".into())
        );
    }

    #[test]
    fn a_month_reference_gives_months() {
        let month = EventDate::Point(DatePoint::Month {
            year: 2023,
            month: 7,
        });
        let e = took(ElapsedUnit::Day, 4, ElapsedShift::NextEarlier);
        let got = shifted(month, e).map(|d| d.to_string());
        assert_eq!(got, Some("2023-06/2023-07".into()));
    }

    #[test]
    fn months_of_an_event_span_a_few_months_up_to_the_reference() {
        let e = Elapsed {
            unit: ElapsedUnit::Month,
            count: None,
            shift: ElapsedShift::NextThrough,
        };
        assert_eq!(
            shifted(day("2020-08-19"), e).map(|d| d.to_string()),
            Some("2020-05/2020-08".into())
        );
    }

    #[test]
    fn a_vague_count_leaves_the_event_undated() {
        let e = Elapsed {
            unit: ElapsedUnit::Week,
            count: None,
            shift: ElapsedShift::NextEarlier,
        };
        assert_eq!(shifted(day("2023-08-01"), e), None);
    }
}
