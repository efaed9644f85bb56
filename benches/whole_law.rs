//! Benchmarks on the whole StGB: both published snapshots imported into a
//! temporary store at setup (`novelle import`, the real code), then:
//! loading the store, parsing every section, the whole-law comparison of the
//! two snapshots, and a generated proposal of 200 amendments spread over the
//! code, applied, turned into a redline, and rendered as an HTML redline
//! (`novelle redline --format html`) and as the HTML hearing report
//! (`novelle report`), without loading the store and writing the file.
//!
//! Run with `cargo bench --bench whole_law`; see docs/performance.md.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use jiff::civil::{Date, date};
use novelle::apply::apply;
use novelle::commands::{Ctx, import};
use novelle::load::{DirSource, Store, load};
use novelle::model::citation::{Citation, Style};
use novelle::model::outline::Outline;
use novelle::model::proposal::Proposal;
use novelle::model::statute::{Content, Law};
use novelle::model::text::{Body, UnitKind};
use novelle::model::words;
use novelle::redline::{Redline, compare_sections, for_proposal};
use novelle::render::labels::Lang;
use novelle::render::{Document, act_html, html, report};

// The allocator of the `novelle` binary, so that the benches measure
// what a run of it does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const OLD: Date = date(2021, 4, 30);
const NEW: Date = date(2021, 10, 8);

/// The imported store, kept for the whole run.
struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// Where `load_store_cached` keeps its cache.
    cache: tempfile::TempDir,
    store: Store,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().to_path_buf();
    for day in [OLD, NEW] {
        import_snapshot(&root, day);
    }
    let law = load(&DirSource::new(&root));
    let proposal = generate_proposal(law.law(Some("StGB")).expect("the StGB"), 200);
    std::fs::create_dir_all(root.join("proposals")).expect("proposals/");
    std::fs::write(root.join("proposals/bench-200.toml"), proposal).expect("write proposal");
    let store = load(&DirSource::new(&root));
    assert!(
        !store.has_errors(),
        "{}",
        novelle::diag::to_string(&store.files, &store.diagnostics)
    );
    // Files are cached once they have been left alone for two seconds.
    let cache = tempfile::tempdir().expect("cache dir");
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let cached = load(&DirSource::new(&root).with_cache_dir(cache.path()));
    assert_eq!(
        cached.laws, store.laws,
        "the cache gives what the files say"
    );
    Fixture {
        _dir: dir,
        root,
        cache,
        store,
    }
});

fn import_snapshot(root: &Path, day: Date) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../shared/data/stgb/snapshots/StGB-{day}.md"));
    let ctx = Ctx::for_dir(root, day, false, None);
    let options = import::Options {
        from: import::InputFormat::Markdown,
        file,
        law: "StGB".into(),
        valid_from: day,
        source: format!("Stand {day}"),
        name: None,
        citation: Some("Strafgesetzbuch in der Fassung der Bekanntmachung vom 13. November 1998 (BGBl. I S. 3322)".into()),
        dry_run: false,
    };
    let outcome = import::run(&ctx, &options, &mut std::io::sink()).expect("import");
    assert!(
        !outcome.problems,
        "{}",
        novelle::diag::to_string(&outcome.files, &outcome.diagnostics)
    );
}

/// A proposal of `n` amendments spread evenly over the law in force on the
/// newer day, one per Absatz (or unnumbered section): in turn, replacing a
/// word that occurs once in it, appending a Satz, deleting a word that
/// occurs once, inserting words after one. Deterministic.
fn generate_proposal(law: &Law, n: usize) -> String {
    let mut units = Vec::new();
    for section in &law.sections {
        let Some(Content::Text { text, .. }) = section.at(NEW).map(|v| &v.content) else {
            continue;
        };
        let Ok(body) = Body::parse(text) else {
            continue;
        };
        if body.absaetze.iter().all(|a| a.label.is_none()) {
            units.push((format!("§ {}", section.number), text.clone()));
            continue;
        }
        for unit in Outline::of(&body).units {
            if unit.path.len() == 1 && unit.kind() == UnitKind::Absatz {
                let target =
                    Citation::unit(None, &section.number, unit.path.clone()).format(Style::Short);
                units.push((target, text[unit.range.clone()].to_owned()));
            }
        }
    }
    let step = (units.len() / n).max(1);
    let mut out = String::from(
        "id = \"bench-200\"\ntitle = \"Generated for benchmarks\"\nauthor = \"novelle\"\ndate = 2021-10-08\nstatus = \"draft\"\nlaw = \"StGB\"\nbase = 2021-10-08\nrationale = \"Two hundred amendments spread over the whole code.\"\n",
    );
    let mut made = 0;
    for (i, (target, text)) in units.iter().step_by(step).enumerate() {
        if made == n {
            break;
        }
        let once = words::tokens(text)
            .into_iter()
            .filter(|w| w.chars().count() >= 6 && w.chars().all(char::is_alphabetic))
            .find(|w| words::find_whole(text, w).len() == 1);
        let body = match (i % 4, once) {
            (0, Some(w)) => format!("action = \"ersetzen\"\nwords = \"{w}\"\nby = \"{w}erung\""),
            (2, Some(w)) => format!("action = \"streichen\"\nwords = \"{w}\""),
            (3, Some(w)) => {
                format!("action = \"einfügen\"\nafter = \"{w}\"\ninsert = \"oder sonst\"")
            }
            _ => "action = \"anfügen\"\ntext = \"Das Nähere regelt ein Bundesgesetz.\"".to_owned(),
        };
        let _ = write!(
            out,
            "\n[[amendment]]\nid = \"a{made}\"\ntarget = \"{target}\"\n{body}\nrationale = \"Generiert.\"\n"
        );
        made += 1;
    }
    assert_eq!(made, n, "the law has too few units for {n} amendments");
    out
}

