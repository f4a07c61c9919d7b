//! Stage 1, ingest: files, folders and JSON Lines in, [`Article`]s out.
//!
//! A source is read in one of four forms ([`SourceForm`]): a text file that opens with a
//! `key: value` header block, loose text (the seeds' form: a title line, captions, a byline),
//! JSON Lines (one article per line), or a saved HTML page whose main text is extracted. Every
//! failure is one [`IngestError`] that names the file (and line) and says what to do, so one bad
//! file or line never stops the others.
//!
//! The stored text is what every later offset points into, so ingest never rewrites it beyond
//! what its form requires (the header block is cut off, HTML is flattened to lines); the id is
//! a hash of a *normalised* copy, so the same article ingested twice gets the same id.

mod decode;
mod header;
mod html;
mod jsonl;
mod lang;
mod loose;
mod walk;

use std::fmt::Write as _;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use unicode_normalization::{IsNormalized, UnicodeNormalization};

use crate::model::{Article, DatePoint, SourceForm};

pub use jsonl::JsonLines;
pub use walk::discover;

/// The largest single-article file read by default: 16 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Why a source could not be read as an article. Its `Display` is one line that names the file
/// (and the line, for JSON Lines) and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The path could not be read.
    #[error("{}: cannot read: {}; check the path and its permissions", at(.path, &None), one_line(&.source.to_string()))]
    Io {
        /// The path.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The path does not exist.
    #[error("{}: no such file or folder; check the path", at(.path, &None))]
    NotFound {
        /// The path as given.
        path: PathBuf,
    },
    /// The file holds nothing but white space.
    #[error("{}: empty file, nothing to ingest; remove it or fill it", at(.path, &None))]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file is not text at all.
    #[error("{}: binary file ({reason}), not text; give text, HTML or JSON Lines files", at(.path, &None))]
    Binary {
        /// The file.
        path: PathBuf,
        /// What gave it away.
        reason: &'static str,
    },
    /// The file is text but not UTF-8; it is never converted silently.
    #[error("{}: not valid UTF-8 at byte {offset}; convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8)", at(.path, .line))]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// For JSON Lines, the 1-based line.
        line: Option<usize>,
        /// Byte offset of the first invalid byte in the file.
        offset: u64,
    },
    /// The file (or a JSON Lines line) is larger than [`IngestOptions::max_bytes`].
    #[error("{}: too large ({size} bytes, limit {limit}); split it into smaller articles or raise the limit", at(.path, .line))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// For JSON Lines, the 1-based line.
        line: Option<usize>,
        /// Its size in bytes (at least this much for a line that was not read whole).
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// A header block or JSON line is not what its form requires.
    #[error("{}: malformed {what}: {}", at(.path, .line), one_line(.message))]
    Malformed {
        /// The file.
        path: PathBuf,
        /// The 1-based line, when known.
        line: Option<usize>,
        /// `header` or `JSON line`.
        what: &'static str,
        /// What is wrong and what to do.
        message: String,
    },
    /// Nothing readable was left once the header, markup or furniture was taken away.
    #[error("{}: no article text left after extraction; check that it holds an article", at(.path, .line))]
    NoText {
        /// The file.
        path: PathBuf,
        /// For JSON Lines, the 1-based line.
        line: Option<usize>,
    },
}

impl IngestError {
    /// The error for an I/O failure on `path`: a missing file is told as such.
    pub fn from_io(path: &Path, e: std::io::Error) -> IngestError {
        if e.kind() == std::io::ErrorKind::NotFound {
            IngestError::NotFound { path: path.into() }
        } else {
            IngestError::Io {
                path: path.into(),
                source: e,
            }
        }
    }

    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            IngestError::Io { path, .. }
            | IngestError::NotFound { path }
            | IngestError::Empty { path }
            | IngestError::Binary { path, .. }
            | IngestError::NotUtf8 { path, .. }
            | IngestError::TooLarge { path, .. }
            | IngestError::Malformed { path, .. }
            | IngestError::NoText { path, .. } => path,
        }
    }

    /// The 1-based line of a JSON Lines file the error is about, when it is about one line.
    pub fn line(&self) -> Option<usize> {
        match self {
            IngestError::NotUtf8 { line, .. }
            | IngestError::TooLarge { line, .. }
            | IngestError::Malformed { line, .. }
            | IngestError::NoText { line, .. } => *line,
            _ => None,
        }
    }
}

