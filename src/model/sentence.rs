//! Where a Satz ends in German statute text.
//!
//! A full stop ends a Satz only if it is not part of an abbreviation ("Abs.",
//! "z. B."), not an ordinal ("am 1. Januar"), and not inside quotes or
//! brackets, and the next word starts like a Satz (a capital, "§", "„").

/// A Satz found by [`split`], with the white space that follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece<'a> {
    /// The Satz, without surrounding white space.
    pub text: &'a str,
    /// The white space after it (empty for the last).
    pub trailing: &'a str,
}

/// Abbreviations common in German legal text; a full stop after them never ends a Satz.
const ABBREVIATIONS: &[&str] = &[
    "Abs",
    "Abschn",
    "Alt",
    "Anh",
    "Anl",
    "Art",
    "Aufl",
    "BGBl",
    "Bd",
    "Buchst",
    "Doppelbuchst",
    "Dr",
    "Einl",
    "Hs",
    "Halbs",
    "Kap",
    "Mio",
    "Mrd",
    "Nr",
    "Nrn",
    "Rn",
    "Rdnr",
    "Tz",
    "Var",
    "Ziff",
    "Ziffn",
    "bzw",
    "ca",
    "entspr",
    "etc",
    "evtl",
    "ff",
    "gem",
    "ggf",
    "inkl",
    "insb",
    "lit",
    "sog",
    "usw",
    "vgl",
    "zB",
    "zust",
    "iSd",
    "iVm",
    "idF",
    "ua",
];

/// Words before a number that make it a reference ("Absatz 5."), not an ordinal.
const REFERENCE_WORDS: &[&str] = &[
    "§",
    "§§",
    "Absatz",
    "Absatzes",
    "Absätze",
    "Absätzen",
    "Abs.",
    "Satz",
    "Satzes",
    "Sätze",
    "Sätzen",
    "Nummer",
    "Nummern",
    "Nr.",
    "Artikel",
    "Art.",
    "Anlage",
    "Seite",
    "S.",
    "bis",
    "und",
    "oder",
    "sowie",
];

/// Splits running text (without leading white space) into Sätze.
pub fn split(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quotes = 0i32;
    let mut straight_quote = false;
    let mut brackets = 0i32;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Only a few characters matter, and each begins with one of these
        // bytes (0xC2 and 0xE2 lead the quotes outside ASCII); skipping the
        // rest byte by byte is far cheaper than decoding every character.
        if !matches!(
            bytes[i],
            b'"' | b'(' | b')' | b'[' | b']' | b'.' | b'?' | b'!' | 0xC2 | 0xE2
        ) {
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let next = i + c.len_utf8();
        match c {
            '„' | '‚' | '»' => quotes += 1,
            '“' | '‘' | '«' => quotes = (quotes - 1).max(0),
            '"' => straight_quote = !straight_quote,
            '(' | '[' => brackets += 1,
            ')' | ']' => brackets = (brackets - 1).max(0),
            '.' | '?' | '!' if quotes == 0 && !straight_quote && brackets == 0 => {
                if let Some(next_start) = satz_ends(text, start, i, c) {
                    out.push(Piece {
                        text: &text[start..next],
                        trailing: &text[next..next_start],
                    });
                    start = next_start;
                    i = next_start;
                    continue;
                }
            }
            _ => {}
        }
        i = next;
    }
    if start < text.len() {
        let rest = &text[start..];
        let trimmed = rest.trim_end();
        out.push(Piece {
            text: trimmed,
            trailing: &rest[trimmed.len()..],
        });
    }
    out
}

/// Whether the Satz begun at `start` ends with the mark `c` at byte `i`;
/// if so, where the next one starts.
fn satz_ends(text: &str, start: usize, i: usize, c: char) -> Option<usize> {
    let end = i + c.len_utf8();
    let ws_len = text[end..].len() - text[end..].trim_start().len();
    let next_start = end + ws_len;
    if ws_len == 0 || next_start >= text.len() {
        return None;
    }
    if c == '.' && !full_stop_ends_sentence(&text[start..i], &text[next_start..]) {
        return None;
    }
    starts_sentence(&text[next_start..]).then_some(next_start)
}

/// Whether text ending like `text` is a complete Satz (ends in a full stop
/// that is not an abbreviation, or in "?" or "!").
pub fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end();
    match t.chars().last() {
        Some('?' | '!') => true,
        Some('.') => {
            let before = &t[..t.len() - 1];
            let word = last_word(before);
            !is_abbreviation(word)
        }
        _ => false,
    }
}

fn starts_sentence(next: &str) -> bool {
    next.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || matches!(c, '§' | '„' | '"' | '»'))
}

/// Decides whether the full stop after `before` ends the Satz, given the text `after` it.
fn full_stop_ends_sentence(before: &str, after: &str) -> bool {
    let word = last_word(before);
    if word.is_empty() {
        return true;
    }
    if word.chars().all(|c| c.is_ascii_digit()) {
        // "Absatz 5. Bei ..." ends a Satz; "am 1. Januar" does not.
        let next_word: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
        if super::date::MONTHS.contains(&next_word.as_str()) {
            return false;
        }
        let rest = before[..before.len() - word.len()].trim_end();
        return REFERENCE_WORDS.contains(&last_token(rest));
    }
    !is_abbreviation(word)
}

/// Whether a full stop after `word` marks an abbreviation ("Abs", "z", "bzw").
pub fn is_abbreviation(word: &str) -> bool {
    // Single letters are initials or parts of "z. B.", "u. a.", "S.".
    word.chars().count() == 1 || ABBREVIATIONS.contains(&word)
}

