//! How a proposal changed between two drafts: which amendments were added,
//! removed or changed (matched by id), and for a changed one which of its
//! action, target, arguments and rationale differ, with both values.
//!
//! This compares the proposals themselves; where the drafts come from (two
//! git revisions, two files) is the caller's business.

use serde::Serialize;

use crate::model::citation::Style;
use crate::model::proposal::{Action, Amendment, Occurrence, Position, Proposal};

/// Which part of a proposal or amendment a change concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// A field of the proposal itself (title, date, status, rationale, ...).
    Proposal,
    /// The amendment's verb.
    Action,
    /// The unit the amendment changes.
    Target,
    /// One argument of the action (words, by, text, ...).
    Argument,
    /// The amendment's rationale.
    Rationale,
}

/// One value that differs between the drafts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// What kind of value it is.
    pub part: Part,
    /// Its name as proposal files spell it: "rationale", "by", "text", ...
    pub field: String,
    /// The value in the old draft, if it had one.
    pub old: Option<String>,
    /// The value in the new draft, if it has one.
    pub new: Option<String>,
}

/// An amendment that only one draft has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AmendmentSummary {
    /// Its id.
    pub id: String,
    /// Its place in its draft (1-based).
    pub position: usize,
    /// The Handbuch verb.
    pub action: String,
    /// The unit it changes: "§ 176 Abs. 1 Nr. 2".
    pub target: String,
    /// The action's arguments, as proposal files name them.
    pub arguments: Vec<Argument>,
    /// Its rationale.
    pub rationale: String,
}

/// One argument of an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Argument {
    /// Its key in proposal files: "words", "by", "text", ...
    pub name: String,
    /// Its value.
    pub value: String,
}

/// An amendment both drafts have, but not alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AmendmentChange {
    /// Its id.
    pub id: String,
    /// Its place in the old draft (1-based).
    pub old_position: usize,
    /// Its place in the new draft (1-based).
    pub new_position: usize,
    /// Whether it now applies in a different order relative to the other
    /// amendments both drafts have (amendments apply in order).
    pub moved: bool,
    /// The values that differ, in the order action, target, arguments, rationale.
    pub changes: Vec<FieldChange>,
}

/// How a proposal changed between two drafts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftDiff {
    /// The proposal's fields that changed (title, date, rationale, ...).
    pub proposal: Vec<FieldChange>,
    /// Amendments only the new draft has, in its order.
    pub added: Vec<AmendmentSummary>,
    /// Amendments only the old draft had, in its order.
    pub removed: Vec<AmendmentSummary>,
    /// Amendments in both that differ or moved, in the new draft's order.
    pub changed: Vec<AmendmentChange>,
}

impl DraftDiff {
    /// Whether the drafts are alike.
    pub fn is_empty(&self) -> bool {
        self.proposal.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
    }
}

/// Compares two drafts of a proposal.
pub fn compare(old: &Proposal, new: &Proposal) -> DraftDiff {
    let proposal = fields(old)
        .into_iter()
        .zip(fields(new))
        .filter_map(|((field, a), (_, b))| differ(Part::Proposal, field, a, b))
        .collect();
    let in_old = |id: &str| old.amendments.iter().position(|a| a.id == id);
    let in_new = |id: &str| new.amendments.iter().position(|a| a.id == id);
    let added = new
        .amendments
        .iter()
        .enumerate()
        .filter(|(_, a)| in_old(&a.id).is_none())
        .map(|(i, a)| summary(a, i))
        .collect();
    let removed = old
        .amendments
        .iter()
        .enumerate()
        .filter(|(_, a)| in_new(&a.id).is_none())
        .map(|(i, a)| summary(a, i))
        .collect();
    let moved = moved(old, new);
    let mut changed = Vec::new();
    for (j, b) in new.amendments.iter().enumerate() {
        let Some(i) = in_old(&b.id) else { continue };
        let Some(a) = old.amendments.get(i) else {
            continue;
        };
        let changes = amendment_changes(a, b);
        let moved = moved.contains(&b.id.as_str());
        if moved || !changes.is_empty() {
            changed.push(AmendmentChange {
                id: b.id.clone(),
                old_position: i + 1,
                new_position: j + 1,
                moved,
                changes,
            });
        }
    }
    DraftDiff {
        proposal,
        added,
        removed,
        changed,
    }
}

