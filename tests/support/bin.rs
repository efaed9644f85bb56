//! The `novelle` binary under test, with its cache of parsed section files
//! under `target/` instead of the home directory.

#![allow(dead_code)]

use assert_cmd::Command;

/// A command running the binary.
pub fn command() -> Command {
    let mut c = Command::cargo_bin("novelle").expect("the binary is built");
    c.env(
        "NOVELLE_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
    );
    c
}
