//! Reads the Markdown rendering of a whole law, as published on
//! gesetze-im-internet.de and converted by pandoc:
//!
//! ```text
//! % Strafgesetzbuch  (StGB)
//! % Ausfertigungsdatum: 15.05.1871
//! # Inhaltsübersicht
//! ...
//! # § 1 – Keine Strafe ohne Gesetz
//!
//! Eine Tat kann nur bestraft werden, ...
//!
//! # §§ 109b und 109c – (weggefallen)
//! ```
//!
//! Each "# § N – Title" heading opens a section; its body runs to the next
//! heading. The body is kept byte for byte, except that Markdown backslash
//! escapes ("\-") are undone. Editorial notes the publisher appends to a
//! section ("§ 17: Nach Maßgabe der Entscheidungsformel ...", "(+++ ... +++)")
//! are not statute text: they are left out and reported. A section this
//! reader or the structured-text parser cannot take is rejected with a
//! diagnostic at its line, never dropped silently.

use std::ops::Range;

use crate::diag::{Diagnostic, FileId};
use crate::model::citation::is_section_number;
use crate::model::numbering;
use crate::model::sentence;
use crate::model::statute::{Content, REPEALED};
use crate::model::text::Body;

/// A law read from its Markdown rendering.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The law's name from the title line ("Strafgesetzbuch"), if there is one.
    pub name: Option<String>,
    /// The abbreviation in brackets on the title line ("StGB").
    pub abbreviation: Option<String>,
    /// The title line, for diagnostics (empty if the file has none).
    pub title_line: Range<usize>,
    /// The sections that could be read, in the file's order.
    pub sections: Vec<MdSection>,
    /// Editorial notes left out of the section texts.
    pub notes: Vec<Note>,
    /// Sections (or other headings) that could not be read: one error each.
    pub rejected: Vec<Diagnostic>,
}

/// A section read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MdSection {
    /// "176a"
    pub number: String,
    /// Title and text, or repealed.
    pub content: Content,
    /// The heading line in the file.
    pub heading: Range<usize>,
}

/// An editorial note that followed a section's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The section it followed.
    pub section: String,
    /// Where it stands in the file.
    pub span: Range<usize>,
}

/// Where the section headings start: "# " at the start of a line.
const HEADING: &str = "# ";

/// The dash between number and title in a heading.
const DASH: char = '–';

/// The table of contents, which is not a section.
const CONTENTS: &str = "Inhaltsübersicht";

/// Reads `text`, the Markdown file registered as `file`.
pub fn read(file: FileId, text: &str) -> Document {
    let mut doc = Document::default();
    let headings = heading_lines(text);
    let header_end = headings.first().map_or(text.len(), |h| h.start);
    read_title(&text[..header_end], &mut doc);
    for (i, line) in headings.iter().enumerate() {
        let body_end = headings.get(i + 1).map_or(text.len(), |h| h.start);
        let heading = &text[line.start + HEADING.len()..line.end];
        let body = line.end..body_end;
        read_section(
            file,
            text,
            heading.trim_end(),
            line.start..line.end,
            body,
            &mut doc,
        );
    }
    doc
}

/// The lines that open a section (without their newline).
fn heading_lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if text[start..end].starts_with(HEADING) {
            out.push(start..end);
        }
        start = end + 1;
    }
    out
}

/// Reads "% Strafgesetzbuch  (StGB)", the first line of the header.
fn read_title(header: &str, doc: &mut Document) {
    let Some(line) = header.lines().next() else {
        return;
    };
    let Some(title) = line.strip_prefix('%') else {
        return;
    };
    doc.title_line = 0..line.len();
    let title = title.trim();
    match (title.rfind('('), title.strip_suffix(')')) {
        (Some(open), Some(inner)) if open > 0 => {
            let abbr = inner[open + 1..].trim();
            let name = title[..open].trim();
            if !abbr.is_empty() {
                doc.abbreviation = Some(abbr.to_owned());
            }
            if !name.is_empty() {
                doc.name = Some(name.to_owned());
            }
        }
        _ if !title.is_empty() => doc.name = Some(title.to_owned()),
        _ => {}
    }
}

