//! One Änderungsbefehl per amendment, worded as the Handbuch der
//! Rechtsförmlichkeit (4th ed., Teil D) has it.
//!
//! The forms, by verb:
//!
//! - words: "In § 176 Absatz 1 Nummer 4 wird die Angabe „X“ durch die Angabe
//!   „Y“ ersetzt.", "... werden nach dem Wort „X“ die Wörter „Y“ eingefügt.",
//!   "... werden die Wörter „X“ gestrichen."; "jeweils" when every
//!   occurrence changes;
//! - units: "Nach § 232a Absatz 6 Satz 1 wird der folgende Satz eingefügt:",
//!   "Absatz 4 wird durch den folgenden Absatz 4 ersetzt:" (ersetzen) or
//!   "Absatz 4 wird wie folgt gefasst:" (fassen), "Dem Absatz 6 wird der
//!   folgende Satz angefügt:", "Absatz 2 wird aufgehoben.";
//! - renumbering is ordered in the same instruction, before an insertion
//!   (the new unit takes a number that must first be free) and after a
//!   repeal: "Die bisherigen Absätze 3 bis 6 werden die Absätze 4 bis 7 und
//!   nach Absatz 2 wird der folgende Absatz 3 eingefügt:";
//! - sections: "Nach § 176e wird der folgende § 176f eingefügt:", "Die §§ 176
//!   bis 176b werden durch die folgenden §§ 176 bis 176d ersetzt:",
//!   "Die Überschrift wird wie folgt gefasst:", "§ 176d wird aufgehoben.".
//!
//! Where the enclosing Nummer or Buchstabe already named the section or the
//! Absatz ("§ 176 Absatz 1 wird wie folgt geändert:"), the instruction names
//! only what lies inside it.

use super::Quote;
use super::context::Before;
use super::phrase::{
    Case, Loc, Noun, Renumbering, capitalised, existing, following_unit, new_text,
};
use crate::model::citation::{Citation, Sections, Style};
use crate::model::numbering;
use crate::model::outline::Step;
use crate::model::proposal::{Action, Amendment, NewSection, Occurrence, Position, ReplaceForm};
use crate::model::text::{Label, UnitKind};

/// What the enclosing levels of the act already say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    /// Whether the instruction must name its section (it is a Nummer of its own).
    pub names_section: bool,
    /// How many steps of the target's path the enclosing levels named.
    pub consumed: usize,
}

/// An instruction's words: the sentence and the text it quotes, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    /// The sentence, ending in ":" before a quote and "." otherwise.
    pub text: String,
    /// The new text the instruction quotes.
    pub quote: Option<Quote>,
}

fn says(text: String) -> Wording {
    Wording { text, quote: None }
}

fn quotes(text: String, paragraphs: Vec<String>) -> Wording {
    Wording {
        text,
        quote: Some(Quote::new(paragraphs)),
    }
}

/// "§ 176", "§§ 176 bis 176b"
pub fn sections_name(sections: &Sections) -> String {
    Citation {
        law: None,
        sections: sections.clone(),
        path: Vec::new(),
    }
    .format(Style::Long)
}

