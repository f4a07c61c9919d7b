//! A synthetic corpus for `vigie bench`: any number of French and English articles, generated
//! reproducibly from a seed, shaped like the dev corpus.
//!
//! Each article is written like a header-block article (title, outlet, url, publication date
//! between 2020 and 2025, language) and its body is paragraphs of sentences: event templates
//! (meetings, attacks, sanctions, withdrawals…) and filler templates, from `data/bench/`
//! ([`Templates`]), filled with what the knowledge base knows: states with their names,
//! demonyms and capitals, towns of the Sahel states, persons with their roles, organisations and
//! armed groups. Article `i` depends only on the seed and `i`, so a shorter corpus is a prefix
//! of a longer one.
//!
//! The built-in templates are calibrated on the dev corpus (`../shared/corpus/dev`, 38
//! articles, 25 French and 13 English), measured with the real pipeline: bytes are the stored
//! text, names the actors and places `vigie analyse` finds, events its `event_mentions`; the
//! rates are totals over the corpus per 1,000 bytes.
//!
//! ```text
//! vigie --db dev.db ingest ../shared/corpus/dev
//! sqlite3 dev.db "select language, count(*), sum(length(cast(text as blob))) from articles group by language"
//! for f in ../shared/corpus/dev/*.txt ../shared/corpus/dev/*.html; do vigie analyse "$f" --json; done \
//!   | jq -s '{names: (map(.analysis.actors + .analysis.places | length) | add),
//!             events: (map(.event_mentions | length) | add)}'
//!
//!           mean bytes   names / 1,000 bytes   events / 1,000 bytes
//! all            3,317                 11.33                   5.41
//! French         3,573                  9.92                   4.84
//! English        2,823                 14.77                   6.81
//! ```
//!
//! Each language's `[article]` shape is tuned to its own figures; 300 synthetic articles (seeds
//! 1 to 3) come out at about 3,340 bytes, 11.1 names and 5.5 events per 1,000 bytes (French
//! 3,620 / 10.1 / 5.05, English 2,770 / 13.9 / 6.8). `tests::fifty_articles_have_the_dev_corpus_shape`
//! checks that the corpus stays within 20% of each overall figure.

mod templates;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};

use crate::ingest::article_id;
use crate::kb::Kb;
use crate::model::{Article, DatePoint, SourceForm};
use crate::parallel::map_in_order;
use crate::text::fold_char_into;

use templates::{Contractions, Form, LanguageTemplates, Named, Piece, Template, Var};
pub use templates::{TEMPLATE_DIR, Templates};

use super::rng::SplitMix64;

/// The first publication date drawn.
const FIRST_YEAR: i32 = 2020;
/// The last publication date's year.
const LAST_YEAR: i32 = 2025;
/// Towns smaller than this are left out: the press names them rarely, and a village may share
/// its name with a common word.
const MIN_TOWN_POPULATION: u64 = 20_000;
/// The share of `{state}` slots that name the article's own state rather than another, so an
/// article keeps to one country as a real one does.
const HOME_SHARE: f64 = 0.75;
/// The share of `{partner}` slots that name the article's own partner.
const PARTNER_SHARE: f64 = 0.6;
/// The fewest articles worth a thread of their own.
const CHUNK_MIN: usize = 512;
/// Words of the gazetteer's names that mark a district rather than a town ("Fara Department").
const NOT_TOWN_WORDS: [&str; 1] = ["Department"];
/// How many templates are tried for one sentence before giving it up (a template fails when
/// the knowledge base has nothing for one of its slots, e.g. a second person of a state).
const ATTEMPTS: usize = 12;

/// `n` articles generated from `seed`, in French and English in the proportions the templates
/// give, from the knowledge base's entities and the templates' sentences.
///
/// The same knowledge base, templates and seed always give the same articles. Fewer than `n`
/// come back only when the knowledge base lacks what the templates name (no Sahel state of the
/// cast at all).
pub fn synthetic_corpus(kb: &Kb, templates: &Templates, n: usize, seed: u64) -> Vec<Article> {
    articles_in(&Cast::new(kb, templates), 0..n, seed)
}

