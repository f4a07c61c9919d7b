//! Stage 3, segment: paragraphs and sentences with byte offsets.
//!
//! A paragraph is a block of the text: lines separated by blank lines or line breaks (a line
//! break inside a sentence, where a line does not end a clause and the next starts in lower
//! case, is taken as a wrap and joins the lines). A block is a bullet, a table row, an
//! intertitle, or running text that is cut into sentences.
//!
//! A sentence ends at `.`, `!`, `?` or an ellipsis followed by space and a capital, a digit or
//! an opening mark — but not after an abbreviation (`M.`, `Gén.`, `Mr.`, from
//! `data/<lang>/abbreviations.txt`), after initials (`K. Mamadou`, `J.-C.`, `U.S.`), nor inside
//! a quotation: a stop inside « … » or “ … ” ends the sentence only when the quote itself ends
//! it, and then the closing mark stays with its sentence.
//!
//! Every span is trimmed, on character boundaries, in text order, and outside noise spans.

use std::collections::{HashMap, HashSet};

use unicode_segmentation::UnicodeSegmentation;

use crate::model::{BlockKind, NoiseSpan, Sentence, Span};
use crate::resources::{DataError, Resources, list_lines};

/// An intertitle is a short line: at most this many words.
const HEADING_MAX_WORDS: usize = 12;
/// A row of a table written as plain lines is at most this many words.
const ROW_MAX_WORDS: usize = 12;
/// A cell set apart by spaces holds at most this many words.
const CELL_MAX_WORDS: usize = 8;
/// Plain lines form a table when at least this many short, unpunctuated lines follow each other.
const TABLE_MIN_ROWS: usize = 3;

/// Marks that close a quotation or a bracket after a stop.
const CLOSERS: [char; 7] = ['»', '”', '"', '’', '\'', ')', ']'];
/// Marks that may open a sentence.
const OPENERS: [char; 10] = ['«', '“', '"', '‘', '(', '[', '–', '—', '-', '¿'];

/// The abbreviations of one language.
#[derive(Clone, Debug, Default)]
struct Abbreviations {
    /// Single-token entries without their final period, matched as written.
    exact: HashSet<String>,
    /// Lower-case entries, matched in any case.
    lower: HashSet<String>,
    /// Entries of several tokens ("p. ex"), without the final period.
    multi: Vec<String>,
    /// Entries that may also end a sentence (split before a capitalised word).
    may_end: HashSet<String>,
}

impl Abbreviations {
    fn add(&mut self, entry: &str, may_end: bool) {
        let key = entry.strip_suffix('.').unwrap_or(entry).to_string();
        if key.is_empty() {
            return;
        }
        if may_end {
            self.may_end.insert(key.to_lowercase());
        }
        if key.contains(char::is_whitespace) {
            self.multi.push(key);
        } else if key.chars().all(|c| !c.is_uppercase()) {
            self.lower.insert(key);
        } else {
            self.exact.insert(key);
        }
    }

    fn extend(&mut self, other: &Abbreviations) {
        self.exact.extend(other.exact.iter().cloned());
        self.lower.extend(other.lower.iter().cloned());
        self.multi.extend(other.multi.iter().cloned());
        self.may_end.extend(other.may_end.iter().cloned());
    }

    /// What `before` (the text up to a period, period excluded) ends with: an abbreviation
    /// that never ends a sentence, one that may, or none.
    fn ending(&self, before: &str) -> Option<bool> {
        let word = last_word(before);
        let lower = word.to_lowercase();
        let hit = self.exact.contains(word)
            || self.lower.contains(&lower)
            || self.multi.iter().any(|m| {
                before.ends_with(m.as_str())
                    && before[..before.len() - m.len()]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphanumeric())
            });
        hit.then(|| self.may_end.contains(&lower))
    }
}