fn read_section(
    file: FileId,
    text: &str,
    heading: &str,
    line: Range<usize>,
    body: Range<usize>,
    doc: &mut Document,
) {
    let reject = |message: String, hint: &str| {
        Diagnostic::error(message)
            .at(file, line.clone())
            .label("this heading")
            .hint(hint)
    };
    if heading == CONTENTS {
        return;
    }
    let Some((numbers, title)) = heading.split_once(DASH) else {
        doc.rejected.push(reject(
            format!("cannot read the heading \"{heading}\""),
            "a section heading reads \"# § 1 – Title\" (with an en dash); other headings are not imported",
        ));
        return;
    };
    let numbers = match section_numbers(numbers) {
        Ok(n) => n,
        Err(message) => {
            doc.rejected.push(reject(
                message,
                "write \"§ 176a\", \"§§ 116 bis 119\" or \"§§ 109b und 109c\"",
            ));
            return;
        }
    };
    let title = title.trim();
    let (kept, notes) = split_notes(&text[body.clone()], body.start);
    let single = numbers.first().filter(|_| numbers.len() == 1);
    let section_label = single.map_or_else(|| numbers.join(", "), String::clone);
    doc.notes.extend(notes.into_iter().map(|span| Note {
        section: section_label.clone(),
        span,
    }));
    let raw = &text[kept.clone()];
    let content = if title == REPEALED {
        let rest = unescape(raw.trim());
        if !(rest.is_empty() || rest == "-") {
            doc.rejected.push(
                Diagnostic::error(format!(
                    "§ {section_label} is marked \"(weggefallen)\" but has a text"
                ))
                .at(file, kept)
                .label("text of a repealed section")
                .hint("a repealed section has no text; check the heading"),
            );
            return;
        }
        Content::Repealed
    } else {
        if numbers.len() > 1 {
            doc.rejected.push(reject(
                format!("the heading names several sections (§§ {section_label}) but they are not repealed"),
                "only repealed sections share a heading; give each its own \"# § N – Title\"",
            ));
            return;
        }
        if title.is_empty() {
            doc.rejected.push(reject(
                format!("§ {section_label} has no title"),
                "write the title after the dash: \"# § 1 – Keine Strafe ohne Gesetz\"",
            ));
            return;
        }
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            doc.rejected.push(reject(
                format!("§ {section_label} has no text"),
                "a section in force has a text; a repealed one is titled \"(weggefallen)\"",
            ));
            return;
        }
        let lead = raw.len() - raw.trim_start().len();
        let start = kept.start + lead;
        let body_text = format!("{}\n", unescape(trimmed));
        let verbatim = body_text.len() == trimmed.len() + 1;
        if let Err(e) = Body::parse(&body_text) {
            // Point at the first line of the problem: a whole paragraph is too much.
            let (from, to) = if verbatim {
                (
                    e.span.start.min(trimmed.len()),
                    e.span.end.min(trimmed.len()),
                )
            } else {
                (0, trimmed.len())
            };
            let to = trimmed
                .get(from..to)
                .and_then(|t| t.find('\n'))
                .map_or(to, |i| from + i);
            let span = start + from..start + to;
            doc.rejected.push(
                Diagnostic::error(format!("§ {section_label}: {}", e.message))
                    .at(file, span)
                    .label("here")
                    .related(file, line.clone(), "in this section")
                    .hint(e.hint),
            );
            return;
        }
        Content::Text {
            title: title.to_owned(),
            text: body_text,
        }
    };
    for number in numbers {
        doc.sections.push(MdSection {
            number,
            content: content.clone(),
            heading: line.clone(),
        });
    }
}

/// The numbers in "§ 176a", "§§ 109b und 109c", "§§ 116 bis 119".
fn section_numbers(s: &str) -> Result<Vec<String>, String> {
    let s = s.trim();
    let bad = |n: &str| format!("\"{n}\" is not a section number");
    if let Some(rest) = s.strip_prefix("§§") {
        let rest = rest.trim();
        if let Some((from, to)) = rest.split_once(" bis ") {
            let (from, to) = (from.trim(), to.trim());
            for n in [from, to] {
                if !is_section_number(n) {
                    return Err(bad(n));
                }
            }
            return expand_range(from, to).ok_or_else(|| {
                format!("cannot tell which sections \"§§ {from} bis {to}\" covers")
            });
        }
        let mut out = Vec::new();
        for part in rest.split([',']).flat_map(|p| p.split(" und ")) {
            let n = part.trim();
            if !is_section_number(n) {
                return Err(bad(n));
            }
            out.push(n.to_owned());
        }
        if out.len() < 2 {
            return Err(format!("\"§§ {rest}\" names fewer than two sections"));
        }
        return Ok(out);
    }
    let Some(n) = s.strip_prefix('§') else {
        return Err(format!("\"{s}\" does not start with \"§\""));
    };
    let n = n.trim();
    if is_section_number(n) {
        Ok(vec![n.to_owned()])
    } else {
        Err(bad(n))
    }
}

