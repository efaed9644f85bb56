//! The pieces Änderungsbefehle are made of: how changed text is named
//! ("das Wort", "die Wörter", "die Angabe"), ordinals, places in a section
//! ("dem neuen Absatz 6"), renumbering clauses and dates.
//!
//! Choices the Handbuch leaves open, and why:
//!
//! - A quoted string that contains a digit or "§" is an Angabe ("die Angabe
//!   „Absätze 1 bis 3“"): unit designations and citations are what such a
//!   change is about. Otherwise one word is "das Wort", several are "die
//!   Wörter"; a comma, full stop or semicolon on its own is named, not quoted
//!   ("das Komma").
//! - One of several occurrences is named with an ordinal, as the Bundesgesetzblatt
//!   names a repeated comma: "das zweite Wort „und“", "der zweiten Angabe
//!   „Satz 1“"; several words take "bei ihrem zweiten Vorkommen", since
//!   "die zweiten Wörter" would read as a second set of words.
//! - A unit renumbered or inserted by an earlier instruction of the same
//!   act is "der neue Absatz 6" / "in dem neuen Satz 3", so that the reader
//!   knows the number is not that of the law in force.

use crate::model::outline::Step;
use crate::model::text::UnitKind;

/// Text in German quotation marks: „text“.
pub fn quoted(s: &str) -> String {
    format!("„{s}“")
}

/// A grammatical case the instructions need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Subject, or object of "durch" (accusative, same form here).
    Nom,
    /// After "nach", "vor", "in", or as indirect object.
    Dat,
}

/// How a piece of quoted text is referred to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    /// One word: "das Wort „Kind“".
    Wort,
    /// Several words: "die Wörter „an sich“".
    Woerter,
    /// Numbers, unit designations, citations: "die Angabe „Absatz 3“".
    Angabe,
    /// A punctuation mark on its own, named without quotes.
    Sign(Sign),
}

/// Punctuation marks that instructions name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    /// ","
    Komma,
    /// "."
    Punkt,
    /// ";"
    Semikolon,
}

impl Sign {
    fn of(s: &str) -> Option<Sign> {
        match s {
            "," => Some(Sign::Komma),
            "." => Some(Sign::Punkt),
            ";" => Some(Sign::Semikolon),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Sign::Komma => "Komma",
            Sign::Punkt => "Punkt",
            Sign::Semikolon => "Semikolon",
        }
    }

    fn masculine(self) -> bool {
        self == Sign::Punkt
    }
}

impl Noun {
    /// How `s` is referred to.
    pub fn of(s: &str) -> Noun {
        if let Some(sign) = Sign::of(s) {
            return Noun::Sign(sign);
        }
        if s.chars().any(|c| c.is_ascii_digit() || c == '§') {
            return Noun::Angabe;
        }
        let tokens = crate::model::words::tokens(s);
        let one_word = tokens.len() == 1
            && crate::model::words::kind(tokens.first().copied().unwrap_or_default())
                == crate::model::words::TokenKind::Word;
        if one_word { Noun::Wort } else { Noun::Woerter }
    }

    /// Whether the verb is plural ("werden").
    pub fn plural(self) -> bool {
        self == Noun::Woerter
    }
}

/// "wird" or "werden".
pub fn verb(plural: bool) -> &'static str {
    if plural { "werden" } else { "wird" }
}

/// Existing text, with the definite article: "das Wort „X“", "dem
/// zweiten Wort „X“", "die Wörter „X“ bei ihrem zweiten Vorkommen".
/// `nth` names one of several occurrences.
pub fn existing(s: &str, case: Case, nth: Option<u32>) -> String {
    let noun = Noun::of(s);
    let ord = |ending: &str| nth.map_or(String::new(), |n| format!("{} ", ordinal(n, ending)));
    let adj = match case {
        Case::Nom => "e",
        Case::Dat => "en",
    };
    match noun {
        Noun::Wort => {
            let art = if case == Case::Nom { "das" } else { "dem" };
            format!("{art} {}Wort {}", ord(adj), quoted(s))
        }
        Noun::Angabe => {
            let art = if case == Case::Nom { "die" } else { "der" };
            format!("{art} {}Angabe {}", ord(adj), quoted(s))
        }
        Noun::Woerter => {
            let art = if case == Case::Nom {
                "die Wörter"
            } else {
                "den Wörtern"
            };
            match nth {
                Some(n) => format!(
                    "{art} {} bei ihrem {} Vorkommen",
                    quoted(s),
                    ordinal(n, "en")
                ),
                None => format!("{art} {}", quoted(s)),
            }
        }
        Noun::Sign(sign) => {
            let art = match (case, sign.masculine()) {
                (Case::Nom, true) => "der",
                (Case::Nom, false) => "das",
                (Case::Dat, _) => "dem",
            };
            format!("{art} {}{}", ord(adj), sign.name())
        }
    }
}