/// The token that ends `s`: the run of non-space characters, without opening marks.
fn last_word(s: &str) -> &str {
    let start = s
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
    s[start..].trim_start_matches(|c: char| OPENERS.contains(&c))
}

/// Sentence splitter with each language's abbreviations, loaded once.
#[derive(Clone, Debug, Default)]
pub struct Segmenter {
    langs: HashMap<String, Abbreviations>,
    /// Every language's abbreviations, for a language with no file.
    all: Abbreviations,
}

impl Segmenter {
    /// Loads `data/<lang>/abbreviations.txt` for every language.
    pub fn load(res: &Resources) -> Result<Segmenter, DataError> {
        let mut seg = Segmenter::default();
        for lang in res.languages() {
            let path = format!("{lang}/abbreviations.txt");
            let mut abbr = Abbreviations::default();
            let mut any = false;
            for file in res.files(&path) {
                for (line, entry) in list_lines(file) {
                    let (word, flag) = match entry.split_once('\t') {
                        Some((w, f)) => (w.trim(), f.trim()),
                        None => (entry, ""),
                    };
                    let may_end = match flag {
                        "" => false,
                        "may_end" => true,
                        other => {
                            return Err(DataError::invalid(
                                file,
                                Some(line),
                                format!("unknown flag {other:?}; the only flag is `may_end`"),
                            ));
                        }
                    };
                    if word.is_empty() {
                        return Err(DataError::invalid(
                            file,
                            Some(line),
                            "empty abbreviation before the tab",
                        ));
                    }
                    abbr.add(word, may_end);
                    any = true;
                }
            }
            if any {
                seg.all.extend(&abbr);
                seg.langs.insert(lang, abbr);
            }
        }
        Ok(seg)
    }

    /// The sentences of `text`, skipping noise spans, in text order.
    pub fn segment(&self, text: &str, noise: &[NoiseSpan], lang: &str) -> Vec<Sentence> {
        let abbr = self.langs.get(lang).unwrap_or(&self.all);
        let mut noise: Vec<Span> = noise
            .iter()
            .map(|n| n.span)
            .filter(|s| !s.is_empty())
            .collect();
        noise.sort();
        let lines = lines(text, &noise);
        let mut out = Vec::new();
        let mut paragraph = 0;
        for block in blocks(&lines) {
            let before = out.len();
            match block.kind {
                BlockKind::Body => {
                    for span in split_sentences(text, block.span, abbr) {
                        out.push(Sentence {
                            span,
                            paragraph,
                            block: BlockKind::Body,
                        });
                    }
                }
                kind => {
                    if let Some(span) = trimmed(text, block.span) {
                        out.push(Sentence {
                            span,
                            paragraph,
                            block: kind,
                        });
                    }
                }
            }
            if out.len() > before {
                paragraph += 1;
            }
        }
        remove_noise(text, out, &noise)
    }
}

/// A non-blank line outside noise.
#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    /// The trimmed line.
    span: Span,
    text: &'a str,
    /// Index of its chunk: lines between blank lines (or noise lines).
    chunk: usize,
}

/// The non-blank lines of `text` that are not wholly noise.
fn lines<'a>(text: &'a str, noise: &[Span]) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut chunk = 0;
    let mut gap = false;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let lead = raw.len() - raw.trim_start().len();
        let t = raw.trim();
        let span = Span::new(start + lead, start + lead + t.len());
        if t.is_empty() || noise.iter().any(|n| n.contains(span)) {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            chunk += 1;
        }
        gap = false;
        out.push(Line {
            span,
            text: t,
            chunk,
        });
    }
    out
}

/// A block: one or more joined lines of one kind.
#[derive(Clone, Copy, Debug)]
struct Block {
    span: Span,
    kind: BlockKind,
}

