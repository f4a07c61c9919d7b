//! The shared types every stage of the pipeline passes to the next.
//!
//! Each stage of `DESIGN.md` is a plain function from some of these types to others; keeping them
//! in one place, free of behaviour beyond small helpers, is what lets a stage be tested alone.
//! Offsets are byte offsets into [`Article::text`], the text as stored, so any fact can be shown
//! with the exact words that carry it.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A half-open byte range `[start, end)` into an article's stored text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (swapped if given backwards).
    pub fn new(start: usize, end: usize) -> Span {
        if start <= end {
            Span { start, end }
        } else {
            Span {
                start: end,
                end: start,
            }
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies wholly inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The text this span covers, or `""` when it does not fall on character boundaries of `text`.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// The form a source file was read in; it decides how metadata and text are found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceForm {
    /// `key: value` lines, a blank line, then the text (the dev corpus form).
    HeaderBlock,
    /// Loose text: a title line, a caption or "Publié le…" line somewhere, a byline at the end.
    LooseText,
    /// One JSON object per line with the header keys plus `text`.
    JsonLines,
    /// A saved web page whose main text is extracted.
    Html,
}

impl SourceForm {
    /// The lower-case name used in the store and in output.
    pub fn as_str(&self) -> &'static str {
        match self {
            SourceForm::HeaderBlock => "header_block",
            SourceForm::LooseText => "loose_text",
            SourceForm::JsonLines => "json_lines",
            SourceForm::Html => "html",
        }
    }
}

/// One news article as ingested: its metadata and the text every offset points into.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Hash of the normalised text (hex): the same article ingested twice has the same id.
    pub id: String,
    /// The name gold files use: the file's name (for JSON Lines, `file.jsonl:LINE` unless an
    /// `id` or `name` key gives one).
    pub name: String,
    /// Where it was read from (path as given on the command line).
    pub source: String,
    /// How the source was read.
    pub form: SourceForm,
    /// The article's address, when known.
    pub url: Option<String>,
    /// The headline, when known.
    pub title: Option<String>,
    /// Publication date (day or month precision), when known.
    pub published: Option<DatePoint>,
    /// ISO 639-1 language code (`fr`, `en`), from a header or detected.
    pub language: Option<String>,
    /// The outlet's name, when known.
    pub outlet: Option<String>,
    /// The stored text: for HTML the extracted main text, for a header block the body after it,
    /// for loose text the whole file.
    pub text: String,
}

/// A date at day, month or year precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DatePoint {
    /// A calendar day.
    Day(NaiveDate),
    /// A whole month.
    Month {
        /// Year, e.g. 2025.
        year: i32,
        /// Month, 1-12.
        month: u32,
    },
    /// A whole year.
    Year(i32),
}

impl DatePoint {
    /// The month `month` of `year`, or `None` when `month` is not 1-12.
    pub fn month(year: i32, month: u32) -> Option<DatePoint> {
        (1..=12)
            .contains(&month)
            .then_some(DatePoint::Month { year, month })
    }

    /// The day, or `None` when it does not exist.
    pub fn day(year: i32, month: u32, day: u32) -> Option<DatePoint> {
        NaiveDate::from_ymd_opt(year, month, day).map(DatePoint::Day)
    }

    /// The first day this point covers.
    pub fn first_day(&self) -> NaiveDate {
        match *self {
            DatePoint::Day(d) => d,
            DatePoint::Month { year, month } => {
                NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
            }
            DatePoint::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(NaiveDate::MIN),
        }
    }

    /// The last day this point covers.
    pub fn last_day(&self) -> NaiveDate {
        match *self {
            DatePoint::Day(d) => d,
            DatePoint::Month { year, month } => {
                let (ny, nm) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                NaiveDate::from_ymd_opt(ny, nm, 1)
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(NaiveDate::MAX)
            }
            DatePoint::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(NaiveDate::MAX),
        }
    }

    /// The year this point falls in.
    pub fn year(&self) -> i32 {
        match *self {
            DatePoint::Day(d) => d.year(),
            DatePoint::Month { year, .. } => year,
            DatePoint::Year(y) => y,
        }
    }

