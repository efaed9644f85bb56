//! The redline, diff and report commands from the outside: formats, output
//! files, exit codes and messages, colour, and hostile text.

#[path = "support/bin.rs"]
mod bin;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn root() -> &'static str {
    env!("CARGO_MANIFEST_DIR")
}

fn novelle() -> Command {
    let mut cmd = bin::command();
    cmd.arg("--store").arg(root()).env_remove("NO_COLOR");
    cmd
}

/// A copy of the shipped store in a temporary directory, to write into.
fn store_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for sub in ["statutes/stgb", "proposals"] {
        let from = Path::new(root()).join(sub);
        let to = dir.path().join(sub);
        fs::create_dir_all(&to).unwrap();
        for entry in fs::read_dir(&from).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
    dir
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn redline_in_every_format() {
    novelle()
        .args(["redline", "ijm-osec"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "[-3.-]{+4.+}[1] ein Kind für eine Tat nach [-Nummer 1 oder Nummer 2-]{+den Nummern 1 bis 3+}[2]",
        ))
        .stdout(predicate::str::contains("Hinweis: Illustration"));
    novelle()
        .args(["redline", "ijm-osec", "--format", "md"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            r"~~3\.~~<ins>4\.</ins>[^176-nr3] ein Kind",
        ))
        .stdout(predicate::str::contains("[^176-nr4]: **\\[2\\]**"));
    novelle()
        .args(["redline", "ijm-osec", "--format", "html"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("<!DOCTYPE html>"))
        .stdout(predicate::str::contains("<del>3.</del><ins>4.</ins>"))
        .stdout(predicate::str::contains("<script").not());
    let out = novelle()
        .args(["redline", "ijm-osec", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    assert_eq!(v["to"]["id"], "ijm-osec");
    assert_eq!(v["notes"].as_array().map(Vec::len), Some(8));
    assert_eq!(v["proposals"][0]["id"], "ijm-osec");
}

#[test]
fn english_labels_on_request() {
    novelle()
        .args(["redline", "ijm-osec", "--lang", "en"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Note: Illustration"))
        .stdout(predicate::str::contains("Reasons for the amendments"));
}

#[test]
fn output_file_is_written_whole_and_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ijm.html");
    novelle()
        .args(["report", "ijm-osec", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        files_in(dir.path()),
        vec![file.clone()],
        "no temporary files left"
    );
    let html = fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    // Writing again replaces the file.
    novelle()
        .args(["redline", "ijm-osec", "--format", "md", "-o"])
        .arg(&file)
        .assert()
        .success();
    assert!(
        fs::read_to_string(&file)
            .unwrap()
            .starts_with("# Änderungen")
    );
    assert_eq!(files_in(dir.path()), vec![file]);
}

#[test]
fn terminal_output_to_a_file_has_no_colour() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.txt");
    novelle()
        .args(["--color", "always", "redline", "ijm-osec", "-o"])
        .arg(&file)
        .assert()
        .success();
    let text = fs::read_to_string(&file).unwrap();
    assert!(!text.contains('\u{1b}'));
    assert!(text.contains("{+4.+}"));
}

#[test]
fn never_writes_into_the_store() {
    let store = store_copy();
    for sub in ["proposals", "statutes/stgb", "statutes"] {
        let target = store.path().join(sub).join("out.html");
        let before = files_in(&store.path().join(sub));
        bin::command()
            .arg("--store")
            .arg(store.path())
            .args(["report", "ijm-osec", "-o"])
            .arg(&target)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("will not write into the store"));
        assert_eq!(files_in(&store.path().join(sub)), before);
    }
}

#[test]
fn output_into_a_missing_directory_is_a_usage_error() {
    novelle()
        .args(["report", "ijm-osec", "-o", "/nonexistent-dir/x.html"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
}

#[test]
fn unknown_proposal_exits_1_with_the_known_ones() {
    for cmd in ["redline", "report"] {
        novelle()
            .args([cmd, "ijm"])
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("there is no proposal \"ijm\""))
            .stderr(predicate::str::contains("ijm-osec"));
    }
}

#[test]
fn bad_sides_of_a_diff_are_explained() {
    novelle()
        .args([
            "diff",
            "§ 176",
            "--from",
            "2021-13-01",
            "--to",
            "2021-07-01",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--from 2021-13-01 is not a valid day",
        ))
        .stderr(predicate::str::contains("YYYY-MM-DD"));
    novelle()
        .args(["diff", "§ 176", "--from", "2021-06-30", "--to", "gestern"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("neither a day nor a proposal"))
        .stderr(predicate::str::contains("ijm-osec"));
    novelle()
        .args([
            "diff",
            "§ 999",
            "--from",
            "2021-06-30",
            "--to",
            "2021-07-01",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("§ 999"));
    novelle()
        .args([
            "diff",
            "§ 176 Abs. 9",
            "--from",
            "2021-06-30",
            "--to",
            "2021-07-01",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("neither version"));
    novelle()
        .args(["diff", "§ 176", "--from", "2021-06-30"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--to"));
}

#[test]
fn diff_without_differences_says_so() {
    novelle()
        .args([
            "diff",
            "§ 182",
            "--from",
            "2021-07-01",
            "--to",
            "2021-09-01",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Keine Unterschiede."));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    // Piped output has no colour, NO_COLOR or not.
    novelle()
        .args(["redline", "ijm-osec"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}[").not());
    novelle()
        .env("NO_COLOR", "1")
        .args(["redline", "ijm-osec"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}[").not());
    // Forced colour: styles instead of brackets.
    novelle()
        .args(["--color", "always", "redline", "ijm-osec"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}["))
        .stdout(predicate::str::contains("{+4.+}").not());
}

/// A proposal whose every text is hostile to HTML.
const HOSTILE: &str = r#"id = "hostile"
title = "Gesetz <script>alert('title')</script> & \"mehr\""
author = "A & B <b>Verein</b>"
date = 2021-05-05
status = "draft"
law = "StGB"
base = 2021-07-01
note = "Hinweis <script>alert('note')</script> & 'Zitat'"
rationale = """
Allgemein <img src=x onerror=alert(1)> & "so".
"""

[[amendment]]
id = "182-4"
target = "§ 182 Abs. 4"
action = "ersetzen"
words = "Der Versuch"
by = "Der <script>alert('text')</script> Versuch & \"so\""
rationale = """Begründung <script>alert('rationale')</script> & 'so' "so"."""
"#;

#[test]
fn html_escapes_hostile_text() {
    let store = store_copy();
    fs::write(store.path().join("proposals/hostile.toml"), HOSTILE).unwrap();
    let run = |args: &[&str]| -> String {
        let out = bin::command()
            .arg("--store")
            .arg(store.path())
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    for html in [
        run(&["report", "hostile"]),
        run(&["report", "hostile", "--lang", "en"]),
        run(&["redline", "hostile", "--format", "html"]),
    ] {
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(
            html.contains("&#60;script&#62;alert(&#39;rationale&#39;)"),
            "{html}"
        );
        assert!(
            html.contains("&#60;script&#62;alert(&#39;text&#39;)"),
            "{html}"
        );
        assert!(html.contains("Versuch &#38; &#34;so&#34;"), "{html}");
    }
    let report = run(&["report", "hostile"]);
    assert!(report.contains("A &#38; B &#60;b&#62;Verein"));
    assert!(report.contains("Gesetz &#60;script&#62;alert(&#39;title&#39;)"));
    assert!(report.contains("Hinweis &#60;script&#62;alert(&#39;note&#39;)"));
    let md = run(&["redline", "hostile", "--format", "md"]);
    // Markdown shows "\<script\>" as text; no tag is left unescaped.
    assert!(!md.replace(r"\<", "").contains("<script"), "{md}");
    assert!(md.contains(r"\<script\>alert('rationale')"), "{md}");
}

/// The segments of section `number` in a JSON redline: (op, text, amendments).
fn segments_of(redline: &serde_json::Value, number: &str) -> Vec<(String, String, Vec<String>)> {
    let section = redline["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["number"] == number)
        .unwrap_or_else(|| panic!("§ {number} is in the redline"));
    let text = |v: &serde_json::Value| v.as_str().unwrap().to_owned();
    section["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["segments"].as_array().unwrap())
        .map(|s| {
            let ids = s["amendments"]
                .as_array()
                .unwrap()
                .iter()
                .map(text)
                .collect();
            (text(&s["op"]), text(&s["text"]), ids)
        })
        .collect()
}

#[test]
fn a_proposal_against_another_day_than_its_base_keeps_its_links() {
    // ijm-osec amends the law of 2021-07-01. By 2021-10-01 the law had
    // added § 176e and a second Satz to § 232a Abs. 6; §§ 176 and 176a
    // read the same on both days.
    let out = novelle()
        .args(["diff", "StGB", "--from", "2021-10-01", "--to", "ijm-osec"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let redline: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let changed = |number: &str| -> Vec<(String, Vec<String>)> {
        segments_of(&redline, number)
            .into_iter()
            .filter(|(op, ..)| op != "equal")
            .map(|(op, _, ids)| (op, ids))
            .collect()
    };
    // A section the law left alone: the proposal's own redline, every
    // change linked.
    let in_176 = changed("176");
    assert!(!in_176.is_empty());
    assert!(in_176.iter().all(|(_, ids)| !ids.is_empty()), "{in_176:?}");
    // A section the law changed: the proposal's words are linked, the
    // law's own change is not.
    let in_232a = segments_of(&redline, "232a");
    let linked = |needle: &str, op: &str| {
        in_232a
            .iter()
            .find(|(o, text, _)| o == op && text.contains(needle))
            .map(|(.., ids)| ids.clone())
            .unwrap_or_else(|| panic!("{op} {needle:?} in {in_232a:?}"))
    };
    assert_eq!(
        linked("Die Sätze 1 und 2 gelten entsprechend", "insert"),
        ["232a-abs6"]
    );
    assert_eq!(linked("in Echtzeit wahrnimmt", "insert"), ["232a-abs1"]);
    assert!(linked("zumindest leichtfertig", "delete").is_empty());
    // A section only the law changed, without links.
    assert!(changed("176e").iter().all(|(_, ids)| ids.is_empty()));
    // Notes only for the amendments something links to, numbered 1, 2, ….
    let notes = redline["notes"].as_array().unwrap();
    let numbers: Vec<u64> = notes
        .iter()
        .map(|n| n["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=notes.len() as u64).collect::<Vec<_>>());
    assert!(notes.iter().any(|n| n["id"] == "232a-abs6"));

    // Against the law before the 2021 reform, Nummer 4 of § 176 Abs. 1 is
    // new as a whole, but only the words the amendments wrote link to them.
    let out = novelle()
        .args(["diff", "§ 176", "--from", "2021-06-30", "--to", "ijm-osec"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let redline: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let inserted: Vec<(String, Vec<String>)> = segments_of(&redline, "176")
        .into_iter()
        .filter(|(op, ..)| op == "insert")
        .map(|(_, text, ids)| (text, ids))
        .collect();
    let ids_of = |words: &str| {
        inserted
            .iter()
            .find(|(text, _)| text == words)
            .map(|(_, ids)| ids.clone())
            .unwrap_or_else(|| panic!("{words:?} inserted on its own in {inserted:?}"))
    };
    assert_eq!(ids_of("4."), ["176-nr3"]);
    assert_eq!(ids_of("den Nummern 1 bis 3"), ["176-nr4"]);
    assert!(ids_of(" ein Kind für eine Tat nach ").is_empty());
}

#[test]
fn a_proposal_back_to_the_law_links_what_it_undoes() {
    let json = |to: &str| -> serde_json::Value {
        let out = novelle()
            .args(["diff", "StGB", "--from", "ijm-osec", "--to", to])
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        serde_json::from_slice(&out.stdout).expect("valid JSON")
    };
    let ids_of = |redline: &serde_json::Value, number: &str, op: &str, words: &str| {
        segments_of(redline, number)
            .into_iter()
            .find(|(o, text, _)| o == op && text.contains(words))
            .map(|(.., ids)| ids)
            .unwrap_or_else(|| panic!("{op} {words:?} in § {number}"))
    };
    // Back to the law the proposal amends: what it wrote goes, what it
    // deleted comes back, each linked to its amendment.
    let base = json("2021-07-01");
    assert_eq!(
        ids_of(&base, "176", "delete", "in Echtzeit wahrnimmt"),
        ["176-nr3"]
    );
    assert_eq!(ids_of(&base, "176", "insert", "oder Nummer"), ["176-nr4"]);
    let changes: Vec<_> = segments_of(&base, "176")
        .into_iter()
        .filter(|(op, ..)| op != "equal")
        .collect();
    assert!(
        changes.iter().all(|(.., ids)| !ids.is_empty()),
        "{changes:?}"
    );
    // Back to a later day: the law's own change to § 232a comes in
    // without a link; the proposal's words still go with theirs.
    let later = json("2021-10-01");
    assert!(ids_of(&later, "232a", "insert", "zumindest leichtfertig").is_empty());
    assert_eq!(
        ids_of(
            &later,
            "232a",
            "delete",
            "Die Sätze 1 und 2 gelten entsprechend"
        ),
        ["232a-abs6"]
    );
    assert_eq!(ids_of(&later, "176", "insert", "oder Nummer"), ["176-nr4"]);
    assert!(
        segments_of(&later, "176e")
            .iter()
            .all(|(.., ids)| ids.is_empty())
    );
}
