//! The amending act for the shipped proposals: snapshots in every format,
//! the 2021 change to § 232a as the Handbuch has it, HTML escaping, and the
//! `novelle act` command.

#[path = "support/bin.rs"]
mod bin;

use assert_cmd::Command;
use novelle::act::{Act, build};
use novelle::load::Store;
use novelle::render::{act_html, act_md, act_text};
use predicates::prelude::*;

#[path = "support/store.rs"]
mod shipped;

fn store() -> Store {
    shipped::shipped()
}

fn act_of(store: &Store, id: &str) -> Act {
    let p = store
        .proposal(id)
        .unwrap_or_else(|| panic!("no proposal {id}"));
    let law = store.law(Some(&p.law)).unwrap();
    build(p, law).unwrap_or_else(|e| panic!("{id}: {e}: {}", e.hint))
}

const SHIPPED: [&str; 3] = [
    "ijm-osec",
    "leichtfertigkeit-232a-2021",
    "sexualisierte-gewalt-2021",
];

#[test]
fn snapshots_of_every_shipped_proposal_in_every_format() {
    let store = store();
    for id in SHIPPED {
        let act = act_of(&store, id);
        insta::assert_snapshot!(format!("{id}.txt"), act_text::render(&act));
        insta::assert_snapshot!(format!("{id}.md"), act_md::render(&act));
        insta::assert_snapshot!(format!("{id}.html"), act_html::page(&act).unwrap());
    }
}

/// The act for the 2021 change to § 232a Absatz 6 as the Handbuch der
/// Rechtsförmlichkeit (4th ed.) would word it: the two changes of one Absatz
/// under one Nummer that names the Absatz, "der folgende Satz", and the
/// renumbered Satz 2 cited as "der neue Satz 3".
#[test]
fn leichtfertigkeit_reads_as_the_handbuch_has_it() {
    let act = act_of(&store(), "leichtfertigkeit-232a-2021");
    let text = act_text::render(&act);
    let expected = "\
Artikel 1
Änderung des Strafgesetzbuches

Das Strafgesetzbuch in der Fassung der Bekanntmachung vom 13. November 1998 (BGBl. I S. 3322) wird wie folgt geändert:

1. § 232a Absatz 6 wird wie folgt geändert:

   a) Nach Satz 1 wird der folgende Satz eingefügt:

      „Verkennt der Täter bei der sexuellen Handlung zumindest leichtfertig die Umstände des Satzes 1 Nummer 1 oder 2 oder die persönliche oder wirtschaftliche Zwangslage des Opfers oder dessen Hilfslosigkeit, so ist die Strafe Freiheitsstrafe bis zu drei Jahren oder Geldstrafe.“

   b) In dem neuen Satz 3 wird die Angabe „Nach Satz 1“ durch die Angabe „Nach den Sätzen 1 und 2“ ersetzt.

Artikel 2
Inkrafttreten