/// Articles `range` of the corpus of `seed` (see [`synthetic_corpus`]).
fn articles_in(cast: &Cast<'_>, range: std::ops::Range<usize>, seed: u64) -> Vec<Article> {
    if cast.languages.is_empty() {
        return Vec::new();
    }
    // Articles are independent, so chunks of them are written on every core and joined in
    // order: the corpus is the same whatever the number of threads.
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let chunk = range.len().div_ceil(threads).max(CHUNK_MIN);
    let chunks: Vec<std::ops::Range<usize>> = range
        .clone()
        .step_by(chunk)
        .map(|start| start..(start + chunk).min(range.end))
        .collect();
    map_in_order(chunks, threads, ExactSizeIterator::len, |part| {
        part.filter_map(|i| cast.article(seed, i))
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// How many articles [`write_synthetic_corpus`] generates before writing them.
const WRITE_CHUNK: usize = 4096;

/// Writes the articles of [`synthetic_corpus`] into `dir` as [`write_corpus`] writes them, a
/// few thousand at a time: a corpus of 100,000 articles held whole is 333 MB of text, which
/// would be the peak memory a bench of it reports rather than the pipeline's. Returns how
/// many were written.
pub fn write_synthetic_corpus(
    kb: &Kb,
    templates: &Templates,
    n: usize,
    seed: u64,
    dir: &Path,
) -> io::Result<usize> {
    write_in_chunks(&Cast::new(kb, templates), n, seed, dir, WRITE_CHUNK)
}

fn write_in_chunks(
    cast: &Cast<'_>,
    n: usize,
    seed: u64,
    dir: &Path,
    chunk: usize,
) -> io::Result<usize> {
    let mut writer = CorpusWriter::create(dir)?;
    for start in (0..n).step_by(chunk.max(1)) {
        writer.write(&articles_in(cast, start..(start + chunk).min(n), seed))?;
    }
    Ok(writer.written)
}

/// Writes `articles` into `dir` (created if needed) as header-block `.txt` files, which
/// `vigie ingest` reads back with the same text and metadata: each under its name when that is
/// a plain `.txt` file name, else as `article-NNNNNN.txt`.
pub fn write_corpus(articles: &[Article], dir: &Path) -> io::Result<()> {
    CorpusWriter::create(dir)?.write(articles)
}

/// Writes a corpus into a folder, part after part, as [`write_corpus`] writes it whole.
struct CorpusWriter<'a> {
    dir: &'a Path,
    /// The file names given so far.
    used: HashSet<String>,
    /// Articles written so far.
    written: usize,
}

impl<'a> CorpusWriter<'a> {
    /// A writer into `dir`, created if needed.
    fn create(dir: &'a Path) -> io::Result<CorpusWriter<'a>> {
        std::fs::create_dir_all(dir)?;
        Ok(CorpusWriter {
            dir,
            used: HashSet::new(),
            written: 0,
        })
    }

    /// Writes the next `articles`.
    fn write(&mut self, articles: &[Article]) -> io::Result<()> {
        let mut file = String::new();
        for article in articles {
            self.write_one(article, &mut file)?;
            self.written += 1;
        }
        Ok(())
    }

    fn write_one(&mut self, article: &Article, file: &mut String) -> io::Result<()> {
        let (used, i, dir) = (&mut self.used, self.written, self.dir);
        let plain = !article.name.is_empty()
            && article.name.ends_with(".txt")
            && !article.name.starts_with('.')
            && !article.name.contains(['/', '\\']);
        let name = if plain && !used.contains(&article.name) {
            article.name.clone()
        } else {
            format!("article-{i:06}.txt")
        };
        used.insert(name.clone());
        file.clear();
        let published = article.published.map(|d| d.to_string());
        for (key, value) in [
            ("url", article.url.as_deref()),
            ("title", article.title.as_deref()),
            ("published", published.as_deref()),
            ("language", article.language.as_deref()),
            ("outlet", article.outlet.as_deref()),
        ] {
            let value = value.unwrap_or("");
            if value.contains(['\n', '\r']) || value.trim() != value {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "article {}: its {key} holds a line break or edge spaces, which a header line cannot keep",
                        article.name
                    ),
                ));
            }
            let _ = writeln!(file, "{key}: {value}");
        }
        file.push('\n');
        file.push_str(&article.text);
        std::fs::write(dir.join(&name), &*file)
    }
}

