//! Stage 8, store: the embedded SQLite file (one file, WAL, versioned schema, one transaction
//! per article).
//!
//! STUB: to be written (helper D).
