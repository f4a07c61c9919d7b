//! The date grammar: which tokens, in which order, make a date expression. It reads what the
//! text says (a day, a month, a year, a weekday, an offset) and leaves placing it in time to
//! `resolve`.
//!
//! At each token every form is tried and the longest wins, so "du 7 au 11 mai 2025" is one range
//! rather than a bare day and a date, and "jeudi 3 avril 2025" one date rather than a weekday.

use chrono::{Datelike, NaiveDate, Weekday};

use super::lexicon::{Lexicon, Mark, NumericOrder, Role, Unit};
use super::scan::{Kind, Number, Token};
use crate::model::ElapsedShift;

/// Years a bare four-digit number may be: the span of modern news and its background. Beyond
/// it a bare number is a count ("5000 hommes").
const BARE_YEARS: std::ops::RangeInclusive<i64> = 1900..=2099;
/// Years a number may be when a month or a day goes with it ("août 1914").
const NAMED_YEARS: std::ops::RangeInclusive<i64> = 1000..=2999;

/// The calendar fields an expression gives, any of which may be missing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Cal {
    /// Day of the month.
    pub day: Option<u32>,
    /// Month, 1-12.
    pub month: Option<u32>,
    /// Year.
    pub year: Option<i32>,
    /// The weekday written beside the date ("jeudi 3 avril").
    pub weekday: Option<Weekday>,
    /// "le 3 avril dernier": which side of the anchor a year-less date is on.
    pub mark: Option<Mark>,
    /// "en janvier de l'année dernière", "in January last year": the year, counted from the
    /// anchor's.
    pub year_offset: Option<i64>,
    /// "in June of that year", "en juin de la même année": the year of the date before.
    pub same_year: bool,
}

/// A date expression as the text gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Expr {
    /// Calendar fields: "3 avril 2025", "août 2020", "le 14 août", "2022".
    Cal(Cal),
    /// A weekday alone, placed by its mark: "jeudi", "ce jeudi", "last Thursday".
    Weekday {
        weekday: Weekday,
        mark: Option<Mark>,
    },
    /// Days from the anchor: "hier".
    RelativeDay(i64),
    /// A week, month or year counted from the anchor's: "le mois dernier".
    RelativePeriod {
        unit: Unit,
        offset: i64,
        through: Option<i64>,
    },
    /// "il y a deux ans", "three days ago"; `exact` for "il y a un an jour pour jour".
    Ago { unit: Unit, count: u32, exact: bool },
    /// "four days after", "quelques mois plus tard": a time between two events, no date.
    Elapsed {
        unit: Unit,
        count: Option<u32>,
        shift: ElapsedShift,
    },
    /// A range of calendar dates of the same shape: "du 7 au 11 mai 2025", "entre 2020 et 2023".
    CalRange(Cal, Cal),
    /// A range of weekdays: "jeudi et vendredi", "dans la nuit de mardi à mercredi".
    WeekdayRange(Weekday, Weekday),
    /// Looks like a date and is not one ("31 juin", "entre 2000 et 2050 soldats"): read so that
    /// no shorter form finds a date inside it, then dropped.
    NotADate,
}

/// An expression with its folded byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Found {
    /// First folded byte.
    pub start: usize,
    /// One past the last folded byte.
    pub end: usize,
    /// What it says.
    pub expr: Expr,
}

/// One end of a range.
#[derive(Clone, Copy, Debug)]
enum End {
    Cal(Cal),
    Weekday(Weekday),
}

/// The number of days of `month` in `year`, or its most in any year when the year is unknown
/// (29 for February, so "le 29 février" stays possible until a year is chosen).
pub(super) fn days_in_month(month: u32, year: Option<i32>) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if NaiveDate::from_ymd_opt(y, 2, 29).is_none() => 28,
            _ => 29,
        },
        1..=12 => 31,
        _ => 0,
    }
}

