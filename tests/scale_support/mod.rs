//! Helpers for the import and hostile-input tests: temporary stores, the
//! whole-law snapshots, and exact pictures of a store's files.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The citation the StGB's law.toml carries.
pub const CITATION: &str =
    "Strafgesetzbuch in der Fassung der Bekanntmachung vom 13. November 1998 (BGBl. I S. 3322)";

/// The whole StGB as published on `day` ("2021-04-30" or "2021-10-08");
/// `../shared` lies beside the checkout.
pub fn snapshot(day: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../shared/data/stgb/snapshots/StGB-{day}.md"))
}

/// `novelle --store DIR`, without colour.
pub fn novelle(store: &Path) -> Command {
    let mut c = Command::cargo_bin("novelle").expect("the novelle binary");
    c.arg("--store").arg(store).env("NO_COLOR", "1");
    c
}

/// `novelle import` of the snapshot of `day` into `store`, valid from `day`.
pub fn import(store: &Path, day: &str) -> Command {
    let mut c = novelle(store);
    c.args(["import", "--from", "markdown"])
        .arg(snapshot(day))
        .args([
            "--law",
            "StGB",
            "--valid-from",
            day,
            "--source",
            &format!("Stand {day}"),
            "--citation",
            CITATION,
        ]);
    c
}

/// Every file below `dir` with its bytes, by path relative to `dir`.
pub fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    collect(dir, dir, &mut out);
    out
}

fn collect(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            out.insert(rel, fs::read(&path).unwrap_or_default());
        }
    }
}

/// A temporary store holding a copy of the shipped statutes and proposals.
pub fn shipped_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["statutes", "proposals"] {
        copy_dir(&manifest.join(sub), &dir.path().join(sub));
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for entry in fs::read_dir(from).expect("read dir").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).expect("copy file");
        }
    }
}