/// Lines grouped into blocks and classified.
fn blocks(lines: &[Line<'_>]) -> Vec<Block> {
    let rows = table_rows(lines);
    let mut out: Vec<Block> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let kind = if rows[i] {
            BlockKind::TableRow
        } else if is_bullet(line.text) {
            BlockKind::Bullet
        } else if has_cells(line.text) {
            BlockKind::TableRow
        } else {
            BlockKind::Body
        };
        if kind == BlockKind::Bullet {
            let marker = line.text.chars().next().map_or(0, char::len_utf8);
            out.push(Block {
                span: Span::new(line.span.start + marker, line.span.end),
                kind,
            });
            i += 1;
            continue;
        }
        if kind == BlockKind::TableRow {
            out.push(Block {
                span: line.span,
                kind,
            });
            i += 1;
            continue;
        }
        // Running text: join wrapped lines.
        let mut end = i;
        while end + 1 < lines.len() && wraps_into(&lines[end], &lines[end + 1]) && !rows[end + 1] {
            end += 1;
        }
        let span = Span::new(line.span.start, lines[end].span.end);
        let kind = if end == i && is_heading(line.text) {
            BlockKind::Heading
        } else {
            BlockKind::Body
        };
        out.push(Block { span, kind });
        i = end + 1;
    }
    out
}

/// True when the line break between `a` and `b` is a wrap inside a sentence: same chunk, `a`
/// does not end a clause, `b` starts in lower case, neither is a list item or a table row.
fn wraps_into(a: &Line<'_>, b: &Line<'_>) -> bool {
    a.chunk == b.chunk
        && !ends_clause(a.text)
        && b.text.chars().next().is_some_and(char::is_lowercase)
        && !is_bullet(b.text)
        && !is_bullet(a.text)
        && !has_cells(a.text)
        && !has_cells(b.text)
}

/// Which lines are rows of a table written as plain lines: runs of at least
/// [`TABLE_MIN_ROWS`] short lines in one chunk, none ending with punctuation.
fn table_rows(lines: &[Line<'_>]) -> Vec<bool> {
    let mut rows = vec![false; lines.len()];
    let row_like = |l: &Line<'_>| {
        !ends_clause(l.text)
            && !is_bullet(l.text)
            && !l.text.ends_with(',')
            && (1..=ROW_MAX_WORDS).contains(&words_up_to(l.text, ROW_MAX_WORDS))
    };
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        while j < lines.len() && lines[j].chunk == lines[i].chunk && row_like(&lines[j]) {
            j += 1;
        }
        if j - i >= TABLE_MIN_ROWS {
            rows[i..j].iter_mut().for_each(|r| *r = true);
        }
        i = j.max(i + 1);
    }
    rows
}

/// True when a line starts with a list mark and a space.
fn is_bullet(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(
        chars.next(),
        Some('•' | '-' | '*' | '–' | '▪' | '◦' | '‣' | '—')
    ) && chars.next().is_some_and(char::is_whitespace)
}

/// True when a line holds cells: text on both sides of a tab, or short cells (none ending
/// like a sentence) set apart by runs of two spaces or more — prose with a double space after
/// a period is not a table.
fn has_cells(s: &str) -> bool {
    let t = s.trim();
    if t.contains('\t') {
        return true;
    }
    if !t.contains("  ") {
        return false;
    }
    let cells: Vec<&str> = t
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    cells.len() >= 2
        && cells.iter().all(|c| {
            !c.ends_with(['.', '!', '?', '…', ';', ':'])
                && words_up_to(c, CELL_MAX_WORDS) <= CELL_MAX_WORDS
        })
}

/// True when `s` ends with a stop or a clause mark, looking past closing quotes and brackets.
fn ends_clause(s: &str) -> bool {
    let core = s.trim_end_matches(|c: char| c.is_whitespace() || CLOSERS.contains(&c));
    core.ends_with(['.', '!', '?', '…', ':', ';'])
}

/// A short line with no final punctuation: an intertitle.
fn is_heading(s: &str) -> bool {
    !ends_clause(s)
        && !s.trim_end().ends_with(',')
        && (1..=HEADING_MAX_WORDS).contains(&words_up_to(s, HEADING_MAX_WORDS))
}

