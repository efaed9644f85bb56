//! Where each amendment stands in the amending act: Nummer, Buchstabe,
//! Doppelbuchstabe ("Art. 1 Nr. 2 Buchst. a Doppelbuchst. bb").
//!
//! The rules (Handbuch der Rechtsförmlichkeit, Teil D; Teil F shows the same
//! outline for Formulierungshilfen):
//!
//! - every changed section gets one Nummer, in the order of the law; an
//!   amendment replacing "§§ 176 bis 176b" is one Nummer ordered at § 176;
//! - a section changed by several amendments is divided into Buchstaben,
//!   in the order of the proposal (later amendments cite the numbering
//!   the earlier ones leave, so the order cannot change);
//! - if several of those amendments change the same Absatz and the section
//!   has Buchstaben for other changes as well, the Absatz gets one
//!   Buchstabe ("Absatz 1 wird wie folgt geändert:") divided into
//!   Doppelbuchstaben;
//! - if all of them change the same Absatz, the Nummer names that Absatz
//!   ("§ 176 Absatz 1 wird wie folgt geändert:") and the Buchstaben need
//!   no further grouping.
//!
//! [`plan`] is the only place these rules live: [`references`] and the act
//! builder both read its result.

use std::cmp::Ordering;

use crate::model::citation::Sections;
use crate::model::numbering;
use crate::model::proposal::{Action, Amendment, Proposal};
use crate::model::text::UnitKind;

/// The outline of Artikel 1: its Nummern in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The Nummern, numbered from 1.
    pub nummern: Vec<Nummer>,
}

/// One Nummer: the changes to one section (or one range of sections).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nummer {
    /// 1, 2, ...
    pub number: usize,
    /// The section or sections it changes.
    pub sections: Sections,
    /// The Absatz every amendment of the Nummer changes, when there are
    /// several amendments and they all change the same Absatz.
    pub absatz: Option<String>,
    /// What it holds.
    pub body: NummerBody,
}

/// The content of a Nummer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NummerBody {
    /// A single amendment: no Buchstaben.
    Single(usize),
    /// Several: Buchstaben a), b), ... in order.
    Letters(Vec<Buchstabe>),
}

/// One Buchstabe of a Nummer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Buchstabe {
    /// "a", "b", ...
    pub letter: String,
    /// What it holds.
    pub body: BuchstabeBody,
}

/// The content of a Buchstabe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuchstabeBody {
    /// One amendment.
    Single(usize),
    /// Several amendments of one Absatz: Doppelbuchstaben aa), bb), ...
    Absatz {
        /// The Absatz's number.
        absatz: String,
        /// The amendments with their Doppelbuchstaben, in proposal order.
        items: Vec<(String, usize)>,
    },
}

