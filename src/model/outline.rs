//! Where each unit of a [`Body`] lies in its rendered text.
//!
//! Later stages address units by path ("Absatz 6, Satz 1, Nummer 2") and need
//! their byte ranges: the resolver to show them, the engine to change them,
//! the redline to group changes by unit.

use std::ops::Range;

use super::text::{Body, Item, Part, Satz, UnitKind};

/// One step of a unit's address: its kind and number ("Satz", "2").
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Step {
    /// The kind of unit.
    pub kind: UnitKind,
    /// Its number as written in the label, or the count for Sätze.
    pub number: String,
}

/// A unit of the text with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The unit's address from the top of the section.
    pub path: Vec<Step>,
    /// The unit's bytes, label included, lead excluded.
    pub range: Range<usize>,
    /// The white space before the unit.
    pub lead: Range<usize>,
    /// The label's bytes, for units that have one.
    pub label: Option<Range<usize>>,
}

impl Unit {
    /// The kind of the unit (the last step).
    pub fn kind(&self) -> UnitKind {
        self.path.last().map_or(UnitKind::Absatz, |s| s.kind)
    }

    /// The unit's number (the last step).
    pub fn number(&self) -> &str {
        self.path.last().map_or("", |s| s.number.as_str())
    }

    /// Whether `other` lies inside this unit (or is this unit).
    pub fn contains(&self, other: &Unit) -> bool {
        other.path.len() >= self.path.len() && other.path[..self.path.len()] == self.path[..]
    }
}

/// Every unit of a body in document order (parents before children).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// The units.
    pub units: Vec<Unit>,
    /// Length of the whole rendered text.
    pub len: usize,
}

impl Outline {
    /// Lays out `body`.
    pub fn of(body: &Body) -> Outline {
        let mut b = Builder::default();
        for absatz in &body.absaetze {
            let lead_start = b.pos;
            b.pos += absatz.lead.len();
            let start = b.pos;
            let Some(label) = &absatz.label else {
                // An unnumbered section is one Absatz; its Sätze are cited directly.
                b.saetze(&absatz.saetze);
                continue;
            };
            b.pos += label.raw.len();
            b.path.push(Step {
                kind: UnitKind::Absatz,
                number: label.number().to_owned(),
            });
            let idx = b.open(lead_start..start, Some(start..b.pos));
            b.saetze(&absatz.saetze);
            b.close(idx);
        }
        b.pos += body.tail.len();
        Outline {
            units: b.units,
            len: b.pos,
        }
    }

    /// The unit at exactly `path`.
    pub fn find(&self, path: &[Step]) -> Option<&Unit> {
        self.units.iter().find(|u| u.path == path)
    }

    /// The path as a citation writes it: a Satz is left out where its unit
    /// has only that one ("Abs. 1 Nr. 2" rather than "Abs. 1 S. 1 Nr. 2").
    pub fn short_path(&self, path: &[Step]) -> Vec<Step> {
        path.iter()
            .enumerate()
            .filter(|(i, step)| {
                step.kind != UnitKind::Satz
                    || self
                        .children(&path[..*i])
                        .filter(|u| u.kind() == UnitKind::Satz)
                        .count()
                        > 1
            })
            .map(|(_, step)| step.clone())
            .collect()
    }

    /// The units directly inside the unit at `parent` (the top level for `[]`).
    pub fn children<'a>(&'a self, parent: &'a [Step]) -> impl Iterator<Item = &'a Unit> + 'a {
        self.units
            .iter()
            .filter(move |u| u.path.len() == parent.len() + 1 && u.path[..parent.len()] == *parent)
    }

    /// The units of `kind` directly in the unit at `parent` (the section
    /// for `[]`), allowing the Satz a citation leaves out between an
    /// Absatz and its Nummern: the units that anfügen and voranstellen
    /// add to.
    pub fn members(&self, parent: &[Step], kind: UnitKind) -> Vec<&Unit> {
        self.units
            .iter()
            .filter(|c| {
                c.kind() == kind && c.path.len() > parent.len() && c.path.starts_with(parent) && {
                    let extra = c.path.len() - parent.len();
                    match kind {
                        UnitKind::Satz | UnitKind::Absatz => extra == 1,
                        _ => {
                            extra == 1
                                || (extra == 2 && c.path[parent.len()].kind == UnitKind::Satz)
                        }
                    }
                }
            })
            .collect()
    }

    /// The units of the same kind in the same list or unit as `u`, `u`
    /// included, in order.
    pub fn siblings<'a>(&'a self, u: &Unit) -> Vec<&'a Unit> {
        let parent = &u.path[..u.path.len().saturating_sub(1)];
        let kind = u.kind();
        self.units
            .iter()
            .filter(|s| {
                s.kind() == kind && s.path.len() == parent.len() + 1 && s.path.starts_with(parent)
            })
            .collect()
    }
}