/// Finds the date expressions of one tokenised stretch of folded text.
pub(super) fn parse(lex: &Lexicon, toks: &[Token], text: &str, iso_month: bool) -> Vec<Found> {
    let p = Parser {
        lex,
        toks,
        text,
        iso_month,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !may_start(&toks[i]) {
            i += 1;
            continue;
        }
        let forms = [
            p.range(i),
            p.numeric(i),
            p.calendar(i),
            p.ago(i),
            p.elapsed(i),
            p.relative(i),
            p.weekday(i),
            p.bare_year(i),
        ];
        // The longest wins; on a tie, the earlier form in the list.
        let mut best: Option<(usize, usize, Expr)> = None;
        for f in forms.into_iter().flatten() {
            if best.is_none_or(|b| f.1 > b.1) {
                best = Some(f);
            }
        }
        match best {
            Some((s, e, expr)) if e > s => {
                if let (Some(first), Some(last)) = (toks.get(s), toks.get(e - 1)) {
                    if expr != Expr::NotADate {
                        out.push(Found {
                            start: first.start,
                            end: last.end,
                            expr,
                        });
                    }
                }
                i = e;
            }
            _ => i = p.impossible_date(i).unwrap_or(i + 1),
        }
    }
    out
}

/// False for a token no form can start at: a word, a punctuation mark or a bound number has
/// no role and is no day, year or count, and every form (and `impossible_date`) reads one of
/// those first. Most tokens are such, and trying the eight forms at each was most of parsing.
fn may_start(t: &Token) -> bool {
    match t.kind {
        Kind::Phrase(_) => true,
        Kind::Number(n) => !n.bound,
        Kind::Word | Kind::Punct(_) => false,
    }
}

struct Parser<'a> {
    lex: &'a Lexicon,
    toks: &'a [Token],
    text: &'a str,
    iso_month: bool,
}

