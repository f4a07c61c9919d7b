//! Runs the query benchmark until `vigie bench --queries` is wired to it:
//! `cargo run --release --example query_bench -- DIR [EVENTS [SEED [RUNS]]]`.

use std::path::PathBuf;
use std::process::ExitCode;

use vigie::bench::queries::run_query_bench;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: query_bench DIR [EVENTS [SEED [RUNS]]]");
        return ExitCode::FAILURE;
    };
    let number = |i: usize, default: u64| -> Option<u64> {
        args.get(i).map_or(Some(default), |a| a.parse().ok())
    };
    let (Some(events), Some(seed), Some(runs)) = (number(1, 1_000_000), number(2, 1), number(3, 5))
    else {
        eprintln!("EVENTS, SEED and RUNS are whole numbers");
        return ExitCode::FAILURE;
    };
    match run_query_bench(&dir, events as usize, seed, runs as usize) {
        Ok(report) => {
            println!("{report}");
            match serde_json::to_string(&report) {
                Ok(json) => println!("{json}"),
                Err(e) => eprintln!("query_bench: {e}"),
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("query_bench: {e}");
            ExitCode::FAILURE
        }
    }
}
