//! Every input the fuzzers (fuzz/, see docs/fuzzing.md) found a problem
//! with, and the fuzzers' seeds, run as plain tests against the same
//! properties: tests/fuzz_regressions/<target>/ and fuzz/seeds/<target>/.

mod fuzz_props;

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        root.join("tests/fuzz_regressions").join(target),
        root.join("fuzz/seeds").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let bytes = std::fs::read(entry.path()).expect("an input file");
            out.push((entry.path().display().to_string(), bytes));
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no inputs for {target}");
    out
}

/// Runs `check` on every input of `target`; the fuzz targets skip input
/// that is not UTF-8 where they take text, and so does this.
fn run(target: &str, check: impl Fn(&[u8])) {
    for (name, bytes) in inputs(target) {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&bytes)));
        assert!(result.is_ok(), "{target}: {name} fails");
    }
}

#[test]
fn citation_inputs() {
    run("citation", |b| {
        if let Ok(s) = std::str::from_utf8(b) {
            fuzz_props::citation(s);
        }
    });
}

#[test]
fn text_inputs() {
    run("text", |b| {
        if let Ok(s) = std::str::from_utf8(b) {
            fuzz_props::text(s);
        }
    });
}

#[test]
fn engine_inputs() {
    run("engine", fuzz_props::engine);
}
