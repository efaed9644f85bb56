//! German statute citations: "§ 176 Abs. 1 Nr. 2 StGB",
//! "StGB § 232a Absatz 6 Satz 1 Nummer 1", "§§ 176 bis 176e".

use std::fmt;
use std::ops::Range;

use super::numbering;
use super::outline::Step;
use super::text::UnitKind;

/// The section(s) a citation names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(untagged)]
pub enum Sections {
    /// "§ 176"
    One(String),
    /// "§§ 176 bis 176e", both ends included.
    Range(String, String),
}

/// A parsed citation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Citation {
    /// The law's abbreviation, if the citation names one ("StGB").
    pub law: Option<String>,
    /// The section or range of sections.
    pub sections: Sections,
    /// The unit inside the section; empty for the whole section.
    pub path: Vec<Step>,
}

/// How to write a citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// "§ 176 Abs. 1 Nr. 2 StGB"
    Short,
    /// "§ 176 Absatz 1 Nummer 2 StGB", as amending acts write it.
    Long,
}

/// A citation that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationError {
    /// Where in the input the problem is.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// An example of what would work.
    pub hint: String,
}

impl fmt::Display for CitationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CitationError {}

impl Citation {
    /// The single section cited; `None` for a range.
    pub fn section(&self) -> Option<&str> {
        match &self.sections {
            Sections::One(s) => Some(s),
            Sections::Range(..) => None,
        }
    }

    /// Whether the citation names a whole section (no unit inside it).
    pub fn is_whole_section(&self) -> bool {
        self.path.is_empty()
    }

    /// Writes the citation in `style`, without the law.
    pub fn format(&self, style: Style) -> String {
        let mut out = match &self.sections {
            Sections::One(s) => format!("§ {s}"),
            Sections::Range(a, b) => format!("§§ {a} bis {b}"),
        };
        for step in &self.path {
            out.push(' ');
            out.push_str(match style {
                Style::Short => step.kind.abbreviation(),
                Style::Long => step.kind.name(),
            });
            out.push(' ');
            out.push_str(&step.number);
        }
        out
    }

    /// Writes the citation in `style` with the law after it, if it names one.
    pub fn format_with_law(&self, style: Style) -> String {
        match &self.law {
            Some(law) => format!("{} {law}", self.format(style)),
            None => self.format(style),
        }
    }

    /// A citation of the unit at `path` in section `section`.
    pub fn unit(law: Option<&str>, section: &str, path: Vec<Step>) -> Citation {
        Citation {
            law: law.map(str::to_owned),
            sections: Sections::One(section.to_owned()),
            path,
        }
    }
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_with_law(Style::Short))
    }
}

impl std::str::FromStr for Citation {
    type Err = CitationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

/// A word of the citation and where it stands.
struct Tok<'a> {
    text: &'a str,
    span: Range<usize>,
}

fn lex(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let c = rest.chars().next().unwrap_or(' ');
        if c.is_whitespace() || c == ',' {
            i += c.len_utf8();
            continue;
        }
        let len = if rest.starts_with("§§") {
            "§§".len()
        } else if c == '§' || c == '–' {
            c.len_utf8()
        } else {
            rest.find(|c: char| c.is_whitespace() || c == '§' || c == ',')
                .unwrap_or(rest.len())
        };
        out.push(Tok {
            text: &rest[..len],
            span: i..i + len,
        });
        i += len;
    }
    out
}

fn keyword(word: &str) -> Option<UnitKind> {
    Some(match word {
        "Abs." | "Abs" | "Absatz" => UnitKind::Absatz,
        "S." | "Satz" => UnitKind::Satz,
        "Nr." | "Nr" | "Nummer" => UnitKind::Nummer,
        "Buchst." | "Buchstabe" | "lit." => UnitKind::Buchstabe,
        "Doppelbuchst." | "Doppelbuchstabe" | "DBuchst." => UnitKind::Doppelbuchstabe,
        _ => return None,
    })
}

fn is_section_number(s: &str) -> bool {
    if s.starts_with('0') {
        return false;
    }
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    digits > 0
        && digits <= 6
        && s[digits..].chars().all(|c| c.is_ascii_lowercase())
        && s.len() - digits <= 2
}

/// A law's abbreviation: "StGB", "BGB", "StPO" (at least two capitals).
fn is_law(s: &str) -> bool {
    s.chars().filter(|c| c.is_uppercase()).count() >= 2
        && s.chars().next().is_some_and(char::is_uppercase)
        && s.chars().all(|c| c.is_alphanumeric() || c == '-')
        && keyword(s).is_none()
}

