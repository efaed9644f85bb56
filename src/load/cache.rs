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
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::source::Fingerprint;
use crate::model::statute::{Content, Section, Version};

/// One cached file.
#[derive(Debug, Clone, PartialEq)]
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

/// An entry as stored: the section's strings are nearly always found in the
/// file's text as they stand, so they are stored as places in it, which
/// halves the cache and what must be read and checked as UTF-8.
#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    name: Cow<'a, str>,
    fingerprint: Fingerprint,
    text: Cow<'a, str>,
    number: Piece<'a>,
    versions: Vec<StoredVersion<'a>>,
}

#[derive(Serialize, Deserialize)]
struct StoredVersion<'a> {
    valid_from: Date,
    source: Piece<'a>,
    /// Title and text; `None` if repealed.
    content: Option<(Piece<'a>, Piece<'a>)>,
}

/// A string of the section.
#[derive(Serialize, Deserialize)]
enum Piece<'a> {
    /// The bytes `start..end` of the file's text.
    At(usize, usize),
    /// The string itself, where the file's text does not hold it as it
    /// stands (e.g. it was written with escapes).
    Own(Cow<'a, str>),
}

impl<'a> Piece<'a> {
    fn of(s: &'a str, text: &str) -> Piece<'a> {
        match text.find(s) {
            Some(start) => Piece::At(start, start + s.len()),
            None => Piece::Own(s.into()),
        }
    }

    /// The string; `None` if the place is not in `text` (a damaged cache).
    fn get(&self, text: &str) -> Option<String> {
        match self {
            Piece::At(start, end) => text.get(*start..*end).map(str::to_owned),
            Piece::Own(s) => Some(s.to_string()),
        }
    }
}

impl<'a> Stored<'a> {
    fn of(entry: &'a Entry<'a>) -> Stored<'a> {
        let text = entry.text.as_ref();
        Stored {
            name: Cow::Borrowed(&entry.name),
            fingerprint: entry.fingerprint,
            text: Cow::Borrowed(text),
            number: Piece::of(&entry.section.number, text),
            versions: entry
                .section
                .versions
                .iter()
                .map(|v| StoredVersion {
                    valid_from: v.valid_from,
                    source: Piece::of(&v.source, text),
                    content: match &v.content {
                        Content::Text { title, text: body } => {
                            Some((Piece::of(title, text), Piece::of(body, text)))
                        }
                        Content::Repealed => None,
                    },
                })
                .collect(),
        }
    }

    fn entry(self) -> Option<Entry<'static>> {
        let text = self.text.as_ref();
        let versions = self
            .versions
            .iter()
            .map(|v| {
                Some(Version {
                    valid_from: v.valid_from,
                    source: v.source.get(text)?,
                    content: match &v.content {
                        Some((title, body)) => Content::Text {
                            title: title.get(text)?,
                            text: body.get(text)?,
                        },
                        None => Content::Repealed,
                    },
                })
            })
            .collect::<Option<Vec<Version>>>()?;
        let section = Section {
            number: self.number.get(text)?,
            versions,
        };
        Some(Entry {
            name: Cow::Owned(self.name.into_owned()),
            fingerprint: self.fingerprint,
            text: Cow::Owned(self.text.into_owned()),
            section: Cow::Owned(section),
        })
    }
}

/// The whole cache file.
#[derive(Serialize, Deserialize)]
struct CacheFile<'a> {
    /// [`format`] of the build that wrote it.
    format: Cow<'a, str>,
    entries: Vec<Stored<'a>>,
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
    let bytes = postcard::to_allocvec(&(build, Stored::of(&sample))).ok()?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Some(format!("novelle {} {hex}", env!("CARGO_PKG_VERSION")))
}

/// The file of this build's cache at `base`: each build has its own, so
/// two builds in use side by side (an installed one and one under
/// development, say) do not keep replacing each other's cache.
fn file(base: &Path, format: &str) -> PathBuf {
    let mut name = base.as_os_str().to_owned();
    name.push(format!(
        "-{:016x}.postcard",
        super::source::fnv1a(format.as_bytes())
    ));
    PathBuf::from(name)
}

/// The cached files read from the cache at `base`, by name; empty if there
/// is no usable cache.
pub(super) fn read(base: &Path) -> HashMap<String, Entry<'static>> {
    let Some(format) = format() else {
        return HashMap::new();
    };
    let Ok(bytes) = std::fs::read(file(base, &format)) else {
        return HashMap::new();
    };
    // Without `#[serde(borrow)]` every `Cow` is read as owned: 'static.
    match postcard::from_bytes::<CacheFile<'static>>(&bytes) {
        Ok(cache) if cache.format == format => cache
            .entries
            .into_iter()
            .map(|e| e.entry().map(|e| (e.name.to_string(), e)))
            .collect::<Option<_>>()
            .unwrap_or_default(),
        _ => HashMap::new(),
    }
}

/// Replaces the cache at `base` with `entries`, atomically: a reader sees
/// the old cache or the new one, never half of one.
pub(super) fn write(base: &Path, entries: Vec<Entry<'_>>) -> std::io::Result<()> {
    let format = format().ok_or_else(|| std::io::Error::other("the executable is not found"))?;
    let path = file(base, &format);
    let cache = CacheFile {
        format: format.into(),
        entries: entries.iter().map(Stored::of).collect(),
    };
    let bytes = postcard::to_allocvec(&cache).map_err(std::io::Error::other)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&bytes)?;
    tmp.persist(&path).map_err(|e| e.error)?;
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
        let base = dir.path().join("sub/stgb");
        write(&base, vec![entry()]).unwrap();
        let read = read(&base);
        assert_eq!(read.len(), 1);
        assert_eq!(read["176.toml"], entry());
    }

    #[test]
    fn strings_not_in_the_file_as_they_stand_are_kept_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stgb.postcard");
        let mut e = entry();
        // As if the file had written the title with an escape: "Mi\u00dfbrauch".
        e.text = "section = \"176\"\ntitle = \"Sexueller Mi\\u00dfbrauch von Kindern\"\n".into();
        let stored = Stored::of(&e);
        assert!(matches!(stored.number, Piece::At(..)));
        assert!(matches!(
            stored.versions[0].content,
            Some((Piece::Own(_), Piece::Own(_)))
        ));
        write(&path, vec![e.clone()]).unwrap();
        assert_eq!(read(&path)["176.toml"], e);
    }

    #[test]
    fn a_place_outside_the_text_empties_the_cache() {
        let e = entry();
        let mut stored = Stored::of(&e);
        stored.number = Piece::At(10, 10_000);
        assert!(stored.entry().is_none());
        let mut stored = Stored::of(&e);
        stored.number = Piece::At(0, 1);
        assert_eq!(stored.entry().unwrap().section.number, "s");
    }

    #[test]
    fn a_cache_of_another_layout_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("stgb");
        let e = entry();
        write(&base, vec![e.clone()]).unwrap();
        assert_eq!(read(&base).len(), 1);
        // The file this build reads, holding what another build wrote.
        let other = CacheFile {
            format: "novelle 0.0.0 00".into(),
            entries: vec![Stored::of(&e)],
        };
        let path = file(&base, &format().unwrap());
        std::fs::write(&path, postcard::to_allocvec(&other).unwrap()).unwrap();
        assert!(read(&base).is_empty());
        assert!(read(&dir.path().join("missing")).is_empty());
        assert_ne!(file(&base, "a"), file(&base, "b"), "one file per build");
    }
}