/// The Änderungsbefehl for `a` at the place `frame` describes, in the state `before`.
pub fn instruction(a: &Amendment, frame: Frame, before: &Before) -> Wording {
    let number = a.target.section().unwrap_or_default();
    let head = sections_name(&a.target.sections);
    let new_at = before.first_new(number, &a.target.path);
    let mut loc = Loc {
        head: frame.names_section.then(|| head.clone()),
        steps: a.target.path.iter().skip(frame.consumed).cloned().collect(),
        new_at: new_at.and_then(|j| j.checked_sub(frame.consumed)),
    };
    let full = Loc {
        head: Some(head.clone()),
        steps: a.target.path.clone(),
        new_at,
    };
    let nth = |o: &Occurrence| match o {
        Occurrence::Nth(n) => Some(*n),
        _ => None,
    };
    let jeweils = |o: &Occurrence| {
        if *o == Occurrence::Every {
            "jeweils "
        } else {
            ""
        }
    };
    match &a.action {
        Action::ReplaceWords {
            words,
            by,
            occurrence,
        } => {
            let old = existing(words, Case::Nom, nth(occurrence));
            let (new, _) = new_text(by);
            let verb = super::phrase::verb(Noun::of(words).plural());
            let j = jeweils(occurrence);
            says(if loc.is_empty() {
                format!("{} {verb} {j}durch {new} ersetzt.", capitalised(&old))
            } else {
                format!("In {} {verb} {old} {j}durch {new} ersetzt.", loc.dat())
            })
        }
        Action::InsertWords {
            anchor,
            position,
            words,
            occurrence,
        } => {
            let prep = match position {
                Position::After => "nach",
                Position::Before => "vor",
            };
            let at = existing(anchor, Case::Dat, nth(occurrence));
            let (new, plural) = new_text(words);
            let verb = super::phrase::verb(plural);
            let j = jeweils(occurrence);
            says(if loc.is_empty() {
                format!(
                    "{} {at} {verb} {new} eingefügt.",
                    capitalised(&format!("{j}{prep}"))
                )
            } else {
                format!("In {} {verb} {j}{prep} {at} {new} eingefügt.", loc.dat())
            })
        }
        Action::DeleteWords { words, occurrence } => {
            let old = existing(words, Case::Nom, nth(occurrence));
            let verb = super::phrase::verb(Noun::of(words).plural());
            let j = jeweils(occurrence);
            says(if loc.is_empty() {
                format!("{} {verb} {j}gestrichen.", capitalised(&old))
            } else {
                format!("In {} {verb} {old} {j}gestrichen.", loc.dat())
            })
        }
        Action::ReplaceUnit { text, form } => {
            let Some(last) = a.target.path.last() else {
                // The whole text of the section, quoted with its heading.
                let title = before.title(number).unwrap_or_default();
                let ns = NewSection {
                    number: number.to_owned(),
                    title,
                    text: text.clone(),
                };
                let predicate = match form {
                    ReplaceForm::Ersetzen => format!("durch den folgenden {head} ersetzt"),
                    ReplaceForm::Fassen => "wie folgt gefasst".to_owned(),
                };
                return quotes(format!("{head} wird {predicate}:"), section_paragraphs(&ns));
            };
            if loc.is_empty() {
                loc = full;
            }
            let predicate = match form {
                ReplaceForm::Ersetzen => format!(
                    "durch {} ersetzt",
                    following_unit(last.kind, Some(&last.number), Case::Dat)
                ),
                ReplaceForm::Fassen => "wie folgt gefasst".to_owned(),
            };
            quotes(
                format!("{}:", unit_clause(&loc, loc.new_split(), &predicate)),
                paragraphs(text),
            )
        }
        Action::RepealUnit { renumber } => {
            let Some(last) = a.target.path.last() else {
                return says(format!("{head} wird aufgehoben."));
            };
            if loc.is_empty() {
                loc = full;
            }
            let moved = if *renumber {
                before.following(number, &a.target.path)
            } else {
                Vec::new()
            };
            let renumbering = Renumbering::of(last.kind, &moved, -1);
            let split = match renumbering {
                Some(_) => Some(loc.steps.len().saturating_sub(1)),
                None => loc.new_split(),
            };
            let mut text = unit_clause(&loc, split, "aufgehoben");
            if let Some(r) = renumbering {
                text.push_str(&format!(" und {}", r.clause()));
            }
            text.push('.');
            says(text)
        }
        Action::InsertUnit { text, renumber } => {
            let Some(last) = a.target.path.last() else {
                // The engine refuses this; word it as what it would mean.
                let append = Amendment {
                    action: Action::AppendUnit { text: text.clone() },
                    ..a.clone()
                };
                return instruction(&append, frame, before);
            };
            if loc.is_empty() {
                loc = full;
            }
            let label = Label::parse_prefix(text.trim_start());
            let what = following_unit(last.kind, label.as_ref().map(Label::number), Case::Nom);
            let moved = if *renumber {
                before.following(number, &a.target.path)
            } else {
                Vec::new()
            };
            let renumbering = Renumbering::of(last.kind, &moved, 1);
            let split = match renumbering {
                Some(_) => Some(loc.steps.len().saturating_sub(1)),
                None => loc.new_split(),
            };
            let (frame_loc, anchor) = split_at(&loc, split);
            let sentence = match (frame_loc.is_empty(), renumbering) {
                (true, None) => format!("Nach {} wird {what} eingefügt:", anchor.dat()),
                (true, Some(r)) => format!(
                    "{} und nach {} wird {what} eingefügt:",
                    capitalised(&r.clause()),
                    anchor.dat()
                ),
                (false, None) => {
                    format!(
                        "In {} wird nach {} {what} eingefügt:",
                        frame_loc.dat(),
                        anchor.dat()
                    )
                }
                (false, Some(r)) => format!(
                    "In {} {} {} {} und nach {} wird {what} eingefügt:",
                    frame_loc.dat(),
                    r.verb,
                    r.subject,
                    r.becomes,
                    anchor.dat()
                ),
            };
            quotes(sentence, paragraphs(text))
        }
        Action::AppendUnit { text } | Action::PrependUnit { text } => {
            let append = matches!(a.action, Action::AppendUnit { .. });
            let label = Label::parse_prefix(text.trim_start());
            let kind = label.as_ref().map_or(UnitKind::Satz, |l| l.kind);
            let what = following_unit(kind, label.as_ref().map(Label::number), Case::Nom);
            let moved = if append {
                Vec::new()
            } else {
                before.members(number, &a.target.path, kind)
            };
            let sentence = match Renumbering::of(kind, &moved, 1) {
                // A labelled unit in front: the others move up, and it is
                // inserted before the first of them.
                Some(r) => {
                    let first = moved
                        .first()
                        .map(|n| numbering::shift(n, 1).unwrap_or_else(|| n.clone()));
                    let anchor = Loc {
                        head: None,
                        steps: vec![Step {
                            kind,
                            number: first.unwrap_or_default(),
                        }],
                        new_at: Some(0),
                    };
                    if loc.is_empty() {
                        format!(
                            "{} und vor {} wird {what} eingefügt:",
                            capitalised(&r.clause()),
                            anchor.dat()
                        )
                    } else {
                        format!(
                            "In {} {} {} {} und vor {} wird {what} eingefügt:",
                            loc.dat(),
                            r.verb,
                            r.subject,
                            r.becomes,
                            anchor.dat()
                        )
                    }
                }
                None => {
                    let verb = if append { "angefügt" } else { "vorangestellt" };
                    if loc.is_empty() {
                        format!("{} wird {verb}:", capitalised(&what))
                    } else if let Some(j) = loc.new_split() {
                        let (outer, inner) = split_at(&loc, Some(j));
                        format!(
                            "In {} wird {} {what} {verb}:",
                            outer.dat(),
                            inner.dat_object()
                        )
                    } else {
                        format!("{} wird {what} {verb}:", capitalised(&loc.dat_object()))
                    }
                }
            };
            quotes(sentence, paragraphs(text))
        }
        Action::ReplaceTitle { title } => {
            let text = if frame.names_section {
                format!("Die Überschrift des {head} wird wie folgt gefasst:")
            } else {
                "Die Überschrift wird wie folgt gefasst:".to_owned()
            };
            quotes(text, vec![title.clone()])
        }
        Action::InsertSection(ns) => {
            let name = format!("§ {}", ns.number);
            let text = if before.content(&ns.number).is_some() {
                // The number is taken by a repealed section: it is replaced.
                format!("{name} wird durch den folgenden {name} ersetzt:")
            } else {
                match before.neighbours(&ns.number) {
                    (Some(prev), _) => format!("Nach § {prev} wird der folgende {name} eingefügt:"),
                    (None, Some(next)) => {
                        format!("Vor § {next} wird der folgende {name} eingefügt:")
                    }
                    (None, None) => format!("Der folgende {name} wird eingefügt:"),
                }
            };
            quotes(text, section_paragraphs(ns))
        }
        Action::ReplaceSections { sections } => {
            let numbers: Vec<&str> = sections.iter().map(|s| s.number.as_str()).collect();
            let new = match numbers.as_slice() {
                [one] => format!("den folgenden § {one}"),
                [a, b] => format!("die folgenden §§ {a} und {b}"),
                [a, .., b] => format!("die folgenden §§ {a} bis {b}"),
                [] => "nichts".to_owned(),
            };
            let old = match &a.target.sections {
                Sections::Range(..) => format!("Die {head} werden"),
                Sections::One(_) => format!("{head} wird"),
            };
            quotes(
                format!("{old} durch {new} ersetzt:"),
                sections.iter().flat_map(section_paragraphs).collect(),
            )
        }
        Action::RepealSection => says(format!("{head} wird aufgehoben.")),
    }
}