/// New text: "die Wörter „X“", "ein Komma", "ein Komma und die Wörter „X“"
/// (a leading comma is named, as the Handbuch names punctuation), and
/// whether the verb is plural.
pub fn new_text(s: &str) -> (String, bool) {
    if let Some(sign) = Sign::of(s) {
        return (format!("ein {}", sign.name()), false);
    }
    if let Some(rest) = s.strip_prefix(',') {
        let rest = rest.trim_start();
        if !rest.is_empty() {
            return (
                format!("ein Komma und {}", existing(rest, Case::Nom, None)),
                true,
            );
        }
    }
    (existing(s, Case::Nom, None), Noun::of(s).plural())
}

/// "zweit" + ending for 1 to 12, "13." beyond.
pub fn ordinal(n: u32, ending: &str) -> String {
    const STEMS: [&str; 12] = [
        "erst", "zweit", "dritt", "viert", "fünft", "sechst", "siebt", "acht", "neunt", "zehnt",
        "elft", "zwölft",
    ];
    match n.checked_sub(1).and_then(|i| STEMS.get(i as usize)) {
        Some(stem) => format!("{stem}{ending}"),
        None => format!("{n}."),
    }
}

/// The grammatical gender of a unit's name: only "Nummer" is feminine.
fn feminine(kind: UnitKind) -> bool {
    kind == UnitKind::Nummer
}

/// A unit or section named in an instruction: the section (when the
/// instruction names it), then units from the outside in, the first new
/// one (renumbered or inserted earlier in the act) marked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loc {
    /// "§ 176" or "§§ 176 bis 176b", when named.
    pub head: Option<String>,
    /// The units, outermost first.
    pub steps: Vec<Step>,
    /// Index into `steps` of the first new unit.
    pub new_at: Option<usize>,
}

impl Loc {
    /// Whether it names nothing (the enclosing instruction already did).
    pub fn is_empty(&self) -> bool {
        self.head.is_none() && self.steps.is_empty()
    }

    /// The first `n` steps (with the head).
    pub fn prefix(&self, n: usize) -> Loc {
        Loc {
            head: self.head.clone(),
            steps: self.steps.iter().take(n).cloned().collect(),
            new_at: self.new_at.filter(|&j| j < n),
        }
    }

    /// The steps from `n` on (without the head).
    pub fn suffix(&self, n: usize) -> Loc {
        Loc {
            head: None,
            steps: self.steps.iter().skip(n).cloned().collect(),
            new_at: self.new_at.and_then(|j| j.checked_sub(n)),
        }
    }

    /// Where to split so that the new unit comes first in the second part:
    /// `Some(j)` unless nothing is new or it already comes first.
    pub fn new_split(&self) -> Option<usize> {
        self.new_at.filter(|&j| j > 0 || self.head.is_some())
    }

