//! The cache of parsed section files and of their directory's listing, end
//! to end: the command line gives the same answers from them, and sees a
//! section file edited or removed after them.

#[path = "support/repo.rs"]
mod repo;

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

fn novelle(store: &Path, cache: &Path) -> Command {
    let mut c = Command::cargo_bin("novelle").unwrap();
    c.env("NOVELLE_CACHE_DIR", cache)
        .env("NO_COLOR", "1")
        .arg("--store")
        .arg(store);
    c
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn answers_from_the_cache_and_sees_edits() {
    let t = repo::TestRepo::shipped("");
    let cache = tempfile::tempdir().unwrap();
    let diff = ["diff", "StGB", "--from", "2021-06-30", "--to", "2021-07-01"];
    let uncached = stdout(novelle(&t.store(), Path::new("")).args(diff));
    // Files written within the last two seconds are not cached.
    stdout(novelle(&t.store(), cache.path()).args(diff));
    assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 0);
    std::thread::sleep(Duration::from_millis(2100));
    assert_eq!(
        stdout(novelle(&t.store(), cache.path()).args(diff)),
        uncached
    );
    let files: Vec<String> = std::fs::read_dir(cache.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        files.len(),
        2,
        "the sections and the listing of statutes/stgb"
    );
    let listings = files.iter().filter(|f| f.ends_with("-listing.postcard"));
    assert_eq!(listings.count(), 1, "{files:?}");
    assert_eq!(
        stdout(novelle(&t.store(), cache.path()).args(diff)),
        uncached
    );

    // Edit the oldest version of § 182; the next run reads the file again.
    let path = t.store().join("statutes/stgb/182.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("Jahren", "Jahrn", 1);
    assert_ne!(edited, text);
    std::fs::write(&path, edited).unwrap();
    let show = ["show", "§ 182 StGB", "--at", "2010-01-01"];
    let shown = stdout(novelle(&t.store(), cache.path()).args(show));
    assert_eq!(shown, stdout(novelle(&t.store(), Path::new("")).args(show)));
    assert!(shown.contains("Jahrn"), "{shown}");

    // Remove § 232a; the next run lists the directory again.
    let show = ["show", "§ 232a StGB", "--at", "2021-07-01"];
    stdout(novelle(&t.store(), cache.path()).args(show));
    std::fs::remove_file(t.store().join("statutes/stgb/232a.toml")).unwrap();
    let out = novelle(&t.store(), cache.path())
        .args(show)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // A stale listing would name the file and fail to read it.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("StGB has no § 232a"), "{err}");
}
