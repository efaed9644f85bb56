//! The law as it stands before one instruction of the act: the state whose
//! numbering the instruction cites. It tells which units the earlier
//! instructions renumbered or inserted ("der neue Absatz 6") and which
//! units a renumbering moves.

use jiff::civil::Date;

use crate::apply::{Applied, ApplyError, SectionResult, apply};
use crate::model::citation::Sections;
use crate::model::numbering;
use crate::model::outline::{Outline, Step, Unit};
use crate::model::proposal::{Action, Amendment, Proposal};
use crate::model::statute::{Content, Law};
use crate::model::text::{Body, UnitKind};
use crate::resolve;

/// The law after the amendments before one instruction.
pub struct Before<'a> {
    law: &'a Law,
    day: Date,
    applied: Applied,
}

impl<'a> Before<'a> {
    /// The state before amendment `ix` of `proposal`: the amendments before
    /// it applied to the law of the proposal's base day.
    pub fn at(law: &'a Law, proposal: &Proposal, ix: usize) -> Result<Before<'a>, ApplyError> {
        // Only the earlier amendments that can change what this one sees:
        // those on its sections, and those that add, replace or repeal whole
        // sections (they move its neighbours). Re-applying all of them for
        // every instruction made the act quadratic in the proposal's size.
        let this = proposal.amendments.get(ix);
        let amendments = proposal.amendments[..ix.min(proposal.amendments.len())]
            .iter()
            .filter(|a| this.is_none_or(|this| bears_on(a, this)))
            .cloned()
            .collect();
        let earlier = Proposal {
            amendments,
            ..proposal.clone()
        };
        let applied = apply(law, &earlier, None)?;
        Ok(Before {
            law,
            day: applied.base,
            applied,
        })
    }

    fn touched(&self, number: &str) -> Option<&SectionResult> {
        self.applied.sections.iter().find(|s| s.number == number)
    }

    /// Section `number` at this point; `None` if it does not exist yet.
    pub fn content(&self, number: &str) -> Option<Content> {
        match self.touched(number) {
            Some(s) => Some(s.after.clone()),
            None => self
                .law
                .section(number)?
                .at(self.day)
                .map(|v| v.content.clone()),
        }
    }

    /// The section's heading at this point.
    pub fn title(&self, number: &str) -> Option<String> {
        self.content(number).map(|c| c.title().to_owned())
    }

    /// The sections before and after `number` at this point (repealed ones
    /// keep their place), for "Nach § 176e" / "Vor § 176".
    pub fn neighbours(&self, number: &str) -> (Option<String>, Option<String>) {
        use std::cmp::Ordering::{Greater, Less};
        let mut numbers: Vec<&str> = self
            .law
            .sections
            .iter()
            .filter(|s| s.at(self.day).is_some())
            .map(|s| s.number.as_str())
            .chain(self.applied.sections.iter().map(|s| s.number.as_str()))
            .filter(|n| *n != number)
            .collect();
        numbers.sort_by(|a, b| crate::model::numbering::compare(a, b));
        numbers.dedup();
        let cmp = |n: &&str| crate::model::numbering::compare(n, number);
        let before = numbers
            .iter()
            .rev()
            .find(|n| cmp(n) == Less)
            .map(|n| n.to_string());
        let after = numbers
            .iter()
            .find(|n| cmp(n) == Greater)
            .map(|n| n.to_string());
        (before, after)
    }

    fn outline(&self, number: &str) -> Option<Outline> {
        let content = self.content(number)?;
        Body::parse(content.text()).ok().map(|b| Outline::of(&b))
    }

    /// The numbers of the units of the same kind after the unit `cited`
    /// names: those an insertion after it or its repeal renumbers.
    pub fn following(&self, number: &str, cited: &[Step]) -> Vec<String> {
        let Some(outline) = self.outline(number) else {
            return Vec::new();
        };
        let Some(u) = resolve::find(&outline, cited)
            .ok()
            .and_then(|p| outline.find(&p).cloned())
        else {
            return Vec::new();
        };
        numbers(
            outline
                .siblings(&u)
                .into_iter()
                .filter(|s| s.range.start > u.range.start),
        )
    }

    /// The numbers of the units of `kind` in the unit `cited` names (the
    /// section for `[]`): those a unit put in front of them renumbers.
    pub fn members(&self, number: &str, cited: &[Step], kind: UnitKind) -> Vec<String> {
        let Some(outline) = self.outline(number) else {
            return Vec::new();
        };
        let Ok(parent) = resolve::find(&outline, cited) else {
            return Vec::new();
        };
        numbers(outline.members(&parent, kind).into_iter())
    }

    /// Index of the first step of `cited` that names a unit an earlier
    /// amendment inserted or renumbered: its number is not the one in force.
    pub fn first_new(&self, number: &str, cited: &[Step]) -> Option<usize> {
        let st = self.touched(number)?;
        // A section the act creates is new as a whole; its units are not "neu".
        st.before.as_ref()?;
        let now = Outline::of(&Body::parse(&st.text.new_text()).ok()?);
        let then = Outline::of(&Body::parse(&st.text.old_text()).ok()?);
        let path = resolve::find(&now, cited).ok()?;
        let mut ci = 0;
        for end in 1..=path.len() {
            if cited.get(ci) != path.get(end - 1) {
                continue; // a Satz the citation leaves out
            }
            let unit = now.find(&path[..end])?;
            if is_new(st, unit, &then) {
                return Some(ci);
            }
            ci += 1;
        }
        None
    }
}

/// Whether the earlier amendment `a` can change the state `this` applies to.
fn bears_on(a: &Amendment, this: &Amendment) -> bool {
    use std::cmp::Ordering::Greater;
    let whole_sections = matches!(
        a.action,
        Action::InsertSection(_) | Action::ReplaceSections { .. } | Action::RepealSection
    );
    let span = |c: &Sections| match c {
        Sections::One(n) => (n.clone(), n.clone()),
        Sections::Range(from, to) => (from.clone(), to.clone()),
    };
    let ((a0, a1), (b0, b1)) = (span(&a.target.sections), span(&this.target.sections));
    let overlap =
        numbering::compare(&a0, &b1) != Greater && numbering::compare(&b0, &a1) != Greater;
    whole_sections || overlap
}

fn numbers<'u>(units: impl Iterator<Item = &'u Unit>) -> Vec<String> {
    units.map(|u| u.number().to_owned()).collect()
}

