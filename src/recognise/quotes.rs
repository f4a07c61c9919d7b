//! Quoted speech and its speaker.
//!
//! A quote is a pair of quotation marks (« … », “ … ”, "…") around more than three words inside
//! one sentence; shorter quoted phrases are titles or scare quotes, not speech. Its speaker is
//! the actor the attribution names: the text of the sentence outside the quote must hold a
//! speech cue (a verb such as "a déclaré", "said", or a source phrase such as "selon",
//! "according to", from `data/<lang>/speech.toml`), and the speaker is the actor mentioned
//! there nearest to the cue, persons first. A quote that stands alone as its sentence takes its
//! attribution from the sentence just before or after; an attribution by pronoun ("a-t-il
//! précisé", "he said") from the person last named in the sentence before.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::model::{ActorMention, EntityKind, QuoteMention, Sentence, Span};
use crate::resources::{DataError, DataFile, Resources};
use crate::text::{FoldedText, fold};

/// A quote holds more than this many words.
const MIN_QUOTE_WORDS: usize = 3;
/// A sentence whose text outside its quote has at most this many words stands alone.
const ALONE_MAX_WORDS: usize = 2;

/// A `speech.toml` file, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpeechFile {
    #[serde(default)]
    verbs: Vec<String>,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    pronouns: Vec<String>,
}

/// The cues of one language, compiled.
#[derive(Clone, Debug)]
struct Cues {
    /// Verbs and source phrases, folded, as one automaton.
    speech: AhoCorasick,
    /// Pronouns, folded, as one automaton.
    pronouns: Option<AhoCorasick>,
}

/// Speech verbs of every language, loaded once.
#[derive(Clone, Debug, Default)]
pub struct QuoteFinder {
    langs: HashMap<String, Cues>,
    /// Every language's cues together, for a language with no file.
    all: Option<Cues>,
}

impl QuoteFinder {
    /// Loads `data/<lang>/speech.toml` for every language.
    pub fn load(res: &Resources) -> Result<QuoteFinder, DataError> {
        let mut finder = QuoteFinder::default();
        let mut all = SpeechFile::default();
        let mut all_origin: Option<DataFile> = None;
        for lang in res.languages() {
            let path = format!("{lang}/speech.toml");
            let mut merged = SpeechFile::default();
            let mut origin = None;
            for file in res.files(&path) {
                let spec: SpeechFile =
                    toml::from_str(&file.text).map_err(|e| DataError::toml(file, e))?;
                merged.verbs.extend(spec.verbs);
                merged.sources.extend(spec.sources);
                merged.pronouns.extend(spec.pronouns);
                origin = Some(file.clone());
            }
            let Some(file) = origin else { continue };
            let cues = compile(&file, &merged)?;
            finder.langs.insert(lang, cues);
            all.verbs.extend(merged.verbs);
            all.sources.extend(merged.sources);
            all.pronouns.extend(merged.pronouns);
            all_origin = Some(file.clone());
        }
        if let Some(file) = all_origin {
            finder.all = Some(compile(&file, &all)?);
        }
        Ok(finder)
    }

    /// Finds quotes in `text` and attributes each to a speaker among `actors` when the text
    /// says who spoke.
    pub fn find(
        &self,
        text: &str,
        sentences: &[Sentence],
        actors: &[ActorMention],
        lang: &str,
    ) -> Vec<QuoteMention> {
        let cues = self.langs.get(lang).or(self.all.as_ref());
        let quotes: Vec<Vec<Span>> = sentences.iter().map(|s| quotations(text, s.span)).collect();
        let mut out = Vec::new();
        for (si, in_sentence) in quotes.iter().enumerate() {
            for &q in in_sentence {
                let speaker = cues.and_then(|c| speaker(c, text, sentences, &quotes, si, actors));
                out.push(QuoteMention {
                    span: q,
                    speaker: speaker.map(|a| a.entity.clone()),
                });
            }
        }
        out.sort_by_key(|q| q.span);
        out
    }
}