/// The proposal's own fields, by name, in file order.
fn fields(p: &Proposal) -> [(&'static str, Option<String>); 10] {
    [
        ("id", Some(p.id.clone())),
        ("title", Some(p.title.clone())),
        ("author", Some(p.author.clone())),
        ("date", Some(p.date.to_string())),
        ("status", Some(p.status.name().to_owned())),
        ("law", Some(p.law.clone())),
        ("base", Some(p.base.to_string())),
        (
            "entry_into_force",
            p.entry_into_force.map(|d| d.to_string()),
        ),
        ("note", p.note.clone()),
        ("rationale", Some(p.rationale.clone())),
    ]
}

fn differ(
    part: Part,
    field: &str,
    old: Option<String>,
    new: Option<String>,
) -> Option<FieldChange> {
    (old != new).then(|| FieldChange {
        part,
        field: field.to_owned(),
        old,
        new,
    })
}

fn summary(a: &Amendment, index: usize) -> AmendmentSummary {
    AmendmentSummary {
        id: a.id.clone(),
        position: index + 1,
        action: a.action.verb().to_owned(),
        target: a.target.format(Style::Short),
        arguments: arguments(&a.action)
            .into_iter()
            .map(|(k, v)| Argument {
                name: k.to_owned(),
                value: v,
            })
            .collect(),
        rationale: a.rationale.clone(),
    }
}

fn amendment_changes(a: &Amendment, b: &Amendment) -> Vec<FieldChange> {
    let mut out = Vec::new();
    out.extend(differ(
        Part::Action,
        "action",
        Some(a.action.verb().to_owned()),
        Some(b.action.verb().to_owned()),
    ));
    out.extend(differ(
        Part::Target,
        "target",
        Some(a.target.format(Style::Short)),
        Some(b.target.format(Style::Short)),
    ));
    let (old, new) = (arguments(&a.action), arguments(&b.action));
    // Keys in the new draft's order, then keys only the old one had.
    let mut keys: Vec<&str> = new.iter().map(|(k, _)| *k).collect();
    keys.extend(
        old.iter()
            .map(|(k, _)| *k)
            .filter(|k| !new.iter().any(|(n, _)| n == k)),
    );
    let value = |list: &[(&str, String)], key: &str| {
        list.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
    };
    for key in keys {
        out.extend(differ(
            Part::Argument,
            key,
            value(&old, key),
            value(&new, key),
        ));
    }
    out.extend(differ(
        Part::Rationale,
        "rationale",
        Some(a.rationale.clone()),
        Some(b.rationale.clone()),
    ));
    out
}

/// The ids of amendments both drafts have whose order relative to the
/// others changed: those outside the longest common order.
fn moved<'p>(old: &'p Proposal, new: &'p Proposal) -> Vec<&'p str> {
    let a: Vec<&str> = old
        .amendments
        .iter()
        .map(|a| a.id.as_str())
        .filter(|id| new.amendments.iter().any(|b| b.id == *id))
        .collect();
    let b: Vec<&str> = new
        .amendments
        .iter()
        .map(|b| b.id.as_str())
        .filter(|id| a.contains(id))
        .collect();
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b) {
        if let similar::DiffOp::Insert {
            new_index, new_len, ..
        }
        | similar::DiffOp::Replace {
            new_index, new_len, ..
        } = op
        {
            out.extend(b.iter().skip(new_index).take(new_len).copied());
        }
    }
    out
}

