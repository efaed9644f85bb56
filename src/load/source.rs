//! Where the store's files come from: a directory, or a git revision (see `git.rs`).

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

/// An entry of a listed directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The file or directory name.
    pub name: String,
    /// Whether it is a directory.
    pub is_dir: bool,
}

/// Read access to a store's files; paths are relative to the store root and
/// use "/" as separator.
pub trait Source {
    /// The bytes of the file at `path`.
    fn read(&self, path: &str) -> io::Result<Vec<u8>>;

    /// The bytes of each file in `paths`, in order. The default reads one
    /// after another; a source that can read concurrently does so.
    fn read_all(&self, paths: &[String]) -> Vec<io::Result<Vec<u8>>> {
        paths.iter().map(|p| self.read(p)).collect()
    }

    /// The entries of the directory at `path`, sorted by name; an absent
    /// directory lists as empty.
    fn list(&self, path: &str) -> io::Result<Vec<Entry>>;

    /// How diagnostics name the file at `path`.
    fn display(&self, path: &str) -> String;

    /// What takes the [`Fingerprint`]s of the files of the directory
    /// `dir`; `None` where the source cannot tell when a file changed. Only
    /// files with a fingerprint are cached. It may be sent to another
    /// thread, so that the look-ups run while the caller reads its cache.
    fn fingerprints(&self, dir: &str) -> Option<Fingerprints> {
        let _ = dir;
        None
    }

    /// A fingerprint of the directory `dir` that changes whenever an entry
    /// is added, removed or renamed; `None` where the source cannot tell.
    /// Only directories with a fingerprint have their listing cached.
    fn dir_fingerprint(&self, dir: &str) -> Option<Fingerprint> {
        let _ = dir;
        None
    }

    /// Where to cache what was loaded from the directory `dir`, if this
    /// source keeps a cache: a path that `cache.rs` completes with the
    /// build's name.
    fn cache_file(&self, dir: &str) -> Option<PathBuf> {
        let _ = dir;
        None
    }
}

/// What the file system says of a file: if none of it changed, neither did
/// the file's content. Like git's index, it takes the change time and inode
/// as well as size and modification time, so a file rewritten with the same
/// size and its modification time set back still shows as changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
    device: u64,
}

/// How long a file must have been left alone before its fingerprint is
/// trusted: a file written again within the same tick of the file system's
/// clock could keep its times. Far longer than any such tick.
const SETTLE: Duration = Duration::from_secs(2);

impl Fingerprint {
    /// The fingerprint of the file `path`; `None` where it cannot be taken.
    #[cfg(unix)]
    pub fn of(path: &Path) -> Option<Fingerprint> {
        Fingerprint::at(rustix::fs::CWD, path)
    }

    /// Without unix file times and inodes nothing is cached.
    #[cfg(not(unix))]
    pub fn of(_path: &Path) -> Option<Fingerprint> {
        None
    }

    /// The fingerprint of the directory `path`: its times change whenever
    /// an entry is added, removed or renamed. `None` where it cannot be taken.
    #[cfg(unix)]
    pub fn of_dir(path: &Path) -> Option<Fingerprint> {
        use rustix::fs::{AtFlags, FileType, statat};
        let m = statat(rustix::fs::CWD, path, AtFlags::empty()).ok()?;
        Fingerprint::from_stat(&m, FileType::Directory)
    }

    /// Without unix file times and inodes nothing is cached.
    #[cfg(not(unix))]
    pub fn of_dir(_path: &Path) -> Option<Fingerprint> {
        None
    }

    /// The fingerprint of the file `path` relative to the directory `dir`:
    /// for a file in an open directory, the kernel then looks up one name
    /// instead of walking the whole path.
    #[cfg(unix)]
    // The types of `stat`'s fields differ between systems; on some, a
    // conversion below is to the same type.
    #[allow(clippy::useless_conversion)]
    fn at(dir: impl std::os::fd::AsFd, path: impl rustix::path::Arg) -> Option<Fingerprint> {
        use rustix::fs::{AtFlags, FileType, statat};
        let m = statat(dir, path, AtFlags::empty()).ok()?;
        Fingerprint::from_stat(&m, FileType::RegularFile)
    }

    /// The fingerprint `stat` gives, if it is of the file type `kind`.
    #[cfg(unix)]
    // The types of `stat`'s fields differ between systems; on some, a
    // conversion below is to the same type.
    #[allow(clippy::useless_conversion)]
    fn from_stat(m: &rustix::fs::Stat, kind: rustix::fs::FileType) -> Option<Fingerprint> {
        if rustix::fs::FileType::from_raw_mode(m.st_mode.into()) != kind {
            return None;
        }
        let time = |secs, nanos| Some((i64::try_from(secs).ok()?, i64::try_from(nanos).ok()?));
        Some(Fingerprint {
            len: u64::try_from(m.st_size).ok()?,
            modified: time(m.st_mtime, m.st_mtime_nsec)?,
            changed: time(m.st_ctime, m.st_ctime_nsec)?,
            inode: u64::try_from(m.st_ino).ok()?,
            device: u64::try_from(m.st_dev).ok()?,
        })
    }