fn law() -> &'static Law {
    FIXTURE.store.law(Some("StGB")).expect("the StGB")
}

fn main() {
    LazyLock::force(&FIXTURE);
    divan::main();
}

/// Reading the whole store without cache: 575 section files, 608 versions,
/// every text parsed.
#[divan::bench]
fn load_store() -> Store {
    load(&DirSource::new(&FIXTURE.root))
}

/// Reading the whole store with every section file unchanged since the
/// cache was written: 575 fingerprints checked, one cache file read.
#[divan::bench]
fn load_store_cached() -> Store {
    load(&DirSource::new(&FIXTURE.root).with_cache_dir(FIXTURE.cache.path()))
}

/// Parsing the text of every version into its structure.
#[divan::bench]
fn parse_every_section() -> usize {
    let mut units = 0;
    for s in &law().sections {
        for v in &s.versions {
            if let Ok(body) = Body::parse(divan::black_box(v.content.text())) {
                units += body.absaetze.len();
            }
        }
    }
    units
}

/// The whole-law redline of the two snapshots (the core of `novelle diff`).
#[divan::bench]
fn whole_law_diff() -> usize {
    compare_sections(law(), OLD, NEW).sections.len()
}

/// Applying the generated 200-amendment proposal.
#[divan::bench]
fn apply_200_amendments() -> usize {
    let proposal = FIXTURE.store.proposal("bench-200").expect("the proposal");
    apply(law(), proposal, None)
        .expect("applies")
        .sections
        .len()
}

/// Applying the 200 amendments and building their redline with provenance.
#[divan::bench]
fn apply_and_redline_200_amendments() -> usize {
    let proposal = FIXTURE.store.proposal("bench-200").expect("the proposal");
    let applied = apply(law(), proposal, None).expect("applies");
    for_proposal(&applied, proposal, &[], "StGB").sections.len()
}

/// The generated proposal, applied, and its redline with provenance and the
/// amendments' places in the act, as the redline and report commands build it.
fn applied_redline() -> (&'static Proposal, Redline) {
    let proposal = FIXTURE.store.proposal("bench-200").expect("the proposal");
    let law = law();
    let applied = apply(law, proposal, None).expect("applies");
    let references = novelle::act::references(proposal);
    let redline = for_proposal(&applied, proposal, &references, &law.abbreviation);
    (proposal, redline)
}

/// Applying the 200 amendments, building their redline with provenance and
/// rendering it as HTML: `novelle redline bench-200 --format html` without
/// loading the store and writing the file.
#[divan::bench]
fn apply_and_render_200_amendments() -> usize {
    let (proposal, redline) = applied_redline();
    let doc = Document {
        redline: &redline,
        proposals: vec![proposal.into()],
        summary: false,
        lang: Lang::De,
    };
    html::render(&doc).expect("the redline renders").len()
}

/// Applying the 200 amendments and rendering the HTML hearing report: the
/// amending act with its 200 Änderungsbefehle and the Synopse.
#[divan::bench]
fn apply_and_report_200_amendments() -> usize {
    let (proposal, redline) = applied_redline();
    let law = law();
    let act = novelle::act::build(proposal, law).expect("the act");
    let act_html = act_html::fragment(&act).expect("the act renders");
    let input = report::Input {
        proposal,
        redline: &redline,
        law_name: &law.name,
        hearing: None,
        lang: Lang::De,
        act_html: Some(&act_html),
    };
    report::render(&input).expect("the report renders").len()
}
