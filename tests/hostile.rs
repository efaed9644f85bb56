//! Malformed and hostile input, run through the real binary on temporary
//! copies of the shipped store. Every case must end in a clear error (a
//! diagnostic with file:line where there is a file; exit 1, or 2 for usage
//! errors) or in a correct result; never a panic, never a hang, and never a
//! change to the store.

#[path = "support/bin.rs"]
mod bin;

mod scale_support;

use std::path::Path;
use std::time::Duration;

use scale_support::{contents, novelle, shipped_store, snapshot};

/// Prepares the store (first path) and the directory of input files (second).
type Setup = Box<dyn Fn(&Path, &Path)>;

struct Case {
    name: &'static str,
    setup: Setup,
    /// Arguments after `--store DIR`; "{in}" stands for the input directory,
    /// "{store}" for the store.
    args: Vec<String>,
    code: i32,
    /// Texts the output (standard output and error) must hold; "{in}" as in `args`.
    expect: Vec<String>,
    /// Run without `--store`: the case names its own.
    bare: bool,
    /// Output files ("{in}/...") that must not exist afterwards.
    absent: Vec<String>,
}

fn case(
    name: &'static str,
    setup: Setup,
    args: &[impl AsRef<str>],
    code: i32,
    expect: &[&str],
) -> Case {
    Case {
        name,
        setup,
        args: args.iter().map(|a| a.as_ref().to_owned()).collect(),
        code,
        expect: expect.iter().map(|e| e.to_string()).collect(),
        bare: false,
        absent: Vec::new(),
    }
}

/// A case after which `file` must not exist: no partial output.
fn leaves_no(mut c: Case, file: &str) -> Case {
    c.absent.push(file.to_owned());
    c
}

fn none() -> Setup {
    Box::new(|_, _| {})
}

/// Writes `content` to `path` in the store.
fn put(path: &'static str, content: impl Into<Vec<u8>>) -> Setup {
    let content = content.into();
    Box::new(move |store, _| {
        let full = store.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, &content).unwrap();
    })
}

/// Writes `content` to `name` in the input directory.
fn input(name: &'static str, content: impl Into<Vec<u8>>) -> Setup {
    let content = content.into();
    Box::new(move |_, dir| std::fs::write(dir.join(name), &content).unwrap())
}

fn remove(path: &'static str) -> Setup {
    Box::new(move |store, _| std::fs::remove_file(store.join(path)).unwrap())
}

/// A proposal `id` against the StGB of 2021-07-01 with one amendment.
fn proposal(id: &str, amendment: &str) -> String {
    format!(
        "id = \"{id}\"\ntitle = \"T\"\nauthor = \"A\"\ndate = 2021-05-05\nstatus = \"draft\"\nlaw = \"StGB\"\nbase = 2021-07-01\nrationale = \"R\"\n\n[[amendment]]\n{amendment}\nrationale = \"R\"\n"
    )
}

