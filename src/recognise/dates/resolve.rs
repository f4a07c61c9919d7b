//! Places what the text says of a date in time, against the article's anchor.
//!
//! Every rule here is a bet on how news is written; each says which bet and why.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::lexicon::{Mark, Unit};
use super::parse::{Cal, Expr};
use crate::model::{DatePoint, EventDate, WeekdayName};

/// How far after the publication date a year-less date may fall before it is read as last
/// year's: an article of 2025-01-05 saying "le 20 décembre" means 2024, and one of 2024-01-29
/// recalling "le coup d'État du 26 juillet" or "in July" means the last July, since news
/// reports the past far more than it announces; one of 2025-03-01 announcing "le 14 mai" means
/// this year.
const AHEAD_DAYS: i64 = 90;
/// The same window when the anchor is only the first date an undated article gives: its story
/// moves forward from there ("Le 3 avril 2025, … Le 14 août, ils se sont revus"), so later
/// months of the same year stay in it.
const AHEAD_DAYS_IN_STORY: i64 = 183;
/// How far before the anchor a year-less date may fall before it is read as next year's: in
/// late December, "le 5 janvier" is an upcoming day, not one almost a year gone (a day that old
/// would be written with its year).
const BEHIND_DAYS: i64 = 320;

/// What year-less dates take their year from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reference {
    /// A known day: the year that puts the date near it (see [`AHEAD_DAYS`], [`BEHIND_DAYS`]).
    Near(NaiveDate),
    /// Only the year is known: that year.
    Year(i32),
}

/// The anchor, as precise as it is known, that relative forms are resolved against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Frame {
    /// The day, for weekdays and "hier".
    pub day: Option<NaiveDate>,
    /// The month, for "le mois dernier".
    pub month: Option<(i32, u32)>,
    /// The year, for "l'an dernier".
    pub year: Option<i32>,
    /// For year-less dates.
    pub reference: Option<Reference>,
    /// True when the anchor is the publication date (not a date the text gives).
    pub published: bool,
}

impl Frame {
    /// The frame of a known day.
    pub fn of_day(d: NaiveDate) -> Frame {
        Frame {
            day: Some(d),
            month: Some((d.year(), d.month())),
            year: Some(d.year()),
            reference: Some(Reference::Near(d)),
            published: false,
        }
    }

    /// The frame of an anchor point; `day` is a day of the text that falls inside it, which
    /// makes a month or year anchor precise enough for weekdays.
    pub fn of_point(p: DatePoint, day: Option<NaiveDate>) -> Frame {
        if let Some(d) = day.filter(|d| p.first_day() <= *d && *d <= p.last_day()) {
            return Frame::of_day(d);
        }
        match p {
            DatePoint::Day(d) => Frame::of_day(d),
            DatePoint::Month { year, month } => Frame {
                day: None,
                month: Some((year, month)),
                year: Some(year),
                // The middle of the month: a year-less date is placed near the month as a whole.
                reference: NaiveDate::from_ymd_opt(year, month, 15).map(Reference::Near),
                published: false,
            },
            DatePoint::Year(y) => Frame {
                day: None,
                month: None,
                year: Some(y),
                reference: Some(Reference::Year(y)),
                published: false,
            },
        }
    }
}

/// An expression placed in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Resolved {
    /// The date, when it can be known.
    pub date: Option<EventDate>,
    /// The weekday the text names.
    pub weekday: Option<WeekdayName>,
    /// True when some part of the date came from outside the expression.
    pub relative: bool,
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    d.checked_add_signed(Duration::try_days(n)?)
}

fn monday_of(d: NaiveDate) -> Option<NaiveDate> {
    add_days(d, -i64::from(d.weekday().num_days_from_monday()))
}

/// The calendar fields read whole from the text, when they need nothing else.
pub(super) fn explicit_point(c: &Cal) -> Option<DatePoint> {
    match (c.year, c.month, c.day) {
        (Some(y), Some(m), Some(d)) => DatePoint::day(y, m, d),
        (Some(y), Some(m), None) => DatePoint::month(y, m),
        (Some(y), None, None) => Some(DatePoint::Year(y)),
        _ => None,
    }
}

