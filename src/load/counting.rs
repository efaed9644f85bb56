//! For tests: a directory source that counts what it reads and lists, and
//! a pause that lets the file system's clock tick.

use std::cell::Cell;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

use super::source::{DirSource, Entry, Fingerprint, Fingerprints, Source};

/// A [`DirSource`] that counts the files it reads and the directories it
/// lists.
pub(super) struct Counting {
    pub dir: DirSource,
    pub reads: Cell<usize>,
    pub listings: Cell<usize>,
}

impl Counting {
    pub fn new(dir: DirSource) -> Counting {
        Counting {
            dir,
            reads: Cell::new(0),
            listings: Cell::new(0),
        }
    }
}

impl Source for Counting {
    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        self.reads.set(self.reads.get() + 1);
        self.dir.read(path)
    }
    fn list(&self, path: &str) -> io::Result<Vec<Entry>> {
        self.listings.set(self.listings.get() + 1);
        self.dir.list(path)
    }
    fn display(&self, path: &str) -> String {
        self.dir.display(path)
    }
    fn fingerprints(&self, dir: &str) -> Option<Fingerprints> {
        self.dir.fingerprints(dir)
    }
    fn dir_fingerprint(&self, dir: &str) -> Option<Fingerprint> {
        self.dir.dir_fingerprint(dir)
    }
    fn cache_file(&self, dir: &str) -> Option<PathBuf> {
        self.dir.cache_file(dir)
    }
}

/// Tests that cache run their clock a minute ahead, past the settling time
/// that covers a change within one tick of the file system's clock; a test
/// that changes a file or directory after caching it waits for that tick
/// first, so the change shows in the fingerprint.
pub(super) fn let_the_clock_tick() {
    std::thread::sleep(Duration::from_millis(50));
}
