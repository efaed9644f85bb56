//! Every word the renderers add around the statute text, in German and
//! English, in one place (templates take them from here, not from literals).

use jiff::civil::Date;

use crate::model::proposal::Status;
use crate::redline::SectionStatus;

/// The language of the labels around the statute text (the text itself is
/// never translated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// German, the default for German law.
    #[default]
    De,
    /// English.
    En,
}

/// The fixed labels of one language.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    /// The language, for `<html lang>`.
    pub lang: &'static str,
    /// Column head: the law in force.
    pub current: &'static str,
    /// Column head: the law as the proposal would make it.
    pub proposed: &'static str,
    /// An unchanged paragraph.
    pub unchanged: &'static str,
    /// A paragraph that goes.
    pub deleted: &'static str,
    /// A section that is new.
    pub new_section: &'static str,
    /// A section that is repealed.
    pub repealed: &'static str,
    /// A section whose heading alone changes.
    pub wording_unchanged: &'static str,
    /// "bis" between the first and last unit of an elided run.
    pub to: &'static str,
    /// Heading of the list of amendments' reasons.
    pub notes: &'static str,
    /// A notice about a proposal.
    pub note: &'static str,
    /// Proposal fields.
    pub author: &'static str,
    /// The date of the draft.
    pub date: &'static str,
    /// Where the proposal stands.
    pub status: &'static str,
    /// The hearing the report is for.
    pub hearing: &'static str,
    /// The day whose law the proposal amends.
    pub base: &'static str,
    /// The day the proposal would enter into force.
    pub entry_into_force: &'static str,
    /// The proposal's id.
    pub id: &'static str,
    /// The law amended.
    pub law: &'static str,
    /// Heading of the general rationale.
    pub general_rationale: &'static str,
    /// Heading of the two-column comparison.
    pub synopsis: &'static str,
    /// Heading of the amendments' index.
    pub index: &'static str,
    /// Index column: number.
    pub number: &'static str,
    /// Index column: place in the amending act.
    pub reference: &'static str,
    /// Index column: target unit.
    pub target: &'static str,
    /// Index column: the verb.
    pub action: &'static str,
    /// Label of a rationale.
    pub rationale: &'static str,
    /// Link text from a note back to its first change.
    pub back: &'static str,
    /// Heading for reasons of amendments that leave no visible change.
    pub other_notes: &'static str,
    /// Report heading.
    pub report: &'static str,
    /// Redline heading.
    pub redline: &'static str,
    /// Summary column: the section's heading.
    pub heading: &'static str,
    /// Summary column: how the section fares.
    pub change: &'static str,
    /// Summary heading.
    pub summary: &'static str,
    /// "Seite" in the page footer.
    pub page: &'static str,
    /// "von" in the page footer.
    pub of: &'static str,
    /// Shown when nothing differs.
    pub no_changes: &'static str,
    /// Side of a comparison: "old".
    pub from: &'static str,
    /// Side of a comparison: "new".
    pub into: &'static str,
    /// What struck words are called in the legend.
    pub struck: &'static str,
    /// What inserted words are called in the legend.
    pub inserted: &'static str,
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const DE: Labels = Labels {
    lang: "de",
    current: "Geltende Fassung",
    proposed: "Fassung nach dem Vorschlag",
    unchanged: "unverändert",
    deleted: "entfällt",
    new_section: "neu",
    repealed: "aufgehoben",
    wording_unchanged: "Wortlaut unverändert",
    to: "bis",
    notes: "Begründung der Änderungen",
    note: "Hinweis",
    author: "Urheber",
    date: "Stand",
    status: "Status",
    hearing: "Anhörung",
    base: "Rechtsstand",
    entry_into_force: "Inkrafttreten",
    id: "Kennung",
    law: "Gesetz",
    general_rationale: "Begründung – Allgemeiner Teil",
    synopsis: "Synopse",
    index: "Übersicht der Änderungen",
    number: "Nr.",
    reference: "Fundstelle",
    target: "Ziel",
    action: "Änderung",
    rationale: "Begründung",
    back: "zurück zur Änderung",
    other_notes: "Begründung weiterer Änderungen",
    report: "Synopse",
    redline: "Änderungen",
    heading: "Überschrift",
    change: "Änderung",
    summary: "Übersicht",
    page: "Seite",
    of: "von",
    no_changes: "Keine Unterschiede.",
    from: "Alt",
    into: "Neu",
    struck: "gestrichen",
    inserted: "eingefügt",
};