impl Plan {
    /// Every amendment's place as the labels of its levels:
    /// `(Nummer, Buchstabe, Doppelbuchstabe)`, indexed like the proposal's amendments.
    pub fn places(&self, count: usize) -> Vec<Place> {
        let mut out = vec![Place::default(); count];
        for n in &self.nummern {
            match &n.body {
                NummerBody::Single(ix) => set(
                    &mut out,
                    *ix,
                    Place {
                        nummer: n.number,
                        buchstabe: None,
                        doppelbuchstabe: None,
                    },
                ),
                NummerBody::Letters(letters) => {
                    for b in letters {
                        match &b.body {
                            BuchstabeBody::Single(ix) => set(
                                &mut out,
                                *ix,
                                Place {
                                    nummer: n.number,
                                    buchstabe: Some(b.letter.clone()),
                                    doppelbuchstabe: None,
                                },
                            ),
                            BuchstabeBody::Absatz { items, .. } => {
                                for (dl, ix) in items {
                                    set(
                                        &mut out,
                                        *ix,
                                        Place {
                                            nummer: n.number,
                                            buchstabe: Some(b.letter.clone()),
                                            doppelbuchstabe: Some(dl.clone()),
                                        },
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

fn set(out: &mut [Place], ix: usize, place: Place) {
    if let Some(slot) = out.get_mut(ix) {
        *slot = place;
    }
}

/// An amendment's place in Artikel 1.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// The Nummer (from 1; 0 only for an index the plan does not hold).
    pub nummer: usize,
    /// The Buchstabe, if the Nummer has Buchstaben.
    pub buchstabe: Option<String>,
    /// The Doppelbuchstabe, if the Buchstabe has Doppelbuchstaben.
    pub doppelbuchstabe: Option<String>,
}

impl Place {
    /// "Art. 1 Nr. 2 Buchst. a Doppelbuchst. bb", as citations of the act are written.
    pub fn reference(&self) -> String {
        let mut out = format!("Art. 1 {} {}", UnitKind::Nummer.abbreviation(), self.nummer);
        if let Some(b) = &self.buchstabe {
            out.push_str(&format!(" {} {b}", UnitKind::Buchstabe.abbreviation()));
        }
        if let Some(d) = &self.doppelbuchstabe {
            out.push_str(&format!(
                " {} {d}",
                UnitKind::Doppelbuchstabe.abbreviation()
            ));
        }
        out
    }
}

/// For each amendment of `proposal` (same index), its place in the act:
/// "Art. 1 Nr. 2 Buchst. a".
pub fn references(proposal: &Proposal) -> Vec<String> {
    plan(proposal)
        .places(proposal.amendments.len())
        .iter()
        .map(Place::reference)
        .collect()
}

/// Lays out Artikel 1 for `proposal`.
pub fn plan(proposal: &Proposal) -> Plan {
    // Group by the section(s) changed, in order of first appearance.
    let mut groups: Vec<(Sections, Vec<usize>)> = Vec::new();
    for (ix, a) in proposal.amendments.iter().enumerate() {
        match groups.iter_mut().find(|(s, _)| *s == a.target.sections) {
            Some((_, list)) => list.push(ix),
            None => groups.push((a.target.sections.clone(), vec![ix])),
        }
    }
    // The law's order; a stable sort keeps the proposal's order among equals.
    groups.sort_by(|(a, _), (b, _)| compare_sections(a, b));
    let nummern = groups
        .into_iter()
        .enumerate()
        .map(|(i, (sections, list))| nummer(i + 1, sections, &list, &proposal.amendments))
        .collect();
    Plan { nummern }
}

fn first_section(s: &Sections) -> &str {
    match s {
        Sections::One(n) | Sections::Range(n, _) => n,
    }
}

fn compare_sections(a: &Sections, b: &Sections) -> Ordering {
    numbering::compare(first_section(a), first_section(b))
}

fn nummer(number: usize, sections: Sections, list: &[usize], amendments: &[Amendment]) -> Nummer {
    let single = |body| Nummer {
        number,
        sections: sections.clone(),
        absatz: None,
        body,
    };
    let [only] = list else {
        let keys: Vec<Option<&str>> = list
            .iter()
            .map(|&ix| amendments.get(ix).and_then(absatz_key))
            .collect();
        if let Some(Some(first)) = keys.first()
            && keys.iter().all(|k| *k == Some(*first))
        {
            let letters = list
                .iter()
                .enumerate()
                .map(|(i, &ix)| Buchstabe {
                    letter: letter(i),
                    body: BuchstabeBody::Single(ix),
                })
                .collect();
            return Nummer {
                absatz: Some((*first).to_owned()),
                ..single(NummerBody::Letters(letters))
            };
        }
        return single(NummerBody::Letters(letters_by_absatz(list, &keys)));
    };
    single(NummerBody::Single(*only))
}

/// Buchstaben for a section's amendments, several amendments of one Absatz
/// sharing one Buchstabe. An amendment that changes the section's Absätze as
/// units (inserts, repeals, replaces one) closes the open groups: an Absatz
/// cited after it may be another one under the same number.
fn letters_by_absatz(list: &[usize], keys: &[Option<&str>]) -> Vec<Buchstabe> {
    // Each entry: the Absatz (if grouped) and its amendments.
    let mut entries: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    let mut open: Vec<(String, usize)> = Vec::new();
    for (&ix, key) in list.iter().zip(keys) {
        match key {
            Some(k) => match open.iter().find(|(a, _)| a == k) {
                Some(&(_, e)) => entries[e].1.push(ix),
                None => {
                    open.push(((*k).to_owned(), entries.len()));
                    entries.push((Some((*k).to_owned()), vec![ix]));
                }
            },
            None => {
                open.clear();
                entries.push((None, vec![ix]));
            }
        }
    }
    entries
        .into_iter()
        .enumerate()
        .map(|(i, (absatz, ixs))| {
            let body = match (absatz, ixs.as_slice()) {
                (Some(absatz), [_, _, ..]) => BuchstabeBody::Absatz {
                    absatz,
                    items: ixs
                        .iter()
                        .enumerate()
                        .map(|(j, &ix)| (double_letter(j), ix))
                        .collect(),
                },
                (_, ixs) => BuchstabeBody::Single(ixs.first().copied().unwrap_or_default()),
            };
            Buchstabe {
                letter: letter(i),
                body,
            }
        })
        .collect()
}

/// The Absatz whose text an amendment changes, if it changes text inside
/// one Absatz. Amendments that insert, repeal or replace an Absatz as a
/// whole change the section, not the Absatz, and have none.
pub fn absatz_key(a: &Amendment) -> Option<&str> {
    let first = a.target.path.first()?;
    if first.kind != UnitKind::Absatz || !matches!(a.target.sections, Sections::One(_)) {
        return None;
    }
    let inside = a.target.path.len() > 1
        || matches!(
            a.action,
            Action::ReplaceWords { .. }
                | Action::InsertWords { .. }
                | Action::DeleteWords { .. }
                | Action::AppendUnit { .. }
                | Action::PrependUnit { .. }
        );
    inside.then_some(first.number.as_str())
}

/// "a", "b", ... "z", "aa", "bb", ... as the law letters its units.
fn letter(i: usize) -> String {
    numbering::shift("a", i as i64).unwrap_or_else(|| "a".into())
}

/// "aa", "bb", ...
fn double_letter(i: usize) -> String {
    letter(i).repeat(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{DirSource, load};
    use crate::model::citation::parse;
    use crate::model::proposal::{Occurrence, Status};
    use jiff::civil::date;

    fn shipped(id: &str) -> Proposal {
        let store = load(&DirSource::new(env!("CARGO_MANIFEST_DIR")));
        store
            .proposal(id)
            .cloned()
            .unwrap_or_else(|| panic!("no proposal {id}"))
    }

    fn words(target: &str) -> Amendment {
        Amendment {
            id: target.into(),
            target: parse(target).unwrap(),
            action: Action::ReplaceWords {
                words: "x".into(),
                by: "y".into(),
                occurrence: Occurrence::Only,
            },
            rationale: String::new(),
        }
    }

    fn with(target: &str, action: Action) -> Amendment {
        Amendment {
            action,
            ..words(target)
        }
    }

    fn proposal(amendments: Vec<Amendment>) -> Proposal {
        Proposal {
            id: "t".into(),
            title: "Gesetz zur Prüfung".into(),
            author: "Test".into(),
            date: date(2021, 1, 1),
            status: Status::Draft,
            law: "StGB".into(),
            base: date(2021, 7, 1),
            entry_into_force: None,
            note: None,
            rationale: String::new(),
            amendments,
        }
    }

    #[test]
    fn ijm_osec() {
        // § 176 twice in Absatz 1; § 176a once; § 182 three times in three
        // places; § 232a twice in two Absätze.
        assert_eq!(
            references(&shipped("ijm-osec")),
            [
                "Art. 1 Nr. 1 Buchst. a",
                "Art. 1 Nr. 1 Buchst. b",
                "Art. 1 Nr. 2",
                "Art. 1 Nr. 3 Buchst. a",
                "Art. 1 Nr. 3 Buchst. b",
                "Art. 1 Nr. 3 Buchst. c",
                "Art. 1 Nr. 4 Buchst. a",
                "Art. 1 Nr. 4 Buchst. b",
            ]
        );
        let plan = plan(&shipped("ijm-osec"));
        assert_eq!(
            plan.nummern[0].absatz.as_deref(),
            Some("1"),
            "§ 176: both in Absatz 1"
        );
        assert_eq!(
            plan.nummern[2].absatz, None,
            "§ 182: Absätze 2 (as a unit), 6 and 7"
        );
    }

    #[test]
    fn leichtfertigkeit() {
        assert_eq!(
            references(&shipped("leichtfertigkeit-232a-2021")),
            ["Art. 1 Nr. 1 Buchst. a", "Art. 1 Nr. 1 Buchst. b"]
        );
        assert_eq!(
            plan(&shipped("leichtfertigkeit-232a-2021")).nummern[0]
                .absatz
                .as_deref(),
            Some("6")
        );
    }

    #[test]
    fn range_replacement_is_one_nummer() {
        let p = shipped("sexualisierte-gewalt-2021");
        assert_eq!(references(&p), ["Art. 1 Nr. 1"]);
        assert_eq!(
            plan(&p).nummern[0].sections,
            Sections::Range("176".into(), "176b".into())
        );
    }

    #[test]
    fn nummern_follow_the_law_not_the_proposal() {
        let p = proposal(vec![
            words("§ 232a Abs. 1"),
            words("§ 176a Abs. 1"),
            words("§ 182 Abs. 1"),
            words("§ 176 Abs. 2"),
        ]);
        assert_eq!(
            references(&p),
            [
                "Art. 1 Nr. 4",
                "Art. 1 Nr. 2",
                "Art. 1 Nr. 3",
                "Art. 1 Nr. 1"
            ]
        );
    }

    #[test]
    fn a_range_is_ordered_at_its_first_section_and_new_sections_in_law_order() {
        let new = |n: &str| {
            with(
                &format!("§ {n}"),
                Action::InsertSection(crate::model::proposal::NewSection {
                    number: n.into(),
                    title: "T".into(),
                    text: "Text.\n".into(),
                }),
            )
        };
        let range = with(
            "§§ 176 bis 176b",
            Action::ReplaceSections {
                sections: Vec::new(),
            },
        );
        let p = proposal(vec![
            words("§ 182 Abs. 1"),
            new("176f"),
            range,
            words("§ 174 Abs. 1"),
        ]);
        assert_eq!(
            references(&p),
            [
                "Art. 1 Nr. 4",
                "Art. 1 Nr. 3",
                "Art. 1 Nr. 2",
                "Art. 1 Nr. 1"
            ]
        );
    }

    #[test]
    fn doppelbuchstaben_group_one_absatz_among_several_buchstaben() {
        let title = with(
            "§ 176",
            Action::ReplaceTitle {
                title: "Neu".into(),
            },
        );
        let p = proposal(vec![
            words("§ 176 Abs. 1 Nr. 1"),
            words("§ 176 Abs. 2"),
            words("§ 176 Abs. 1 Nr. 2"),
            title,
            words("§ 182 Abs. 1"),
        ]);
        assert_eq!(
            references(&p),
            [
                "Art. 1 Nr. 1 Buchst. a Doppelbuchst. aa",
                "Art. 1 Nr. 1 Buchst. b",
                "Art. 1 Nr. 1 Buchst. a Doppelbuchst. bb",
                "Art. 1 Nr. 1 Buchst. c",
                "Art. 1 Nr. 2",
            ]
        );
        let plan = plan(&p);
        let NummerBody::Letters(letters) = &plan.nummern[0].body else {
            panic!("letters")
        };
        assert_eq!(
            letters[0].body,
            BuchstabeBody::Absatz {
                absatz: "1".into(),
                items: vec![("aa".into(), 0), ("bb".into(), 2)]
            }
        );
    }

    #[test]
    fn an_absatz_inserted_in_between_starts_a_new_group() {
        // After a new Absatz 2 is inserted with renumbering, "Absatz 3" may be
        // the old Absatz 2: the two changes of "Absatz 3" are not grouped.
        let insert = with(
            "§ 182 Abs. 1",
            Action::InsertUnit {
                text: "(2) Neu.".into(),
                renumber: true,
            },
        );
        let p = proposal(vec![words("§ 182 Abs. 3"), insert, words("§ 182 Abs. 3")]);
        assert_eq!(
            references(&p),
            [
                "Art. 1 Nr. 1 Buchst. a",
                "Art. 1 Nr. 1 Buchst. b",
                "Art. 1 Nr. 1 Buchst. c"
            ]
        );
    }

    #[test]
    fn a_whole_absatz_change_is_not_grouped_under_it() {
        let repeal = with("§ 182 Abs. 5", Action::RepealUnit { renumber: false });
        let p = proposal(vec![
            words("§ 182 Abs. 5 Satz 1"),
            repeal,
            words("§ 182 Abs. 2"),
        ]);
        assert_eq!(
            references(&p),
            [
                "Art. 1 Nr. 1 Buchst. a",
                "Art. 1 Nr. 1 Buchst. b",
                "Art. 1 Nr. 1 Buchst. c"
            ]
        );
        let append = with(
            "§ 232a Abs. 6",
            Action::AppendUnit {
                text: "Satz.".into(),
            },
        );
        assert_eq!(
            absatz_key(&append),
            Some("6"),
            "a Satz appended to Absatz 6 changes Absatz 6"
        );
    }

    #[test]
    fn letters_run_past_z() {
        assert_eq!(letter(0), "a");
        assert_eq!(letter(25), "z");
        assert_eq!(letter(26), "aa");
        assert_eq!(double_letter(1), "bb");
    }

    proptest::proptest! {
        /// Whatever the proposal: every amendment gets exactly one place,
        /// no two share one, Nummern follow the law, and Buchstaben appear
        /// exactly when a section has several amendments.
        #[test]
        fn every_amendment_has_one_place(
            targets in proptest::collection::vec((0usize..5, 0usize..4, 0usize..3, proptest::bool::ANY), 0..14)
        ) {
            const SECTIONS: [&str; 5] = ["182", "176", "232a", "176b", "176a"];
            let amendments: Vec<Amendment> = targets
                .iter()
                .map(|&(s, absatz, depth, whole)| {
                    let mut target = format!("§ {}", SECTIONS[s]);
                    if absatz > 0 {
                        target.push_str(&format!(" Abs. {absatz}"));
                        if depth > 0 {
                            target.push_str(&format!(" Nr. {depth}"));
                        }
                    }
                    if whole && absatz > 0 && depth == 0 {
                        with(&target, Action::RepealUnit { renumber: true })
                    } else {
                        words(&target)
                    }
                })
                .collect();
            let p = proposal(amendments);
            let refs = references(&p);
            proptest::prop_assert_eq!(refs.len(), p.amendments.len());
            let mut unique = refs.clone();
            unique.sort();
            unique.dedup();
            proptest::prop_assert_eq!(unique.len(), refs.len());
            let plan = plan(&p);
            for pair in plan.nummern.windows(2) {
                proptest::prop_assert!(compare_sections(&pair[0].sections, &pair[1].sections) == Ordering::Less);
            }
            for (i, n) in plan.nummern.iter().enumerate() {
                proptest::prop_assert_eq!(n.number, i + 1);
                let count = p.amendments.iter().filter(|a| a.target.sections == n.sections).count();
                proptest::prop_assert_eq!(matches!(n.body, NummerBody::Single(_)), count == 1);
            }
        }
    }

    #[test]
    fn empty_proposal_has_no_places() {
        assert!(references(&proposal(Vec::new())).is_empty());
    }
}
