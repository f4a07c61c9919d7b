//! The templates the synthetic corpus is written from: `data/bench/<lang>.toml`, one file per
//! language, parsed once into runs of text and slots.
//!
//! A template is news-style text with slots in braces, `{var}` or `{var.form}`:
//!
//! | var                  | what fills it                                        | forms |
//! |----------------------|------------------------------------------------------|-------|
//! | `state`, `state2`    | a Sahel state of `[cast] home` (`state2` another one) | state forms |
//! | `partner`, `partner2`| a state of `[cast] partners`                          | state forms |
//! | `org`, `org2`        | an organisation of `[cast] organisations`             | `name`, `of`, `to` |
//! | `group`              | an armed group of `[cast] groups`                     | `name`, `of`, `to` |
//! | `town`, `town2`      | a town of `state` from the gazetteer                  | — |
//! | `person`, `person2`  | a person who held a role of `[cast] roles` for `state` | `surname`, `role` |
//! | `envoy`              | such a person of `partner`                            | `surname`, `role` |
//! | `date`               | one of the `dates` forms, for a day of the week before publication | — |
//! | `day`, `month`, `year`, `weekday` | that day's parts (the only slots `dates` forms may use) | — |
//! | `n`, `hundreds`      | a number from 2 to 95, from 100 to 990                | — |
//!
//! State forms: none (the name with its article: "le Mali", "the United States"), `name` (bare),
//! `in`, `of`, `to` (the article joined with a preposition as `[articles]` says: "au Mali", "du
//! Mali", "aux États-Unis"), `dem`, `dem_f`, `dem_p`, `dem_fp` (demonyms: masculine, feminine,
//! plural, feminine plural; English has one singular and one plural), `capital`.
//!
//! A user's `bench/<lang>.toml` (in `--kb DIR`) adds its outlets, titles, date forms, elided
//! words, event and filler templates to the built-in ones, and replaces what else it gives
//! (weight, months, weekdays, `[article]`, and `[articles]`/`[cast]` entries by key); a file for
//! a new language adds a language.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::model::EventType;
use crate::resources::{DataError, DataFile, Resources};

/// The folder of the data root that holds the templates (`data/bench/`); it is no language.
pub const TEMPLATE_DIR: &str = "bench";

/// What fills a slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Var {
    /// A Sahel state: 0 is `state`, 1 is `state2`.
    State(usize),
    /// A partner state: 0 is `partner`, 1 is `partner2`.
    Partner(usize),
    /// An organisation: 0 is `org`, 1 is `org2`.
    Org(usize),
    /// An armed group.
    Group,
    /// A town of `state`: 0 is `town`, 1 is `town2`.
    Town(usize),
    /// A person of `state`: 0 is `person`, 1 is `person2`.
    Person(usize),
    /// A person of `partner`.
    Envoy,
    /// A whole date phrase.
    Date,
    /// The day of the month of the date.
    Day,
    /// The month name of the date.
    Month,
    /// The year of the date.
    Year,
    /// The weekday name of the date.
    Weekday,
    /// A number from 2 to 95.
    Count,
    /// A number from 100 to 990.
    Hundreds,
}

/// How a slot's entity is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// The default: a name with its article, a town, a full name, a number.
    Plain,
    /// The bare name, without article.
    Name,
    /// Joined with "in" ("au Mali", "en France").
    In,
    /// Joined with "of" ("du Mali", "de la CEDEAO").
    Of,
    /// Joined with "to" ("au Mali", "à la CEDEAO").
    To,
    /// Masculine singular demonym.
    Dem,
    /// Feminine singular demonym.
    DemF,
    /// Masculine plural demonym.
    DemP,
    /// Feminine plural demonym.
    DemFp,
    /// The state's capital.
    Capital,
    /// A person's surname.
    Surname,
    /// The role phrase of the office the person holds.
    Role,
}

/// A run of a template: literal text or a slot.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Piece {
    /// Text written as is.
    Text(String),
    /// A slot to fill.
    Slot(Var, Form),
}

/// One parsed template.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Template {
    /// Its runs, in order.
    pub pieces: Vec<Piece>,
}

