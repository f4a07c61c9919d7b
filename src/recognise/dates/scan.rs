//! Cuts folded text into the tokens the date grammar reads: known date phrases (from the
//! lexicon's automaton), numbers with what is glued to them, other words, and punctuation.

use super::lexicon::{Lexicon, Role};
use crate::text::FoldedText;

/// A run of digits and what it is part of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Number {
    /// Its value (saturating; a date never needs more than four digits).
    pub value: u64,
    /// How many digits it is written with (after grouping: "2 500" has 4).
    pub digits: usize,
    /// Written with an ordinal suffix ("1er", "18th").
    pub ordinal: bool,
    /// Part of a larger number ("2 500", "5.000") or glued to letters ("20h30", "A400"): a
    /// count or a code, never a day or a year.
    pub bound: bool,
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A lexicon phrase (pattern index).
    Phrase(usize),
    /// A number.
    Number(Number),
    /// Any other word.
    Word,
    /// One punctuation character.
    Punct(char),
}

/// One token, with its folded byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Token {
    /// What it is.
    pub kind: Kind,
    /// First folded byte.
    pub start: usize,
    /// One past its last folded byte.
    pub end: usize,
    /// False when the language capitalises month and weekday names and this one is written in
    /// lower case ("may" the verb), so it cannot be one.
    pub name_ok: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The tokens of `folded` (a folded sentence), in order. `original` is the text it was folded
/// from, read only for capital letters.
pub(super) fn tokens(lex: &Lexicon, folded: &FoldedText, original: &str) -> Vec<Token> {
    let text = folded.text.as_str();
    let mut found: Vec<Token> = Vec::new();
    for (id, start, end) in lex.matches(text) {
        let phrase = lex.phrase(id);
        let before = text.get(..start).and_then(|t| t.chars().next_back());
        let after = text.get(end..).and_then(|t| t.chars().next());
        let first = phrase.chars().next();
        let last = phrase.chars().next_back();
        // A phrase edge that is a letter must not touch another letter ("mai" in "maire"); an
        // edge that is a hyphen or an apostrophe ("mi-", "l'") may be glued to its neighbour.
        if first.is_some_and(is_word_char) && before.is_some_and(is_word_char) {
            continue;
        }
        if last.is_some_and(is_word_char) && after.is_some_and(is_word_char) {
            continue;
        }
        let names_role = lex
            .roles(id)
            .iter()
            .any(|r| matches!(r, Role::Month { .. } | Role::Weekday(_)));
        let name_ok = !(lex.capitalised && names_role) || {
            let span = folded.original_span(start, start + first.map_or(1, char::len_utf8));
            span.slice(original)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        };
        found.push(Token {
            kind: Kind::Phrase(id),
            start,
            end,
            name_ok,
        });
    }
    // Longest phrase first at each place, then no overlap: "la semaine dernière" wins over
    // "la", "avant-hier" over "hier".
    found.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
    });
    let mut phrases: Vec<Token> = Vec::with_capacity(found.len());
    for t in found {
        if phrases.last().is_none_or(|p| t.start >= p.end) {
            phrases.push(t);
        }
    }

    let mut out = Vec::with_capacity(phrases.len() * 2);
    let mut at = 0;
    for p in phrases {
        gap_tokens(lex, text, at, p.start, &mut out);
        out.push(p);
        at = p.end;
    }
    gap_tokens(lex, text, at, text.len(), &mut out);
    out
}

/// Numbers, words and punctuation of `text[from..to]`, which holds no phrase.
fn gap_tokens(lex: &Lexicon, text: &str, from: usize, to: usize, out: &mut Vec<Token>) {
    let Some(gap) = text.get(from..to) else {
        return;
    };
    let mut chars = gap.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let start = from + i;
        if c.is_ascii_digit() {
            let mut end = start + 1;
            while chars.peek().is_some_and(|&(_, d)| d.is_ascii_digit()) {
                chars.next();
                end += 1;
            }
            let mut number = read_number(text, start, end);
            // Thousands written in groups ("2 500", "5.000", "5,000"): one number, a count.
            let mut sep = None;
            while end - start <= 3 + 4 * 8 {
                let group = group_after(text.as_bytes().get(end..).unwrap_or(&[]), sep);
                let first_group_short = number.digits <= 3 || sep.is_some();
                match group {
                    Some(s) if first_group_short && end + 4 <= to => {
                        sep = Some(s);
                        for _ in 0..4 {
                            chars.next();
                        }
                        end += 4;
                        number.digits += 3;
                        number.value = number.value.saturating_mul(1000).saturating_add(
                            text.get(end - 3..end)
                                .and_then(|g| g.parse::<u64>().ok())
                                .unwrap_or(0),
                        );
                        number.bound = true;
                    }
                    _ => break,
                }
            }
            // Letters glued after the digits: an ordinal suffix ("1er") or a unit/code ("20h").
            if chars.peek().is_some_and(|&(_, d)| is_word_char(d)) {
                let mut suffix_end = end;
                while let Some(&(j, d)) = chars.peek() {
                    if !is_word_char(d) || d.is_ascii_digit() {
                        break;
                    }
                    suffix_end = from + j + d.len_utf8();
                    chars.next();
                }
                let suffix = text.get(end..suffix_end).unwrap_or("");
                let iso_time = suffix == "t"
                    && text
                        .get(suffix_end..)
                        .is_some_and(|t| t.starts_with(|d: char| d.is_ascii_digit()));
                if iso_time {
                    // "2020-08-19T08:45": the day of an ISO timestamp, the time glued after.
                } else if !number.bound && lex.ordinal_suffixes.contains(suffix) {
                    number.ordinal = true;
                } else {
                    number.bound = true;
                }
                if !iso_time {
                    end = suffix_end;
                }
            }
            // Digits glued after letters ("A400", "G5") are a code.
            if text
                .get(..start)
                .and_then(|t| t.chars().next_back())
                .is_some_and(is_word_char)
            {
                number.bound = true;
            }
            out.push(Token {
                kind: Kind::Number(number),
                start,
                end,
                name_ok: true,
            });
        } else if is_word_char(c) {
            let mut end = start + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !is_word_char(d) || d.is_ascii_digit() {
                    break;
                }
                end = from + j + d.len_utf8();
                chars.next();
            }
            out.push(Token {
                kind: Kind::Word,
                start,
                end,
                name_ok: true,
            });
        } else if !c.is_whitespace() {
            out.push(Token {
                kind: Kind::Punct(c),
                start,
                end: start + c.len_utf8(),
                name_ok: true,
            });
        }
    }
}

/// The separator of a group of exactly three digits that starts `rest` (" 500", ".000",
/// ",000"), when it is `sep` or no separator is set yet. Read on bytes: the separator and the
/// digits are ASCII, so no character needs decoding and nothing is copied.
fn group_after(rest: &[u8], sep: Option<char>) -> Option<char> {
    let (&s, digits) = rest.split_first()?;
    let s = char::from(s);
    let ok = matches!(s, ' ' | '.' | ',')
        && sep.is_none_or(|x| x == s)
        && digits
            .get(..3)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        && !digits.get(3).is_some_and(u8::is_ascii_digit);
    ok.then_some(s)
}

fn read_number(text: &str, start: usize, end: usize) -> Number {
    let digits = text.get(start..end).unwrap_or("");
    let value = digits.bytes().fold(0u64, |v, b| {
        v.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    });
    Number {
        value,
        digits: end - start,
        ordinal: false,
        bound: false,
    }
}
