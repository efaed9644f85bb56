//! A cache of the listings of section directories. A whole code's directory
//! holds hundreds of files, and listing it costs, after checking each file's
//! fingerprint, the most of loading a store from its cache.
//!
//! Adding, removing or renaming an entry sets a directory's modification
//! and change times, so a listing is taken from the cache while the
//! directory's [`Fingerprint`] is the one it had when it was listed; and,
//! as for files, only a listing of a directory left alone long enough for a
//! later change to show in its fingerprint is kept. The fingerprint is
//! taken before the listing: a change in between then shows as a changed
//! directory, never as a stale listing.

use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::source::{Entry, Fingerprint, Source};

/// Names the layout of a listing file; a file of another layout is not read.
const FORMAT: &str = "novelle listing 1";

/// A listing as stored.
#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    format: &'a str,
    /// The directory's fingerprint when it was listed.
    fingerprint: Fingerprint,
    /// Names, and whether each is a directory, sorted by name.
    #[serde(borrow)]
    entries: Vec<(&'a str, bool)>,
}

/// The entries of the directory `dir` of `source`, sorted by name, as
/// [`Source::list`] gives them: from the listing cached beside the
/// directory's section cache at `cache` (see [`Source::cache_file`]) while
/// the directory is unchanged, else listed (and cached, if it has settled
/// by `now`).
pub(super) fn list(
    source: &dyn Source,
    dir: &str,
    cache: Option<&Path>,
    now: SystemTime,
) -> io::Result<Vec<Entry>> {
    let cached = cache.zip(source.dir_fingerprint(dir));
    let Some((base, fingerprint)) = cached else {
        return source.list(dir);
    };
    let path = file(base);
    if let Some(entries) = read(&path, fingerprint) {
        return Ok(entries);
    }
    let entries = source.list(dir)?;
    if fingerprint.settled(now) {
        // A listing that cannot be cached costs the next run time, nothing else.
        let _ = write(&path, fingerprint, &entries);
    }
    Ok(entries)
}

/// The listing file beside the section cache at `base`.
fn file(base: &Path) -> PathBuf {
    let mut name = base.as_os_str().to_owned();
    name.push("-listing.postcard");
    PathBuf::from(name)
}

/// The listing at `path`, if it is of a directory with `fingerprint`.
fn read(path: &Path, fingerprint: Fingerprint) -> Option<Vec<Entry>> {
    let bytes = std::fs::read(path).ok()?;
    let stored: Stored<'_> = postcard::from_bytes(&bytes).ok()?;
    if stored.format != FORMAT || stored.fingerprint != fingerprint {
        return None;
    }
    // Names a directory cannot hold would lead outside it: such a listing
    // was not written by `write`.
    let entry = |&(name, is_dir): &(&str, bool)| {
        let plain =
            !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0']);
        plain.then(|| Entry {
            name: name.to_owned(),
            is_dir,
        })
    };
    stored.entries.iter().map(entry).collect()
}

