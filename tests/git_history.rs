//! Drafting history with git, end to end: `--rev`, PROPOSAL@REV, `log` and
//! `diff` on real repositories built in temporary directories.

#[path = "support/bin.rs"]
mod bin;

#[path = "support/repo.rs"]
mod repo;

use std::path::Path;

use assert_cmd::Command;
use git2::Oid;
use predicates::prelude::*;
use repo::TestRepo;

const IJM: &str = "proposals/ijm-osec.toml";

fn novelle(dir: &Path) -> Command {
    let mut cmd = bin::command();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn json(cmd: &mut Command) -> serde_json::Value {
    serde_json::from_str(&stdout(cmd)).unwrap()
}

/// The amendment table with id `id`, cut out of a proposal file.
fn without_amendment(text: &str, id: &str) -> String {
    let start = text
        .find(&format!("[[amendment]]\nid = \"{id}\""))
        .expect("amendment");
    let end = text[start + 1..]
        .find("[[amendment]]")
        .map_or(text.len(), |i| start + 1 + i);
    format!("{}{}", &text[..start], &text[end..])
}

const NEW_AMENDMENT: &str = r#"
[[amendment]]
id = "176a-abs2"
target = "§ 176a Abs. 2"
action = "einfügen"
after = "anbietet"
insert = "oder bewirbt"
rationale = """
Wer Übertragungen mit einem Kind bewirbt, ohne ein bestimmtes Kind anzubieten, soll ebenso erfasst werden.
"""
"#;

/// The issue's scenario: the shipped store, then two edits of ijm-osec:
/// the March draft (tagged), then a rationale changed, then an amendment
/// added, one removed and the status set to "submitted".
fn drafting_repo(sub: &str) -> (TestRepo, [Oid; 3]) {
    let t = TestRepo::shipped(sub);
    let first = t.commit("Entwurf März", 0);
    t.tag("entwurf-maerz", first);
    t.edit(
        IJM,
        "Folgeänderung zur neuen Nummer 3. Das Anbieten",
        "Folgeänderung zur neuen Nummer 3; sie ist zwingend. Das Anbieten",
    );
    let second = t.commit_by("Referent B", "Begründung zu 176-nr4 geschärft", 14);
    let text = without_amendment(&t.read(IJM), "182-abs7");
    t.write(
        IJM,
        &format!(
            "{}{NEW_AMENDMENT}",
            text.replace("status = \"draft\"", "status = \"submitted\"")
        ),
    );
    let third = t.commit("Fassung für den Ausschuss", 30);
    (t, [first, second, third])
}

#[test]
fn diff_shows_what_changed_between_drafts_by_amendment_id() {
    let (t, _) = drafting_repo("");
    let text =
        stdout(novelle(t.store().as_path()).args(["diff", "ijm-osec@HEAD~2", "ijm-osec@HEAD"]));
    insta::assert_snapshot!("diff_head2_head", text);
    // The tag names the same draft as HEAD~2.
    let tagged =
        stdout(novelle(&t.store()).args(["diff", "ijm-osec@entwurf-maerz", "ijm-osec@HEAD"]));
    assert_eq!(tagged, text.replace("HEAD~2", "entwurf-maerz"));

    let v = json(novelle(&t.store()).args([
        "diff",
        "ijm-osec@HEAD~2",
        "ijm-osec@HEAD",
        "--format",
        "json",
    ]));
    let ids = |key: &str| {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("added"), ["176a-abs2"]);
    assert_eq!(ids("removed"), ["182-abs7"]);
    assert_eq!(ids("changed"), ["176-nr4"]);
    let change = &v["changed"][0]["changes"][0];
    assert_eq!(change["part"], "rationale");
    assert!(
        change["old"]
            .as_str()
            .unwrap()
            .contains("Nummer 3. Das Anbieten")
    );
    assert!(
        change["new"]
            .as_str()
            .unwrap()
            .contains("Nummer 3; sie ist zwingend. Das Anbieten")
    );
    assert_eq!(
        v["proposal"],
        serde_json::json!([{ "part": "proposal", "field": "status", "old": "draft", "new": "submitted" }])
    );
    assert_eq!(
        v["from"],
        serde_json::json!({ "proposal": "ijm-osec", "rev": "HEAD~2" })
    );
    // The redline of the resulting law, each change linked to its amendment.
    let redline = &v["redline"];
    assert_eq!(redline["from"]["rev"], "HEAD~2");
    assert_eq!(redline["to"]["rev"], "HEAD");
    let changed: Vec<(String, Vec<String>)> = redline["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let ids = s["blocks"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|b| b["segments"].as_array().unwrap())
                .filter(|g| g["op"] != "equal")
                .flat_map(|g| {
                    g["amendments"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|a| a.as_str().unwrap().to_owned())
                })
                .collect::<std::collections::BTreeSet<_>>();
            (
                s["number"].as_str().unwrap().to_owned(),
                ids.into_iter().collect(),
            )
        })
        .collect();
    assert_eq!(
        changed,
        [
            ("176a".to_owned(), vec!["176a-abs2".to_owned()]),
            ("182".to_owned(), vec!["182-abs7".to_owned()])
        ]
    );

    // One step at a time, each change in its own commit.
    let v = json(novelle(&t.store()).args([
        "diff",
        "ijm-osec@HEAD~2",
        "ijm-osec@HEAD~1",
        "--format",
        "json",
    ]));
    assert_eq!(
        (
            v["added"].as_array().unwrap().len(),
            v["removed"].as_array().unwrap().len()
        ),
        (0, 0)
    );
    assert_eq!(v["changed"][0]["id"], "176-nr4");
}

