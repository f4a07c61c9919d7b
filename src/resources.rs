//! The data files Vigie reads its knowledge from: built into the binary, extendable by the user.
//!
//! Everything a language or a region needs (names, demonyms, roles, triggers, date words,
//! abbreviations) lives in TOML and TSV files under `data/`: `data/kb/` for the knowledge base,
//! `data/<lang>/` for each language, `data/bench/` for the templates of the synthetic corpus. They are embedded at compile time so the binary runs alone;
//! `--kb DIR` adds a user's folder of the same layout, read after the built-in files, so a user's
//! entry extends or overrides a built-in one and a new language is a new folder, not new code.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

/// The `data/` folder of the repository, as it was at compile time.
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data");

/// The top-level folders of the data root that are not languages: the knowledge base and the
/// templates of the synthetic corpus (`bench/fr.toml` is French templates, not a language
/// called `bench`).
const NOT_LANGUAGES: [&str; 2] = ["kb", crate::bench::synthetic::TEMPLATE_DIR];

/// Why a data file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A user's file or folder could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A user's file is not UTF-8 text.
    #[error("{path}: not UTF-8 text; save it as UTF-8")]
    NotUtf8 {
        /// The file.
        path: PathBuf,
    },
    /// A file's content is wrong at a given place.
    #[error("{origin}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Invalid {
        /// The file (`data/fr/dates.toml (built in)` or the user's path).
        origin: String,
        /// 1-based line, when known.
        line: Option<usize>,
        /// What is wrong and what to do.
        message: String,
    },
}

impl DataError {
    /// An error at `line` of `file`.
    pub fn invalid(file: &DataFile, line: Option<usize>, message: impl Into<String>) -> DataError {
        DataError::Invalid {
            origin: file.origin.clone(),
            line,
            message: message.into(),
        }
    }

    /// A TOML file that does not parse or does not have the expected shape.
    pub fn toml(file: &DataFile, err: toml::de::Error) -> DataError {
        let line = err.span().map(|s| {
            file.text[..s.start.min(file.text.len())]
                .lines()
                .count()
                .max(1)
        });
        DataError::Invalid {
            origin: file.origin.clone(),
            line,
            message: err.message().to_string(),
        }
    }
}

/// One data file: where it comes from, its path relative to the data root, and its text.
#[derive(Clone, Debug)]
pub struct DataFile {
    /// For messages: `data/fr/dates.toml (built in)` or the user's full path.
    pub origin: String,
    /// Path relative to the data root, with `/` separators (`fr/dates.toml`).
    pub path: String,
    /// The file's text.
    pub text: Cow<'static, str>,
}

/// All data files: the built-in ones, then the user's.
#[derive(Clone, Debug, Default)]
pub struct Resources {
    files: Vec<DataFile>,
}

impl Resources {
    /// The files built into the binary.
    pub fn builtin() -> Resources {
        let mut files = Vec::new();
        collect_builtin(&BUILTIN, &mut files);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Resources { files }
    }

    /// No files at all (for tests that build their own).
    pub fn empty() -> Resources {
        Resources::default()
    }

    /// Adds one file at relative path `path` (for tests and for callers that build data).
    pub fn with_file(mut self, path: &str, text: impl Into<String>) -> Resources {
        self.files.push(DataFile {
            origin: format!("{path} (added)"),
            path: path.to_string(),
            text: Cow::Owned(text.into()),
        });
        self
    }

    /// Adds every `.toml`, `.tsv` and `.txt` file under `dir`, keeping the same relative layout
    /// (`DIR/kb/persons.toml`, `DIR/fr/triggers.toml`, `DIR/de/…` for a new language).
    pub fn with_user_dir(mut self, dir: &Path) -> Result<Resources, DataError> {
        let meta = std::fs::metadata(dir).map_err(|e| DataError::Io {
            path: dir.into(),
            source: e,
        })?;
        if !meta.is_dir() {
            return Err(DataError::Io {
                path: dir.into(),
                source: std::io::Error::other(
                    "not a folder; --kb takes a folder laid out like data/",
                ),
            });
        }
        let mut added = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| DataError::Io {
                path: e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.into()),
                source: e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("loop in folder")),
            })?;
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !entry.file_type().is_file() || !matches!(ext, "toml" | "tsv" | "txt") {
                continue;
            }
            let bytes = std::fs::read(path).map_err(|e| DataError::Io {
                path: path.into(),
                source: e,
            })?;
            let text =
                String::from_utf8(bytes).map_err(|_| DataError::NotUtf8 { path: path.into() })?;
            let rel = path.strip_prefix(dir).unwrap_or(path);
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            added.push(DataFile {
                origin: path.display().to_string(),
                path: rel,
                text: Cow::Owned(text),
            });
        }
        self.files.extend(added);
        Ok(self)
    }

    /// Every file at relative path `path`, built-in first, then the user's.
    pub fn files<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a DataFile> + 'a {
        self.files.iter().filter(move |f| f.path == path)
    }

    /// Every file whose relative path starts with `prefix` (`kb/`, `fr/`).
    pub fn files_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a DataFile> + 'a {
        self.files
            .iter()
            .filter(move |f| f.path.starts_with(prefix))
    }

    /// The languages with a data folder: every top-level folder but `kb` and `bench`, sorted.
    pub fn languages(&self) -> Vec<String> {
        let mut langs: Vec<String> = self
            .files
            .iter()
            .filter_map(|f| f.path.split_once('/').map(|(top, _)| top.to_string()))
            .filter(|top| !NOT_LANGUAGES.contains(&top.as_str()))
            .collect();
        langs.sort();
        langs.dedup();
        langs
    }
}