/// `path` or `path:line`, with control characters escaped so the message stays on one line.
fn at(path: &Path, line: &Option<usize>) -> String {
    let mut out = one_line(&path.display().to_string());
    if let Some(l) = line {
        let _ = write!(out, ":{l}");
    }
    out
}

/// `s` with line breaks and other control characters escaped.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Options for reading sources.
#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// Largest file read as one article, and largest single line of a JSON Lines file (a JSON
    /// Lines file itself may be any size: it is streamed line by line).
    pub max_bytes: u64,
}

impl Default for IngestOptions {
    fn default() -> IngestOptions {
        IngestOptions {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// The main text of a saved HTML page, as ingest stores it (for benchmarks).
pub fn html_main_text(source: &str) -> String {
    html::extract(source).text
}

/// Reads one file into its articles (one for a text or HTML file, one per line for JSON Lines).
pub fn read_source(path: &Path, opts: &IngestOptions) -> Vec<Result<Article, IngestError>> {
    open_source(path, opts).collect()
}

/// The articles of one file as an iterator: a JSON Lines file is read lazily, one line at a
/// time, so a caller can store each article as it comes and stop at any point.
pub fn open_source(
    path: &Path,
    opts: &IngestOptions,
) -> Box<dyn Iterator<Item = Result<Article, IngestError>>> {
    if is_json_lines(path) {
        match JsonLines::open(path, opts) {
            Ok(lines) => Box::new(lines),
            Err(e) => Box::new(std::iter::once(Err(e))),
        }
    } else {
        Box::new(std::iter::once(read_article_file(path, opts)))
    }
}

/// True for the extensions read as JSON Lines (`.jsonl`, `.ndjson`).
fn is_json_lines(path: &Path) -> bool {
    matches!(extension(path).as_deref(), Some("jsonl" | "ndjson"))
}

/// The lower-case extension of `path`.
fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Reads a file that holds one article (header block, loose text or HTML).
fn read_article_file(path: &Path, opts: &IngestOptions) -> Result<Article, IngestError> {
    let bytes = read_bounded(path, opts.max_bytes)?;
    let text = decode::decode(&bytes).map_err(|p| p.into_error(path, None, 0))?;
    let ext = extension(path);
    if matches!(ext.as_deref(), Some("html" | "htm" | "xhtml")) || html::looks_like_html(text) {
        let page = html::extract(text);
        return finish(
            path,
            file_name(path),
            SourceForm::Html,
            page.meta,
            page.text,
            None,
        );
    }
    match header::parse(text) {
        Ok(Some(block)) => {
            let body = text.get(block.body_start..).unwrap_or("").to_string();
            finish(
                path,
                file_name(path),
                SourceForm::HeaderBlock,
                block.meta,
                body,
                None,
            )
        }
        Ok(None) => {
            let meta = Meta {
                title: loose::title(text),
                ..Meta::default()
            };
            finish(
                path,
                file_name(path),
                SourceForm::LooseText,
                meta,
                text.to_string(),
                None,
            )
        }
        Err(e) => Err(IngestError::Malformed {
            path: path.into(),
            line: Some(e.line),
            what: "header",
            message: e.message,
        }),
    }
}

/// Reads at most `limit` bytes of `path`; a larger file is an error, told before reading it
/// when its size is known.
fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, IngestError> {
    let io = |e: std::io::Error| IngestError::from_io(path, e);
    let file = File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(IngestError::Io {
            path: path.into(),
            source: std::io::Error::other("is a folder, not a file"),
        });
    }
    if meta.len() > limit {
        return Err(IngestError::TooLarge {
            path: path.into(),
            line: None,
            size: meta.len(),
            limit,
        });
    }
    // Bounded even when the size is unknown (a pipe, a device, a file still growing).
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(IngestError::TooLarge {
            path: path.into(),
            line: None,
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// The file's own name, which gold files use to name articles.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Metadata a form may give beside the text.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Meta {
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<DatePoint>,
    pub language: Option<String>,
    pub outlet: Option<String>,
}

/// Builds the article once its form has given text and metadata: refuses an article with no
/// text, fills the language when the source did not give it, and computes the id.
fn finish(
    path: &Path,
    name: String,
    form: SourceForm,
    meta: Meta,
    text: String,
    line: Option<usize>,
) -> Result<Article, IngestError> {
    if !text.chars().any(char::is_alphanumeric) {
        return Err(IngestError::NoText {
            path: path.into(),
            line,
        });
    }
    let language = meta.language.or_else(|| lang::detect(&text));
    Ok(Article {
        id: article_id(&text),
        name,
        source: path.display().to_string(),
        form,
        url: meta.url,
        title: meta.title,
        published: meta.published,
        language,
        outlet: meta.outlet,
        text,
    })
}

/// The id of an article: xxh3-128 of its normalised text (Unicode NFC, white-space runs
/// collapsed to one space, trimmed), as 32 hex digits, so re-ingesting the same article — even
/// re-wrapped or re-saved — gives the same id.
pub fn article_id(text: &str) -> String {
    // The words are hashed as they are found rather than copied into a normalised string
    // first: re-ingesting a known article is little more than this.
    let hash_words = |text: &str| {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for (i, word) in words(text).enumerate() {
            if i > 0 {
                hasher.update(b" ");
            }
            hasher.update(word.as_bytes());
        }
        hasher.digest128()
    };
    let digest = match composed_if_needed(text) {
        Some(composed) => hash_words(&composed),
        None => hash_words(text),
    };
    format!("{digest:032x}")
}

/// `text` composed to NFC, or `None` when it is in NFC already. Nearly all text is; checking
/// that is several times faster than composing it again, which matters when ids are computed
/// for a large synthetic corpus.
fn composed_if_needed(text: &str) -> Option<String> {
    (unicode_normalization::is_nfc_quick(text.chars()) != IsNormalized::Yes)
        .then(|| text.nfc().collect())
}

/// The runs of `text` between white space (as `char::is_whitespace` says), never empty.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        // ASCII bytes are told apart without decoding; a byte past ASCII starts a character
        // that is decoded (continuation bytes never start one, so never reach the decoder).
        let space_at = |i: usize| -> Option<usize> {
            let b = bytes[i];
            if b < 0x80 {
                return matches!(b, b'\t'..=b'\r' | b' ').then_some(1);
            }
            let c = text.get(i..)?.chars().next()?;
            c.is_whitespace().then_some(c.len_utf8())
        };
        while at < bytes.len() {
            match space_at(at) {
                Some(len) => at += len,
                None => break,
            }
        }
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() && space_at(at).is_none() {
            at += 1;
        }
        Some(&text[start..at])
    })
}

/// `text` in NFC with every white-space run collapsed to one space, trimmed.
pub fn normalise(text: &str) -> String {
    match composed_if_needed(text) {
        Some(composed) => collapse_white_space(&composed),
        None => collapse_white_space(text),
    }
}

/// `text` with every white-space run collapsed to one space, trimmed.
fn collapse_white_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, content).unwrap();
        p
    }

    proptest::proptest! {
        /// The id hashes exactly the text's words joined by one space, as splitting on
        /// `char::is_whitespace` finds them, whatever the white space around them.
        #[test]
        fn ids_hash_the_words_split_on_unicode_white_space(
            text in "([a-zé\u{301}]{0,4}[ \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{2009}\u{3000}\u{1c}]{0,3}){0,8}",
        ) {
            let joined = text
                .nfc()
                .collect::<String>()
                .split(char::is_whitespace)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let expected = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(joined.as_bytes()));
            proptest::prop_assert_eq!(article_id(&text), expected);
            proptest::prop_assert_eq!(normalise(&text), joined);
        }
    }

    #[test]
    fn ids_ignore_white_space_and_normalisation_form() {
        let a = article_id("Le  ministre\n\na déclaré ");
        let b = article_id(" Le ministre a déclaré");
        assert_eq!(a, b);
        assert_eq!(a.len(), 32);
        // "é" precomposed and decomposed hash the same.
        assert_eq!(
            article_id("d\u{e9}cid\u{e9}"),
            article_id("de\u{301}cide\u{301}")
        );
        assert_ne!(article_id("Le ministre"), article_id("La ministre"));
    }

    #[test]
    fn normalise_collapses_and_trims() {
        assert_eq!(normalise("  a \t\n b\u{a0}\u{a0}c  "), "a b c");
        assert_eq!(normalise(""), "");
    }

    #[test]
    fn reads_a_header_block_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "h.txt",
            "title: Le conseil se réunit\nlanguage: fr\npublished: 2024-03-02T10:00:00Z\nurl: https://x.example/a\noutlet: La Gazette\n\nLe conseil s'est réuni hier à Niamey.\n".as_bytes(),
        );
        let arts = read_source(&p, &IngestOptions::default());
        let a = arts.into_iter().next().unwrap().unwrap();
        assert_eq!(a.form, SourceForm::HeaderBlock);
        assert_eq!(a.text, "Le conseil s'est réuni hier à Niamey.\n");
        assert_eq!(a.title.as_deref(), Some("Le conseil se réunit"));
        assert_eq!(a.published.unwrap().to_string(), "2024-03-02");
        assert_eq!(a.outlet.as_deref(), Some("La Gazette"));
        assert_eq!(a.url.as_deref(), Some("https://x.example/a"));
        assert_eq!(a.language.as_deref(), Some("fr"));
        assert_eq!(a.name, "h.txt");
        assert_eq!(a.source, p.display().to_string());
    }

    #[test]
    fn reads_loose_text_whole_and_detects_language() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Le gouvernement annonce un nouveau plan de sécurité\n\nLe gouvernement de transition a annoncé mardi un nouveau plan de sécurité pour les régions du nord, après plusieurs semaines de consultations avec les chefs coutumiers et les responsables militaires de la zone.\n";
        let p = write(dir.path(), "loose", text.as_bytes());
        let a = read_source(&p, &IngestOptions::default())
            .remove(0)
            .unwrap();
        assert_eq!(a.form, SourceForm::LooseText);
        assert_eq!(a.text, text);
        assert_eq!(
            a.title.as_deref(),
            Some("Le gouvernement annonce un nouveau plan de sécurité")
        );
        assert_eq!(a.published, None);
        assert_eq!(a.language.as_deref(), Some("fr"));
    }

    #[test]
    fn a_malformed_header_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "bad.txt",
            b"url: https://x.example\npublished: yesterday\n\nText of the article.\n",
        );
        let err = read_source(&p, &IngestOptions::default())
            .remove(0)
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("bad.txt:2") && msg.contains("published"),
            "{msg}"
        );
        assert!(!msg.contains('\n'));
    }

    #[test]
    fn a_file_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "big.txt", &[b'a'; 100]);
        let err = read_source(&p, &IngestOptions { max_bytes: 50 })
            .remove(0)
            .unwrap_err();
        assert!(
            matches!(
                err,
                IngestError::TooLarge {
                    size: 100,
                    limit: 50,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn a_folder_given_as_a_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_source(dir.path(), &IngestOptions::default())
            .remove(0)
            .unwrap_err();
        assert!(err.to_string().contains("folder"), "{err}");
    }

    #[test]
    fn html_is_recognised_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let page = "<!DOCTYPE html><html lang=\"en\"><body><article><h1>Troops leave</h1><p>The last troops left the base on Monday, officials said.</p></article></body></html>";
        let p = write(dir.path(), "page.txt", page.as_bytes());
        let a = read_source(&p, &IngestOptions::default())
            .remove(0)
            .unwrap();
        assert_eq!(a.form, SourceForm::Html);
        assert_eq!(
            a.text,
            "Troops leave\n\nThe last troops left the base on Monday, officials said."
        );
        assert_eq!(a.language.as_deref(), Some("en"));
        assert_eq!(html_main_text(page), a.text);
    }

    #[test]
    fn messages_stay_on_one_line_even_for_odd_paths() {
        let e = IngestError::Empty {
            path: PathBuf::from("a\nb.txt"),
        };
        assert_eq!(e.to_string().lines().count(), 1);
    }
}
