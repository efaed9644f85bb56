//! Reads `statutes/<law>/law.toml` and one `<section>.toml` per section.

use rustc_hash::FxHashSet;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::toml_util::{date, parse, text_origin};
use std::path::PathBuf;
use std::time::SystemTime;

use super::{Source, Store, cache, read_file, register};
use crate::diag::{Diagnostic, FileId};
use crate::model::citation::is_section_number;
use crate::model::numbering;
use crate::model::statute::{Content, Law, Section, Version};
use crate::model::text::Body;
use crate::parallel;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLaw {
    name: String,
    abbreviation: String,
    citation: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    section: Spanned<String>,
    #[serde(rename = "version", default)]
    versions: Vec<Spanned<RawVersion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVersion {
    valid_from: Spanned<Datetime>,
    source: String,
    title: Option<String>,
    text: Option<Spanned<String>>,
    #[serde(default)]
    repealed: bool,
}

/// Loads every law under `statutes/`.
pub fn load_all(source: &dyn Source, store: &mut Store) {
    load_all_at(source, store, SystemTime::now());
}

/// [`load_all`] as of `now`, which decides which files have settled enough
/// to be cached.
fn load_all_at(source: &dyn Source, store: &mut Store, now: SystemTime) {
    let entries = match source.list("statutes") {
        Ok(e) => e,
        Err(e) => {
            store
                .diagnostics
                .push(Diagnostic::error(format!("cannot list statutes/: {e}")));
            return;
        }
    };
    for entry in entries.into_iter().filter(|e| e.is_dir) {
        if let Some(law) = load_law(source, &entry.name, store, now) {
            store.laws.push(law);
        }
    }
}

fn load_law(source: &dyn Source, key: &str, store: &mut Store, now: SystemTime) -> Option<Law> {
    let dir = format!("statutes/{key}");
    let law_path = format!("{dir}/law.toml");
    let (file, text) = read_file(source, &law_path, store)?;
    let raw: RawLaw = match parse(file, &text) {
        Ok(r) => r,
        Err(d) => {
            store.diagnostics.push(d);
            return None;
        }
    };
    let mut law = Law {
        key: key.to_owned(),
        name: raw.name,
        abbreviation: raw.abbreviation,
        citation: raw.citation,
        sections: Vec::new(),
    };
    // Named once: finding the name resolves the directory's absolute path.
    let cache_file = source.cache_file(&dir);
    let entries = match super::listing::list(source, &dir, cache_file.as_deref(), now) {
        Ok(e) => e,
        Err(e) => {
            store
                .diagnostics
                .push(Diagnostic::error(format!("cannot list {dir}/: {e}")));
            Vec::new()
        }
    };
    let names: Vec<&str> = entries
        .iter()
        .filter(|e| !e.is_dir && e.name != "law.toml")
        .map(|e| e.name.as_str())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    let loaded = section_files(source, &dir, &names, cache_file, store, now);
    // Duplicates found by hash, not by scanning: there are hundreds of sections.
    let mut seen = FxHashSet::default();
    let twice: Vec<bool> = loaded
        .iter()
        .map(|(_, l)| l.section.as_ref().is_some_and(|s| !seen.insert(&*s.number)))
        .collect();
    store.origins.sections.reserve(loaded.len());
    law.sections.reserve(loaded.len());
    for ((file, loaded), twice) in loaded.into_iter().zip(twice) {
        store.diagnostics.extend(loaded.diagnostics);
        let Some(section) = loaded.section else {
            continue;
        };
        store
            .origins
            .sections
            .insert((law.key.clone(), section.number.clone()), file);
        if twice {
            store.diagnostics.push(Diagnostic::error(format!(
                "§ {} is stored twice in {dir}/",
                section.number
            )));
            continue;
        }
        law.sections.push(section);
    }
    // The order of `Law::sort`, with each number's key found once instead
    // of at each of the thousands of comparisons.
    law.sections.sort_by_cached_key(|s| {
        let (number, letters) = numbering::order_key(&s.number);
        (number, letters.to_owned())
    });
    Some(law)
}

/// How many files a thread looks up before it takes the next ones: few
/// enough that the two threads finish together, enough that taking them
/// costs nothing next to the look-ups (a few microseconds each).
const FINGERPRINTS_AT_ONCE: usize = 32;

/// Every section file of `dir` (named `names`, "176a.toml"), in order: its
/// file id and what it gave. Files the cache at `cache_file` (see
/// [`Source::cache_file`]) holds unchanged come from there; the others are
/// read and parsed on every core, and then cached.
fn section_files(
    source: &dyn Source,
    dir: &str,
    names: &[&str],
    cache_file: Option<PathBuf>,
    store: &mut Store,
    now: SystemTime,
) -> Vec<(FileId, Loaded)> {
    let mut fingerprints = vec![None; names.len()];
    let mut hits = None;
    if let (Some(path), Some(prints)) = (&cache_file, source.fingerprints(dir)) {
        // The look-ups are the kernel's work, a millisecond for a whole
        // code: a second thread makes them while this one reads the cache,
        // and this one helps with the rest. They are handed out in slices
        // of the vector, made beforehand, so the helper allocates nothing.
        let mut slices: Vec<_> = names
            .chunks(FINGERPRINTS_AT_ONCE)
            .zip(fingerprints.chunks_mut(FINGERPRINTS_AT_ONCE))
            .collect();
        let cached = parallel::for_each_alongside(
            &mut slices,
            |(names, out)| prints.take(names, out),
            || cache::open(path),
        );
        hits = cached.map(|c| c.hits(names, &fingerprints));
    }
    let hits = hits.unwrap_or_else(|| cache::Hits::none(names.len()));
    let held = hits.held;
    let path = |name: &str| [dir, "/", name].concat();
    let misses: Vec<String> = names
        .iter()
        .zip(&hits.files)
        .filter(|(_, hit)| hit.is_none())
        .map(|(name, _)| path(name))
        .collect();
    let mut read = source.read_all(&misses).into_iter();
    store.files.reserve(names.len());
    // Files are registered in order, so file ids do not depend on the cache.
    let slots: Vec<(Option<FileId>, Option<Section>)> = names
        .iter()
        .zip(hits.files)
        .map(|(name, hit)| {
            let path = path(name);
            match hit {
                Some((place, section)) => {
                    let name = source.display(&path);
                    let file = store.files.add_part(name, &hits.texts, place);
                    (Some(file), Some(section))
                }
                None => {
                    let bytes = read
                        .next()
                        .unwrap_or_else(|| Err(std::io::ErrorKind::NotFound.into()));
                    (register(source, &path, bytes, store), None)
                }
            }
        })
        .collect();
    let jobs: Vec<(FileId, &str)> = slots
        .iter()
        .zip(names)
        .filter_map(|((file, section), name)| match (file, section) {
            (Some(file), None) => Some((*file, name.strip_suffix(".toml")?)),
            _ => None,
        })
        .collect();
    let files = &store.files;
    let mut parsed = parallel::map(&jobs, |&(file, stem)| {
        section_from_text(file, files.source(file), stem)
    })
    .into_iter();
    // (index of the file, its id, what it gave, whether from the cache)
    let loaded: Vec<(usize, FileId, Loaded, bool)> = slots
        .into_iter()
        .enumerate()
        .filter_map(|(i, (file, section))| {
            let file = file?;
            Some(match section {
                Some(section) => (i, file, Loaded::clean(section), true),
                None => (i, file, parsed.next()?, false),
            })
        })
        .collect();
    if let Some(path) = cache_file {
        // A file is cached with the fingerprint it had when read, if it
        // has settled and loaded without a problem.
        let cached = |(i, _, loaded, _): &(usize, FileId, Loaded, bool)| {
            let fingerprint = fingerprints.get(*i).copied().flatten()?;
            (fingerprint.settled(now) && loaded.section.is_some() && loaded.diagnostics.is_empty())
                .then_some(fingerprint)
        };
        let cacheable = loaded.iter().filter(|l| cached(l).is_some()).count();
        let hits = loaded.iter().filter(|(.., hit)| *hit).count();
        // Rewritten only when it gains or loses entries; a failure to write
        // it costs the next run time, nothing else. The entries are taken
        // only then: taking a file's text checks it as UTF-8 again.
        if cacheable != hits || hits != held {
            let entries: Vec<cache::Entry<'_>> = loaded
                .iter()
                .filter_map(|l| {
                    let (i, file, loaded, _) = l;
                    Some(cache::Entry {
                        name: names.get(*i)?,
                        fingerprint: cached(l)?,
                        text: store.files.source(*file),
                        section: loaded.section.as_ref()?,
                    })
                })
                .collect();
            let _ = cache::write(&path, &entries);
        }
    }
    loaded
        .into_iter()
        .map(|(_, file, l, _)| (file, l))
        .collect()
}

/// Reads one section file on its own; `None` if it cannot be read at all.
pub(super) fn load_section(
    source: &dyn Source,
    path: &str,
    stem: &str,
    store: &mut Store,
) -> Option<Section> {
    let (file, text) = read_file(source, path, store)?;
    let loaded = section_from_text(file, &text, stem);
    store.diagnostics.extend(loaded.diagnostics);
    loaded.section
}

/// What one section file gave: the section, if it could be read, and its problems.
struct Loaded {
    section: Option<Section>,
    diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    fn clean(section: Section) -> Loaded {
        Loaded {
            section: Some(section),
            diagnostics: Vec::new(),
        }
    }
}

/// Reads the section file `file` (named `stem`.toml), whose text is `text`.
fn section_from_text(file: FileId, text: &str, stem: &str) -> Loaded {
    let mut diagnostics = Vec::new();
    let section = section_checked(file, text, stem, &mut diagnostics);
    Loaded {
        section,
        diagnostics,
    }
}

fn section_checked(
    file: FileId,
    text: &str,
    stem: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Section> {
    let raw: RawSection = match parse(file, text) {
        Ok(r) => r,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let number = raw.section.get_ref().clone();
    if !is_section_number(&number) {
        // Citations could never name it, and it becomes a file name on import.
        diagnostics.push(
            Diagnostic::error(format!("\"{number}\" is not a section number"))
                .at(file, raw.section.span())
                .label("not a section number")
                .hint("a section number is digits with up to two lowercase letters: \"176\", \"176a\""),
        );
        return None;
    }
    if number != stem {
        diagnostics.push(
            Diagnostic::error(format!(
                "the file {stem}.toml holds `section = \"{number}\"`"
            ))
            .at(file, raw.section.span())
            .label("does not match the file name")
            .hint(format!(
                "rename the file to {number}.toml or fix the section number"
            )),
        );
    }
    if raw.versions.is_empty() {
        diagnostics.push(
            Diagnostic::error(format!("§ {number} has no versions"))
                .at(file, raw.section.span())
                .hint("add a [[version]] table with valid_from, source, title and text"),
        );
    }
    let mut versions: Vec<Version> = Vec::new();
    let mut previous: Option<(jiff::civil::Date, std::ops::Range<usize>)> = None;
    for raw_version in raw.versions {
        let span = raw_version.span();
        let rv = raw_version.into_inner();
        let Ok(valid_from) =
            date(file, &rv.valid_from, "valid_from").map_err(|d| diagnostics.push(d))
        else {
            continue;
        };
        if let Some((prev, prev_span)) = &previous {
            if valid_from == *prev {
                diagnostics.push(
                    Diagnostic::error(format!("§ {number} has two versions on {valid_from}"))
                        .at(file, rv.valid_from.span())
                        .label("second version on this day")
                        .related(file, prev_span.clone(), "first version on this day")
                        .hint("a day has one version; merge them or correct the date"),
                );
                continue;
            }
            if valid_from < *prev {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "the versions of § {number} are out of order: {valid_from} follows {prev}"
                    ))
                    .at(file, rv.valid_from.span())
                    .label("earlier than the version before it")
                    .related(file, prev_span.clone(), "previous version")
                    .hint("list versions oldest first"),
                );
                continue;
            }
        }
        previous = Some((valid_from, rv.valid_from.span()));
        let content = match (rv.repealed, rv.title, rv.text) {
            (true, None, None) => Content::Repealed,
            (true, _, _) => {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "the version of § {number} of {valid_from} is repealed but has a title or text"
                    ))
                    .at(file, span.clone())
                    .hint("a repealed version reads \"(weggefallen)\"; remove its title and text"),
                );
                continue;
            }
            (false, Some(title), Some(text_value)) => {
                let origin = text_origin(file, text, text_value.span(), text_value.get_ref());
                let body_text = text_value.into_inner();
                if let Err(e) = Body::parse(&body_text) {
                    diagnostics.push(
                        Diagnostic::error(format!("§ {number} ({valid_from}): {}", e.message))
                            .at(file, origin.map(e.span.clone()))
                            .label("here")
                            .hint(e.hint),
                    );
                }
                Content::Text {
                    title,
                    text: body_text,
                }
            }
            (false, title, text_value) => {
                let missing = match (title.is_none(), text_value.is_none()) {
                    (true, true) => "`title` and `text`",
                    (true, false) => "`title`",
                    _ => "`text`",
                };
                diagnostics.push(
                    Diagnostic::error(format!(
                        "the version of § {number} of {valid_from} lacks {missing}"
                    ))
                    .at(file, span.clone())
                    .hint("a version in force has a title and a text; a repealed one has `repealed = true`"),
                );
                continue;
            }
        };
        versions.push(Version {
            valid_from,
            source: rv.source,
            content,
        });
    }
    Some(Section { number, versions })
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    use super::*;
    use crate::load::DirSource;
    use crate::load::counting::{Counting, let_the_clock_tick};

    struct Fixture {
        store: tempfile::TempDir,
        cache: tempfile::TempDir,
    }

    /// Loads the store at `root` with its cache in `cache`, as of a minute
    /// from now, when every file has settled; and how many files were read.
    fn load_settled(root: &Path, cache: &Path) -> (Store, usize) {
        let source = Counting::new(DirSource::new(root).with_cache_dir(cache));
        let mut store = Store::default();
        load_all_at(
            &source,
            &mut store,
            SystemTime::now() + Duration::from_secs(60),
        );
        let reads = source.reads.get();
        (store, reads)
    }
    impl Fixture {
        fn new() -> Fixture {
            let store = tempfile::tempdir().unwrap();
            let law = store.path().join("statutes/stgb");
            std::fs::create_dir_all(&law).unwrap();
            std::fs::write(
                law.join("law.toml"),
                "name = \"Strafgesetzbuch\"\nabbreviation = \"StGB\"\ncitation = \"StGB\"\n",
            )
            .unwrap();
            let f = Fixture {
                store,
                cache: tempfile::tempdir().unwrap(),
            };
            f.section(
                "1",
                "Keine Strafe ohne Gesetz",
                "Eine Tat kann nur bestraft werden.",
            );
            f.section(
                "2",
                "Zeitliche Geltung",
                "(1) Die Strafe bestimmt sich nach dem Gesetz.",
            );
            f
        }

        fn path(&self, number: &str) -> PathBuf {
            self.store
                .path()
                .join(format!("statutes/stgb/{number}.toml"))
        }

        fn section(&self, number: &str, title: &str, text: &str) {
            let file = format!(
                "section = \"{number}\"\n\n[[version]]\nvalid_from = 1998-11-13\nsource = \"BGBl. I S. 3322\"\ntitle = \"{title}\"\ntext = \"\"\"\n{text}\n\"\"\"\n"
            );
            std::fs::write(self.path(number), file).unwrap();
        }

        /// Loads the store as of a minute from now, when every file has
        /// settled, counting the files read.
        fn load(&self) -> (Store, usize) {
            load_settled(self.store.path(), self.cache.path())
        }

        fn uncached(&self) -> Store {
            let mut store = Store::default();
            load_all_at(
                &DirSource::new(self.store.path()),
                &mut store,
                SystemTime::now(),
            );
            store
        }
    }

    fn text(store: &Store, number: &str) -> String {
        let law = store.law(Some("StGB")).unwrap();
        law.section(number).unwrap().versions[0]
            .content
            .text()
            .to_owned()
    }

    fn same(a: &Store, b: &Store) {
        assert_eq!(a.laws, b.laws);
        assert_eq!(a.diagnostics.len(), b.diagnostics.len());
        for id in 0..3 {
            assert_eq!(a.files.name(id), b.files.name(id));
            assert_eq!(a.files.source(id), b.files.source(id));
        }
    }

    #[test]
    fn unchanged_files_come_from_the_cache() {
        let f = Fixture::new();
        let (first, reads) = f.load();
        assert_eq!(
            reads, 3,
            "law.toml and both sections are read the first time"
        );
        let (second, reads) = f.load();
        assert_eq!(reads, 1, "only law.toml is read again");
        same(&first, &second);
        same(&second, &f.uncached());
    }

    #[test]
    fn a_file_rewritten_with_its_size_and_time_is_read_again() {
        let f = Fixture::new();
        f.load();
        let path = f.path("1");
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        let_the_clock_tick();
        // Same length, same modification time: only the change time tells.
        f.section(
            "1",
            "Keine Strafe ohne Gesetz",
            "Eine Tat kann nur bestraft werdeN.",
        );
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        let (store, reads) = f.load();
        assert_eq!(reads, 2);
        assert!(text(&store, "1").contains("werdeN."));
        same(&store, &f.uncached());
    }

    #[test]
    fn added_and_removed_files_show() {
        let f = Fixture::new();
        f.load();
        let_the_clock_tick();
        std::fs::remove_file(f.path("2")).unwrap();
        f.section(
            "3",
            "Geltung für Inlandstaten",
            "Das deutsche Strafrecht gilt.",
        );
        let (store, reads) = f.load();
        assert_eq!(reads, 2, "law.toml and the new file");
        let numbers: Vec<&str> = store.laws[0]
            .sections
            .iter()
            .map(|s| s.number.as_str())
            .collect();
        assert_eq!(numbers, ["1", "3"]);
        same(&store, &f.uncached());
    }

    #[test]
    fn files_with_problems_are_never_cached() {
        let f = Fixture::new();
        std::fs::write(
            f.path("2"),
            "section = \"2\"\n[[version]]\nvalid_from = 2021-02-30\n",
        )
        .unwrap();
        let (first, _) = f.load();
        assert!(first.has_errors());
        let (second, reads) = f.load();
        assert_eq!(reads, 2, "law.toml and the broken file are read every time");
        assert_eq!(
            crate::diag::to_string(&first.files, &first.diagnostics),
            crate::diag::to_string(&second.files, &second.diagnostics)
        );
    }

    #[test]
    fn files_touched_just_now_are_not_cached() {
        let f = Fixture::new();
        let source = DirSource::new(f.store.path()).with_cache_dir(f.cache.path());
        load_all_at(&source, &mut Store::default(), SystemTime::now());
        let (_, reads) = f.load();
        assert_eq!(reads, 3);
    }

    #[test]
    fn a_damaged_cache_counts_as_empty() {
        let f = Fixture::new();
        f.load();
        let cache = section_cache(f.cache.path());
        let bytes = std::fs::read(&cache).unwrap();
        for damaged in [
            Vec::new(),
            bytes[..bytes.len() / 2].to_vec(),
            vec![0xff; 64],
        ] {
            std::fs::write(&cache, &damaged).unwrap();
            let (store, reads) = f.load();
            assert_eq!(reads, 3);
            same(&store, &f.uncached());
        }
    }

    #[test]
    fn a_section_stored_twice_is_kept_once() {
        let f = Fixture::new();
        let text = std::fs::read_to_string(f.path("1")).unwrap();
        std::fs::write(f.path("3"), text).unwrap();
        let (store, _) = f.load();
        let messages: Vec<&str> = store
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "the file 3.toml holds `section = \"1\"`",
                "§ 1 is stored twice in statutes/stgb/"
            ]
        );
        let numbers: Vec<&str> = store.laws[0]
            .sections
            .iter()
            .map(|s| s.number.as_str())
            .collect();
        assert_eq!(numbers, ["1", "2"]);
        let file = store.origins.sections[&("stgb".to_owned(), "1".to_owned())];
        assert_eq!(store.files.name(file), "statutes/stgb/3.toml");
    }

    #[test]
    fn sections_come_in_the_order_of_the_law() {
        let f = Fixture::new();
        for number in ["10", "100", "1a", "2b", "2a", "11", "3"] {
            f.section(number, "Titel", "Text.");
        }
        let (store, _) = f.load();
        let mut sorted = store.laws[0].clone();
        sorted.sections.reverse();
        sorted.sort();
        assert_eq!(store.laws[0], sorted);
        let numbers: Vec<&str> = sorted.sections.iter().map(|s| s.number.as_str()).collect();
        assert_eq!(
            numbers,
            ["1", "1a", "2", "2a", "2b", "3", "10", "11", "100"]
        );
    }

    #[test]
    fn the_shipped_sections_read_the_same_from_the_cache() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let cache = tempfile::tempdir().unwrap();
        let load = || load_settled(root, cache.path());
        let mut uncached = Store::default();
        load_all_at(&DirSource::new(root), &mut uncached, SystemTime::now());
        let (first, _) = load();
        let (second, reads) = load();
        let sections = uncached.laws[0].sections.len();
        assert!(sections > 5, "{sections}");
        assert_eq!(reads, 1, "only law.toml is read again");
        for store in [&first, &second] {
            assert_eq!(store.laws, uncached.laws);
            assert_eq!(store.origins.sections, uncached.origins.sections);
            assert!(store.diagnostics.is_empty());
            for id in 0..=sections + 1 {
                assert_eq!(store.files.name(id), uncached.files.name(id));
                assert_eq!(store.files.source(id), uncached.files.source(id));
            }
        }
    }

    /// The one section cache in `dir` (beside it, the listing's).
    fn section_cache(dir: &Path) -> PathBuf {
        let files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| !p.to_string_lossy().ends_with("-listing.postcard"))
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        files[0].clone()
    }
}