    /// How precise the point is.
    pub fn precision(&self) -> Precision {
        match self {
            DatePoint::Day(_) => Precision::Day,
            DatePoint::Month { .. } => Precision::Month,
            DatePoint::Year(_) => Precision::Year,
        }
    }
}

impl fmt::Display for DatePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As `%Y-%m-%d` for the years a date is read from (0 to 9999), digit by digit rather
        // than through padded number formatting: dates are written by the hundred thousand
        // (a timeline lists each event's).
        let (year, month, day) = match *self {
            DatePoint::Day(d) => (d.year(), Some(d.month()), Some(d.day())),
            DatePoint::Month { year, month } => (year, Some(month), None),
            DatePoint::Year(year) => (year, None, None),
        };
        let year4 = match u32::try_from(year) {
            Ok(y) if y <= 9999 && month.is_none_or(|m| m <= 99) => y,
            _ => {
                return match (month, day) {
                    (Some(m), Some(d)) => write!(f, "{year:04}-{m:02}-{d:02}"),
                    (Some(m), None) => write!(f, "{year:04}-{m:02}"),
                    _ => write!(f, "{year:04}"),
                };
            }
        };
        let mut text = [0u8; 10];
        let digit = |n: u32| b'0' + (n % 10) as u8;
        text[..4].copy_from_slice(&[
            digit(year4 / 1000),
            digit(year4 / 100),
            digit(year4 / 10),
            digit(year4),
        ]);
        let mut len = 4;
        for part in [month, day].into_iter().flatten() {
            text[len..len + 3].copy_from_slice(&[b'-', digit(part / 10), digit(part)]);
            len += 3;
        }
        f.write_str(std::str::from_utf8(&text[..len]).map_err(|_| fmt::Error)?)
    }
}

/// Why a date string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a date (expected YYYY, YYYY-MM, YYYY-MM-DD or START/END of those): {0:?}")]
pub struct DateParseError(pub String);

impl FromStr for DatePoint {
    type Err = DateParseError;

    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (anything after the tenth byte, such as the time
    /// of an RFC 3339 timestamp, is ignored).
    fn from_str(s: &str) -> Result<DatePoint, DateParseError> {
        let err = || DateParseError(s.to_string());
        let head = s.trim().get(..10).unwrap_or(s.trim());
        let parts: Vec<&str> = head.split('-').collect();
        let num = |p: &str| -> Result<i64, DateParseError> {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            p.parse::<i64>().map_err(|_| err())
        };
        match parts.as_slice() {
            [y] if y.len() == 4 => Ok(DatePoint::Year(num(y)? as i32)),
            [y, m] if y.len() == 4 && m.len() == 2 => {
                DatePoint::month(num(y)? as i32, num(m)? as u32).ok_or_else(err)
            }
            [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
                DatePoint::day(num(y)? as i32, num(m)? as u32, num(d)? as u32).ok_or_else(err)
            }
            _ => Err(err()),
        }
    }
}

/// How precise an event's date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// A day.
    Day,
    /// A month.
    Month,
    /// A year.
    Year,
    /// A range between two points.
    Range,
}

/// When an event happened: a point, or a range between two points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventDate {
    /// One day, month or year.
    Point(DatePoint),
    /// From the first point to the second, inclusive.
    Range(DatePoint, DatePoint),
}

impl EventDate {
    /// A range, or a point when both ends are equal; ends given backwards are swapped.
    pub fn range(a: DatePoint, b: DatePoint) -> EventDate {
        if a == b {
            EventDate::Point(a)
        } else if a.first_day() <= b.first_day() {
            EventDate::Range(a, b)
        } else {
            EventDate::Range(b, a)
        }
    }

    /// The first day covered.
    pub fn first_day(&self) -> NaiveDate {
        match self {
            EventDate::Point(p) | EventDate::Range(p, _) => p.first_day(),
        }
    }