Dieses Gesetz tritt am 22. September 2021 in Kraft.
";
    let start = text.find("Artikel 1\n").expect("Artikel 1");
    let end = text.find("\nBegründung\n").expect("Begründung");
    assert_eq!(&text[start..end], expected);
    assert!(text.starts_with(
        "Entwurf eines Gesetzes zur Änderung des Strafgesetzbuches – Verbesserung des strafrechtlichen Schutzes"
    ));
    assert!(
        text.contains("\nHinweis: Verkündet als Gesetz vom 14. September 2021 (BGBl. I S. 4250).")
    );
    let besonderer = &text[text.find("B. Besonderer Teil").unwrap()..];
    let order: Vec<usize> = [
        "Zu Artikel 1",
        "Zu Nummer 1 (§ 232a)",
        "Zu Buchstabe a",
        "Nach Satz 1 wird ein neuer Satz 2 eingefügt.",
        "Zu Buchstabe b",
        "Folgeänderung",
        "Zu Artikel 2",
    ]
    .iter()
    .map(|s| besonderer.find(s).unwrap_or_else(|| panic!("{s}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn html_escapes_every_text_and_stands_alone() {
    let store = store();
    let mut p = store.proposal("ijm-osec").unwrap().clone();
    p.note = Some("<script>alert(\"x\")</script> & Co.".into());
    p.rationale = "A <b>bold</b> claim & more.".into();
    p.amendments[0].rationale = "<img src=x onerror=alert(1)>".into();
    let act = build(&p, store.law(Some("StGB")).unwrap()).unwrap();
    let page = act_html::page(&act).unwrap();
    assert!(!page.contains("<script"), "unescaped note");
    assert!(!page.contains("<b>"), "unescaped rationale");
    assert!(!page.contains("<img"), "unescaped amendment rationale");
    assert!(
        page.contains("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; Co."),
        "{page}"
    );
    assert!(page.contains("&#60;img src=x onerror=alert(1)&#62;"));
    // Self-contained: no external resources; prints on A4.
    let shipped = act_html::page(&act_of(&store, "ijm-osec")).unwrap();
    for external in [
        "<link", "<script", "<img", "src=", "http://", "https://", "@import", "url(",
    ] {
        assert!(!shipped.contains(external), "{external}");
    }
    assert!(shipped.contains("size: A4"));
    // The fragment is what the page embeds, and links by amendment id.
    let fragment = act_html::fragment(&act).unwrap();
    assert!(page.contains(&fragment));
    assert!(fragment.starts_with("<article class=\"act\""));
    assert!(fragment.contains("id=\"act-176-nr3\" data-reference=\"Art. 1 Nr. 1 Buchst. a\""));
    assert!(fragment.contains("id=\"act-zu-176-nr3\""));
}

#[test]
fn markdown_keeps_statute_text_literal() {
    let act = act_of(&store(), "sexualisierte-gewalt-2021");
    let md = act_md::render(&act);
    // A Nummer inside quoted text must not become a Markdown list.
    assert!(md.contains("   > 2\\. ein Kind dazu bestimmt"), "{md}");
    assert!(md.contains("   > „§ 176\n"));
    assert!(md.contains("Freiheitsstrafe nicht unter zehn Jahren.“\n"));
}

fn novelle() -> Command {
    let mut c = bin::command();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    c
}

#[test]
fn cli_prints_the_act() {
    let store = store();
    let expected = act_text::render(&act_of(&store, "ijm-osec"));
    novelle()
        .args(["act", "ijm-osec"])
        .assert()
        .success()
        .stdout(expected)
        .stderr("");
    // A draft as committed: ID@REV.
    novelle()
        .args(["act", "ijm-osec@HEAD"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "3. § 182 wird wie folgt geändert:",
        ));
    novelle()
        .args(["act", "leichtfertigkeit-232a-2021", "--format", "md"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "# Entwurf eines Gesetzes zur Änderung des Strafgesetzbuches",
        ));
}

#[test]
fn cli_writes_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("act.html");
    novelle()
        .args(["act", "ijm-osec", "--format", "html", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    let written = std::fs::read_to_string(&file).unwrap();
    let expected = act_html::page(&act_of(&store(), "ijm-osec")).unwrap();
    assert_eq!(written, expected);
    // Writing again replaces the file.
    novelle()
        .args([
            "act",
            "leichtfertigkeit-232a-2021",
            "--format",
            "html",
            "--output",
        ])
        .arg(&file)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("§ 232a Absatz 6 wird wie folgt geändert:")
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary files remain");
}

#[test]
fn cli_reports_mistakes() {
    novelle()
        .args(["act", "no-such-proposal"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "there is no proposal \"no-such-proposal\"",
        ))
        .stderr(predicate::str::contains("known proposals: ijm-osec"));
    novelle()
        .args(["act", "ijm-osec", "-o", "no/such/dir/act.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the directory no/such/dir does not exist",
        ));
    novelle()
        .args(["act", "ijm-osec", "--format", "pdf"])
        .assert()
        .code(2);
    novelle().args(["act"]).assert().code(2);
}

#[test]
fn cli_points_at_the_amendment_that_cannot_be_applied() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    copy_dir(
        &std::path::Path::new(root).join("statutes"),
        &dir.path().join("statutes"),
    );
    std::fs::create_dir(dir.path().join("proposals")).unwrap();
    std::fs::write(
        dir.path().join("proposals/broken.toml"),
        r#"id = "broken"
title = "Gesetz zur Prüfung"
author = "Test"
date = 2021-07-01
status = "draft"
law = "StGB"
base = 2021-07-01
rationale = "Allgemein."

[[amendment]]
id = "missing-words"
target = "§ 176 Abs. 2"
action = "ersetzen"
words = "Unsinn"
by = "Sinn"
rationale = "Grund."
"#,
    )
    .unwrap();
    novelle()
        .args(["--store"])
        .arg(dir.path())
        .args(["act", "broken"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "the words „Unsinn“ do not occur in § 176 Abs. 2",
        ))
        .stderr(predicate::str::contains("broken.toml:14"));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
