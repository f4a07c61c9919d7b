//! Finding the files to read: paths as given, folders walked recursively.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::IngestError;

/// Extensions read from inside a folder (a file named on the command line is read whatever its
/// name): text, HTML and JSON Lines. Files without an extension are read as text. Anything
/// else in a folder (a README.md, images, PDFs) is passed over.
pub const FOLDER_EXTENSIONS: [&str; 7] = ["txt", "text", "html", "htm", "xhtml", "jsonl", "ndjson"];

/// Every file under `paths` (folders walked recursively), in a stable order; paths that cannot
/// be read come back as errors.
///
/// Paths are taken in the order given; a folder's files come sorted by name, hidden files and
/// folders (names starting with `.`) skipped, and only those with a [`FOLDER_EXTENSIONS`]
/// extension or none. A file named directly is always kept. A file reached twice is listed
/// once.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(IngestError::from_io(path, e));
                continue;
            }
        };
        if !meta.is_dir() {
            if seen.insert(path.clone()) {
                files.push(path.clone());
            }
            continue;
        }
        let walker = WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            match entry {
                Ok(e) => {
                    if e.file_type().is_file()
                        && readable_in_folder(e.path())
                        && seen.insert(e.path().to_path_buf())
                    {
                        files.push(e.into_path());
                    }
                }
                Err(e) => {
                    let at = e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| path.clone());
                    let source = match e.into_io_error() {
                        Some(io) => io,
                        None => std::io::Error::other("symbolic link loop"),
                    };
                    errors.push(IngestError::Io { path: at, source });
                }
            }
        }
    }
    (files, errors)
}

/// True for a name that starts with a dot.
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// True when a file found in a folder is one ingest reads.
fn readable_in_folder(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        None => true,
        Some(ext) => FOLDER_EXTENSIONS
            .iter()
            .any(|k| k.eq_ignore_ascii_case(ext)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_skips_hidden_and_unknown_extensions() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sub")).unwrap();
        std::fs::create_dir_all(d.join(".git")).unwrap();
        for f in [
            "b.txt",
            "a.html",
            "sub/c.jsonl",
            "sub/noext",
            ".hidden.txt",
            ".git/x.txt",
            "README.md",
            "pic.jpg",
        ] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let (files, errors) = discover(&[d.to_path_buf()]);
        assert!(errors.is_empty());
        let names: Vec<String> = files
            .iter()
            .map(|p| p.strip_prefix(d).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.html", "b.txt", "sub/c.jsonl", "sub/noext"]);
    }

    #[test]
    fn missing_paths_are_errors_and_files_are_kept_once() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("notes.md");
        std::fs::write(&f, "x").unwrap();
        let missing = dir.path().join("nope");
        let (files, errors) = discover(&[f.clone(), missing.clone(), f.clone()]);
        assert_eq!(files, vec![f]);
        assert_eq!(errors.len(), 1);
        let msg = errors[0].to_string();
        assert!(
            msg.contains("nope") && msg.contains("no such file"),
            "{msg}"
        );
    }

    #[test]
    fn a_hidden_root_folder_is_still_walked() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(".corpus");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("a.txt"), "x").unwrap();
        let (files, _) = discover(&[root]);
        assert_eq!(files.len(), 1);
    }
}
