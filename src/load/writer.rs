//! Writes section and law files in the store's TOML format, the inverse of
//! the loader: `section = "..."` and one `[[version]]` table per version.
//!
//! Texts go into multi-line strings and come back byte for byte: only what
//! TOML cannot hold literally is escaped (backslashes, runs of three quotes,
//! control characters, carriage returns, which TOML may turn into newlines).

use std::fmt::Write as _;

use crate::model::statute::{Content, Version};

/// A new section file holding `versions` (oldest first).
pub fn section_file(number: &str, versions: &[Version]) -> String {
    let mut out = format!("section = {}\n", basic_string(number));
    for v in versions {
        out.push('\n');
        out.push_str(&version_table(v));
    }
    out
}

/// `existing` (a section file) with `version` appended as a new table; the
/// file's own text, comments included, stays as it was.
pub fn append_version(existing: &str, version: &Version) -> String {
    let mut out = existing.to_owned();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&version_table(version));
    out
}

/// A `law.toml`.
pub fn law_file(name: &str, abbreviation: &str, citation: &str) -> String {
    format!(
        "name = {}\nabbreviation = {}\ncitation = {}\n",
        basic_string(name),
        basic_string(abbreviation),
        basic_string(citation)
    )
}

/// One `[[version]]` table, ending in a newline.
fn version_table(v: &Version) -> String {
    let mut out = String::from("[[version]]\n");
    // Writing to a String cannot fail.
    let _ = writeln!(out, "valid_from = {}", v.valid_from);
    let _ = writeln!(out, "source = {}", basic_string(&v.source));
    match &v.content {
        Content::Repealed => out.push_str("repealed = true\n"),
        Content::Text { title, text } => {
            let _ = writeln!(out, "title = {}", basic_string(title));
            let _ = writeln!(out, "text = {}", multiline_string(text));
        }
    }
    out
}

/// A TOML basic string: `"..."`.
fn basic_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => push_char(&mut out, c),
        }
    }
    out.push('"');
    out
}

/// A TOML multi-line basic string. The newline after the opening quotes is
/// not part of the value, so the text starts on its own line.
fn multiline_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str("\"\"\"\n");
    let mut quotes = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // Escape a quote that would close the string: the third of a
            // run, or one right before the closing quotes.
            '"' if quotes == 2 || chars.peek().is_none() => {
                out.push_str("\\\"");
                quotes = 0;
                continue;
            }
            '"' => {
                out.push('"');
                quotes += 1;
                continue;
            }
            '\\' => out.push_str("\\\\"),
            '\n' | '\t' => out.push(c),
            '\r' => out.push_str("\\r"),
            c => push_char(&mut out, c),
        }
        quotes = 0;
    }
    out.push_str("\"\"\"");
    out
}

/// Appends `c`, escaping the control characters TOML does not allow in strings.
fn push_char(out: &mut String, c: char) {
    if c.is_control() && (c as u32) < 0x80 {
        let _ = write!(out, "\\u{:04X}", c as u32);
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[derive(serde::Deserialize, Debug)]
    struct Back {
        section: String,
        version: Vec<BackVersion>,
    }

    #[derive(serde::Deserialize, Debug)]
    struct BackVersion {
        valid_from: toml::value::Datetime,
        source: String,
        title: Option<String>,
        text: Option<String>,
        repealed: Option<bool>,
    }

    fn version(title: &str, text: &str) -> Version {
        Version {
            valid_from: date(2021, 4, 30),
            source: "Gesetz vom 1. Mai (BGBl. I S. 1)".into(),
            content: Content::Text {
                title: title.into(),
                text: text.into(),
            },
        }
    }

    #[test]
    fn writes_the_shipped_layout() {
        let v = version("Sexueller Mißbrauch", "(1) Wer.\n\n(2) Ebenso.\n");
        let file = section_file("176", &[v]);
        assert_eq!(
            file,
            "section = \"176\"\n\n[[version]]\nvalid_from = 2021-04-30\nsource = \"Gesetz vom 1. Mai (BGBl. I S. 1)\"\ntitle = \"Sexueller Mißbrauch\"\ntext = \"\"\"\n(1) Wer.\n\n(2) Ebenso.\n\"\"\"\n"
        );
        let repealed = Version {
            content: Content::Repealed,
            ..version("", "")
        };
        let file = append_version("# comment\nsection = \"48\"", &repealed);
        assert!(
            file.starts_with("# comment\nsection = \"48\"\n\n[[version]]\n"),
            "{file}"
        );
        assert!(file.ends_with("repealed = true\n"), "{file}");
    }

    #[test]
    fn law_file_reads_back() {
        #[derive(serde::Deserialize)]
        struct Law {
            name: String,
            citation: String,
        }
        let law: Law = toml::from_str(&law_file(
            "Straf\"gesetz\\buch",
            "StGB",
            "vom 13. November 1998",
        ))
        .unwrap();
        assert_eq!(law.name, "Straf\"gesetz\\buch");
        assert_eq!(law.citation, "vom 13. November 1998");
    }

    proptest! {
        /// Any title and text, however odd, reads back exactly.
        #[test]
        fn round_trip(
            title in "\\PC*",
            text in proptest::string::string_regex("([\"\\\\\\r\\n\\t\\u{0}-\\u{1f}\\u{7f}a§ä]|\"\"\"|\\r\\n)*").unwrap(),
            number in "[0-9]{1,3}[a-z]?",
        ) {
            let v = version(&title, &text);
            let repealed = Version { content: Content::Repealed, ..version("", "") };
            let file = append_version(&section_file(&number, &[v]), &repealed);
            let back: Back = toml::from_str(&file).map_err(|e| TestCaseError::fail(format!("{e}\n{file}")))?;
            prop_assert_eq!(&back.section, &number);
            prop_assert_eq!(back.version.len(), 2);
            prop_assert_eq!(back.version[0].title.as_deref(), Some(title.as_str()));
            prop_assert_eq!(back.version[0].text.as_deref(), Some(text.as_str()));
            prop_assert_eq!(back.version[0].valid_from.to_string(), "2021-04-30");
            prop_assert_eq!(&back.version[1].source, "Gesetz vom 1. Mai (BGBl. I S. 1)");
            prop_assert_eq!(back.version[1].repealed, Some(true));
        }
    }
}
