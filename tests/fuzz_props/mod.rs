//! The properties the fuzz targets check (fuzz/fuzz_targets/*), shared with
//! tests/fuzz_regressions.rs, which runs every input a fuzzer ever found
//! wanting as a plain test. Each function panics when a property fails.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::sync::OnceLock;

use novelle::apply::apply;
use novelle::load::{Entry, Source, load};
use novelle::model::citation::{Style, parse};
use novelle::model::outline::Outline;
use novelle::model::text::Body;
use novelle::redline::for_proposal;

/// The citation parser never panics; an error points inside the input; a
/// citation it reads, written in either style, reads back the same.
pub fn citation(input: &str) {
    match parse(input) {
        Ok(c) => {
            for style in [Style::Short, Style::Long] {
                let written = c.format_with_law(style);
                let again =
                    parse(&written).unwrap_or_else(|e| panic!("{written:?} does not parse: {e}"));
                assert_eq!(again, c, "{input:?} written as {written:?}");
            }
        }
        Err(e) => {
            assert!(
                input.get(e.span.clone()).is_some(),
                "span {:?} outside {input:?}",
                e.span
            );
            assert!(!e.message.is_empty());
        }
    }
}

/// The structured-text parser never panics; what it accepts renders back
/// byte for byte, and the outline's ranges lie inside the text.
pub fn text(input: &str) {
    for (body, what) in [
        (Body::parse(input), "text"),
        (Body::parse_fragment(input), "fragment"),
    ] {
        match body {
            Ok(body) => {
                assert_eq!(body.render(), input, "{what} does not round-trip");
                let outline = Outline::of(&body);
                assert_eq!(outline.len, input.len());
                for unit in &outline.units {
                    assert!(
                        input.get(unit.range.clone()).is_some(),
                        "{:?}: {:?}",
                        unit.path,
                        unit.range
                    );
                }
            }
            Err(e) => assert!(
                input.get(e.span.clone()).is_some(),
                "{what}: span {:?}",
                e.span
            ),
        }
    }
}

/// A proposal file (`proposals/fuzz.toml`, id "fuzz"), loaded as novelle
/// loads it and applied to the shipped StGB sections: never panics; when it
/// applies, the attributed text gives the old and the new text byte for
/// byte, and its redline can be built.
pub fn engine(proposal_file: &[u8]) {
    let store = load(&Memory {
        statutes: statutes(),
        proposal: proposal_file,
    });
    let Some(proposal) = store.proposal("fuzz") else {
        return;
    };
    let Some(law) = store.law(Some(&proposal.law)) else {
        return;
    };
    let Ok(applied) = apply(law, proposal, None) else {
        return;
    };
    for s in &applied.sections {
        assert_eq!(s.text.new_text(), s.after.text(), "§ {}", s.number);
        if let Some(before) = &s.before {
            assert_eq!(s.text.old_text(), before.text(), "§ {}", s.number);
        }
    }
    let _ = for_proposal(&applied, proposal, &[], &law.abbreviation);
}

/// The shipped statutes in memory, plus the proposal under test.
struct Memory<'a> {
    statutes: &'a BTreeMap<String, Vec<u8>>,
    proposal: &'a [u8],
}

const PROPOSAL: &str = "proposals/fuzz.toml";

impl Source for Memory<'_> {
    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        if path == PROPOSAL {
            return Ok(self.proposal.to_vec());
        }
        self.statutes
            .get(path)
            .cloned()
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
    }

    fn list(&self, path: &str) -> io::Result<Vec<Entry>> {
        let prefix = format!("{path}/");
        let mut out: Vec<Entry> = Vec::new();
        for key in self.statutes.keys().map(String::as_str).chain([PROPOSAL]) {
            let Some(rest) = key.strip_prefix(&prefix) else {
                continue;
            };
            let (name, is_dir) = rest
                .split_once('/')
                .map_or((rest, false), |(d, _)| (d, true));
            if !out.iter().any(|e| e.name == name) {
                out.push(Entry {
                    name: name.to_owned(),
                    is_dir,
                });
            }
        }
        Ok(out)
    }

    fn display(&self, path: &str) -> String {
        path.to_owned()
    }
}

/// The shipped `statutes/stgb/*.toml`, read once.
fn statutes() -> &'static BTreeMap<String, Vec<u8>> {
    static FILES: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| {
        // The fuzz package lives in fuzz/, one below the repository.
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = if manifest.join("statutes").is_dir() {
            manifest
        } else {
            manifest.parent().expect("fuzz/..")
        };
        let dir = root.join("statutes/stgb");
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(&dir).expect("the shipped statutes") {
            let entry = entry.expect("a directory entry");
            let name = entry.file_name().into_string().expect("a UTF-8 name");
            files.insert(
                format!("statutes/stgb/{name}"),
                std::fs::read(entry.path()).expect("a file"),
            );
        }
        files
    })
}
