//! The amending act as plain text, laid out as a Bundestag draft: heading,
//! Artikel with their instructions (each level indented), Begründung.

use crate::act::{Act, Instruction, Quote, Zu};

/// Indentation per level of instructions (Nummer, Buchstabe, Doppelbuchstabe).
const INDENT: &str = "   ";

/// Renders `act` as plain text; lines are not wrapped.
pub fn render(act: &Act) -> String {
    let mut out = String::new();
    out.push_str(&act.heading);
    out.push_str("\n\n");
    out.push_str(&format!(
        "{}, {}\n",
        act.author,
        crate::model::date::german(act.date)
    ));
    if let Some(note) = &act.note {
        out.push_str(&format!("\nHinweis: {note}\n"));
    }
    for article in &act.articles {
        out.push_str(&format!(
            "\nArtikel {}\n{}\n\n{}\n",
            article.number, article.title, article.intro
        ));
        for i in &article.instructions {
            instruction(&mut out, i, 0);
        }
    }
    out.push_str("\nBegründung\n\nA. Allgemeiner Teil\n");
    for p in &act.rationale.general {
        out.push_str(&format!("\n{p}\n"));
    }
    out.push_str("\nB. Besonderer Teil\n");
    for zu in &act.rationale.special {
        rationale(&mut out, zu);
    }
    out
}

fn instruction(out: &mut String, i: &Instruction, depth: usize) {
    let indent = INDENT.repeat(depth);
    out.push_str(&format!("\n{indent}{} {}\n", i.label, i.text));
    if let Some(q) = &i.quote {
        quote(out, q, &INDENT.repeat(depth + 1));
    }
    for c in &i.children {
        instruction(out, c, depth + 1);
    }
}

/// „ before the first paragraph, “ after the last, blank lines between.
fn quote(out: &mut String, q: &Quote, indent: &str) {
    for (k, p) in q.paragraphs.iter().enumerate() {
        let open = if k == 0 { "„" } else { "" };
        let close = if k + 1 == q.paragraphs.len() {
            if q.period { "“." } else { "“" }
        } else {
            ""
        };
        out.push_str(&format!("\n{indent}{open}{p}{close}\n"));
    }
}

fn rationale(out: &mut String, zu: &Zu) {
    out.push_str(&format!("\n{}\n", zu.heading));
    for p in &zu.paragraphs {
        out.push_str(&format!("\n{p}\n"));
    }
    for c in &zu.children {
        rationale(out, c);
    }
}
