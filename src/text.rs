//! Text folding shared by every stage that matches words: case, accents and typographic
//! variants folded away, with a map back to the original bytes.
//!
//! The press writes the same name many ways (Goïta / Goita / GOÏTA, l’AES / l'AES, Sergueï /
//! Serguei). Matching on folded text lets one knowledge-base entry catch them all; the offset map
//! keeps every match pointing at the exact bytes of the article, so evidence stays exact.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::model::Span;

/// A word's key: a 64-bit hash of its folded form, computed once and looked up many times. Two
/// words sharing one only put a pattern where it is compared with the text and fails.
pub fn word_key(word: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(word.as_bytes())
}

/// A map keyed by [`word_key`]s, which are hashes already and are not hashed again.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Hashes a key that is a hash already by taking it as it is.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed; other input still spreads.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// Folds one ASCII byte: lower case, a tab a space, a backtick an apostrophe.
fn fold_ascii(b: u8) -> u8 {
    match b {
        b'`' => b'\'',
        b'\t' => b' ',
        b => b.to_ascii_lowercase(),
    }
}

/// Folds one character into `out`: lower case, diacritics dropped, typographic quotes, dashes
/// and spaces unified, ligatures spelled out.
pub fn fold_char_into(c: char, out: &mut String) {
    match c {
        c if c.is_ascii() => out.push(char::from(fold_ascii(c as u8))),
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' => out.push('\''),
        '\u{00AB}' | '\u{00BB}' | '\u{201C}' | '\u{201D}' | '\u{201E}' => out.push('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => {
            out.push('-')
        }
        '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}' => out.push(' '),
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        c => match latin1_letter(c) {
            Some(base) => out.push(base),
            None => fold_by_decomposing(c, out),
        },
    }
}

/// The folded form of an accented Latin-1 letter (`é`, `À`, `ç`…): the accents of French and
/// of the region's names, most of the non-ASCII characters of an article, spelled out rather
/// than lowered and decomposed through the Unicode tables each time.
fn latin1_letter(c: char) -> Option<char> {
    Some(match c {
        'À'..='Å' | 'à'..='å' => 'a',
        'Ç' | 'ç' => 'c',
        'È'..='Ë' | 'è'..='ë' => 'e',
        'Ì'..='Ï' | 'ì'..='ï' => 'i',
        'Ñ' | 'ñ' => 'n',
        'Ò'..='Ö' | 'ò'..='ö' => 'o',
        'Ù'..='Ü' | 'ù'..='ü' => 'u',
        'Ý' | 'ý' | 'ÿ' => 'y',
        _ => return None,
    })
}

/// Folds `c` by the Unicode tables: lower case, then its canonical decomposition without
/// combining marks.
fn fold_by_decomposing(c: char, out: &mut String) {
    for l in c.to_lowercase() {
        decompose_canonical(l, |d| {
            if !is_combining_mark(d) {
                out.push(d);
            }
        });
    }
}

/// The length of the run of ASCII bytes that starts `bytes`.
fn ascii_run(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(bytes.len())
}

/// Folds a run of ASCII `ascii` onto `out`, a byte for a byte.
fn push_ascii_folded(ascii: &str, out: &mut String) {
    if ascii.bytes().any(|b| b == b'`' || b == b'\t') {
        out.extend(ascii.bytes().map(|b| char::from(fold_ascii(b))));
    } else {
        // Most of a name or a sentence: copied at once and lowered in place, rather than
        // pushed a character at a time (a good part of loading the names).
        let start = out.len();
        out.push_str(ascii);
        out[start..].make_ascii_lowercase();
    }
}

/// Where the run of letters and digits of `s` that starts at byte `at` ends (`at` itself when
/// none starts there). ASCII bytes are tested as they are (an ASCII letter or digit is
/// alphanumeric), characters decoded only past ASCII: text is nearly all ASCII.
pub fn alphanumeric_end(s: &str, mut at: usize) -> usize {
    let bytes = s.as_bytes();
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            at += 1;
        } else {
            match s.get(at..).and_then(|r| r.chars().next()) {
                Some(c) if c.is_alphanumeric() => at += c.len_utf8(),
                _ => break,
            }
        }
    }
    at
}

