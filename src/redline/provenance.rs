//! Redlines from the engine's provenance: every change carries the id of the
//! amendment that made it, exactly, not guessed from a diff afterwards.

use std::ops::Range;

use super::blocks::into_blocks;
use super::{
    Note, Op, Redline, Run, SectionRedline, SectionStatus, Side, compare, push_run, segments,
};
use crate::apply::{AmendmentIx, Applied, AttributedText, SectionResult};
use crate::model::citation::Style;
use crate::model::proposal::Proposal;
use crate::model::statute::Content;

/// The redline of a proposal: base law against the law after the proposal.
///
/// `references` gives each amendment's place in the amending act ("Art. 1
/// Nr. 2"), in the proposal's order; missing entries fall back to the target.
pub fn for_proposal(
    applied: &Applied,
    proposal: &Proposal,
    references: &[String],
    law: &str,
) -> Redline {
    let id = |ix: AmendmentIx| amendment_id(proposal, ix);
    // Sections are independent; a proposal spread over a whole code touches hundreds.
    let sections = crate::parallel::map(&applied.sections, |s| section(s, &id));
    Redline {
        law: law.to_owned(),
        from: Side::Law { day: applied.base },
        to: Side::Proposal {
            id: proposal.id.clone(),
            base: applied.base,
            rev: None,
        },
        sections,
        notes: notes(proposal, references),
    }
}

/// The redline of the section `s` of a proposal against `old`, a text of
/// the section other than the one the proposal amended (the law of another
/// day). It is compared word by word, and the words it shows inserted that
/// an amendment wrote link to that amendment, word for word; inserted
/// words the proposal kept from its base link to none. Nor do deleted
/// words: with another text than the base, which of them the proposal
/// deleted and which the law's own change removed is not known.
pub fn against_other_text(s: &SectionResult, old: &Content, proposal: &Proposal) -> SectionRedline {
    let origin = Provenance::of(&s.text);
    let attribute = |op: Op, range: &Range<usize>| match op {
        Op::Insert => origin.written(range, proposal),
        _ => Vec::new(),
    };
    compare::section_with(&s.number, old, &s.after, &attribute)
}

/// The redline of the section `s` of a proposal back to `new`, a text of
/// the section on some day: the proposal's changes undone. Words the
/// proposal wrote that `new` lacks show deleted, linked to the amendment
/// that wrote them. If `new` is the text the proposal amended
/// (`new_is_base`), base words it lacks show inserted, linked to the
/// amendment that deleted them; against another text, which inserted
/// words the proposal had deleted is not known, and they link to none.
pub fn back_to_text(
    s: &SectionResult,
    new: &Content,
    proposal: &Proposal,
    new_is_base: bool,
) -> SectionRedline {
    let origin = Provenance::of(&s.text);
    let attribute = |op: Op, range: &Range<usize>| match op {
        Op::Delete => origin.written(range, proposal),
        Op::Insert if new_is_base => origin.struck(range, proposal),
        _ => Vec::new(),
    };
    compare::section_with(&s.number, &s.after, new, &attribute)
}

/// Whether two byte ranges share a byte.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The id of the amendment at `ix` of `proposal` (its index if there is none).
fn amendment_id(proposal: &Proposal, ix: AmendmentIx) -> String {
    proposal
        .amendments
        .get(ix)
        .map_or_else(|| ix.to_string(), |a| a.id.clone())
}

/// Of `notes`, those whose amendment some change in `sections` links to,
/// the first of each id, numbered anew in their order.
pub fn referenced_notes(
    sections: &[SectionRedline],
    notes: impl IntoIterator<Item = Note>,
) -> Vec<Note> {
    let referenced: Vec<&str> = sections
        .iter()
        .flat_map(|s| {
            s.title
                .iter()
                .chain(s.blocks.iter().flat_map(|b| &b.segments))
        })
        .flat_map(|seg| seg.amendments.iter().map(String::as_str))
        .collect();
    let mut out: Vec<Note> = Vec::new();
    for n in notes {
        if referenced.contains(&n.id.as_str()) && !out.iter().any(|m| m.id == n.id) {
            out.push(Note {
                number: out.len() + 1,
                ..n
            });
        }
    }
    out
}

/// The notes for a proposal's amendments, numbered in the proposal's order.
pub fn notes(proposal: &Proposal, references: &[String]) -> Vec<Note> {
    proposal
        .amendments
        .iter()
        .enumerate()
        .map(|(i, a)| Note {
            number: i + 1,
            id: a.id.clone(),
            reference: references
                .get(i)
                .cloned()
                .unwrap_or_else(|| a.target.format(Style::Short)),
            target: a.target.format(Style::Short),
            action: a.action.verb().to_owned(),
            rationale: a.rationale.clone(),
        })
        .collect()
}