#[test]
fn diff_against_the_working_tree() {
    let (t, _) = drafting_repo("");
    let same = stdout(novelle(&t.store()).args(["diff", "ijm-osec@HEAD"]));
    assert!(same.contains("No changes."), "{same}");
    t.edit(
        IJM,
        "id = \"176a-echtzeit\"\ntarget = \"§ 176a Abs. 1 Nr. 1\"",
        "id = \"176a-echtzeit\"\ntarget = \"§ 176a Abs. 1 Nr. 2\"",
    );
    let text = stdout(novelle(&t.store()).args(["diff", "ijm-osec@HEAD", "ijm-osec"]));
    assert!(text.contains("HEAD → the working tree"), "{text}");
    assert!(
        text.contains(
            "~ 176a-echtzeit\n      target: „§ 176a Abs. 1 Nr. 1“ → „§ 176a Abs. 1 Nr. 2“"
        ),
        "{text}"
    );
    // A draft that does not apply still compares; only the law's redline is left out.
    novelle(&t.store())
        .args(["diff", "ijm-osec@HEAD"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("~ 176a-echtzeit")
                .and(predicate::str::contains("The law after each draft").not()),
        )
        .stderr(predicate::str::contains(
            "the redline of the law is left out: ijm-osec does not apply",
        ));
}

#[test]
fn rev_works_for_list_show_check_and_apply() {
    let (t, _) = drafting_repo("");
    let status = |rev: &str| {
        let v = json(novelle(&t.store()).args(["list", "--format", "json", "--rev", rev]));
        let p = v["proposals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == "ijm-osec")
            .unwrap()
            .clone();
        p["status"].as_str().unwrap().to_owned()
    };
    assert_eq!(status("HEAD~2"), "draft");
    assert_eq!(status("entwurf-maerz"), "draft");
    assert_eq!(status("HEAD"), "submitted");

    let new_words = "oder bewirbt";
    let applied = stdout(novelle(&t.store()).args(["apply", "ijm-osec@HEAD"]));
    assert!(
        applied.contains(new_words) && applied.contains("as amended by \"ijm-osec@HEAD\""),
        "{applied}"
    );
    let march = stdout(novelle(&t.store()).args(["apply", "ijm-osec@HEAD~2"]));
    assert!(!march.contains(new_words));
    assert_eq!(
        stdout(novelle(&t.store()).args(["apply", "ijm-osec", "--rev", "HEAD~2"])),
        march
    );

    // The working tree is neither read nor touched with --rev: break it.
    t.write("statutes/stgb/176.toml", "section = \"176\"\nbroken");
    t.write(IJM, "not toml");
    let shown = stdout(novelle(&t.store()).args([
        "show",
        "§ 176 Abs. 1 Nr. 2",
        "--at",
        "2021-07-01",
        "--rev",
        "HEAD",
    ]));
    assert!(
        shown.contains("\n2. ein Kind dazu bestimmt, dass es sexuelle Handlungen"),
        "{shown}"
    );
    novelle(&t.store())
        .args(["show", "§ 176 Abs. 1"])
        .assert()
        .code(1);
    novelle(&t.store())
        .args(["check", "--rev", "HEAD~1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("3 proposals: 0 errors"));
    novelle(&t.store()).arg("check").assert().code(1);
    assert_eq!(t.read(IJM), "not toml");

    // Diagnostics name files as REV:path.
    novelle(&t.store())
        .args(["check", "--rev", "HEAD"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    let t2 = TestRepo::shipped("");
    t2.edit(IJM, "status = \"draft\"", "status = \"entworfen\"");
    t2.commit("Tippfehler", 1);
    t2.edit(IJM, "status = \"entworfen\"", "status = \"draft\"");
    novelle(&t2.store())
        .args(["check", "--rev", "HEAD"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("HEAD:proposals/ijm-osec.toml:5:10")
                .and(predicate::str::contains("unknown status \"entworfen\"")),
        );
    novelle(&t2.store()).arg("check").assert().success();
}

#[test]
fn a_store_in_a_subdirectory_of_the_repository() {
    let (t, _) = drafting_repo("gesetzgebung/store");
    let v = json(novelle(t.root()).args([
        "--store",
        "gesetzgebung/store",
        "list",
        "--format",
        "json",
        "--rev",
        "HEAD~2",
    ]));
    assert_eq!(v["proposals"].as_array().unwrap().len(), 3);
    let text = stdout(novelle(&t.store().join("proposals")).args([
        "diff",
        "ijm-osec@HEAD~2",
        "ijm-osec@HEAD",
    ]));
    assert!(text.contains("+ 176a-abs2"), "{text}");
    t.edit(IJM, "id = \"176-nr3\"", "id = \"176 nr3\"");
    t.commit("kaputt", 40);
    novelle(&t.store())
        .args(["apply", "ijm-osec@HEAD"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "HEAD:gesetzgebung/store/proposals/ijm-osec.toml",
        ));
}

#[test]
fn log_lists_the_commits_that_changed_a_proposal() {
    let (t, _) = drafting_repo("");
    let v = json(novelle(&t.store()).args(["log", "ijm-osec", "--format", "json"]));
    let commits = v["commits"].as_array().unwrap();
    let summaries: Vec<&str> = commits
        .iter()
        .map(|c| c["summary"].as_str().unwrap())
        .collect();
    assert_eq!(
        summaries,
        [
            "Fassung für den Ausschuss",
            "Begründung zu 176-nr4 geschärft",
            "Entwurf März"
        ]
    );
    assert_eq!(commits[1]["author"], "Referent B");
    assert_eq!(commits[1]["date"], "2021-03-15T11:00:00+01:00");
    assert_eq!(commits[2]["change"], serde_json::json!({ "kind": "added" }));
    let mut table = stdout(novelle(&t.store()).args(["log", "ijm-osec"]));
    for (i, c) in commits.iter().enumerate() {
        let short = c["short"].as_str().unwrap();
        table = table.replace(
            short,
            &format!("<c{}>{}", i + 1, " ".repeat(short.len().saturating_sub(4))),
        );
    }
    insta::assert_snapshot!("log_proposal", table);
    // From a revision on: the later commits are left out.
    let v = json(novelle(&t.store()).args(["log", "ijm-osec@HEAD~1", "--format", "json"]));
    assert_eq!(v["commits"].as_array().unwrap().len(), 2);
    let v = json(novelle(&t.store()).args([
        "log",
        "ijm-osec",
        "--rev",
        "entwurf-maerz",
        "--format",
        "json",
    ]));
    assert_eq!(v["commits"].as_array().unwrap().len(), 1);
}

#[test]
fn log_of_a_section_lists_the_versions_each_commit_added() {
    let t = TestRepo::shipped("");
    let full = t.read("statutes/stgb/176.toml");
    let second = full
        .match_indices("[[version]]")
        .nth(1)
        .map(|(i, _)| i)
        .unwrap();
    t.write("statutes/stgb/176.toml", &full[..second]);
    t.commit("§ 176 in der Fassung vom 1. Januar 2021", 0);
    t.write("statutes/stgb/176.toml", &full);
    t.commit_by("Referent B", "§ 176 in der Fassung vom 1. Juli 2021", 3);
    t.edit("statutes/stgb/176.toml", "Kindern", "Kindern ");
    t.commit("Leerzeichen", 4);
    let v = json(novelle(&t.store()).args(["log", "§ 176 Abs. 1", "--format", "json"]));
    let rows: Vec<(String, serde_json::Value, serde_json::Value)> = v["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["summary"].as_str().unwrap().to_owned(),
                c["versions_added"].clone(),
                c["versions_removed"].clone(),
            )
        })
        .collect();
    let days = |d: &[&str]| serde_json::json!(d);
    assert_eq!(
        rows,
        [
            ("Leerzeichen".to_owned(), days(&[]), days(&[])),
            (
                "§ 176 in der Fassung vom 1. Juli 2021".to_owned(),
                days(&["2021-07-01"]),
                days(&[])
            ),
            (
                "§ 176 in der Fassung vom 1. Januar 2021".to_owned(),
                days(&["2021-01-01"]),
                days(&[])
            ),
        ]
    );
    assert_eq!(v["path"], "statutes/stgb/176.toml");
    let table = stdout(novelle(&t.store()).args(["log", "§ 176"]));
    assert!(
        table.contains("History of § 176 StGB (statutes/stgb/176.toml)"),
        "{table}"
    );
    assert!(table.contains("┆ +2021-07-01 ┆"), "{table}");
    novelle(&t.store())
        .args(["log", "§§ 176 bis 176b"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("names several sections"));
    novelle(&t.store())
        .args(["log", "§ 999"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no commit up to HEAD changed statutes/stgb/999.toml",
        ));
}

#[test]
fn a_renamed_proposal_keeps_its_history() {
    let (t, _) = drafting_repo("");
    t.rename(IJM, "proposals/osec-2021.toml");
    t.edit(
        "proposals/osec-2021.toml",
        "id = \"ijm-osec\"",
        "id = \"osec-2021\"",
    );
    t.commit("Entwurf umbenannt", 40);
    let v = json(novelle(&t.store()).args(["log", "osec-2021", "--format", "json"]));
    let commits = v["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 4);
    assert_eq!(
        commits[0]["change"],
        serde_json::json!({ "kind": "renamed", "from": "proposals/ijm-osec.toml" })
    );
    assert_eq!(commits[3]["path"], IJM);
    let table = stdout(novelle(&t.store()).args(["log", "osec-2021"]));
    assert!(
        table.contains("renamed from proposals/ijm-osec.toml"),
        "{table}"
    );
    assert!(
        table.contains("proposals/osec-2021.toml was proposals/ijm-osec.toml before"),
        "{table}"
    );

    // The old name: the log says where it went.
    novelle(&t.store())
        .args(["log", "ijm-osec"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "renamed to proposals/osec-2021.toml",
        ))
        .stderr(predicate::str::contains("run `novelle log osec-2021`"));

    // diff and apply follow the new name back to the old one ...
    let out = novelle(&t.store())
        .args([
            "diff",
            "osec-2021@HEAD~3",
            "osec-2021@HEAD",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains(
            "proposal \"osec-2021\" was called \"ijm-osec\" at HEAD~3; following the rename"
        ),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        v["from"],
        serde_json::json!({ "proposal": "ijm-osec", "rev": "HEAD~3" })
    );
    assert_eq!(
        v["proposal"][0],
        serde_json::json!({ "part": "proposal", "field": "id", "old": "ijm-osec", "new": "osec-2021" })
    );
    assert_eq!(v["added"][0]["id"], "176a-abs2");
    // ... and say so when the old name is used after the rename.
    novelle(&t.store())
        .args(["apply", "ijm-osec@HEAD"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("there is no proposal \"ijm-osec\" at HEAD: proposals/ijm-osec.toml was renamed to proposals/osec-2021.toml in"))
        .stderr(predicate::str::contains("name it osec-2021@HEAD"));
}

#[test]
fn errors_say_what_is_wrong_and_how_to_fix_it() {
    // Outside a git repository: history commands fail, the others work.
    let plain = tempfile::tempdir().unwrap();
    let t = TestRepo::shipped("");
    for dir in ["statutes", "proposals"] {
        std::fs::rename(t.store().join(dir), plain.path().join(dir)).unwrap();
    }
    novelle(plain.path()).arg("list").assert().success();
    novelle(plain.path())
        .args(["apply", "ijm-osec"])
        .assert()
        .success();
    for args in [
        &["list", "--rev", "HEAD"][..],
        &["log", "ijm-osec"],
        &["diff", "ijm-osec@HEAD~1", "ijm-osec@HEAD"],
        &["apply", "ijm-osec@HEAD"],
    ] {
        novelle(plain.path()).args(args).assert().code(1).stderr(
            predicate::str::contains("is not inside a git repository").and(
                predicate::str::contains(
                    "help: --rev and PROPOSAL@REV read the store's git history",
                ),
            ),
        );
    }

    let (t, [first, ..]) = drafting_repo("");
    novelle(&t.store())
        .args(["show", "§ 176", "--rev", "entwurf-april"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("there is no revision \"entwurf-april\"")
                .and(predicate::str::contains("git log --oneline")),
        );
    novelle(&t.store())
        .args(["diff", "ijm-osec@HEAD~9", "ijm-osec@HEAD"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("there is no revision \"HEAD~9\""));
    let tree = format!("{first}^{{tree}}");
    novelle(&t.store())
        .args(["list", "--rev", &tree])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("names a tree, not a commit"));

    // A proposal that does not exist at that revision.
    t.write(
        "proposals/neu.toml",
        &t.read(IJM).replace("id = \"ijm-osec\"", "id = \"neu\""),
    );
    t.commit("neuer Entwurf", 50);
    novelle(&t.store())
        .args(["apply", "neu@HEAD~1"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("there is no proposal \"neu\" at HEAD~1").and(
                predicate::str::contains("known proposals at HEAD~1: ijm-osec"),
            ),
        );

    // Usage errors.
    novelle(&t.store())
        .args(["diff", "ijm-osec", "ijm-osec"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "name the drafts to compare as PROPOSAL@REV",
        ));
    novelle(&t.store())
        .args(["apply", "ijm-osec@"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("names no revision"));
    novelle(&t.store())
        .args(["apply", "@HEAD"])
        .assert()
        .code(2);
    novelle(&t.store())
        .args(["list", "--rev", ""])
        .assert()
        .code(2);
}

#[test]
fn a_shallow_clone_says_its_history_is_cut_off() {
    let (t, [_, second, _]) = drafting_repo("");
    t.make_shallow(second);
    novelle(&t.store())
        .args(["list", "--rev", "HEAD~1"])
        .assert()
        .success();
    novelle(&t.store())
        .args(["diff", "ijm-osec@entwurf-maerz", "ijm-osec@HEAD"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("its history is cut off (shallow clone)")
                .and(predicate::str::contains("git fetch --unshallow")),
        );
    novelle(&t.store())
        .args(["list", "--rev", "HEAD~2"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "revision \"HEAD~2\" is not in this clone",
        ));
    let out = novelle(&t.store())
        .args(["log", "ijm-osec", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        (v["commits"].as_array().unwrap().len(), v["cut_off"].clone()),
        (2, serde_json::json!(true))
    );
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("the history is cut off") && err.contains("git fetch --unshallow"),
        "{err}"
    );
}

#[test]
fn diff_from_and_to_accept_drafts_at_a_revision() {
    let (t, _) = drafting_repo("");
    // The March draft (tag) against the law in force on its base day: the
    // redline comes from provenance, so every change names its amendment.
    let v = json(novelle(&t.store()).args([
        "diff",
        "StGB",
        "--from",
        "2021-07-01",
        "--to",
        "ijm-osec@entwurf-maerz",
        "--format",
        "json",
    ]));
    assert_eq!(v["to"]["rev"], "entwurf-maerz");
    let text = v.to_string();
    assert!(
        text.contains("182-abs7"),
        "the March draft still has 182-abs7"
    );
    // The first draft against the last, by --from/--to: 182-abs7 was removed.
    let text = stdout(novelle(&t.store()).args([
        "diff",
        "§ 182",
        "--from",
        "ijm-osec@HEAD~2",
        "--to",
        "ijm-osec@HEAD",
    ]));
    assert!(text.contains("182-abs7"), "{text}");
    assert!(text.contains("ijm-osec@HEAD~2"), "{text}");
    novelle(&t.store())
        .args([
            "diff",
            "StGB",
            "--from",
            "ijm-osec@nope",
            "--to",
            "2021-07-01",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nope"));
}
