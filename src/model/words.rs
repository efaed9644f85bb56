//! Words of German legal text, for matching amendments and for word diffs.
//!
//! A token is a word ("Missbrauchs", "176a", "Täter-Opfer-Ausgleich"), an
//! abbreviation with its full stop ("Abs."), a compound cut short by a
//! hyphen ("Ausbildungs-"), "§" or "§§", one punctuation character, or a run
//! of white space. Tokens concatenate to the text, byte for byte.

use std::collections::HashMap;
use std::ops::Range;

use super::sentence::is_abbreviation;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits, with internal or trailing hyphens and abbreviation dots.
    Word,
    /// A run of white space.
    Space,
    /// Any other single character ("§§" counts as one).
    Punct,
}

/// Byte ranges of the tokens of `text`, in order, covering all of it.
pub fn token_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let end = token_end(text, i);
        out.push(i..end);
        i = end;
    }
    out
}

/// The tokens of `text` as string slices.
pub fn tokens(text: &str) -> Vec<&str> {
    token_ranges(text).into_iter().map(|r| &text[r]).collect()
}

/// The kind of a token produced by [`tokens`].
pub fn kind(token: &str) -> TokenKind {
    match token.chars().next() {
        Some(c) if c.is_whitespace() => TokenKind::Space,
        Some(c) if c.is_alphanumeric() => TokenKind::Word,
        _ => TokenKind::Punct,
    }
}

fn token_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let mut chars = rest.char_indices().peekable();
    let Some((_, first)) = chars.next() else {
        return start;
    };
    if first.is_whitespace() {
        let len = rest
            .char_indices()
            .find(|(_, c)| !c.is_whitespace())
            .map_or(rest.len(), |(i, _)| i);
        return start + len;
    }
    if !first.is_alphanumeric() {
        if rest.starts_with("§§") {
            return start + "§§".len();
        }
        return start + first.len_utf8();
    }
    let mut end = first.len_utf8();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_alphanumeric() {
            chars.next();
            end = i + c.len_utf8();
        } else if c == '-' {
            chars.next();
            end = i + 1;
            // "Täter-Opfer" continues; "Ausbildungs-," ends with the hyphen.
            if !chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric()) {
                break;
            }
        } else {
            break;
        }
    }
    let word = &rest[..end];
    if rest[end..].starts_with('.') && !word.ends_with('-') && is_abbreviation(word) {
        end += 1;
    }
    start + end
}

/// Finds `needle` in `haystack` as whole tokens: the match must start and
/// end at token boundaries of the haystack. Returns the byte ranges.
pub fn find_whole(haystack: &str, needle: &str) -> Vec<Range<usize>> {
    if needle.is_empty() {
        return Vec::new();
    }
    let ranges = token_ranges(haystack);
    let mut starts = vec![false; haystack.len() + 1];
    let mut ends = vec![false; haystack.len() + 1];
    for r in &ranges {
        starts[r.start] = true;
        ends[r.end] = true;
    }
    haystack
        .match_indices(needle)
        .map(|(i, m)| i..i + m.len())
        .filter(|r| starts[r.start] && ends[r.end])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_tokens() {
        assert_eq!(
            tokens("§ 176a Abs. 1 z. B. Ausbildungs-, Dienst- und Täter-Opfer-Ausgleich („Kind“)."),
            [
                "§",
                " ",
                "176a",
                " ",
                "Abs.",
                " ",
                "1",
                " ",
                "z.",
                " ",
                "B.",
                " ",
                "Ausbildungs-",
                ",",
                " ",
                "Dienst-",
                " ",
                "und",
                " ",
                "Täter-Opfer-Ausgleich",
                " ",
                "(",
                "„",
                "Kind",
                "“",
                ")",
                "."
            ]
        );
        assert_eq!(
            tokens("§§ 176 bis 176e"),
            ["§§", " ", "176", " ", "bis", " ", "176e"]
        );
        assert_eq!(tokens("Mißbrauch läßt."), ["Mißbrauch", " ", "läßt", "."]);
    }

    #[test]
    fn whole_words_only() {
        let t = "Nach Satz 1 wird nach Satz 12 nicht bestraft";
        assert_eq!(find_whole(t, "Satz 1").len(), 1);
        assert_eq!(find_whole(t, "Satz").len(), 2);
        assert_eq!(find_whole(t, "atz").len(), 0);
        assert_eq!(find_whole(t, "nach").len(), 1);
        assert!(find_whole(t, "").is_empty());
        assert_eq!(find_whole("Satz [1] oder Satz [1]", "[1]").len(), 2);
        assert_eq!(find_whole("Nr.* x", ".*").len(), 0);
    }

    /// The word diff as it was before tokens were numbered: the strings
    /// themselves compared.
    fn diff_of_strings(
        old: &str,
        new: &str,
    ) -> Vec<(similar::DiffTag, Range<usize>, Range<usize>)> {
        let (old_t, new_t) = (tokens(old), tokens(new));
        similar::capture_diff_slices(similar::Algorithm::Patience, &old_t, &new_t)
            .into_iter()
            .map(|op| op.as_tag_tuple())
            .collect()
    }

    /// Texts from a few words, so that many tokens repeat.
    fn legal_text() -> impl proptest::strategy::Strategy<Value = String> {
        let word = proptest::sample::select(vec![
            "Satz",
            "1",
            "2",
            "Abs.",
            "wird",
            "bestraft",
            "Kind",
            ",",
            ".",
            "§",
            " ",
            "\n\n",
            "Mißbrauch",
            "oder",
            "(1)",
            "(2)",
        ]);
        proptest::collection::vec(word, 0..60).prop_map(|w| w.concat())
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn numbered_tokens_give_the_diff_of_the_strings(old in legal_text(), new in legal_text()) {
            let (old_t, new_t) = (tokens(&old), tokens(&new));
            let expected = diff_of_strings(&old, &new);
            let got = diff(&old, &new);
            prop_assert_eq!(got.len(), expected.len());
            for (op, (tag, o, n)) in got.iter().zip(expected) {
                prop_assert_eq!(op.tag, tag);
                prop_assert_eq!(&old[op.old.clone()], old_t[o].concat());
                prop_assert_eq!(&new[op.new.clone()], new_t[n].concat());
            }
        }

        #[test]
        fn shared_bytes_bound_the_equal_bytes(old in legal_text(), new in legal_text()) {
            let equal: usize = diff(&old, &new)
                .iter()
                .filter(|op| op.tag == similar::DiffTag::Equal)
                .map(|op| op.old.len())
                .sum();
            let bound = TokenCounts::of(&old).shared_bytes(&TokenCounts::of(&new));
            prop_assert!(equal <= bound, "{equal} > {bound}");
            prop_assert_eq!(bound, TokenCounts::of(&new).shared_bytes(&TokenCounts::of(&old)));
        }
    }

    #[test]
    fn shared_bytes_of_real_words() {
        let a = TokenCounts::of("Satz 1 und Satz 2");
        let b = TokenCounts::of("Satz 3");
        // "Satz" once (4 bytes) and one space (1 byte).
        assert_eq!(a.shared_bytes(&b), 5);
        assert_eq!(TokenCounts::of("").shared_bytes(&a), 0);
    }
}