    /// The last day covered.
    pub fn last_day(&self) -> NaiveDate {
        match self {
            EventDate::Point(p) | EventDate::Range(_, p) => p.last_day(),
        }
    }

    /// How precise the date is.
    pub fn precision(&self) -> Precision {
        match self {
            EventDate::Point(p) => p.precision(),
            EventDate::Range(..) => Precision::Range,
        }
    }

    /// Number of days covered.
    pub fn days(&self) -> i64 {
        (self.last_day() - self.first_day()).num_days() + 1
    }

    /// FORMAT.md's date compatibility: both taken as intervals of days, each widened by one day
    /// on either side, they overlap.
    pub fn compatible(&self, other: &EventDate) -> bool {
        day_spans_compatible(self.day_span(), other.day_span())
    }

    /// The first and last day covered, as days from the common era (for comparing many dates
    /// without going back to the calendar each time).
    pub fn day_span(&self) -> (i32, i32) {
        (
            self.first_day().num_days_from_ce(),
            self.last_day().num_days_from_ce(),
        )
    }
}

/// [`EventDate::compatible`] on two [`EventDate::day_span`]s.
pub fn day_spans_compatible((a_first, a_last): (i32, i32), (b_first, b_last): (i32, i32)) -> bool {
    a_first - 1 <= b_last + 1 && b_first - 1 <= a_last + 1
}

impl From<DatePoint> for EventDate {
    fn from(p: DatePoint) -> EventDate {
        EventDate::Point(p)
    }
}

impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventDate::Point(p) => write!(f, "{p}"),
            EventDate::Range(a, b) => write!(f, "{a}/{b}"),
        }
    }
}

impl FromStr for EventDate {
    type Err = DateParseError;

    /// Reads a point or `START/END`.
    fn from_str(s: &str) -> Result<EventDate, DateParseError> {
        match s.split_once('/') {
            Some((a, b)) => Ok(EventDate::range(a.parse()?, b.parse()?)),
            None => Ok(EventDate::Point(s.parse()?)),
        }
    }
}

impl Serialize for DatePoint {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DatePoint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<DatePoint, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for EventDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EventDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<EventDate, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// What `clean` found that is part of the page but not news to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoiseKind {
    /// The headline line of loose text (kept as the title, not read as a sentence of the body).
    Title,
    /// A photo caption or credit ("(Photo /TASS/Getty)", "… / Air Info").
    Caption,
    /// "Par la rédaction", "K. Mamadou" at the end, an author line.
    Byline,
    /// "Publié le lundi 12 mai 2025", a ` date 2025-04` caption line, "Mis à jour le…".
    Dateline,
    /// "Pour explorer les options de sponsoring, contactez-nous", advertising.
    Sponsor,
    /// "Partager sur Facebook", "Lire aussi", newsletter prompts, site furniture.
    Share,
}

/// A span of the stored text that is kept but not read as news.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoiseSpan {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub kind: NoiseKind,
}

/// The kind of block a sentence sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// Running text.
    Body,
    /// A short line without final punctuation between paragraphs (an intertitle).
    Heading,
    /// A bullet-list item.
    Bullet,
    /// A row of a table (cells separated by tabs or runs of spaces).
    TableRow,
}

/// One sentence of the article's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Where it is, trimmed of surrounding white space.
    pub span: Span,
    /// Index of its paragraph (blocks separated by blank lines or line breaks), from 0.
    pub paragraph: usize,
    /// The block it belongs to.
    pub block: BlockKind,
}

/// What kind of actor an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A sovereign state (ISO 3166-1 alpha-3 id).
    State,
    /// An international or national organisation (`ECOWAS`, `UN`), or a military operation.
    Organisation,
    /// A non-state armed group (`JNIM`, `WAGNER`).
    ArmedGroup,
    /// A named person (slug id).
    Person,
}

impl EntityKind {
    /// The lower-case name used in the store and in output.
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityKind::State => "state",
            EntityKind::Organisation => "organisation",
            EntityKind::ArmedGroup => "armed_group",
            EntityKind::Person => "person",
        }
    }
}

