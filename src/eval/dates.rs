//! Dates as scoring reads them: a gold or system date becomes an interval of days, and two
//! intervals are compatible when they overlap once each is widened by a day on either side.
//!
//! The parsing is `score.py`'s, quirks included (a date string is cut to ten characters and split
//! on `-`; a range `A/B` runs from A's first day to B's last, even backwards), so both scorers
//! accept and refuse the same strings.

use serde_json::Value;

use super::python;

/// Days as proleptic Gregorian ordinals (0001-01-01 is day 1, as Python's `date.toordinal`).
pub type Day = i64;

/// The first and last day a date covers.
pub type Interval = (Day, Day);

/// The interval of `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `A/B` (each side one of those), or `None`
/// when the string is not such a date.
pub fn interval(s: &str) -> Option<Interval> {
    if s.is_empty() {
        return None;
    }
    if let Some((a, b)) = s.split_once('/') {
        let (first, _) = interval(a)?;
        let (_, last) = interval(b)?;
        return Some((first, last));
    }
    let head: String = python::strip(s).chars().take(10).collect();
    let parts: Vec<&str> = head.split('-').collect();
    let year = python::int(parts.first()?)?;
    let Some(month) = parts.get(1) else {
        return Some((ordinal(year, 1, 1)?, ordinal(year, 12, 31)?));
    };
    let month = python::int(month)?;
    let Some(day) = parts.get(2) else {
        let first = ordinal(year, month, 1)?;
        return Some((first, first + days_in_month(year, month)? - 1));
    };
    let day = ordinal(year, month, python::int(day)?)?;
    Some((day, day))
}

/// The interval of an optional JSON value: only strings are dates.
fn interval_of(v: Option<&Value>) -> Option<Interval> {
    match v {
        Some(Value::String(s)) => interval(s),
        _ => None,
    }
}

/// The first of `keys` in `obj` whose value is truthy.
fn first_truthy<'a>(obj: &'a serde_json::Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    keys.iter()
        .filter_map(|k| obj.get(*k))
        .find(|v| python::truthy(v))
}

/// A system event's date: `date` or `when` as a string (the first string found decides, even a
/// bad one), or as an object with `start`/`value`/`date` and `end`; else `date_start` and
/// `date_end`.
pub fn system_interval(event: &Value) -> Option<Interval> {
    for key in ["date", "when"] {
        match event.get(key) {
            Some(Value::String(s)) => return interval(s),
            Some(Value::Object(obj)) => {
                let start = first_truthy(obj, &["start", "value", "date"]);
                let end = first_truthy(obj, &["end"]).or(start);
                if let (Some((first, _)), Some((_, last))) = (interval_of(start), interval_of(end))
                {
                    return Some((first, last));
                }
            }
            _ => {}
        }
    }
    let start = event.get("date_start").filter(|v| python::truthy(v))?;
    let end = event
        .get("date_end")
        .filter(|v| python::truthy(v))
        .unwrap_or(start);
    match (interval_of(Some(start)), interval_of(Some(end))) {
        (Some((first, _)), Some((_, last))) => Some((first, last)),
        _ => None,
    }
}

/// Whether two dates can be the same happening: both known, and overlapping once each is
/// widened by one day on each side.
pub fn compatible(a: Option<Interval>, b: Option<Interval>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.0 - 1 <= b.1 + 1 && b.0 - 1 <= a.1 + 1,
        _ => false,
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> Option<i64> {
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return None,
    })
}

