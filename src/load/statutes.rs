//! Reads `statutes/<law>/law.toml` and one `<section>.toml` per section.

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::toml_util::{date, parse, text_origin};
use super::{Source, Store, read_file, register};
use crate::diag::{Diagnostic, FileId};
use crate::model::citation::is_section_number;
use crate::model::statute::{Content, Law, Section, Version};
use crate::model::text::Body;
use crate::parallel;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLaw {
    name: String,
    abbreviation: String,
    citation: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    section: Spanned<String>,
    #[serde(rename = "version", default)]
    versions: Vec<Spanned<RawVersion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVersion {
    valid_from: Spanned<Datetime>,
    source: String,
    title: Option<String>,
    text: Option<Spanned<String>>,
    #[serde(default)]
    repealed: bool,
}

/// Loads every law under `statutes/`.
pub fn load_all(source: &dyn Source, store: &mut Store) {
    let entries = match source.list("statutes") {
        Ok(e) => e,
        Err(e) => {
            store
                .diagnostics
                .push(Diagnostic::error(format!("cannot list statutes/: {e}")));
            return;
        }
    };
    for entry in entries.into_iter().filter(|e| e.is_dir) {
        if let Some(law) = load_law(source, &entry.name, store) {
            store.laws.push(law);
        }
    }
}

fn load_law(source: &dyn Source, key: &str, store: &mut Store) -> Option<Law> {
    let dir = format!("statutes/{key}");
    let law_path = format!("{dir}/law.toml");
    let (file, text) = read_file(source, &law_path, store)?;
    let raw: RawLaw = match parse(file, &text) {
        Ok(r) => r,
        Err(d) => {
            store.diagnostics.push(d);
            return None;
        }
    };
    let mut law = Law {
        key: key.to_owned(),
        name: raw.name,
        abbreviation: raw.abbreviation,
        citation: raw.citation,
        sections: Vec::new(),
    };
    let entries = match source.list(&dir) {
        Ok(e) => e,
        Err(e) => {
            store
                .diagnostics
                .push(Diagnostic::error(format!("cannot list {dir}/: {e}")));
            Vec::new()
        }
    };
    let stems: Vec<&str> = entries
        .iter()
        .filter(|e| !e.is_dir)
        .filter_map(|e| e.name.strip_suffix(".toml"))
        .filter(|&stem| stem != "law")
        .collect();
    let paths: Vec<String> = stems.iter().map(|s| format!("{dir}/{s}.toml")).collect();
    // A whole code has hundreds of section files: read and parse them on
    // every core, then take the results in order, so diagnostics and file
    // ids do not depend on the threads.
    let files: Vec<Option<FileId>> = source
        .read_all(&paths)
        .into_iter()
        .zip(&paths)
        .map(|(bytes, path)| register(source, path, bytes, store))
        .collect();
    let jobs: Vec<(FileId, &str)> = files
        .iter()
        .zip(&stems)
        .filter_map(|(file, &stem)| Some(((*file)?, stem)))
        .collect();
    let loaded = parallel::map(&jobs, |&(file, stem)| {
        section_from_text(file, store.files.source(file), stem)
    });
    // Duplicates found by hash, not by scanning: there are hundreds of sections.
    let mut seen = std::collections::HashSet::new();
    for ((file, _), loaded) in jobs.iter().zip(loaded) {
        store.diagnostics.extend(loaded.diagnostics);
        let Some(section) = loaded.section else {
            continue;
        };
        store
            .origins
            .sections
            .insert((law.key.clone(), section.number.clone()), *file);
        if !seen.insert(section.number.clone()) {
            store.diagnostics.push(Diagnostic::error(format!(
                "§ {} is stored twice in {dir}/",
                section.number
            )));
            continue;
        }
        law.sections.push(section);
    }
    law.sort();
    Some(law)
}

/// Reads one section file on its own; `None` if it cannot be read at all.
pub(super) fn load_section(
    source: &dyn Source,
    path: &str,
    stem: &str,
    store: &mut Store,
) -> Option<Section> {
    let (file, text) = read_file(source, path, store)?;
    let loaded = section_from_text(file, &text, stem);
    store.diagnostics.extend(loaded.diagnostics);
    loaded.section
}

/// What one section file gave: the section, if it could be read, and its problems.
struct Loaded {
    section: Option<Section>,
    diagnostics: Vec<Diagnostic>,
}

/// Reads the section file `file` (named `stem`.toml), whose text is `text`.
fn section_from_text(file: FileId, text: &str, stem: &str) -> Loaded {
    let mut diagnostics = Vec::new();
    let section = section_checked(file, text, stem, &mut diagnostics);
    Loaded {
        section,
        diagnostics,
    }
}

fn section_checked(
    file: FileId,
    text: &str,
    stem: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Section> {
    let raw: RawSection = match parse(file, text) {
        Ok(r) => r,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let number = raw.section.get_ref().clone();
    if !is_section_number(&number) {
        // Citations could never name it, and it becomes a file name on import.
        diagnostics.push(
            Diagnostic::error(format!("\"{number}\" is not a section number"))
                .at(file, raw.section.span())
                .label("not a section number")
                .hint("a section number is digits with up to two lowercase letters: \"176\", \"176a\""),
        );
        return None;
    }
    if number != stem {
        diagnostics.push(
            Diagnostic::error(format!(
                "the file {stem}.toml holds `section = \"{number}\"`"
            ))
            .at(file, raw.section.span())
            .label("does not match the file name")
            .hint(format!(
                "rename the file to {number}.toml or fix the section number"
            )),
        );
    }
    if raw.versions.is_empty() {
        diagnostics.push(
            Diagnostic::error(format!("§ {number} has no versions"))
                .at(file, raw.section.span())
                .hint("add a [[version]] table with valid_from, source, title and text"),
        );
    }
    let mut versions: Vec<Version> = Vec::new();
    let mut previous: Option<(jiff::civil::Date, std::ops::Range<usize>)> = None;
    for raw_version in raw.versions {
        let span = raw_version.span();
        let rv = raw_version.into_inner();
        let Ok(valid_from) =
            date(file, &rv.valid_from, "valid_from").map_err(|d| diagnostics.push(d))
        else {
            continue;
        };
        if let Some((prev, prev_span)) = &previous {
            if valid_from == *prev {
                diagnostics.push(
                    Diagnostic::error(format!("§ {number} has two versions on {valid_from}"))
                        .at(file, rv.valid_from.span())
                        .label("second version on this day")
                        .related(file, prev_span.clone(), "first version on this day")
                        .hint("a day has one version; merge them or correct the date"),
                );
                continue;
            }
            if valid_from < *prev {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "the versions of § {number} are out of order: {valid_from} follows {prev}"
                    ))
                    .at(file, rv.valid_from.span())
                    .label("earlier than the version before it")
                    .related(file, prev_span.clone(), "previous version")
                    .hint("list versions oldest first"),
                );
                continue;
            }
        }
        previous = Some((valid_from, rv.valid_from.span()));
        let content = match (rv.repealed, rv.title, rv.text) {
            (true, None, None) => Content::Repealed,
            (true, _, _) => {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "the version of § {number} of {valid_from} is repealed but has a title or text"
                    ))
                    .at(file, span.clone())
                    .hint("a repealed version reads \"(weggefallen)\"; remove its title and text"),
                );
                continue;
            }
            (false, Some(title), Some(text_value)) => {
                let origin = text_origin(file, text, text_value.span(), text_value.get_ref());
                let body_text = text_value.into_inner();
                if let Err(e) = Body::parse(&body_text) {
                    diagnostics.push(
                        Diagnostic::error(format!("§ {number} ({valid_from}): {}", e.message))
                            .at(file, origin.map(e.span.clone()))
                            .label("here")
                            .hint(e.hint),
                    );
                }
                Content::Text {
                    title,
                    text: body_text,
                }
            }
            (false, title, text_value) => {
                let missing = match (title.is_none(), text_value.is_none()) {
                    (true, true) => "`title` and `text`",
                    (true, false) => "`title`",
                    _ => "`text`",
                };
                diagnostics.push(
                    Diagnostic::error(format!(
                        "the version of § {number} of {valid_from} lacks {missing}"
                    ))
                    .at(file, span.clone())
                    .hint("a version in force has a title and a text; a repealed one has `repealed = true`"),
                );
                continue;
            }
        };
        versions.push(Version {
            valid_from,
            source: rv.source,
            content,
        });
    }
    Some(Section { number, versions })
}