/// How a mention was tied to its entity; the extractor trusts some ways more than others.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkVia {
    /// The entity's name or one of its aliases ("Mali", "CEDEAO", "Sergueï Lavrov").
    Name,
    /// A demonym ("malien", "russes", "burkinabè").
    Demonym,
    /// A capital standing for its state ("Moscou promet…").
    Capital,
    /// A role phrase ("le ministre russe de la Défense").
    Role,
    /// A bare surname or short form resolved against a fuller mention earlier in the article.
    Coreference,
    /// A person the knowledge base lacks, found by a title or role pattern.
    Discovered,
}

/// An actor named or described in the text, linked to an entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorMention {
    /// Where it is.
    pub span: Span,
    /// Entity id: alpha-3 for a state, upper-case id for an organisation or group, slug for a
    /// person (`sergey-lavrov`); a discovered person's slug is built from the name as written.
    pub entity: String,
    /// What the entity is.
    pub kind: EntityKind,
    /// The state or organisation it acts for, as scored (Lavrov → `RUS`, FAMa → `MLI`,
    /// Barkhane → `FRA`); for a state or organisation, its own id. `None` when unknown.
    pub code: Option<String>,
    /// How it was linked.
    pub via: LinkVia,
    /// The role it holds here, when a role phrase named it (`foreign_minister`).
    pub role: Option<String>,
}

/// A town or region named in the text, tied to a gazetteer entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {
    /// Where it is.
    pub span: Span,
    /// The place as named in the gazetteer ("Djibo").
    pub name: String,
    /// Alpha-3 of the state it lies in.
    pub country: String,
    /// GeoNames id, when the place is a gazetteer town.
    pub geonameid: Option<u64>,
    /// Latitude, when known.
    pub lat: Option<f64>,
    /// Longitude, when known.
    pub lon: Option<f64>,
    /// True when a locative preposition introduces it ("à Djibo", "near Kidal"), so it is where
    /// something happened rather than an actor.
    pub locative: bool,
}

/// A date expression in the text, resolved as far as the text and the anchor allow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    /// Where it is.
    pub span: Span,
    /// The resolved date; `None` when only a weekday or a relative form without anchor is known.
    pub date: Option<EventDate>,
    /// The weekday the text names ("jeudi"), kept to fix a year or to match an undated report.
    pub weekday: Option<WeekdayName>,
    /// True when the date was computed from an anchor ("hier", "ce jeudi", "le mois dernier")
    /// rather than read whole from the text.
    pub relative: bool,
    /// A time elapsed between two events ("four days after", "huit mois plus tôt"): no date of
    /// its own, it places an event against the date the sentence is at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elapsed: Option<Elapsed>,
}

/// A time between two events, as "four days after the coup" or "huit mois plus tôt" give it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Elapsed {
    /// What is counted.
    pub unit: ElapsedUnit,
    /// How many; `None` for "weeks after", "quelques mois plus tard".
    pub count: Option<u32>,
    /// Which event it places and on which side.
    pub shift: ElapsedShift,
}

/// The unit of an elapsed time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ElapsedUnit {
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Months.
    Month,
    /// Years.
    Year,
}

/// Which event an elapsed time places, and which way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElapsedShift {
    /// "four days after the coup": the event named next is that long before the sentence's date.
    NextEarlier,
    /// "months of protests": the event named next went on for that long, up to the sentence's
    /// date.
    NextThrough,
    /// "two days before the vote": the event named next is that long after it.
    NextLater,
    /// "three days later": the event of the clause is that long after the date the text was at.
    ClauseLater,
    /// "huit mois plus tôt": the event of the clause is that long before it.
    ClauseEarlier,
}

/// A weekday, serialisable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WeekdayName {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl From<Weekday> for WeekdayName {
    fn from(w: Weekday) -> WeekdayName {
        match w {
            Weekday::Mon => WeekdayName::Monday,
            Weekday::Tue => WeekdayName::Tuesday,
            Weekday::Wed => WeekdayName::Wednesday,
            Weekday::Thu => WeekdayName::Thursday,
            Weekday::Fri => WeekdayName::Friday,
            Weekday::Sat => WeekdayName::Saturday,
            Weekday::Sun => WeekdayName::Sunday,
        }
    }
}