/// The speaker of the quotes of sentence `si` (`quotes` holds every sentence's quotes).
fn speaker<'a>(
    cues: &Cues,
    text: &str,
    sentences: &[Sentence],
    quotes: &[Vec<Span>],
    si: usize,
    actors: &'a [ActorMention],
) -> Option<&'a ActorMention> {
    let here = Clause::new(text, sentences[si].span, &quotes[si]);
    if let Some(cue) = here.cue(cues) {
        if let Some(a) = nearest(actors, &here, cue) {
            return Some(a);
        }
        if here.has_pronoun(cues) && si > 0 {
            let before = Clause::new(text, sentences[si - 1].span, &quotes[si - 1]);
            return last_person(actors, &before);
        }
        return None;
    }
    if here.words(text) > ALONE_MAX_WORDS {
        return None;
    }
    // A quote standing alone: the attribution is in a neighbouring sentence.
    let neighbours = [
        si.checked_sub(1),
        Some(si + 1).filter(|&n| n < sentences.len()),
    ];
    for n in neighbours.into_iter().flatten() {
        let clause = Clause::new(text, sentences[n].span, &quotes[n]);
        if let Some(cue) = clause.cue(cues) {
            return nearest(actors, &clause, cue);
        }
    }
    None
}

/// Compiles the cue lists of one language.
fn compile(file: &DataFile, spec: &SpeechFile) -> Result<Cues, DataError> {
    let build = |phrases: Vec<String>, what: &str| -> Result<Option<AhoCorasick>, DataError> {
        let phrases: Vec<String> = phrases
            .iter()
            .map(|p| fold(p.trim()))
            .filter(|p| !p.is_empty())
            .collect();
        if phrases.is_empty() {
            return Ok(None);
        }
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&phrases)
            .map(Some)
            .map_err(|e| DataError::invalid(file, None, format!("cannot compile {what}: {e}")))
    };
    let speech = build(
        spec.verbs.iter().chain(&spec.sources).cloned().collect(),
        "verbs and sources",
    )?
    .ok_or_else(|| {
        DataError::invalid(
            file,
            None,
            "no `verbs` nor `sources`; give at least one speech cue",
        )
    })?;
    let pronouns = build(spec.pronouns.clone(), "pronouns")?;
    Ok(Cues { speech, pronouns })
}

/// The quotations inside `sentence`: outermost pairs of « », “ ” or straight quotes around
/// more than [`MIN_QUOTE_WORDS`] words, marks included.
fn quotations(text: &str, sentence: Span) -> Vec<Span> {
    let Some(s) = text.get(sentence.start..sentence.end) else {
        return Vec::new();
    };
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut guillemets: Vec<usize> = Vec::new();
    let mut curly: Vec<usize> = Vec::new();
    let mut straight: Option<usize> = None;
    for (i, c) in s.char_indices() {
        let end = i + c.len_utf8();
        match c {
            '«' => guillemets.push(i),
            '»' => {
                if let Some(o) = guillemets.pop() {
                    pairs.push((o, end));
                }
            }
            '“' => curly.push(i),
            '”' => {
                if let Some(o) = curly.pop() {
                    pairs.push((o, end));
                }
            }
            '"' => match straight.take() {
                Some(o) => pairs.push((o, end)),
                None => straight = Some(i),
            },
            _ => {}
        }
    }
    pairs.sort();
    let mut out: Vec<Span> = Vec::new();
    for (o, e) in pairs {
        if out.last().is_some_and(|last| last.end > sentence.start + o) {
            continue; // nested inside the previous, outer quote
        }
        let inner = &s[o..e];
        if inner.unicode_words().take(MIN_QUOTE_WORDS + 1).count() > MIN_QUOTE_WORDS {
            out.push(Span::new(sentence.start + o, sentence.start + e));
        }
    }
    out
}

/// A sentence with its quotes set apart: the attribution is what lies outside them.
struct Clause<'q> {
    span: Span,
    quotes: &'q [Span],
    folded: FoldedText,
}

