//! Importing the whole StGB from its Markdown snapshots.

use std::path::PathBuf;

use novelle::load::markdown;

fn snapshot(day: &str) -> (PathBuf, String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../shared/data/stgb/snapshots/StGB-{day}.md"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (path, text)
}

#[test]
fn reader_takes_the_whole_code() {
    for day in ["2021-04-30", "2021-10-08"] {
        let (_, text) = snapshot(day);
        let mut files = novelle::diag::Files::default();
        let id = files.add(day, text.clone());
        let doc = markdown::read(id, &text);
        eprintln!(
            "{day}: {} sections, {} rejected, {} notes",
            doc.sections.len(),
            doc.rejected.len(),
            doc.notes.len()
        );
        eprintln!("{}", novelle::diag::to_string(&files, &doc.rejected));
    }
}