/// The year a year-less `month` (and `day`) falls in, against `reference`.
fn year_for(
    reference: Reference,
    month: u32,
    day: Option<u32>,
    mark: Option<Mark>,
    ahead_days: i64,
) -> Option<i32> {
    let valid = |y: i32| NaiveDate::from_ymd_opt(y, month, day.unwrap_or(1)).is_some();
    let d = match reference {
        // Without a day to compare with, the year given is the year.
        Reference::Year(y) => return valid(y).then_some(y),
        Reference::Near(d) => d,
    };
    let on = |y: i32| NaiveDate::from_ymd_opt(y, month, day.unwrap_or(1));
    let y0 = d.year();
    match mark {
        // "le 3 avril dernier": the latest such day strictly before the anchor; "last
        // September": the latest such month wholly before it.
        Some(Mark::Last) => (y0 - 8..=y0).rev().find(|&y| match day {
            Some(_) => on(y).is_some_and(|x| x < d),
            None => DatePoint::Month { year: y, month }.last_day() < d,
        }),
        // "le 3 avril prochain": the earliest such day strictly after it.
        Some(Mark::Next) => (y0..=y0 + 8).find(|&y| on(y).is_some_and(|x| x > d)),
        Some(Mark::This) | None => {
            // Decide on a day every year has (the 28th stands for a 29th of February), then
            // step back to a year that has the day itself: a leap day is the last one before.
            let probe = NaiveDate::from_ymd_opt(y0, month, day.unwrap_or(1).min(28))?;
            let last_of_probe = match day {
                Some(_) => probe,
                None => DatePoint::Month { year: y0, month }.last_day(),
            };
            let mut y = y0;
            if probe > add_days(d, ahead_days)? {
                y = y0 - 1;
            } else if last_of_probe < add_days(d, -BEHIND_DAYS)? {
                y = y0 + 1;
            }
            (0..=8).map(|k| y - k).find(|&y| valid(y))
        }
    }
}

/// Places a weekday against `day`.
fn place_weekday(w: Weekday, mark: Option<Mark>, day: NaiveDate) -> Option<NaiveDate> {
    let back = i64::from((day.weekday().num_days_from_monday() + 7 - w.num_days_from_monday()) % 7);
    let ahead = (7 - back) % 7;
    match mark {
        // News reports what has happened: a bare weekday is the latest such day on or before
        // the anchor (an article of Friday saying "jeudi" means yesterday).
        None => add_days(day, -back),
        // "jeudi dernier": strictly before, so a Thursday article means a week ago.
        Some(Mark::Last) => add_days(day, -(if back == 0 { 7 } else { back })),
        // "jeudi prochain": strictly after.
        Some(Mark::Next) => add_days(day, if ahead == 0 { 7 } else { ahead }),
        // "ce jeudi": the Thursday of the anchor's Monday-to-Sunday week, before or after it;
        // whether it is past or to come is the verb's business, not the date's.
        Some(Mark::This) => add_days(monday_of(day)?, i64::from(w.num_days_from_monday())),
    }
}

/// The point of calendar fields, taking what they lack from `frame`; true when it took some.
fn cal_point(c: &Cal, frame: &Frame) -> Option<(DatePoint, bool)> {
    if let Some(p) = explicit_point(c) {
        return Some((p, false));
    }
    let month = c.month?;
    if c.year.is_some() {
        return None;
    }
    if let Some(offset) = c.year_offset {
        let y = frame.year?.checked_add(i32::try_from(offset).ok()?)?;
        let p = match c.day {
            Some(d) => DatePoint::day(y, month, d)?,
            None => DatePoint::month(y, month)?,
        };
        return Some((p, true));
    }
    let ahead = if frame.published {
        AHEAD_DAYS
    } else {
        AHEAD_DAYS_IN_STORY
    };
    let y = year_for(frame.reference?, month, c.day, c.mark, ahead)?;
    let p = match c.day {
        Some(d) => DatePoint::day(y, month, d)?,
        None => DatePoint::month(y, month)?,
    };
    Some((p, true))
}

fn shift_month(year: i32, month: u32, by: i64) -> Option<DatePoint> {
    let index = (i64::from(year) * 12 + i64::from(month) - 1).checked_add(by)?;
    let y = i32::try_from(index.div_euclid(12)).ok()?;
    DatePoint::month(y, u32::try_from(index.rem_euclid(12)).ok()? + 1)
}

fn week_of(d: NaiveDate) -> Option<EventDate> {
    let monday = monday_of(d)?;
    Some(EventDate::range(
        DatePoint::Day(monday),
        DatePoint::Day(add_days(monday, 6)?),
    ))
}

/// A period `offset` units from the frame's: "la semaine dernière" is last Monday-to-Sunday
/// week, "le mois dernier" the calendar month before the anchor's.
fn period(unit: Unit, offset: i64, frame: &Frame) -> Option<EventDate> {
    match unit {
        Unit::Day => Some(DatePoint::Day(add_days(frame.day?, offset)?).into()),
        Unit::Week => week_of(add_days(frame.day?, offset.checked_mul(7)?)?),
        Unit::Month => {
            let (y, m) = frame.month?;
            Some(shift_month(y, m, offset)?.into())
        }
        Unit::Year => {
            Some(DatePoint::Year(frame.year?.checked_add(i32::try_from(offset).ok()?)?).into())
        }
    }
}