impl<'q> Clause<'q> {
    fn new(text: &str, span: Span, quotes: &'q [Span]) -> Clause<'q> {
        Clause {
            span,
            quotes,
            folded: FoldedText::new(span.slice(text)),
        }
    }

    /// True when `s` (in text offsets) lies in the sentence and outside its quotes.
    fn outside_quotes(&self, s: Span) -> bool {
        self.span.contains(s) && !self.quotes.iter().any(|q| q.overlaps(s))
    }

    /// The first speech cue outside the quotes, as a span of the text.
    fn cue(&self, cues: &Cues) -> Option<Span> {
        self.whole_words(&cues.speech).next()
    }

    /// True when a pronoun stands outside the quotes.
    fn has_pronoun(&self, cues: &Cues) -> bool {
        cues.pronouns
            .as_ref()
            .is_some_and(|p| self.whole_words(p).next().is_some())
    }

    /// Whole-word matches of `ac` outside the quotes, as spans of the text.
    fn whole_words<'a>(&'a self, ac: &'a AhoCorasick) -> impl Iterator<Item = Span> + 'a {
        ac.find_overlapping_iter(self.folded.text.as_str())
            .filter(|m| self.folded.is_word_bounded(m.start(), m.end()))
            .map(|m| {
                let local = self.folded.original_span(m.start(), m.end());
                Span::new(self.span.start + local.start, self.span.start + local.end)
            })
            .filter(|s| self.outside_quotes(*s))
    }

    /// Number of words outside the quotes.
    fn words(&self, text: &str) -> usize {
        let mut count = 0;
        let mut at = self.span.start;
        for q in self
            .quotes
            .iter()
            .chain(std::iter::once(&Span::new(self.span.end, self.span.end)))
        {
            if q.start > at {
                count += text
                    .get(at..q.start)
                    .map_or(0, |t| t.unicode_words().count());
            }
            at = at.max(q.end);
        }
        count
    }
}

/// The actor of `clause` (outside its quotes) nearest to `cue`, persons first.
fn nearest<'a>(
    actors: &'a [ActorMention],
    clause: &Clause<'_>,
    cue: Span,
) -> Option<&'a ActorMention> {
    let distance = |a: &ActorMention| {
        if a.span.end <= cue.start {
            cue.start - a.span.end
        } else {
            a.span.start.saturating_sub(cue.end)
        }
    };
    let candidates = || actors.iter().filter(|a| clause.outside_quotes(a.span));
    candidates()
        .filter(|a| a.kind == EntityKind::Person)
        .min_by_key(|a| distance(a))
        .or_else(|| candidates().min_by_key(|a| distance(a)))
}

