//! `novelle import` on the whole StGB: both published snapshots, in order,
//! into empty and shipped stores.

mod scale_support;

use std::collections::BTreeSet;
use std::fs;

use jiff::civil::{Date, date};
use novelle::diag::Files;
use novelle::load::markdown::{self, Document};
use novelle::load::{DirSource, Store, load};
use novelle::model::text::Body;
use predicates::prelude::*;
use scale_support::{contents, import, novelle, shipped_store, snapshot};

const OLD: &str = "2021-04-30";
const NEW: &str = "2021-10-08";

fn read(day: &str) -> Document {
    let text =
        fs::read_to_string(snapshot(day)).expect("the snapshot (../shared beside the checkout)");
    let mut files = Files::default();
    let id = files.add(day, text.clone());
    markdown::read(id, &text)
}

fn loaded(dir: &std::path::Path) -> Store {
    let store = load(&DirSource::new(dir));
    assert!(
        !store.has_errors(),
        "{}",
        novelle::diag::to_string(&store.files, &store.diagnostics)
    );
    store
}

fn day(s: &str) -> Date {
    s.parse().expect("a day")
}

#[test]
fn both_snapshots_give_every_section_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), OLD)
        .assert()
        .success()
        .stdout(predicate::str::contains("569 new, 0 changed, 0 unchanged"))
        .stdout(predicate::str::contains(
            "wrote 570 files under statutes/stgb/",
        ));
    import(dir.path(), NEW)
        .assert()
        .success()
        .stdout(predicate::str::contains("6 new, 33 changed, 536 unchanged"))
        .stdout(predicate::str::contains("new versions: §§ 5, 66, 78b"));
    let store = loaded(dir.path());
    let law = store.law(Some("StGB")).expect("the StGB");
    assert_eq!(law.name, "Strafgesetzbuch");

    let mut numbers = BTreeSet::new();
    for d in [OLD, NEW] {
        let doc = read(d);
        let accepted = doc.sections.len() as f64 / (doc.sections.len() + doc.rejected.len()) as f64;
        assert!(
            accepted >= 0.99,
            "{d}: only {:.1} % of the sections accepted",
            accepted * 100.0
        );
        for s in &doc.sections {
            numbers.insert(s.number.clone());
            let text = s.content.text();
            let body = Body::parse(text).unwrap_or_else(|e| panic!("§ {}: {e}", s.number));
            assert_eq!(body.render(), text, "§ {} does not round-trip", s.number);
            let stored = law.section(&s.number).and_then(|sec| sec.at(day(d)));
            assert_eq!(
                stored.map(|v| &v.content),
                Some(&s.content),
                "§ {} on {d}",
                s.number
            );
        }
    }
    assert_eq!(law.sections.len(), numbers.len());
    assert_eq!(law.sections.len(), 575);

    let twice: Vec<&str> = law
        .sections
        .iter()
        .filter(|s| s.versions.len() == 2)
        .map(|s| s.number.as_str())
        .collect();
    assert_eq!(twice.len(), 33);
    for n in ["176", "176a", "176b", "232a", "5"] {
        let s = law.section(n).unwrap();
        let days: Vec<Date> = s.versions.iter().map(|v| v.valid_from).collect();
        assert_eq!(days, [day(OLD), day(NEW)], "§ {n}");
        assert_eq!(s.versions[1].source, format!("Stand {NEW}"));
    }
    assert!(law.sections.iter().all(|s| s.versions.len() <= 2));
    // "§§ 116 bis 119 – (weggefallen)" gives four repealed sections.
    for n in ["116", "117", "118", "119", "109b", "109c"] {
        assert!(
            law.section(n).unwrap().versions[0].content.is_repealed(),
            "§ {n}"
        );
    }
    novelle(dir.path()).arg("check").assert().success();
}

#[test]
fn reimporting_adds_nothing_and_an_older_snapshot_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), OLD).assert().success();
    import(dir.path(), NEW).assert().success();
    let before = contents(dir.path());
    import(dir.path(), NEW)
        .assert()
        .success()
        .stdout(predicate::str::contains("0 new, 0 changed, 575 unchanged"))
        .stdout(predicate::str::contains("nothing to write"));
    assert_eq!(contents(dir.path()), before);
    // The older snapshot's § 176 differs from the stored 2021-10-08 version.
    import(dir.path(), OLD)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "§ 176 differs from its version of 2021-10-08, but the import is for 2021-04-30",
        ))
        .stderr(
            predicate::str::contains("StGB-2021-04-30.md:")
                .and(predicate::str::contains("panicked").not()),
        );
    assert_eq!(contents(dir.path()), before);
}