fn collect_builtin(dir: &'static Dir<'static>, out: &mut Vec<DataFile>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(text) = file.contents_utf8() {
            out.push(DataFile {
                origin: format!("data/{path} (built in)"),
                path,
                text: Cow::Borrowed(text),
            });
        }
    }
    for sub in dir.dirs() {
        collect_builtin(sub, out);
    }
}

/// The rows of a TSV data file: `#` comments and blank lines skipped, fields split on tabs and
/// trimmed, each row with its 1-based line number. The first row is the header when
/// `has_header` is set and is not returned.
pub fn tsv_rows(file: &DataFile, has_header: bool) -> Vec<(usize, Vec<&str>)> {
    let mut rows = Vec::new();
    let mut header_seen = !has_header;
    let mut width = 0;
    for (i, line) in file.text.lines().enumerate() {
        let t = line.trim_end_matches('\r');
        if t.trim().is_empty() || t.trim_start().starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        rows.push((i + 1, tab_fields(t, width)));
        width = width.max(rows.last().map_or(0, |(_, r)| r.len()));
    }
    rows
}

/// The tab-separated fields of `line`, trimmed, in a vector of room `width`: split byte by
/// byte, since a gazetteer row has many short fields and looking for each tab afresh cost
/// more than the fields.
fn tab_fields(line: &str, width: usize) -> Vec<&str> {
    let mut fields = Vec::with_capacity(width);
    let mut start = 0;
    for (i, b) in line.bytes().enumerate() {
        if b == b'\t' {
            fields.push(line[start..i].trim());
            start = i + 1;
        }
    }
    fields.push(line[start..].trim());
    fields
}

/// The lines of a plain list file (`abbreviations.txt`): comments and blank lines skipped,
/// trimmed, each with its 1-based line number.
pub fn list_lines(file: &DataFile) -> Vec<(usize, &str)> {
    file.text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_files_come_after_builtin_ones_and_add_languages() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("xx")).unwrap();
        std::fs::write(dir.path().join("xx/triggers.toml"), "# toy\n").unwrap();
        std::fs::write(dir.path().join("xx/ignored.bin"), [0u8, 1, 2]).unwrap();
        let r = Resources::builtin().with_user_dir(dir.path()).unwrap();
        assert!(r.languages().contains(&"xx".to_string()));
        let f: Vec<_> = r.files("xx/triggers.toml").collect();
        assert_eq!(f.len(), 1);
        assert!(f[0].origin.ends_with("triggers.toml"));
        assert_eq!(r.files("xx/ignored.bin").count(), 0);
    }

    #[test]
    fn the_template_folder_is_no_language() {
        let builtin = Resources::builtin();
        assert!(builtin.files_under("bench/").next().is_some());
        assert_eq!(builtin.languages(), ["en", "fr"]);
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("bench")).unwrap();
        std::fs::write(dir.path().join("bench/fr.toml"), "# more templates\n").unwrap();
        let r = builtin.with_user_dir(dir.path()).unwrap();
        assert_eq!(r.languages(), ["en", "fr"]);
    }

    #[test]
    fn a_missing_user_dir_is_an_error_naming_it() {
        let err = Resources::builtin()
            .with_user_dir(Path::new("/no/such/kb"))
            .unwrap_err();
        assert!(err.to_string().contains("/no/such/kb"), "{err}");
    }

    #[test]
    fn a_non_utf8_user_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.tsv"), [0xff, 0xfe, 0x00]).unwrap();
        let err = Resources::empty().with_user_dir(dir.path()).unwrap_err();
        assert!(
            err.to_string().contains("bad.tsv") && err.to_string().contains("UTF-8"),
            "{err}"
        );
    }

    #[test]
    fn tab_fields_are_what_split_gives() {
        for line in ["", "a", "a\t", "\tb", " a \t b\t\tc ", "é\tü\t"] {
            let split: Vec<&str> = line.split('\t').map(str::trim).collect();
            assert_eq!(tab_fields(line, 0), split, "{line:?}");
        }
    }

    #[test]
    fn tsv_rows_skip_comments_and_header() {
        let r = Resources::empty().with_file(
            "kb/x.tsv",
            "# c\nid\tname\n\nMLI\tMali\nBFA\t Burkina Faso \n",
        );
        let f = r.files("kb/x.tsv").next().unwrap();
        let rows = tsv_rows(f, true);
        assert_eq!(
            rows,
            vec![(4, vec!["MLI", "Mali"]), (5, vec!["BFA", "Burkina Faso"])]
        );
    }

    #[test]
    fn toml_errors_name_file_and_line() {
        let r = Resources::empty().with_file("fr/x.toml", "a = 1\nb = = 2\n");
        let f = r.files("fr/x.toml").next().unwrap();
        let err = toml::from_str::<toml::Table>(&f.text).unwrap_err();
        let e = DataError::toml(f, err).to_string();
        assert!(e.starts_with("fr/x.toml (added):2:"), "{e}");
    }
}