/// A state as the templates of one language write it.
struct StateCast<'a> {
    name: &'a str,
    article: &'a str,
    joins: &'a Contractions,
    /// Masculine, feminine, plural, feminine plural.
    demonyms: [&'a str; 4],
    capital: &'a str,
    towns: Vec<&'a str>,
    terms: Vec<TermCast<'a>>,
}

/// A person's term of office, as a slot fills it.
struct TermCast<'a> {
    person: usize,
    name: &'a str,
    surname: &'a str,
    role: &'a str,
    first: NaiveDate,
    last: NaiveDate,
}

/// An organisation or group as a slot fills it.
struct NamedCast<'a> {
    article: &'a str,
    name: &'a str,
    joins: &'a Contractions,
}

/// One language's templates with the knowledge base's entities they name, resolved once.
struct LanguageCast<'a> {
    t: &'a LanguageTemplates,
    home: Vec<StateCast<'a>>,
    partners: Vec<StateCast<'a>>,
    organisations: Vec<NamedCast<'a>>,
    groups: Vec<NamedCast<'a>>,
    events: Vec<&'a [Template]>,
}

/// Every language's cast.
struct Cast<'a> {
    languages: Vec<LanguageCast<'a>>,
    total_weight: u64,
}

impl<'a> Cast<'a> {
    fn new(kb: &'a Kb, templates: &'a Templates) -> Cast<'a> {
        let mut towns: HashMap<&str, Vec<&str>> = HashMap::new();
        for p in kb.places() {
            let district = p
                .name
                .split_whitespace()
                .any(|w| NOT_TOWN_WORDS.contains(&w));
            if p.population >= MIN_TOWN_POPULATION && !district {
                towns.entry(p.country.as_str()).or_default().push(&p.name);
            }
        }
        let languages: Vec<LanguageCast> = templates
            .all()
            .iter()
            .filter(|t| t.weight > 0)
            .map(|t| LanguageCast::new(kb, t, &towns))
            .filter(|c| !c.home.is_empty())
            .collect();
        let total_weight = languages.iter().map(|c| u64::from(c.t.weight)).sum();
        Cast {
            languages,
            total_weight,
        }
    }

    fn article(&self, seed: u64, index: usize) -> Option<Article> {
        let mut rng = SplitMix64::for_part(seed, index);
        let mut draw = rng.below(self.total_weight as usize) as u64;
        let lang = self.languages.iter().find(|c| {
            let w = u64::from(c.t.weight);
            if draw < w {
                true
            } else {
                draw -= w;
                false
            }
        })?;
        lang.article(&mut rng, seed, index)
    }
}