    /// Whether the file was last touched long enough before `now` that a
    /// later change would show in its fingerprint.
    pub fn settled(&self, now: SystemTime) -> bool {
        let Ok(now) = now.duration_since(SystemTime::UNIX_EPOCH) else {
            return false;
        };
        let latest = self.modified.max(self.changed);
        let Ok(secs) = u64::try_from(latest.0) else {
            return false;
        };
        let nanos = u32::try_from(latest.1).unwrap_or(u32::MAX).min(999_999_999);
        Duration::new(secs, nanos) + SETTLE < now
    }
}

/// Takes the fingerprints of the files of one directory of the file
/// system, which it holds open: the kernel then looks up each file's name
/// in it instead of walking the whole path.
#[derive(Debug)]
pub struct Fingerprints(std::fs::File);

impl Fingerprints {
    /// Sets `out[i]` to the fingerprint of the file `names[i]`, `None` where
    /// there is no such file or it cannot be looked up. Allocates nothing,
    /// so that a thread that does only this brings no heap of its own.
    pub fn take(&self, names: &[&str], out: &mut [Option<Fingerprint>]) {
        for (name, print) in names.iter().zip(out) {
            *print = self.of(name);
        }
    }

    #[cfg(unix)]
    fn of(&self, name: &str) -> Option<Fingerprint> {
        Fingerprint::at(&self.0, name)
    }

    #[cfg(not(unix))]
    fn of(&self, _name: &str) -> Option<Fingerprint> {
        None
    }
}

/// A store in a directory of the file system (the working tree).
#[derive(Debug, Clone)]
pub struct DirSource {
    root: PathBuf,
    cache_dir: Option<PathBuf>,
}

impl DirSource {
    /// A source reading below `root`, without a cache.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DirSource {
            root: root.into(),
            cache_dir: None,
        }
    }

    /// The same source, caching what it loads in the directory `dir`.
    pub fn with_cache_dir(self, dir: impl Into<PathBuf>) -> Self {
        DirSource {
            cache_dir: Some(dir.into()),
            ..self
        }
    }

    /// The store's root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Source for DirSource {
    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        std::fs::read(self.root.join(path))
    }

    // Opening and reading hundreds of small files is mostly system time,
    // which the cores share as well as any other work.
    fn read_all(&self, paths: &[String]) -> Vec<io::Result<Vec<u8>>> {
        crate::parallel::map(paths, |p| self.read(p))
    }

    fn list(&self, path: &str) -> io::Result<Vec<Entry>> {
        let dir = self.root.join(path);
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry?;
            // Names that are not UTF-8 cannot be sections or proposals; skip them.
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            out.push(Entry {
                name,
                is_dir: entry.file_type()?.is_dir(),
            });
        }
        // Names in a directory are unique: an unstable sort, which is
        // faster, gives the same order.
        out.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    fn display(&self, path: &str) -> String {
        path.to_owned()
    }

    #[cfg(unix)]
    fn fingerprints(&self, dir: &str) -> Option<Fingerprints> {
        std::fs::File::open(self.root.join(dir))
            .ok()
            .map(Fingerprints)
    }

    fn dir_fingerprint(&self, dir: &str) -> Option<Fingerprint> {
        Fingerprint::of_dir(&self.root.join(dir))
    }

    fn cache_file(&self, dir: &str) -> Option<PathBuf> {
        let cache_dir = self.cache_dir.as_ref()?;
        // One cache per directory loaded, named after its absolute path.
        let dir = std::fs::canonicalize(self.root.join(dir)).ok()?;
        let name = dir.file_name()?.to_string_lossy().into_owned();
        let hash = fnv1a(dir.as_os_str().as_encoded_bytes());
        Some(cache_dir.join(format!("{name}-{hash:016x}")))
    }
}

/// The 64-bit FNV-1a hash: stable across builds, unlike std's hasher.
pub(super) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Finds the store as git finds a repository: the nearest directory at or
/// above `start` that holds `statutes/`.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("statutes").is_dir())
        .map(Path::to_path_buf)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use super::*;

    #[test]
    fn fingerprints_in_a_directory_are_those_of_the_paths() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("statutes/stgb");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let path = dir.join("176.toml");
        std::fs::write(&path, "section = \"176\"\n").unwrap();
        let source = DirSource::new(root.path());
        let names = ["176.toml", "missing.toml", "sub"];
        let take = |dir: &str| {
            let mut out = [Some(Fingerprint::default()); 3];
            source.fingerprints(dir).unwrap().take(&names, &mut out);
            out
        };
        let prints = take("statutes/stgb");
        let print = Fingerprint::of(&path).unwrap();
        assert_eq!(prints, [Some(print), None, None]);
        // What std tells of the file, as the cache took it before.
        let m = std::fs::metadata(&path).unwrap();
        assert_eq!(
            (
                print.len,
                print.modified,
                print.changed,
                print.inode,
                print.device
            ),
            (
                m.size(),
                (m.mtime(), m.mtime_nsec()),
                (m.ctime(), m.ctime_nsec()),
                m.ino(),
                m.dev()
            )
        );
        std::fs::write(&path, "section = \"176a\"\n").unwrap();
        assert_ne!(take("statutes/stgb")[0], Some(print));
        assert!(source.fingerprints("statutes/none").is_none());
    }
}
