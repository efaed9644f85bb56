//! Stage 2, resolve: finds what a citation names in the law in force on a day.

use std::ops::Range;

use jiff::civil::Date;

use crate::model::citation::{Citation, Sections, Style};
use crate::model::numbering;
use crate::model::outline::{Outline, Step};
use crate::model::statute::{Law, Section, Version};
use crate::model::text::{Body, UnitKind};

/// A citation resolved to a unit of a section version.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    /// The section.
    pub section: &'a Section,
    /// The version in force on the day.
    pub version: &'a Version,
    /// The unit's address with every Satz spelled out; empty for the whole section.
    pub path: Vec<Step>,
    /// The address as a citation writes it (a lone Satz left out).
    pub short_path: Vec<Step>,
    /// The unit's bytes in the version's text; the whole text for a section.
    pub range: Range<usize>,
}

impl Resolved<'_> {
    /// The unit's text, byte for byte.
    pub fn text(&self) -> &str {
        &self.version.content.text()[self.range.clone()]
    }
}

/// Why a citation names nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveError {
    /// What is wrong.
    pub message: String,
    /// What exists instead, or how to fix it.
    pub hint: String,
}

impl std::fmt::Display for ResolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ResolveError {}

fn fail(message: impl Into<String>, hint: impl Into<String>) -> ResolveError {
    ResolveError {
        message: message.into(),
        hint: hint.into(),
    }
}

/// The section a citation names; ranges are not a single section.
pub fn section<'a>(law: &'a Law, citation: &Citation) -> Result<&'a Section, ResolveError> {
    let number = match &citation.sections {
        Sections::One(n) => n,
        Sections::Range(a, b) => {
            return Err(fail(
                format!("§§ {a} bis {b} names several sections"),
                "cite a single section here",
            ));
        }
    };
    law.section(number).ok_or_else(|| {
        let near = nearby(law, number);
        fail(
            format!("{} has no § {number} in this store", law.abbreviation),
            if near.is_empty() {
                format!(
                    "the store holds {} sections of the {}",
                    law.sections.len(),
                    law.abbreviation
                )
            } else {
                format!("sections nearby: {near}")
            },
        )
    })
}

fn nearby(law: &Law, number: &str) -> String {
    let key = numbering::order_key(number).0;
    let near: Vec<String> = law
        .sections
        .iter()
        .filter(|s| numbering::order_key(&s.number).0.abs_diff(key) <= 2)
        .map(|s| format!("§ {}", s.number))
        .collect();
    near.join(", ")
}

/// The version of `section` in force on `day`, or an error with the first day.
pub fn version_at(section: &Section, day: Date) -> Result<&Version, ResolveError> {
    section.at(day).ok_or_else(|| match section.first_day() {
        Some(first) => fail(
            format!("§ {} was not yet in force on {day}", section.number),
            format!("its first version entered into force on {first}; use --at {first} or later"),
        ),
        None => fail(format!("§ {} has no versions", section.number), ""),
    })
}

/// Resolves `citation` in `law` as in force on `day`.
pub fn resolve<'a>(
    law: &'a Law,
    citation: &Citation,
    day: Date,
) -> Result<Resolved<'a>, ResolveError> {
    let section = section(law, citation)?;
    let version = version_at(section, day)?;
    let text = version.content.text();
    if citation.path.is_empty() {
        return Ok(Resolved {
            section,
            version,
            path: Vec::new(),
            short_path: Vec::new(),
            range: 0..text.len(),
        });
    }
    if version.content.is_repealed() {
        return Err(fail(
            format!("§ {} is repealed (weggefallen) on {day}", section.number),
            repealed_hint(section, day),
        ));
    }
    let body = Body::parse(text)
        .map_err(|e| fail(format!("§ {} cannot be read: {e}", section.number), e.hint))?;
    let outline = Outline::of(&body);
    match find(&outline, &citation.path) {
        Ok(unit_path) => {
            let range = outline.find(&unit_path).map_or(0..0, |u| u.range.clone());
            let short_path = outline.short_path(&unit_path);
            Ok(Resolved {
                section,
                version,
                path: unit_path,
                short_path,
                range,
            })
        }
        Err(missing) => Err(explain_missing(
            law, section, citation, day, &outline, missing,
        )),
    }
}

/// What went wrong while walking a path: the step that was not found, the
/// path up to it, and whether it was ambiguous.
pub struct Missing {
    /// Index of the citation step that failed.
    pub step: usize,
    /// The resolved path of its parent.
    pub parent: Vec<Step>,
    /// Sätze that each hold a unit with that number (ambiguous), if any.
    pub candidates: Vec<String>,
}