/// The ordinal of a valid date in years 1..=9999 (Python's `date` range), else `None`.
fn ordinal(year: i64, month: i64, day: i64) -> Option<Day> {
    if !(1..=9999).contains(&year) || day < 1 || day > days_in_month(year, month)? {
        return None;
    }
    let y = year - 1;
    let before_year = 365 * y + y / 4 - y / 100 + y / 400;
    let before_month: i64 = (1..month)
        .map(|m| days_in_month(year, m).unwrap_or(0))
        .sum();
    Some(before_year + before_month + day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn day(s: &str) -> Day {
        interval(s).unwrap().0
    }

    #[test]
    fn ordinals_match_python() {
        assert_eq!(ordinal(1, 1, 1), Some(1));
        assert_eq!(ordinal(2025, 4, 3), Some(739344));
        assert_eq!(ordinal(2000, 3, 1), Some(730180));
        assert_eq!(ordinal(2024, 2, 29), Some(738945));
        assert_eq!(ordinal(2023, 2, 29), None);
        assert_eq!(ordinal(0, 1, 1), None);
        assert_eq!(ordinal(10000, 1, 1), None);
    }

    #[test]
    fn date_forms() {
        assert_eq!(
            interval("2025-04-03"),
            Some((day("2025-04-03"), day("2025-04-03")))
        );
        assert_eq!(
            interval("2025-02"),
            Some((day("2025-02-01"), day("2025-02-28")))
        );
        assert_eq!(
            interval("2024-02"),
            Some((day("2024-02-01"), day("2024-02-29")))
        );
        assert_eq!(
            interval("2025"),
            Some((day("2025-01-01"), day("2025-12-31")))
        );
        assert_eq!(
            interval("2025-3-4"),
            Some((day("2025-03-04"), day("2025-03-04")))
        );
        assert_eq!(interval(" 2025-04-03T10:00:00Z"), interval("2025-04-03"));
        assert_eq!(interval("2025-04-03-09"), interval("2025-04-03"));
        assert_eq!(
            interval("2025-04/2025-06"),
            Some((day("2025-04-01"), day("2025-06-30")))
        );
        assert_eq!(
            interval("2025-06/2025-04"),
            Some((day("2025-06-01"), day("2025-04-30")))
        );
        assert_eq!(
            interval("2025/2026/2027"),
            Some((day("2025-01-01"), day("2027-12-31")))
        );
        for bad in [
            "",
            "  ",
            "2025-13",
            "2025-02-30",
            "2025-3-4T10",
            "-05",
            "2025-",
            "2025/",
            "hier",
            "0000",
        ] {
            assert_eq!(interval(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn system_date_fields_in_order() {
        let d = interval("2025-04-03");
        assert_eq!(system_interval(&json!({"date": "2025-04-03"})), d);
        assert_eq!(system_interval(&json!({"when": "2025-04-03"})), d);
        assert_eq!(
            system_interval(&json!({"when": {"start": "2025-04-03"}})),
            d
        );
        assert_eq!(
            system_interval(&json!({"when": {"value": "2025-04-03"}})),
            d
        );
        assert_eq!(system_interval(&json!({"when": {"date": "2025-04-03"}})), d);
        assert_eq!(
            system_interval(&json!({"when": {"start": "", "value": "2025-04-03"}})),
            d
        );
        assert_eq!(
            system_interval(&json!({"when": {"start": "2025-04-03", "end": "2025-04-05"}})),
            Some((day("2025-04-03"), day("2025-04-05")))
        );
        assert_eq!(system_interval(&json!({"date_start": "2025-04-03"})), d);
        assert_eq!(
            system_interval(&json!({"date_start": "2025-04", "date_end": "2025-05"})),
            Some((day("2025-04-01"), day("2025-05-31")))
        );
        // A string `date` decides even when it is not a date.
        assert_eq!(
            system_interval(&json!({"date": "", "when": "2025-04-03"})),
            None
        );
        assert_eq!(
            system_interval(&json!({"date": "soon", "date_start": "2025-04-03"})),
            None
        );
        // An object that gives no date lets the next field speak.
        assert_eq!(
            system_interval(&json!({"date": {"start": 5}, "when": "2025-04-03"})),
            d
        );
        assert_eq!(
            system_interval(&json!({"date": null, "date_start": "2025-04-03"})),
            d
        );
        assert_eq!(
            system_interval(&json!({"date_start": "2025-04-03", "date_end": "x"})),
            None
        );
        assert_eq!(system_interval(&json!({})), None);
    }

    #[test]
    fn compatibility_widens_by_one_day() {
        let c = |a: &str, b: &str| compatible(interval(a), interval(b));
        assert!(c("2025-04-03", "2025-04-03"));
        assert!(c("2025-04-03", "2025-04-05"));
        assert!(!c("2025-04-03", "2025-04-06"));
        assert!(c("2025-04", "2025-05-01"));
        assert!(c("2025-04", "2025-05-02"));
        assert!(!c("2025-04", "2025-05-03"));
        assert!(c("2025", "2025-07-14"));
        assert!(!c("2025", "2024-12-29"));
        assert!(!compatible(None, interval("2025")));
        assert!(!compatible(None, None));
    }
}
