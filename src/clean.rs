//! Stage 2, clean: finds captions, credits, bylines, datelines, sponsor and share lines.
//!
//! Nothing is removed: the stored text keeps every byte so offsets stay valid; `clean` returns
//! the spans (whole lines) that later stages must not read as news. The words that give a line
//! away ("Publié le", "Lire aussi", "(Photo", "By") are data, in `data/<lang>/noise.toml`; the
//! code holds what needs no words: where a line sits (before the first paragraph of the body,
//! after the last), how long it is, whether it ends like a sentence, whether it is only a name.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::Deserialize;

use crate::model::{Article, NoiseKind, NoiseSpan, Span};
use crate::resources::{DataError, DataFile, Resources};
use crate::text::fold;

/// A line with at least this many words that ends like a sentence is a paragraph of the body.
const BODY_MIN_WORDS: usize = 12;
/// A name alone on a line (a byline, a signature) has at most this many words.
const NAME_MAX_WORDS: usize = 5;
/// A credit after a slash ("… / Agence") is at most this many words.
const CREDIT_MAX_WORDS: usize = 4;
/// A caption with a credit after a slash is at most this many words.
const CREDIT_LINE_MAX_WORDS: usize = 40;
/// A heading such as "À lire aussi" that lists links below it is at most this many words.
const LIST_HEADING_MAX_WORDS: usize = 5;
/// A listed link under such a heading is at most this many words.
const LISTED_LINK_MAX_WORDS: usize = 20;
/// How many leading lines may hold the headline.
const TITLE_SEARCH_LINES: usize = 6;

/// Where in the article a rule holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Zone {
    /// Any line.
    #[default]
    Anywhere,
    /// Lines before the first paragraph of the body.
    Top,
    /// Lines after the last paragraph of the body.
    Tail,
}

/// One `[[rule]]` of a noise file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    kind: NoiseKind,
    #[serde(default)]
    starts: Vec<String>,
    #[serde(default)]
    contains: Vec<String>,
    #[serde(default)]
    regex: Vec<String>,
    max_words: Option<usize>,
    #[serde(default)]
    open_end: bool,
    #[serde(default, rename = "where")]
    zone: Zone,
}

/// The `[names]` table of a noise file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct NamesSpec {
    #[serde(default)]
    particles: Vec<String>,
}

/// A noise file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoiseFile {
    #[serde(default)]
    rule: Vec<RuleSpec>,
    #[serde(default)]
    names: NamesSpec,
}

/// A rule, compiled.
#[derive(Clone, Debug)]
struct Rule {
    kind: NoiseKind,
    /// Folded phrases a line starts with.
    starts: Vec<String>,
    /// Folded phrases found anywhere, as one automaton.
    contains: Option<AhoCorasick>,
    /// Patterns matched on the line as written.
    regex: Vec<Regex>,
    max_words: Option<usize>,
    open_end: bool,
    zone: Zone,
}

/// The rules and name particles of one language.
#[derive(Clone, Debug, Default)]
struct LangRules {
    rules: Vec<Rule>,
    particles: Vec<String>,
}

/// The noise patterns of every language, loaded once.
#[derive(Clone, Debug, Default)]
pub struct Cleaner {
    langs: HashMap<String, LangRules>,
    /// Every language's rules, in language order, for an article in a language with no file.
    all: LangRules,
}

impl Cleaner {
    /// Loads `data/<lang>/noise.toml` for every language.
    pub fn load(res: &Resources) -> Result<Cleaner, DataError> {
        let mut cleaner = Cleaner::default();
        for lang in res.languages() {
            let path = format!("{lang}/noise.toml");
            let mut rules = LangRules::default();
            for file in res.files(&path) {
                let spec: NoiseFile =
                    toml::from_str(&file.text).map_err(|e| DataError::toml(file, e))?;
                for r in spec.rule {
                    rules.rules.push(compile(file, r)?);
                }
                rules
                    .particles
                    .extend(spec.names.particles.iter().map(|p| fold(p.trim())));
            }
            if rules.rules.is_empty() && rules.particles.is_empty() {
                continue;
            }
            cleaner.all.rules.extend(rules.rules.iter().cloned());
            cleaner
                .all
                .particles
                .extend(rules.particles.iter().cloned());
            cleaner.langs.insert(lang, rules);
        }
        Ok(cleaner)
    }

