//! `novelle list`: the sections and proposals in the store.

use std::io::Write;

use serde::Serialize;

use super::{Ctx, Outcome, Result, open};
use crate::render::table;

/// Output formats of `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for people.
    Table,
    /// JSON for programs.
    Json,
}

#[derive(Serialize)]
struct SectionRow<'a> {
    law: &'a str,
    section: &'a str,
    title: &'a str,
    versions: usize,
    in_force_since: Option<jiff::civil::Date>,
}

#[derive(Serialize)]
struct ProposalRow<'a> {
    id: &'a str,
    title: &'a str,
    author: &'a str,
    status: &'a str,
    base: jiff::civil::Date,
    amendments: usize,
}

/// Runs `novelle list`.
pub fn run(ctx: &Ctx, format: Format, out: &mut dyn Write) -> Result {
    let store = match open(ctx) {
        Ok(s) => s,
        Err(outcome) => return Ok(outcome),
    };
    let mut sections = Vec::new();
    for law in &store.laws {
        for s in &law.sections {
            let current = s.at(ctx.today.get()).or(s.versions.last());
            sections.push(SectionRow {
                law: &law.abbreviation,
                section: &s.number,
                title: current.map_or("", |v| v.content.title()),
                versions: s.versions.len(),
                in_force_since: s.at(ctx.today.get()).map(|v| v.valid_from),
            });
        }
    }
    let proposals: Vec<ProposalRow> = store
        .proposals
        .iter()
        .map(|p| ProposalRow {
            id: &p.id,
            title: &p.title,
            author: &p.author,
            status: p.status.name(),
            base: p.base,
            amendments: p.amendments.len(),
        })
        .collect();
    match format {
        Format::Json => {
            let v = serde_json::json!({ "sections": sections, "proposals": proposals });
            serde_json::to_writer_pretty(&mut *out, &v).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = sections
                .iter()
                .map(|s| {
                    vec![
                        s.law.to_owned(),
                        format!("§ {}", s.section),
                        s.title.to_owned(),
                        s.versions.to_string(),
                        s.in_force_since
                            .map_or_else(|| "not in force".into(), |d| d.to_string()),
                    ]
                })
                .collect();
            writeln!(out, "Sections")?;
            writeln!(
                out,
                "{}",
                table::render(
                    &["Law", "§", "Title", "Versions", "In force since"],
                    &rows,
                    ctx.width
                )
            )?;
            let rows: Vec<Vec<String>> = proposals
                .iter()
                .map(|p| {
                    vec![
                        p.id.to_owned(),
                        p.title.to_owned(),
                        p.author.to_owned(),
                        p.status.to_owned(),
                        p.base.to_string(),
                        p.amendments.to_string(),
                    ]
                })
                .collect();
            writeln!(out, "\nProposals")?;
            writeln!(
                out,
                "{}",
                table::render(
                    &["Id", "Title", "Author", "Status", "Base", "Amendments"],
                    &rows,
                    ctx.width
                )
            )?;
        }
    }
    // Broken proposals are left out of the list; say so.
    let proposal_errors: Vec<_> = store
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    if !proposal_errors.is_empty() {
        return Ok(Outcome {
            problems: false,
            diagnostics: vec![
                crate::diag::Diagnostic::warning(format!(
                    "{} problem(s) in proposal files; those proposals are not listed",
                    proposal_errors.len()
                ))
                .hint("run `novelle check` to see them"),
            ],
            files: store.files,
            summary: None,
        });
    }
    Ok(Outcome::ok())
}
