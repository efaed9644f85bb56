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
//! helper that finds itself on the starter's core moves to another
//! (`Starter`). Another core can be slow to come, too (a virtual core the
//! host has not running, up to milliseconds here), so the starter never
//! waits for a helper that has not begun: work is handed out an item at a
//! time, and the starter takes what is left.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};
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
    let (mut results, parts) = with_helpers(threads - 1, work, work);
    results.extend(parts.into_iter().flatten());
    results.sort_unstable_by_key(|&(i, _)| i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// `f` applied to every item of `items`, by a helper thread from the
/// start and by this thread once it has run `b`, whose result it returns.
/// Meant for `b` that must run at once, beside items that can be shared
/// out (file look-ups, say): where no helper can be started, or its core
/// is slow to come, this thread does the items itself after `b`.
pub fn for_each_alongside<T: Send, B>(
    items: &mut [T],
    f: impl Fn(&mut T) + Sync,
    b: impl FnOnce() -> B,
) -> B {
    // One item cannot be shared out, and a thread costs more to start
    // than a few look-ups take.
    if threads() < 2 || items.len() < 2 {
        let b = b();
        items.iter_mut().for_each(f);
        return b;
    }
    let queue = Mutex::new(items.iter_mut());
    let work = || {
        // The lock is held only to take the next item, never while `f` runs.
        while let Some(item) = queue.lock().ok().and_then(|mut q| q.next()) {
            f(item);
        }
    };
    with_helpers(1, work, || {
        let b = b();
        work();
        b
    })
    .0
}

/// Runs `here` on this thread beside `helper` on up to `count` new threads,
/// and returns what `here` gave and what each helper that could be started
/// gave. A thread the system cannot start leaves its share to the others.
///
/// A helper's result is taken as soon as `helper` returns, not when its
/// thread has ended: a thread's end (its allocator's heap given back, its
/// stack released) takes the kernel tens of microseconds, for which nobody
/// needs to wait. A helper's panic is the caller's panic, as if it had run
/// here.
fn with_helpers<H: Send, T>(
    count: usize,
    helper: impl Fn() -> H + Sync,
    here: impl FnOnce() -> T,
) -> (T, Vec<H>) {
    let done = Mutex::new(Vec::with_capacity(count));
    let panicked = Mutex::new(None);
    let run = || match std::panic::catch_unwind(std::panic::AssertUnwindSafe(&helper)) {
        Ok(h) => done.lock().unwrap_or_else(PoisonError::into_inner).push(h),
        Err(payload) => {
            let mut first = panicked.lock().unwrap_or_else(PoisonError::into_inner);
            first.get_or_insert(payload);
        }
    };
    // The scope ends when every helper has returned from `run`; their
    // handles are not joined, which would wait for the threads' end.
    let here = thread::scope(|scope| {
        let starter = Starter::here();
        for _ in 0..count {
            starter.start(scope, run);
        }
        starter.let_run();
        here()
    });
    if let Some(payload) = panicked
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
    {
        std::panic::resume_unwind(payload);
    }
    let done = done.into_inner().unwrap_or_else(PoisonError::into_inner);
    (here, done)
}

/// The thread that starts helpers, and the core it runs on, which a helper
/// queued there leaves (see the module's documentation).
#[derive(Clone, Copy)]
struct Starter {
    /// The core, where the system can tell it.
    core: Option<usize>,
}

impl Starter {
    /// The calling thread.
    fn here() -> Self {
        #[cfg(target_os = "linux")]
        let core = Some(rustix::thread::sched_getcpu());
        #[cfg(not(target_os = "linux"))]
        let core = None;
        Starter { core }
    }

    /// `f` on a new thread of `scope`. If the system cannot start one, `f`
    /// does not run: the caller's work is shared out so that the others
    /// then do it.
    fn start<'scope>(
        self,
        scope: &'scope thread::Scope<'scope, '_>,
        f: impl FnOnce() + Send + 'scope,
    ) {
        let helper = move || {
            self.move_off_shared_core();
            f()
        };
        // Not joined: see `with_helpers`.
        let _ = thread::Builder::new().spawn_scoped(scope, helper);
    }

    /// Lets helpers queued on the starter's core run now, instead of when
    /// the starter next waits. With nothing queued there, or no way to move
    /// threads, it returns at once.
    fn let_run(self) {
        if self.core.is_some() {
            thread::yield_now();
        }
    }

    /// Run by a helper: if it shares the starter's core, moves to another
    /// core it may run on, and leaves itself free to run anywhere again:
    /// only where it runs now changes. The starter keeps its core, whose
    /// caches hold what it has just built.
    ///
    /// Nothing depends on it but speed: if the system refuses, the two
    /// take turns until the scheduler moves one, and the starter takes the
    /// work the helper has not begun.
    #[cfg(target_os = "linux")]
    fn move_off_shared_core(self) {
        use rustix::thread::{sched_getaffinity, sched_getcpu, sched_setaffinity};
        let Some(core) = self.core.filter(|&core| core == sched_getcpu()) else {
            return;
        };
        let Ok(allowed) = sched_getaffinity(None) else {
            return;
        };
        let mut elsewhere = allowed;
        elsewhere.unset(core);
        // The first call moves this thread before it returns.
        if elsewhere.count() > 0 && sched_setaffinity(None, &elsewhere).is_ok() {
            // Where the first call succeeded, with a subset of the allowed
            // cores, this one cannot fail.
            let _ = sched_setaffinity(None, &allowed);
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
    fn alongside_does_every_item_once_and_returns_b() {
        for n in [0, 1, 2, 31, 575] {
            let mut items: Vec<(u64, u32)> = (0..n).map(|i| (i, 0)).collect();
            let b = for_each_alongside(&mut items, |(_, seen)| *seen += 1, || n * 2);
            assert_eq!(b, n * 2);
            assert!(items.iter().all(|&(_, seen)| seen == 1));
        }
    }

    #[test]
    fn alongside_shares_out_slow_items_and_runs_each_once() {
        // `b` returns at once and every item takes a while, so both
        // threads take items, whichever comes first.
        let runs = AtomicUsize::new(0);
        let mut items = vec![0u8; 16];
        for_each_alongside(
            &mut items,
            |x| {
                std::thread::sleep(std::time::Duration::from_millis(1));
                *x += 1;
                runs.fetch_add(1, Ordering::Relaxed);
            },
            || (),
        );
        assert_eq!(runs.load(Ordering::Relaxed), 16);
        assert!(items.iter().all(|&x| x == 1));
    }

    #[test]
    #[should_panic(expected = "item 3")]
    fn a_panic_alongside_reaches_the_caller() {
        let mut items: Vec<usize> = (0..10).collect();
        for_each_alongside(&mut items, |i| assert!(*i != 3, "item {i}"), || ());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_helper_that_moves_stays_free_to_run_anywhere() {
        use rustix::thread::sched_getaffinity;
        let before = sched_getaffinity(None).expect("affinity");
        // As a helper on its starter's core would.
        Starter::here().move_off_shared_core();
        let after = sched_getaffinity(None).expect("affinity");
        assert_eq!(before, after);
    }

    #[test]
    fn every_helper_that_starts_gives_its_result() {
        let (here, helpers) = with_helpers(3, || 7, || 1);
        assert_eq!(here, 1);
        assert!(helpers.len() <= 3 && helpers.iter().all(|&h| h == 7));
    }

    #[test]
    #[should_panic(expected = "in the helper")]
    fn a_helpers_panic_keeps_its_message() {
        // Nothing panics here, so the panic can only come from the helper,
        // whose end the scope waits for.
        with_helpers(1, || panic!("in the helper"), || ());
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