/// The day `count` units before the anchor's day ("il y a un an jour pour jour").
fn exact_ago(unit: Unit, count: u32, frame: &Frame) -> Option<EventDate> {
    let day = frame.day?;
    let back = match unit {
        Unit::Day => add_days(day, -i64::from(count)),
        Unit::Week => add_days(day, -7 * i64::from(count)),
        Unit::Month => day.checked_sub_months(chrono::Months::new(count)),
        Unit::Year => day.checked_sub_months(chrono::Months::new(count.checked_mul(12)?)),
    }?;
    Some(DatePoint::Day(back).into())
}

/// The first point of a date (a range's start).
fn first_point(d: EventDate) -> DatePoint {
    match d {
        EventDate::Point(p) | EventDate::Range(p, _) => p,
    }
}

/// The last point of a date (a range's end).
fn last_point(d: EventDate) -> DatePoint {
    match d {
        EventDate::Point(p) | EventDate::Range(_, p) => p,
    }
}

/// Places `expr` in time against `frame`.
pub(super) fn resolve(expr: &Expr, frame: &Frame) -> Resolved {
    match *expr {
        Expr::Cal(c) => {
            // A weekday that contradicts the day number ("mercredi 3 avril 2025", a Thursday)
            // does not move the date: the number is what the dispatch gives, the weekday what
            // the writer adds, and the likelier slip. The weekday is kept for the reader.
            let (date, relative) = match cal_point(&c, frame) {
                Some((p, rel)) => (Some(p.into()), rel),
                None => (None, true),
            };
            Resolved {
                date,
                weekday: c.weekday.map(Into::into),
                relative,
            }
        }
        Expr::Weekday { weekday, mark } => Resolved {
            date: frame
                .day
                .and_then(|d| place_weekday(weekday, mark, d))
                .map(|d| DatePoint::Day(d).into()),
            weekday: Some(weekday.into()),
            relative: true,
        },
        Expr::RelativeDay(offset) => Resolved {
            date: period(Unit::Day, offset, frame),
            weekday: None,
            relative: true,
        },
        Expr::RelativePeriod {
            unit,
            offset,
            through,
        } => Resolved {
            date: match through {
                None => period(unit, offset, frame),
                Some(last) => match (period(unit, offset, frame), period(unit, last, frame)) {
                    (Some(a), Some(b)) => Some(EventDate::range(first_point(a), last_point(b))),
                    _ => None,
                },
            },
            weekday: None,
            relative: true,
        },
        Expr::Ago { unit, count, exact } => Resolved {
            date: if exact {
                exact_ago(unit, count, frame)
            } else {
                period(unit, -i64::from(count), frame)
            },
            weekday: None,
            relative: true,
        },
        // Placed by extraction, against the date of the event it is counted from.
        Expr::Elapsed { .. } => Resolved {
            date: None,
            weekday: None,
            relative: true,
        },
        Expr::CalRange(a, b) => {
            let date = match (explicit_point(&a), explicit_point(&b)) {
                (Some(pa), Some(pb)) => Some((EventDate::range(pa, pb), false)),
                _ => year_less_range(&a, &b, frame).map(|d| (d, true)),
            };
            Resolved {
                date: date.map(|d| d.0),
                weekday: a.weekday.or(b.weekday).map(Into::into),
                relative: date.is_none_or(|d| d.1),
            }
        }
        Expr::WeekdayRange(x, y) => {
            // The range is placed by its last day, read like a bare weekday (news reports the
            // past, so the whole range is before the anchor); the first day is counted back.
            let gap = i64::from((y.num_days_from_monday() + 7 - x.num_days_from_monday()) % 7);
            let date = frame.day.and_then(|d| {
                let last = place_weekday(y, None, d)?;
                let first = add_days(last, -gap)?;
                Some(EventDate::range(
                    DatePoint::Day(first),
                    DatePoint::Day(last),
                ))
            });
            Resolved {
                date,
                weekday: Some(x.into()),
                relative: true,
            }
        }
        Expr::NotADate => Resolved {
            date: None,
            weekday: None,
            relative: false,
        },
    }
}

/// "du 28 décembre au 3 janvier" without a year: the last end is placed against the anchor,
/// the first takes its year, or the year before when it would come after the last.
fn year_less_range(a: &Cal, b: &Cal, frame: &Frame) -> Option<EventDate> {
    let (pb, _) = cal_point(b, frame)?;
    let mut a = *a;
    a.year = Some(pb.year());
    let mut pa = explicit_point(&a)?;
    if pa.first_day() > pb.first_day() {
        a.year = Some(pb.year() - 1);
        pa = explicit_point(&a)?;
    }
    Some(EventDate::range(pa, pb))
}
