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

    /// For each file in `paths`, a fingerprint that changes whenever its
    /// content may have; `None` where the source cannot tell. Only files
    /// with a fingerprint are cached.
    fn fingerprints(&self, paths: &[String]) -> Vec<Option<Fingerprint>> {
        vec![None; paths.len()]
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
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        m.is_file().then(|| Fingerprint {
            len: m.size(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
            inode: m.ino(),
            device: m.dev(),
        })
    }

    /// Without unix file times and inodes nothing is cached.
    #[cfg(not(unix))]
    pub fn of(_path: &Path) -> Option<Fingerprint> {
        None
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
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    fn display(&self, path: &str) -> String {
        path.to_owned()
    }

    fn fingerprints(&self, paths: &[String]) -> Vec<Option<Fingerprint>> {
        crate::parallel::map(paths, |p| Fingerprint::of(&self.root.join(p)))
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