impl<'a> LanguageCast<'a> {
    fn new(
        kb: &'a Kb,
        t: &'a LanguageTemplates,
        towns: &HashMap<&str, Vec<&'a str>>,
    ) -> LanguageCast<'a> {
        let states = |table: &'a BTreeMap<String, String>| {
            table
                .iter()
                .filter_map(|(id, article)| state_cast(kb, t, id, article, towns))
                .collect::<Vec<_>>()
        };
        let named = |table: &'a BTreeMap<String, Named>| {
            table
                .iter()
                .filter(|(id, _)| kb.organisation(id).is_some())
                .filter_map(|(_, n)| {
                    Some(NamedCast {
                        article: &n.article,
                        name: &n.name,
                        joins: t.articles.get(&n.article)?,
                    })
                })
                .collect::<Vec<_>>()
        };
        LanguageCast {
            t,
            home: states(&t.home),
            partners: states(&t.partners),
            organisations: named(&t.organisations),
            groups: named(&t.groups),
            events: t
                .events
                .values()
                .filter(|v| !v.is_empty())
                .map(Vec::as_slice)
                .collect(),
        }
    }

    fn article(&self, rng: &mut SplitMix64, seed: u64, index: usize) -> Option<Article> {
        let t = self.t;
        let first = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1)?;
        let last = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31)?;
        let span = (last - first).num_days() as usize;
        let published = first + Duration::days(rng.below(span + 1) as i64);
        let mut b = Bindings::new(
            published,
            rng.below(self.home.len()),
            (!self.partners.is_empty()).then(|| rng.below(self.partners.len())),
        );

        let mut title = String::new();
        for _ in 0..ATTEMPTS {
            b.clear();
            let template = &t.titles[rng.below(t.titles.len())];
            if self.render(template, &mut b, rng, &mut title) {
                capitalise_from(&mut title, 0);
                break;
            }
            title.clear();
        }

        let shape = t.shape;
        let target = rng.between(shape.bytes[0], shape.bytes[1]);
        let mut body = String::with_capacity(target + 512);
        let mut used: Vec<&Template> = Vec::new();
        let mut failures = 0;
        while body.len() < target && failures < ATTEMPTS {
            let paragraph_start = body.len();
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            let sentences = rng.between(shape.paragraph[0], shape.paragraph[1]);
            let mut written = 0;
            for _ in 0..sentences {
                if self.sentence(rng, &mut b, &mut body, written > 0, &mut used) {
                    written += 1;
                }
            }
            if written == 0 {
                body.truncate(paragraph_start);
                failures += 1;
            }
        }
        if body.is_empty() {
            return None;
        }
        body.push('\n');

        let outlet = &t.outlets[rng.below(t.outlets.len())];
        let url = format!(
            "https://{}.example/{}/{:02}/{:02}/{}",
            slug(outlet, 40),
            published.year(),
            published.month(),
            published.day(),
            slug(&title, 60)
        );
        let name = format!("synth-{index:06}-{}.txt", t.lang);
        Some(Article {
            id: article_id(&body),
            source: format!("synthetic:{seed}/{name}"),
            name,
            form: SourceForm::HeaderBlock,
            url: Some(url),
            title: (!title.is_empty()).then_some(title),
            published: Some(DatePoint::Day(published)),
            language: Some(t.lang.clone()),
            outlet: Some(outlet.clone()),
            text: body,
        })
    }

    /// Appends one sentence (an event or a filler), after a space when `joined`; false when no
    /// template could be filled. A template already `used` in the article is drawn again while
    /// attempts remain, as a reporter does not write the same sentence twice.
    fn sentence(
        &self,
        rng: &mut SplitMix64,
        b: &mut Bindings,
        body: &mut String,
        joined: bool,
        used: &mut Vec<&'a Template>,
    ) -> bool {
        let t = self.t;
        let before = body.len();
        for attempt in 0..ATTEMPTS {
            let template = if rng.chance(t.shape.event_share) && !self.events.is_empty() {
                let kind = self.events[rng.below(self.events.len())];
                &kind[rng.below(kind.len())]
            } else {
                &t.filler[rng.below(t.filler.len())]
            };
            if attempt < ATTEMPTS / 2 && used.iter().any(|u| std::ptr::eq(*u, template)) {
                continue;
            }
            if joined {
                body.push(' ');
            }
            let start = body.len();
            b.clear();
            if self.render(template, b, rng, body) {
                capitalise_from(body, start);
                used.push(template);
                return true;
            }
            body.truncate(before);
        }
        false
    }

    /// Appends `template` filled in; false (with `out` partly written) when a slot cannot be.
    fn render(
        &self,
        template: &Template,
        b: &mut Bindings,
        rng: &mut SplitMix64,
        out: &mut String,
    ) -> bool {
        for piece in &template.pieces {
            match piece {
                Piece::Text(s) => out.push_str(s),
                Piece::Slot(Var::Date, _) => {
                    let t = self.t;
                    let form = &t.dates[rng.below(t.dates.len())];
                    b.event_date(rng);
                    if !self.render(form, b, rng, out) {
                        return false;
                    }
                }
                Piece::Slot(var, form) => match self.value(*var, *form, b, rng) {
                    Some(v) if !v.is_empty() => {
                        if let Some(c) = v.first_char() {
                            elide_before(out, c, &self.t.elide);
                        }
                        v.write(out);
                    }
                    _ => return false,
                },
            }
        }
        true
    }

    /// What fills slot `var.form`, binding its entity on first use in the sentence.
    fn value(
        &self,
        var: Var,
        form: Form,
        b: &mut Bindings,
        rng: &mut SplitMix64,
    ) -> Option<Value<'a>> {
        let t = self.t;
        Some(match var {
            Var::State(k) => {
                let i = b.state(k, self.home.len(), rng)?;
                state_value(&self.home[i], form)
            }
            Var::Partner(k) => {
                let i = b.partner(k, self.partners.len(), rng)?;
                state_value(&self.partners[i], form)
            }
            Var::Org(k) => {
                let i = bind_distinct(&mut b.org, k, self.organisations.len(), rng)?;
                named_value(&self.organisations[i], form)
            }
            Var::Group => {
                let i = bind_distinct(&mut b.group, 0, self.groups.len(), rng)?;
                named_value(&self.groups[i], form)
            }
            Var::Town(k) => {
                let state = &self.home[b.state(0, self.home.len(), rng)?];
                Value::Text(state.towns[bind_distinct(&mut b.town, k, state.towns.len(), rng)?])
            }
            Var::Person(k) => {
                let state = &self.home[b.state(0, self.home.len(), rng)?];
                let term = &state.terms[b.person(k, &state.terms, rng)?];
                term_value(term, form)
            }
            Var::Envoy => {
                let state = &self.partners[b.partner(0, self.partners.len(), rng)?];
                let term = &state.terms[b.envoy(&state.terms, rng)?];
                term_value(term, form)
            }
            Var::Day => {
                let d = b.event_date(rng);
                match (&t.ordinal_first, d.day()) {
                    (Some(first), 1) => Value::Text(first),
                    (_, day) => Value::Number(day as usize),
                }
            }
            Var::Month => {
                let d = b.event_date(rng);
                Value::Text(&t.months[d.month0() as usize])
            }
            Var::Year => Value::Number(b.event_date(rng).year() as usize),
            Var::Weekday => {
                let d = b.event_date(rng);
                Value::Text(&t.weekdays[d.weekday().num_days_from_monday() as usize])
            }
            Var::Count => Value::Number(rng.between(2, 95)),
            Var::Hundreds => Value::Number(100 + 10 * rng.below(90)),
            // Handled by `render`: a date is a template of its own.
            Var::Date => return None,
        })
    }
}

