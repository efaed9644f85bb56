//! Every output format pinned on the shipped store: the redlines of the
//! three shipped proposals (term without colour, Markdown, HTML, JSON), their
//! hearing reports in German and English, the diff of § 176 across the
//! reform of 1 July 2021 and the whole-law diff of 2021.

use std::path::Path;

use jiff::civil::date;
use novelle::commands::redline::{Format, Output};
use novelle::commands::{self, Ctx};
use novelle::render::labels::Lang;

const PROPOSALS: [&str; 3] = [
    "ijm-osec",
    "leichtfertigkeit-232a-2021",
    "sexualisierte-gewalt-2021",
];

fn ctx() -> Ctx {
    Ctx::for_dir(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        date(2024, 1, 1),
        false,
        None,
    )
}

/// Runs a command that writes to standard output and returns what it wrote.
fn capture(run: impl FnOnce(&Ctx, &mut Vec<u8>) -> commands::Result) -> String {
    let mut out = Vec::new();
    let outcome = run(&ctx(), &mut out).expect("the command runs");
    assert!(
        !outcome.problems,
        "{}",
        novelle::diag::to_string(&outcome.files, &outcome.diagnostics)
    );
    String::from_utf8(out).expect("UTF-8 output")
}

fn output(format: Format) -> Output<'static> {
    Output {
        format,
        lang: Lang::De,
        file: None,
    }
}

fn redline(id: &str, format: Format) -> String {
    capture(|ctx, out| commands::redline::run(ctx, id, &output(format), out))
}

#[test]
fn redlines_in_every_format() {
    for id in PROPOSALS {
        for (format, ext) in [
            (Format::Term, "txt"),
            (Format::Md, "md"),
            (Format::Html, "html"),
            (Format::Json, "json"),
        ] {
            insta::assert_snapshot!(format!("redline-{id}.{ext}"), redline(id, format));
        }
    }
}

#[test]
fn reports_in_german_and_english() {
    for id in PROPOSALS {
        for (lang, name) in [(Lang::De, "de"), (Lang::En, "en")] {
            let html = capture(|ctx, out| {
                commands::report::run(
                    ctx,
                    id,
                    Some("Öffentliche Anhörung des Ausschusses für Recht"),
                    lang,
                    None,
                    out,
                )
            });
            insta::assert_snapshot!(format!("report-{id}.{name}.html"), html);
        }
    }
}

fn diff(target: &str, from: &str, to: &str, format: Format) -> String {
    capture(|ctx, out| commands::diff::law::run(ctx, target, from, to, &output(format), out))
}

#[test]
fn diff_of_section_176_across_the_reform() {
    insta::assert_snapshot!(
        "diff-176-2021-06-30-2021-07-01.txt",
        diff("§ 176", "2021-06-30", "2021-07-01", Format::Term)
    );
    insta::assert_snapshot!(
        "diff-176-2021-06-30-2021-07-01.md",
        diff("§ 176", "2021-06-30", "2021-07-01", Format::Md)
    );
}

#[test]
fn whole_law_diff_of_2021() {
    insta::assert_snapshot!(
        "diff-stgb-2021-01-01-2021-10-01.txt",
        diff("StGB", "2021-01-01", "2021-10-01", Format::Term)
    );
    insta::assert_snapshot!(
        "diff-stgb-2021-01-01-2021-10-01.html",
        diff("StGB", "2021-01-01", "2021-10-01", Format::Html)
    );
}

#[test]
fn diff_of_a_unit_against_a_proposal() {
    insta::assert_snapshot!(
        "diff-176-abs1-ijm-osec.txt",
        diff("§ 176 Abs. 1", "2021-07-01", "ijm-osec", Format::Term)
    );
}

#[test]
fn diff_of_two_proposals() {
    // Both amend § 232a Abs. 6, from different days: the changes of each
    // are linked to their amendments.
    insta::assert_snapshot!(
        "diff-232a-two-proposals.txt",
        diff(
            "§ 232a",
            "leichtfertigkeit-232a-2021",
            "ijm-osec",
            Format::Term
        )
    );
}

#[test]
fn a_proposal_against_the_law_of_its_base_day_is_its_redline() {
    let diff = diff("StGB", "2021-07-01", "ijm-osec", Format::Json);
    let redline = redline("ijm-osec", Format::Json);
    assert_eq!(diff, redline);
}

#[test]
fn terminal_output_fits_the_width() {
    let ctx = Ctx::for_dir(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        date(2024, 1, 1),
        false,
        Some(60),
    );
    let term = output(Format::Term);
    let mut diff = Vec::new();
    commands::diff::law::run(&ctx, "StGB", "2021-01-01", "2021-10-01", &term, &mut diff).unwrap();
    let mut redline = Vec::new();
    commands::redline::run(&ctx, "ijm-osec", &term, &mut redline).unwrap();
    let diff = String::from_utf8(diff).unwrap();
    assert!(diff.contains("│ § 176e"), "the summary table: {diff}");
    for text in [diff, String::from_utf8(redline).unwrap()] {
        for line in text.lines() {
            assert!(line.chars().count() <= 60, "{line:?}");
        }
    }
}
