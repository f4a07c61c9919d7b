//! Date expressions: absolute, relative to an anchor, ranges, with their precision.
//!
//! Three steps, each its own module: [`scan`] cuts a sentence into tokens with the language's
//! date words (found by one automaton built from `data/<lang>/dates.toml`), [`parse`] reads the
//! date forms out of the tokens (the grammar, the same for every language), and [`resolve`]
//! places each form in time against the article's anchor. Between parsing and resolving, the
//! anchor is chosen: the publication date, else what the article's own dates give.

mod lexicon;
mod parse;
mod resolve;
mod scan;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, NaiveDate};

use crate::model::{
    DateMention, DatePoint, Elapsed, ElapsedUnit, NoiseKind, NoiseSpan, Sentence, Span,
};
use crate::resources::{DataError, Resources};
use crate::text::{FoldedText, fold_sentences};

use lexicon::{Lexicon, Unit};
use parse::{Cal, Expr};
use resolve::{Frame, explicit_point};

/// How many years back the weekday of a year-less date is tried when nothing bounds the
/// article's year: one full cycle of the calendar, in which every weekday falls on every date.
const WEEKDAY_SEARCH_YEARS: i32 = 28;

/// What the date finder knows of an article before reading its text.
#[derive(Clone, Debug, PartialEq)]
pub struct DateContext {
    /// The publication date, when known.
    pub published: Option<DatePoint>,
    /// The earliest year the article can be from (what the knowledge base says of the entities
    /// it names: an organisation's founding, a minister's first day).
    pub earliest_year: Option<i32>,
    /// The latest year it can be from.
    pub latest_year: Option<i32>,
    /// The day Vigie runs: no article comes from after it.
    pub today: NaiveDate,
}

/// The dates of an article and the anchor they were resolved against.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DateReading {
    /// Every date expression, in text order.
    pub mentions: Vec<DateMention>,
    /// The date relative expressions were resolved against: the publication date, or, without
    /// one, what the text gives.
    pub anchor: Option<DatePoint>,
}

/// Date words and patterns of every language, compiled once.
#[derive(Clone, Debug, Default)]
pub struct DateFinder {
    languages: BTreeMap<String, Lexicon>,
}

/// A date expression found in the text, before it is placed in time.
#[derive(Clone, Copy, Debug)]
struct Found {
    span: Span,
    expr: Expr,
}

impl DateFinder {
    /// Loads `data/<lang>/dates.toml` for every language.
    pub fn load(res: &Resources) -> Result<DateFinder, DataError> {
        let mut languages = BTreeMap::new();
        for lang in res.languages() {
            let path = format!("{lang}/dates.toml");
            let files: Vec<_> = res.files(&path).collect();
            if files.is_empty() {
                continue;
            }
            // A number followed by what quantities count ("2000 hommes") is a count, not a
            // year: the date finder reads the same nouns.
            let count_nouns: HashSet<String> =
                crate::recognise::quantities::counted_words(res, &lang)?;
            languages.insert(lang, Lexicon::load(&files, count_nouns)?);
        }
        Ok(DateFinder { languages })
    }