#[derive(Default)]
struct Builder {
    pos: usize,
    units: Vec<Unit>,
    /// The path of the unit being laid out: each unit copies it once.
    path: Vec<Step>,
}

impl Builder {
    /// Adds the unit at `self.path`, starting here; its end is set by
    /// [`Builder::close`]. Returns its index.
    fn open(&mut self, lead: Range<usize>, label: Option<Range<usize>>) -> usize {
        let start = lead.end;
        self.units.push(Unit {
            path: self.path.clone(),
            range: start..start,
            lead,
            label,
        });
        self.units.len() - 1
    }

    /// Ends the unit at `idx` here and leaves it.
    fn close(&mut self, idx: usize) {
        if let Some(unit) = self.units.get_mut(idx) {
            unit.range.end = self.pos;
        }
        self.path.pop();
    }

    fn saetze(&mut self, saetze: &[Satz]) {
        for (i, satz) in saetze.iter().enumerate() {
            let lead_start = self.pos;
            self.pos += satz.lead.len();
            self.path.push(Step {
                kind: UnitKind::Satz,
                number: (i + 1).to_string(),
            });
            let idx = self.open(lead_start..self.pos, None);
            for part in &satz.parts {
                match part {
                    Part::Text { lead, text } => self.pos += lead.len() + text.len(),
                    Part::Item(item) => self.item(item),
                }
            }
            self.close(idx);
        }
    }

    fn item(&mut self, item: &Item) {
        let lead_start = self.pos;
        self.pos += item.lead.len();
        let start = self.pos;
        self.pos += item.label.raw.len();
        self.path.push(Step {
            kind: item.label.kind,
            number: item.label.number().to_owned(),
        });
        let idx = self.open(lead_start..start, Some(start..self.pos));
        self.saetze(&item.saetze);
        self.close(idx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_units() {
        let text = "(1) Wer\n\n1. x,\n\n2. y\n\nwird bestraft. Satz zwei.\n\n(2) Ende.\n";
        let body = Body::parse(text).unwrap();
        let o = Outline::of(&body);
        let show = |path: &[(UnitKind, &str)]| {
            let p: Vec<Step> = path
                .iter()
                .map(|(k, n)| Step {
                    kind: *k,
                    number: n.to_string(),
                })
                .collect();
            let u = o.find(&p).unwrap_or_else(|| panic!("{path:?}"));
            &text[u.range.clone()]
        };
        use UnitKind::*;
        assert_eq!(show(&[(Absatz, "2")]), "(2) Ende.");
        assert_eq!(show(&[(Absatz, "1"), (Satz, "2")]), "Satz zwei.");
        assert_eq!(show(&[(Absatz, "1"), (Satz, "1"), (Nummer, "2")]), "2. y");
        assert_eq!(
            show(&[(Absatz, "1"), (Satz, "1")]),
            "Wer\n\n1. x,\n\n2. y\n\nwird bestraft."
        );
        assert_eq!(o.len, text.len());
        let nr2 = [(Absatz, "1"), (Satz, "1"), (Nummer, "2")]
            .iter()
            .map(|(k, n)| Step {
                kind: *k,
                number: n.to_string(),
            })
            .collect::<Vec<_>>();
        let short: Vec<_> = o.short_path(&nr2).into_iter().map(|s| s.kind).collect();
        assert_eq!(short, [Absatz, Satz, Nummer], "Abs. 1 has two Sätze");
        let abs2 = [
            Step {
                kind: Absatz,
                number: "2".into(),
            },
            Step {
                kind: Satz,
                number: "1".into(),
            },
        ];
        assert_eq!(o.short_path(&abs2).len(), 1, "Abs. 2 has one Satz");
        assert_eq!(o.children(&[]).count(), 2);
    }
}