/// Folds a string (see [`fold_char_into`]).
///
/// Runs of ASCII, most of any article, are folded a byte at a time without decoding characters.
pub fn fold(s: &str) -> String {
    if s.bytes().all(|b| b.is_ascii() && b != b'`' && b != b'\t') {
        // Most words: copied and lowered at once.
        let mut out = s.to_owned();
        out.make_ascii_lowercase();
        return out;
    }
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    while at < s.len() {
        let run = ascii_run(&s.as_bytes()[at..]);
        push_ascii_folded(&s[at..at + run], &mut out);
        at += run;
        if let Some(c) = s[at..].chars().next() {
            fold_char_into(c, &mut out);
            at += c.len_utf8();
        }
    }
    out
}

/// True when `s` folds to `folded`, without building the folded copy when `s` is plain ASCII.
pub fn folds_to(s: &str, folded: &str) -> bool {
    if s.bytes().all(|b| b.is_ascii() && b != b'`' && b != b'\t') {
        s.len() == folded.len()
            && s.bytes()
                .zip(folded.bytes())
                .all(|(a, b)| a.to_ascii_lowercase() == b)
    } else {
        fold(s) == folded
    }
}

/// Each sentence of `text` folded, in order: names, dates and quantities all read the same
/// folded sentences, so they are folded once. A span that is not one of `text` folds empty.
pub fn fold_sentences(text: &str, sentences: &[crate::model::Sentence]) -> Vec<FoldedText> {
    sentences
        .iter()
        .map(|s| {
            text.get(s.span.start..s.span.end)
                .map(FoldedText::new)
                .unwrap_or_default()
        })
        .collect()
}

/// A folded copy of a text with, for every folded byte, the original bytes it came from.
#[derive(Clone, Debug, Default)]
pub struct FoldedText {
    /// The folded text.
    pub text: String,
    /// For folded byte `i`, the start of the original character that produced it.
    starts: Vec<u32>,
    /// For folded byte `i`, the end of the original character that produced it.
    ends: Vec<u32>,
    /// Length of the original text.
    original_len: usize,
}

impl FoldedText {
    /// Folds `original`, remembering where each folded byte came from.
    pub fn new(original: &str) -> FoldedText {
        let mut text = String::with_capacity(original.len());
        let mut starts = Vec::with_capacity(original.len());
        let mut ends = Vec::with_capacity(original.len());
        let bytes = original.as_bytes();
        let mut at = 0;
        // Offsets are u32: an article is far below 4 GiB (ingest refuses huge files).
        while at < bytes.len() {
            // An ASCII byte folds to one byte that comes from it alone.
            let run = ascii_run(&bytes[at..]);
            push_ascii_folded(&original[at..at + run], &mut text);
            starts.extend(at as u32..(at + run) as u32);
            ends.extend(at as u32 + 1..=(at + run) as u32);
            at += run;
            let Some(c) = original[at..].chars().next() else {
                break;
            };
            let before = text.len();
            fold_char_into(c, &mut text);
            let end = (at + c.len_utf8()) as u32;
            for _ in before..text.len() {
                starts.push(at as u32);
                ends.push(end);
            }
            at = end as usize;
        }
        FoldedText {
            text,
            starts,
            ends,
            original_len: original.len(),
        }
    }

    /// The original span a folded span `[start, end)` came from, widened to whole characters.
    pub fn original_span(&self, start: usize, end: usize) -> Span {
        if self.text.is_empty() {
            return Span::new(0, 0);
        }
        let s = if start >= self.starts.len() {
            self.original_len
        } else {
            self.starts[start] as usize
        };
        let e = if end == 0 {
            s
        } else if end > self.ends.len() {
            self.original_len
        } else {
            self.ends[end - 1] as usize
        };
        Span::new(s, e.max(s))
    }