    /// The spans of `article.text` that are kept but not read as news: whole lines, trimmed,
    /// in text order.
    pub fn clean(&self, article: &Article, lang: &str) -> Vec<NoiseSpan> {
        let rules = self.langs.get(lang).unwrap_or(&self.all);
        let lines = lines(&article.text);
        let mut kinds: Vec<Option<NoiseKind>> = vec![None; lines.len()];

        if let Some(title) = article.title.as_deref().map(collapse) {
            if let Some(i) = lines
                .iter()
                .take(TITLE_SEARCH_LINES)
                .position(|l| collapse(l.text) == title)
            {
                kinds[i] = Some(NoiseKind::Title);
            }
        }
        // Rules that hold anywhere, then the shapes that need no zone.
        for (i, line) in lines.iter().enumerate() {
            if kinds[i].is_none() {
                kinds[i] = rules
                    .rules
                    .iter()
                    .filter(|r| r.zone == Zone::Anywhere)
                    .find(|r| r.matches(line))
                    .map(|r| r.kind);
            }
            if kinds[i].is_none() {
                kinds[i] = anywhere_shape(line);
            }
        }
        // The body runs from the first to the last line that reads as a paragraph.
        let is_body = |i: usize| kinds[i].is_none() && lines[i].is_paragraph();
        let first_body = (0..lines.len())
            .find(|&i| is_body(i))
            .unwrap_or(lines.len());
        let last_body = (0..lines.len()).rev().find(|&i| is_body(i));
        for (i, line) in lines.iter().enumerate() {
            if kinds[i].is_some() {
                continue;
            }
            let top = i < first_body;
            let tail = last_body.is_some_and(|l| i > l);
            let zone_ok = |z: Zone| match z {
                Zone::Anywhere => false,
                Zone::Top => top,
                Zone::Tail => tail,
            };
            kinds[i] = rules
                .rules
                .iter()
                .filter(|r| zone_ok(r.zone))
                .find(|r| r.matches(line))
                .map(|r| r.kind);
            if kinds[i].is_none() && top && is_breadcrumb(line.text) {
                kinds[i] = Some(NoiseKind::Share);
            }
        }
        mark_listed_links(&lines, &mut kinds);
        // A name alone on a line signs the article only when nothing but furniture follows it
        // (a one-word heading before a closing list is not a signature).
        if let Some(last) = last_body {
            for i in (last + 1..lines.len()).rev() {
                if kinds[i].is_some() {
                    continue;
                }
                if !is_name_only(lines[i].text, &rules.particles) {
                    break;
                }
                kinds[i] = Some(NoiseKind::Byline);
            }
        }

        lines
            .iter()
            .zip(kinds)
            .filter_map(|(l, k)| k.map(|kind| NoiseSpan { span: l.span, kind }))
            .collect()
    }
}

/// Compiles one rule of `file`; a bad regex names the file and its line.
fn compile(file: &DataFile, spec: RuleSpec) -> Result<Rule, DataError> {
    let mut regex = Vec::new();
    for pattern in &spec.regex {
        let re = Regex::new(pattern).map_err(|e| {
            let first = e
                .to_string()
                .lines()
                .last()
                .unwrap_or("invalid pattern")
                .trim()
                .to_string();
            DataError::invalid(
                file,
                line_of(file, pattern),
                format!("bad regex {pattern:?}: {first}"),
            )
        })?;
        regex.push(re);
    }
    let starts: Vec<String> = spec
        .starts
        .iter()
        .map(|s| fold(s.trim()))
        .filter(|s| !s.is_empty())
        .collect();
    let contains: Vec<String> = spec
        .contains
        .iter()
        .map(|s| fold(s.trim()))
        .filter(|s| !s.is_empty())
        .collect();
    let contains = if contains.is_empty() {
        None
    } else {
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&contains)
            .map_err(|e| {
                DataError::invalid(
                    file,
                    None,
                    format!("cannot compile `contains` phrases: {e}"),
                )
            })?;
        Some(ac)
    };
    if starts.is_empty() && contains.is_none() && regex.is_empty() {
        return Err(DataError::invalid(
            file,
            None,
            format!(
                "a {:?} rule has no cue; give `starts`, `contains` or `regex`",
                spec.kind
            ),
        ));
    }
    Ok(Rule {
        kind: spec.kind,
        starts,
        contains,
        regex,
        max_words: spec.max_words,
        open_end: spec.open_end,
        zone: spec.zone,
    })
}

