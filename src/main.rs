//! `vigie`: the command-line interface, a thin layer over the library.
//!
//! Everything that decides something lives in the library (`batch`, `store`, `query`,
//! `export`); this binary parses arguments, opens the store, draws progress and turns errors
//! into one readable line and an exit status.

mod cli;

use std::process::ExitCode;

/// mimalloc rather than the system allocator: analysis allocates many small, short-lived
/// values on every thread, where glibc's malloc spent a sixth of an ingest's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`, which its Rust binding does not name: the sixteenth
/// option of mimalloc v3's `mimalloc.h` (a test checks its default, 1000 ms).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Returns freed memory to the system at once rather than after mimalloc's default second: an
/// ingest frees large buffers (a batch of analysed articles, the mentions read for resolve)
/// while allocating the next, and the delay let peak RSS grow by a sixth for no measurable
/// speed. A read command is left the delay: it grows its buffers (rows, then events) in steps,
/// and purging each step's old buffer had the next fault fresh pages in, a third of the time
/// of a long timeline.
fn purge_freed_memory_at_once() {
    // SAFETY: called in `main` before any other thread exists, as mimalloc asks of
    // `mi_option_set` (not thread-safe); the option takes any integer.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}

fn main() -> ExitCode {
    let invocation = cli::parse();
    if invocation.analyses_in_bulk() {
        purge_freed_memory_at_once();
    }
    match cli::run(invocation) {
        Ok(code) => code,
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("vigie: {}", cli::error_line(&err));
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // The options beside it default to 1 (eager commit delay) and 0 (NUMA nodes); the purge
        // delay alone defaults to 1000 ms, so a shifted enum in a new mimalloc fails here.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            eprintln!("skipped: MIMALLOC_PURGE_DELAY is set");
            return;
        }
        // SAFETY: reading an option; no test in this binary sets one.
        let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