    /// True when folded byte range `[start, end)` is a whole word: no letter or digit touches it
    /// on either side.
    pub fn is_word_bounded(&self, start: usize, end: usize) -> bool {
        let before = self.text[..start].chars().next_back();
        let after = self.text[end..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_case_accents_and_typography() {
        assert_eq!(fold("Goïta"), "goita");
        assert_eq!(fold("Sergueï Lavrov"), "serguei lavrov");
        assert_eq!(fold("l’AES"), "l'aes");
        assert_eq!(fold("« Burkinabè »"), "\" burkinabe \"");
        assert_eq!(fold("CŒUR – Ménaka"), "coeur - menaka");
        assert_eq!(fold("5\u{202F}000"), "5 000");
    }

    #[test]
    fn maps_folded_spans_back_to_original_bytes() {
        let original = "Le général Goïta, à Bamako";
        let f = FoldedText::new(original);
        let at = f.text.find("goita").unwrap();
        let span = f.original_span(at, at + "goita".len());
        assert_eq!(span.slice(original), "Goïta");
        let at = f.text.find("bamako").unwrap();
        assert_eq!(f.original_span(at, at + 6).slice(original), "Bamako");
        assert!(f.is_word_bounded(at, at + 6));
        let at = f.text.find("bama").unwrap();
        assert!(!f.is_word_bounded(at, at + 4));
    }

    #[test]
    fn a_ligature_maps_back_whole() {
        let original = "Œuvre";
        let f = FoldedText::new(original);
        assert_eq!(f.text, "oeuvre");
        assert_eq!(f.original_span(0, 1).slice(original), "Œ");
        assert_eq!(f.original_span(1, 3).slice(original), "Œu");
    }

    /// Folds `s` a character at a time, each folded byte with the original character it came
    /// from: what the ASCII fast paths must give.
    fn fold_by_char(s: &str) -> (String, Vec<u32>, Vec<u32>) {
        let (mut text, mut starts, mut ends) = (String::new(), Vec::new(), Vec::new());
        for (i, c) in s.char_indices() {
            let before = text.len();
            fold_char_into(c, &mut text);
            for _ in before..text.len() {
                starts.push(i as u32);
                ends.push((i + c.len_utf8()) as u32);
            }
        }
        (text, starts, ends)
    }

    #[test]
    fn latin1_letters_fold_as_the_unicode_tables_say() {
        for c in '\u{80}'..='\u{24F}' {
            if let Some(base) = latin1_letter(c) {
                let mut slow = String::new();
                fold_by_decomposing(c, &mut slow);
                assert_eq!(slow, base.to_string(), "{c:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn an_alphanumeric_run_ends_where_its_characters_stop_being_alphanumeric(
            s in "([a-zA-Z0-9 ,.'-]{0,5}|[\u{80}-\u{2FFF}]{0,3}|\\PC{0,3}){0,6}",
            at in 0usize..40,
        ) {
            let at = (0..=at.min(s.len())).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
            let mut by_char = at;
            while let Some(d) = s.get(by_char..).and_then(|r| r.chars().next()) {
                if !d.is_alphanumeric() {
                    break;
                }
                by_char += d.len_utf8();
            }
            prop_assert_eq!(alphanumeric_end(&s, at), by_char);
        }

        #[test]
        fn folding_latin1_letters_agrees_with_decomposing(c in "[\u{80}-\u{24F}]") {
            let c = c.chars().next().unwrap_or('a');
            let mut slow = String::new();
            fold_by_decomposing(c, &mut slow);
            let mut fast = String::new();
            fold_char_into(c, &mut fast);
            // Only the typographic marks and ligatures fold otherwise than by the tables.
            let spelled = matches!(c, '\u{A0}' | '\u{AB}' | '\u{B4}' | '\u{BB}' | 'œ' | 'Œ' | 'æ' | 'Æ' | 'ß');
            if !spelled {
                prop_assert_eq!(fast, slow);
            }
        }

        #[test]
        fn the_ascii_fast_paths_fold_as_one_character_at_a_time(
            s in "([a-zA-Z0-9 \t`'.,-]{0,6}|[\u{80}-\u{2FFF}]{0,3}|\\PC{0,3}){0,8}"
        ) {
            let (text, starts, ends) = fold_by_char(&s);
            prop_assert_eq!(fold(&s), text.clone());
            let f = FoldedText::new(&s);
            prop_assert_eq!(f.text, text);
            prop_assert_eq!(f.starts, starts);
            prop_assert_eq!(f.ends, ends);
        }

        #[test]
        fn folds_to_agrees_with_fold(
            s in "[a-zA-Z \t`'éÉœ]{0,6}",
            t in "[a-zA-Z \t`'éÉœ]{0,6}",
        ) {
            prop_assert!(folds_to(&s, &fold(&s)));
            prop_assert_eq!(folds_to(&s, &t), fold(&s) == t);
            prop_assert_eq!(folds_to(&s, &fold(&t)), fold(&s) == fold(&t));
        }

        #[test]
        fn every_folded_span_maps_to_a_char_boundary_span(s in "\\PC{0,40}", a in 0usize..80, b in 0usize..80) {
            let f = FoldedText::new(&s);
            let n = f.text.len();
            let (a, b) = (a.min(n), b.min(n));
            let (a, b) = (a.min(b), a.max(b));
            let span = f.original_span(a, b);
            prop_assert!(span.end <= s.len());
            prop_assert!(s.is_char_boundary(span.start) && s.is_char_boundary(span.end));
        }
    }
}