/// Whether `unit` (of the current text) was inserted or renumbered: its
/// first word that was already in the law in force lay in a unit of
/// another number, or it has no such word.
fn is_new(st: &SectionResult, unit: &Unit, then: &Outline) -> bool {
    let (mut now_pos, mut then_pos) = (0, 0);
    for t in st.text.tokens() {
        let live = t.deleted_by.is_none();
        let old = t.inserted_by.is_none();
        let len = t.text.len();
        let overlaps = now_pos + len > unit.range.start && now_pos < unit.range.end;
        if live && old && overlaps && !t.text.trim().is_empty() {
            let at = then_pos + unit.range.start.saturating_sub(now_pos);
            let was = then.units.iter().rev().find(|u| {
                u.path.len() == unit.path.len() && u.kind() == unit.kind() && u.range.contains(&at)
            });
            return was.is_none_or(|w| w.number() != unit.number());
        }
        if live {
            now_pos += len;
        }
        if old {
            then_pos += len;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{DirSource, Store, load};
    use crate::model::citation::parse;

    fn store() -> Store {
        load(&DirSource::new(env!("CARGO_MANIFEST_DIR")))
    }

    fn path(c: &str) -> Vec<Step> {
        parse(c).unwrap().path
    }

    /// Leaving out the earlier amendments on other sections changes nothing
    /// the instruction sees: its sections and their neighbours.
    #[test]
    fn only_amendments_that_bear_on_an_instruction_are_applied() {
        let store = store();
        let law = store.law(Some("StGB")).unwrap();
        for p in &store.proposals {
            for (ix, a) in p.amendments.iter().enumerate() {
                let fast = Before::at(law, p, ix).unwrap();
                let mut prefix = p.clone();
                prefix.amendments.truncate(ix);
                let full = Before {
                    law,
                    day: p.base,
                    applied: apply(law, &prefix, None).unwrap(),
                };
                let numbers: Vec<String> = match &a.target.sections {
                    Sections::One(n) => vec![n.clone()],
                    Sections::Range(from, to) => {
                        law.range(from, to).map(|s| s.number.clone()).collect()
                    }
                };
                for n in &numbers {
                    assert_eq!(fast.content(n), full.content(n), "{} {}: § {n}", p.id, a.id);
                    assert_eq!(
                        fast.neighbours(n),
                        full.neighbours(n),
                        "{} {}: § {n}",
                        p.id,
                        a.id
                    );
                }
            }
        }
    }

    #[test]
    fn renumbered_and_inserted_units_are_new() {
        let store = store();
        let p = store.proposal("ijm-osec").unwrap();
        let law = store.law(Some("StGB")).unwrap();
        // Before "182-abs6": a new Absatz 3 was inserted, the old 3 to 6 became 4 to 7.
        let ix = p
            .amendments
            .iter()
            .position(|a| a.id == "182-abs6")
            .unwrap();
        let before = Before::at(law, p, ix).unwrap();
        assert_eq!(before.first_new("182", &path("§ 182 Abs. 6")), Some(0));
        assert_eq!(
            before.first_new("182", &path("§ 182 Abs. 3")),
            Some(0),
            "inserted"
        );
        assert_eq!(before.first_new("182", &path("§ 182 Abs. 2")), None);
        assert_eq!(before.first_new("176a", &path("§ 176a Abs. 1 Nr. 1")), None);
        // Before "176-nr4": Nummer 3 was inserted, the old Nummer 3 is Nummer 4.
        let ix = p.amendments.iter().position(|a| a.id == "176-nr4").unwrap();
        let before = Before::at(law, p, ix).unwrap();
        assert_eq!(
            before.first_new("176", &path("§ 176 Abs. 1 Nr. 4")),
            Some(1)
        );
        assert_eq!(before.first_new("176", &path("§ 176 Abs. 1 Nr. 2")), None);
    }

    #[test]
    fn a_satz_moved_by_an_inserted_satz_is_new() {
        let store = store();
        let p = store.proposal("leichtfertigkeit-232a-2021").unwrap();
        let law = store.law(Some("StGB")).unwrap();
        let before = Before::at(law, p, 1).unwrap();
        assert_eq!(
            before.first_new("232a", &path("§ 232a Abs. 6 Satz 3")),
            Some(1)
        );
        assert_eq!(
            before.first_new("232a", &path("§ 232a Abs. 6 Satz 2")),
            Some(1)
        );
        assert_eq!(
            before.first_new("232a", &path("§ 232a Abs. 6 Satz 1")),
            None
        );
        assert_eq!(
            Before::at(law, p, 0)
                .unwrap()
                .first_new("232a", &path("§ 232a Abs. 6 Satz 2")),
            None
        );
    }

    #[test]
    fn following_members_and_neighbours() {
        let store = store();
        let p = store.proposal("ijm-osec").unwrap();
        let law = store.law(Some("StGB")).unwrap();
        let before = Before::at(law, p, 0).unwrap();
        assert_eq!(
            before.following("182", &path("§ 182 Abs. 2")),
            ["3", "4", "5", "6"]
        );
        assert_eq!(before.following("176", &path("§ 176 Abs. 1 Nr. 2")), ["3"]);
        assert_eq!(
            before.members("176", &path("§ 176 Abs. 1"), UnitKind::Nummer),
            ["1", "2", "3"]
        );
        assert_eq!(
            before.members("232a", &path("§ 232a Abs. 6"), UnitKind::Satz),
            ["1", "2"]
        );
        // ijm-osec amends the law of 2021-07-01; § 176e is in force from 2021-09-22.
        assert_eq!(
            before.neighbours("176f"),
            (Some("176d".into()), Some("182".into()))
        );
        assert_eq!(before.neighbours("1"), (None, Some("176".into())));
        assert_eq!(before.title("232a").as_deref(), Some("Zwangsprostitution"));
        assert!(before.content("999").is_none());
    }
}