fn write(path: &Path, fingerprint: Fingerprint, entries: &[Entry]) -> io::Result<()> {
    let stored = Stored {
        format: FORMAT,
        fingerprint,
        entries: entries
            .iter()
            .map(|e| (e.name.as_str(), e.is_dir))
            .collect(),
    };
    let bytes = postcard::to_allocvec(&stored).map_err(io::Error::other)?;
    super::cache::replace(path, &bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::load::DirSource;
    use crate::load::counting::{Counting, let_the_clock_tick};

    struct Fixture {
        store: tempfile::TempDir,
        source: Counting,
        _cache: tempfile::TempDir,
    }

    impl Fixture {
        fn new() -> Fixture {
            let store = tempfile::tempdir().unwrap();
            let cache = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(store.path().join("stgb/sub")).unwrap();
            for name in ["176.toml", "176a.toml"] {
                std::fs::write(store.path().join("stgb").join(name), "").unwrap();
            }
            let source = Counting::new(DirSource::new(store.path()).with_cache_dir(cache.path()));
            Fixture {
                store,
                source,
                _cache: cache,
            }
        }

        /// The listing of stgb/ as of `now`, and whether it was listed.
        fn list_at(&self, now: SystemTime) -> (Vec<Entry>, bool) {
            let before = self.source.listings.get();
            let cache = self.source.cache_file("stgb");
            let entries = list(&self.source, "stgb", cache.as_deref(), now).unwrap();
            (entries, self.source.listings.get() > before)
        }

        /// The same, as of a minute from now, when the directory has settled.
        fn list(&self) -> (Vec<Entry>, bool) {
            self.list_at(SystemTime::now() + Duration::from_secs(60))
        }
    }

    #[test]
    fn an_unchanged_directory_is_listed_once() {
        let f = Fixture::new();
        let (first, listed) = f.list();
        assert!(listed);
        let names: Vec<&str> = first.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["176.toml", "176a.toml", "sub"]);
        assert!(first[2].is_dir && !first[0].is_dir);
        let (second, listed) = f.list();
        assert!(!listed, "the second listing comes from the cache");
        assert_eq!(first, second);
    }

    #[test]
    fn added_removed_and_renamed_entries_show() {
        let f = Fixture::new();
        let dir = f.store.path().join("stgb");
        let changes: [&dyn Fn(); 3] = [
            &|| std::fs::write(dir.join("177.toml"), "").unwrap(),
            &|| std::fs::remove_file(dir.join("176.toml")).unwrap(),
            &|| std::fs::rename(dir.join("176a.toml"), dir.join("176b.toml")).unwrap(),
        ];
        for change in changes {
            f.list();
            let_the_clock_tick();
            change();
            let (entries, listed) = f.list();
            assert!(listed);
            assert_eq!(
                entries,
                DirSource::new(f.store.path()).list("stgb").unwrap()
            );
        }
    }

    #[test]
    fn a_directory_changed_just_now_is_not_cached() {
        let f = Fixture::new();
        f.list_at(SystemTime::now());
        assert!(f.list().1, "listed again");
    }

    #[test]
    fn a_damaged_listing_is_listed_again() {
        let f = Fixture::new();
        let (first, _) = f.list();
        let base = f.source.cache_file("stgb").unwrap();
        let path = file(&base);
        let bytes = std::fs::read(&path).unwrap();
        for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            let (entries, listed) = f.list();
            assert!(listed, "{cut}");
            assert_eq!(entries, first);
        }
        // Another layout's listing of the same directory.
        let fingerprint = f.source.dir_fingerprint("stgb").unwrap();
        let other = Stored {
            format: "novelle listing 0",
            fingerprint,
            entries: vec![("x.toml", false)],
        };
        std::fs::write(&path, postcard::to_allocvec(&other).unwrap()).unwrap();
        let (entries, listed) = f.list();
        assert!(listed);
        assert_eq!(entries, first);
        // Names that lead outside the directory, under its fingerprint.
        for name in ["../../etc/passwd.toml", "..", "a\\b.toml", ""] {
            let outside = Stored {
                format: FORMAT,
                fingerprint,
                entries: vec![("176.toml", false), (name, false)],
            };
            std::fs::write(&path, postcard::to_allocvec(&outside).unwrap()).unwrap();
            let (entries, listed) = f.list();
            assert!(listed, "{name}");
            assert_eq!(entries, first);
        }
    }

    #[test]
    fn without_a_cache_the_directory_is_listed() {
        let f = Fixture::new();
        let plain = DirSource::new(f.store.path());
        let entries = list(
            &plain,
            "stgb",
            None,
            SystemTime::now() + Duration::from_secs(60),
        );
        assert_eq!(entries.unwrap(), plain.list("stgb").unwrap());
        assert!(
            list(&plain, "none", None, SystemTime::now())
                .unwrap()
                .is_empty()
        );
    }
}