/// The number of words in `s`, or `most + 1` when it has more: a paragraph's line need not be
/// segmented to its end to know it is no heading or table row.
fn words_up_to(s: &str, most: usize) -> usize {
    s.unicode_words().take(most + 1).count()
}

/// `span` of `text` trimmed of white space, or `None` when nothing readable is left.
fn trimmed(text: &str, span: Span) -> Option<Span> {
    let s = text.get(span.start..span.end)?;
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    t.chars()
        .any(char::is_alphanumeric)
        .then(|| Span::new(span.start + lead, span.start + lead + t.len()))
}

/// Quotations of a block as `(open, close)` byte offsets of their marks: « », “ ” (nested
/// pairs allowed) and straight quotes paired in order; a mark left unpaired opens nothing.
fn quotations(block: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut guillemets: Vec<usize> = Vec::new();
    let mut curly: Vec<usize> = Vec::new();
    let mut straight: Option<usize> = None;
    for (i, c) in block.char_indices() {
        match c {
            '«' => guillemets.push(i),
            '»' => {
                if let Some(o) = guillemets.pop() {
                    out.push((o, i));
                }
            }
            '“' => curly.push(i),
            '”' => {
                if let Some(o) = curly.pop() {
                    out.push((o, i));
                }
            }
            '"' => match straight.take() {
                Some(o) => out.push((o, i)),
                None => straight = Some(i),
            },
            _ => {}
        }
    }
    out
}

/// The sentences of a running-text block.
fn split_sentences(text: &str, block: Span, abbr: &Abbreviations) -> Vec<Span> {
    let Some(b) = text.get(block.start..block.end) else {
        return Vec::new();
    };
    let quotes = quotations(b);
    let inside = |i: usize| quotes.iter().any(|&(o, c)| o < i && i < c);
    // Sorted and searched only at a closing mark (the only places `quotations` closes at),
    // rather than a set hashed at every character of the block.
    let mut closes: Vec<usize> = quotes.iter().map(|&(_, c)| c).collect();
    closes.sort_unstable();
    let chars: Vec<(usize, char)> = b.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let is_stop = matches!(c, '.' | '!' | '?' | '…');
        let closes_quote = matches!(c, '»' | '”' | '"')
            && closes.binary_search(&i).is_ok()
            && b[..i].trim_end().ends_with(['.', '!', '?', '…']);
        let stop_outside_quotes = is_stop && !inside(i);
        if !stop_outside_quotes && !closes_quote {
            k += 1;
            continue;
        }
        // The stop run ("?!", "...", "..") and the closing marks that belong with it.
        let mut m = k;
        while m + 1 < chars.len() && matches!(chars[m + 1].1, '.' | '!' | '?' | '…') {
            m += 1;
        }
        while m + 1 < chars.len() && CLOSERS.contains(&chars[m + 1].1) {
            m += 1;
        }
        let end = chars.get(m + 1).map_or(b.len(), |&(j, _)| j);
        let mut n = m + 1;
        while n < chars.len() && chars[n].1.is_whitespace() {
            n += 1;
        }
        let Some(&(next_at, next)) = chars.get(n) else {
            break;
        };
        let spaced = n > m + 1;
        let starts = next.is_uppercase() || next.is_ascii_digit() || OPENERS.contains(&next);
        // One period (its closing marks aside), not an ellipsis: the case abbreviations are about.
        let single_period = c == '.' && chars[k + 1..=m].iter().all(|&(_, x)| CLOSERS.contains(&x));
        let mut split = spaced && starts;
        if split && single_period && !closes_quote {
            split = !keeps_period(&b[start..i], next, abbr);
        }
        if split {
            if let Some(s) = trimmed(text, Span::new(block.start + start, block.start + end)) {
                out.push(s);
            }
            start = next_at;
        }
        k = m + 1;
    }
    if let Some(s) = trimmed(text, Span::new(block.start + start, block.end)) {
        out.push(s);
    }
    out
}