/// The person named last in `clause`, outside its quotes.
fn last_person<'a>(actors: &'a [ActorMention], clause: &Clause<'_>) -> Option<&'a ActorMention> {
    actors
        .iter()
        .filter(|a| a.kind == EntityKind::Person && clause.outside_quotes(a.span))
        .max_by_key(|a| a.span.start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BlockKind, LinkVia};
    use crate::segment::Segmenter;

    fn finder() -> QuoteFinder {
        QuoteFinder::load(&Resources::builtin()).unwrap()
    }

    fn sentences(text: &str, lang: &str) -> Vec<Sentence> {
        Segmenter::load(&Resources::builtin())
            .unwrap()
            .segment(text, &[], lang)
    }

    /// An actor mention on the first occurrence of `name` in `text`.
    fn actor(text: &str, name: &str, entity: &str, kind: EntityKind) -> ActorMention {
        let at = text.find(name).unwrap();
        ActorMention {
            span: Span::new(at, at + name.len()),
            entity: entity.into(),
            kind,
            code: None,
            via: LinkVia::Name,
            role: None,
        }
    }

    fn run(text: &str, actors: &[ActorMention], lang: &str) -> Vec<(String, Option<String>)> {
        finder()
            .find(text, &sentences(text, lang), actors, lang)
            .into_iter()
            .map(|q| (q.span.slice(text).to_string(), q.speaker))
            .collect()
    }

    #[test]
    fn verb_after_the_quote_names_the_speaker() {
        let t = "« Nous ne céderons à aucune pression extérieure », a déclaré le ministre Moussa Diallo, jeudi à Bamako.";
        let actors = [
            actor(t, "Moussa Diallo", "moussa-diallo", EntityKind::Person),
            actor(t, "Bamako", "MLI", EntityKind::State),
        ];
        assert_eq!(
            run(t, &actors, "fr"),
            [(
                "« Nous ne céderons à aucune pression extérieure »".to_string(),
                Some("moussa-diallo".to_string())
            )]
        );
    }

    #[test]
    fn speaker_before_the_quote_and_actors_inside_it_ignored() {
        let t = "Le président Awa Keita a précisé que « le Mali ne quittera pas la table des négociations » avec la France.";
        let actors = [
            actor(t, "Awa Keita", "awa-keita", EntityKind::Person),
            actor(t, "Mali", "MLI", EntityKind::State),
            actor(t, "France", "FRA", EntityKind::State),
        ];
        assert_eq!(run(t, &actors, "fr")[0].1.as_deref(), Some("awa-keita"));
    }

    #[test]
    fn selon_and_organisations_when_no_person() {
        let t = "Selon la CEDEAO, « les sanctions seront levées dans les prochains jours ».";
        let actors = [actor(t, "CEDEAO", "ECOWAS", EntityKind::Organisation)];
        assert_eq!(run(t, &actors, "fr")[0].1.as_deref(), Some("ECOWAS"));
    }

    #[test]
    fn short_quotes_are_not_speech_and_unattributed_quotes_have_no_speaker() {
        let t = "Le gouvernement exige un départ « sans délai » des troupes. Le slogan « la patrie ou la mort » était partout.";
        let actors = [actor(t, "gouvernement", "MLI", EntityKind::State)];
        assert_eq!(
            run(t, &actors, "fr"),
            [("« la patrie ou la mort »".to_string(), None)]
        );
    }

    #[test]
    fn a_quote_standing_alone_takes_the_attribution_next_door() {
        let t = "Le ministre Ali Traoré a déclaré à la presse :\n« Nos troupes resteront sur place jusqu'à la fin de la mission. »\nLa réunion s'est achevée à midi.";
        let actors = [actor(t, "Ali Traoré", "ali-traore", EntityKind::Person)];
        let got = run(t, &actors, "fr");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1.as_deref(), Some("ali-traore"));
    }

    #[test]
    fn a_pronoun_points_back_to_the_person_named_before() {
        let t = "Le chef de la diplomatie, Jean Kaboré, a reçu son homologue. Il a ajouté que « la coopération militaire sera renforcée dès cette année ».";
        let actors = [actor(t, "Jean Kaboré", "jean-kabore", EntityKind::Person)];
        assert_eq!(run(t, &actors, "fr")[0].1.as_deref(), Some("jean-kabore"));
    }

    #[test]
    fn english_said_told_and_according_to() {
        let t = "“We will keep helping our friends to train their soldiers,” Ivan Petrov told reporters. \"The aircraft arrived on Monday night,\" the army said. According to the U.N., \"the mission must leave within six months\".";
        let actors = [
            actor(t, "Ivan Petrov", "ivan-petrov", EntityKind::Person),
            actor(t, "the army", "NER", EntityKind::State),
            actor(t, "U.N.", "UN", EntityKind::Organisation),
        ];
        let got = run(t, &actors, "en");
        let speakers: Vec<Option<&str>> = got.iter().map(|(_, s)| s.as_deref()).collect();
        assert_eq!(
            speakers,
            [Some("ivan-petrov"), Some("NER"), Some("UN")],
            "{got:?}"
        );
    }

    #[test]
    fn nested_quotes_count_once() {
        let t = "« Il a parlé d'un “ partenariat sans précédent ” entre nos deux pays », a dit Paul Sawadogo.";
        let actors = [actor(
            t,
            "Paul Sawadogo",
            "paul-sawadogo",
            EntityKind::Person,
        )];
        let got = run(t, &actors, "fr");
        assert_eq!(got.len(), 1);
        assert!(got[0].0.starts_with('«') && got[0].0.ends_with('»'));
    }

    #[test]
    fn no_sentences_no_quotes_and_bad_data_is_named() {
        assert!(
            finder()
                .find("« un deux trois quatre cinq »", &[], &[], "fr")
                .is_empty()
        );
        let s = [Sentence {
            span: Span::new(0, 5),
            paragraph: 0,
            block: BlockKind::Body,
        }];
        assert!(finder().find("abcde", &s, &[], "fr").is_empty());
        let r = Resources::empty().with_file("fr/speech.toml", "verbs = 3\n");
        assert!(
            QuoteFinder::load(&r)
                .unwrap_err()
                .to_string()
                .contains("fr/speech.toml")
        );
        let r = Resources::empty().with_file("fr/speech.toml", "pronouns = [\"il\"]\n");
        assert!(QuoteFinder::load(&r).is_err());
    }
}
