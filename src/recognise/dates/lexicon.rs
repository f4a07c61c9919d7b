//! The date words of one language, read from `data/<lang>/dates.toml` and compiled into one
//! automaton that finds them all in a single pass over folded text.
//!
//! A word may play several parts ("sept" is a month abbreviation and a number word, "an" a unit
//! of "il y a un an"); the automaton finds the phrase and the grammar picks the part it needs.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use chrono::Weekday;
use serde::Deserialize;

use crate::model::ElapsedShift;
use crate::resources::{DataError, DataFile};
use crate::text::fold;

/// How a weekday or a year-less date is placed against the anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mark {
    /// "ce jeudi", "this Thursday": in the anchor's week.
    This,
    /// "jeudi dernier", "last Thursday": strictly before the anchor.
    Last,
    /// "jeudi prochain", "next Thursday": strictly after the anchor.
    Next,
}

/// A span of time counted from the anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unit {
    /// Days.
    Day,
    /// Monday-to-Sunday weeks.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

/// The order of the three numbers of a numeric date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum NumericOrder {
    /// 18/08/2020.
    Dmy,
    /// 08/18/2020.
    Mdy,
    /// 2020/08/18.
    Ymd,
}

/// One part a phrase can play in a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Role {
    /// A month name (or an abbreviation, which needs a period, day or year beside it).
    Month { month: u32, abbreviation: bool },
    /// A weekday name.
    Weekday(Weekday),
    /// A word before a weekday that places it.
    MarkBefore(Mark),
    /// A word after a weekday or a year-less day that places it.
    MarkAfter(Mark),
    /// "soir", "morning": part of a day, kept in the span.
    DayPart,
    /// A day counted from the anchor ("hier").
    RelativeDay(i64),
    /// The weekend before the anchor ("at the weekend", "le week-end dernier").
    Weekend,
    /// A period counted from the anchor ("le mois dernier").
    RelativePeriod {
        unit: Unit,
        offset: i64,
        through: Option<i64>,
    },
    /// "il y a", before the count.
    AgoBefore,
    /// "ago", after the unit.
    AgoAfter,
    /// "jour pour jour", "to the day": an elapsed time that is exact.
    Exact,
    /// "of that year", "de la même année": after a month, the year of the date before.
    SameYear,
    /// The unit of "il y a deux ans".
    AgoUnit(Unit),
    /// "after", "avant", "plus tard": closes an elapsed time ("four days after") and says which
    /// event it places.
    Elapsed(ElapsedShift),
    /// "a few", "quelques": a count left vague.
    VagueCount,
    /// A number written out.
    NumberWord(u32),
    /// "mi-", "fin", "early": narrows a month, a year or a weekday.
    Modifier,
    /// Opens the ranges of these pair indices.
    RangeOpen,
    /// Joins the two ends of a range.
    RangeJoin,
    /// "le", "the": may stand between a range word and its date.
    Article,
    /// After it a month name alone is a date.
    MonthIntroducer,
    /// After it a number is an identifier, not a year.
    IdentifierNoun,
    /// After it a four-digit number is a year even before a counted noun ("In 2020 troops…").
    YearIntroducer,
}