impl From<WeekdayName> for Weekday {
    fn from(w: WeekdayName) -> Weekday {
        match w {
            WeekdayName::Monday => Weekday::Mon,
            WeekdayName::Tuesday => Weekday::Tue,
            WeekdayName::Wednesday => Weekday::Wed,
            WeekdayName::Thursday => Weekday::Thu,
            WeekdayName::Friday => Weekday::Fri,
            WeekdayName::Saturday => Weekday::Sat,
            WeekdayName::Sunday => Weekday::Sun,
        }
    }
}

/// What a number in the text counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuantityUnit {
    /// People killed.
    Killed,
    /// People wounded.
    Wounded,
    /// People abducted or taken hostage.
    Abducted,
    /// People arrested or detained.
    Arrested,
    /// People displaced or fleeing.
    Displaced,
    /// Soldiers, troops, men of a force.
    Soldiers,
    /// Anything else counted (vehicles, tonnes, villages).
    Other,
}

impl QuantityUnit {
    /// The lower-case name used in output.
    pub fn as_str(&self) -> &'static str {
        match self {
            QuantityUnit::Killed => "killed",
            QuantityUnit::Wounded => "wounded",
            QuantityUnit::Abducted => "abducted",
            QuantityUnit::Arrested => "arrested",
            QuantityUnit::Displaced => "displaced",
            QuantityUnit::Soldiers => "soldiers",
            QuantityUnit::Other => "other",
        }
    }
}

/// A counted quantity in the text ("au moins 150 morts", "une force de 5000 hommes").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuantityMention {
    /// Where it is (number and the noun it counts).
    pub span: Span,
    /// The number.
    pub value: u64,
    /// What it counts.
    pub unit: QuantityUnit,
    /// True for "au moins", "près de", "some", "more than".
    pub approximate: bool,
}

/// Quoted speech, with who said it when the text says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteMention {
    /// The quoted words, marks included.
    pub span: Span,
    /// Entity id of the speaker, when found.
    pub speaker: Option<String>,
}

/// Everything the reading stages found in one article, handed to `extract`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Language the article was read in.
    pub language: String,
    /// The date relative expressions are resolved against (publication date, or what the text
    /// gives when there is none).
    pub anchor: Option<DatePoint>,
    /// When there is no anchor, the span of time the article can be from, as far as what it
    /// names tells ("2023/2026" for an undated article naming the AES, founded in 2023).
    #[serde(default)]
    pub period: Option<EventDate>,
    /// Spans kept but not read as news.
    pub noise: Vec<NoiseSpan>,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Actors in text order.
    pub actors: Vec<ActorMention>,
    /// Places in text order.
    pub places: Vec<PlaceMention>,
    /// Dates in text order.
    pub dates: Vec<DateMention>,
    /// Quantities in text order.
    pub quantities: Vec<QuantityMention>,
    /// Quotes in text order.
    pub quotes: Vec<QuoteMention>,
}

/// The 16 PLOVER event categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EventType {
    /// Express intent, promise, pledge.
    Agree,
    /// Meet, visit, talk.
    Consult,
    /// Sign, praise, endorse, back verbally.
    Support,
    /// Yield, ease, resign.
    Concede,
    /// Carry out cooperation.
    Cooperate,
    /// Deliver aid.
    Aid,
    /// Withdraw, release, cease fire.
    Retreat,
    /// Call for, appeal, demand.
    Request,
    /// Accuse, criticise, condemn.
    Accuse,
    /// Refuse, reject, deny.
    Reject,
    /// Threaten.
    Threaten,
    /// Demonstrate, strike, riot.
    Protest,
    /// Expel, break relations, leave an organisation.
    Sanction,
    /// Deploy, mobilise, create a force.
    Mobilize,
    /// Arrest, seize power, ban, impose sanctions.
    Coerce,
    /// Attack, kill, abduct.
    Assault,
}

