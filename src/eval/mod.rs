//! Scoring against gold annotations, exactly as `shared/eval/FORMAT.md` and its reference
//! scorer `score.py` do.
//!
//! STUB: to be written (helper E).
