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
//!
//! The cache file holds the files' texts one after another, then an index
//! of the entries, then the index's length. Reading it takes one mapping
//! of the file into memory, one check of the texts as UTF-8 and one copy of
//! each string of a section: the texts stay where they were mapped, shared
//! by the files registered from them.

use std::io::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::source::Fingerprint;
use crate::diag::Shared;
use crate::model::statute::{Content, Section, Version};

/// A file to cache.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry<'a> {
    /// The file name in its directory ("176a.toml").
    pub name: &'a str,
    /// The file as it was when read.
    pub fingerprint: Fingerprint,
    /// Its text, for diagnostics.
    pub text: &'a str,
    /// What it was parsed into.
    pub section: &'a Section,
}

/// What the cache holds of the files asked for.
#[derive(Debug, Default)]
pub(super) struct Hits {
    /// The cache file, whose first bytes are the texts of every cached
    /// file, one after another.
    pub texts: Shared,
    /// For each file asked for, in order, if the cache holds it unchanged:
    /// where its text stands in `texts`, and its section.
    pub files: Vec<Option<(Range<usize>, Section)>>,
    /// How many files the cache holds, changed or not.
    pub held: usize,
}

impl Hits {
    /// None of the `n` files asked for.
    pub fn none(n: usize) -> Hits {
        Hits {
            files: std::iter::repeat_with(|| None).take(n).collect(),
            ..Hits::default()
        }
    }
}

/// The index of a cache file.
#[derive(Serialize, Deserialize)]
struct Index<'a> {
    /// [`format`] of the build that wrote it.
    format: &'a str,
    /// The files, in the order of their texts.
    #[serde(borrow)]
    files: Vec<StoredFile<'a>>,
    /// The versions of every file's section, one file after another: kept
    /// in one list, not one per file, to spare an allocation per file.
    #[serde(borrow)]
    versions: Vec<StoredVersion<'a>>,
}

/// A file as stored: the section's strings are nearly always found in the
/// file's text as they stand, so they are stored as places in it, which
/// halves the cache and what must be read and checked as UTF-8.
#[derive(Serialize, Deserialize)]
struct StoredFile<'a> {
    name: &'a str,
    fingerprint: Fingerprint,
    /// The length of the file's text, which follows the text of the file
    /// before it.
    len: usize,
    #[serde(borrow)]
    number: Piece<'a>,
    /// How many versions the section has.
    versions: usize,
}

#[derive(Serialize, Deserialize)]
struct StoredVersion<'a> {
    /// Year, month and day, which read faster than the text of a date.
    valid_from: (i16, i8, i8),
    #[serde(borrow)]
    source: Piece<'a>,
    /// Title and text; `None` if repealed.
    #[serde(borrow)]
    content: Option<(Piece<'a>, Piece<'a>)>,
}

/// A string of the section.
#[derive(Serialize, Deserialize)]
enum Piece<'a> {
    /// The bytes `start..end` of the file's text.
    At(usize, usize),
    /// The string itself, where the file's text does not hold it as it
    /// stands (e.g. it was written with escapes).
    Own(&'a str),
}

impl<'a> Piece<'a> {
    fn of(s: &'a str, text: &str) -> Piece<'a> {
        match text.find(s) {
            Some(start) => Piece::At(start, start + s.len()),
            None => Piece::Own(s),
        }
    }

    /// The string; `None` if the place is not in `text` (a damaged cache).
    fn get(&self, text: &str) -> Option<String> {
        match *self {
            Piece::At(start, end) => text.get(start..end).map(str::to_owned),
            Piece::Own(s) => Some(s.to_owned()),
        }
    }
}

impl<'a> Index<'a> {
    /// The index of `entries`, for a cache of this build's `format`.
    fn of(format: &'a str, entries: &[Entry<'a>]) -> Index<'a> {
        let mut versions = Vec::new();
        let files = entries
            .iter()
            .map(|e| {
                let text = e.text;
                versions.extend(e.section.versions.iter().map(|v| StoredVersion {
                    valid_from: (
                        v.valid_from.year(),
                        v.valid_from.month(),
                        v.valid_from.day(),
                    ),
                    source: Piece::of(&v.source, text),
                    content: match &v.content {
                        Content::Text { title, text: body } => {
                            Some((Piece::of(title, text), Piece::of(body, text)))
                        }
                        Content::Repealed => None,
                    },
                }));
                StoredFile {
                    name: e.name,
                    fingerprint: e.fingerprint,
                    len: text.len(),
                    number: Piece::of(&e.section.number, text),
                    versions: e.section.versions.len(),
                }
            })
            .collect();
        Index {
            format,
            files,
            versions,
        }
    }
}