#[test]
fn imported_texts_equal_the_curated_sections() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), OLD).assert().success();
    import(dir.path(), NEW).assert().success();
    let imported = loaded(dir.path());
    let shipped = loaded(env!("CARGO_MANIFEST_DIR").as_ref());
    let (imported, shipped) = (
        imported.law(Some("StGB")).unwrap(),
        shipped.law(Some("StGB")).unwrap(),
    );
    let mut compared = 0;
    for s in &shipped.sections {
        for d in [OLD, NEW] {
            let curated = s.at(day(d)).map(|v| &v.content);
            let from_snapshot = imported
                .section(&s.number)
                .and_then(|i| i.at(day(d)))
                .map(|v| &v.content);
            if curated.is_some() {
                assert_eq!(from_snapshot, curated, "§ {} on {d}", s.number);
                compared += 1;
            }
        }
    }
    assert!(compared >= 15, "{compared}");
}

#[test]
fn importing_into_the_shipped_store_keeps_its_versions() {
    let dir = shipped_store();
    let before = loaded(dir.path());
    import(dir.path(), NEW)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "--name and --citation are ignored",
        ));
    let after = loaded(dir.path());
    let (b, a) = (
        before.law(Some("StGB")).unwrap(),
        after.law(Some("StGB")).unwrap(),
    );
    for s in &b.sections {
        assert_eq!(
            a.section(&s.number),
            Some(s),
            "§ {} was curated; its text is the 2021-10-08 one",
            s.number
        );
    }
    assert_eq!(a.sections.len(), 575);
    // The curated file keeps its comments: the import only adds files.
    assert_eq!(
        fs::read(dir.path().join("statutes/stgb/176.toml")).unwrap(),
        fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("statutes/stgb/176.toml"))
            .unwrap()
    );
    novelle(dir.path()).arg("check").assert().success();
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), OLD)
        .arg("--dry-run")
        .assert()
        .success()
        .stdout(predicate::str::contains("569 new"))
        .stdout(predicate::str::contains("nothing written (--dry-run)"));
    assert!(contents(dir.path()).is_empty());
}

#[test]
fn unreadable_sections_are_listed_and_the_rest_imported() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("law.md");
    fs::write(
        &md,
        "% Testgesetz (TG)\n\n# § 1 – Eins\n\nDer erste Satz.\n\n# § 2 – Zwei\n\n(2) Beginnt mit zwei.\n\n# § 3 Drei\n\nKein Strich.\n\n# § 4 – Vier\n\n(1) Gut.\n\n(2) Auch.\n",
    )
    .unwrap();
    let store = dir.path().join("store");
    fs::create_dir(&store).unwrap();
    novelle(&store)
        .args(["import", "--from", "markdown"])
        .arg(&md)
        .args([
            "--law",
            "TG",
            "--valid-from",
            "2020-01-01",
            "--source",
            "Erstfassung",
            "--citation",
            "Testgesetz vom 1. Januar 2020",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("2 new, 0 changed, 0 unchanged"))
        .stdout(predicate::str::contains(
            "2 sections or headings could not be read",
        ))
        .stderr(predicate::str::contains(
            "§ 2: the first Absatz is numbered (2)",
        ))
        .stderr(predicate::str::contains("law.md:9:1"))
        .stderr(predicate::str::contains(
            "cannot read the heading \"§ 3 Drei\"",
        ))
        .stderr(predicate::str::contains("law.md:11:1"));
    let files: Vec<String> = contents(&store).into_keys().collect();
    assert_eq!(
        files,
        [
            "statutes/tg/1.toml",
            "statutes/tg/4.toml",
            "statutes/tg/law.toml"
        ]
    );
    let law = loaded(&store);
    let law = law.law(Some("TG")).unwrap();
    assert_eq!((law.name.as_str(), law.sections.len()), ("Testgesetz", 2));
    assert_eq!(
        law.section("4").unwrap().versions[0].valid_from,
        date(2020, 1, 1)
    );
}