/// An action's arguments by the names proposal files give them, so a diff
/// speaks the language of the file the reader edits.
pub fn arguments(action: &Action) -> Vec<(&'static str, String)> {
    let occurrence = |o: &Occurrence| match o {
        Occurrence::Only => None,
        Occurrence::Nth(n) => Some(("occurrence", n.to_string())),
        Occurrence::Every => Some(("jeweils", "true".to_owned())),
    };
    let renumber = |r: bool| r.then(|| ("renumber", "true".to_owned()));
    let mut out = Vec::new();
    match action {
        Action::ReplaceWords {
            words,
            by,
            occurrence: o,
        } => {
            out.push(("words", words.clone()));
            out.push(("by", by.clone()));
            out.extend(occurrence(o));
        }
        Action::InsertWords {
            anchor,
            position,
            words,
            occurrence: o,
        } => {
            out.push((
                if *position == Position::After {
                    "after"
                } else {
                    "before"
                },
                anchor.clone(),
            ));
            out.push(("insert", words.clone()));
            out.extend(occurrence(o));
        }
        Action::DeleteWords {
            words,
            occurrence: o,
        } => {
            out.push(("words", words.clone()));
            out.extend(occurrence(o));
        }
        Action::ReplaceUnit { text, .. }
        | Action::AppendUnit { text }
        | Action::PrependUnit { text } => out.push(("text", text.clone())),
        Action::InsertUnit { text, renumber: r } => {
            out.push(("text", text.clone()));
            out.extend(renumber(*r));
        }
        Action::RepealUnit { renumber: r } => out.extend(renumber(*r)),
        Action::ReplaceTitle { title } => out.push(("title", title.clone())),
        Action::InsertSection(s) => {
            out.push(("title", s.title.clone()));
            out.push(("text", s.text.clone()));
        }
        Action::ReplaceSections { sections } => {
            for s in sections {
                out.push((
                    "section",
                    format!("§ {} – {}\n{}", s.number, s.title, s.text),
                ));
            }
        }
        Action::RepealSection => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{DirSource, load};

    fn ijm() -> Proposal {
        let store = load(&DirSource::new(env!("CARGO_MANIFEST_DIR")));
        store.proposal("ijm-osec").cloned().unwrap()
    }

    #[test]
    fn alike_drafts_have_no_changes() {
        let p = ijm();
        assert!(compare(&p, &p).is_empty());
    }

    #[test]
    fn added_removed_and_changed_by_id() {
        let old = ijm();
        let mut new = old.clone();
        let removed = new.amendments.remove(4);
        let mut extra = new.amendments[1].clone();
        extra.id = "176-extra".into();
        new.amendments.push(extra);
        new.amendments[2].rationale = "Neue Begründung.".into();
        if let Action::ReplaceWords { by, .. } = &mut new.amendments[1].action {
            *by = "den Nummern 1, 2 und 3".into();
        }
        new.date = jiff::civil::date(2021, 6, 1);
        let d = compare(&old, &new);
        assert_eq!(
            d.proposal,
            vec![FieldChange {
                part: Part::Proposal,
                field: "date".into(),
                old: Some("2021-05-05".into()),
                new: Some("2021-06-01".into())
            }]
        );
        assert_eq!(
            d.added
                .iter()
                .map(|a| (a.id.as_str(), a.position))
                .collect::<Vec<_>>(),
            [("176-extra", new.amendments.len())]
        );
        assert_eq!(
            d.removed
                .iter()
                .map(|a| (a.id.as_str(), a.position))
                .collect::<Vec<_>>(),
            [(removed.id.as_str(), 5)]
        );
        assert_eq!(d.changed.len(), 2);
        let by = &d.changed[0];
        assert_eq!((by.id.as_str(), by.moved), ("176-nr4", false));
        assert_eq!(
            by.changes,
            vec![FieldChange {
                part: Part::Argument,
                field: "by".into(),
                old: Some("den Nummern 1 bis 3".into()),
                new: Some("den Nummern 1, 2 und 3".into())
            }]
        );
        let why = &d.changed[1];
        assert_eq!(
            why.changes
                .iter()
                .map(|c| (c.part, c.field.as_str()))
                .collect::<Vec<_>>(),
            [(Part::Rationale, "rationale")]
        );
    }

    #[test]
    fn a_new_action_shows_old_and_new_arguments() {
        let old = ijm();
        let mut new = old.clone();
        new.amendments[1].action = Action::DeleteWords {
            words: "oder Nummer 2".into(),
            occurrence: Occurrence::Every,
        };
        new.amendments[1].target = crate::model::citation::parse("§ 176 Abs. 1 Nr. 3").unwrap();
        let d = compare(&old, &new);
        let fields: Vec<(Part, &str, Option<&str>, Option<&str>)> = d.changed[0]
            .changes
            .iter()
            .map(|c| (c.part, c.field.as_str(), c.old.as_deref(), c.new.as_deref()))
            .collect();
        assert_eq!(
            fields,
            [
                (Part::Action, "action", Some("ersetzen"), Some("streichen")),
                (
                    Part::Target,
                    "target",
                    Some("§ 176 Abs. 1 Nr. 4"),
                    Some("§ 176 Abs. 1 Nr. 3")
                ),
                (
                    Part::Argument,
                    "words",
                    Some("Nummer 1 oder Nummer 2"),
                    Some("oder Nummer 2")
                ),
                (Part::Argument, "jeweils", None, Some("true")),
                (Part::Argument, "by", Some("den Nummern 1 bis 3"), None),
            ]
        );
    }

    #[test]
    fn reordering_marks_the_moved_amendment() {
        let old = ijm();
        let mut new = old.clone();
        let first = new.amendments.remove(0);
        new.amendments.insert(3, first);
        let d = compare(&old, &new);
        let moved: Vec<(&str, usize, usize)> = d
            .changed
            .iter()
            .filter(|c| c.moved)
            .map(|c| (c.id.as_str(), c.old_position, c.new_position))
            .collect();
        assert_eq!(moved, [("176-nr3", 1, 4)]);
        assert!(d.changed.iter().all(|c| c.changes.is_empty()));
    }
}