fn section(s: &SectionResult, id: &dyn Fn(AmendmentIx) -> String) -> SectionRedline {
    let status = match (&s.before, &s.after) {
        (None, _) | (Some(Content::Repealed), Content::Text { .. }) => SectionStatus::Added,
        (Some(Content::Text { .. }), Content::Repealed) => SectionStatus::Repealed,
        _ if s.before.as_ref() == Some(&s.after) => SectionStatus::Unchanged,
        _ => SectionStatus::Changed,
    };
    let old = s.text.old_text();
    let new = s.text.new_text();
    SectionRedline {
        number: s.number.clone(),
        status,
        title: segments(runs(&s.title, id)),
        blocks: into_blocks(
            &s.number,
            &runs(&s.text, id),
            (&old, None),
            (&new, s.outline.as_deref()),
        ),
    }
}

/// The runs of an attributed text. Words inserted by one amendment and
/// deleted by a later one are in neither text and do not appear.
fn runs(text: &AttributedText, id: &dyn Fn(AmendmentIx) -> String) -> Vec<Run> {
    let mut out = Vec::new();
    // Tokens of one fate and amendment are gathered first, so each run is
    // built (and its amendment's id looked up) once, not once per word.
    let mut pending: Option<(Op, Option<AmendmentIx>, String)> = None;
    for t in text.tokens() {
        let fate = match (t.inserted_by, t.deleted_by) {
            (None, None) => (Op::Equal, None),
            (Some(i), None) => (Op::Insert, Some(i)),
            (None, Some(d)) => (Op::Delete, Some(d)),
            (Some(_), Some(_)) => continue,
        };
        match &mut pending {
            Some((op, by, words)) if (*op, *by) == fate => words.push_str(t.text),
            _ => {
                flush_run(&mut out, pending.take(), id);
                pending = Some((fate.0, fate.1, t.text.to_owned()));
            }
        }
    }
    flush_run(&mut out, pending, id);
    out
}

/// Appends the gathered words of one fate to `runs`.
fn flush_run(
    runs: &mut Vec<Run>,
    gathered: Option<(Op, Option<AmendmentIx>, String)>,
    id: &dyn Fn(AmendmentIx) -> String,
) {
    if let Some((op, by, words)) = gathered {
        push_run(runs, Run::new(op, words, by.map(id).into_iter().collect()));
    }
}

/// Where live bytes came from: a range of the base text, or an amendment.
enum Origin {
    Base(Range<usize>),
    Inserted(AmendmentIx),
}

/// Where each live byte of an attributed text came from.
struct Provenance {
    /// Live ranges with their origin.
    live: Vec<(Range<usize>, Origin)>,
    /// Base ranges deleted, with the amendment that deleted them.
    deleted: Vec<(Range<usize>, AmendmentIx)>,
}

impl Provenance {
    fn of(text: &AttributedText) -> Self {
        let (mut live_pos, mut base_pos) = (0, 0);
        let mut live = Vec::new();
        let mut deleted = Vec::new();
        for t in text.tokens() {
            let len = t.text.len();
            match (t.inserted_by, t.deleted_by) {
                (None, None) => {
                    live.push((
                        live_pos..live_pos + len,
                        Origin::Base(base_pos..base_pos + len),
                    ));
                    live_pos += len;
                    base_pos += len;
                }
                (Some(i), None) => {
                    live.push((live_pos..live_pos + len, Origin::Inserted(i)));
                    live_pos += len;
                }
                (None, Some(d)) => {
                    deleted.push((base_pos..base_pos + len, d));
                    base_pos += len;
                }
                (Some(_), Some(_)) => {}
            }
        }
        Provenance { live, deleted }
    }

    /// The pieces of the live bytes `range` that an amendment of
    /// `proposal` wrote, each with that amendment's id.
    fn written(
        &self,
        range: &Range<usize>,
        proposal: &Proposal,
    ) -> Vec<(Range<usize>, Vec<String>)> {
        self.live
            .iter()
            .filter(|(live, _)| overlaps(live, range))
            .filter_map(|(live, origin)| match origin {
                Origin::Inserted(ix) => Some((live.clone(), vec![amendment_id(proposal, *ix)])),
                Origin::Base(_) => None,
            })
            .collect()
    }

    /// The pieces of the base bytes `range` that an amendment of `proposal`
    /// deleted, each with that amendment's id.
    fn struck(
        &self,
        range: &Range<usize>,
        proposal: &Proposal,
    ) -> Vec<(Range<usize>, Vec<String>)> {
        self.deleted
            .iter()
            .filter(|(gone, _)| overlaps(gone, range))
            .map(|(gone, ix)| (gone.clone(), vec![amendment_id(proposal, *ix)]))
            .collect()
    }

    /// The amendments behind the live bytes `r` as seen from `other`: words
    /// this draft inserted, or base words the other draft deleted.
    fn explain(
        &self,
        r: &Range<usize>,
        other: &Provenance,
    ) -> (Vec<AmendmentIx>, Vec<AmendmentIx>) {
        let mut mine = Vec::new();
        let mut theirs = Vec::new();
        for (live, origin) in &self.live {
            if !overlaps(live, r) {
                continue;
            }
            match origin {
                Origin::Inserted(i) => mine.push(*i),
                Origin::Base(base) => theirs.extend(
                    other
                        .deleted
                        .iter()
                        .filter(|(d, _)| overlaps(d, base))
                        .map(|(_, by)| *by),
                ),
            }
        }
        mine.sort_unstable();
        mine.dedup();
        theirs.sort_unstable();
        theirs.dedup();
        (mine, theirs)
    }
}

