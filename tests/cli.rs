//! The command line on the shipped store.

#[path = "support/bin.rs"]
mod bin;

use assert_cmd::Command;
use predicates::prelude::*;

fn novelle() -> Command {
    let mut c = bin::command();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    c
}

#[test]
fn show_finds_the_version_in_force() {
    novelle()
        .args(["show", "§ 176 Abs. 1 StGB", "--at", "2021-05-05"])
        .assert()
        .success()
        .stdout(predicate::str::contains("in force since 2021-01-01"))
        .stdout(predicate::str::ends_with(
            "(1) Wer sexuelle Handlungen an einer Person unter vierzehn Jahren (Kind) vornimmt oder an sich von dem Kind vornehmen läßt, wird mit Freiheitsstrafe von sechs Monaten bis zu zehn Jahren bestraft.\n",
        ));
    novelle()
        .args(["show", "§ 176 Abs. 1 StGB", "--at", "2021-07-01"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "(1) Mit Freiheitsstrafe nicht unter einem Jahr wird bestraft, wer\n\n1. sexuelle",
        ))
        .stdout(predicate::str::ends_with(
            "anbietet oder nachzuweisen verspricht.\n",
        ));
}

#[test]
fn show_prints_exactly_the_unit() {
    novelle()
        .args(["show", "§ 232a Abs. 6 Satz 1 Nr. 2", "--at", "2022-01-01"])
        .assert()
        .success()
        .stdout(predicate::str::ends_with(
            "\n\n2. einer Tat nach den Absätzen 1 bis 5\n",
        ));
    let out = novelle()
        .args([
            "show",
            "StGB § 232a Absatz 6 Satz 2",
            "--at",
            "2022-01-01",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["text"]
            .as_str()
            .unwrap()
            .starts_with("Verkennt der Täter")
    );
    assert!(
        v["text"]
            .as_str()
            .unwrap()
            .contains("dessen Hilfslosigkeit"),
        "the official typo stays"
    );
    assert_eq!(v["version"]["valid_from"], "2021-09-22");
}

#[test]
fn show_a_range_of_sections() {
    let out = novelle()
        .args([
            "show",
            "§§ 176 bis 176e",
            "--at",
            "2021-07-01",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cited: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["citation"].as_str().unwrap())
        .collect();
    assert_eq!(
        cited,
        [
            "§ 176 StGB",
            "§ 176a StGB",
            "§ 176b StGB",
            "§ 176c StGB",
            "§ 176d StGB"
        ],
        "§ 176e is not yet in force"
    );
    novelle()
        .args(["show", "§ 176 Abs. 1 Satz 1 Nr. 2", "--at", "2021-07-01"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("§ 176 Abs. 1 Nr. 2 StGB – "));
}

#[test]
fn show_explains_what_exists_instead() {
    novelle()
        .args(["show", "§ 176 Abs. 4", "--at", "2021-07-01"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "§ 176 has Absätze 1–2 on 2021-07-01; Absatz 4 existed until 2021-06-30",
        ));
    novelle()
        .args(["show", "§ 176", "--at", "2020-12-31"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not yet in force on 2020-12-31"))
        .stderr(predicate::str::contains("--at 2021-01-01"));
    novelle()
        .args(["show", "§ 176 Abs. eins"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a valid Absatz number"));
}

#[test]
fn usage_errors_exit_2() {
    novelle()
        .args(["show", "§ 176", "--at", "2021-02-30"])
        .assert()
        .code(2);
    novelle().args(["frobnicate"]).assert().code(2);
    novelle()
        .args(["list", "--store", "/nonexistent"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds no statutes/"));
    let empty = tempfile::tempdir().unwrap();
    bin::command()
        .current_dir(empty.path())
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no novelle store here"));
}

#[test]
fn the_store_is_found_from_a_subdirectory() {
    let mut c = bin::command();
    c.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/proposals"))
        .arg("list")
        .assert()
        .success();
}

#[test]
fn list_shows_sections_and_proposals() {
    novelle()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("§ 176e"))
        .stdout(predicate::str::contains("ijm-osec"));
    let out = novelle()
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sections"].as_array().unwrap().len(), 9);
    let ijm = v["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "ijm-osec")
        .unwrap();
    assert_eq!(ijm["amendments"], 8);
    assert_eq!(ijm["base"], "2021-07-01");
    assert_eq!(ijm["status"], "draft");
}

#[test]
fn apply_prints_the_amended_sections() {
    let out = novelle().args(["apply", "ijm-osec"]).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    for heading in ["§ 176 – ", "§ 176a – ", "§ 182 – ", "§ 232a – "] {
        assert!(stdout.contains(heading), "{heading} in {stdout}");
    }
    assert!(
        stdout.contains("Note: Illustration"),
        "the disclaimer is shown"
    );
    assert!(stdout.contains("\n\n4. ein Kind für eine Tat nach den Nummern 1 bis 3 anbietet"));
    let out = novelle()
        .args(["apply", "leichtfertigkeit-232a-2021", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let official = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/statutes/stgb/232a.toml"
    ))
    .unwrap();
    let table: toml::Table = toml::from_str(&official).unwrap();
    assert_eq!(
        v["sections"][0]["text"].as_str(),
        table["version"][1]["text"].as_str()
    );
}

#[test]
fn apply_with_at_and_unknown_proposals() {
    novelle()
        .args(["apply", "leichtfertigkeit-232a-2021", "--at", "2016-10-15"])
        .assert()
        .success();
    novelle()
        .args(["apply", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("there is no proposal \"nope\""))
        .stderr(predicate::str::contains("ijm-osec"));
}

#[test]
fn help_version_and_completions() {
    novelle()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage"));
    novelle()
        .args(["show", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--at"));
    novelle()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("novelle "));
    novelle()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("novelle"));
}
