//! Date expressions: absolute, relative to an anchor, ranges, with their precision.
//!
//! STUB: to be written (helper B).

use chrono::NaiveDate;

use crate::model::{DateMention, DatePoint, Sentence};
use crate::resources::{DataError, Resources};

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
pub struct DateFinder {}

impl DateFinder {
    /// Loads `data/<lang>/dates.toml` for every language.
    pub fn load(_res: &Resources) -> Result<DateFinder, DataError> {
        Ok(DateFinder {})
    }

    /// Finds and resolves the date expressions of `text` inside `sentences`.
    pub fn find(
        &self,
        _text: &str,
        _sentences: &[Sentence],
        _lang: &str,
        ctx: &DateContext,
    ) -> DateReading {
        DateReading {
            mentions: Vec::new(),
            anchor: ctx.published,
        }
    }
}
