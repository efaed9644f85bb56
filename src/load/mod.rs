//! Stage 1, load: reads the store's TOML files into the domain model.
//!
//! Loading never stops at the first problem: every file is read, every
//! defect becomes a [`Diagnostic`] with its file and line, and whatever could
//! be read is kept, so `novelle check` reports everything at once.

mod cache;
#[cfg(test)]
mod counting;
mod git;
mod listing;
pub mod markdown;
mod proposals;
mod source;
mod staged;
mod statutes;
#[cfg(test)]
#[path = "../../tests/support/repo.rs"]
pub(crate) mod testrepo;
mod toml_util;
pub mod writer;

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::ops::Range;

pub use git::{CommitId, GitError, GitSource, GitStore};
pub use source::{DirSource, Entry, Fingerprint, Source, discover};
pub use staged::Staged;

use crate::diag::{Diagnostic, FileId, Files};
use crate::model::proposal::Proposal;
use crate::model::statute::{Law, Section};

/// Where a piece of the model came from, so later stages can point at it.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// Section files by (law key, section number).
    pub sections: FxHashMap<(String, String), FileId>,
    /// Proposal files by id.
    pub proposals: HashMap<String, ProposalOrigin>,
}

/// Where a text value stands in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextOrigin {
    /// The file.
    pub file: FileId,
    /// The whole TOML value, quotes included.
    pub value: Range<usize>,
    /// Offset of the text's first byte, when the text appears in the file
    /// verbatim (no escapes), so offsets in the text map to the file.
    pub verbatim_start: Option<usize>,
}

impl TextOrigin {
    /// The file span of `range` in the text (the whole value if the text is escaped).
    pub fn map(&self, range: Range<usize>) -> Range<usize> {
        match self.verbatim_start {
            Some(start) => start + range.start..start + range.end.max(range.start),
            None => self.value.clone(),
        }
    }
}

/// Where a proposal's parts stand in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalOrigin {
    /// The proposal file.
    pub file: FileId,
    /// The `base` value.
    pub base: Range<usize>,
    /// The `law` value.
    pub law: Range<usize>,
    /// Each amendment, in order.
    pub amendments: Vec<AmendmentOrigin>,
}

/// Where an amendment's parts stand in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmendmentOrigin {
    /// The `[[amendment]]` table's header line.
    pub header: Range<usize>,
    /// The `id` value.
    pub id: Range<usize>,
    /// The `target` value.
    pub target: Range<usize>,
    /// The value holding the words searched for (`words`, `after` or `before`).
    pub words: Option<Range<usize>>,
    /// The new text, if any.
    pub text: Option<TextOrigin>,
}

/// Everything read from a store.
#[derive(Debug, Clone, Default)]
pub struct Store {
    /// The laws, each with all versions of its sections.
    pub laws: Vec<Law>,
    /// The proposals that could be read.
    pub proposals: Vec<Proposal>,
    /// Every file read, for diagnostics.
    pub files: Files,
    /// Where things came from.
    pub origins: Origins,
    /// Problems found while loading.
    pub diagnostics: Vec<Diagnostic>,
}

impl Store {
    /// The law with abbreviation `abbr` ("StGB"), or the only law if `abbr` is `None`.
    pub fn law(&self, abbr: Option<&str>) -> Option<&Law> {
        match abbr {
            Some(a) => self
                .laws
                .iter()
                .find(|l| l.abbreviation.eq_ignore_ascii_case(a) || l.key.eq_ignore_ascii_case(a)),
            None if self.laws.len() == 1 => self.laws.first(),
            None => None,
        }
    }

    /// The proposal with id `id`.
    pub fn proposal(&self, id: &str) -> Option<&Proposal> {
        self.proposals.iter().find(|p| p.id == id)
    }

    /// Whether loading found errors.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads the whole store from `source`.
pub fn load(source: &dyn Source) -> Store {
    let mut store = Store::default();
    statutes::load_all(source, &mut store);
    proposals::load_all(source, &mut store);
    store
}

/// Reads one section file on its own, e.g. an older
/// draft of it; `None` if it cannot be read at all. Its problems are not
/// reported: `novelle check` does that for the store as a whole.
pub fn section_file(source: &dyn Source, path: &str) -> Option<Section> {
    let stem = path.rsplit('/').next()?.strip_suffix(".toml")?;
    statutes::load_section(source, path, stem, &mut Store::default())
}

/// Reads a file as UTF-8, registering it for diagnostics.
fn read_file(source: &dyn Source, path: &str, store: &mut Store) -> Option<(FileId, String)> {
    let file = register(source, path, source.read(path), store)?;
    Some((file, store.files.source(file).to_owned()))
}

/// Registers the file read from `path` for diagnostics; `None`, with a
/// diagnostic, if it could not be read or is not UTF-8.
fn register(
    source: &dyn Source,
    path: &str,
    bytes: std::io::Result<Vec<u8>>,
    store: &mut Store,
) -> Option<FileId> {
    let name = source.display(path);
    match bytes {
        Ok(bytes) => decode(&mut store.files, name, bytes)
            .map_err(|d| store.diagnostics.push(d))
            .ok(),
        Err(e) => {
            store.diagnostics.push(
                Diagnostic::error(format!("cannot read {name}: {e}"))
                    .hint("check that the file exists and is readable"),
            );
            None
        }
    }
}

/// Decodes a file's bytes as UTF-8 and registers it as `name` in `files`,
/// where its text is then found; invalid UTF-8 gives a diagnostic at the
/// first bad byte.
pub fn decode(files: &mut Files, name: String, bytes: Vec<u8>) -> Result<FileId, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(files.add(name, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let id = files.add(name, lossy);
            Err(Diagnostic::error("the file is not valid UTF-8")
                .at(id, valid..valid + 1)
                .label("invalid byte here")
                .hint("save the file as UTF-8"))
        }
    }
}