const EN: Labels = Labels {
    lang: "en",
    current: "Law in force",
    proposed: "As proposed",
    unchanged: "unchanged",
    deleted: "deleted",
    new_section: "new",
    repealed: "repealed",
    wording_unchanged: "wording unchanged",
    to: "to",
    notes: "Reasons for the amendments",
    note: "Note",
    author: "Author",
    date: "Date",
    status: "Status",
    hearing: "Hearing",
    base: "Law as in force on",
    entry_into_force: "Entry into force",
    id: "Id",
    law: "Law",
    general_rationale: "Explanatory memorandum – general part",
    synopsis: "Synopsis",
    index: "Index of amendments",
    number: "No.",
    reference: "Reference",
    target: "Target",
    action: "Action",
    rationale: "Rationale",
    back: "back to the change",
    other_notes: "Reasons for further amendments",
    report: "Synopsis",
    redline: "Changes",
    heading: "Heading",
    change: "Change",
    summary: "Summary",
    page: "Page",
    of: "of",
    no_changes: "No differences.",
    from: "Old",
    into: "New",
    struck: "struck",
    inserted: "inserted",
};

/// The steps of a unit, pairs of words: "Abs. 1 S. 1 Nr. 2" → "Abs. 1",
/// "S. 1", "Nr. 2".
fn steps(unit: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = Some(unit);
    while let Some(r) = rest {
        // A step ends at every second space.
        match r.match_indices(' ').nth(1) {
            Some((i, _)) => {
                out.push(&r[..i]);
                rest = Some(&r[i + 1..]);
            }
            None => {
                out.push(r);
                rest = None;
            }
        }
    }
    out
}

