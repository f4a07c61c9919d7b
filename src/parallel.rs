//! Work spread over threads, with the results in input order so that what a stage computes never
//! depends on the number of threads or on which thread finished first.
//!
//! Written by hand rather than taken from rayon: the stages need one ordered map over a list of
//! unequal jobs, which is a few lines over `std::thread::scope`, and rayon would bring its own
//! thread pool and four crates for it.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Applies `f` to every item on up to `threads` threads and returns the results in the order of
/// `items`. Items are handed out one at a time, the heaviest by `weigh` first, so one large item
/// does not leave the other threads idle at the end.
pub fn map_in_order<I, O, F, W>(items: Vec<I>, threads: usize, weigh: W, f: F) -> Vec<O>
where
    I: Send,
    O: Send,
    F: Fn(I) -> O + Sync,
    W: Fn(&I) -> usize,
{
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.into_iter().map(f).collect();
    }
    let mut schedule: Vec<usize> = (0..items.len()).collect();
    schedule.sort_by_key(|&i| std::cmp::Reverse(weigh(&items[i])));
    let slots: Vec<Mutex<Option<I>>> = items.into_iter().map(|i| Mutex::new(Some(i))).collect();
    let results: Vec<Mutex<Option<O>>> = slots.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (slots, results, schedule, next, f) = (&slots, &results, &schedule, &next, &f);
            scope.spawn(move || {
                while let Some(&i) = schedule.get(next.fetch_add(1, Ordering::Relaxed)) {
                    // Each slot is taken by exactly one thread, so no lock is ever contended;
                    // a poisoned one means another thread panicked, and the scope re-raises that.
                    let item = slots[i].lock().ok().and_then(|mut s| s.take());
                    if let Some(item) = item {
                        let out = f(item);
                        if let Ok(mut r) = results[i].lock() {
                            *r = Some(out);
                        }
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .filter_map(|r| r.into_inner().ok().flatten())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_input_order_whatever_the_threads() {
        let items: Vec<u64> = (0..200).collect();
        let square = |x: u64| {
            // Uneven work, so threads finish out of order.
            std::thread::sleep(std::time::Duration::from_micros((x * 7) % 50));
            x * x
        };
        let once = map_in_order(items.clone(), 1, |_| 1, square);
        for threads in [2, 3, 8, 500] {
            assert_eq!(
                map_in_order(items.clone(), threads, |&x| x as usize % 13, square),
                once
            );
        }
        assert_eq!(once[199], 199 * 199);
        assert!(map_in_order(Vec::<u64>::new(), 4, |_| 1, square).is_empty());
    }
}
