//! JSON Lines: one article per line, streamed.
//!
//! Each line is an object with the header keys (`url`, `title`, `published`, `language`,
//! `outlet`), a required `text`, and an optional `name` or `id` that names the article (else
//! `FILE.jsonl:LINE`). The file is read through a `BufReader` one line at a time and each line
//! is held to the size limit on its own, so a file of any size can be ingested in little
//! memory, and a bad line is reported alone while the rest go on.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::{IngestError, IngestOptions, Meta, decode, file_name, finish, lang};
use crate::model::{Article, DatePoint, SourceForm};

/// Buffer size of the reader: large enough that most lines are found in one fill.
const BUFFER: usize = 64 * 1024;

/// The articles of a JSON Lines file, read lazily, one `Result` per non-blank line.
pub struct JsonLines {
    path: PathBuf,
    file_name: String,
    reader: Option<BufReader<File>>,
    limit: u64,
    line_no: usize,
    offset: u64,
    any_line: bool,
    buf: Vec<u8>,
}

impl JsonLines {
    /// Opens `path`; a file that cannot be opened, or that is binary, fails here as a whole.
    pub fn open(path: &Path, opts: &IngestOptions) -> Result<JsonLines, IngestError> {
        let io = |e: std::io::Error| IngestError::from_io(path, e);
        let file = File::open(path).map_err(io)?;
        if file.metadata().map_err(io)?.is_dir() {
            return Err(IngestError::Io {
                path: path.into(),
                source: std::io::Error::other("is a folder, not a file"),
            });
        }
        let mut reader = BufReader::with_capacity(BUFFER, file);
        let head = reader.fill_buf().map_err(io)?;
        if let Some(reason) = decode::binary_reason(head) {
            return Err(IngestError::Binary {
                path: path.into(),
                reason,
            });
        }
        Ok(JsonLines {
            path: path.into(),
            file_name: file_name(path),
            reader: Some(reader),
            limit: opts.max_bytes,
            line_no: 0,
            offset: 0,
            any_line: false,
            buf: Vec::new(),
        })
    }

    /// Reads the next line into `self.buf` (without its line break), keeping at most `limit`
    /// bytes; returns the line's full length in bytes (break included), 0 at the end.
    fn read_line(&mut self) -> std::io::Result<(u64, bool)> {
        self.buf.clear();
        let Some(reader) = self.reader.as_mut() else {
            return Ok((0, false));
        };
        let mut total: u64 = 0;
        let mut overflow = false;
        loop {
            let chunk = reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok((total, overflow));
            }
            let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            let content = if done {
                &chunk[..take - 1]
            } else {
                &chunk[..take]
            };
            if !overflow {
                if self.buf.len() as u64 + content.len() as u64 > self.limit {
                    overflow = true;
                    self.buf.clear();
                } else {
                    self.buf.extend_from_slice(content);
                }
            }
            total += take as u64;
            reader.consume(take);
            if done {
                return Ok((total, overflow));
            }
        }
    }

    /// The article of the current line in `self.buf`.
    fn parse_line(&self, start: u64) -> Result<Article, IngestError> {
        let line = Some(self.line_no);
        let bytes = self.buf.strip_suffix(b"\r").unwrap_or(&self.buf);
        let (bytes, skipped) = match (self.line_no, bytes.strip_prefix(b"\xEF\xBB\xBF")) {
            (1, Some(rest)) => (rest, 3),
            _ => (bytes, 0),
        };
        let text = std::str::from_utf8(bytes).map_err(|e| IngestError::NotUtf8 {
            path: self.path.clone(),
            line,
            offset: start + skipped + e.valid_up_to() as u64,
        })?;
        let malformed = |message: String| IngestError::Malformed {
            path: self.path.clone(),
            line,
            what: "JSON line",
            message,
        };
        let value: Value = serde_json::from_str(text)
            .map_err(|e| malformed(format!("{e}; each line must be one JSON object")))?;
        let Value::Object(obj) = value else {
            return Err(malformed(
                "not a JSON object; each line must be an object with a `text` key".into(),
            ));
        };
        let body = match obj.get("text") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => {
                return Err(malformed(
                    "no `text` key; each line needs the article's text under `text`".into(),
                ));
            }
            Some(_) => return Err(malformed("`text` must be a string".into())),
        };
        let published = match string_field(&obj, "published").map_err(&malformed)? {
            None => None,
            Some(v) => Some(v.parse::<DatePoint>().map_err(|_| {
                malformed(format!("`published` value {v:?} is not a date; write YYYY-MM-DD or an RFC 3339 timestamp"))
            })?),
        };
        let language = match string_field(&obj, "language").map_err(&malformed)? {
            None => None,
            Some(v) => Some(lang::normalise_code(&v).ok_or_else(|| {
                malformed(format!("`language` value {v:?} is not a language code; write an ISO 639-1 code such as fr or en"))
            })?),
        };
        let meta = Meta {
            url: string_field(&obj, "url").map_err(&malformed)?,
            title: string_field(&obj, "title").map_err(&malformed)?,
            outlet: string_field(&obj, "outlet").map_err(&malformed)?,
            published,
            language,
        };
        let name = match (name_field(&obj, "name"), name_field(&obj, "id")) {
            (Some(n), _) | (None, Some(n)) => n,
            (None, None) => format!("{}:{}", self.file_name, self.line_no),
        };
        finish(&self.path, name, SourceForm::JsonLines, meta, body, line)
    }
}