/// What a slot writes.
#[derive(Clone, Copy, Debug)]
enum Value<'a> {
    /// One piece of text.
    Text(&'a str),
    /// An article (or joined preposition) and a name, with a space between unless the first
    /// ends in an apostrophe.
    Joined(&'a str, &'a str),
    /// A number.
    Number(usize),
}

impl Value<'_> {
    fn is_empty(&self) -> bool {
        match self {
            Value::Text(s) | Value::Joined(_, s) => s.is_empty(),
            Value::Number(_) => false,
        }
    }

    fn first_char(&self) -> Option<char> {
        match self {
            Value::Text(s) => s.chars().next(),
            Value::Joined(a, s) => a.chars().next().or_else(|| s.chars().next()),
            Value::Number(_) => None,
        }
    }

    fn write(&self, out: &mut String) {
        match *self {
            Value::Text(s) => out.push_str(s),
            Value::Joined(a, s) => {
                out.push_str(a);
                if !a.is_empty() && !templates::ends_in_apostrophe(a) {
                    out.push(' ');
                }
                out.push_str(s);
            }
            Value::Number(n) => {
                let _ = write!(out, "{n}");
            }
        }
    }
}

fn state_value<'a>(s: &StateCast<'a>, form: Form) -> Value<'a> {
    match form {
        Form::Name => Value::Text(s.name),
        Form::In => Value::Joined(&s.joins.in_, s.name),
        Form::Of => Value::Joined(&s.joins.of, s.name),
        Form::To => Value::Joined(&s.joins.to, s.name),
        Form::Dem => Value::Text(s.demonyms[0]),
        Form::DemF => Value::Text(s.demonyms[1]),
        Form::DemP => Value::Text(s.demonyms[2]),
        Form::DemFp => Value::Text(s.demonyms[3]),
        Form::Capital => Value::Text(s.capital),
        _ => Value::Joined(s.article, s.name),
    }
}

fn named_value<'a>(n: &NamedCast<'a>, form: Form) -> Value<'a> {
    match form {
        Form::Name => Value::Text(n.name),
        Form::Of => Value::Joined(&n.joins.of, n.name),
        Form::To => Value::Joined(&n.joins.to, n.name),
        _ => Value::Joined(n.article, n.name),
    }
}

