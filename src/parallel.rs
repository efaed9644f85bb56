//! Independent work spread over the machine's cores, results in input order.
//!
//! A whole code has hundreds of section files and dozens of changed
//! sections; reading, parsing and comparing them are independent of each
//! other, so they run on scoped threads. Small inputs stay on the calling
//! thread, where starting threads would cost more than it saves.
//!
//! Linux may queue a new thread on the core of the thread that started it,
//! and the two then take turns there until the scheduler moves one of them:
//! on the virtual machine novelle is measured on, 0.4–1.1 ms later, as long
//! as the work itself. So the starter lets its helpers run at once, and a
//! helper that finds itself on the starter's core moves the starter to
//! another ([`Starter`]); both then run side by side. The helper keeps the
//! core, whose caches are warm, and the starter pays for waking another.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
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
    // Items are handed out one at a time, not in shares fixed beforehand:
    // a thread that gets less of the machine (a core busy with other work,
    // a virtual core the host runs less) then takes fewer, and none waits
    // long for another at the end.
    let next = AtomicUsize::new(0);
    let work = || -> Vec<(usize, R)> {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut results: Vec<(usize, R)> = thread::scope(|scope| {
        // A thread the system cannot start leaves its items to the others.
        let starter = Starter::here();
        let workers: Vec<_> = (1..threads)
            .filter_map(|_| starter.start(scope, work))
            .collect();
        starter.let_run();
        let mut results = work();
        for worker in workers {
            match worker.join() {
                Ok(part) => results.extend(part),
                // A worker's panic is the caller's panic, as if it had run here.
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        results
    });
    results.sort_unstable_by_key(|&(i, _)| i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// `a` and `b` at the same time, `a` on a second thread and `b` on this
/// one; one after the other where there is one core, or no thread can be
/// started. Meant for `a` that waits on the system (file look-ups, say)
/// while `b` computes.
pub fn join<A, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B)
where
    A: Send,
{
    if threads() < 2 {
        return (a(), b());
    }
    // `a` waits in a slot for the second thread. If that has not taken it
    // out by the time `b` is done (it could not be started, or has not yet
    // had a core), this thread takes it out and runs it. The slot stays
    // locked while `a` runs, so this thread then waits for a running `a`
    // and does not run it twice.
    let slot = Mutex::new(Some(a));
    let run = || slot.lock().ok()?.take().map(|a| a());
    thread::scope(|scope| {
        let starter = Starter::here();
        let worker = starter.start(scope, run);
        starter.let_run();
        let b = b();
        let here = run();
        let from_worker = worker.and_then(|w| match w.join() {
            Ok(a) => a,
            // A worker's panic is the caller's panic, as if it had run here.
            Err(payload) => std::panic::resume_unwind(payload),
        });
        // Exactly one of the two took `a` out of its slot and ran it.
        let a = here
            .or(from_worker)
            .expect("`a` ran on one of the two threads");
        (a, b)
    })
}

/// The thread that starts helpers: where it runs, so that a helper queued
/// on the same core can move it away (see the module's documentation).
#[derive(Clone, Copy)]
struct Starter {
    /// Its thread id and core, where the system can tell them.
    at: Option<(Tid, usize)>,
}

#[cfg(target_os = "linux")]
type Tid = rustix::thread::Pid;
#[cfg(not(target_os = "linux"))]
type Tid = ();

impl Starter {
    /// The calling thread.
    fn here() -> Self {
        #[cfg(target_os = "linux")]
        let at = Some((rustix::thread::gettid(), rustix::thread::sched_getcpu()));
        #[cfg(not(target_os = "linux"))]
        let at = None;
        Starter { at }
    }

    /// `f` on a new thread of `scope`, or `None` if none can be started.
    fn start<'scope, T: Send + 'scope>(
        self,
        scope: &'scope thread::Scope<'scope, '_>,
        f: impl FnOnce() -> T + Send + 'scope,
    ) -> Option<thread::ScopedJoinHandle<'scope, T>> {
        let helper = move || {
            self.move_off_shared_core();
            f()
        };
        thread::Builder::new().spawn_scoped(scope, helper).ok()
    }

    /// Lets helpers queued on the starter's core run now, instead of when
    /// the starter next waits. With nothing queued there, or no way to move
    /// threads, it returns at once.
    fn let_run(self) {
        if self.at.is_some() {
            thread::yield_now();
        }
    }

    /// Run by a helper: if it shares the starter's core, moves the starter
    /// to another core it may run on, and leaves it free to run anywhere
    /// again: only where it runs now changes.
    ///
    /// Nothing depends on it but speed: if the system refuses, the two
    /// take turns until the scheduler moves one, and the starter takes back
    /// work its helpers have not begun (see [`join`] and [`map`]).
    #[cfg(target_os = "linux")]
    fn move_off_shared_core(self) {
        use rustix::thread::{sched_getaffinity, sched_getcpu, sched_setaffinity};
        let Some((tid, core)) = self.at.filter(|&(_, core)| core == sched_getcpu()) else {
            return;
        };
        let Ok(allowed) = sched_getaffinity(Some(tid)) else {
            return;
        };
        let mut elsewhere = allowed;
        elsewhere.unset(core);
        if elsewhere.count() > 0 && sched_setaffinity(Some(tid), &elsewhere).is_ok() {
            // Where the first call succeeded, with a subset of the allowed
            // cores, this one cannot fail.
            let _ = sched_setaffinity(Some(tid), &allowed);
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn move_off_shared_core(self) {}
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
    fn join_gives_both_results() {
        let items: Vec<u64> = (1..=1000).collect();
        let (sum, product) = join(
            || items.iter().sum::<u64>(),
            || items.iter().take(10).product::<u64>(),
        );
        assert_eq!((sum, product), (500_500, 3_628_800));
    }

    #[test]
    fn join_runs_each_side_once() {
        // Sometimes the second thread takes `a`, sometimes this one does.
        let runs = AtomicUsize::new(0);
        for i in 0..200 {
            let (a, b) = join(
                || {
                    runs.fetch_add(1, Ordering::Relaxed);
                    i * 2
                },
                || i + 1,
            );
            assert_eq!((a, b), (i * 2, i + 1));
        }
        assert_eq!(runs.load(Ordering::Relaxed), 200);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_moved_starter_stays_free_to_run_anywhere() {
        use rustix::thread::sched_getaffinity;
        let before = sched_getaffinity(None).expect("affinity");
        // As a helper on this thread's core would.
        Starter::here().move_off_shared_core();
        let after = sched_getaffinity(None).expect("affinity");
        assert_eq!(before, after);
    }

    #[test]
    fn keeps_the_order_of_the_items() {
        for n in [0, 1, 7, 8, 9, 100, 1001] {
            let items: Vec<usize> = (0..n).collect();
            let squares = map(&items, |i| i * i);
            assert_eq!(squares, items.iter().map(|i| i * i).collect::<Vec<_>>());
        }
    }

    #[test]
    fn uneven_work_comes_back_whole_and_in_order() {
        // The first items take long, so the other threads take the rest.
        let items: Vec<u64> = (0..64).collect();
        let slow = map(&items, |&i| {
            if i < 2 {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            i + 1
        });
        assert_eq!(slow, (1..=64).collect::<Vec<u64>>());
    }

    #[test]
    #[should_panic(expected = "item 9")]
    fn a_panic_on_any_thread_reaches_the_caller() {
        let items: Vec<usize> = (0..100).collect();
        map(&items, |&i| assert!(i != 9, "item {i}"));
    }

    #[test]
    fn borrows_from_the_caller() {
        let words = vec!["Mißbrauch".to_owned(); 20];
        let lens = map(&words, |w| w.len());
        assert!(lens.iter().all(|&l| l == "Mißbrauch".len()));
    }
}