impl EventType {
    /// Every category, in PLOVER's order.
    pub const ALL: [EventType; 16] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
    ];

    /// The upper-case PLOVER name.
    pub fn as_str(&self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Concede => "CONCEDE",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Retreat => "RETREAT",
            EventType::Request => "REQUEST",
            EventType::Accuse => "ACCUSE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Protest => "PROTEST",
            EventType::Sanction => "SANCTION",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a string is not a PLOVER category.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown PLOVER category {0:?} (one of AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT)"
)]
pub struct EventTypeParseError(pub String);

impl FromStr for EventType {
    type Err = EventTypeParseError;

    fn from_str(s: &str) -> Result<EventType, EventTypeParseError> {
        // The store's columns hold the exact name: found without making an upper-case copy,
        // which a list of events did for every row.
        if let Some(t) = EventType::ALL.iter().copied().find(|t| t.as_str() == s) {
            return Ok(t);
        }
        let up = s.trim().to_ascii_uppercase();
        EventType::ALL
            .iter()
            .copied()
            .find(|t| t.as_str() == up)
            .ok_or_else(|| EventTypeParseError(s.to_string()))
    }
}

/// How the article presents an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated as fact.
    Asserted,
    /// Announced, scheduled or promised to happen.
    Planned,
    /// Attributed to a source ("selon…", "X claims that").
    Reported,
    /// Said not to have happened, or denied.
    Negated,
    /// Conditional or supposed ("si la junte…").
    Hypothetical,
}

impl Modality {
    /// The lower-case name used in output.
    pub fn as_str(&self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Planned => "planned",
            Modality::Reported => "reported",
            Modality::Negated => "negated",
            Modality::Hypothetical => "hypothetical",
        }
    }
}

/// A counted quantity attached to an event, with the article that gives it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Quantity {
    /// The number.
    pub value: u64,
    /// What it counts.
    pub unit: QuantityUnit,
    /// The article (name) that gives it.
    pub article: String,
}

/// A town where an event happened, as FORMAT.md's `location`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// The town's name.
    pub name: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// GeoNames id.
    pub geonameid: u64,
}

/// One report of an event in one article: what `extract` produces.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventMention {
    /// Id of the article it was found in.
    pub article_id: String,
    /// Name of that article (what gold files use).
    pub article: String,
    /// The outlet of that article, when known.
    pub outlet: Option<String>,
    /// PLOVER category.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// CAMEO code ("036").
    pub cameo: String,
    /// PLOVER mode ("visit", "expel"), when known.
    pub mode: Option<String>,
    /// PLOVER contexts ("military", "diplomatic").
    pub context: Vec<String>,
    /// Codes of the side that acts (the visitor, the attacker).
    pub actors: Vec<String>,
    /// Codes of the side acted on (the host, the victims).
    pub recipients: Vec<String>,
    /// Slugs of the named persons taking part.
    pub persons: Vec<String>,
    /// Alpha-3 of the state where it happened.
    pub place: Option<String>,
    /// The town where it happened, when named.
    pub location: Option<Location>,
    /// When it happened, as far as the article says.
    pub date: Option<EventDate>,
    /// A weekday the article gives when it gives no full date ("jeudi"), so an undated report
    /// can still be matched with a dated one.
    pub weekday: Option<WeekdayName>,
    /// True when the sentence gives no date and `date` is the one the paragraph or the article
    /// was at: a weaker date, which another report's explicit date may correct.
    #[serde(default)]
    pub date_inherited: bool,
    /// True when part of the date was computed from another date ("four days later", "le
    /// mois dernier"): a range is then where the event may lie, not a span it lasted.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub date_relative: bool,
    /// True when the sentence says it happened again one more day ("for a second straight
    /// day"): a happening of its own day, not of the day before.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repeated: bool,
    /// How the article presents it.
    pub modality: Modality,
    /// Numbers the article gives for it.
    pub quantities: Vec<Quantity>,
    /// The evidence sentence.
    pub sentence: String,
    /// Byte span of the evidence sentence in the article's stored text.
    pub start: usize,
    /// End of that span.
    pub end: usize,
    /// Byte span of the trigger word or phrase.
    pub trigger: Span,
    /// The rule that fired (`fr/triggers.toml:accuse`).
    pub rule: String,
    /// Confidence in [0, 1].
    pub confidence: f32,
}