/// The 1-based line of `file` where `needle` is written, when it can be found.
fn line_of(file: &DataFile, needle: &str) -> Option<usize> {
    file.text
        .lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
}

impl Rule {
    /// True when the rule marks `line`.
    fn matches(&self, line: &Line<'_>) -> bool {
        if self.max_words.is_some_and(|m| line.words > m) || (self.open_end && line.sentence_end) {
            return false;
        }
        let folded = line.folded.as_str();
        self.starts
            .iter()
            .any(|p| folded.starts_with(p.as_str()) && bounded(folded, 0, p.len()))
            || self.contains.as_ref().is_some_and(|ac| {
                ac.find_overlapping_iter(folded)
                    .any(|m| bounded(folded, m.start(), m.end()))
            })
            || self.regex.iter().any(|re| re.is_match(line.text))
    }
}

/// True when `[start, end)` of `s` is not glued to a letter or digit on a side where the
/// phrase itself begins or ends with one.
fn bounded(s: &str, start: usize, end: usize) -> bool {
    let (Some(phrase), Some(before), Some(after)) =
        (s.get(start..end), s.get(..start), s.get(end..))
    else {
        return false;
    };
    let glued_before = phrase.chars().next().is_some_and(char::is_alphanumeric)
        && before
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
    let glued_after = phrase
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
        && after.chars().next().is_some_and(char::is_alphanumeric);
    !glued_before && !glued_after
}

/// A non-blank line of the text.
#[derive(Debug)]
struct Line<'a> {
    /// The trimmed line's bytes.
    span: Span,
    /// The trimmed line.
    text: &'a str,
    /// Folded copy, for phrase cues.
    folded: String,
    /// Number of words.
    words: usize,
    /// Ends like a sentence (`.`, `!`, `?`, `…`, before any closing quote or bracket).
    sentence_end: bool,
    /// Index of the block (lines separated by blank lines) it is in.
    block: usize,
}

impl Line<'_> {
    /// Long and finished: a paragraph of the body.
    fn is_paragraph(&self) -> bool {
        self.words >= BODY_MIN_WORDS && self.sentence_end
    }

    /// Starts with a list mark.
    fn is_bullet(&self) -> bool {
        is_bullet(self.text)
    }
}

/// The non-blank lines of `text`, trimmed, with their spans.
fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut block = 0;
    let mut blank_before = false;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            blank_before = true;
            continue;
        }
        if blank_before && !out.is_empty() {
            block += 1;
        }
        blank_before = false;
        let lead = raw.len() - raw.trim_start().len();
        let span = Span::new(start + lead, start + lead + trimmed.len());
        out.push(Line {
            span,
            text: trimmed,
            folded: fold(trimmed),
            words: trimmed.split_whitespace().count(),
            sentence_end: ends_like_sentence(trimmed),
            block,
        });
    }
    out
}

/// True when `s` ends with a sentence stop, looking past closing quotes and brackets.
pub(crate) fn ends_like_sentence(s: &str) -> bool {
    let core = s.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '»' | '”' | '"' | '’' | '\'' | ')' | ']')
    });
    core.ends_with(['.', '!', '?', '…'])
}

/// True when a line starts with a list mark and a space.
pub(crate) fn is_bullet(s: &str) -> bool {
    let mut chars = s.trim_start().chars();
    matches!(
        chars.next(),
        Some('•' | '-' | '*' | '–' | '▪' | '◦' | '‣' | '·' | '—')
    ) && chars.next().is_some_and(char::is_whitespace)
}