/// How `[articles]` joins an article with the prepositions of the `in`, `of` and `to` forms.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Contractions {
    /// "in" joined with the article ("au", "en", "in the").
    #[serde(rename = "in")]
    pub in_: String,
    /// "of" joined with the article ("du", "de la", "of the").
    pub of: String,
    /// "to" joined with the article ("au", "à la", "to the").
    pub to: String,
}

/// The length and make-up of an article.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Shape {
    /// The body grows by paragraphs until it reaches a length drawn from this range (bytes).
    pub bytes: [usize; 2],
    /// Sentences per paragraph, least and most.
    pub paragraph: [usize; 2],
    /// The share of sentences that report an event; the others are filler.
    pub event_share: f64,
}

/// An organisation or group as written: its article and its name.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Named {
    /// The article, a key of `[articles]` ("la", "l'", "the", "").
    pub article: String,
    /// The name after it ("CEDEAO").
    pub name: String,
}

/// Every template of one language, merged from its files.
#[derive(Clone, Debug)]
pub(crate) struct LanguageTemplates {
    /// ISO 639-1 code, from the file name.
    pub lang: String,
    /// Relative share of the corpus's articles in this language.
    pub weight: u32,
    /// Outlet names.
    pub outlets: Vec<String>,
    /// Month names, January first.
    pub months: Vec<String>,
    /// Weekday names, Monday first.
    pub weekdays: Vec<String>,
    /// How the first day of a month is written when not as a number ("1er").
    pub ordinal_first: Option<String>,
    /// Date phrases (`{date}`).
    pub dates: Vec<Template>,
    /// Words that drop their last vowel for an apostrophe before a vowel ("de" → "d'").
    pub elide: Vec<String>,
    /// Headline templates.
    pub titles: Vec<Template>,
    /// Length and make-up of an article.
    pub shape: Shape,
    /// Article → its joins with prepositions.
    pub articles: BTreeMap<String, Contractions>,
    /// Sahel states: id → article.
    pub home: BTreeMap<String, String>,
    /// Partner states: id → article.
    pub partners: BTreeMap<String, String>,
    /// Organisations: id → as written.
    pub organisations: BTreeMap<String, Named>,
    /// Armed groups: id → as written.
    pub groups: BTreeMap<String, Named>,
    /// Role id → role phrase.
    pub roles: BTreeMap<String, String>,
    /// Event templates by the PLOVER category they report.
    pub events: BTreeMap<EventType, Vec<Template>>,
    /// Sentences that report no event.
    pub filler: Vec<Template>,
}

/// The templates of every language, parsed and checked.
#[derive(Clone, Debug)]
pub struct Templates {
    languages: Vec<LanguageTemplates>,
}

