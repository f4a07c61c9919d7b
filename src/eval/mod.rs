//! Scoring against gold annotations, exactly as `shared/eval/FORMAT.md` and its reference
//! scorer `score.py` do: `vigie eval` and `python3 score.py` print the same figures on the same
//! files (a test runs both).
//!
//! - [`gold`] reads gold events and system events (JSON Lines);
//! - [`score()`] matches them, per article, with the [`hungarian`] method and counts;
//! - [`Score`] prints itself as `score.py` does (`Display`, [`Score::report`]).
//!
//! Where `score.py` relies on Python (dates cut and split as strings, `str()` of a JSON value,
//! `\w` words, `round` and float printing), [`python`] reproduces it, so that ties and rounding
//! come out the same, not just close.

pub mod dates;
pub mod explain;
pub mod gold;
pub mod hungarian;
pub mod plover;
pub mod python;
pub mod score;

use std::path::{Path, PathBuf};

pub use explain::{Explanation, Finding, Reason, explain};
pub use gold::{GoldEvent, GoldMention, parse_gold, parse_system, read_gold, read_system};
pub use score::{MatchedPair, MissedPair, Score, ScoreOptions, SpuriousPair, TypeCounts, score};

/// Why a gold or system file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The file is not UTF-8 text.
    #[error("{path}: not UTF-8 text")]
    NotUtf8 {
        /// The file.
        path: PathBuf,
    },
    /// A line of the file is wrong.
    #[error("{path}:{line}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl EvalError {
    /// An error at `line` of `path`.
    pub fn invalid(path: &Path, line: usize, message: impl Into<String>) -> EvalError {
        EvalError::Invalid {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}
