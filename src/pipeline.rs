//! The stages strung together for one article: clean, segment, recognise, link, extract.
//!
//! [`Pipeline::load`] reads every data file once and compiles it (automata, regexes); after that
//! [`Pipeline::analyse`] is a pure function of the article and the day Vigie runs, so articles
//! can be analysed in any order, on any number of threads, with the same result.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};

use crate::clean::Cleaner;
use crate::extract::Extractor;
use crate::kb::Kb;
use crate::kb::cameo::CameoTable;
use crate::link::Linker;
use crate::model::{
    ActorMention, Analysis, Article, DatePoint, EntityKind, EventDate, EventMention, NoiseSpan,
    PlaceMention, Sentence,
};
use crate::recognise::dates::{DateContext, DateFinder};
use crate::recognise::names::{NameFinder, NameHit};
use crate::recognise::quantities::QuantityFinder;
use crate::recognise::quotes::QuoteFinder;
use crate::resources::{DataError, Resources};
use crate::segment::Segmenter;
use crate::text::{FoldedText, fold_sentences};

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
        // The name index is most of start-up and needs the knowledge base; the other stages
        // need only their own data, so they are compiled on a second thread meanwhile.
        let (kb_and_names, others) = std::thread::scope(|scope| {
            let others = scope.spawn(|| OtherStages::load(&resources));
            let kb_and_names = Kb::load(&resources).and_then(|kb| {
                let names = NameFinder::new(&kb, &resources)?;
                Ok((kb, names))
            });
            let others = others
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (kb_and_names, others)
        });
        let (kb, names) = kb_and_names?;
        let others = others?;
        Ok(Pipeline {
            cleaner: others.cleaner,
            segmenter: others.segmenter,
            names,
            dates: others.dates,
            quantities: others.quantities,
            quotes: others.quotes,
            extractor: others.extractor,
            kb,
            cameo: others.cameo,
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
        self.analyse_timed(article, today, &mut StageTimes::default())
    }

    /// [`Pipeline::analyse`], adding the time each stage took to `times`.
    pub fn analyse_timed(
        &self,
        article: &Article,
        today: NaiveDate,
        times: &mut StageTimes,
    ) -> (Analysis, Vec<EventMention>) {
        let analysis = self.read_timed(article, today, times);
        let mut clock = Clock::start();
        let events = self
            .extractor
            .extract(article, &analysis, &self.kb, &self.cameo);
        clock.lap(&mut times.extract);
        (analysis, events)
    }

    /// Names found and linked, as [`Pipeline::read`] first links them (for benchmarks).
    pub fn recognise_and_link(&self, article: &Article) -> (Vec<ActorMention>, Vec<PlaceMention>) {
        let lang = self.language_of(article);
        let r = self.recognise(article, &lang, &mut StageTimes::default());
        Linker::new(&self.kb).link(&article.text, &r.hits, r.published)
    }

    /// Clean, segment and find names: what linking needs.
    fn recognise(&self, article: &Article, lang: &str, times: &mut StageTimes) -> Recognised {
        let mut clock = Clock::start();
        let text = article.text.as_str();
        let noise = self.cleaner.clean(article, lang);
        clock.lap(&mut times.clean);
        let sentences = self.segmenter.segment(text, &noise, lang);
        clock.lap(&mut times.segment);
        // Loose text has no header: its publication date, if any, is in a dateline line
        // ("Publié le lundi 12 mai 2025") that clean set aside.
        let published = article
            .published
            .or_else(|| self.dates.publication_date(text, &noise, lang));
        let folded = fold_sentences(text, &sentences);
        let hits = self.names.find_folded(text, &sentences, &folded, lang);
        clock.lap(&mut times.recognise);
        Recognised {
            noise,
            sentences,
            folded,
            published,
            hits,
        }
    }

    /// Everything before extraction: clean, segment, recognise, link.
    pub fn read(&self, article: &Article, today: NaiveDate) -> Analysis {
        self.read_timed(article, today, &mut StageTimes::default())
    }

    fn read_timed(&self, article: &Article, today: NaiveDate, times: &mut StageTimes) -> Analysis {
        let lang = self.language_of(article);
        let text = article.text.as_str();
        let Recognised {
            noise,
            sentences,
            folded,
            published,
            hits,
        } = self.recognise(article, &lang, times);
        let mut clock = Clock::start();
        let linker = Linker::new(&self.kb);
        let (mut actors, mut places) = linker.link(text, &hits, published);
        clock.lap(&mut times.link);

        let (earliest_year, latest_year) = self.year_bounds(&actors);
        let ctx = DateContext {
            published,
            earliest_year,
            latest_year,
            today,
        };
        let reading = self
            .dates
            .find_folded(text, &sentences, &folded, &lang, &ctx);
        clock.lap(&mut times.recognise);
        if reading.anchor.is_some() && reading.anchor != published {
            // Roles resolve to whoever held them on the article's date, which the text has just
            // given; link again against it.
            (actors, places) = linker.link(text, &hits, reading.anchor);
            clock.lap(&mut times.link);
        }
        let quantities = self
            .quantities
            .find_folded(text, &sentences, &folded, &lang);
        let quotes = self.quotes.find(text, &sentences, &actors, &lang);
        clock.lap(&mut times.recognise);
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

/// What recognition gives linking: the article's noise, sentences, publication date and name
/// hits.
struct Recognised {
    noise: Vec<NoiseSpan>,
    sentences: Vec<Sentence>,
    /// Each sentence folded, for every recogniser that matches folded text.
    folded: Vec<FoldedText>,
    published: Option<DatePoint>,
    hits: Vec<NameHit>,
}

/// The stages compiled from their own data alone, without the knowledge base.
struct OtherStages {
    cameo: CameoTable,
    cleaner: Cleaner,
    segmenter: Segmenter,
    dates: DateFinder,
    quantities: QuantityFinder,
    quotes: QuoteFinder,
    extractor: Extractor,
}

impl OtherStages {
    fn load(resources: &Resources) -> Result<OtherStages, DataError> {
        Ok(OtherStages {
            cameo: CameoTable::load(resources)?,
            cleaner: Cleaner::load(resources)?,
            segmenter: Segmenter::load(resources)?,
            dates: DateFinder::load(resources)?,
            quantities: QuantityFinder::load(resources)?,
            quotes: QuoteFinder::load(resources)?,
            extractor: Extractor::load(resources)?,
        })
    }
}

/// Time spent in each stage, summed over the articles (and the threads) that went through it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StageTimes {
    /// Reading files: decoding, headers, HTML to text.
    pub ingest: Duration,
    /// Setting aside what is not the article's text (bylines, captions, boilerplate).
    pub clean: Duration,
    /// Sentences and paragraphs.
    pub segment: Duration,
    /// Names, dates, numbers and quotes found in the text.
    pub recognise: Duration,
    /// Names tied to knowledge-base entities.
    pub link: Duration,
    /// Event mentions from the sentences.
    pub extract: Duration,
    /// Event mentions grouped into events.
    pub resolve: Duration,
    /// Writing to the store.
    pub store: Duration,
}

impl StageTimes {
    /// Adds `other`'s times to these.
    pub fn add(&mut self, other: &StageTimes) {
        self.ingest += other.ingest;
        self.clean += other.clean;
        self.segment += other.segment;
        self.recognise += other.recognise;
        self.link += other.link;
        self.extract += other.extract;
        self.resolve += other.resolve;
        self.store += other.store;
    }

    /// Each stage with its name, in pipeline order.
    pub fn named(&self) -> [(&'static str, Duration); 8] {
        [
            ("ingest", self.ingest),
            ("clean", self.clean),
            ("segment", self.segment),
            ("recognise", self.recognise),
            ("link", self.link),
            ("extract", self.extract),
            ("resolve", self.resolve),
            ("store", self.store),
        ]
    }
}

/// A stopwatch whose laps are added to one stage's total each.
pub struct Clock(Instant);

impl Clock {
    /// Starts now.
    pub fn start() -> Clock {
        Clock(Instant::now())
    }

    /// Adds the time since the last lap to `total` and starts the next lap.
    pub fn lap(&mut self, total: &mut Duration) {
        let now = Instant::now();
        *total += now - self.0;
        self.0 = now;
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