    fn words(steps: &[Step]) -> String {
        steps
            .iter()
            .map(|s| format!("{} {}", s.kind.name(), s.number))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn plain(&self) -> String {
        let mut parts: Vec<String> = self.head.iter().cloned().collect();
        if !self.steps.is_empty() {
            parts.push(Loc::words(&self.steps));
        }
        parts.join(" ")
    }

    /// The form after a preposition ("In", "Nach"): "§ 176 Absatz 1",
    /// "dem neuen Absatz 6 Satz 2", "Absatz 1 in der neuen Nummer 4".
    pub fn dat(&self) -> String {
        match self.new_at {
            Some(0) if self.head.is_none() => self.with_article(Case::Dat, true),
            Some(j) => format!("{} in {}", self.prefix(j).plain(), self.suffix(j).dat()),
            None => self.plain(),
        }
    }

    /// As subject: "§ 182 Absatz 5", "der neue Absatz 7".
    /// Call only when [`Loc::new_split`] is `None`.
    pub fn nom(&self) -> String {
        match self.new_at {
            Some(0) if self.head.is_none() => self.with_article(Case::Nom, true),
            _ => self.plain(),
        }
    }

    /// As indirect object, always with the article: "dem Absatz 6",
    /// "der neuen Nummer 4", "dem § 182".
    /// Call only when [`Loc::new_split`] is `None`.
    pub fn dat_object(&self) -> String {
        self.with_article(Case::Dat, self.new_at == Some(0) && self.head.is_none())
    }

    fn with_article(&self, case: Case, new: bool) -> String {
        let fem = self.head.is_none() && self.steps.first().is_some_and(|s| feminine(s.kind));
        let art = match (case, fem, new) {
            (Case::Nom, true, false) => "die",
            (Case::Nom, true, true) => "die neue",
            (Case::Nom, false, false) => "der",
            (Case::Nom, false, true) => "der neue",
            (Case::Dat, true, false) => "der",
            (Case::Dat, true, true) => "der neuen",
            (Case::Dat, false, false) => "dem",
            (Case::Dat, false, true) => "dem neuen",
        };
        format!("{art} {}", self.plain())
    }
}

/// "der folgende Satz", "die folgende Nummer 3", "den folgenden Absatz 4"
/// (HdR, 4th ed.: new units are introduced with "der/die folgende").
pub fn following_unit(kind: UnitKind, number: Option<&str>, case: Case) -> String {
    let art = match (case, feminine(kind)) {
        (_, true) => "die folgende",
        (Case::Nom, false) => "der folgende",
        (Case::Dat, false) => "den folgenden",
    };
    match number {
        Some(n) if kind != UnitKind::Satz => format!("{art} {} {n}", kind.name()),
        _ => format!("{art} {}", kind.name()),
    }
}

/// A renumbering: "die bisherigen Absätze 3 bis 6" (subject), "werden",
/// "die Absätze 4 bis 7" (what they become).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renumbering {
    /// "die bisherige Nummer 3", "die bisherigen Nummern 3 und 4"
    pub subject: String,
    /// "wird" or "werden"
    pub verb: &'static str,
    /// "Nummer 4", "die Nummern 4 und 5"
    pub becomes: String,
}

impl Renumbering {
    /// The renumbering of the units of `kind` numbered `old` (in order) by
    /// `by` places; `None` when there are none or they carry no number (Sätze).
    pub fn of(kind: UnitKind, old: &[String], by: i64) -> Option<Renumbering> {
        if kind == UnitKind::Satz || old.is_empty() {
            return None;
        }
        let new: Vec<String> = old
            .iter()
            .map(|n| crate::model::numbering::shift(n, by).unwrap_or_else(|| n.clone()))
            .collect();
        let list = |v: &[String]| match v {
            [one] => one.clone(),
            [a, b] => format!("{a} und {b}"),
            [a, .., b] => format!("{a} bis {b}"),
            [] => String::new(),
        };
        if let ([o], [n]) = (old, new.as_slice()) {
            let art = if feminine(kind) {
                "die bisherige"
            } else {
                "der bisherige"
            };
            return Some(Renumbering {
                subject: format!("{art} {} {o}", kind.name()),
                verb: "wird",
                becomes: format!("{} {n}", kind.name()),
            });
        }
        Some(Renumbering {
            subject: format!("die bisherigen {} {}", kind.plural(), list(old)),
            verb: "werden",
            becomes: format!("die {} {}", kind.plural(), list(&new)),
        })
    }

    /// "die bisherigen Absätze 3 bis 6 werden die Absätze 4 bis 7"
    pub fn clause(&self) -> String {
        format!("{} {} {}", self.subject, self.verb, self.becomes)
    }
}