fn term_value<'a>(term: &TermCast<'a>, form: Form) -> Value<'a> {
    match form {
        Form::Surname => Value::Text(term.surname),
        Form::Role => Value::Text(term.role),
        _ => Value::Text(term.name),
    }
}

/// The state `id` as language `t` writes it, with its towns and the terms of the roles `t`
/// knows; `None` when the knowledge base lacks the state.
fn state_cast<'a>(
    kb: &'a Kb,
    t: &'a LanguageTemplates,
    id: &str,
    article: &'a str,
    towns: &HashMap<&str, Vec<&'a str>>,
) -> Option<StateCast<'a>> {
    let s = kb.state(id)?;
    let joins = t.articles.get(article)?;
    let first = |v: &'a [String]| v.first().map(String::as_str).unwrap_or("");
    let french = t.lang == "fr";
    let (name, capital) = if french {
        (&s.name_fr, s.capital_fr.as_ref().or(s.capital_en.as_ref()))
    } else {
        (&s.name_en, s.capital_en.as_ref().or(s.capital_fr.as_ref()))
    };
    let demonyms = if french {
        [
            first(&s.dem_fr_m),
            first(&s.dem_fr_f),
            first(&s.dem_fr_mp),
            first(&s.dem_fr_fp),
        ]
    } else {
        // English lists the singular first; the plural is the singular with an s, when given.
        let singular = first(&s.dem_en);
        let plural = s
            .dem_en
            .iter()
            .find(|d| d.strip_suffix('s') == Some(singular))
            .map(String::as_str)
            .unwrap_or(singular);
        [singular, singular, plural, plural]
    };
    let mut terms = Vec::new();
    for (i, p) in kb.persons().iter().enumerate() {
        let surname = p
            .surnames
            .first()
            .map(String::as_str)
            .or_else(|| p.name.split_whitespace().last())
            .unwrap_or(&p.name);
        for term in p.roles.iter().filter(|r| r.state == id) {
            let Some(role) = t.roles.get(&term.role) else {
                continue;
            };
            terms.push(TermCast {
                person: i,
                name: &p.name,
                surname,
                role,
                first: term.start.map_or(NaiveDate::MIN, |d| d.first_day()),
                last: term.end.map_or(NaiveDate::MAX, |d| d.last_day()),
            });
        }
    }
    Some(StateCast {
        name,
        article,
        joins,
        demonyms,
        capital: capital.map(String::as_str).unwrap_or(""),
        towns: towns.get(id).cloned().unwrap_or_default(),
        terms,
    })
}

/// The entities one sentence names, bound on first use so that `{state}` and `{town}` agree.
struct Bindings {
    published: NaiveDate,
    home: usize,
    partner_of_article: Option<usize>,
    date: Option<NaiveDate>,
    state: [Option<usize>; 2],
    partner: [Option<usize>; 2],
    org: [Option<usize>; 2],
    group: [Option<usize>; 2],
    town: [Option<usize>; 2],
    person: [Option<usize>; 2],
    envoy: Option<usize>,
}

impl Bindings {
    fn new(published: NaiveDate, home: usize, partner: Option<usize>) -> Bindings {
        Bindings {
            published,
            home,
            partner_of_article: partner,
            date: None,
            state: [None; 2],
            partner: [None; 2],
            org: [None; 2],
            group: [None; 2],
            town: [None; 2],
            person: [None; 2],
            envoy: None,
        }
    }

    /// Forgets the sentence's entities; the article's own state, partner and date stay.
    fn clear(&mut self) {
        *self = Bindings::new(self.published, self.home, self.partner_of_article);
    }

    /// The day events of the sentence happened: within the week before publication, so a
    /// weekday name alone ("mardi", "on Tuesday") points at it.
    fn event_date(&mut self, rng: &mut SplitMix64) -> NaiveDate {
        let published = self.published;
        *self
            .date
            .get_or_insert_with(|| published - Duration::days(rng.between(1, 6) as i64))
    }