/// One step of a word-level comparison: which bytes of the old and new text
/// it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordOp {
    /// Equal, deleted, inserted or replaced.
    pub tag: similar::DiffTag,
    /// The bytes of the old text.
    pub old: Range<usize>,
    /// The bytes of the new text.
    pub new: Range<usize>,
}

/// The tokens of `text` at `ranges` as numbers, one per distinct token in `ids`.
fn number_tokens<'t>(
    ids: &mut HashMap<&'t str, usize>,
    text: &'t str,
    ranges: &[Range<usize>],
) -> Vec<usize> {
    ranges
        .iter()
        .map(|r| {
            let next = ids.len();
            *ids.entry(&text[r.clone()]).or_insert(next)
        })
        .collect()
}

/// Compares two texts word by word (see [`tokens`]); the ops cover both texts
/// completely and in order.
pub fn diff(old: &str, new: &str) -> Vec<WordOp> {
    let old_r = token_ranges(old);
    let new_r = token_ranges(new);
    // The diff compares tokens only for equality, so numbering the distinct
    // tokens and comparing numbers gives the same ops without comparing
    // strings again and again.
    let mut ids = HashMap::with_capacity(old_r.len() + new_r.len());
    let old_t = number_tokens(&mut ids, old, &old_r);
    let new_t = number_tokens(&mut ids, new, &new_r);
    let bytes = |ranges: &[Range<usize>], toks: Range<usize>, total: usize| -> Range<usize> {
        let start = ranges.get(toks.start).map_or(total, |r| r.start);
        let end = if toks.end == 0 {
            start
        } else {
            ranges.get(toks.end - 1).map_or(total, |r| r.end)
        };
        start..end.max(start)
    };
    similar::capture_diff_slices(similar::Algorithm::Patience, &old_t, &new_t)
        .into_iter()
        .map(|op| {
            let (tag, o, n) = op.as_tag_tuple();
            WordOp {
                tag,
                old: bytes(&old_r, o, old.len()),
                new: bytes(&new_r, n, new.len()),
            }
        })
        .collect()
}

/// How often each token occurs in a text: bounds what a word diff of two
/// texts can find in common without running it.
#[derive(Debug, Clone, Default)]
pub struct TokenCounts<'a> {
    counts: HashMap<&'a str, usize>,
}

impl<'a> TokenCounts<'a> {
    /// Counts the tokens of `text`.
    pub fn of(text: &'a str) -> Self {
        let mut counts = HashMap::new();
        for r in token_ranges(text) {
            *counts.entry(&text[r]).or_insert(0) += 1;
        }
        TokenCounts { counts }
    }

    /// An upper bound of the bytes [`diff`] finds equal in the two texts:
    /// each equal token of one text is matched with an equal token of the
    /// other, so a token can match no more often than the text with fewer
    /// of it holds it.
    pub fn shared_bytes(&self, other: &TokenCounts<'_>) -> usize {
        let (small, large) = if self.counts.len() <= other.counts.len() {
            (&self.counts, &other.counts)
        } else {
            (&other.counts, &self.counts)
        };
        small
            .iter()
            .filter_map(|(token, &n)| large.get(token).map(|&m| n.min(m) * token.len()))
            .sum()
    }
}