/// `s` with its first letter in upper case.
pub fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(kind: UnitKind, n: &str) -> Step {
        Step {
            kind,
            number: n.into(),
        }
    }

    #[test]
    fn nouns() {
        assert_eq!(Noun::of("Kind"), Noun::Wort);
        assert_eq!(Noun::of("Täter-Opfer-Ausgleich"), Noun::Wort);
        assert_eq!(Noun::of("an sich vornehmen lässt"), Noun::Woerter);
        assert_eq!(Noun::of("lässt,"), Noun::Woerter);
        assert_eq!(Noun::of("Absatzes 3"), Noun::Angabe);
        assert_eq!(Noun::of("§ 184h"), Noun::Angabe);
        assert_eq!(Noun::of("Nummer 1 oder Nummer 2"), Noun::Angabe);
        assert_eq!(Noun::of(","), Noun::Sign(Sign::Komma));
    }

    #[test]
    fn naming_existing_text() {
        assert_eq!(existing("Kind", Case::Nom, None), "das Wort „Kind“");
        assert_eq!(
            existing("Kind", Case::Dat, Some(2)),
            "dem zweiten Wort „Kind“"
        );
        assert_eq!(
            existing("Satz 1", Case::Nom, Some(3)),
            "die dritte Angabe „Satz 1“"
        );
        assert_eq!(existing("Satz 1", Case::Dat, None), "der Angabe „Satz 1“");
        assert_eq!(existing("an sich", Case::Nom, None), "die Wörter „an sich“");
        assert_eq!(
            existing("an sich", Case::Dat, Some(2)),
            "den Wörtern „an sich“ bei ihrem zweiten Vorkommen"
        );
        assert_eq!(existing(",", Case::Nom, Some(2)), "das zweite Komma");
        assert_eq!(existing(".", Case::Nom, None), "der Punkt");
        assert_eq!(existing(".", Case::Dat, None), "dem Punkt");
        assert_eq!(ordinal(13, "e"), "13.");
    }

    #[test]
    fn naming_new_text() {
        assert_eq!(
            new_text("den Nummern 1 bis 3"),
            ("die Angabe „den Nummern 1 bis 3“".into(), false)
        );
        assert_eq!(
            new_text(", auch wenn"),
            ("ein Komma und die Wörter „auch wenn“".into(), true)
        );
        assert_eq!(new_text(","), ("ein Komma".into(), false));
        assert_eq!(new_text("Kind"), ("das Wort „Kind“".into(), false));
    }

    #[test]
    fn places() {
        let abs6 = Loc {
            head: None,
            steps: vec![step(UnitKind::Absatz, "6")],
            new_at: None,
        };
        assert_eq!(abs6.dat_object(), "dem Absatz 6");
        assert_eq!(abs6.nom(), "Absatz 6");
        let new_nr4 = Loc {
            head: None,
            steps: vec![step(UnitKind::Nummer, "4")],
            new_at: Some(0),
        };
        assert_eq!(new_nr4.dat(), "der neuen Nummer 4");
        assert_eq!(new_nr4.nom(), "die neue Nummer 4");
        let nested = Loc {
            head: Some("§ 176".into()),
            steps: vec![step(UnitKind::Absatz, "1"), step(UnitKind::Nummer, "4")],
            new_at: Some(1),
        };
        assert_eq!(nested.dat(), "§ 176 Absatz 1 in der neuen Nummer 4");
        assert_eq!(nested.new_split(), Some(1));
        let section = Loc {
            head: Some("§ 182".into()),
            steps: Vec::new(),
            new_at: None,
        };
        assert_eq!(section.dat_object(), "dem § 182");
    }

    #[test]
    fn renumbering() {
        let r = |k, old: &[&str], by| {
            Renumbering::of(
                k,
                &old.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                by,
            )
            .map(|r| r.clause())
        };
        assert_eq!(
            r(UnitKind::Nummer, &["3"], 1).as_deref(),
            Some("die bisherige Nummer 3 wird Nummer 4")
        );
        assert_eq!(
            r(UnitKind::Nummer, &["3", "4"], 1).as_deref(),
            Some("die bisherigen Nummern 3 und 4 werden die Nummern 4 und 5")
        );
        assert_eq!(
            r(UnitKind::Absatz, &["3", "4", "5", "6"], 1).as_deref(),
            Some("die bisherigen Absätze 3 bis 6 werden die Absätze 4 bis 7")
        );
        assert_eq!(
            r(UnitKind::Absatz, &["3"], -1).as_deref(),
            Some("der bisherige Absatz 3 wird Absatz 2")
        );
        assert_eq!(
            r(UnitKind::Buchstabe, &["b", "c"], 1).as_deref(),
            Some("die bisherigen Buchstaben b und c werden die Buchstaben c und d")
        );
        assert_eq!(r(UnitKind::Satz, &["2"], 1), None);
        assert_eq!(r(UnitKind::Absatz, &[], 1), None);
    }

    #[test]
    fn new_units() {
        assert_eq!(
            following_unit(UnitKind::Satz, None, Case::Nom),
            "der folgende Satz"
        );
        assert_eq!(
            following_unit(UnitKind::Nummer, Some("3"), Case::Nom),
            "die folgende Nummer 3"
        );
        assert_eq!(
            following_unit(UnitKind::Absatz, Some("4"), Case::Dat),
            "den folgenden Absatz 4"
        );
        assert_eq!(capitalised("dem Absatz 6"), "Dem Absatz 6");
    }
}