/// One draft for [`between_applied`]: the engine's result, the proposal, and
/// its amendments' places in the act.
pub type Draft<'a> = (&'a Applied, &'a Proposal, &'a [String]);

/// The redline between the law as two drafts of a proposal would make it.
/// Each change is linked to the amendment (of either draft) behind it.
pub fn between_applied(
    (old, old_p, old_refs): Draft<'_>,
    (new, new_p, new_refs): Draft<'_>,
    law: &str,
) -> Redline {
    let mut numbers: Vec<&str> = old
        .sections
        .iter()
        .chain(&new.sections)
        .map(|s| s.number.as_str())
        .collect();
    numbers.sort_by(|a, b| crate::model::numbering::compare(a, b));
    numbers.dedup();
    let old_id = |i: AmendmentIx| amendment_id(old_p, i);
    let new_id = |i: AmendmentIx| amendment_id(new_p, i);
    let mut sections = Vec::new();
    for number in numbers {
        let a = old.sections.iter().find(|s| s.number == number);
        let b = new.sections.iter().find(|s| s.number == number);
        // A section only one draft touches reads as in the base law in the other.
        let base = |s: &SectionResult| s.before.clone().unwrap_or(Content::Repealed);
        let (old_c, new_c) = match (a, b) {
            (Some(a), Some(b)) => (a.after.clone(), b.after.clone()),
            (Some(a), None) => (a.after.clone(), base(a)),
            (None, Some(b)) => (base(b), b.after.clone()),
            (None, None) => continue,
        };
        if old_c == new_c {
            continue;
        }
        let empty = AttributedText::default();
        let pa = Provenance::of(a.map_or(&empty, |s| &s.text));
        let pb = Provenance::of(b.map_or(&empty, |s| &s.text));
        let attribute = |op: Op, range: &Range<usize>| -> Vec<(Range<usize>, Vec<String>)> {
            let (own, other) = match op {
                Op::Delete => pa.explain(range, &pb),
                _ => pb.explain(range, &pa),
            };
            let (own_id, other_id): (&dyn Fn(usize) -> String, &dyn Fn(usize) -> String) =
                if op == Op::Delete {
                    (&old_id, &new_id)
                } else {
                    (&new_id, &old_id)
                };
            let mut ids: Vec<String> = own
                .into_iter()
                .map(own_id)
                .chain(other.into_iter().map(other_id))
                .collect();
            ids.sort();
            ids.dedup();
            vec![(range.clone(), ids)]
        };
        sections.push(compare::section_with(number, &old_c, &new_c, &attribute));
    }
    // Notes for the amendments behind the changes: the new draft's, then
    // those only the old draft had; numbered in that order.
    let notes = referenced_notes(
        &sections,
        self::notes(new_p, new_refs)
            .into_iter()
            .chain(self::notes(old_p, old_refs)),
    );
    Redline {
        law: law.to_owned(),
        from: Side::Proposal {
            id: old_p.id.clone(),
            base: old.base,
            rev: None,
        },
        to: Side::Proposal {
            id: new_p.id.clone(),
            base: new.base,
            rev: None,
        },
        sections,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runs as pushed one token at a time, the plain way.
    fn runs_token_by_token(text: &AttributedText) -> Vec<Run> {
        let mut out = Vec::new();
        for t in text.tokens() {
            let run = match (t.inserted_by, t.deleted_by) {
                (None, None) => Run::new(Op::Equal, t.text, Vec::new()),
                (Some(i), None) => Run::new(Op::Insert, t.text, vec![format!("a{i}")]),
                (None, Some(d)) => Run::new(Op::Delete, t.text, vec![format!("a{d}")]),
                (Some(_), Some(_)) => continue,
            };
            push_run(&mut out, run);
        }
        out
    }

    #[test]
    fn gathered_runs_are_the_runs_token_by_token() {
        let mut text = AttributedText::new(
            "(1) Wer eine sexuelle Handlung an einem Kind vornimmt, wird bestraft.",
        );
        text.delete(4..7, 0);
        text.insert(4, "Derjenige, der", 0);
        // Words of amendment 0 deleted again by 1: a tombstone between runs.
        text.delete(13..15, 1);
        text.insert(40, " oder vornehmen lässt", 2);
        text.delete(text.new_len() - 9..text.new_len() - 1, 3);
        let id = |i: AmendmentIx| format!("a{i}");
        let gathered = runs(&text, &id);
        assert_eq!(gathered, runs_token_by_token(&text));
        assert!(gathered.len() > 4, "{gathered:?}");
    }
}
