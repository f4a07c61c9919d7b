//! `vigie bench`: measuring the whole pipeline on a folder of articles or a synthetic corpus.

pub mod synthetic;
