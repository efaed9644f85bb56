//! Where the store's files come from: a directory, or a git revision (see `git.rs`).

use std::io;
use std::path::{Path, PathBuf};

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
}

/// A store in a directory of the file system (the working tree).
#[derive(Debug, Clone)]
pub struct DirSource {
    root: PathBuf,
}

impl DirSource {
    /// A source reading below `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DirSource { root: root.into() }
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
}

/// Finds the store as git finds a repository: the nearest directory at or
/// above `start` that holds `statutes/`.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("statutes").is_dir())
        .map(Path::to_path_buf)
}