/// The sections from `from` to `to`, where that is unambiguous: "116" to
/// "119", or "219a" to "219d". "45a bis 46" could hold any "45b".
fn expand_range(from: &str, to: &str) -> Option<Vec<String>> {
    fn split(n: &str) -> (Option<u64>, &str) {
        let d = n.chars().take_while(char::is_ascii_digit).count();
        (n[..d].parse().ok(), &n[d..])
    }
    let (Some(a), sa) = split(from) else {
        return None;
    };
    let (Some(b), sb) = split(to) else {
        return None;
    };
    let out: Vec<String> = if sa.is_empty() && sb.is_empty() && a < b && b - a < 1000 {
        (a..=b).map(|n| n.to_string()).collect()
    } else if a == b && sa.len() == 1 && sb.len() == 1 && sa < sb {
        let (x, y) = (sa.as_bytes()[0], sb.as_bytes()[0]);
        (x..=y).map(|c| format!("{a}{}", c as char)).collect()
    } else {
        return None;
    };
    debug_assert!(
        out.windows(2)
            .all(|w| numbering::compare(&w[0], &w[1]).is_lt())
    );
    Some(out)
}

/// Separates the editorial notes at the end of a section body. Returns the
/// range of the statute text (possibly empty) and the notes' ranges, both
/// offset by `base`.
fn split_notes(body: &str, base: usize) -> (Range<usize>, Vec<Range<usize>>) {
    let paras = paragraphs(body);
    let mut keep = paras.len();
    while keep > 0 && is_note(&body[paras[keep - 1].clone()]) {
        keep -= 1;
    }
    let notes = paras[keep..]
        .iter()
        .map(|r| base + r.start..base + r.end)
        .collect();
    let end = if keep == 0 { 0 } else { paras[keep - 1].end };
    (base..base + end, notes)
}

/// Whether a paragraph is one of the publisher's notes: "(+++ ... +++)" or
/// "§ 17: Nach Maßgabe ...", "§§ 218 bis 219b (früher ...): IdF ...". A
/// paragraph of statute text that starts with "§" ("§ 57 Abs. 1 gilt
/// entsprechend.") has no colon before its first sentence ends.
fn is_note(para: &str) -> bool {
    if para.starts_with("(+++") {
        return true;
    }
    if !para.starts_with('§') {
        return false;
    }
    let Some(colon) = para.find(": ") else {
        return false;
    };
    let prefix = &para[..colon];
    sentence::split(prefix).len() == 1 && !sentence::ends_sentence(prefix)
}

/// The paragraphs of `body`: runs of text between blank lines.
fn paragraphs(body: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_text_end = 0;
    let mut newlines = 0;
    for (i, c) in body.char_indices() {
        if c.is_whitespace() {
            if c == '\n' {
                newlines += 1;
            }
            continue;
        }
        match start {
            Some(s) if newlines >= 2 => {
                out.push(s..last_text_end);
                start = Some(i);
            }
            None => start = Some(i),
            Some(_) => {}
        }
        newlines = 0;
        last_text_end = i + c.len_utf8();
    }
    if let Some(s) = start {
        out.push(s..last_text_end);
    }
    out
}

