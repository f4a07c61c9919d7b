//! The header-block form: `key: value` lines, a blank line, then the article's text.
//!
//! ```text
//! url: https://example.org/2024/07/07/story
//! title: The headline
//! published: 2024-07-07
//! language: fr
//! outlet: The Outlet
//!
//! Text of the article...
//! ```
//!
//! Keys are lower case, in any order, each optional; the first blank line ends the block. A
//! file is read in this form only when its first line is one of the known keys, so loose text
//! that happens to hold a colon on its first line ("Mali : la junte…") stays loose text.

use super::{Meta, lang};
use crate::model::DatePoint;

/// The keys this form knows.
pub(crate) const KEYS: [&str; 5] = ["url", "title", "published", "language", "outlet"];

/// A header block as read.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct HeaderBlock {
    /// The metadata the block gives.
    pub meta: Meta,
    /// Byte offset of the body: just after the blank line that ends the block (or the end of
    /// the text when there is no body).
    pub body_start: usize,
}

/// Why a header block is malformed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HeaderError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong and what to do.
    pub message: String,
}

/// Reads the header block at the start of `text`: `Ok(None)` when the text does not open with
/// one, an error naming the line when it opens with one that is malformed.
pub(crate) fn parse(text: &str) -> Result<Option<HeaderBlock>, HeaderError> {
    let mut meta = Meta::default();
    let mut seen: Vec<&str> = Vec::new();
    let mut offset = 0;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end_matches(['\n', '\r']);
        offset += raw.len();
        if line.trim().is_empty() {
            if i == 0 {
                return Ok(None);
            }
            return Ok(Some(HeaderBlock {
                meta,
                body_start: offset,
            }));
        }
        let Some((key, value)) = key_value(line) else {
            if i == 0 {
                return Ok(None);
            }
            return Err(HeaderError {
                line: line_no,
                message: "not a `key: value` line; end the header block with a blank line before the text".into(),
            });
        };
        if i == 0 && !KEYS.contains(&key) {
            return Ok(None);
        }
        if seen.contains(&key) {
            return Err(HeaderError {
                line: line_no,
                message: format!("key `{key}` given twice; keep one"),
            });
        }
        seen.push(key);
        let value = value.trim();
        let value = (!value.is_empty()).then(|| value.to_string());
        match key {
            "url" => meta.url = value,
            "title" => meta.title = value,
            "outlet" => meta.outlet = value,
            "published" => {
                meta.published = match value {
                    None => None,
                    Some(v) => Some(v.parse::<DatePoint>().map_err(|_| HeaderError {
                        line: line_no,
                        message: format!("published value {v:?} is not a date; write YYYY-MM-DD or an RFC 3339 timestamp"),
                    })?),
                }
            }
            "language" => {
                meta.language = match value {
                    None => None,
                    Some(v) => Some(lang::normalise_code(&v).ok_or_else(|| HeaderError {
                        line: line_no,
                        message: format!("language value {v:?} is not a language code; write an ISO 639-1 code such as fr or en"),
                    })?),
                }
            }
            // Other lower-case keys (author, section…) are allowed and not kept.
            _ => {}
        }
    }
    // The whole file is a header: no body.
    Ok(Some(HeaderBlock {
        meta,
        body_start: text.len(),
    }))
}

/// `key: value` with a lower-case ASCII key (letters, digits, `_`, `-`) right before the colon.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let mut chars = key.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let rest_ok =
        chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    (first_ok && rest_ok).then_some((key, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_keys_in_any_order_and_finds_the_body() {
        let t = "outlet: Le Journal\nlanguage: FR\ntitle: Un titre : avec deux-points\nurl: https://a.example/x\npublished: 2020-08-19T08:45:00+00:00\n\nCorps du texte.\n";
        let h = parse(t).unwrap().unwrap();
        assert_eq!(&t[h.body_start..], "Corps du texte.\n");
        assert_eq!(h.meta.title.as_deref(), Some("Un titre : avec deux-points"));
        assert_eq!(h.meta.url.as_deref(), Some("https://a.example/x"));
        assert_eq!(h.meta.language.as_deref(), Some("fr"));
        assert_eq!(h.meta.published.unwrap().to_string(), "2020-08-19");
    }

    #[test]
    fn crlf_and_empty_values_and_unknown_keys() {
        let t = "title: T\r\nauthor: Someone\r\noutlet:\r\n\r\nBody";
        let h = parse(t).unwrap().unwrap();
        assert_eq!(&t[h.body_start..], "Body");
        assert_eq!(h.meta.outlet, None);
        assert_eq!(h.meta.title.as_deref(), Some("T"));
    }

    #[test]
    fn loose_text_is_not_a_header() {
        assert_eq!(parse("Mali : la junte annonce\n\nTexte."), Ok(None));
        assert_eq!(parse(" date 2025-04 Légende\n\nTexte."), Ok(None));
        assert_eq!(
            parse("author: X\n\nTexte."),
            Ok(None),
            "first key must be a known one"
        );
        assert_eq!(parse("\ntitle: x\n\nTexte."), Ok(None));
    }

    #[test]
    fn malformed_blocks_name_the_line() {
        let e = parse("url: x\nThe text starts here.\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("title: a\npublished: 12 mai 2025\n\nx").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("published"));
        let e = parse("title: a\ntitle: b\n\nx").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("language: klingon-speak-123\n\nx").unwrap_err();
        assert_eq!(e.line, 1);
    }

    #[test]
    fn a_header_without_body_ends_at_the_end() {
        let t = "title: Only a title\n";
        assert_eq!(parse(t).unwrap().unwrap().body_start, t.len());
    }

    proptest! {
        #[test]
        fn never_panics_and_body_is_a_boundary(s in "\\PC{0,80}(\n\\PC{0,20}){0,4}") {
            if let Ok(Some(h)) = parse(&s) {
                prop_assert!(h.body_start <= s.len());
                prop_assert!(s.is_char_boundary(h.body_start));
            }
        }
    }
}
