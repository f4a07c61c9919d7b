//! Word tokens of one sentence, folded for matching, with their byte spans.
//!
//! Trigger patterns and modality cues match on these tokens rather than on raw text, so that
//! "s’est rendu", "S'EST RENDU" and "s'est  rendu" are the same three tokens. French elisions
//! (l’, d’, s’, qu’…) are split off as tokens of their own, apostrophe included, so a pattern can
//! say `s' est rendu*` or skip them.

use crate::model::Span;
use crate::text::{fold, word_key};

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (possibly with inner hyphens), or an elided word with its apostrophe.
    Word,
    /// Digits (possibly with inner separators: 5.000, 3,5).
    Number,
    /// Any other visible character: punctuation, quotes, brackets.
    Punct,
}

/// One token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where it is in the article's text.
    pub span: Span,
    /// Its folded form (see `text::fold`).
    pub folded: String,
    /// The [`word_key`] of its folded form: patterns look words up by it at every token, where
    /// hashing the word each time was a tenth of extract.
    pub key: u64,
    /// What it is made of.
    pub kind: TokenKind,
}

impl Token {
    /// True for a word or number token.
    pub fn is_wordlike(&self) -> bool {
        self.kind != TokenKind::Punct
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}')
}

/// Splits `span` of `text` into tokens.
pub fn tokenize(text: &str, span: Span) -> Vec<Token> {
    let Some(s) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let base = span.start;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (off, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphabetic() {
            let mut j = i + 1;
            while j < chars.len() {
                let cj = chars[j].1;
                let next_alpha = chars.get(j + 1).is_some_and(|(_, n)| n.is_alphanumeric());
                if cj.is_alphanumeric() || (matches!(cj, '-' | '\u{2011}') && next_alpha) {
                    j += 1;
                } else {
                    break;
                }
            }
            // An apostrophe right after the word and before a letter ends an elided word
            // (l’, d’, qu’, aujourd’): keep it with the word.
            // So does one before an opening quote when the word is a clitic (« convenu d’«
            // intensifier » », "qu’« il »"): short, or ending in "qu".
            let mut end_idx = j;
            // Looked at only before an apostrophe, the rare case: most words need no copy.
            let clitic = || {
                j - i <= 2 || {
                    let word: String = chars[i..j].iter().map(|(_, c)| *c).collect();
                    word.to_lowercase().ends_with("qu")
                }
            };
            let quote_after = |k: usize| {
                let mut k = k;
                while chars
                    .get(k)
                    .is_some_and(|(_, n)| matches!(n, ' ' | '\u{00A0}' | '\u{202F}'))
                {
                    k += 1;
                }
                chars
                    .get(k)
                    .is_some_and(|(_, n)| matches!(n, '«' | '\u{201C}' | '"'))
            };
            if j < chars.len()
                && is_apostrophe(chars[j].1)
                && (chars.get(j + 1).is_some_and(|(_, n)| n.is_alphabetic())
                    || (clitic() && quote_after(j + 1)))
            {
                end_idx = j + 1;
            }
            let end = chars.get(end_idx).map_or(s.len(), |(o, _)| *o);
            push(&mut out, text, base + off, base + end, TokenKind::Word);
            i = end_idx;
            continue;
        }
        if c.is_ascii_digit() {
            let mut j = i + 1;
            while j < chars.len() {
                let cj = chars[j].1;
                let next_digit = chars.get(j + 1).is_some_and(|(_, n)| n.is_ascii_digit());
                if cj.is_ascii_digit()
                    || (matches!(cj, '.' | ',' | '\u{202F}' | '\u{00A0}') && next_digit)
                {
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(s.len(), |(o, _)| *o);
            push(&mut out, text, base + off, base + end, TokenKind::Number);
            i = j;
            continue;
        }
        let end = chars.get(i + 1).map_or(s.len(), |(o, _)| *o);
        push(&mut out, text, base + off, base + end, TokenKind::Punct);
        i += 1;
    }
    out
}

fn push(out: &mut Vec<Token>, text: &str, start: usize, end: usize, kind: TokenKind) {
    let span = Span::new(start, end);
    let folded = fold(span.slice(text));
    out.push(Token {
        span,
        key: word_key(&folded),
        folded,
        kind,
    });
}

/// How many tokens token `at` lies from the trigger spanning tokens `start..end`: zero inside
/// it.
pub fn distance_to(at: usize, start: usize, end: usize) -> usize {
    if at < start {
        start - at
    } else {
        at.saturating_sub(end)
    }
}

/// Index of the first token that starts at or after byte `at`.
pub fn token_at_or_after(tokens: &[Token], at: usize) -> usize {
    tokens.partition_point(|t| t.span.start < at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s, Span::new(0, s.len()))
            .into_iter()
            .map(|t| t.folded)
            .collect()
    }

    #[test]
    fn splits_elisions_and_keeps_hyphenated_words() {
        assert_eq!(
            words("Il s’est rendu à l’AES"),
            ["il", "s'", "est", "rendu", "a", "l'", "aes"]
        );
        assert_eq!(
            words("le Burkina-Faso, a-t-il dit."),
            ["le", "burkina-faso", ",", "a-t-il", "dit", "."]
        );
        assert_eq!(words("« sans délai »"), ["\"", "sans", "delai", "\""]);
        // A clitic keeps its apostrophe before a quote; another word does not.
        assert_eq!(
            words("convenu d’« intensifier »"),
            ["convenu", "d'", "\"", "intensifier", "\""]
        );
        assert_eq!(words("Mali’ «"), ["mali", "'", "\""]);
    }

    #[test]
    fn numbers_keep_their_separators() {
        assert_eq!(
            words("5.000 hommes et 3,5 %"),
            ["5.000", "hommes", "et", "3,5", "%"]
        );
        assert_eq!(words("en 2023."), ["en", "2023", "."]);
    }

    #[test]
    fn spans_point_into_the_text() {
        let t = "xx Goïta s’est";
        let toks = tokenize(t, Span::new(3, t.len()));
        assert_eq!(toks[0].span.slice(t), "Goïta");
        assert_eq!(toks[1].span.slice(t), "s’");
        assert_eq!(toks[2].span.slice(t), "est");
    }

    #[test]
    fn a_token_s_key_is_its_folded_word_s() {
        for t in tokenize("Le Président s’est rendu", Span::new(0, 26)) {
            assert_eq!(t.key, word_key(&t.folded));
        }
    }

    #[test]
    fn distance_is_zero_inside_the_trigger() {
        assert_eq!(distance_to(2, 5, 8), 3);
        assert_eq!(distance_to(6, 5, 8), 0, "inside the trigger");
        assert_eq!(distance_to(10, 5, 8), 2);
    }

    proptest! {
        #[test]
        fn tokens_are_in_bounds_and_ordered(s in "\\PC{0,60}") {
            let toks = tokenize(&s, Span::new(0, s.len()));
            let mut last = 0;
            for t in toks {
                prop_assert!(t.span.start >= last && t.span.end <= s.len() && t.span.start < t.span.end);
                prop_assert!(s.is_char_boundary(t.span.start) && s.is_char_boundary(t.span.end));
                last = t.span.end;
            }
        }
    }
}
