//! The shipped store holds every version listed in the shared MANIFEST, with
//! its day and act, byte for byte as the official text.

use std::path::PathBuf;

use novelle::load::{DirSource, load};

/// The shared data lies beside the checkout (as in CI), or where
/// NOVELLE_SHARED points.
fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("NOVELLE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    dir.join("data/stgb/sections/MANIFEST.toml")
        .is_file()
        .then_some(dir)
}

#[test]
fn store_matches_the_official_texts() {
    let Some(shared) = shared() else {
        // CI always has ../shared; a developer's clone may not.
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared is missing in CI"
        );
        eprintln!("skipped: ../shared/data/stgb not found (set NOVELLE_SHARED)");
        return;
    };
    let sections = shared.join("data/stgb/sections");
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(sections.join("MANIFEST.toml")).unwrap()).unwrap();
    let store = load(&DirSource::new(env!("CARGO_MANIFEST_DIR")));
    let law = store.law(Some("StGB")).unwrap();
    let entries = manifest["version"].as_array().unwrap();
    let mut checked = 0;
    for v in entries {
        let number = v["section"].as_str().unwrap();
        let day: jiff::civil::Date = v["valid_from"]
            .as_datetime()
            .unwrap()
            .to_string()
            .parse()
            .unwrap();
        let section = law
            .section(number)
            .unwrap_or_else(|| panic!("§ {number} missing"));
        let version = section
            .versions
            .iter()
            .find(|x| x.valid_from == day)
            .unwrap_or_else(|| panic!("§ {number} {day} missing"));
        assert_eq!(
            version.source,
            v["source"].as_str().unwrap(),
            "§ {number} {day}"
        );
        let md = std::fs::read_to_string(sections.join(v["file"].as_str().unwrap())).unwrap();
        let rebuilt = format!(
            "# § {number} – {}\n\n{}",
            version.content.title(),
            version.content.text()
        );
        assert_eq!(rebuilt, md, "§ {number} {day}");
        checked += 1;
    }
    let stored: usize = law.sections.iter().map(|s| s.versions.len()).sum();
    assert_eq!(
        checked, stored,
        "the store holds versions the MANIFEST does not list"
    );
    assert_eq!(checked, 13);
}