impl Labels {
    /// The labels of `lang`.
    pub fn of(lang: Lang) -> &'static Labels {
        match lang {
            Lang::De => &DE,
            Lang::En => &EN,
        }
    }

    /// A day as written in running text: "1. Juli 2021", "1 July 2021".
    pub fn day(&self, d: Date) -> String {
        if self.lang == "de" {
            return crate::model::date::german(d);
        }
        let month = MONTHS_EN
            .get(usize::try_from(d.month() - 1).unwrap_or(0))
            .copied()
            .unwrap_or("");
        format!("{} {month} {}", d.day(), d.year())
    }

    /// "Geltende Fassung am 1. Juli 2021".
    pub fn law_on(&self, d: Date) -> String {
        match self.lang {
            "de" => format!("Geltende Fassung am {}", self.day(d)),
            _ => format!("Law in force on {}", self.day(d)),
        }
    }

    /// "Vorschlag „ijm-osec“ (auf der Grundlage der Fassung am 1. Juli 2021)".
    pub fn proposal_side(&self, id: &str, base: Date, rev: Option<&str>) -> String {
        let id = match rev {
            Some(r) => format!("{id}@{r}"),
            None => id.to_owned(),
        };
        match self.lang {
            "de" => format!(
                "Fassung nach dem Vorschlag „{id}“ (auf der Grundlage der Fassung am {})",
                self.day(base)
            ),
            _ => format!(
                "As proposed by “{id}” (amending the law in force on {})",
                self.day(base)
            ),
        }
    }

    /// A run of unchanged units: "Abs. 2 bis Abs. 5 unverändert"; the
    /// steps both ends share are not repeated ("Abs. 1 Nr. 1 bis Nr. 2").
    pub fn elided(&self, first: &str, last: &str, count: usize) -> String {
        // The Satzteil after a list ends the unit that holds the list, so a
        // run from outside that unit, or from its start, to its Satzteil
        // covers the unit whole: "Abs. 1 bis Abs. 2", not "… Abs. 2
        // Satzteil nach Nr. 2". From inside it, the Satzteil is the end.
        let inside = |unit: &str| first.strip_prefix(unit).is_some_and(|r| r.starts_with(' '));
        let last = match last.split_once(" Satzteil nach ") {
            Some((unit, _)) if !inside(unit) => unit,
            _ => last,
        };
        if count <= 1 || first == last {
            return format!("{first} {}", self.unchanged);
        }
        let (a, b) = (steps(first), steps(last));
        let shared = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let last = if shared < b.len() && shared < a.len() {
            b[shared..].join(" ")
        } else {
            last.to_owned()
        };
        format!("{first} {} {last} {}", self.to, self.unchanged)
    }

    /// A renumbered paragraph: "bisher (3)".
    pub fn formerly(&self, label: &str) -> String {
        match self.lang {
            "de" => format!("bisher {label}"),
            _ => format!("formerly {label}"),
        }
    }

    /// The old place of a moved paragraph: "verschoben nach Abs. 5".
    pub fn moved_to(&self, unit: &str) -> String {
        match self.lang {
            "de" => format!("verschoben nach {unit}"),
            _ => format!("moved to {unit}"),
        }
    }

    /// The new place of a moved paragraph: "verschoben aus Abs. 2".
    pub fn moved_from(&self, unit: &str) -> String {
        match self.lang {
            "de" => format!("verschoben aus {unit}"),
            _ => format!("moved from {unit}"),
        }
    }

    /// How a section fares, in a word.
    pub fn section_status(&self, s: SectionStatus) -> &'static str {
        match (s, self.lang) {
            (SectionStatus::Changed, "de") => "geändert",
            (SectionStatus::Changed, _) => "changed",
            (SectionStatus::Added, _) => self.new_section,
            (SectionStatus::Repealed, _) => self.repealed,
            (SectionStatus::Unchanged, _) => self.unchanged,
        }
    }

    /// Where a proposal stands, in words.
    pub fn proposal_status(&self, s: Status) -> &'static str {
        match (s, self.lang) {
            (Status::Draft, "de") => "Entwurf",
            (Status::Submitted, "de") => "eingebracht",
            (Status::Adopted, "de") => "beschlossen",
            (Status::Rejected, "de") => "abgelehnt",
            (Status::Withdrawn, "de") => "zurückgezogen",
            (s, _) => s.name(),
        }
    }

    /// A Handbuch verb with a gloss in English; the German verb is the term of art.
    pub fn verb(&self, verb: &str) -> String {
        if self.lang == "de" {
            return verb.to_owned();
        }
        let gloss = match verb {
            "ersetzen" => "replace",
            "einfügen" => "insert",
            "anfügen" => "append",
            "voranstellen" => "prepend",
            "streichen" => "delete",
            "aufheben" => "repeal",
            "fassen" => "reword",
            _ => return verb.to_owned(),
        };
        format!("{verb} ({gloss})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn days_in_running_text() {
        assert_eq!(Labels::of(Lang::De).day(date(2021, 7, 1)), "1. Juli 2021");
        assert_eq!(Labels::of(Lang::En).day(date(2021, 3, 5)), "5 March 2021");
    }

    #[test]
    fn steps_are_pairs_of_words() {
        assert_eq!(steps("Abs. 1 S. 1 Nr. 2"), vec!["Abs. 1", "S. 1", "Nr. 2"]);
        assert_eq!(steps("Abs. 1 S."), vec!["Abs. 1", "S."]);
        assert_eq!(steps("§ 176"), vec!["§ 176"]);
    }

    #[test]
    fn elided_runs() {
        let de = Labels::of(Lang::De);
        for (first, last, count, expected) in [
            ("Abs. 2", "Abs. 2", 1, "Abs. 2 unverändert"),
            ("Abs. 2", "Abs. 5", 4, "Abs. 2 bis Abs. 5 unverändert"),
            (
                "Abs. 1 S. 1 Nr. 1",
                "Abs. 1 S. 1 Nr. 2",
                2,
                "Abs. 1 S. 1 Nr. 1 bis Nr. 2 unverändert",
            ),
            (
                "Abs. 4 S. 1 Nr. 1",
                "Abs. 4 S. 1",
                3,
                "Abs. 4 S. 1 Nr. 1 bis Abs. 4 S. 1 unverändert",
            ),
            // Runs that end in the Satzteil after a list: from inside the
            // unit that holds the list, from before it, from its start.
            (
                "Abs. 4 Nr. 1",
                "Abs. 4 Satzteil nach Nr. 2",
                3,
                "Abs. 4 Nr. 1 bis Satzteil nach Nr. 2 unverändert",
            ),
            (
                "Abs. 1",
                "Abs. 2 Satzteil nach Nr. 2",
                5,
                "Abs. 1 bis Abs. 2 unverändert",
            ),
            (
                "Abs. 1",
                "Abs. 1 Satzteil nach Nr. 4",
                6,
                "Abs. 1 unverändert",
            ),
            (
                "Abs. 10",
                "Abs. 1 Satzteil nach Nr. 4",
                2,
                "Abs. 10 bis Abs. 1 unverändert",
            ),
            (
                "Abs. 4 Satzteil nach Nr. 2",
                "Abs. 4 Satzteil nach Nr. 2",
                1,
                "Abs. 4 Satzteil nach Nr. 2 unverändert",
            ),
            (
                "Nr. 1",
                "Satzteil nach Nr. 2",
                3,
                "Nr. 1 bis Satzteil nach Nr. 2 unverändert",
            ),
        ] {
            assert_eq!(de.elided(first, last, count), expected, "{first} … {last}");
        }
    }
}
