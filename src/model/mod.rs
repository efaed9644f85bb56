//! The domain model: citations, structured text, statutes and proposals.
//!
//! Nothing here knows about TOML, git, terminals or HTML.

pub mod citation;
pub mod date;
pub mod numbering;
pub mod outline;
pub mod proposal;
pub mod sentence;
pub mod statute;
pub mod text;
pub mod words;

/// Real statute text for tests that compare a fast routine with the simple
/// one it replaced: every stored section file, and the whole StGB where the
/// shared data lies beside the repository.
#[cfg(test)]
pub(crate) fn real_texts() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts: Vec<String> = std::fs::read_dir(root.join("statutes/stgb"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for day in ["2021-04-30", "2021-10-08"] {
        let snapshot = root.join(format!("../shared/data/stgb/snapshots/StGB-{day}.md"));
        texts.extend(std::fs::read_to_string(snapshot).ok());
    }
    texts
}