impl StoredVersion<'_> {
    /// The version stored, of the file whose text is `text`; `None` if a
    /// place is not in it or the day does not exist (a damaged cache).
    fn version(&self, text: &str) -> Option<Version> {
        let (year, month, day) = self.valid_from;
        Some(Version {
            valid_from: Date::new(year, month, day).ok()?,
            source: self.source.get(text)?,
            content: match &self.content {
                Some((title, body)) => Content::Text {
                    title: title.get(text)?,
                    text: body.get(text)?,
                },
                None => Content::Repealed,
            },
        })
    }
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
    let section = Section {
        number: "1".into(),
        versions: vec![
            version(Content::Text {
                title: "t".into(),
                text: "x".into(),
            }),
            version(Content::Repealed),
        ],
    };
    let sample = Entry {
        name: "1.toml",
        fingerprint: Fingerprint::default(),
        text: "t",
        section: &section,
    };
    let bytes = postcard::to_allocvec(&(build, Index::of("", &[sample]))).ok()?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Some(format!(
        "novelle {} texts+index {hex}",
        env!("CARGO_PKG_VERSION")
    ))
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

/// The cache at `base`, read and checked, every entry taken out; `None` if
/// there is no usable cache. Which of its files are unchanged is asked
/// afterwards ([`Cached::hits`]), so that reading it needs no fingerprint
/// and can go on while they are taken.
pub(super) fn open(base: &Path) -> Option<Cached> {
    let format = format()?;
    let bytes = map(&file(base, &format))?;
    parse(Shared::new(bytes), &format)
}

/// A cache file, read: the texts of its files and what each was parsed into.
pub(super) struct Cached {
    /// The cache file, whose first bytes are the texts of every cached file.
    texts: Shared,
    /// Its files, in the order of the directory's listing.
    files: Vec<CachedFile>,
}

/// A file the cache holds.
struct CachedFile {
    name: String,
    fingerprint: Fingerprint,
    /// Where its text stands in the texts.
    text: Range<usize>,
    section: Section,
}

impl Cached {
    /// The files `names`, with their `fingerprints` (in the same order),
    /// that the cache holds unchanged. The names are in the order of the
    /// directory's listing, in which the cache was written, so they are
    /// matched in one pass; a cache in another order only misses.
    pub fn hits(self, names: &[&str], fingerprints: &[Option<Fingerprint>]) -> Hits {
        let mut hits = Hits::none(names.len());
        hits.held = self.files.len();
        let mut wanted = names
            .iter()
            .zip(fingerprints)
            .enumerate()
            .map(|(i, (&name, print))| (i, name, *print))
            .peekable();
        for file in self.files {
            // Both are in the listing's order: the names before this entry's
            // are of files the cache does not hold, or holds changed.
            while wanted
                .next_if(|&(_, name, _)| name < file.name.as_str())
                .is_some()
            {}
            let unchanged = |&(_, name, print): &(usize, &str, _)| {
                name == file.name && print == Some(file.fingerprint)
            };
            if let Some((i, ..)) = wanted.next_if(unchanged)
                && let Some(slot) = hits.files.get_mut(i)
            {
                *slot = Some((file.text, file.section));
            }
        }
        hits.texts = self.texts;
        hits
    }
}

