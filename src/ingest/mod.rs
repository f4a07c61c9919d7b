//! Stage 1, ingest: files, folders and JSON Lines in, [`Article`]s out.
//!
//! STUB: to be written (helper A). Public API other stages rely on is below.

use std::path::{Path, PathBuf};

use crate::model::Article;

/// Why a source could not be read as an article.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The path could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// Options for reading sources.
#[derive(Clone, Debug, Default)]
pub struct IngestOptions {}

/// Every file under `paths` (folders walked recursively), in a stable order; paths that cannot
/// be read come back as errors.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    (paths.to_vec(), Vec::new())
}

/// Reads one file into its articles (one for a text or HTML file, one per line for JSON Lines).
pub fn read_source(path: &Path, _opts: &IngestOptions) -> Vec<Result<Article, IngestError>> {
    vec![Err(IngestError::Io {
        path: path.into(),
        source: std::io::Error::other("ingest not written yet"),
    })]
}

/// The id of an article: hash of its normalised text, as hex.
pub fn article_id(text: &str) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(text.as_bytes()))
}