/// Splits `loc` at `at` into the part named with "In" and the rest.
fn split_at(loc: &Loc, at: Option<usize>) -> (Loc, Loc) {
    match at {
        Some(j) => (loc.prefix(j), loc.suffix(j)),
        None => (Loc::default(), loc.clone()),
    }
}

/// "Absatz 4 wird {predicate}" or, split, "In § 182 wird der neue Absatz 7
/// {predicate}".
fn unit_clause(loc: &Loc, split: Option<usize>, predicate: &str) -> String {
    let (outer, unit) = split_at(loc, split);
    if outer.is_empty() {
        format!("{} wird {predicate}", capitalised(&unit.nom()))
    } else {
        format!("In {} wird {} {predicate}", outer.dat(), unit.nom())
    }
}

/// A unit's text as quoted paragraphs (the blocks between blank lines).
fn paragraphs(text: &str) -> Vec<String> {
    text.trim_end_matches('\n')
        .split("\n\n")
        .map(str::to_owned)
        .collect()
}

/// A section as quoted: "§ 176f", its heading, its paragraphs.
fn section_paragraphs(ns: &NewSection) -> Vec<String> {
    let mut out = vec![format!("§ {}", ns.number), ns.title.clone()];
    out.extend(paragraphs(&ns.text));
    out
}