impl Templates {
    /// Reads every `bench/<lang>.toml` of `res`: built-in ones first, then the user's.
    pub fn load(res: &Resources) -> Result<Templates, DataError> {
        let prefix = format!("{TEMPLATE_DIR}/");
        let mut builders: BTreeMap<String, Builder> = BTreeMap::new();
        for file in res.files_under(&prefix) {
            let Some(stem) = file
                .path
                .strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix(".toml"))
            else {
                continue;
            };
            if stem.contains('/') {
                continue;
            }
            if !(2..=3).contains(&stem.len()) || !stem.bytes().all(|b| b.is_ascii_lowercase()) {
                return Err(DataError::invalid(
                    file,
                    None,
                    "the file name must be a language code, as in bench/fr.toml",
                ));
            }
            let raw: RawFile = toml::from_str(&file.text).map_err(|e| DataError::toml(file, e))?;
            builders
                .entry(stem.to_string())
                .or_insert_with(|| Builder::new(stem, file))
                .add(file, raw)?;
        }
        let languages = builders
            .into_values()
            .map(Builder::finish)
            .collect::<Result<Vec<_>, _>>()?;
        if languages.iter().all(|l| l.weight == 0) {
            return Err(DataError::Invalid {
                origin: format!("data/{TEMPLATE_DIR}/"),
                line: None,
                message: "no language has templates with a weight above 0; add bench/<lang>.toml"
                    .into(),
            });
        }
        Ok(Templates { languages })
    }

    /// The built-in templates.
    pub fn builtin() -> Result<Templates, DataError> {
        Templates::load(&Resources::builtin())
    }

    /// The languages that have templates, sorted.
    pub fn languages(&self) -> Vec<&str> {
        self.languages.iter().map(|l| l.lang.as_str()).collect()
    }

    /// The PLOVER categories the event templates of `lang` report.
    pub fn event_types(&self, lang: &str) -> Vec<EventType> {
        self.languages
            .iter()
            .find(|l| l.lang == lang)
            .map(|l| l.events.keys().copied().collect())
            .unwrap_or_default()
    }

    /// How many event and filler templates `lang` has.
    pub fn counts(&self, lang: &str) -> (usize, usize) {
        self.languages
            .iter()
            .find(|l| l.lang == lang)
            .map(|l| (l.events.values().map(Vec::len).sum(), l.filler.len()))
            .unwrap_or_default()
    }

    /// Every language's templates.
    pub(crate) fn all(&self) -> &[LanguageTemplates] {
        &self.languages
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    weight: Option<u32>,
    #[serde(default)]
    outlets: Vec<String>,
    months: Option<Vec<String>>,
    weekdays: Option<Vec<String>>,
    ordinal_first: Option<String>,
    #[serde(default)]
    dates: Vec<Spanned<String>>,
    #[serde(default)]
    elide: Vec<String>,
    #[serde(default)]
    titles: Vec<Spanned<String>>,
    article: Option<Shape>,
    #[serde(default)]
    articles: BTreeMap<String, Contractions>,
    #[serde(default)]
    cast: RawCast,
    #[serde(default)]
    event: Vec<RawEvent>,
    #[serde(default)]
    filler: RawFiller,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCast {
    #[serde(default)]
    home: BTreeMap<String, String>,
    #[serde(default)]
    partners: BTreeMap<String, String>,
    #[serde(default)]
    organisations: BTreeMap<String, String>,
    #[serde(default)]
    groups: BTreeMap<String, String>,
    #[serde(default)]
    roles: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    #[serde(rename = "type")]
    event_type: EventType,
    templates: Vec<Spanned<String>>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFiller {
    #[serde(default)]
    templates: Vec<Spanned<String>>,
}

/// One language's files merged so far.
struct Builder {
    lang: String,
    /// The latest file read, named in errors about the merged whole.
    origin: String,
    weight: Option<u32>,
    outlets: Vec<String>,
    months: Option<Vec<String>>,
    weekdays: Option<Vec<String>>,
    ordinal_first: Option<String>,
    dates: Vec<Template>,
    elide: Vec<String>,
    titles: Vec<Template>,
    shape: Option<Shape>,
    articles: BTreeMap<String, Contractions>,
    home: BTreeMap<String, String>,
    partners: BTreeMap<String, String>,
    organisations: BTreeMap<String, String>,
    groups: BTreeMap<String, String>,
    roles: BTreeMap<String, String>,
    events: BTreeMap<EventType, Vec<Template>>,
    filler: Vec<Template>,
}

impl Builder {
    fn new(lang: &str, file: &DataFile) -> Builder {
        Builder {
            lang: lang.to_string(),
            origin: file.origin.clone(),
            weight: None,
            outlets: Vec::new(),
            months: None,
            weekdays: None,
            ordinal_first: None,
            dates: Vec::new(),
            elide: Vec::new(),
            titles: Vec::new(),
            shape: None,
            articles: BTreeMap::new(),
            home: BTreeMap::new(),
            partners: BTreeMap::new(),
            organisations: BTreeMap::new(),
            groups: BTreeMap::new(),
            roles: BTreeMap::new(),
            events: BTreeMap::new(),
            filler: Vec::new(),
        }
    }

    fn add(&mut self, file: &DataFile, raw: RawFile) -> Result<(), DataError> {
        self.origin = file.origin.clone();
        self.weight = raw.weight.or(self.weight);
        self.outlets.extend(raw.outlets);
        self.months = raw.months.or(self.months.take());
        self.weekdays = raw.weekdays.or(self.weekdays.take());
        self.ordinal_first = raw.ordinal_first.or(self.ordinal_first.take());
        for d in &raw.dates {
            self.dates.push(parse_in(file, d, Context::Date)?);
        }
        self.elide.extend(raw.elide);
        for t in &raw.titles {
            self.titles.push(parse_in(file, t, Context::Sentence)?);
        }
        self.shape = raw.article.or(self.shape);
        self.articles.extend(raw.articles);
        self.home.extend(raw.cast.home);
        self.partners.extend(raw.cast.partners);
        self.organisations.extend(raw.cast.organisations);
        self.groups.extend(raw.cast.groups);
        self.roles.extend(raw.cast.roles);
        for e in raw.event {
            let list = self.events.entry(e.event_type).or_default();
            for t in &e.templates {
                list.push(parse_in(file, t, Context::Sentence)?);
            }
        }
        for t in &raw.filler.templates {
            self.filler.push(parse_in(file, t, Context::Sentence)?);
        }
        Ok(())
    }

    fn finish(self) -> Result<LanguageTemplates, DataError> {
        let invalid = |message: String| DataError::Invalid {
            origin: self.origin.clone(),
            line: None,
            message,
        };
        let lang = &self.lang;
        let months = self.months.clone().unwrap_or_default();
        if months.len() != 12 {
            return Err(invalid(format!(
                "{lang}: `months` must list the 12 month names, January first"
            )));
        }
        let weekdays = self.weekdays.clone().unwrap_or_default();
        if weekdays.len() != 7 {
            return Err(invalid(format!(
                "{lang}: `weekdays` must list the 7 weekday names, Monday first"
            )));
        }
        let Some(shape) = self.shape else {
            return Err(invalid(format!(
                "{lang}: an [article] table (bytes, paragraph, event_share) is required"
            )));
        };
        let [min_bytes, max_bytes] = shape.bytes;
        let [min_sentences, max_sentences] = shape.paragraph;
        if min_bytes == 0
            || min_bytes > max_bytes
            || min_sentences == 0
            || min_sentences > max_sentences
            || !(0.0..=1.0).contains(&shape.event_share)
        {
            return Err(invalid(format!(
                "{lang}: [article] needs 0 < bytes[0] <= bytes[1], 0 < paragraph[0] <= paragraph[1] and event_share between 0 and 1"
            )));
        }
        for (what, list) in [
            ("outlets", self.outlets.len()),
            ("dates", self.dates.len()),
            ("titles", self.titles.len()),
            ("[filler] templates", self.filler.len()),
            (
                "[[event]] templates",
                self.events.values().map(Vec::len).sum(),
            ),
            ("[cast] home", self.home.len()),
        ] {
            if list == 0 {
                return Err(invalid(format!("{lang}: {what} must not be empty")));
            }
        }
        for (id, article) in self.home.iter().chain(&self.partners) {
            if !self.articles.contains_key(article) {
                return Err(invalid(format!(
                    "{lang}: state {id} has the article {article:?}, which [articles] does not list"
                )));
            }
        }
        let split =
            |table: &BTreeMap<String, String>| -> Result<BTreeMap<String, Named>, DataError> {
                table
                .iter()
                .map(|(id, written)| {
                    split_article(written, &self.articles)
                        .map(|named| (id.clone(), named))
                        .ok_or_else(|| {
                            invalid(format!(
                                "{lang}: {id} is written {written:?}, which starts with no article of [articles]; add \"\" to [articles] for names without one"
                            ))
                        })
                })
                .collect()
            };
        let organisations = split(&self.organisations)?;
        let groups = split(&self.groups)?;
        Ok(LanguageTemplates {
            lang: self.lang.clone(),
            weight: self.weight.unwrap_or(1),
            outlets: self.outlets.clone(),
            months,
            weekdays,
            ordinal_first: self.ordinal_first.clone(),
            dates: self.dates.clone(),
            elide: self.elide.clone(),
            titles: self.titles.clone(),
            shape,
            articles: self.articles.clone(),
            home: self.home.clone(),
            partners: self.partners.clone(),
            organisations,
            groups,
            roles: self.roles.clone(),
            events: self.events.clone(),
            filler: self.filler.clone(),
        })
    }
}

/// `written` split into an article of `articles` and the name after it: the longest article it
/// starts with (followed by a space, or ending in an apostrophe), else the empty article when
/// the table has one.
fn split_article(written: &str, articles: &BTreeMap<String, Contractions>) -> Option<Named> {
    let found = articles
        .keys()
        .filter(|a| !a.is_empty())
        .filter_map(|a| {
            let rest = written.strip_prefix(a.as_str())?;
            if ends_in_apostrophe(a) {
                Some((a, rest))
            } else {
                rest.strip_prefix(' ').map(|r| (a, r))
            }
        })
        .max_by_key(|(a, _)| a.len());
    match found {
        Some((a, name)) => Some(Named {
            article: a.clone(),
            name: name.trim().to_string(),
        }),
        None => articles.contains_key("").then(|| Named {
            article: String::new(),
            name: written.trim().to_string(),
        }),
    }
}

/// True when `s` ends in an apostrophe, which joins the next word without a space ("l'AES").
pub(crate) fn ends_in_apostrophe(s: &str) -> bool {
    s.ends_with(['\'', '\u{2019}'])
}

/// Where a template is used, which decides the slots it may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Context {
    /// A sentence or a headline: any slot but the parts of a date.
    Sentence,
    /// A date phrase: only `day`, `month`, `year` and `weekday`.
    Date,
}

/// Parses a template of `file`, an error naming its line.
fn parse_in(file: &DataFile, t: &Spanned<String>, ctx: Context) -> Result<Template, DataError> {
    parse(t.get_ref(), ctx).map_err(|message| {
        let line = file
            .text
            .get(..t.span().start)
            .unwrap_or(&file.text)
            .lines()
            .count()
            .max(1);
        DataError::invalid(file, Some(line), format!("{message} in {:?}", t.get_ref()))
    })
}

/// Parses one template into text runs and slots, or says what is wrong with it.
pub(crate) fn parse(text: &str, ctx: Context) -> Result<Template, String> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let Some(open) = rest.find('{') else {
            if rest.contains('}') {
                return Err("a `}` closes no slot".into());
            }
            pieces.push(Piece::Text(rest.to_string()));
            break;
        };
        if rest[..open].contains('}') {
            return Err("a `}` closes no slot".into());
        }
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_string()));
        }
        let after = &rest[open + 1..];
        let end = after.find('}').ok_or("a `{` is never closed")?;
        let inner = &after[..end];
        if inner.contains('{') {
            return Err("slots cannot nest".into());
        }
        let (var, form) = slot(inner, ctx)?;
        pieces.push(Piece::Slot(var, form));
        rest = &after[end + 1..];
    }
    if pieces.is_empty() {
        return Err("the template is empty".into());
    }
    Ok(Template { pieces })
}

