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

/// How long mimalloc keeps freed memory before returning it to the system during a bulk
/// analysis, in milliseconds.
const BULK_PURGE_DELAY_MS: std::os::raw::c_long = 100;

/// Tunes memory for a bulk analysis (an ingest, a corpus bench): freed memory goes back to the
/// system after a tenth of a second rather than mimalloc's default second, and the process takes
/// no transparent huge pages.
///
/// An ingest frees large buffers (a batch of analysed articles, the mentions read for resolve)
/// while allocating the next: the default delay let peak RSS grow by a sixth, while purging at
/// once had the kernel unmap and zero pages again and again (a twentieth of a 10,000-article
/// ingest's samples were madvise, TLB flushes and page faults). Huge pages, which this machine
/// gives every large anonymous mapping, make each 2 MiB an allocator touches resident whole.
/// Over 100,000 synthetic articles (`vigie bench --synthetic 100000 --runs 1`, one run each):
/// purging at once 578 articles/s and 238 MB; this 610 articles/s and 223 MB. A read command
/// is left the defaults: it grows its buffers (rows, then events) in steps, and purging each
/// step's old buffer had the next fault fresh pages in, a third of the time of a long timeline.
fn tune_memory_for_bulk_analysis() {
    // SAFETY: called in `main` before any other thread exists, as mimalloc asks of
    // `mi_option_set` (not thread-safe); the option takes any integer.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, BULK_PURGE_DELAY_MS) }
    disable_huge_pages();
}

/// Keeps transparent huge pages off for this process (Linux; elsewhere nothing to do). A
/// kernel without the option keeps its huge pages, which costs memory, not correctness.
fn disable_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes one integer flag and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    let invocation = cli::parse();
    if invocation.analyses_in_bulk() {
        tune_memory_for_bulk_analysis();
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

    #[cfg(target_os = "linux")]
    #[test]
    fn huge_pages_are_turned_off() {
        disable_huge_pages();
        // SAFETY: PR_GET_THP_DISABLE reads one flag of this process.
        let off = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(off, 1);
    }
}