/// The file at `path`, mapped into memory instead of read: the kernel then
/// lends the pages it holds of the file, where a read copies them into
/// new pages, each zeroed first. For a whole code that is most of the time
/// it takes to load a cache.
fn map(path: &Path) -> Option<memmap2::Mmap> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: the bytes must not change while they are mapped. novelle
    // never changes a cache file: `replace` puts a new file in its place,
    // which leaves the mapped one as it was. Another program writing into
    // the cache file during a run could change them, as it could git's
    // index, which git maps the same way; the texts are checked as UTF-8
    // each time a file's part of them is used (see `Shared::text`).
    unsafe { memmap2::Mmap::map(&file) }.ok()
}

/// The cache file `bytes`, read; `None` if it is damaged or was written by
/// another build than `format`'s.
fn parse(bytes: Shared, format: &str) -> Option<Cached> {
    let (rest, len) = bytes.bytes().split_last_chunk::<8>()?;
    let index_len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
    let texts_len = rest.len().checked_sub(index_len)?;
    let (texts, index) = rest.split_at(texts_len);
    let index: Index<'_> = postcard::from_bytes(index).ok()?;
    if index.format != format {
        return None;
    }
    // Checked with SIMD: the texts of a whole code are over half a
    // megabyte, and std's check is several times slower.
    let texts = simdutf8::basic::from_utf8(texts).ok()?;
    let mut files = Vec::with_capacity(index.files.len());
    let mut versions = index.versions.as_slice();
    let mut start = 0usize;
    for file in &index.files {
        let end = start.checked_add(file.len)?;
        let text = texts.get(start..end)?;
        let (own, rest) = versions.split_at_checked(file.versions)?;
        versions = rest;
        files.push(CachedFile {
            name: file.name.to_owned(),
            fingerprint: file.fingerprint,
            text: start..end,
            section: Section {
                number: file.number.get(text)?,
                versions: own.iter().map(|v| v.version(text)).collect::<Option<_>>()?,
            },
        });
        start = end;
    }
    // The files' texts make up the texts, and their versions the versions.
    if start != texts.len() || !versions.is_empty() {
        return None;
    }
    Some(Cached {
        texts: bytes.clone(),
        files,
    })
}

/// The bytes of a cache file: the `texts`, then the `index`, then the
/// index's length.
fn encode<'t>(
    texts: impl Iterator<Item = &'t str> + Clone,
    index: &Index,
) -> postcard::Result<Vec<u8>> {
    let len: usize = texts.clone().map(str::len).sum();
    let mut bytes = Vec::with_capacity(len);
    for text in texts {
        bytes.extend_from_slice(text.as_bytes());
    }
    let mut bytes = postcard::to_extend(index, bytes)?;
    let index_len = (bytes.len() - len) as u64;
    bytes.extend_from_slice(&index_len.to_le_bytes());
    Ok(bytes)
}