/// True when the period after `before` does not end the sentence: an abbreviation, initials,
/// or the number of an ordered list at the start of the sentence.
fn keeps_period(before: &str, next: char, abbr: &Abbreviations) -> bool {
    if let Some(may_end) = abbr.ending(before) {
        return !(may_end && next.is_uppercase());
    }
    let word = last_word(before);
    if is_initials(word) {
        return true;
    }
    // "1. Le premier point": a list number opening the sentence.
    before.trim().chars().all(|c| c.is_ascii_digit()) && !before.trim().is_empty()
}

/// `K`, `J.-C`, `U.S`, `Y.S`: single capitals joined by dots or hyphens.
fn is_initials(word: &str) -> bool {
    !word.is_empty()
        && word.split(['.', '-']).filter(|p| !p.is_empty()).all(|p| {
            let mut cs = p.chars();
            cs.next().is_some_and(char::is_uppercase) && cs.next().is_none()
        })
        && word.chars().any(char::is_uppercase)
}

/// The sentences with every noise span cut out: a sentence that overlaps noise keeps only
/// its readable pieces outside it.
fn remove_noise(text: &str, sentences: Vec<Sentence>, noise: &[Span]) -> Vec<Sentence> {
    if noise.is_empty() {
        return sentences;
    }
    let mut out = Vec::with_capacity(sentences.len());
    for s in sentences {
        let mut pieces = vec![s.span];
        for n in noise.iter().filter(|n| n.overlaps(s.span)) {
            let mut next = Vec::new();
            for p in pieces {
                if !n.overlaps(p) {
                    next.push(p);
                    continue;
                }
                if p.start < n.start {
                    next.push(Span::new(p.start, floor_boundary(text, n.start)));
                }
                if n.end < p.end {
                    next.push(Span::new(ceil_boundary(text, n.end), p.end));
                }
            }
            pieces = next;
        }
        out.extend(
            pieces
                .into_iter()
                .filter_map(|p| trimmed(text, p))
                .map(|span| Sentence { span, ..s }),
        );
    }
    out
}