impl Parser<'_> {
    fn roles(&self, i: usize) -> &[Role] {
        match self.toks.get(i).map(|t| t.kind) {
            Some(Kind::Phrase(id)) => self.lex.roles(id),
            _ => &[],
        }
    }

    fn has(&self, i: usize, want: impl Fn(&Role) -> bool) -> bool {
        self.roles(i).iter().any(want)
    }

    fn phrase_id(&self, i: usize) -> Option<usize> {
        match self.toks.get(i)?.kind {
            Kind::Phrase(id) => Some(id),
            _ => None,
        }
    }

    fn number(&self, i: usize) -> Option<Number> {
        match self.toks.get(i)?.kind {
            Kind::Number(n) if !n.bound => Some(n),
            _ => None,
        }
    }

    fn punct(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Punct(c))
    }

    /// True when token `i` ends where token `i + 1` starts (no space between).
    fn glued(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    fn word_text(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    fn day_at(&self, i: usize) -> Option<u32> {
        let n = self.number(i)?;
        (n.digits <= 2 && (1..=31).contains(&n.value)).then_some(n.value as u32)
    }

    fn year_at(&self, i: usize, years: &std::ops::RangeInclusive<i64>) -> Option<i32> {
        let n = self.number(i)?;
        let v = i64::try_from(n.value).ok()?;
        (n.digits == 4 && !n.ordinal && years.contains(&v)).then_some(v as i32)
    }

    /// A month name at `i`: (month, the token after it, true for an abbreviation with no
    /// period, which needs a day or a year beside it to be a month).
    fn month_at(&self, i: usize) -> Option<(u32, usize, bool)> {
        if !self.toks.get(i)?.name_ok {
            return None;
        }
        let (month, abbreviation) = self.roles(i).iter().find_map(|r| match *r {
            Role::Month {
                month,
                abbreviation,
            } => Some((month, abbreviation)),
            _ => None,
        })?;
        if abbreviation && self.punct(i + 1, '.') && self.glued(i) {
            return Some((month, i + 2, false));
        }
        Some((month, i + 1, abbreviation))
    }

    fn weekday_at(&self, i: usize) -> Option<Weekday> {
        if !self.toks.get(i)?.name_ok {
            return None;
        }
        self.roles(i).iter().find_map(|r| match *r {
            Role::Weekday(w) => Some(w),
            _ => None,
        })
    }

    fn mark_before(&self, i: usize) -> Option<Mark> {
        self.roles(i).iter().find_map(|r| match *r {
            Role::MarkBefore(m) => Some(m),
            _ => None,
        })
    }

    fn mark_after(&self, i: usize) -> Option<Mark> {
        self.roles(i).iter().find_map(|r| match *r {
            Role::MarkAfter(m) => Some(m),
            _ => None,
        })
    }

    fn skip_articles(&self, mut i: usize) -> usize {
        while self.has(i, |r| *r == Role::Article) {
            i += 1;
        }
        i
    }

    /// True when the word at `i` says the number before it counts something ("2000 hommes").
    fn counts_after(&self, i: usize) -> bool {
        match self.toks.get(i).map(|t| t.kind) {
            Some(Kind::Word) | Some(Kind::Phrase(_)) => self.lex.is_counted_noun(self.word_text(i)),
            _ => false,
        }
    }

    /// True when the number at `i` is one piece of a numeric form ("12/2020", "2020-21") that
    /// no date form read.
    fn in_numeric_chain(&self, i: usize) -> bool {
        let sep = |k: usize| {
            self.toks
                .get(k)
                .is_some_and(|t| matches!(t.kind, Kind::Punct('/' | '.' | '-' | ':')))
        };
        let num = |k: usize| {
            self.toks
                .get(k)
                .is_some_and(|t| matches!(t.kind, Kind::Number(_)))
        };
        let before = i >= 2 && sep(i - 1) && num(i - 2) && self.glued(i - 1) && self.glued(i - 2);
        let after = sep(i + 1) && num(i + 2) && self.glued(i) && self.glued(i + 1);
        before || after
    }

    /// Calendar fields from `i`: an optional modifier, weekday, day and month in either order,
    /// year. `loose` (inside a range) also takes a bare day or a bare year.
    fn cal_core(&self, i: usize, loose: bool) -> Option<(Cal, usize)> {
        let mut j = i;
        let mut cal = Cal::default();
        let modified = self.has(j, |r| *r == Role::Modifier);
        if modified {
            j += 1;
        }
        if !modified && self.mark_before(j) == Some(Mark::This) && self.weekday_at(j + 1).is_some()
        {
            // "ce jeudi 3 avril": the full date says which Thursday.
            j += 1;
        }
        // "last September", "next March": a month placed by its mark.
        let mut month_mark = None;
        if !modified
            && let Some(m) = self.mark_before(j)
            && self.month_at(j + 1).is_some()
            && self.day_at(j + 2).is_none()
        {
            month_mark = Some(m);
            j += 1;
        }
        if !modified {
            if let Some(w) = self.weekday_at(j) {
                cal.weekday = Some(w);
                j += 1;
                if self.punct(j, ',') {
                    j += 1;
                }
            }
        }
        let mut month_alone = false;
        let mut bare_abbreviation = false;
        if let (Some(d), Some((m, k, _))) = (self.day_at(j), self.month_at(j + 1)) {
            // "3 avril", "1er mai", "18 August"
            cal.day = Some(d);
            cal.month = Some(m);
            j = k;
        } else if let Some((m, k, bare)) = self.month_at(j) {
            cal.month = Some(m);
            j = k;
            if let Some(d) = self.day_at(j) {
                // "August 18", "Aug. 18"
                cal.day = Some(d);
                j += 1;
            } else {
                month_alone = true;
                bare_abbreviation = bare;
            }
        } else if loose && self.day_at(j).is_some() {
            // A range end that is a bare day, its month given by the other end ("du 7 au 11
            // mai"), perhaps with the year ("from May 7 to 11, 2025").
            cal.day = self.day_at(j);
            j += 1;
            if self.punct(j, ',') {
                if let Some(y) = self.year_at(j + 1, &NAMED_YEARS) {
                    cal.year = Some(y);
                    j += 2;
                }
            }
        }
        if cal.month.is_some() {
            if let Some(y) = self.year_at(j, &NAMED_YEARS) {
                cal.year = Some(y);
                j += 1;
                month_alone = false;
            } else if self.punct(j, ',') {
                if let Some(y) = self.year_at(j + 1, &NAMED_YEARS) {
                    cal.year = Some(y);
                    j += 2;
                    month_alone = false;
                }
            }
        } else if cal.day.is_none() && cal.weekday.is_none() && (modified || loose) {
            // "début 2024", "early 2023"; a range end "2020".
            cal.year = Some(self.year_at(j, &BARE_YEARS)?);
            j += 1;
        }
        if cal.month.is_some() && cal.year.is_none() {
            // "January last year", "janvier de l'année dernière": a relative year after the
            // month, perhaps after one linking word.
            for skip in 0..=1 {
                let year_offset = self.roles(j + skip).iter().find_map(|r| match *r {
                    Role::RelativePeriod {
                        unit: Unit::Year,
                        offset,
                        through: None,
                    } => Some(offset),
                    _ => None,
                });
                if let Some(offset) = year_offset {
                    cal.year_offset = Some(offset);
                    j += skip + 1;
                    month_alone = false;
                    break;
                }
            }
        }
        if cal.month.is_some()
            && cal.year.is_none()
            && cal.year_offset.is_none()
            && self.has(j, |r| *r == Role::SameYear)
        {
            cal.same_year = true;
            j += 1;
            month_alone = false;
        }
        if cal.month.is_some() && cal.day.is_none() && cal.year.is_none() && !cal.same_year {
            // "en septembre dernier", "last September".
            if let Some(m) = month_mark.or_else(|| self.mark_after(j)) {
                if month_mark.is_none() {
                    j += 1;
                }
                cal.mark = Some(m);
                month_alone = false;
            }
        }
        if cal.day.is_some() && cal.year.is_none() {
            if let Some(m) = self.mark_after(j) {
                cal.mark = Some(m);
                j += 1;
            }
        }

        if cal.month.is_none() && cal.year.is_none() && !(loose && cal.day.is_some()) {
            return None;
        }
        if cal.weekday.is_some() && cal.day.is_none() {
            return None;
        }
        if month_alone {
            // A lone month name is a date after "en", "depuis", "mi-"…, or inside a range; an
            // abbreviation alone is too often another word ("sept" is seven).
            let introduced = i > 0 && self.has(i - 1, |r| *r == Role::MonthIntroducer);
            if bare_abbreviation || !(modified || loose || introduced) {
                return None;
            }
        }
        if let (Some(d), Some(m)) = (cal.day, cal.month) {
            if d > days_in_month(m, cal.year) {
                // "31 juin" is no date.
                return None;
            }
        }
        Some((cal, j))
    }

    /// The end of a day and month that no calendar has ("31 juin", "29 février 2023"), so
    /// that the month and year after the impossible day are not read as a date either.
    fn impossible_date(&self, i: usize) -> Option<usize> {
        let d = self.day_at(i)?;
        let (m, mut j, _) = self.month_at(i + 1)?;
        let year = self.year_at(j, &NAMED_YEARS);
        if year.is_some() {
            j += 1;
        }
        (d > days_in_month(m, year)).then_some(j)
    }

    fn calendar(&self, i: usize) -> Option<(usize, usize, Expr)> {
        let (cal, end) = self.cal_core(i, false)?;
        if cal.day.is_none() && cal.month.is_none() {
            // "début 2024": a year narrowed by its modifier; no count follows it.
            if self.counts_after(end) {
                return None;
            }
        }
        Some((i, end, Expr::Cal(cal)))
    }

    /// A weekday with what places it: "jeudi", "ce jeudi", "jeudi dernier", "mardi soir",
    /// "last Thursday", "late Tuesday".
    fn weekday(&self, i: usize) -> Option<(usize, usize, Expr)> {
        let mut j = i;
        let mut mark = None;
        if self.has(j, |r| *r == Role::Modifier) && self.weekday_at(j + 1).is_some() {
            j += 1;
        } else if let Some(m) = self.mark_before(j) {
            if self.weekday_at(j + 1).is_some() {
                mark = Some(m);
                j += 1;
            }
        }
        let weekday = self.weekday_at(j)?;
        j += 1;
        if mark.is_none() {
            if let Some(m) = self.mark_after(j) {
                mark = Some(m);
                j += 1;
            }
        }
        if self.has(j, |r| *r == Role::DayPart) {
            j += 1;
        }
        Some((i, j, Expr::Weekday { weekday, mark }))
    }

    /// "hier", "hier soir", "la semaine dernière", "last month".
    fn relative(&self, i: usize) -> Option<(usize, usize, Expr)> {
        self.roles(i).iter().find_map(|r| match *r {
            Role::RelativeDay(d) => {
                let end = if self.has(i + 1, |r| *r == Role::DayPart) {
                    i + 2
                } else {
                    i + 1
                };
                Some((i, end, Expr::RelativeDay(d)))
            }
            // Saturday and Sunday, placed like a range of weekdays.
            Role::Weekend => Some((i, i + 1, Expr::WeekdayRange(Weekday::Sat, Weekday::Sun))),
            Role::RelativePeriod {
                unit,
                offset,
                through,
            } => Some((
                i,
                i + 1,
                Expr::RelativePeriod {
                    unit,
                    offset,
                    through,
                },
            )),
            _ => None,
        })
    }

    fn count_at(&self, i: usize) -> Option<u32> {
        if let Some(n) = self.number(i) {
            return (!n.ordinal && n.value <= 1000).then_some(n.value as u32);
        }
        self.roles(i).iter().find_map(|r| match *r {
            Role::NumberWord(n) => Some(n),
            _ => None,
        })
    }

    fn unit_at(&self, i: usize) -> Option<Unit> {
        self.roles(i).iter().find_map(|r| match *r {
            Role::AgoUnit(u) => Some(u),
            _ => None,
        })
    }

    /// "il y a deux ans", "three days ago", "il y a un an jour pour jour".
    fn ago(&self, i: usize) -> Option<(usize, usize, Expr)> {
        let (count, unit) = if self.has(i, |r| *r == Role::AgoBefore) {
            (self.count_at(i + 1)?, self.unit_at(i + 2)?)
        } else if self.has(i + 2, |r| *r == Role::AgoAfter) {
            (self.count_at(i)?, self.unit_at(i + 1)?)
        } else {
            return None;
        };
        let exact = self.has(i + 3, |r| *r == Role::Exact);
        let end = if exact { i + 4 } else { i + 3 };
        Some((i, end, Expr::Ago { unit, count, exact }))
    }

    /// "four days after [the coup]", "two days before [the vote]", "three days later", "huit
    /// mois plus tôt", "weeks after", "quelques semaines après", "months of [protests]" (a span
    /// only with a vague count: "20 ans de prison" counts). A count-less unit after an
    /// article is no elapsed time ("in the days after the attack" dates nothing), and "after"
    /// or "before" must lead on to the event it places ("Dix ans après, ..." places none).
    fn elapsed(&self, i: usize) -> Option<(usize, usize, Expr)> {
        let (count, j) = if let Some(n) = self.count_at(i) {
            (Some(n), i + 1)
        } else if self.has(i, |r| *r == Role::VagueCount) {
            (None, i + 1)
        } else {
            let after_article = i > 0 && self.has(i - 1, |r| *r == Role::Article);
            if after_article || (i > 0 && self.count_at(i - 1).is_some()) {
                return None;
            }
            (None, i)
        };
        let unit = self.unit_at(j)?;
        let shift = self.roles(j + 1).iter().find_map(|r| match *r {
            Role::Elapsed(s) => Some(s),
            _ => None,
        })?;
        // "months of protests" is a span; "20 ans de prison" a count, "au mois de mai" a month.
        if shift == ElapsedShift::NextThrough
            && (count.is_some() || self.toks.get(j + 2).map(|t| t.kind) != Some(Kind::Word))
        {
            return None;
        }
        if matches!(
            shift,
            ElapsedShift::NextEarlier | ElapsedShift::NextLater | ElapsedShift::NextThrough
        ) && !matches!(
            self.toks.get(j + 2).map(|t| t.kind),
            Some(Kind::Word | Kind::Phrase(_))
        ) {
            return None;
        }
        Some((i, j + 2, Expr::Elapsed { unit, count, shift }))
    }

    /// "18/08/2020", "2020-08-18", "2020-2023", and in datelines "2025-04".
    fn numeric(&self, i: usize) -> Option<(usize, usize, Expr)> {
        let a = self.number(i)?;
        let sep = match self.toks.get(i + 1)?.kind {
            Kind::Punct(c @ ('/' | '.' | '-')) if self.glued(i) => c,
            _ => return None,
        };
        let b = self.number(i + 2)?;
        if !self.glued(i + 1) {
            return None;
        }
        if self.punct(i + 3, sep) && self.glued(i + 2) && self.glued(i + 3) {
            if let Some(c) = self.number(i + 4) {
                let orders: &[NumericOrder] = if a.digits == 4 {
                    &[NumericOrder::Ymd]
                } else {
                    &self.lex.numeric_orders
                };
                for order in orders {
                    let (y, m, d) = match order {
                        NumericOrder::Dmy => (c, b, a),
                        NumericOrder::Mdy => (c, a, b),
                        NumericOrder::Ymd => (a, b, c),
                    };
                    if y.digits != 4 || m.digits > 2 || d.digits > 2 {
                        continue;
                    }
                    let date = i32::try_from(y.value)
                        .ok()
                        .and_then(|y| NaiveDate::from_ymd_opt(y, m.value as u32, d.value as u32));
                    if let Some(date) = date {
                        let cal = Cal {
                            day: Some(date.day()),
                            month: Some(date.month()),
                            year: Some(date.year()),
                            ..Cal::default()
                        };
                        return Some((i, i + 5, Expr::Cal(cal)));
                    }
                }
            }
            return None;
        }
        let followed = self.glued(i + 2)
            && self
                .toks
                .get(i + 3)
                .is_some_and(|t| matches!(t.kind, Kind::Punct(_)))
            && self
                .toks
                .get(i + 4)
                .is_some_and(|t| matches!(t.kind, Kind::Number(_)))
            && self.glued(i + 3);
        if followed || sep != '-' || a.digits != 4 {
            return None;
        }
        let y = self.year_at(i, &BARE_YEARS)?;
        if b.digits == 4 {
            // "2020-2023": a range of years.
            let y2 = self.year_at(i + 2, &BARE_YEARS)?;
            if self.counts_after(i + 3) {
                return Some((i, i + 3, Expr::NotADate));
            }
            if y2 <= y {
                return None;
            }
            let (from, to) = (
                Cal {
                    year: Some(y),
                    ..Cal::default()
                },
                Cal {
                    year: Some(y2),
                    ..Cal::default()
                },
            );
            return Some((i, i + 3, Expr::CalRange(from, to)));
        }
        if self.iso_month && b.digits == 2 && (1..=12).contains(&b.value) {
            let cal = Cal {
                month: Some(b.value as u32),
                year: Some(y),
                ..Cal::default()
            };
            return Some((i, i + 3, Expr::Cal(cal)));
        }
        None
    }

    /// A four-digit number alone that reads as a year: not an identifier ("résolution 2085"),
    /// not a count ("2000 hommes"), not a piece of another number.
    fn bare_year(&self, i: usize) -> Option<(usize, usize, Expr)> {
        let y = self.year_at(i, &BARE_YEARS)?;
        if i > 0 && self.has(i - 1, |r| *r == Role::IdentifierNoun) {
            return None;
        }
        let introduced = i > 0 && self.has(i - 1, |r| *r == Role::YearIntroducer);
        if self.in_numeric_chain(i) || (!introduced && self.counts_after(i + 1)) {
            return None;
        }
        Some((
            i,
            i + 1,
            Expr::Cal(Cal {
                year: Some(y),
                ..Cal::default()
            }),
        ))
    }

    /// One end of a range: a weekday, or calendar fields (a bare day or year allowed).
    fn range_end(&self, i: usize) -> Option<(End, usize)> {
        if let Some((cal, end)) = self.cal_core(i, true) {
            return Some((End::Cal(cal), end));
        }
        let w = self.weekday_at(i)?;
        let end = if self.has(i + 1, |r| *r == Role::DayPart) {
            i + 2
        } else {
            i + 1
        };
        Some((End::Weekday(w), end))
    }

    /// "entre 2020 et 2023", "du 7 au 11 mai 2025", "dans la nuit de mardi à mercredi",
    /// "from May 7 to 11", and the bare "jeudi et vendredi", "les 7 et 8 mai".
    fn range(&self, i: usize) -> Option<(usize, usize, Expr)> {
        if let Some(open) = self
            .phrase_id(i)
            .filter(|_| self.has(i, |r| *r == Role::RangeOpen))
        {
            let a_at = self.skip_articles(i + 1);
            if let Some((a, join_at)) = self.range_end(a_at) {
                let join = self.phrase_id(join_at);
                let paired = self
                    .lex
                    .ranges
                    .iter()
                    .any(|&(o, j)| o == Some(open) && Some(j) == join);
                if paired {
                    let (b, end) = self.range_end(self.skip_articles(join_at + 1))?;
                    return self.combine(a, b, true, end).map(|e| (i, end, e));
                }
            }
            return None;
        }
        let (a, join_at) = self.range_end(i)?;
        let join = self.phrase_id(join_at)?;
        if !self
            .lex
            .ranges
            .iter()
            .any(|&(o, j)| o.is_none() && j == join)
        {
            return None;
        }
        let (b, end) = self.range_end(self.skip_articles(join_at + 1))?;
        self.combine(a, b, false, end).map(|e| (i, end, e))
    }

    /// Two ends made one range, each lending the other what it leaves out ("du 7 au 11 mai
    /// 2025": the first end takes May 2025 from the second). `opened` is false for a bare
    /// coordination, which only joins consecutive days (two days further apart are a list).
    fn combine(&self, a: End, b: End, opened: bool, end: usize) -> Option<Expr> {
        match (a, b) {
            (End::Weekday(x), End::Weekday(y)) => {
                let gap = (y.num_days_from_monday() + 7 - x.num_days_from_monday()) % 7;
                (gap != 0 && (opened || gap == 1)).then_some(Expr::WeekdayRange(x, y))
            }
            (End::Cal(mut a), End::Cal(mut b)) => {
                let a_has_day = a.day.is_some();
                if b.day.is_some() && b.month.is_none() {
                    b.month = a.month;
                    b.year = b.year.or(a.year);
                }
                if a.day.is_some() && a.month.is_none() {
                    a.month = b.month;
                }
                let mut a_year_lent = false;
                if a.month.is_some() && a.year.is_none() && b.year.is_some() {
                    a.year = b.year;
                    a_year_lent = true;
                }
                if b.month.is_some() && b.year.is_none() {
                    b.year = a.year;
                }
                let same_shape =
                    a.day.is_some() == b.day.is_some() && a.month.is_some() == b.month.is_some();
                if !same_shape || (a.month.is_none() && a.day.is_some()) {
                    return None;
                }
                for c in [&a, &b] {
                    if let (Some(d), Some(m)) = (c.day, c.month) {
                        if d > days_in_month(m, c.year) {
                            return None;
                        }
                    }
                }
                if a.month.is_none() {
                    // Two bare years: a range only when opened ("entre 2020 et 2023") and not
                    // a count ("entre 2000 et 2050 soldats", where neither number is a year).
                    if self.counts_after(end) {
                        return Some(Expr::NotADate);
                    }
                    if !opened || a.year == b.year {
                        return None;
                    }
                }
                if !opened {
                    let consecutive = a_has_day
                        && a.month == b.month
                        && a.day.zip(b.day).is_some_and(|(x, y)| y == x + 1);
                    if !consecutive {
                        return None;
                    }
                }
                if a_year_lent && (a.month, a.day) > (b.month, b.day) {
                    // "du 28 décembre au 3 janvier 2025": the first end is in the year before.
                    a.year = a.year.map(|y| y - 1);
                }
                a.mark = None;
                b.mark = None;
                Some(Expr::CalRange(a, b))
            }
            _ => None,
        }
    }
}