/// White space collapsed, for comparing a line with the title.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Shapes that give a line away wherever it stands: a credit after a slash, hashtags.
fn anywhere_shape(line: &Line<'_>) -> Option<NoiseKind> {
    if is_credit_line(line) {
        return Some(NoiseKind::Caption);
    }
    let tokens: Vec<&str> = line.text.split_whitespace().collect();
    if tokens.iter().all(|t| t.starts_with('#') && t.len() > 1) {
        return Some(NoiseKind::Share);
    }
    None
}

/// A caption or credit that ends with a short name after a slash ("… à Moscou/ Agence",
/// "… / DR"): the photographer's or agency's credit.
fn is_credit_line(line: &Line<'_>) -> bool {
    if line.words > CREDIT_LINE_MAX_WORDS || line.sentence_end || line.is_bullet() {
        return false;
    }
    let Some((head, tail)) = line.text.rsplit_once('/') else {
        return false;
    };
    let tail = tail.trim();
    let words = tail.split_whitespace().count();
    !head.trim().is_empty()
        && (1..=CREDIT_MAX_WORDS).contains(&words)
        && tail.chars().next().is_some_and(char::is_uppercase)
        && !tail.chars().any(|c| c.is_ascii_digit())
}

/// A single glued token such as `RubriqueMonde` (menu items saved without spaces), or short
/// items joined by `›`, `>` or `»` ("Accueil › Politique › Mali").
fn is_breadcrumb(s: &str) -> bool {
    if !s.contains(char::is_whitespace) {
        let chars: Vec<char> = s.chars().collect();
        let humps = chars
            .windows(2)
            .filter(|w| w[0].is_lowercase() && w[1].is_uppercase())
            .count();
        return humps >= 1 && chars.len() >= 8 && chars.iter().all(|c| c.is_alphabetic());
    }
    for sep in ['›', '>', '»', '/'] {
        let parts: Vec<&str> = s.split(sep).map(str::trim).collect();
        if parts.len() >= 3
            && parts
                .iter()
                .all(|p| (1..=3).contains(&p.split_whitespace().count()))
        {
            return true;
        }
    }
    false
}

/// A line that is only a person's name or initials ("K. Mamadou", "Moussa K. Diarra",
/// "Y.S.", "Naytè."), as an author signs at the end.
fn is_name_only(s: &str, particles: &[String]) -> bool {
    let s = s.trim_end_matches(['.', ',']).trim();
    let tokens: Vec<&str> = s.split_whitespace().collect();
    if tokens.is_empty() || tokens.len() > NAME_MAX_WORDS || s.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let mut named = false;
    for t in &tokens {
        if is_initials(t) || is_capitalised_word(t) {
            named = true;
        } else if !particles.iter().any(|p| *p == fold(t)) {
            return false;
        }
    }
    named
}

/// `K.`, `Y.S.`, `J.-C.`: capitals each followed by a dot.
fn is_initials(t: &str) -> bool {
    t.contains('.')
        && t.chars().all(|c| c.is_uppercase() || c == '.' || c == '-')
        && t.chars().any(char::is_uppercase)
}

/// `Mamadou`, `Dembélé`, `N'Diaye`, `Sidibé-Traoré`: a capital then letters.
fn is_capitalised_word(t: &str) -> bool {
    let mut chars = t.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
}

