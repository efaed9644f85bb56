//! `novelle log PROPOSAL|CITATION`: the commits that changed a proposal or
//! a section, newest first; for a section also the versions (in-force
//! days) each commit added or removed.

use std::io::Write;

use jiff::civil::Date;
use serde::Serialize;

use super::{Ctx, Outcome, ProposalSpec, Result, git, git_failure, law, open_source};
use crate::diag::Diagnostic;
use crate::history::{self, FileChange, LogEntry};
use crate::load::{self, CommitId, GitStore};
use crate::model::citation::{self, Citation, Style};
use crate::render::table;

/// Output formats of `log`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// JSON for programs.
    Json,
}

/// What the log is about.
enum Subject {
    Proposal(ProposalSpec),
    Section(Citation),
}

#[derive(Serialize)]
struct Row<'a> {
    commit: String,
    short: &'a str,
    date: String,
    author: &'a str,
    email: &'a str,
    summary: &'a str,
    path: &'a str,
    change: &'a FileChange,
    #[serde(skip_serializing_if = "Option::is_none")]
    versions_added: Option<Vec<Date>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    versions_removed: Option<Vec<Date>>,
}

/// Runs `novelle log`.
pub fn run(ctx: &Ctx, what: &str, format: Format, out: &mut dyn Write) -> Result {
    // A citation always has "§"; proposal ids never do.
    let subject = if what.contains('§') {
        match citation::parse(what) {
            Ok(c) => Subject::Section(c),
            Err(e) => {
                return Ok(Outcome::error(
                    format!("cannot read the citation \"{what}\": {}", e.message),
                    e.hint,
                ));
            }
        }
    } else {
        Subject::Proposal(ProposalSpec::parse(what)?)
    };
    let git = match git(ctx) {
        Ok(g) => g,
        Err(o) => return Ok(o),
    };
    let rev = match &subject {
        Subject::Proposal(ProposalSpec { rev: Some(r), .. }) => r.clone(),
        _ => ctx.rev.clone().unwrap_or_else(|| "HEAD".to_owned()),
    };
    let start = match git.commit(&rev) {
        Ok(c) => c,
        Err(e) => return Ok(git_failure(&e)),
    };
    let (path, heading, law_key) = match &subject {
        Subject::Proposal(spec) => (
            format!("proposals/{}.toml", spec.id),
            format!("proposal \"{}\"", spec.id),
            None,
        ),
        Subject::Section(c) => match section_file(&git, start, &rev, c) {
            Ok(found) => found,
            Err(o) => return Ok(o),
        },
    };
    let log = match history::log(&git, start, &path) {
        Ok(l) => l,
        Err(e) => return Ok(git_failure(&e)),
    };
    if log.entries.is_empty() {
        return Ok(Outcome::error(
            format!("no commit up to {rev} changed {path}"),
            match subject {
                Subject::Proposal(_) => {
                    "check the proposal's id (`novelle list` shows them); log shows committed drafts only"
                }
                Subject::Section(_) => {
                    "log shows committed changes only; commit the section file first"
                }
            },
        ));
    }
    let versions: Vec<Option<(Vec<Date>, Vec<Date>)>> = log
        .entries
        .iter()
        .map(|e| law_key.is_some().then(|| versions_changed(&git, e)))
        .collect();
    match format {
        Format::Json => {
            let rows: Vec<Row> = log
                .entries
                .iter()
                .zip(&versions)
                .map(|(e, v)| Row {
                    commit: e.commit.to_string(),
                    short: &e.short,
                    date: e.zoned().strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                    author: &e.author,
                    email: &e.email,
                    summary: &e.summary,
                    path: &e.path,
                    change: &e.change,
                    versions_added: v.as_ref().map(|(a, _)| a.clone()),
                    versions_removed: v.as_ref().map(|(_, r)| r.clone()),
                })
                .collect();
            let v = serde_json::json!({
                "subject": heading,
                "path": path,
                "rev": rev,
                "cut_off": log.cut_off,
                "commits": rows,
            });
            serde_json::to_writer_pretty(&mut *out, &v).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
        Format::Table => {
            writeln!(
                out,
                "History of {heading} ({path}) up to {rev}, newest first"
            )?;
            let mut header = vec!["Date", "Author", "Commit", "Change", "Summary"];
            if law_key.is_some() {
                header.insert(4, "Versions");
            }
            let rows: Vec<Vec<String>> = log
                .entries
                .iter()
                .zip(&versions)
                .map(|(e, v)| {
                    let mut row = vec![
                        e.zoned().strftime("%Y-%m-%d %H:%M").to_string(),
                        e.author.clone(),
                        e.short.clone(),
                        change(&e.change),
                    ];
                    if let Some((added, removed)) = v {
                        let days = added
                            .iter()
                            .map(|d| format!("+{d}"))
                            .chain(removed.iter().map(|d| format!("−{d}")));
                        row.push(days.collect::<Vec<_>>().join(" "));
                    }
                    row.push(e.summary.clone());
                    row
                })
                .collect();
            writeln!(out, "{}", table::render(&header, &rows, ctx.width))?;
            for e in &log.entries {
                if let FileChange::Renamed { from } = &e.change {
                    writeln!(
                        out,
                        "{} was {from} before {}; the history above follows the rename.",
                        e.path, e.short
                    )?;
                }
            }
        }
    }
    let mut notes = Vec::new();
    if let Some(FileChange::RenamedAway { to }) = log.entries.first().map(|e| &e.change) {
        let hint = match &subject {
            Subject::Proposal(_) => format!(
                "run `novelle log {}` for its later history",
                to.trim_start_matches("proposals/")
                    .trim_end_matches(".toml")
            ),
            Subject::Section(_) => "log the section under its new name".to_owned(),
        };
        notes.push(Diagnostic::warning(format!("{path} is now {to}")).hint(hint));
    }
    if log.cut_off {
        notes.push(
            Diagnostic::warning(
                "the history is cut off: this is a shallow clone, so older commits are missing",
            )
            .hint("run `git fetch --unshallow` to fetch the full history"),
        );
    }
    Ok(Outcome {
        problems: false,
        diagnostics: notes,
        ..Outcome::default()
    })
}

/// The section file a citation names, as of `start`: its path, a heading
/// and the law's key.
fn section_file(
    git: &GitStore,
    start: CommitId,
    rev: &str,
    cited: &Citation,
) -> std::result::Result<(String, String, Option<String>), Outcome> {
    let Some(number) = cited.section() else {
        return Err(Outcome::error(
            format!("\"{}\" names several sections", cited.format(Style::Short)),
            "log one section at a time, e.g. \"§ 176\"",
        ));
    };
    let source = git.source_at(start, rev).map_err(|e| git_failure(&e))?;
    let store = open_source(&source)?;
    let law = law(&store, cited.law.as_deref())?;
    let heading = format!("§ {number} {}", law.abbreviation);
    Ok((
        format!("statutes/{}/{number}.toml", law.key),
        heading,
        Some(law.key.clone()),
    ))
}

/// The in-force days a commit added to and removed from a section file.
fn versions_changed(git: &GitStore, entry: &LogEntry) -> (Vec<Date>, Vec<Date>) {
    let days = |commit: Option<CommitId>, path: Option<&str>| -> Vec<Date> {
        let (Some(commit), Some(path)) = (commit, path) else {
            return Vec::new();
        };
        let Ok(source) = git.source_at(commit, &commit.to_string()) else {
            return Vec::new();
        };
        load::section_file(&source, path)
            .map(|s| s.versions.iter().map(|v| v.valid_from).collect())
            .unwrap_or_default()
    };
    let gone = matches!(
        entry.change,
        FileChange::Deleted | FileChange::RenamedAway { .. }
    );
    let new = if gone {
        Vec::new()
    } else {
        days(Some(entry.commit), Some(&entry.path))
    };
    let old = days(entry.parent, entry.parent_path.as_deref());
    let added = new.iter().filter(|d| !old.contains(d)).copied().collect();
    let removed = old.iter().filter(|d| !new.contains(d)).copied().collect();
    (added, removed)
}

fn change(c: &FileChange) -> String {
    match c {
        FileChange::Added => "added".into(),
        FileChange::Modified => "changed".into(),
        FileChange::Renamed { from } => format!("renamed from {from}"),
        FileChange::Deleted => "deleted".into(),
        FileChange::RenamedAway { to } => format!("renamed to {to}"),
        FileChange::CutOff => "history cut off".into(),
    }
}
