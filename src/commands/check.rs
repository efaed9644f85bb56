//! `novelle check`: validates the whole store, statutes and proposals.

use std::io::Write;

use serde::Serialize;

use super::{Ctx, Outcome, Result, apply_diagnostic};
use crate::apply::apply_all;
use crate::diag::{Diagnostic, Files, Severity};
use crate::load;

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics in the style of rustc.
    Text,
    /// JSON for editors and CI.
    Json,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    hint: Option<&'a str>,
}

/// Runs `novelle check`.
pub fn run(ctx: &Ctx, format: Format, out: &mut dyn Write) -> Result {
    let store = load::load(ctx.source.as_ref());
    let mut diagnostics = store.diagnostics.clone();
    for proposal in &store.proposals {
        let Some(law) = store.law(Some(&proposal.law)) else {
            let origin = store.origins.proposals.get(&proposal.id);
            let mut d = Diagnostic::error(format!(
                "proposal \"{}\" amends the {}, which is not in the store",
                proposal.id, proposal.law
            ))
            .hint(format!(
                "laws in the store: {}",
                store
                    .laws
                    .iter()
                    .map(|l| l.abbreviation.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            if let Some(o) = origin {
                d = d.at(o.file, o.law.clone()).label("unknown law");
            }
            diagnostics.push(d);
            continue;
        };
        let (applied, errors) = apply_all(law, proposal, None);
        for e in &errors {
            diagnostics.push(apply_diagnostic(&store, proposal, e, false));
        }
        for w in &applied.warnings {
            diagnostics.push(apply_diagnostic(&store, proposal, w, true));
        }
    }
    let errors = diagnostics.iter().any(Diagnostic::is_error);
    let versions: usize = store
        .laws
        .iter()
        .flat_map(|l| &l.sections)
        .map(|s| s.versions.len())
        .sum();
    let sections: usize = store.laws.iter().map(|l| l.sections.len()).sum();
    match format {
        Format::Json => {
            let list: Vec<JsonDiagnostic> =
                diagnostics.iter().map(|d| json(&store.files, d)).collect();
            let v = serde_json::json!({
                "sections": sections,
                "versions": versions,
                "proposals": store.proposals.len(),
                "diagnostics": list,
            });
            serde_json::to_writer_pretty(&mut *out, &v).map_err(std::io::Error::other)?;
            writeln!(out)?;
            return Ok(Outcome {
                problems: errors,
                ..Outcome::default()
            });
        }
        Format::Text => {}
    }
    let summary = format!(
        "checked {sections} sections ({versions} versions) and {} proposals: {}",
        store.proposals.len(),
        crate::diag::summary(&diagnostics)
    );
    Ok(Outcome {
        problems: errors,
        diagnostics,
        files: store.files,
        summary: Some(summary),
    })
}

fn json<'a>(files: &'a Files, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let (file, line, column) = match &d.location {
        Some(l) => {
            let (line, col) = files.line_col(l.file, l.span.start);
            (Some(files.name(l.file)), Some(line), Some(col))
        }
        None => (None, None, None),
    };
    JsonDiagnostic {
        severity: d.severity,
        message: &d.message,
        file,
        line,
        column,
        hint: d.hint.as_deref(),
    }
}
