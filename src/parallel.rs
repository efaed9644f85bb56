//! Independent work spread over the machine's cores, results in input order.
//!
//! A whole code has hundreds of section files and dozens of changed
//! sections; reading, parsing and comparing them are independent of each
//! other, so they run on scoped threads. Small inputs stay on the calling
//! thread, where starting threads would cost more than it saves.

use std::num::NonZeroUsize;
use std::sync::OnceLock;
use std::thread;

/// Below this many items the work runs on the calling thread.
const MIN_ITEMS: usize = 8;

/// `f` applied to every item, on up to as many threads as there are cores;
/// the results come back in the order of `items`.
pub fn map<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = threads();
    if threads < 2 || items.len() < MIN_ITEMS {
        return items.iter().map(&f).collect();
    }
    // Interleaved, not contiguous, chunks: neighbouring sections are similar
    // in size, so every thread gets a fair share of the big ones.
    let f = &f;
    let share =
        move |t: usize| -> Vec<R> { items.iter().skip(t).step_by(threads).map(f).collect() };
    let parts: Vec<Vec<R>> = thread::scope(|scope| {
        // A thread the system cannot start leaves its share to this one.
        let workers: Vec<_> = (1..threads)
            .map(|t| {
                (
                    t,
                    thread::Builder::new()
                        .spawn_scoped(scope, move || share(t))
                        .ok(),
                )
            })
            .collect();
        let mut parts = vec![share(0)];
        parts.extend(
            workers
                .into_iter()
                .map(|(t, worker)| match worker.map(|w| w.join()) {
                    Some(Ok(part)) => part,
                    // A worker's panic is the caller's panic, as if it had run here.
                    Some(Err(payload)) => std::panic::resume_unwind(payload),
                    None => share(t),
                }),
        );
        parts
    });
    let mut iters: Vec<_> = parts.into_iter().map(Vec::into_iter).collect();
    (0..items.len())
        .filter_map(|i| iters[i % threads].next())
        .collect()
}

/// How many threads to use: asked once, since on Linux the answer means
/// reading the process's cgroup files.
fn threads() -> usize {
    static THREADS: OnceLock<usize> = OnceLock::new();
    *THREADS.get_or_init(|| thread::available_parallelism().map_or(1, NonZeroUsize::get))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order_of_the_items() {
        for n in [0, 1, 7, 8, 9, 100, 1001] {
            let items: Vec<usize> = (0..n).collect();
            let squares = map(&items, |i| i * i);
            assert_eq!(squares, items.iter().map(|i| i * i).collect::<Vec<_>>());
        }
    }

    #[test]
    fn borrows_from_the_caller() {
        let words = vec!["Mißbrauch".to_owned(); 20];
        let lens = map(&words, |w| w.len());
        assert!(lens.iter().all(|&l| l == "Mißbrauch".len()));
    }
}