/// Replaces the cache at `base` with `entries`, atomically: a reader sees
/// the old cache or the new one, never half of one. Then removes the
/// caches at `base` of all but the builds that wrote theirs last (see
/// [`KEPT`]).
pub(super) fn write(base: &Path, entries: &[Entry<'_>]) -> std::io::Result<()> {
    let format = format().ok_or_else(|| std::io::Error::other("the executable is not found"))?;
    let path = file(base, &format);
    let texts = entries.iter().map(|e| e.text);
    let bytes = encode(texts, &Index::of(&format, entries)).map_err(std::io::Error::other)?;
    replace(&path, &bytes)?;
    prune(base, &path);
    Ok(())
}

/// How many builds' caches of one directory are kept, this build's
/// included. Each build has its own file (see [`file`]), so without a
/// limit every rebuild and every upgrade would leave one behind, as large
/// as the directory's files. Four keep an installed build and one under
/// development from evicting each other; a build whose cache went costs
/// one run that parses every file and writes it anew.
const KEPT: usize = 4;

/// Removes the cache files at `base` of other builds than the one that
/// just wrote `written`, all but the [`KEPT`]` - 1` written last. Only
/// names of the form `file` gives are touched; a file that cannot be
/// listed or removed (another run removing it first, say) is left alone.
fn prune(base: &Path, written: &Path) {
    let (Some(dir), Some(stem)) = (base.parent(), base.file_name()) else {
        return;
    };
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    let stem = stem.to_string_lossy();
    let mut others: Vec<(std::time::SystemTime, PathBuf)> = listing
        .filter_map(Result::ok)
        .filter(|e| is_cache_of(&stem, &e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .filter(|p| p != written)
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    // Newest first; those past the kept ones go.
    others.sort_by_key(|(time, _)| std::cmp::Reverse(*time));
    for (_, path) in others.iter().skip(KEPT - 1) {
        let _ = std::fs::remove_file(path);
    }
}

/// Whether `name` is the name [`file`] gives a cache at a base named `stem`
/// for some build: `stem`, a hyphen, 16 hexadecimal digits, ".postcard".
fn is_cache_of(stem: &str, name: &str) -> bool {
    name.strip_prefix(stem)
        .and_then(|rest| rest.strip_prefix('-'))
        .and_then(|rest| rest.strip_suffix(".postcard"))
        .is_some_and(|hash| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Replaces the file at `path` with `bytes`, atomically, creating its
/// directory if need be. A cache file is never changed where it is: a
/// reader may have it mapped (see [`map`]).
pub(super) fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A section file as the store writes it, with its section and the
    /// fingerprint of a real file, so that fingerprints differ.
    struct File {
        name: &'static str,
        text: String,
        section: Section,
        fingerprint: Fingerprint,
        _dir: tempfile::TempDir,
    }

    impl File {
        fn new(number: &str, title: &str) -> File {
            let text = format!(
                "section = \"{number}\"\n\n[[version]]\nvalid_from = 2021-07-01\nsource = \"BGBl. I S. 1810\"\ntitle = \"{title}\"\ntext = \"\"\"\n(1) Mit Freiheitsstrafe …\n\"\"\"\n"
            );
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("f.toml");
            std::fs::write(&path, &text).unwrap();
            File {
                name: format!("{number}.toml").leak(),
                section: Section {
                    number: number.into(),
                    versions: vec![Version {
                        valid_from: jiff::civil::date(2021, 7, 1),
                        source: "BGBl. I S. 1810".into(),
                        content: Content::Text {
                            title: title.into(),
                            text: "(1) Mit Freiheitsstrafe …\n".into(),
                        },
                    }],
                },
                fingerprint: Fingerprint::of(&path).unwrap(),
                text,
                _dir: dir,
            }
        }

        fn entry(&self) -> Entry<'_> {
            Entry {
                name: self.name,
                fingerprint: self.fingerprint,
                text: &self.text,
                section: &self.section,
            }
        }
    }

    /// `files` as the cache at `base` holds them, asked for by their names
    /// and fingerprints.
    fn hits(base: &Path, files: &[&File]) -> Hits {
        let names: Vec<&str> = files.iter().map(|f| f.name).collect();
        let fingerprints: Vec<_> = files.iter().map(|f| Some(f.fingerprint)).collect();
        open(base).map_or_else(
            || Hits::none(names.len()),
            |c| c.hits(&names, &fingerprints),
        )
    }

    /// Whether `hit` is `file`, text and section.
    fn is(hits: &Hits, i: usize, file: &File) -> bool {
        hits.files[i].as_ref().is_some_and(|(place, section)| {
            hits.texts.text(place.clone()) == Some(file.text.as_str()) && *section == file.section
        })
    }

    #[test]
    fn names_of_caches_are_told_from_other_files() {
        assert!(is_cache_of("stgb", "stgb-1a229848f29f903e.postcard"));
        assert!(!is_cache_of("stgb", "stgb-listing.postcard"));
        assert!(!is_cache_of("stgb", "stgb-1a229848f29f903e.postcard.tmp"));
        assert!(!is_cache_of("stgb", "stgbx-1a229848f29f903e.postcard"));
        assert!(!is_cache_of("stgb", "stgb-1a229848f29f903-.postcard"));
        assert!(!is_cache_of("stgb", "stgb-1a229848f29f903e0.postcard"));
        assert!(!is_cache_of("stgb", "notes.txt"));
    }

    #[test]
    fn writing_keeps_the_caches_of_the_builds_that_wrote_last() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("stgb");
        // Six other builds' caches, written an hour apart, oldest first,
        // and files that only look alike.
        let now = std::time::SystemTime::now();
        let others: Vec<PathBuf> = (0..6u64)
            .map(|i| {
                let path = file(&base, &format!("build {i}"));
                std::fs::write(&path, "old").unwrap();
                let written = now - std::time::Duration::from_secs(3600 * (6 - i));
                let f = std::fs::File::options().write(true).open(&path).unwrap();
                f.set_modified(written).unwrap();
                path
            })
            .collect();
        let alike = [
            "stgb-listing.postcard",
            "stgb-1234.postcard",
            "stgbx-0123456789abcdef.postcard",
        ];
        for name in alike {
            std::fs::write(dir.path().join(name), "keep").unwrap();
        }
        let a = File::new("176", "a");
        write(&base, &[a.entry()]).unwrap();
        assert!(is(&hits(&base, &[&a]), 0, &a), "this build's cache is read");
        let kept: Vec<bool> = others.iter().map(|p| p.exists()).collect();
        assert_eq!(
            kept,
            [false, false, false, true, true, true],
            "the three written last stay"
        );
        for name in alike {
            assert!(dir.path().join(name).exists(), "{name} is not a cache");
        }
    }

    #[test]
    fn reads_back_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("sub/stgb");
        let (a, b) = (
            File::new("176", "Sexueller Mißbrauch von Kindern"),
            File::new("176a", "Sexueller Missbrauch"),
        );
        write(&base, &[a.entry(), b.entry()]).unwrap();
        let hits = hits(&base, &[&a, &b]);
        assert_eq!(hits.held, 2);
        assert!(is(&hits, 0, &a) && is(&hits, 1, &b), "{hits:?}");
    }

    #[test]
    fn a_file_whose_fingerprint_changed_misses() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("stgb");
        let (a, b) = (File::new("176", "a"), File::new("176a", "b"));
        write(&base, &[a.entry(), b.entry()]).unwrap();
        let changed = File::new("176a", "b");
        assert_ne!(changed.fingerprint, b.fingerprint);
        let hits = hits(&base, &[&a, &changed]);
        assert!(is(&hits, 0, &a));
        assert!(hits.files[1].is_none());
        assert_eq!(hits.held, 2);
    }

    #[test]
    fn files_are_matched_by_name_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("stgb");
        let [a, b, c] = ["1", "2", "3"].map(|n| File::new(n, "t"));
        // Files gone and files new are passed over.
        write(&base, &[a.entry(), c.entry()]).unwrap();
        let found = hits(&base, &[&a, &b, &c]);
        assert!(is(&found, 0, &a) && found.files[1].is_none() && is(&found, 2, &c));
        assert!(is(&hits(&base, &[&c]), 0, &c));
        assert!(hits(&base, &[&b]).files[0].is_none());
        // A cache in another order than the directory's only misses.
        write(&base, &[c.entry(), b.entry(), a.entry()]).unwrap();
        let found = hits(&base, &[&a, &b, &c]);
        assert_eq!(found.held, 3);
        for (i, file) in [&a, &b, &c].into_iter().enumerate() {
            assert!(found.files[i].is_none() || is(&found, i, file), "{i}");
        }
        assert!(found.files.iter().any(Option::is_none));
    }

    #[test]
    fn strings_not_in_the_file_as_they_stand_are_kept_whole() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("stgb");
        let mut f = File::new("176", "Sexueller Mißbrauch von Kindern");
        // As if the file had written the title with an escape: "Mi\u00dfbrauch".
        f.text = f.text.replace("Mißbrauch", "Mi\\u00dfbrauch");
        let index = Index::of("", &[f.entry()]);
        assert!(matches!(index.files[0].number, Piece::At(..)));
        assert!(matches!(
            index.versions[0].content,
            Some((Piece::Own("Sexueller Mißbrauch von Kindern"), Piece::At(..)))
        ));
        write(&base, &[f.entry()]).unwrap();
        assert!(is(&hits(&base, &[&f]), 0, &f));
    }

    /// The cache file this build writes for `f`, its index changed by
    /// `change`, and this build's format.
    fn encoded(f: &File, change: impl FnOnce(&mut Index)) -> (Vec<u8>, String) {
        let format = format().unwrap();
        let mut index = Index::of(&format, &[f.entry()]);
        change(&mut index);
        let bytes = encode([f.text.as_str()].into_iter(), &index).unwrap();
        (bytes, format)
    }

    /// Whether the cache file for `f`, its index changed by `change`, reads.
    fn reads(f: &File, change: impl FnOnce(&mut Index)) -> bool {
        let (bytes, format) = encoded(f, change);
        parse_for(bytes, &format, f).is_some_and(|h| is(&h, 0, f))
    }

    /// [`parse`] of `bytes`, asking for `f`.
    fn parse_for(bytes: Vec<u8>, format: &str, f: &File) -> Option<Hits> {
        parse(Shared::new(bytes), format).map(|c| c.hits(&[f.name], &[Some(f.fingerprint)]))
    }

    #[test]
    fn a_damaged_cache_counts_as_empty() {
        let f = File::new("176", "Sexueller Mißbrauch von Kindern");
        assert!(reads(&f, |_| ()));
        // Every cut of the file.
        let (bytes, format) = encoded(&f, |_| ());
        for len in 0..bytes.len() {
            assert!(
                parse_for(bytes[..len].to_vec(), &format, &f).is_none(),
                "{len}"
            );
        }
        // A place outside the text, or inside a character ("ß").
        assert!(!reads(&f, |i| i.files[0].number = Piece::At(10, 10_000)));
        let inside = f.text.find('ß').unwrap() + 1;
        assert!(!reads(&f, |i| i.files[0].number = Piece::At(0, inside)));
        // Texts that are not the files' texts, versions not the sections'.
        assert!(!reads(&f, |i| i.files[0].len -= 1));
        assert!(!reads(&f, |i| i.files[0].versions = 2));
        assert!(!reads(&f, |i| i.files[0].versions = 0));
        // A day that does not exist.
        assert!(!reads(&f, |i| i.versions[0].valid_from = (2021, 2, 30)));
        // Texts that are not UTF-8.
        let (mut bytes, format) = encoded(&f, |_| ());
        bytes[inside] = 0xff;
        assert!(parse_for(bytes, &format, &f).is_none());
    }

    #[test]
    fn a_string_of_the_index_that_is_not_utf8_empties_the_cache() {
        let f = File::new("176", "Sexueller Mißbrauch von Kindern");
        let own = |i: &mut Index| {
            if let Some((title, _)) = &mut i.versions[0].content {
                *title = Piece::Own("Sexueller Mißbrauch von Kindern");
            }
        };
        assert!(reads(&f, own));
        // The title's "ß" in the index, the last in the file.
        let (mut bytes, format) = encoded(&f, own);
        let ss = bytes.windows(2).rposition(|w| w == "ß".as_bytes()).unwrap();
        assert!(ss > f.text.len());
        bytes[ss + 1] = 0xff;
        assert!(parse_for(bytes, &format, &f).is_none());
    }

    #[test]
    fn a_cache_of_another_build_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("stgb");
        let f = File::new("176", "t");
        write(&base, &[f.entry()]).unwrap();
        assert!(is(&hits(&base, &[&f]), 0, &f));
        // The file this build reads, holding what another build wrote.
        let (other, format) = encoded(&f, |i| i.format = "novelle 0.0.0 00");
        std::fs::write(file(&base, &format), other).unwrap();
        let found = hits(&base, &[&f]);
        assert!(found.files[0].is_none() && found.held == 0);
        assert!(hits(&dir.path().join("missing"), &[&f]).files[0].is_none());
        assert_ne!(file(&base, "a"), file(&base, "b"), "one file per build");
    }
}