/// The run of letters and digits at the end of `text`.
fn last_word(text: &str) -> &str {
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(text.len(), |(i, _)| i);
    &text[start..]
}

/// The last white-space separated token of `text`.
fn last_token(text: &str) -> &str {
    text.rsplit(char::is_whitespace).next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The splitter as first written, character by character: the oracle
    /// for the byte-skipping one.
    fn split_by_chars(text: &str) -> Vec<Piece<'_>> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut quotes = 0i32;
        let mut straight_quote = false;
        let mut brackets = 0i32;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '„' | '‚' | '»' => quotes += 1,
                '“' | '‘' | '«' => quotes = (quotes - 1).max(0),
                '"' => straight_quote = !straight_quote,
                '(' | '[' => brackets += 1,
                ')' | ']' => brackets = (brackets - 1).max(0),
                '.' | '?' | '!' if quotes == 0 && !straight_quote && brackets == 0 => {
                    let end = i + c.len_utf8();
                    let ws_len = text[end..].len() - text[end..].trim_start().len();
                    if ws_len == 0 {
                        continue;
                    }
                    let next_start = end + ws_len;
                    if next_start >= text.len() {
                        continue;
                    }
                    if c == '.' && !full_stop_ends_sentence(&text[start..i], &text[next_start..]) {
                        continue;
                    }
                    if !starts_sentence(&text[next_start..]) {
                        continue;
                    }
                    out.push(Piece {
                        text: &text[start..end],
                        trailing: &text[end..next_start],
                    });
                    start = next_start;
                    while chars.peek().is_some_and(|&(j, _)| j < next_start) {
                        chars.next();
                    }
                }
                _ => {}
            }
        }
        if start < text.len() {
            let rest = &text[start..];
            let trimmed = rest.trim_end();
            out.push(Piece {
                text: trimmed,
                trailing: &rest[trimmed.len()..],
            });
        }
        out
    }

    fn statute_like() -> impl Strategy<Value = String> {
        let piece = proptest::sample::select(vec![
            "Wer",
            "wird",
            "bestraft",
            "Abs",
            "Nr",
            "z",
            "B",
            "am",
            "1",
            "5",
            "Januar",
            "Absatz",
            "Satz",
            "§",
            "Mißbrauch",
            "Ä",
            "ü",
            "ß",
            ".",
            ". ",
            "? ",
            "! ",
            " ",
            "\n",
            "\u{a0}",
            "„",
            "“",
            "‚",
            "‘",
            "»",
            "«",
            "\"",
            "(",
            ")",
            "[",
            "]",
            "–",
            "Â",
            "â",
            "€",
            "…",
        ]);
        proptest::collection::vec(piece, 0..80).prop_map(|p| p.concat())
    }

    #[test]
    fn skipping_bytes_splits_the_real_texts_as_reading_every_character() {
        for text in &crate::model::real_texts() {
            for para in text.split("\n\n") {
                assert_eq!(split(para), split_by_chars(para), "{para}");
            }
        }
    }

    proptest! {
        #[test]
        fn skipping_bytes_splits_as_reading_every_character(text in statute_like()) {
            prop_assert_eq!(split(&text), split_by_chars(&text));
        }
    }

    fn texts(s: &str) -> Vec<&str> {
        split(s).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn splits_plain_sentences() {
        assert_eq!(
            texts("Der Versuch ist strafbar. Bei Taten nach Absatz 1 gilt das nicht."),
            [
                "Der Versuch ist strafbar.",
                "Bei Taten nach Absatz 1 gilt das nicht."
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_and_citations() {
        let s = "In den Fällen des § 176 Abs. 1 Nr. 2 gilt z. B. das, bzw. jenes u. a. hier. Sodann S. 3322.";
        assert_eq!(texts(s).len(), 2, "{:?}", texts(s));
        assert_eq!(texts("Siehe § 11 Abs. 3 StGB. Danach").len(), 2);
    }

    #[test]
    fn reference_numbers_end_sentences_but_ordinals_do_not() {
        let s = "dies gilt nicht für Taten nach Absatz 4 Nummer 4 und Absatz 5. Bei Taten nach Absatz 4";
        assert_eq!(texts(s).len(), 2);
        assert_eq!(
            texts("Das Gesetz vom 13. November 1998 gilt. Ab dem 1. Juli gilt es nicht.").len(),
            2
        );
        assert_eq!(texts("Am 5. Abschnitt ändert das nichts.").len(), 1);
    }

    #[test]
    fn never_inside_quotes_or_brackets() {
        assert_eq!(
            texts("Die Wörter „Satz 1. Nach“ werden ersetzt. Dann").len(),
            2
        );
        assert_eq!(
            texts("Es gilt (siehe dort. Auch hier) nichts. Ende").len(),
            2
        );
    }

    #[test]
    fn lowercase_continuation_is_not_a_new_sentence() {
        assert_eq!(texts("Die Strafe ist Freiheitsstrafe. oder so").len(), 1);
    }

    #[test]
    fn trailing_whitespace_is_reported() {
        let p = split("A ist. B ist.");
        assert_eq!(p[0].trailing, " ");
        assert_eq!(p[1].trailing, "");
    }

    #[test]
    fn ends_sentence_knows_abbreviations() {
        assert!(ends_sentence("wird bestraft."));
        assert!(!ends_sentence("nach § 176 Abs."));
        assert!(!ends_sentence("einer Tat nach den Absätzen 1 bis 5"));
        assert!(!ends_sentence("zu begehen, oder"));
    }
}
