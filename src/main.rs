//! `vigie`: the command-line interface, a thin layer over the library.
//!
//! Everything that decides something lives in the library (`batch`, `store`, `query`,
//! `export`); this binary parses arguments, opens the store, draws progress and turns errors
//! into one readable line and an exit status.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("vigie: {}", cli::error_line(&err));
            ExitCode::FAILURE
        }
    }
}