/// Reads the inside of a slot: `var` or `var.form`.
fn slot(inner: &str, ctx: Context) -> Result<(Var, Form), String> {
    let (name, form_name) = match inner.split_once('.') {
        Some((v, f)) => (v.trim(), Some(f.trim())),
        None => (inner.trim(), None),
    };
    let var = match name {
        "state" => Var::State(0),
        "state2" => Var::State(1),
        "partner" => Var::Partner(0),
        "partner2" => Var::Partner(1),
        "org" => Var::Org(0),
        "org2" => Var::Org(1),
        "group" => Var::Group,
        "town" => Var::Town(0),
        "town2" => Var::Town(1),
        "person" => Var::Person(0),
        "person2" => Var::Person(1),
        "envoy" => Var::Envoy,
        "date" => Var::Date,
        "day" => Var::Day,
        "month" => Var::Month,
        "year" => Var::Year,
        "weekday" => Var::Weekday,
        "n" => Var::Count,
        "hundreds" => Var::Hundreds,
        other => return Err(format!("unknown slot {{{other}}}")),
    };
    let date_part = matches!(var, Var::Day | Var::Month | Var::Year | Var::Weekday);
    match ctx {
        Context::Date if !date_part => {
            return Err(format!(
                "a date form may only use {{day}}, {{month}}, {{year}} and {{weekday}}, not {{{name}}}"
            ));
        }
        Context::Sentence if date_part => {
            return Err(format!(
                "{{{name}}} belongs in the `dates` forms; write {{date}} here"
            ));
        }
        _ => {}
    }
    let form = match form_name {
        None => Form::Plain,
        Some("name") => Form::Name,
        Some("in") => Form::In,
        Some("of") => Form::Of,
        Some("to") => Form::To,
        Some("dem") => Form::Dem,
        Some("dem_f") => Form::DemF,
        Some("dem_p") => Form::DemP,
        Some("dem_fp") => Form::DemFp,
        Some("capital") => Form::Capital,
        Some("surname") => Form::Surname,
        Some("role") => Form::Role,
        Some(other) => return Err(format!("unknown form .{other} in {{{inner}}}")),
    };
    let allowed = match var {
        Var::State(_) | Var::Partner(_) => !matches!(form, Form::Surname | Form::Role),
        Var::Org(_) | Var::Group => {
            matches!(form, Form::Plain | Form::Name | Form::Of | Form::To)
        }
        Var::Person(_) | Var::Envoy => matches!(form, Form::Plain | Form::Surname | Form::Role),
        _ => form == Form::Plain,
    };
    if !allowed {
        return Err(format!(
            "{{{name}}} has no form .{}",
            form_name.unwrap_or("")
        ));
    }
    Ok((var, form))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_text_and_slots() {
        let t = parse(
            "Le {person.role} {state.of}, {person}, a reçu {envoy}.",
            Context::Sentence,
        )
        .unwrap();
        assert_eq!(
            t.pieces,
            vec![
                Piece::Text("Le ".into()),
                Piece::Slot(Var::Person(0), Form::Role),
                Piece::Text(" ".into()),
                Piece::Slot(Var::State(0), Form::Of),
                Piece::Text(", ".into()),
                Piece::Slot(Var::Person(0), Form::Plain),
                Piece::Text(", a reçu ".into()),
                Piece::Slot(Var::Envoy, Form::Plain),
                Piece::Text(".".into()),
            ]
        );
    }

    #[test]
    fn bad_templates_say_what_is_wrong() {
        let err = |t: &str, ctx| parse(t, ctx).unwrap_err();
        assert!(err("a {state", Context::Sentence).contains("never closed"));
        assert!(err("a } b", Context::Sentence).contains("closes no slot"));
        assert!(err("{stat}", Context::Sentence).contains("unknown slot {stat}"));
        assert!(err("{state.role}", Context::Sentence).contains("no form .role"));
        assert!(err("{state.plural}", Context::Sentence).contains("unknown form"));
        assert!(err("{town.of}", Context::Sentence).contains("no form"));
        assert!(err("{day} {month}", Context::Sentence).contains("dates"));
        assert!(err("le {date}", Context::Date).contains("date form"));
        assert!(err("", Context::Sentence).contains("empty"));
        assert!(err("{a{b}}", Context::Sentence).contains("nest"));
    }

    #[test]
    fn articles_are_split_off_names() {
        let articles: BTreeMap<String, Contractions> = ["le", "la", "l'", "les", ""]
            .iter()
            .map(|a| {
                let c = Contractions {
                    in_: "in".into(),
                    of: "of".into(),
                    to: "to".into(),
                };
                (a.to_string(), c)
            })
            .collect();
        let split = |w: &str| split_article(w, &articles).unwrap();
        assert_eq!(split("la CEDEAO").article, "la");
        assert_eq!(split("l'ONU").name, "ONU");
        assert_eq!(split("les Nations unies").article, "les");
        assert_eq!(split("Boko Haram").article, "");
        assert_eq!(split("lesotho").name, "lesotho");
    }

    #[test]
    fn a_users_file_with_a_bad_template_is_named_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("bench")).unwrap();
        std::fs::write(
            dir.path().join("bench/fr.toml"),
            "[filler]\ntemplates = [\n  \"Rien.\",\n  \"Le {pays} dort.\",\n]\n",
        )
        .unwrap();
        let res = Resources::builtin().with_user_dir(dir.path()).unwrap();
        let err = Templates::load(&res).unwrap_err().to_string();
        assert!(
            err.contains("fr.toml:4") && err.contains("unknown slot {pays}"),
            "{err}"
        );
    }

    #[test]
    fn a_users_file_adds_templates_and_languages_must_be_complete() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("bench")).unwrap();
        std::fs::write(
            dir.path().join("bench/fr.toml"),
            "[filler]\ntemplates = [\"Il pleut sur {state.capital}.\"]\n",
        )
        .unwrap();
        let res = Resources::builtin().with_user_dir(dir.path()).unwrap();
        let builtin = Templates::builtin().unwrap();
        let merged = Templates::load(&res).unwrap();
        assert_eq!(merged.counts("fr").1, builtin.counts("fr").1 + 1);

        std::fs::write(dir.path().join("bench/de.toml"), "weight = 3\n").unwrap();
        let res = Resources::builtin().with_user_dir(dir.path()).unwrap();
        let err = Templates::load(&res).unwrap_err().to_string();
        assert!(err.contains("de.toml") && err.contains("months"), "{err}");
    }
}