    /// The languages with date words.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.languages.keys().map(String::as_str)
    }

    /// Finds and resolves the date expressions of `text` inside `sentences` (the whole text
    /// when no sentence is given).
    pub fn find(
        &self,
        text: &str,
        sentences: &[Sentence],
        lang: &str,
        ctx: &DateContext,
    ) -> DateReading {
        self.find_folded(text, sentences, &fold_sentences(text, sentences), lang, ctx)
    }

    /// [`DateFinder::find`], given each sentence folded (see [`fold_sentences`]).
    pub fn find_folded(
        &self,
        text: &str,
        sentences: &[Sentence],
        folded: &[FoldedText],
        lang: &str,
        ctx: &DateContext,
    ) -> DateReading {
        let Some(lex) = self.languages.get(lang) else {
            return DateReading {
                mentions: Vec::new(),
                anchor: ctx.published,
            };
        };
        let mut found = Vec::new();
        if sentences.is_empty() {
            found.extend(find_in(lex, text, Span::new(0, text.len()), false));
        }
        for (s, f) in sentences.iter().zip(folded) {
            found.extend(find_in_folded(lex, text, s.span, f, false));
        }
        found.sort_by_key(|f| (f.span.start, f.span.end));
        let mut kept: Vec<Found> = Vec::with_capacity(found.len());
        for f in found {
            if kept.last().is_none_or(|k| f.span.start >= k.span.end) {
                kept.push(f);
            }
        }

        let (frame, anchor) = choose_anchor(&kept, ctx);
        // "in June of that year": the year of the last date written with its year.
        let mut last_year = None;
        let mentions = kept
            .iter()
            .map(|f| {
                let expr = match f.expr {
                    Expr::Cal(c) if c.same_year && c.year.is_none() => Expr::Cal(Cal {
                        year: last_year,
                        ..c
                    }),
                    e => e,
                };
                match expr {
                    Expr::Cal(Cal { year: Some(y), .. })
                    | Expr::CalRange(_, Cal { year: Some(y), .. }) => last_year = Some(y),
                    _ => {}
                }
                let r = resolve::resolve(&expr, &frame);
                DateMention {
                    span: f.span,
                    date: r.date,
                    weekday: r.weekday,
                    relative: r.relative,
                    elapsed: elapsed_of(&f.expr),
                }
            })
            .collect();
        DateReading { mentions, anchor }
    }

    /// The most precise date written inside the `Dateline` spans of `noise` ("Publié le lundi
    /// 12 mai 2025", a ` date 2025-04` caption line, "Published on 3 April 2025"): the
    /// publication date of loose text that has none. Read in `lang`, then in the other
    /// languages, since site furniture is not always in the article's language.
    pub fn publication_date(
        &self,
        text: &str,
        noise: &[NoiseSpan],
        lang: &str,
    ) -> Option<DatePoint> {
        let order = self.languages.get(lang).into_iter().chain(
            self.languages
                .iter()
                .filter(|(l, _)| l.as_str() != lang)
                .map(|(_, lex)| lex),
        );
        let mut best: Option<DatePoint> = None;
        for lex in order {
            for n in noise.iter().filter(|n| n.kind == NoiseKind::Dateline) {
                for f in find_in(lex, text, n.span, true) {
                    let Expr::Cal(c) = f.expr else { continue };
                    let Some(p) = explicit_point(&c) else {
                        continue;
                    };
                    if best.is_none_or(|b| rank(p) > rank(b)) {
                        best = Some(p);
                    }
                }
            }
        }
        best
    }
}

/// The elapsed time an expression gives, in the model's terms.
fn elapsed_of(expr: &Expr) -> Option<Elapsed> {
    let Expr::Elapsed { unit, count, shift } = *expr else {
        return None;
    };
    let unit = match unit {
        Unit::Day => ElapsedUnit::Day,
        Unit::Week => ElapsedUnit::Week,
        Unit::Month => ElapsedUnit::Month,
        Unit::Year => ElapsedUnit::Year,
    };
    Some(Elapsed { unit, count, shift })
}

fn rank(p: DatePoint) -> u8 {
    match p {
        DatePoint::Day(_) => 3,
        DatePoint::Month { .. } => 2,
        DatePoint::Year(_) => 1,
    }
}

/// The expressions of `text[block]`; nothing when the block is not a span of `text`.
fn find_in(lex: &Lexicon, text: &str, block: Span, iso_month: bool) -> Vec<Found> {
    let Some(slice) = text.get(block.start..block.end) else {
        return Vec::new();
    };
    find_in_folded(lex, text, block, &FoldedText::new(slice), iso_month)
}

/// [`find_in`], given `text[block]` folded.
fn find_in_folded(
    lex: &Lexicon,
    text: &str,
    block: Span,
    folded: &FoldedText,
    iso_month: bool,
) -> Vec<Found> {
    let Some(slice) = text.get(block.start..block.end) else {
        return Vec::new();
    };
    let toks = scan::tokens(lex, folded, slice);
    parse::parse(lex, &toks, &folded.text, iso_month)
        .into_iter()
        .filter(|f| !in_a_name(lex, folded, slice, f))
        .map(|f| {
            let s = folded.original_span(f.start, f.end);
            Found {
                span: Span::new(block.start + s.start, block.start + s.end),
                expr: f.expr,
            }
        })
        .collect()
}

