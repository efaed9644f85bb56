//! Files a command means to write, seen together with the store they will
//! land in: a [`Source`] that reads the staged text where there is one and
//! the store's file otherwise. Loading it checks the result before anything
//! touches the disk.

use std::collections::BTreeMap;
use std::io;

use super::source::{Entry, Source};

/// Staged files over a store.
pub struct Staged<'a> {
    base: &'a dyn Source,
    files: BTreeMap<String, String>,
}

impl<'a> Staged<'a> {
    /// Nothing staged yet over `base`.
    pub fn new(base: &'a dyn Source) -> Self {
        Staged {
            base,
            files: BTreeMap::new(),
        }
    }

    /// Stages `content` for `path` (relative to the store root, "/" separated).
    pub fn put(&mut self, path: impl Into<String>, content: String) {
        self.files.insert(path.into(), content);
    }

    /// The staged files, by path.
    pub fn files(&self) -> &BTreeMap<String, String> {
        &self.files
    }
}

impl Source for Staged<'_> {
    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        match self.files.get(path) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => self.base.read(path),
        }
    }

    fn list(&self, path: &str) -> io::Result<Vec<Entry>> {
        let mut entries = self.base.list(path)?;
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path}/")
        };
        for staged in self.files.keys() {
            let Some(rest) = staged.strip_prefix(&prefix) else {
                continue;
            };
            let (name, is_dir) = match rest.split_once('/') {
                Some((dir, _)) => (dir, true),
                None => (rest, false),
            };
            if !entries.iter().any(|e| e.name == name) {
                entries.push(Entry {
                    name: name.to_owned(),
                    is_dir,
                });
            }
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(entries)
    }

    fn display(&self, path: &str) -> String {
        self.base.display(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::DirSource;

    #[test]
    fn staged_files_shadow_and_extend_the_store() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("statutes/stgb")).unwrap();
        std::fs::write(dir.path().join("statutes/stgb/1.toml"), "old").unwrap();
        let base = DirSource::new(dir.path());
        let mut staged = Staged::new(&base);
        staged.put("statutes/stgb/1.toml", "new".into());
        staged.put("statutes/stgb/2.toml", "two".into());
        staged.put("statutes/bgb/law.toml", "law".into());
        assert_eq!(staged.read("statutes/stgb/1.toml").unwrap(), b"new");
        let names = |p: &str| -> Vec<(String, bool)> {
            staged
                .list(p)
                .unwrap()
                .into_iter()
                .map(|e| (e.name, e.is_dir))
                .collect()
        };
        assert_eq!(
            names("statutes"),
            [("bgb".to_owned(), true), ("stgb".to_owned(), true)]
        );
        assert_eq!(
            names("statutes/stgb"),
            [("1.toml".to_owned(), false), ("2.toml".to_owned(), false)]
        );
        assert!(staged.read("statutes/stgb/3.toml").is_err());
    }
}