/// A section file for § 176d with one version and the given text.
fn section_176d(title: &str, text: &str) -> String {
    format!(
        "section = \"176d\"\n\n[[version]]\nvalid_from = 2021-07-01\nsource = \"Gesetz\"\ntitle = {}\ntext = {}\n",
        toml_str(title),
        toml_str(text)
    )
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// `import --from markdown FILE --law LAW --valid-from DAY --source SOURCE`.
fn import_as(file: &str, law: &str, day: &str, source: &str) -> Vec<String> {
    [
        "import",
        "--from",
        "markdown",
        file,
        "--law",
        law,
        "--valid-from",
        day,
        "--source",
        source,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn import(file: &str, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "import",
        "--from",
        "markdown",
        file,
        "--law",
        "StGB",
        "--valid-from",
        "2021-10-08",
        "--source",
        "Stand",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// A case that passes its own `--store`.
fn own_store(mut c: Case, store: &str) -> Case {
    c.args
        .splice(0..0, ["--store".to_owned(), store.to_owned()]);
    c.bare = true;
    c
}

fn run(c: &Case) -> Result<(), String> {
    let store = shipped_store();
    let inputs = tempfile::tempdir().unwrap();
    (c.setup)(store.path(), inputs.path());
    let before = contents(store.path());
    let in_dir = inputs.path().to_string_lossy().into_owned();
    let store_dir = store.path().to_string_lossy().into_owned();
    let fill = |a: &str| a.replace("{in}", &in_dir).replace("{store}", &store_dir);
    let args: Vec<String> = c.args.iter().map(|a| fill(a)).collect();
    let mut cmd = if c.bare {
        let mut cmd = bin::command();
        cmd.env("NO_COLOR", "1");
        cmd
    } else {
        novelle(store.path())
    };
    // Relative paths resolve in the input directory, never in the repository.
    cmd.current_dir(inputs.path());
    let out = cmd
        .args(&args)
        .timeout(Duration::from_secs(120))
        .output()
        .map_err(|e| format!("did not run: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let all = format!("{stdout}{stderr}");
    let short = |s: &str| s.chars().take(2000).collect::<String>();
    if stderr.contains("panicked") {
        return Err(format!("panicked:\n{}", short(&stderr)));
    }
    if out.status.code() != Some(c.code) {
        return Err(format!(
            "exit {:?}, expected {}\nstdout: {}\nstderr: {}",
            out.status.code(),
            c.code,
            short(&stdout),
            short(&stderr)
        ));
    }
    for e in &c.expect {
        let e = e.replace("{in}", &in_dir);
        if !all.contains(e.as_str()) {
            return Err(format!(
                "output lacks {e:?}\nstdout: {}\nstderr: {}",
                short(&stdout),
                short(&stderr)
            ));
        }
    }
    if c.code != 0 && stderr.trim().is_empty() {
        return Err("failed without a message".into());
    }
    if contents(store.path()) != before {
        return Err("the store changed".into());
    }
    for file in &c.absent {
        let file = file.replace("{in}", &in_dir);
        if Path::new(&file).exists() {
            return Err(format!("{file} was written"));
        }
    }
    Ok(())
}

fn run_all(cases: Vec<Case>) {
    let mut failures = Vec::new();
    for c in &cases {
        if let Err(e) = run(c) {
            failures.push(format!("--- {}: {e}", c.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// 20 MB of statute-like text: one Absatz of many Sätze.
fn huge_text() -> String {
    let satz =
        "Der Täter wird mit Freiheitsstrafe bis zu fünf Jahren oder mit Geldstrafe bestraft. ";
    let mut s = String::from("(1) ");
    while s.len() < 20 * 1024 * 1024 {
        s.push_str(satz);
    }
    s.truncate(s.trim_end().len());
    s.push('\n');
    s
}

fn nested(open: &str, close: &str, depth: usize) -> String {
    format!("x = {}1{}\n", open.repeat(depth), close.repeat(depth))
}

#[test]
fn broken_statute_files() {
    run_all(vec![
        case(
            "broken TOML",
            put(
                "statutes/stgb/176d.toml",
                "section = \"176d\"\n[[version]\nvalid_from = 2021-07-01\n",
            ),
            &["check"],
            1,
            &["statutes/stgb/176d.toml:2:", "invalid TOML"],
        ),
        case(
            "wrong type for the section number",
            put("statutes/stgb/176d.toml", "section = 176\n"),
            &["list"],
            1,
            &["statutes/stgb/176d.toml:1:", "invalid type"],
        ),
        case(
            "text is a number",
            put(
                "statutes/stgb/176d.toml",
                "section = \"176d\"\n\n[[version]]\nvalid_from = 2021-07-01\nsource = \"G\"\ntitle = \"T\"\ntext = 5\n",
            ),
            &["check"],
            1,
            &["statutes/stgb/176d.toml:7:", "invalid type"],
        ),
        case(
            "date 2021-02-30",
            put(
                "statutes/stgb/176d.toml",
                "section = \"176d\"\n\n[[version]]\nvalid_from = 2021-02-30\nsource = \"G\"\nrepealed = true\n",
            ),
            &["check"],
            1,
            &["statutes/stgb/176d.toml:4:"],
        ),
        case(
            "date in quotes",
            put(
                "statutes/stgb/176d.toml",
                "section = \"176d\"\n\n[[version]]\nvalid_from = \"2021-07-01\"\nsource = \"G\"\nrepealed = true\n",
            ),
            &["check"],
            1,
            &["statutes/stgb/176d.toml:4:", "invalid type"],
        ),
        case(
            "date with a time",
            put(
                "statutes/stgb/176d.toml",
                "section = \"176d\"\n\n[[version]]\nvalid_from = 2021-07-01T10:00:00\nsource = \"G\"\nrepealed = true\n",
            ),
            &["check"],
            1,
            &["statutes/stgb/176d.toml:4:", "plain date"],
        ),
        case(
            "empty section file",
            put("statutes/stgb/176d.toml", ""),
            &["check"],
            1,
            &["statutes/stgb/176d.toml:1:1", "missing field"],
        ),
        case(
            "invalid UTF-8",
            put(
                "statutes/stgb/176d.toml",
                b"section = \"176d\"\n# \xff\xfe\n".to_vec(),
            ),
            &["list"],
            1,
            &["statutes/stgb/176d.toml:2:3", "not valid UTF-8"],
        ),
        case(
            "arrays nested 100 000 deep",
            put("statutes/stgb/176d.toml", nested("[", "]", 100_000)),
            &["check"],
            1,
            &["statutes/stgb/176d.toml:1:", "invalid TOML"],
        ),
        case(
            "inline tables nested 100 000 deep",
            put("statutes/stgb/176d.toml", nested("{a=", "}", 100_000)),
            &["check"],
            1,
            &["statutes/stgb/176d.toml:1:", "invalid TOML"],
        ),
        case(
            "a section number that is no number",
            put(
                "statutes/stgb/abc.toml",
                "section = \"abc\"\n\n[[version]]\nvalid_from = 2021-07-01\nsource = \"G\"\nrepealed = true\n",
            ),
            &["check"],
            1,
            &["statutes/stgb/abc.toml:1:", "not a section number"],
        ),
        case(
            "law.toml missing",
            remove("statutes/stgb/law.toml"),
            &["list"],
            1,
            &["statutes/stgb/law.toml"],
        ),
        case(
            "unknown key in law.toml",
            put(
                "statutes/stgb/law.toml",
                "name = \"S\"\nabbreviation = \"StGB\"\ncitation = \"C\"\nevil = 1\n",
            ),
            &["check"],
            1,
            &["statutes/stgb/law.toml:4:", "unknown field"],
        ),
        case(
            "a text whose Absätze are out of order",
            put(
                "statutes/stgb/176d.toml",
                section_176d("T", "(2) Zwei.\n\n(1) Eins.\n"),
            ),
            &["check"],
            1,
            &[
                "statutes/stgb/176d.toml:8:",
                "the first Absatz is numbered (2)",
            ],
        ),
        case(
            "HTML and script in title and text",
            put(
                "statutes/stgb/176d.toml",
                section_176d(
                    "<script>alert(1)</script>",
                    "<b onmouseover=\"x()\">Fett</b> & <!-- -->.\n",
                ),
            ),
            &["show", "§ 176d", "--at", "2021-08-01"],
            0,
            &[
                "§ 176d – <script>alert(1)</script>",
                "<b onmouseover=\"x()\">Fett</b> & <!-- -->.",
            ],
        ),
        case(
            "control characters in the text",
            put(
                "statutes/stgb/176d.toml",
                section_176d("T\u{7}", "Ein \u{0} Nullzeichen\u{1b}[31m rot.\n"),
            ),
            &["show", "§ 176d", "--at", "2021-08-01", "--format", "json"],
            0,
            &["\\u0000 Nullzeichen\\u001b[31m rot."],
        ),
        case(
            "a 20 MB text",
            put(
                "statutes/stgb/176d.toml",
                section_176d("Riesig", &huge_text()),
            ),
            &["show", "§ 176d Abs. 1 Satz 9999", "--at", "2021-08-01"],
            0,
            &[
                "Der Täter wird mit Freiheitsstrafe bis zu fünf Jahren oder mit Geldstrafe bestraft.\n",
            ],
        ),
        case(
            "an empty store",
            Box::new(|store: &Path, _: &Path| {
                std::fs::remove_dir_all(store.join("statutes/stgb")).unwrap();
                std::fs::remove_dir_all(store.join("proposals")).unwrap();
            }),
            &["list"],
            0,
            &[],
        ),
    ]);
}

#[test]
fn hostile_proposals() {
    let p = |amendment: &str| proposal("p", amendment);
    run_all(vec![
        case(
            "broken TOML",
            put("proposals/p.toml", "id = \"p\"\ntitle = \n"),
            &["apply", "p"],
            1,
            &["proposals/p.toml:2:", "invalid TOML"],
        ),
        case(
            "empty proposal",
            put("proposals/p.toml", ""),
            &["apply", "p"],
            1,
            &["proposals/p.toml:1:1", "missing field"],
        ),
        case(
            "invalid UTF-8",
            put("proposals/p.toml", b"id = \"p\xc3\x28\"\n".to_vec()),
            &["apply", "p"],
            1,
            &["proposals/p.toml:1:", "not valid UTF-8"],
        ),
        case(
            "wrong type for occurrence",
            put(
                "proposals/p.toml",
                p(
                    "id = \"a\"\ntarget = \"§ 176 Abs. 1\"\naction = \"streichen\"\nwords = \"Kind\"\noccurrence = \"zwei\"",
                ),
            ),
            &["apply", "p"],
            1,
            &["proposals/p.toml:15:14", "invalid type"],
        ),
        case(
            "occurrence too large",
            put(
                "proposals/p.toml",
                p(
                    "id = \"a\"\ntarget = \"§ 176 Abs. 1\"\naction = \"streichen\"\nwords = \"Kind\"\noccurrence = 99999999999",
                ),
            ),
            &["apply", "p"],
            1,
            &["proposals/p.toml:15:14", "expected u32"],
        ),
        case(
            "occurrence zero",
            put(
                "proposals/p.toml",
                p(
                    "id = \"a\"\ntarget = \"§ 176 Abs. 1\"\naction = \"streichen\"\nwords = \"Kind\"\noccurrence = 0",
                ),
            ),
            &["apply", "p"],
            1,
            &["proposals/p.toml:15:14", "counts from 1"],
        ),
        case(
            "base 2021-02-30",
            put(
                "proposals/p.toml",
                p("id = \"a\"\ntarget = \"§ 176\"\naction = \"aufheben\"")
                    .replace("base = 2021-07-01", "base = 2021-02-30"),
            ),
            &["apply", "p"],
            1,
            &["proposals/p.toml:7:"],
        ),
        case(
            "nested arrays",
            put("proposals/p.toml", nested("[", "]", 100_000)),
            &["check"],
            1,
            &["proposals/p.toml:1:", "invalid TOML"],
        ),
        case(
            "citation § 99999 Abs. 0",
            put(
                "proposals/p.toml",
                p("id = \"a\"\ntarget = \"§ 99999 Abs. 0\"\naction = \"aufheben\""),
            ),
            &["apply", "p"],
            1,
            &[
                "proposals/p.toml:12:24",
                "\"0\" is not a valid Absatz number",
            ],
        ),
        case(
            "a section that does not exist",
            put(
                "proposals/p.toml",
                p("id = \"a\"\ntarget = \"§ 99999 Abs. 1\"\naction = \"aufheben\""),
            ),
            &["apply", "p"],
            1,
            &["proposals/p.toml:12:10", "no § 99999"],
        ),
        case(
            "regex metacharacters that are not in the text",
            put(
                "proposals/p.toml",
                p(
                    "id = \"a\"\ntarget = \"§ 176 Abs. 1\"\naction = \"streichen\"\nwords = '.*+?[](){}|^$\\1'",
                ),
            ),
            &["apply", "p"],
            1,
            &["proposals/p.toml:14:9", "do not occur"],
        ),
        case(
            "regex metacharacters taken literally",
            put(
                "proposals/p.toml",
                p(
                    "id = \"a\"\ntarget = \"§ 176 Abs. 1 Nr. 1\"\naction = \"ersetzen\"\nwords = \"(Kind)\"\nby = '(.*) $1 \\1 $0'",
                ),
            ),
            &["apply", "p"],
            0,
            &["unter vierzehn Jahren (.*) $1 \\1 $0 vornimmt"],
        ),
        case(
            "HTML and script in every text field",
            put(
                "proposals/p.toml",
                "id = \"p\"\ntitle = \"<script>alert('t')</script>\"\nauthor = \"<img src=x onerror=alert(1)>\"\ndate = 2021-05-05\nstatus = \"draft\"\nlaw = \"StGB\"\nbase = 2021-07-01\nnote = \"</p><iframe>\"\nrationale = \"<style>*{}</style>\"\n\n[[amendment]]\nid = \"a\"\ntarget = \"§ 176 Abs. 1 Nr. 1\"\naction = \"ersetzen\"\nwords = \"vierzehn\"\nby = \"<script>document.cookie</script>\"\nrationale = \"<a href='javascript:x'>r</a>\"\n",
            ),
            &["apply", "p"],
            0,
            &[
                "Note: </p><iframe>",
                "unter <script>document.cookie</script> Jahren",
            ],
        ),
        case(
            "an id with a path",
            put(
                "proposals/p.toml",
                p("id = \"a\"\ntarget = \"§ 176\"\naction = \"aufheben\"")
                    .replace("id = \"p\"", "id = \"../../etc/passwd\""),
            ),
            &["apply", "../../etc/passwd"],
            1,
            &["there is no proposal \"../../etc/passwd\""],
        ),
        case(
            "apply a path",
            none(),
            &["apply", "../statutes/stgb/176"],
            1,
            &["there is no proposal \"../statutes/stgb/176\""],
        ),
        case(
            "an amendment id with '..' and '/'",
            put(
                "proposals/p.toml",
                p("id = \"../a/b\"\ntarget = \"§ 176\"\naction = \"aufheben\""),
            ),
            &["apply", "p"],
            1,
            &["proposals/p.toml:11:6", "invalid amendment id"],
        ),
        case(
            "a target in another law",
            put(
                "proposals/p.toml",
                p("id = \"a\"\ntarget = \"§ 1 BGB\"\naction = \"aufheben\""),
            ),
            &["apply", "p"],
            1,
            &["proposals/p.toml:", "in the BGB"],
        ),
        case(
            "a proposal for a law not in the store",
            put(
                "proposals/p.toml",
                p("id = \"a\"\ntarget = \"§ 1\"\naction = \"aufheben\"")
                    .replace("law = \"StGB\"", "law = \"BGB\""),
            ),
            &["apply", "p"],
            1,
            &["BGB"],
        ),
        case(
            "two amendments with one id",
            put(
                "proposals/p.toml",
                p(
                    "id = \"a\"\ntarget = \"§ 176\"\naction = \"aufheben\"\nrationale = \"R\"\n\n[[amendment]]\nid = \"a\"\ntarget = \"§ 182\"\naction = \"aufheben\"",
                ),
            ),
            &["apply", "p"],
            1,
            &["proposals/p.toml:", "two amendments have the id \"a\""],
        ),
        case(
            "a 20 MB inserted Satz",
            put(
                "proposals/p.toml",
                p(&format!(
                    "id = \"a\"\ntarget = \"§ 176d\"\naction = \"anfügen\"\ntext = {}",
                    toml_str(huge_text().trim_start_matches("(1) ").trim_end())
                )),
            ),
            &["apply", "p"],
            0,
            &["mit Geldstrafe bestraft.\n"],
        ),
        case(
            "unknown proposal",
            none(),
            &["apply", "nicht-da"],
            1,
            &["there is no proposal \"nicht-da\"", "known proposals:"],
        ),
        case(
            "--at before any version",
            none(),
            &["apply", "ijm-osec", "--at", "1871-05-15"],
            1,
            &["1871-05-15"],
        ),
    ]);
}

#[test]
fn hostile_command_lines() {
    run_all(vec![
        case(
            "unknown option",
            none(),
            &["list", "--frobnicate"],
            2,
            &["--frobnicate"],
        ),
        case(
            "unknown command",
            none(),
            &["frobnicate"],
            2,
            &["frobnicate"],
        ),
        case(
            "unknown format",
            none(),
            &["list", "--format", "xml"],
            2,
            &["xml"],
        ),
        case(
            "date 2021-02-30",
            none(),
            &["show", "§ 176", "--at", "2021-02-30"],
            2,
            &["2021-02-30"],
        ),
        case(
            "--at before any version",
            none(),
            &["show", "§ 176", "--at", "1900-01-01"],
            1,
            &["1900-01-01"],
        ),
        case(
            "citation § 99999 Abs. 0",
            none(),
            &["show", "§ 99999 Abs. 0"],
            1,
            &["\"0\" is not a valid Absatz number"],
        ),
        case(
            "a section not in the store",
            none(),
            &["show", "§ 99999", "--at", "2021-08-01"],
            1,
            &["99999"],
        ),
        case("an empty citation", none(), &["show", ""], 1, &["empty"]),
        case(
            "a 100 000 character citation",
            none(),
            &["show", &format!("§ 176 {}", "Abs. 1 ".repeat(15_000))],
            1,
            &["cannot read the citation"],
        ),
        case(
            "digits of another script",
            none(),
            &["show", "§ ١٧٦"],
            1,
            &["not a section number"],
        ),
        case(
            "regex metacharacters as a citation",
            none(),
            &["show", "§ .*"],
            1,
            &["not a section number"],
        ),
        case(
            "shell completions for no shell",
            none(),
            &["completions", "cmd.exe"],
            2,
            &["cmd.exe"],
        ),
        own_store(
            case(
                "--store that does not exist",
                none(),
                &["list"],
                2,
                &["holds no statutes/"],
            ),
            "{in}/nirgends",
        ),
        own_store(
            case(
                "--store that is a file",
                input("f", "x"),
                &["list"],
                2,
                &["holds no statutes/"],
            ),
            "{in}/f",
        ),
        own_store(
            case(
                "import with --store that is a file",
                input("f", "x"),
                &import("{in}/f", &[]),
                2,
                &["holds no statutes/"],
            ),
            "{in}/f",
        ),
        Case {
            bare: true,
            ..case(
                "no store here or above",
                none(),
                &["list"],
                2,
                &["no novelle store here"],
            )
        },
        case(
            "--rev in a store that is not a git repository",
            none(),
            &["--rev", "HEAD", "list"],
            1,
            &["not inside a git repository"],
        ),
        case(
            "log in a store that is not a git repository",
            none(),
            &["log", "ijm-osec"],
            1,
            &["not inside a git repository"],
        ),
        case(
            "import with --rev",
            none(),
            &[
                "--rev",
                "HEAD",
                "import",
                "--from",
                "markdown",
                "x.md",
                "--law",
                "StGB",
                "--valid-from",
                "2021-10-08",
                "--source",
                "S",
            ],
            1,
            &["not inside a git repository"],
        ),
        case(
            "an output file over a statute file",
            none(),
            &[
                "act",
                "ijm-osec",
                "--output",
                "{store}/statutes/stgb/176.toml",
            ],
            2,
            &["will not write into the store's statutes/ directory"],
        ),
        Case {
            bare: true,
            ..case(
                "an output file over a proposal, found by going up",
                Box::new(|store: &Path, dir: &Path| {
                    std::os::unix::fs::symlink(store, dir.join("link")).unwrap()
                }),
                &[
                    "--store",
                    "link",
                    "act",
                    "ijm-osec",
                    "-o",
                    "link/statutes/../proposals/ijm-osec.toml",
                ],
                2,
                &["will not write into the store's proposals/ directory"],
            )
        },
        leaves_no(
            case(
                "an output file in a directory that does not exist",
                none(),
                &["act", "ijm-osec", "-o", "{in}/nirgends/act.html"],
                2,
                &["does not exist"],
            ),
            "{in}/nirgends",
        ),
        leaves_no(
            case(
                "an output file for an unknown proposal",
                none(),
                &["act", "nicht-da", "-o", "{in}/act.html"],
                1,
                &["there is no proposal"],
            ),
            "{in}/act.html",
        ),
        leaves_no(
            case(
                "an output file for a proposal that does not apply",
                put(
                    "proposals/p.toml",
                    proposal(
                        "p",
                        "id = \"a\"\ntarget = \"§ 176 Abs. 9\"\naction = \"aufheben\"",
                    ),
                ),
                &["act", "p", "--format", "html", "-o", "{in}/act.html"],
                1,
                &["proposals/p.toml:12:"],
            ),
            "{in}/act.html",
        ),
        leaves_no(
            case(
                "an output path that is a directory",
                none(),
                &["act", "ijm-osec", "-o", "{in}"],
                2,
                &["is a directory"],
            ),
            "{in}/.tmp",
        ),
        case(
            "a report over a proposal",
            none(),
            &[
                "report",
                "ijm-osec",
                "-o",
                "{store}/proposals/ijm-osec.toml",
            ],
            2,
            &["will not write into the store's proposals/ directory"],
        ),
        leaves_no(
            case(
                "a report for an unknown proposal",
                none(),
                &["report", "nicht-da", "-o", "{in}/r.html"],
                1,
                &["there is no proposal"],
            ),
            "{in}/r.html",
        ),
        case(
            "a whole-law diff from 2021-02-30",
            none(),
            &["diff", "StGB", "--from", "2021-02-30", "--to", "2021-10-08"],
            2,
            &["2021-02-30"],
        ),
        case(
            "a diff of § 99999 Abs. 0",
            none(),
            &[
                "diff",
                "§ 99999 Abs. 0",
                "--from",
                "2021-01-01",
                "--to",
                "2021-10-08",
            ],
            1,
            &["\"0\" is not a valid Absatz number"],
        ),
        case(
            "a diff of a law not in the store",
            none(),
            &["diff", "BGB", "--from", "2021-01-01", "--to", "2021-10-08"],
            1,
            &["BGB"],
        ),
        case(
            "a redline of an unknown proposal",
            none(),
            &["redline", "../../etc/passwd"],
            1,
            &["there is no proposal"],
        ),
        case(
            "a store that is not a git repository",
            Box::new(|store: &Path, _: &Path| assert!(!store.join(".git").exists())),
            &["list"],
            0,
            &["176a"],
        ),
    ]);
}

#[test]
fn hostile_imports() {
    let old = snapshot("2021-04-30").to_string_lossy().into_owned();
    run_all(vec![
        case(
            "a file that does not exist",
            none(),
            &import("{in}/nicht-da.md", &[]),
            1,
            &["cannot read {in}/nicht-da.md"],
        ),
        case(
            "invalid UTF-8",
            input(
                "in.md",
                b"% Strafgesetzbuch (StGB)\n\n# \xa7 1 \x96 Titel\n".to_vec(),
            ),
            &import("{in}/in.md", &[]),
            1,
            &["in.md:3:3", "not valid UTF-8"],
        ),
        case(
            "an empty file",
            input("in.md", ""),
            &import("{in}/in.md", &[]),
            1,
            &["found no section"],
        ),
        case(
            "a directory",
            none(),
            &import("{in}", &[]),
            1,
            &["cannot read"],
        ),
        case(
            "--law with a path",
            input("in.md", "# § 1 – T\n\nText.\n"),
            &import_as("{in}/in.md", "../StGB", "2021-10-08", "S"),
            2,
            &["not a law's abbreviation"],
        ),
        case(
            "--valid-from 2021-02-30",
            input("in.md", "# § 1 – T\n\nText.\n"),
            &import_as("{in}/in.md", "StGB", "2021-02-30", "S"),
            2,
            &["2021-02-30"],
        ),
        case(
            "an empty --source",
            input("in.md", "# § 1 – T\n\nText.\n"),
            &import_as("{in}/in.md", "StGB", "2021-10-08", " "),
            2,
            &["--source is empty"],
        ),
        case(
            "an unknown format",
            input("in.md", ""),
            &[
                "import",
                "--from",
                "html",
                "{in}/in.md",
                "--law",
                "StGB",
                "--valid-from",
                "2021-10-08",
                "--source",
                "S",
            ],
            2,
            &["html"],
        ),
        case(
            "another law's file",
            input(
                "in.md",
                "% Bürgerliches Gesetzbuch (BGB)\n\n# § 1 – Beginn der Rechtsfähigkeit\n\nDie Rechtsfähigkeit des Menschen beginnt mit der Vollendung der Geburt.\n",
            ),
            &import("{in}/in.md", &[]),
            1,
            &["in.md:1:1", "the file holds the BGB, not the StGB"],
        ),
        case(
            "section numbers with paths",
            input(
                "in.md",
                "# § ../../etc/passwd – T\n\nText.\n\n# §§ 1/2 und 3 – (weggefallen)\n",
            ),
            &import("{in}/in.md", &[]),
            1,
            &[
                "in.md:1:1",
                "\"../../etc/passwd\" is not a section number",
                "in.md:5:1",
                "\"1/2\" is not a section number",
            ],
        ),
        case(
            "a range of a hundred million sections",
            input("in.md", "# §§ 1 bis 99999999 – (weggefallen)\n"),
            &import("{in}/in.md", &[]),
            1,
            &["in.md:1:1"],
        ),
        case(
            "a section twice",
            input(
                "in.md",
                "# § 1 – Eins\n\nText.\n\n# § 1 – Noch einmal\n\nAnderer Text.\n",
            ),
            &import("{in}/in.md", &["--dry-run"]),
            1,
            &["in.md:5:1", "§ 1 appears twice"],
        ),
        case(
            "HTML and script in heading and text",
            input(
                "in.md",
                "# § 1 – <script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\"> & </textarea>\n",
            ),
            &import("{in}/in.md", &["--dry-run"]),
            0,
            &["1 new, 0 changed"],
        ),
        case(
            "a 20 MB section",
            input(
                "in.md",
                format!(
                    "% Strafgesetzbuch (StGB)\n\n# § 1 – Riesig\n\n{}",
                    huge_text()
                ),
            ),
            &import("{in}/in.md", &["--dry-run"]),
            0,
            &["1 new, 0 changed"],
        ),
        case(
            "an older snapshot over the shipped store",
            none(),
            &import_as(old.as_str(), "StGB", "2021-04-30", "S"),
            1,
            &[
                "StGB-2021-04-30.md:",
                "§ 176 differs from its version of 2021-07-01",
            ],
        ),
        case(
            "a store whose section file is broken",
            put("statutes/stgb/176d.toml", "section = \n"),
            &import("{in}/in.md", &[]),
            1,
            &["statutes/stgb/176d.toml:1:"],
        ),
        case(
            "a new law without a citation",
            input("in.md", "% Testgesetz (TG)\n\n# § 1 – T\n\nText.\n"),
            &import_as("{in}/in.md", "TG", "2021-10-08", "S"),
            2,
            &["pass --citation"],
        ),
    ]);
}