/// One language's date words, compiled.
#[derive(Clone, Debug)]
pub(super) struct Lexicon {
    /// Finds every phrase (folded) in folded text; pattern `i` is `phrases[i]`.
    automaton: AhoCorasick,
    /// The folded phrases, by pattern index.
    phrases: Vec<String>,
    /// The parts each phrase plays, by pattern index.
    roles: Vec<Vec<Role>>,
    /// Range pairs as (opener, joiner) pattern indices; no opener for bare coordination.
    pub ranges: Vec<(Option<usize>, usize)>,
    /// How numeric dates are read, in order of trial.
    pub numeric_orders: Vec<NumericOrder>,
    /// Folded letters that make a number an ordinal ("er" of "1er").
    pub ordinal_suffixes: HashSet<String>,
    /// Month and weekday names need a capital letter.
    pub capitalised: bool,
    /// Endings of a counted plural noun, after which a number is no year.
    pub plural_endings: Vec<String>,
    /// Folded words before a date that, with a capitalised word after it, make it part of a
    /// name ("the June 5 Movement").
    pub name_articles: HashSet<String>,
    /// Folded words between a capitalised noun and a day date that make the date part of the
    /// noun's name ("le Mouvement du 5 juin").
    pub name_links: HashSet<String>,
    /// Words with such an ending that count nothing.
    pub not_plurals: HashSet<String>,
    /// Counted nouns (from `quantities.toml` and the like) after which a number is no year.
    pub count_nouns: HashSet<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct DatesFile {
    numeric_orders: Option<Vec<String>>,
    ordinal_suffixes: Option<Vec<String>>,
    capitalised: Option<bool>,
    #[serde(default)]
    day_parts: Vec<String>,
    #[serde(default)]
    weekends: Vec<String>,
    #[serde(default)]
    ago_before: Vec<String>,
    #[serde(default)]
    ago_after: Vec<String>,
    #[serde(default)]
    exact: Vec<String>,
    #[serde(default)]
    same_year: Vec<String>,
    #[serde(default)]
    name_articles: Vec<String>,
    #[serde(default)]
    name_links: Vec<String>,
    #[serde(default)]
    elapsed_after: Vec<String>,
    #[serde(default)]
    elapsed_before: Vec<String>,
    #[serde(default)]
    elapsed_through: Vec<String>,
    #[serde(default)]
    elapsed_later: Vec<String>,
    #[serde(default)]
    elapsed_earlier: Vec<String>,
    #[serde(default)]
    vague_counts: Vec<String>,
    #[serde(default)]
    modifiers: Vec<String>,
    #[serde(default)]
    articles: Vec<String>,
    #[serde(default)]
    month_introducers: Vec<String>,
    #[serde(default)]
    ranges: Vec<Vec<String>>,
    #[serde(default)]
    months: HashMap<String, i64>,
    #[serde(default)]
    month_abbreviations: HashMap<String, i64>,
    #[serde(default)]
    weekdays: HashMap<String, String>,
    #[serde(default)]
    weekday_marks_before: HashMap<String, String>,
    #[serde(default)]
    weekday_marks_after: HashMap<String, String>,
    #[serde(default)]
    relative_days: HashMap<String, i64>,
    #[serde(default)]
    relative_periods: HashMap<String, PeriodEntry>,
    #[serde(default)]
    ago_units: HashMap<String, String>,
    #[serde(default)]
    number_words: HashMap<String, i64>,
    #[serde(default)]
    years: YearsTable,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodEntry {
    unit: String,
    offset: i64,
    /// When given, the period is a range from `offset` to `through` ("ces dernières années").
    #[serde(default)]
    through: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct YearsTable {
    #[serde(default)]
    identifier_nouns: Vec<String>,
    #[serde(default)]
    introducers: Vec<String>,
    plural_endings: Option<Vec<String>>,
    #[serde(default)]
    not_plurals: Vec<String>,
}

/// Collects phrases and their parts while files are read.
#[derive(Default)]
struct Builder {
    index: HashMap<String, usize>,
    phrases: Vec<String>,
    roles: Vec<Vec<Role>>,
}

impl Builder {
    fn add(&mut self, phrase: &str, role: Role) -> Option<usize> {
        let folded = fold(phrase.trim());
        if folded.is_empty() {
            return None;
        }
        let id = match self.index.get(&folded) {
            Some(&id) => id,
            None => {
                self.phrases.push(folded.clone());
                self.roles.push(Vec::new());
                self.index.insert(folded, self.phrases.len() - 1);
                self.phrases.len() - 1
            }
        };
        if let Some(roles) = self.roles.get_mut(id) {
            if !roles.contains(&role) {
                roles.push(role);
            }
        }
        Some(id)
    }
}

/// The 1-based line of the first line of `file` that holds `needle`, for error messages.
fn line_of(file: &DataFile, needle: &str) -> Option<usize> {
    file.text
        .lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
}

fn weekday_named(name: &str) -> Option<Weekday> {
    match name.trim().to_ascii_lowercase().as_str() {
        "monday" => Some(Weekday::Mon),
        "tuesday" => Some(Weekday::Tue),
        "wednesday" => Some(Weekday::Wed),
        "thursday" => Some(Weekday::Thu),
        "friday" => Some(Weekday::Fri),
        "saturday" => Some(Weekday::Sat),
        "sunday" => Some(Weekday::Sun),
        _ => None,
    }
}

fn mark_named(name: &str) -> Option<Mark> {
    match name.trim() {
        "this" => Some(Mark::This),
        "last" => Some(Mark::Last),
        "next" => Some(Mark::Next),
        _ => None,
    }
}

fn unit_named(name: &str) -> Option<Unit> {
    match name.trim() {
        "day" => Some(Unit::Day),
        "week" => Some(Unit::Week),
        "month" => Some(Unit::Month),
        "year" => Some(Unit::Year),
        _ => None,
    }
}

impl Lexicon {
    /// Reads every `dates.toml` of one language (built-in first, then the user's, which add to
    /// it and override its settings), with `count_nouns` taken from the quantity words.
    pub fn load(files: &[&DataFile], count_nouns: HashSet<String>) -> Result<Lexicon, DataError> {
        let mut b = Builder::default();
        let mut ranges: Vec<(Option<usize>, usize)> = Vec::new();
        let mut numeric_orders = vec![NumericOrder::Dmy];
        let mut ordinal_suffixes = HashSet::new();
        let mut capitalised = false;
        let mut plural_endings: Vec<String> = Vec::new();
        let mut not_plurals = HashSet::new();
        let mut name_articles = HashSet::new();
        let mut name_links = HashSet::new();

        for file in files {
            let data: DatesFile =
                toml::from_str(&file.text).map_err(|e| DataError::toml(file, e))?;
            let bad = |needle: &str, message: String| {
                DataError::invalid(file, line_of(file, needle), message)
            };

            if let Some(orders) = &data.numeric_orders {
                numeric_orders = orders
                    .iter()
                    .map(|o| match o.as_str() {
                        "dmy" => Ok(NumericOrder::Dmy),
                        "mdy" => Ok(NumericOrder::Mdy),
                        "ymd" => Ok(NumericOrder::Ymd),
                        other => Err(bad(
                            "numeric_orders",
                            format!(
                                "numeric order {other:?} is not one of \"dmy\", \"mdy\", \"ymd\""
                            ),
                        )),
                    })
                    .collect::<Result<_, _>>()?;
            }
            if let Some(s) = &data.ordinal_suffixes {
                ordinal_suffixes.extend(s.iter().map(|x| fold(x)));
            }
            if let Some(c) = data.capitalised {
                capitalised = c;
            }
            if let Some(p) = &data.years.plural_endings {
                plural_endings = p
                    .iter()
                    .map(|x| fold(x))
                    .filter(|x| !x.is_empty())
                    .collect();
            }
            not_plurals.extend(data.years.not_plurals.iter().map(|x| fold(x)));

            for (name, &m) in &data.months {
                if !(1..=12).contains(&m) {
                    return Err(bad(name, format!("month {name:?} = {m}: a month is 1-12")));
                }
                b.add(
                    name,
                    Role::Month {
                        month: m as u32,
                        abbreviation: false,
                    },
                );
            }
            for (name, &m) in &data.month_abbreviations {
                if !(1..=12).contains(&m) {
                    return Err(bad(
                        name,
                        format!("month abbreviation {name:?} = {m}: a month is 1-12"),
                    ));
                }
                b.add(
                    name,
                    Role::Month {
                        month: m as u32,
                        abbreviation: true,
                    },
                );
            }
            for (name, day) in &data.weekdays {
                let w = weekday_named(day).ok_or_else(|| {
                    bad(
                        name,
                        format!("weekday {name:?} = {day:?}: expected \"monday\" … \"sunday\""),
                    )
                })?;
                b.add(name, Role::Weekday(w));
            }
            for (table, before) in [
                (&data.weekday_marks_before, true),
                (&data.weekday_marks_after, false),
            ] {
                for (word, meaning) in table {
                    let m = mark_named(meaning).ok_or_else(|| {
                        bad(word, format!("mark {word:?} = {meaning:?}: expected \"this\", \"last\" or \"next\""))
                    })?;
                    b.add(
                        word,
                        if before {
                            Role::MarkBefore(m)
                        } else {
                            Role::MarkAfter(m)
                        },
                    );
                }
            }
            for w in &data.day_parts {
                b.add(w, Role::DayPart);
            }
            for w in &data.weekends {
                b.add(w, Role::Weekend);
            }
            for (w, &off) in &data.relative_days {
                b.add(w, Role::RelativeDay(off));
            }
            for (w, p) in &data.relative_periods {
                let unit = unit_named(&p.unit).ok_or_else(|| {
                    bad(
                        w,
                        format!(
                            "period {w:?}: unit {:?} is not \"week\", \"month\" or \"year\"",
                            p.unit
                        ),
                    )
                })?;
                if unit == Unit::Day {
                    return Err(bad(
                        w,
                        format!("period {w:?}: a day offset belongs in [relative_days]"),
                    ));
                }
                b.add(
                    w,
                    Role::RelativePeriod {
                        unit,
                        offset: p.offset,
                        through: p.through,
                    },
                );
            }
            for w in &data.ago_before {
                b.add(w, Role::AgoBefore);
            }
            for w in &data.ago_after {
                b.add(w, Role::AgoAfter);
            }
            name_articles.extend(data.name_articles.iter().map(|w| fold(w)));
            name_links.extend(data.name_links.iter().map(|w| fold(w)));
            for w in &data.same_year {
                b.add(w, Role::SameYear);
            }
            for w in &data.exact {
                b.add(w, Role::Exact);
            }
            let elapsed = [
                (&data.elapsed_after, ElapsedShift::NextEarlier),
                (&data.elapsed_before, ElapsedShift::NextLater),
                (&data.elapsed_through, ElapsedShift::NextThrough),
                (&data.elapsed_later, ElapsedShift::ClauseLater),
                (&data.elapsed_earlier, ElapsedShift::ClauseEarlier),
            ];
            for (words, shift) in elapsed {
                for w in words {
                    b.add(w, Role::Elapsed(shift));
                }
            }
            for w in &data.vague_counts {
                b.add(w, Role::VagueCount);
            }
            for (w, unit) in &data.ago_units {
                let u = unit_named(unit).ok_or_else(|| {
                    bad(w, format!("unit {w:?} = {unit:?}: expected \"day\", \"week\", \"month\" or \"year\""))
                })?;
                b.add(w, Role::AgoUnit(u));
            }
            for (w, &n) in &data.number_words {
                let n = u32::try_from(n).map_err(|_| {
                    bad(
                        w,
                        format!("number word {w:?} = {n}: expected a count from 0"),
                    )
                })?;
                b.add(w, Role::NumberWord(n));
            }
            for w in &data.modifiers {
                b.add(w, Role::Modifier);
            }
            for w in &data.articles {
                b.add(w, Role::Article);
            }
            for w in &data.month_introducers {
                b.add(w, Role::MonthIntroducer);
            }
            for w in &data.years.identifier_nouns {
                b.add(w, Role::IdentifierNoun);
            }
            for w in &data.years.introducers {
                b.add(w, Role::YearIntroducer);
            }
            for pair in &data.ranges {
                let [open, join] = pair.as_slice() else {
                    return Err(bad(
                        "ranges",
                        format!("range {pair:?}: expected [opener, joiner]"),
                    ));
                };
                let opener = if open.trim().is_empty() {
                    None
                } else {
                    b.add(open, Role::RangeOpen)
                };
                let joiner = b
                    .add(join, Role::RangeJoin)
                    .ok_or_else(|| bad("ranges", format!("range {pair:?}: the joiner is empty")))?;
                if !ranges.contains(&(opener, joiner)) {
                    ranges.push((opener, joiner));
                }
            }
        }

        // A DFA: the date words are few (a DFA of them builds in well under a millisecond) and
        // every sentence is searched, overlapping matches included.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&b.phrases)
            .map_err(|e| DataError::Invalid {
                origin: files.first().map(|f| f.origin.clone()).unwrap_or_default(),
                line: None,
                message: format!("cannot compile the date words: {e}"),
            })?;
        Ok(Lexicon {
            automaton,
            phrases: b.phrases,
            roles: b.roles,
            ranges,
            numeric_orders,
            ordinal_suffixes,
            capitalised,
            plural_endings,
            name_articles,
            name_links,
            not_plurals,
            count_nouns,
        })
    }

    /// Every phrase found in `folded`, as (pattern, start, end), overlapping ones included.
    pub fn matches<'a>(
        &'a self,
        folded: &'a str,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        self.automaton
            .find_overlapping_iter(folded)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
    }

    /// The folded text of phrase `id`.
    pub fn phrase(&self, id: usize) -> &str {
        self.phrases.get(id).map(String::as_str).unwrap_or("")
    }

    /// The parts phrase `id` plays.
    pub fn roles(&self, id: usize) -> &[Role] {
        self.roles.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// True when `word` (folded) after a number says the number counts something.
    pub fn is_counted_noun(&self, word: &str) -> bool {
        if self.count_nouns.contains(word) {
            return true;
        }
        !self.not_plurals.contains(word)
            && word.chars().count() > 2
            && self
                .plural_endings
                .iter()
                .any(|e| word.ends_with(e.as_str()))
    }
}
