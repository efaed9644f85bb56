//! `novelle show CITATION`: a section or any unit of it, on a given day.

use std::io::Write;

use jiff::civil::Date;

use super::{Ctx, Outcome, Result, law, open};
use crate::model::citation::{self, Style};
use crate::resolve;

/// Output formats of `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The text, with a heading.
    Text,
    /// JSON for programs.
    Json,
}

/// Runs `novelle show`.
pub fn run(
    ctx: &Ctx,
    cited: &str,
    at: Option<Date>,
    format: Format,
    out: &mut dyn Write,
) -> Result {
    let citation = match citation::parse(cited) {
        Ok(c) => c,
        Err(e) => {
            return Ok(Outcome::error(
                format!("cannot read the citation \"{cited}\": {}", e.message),
                e.hint,
            ));
        }
    };
    let store = match open(ctx) {
        Ok(s) => s,
        Err(o) => return Ok(o),
    };
    let law = match law(&store, citation.law.as_deref()) {
        Ok(l) => l,
        Err(o) => return Ok(o),
    };
    let day = at.unwrap_or(ctx.today);
    let resolved = match resolve::resolve(law, &citation, day) {
        Ok(r) => r,
        Err(e) => return Ok(Outcome::error(e.message, e.hint)),
    };
    let full = crate::model::citation::Citation::unit(
        Some(&law.abbreviation),
        &resolved.section.number,
        resolved.path.clone(),
    );
    let version = resolved.version;
    match format {
        Format::Json => {
            let v = serde_json::json!({
                "citation": full.format_with_law(Style::Short),
                "law": law.abbreviation,
                "section": resolved.section.number,
                "path": resolved.path,
                "at": day,
                "version": { "valid_from": version.valid_from, "source": version.source },
                "title": version.content.title(),
                "repealed": version.content.is_repealed(),
                "text": resolved.text(),
            });
            serde_json::to_writer_pretty(&mut *out, &v).map_err(std::io::Error::other)?;
            writeln!(out)?;
        }
        Format::Text => {
            if resolved.path.is_empty() {
                writeln!(
                    out,
                    "§ {} – {}",
                    resolved.section.number,
                    version.content.title()
                )?;
            } else {
                writeln!(
                    out,
                    "{} – {}",
                    full.format_with_law(Style::Short),
                    version.content.title()
                )?;
            }
            writeln!(
                out,
                "in force since {} ({})",
                version.valid_from, version.source
            )?;
            writeln!(out)?;
            let text = resolved.text();
            write!(out, "{text}")?;
            if !text.ends_with('\n') {
                writeln!(out)?;
            }
        }
    }
    Ok(Outcome::ok())
}
