//! `novelle check` on a store seeded with one defect of each kind names every
//! one of them at the right line.

#[path = "support/bin.rs"]
mod bin;

use serde_json::Value;

fn check(store: &str) -> (Value, i32) {
    let out = bin::command()
        .args(["check", "--format", "json", "--store", store])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).expect("json on stdout");
    (json, out.status.code().unwrap_or(-1))
}

#[test]
fn every_defect_is_named_with_its_line() {
    let (json, code) = check(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/broken"
    ));
    assert_eq!(code, 1);
    let found: Vec<(String, u64, String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["severity"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: &[(&str, u64, &str, &str)] = &[
        ("statutes/stgb/1.toml", 6, "error", "invalid TOML"),
        (
            "statutes/stgb/10.toml",
            1,
            "error",
            "holds `section = \"11\"`",
        ),
        (
            "statutes/stgb/2.toml",
            8,
            "error",
            "unknown field `typo_key`",
        ),
        ("statutes/stgb/3.toml", 3, "error", "missing field `source`"),
        ("statutes/stgb/4.toml", 10, "error", "out of order"),
        (
            "statutes/stgb/5.toml",
            10,
            "error",
            "two versions on 2021-01-01",
        ),
        (
            "statutes/stgb/6.toml",
            8,
            "error",
            "the first Absatz is numbered (2)",
        ),
        ("statutes/stgb/7.toml", 10, "error", "gap in the numbering"),
        (
            "statutes/stgb/8.toml",
            10,
            "error",
            "Buchstabe a) stands outside a Nummer",
        ),
        ("statutes/stgb/9.toml", 4, "error", "invalid date"),
        (
            "proposals/badsyntax.toml",
            5,
            "error",
            "unknown status \"drafted\"",
        ),
        (
            "proposals/badsyntax.toml",
            12,
            "error",
            "\"eins\" is not a valid Absatz number",
        ),
        (
            "proposals/badsyntax.toml",
            20,
            "error",
            "unknown action \"löschen\"",
        ),
        (
            "proposals/collide.toml",
            14,
            "error",
            "collides with the existing Nummer 3",
        ),
        (
            "proposals/defects.toml",
            14,
            "error",
            "§ 176 Abs. 9 does not name a unit",
        ),
        (
            "proposals/defects.toml",
            23,
            "error",
            "„Erwachsener“ do not occur in § 176 Abs. 2",
        ),
        (
            "proposals/defects.toml",
            31,
            "error",
            "„Täter“ occur twice in § 176 Abs. 2",
        ),
        (
            "proposals/early.toml",
            7,
            "error",
            "no part of the StGB in this store is in force on 1990-01-01",
        ),
        (
            "proposals/overlap.toml",
            22,
            "error",
            "amendment \"second\", after amendment \"first\"",
        ),
        (
            "proposals/redo.toml",
            22,
            "warning",
            "changes words that an earlier amendment inserted",
        ),
    ];
    for (file, line, severity, message) in expected {
        assert!(
            found
                .iter()
                .any(|(f, l, s, m)| f == file && l == line && s == severity && m.contains(message)),
            "missing {file}:{line} {severity}: {message}\nfound: {found:#?}"
        );
    }
    assert_eq!(
        found.len(),
        expected.len(),
        "unexpected extra diagnostics: {found:#?}"
    );
}

#[test]
fn the_shipped_store_is_clean() {
    let (json, code) = check(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(json["diagnostics"], Value::Array(vec![]));
    assert_eq!(json["sections"], 9);
    assert_eq!(json["versions"], 13);
    assert_eq!(code, 0);
}

#[test]
fn text_output_quotes_the_source_and_ends_with_a_summary() {
    let out = bin::command()
        .args([
            "check",
            "--store",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/broken"),
        ])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("┌─ proposals/defects.toml:23:9"),
        "{stderr}"
    );
    assert!(stderr.contains("help: "), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "no colour codes with NO_COLOR");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("19 errors, 1 warning"), "{stdout}");
}