impl EventMention {
    /// Participants: actors and recipients, deduplicated, in that order.
    pub fn participants(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in self.actors.iter().chain(self.recipients.iter()) {
            if !out.contains(c) {
                out.push(c.clone());
            }
        }
        out
    }
}

/// One version of a detail that reports of an event give differently.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// What the claim is about: a quantity unit (`killed`), `date`, `actors`, `recipients`.
    pub field: String,
    /// The value this report gives, as text ("150", "2024-08-24", "JNIM").
    pub value: String,
    /// The article (name) that gives it.
    pub article: String,
    /// Its outlet, when known.
    pub outlet: Option<String>,
    /// True when another report of the same event gives a different value for this field.
    pub conflict: bool,
}

/// One real-world happening, with every report of it: what `resolve` produces.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable id, derived from its earliest mention.
    pub id: String,
    /// PLOVER category.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// CAMEO code.
    pub cameo: String,
    /// PLOVER mode, when known.
    pub mode: Option<String>,
    /// PLOVER contexts.
    pub context: Vec<String>,
    /// The best-supported date over the mentions.
    pub date: Option<EventDate>,
    /// Codes of the acting side.
    pub actors: Vec<String>,
    /// Codes of the side acted on.
    pub recipients: Vec<String>,
    /// Named persons.
    pub persons: Vec<String>,
    /// Alpha-3 of the state where it happened.
    pub place: Option<String>,
    /// The town where it happened.
    pub location: Option<Location>,
    /// Every number any report gives, per article.
    pub quantities: Vec<Quantity>,
    /// Details the reports give differently, side by side.
    pub claims: Vec<Claim>,
    /// PLOVER/CAMEO quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal
    /// conflict, 4 material conflict.
    pub quad_class: u8,
    /// Goldstein score of the CAMEO code.
    pub goldstein: f32,
    /// Every report, ordered by article then position.
    pub mentions: Vec<EventMention>,
}

impl Event {
    /// The outlets that report it; a report without an outlet counts by its article's name,
    /// since each is a separate report.
    pub fn outlets(&self) -> std::collections::BTreeSet<&str> {
        self.mentions
            .iter()
            .map(|m| m.outlet.as_deref().unwrap_or(m.article.as_str()))
            .collect()
    }
}

/// What a list of events shows of each (a table row, a timeline line), small enough to be read
/// back for tens of thousands of events without decoding each whole event and its reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventSummary {
    /// The event's id.
    pub id: String,
    /// PLOVER category.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// CAMEO code.
    pub cameo: String,
    /// The event's date.
    pub date: Option<EventDate>,
    /// Codes of the acting side.
    pub actors: Vec<String>,
    /// Codes of the side acted on.
    pub recipients: Vec<String>,
    /// Alpha-3 of the state where it happened.
    pub place: Option<String>,
    /// The town where it happened.
    pub town: Option<String>,
    /// How many reports it has.
    pub mentions: usize,
    /// How many outlets report it (see [`Event::outlets`]).
    pub outlets: usize,
    /// The first report's sentence.
    pub evidence: String,
}