/// Undoes Markdown backslash escapes ("\-" → "-"); other backslashes stay.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "% Strafgesetzbuch  (StGB)\n% Ausfertigungsdatum: 15.05.1871\n \n# Inhaltsübersicht\n\n§ 1\n\nKeine Strafe\n\n# § 1 – Keine Strafe ohne Gesetz\n\nEine Tat kann nur bestraft werden.\n\n# § 17 – Verbotsirrtum\n\nFehlt dem Täter die Einsicht, so handelt er ohne Schuld.\n\n§ 17: Nach Maßgabe der Entscheidungsformel mit dem GG vereinbar, BVerfGE v. 17.12.1975 -\n\n# § 48 – (weggefallen)\n\n\\-\n\n# §§ 116 bis 119 – (weggefallen)\n\n# §§ 180b und 181 – (weggefallen)\n\n# § 57a – Aussetzung\n\n(1) Das Gericht setzt aus, wenn\n\n1. fünfzehn Jahre verbüßt sind und\n\n2. die Voraussetzungen vorliegen.\n\n§ 57 Abs. 1 Satz 2 gilt entsprechend.\n\n(+++ § 57a: Zur Anwendung vgl. § 1 +++)  \n(+++ § 57a: noch eine +++)\n";

    fn numbers(doc: &Document) -> Vec<&str> {
        doc.sections.iter().map(|s| s.number.as_str()).collect()
    }

    #[test]
    fn reads_sections_ranges_and_notes() {
        let doc = read(0, DOC);
        assert!(doc.rejected.is_empty(), "{:?}", doc.rejected);
        assert_eq!(doc.name.as_deref(), Some("Strafgesetzbuch"));
        assert_eq!(doc.abbreviation.as_deref(), Some("StGB"));
        assert_eq!(
            numbers(&doc),
            [
                "1", "17", "48", "116", "117", "118", "119", "180b", "181", "57a"
            ]
        );
        assert_eq!(
            doc.sections[0].content.text(),
            "Eine Tat kann nur bestraft werden.\n"
        );
        assert_eq!(
            doc.sections[1].content.text(),
            "Fehlt dem Täter die Einsicht, so handelt er ohne Schuld.\n"
        );
        assert!(doc.sections[2].content.is_repealed());
        assert!(doc.sections[5].content.is_repealed());
        let last = doc.sections[9].content.text();
        assert!(
            last.ends_with("§ 57 Abs. 1 Satz 2 gilt entsprechend.\n"),
            "{last}"
        );
        let notes: Vec<&str> = doc.notes.iter().map(|n| &DOC[n.span.clone()]).collect();
        assert_eq!(notes.len(), 2);
        assert!(notes[0].starts_with("§ 17: Nach"));
        assert!(notes[1].starts_with("(+++ § 57a") && notes[1].ends_with("noch eine +++)"));
    }

    #[test]
    fn keeps_the_text_byte_for_byte() {
        let doc = read(
            0,
            "# § 211 – Mord\n\n(1) Der Mörder wird bestraft.\n\n(2) Mörder ist, wer  \naus Mordlust,  \neinen Menschen tötet.\n\n\n",
        );
        assert_eq!(
            doc.sections[0].content.text(),
            "(1) Der Mörder wird bestraft.\n\n(2) Mörder ist, wer  \naus Mordlust,  \neinen Menschen tötet.\n"
        );
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        let doc = read(
            0,
            "# § 1 Keine Strafe\n\nText.\n\n# § 1x1 – Titel\n\nText.\n\n# §§ 45a bis 46 – (weggefallen)\n\n# § 2 – (weggefallen)\n\nEin Text.\n\n# § 3 – Titel\n\n(2) Zwei.\n\n# §§ 4 und 5 – Titel\n\nText.\n\n# § 6 – \n\nText.\n\n# § 7 – Titel\n\n# Anlage\n\nx\n",
        );
        assert!(doc.sections.is_empty(), "{:?}", doc.sections);
        let messages: Vec<&str> = doc.rejected.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 9, "{messages:#?}");
        assert!(messages[0].contains("cannot read the heading"));
        assert!(messages[1].contains("\"1x1\""));
        assert!(messages[2].contains("45a bis 46"));
        assert!(messages[3].contains("has a text"));
        assert!(messages[4].contains("first Absatz"));
        assert!(messages[5].contains("not repealed"));
        assert!(messages[6].contains("no title"));
        assert!(messages[7].contains("no text"));
        assert!(messages[8].contains("Anlage"));
    }

    #[test]
    fn ranges() {
        assert_eq!(
            expand_range("219a", "219c").unwrap(),
            ["219a", "219b", "219c"]
        );
        assert_eq!(
            expand_range("207", "210").unwrap(),
            ["207", "208", "209", "210"]
        );
        assert!(expand_range("45a", "46").is_none());
        assert!(expand_range("10", "9").is_none());
        assert!(expand_range("1", "999999").is_none());
    }

    #[test]
    fn notes_are_only_trailing_and_only_notes() {
        assert!(is_note(
            "§ 66 idF d. G v. 27.12.2003 I 3007 u. d. G v. 22.12.2010 I 2300: Nach Maßgabe"
        ));
        assert!(is_note(
            "§ 170 Abs. 1 (früher § 170b Abs. 1): Mit dem GG vereinbar"
        ));
        assert!(!is_note("§ 57 Abs. 1 Satz 2 und Abs. 6 gilt entsprechend."));
        assert!(!is_note("§ 5 gilt. Es gilt: nichts"));
        let (kept, notes) = split_notes("\n\n§ 1: a\n\nText.\n\n", 0);
        assert_eq!(
            (kept, notes.len()),
            (0..16, 0),
            "a note-like paragraph before text stays"
        );
    }

    #[test]
    fn hostile_text_does_not_panic() {
        for s in [
            "",
            "#",
            "# ",
            "# §",
            "# § – ",
            "# §§ bis – x",
            "%",
            "% ()",
            "# § 1 – x\n\n\\",
            "# §§ 1 und – (weggefallen)",
        ] {
            let _ = read(0, s);
        }
    }
}
