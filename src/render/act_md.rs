//! The amending act as Markdown (CommonMark): Nummern as an ordered list,
//! Buchstaben and Doppelbuchstaben as nested items carrying their labels,
//! quoted text as block quotes. Every text is escaped, so statute text with
//! "*", "_" or a leading "2." stays literal.

use crate::act::{Act, Instruction, Quote, Zu};

/// Renders `act` as Markdown.
pub fn render(act: &Act) -> String {
    let mut out = format!("# {}\n\n", escape(&act.heading));
    out.push_str(&format!(
        "*{}, {}*\n",
        escape(&act.author),
        crate::model::date::german(act.date)
    ));
    if let Some(note) = &act.note {
        out.push_str(&format!("\n> **Hinweis:** {}\n", escape(note)));
    }
    for article in &act.articles {
        out.push_str(&format!(
            "\n## Artikel {}\n\n**{}**\n\n{}\n",
            article.number,
            escape(&article.title),
            escape(&article.intro)
        ));
        for i in &article.instructions {
            instruction(&mut out, i, 0);
        }
    }
    out.push_str("\n## Begründung\n\n### A. Allgemeiner Teil\n");
    for p in &act.rationale.general {
        out.push_str(&format!("\n{}\n", escape(p)));
    }
    out.push_str("\n### B. Besonderer Teil\n");
    for zu in &act.rationale.special {
        rationale(&mut out, zu, 4);
    }
    out
}

fn instruction(out: &mut String, i: &Instruction, depth: usize) {
    // A top-level item "1. " is 3 wide, a nested "- " 2 wide; continuation
    // lines are indented to the item's content.
    let indent = if depth == 0 {
        String::new()
    } else {
        format!("   {}", "  ".repeat(depth - 1))
    };
    let (marker, body) = if depth == 0 {
        (i.label.clone(), String::from("   "))
    } else {
        (format!("- {}", escape(&i.label)), "  ".to_owned())
    };
    out.push_str(&format!("\n{indent}{marker} {}\n", escape(&i.text)));
    let inner = format!("{indent}{body}");
    if let Some(q) = &i.quote {
        quote(out, q, &inner);
    }
    for c in &i.children {
        instruction(out, c, depth + 1);
    }
}

fn quote(out: &mut String, q: &Quote, indent: &str) {
    for (k, p) in q.paragraphs.iter().enumerate() {
        let open = if k == 0 { "„" } else { "" };
        let close = match (k + 1 == q.paragraphs.len(), q.period) {
            (true, true) => "“.",
            (true, false) => "“",
            (false, _) => "",
        };
        let sep = if k == 0 {
            String::new()
        } else {
            format!("{indent}>\n")
        };
        out.push_str(&format!(
            "{sep}{indent}> {}\n",
            escape(&format!("{open}{p}{close}"))
        ));
    }
}

fn rationale(out: &mut String, zu: &Zu, level: usize) {
    out.push_str(&format!(
        "\n{} {}\n",
        "#".repeat(level.min(6)),
        escape(&zu.heading)
    ));
    for p in &zu.paragraphs {
        out.push_str(&format!("\n{}\n", escape(p)));
    }
    for c in &zu.children {
        rationale(out, c, level + 1);
    }
}

/// Escapes `s` for use as the start of a Markdown block: every ASCII
/// punctuation mark Markdown reads, and a leading list marker ("2.", "3)",
/// "-", "+").
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    } else if out.starts_with(['-', '+']) {
        out.insert(0, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_what_markdown_reads() {
        assert_eq!(escape("2. ein Kind"), "2\\. ein Kind");
        assert_eq!(escape("3) x"), "3\\) x");
        assert_eq!(escape("- x"), "\\- x");
        assert_eq!(escape("a *b* <c> [d]"), "a \\*b\\* \\<c\\> \\[d\\]");
        assert_eq!(escape("§ 176 Absatz 1"), "§ 176 Absatz 1");
        assert_eq!(escape("(1) Wer"), "(1) Wer");
    }
}