/// Under a short share line such as "À lire aussi", the lines of the same block that list
/// links (bullets, or short lines that are not sentences) are share furniture too.
fn mark_listed_links(lines: &[Line<'_>], kinds: &mut [Option<NoiseKind>]) {
    let mut i = 0;
    while i < lines.len() {
        let heading =
            kinds[i] == Some(NoiseKind::Share) && lines[i].words <= LIST_HEADING_MAX_WORDS;
        if !heading {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < lines.len()
            && lines[j].block == lines[i].block
            && (lines[j].is_bullet()
                || (lines[j].words <= LISTED_LINK_MAX_WORDS && !lines[j].sentence_end))
        {
            if kinds[j].is_none() {
                kinds[j] = Some(NoiseKind::Share);
            }
            j += 1;
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceForm;

    fn article(text: &str, title: Option<&str>, form: SourceForm) -> Article {
        Article {
            id: String::new(),
            name: "t.txt".into(),
            source: "t.txt".into(),
            form,
            url: None,
            title: title.map(str::to_string),
            published: None,
            language: None,
            outlet: None,
            text: text.to_string(),
        }
    }

    fn marked(text: &str, title: Option<&str>, lang: &str) -> Vec<(String, NoiseKind)> {
        let cleaner = Cleaner::load(&Resources::builtin()).unwrap();
        let a = article(text, title, SourceForm::LooseText);
        cleaner
            .clean(&a, lang)
            .into_iter()
            .map(|n| (n.span.slice(text).to_string(), n.kind))
            .collect()
    }

    const P1: &str = "Le gouvernement de transition a annoncé mardi la création d'une commission chargée de préparer les prochaines élections générales.";
    const P2: &str = "Selon un communiqué lu à la télévision nationale, la commission devra rendre ses conclusions avant la fin de l'année en cours.";

    #[test]
    fn french_loose_text_furniture() {
        let text = format!(
            " date 2025-03 Des électeurs font la queue devant un bureau de vote (Photo : archives)\n\n\
             Élections : une commission pour préparer le scrutin\n\n\
             Publié le lundi 3 mars 2025\n\n\
             Par Aminata K. Traoré\n\n\
             Des électeurs dans un bureau de vote de la capitale, dimanche. © Le Journal / DR\n\n\
             {P1}\n\n{P2}\n\n\
             Un calendrier serré\n\n\
             {P1}\n\n\
             À lire aussi\n- Législatives : les partis se préparent\n- Sécurité : un nouveau plan\n\n\
             Aminata K. Traoré\n\n\
             © Le Journal 2025 – Tous droits réservés\n\
             Partager : Facebook | X | WhatsApp\n\
             Pour explorer les options de sponsoring, contactez-nous\n\
             #Élections #Transition\n"
        );
        let got = marked(
            &text,
            Some("Élections : une commission pour préparer le scrutin"),
            "fr",
        );
        let kinds: Vec<NoiseKind> = got.iter().map(|(_, k)| *k).collect();
        use NoiseKind::*;
        assert_eq!(
            kinds,
            vec![
                Dateline, Title, Dateline, Byline, Caption, Share, Share, Share, Byline, Share,
                Share, Sponsor, Share
            ],
            "{got:#?}"
        );
        assert!(
            !got.iter().any(|(t, _)| t == "Un calendrier serré"),
            "an intertitle is body"
        );
        assert!(!got.iter().any(|(t, _)| t.starts_with("Le gouvernement")));
    }

    #[test]
    fn a_first_line_credit_and_a_signature() {
        let text = format!(
            "Des soldats lors d'une cérémonie à Niamey/ Agence Sahel\n{P1}\n{P2}\nK. Mamadou"
        );
        let got = marked(&text, None, "fr");
        assert_eq!(
            got,
            vec![
                (
                    "Des soldats lors d'une cérémonie à Niamey/ Agence Sahel".to_string(),
                    NoiseKind::Caption
                ),
                ("K. Mamadou".to_string(), NoiseKind::Byline)
            ]
        );
    }

    #[test]
    fn english_wire_furniture() {
        let en1 = "The ministers met on Thursday in the capital to discuss security along their shared borders, officials said.";
        let en2 = "They agreed to set up a joint force and to meet again in three months, according to a statement.";
        let text = format!(
            "Ministers agree on a joint force\n\nMarch 3, 2025 10:12 AM UTC\n\nBy Jane Doe\n\n\
             Soldiers stand guard in the capital. Photo: Sahel Agency/J. Doe\n\n{en1}\n\n{en2}\n\n\
             (Reporting by Jane Doe; Editing by John Roe)\n\n(c) 2025 Sahel Agency. All rights reserved.\n\
             Related: Why the force matters | Photo gallery: the summit\n"
        );
        let got = marked(&text, Some("Ministers agree on a joint force"), "en");
        use NoiseKind::*;
        let kinds: Vec<NoiseKind> = got.iter().map(|(_, k)| *k).collect();
        assert_eq!(
            kinds,
            vec![Title, Dateline, Byline, Caption, Byline, Share, Share],
            "{got:#?}"
        );
    }

    #[test]
    fn body_sentences_that_look_like_cues_stay() {
        let text = format!(
            "{P1}\nPar ailleurs, le ministre a rappelé que le scrutin aurait lieu en décembre.\n\
             Partager le pouvoir reste difficile, estime un analyste.\n{P2}\nLes Enjeux pour le Sahel\n{P2}"
        );
        assert!(marked(&text, None, "fr").is_empty());
        let en = "Share prices fell sharply on Monday after the announcement.\nBy Friday, the troops had left the base, officials said.\nThe army said the operation was over and the soldiers would return home soon.";
        assert!(marked(en, None, "en").is_empty());
    }

    #[test]
    fn a_heading_before_a_closing_list_is_no_signature_and_dated_rows_stay() {
        let text = format!(
            "{P1}\n\nRepères\n\n• 16 septembre 2023 : une charte est signée\n\n3 mars 2024 Annonce d'une force\n"
        );
        assert!(
            marked(&text, None, "fr").is_empty(),
            "{:?}",
            marked(&text, None, "fr")
        );
        let text = format!("{P1}\n\nLundi 3 mars 2025 à 10h15\n");
        assert_eq!(marked(&text, None, "fr").len(), 1);
    }

    #[test]
    fn names_and_shapes() {
        let p = vec!["de".to_string(), "ag".to_string()];
        assert!(is_name_only("K. Mamadou", &p));
        assert!(is_name_only("Moussa ag Intallah", &p));
        assert!(is_name_only("Naytè.", &p));
        assert!(is_name_only("Y.S.", &p));
        assert!(!is_name_only("Les Enjeux pour le Sahel", &p));
        assert!(!is_name_only("Et Après ?", &p));
        assert!(!is_name_only("Mali 2025", &p));
        assert!(is_breadcrumb("ActualitésInternational"));
        assert!(is_breadcrumb("Accueil › Politique › Mali"));
        assert!(!is_breadcrumb("Bamako"));
        assert!(!is_breadcrumb("Un sommet à Niamey"));
        assert!(ends_like_sentence("Il a parlé. »"));
        assert!(!ends_like_sentence("(Photo : DR)"));
        assert!(is_bullet("  • point"));
        assert!(!is_bullet("-5 degrés"));
    }

    #[test]
    fn an_unknown_language_uses_every_rule() {
        let text = format!("Publié le 3 mars 2025\n{P1}");
        assert_eq!(marked(&text, None, "xx").len(), 1);
    }

    #[test]
    fn bad_data_names_file_and_line() {
        let r = Resources::empty().with_file(
            "fr/noise.toml",
            "[[rule]]\nkind = \"share\"\nregex = ['(unclosed']\n",
        );
        let e = Cleaner::load(&r).unwrap_err().to_string();
        assert!(e.starts_with("fr/noise.toml (added):3:"), "{e}");
        let r = Resources::empty().with_file(
            "fr/noise.toml",
            "[[rule]]\nkind = \"nonsense\"\nstarts = ['x']\n",
        );
        let e = Cleaner::load(&r).unwrap_err().to_string();
        assert!(e.starts_with("fr/noise.toml (added):2"), "{e}");
        let r = Resources::empty().with_file("fr/noise.toml", "[[rule]]\nkind = \"share\"\n");
        assert!(Cleaner::load(&r).is_err());
    }

    #[test]
    fn spans_are_trimmed_lines() {
        let text = "  Publié le 3 mars 2025  \r\nTexte.";
        let got = marked(text, None, "fr");
        assert_eq!(
            got,
            vec![("Publié le 3 mars 2025".to_string(), NoiseKind::Dateline)]
        );
    }
}