/// True when a day date stands between a name article and a capitalised word: "the June 5
/// Movement", "the 17 October Agreement" name a movement and a text, not a day of the story.
fn in_a_name(lex: &Lexicon, folded: &FoldedText, original: &str, f: &parse::Found) -> bool {
    let Expr::Cal(Cal { day: Some(_), .. }) = f.expr else {
        return false;
    };
    let before = folded.text[..f.start].trim_end();
    // "le Mouvement du 5 juin": a capitalised noun, a linking word, the date.
    let mut words = before.rsplit(|c: char| !c.is_alphanumeric() && c != '-');
    if words.next().is_some_and(|w| lex.name_links.contains(w)) {
        let noun_end = before
            .trim_end_matches(|c: char| c.is_alphanumeric())
            .trim_end();
        let noun = folded.original_span(0, noun_end.len()).slice(original);
        let word = noun
            .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
            .next()
            .unwrap_or_default();
        // "coup d'État du 26 juillet": a capital after an elision is the noun's, not a name's.
        let elided = noun[..noun.len() - word.len()]
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '\'' | '\u{2019}'));
        if word.chars().next().is_some_and(char::is_uppercase) && !elided {
            return true;
        }
    }
    let article = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .filter(|w| lex.name_articles.contains(*w));
    if article.is_none() {
        return false;
    }
    let after = folded.original_span(f.end, folded.text.len());
    let next = after.slice(original).trim_start();
    next.chars().next().is_some_and(char::is_uppercase)
        && !next
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .is_some_and(|w| w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()))
}

/// The frame relative forms are resolved against, and the anchor reported.
///
/// With a publication date, that date (made precise to a day by a date of the text inside it,
/// when it is a month or a year). Without one, in order:
/// 1. the first full day the text gives (the lead of a news story dates its news; background
///    dates come later), then the first month-and-year;
/// 2. the year that a weekday fixes for a year-less date ("le jeudi 14 août"): the latest year
///    whose calendar agrees, within the knowledge base's bounds and not after today.
///
/// A bare year never anchors: in an undated article it is background ("entre 2020 et 2023",
/// "depuis 2012"), and dating the whole article there would misdate every relative form in it.
///
/// Dates after today or outside the bounds cannot be the article's own time and are skipped.
fn choose_anchor(found: &[Found], ctx: &DateContext) -> (Frame, Option<DatePoint>) {
    let explicit: Vec<DatePoint> = found
        .iter()
        .filter_map(|f| match f.expr {
            Expr::Cal(c) => explicit_point(&c),
            Expr::CalRange(_, b) => explicit_point(&b),
            _ => None,
        })
        .collect();
    let in_bounds = |p: &DatePoint| {
        p.first_day() <= ctx.today
            && ctx.earliest_year.is_none_or(|y| p.year() >= y)
            && ctx.latest_year.is_none_or(|y| p.year() <= y)
    };

    if let Some(p) = ctx.published {
        let day = explicit.iter().find_map(|q| match q {
            DatePoint::Day(d) if p.first_day() <= *d && *d <= p.last_day() => Some(*d),
            _ => None,
        });
        let frame = Frame {
            published: true,
            ..Frame::of_point(p, day)
        };
        return (frame, Some(p));
    }
    let first_of = |precision: u8| {
        explicit
            .iter()
            .copied()
            .find(|p| rank(*p) == precision && in_bounds(p))
    };
    if let Some(p) = first_of(3).or_else(|| first_of(2)) {
        return (Frame::of_point(p, None), Some(p));
    }
    if let Some(d) = weekday_fixed_day(found, ctx) {
        return (Frame::of_day(d), Some(DatePoint::Day(d)));
    }
    (Frame::default(), None)
}

/// The day a year-less date with its weekday ("le jeudi 14 août") falls on, in the latest year
/// whose calendar agrees, within the context's bounds and not after today. When the text has
/// several such dates, the years that fit them all are preferred.
fn weekday_fixed_day(found: &[Found], ctx: &DateContext) -> Option<NaiveDate> {
    let dated: Vec<Cal> = found
        .iter()
        .filter_map(|f| match f.expr {
            Expr::Cal(c)
                if c.year.is_none()
                    && c.day.is_some()
                    && c.month.is_some()
                    && c.weekday.is_some() =>
            {
                Some(c)
            }
            _ => None,
        })
        .collect();
    let first = *dated.first()?;
    let hi = ctx
        .latest_year
        .map_or(ctx.today.year(), |y| y.min(ctx.today.year()));
    let lo = ctx.earliest_year.unwrap_or(hi - WEEKDAY_SEARCH_YEARS + 1);
    let fits = |c: &Cal, y: i32| {
        let on = NaiveDate::from_ymd_opt(y, c.month.unwrap_or(0), c.day.unwrap_or(0));
        on.filter(|d| Some(d.weekday()) == c.weekday && *d <= ctx.today)
    };
    let all = (lo..=hi)
        .rev()
        .find(|&y| dated.iter().all(|c| fits(c, y).is_some()));
    let year = all.or_else(|| (lo..=hi).rev().find(|&y| fits(&first, y).is_some()))?;
    fits(&first, year)
}