fn valid_number(kind: UnitKind, n: &str) -> bool {
    match kind {
        UnitKind::Absatz | UnitKind::Nummer => is_section_number(n) && !n.starts_with('0'),
        UnitKind::Satz => {
            !n.is_empty()
                && n.len() <= 4
                && n.chars().all(|c| c.is_ascii_digit())
                && n != "0"
                && !n.starts_with('0')
        }
        UnitKind::Buchstabe => {
            let first = n.chars().next();
            first.is_some_and(|f| f.is_ascii_lowercase())
                && n.len() <= 2
                && n.chars().all(|c| Some(c) == first)
        }
        UnitKind::Doppelbuchstabe => {
            let b = n.as_bytes();
            b.len() == 2 && b[0] == b[1] && b[0].is_ascii_lowercase()
        }
    }
}

fn example(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Absatz => "\"Abs. 1\" or \"Absatz 1a\"",
        UnitKind::Satz => "\"Satz 2\"",
        UnitKind::Nummer => "\"Nr. 2\" or \"Nummer 2a\"",
        UnitKind::Buchstabe => "\"Buchst. a\"",
        UnitKind::Doppelbuchstabe => "\"Doppelbuchst. aa\"",
    }
}

const FORMS: &str = "write e.g. \"§ 176 Abs. 1 Nr. 2 StGB\", \"StGB § 232a Absatz 6 Satz 1 Nummer 1\" or \"§§ 176 bis 176e\"";

/// Parses a citation in short or long form, with the law before or after.
pub fn parse(s: &str) -> Result<Citation, CitationError> {
    let toks = lex(s);
    let err = |span: Range<usize>, message: String, hint: &str| CitationError {
        span,
        message,
        hint: hint.to_owned(),
    };
    let Some(first) = toks.first() else {
        return Err(err(0..s.len(), "the citation is empty".into(), FORMS));
    };
    let mut i = 0;
    let mut law = None;
    if is_law(first.text) {
        law = Some(first.text.to_owned());
        i = 1;
    }
    let Some(sign) = toks.get(i) else {
        return Err(err(
            0..s.len(),
            "the citation names no section".into(),
            FORMS,
        ));
    };
    let plural = match sign.text {
        "§" => false,
        "§§" => true,
        other => {
            return Err(err(
                sign.span.clone(),
                format!("expected \"§\" or \"§§\", found \"{other}\""),
                FORMS,
            ));
        }
    };
    i += 1;
    let section = |i: usize| -> Result<String, CitationError> {
        match toks.get(i) {
            Some(t) if is_section_number(t.text) => Ok(t.text.to_owned()),
            Some(t) => Err(err(
                t.span.clone(),
                format!("\"{}\" is not a section number", t.text),
                "a section number is digits with an optional letter: \"176\", \"176a\"",
            )),
            None => Err(err(
                s.len()..s.len(),
                "a section number is missing".into(),
                FORMS,
            )),
        }
    };
    let from = section(i)?;
    i += 1;
    let sections = if plural {
        match toks.get(i).map(|t| t.text) {
            Some("bis" | "-" | "–") => {
                let to = section(i + 1)?;
                if numbering::compare(&from, &to) != std::cmp::Ordering::Less {
                    return Err(err(
                        toks[i + 1].span.clone(),
                        format!("the range §§ {from} bis {to} is empty or backwards"),
                        "name the lower section first: \"§§ 176 bis 176e\"",
                    ));
                }
                i += 2;
                Sections::Range(from, to)
            }
            _ => {
                return Err(err(
                    sign.span.clone(),
                    "\"§§\" needs a range such as \"§§ 176 bis 176e\"".into(),
                    "for a single section write \"§\"",
                ));
            }
        }
    } else {
        Sections::One(from)
    };
    let mut path: Vec<Step> = Vec::new();
    while let Some(t) = toks.get(i) {
        let Some(kind) = keyword(t.text) else {
            if is_law(t.text) && law.is_none() && i + 1 == toks.len() {
                law = Some(t.text.to_owned());
                i += 1;
                continue;
            }
            return Err(err(
                t.span.clone(),
                format!("unexpected \"{}\" in the citation", t.text),
                "units are written \"Abs.\"/\"Absatz\", \"S.\"/\"Satz\", \"Nr.\"/\"Nummer\", \"Buchst.\"/\"Buchstabe\"",
            ));
        };
        if matches!(sections, Sections::Range(..)) {
            return Err(err(
                t.span.clone(),
                "a range of sections cannot name a unit".into(),
                "cite one section to name a unit in it",
            ));
        }
        let Some(n) = toks.get(i + 1) else {
            return Err(err(
                t.span.clone(),
                format!("{} without a number", kind.name()),
                example(kind),
            ));
        };
        if !valid_number(kind, n.text) {
            return Err(err(
                n.span.clone(),
                format!("\"{}\" is not a valid {} number", n.text, kind.name()),
                example(kind),
            ));
        }
        if let Err(message) = check_order(&path, kind) {
            return Err(err(
                t.span.start..n.span.end,
                message,
                "cite units from the outside in: Absatz, Satz, Nummer, Buchstabe, Doppelbuchstabe",
            ));
        }
        path.push(Step {
            kind,
            number: n.text.to_owned(),
        });
        i += 2;
    }
    Ok(Citation {
        law,
        sections,
        path,
    })
}