impl Iterator for JsonLines {
    type Item = Result<Article, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.reader.as_ref()?;
            let (len, overflow) = match self.read_line() {
                Ok(r) => r,
                Err(e) => {
                    self.reader = None;
                    return Some(Err(IngestError::Io {
                        path: self.path.clone(),
                        source: e,
                    }));
                }
            };
            if len == 0 {
                self.reader = None;
                if !self.any_line {
                    return Some(Err(IngestError::Empty {
                        path: self.path.clone(),
                    }));
                }
                return None;
            }
            self.line_no += 1;
            let start = self.offset;
            self.offset += len;
            if overflow {
                self.any_line = true;
                return Some(Err(IngestError::TooLarge {
                    path: self.path.clone(),
                    line: Some(self.line_no),
                    size: len,
                    limit: self.limit,
                }));
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.any_line = true;
            return Some(self.parse_line(start));
        }
    }
}

/// An optional string field: absent, null or blank is `None`; any other type is an error.
fn string_field(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            let s = s.trim();
            Ok((!s.is_empty()).then(|| s.to_string()))
        }
        Some(_) => Err(format!("`{key}` must be a string")),
    }
}

/// A name-giving field: a non-blank string, or a number written out.
fn name_field(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::read_source;

    fn write(content: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("feed.jsonl");
        std::fs::write(&p, content).unwrap();
        (dir, p)
    }

    #[test]
    fn one_article_per_line_and_bad_lines_fail_alone() {
        let content = concat!(
            "{\"text\": \"Le ministre a signé l'accord mardi à Niamey.\", \"language\": \"fr\", \"title\": \"Accord\"}\n",
            "\n",
            "{not json}\n",
            "{\"title\": \"no text\"}\n",
            "{\"text\": \"The minister signed the agreement on Tuesday.\", \"id\": 42, \"published\": \"2024-03-02\"}\r\n",
            "{\"text\": \"x y z\", \"published\": \"March 2\"}\n",
            "{\"text\": \"   \"}\n",
            "{\"text\": \"Named one.\", \"name\": \"custom-name\", \"id\": \"ignored\"}",
        );
        let (_d, p) = write(content.as_bytes());
        let out = read_source(&p, &IngestOptions::default());
        assert_eq!(out.len(), 7);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.name, "feed.jsonl:1");
        assert_eq!(a.form, SourceForm::JsonLines);
        assert_eq!(a.title.as_deref(), Some("Accord"));
        assert_eq!(a.language.as_deref(), Some("fr"));
        let e = out[1].as_ref().unwrap_err();
        assert_eq!(e.line(), Some(3));
        assert!(
            e.to_string()
                .starts_with(&format!("{}:3: malformed JSON line", p.display())),
            "{e}"
        );
        assert!(out[2].as_ref().unwrap_err().to_string().contains("`text`"));
        let b = out[3].as_ref().unwrap();
        assert_eq!(b.name, "42");
        assert_eq!(b.published.unwrap().to_string(), "2024-03-02");
        assert!(
            out[4]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("published")
        );
        assert!(matches!(
            out[5],
            Err(IngestError::NoText { line: Some(7), .. })
        ));
        assert_eq!(out[6].as_ref().unwrap().name, "custom-name");
    }

    #[test]
    fn invalid_utf8_gives_the_file_offset() {
        let (_d, p) = write(b"{\"text\": \"ok line here\"}\n{\"text\": \"Go\xEFta\"}\n");
        let out = read_source(&p, &IngestOptions::default());
        assert!(out[0].is_ok());
        match &out[1] {
            Err(IngestError::NotUtf8 {
                line: Some(2),
                offset,
                ..
            }) => assert_eq!(*offset, 25 + 12),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_line_over_the_limit_fails_alone() {
        let long = format!("{{\"text\": \"{}\"}}\n", "a ".repeat(200));
        let content = format!("{long}{{\"text\": \"short text here\"}}\n");
        let (_d, p) = write(content.as_bytes());
        let out = read_source(&p, &IngestOptions { max_bytes: 100 });
        assert_eq!(out.len(), 2);
        assert!(matches!(
            out[0],
            Err(IngestError::TooLarge { line: Some(1), .. })
        ));
        assert_eq!(out[1].as_ref().unwrap().text, "short text here");
    }

    #[test]
    fn empty_and_binary_files_fail_whole() {
        let (_d, p) = write(b"\n\n  \n");
        let out = read_source(&p, &IngestOptions::default());
        assert!(matches!(out.as_slice(), [Err(IngestError::Empty { .. })]));
        let (_d, p) = write(b"{\"text\": \"a\"}\0\0\0");
        let out = read_source(&p, &IngestOptions::default());
        assert!(matches!(out.as_slice(), [Err(IngestError::Binary { .. })]));
    }

    #[test]
    fn a_bom_on_the_first_line_is_skipped() {
        let (_d, p) = write("\u{feff}{\"text\": \"Bonjour à tous les lecteurs.\"}\n".as_bytes());
        let out = read_source(&p, &IngestOptions::default());
        assert!(out[0].is_ok(), "{:?}", out[0]);
    }
}