/// The nearest character boundary at or before `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The nearest character boundary at or after `i`.
fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NoiseKind;
    use proptest::prelude::*;

    fn seg() -> Segmenter {
        Segmenter::load(&Resources::builtin()).unwrap()
    }

    #[test]
    fn words_are_counted_up_to_one_past_the_bound() {
        assert_eq!(words_up_to("", 3), 0);
        assert_eq!(words_up_to("Le Mali, le Niger.", 5), 4);
        assert_eq!(words_up_to("un deux trois quatre cinq", 3), 4);
        assert_eq!(words_up_to("un deux trois quatre cinq", 9), 5);
    }

    fn sentences(text: &str, lang: &str) -> Vec<String> {
        seg()
            .segment(text, &[], lang)
            .iter()
            .map(|s| s.span.slice(text).to_string())
            .collect()
    }

    #[test]
    fn french_abbreviations_and_initials_do_not_split() {
        let t = "M. Diop a reçu le Gén. Tiani et Mme Traoré. Le Dr Koné était absent. K. Mamadou a signé l'article. Le texte date de 52 av. J.-C. et reste connu.";
        assert_eq!(
            sentences(t, "fr"),
            [
                "M. Diop a reçu le Gén. Tiani et Mme Traoré.",
                "Le Dr Koné était absent.",
                "K. Mamadou a signé l'article.",
                "Le texte date de 52 av. J.-C. et reste connu."
            ]
        );
    }

    #[test]
    fn english_abbreviations_months_and_numbers() {
        let t = "Mr. Smith met Gen. Jones on Jan. 19 in the U.S. capital. The force counts 5.000 men, or 3,5 battalions. It began at 6 a.m. (0600 GMT) and ended at 9 a.m. The toll was unclear.";
        assert_eq!(
            sentences(t, "en"),
            [
                "Mr. Smith met Gen. Jones on Jan. 19 in the U.S. capital.",
                "The force counts 5.000 men, or 3,5 battalions.",
                "It began at 6 a.m. (0600 GMT) and ended at 9 a.m.",
                "The toll was unclear."
            ]
        );
    }

    #[test]
    fn etc_may_end_a_sentence() {
        let t = "Ils ont livré des armes, des vivres, etc. Le convoi est reparti. Des blindés, des camions, etc. ont été vus.";
        assert_eq!(
            sentences(t, "fr"),
            [
                "Ils ont livré des armes, des vivres, etc.",
                "Le convoi est reparti.",
                "Des blindés, des camions, etc. ont été vus."
            ]
        );
    }

    #[test]
    fn quotes_keep_their_stops_and_closing_marks() {
        let t = "« Nous partirons. Nous reviendrons », a déclaré le ministre. « La Russie est prête. » Le chef de l'État a ensuite quitté la salle. “We will stay. We will fight,” he said. Vraiment ? Oui ! Et après... Rien.";
        assert_eq!(
            sentences(t, "fr"),
            [
                "« Nous partirons. Nous reviendrons », a déclaré le ministre.",
                "« La Russie est prête. »",
                "Le chef de l'État a ensuite quitté la salle.",
                "“We will stay. We will fight,” he said.",
                "Vraiment ?",
                "Oui !",
                "Et après...",
                "Rien."
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_does_not_swallow_the_paragraph() {
        let t = "Il a parlé d'un « échec. Le mandat prend fin. La mission part.";
        assert_eq!(sentences(t, "fr").len(), 3);
    }

    #[test]
    fn blocks_bullets_tables_headings() {
        let text = "Les ministres ont signé plusieurs textes. Ils se reverront.\n\nUn partenariat renforcé\n\nLe texte prévoit :\n  • la formation des troupes ;\n  • la livraison de matériel.\n\nDomaine Objectif\nDéfense Former les soldats\nÉnergie Construire des centrales\n\nPays\tBudget\nMali\t120\n";
        let s = seg().segment(text, &[], "fr");
        let got: Vec<(usize, BlockKind, &str)> = s
            .iter()
            .map(|x| (x.paragraph, x.block, x.span.slice(text)))
            .collect();
        use BlockKind::*;
        assert_eq!(
            got,
            vec![
                (0, Body, "Les ministres ont signé plusieurs textes."),
                (0, Body, "Ils se reverront."),
                (1, Heading, "Un partenariat renforcé"),
                (2, Body, "Le texte prévoit :"),
                (3, Bullet, "la formation des troupes ;"),
                (4, Bullet, "la livraison de matériel."),
                (5, TableRow, "Domaine Objectif"),
                (6, TableRow, "Défense Former les soldats"),
                (7, TableRow, "Énergie Construire des centrales"),
                (8, TableRow, "Pays\tBudget"),
                (9, TableRow, "Mali\t120"),
            ]
        );
    }

    #[test]
    fn wrapped_lines_join_and_line_breaks_separate() {
        let text = "Le gouvernement a annoncé mardi\nune série de mesures. Elles entrent en vigueur lundi.\nUne autre phrase commence ici.";
        let s = sentences(text, "fr");
        assert_eq!(
            s,
            [
                "Le gouvernement a annoncé mardi\nune série de mesures.",
                "Elles entrent en vigueur lundi.",
                "Une autre phrase commence ici."
            ]
        );
        let paras: Vec<usize> = seg()
            .segment(text, &[], "fr")
            .iter()
            .map(|s| s.paragraph)
            .collect();
        assert_eq!(paras, [0, 0, 1]);
    }

    #[test]
    fn noise_lines_are_skipped_and_partial_noise_is_cut() {
        let text = "Publié le 3 mars 2025\nLe conseil a voté la loi. Elle entre en vigueur.\nPar Jean Dupont";
        let noise = vec![
            NoiseSpan {
                span: Span::new(0, 22),
                kind: NoiseKind::Dateline,
            },
            NoiseSpan {
                span: Span::new(text.rfind("Par").unwrap(), text.len()),
                kind: NoiseKind::Byline,
            },
        ];
        let s = seg().segment(text, &noise, "fr");
        let got: Vec<&str> = s.iter().map(|x| x.span.slice(text)).collect();
        assert_eq!(got, ["Le conseil a voté la loi.", "Elle entre en vigueur."]);
        assert_eq!(s[0].paragraph, 0);
        // A noise span inside a sentence cuts it.
        let at = text.find("voté").unwrap();
        let noise = vec![NoiseSpan {
            span: Span::new(at, at + 5),
            kind: NoiseKind::Caption,
        }];
        let got: Vec<String> = seg()
            .segment(text, &noise, "fr")
            .iter()
            .map(|x| x.span.slice(text).to_string())
            .collect();
        assert!(
            got.contains(&"Le conseil a".to_string()) && got.contains(&"la loi.".to_string()),
            "{got:?}"
        );
    }

    #[test]
    fn bad_flag_is_reported_with_its_line() {
        let r = Resources::empty().with_file("fr/abbreviations.txt", "# c\nM.\netc.\tsometimes\n");
        let e = Segmenter::load(&r).unwrap_err().to_string();
        assert!(e.starts_with("fr/abbreviations.txt (added):3:"), "{e}");
    }

    #[test]
    fn double_spaces_in_prose_are_not_cells() {
        let text = "Le conseil a voté la loi.  Elle entre en vigueur lundi.\nMali    120    2024\n";
        let s = seg().segment(text, &[], "fr");
        let got: Vec<(BlockKind, &str)> = s.iter().map(|x| (x.block, x.span.slice(text))).collect();
        assert_eq!(
            got,
            [
                (BlockKind::Body, "Le conseil a voté la loi."),
                (BlockKind::Body, "Elle entre en vigueur lundi."),
                (BlockKind::TableRow, "Mali    120    2024")
            ]
        );
    }

    #[test]
    fn crlf_text_is_segmented() {
        let text = "Première phrase ici. Deuxième phrase.\r\n\r\nTroisième phrase.\r\n";
        assert_eq!(
            sentences(text, "fr"),
            [
                "Première phrase ici.",
                "Deuxième phrase.",
                "Troisième phrase."
            ]
        );
    }

    proptest! {
        #[test]
        fn sentences_are_sound_on_any_text(
            text in "(\\PC|[ \n\t.!?«»“”\"…•-]){0,200}",
            raw_noise in proptest::collection::vec((0usize..400, 0usize..40), 0..4),
        ) {
            let noise: Vec<NoiseSpan> = raw_noise
                .iter()
                .map(|&(a, l)| NoiseSpan { span: Span::new(a.min(text.len()), (a + l).min(text.len())), kind: NoiseKind::Share })
                .collect();
            let s = seg().segment(&text, &noise, "fr");
            let mut last_end = 0;
            for x in &s {
                prop_assert!(x.span.start < x.span.end && x.span.end <= text.len());
                prop_assert!(text.is_char_boundary(x.span.start) && text.is_char_boundary(x.span.end));
                prop_assert!(x.span.start >= last_end, "sorted and non-overlapping");
                last_end = x.span.end;
                let t = x.span.slice(&text);
                prop_assert_eq!(t, t.trim());
                for n in noise.iter().filter(|n| !n.span.is_empty()) {
                    prop_assert!(!n.span.overlaps(x.span), "outside noise");
                }
            }
            prop_assert!(s.windows(2).all(|w| w[0].paragraph <= w[1].paragraph));
        }
    }
}
