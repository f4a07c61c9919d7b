//! The stages strung together for one article: clean, segment, recognise, link, extract.
//!
//! [`Pipeline::load`] reads every data file once and compiles it (automata, regexes); after that
//! [`Pipeline::analyse`] is a pure function of the article and the day Vigie runs, so articles
//! can be analysed in any order, on any number of threads, with the same result.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::clean::Cleaner;
use crate::extract::Extractor;
use crate::kb::Kb;
use crate::kb::cameo::CameoTable;
use crate::link::Linker;
use crate::model::{
    ActorMention, Analysis, Article, DatePoint, EntityKind, EventDate, EventMention,
};
use crate::recognise::dates::{DateContext, DateFinder};
use crate::recognise::names::NameFinder;
use crate::recognise::quantities::QuantityFinder;
use crate::recognise::quotes::QuoteFinder;
use crate::resources::{DataError, Resources};
use crate::segment::Segmenter;

/// The language assumed when an article has none and none can be detected.
pub const DEFAULT_LANGUAGE: &str = "fr";

/// Everything loaded and compiled once: the knowledge base and every stage's data.
#[derive(Debug)]
pub struct Pipeline {
    /// The data files everything was loaded from.
    pub resources: Resources,
    /// The knowledge base.
    pub kb: Kb,
    /// The CAMEO code table.
    pub cameo: CameoTable,
    cleaner: Cleaner,
    segmenter: Segmenter,
    names: NameFinder,
    dates: DateFinder,
    quantities: QuantityFinder,
    quotes: QuoteFinder,
    extractor: Extractor,
}

impl Pipeline {
    /// Loads the built-in data, plus a user's folder of the same layout when given.
    pub fn load(user_kb: Option<&Path>) -> Result<Pipeline, DataError> {
        let mut resources = Resources::builtin();
        if let Some(dir) = user_kb {
            resources = resources.with_user_dir(dir)?;
        }
        Pipeline::from_resources(resources)
    }

    /// Compiles every stage from `resources`.
    pub fn from_resources(resources: Resources) -> Result<Pipeline, DataError> {
        let kb = Kb::load(&resources)?;
        let cameo = CameoTable::load(&resources)?;
        Ok(Pipeline {
            cleaner: Cleaner::load(&resources)?,
            segmenter: Segmenter::load(&resources)?,
            names: NameFinder::new(&kb, &resources)?,
            dates: DateFinder::load(&resources)?,
            quantities: QuantityFinder::load(&resources)?,
            quotes: QuoteFinder::load(&resources)?,
            extractor: Extractor::load(&resources)?,
            kb,
            cameo,
            resources,
        })
    }

    /// The clean stage alone (for benchmarks and tools that run one stage).
    pub fn cleaner(&self) -> &Cleaner {
        &self.cleaner
    }

    /// The segment stage alone.
    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    /// The name recogniser alone (the first half of recognise).
    pub fn name_finder(&self) -> &NameFinder {
        &self.names
    }

    /// The date recogniser alone (the second half of recognise).
    pub fn date_finder(&self) -> &DateFinder {
        &self.dates
    }

    /// The extract stage alone.
    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    /// The language an article is read in: its own, when the data has that language, else the
    /// default.
    pub fn language_of(&self, article: &Article) -> String {
        let langs = self.resources.languages();
        match &article.language {
            Some(l) if langs.iter().any(|x| x == l) => l.clone(),
            _ => DEFAULT_LANGUAGE.to_string(),
        }
    }

    /// Reads one article: what it talks about, then the events it reports.
    pub fn analyse(&self, article: &Article, today: NaiveDate) -> (Analysis, Vec<EventMention>) {
        let analysis = self.read(article, today);
        let events = self
            .extractor
            .extract(article, &analysis, &self.kb, &self.cameo);
        (analysis, events)
    }

    /// Everything before extraction: clean, segment, recognise, link.
    pub fn read(&self, article: &Article, today: NaiveDate) -> Analysis {
        let lang = self.language_of(article);
        let text = article.text.as_str();
        let noise = self.cleaner.clean(article, &lang);
        let sentences = self.segmenter.segment(text, &noise, &lang);
        // Loose text has no header: its publication date, if any, is in a dateline line
        // ("Publié le lundi 12 mai 2025") that clean set aside.
        let published = article
            .published
            .or_else(|| self.dates.publication_date(text, &noise, &lang));
        let hits = self.names.find(text, &sentences, &lang);
        let linker = Linker::new(&self.kb);
        let (mut actors, mut places) = linker.link(text, &hits, published);

        let (earliest_year, latest_year) = self.year_bounds(&actors);
        let ctx = DateContext {
            published,
            earliest_year,
            latest_year,
            today,
        };
        let reading = self.dates.find(text, &sentences, &lang, &ctx);
        if reading.anchor.is_some() && reading.anchor != published {
            // Roles resolve to whoever held them on the article's date, which the text has just
            // given; link again against it.
            (actors, places) = linker.link(text, &hits, reading.anchor);
        }
        let quantities = self.quantities.find(text, &sentences, &lang);
        let quotes = self.quotes.find(text, &sentences, &actors, &lang);
        Analysis {
            language: lang,
            anchor: reading.anchor,
            // Without an anchor, the article is from no earlier than the latest founding of
            // what it names, and no later than today.
            period: match (reading.anchor, earliest_year) {
                (None, Some(y)) if y <= today.year() => Some(EventDate::range(
                    DatePoint::Year(y),
                    DatePoint::Year(today.year()),
                )),
                _ => None,
            },
            noise,
            sentences,
            actors,
            places,
            dates: reading.mentions,
            quantities,
            quotes,
        }
    }

    /// The earliest year an article can be from, given the organisations it names: an article
    /// naming the AES is from 2023 on. Only founding dates bound it: an organisation that has
    /// ended, or a minister who has left office, is still named in later articles, and a person
    /// is named before taking office.
    fn year_bounds(&self, actors: &[ActorMention]) -> (Option<i32>, Option<i32>) {
        let earliest = actors
            .iter()
            .filter(|a| matches!(a.kind, EntityKind::Organisation | EntityKind::ArmedGroup))
            .filter_map(|a| self.kb.active_years(&a.entity).and_then(|(from, _)| from))
            .max();
        (earliest, None)
    }
}

/// Today's date in UTC, from the system clock.
pub fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(days)))
        .unwrap_or(NaiveDate::MIN)
}