    fn state(&mut self, k: usize, len: usize, rng: &mut SplitMix64) -> Option<usize> {
        if self.state[0].is_none() && len > 0 {
            let home = self.home;
            self.state[0] = Some(if rng.chance(HOME_SHARE) {
                home
            } else {
                rng.below(len)
            });
        }
        bind_distinct(&mut self.state, k, len, rng)
    }

    fn partner(&mut self, k: usize, len: usize, rng: &mut SplitMix64) -> Option<usize> {
        if self.partner[0].is_none() && len > 0 {
            let own = self.partner_of_article;
            self.partner[0] = Some(match own {
                Some(p) if rng.chance(PARTNER_SHARE) => p,
                _ => rng.below(len),
            });
        }
        bind_distinct(&mut self.partner, k, len, rng)
    }

    /// A term of `terms` for `person` / `person2`: one in office on the publication date when
    /// there is one, and never the other slot's person.
    fn person(&mut self, k: usize, terms: &[TermCast], rng: &mut SplitMix64) -> Option<usize> {
        if let Some(i) = self.person[k] {
            return Some(i);
        }
        let other = self.person[1 - k].map(|i| terms[i].person);
        let i = pick_term(terms, other, self.published, rng)?;
        self.person[k] = Some(i);
        Some(i)
    }

    fn envoy(&mut self, terms: &[TermCast], rng: &mut SplitMix64) -> Option<usize> {
        if self.envoy.is_none() {
            self.envoy = pick_term(terms, None, self.published, rng);
        }
        self.envoy
    }
}

/// A term not of `other`, in office on `day` when one is.
fn pick_term(
    terms: &[TermCast],
    other: Option<usize>,
    day: NaiveDate,
    rng: &mut SplitMix64,
) -> Option<usize> {
    let not_other = |t: &TermCast| Some(t.person) != other;
    rng.pick_where(terms, |t| not_other(t) && t.first <= day && day <= t.last)
        .or_else(|| rng.pick_where(terms, not_other))
}

/// Slot `k` of a pair bound to an index below `len`, the two slots never equal.
fn bind_distinct(
    slots: &mut [Option<usize>; 2],
    k: usize,
    len: usize,
    rng: &mut SplitMix64,
) -> Option<usize> {
    if let Some(i) = slots[k] {
        return Some(i);
    }
    let i = match slots[1 - k] {
        Some(_) if len < 2 => return None,
        Some(other) => {
            let j = rng.below(len - 1);
            if j >= other { j + 1 } else { j }
        }
        None if len == 0 => return None,
        None => rng.below(len),
    };
    slots[k] = Some(i);
    Some(i)
}

/// Turns a trailing `word ` of `elide` into `wor'` before a value that starts with a vowel:
/// "de Agadez" is written "d'Agadez".
fn elide_before(out: &mut String, first: char, elide: &[String]) {
    if elide.is_empty() || !starts_with_vowel(first) {
        return;
    }
    let Some(head) = out.strip_suffix(' ') else {
        return;
    };
    for word in elide {
        let Some(stem) = head.strip_suffix(word.as_str()) else {
            continue;
        };
        if stem.chars().next_back().is_some_and(char::is_alphanumeric) {
            continue;
        }
        let Some(last) = word.chars().next_back() else {
            continue;
        };
        let keep = head.len() - last.len_utf8();
        out.truncate(keep);
        out.push('\'');
        return;
    }
}

fn starts_with_vowel(c: char) -> bool {
    let mut folded = String::new();
    fold_char_into(c, &mut folded);
    folded
        .chars()
        .next()
        .is_some_and(|f| matches!(f, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'))
}

/// Upper-cases the first letter at or after byte `start`.
fn capitalise_from(s: &mut String, start: usize) {
    let Some(c) = s.get(start..).and_then(|rest| rest.chars().next()) else {
        return;
    };
    if c.is_lowercase() {
        let upper: String = c.to_uppercase().collect();
        s.replace_range(start..start + c.len_utf8(), &upper);
    }
}

/// `s` folded to lower-case ASCII words joined by `-`, at most `max` bytes: for URLs.
fn slug(s: &str, max: usize) -> String {
    let mut folded = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char_into(c, &mut folded);
    }
    let mut out = String::with_capacity(max);
    for word in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() && out.len() + 1 + word.len() > max {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out.push_str("article");
    }
    out.truncate(max);
    out
}