/// Whether a unit of `kind` may follow the units already in `path`.
fn check_order(path: &[Step], kind: UnitKind) -> Result<(), String> {
    let last_item = path
        .iter()
        .rev()
        .find(|s| s.kind != UnitKind::Satz)
        .map(|s| s.kind);
    let satz_after_last_item = path.last().is_some_and(|s| s.kind == UnitKind::Satz);
    let ok = match kind {
        UnitKind::Absatz => path.is_empty(),
        UnitKind::Satz => !satz_after_last_item,
        item => {
            let parent = last_item.unwrap_or(UnitKind::Absatz);
            super::text::child_item_kind(parent) == Some(item)
        }
    };
    if ok {
        Ok(())
    } else {
        let after = path.last().map_or("the section".to_owned(), |s| {
            format!("{} {}", s.kind, s.number)
        });
        Err(format!("a {} cannot follow {after}", kind.name()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(input: &str, short: &str, long: &str) {
        let c = parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(c.format_with_law(Style::Short), short, "{input}");
        assert_eq!(c.format_with_law(Style::Long), long, "{input}");
        assert_eq!(parse(short).unwrap(), c);
        assert_eq!(parse(long).unwrap(), c);
    }

    #[test]
    fn forms() {
        roundtrip(
            "§ 176 Abs. 1 Nr. 2 StGB",
            "§ 176 Abs. 1 Nr. 2 StGB",
            "§ 176 Absatz 1 Nummer 2 StGB",
        );
        roundtrip(
            "StGB § 232a Absatz 6 Satz 1 Nummer 1",
            "§ 232a Abs. 6 S. 1 Nr. 1 StGB",
            "§ 232a Absatz 6 Satz 1 Nummer 1 StGB",
        );
        roundtrip(
            "§ 176c Abs. 1 Nr. 2 Buchst. a",
            "§ 176c Abs. 1 Nr. 2 Buchst. a",
            "§ 176c Absatz 1 Nummer 2 Buchstabe a",
        );
        roundtrip("§§ 176 bis 176e", "§§ 176 bis 176e", "§§ 176 bis 176e");
        roundtrip("§176d Satz 1", "§ 176d S. 1", "§ 176d Satz 1");
        roundtrip(
            "§ 5 Nr. 8 Satz 2 Buchst. a",
            "§ 5 Nr. 8 S. 2 Buchst. a",
            "§ 5 Nummer 8 Satz 2 Buchstabe a",
        );
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse("§ 99999 Abs. 0").unwrap_err();
        assert!(e.message.contains("\"0\""), "{}", e.message);
        assert_eq!(&"§ 99999 Abs. 0"[e.span.clone()], "0");
        let e = parse("§ 176 Nr. 1 Abs. 2").unwrap_err();
        assert!(e.message.contains("cannot follow"), "{}", e.message);
        let e = parse("§ 176 Buchst. a").unwrap_err();
        assert!(
            e.message.contains("Buchstabe cannot follow"),
            "{}",
            e.message
        );
        assert!(parse("").is_err());
        assert!(parse("Art. 1").is_err());
        assert!(parse("§§ 176e bis 176").is_err());
        assert!(parse("§§ 176").is_err());
        assert!(parse("§ 176 Abs.").is_err());
        assert!(parse("§ 176 Abs. 1 Unsinn").is_err());
        assert!(parse("§ .*+?").is_err());
    }
}