impl EventSummary {
    /// The summary of `event`.
    pub fn of(event: &Event) -> EventSummary {
        EventSummary {
            id: event.id.clone(),
            event_type: event.event_type,
            cameo: event.cameo.clone(),
            date: event.date,
            actors: event.actors.clone(),
            recipients: event.recipients.clone(),
            place: event.place.clone(),
            town: event.location.as_ref().map(|l| l.name.clone()),
            mentions: event.mentions.len(),
            outlets: event.outlets().len(),
            evidence: event
                .mentions
                .first()
                .map(|m| m.sentence.clone())
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_points_parse_and_print_back() {
        for s in [
            "2025",
            "2025-04",
            "2025-04-03",
            "2020/2023",
            "2025-05-07/2025-05-11",
        ] {
            let d: EventDate = s.parse().unwrap();
            assert_eq!(d.to_string(), s);
        }
        assert_eq!(
            "2020-08-19T08:45:00+00:00"
                .parse::<DatePoint>()
                .unwrap()
                .to_string(),
            "2020-08-19"
        );
        for bad in [
            "",
            "20",
            "2025-13",
            "2025-02-30",
            "abcd",
            "2025-4-3",
            "2025/",
        ] {
            assert!(bad.parse::<EventDate>().is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn month_and_year_cover_their_days() {
        let feb: DatePoint = "2024-02".parse().unwrap();
        assert_eq!(feb.first_day().to_string(), "2024-02-01");
        assert_eq!(feb.last_day().to_string(), "2024-02-29");
        let dec: DatePoint = "2023-12".parse().unwrap();
        assert_eq!(dec.last_day().to_string(), "2023-12-31");
        let r: EventDate = "2020/2023".parse().unwrap();
        assert_eq!(r.first_day().to_string(), "2020-01-01");
        assert_eq!(r.last_day().to_string(), "2023-12-31");
        assert_eq!(r.precision(), Precision::Range);
    }

    #[test]
    fn compatibility_widens_by_one_day() {
        let a: EventDate = "2025-04-03".parse().unwrap();
        let b: EventDate = "2025-04-05".parse().unwrap();
        let c: EventDate = "2025-04-06".parse().unwrap();
        assert!(a.compatible(&b));
        assert!(!a.compatible(&c));
        let range: EventDate = "2025-05-07/2025-05-11".parse().unwrap();
        let pub_day: EventDate = "2025-05-12".parse().unwrap();
        assert!(range.compatible(&pub_day));
        let month: EventDate = "2025-04".parse().unwrap();
        assert!(month.compatible(&a));
    }

    #[test]
    fn ranges_are_ordered() {
        let a: DatePoint = "2023".parse().unwrap();
        let b: DatePoint = "2020".parse().unwrap();
        assert_eq!(EventDate::range(a, b).to_string(), "2020/2023");
        assert_eq!(EventDate::range(a, a).to_string(), "2023");
    }

    proptest::proptest! {
        #[test]
        fn days_are_written_as_iso_and_read_back(days in 0i64..3_650_000) {
            let d = chrono::NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + chrono::Duration::days(days);
            let written = DatePoint::Day(d).to_string();
            proptest::prop_assert_eq!(&written, &d.format("%Y-%m-%d").to_string());
            proptest::prop_assert_eq!(written.parse::<DatePoint>().unwrap(), DatePoint::Day(d));
        }

        #[test]
        fn months_and_years_are_written_as_padded_numbers(year in -20_000i32..20_000, month in 0u32..200) {
            proptest::prop_assert_eq!(DatePoint::Year(year).to_string(), format!("{year:04}"));
            proptest::prop_assert_eq!(
                DatePoint::Month { year, month }.to_string(),
                format!("{year:04}-{month:02}")
            );
        }
    }

    #[test]
    fn event_types_round_trip() {
        for t in EventType::ALL {
            assert_eq!(t.as_str().parse::<EventType>().unwrap(), t);
            let j = serde_json::to_string(&t).unwrap();
            assert_eq!(j, format!("\"{}\"", t.as_str()));
        }
        assert!("MEET".parse::<EventType>().is_err());
    }

    #[test]
    fn span_slices_only_on_boundaries() {
        let t = "Goïta";
        assert_eq!(Span::new(0, 2).slice(t), "Go");
        assert_eq!(Span::new(0, 3).slice(t), "", "inside the two bytes of ï");
        assert_eq!(Span::new(0, 4).slice(t), "Goï");
        assert!(Span::new(1, 4).contains(Span::new(2, 4)));
        assert!(Span::new(1, 4).overlaps(Span::new(3, 9)));
        assert!(!Span::new(1, 4).overlaps(Span::new(4, 9)));
    }
}
