//! A cache of the section files already loaded from a directory, so that a
//! whole code loads without parsing hundreds of unchanged files again.
//!
//! Each entry holds a file's text, what it was parsed into, and the file's
//! [`Fingerprint`]. An entry is used only while the file's fingerprint is
//! unchanged, and written only for files that loaded without a problem and
//! were left alone long enough for any later change to show in their
//! fingerprint. A cache that cannot be read, or was written by another
//! build, counts as empty; one that cannot be written is left as it was.
//! The cache is never the only copy of anything.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::source::Fingerprint;
use crate::model::statute::{Content, Section, Version};

/// One cached file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Entry<'a> {
    /// The file name in its directory ("176a.toml").
    pub name: Cow<'a, str>,
    /// The file as it was when read.
    pub fingerprint: Fingerprint,
    /// Its text, for diagnostics.
    pub text: Cow<'a, str>,
    /// What it was parsed into.
    pub section: Cow<'a, Section>,
}

/// The whole cache file.
#[derive(Serialize, Deserialize)]
struct CacheFile<'a> {
    /// [`format`] of the build that wrote it.
    format: Cow<'a, str>,
    entries: Vec<Entry<'a>>,
}

/// Names the build that writes the cache and the cache's layout: the
/// version, the executable's own fingerprint (a rebuild may parse files
/// differently without a new version), and the encoding of a sample entry,
/// which changes with any change to the cached types. A cache of another
/// build is not read: the encoding carries no field names, so it could
/// otherwise be misread. `None` if the executable cannot be found: then
/// nothing is cached.
fn format() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let build = Fingerprint::of(&exe)?;
    let version = |content| Version {
        valid_from: jiff::civil::date(2021, 7, 1),
        source: "s".into(),
        content,
    };
    let title = "t".to_owned();
    let text = "x".to_owned();
    let sample = Entry {
        name: "1.toml".into(),
        fingerprint: Fingerprint::default(),
        text: "t".into(),
        section: Cow::Owned(Section {
            number: "1".into(),
            versions: vec![
                version(Content::Text { title, text }),
                version(Content::Repealed),
            ],
        }),
    };
    let bytes = postcard::to_allocvec(&(build, sample)).ok()?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Some(format!("novelle {} {hex}", env!("CARGO_PKG_VERSION")))
}

/// The cached files read from `path` by name; empty if there is no usable cache.
pub(super) fn read(path: &Path) -> HashMap<String, Entry<'static>> {
    let Ok(bytes) = std::fs::read(path) else {
        return HashMap::new();
    };
    // Without `#[serde(borrow)]` every `Cow` is read as owned: 'static.
    match postcard::from_bytes::<CacheFile<'static>>(&bytes) {
        Ok(cache) if Some(cache.format.as_ref()) == format().as_deref() => cache
            .entries
            .into_iter()
            .map(|e| (e.name.to_string(), e))
            .collect(),
        _ => HashMap::new(),
    }
}

/// Replaces the cache at `path` with `entries`, atomically: a reader sees
/// the old cache or the new one, never half of one.
pub(super) fn write(path: &Path, entries: Vec<Entry<'_>>) -> std::io::Result<()> {
    let format = format().ok_or_else(|| std::io::Error::other("the executable is not found"))?;
    let cache = CacheFile {
        format: format.into(),
        entries,
    };
    let bytes = postcard::to_allocvec(&cache).map_err(std::io::Error::other)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry<'static> {
        Entry {
            name: "176.toml".into(),
            fingerprint: Fingerprint::default(),
            text: "section = \"176\"\n".into(),
            section: Cow::Owned(Section {
                number: "176".into(),
                versions: vec![Version {
                    valid_from: jiff::civil::date(2021, 7, 1),
                    source: "BGBl. I S. 1810".into(),
                    content: Content::Text {
                        title: "Sexueller Mißbrauch von Kindern".into(),
                        text: "(1) Mit Freiheitsstrafe …\n".into(),
                    },
                }],
            }),
        }
    }

    #[test]
    fn reads_back_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/stgb.postcard");
        write(&path, vec![entry()]).unwrap();
        let read = read(&path);
        assert_eq!(read.len(), 1);
        assert_eq!(read["176.toml"], entry());
    }

    #[test]
    fn a_cache_of_another_layout_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stgb.postcard");
        let other = CacheFile {
            format: "novelle 0.0.0 00".into(),
            entries: vec![entry()],
        };
        std::fs::write(&path, postcard::to_allocvec(&other).unwrap()).unwrap();
        assert!(read(&path).is_empty());
        assert!(read(&dir.path().join("missing")).is_empty());
    }
}