/// Walks `cited` through `outline`, filling in a Satz the citation left out
/// where exactly one Satz holds the cited item.
pub fn find(outline: &Outline, cited: &[Step]) -> Result<Vec<Step>, Missing> {
    let mut path: Vec<Step> = Vec::new();
    for (i, step) in cited.iter().enumerate() {
        let direct: Vec<Step> = path.iter().cloned().chain([step.clone()]).collect();
        if outline.find(&direct).is_some() {
            path = direct;
            continue;
        }
        if step.kind != UnitKind::Satz && step.kind != UnitKind::Absatz {
            // "Abs. 6 Nr. 1" for "Abs. 6 Satz 1 Nr. 1": look in each Satz.
            let hits: Vec<Vec<Step>> = outline
                .children(&path)
                .filter(|u| u.kind() == UnitKind::Satz)
                .map(|u| {
                    u.path
                        .iter()
                        .cloned()
                        .chain([step.clone()])
                        .collect::<Vec<_>>()
                })
                .filter(|p| outline.find(p).is_some())
                .collect();
            if hits.len() == 1 {
                path = hits.into_iter().next().unwrap_or_default();
                continue;
            }
            if hits.len() > 1 {
                let candidates = hits.iter().map(|p| p[p.len() - 2].number.clone()).collect();
                return Err(Missing {
                    step: i,
                    parent: path,
                    candidates,
                });
            }
        }
        return Err(Missing {
            step: i,
            parent: path,
            candidates: Vec::new(),
        });
    }
    Ok(path)
}

fn describe_numbers(numbers: &[String]) -> String {
    match numbers {
        [] => "none".into(),
        [one] => one.clone(),
        [first, .., last] if is_plain_run(numbers) => format!("{first}–{last}"),
        _ => numbers.join(", "),
    }
}

fn is_plain_run(numbers: &[String]) -> bool {
    numbers
        .windows(2)
        .all(|w| numbering::successor(&w[0]) == w[1])
}

fn explain_missing(
    law: &Law,
    section: &Section,
    citation: &Citation,
    day: Date,
    outline: &Outline,
    missing: Missing,
) -> ResolveError {
    let step = &citation.path[missing.step];
    let here = Citation::unit(None, &section.number, missing.parent.clone()).format(Style::Long);
    if !missing.candidates.is_empty() {
        return fail(
            format!(
                "{} {} of {here} is ambiguous: Sätze {} each have one",
                step.kind,
                step.number,
                missing.candidates.join(", ")
            ),
            format!(
                "name the Satz, e.g. \"{} Satz {} {} {}\"",
                here,
                missing.candidates[0],
                step.kind.abbreviation(),
                step.number
            ),
        );
    }
    let mut kinds_here: Vec<&str> = outline
        .children(&missing.parent)
        .filter(|u| u.kind() == step.kind)
        .map(|u| u.number())
        .collect();
    // Items in a Satz the citation left out also count as "here".
    if kinds_here.is_empty() && step.kind != UnitKind::Satz {
        kinds_here = outline
            .units
            .iter()
            .filter(|u| {
                u.kind() == step.kind
                    && u.path.len() == missing.parent.len() + 2
                    && u.path[..missing.parent.len()] == missing.parent[..]
            })
            .map(|u| u.number())
            .collect();
    }
    let numbers: Vec<String> = kinds_here.iter().map(|s| s.to_string()).collect();
    let has = if numbers.is_empty() {
        format!("{here} has no {} on {day}", step.kind.plural())
    } else if numbers.len() == 1 {
        format!("{here} has {} {} on {day}", step.kind.name(), numbers[0])
    } else {
        format!(
            "{here} has {} {} on {day}",
            step.kind.plural(),
            describe_numbers(&numbers)
        )
    };
    let history = history_of(section, citation, missing.step, day);
    let _ = law;
    fail(
        format!(
            "{} does not exist on {day}",
            citation.format_with_law(Style::Short)
        ),
        match history {
            Some(h) => format!("{has}; {h}"),
            None => has,
        },
    )
}

/// Whether the unit existed in another version: "Absatz 4 existed until 2021-06-30".
fn history_of(section: &Section, citation: &Citation, upto: usize, day: Date) -> Option<String> {
    let cited = &citation.path[..=upto];
    let step = &cited[upto];
    let mut spans: Vec<(Date, Option<Date>)> = Vec::new();
    for (i, v) in section.versions.iter().enumerate() {
        let Ok(body) = Body::parse(v.content.text()) else {
            continue;
        };
        if find(&Outline::of(&body), cited).is_ok() {
            spans.push((v.valid_from, section.valid_until(i)));
        }
    }
    let (from, until) = (spans.first()?.0, spans.last()?.1);
    let what = format!("{} {}", step.kind.name(), step.number);
    Some(match until {
        Some(until) if until < day => format!("{what} existed until {until}"),
        _ if from > day => format!("{what} exists from {from}"),
        Some(until) => format!("{what} exists from {from} to {until}"),
        None => format!("{what} exists from {from}"),
    })
}

fn repealed_hint(section: &Section, day: Date) -> String {
    match section.index_at(day).and_then(|i| i.checked_sub(1)) {
        Some(prev) => format!(
            "its last text was in force until {}",
            section
                .valid_until(prev)
                .map(|d| d.to_string())
                .unwrap_or_default()
        ),
        None => String::new(),
    }
}
