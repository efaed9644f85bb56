//! Words of German legal text, for matching amendments and for word diffs.
//!
//! A token is a word ("Missbrauchs", "176a", "Täter-Opfer-Ausgleich"), an
//! abbreviation with its full stop ("Abs."), a compound cut short by a
//! hyphen ("Ausbildungs-"), "§" or "§§", one punctuation character, or a run
//! of white space. Tokens concatenate to the text, byte for byte.

use std::ops::Range;

use rustc_hash::FxHashMap;

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
    // About one token in four bytes, white space included.
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    let mut i = 0;
    while let Some(&byte) = text.as_bytes().get(i) {
        // ASCII punctuation is a token of one byte, and so is a space
        // before anything but more white space: together over half of all
        // tokens. The rest needs a look.
        let one_byte = byte.is_ascii_punctuation()
            || (byte == b' '
                && text
                    .as_bytes()
                    .get(i + 1)
                    .is_none_or(|&next| next.is_ascii() && !is_ascii_space(next)));
        let end = if one_byte { i + 1 } else { token_end(text, i) };
        out.push(i..end);
        i = end;
    }
    out
}

/// Whether an ASCII byte is white space as [`char::is_whitespace`] sees
/// it: unlike [`u8::is_ascii_whitespace`], that includes the vertical tab.
fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t'..=b'\r')
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
    let Some(first) = rest.chars().next() else {
        return start;
    };
    if first.is_whitespace() {
        return start + rest.len() - rest.trim_start().len();
    }
    if !first.is_alphanumeric() {
        if rest.starts_with("§§") {
            return start + "§§".len();
        }
        return start + first.len_utf8();
    }
    let bytes = rest.as_bytes();
    let mut end = first.len_utf8();
    loop {
        // Most letters are ASCII: those need no decoding.
        while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
            end += 1;
        }
        let alphanumeric_at =
            |at: usize| rest[at..].chars().next().is_some_and(char::is_alphanumeric);
        match rest[end..].chars().next() {
            Some(c) if c.is_alphanumeric() => end += c.len_utf8(),
            Some('-') => {
                end += 1;
                // "Täter-Opfer" continues; "Ausbildungs-," ends with the hyphen.
                if !alphanumeric_at(end) {
                    break;
                }
            }
            _ => break,
        }
    }
    let word = &rest[..end];
    if rest[end..].starts_with('.') && !word.ends_with('-') && is_abbreviation(word) {
        end += 1;
    }
    start + end
}

/// The white-space tokens of `text` that hold two line breaks or more: the
/// blank lines between paragraphs. A white-space token is a longest run of
/// white space, so they are found from the line breaks, without cutting the
/// text into words.
pub fn blank_lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // Where the last run found ends: the text after it does not start with
    // white space, so no run overlaps it.
    let mut from = 0;
    // A line break is one byte, and no other character's UTF-8 holds it.
    while let Some(i) = text
        .get(from..)
        .and_then(|t| memchr::memchr(b'\n', t.as_bytes()))
    {
        let at = from + i;
        let start = text[..at].trim_end().len().max(from);
        let end = text.len() - text[at + 1..].trim_start().len();
        if text[start..end].bytes().filter(|&b| b == b'\n').count() >= 2 {
            out.push(start..end);
        }
        from = end;
    }
    out
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

    /// The tokenizer as first written, a character at a time: the oracle
    /// for the one that skips ASCII letters.
    fn token_end_by_chars(text: &str, start: usize) -> usize {
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

    fn token_ranges_by_chars(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            let end = token_end_by_chars(text, i);
            out.push(i..end);
            i = end;
        }
        out
    }

    proptest! {
        #[test]
        fn tokens_are_those_of_the_character_tokenizer(
            text in joined(vec![
                "Abs", ".", "Täter", "-", "Opfer", "ß", "176a", "§", "§§", " ", "\u{a0}", "\n",
                "z", "B", ",", "„", "“", "Ä", "2", "\u{2009}", "é", "Nr", "\t", "\u{b}",
                "\r", "\u{1f}",
            ], 40)
        ) {
            prop_assert_eq!(token_ranges(&text), token_ranges_by_chars(&text));
        }
    }

    #[test]
    fn tokens_of_the_real_texts_are_those_of_the_character_tokenizer() {
        for text in &crate::model::real_texts() {
            assert_eq!(token_ranges(text), token_ranges_by_chars(text));
        }
    }

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

    /// Blank lines as the tokens define them: white-space tokens with two
    /// line breaks or more.
    fn blank_line_tokens(text: &str) -> Vec<Range<usize>> {
        token_ranges(text)
            .into_iter()
            .filter(|r| {
                let token = &text[r.clone()];
                token.chars().all(char::is_whitespace) && token.matches('\n').count() >= 2
            })
            .collect()
    }

    #[test]
    fn blank_lines_of_a_section() {
        let text = "(1) Eins.\n\n(2) Zwei\nweiter. \n \n(3) Drei.\n";
        assert_eq!(blank_lines(text), [9..11, 27..31]);
        assert_eq!(blank_lines(text), blank_line_tokens(text));
        assert!(blank_lines("Ein Satz.\n").is_empty());
        assert_eq!(blank_lines("\n\n\n"), vec![0..3]);
        assert_eq!(blank_lines("\n\n "), vec![0..3]);
        assert_eq!(blank_lines(" \u{a0}\n\n"), vec![0..5]);
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

    /// Texts of up to `max` of `parts`, in any order and number.
    fn joined(
        parts: Vec<&'static str>,
        max: usize,
    ) -> impl proptest::strategy::Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(parts), 0..max)
            .prop_map(|parts| parts.concat())
    }

    /// Texts from a few words, so that many tokens repeat.
    fn legal_text() -> impl proptest::strategy::Strategy<Value = String> {
        joined(
            vec![
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
            ],
            60,
        )
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn blank_lines_are_the_blank_line_tokens(
            text in joined(vec!["Satz", " ", "\n", "\t", ".", "(1)", "\u{a0}", "§§"], 40)
        ) {
            prop_assert_eq!(blank_lines(&text), blank_line_tokens(&text));
        }

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
        fn diff_within_is_the_diff_of_the_cut_texts(
            old in legal_text(),
            new in legal_text(),
            cuts in proptest::array::uniform4(0..80usize),
        ) {
            let anywhere = |text: &str, i: usize| {
                (0..=i.min(text.len())).rev().find(|&b| text.is_char_boundary(b)).unwrap_or(0)
            };
            let [a, b, c, d] = cuts;
            let ob = anywhere(&old, a.min(b))..anywhere(&old, a.max(b));
            let nb = anywhere(&new, c.min(d))..anywhere(&new, c.max(d));
            let ops = diff_within(&old, ob.clone(), &new, nb.clone());
            let cut = diff(&old[ob.clone()], &new[nb.clone()]);
            prop_assert_eq!(ops.len(), cut.len());
            for (op, c) in ops.iter().zip(&cut) {
                prop_assert_eq!(op.tag, c.tag);
                prop_assert_eq!(&old[op.old.clone()], &old[ob.clone()][c.old.clone()]);
                prop_assert_eq!(&new[op.new.clone()], &new[nb.clone()][c.new.clone()]);
            }
        }

        #[test]
        fn shared_bytes_bound_the_equal_bytes(old in legal_text(), new in legal_text()) {
            let equal: usize = diff(&old, &new)
                .iter()
                .filter(|op| op.tag == similar::DiffTag::Equal)
                .map(|op| op.old.len())
                .sum();
            let (a, b) = counts_of(&old, &new);
            let bound = a.shared_bytes(&b);
            prop_assert!(equal <= bound, "{equal} > {bound}");
            prop_assert_eq!(bound, b.shared_bytes(&a));
        }
    }

    proptest! {
        /// Tokens of one byte are numbered without the map, as the map
        /// would number them: in the order they first occur.
        #[test]
        fn numbers_are_given_in_the_order_tokens_first_occur(
            tokens in proptest::collection::vec(
                proptest::sample::select(vec![
                    " ", ",", ".", "a", "\n", "ß", "Satz", "§", "(", "1", "12", "  ",
                ]),
                0..60,
            )
        ) {
            let mut numbering = Numbering::default();
            let ids: Vec<TokenId> = tokens.iter().map(|t| numbering.id(t)).collect();
            let mut first: Vec<&str> = Vec::new();
            for t in &tokens {
                if !first.contains(t) {
                    first.push(t);
                }
            }
            let expected: Vec<TokenId> = tokens
                .iter()
                .map(|t| first.iter().position(|f| f == t).unwrap() as TokenId)
                .collect();
            prop_assert_eq!(ids, expected);
        }
    }

    /// The token counts of two whole texts.
    fn counts_of(old: &str, new: &str) -> (TokenCounts, TokenCounts) {
        let mut numbering = Numbering::default();
        let (a, b) = (numbering.number(old), numbering.number(new));
        (a.counts(0..a.ranges().len()), b.counts(0..b.ranges().len()))
    }

    #[test]
    fn shared_bytes_of_real_words() {
        let (a, b) = counts_of("Satz 1 und Satz 2", "Satz 3");
        // "Satz" once (4 bytes) and one space (1 byte).
        assert_eq!(a.shared_bytes(&b), 5);
        let (empty, a) = counts_of("", "Satz 1 und Satz 2");
        assert_eq!(empty.shared_bytes(&a), 0);
    }

    #[test]
    fn keys_too_large_for_their_half_keep_the_bound_a_bound() {
        let key = TokenCounts::key;
        assert_eq!(TokenCounts::len(key(7, 12)), 12);
        // Ids past 2³² share a key: more tokens match, never fewer.
        assert_eq!(key(1 << 33, 4), key((1 << 33) + 1, 4));
        let long = 1usize.checked_shl(32).unwrap_or(usize::MAX);
        assert_eq!(TokenCounts::len(key(3, long)), usize::MAX);
        let counts = |keys: Vec<u64>| TokenCounts { tokens: keys };
        let (a, b) = (
            counts(vec![key(3, long), key(5, 2)]),
            counts(vec![key(3, long)]),
        );
        assert_eq!(a.shared_bytes(&b), usize::MAX);
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

/// The number of a token in a [`Numbering`].
///
/// A `u64`, not a `usize`: `similar` hashes every token of a diff, and
/// hashes a `u64` in one step where it feeds a `usize` through its general
/// byte path.
pub type TokenId = u64;

/// Numbers tokens: equal tokens get equal numbers, different ones
/// different numbers. A word diff compares tokens only for equality, so it
/// gives the same ops on the numbers as on the strings, without comparing
/// strings again and again.
#[derive(Debug)]
pub struct Numbering<'t> {
    // Tokens are short and come from the store, not from an adversary: a
    // fast hash beats SipHash's protection against crafted collisions,
    // and numbering every token of both texts is much of a comparison's cost.
    ids: FxHashMap<&'t str, TokenId>,
    /// The numbers of the tokens of one ASCII byte, by byte, plus one (0:
    /// not numbered yet). Single spaces and punctuation are over half of
    /// all tokens; a table numbers them without hashing.
    ascii: [TokenId; 128],
    /// How many different tokens have been numbered: the next number.
    len: TokenId,
}

impl Default for Numbering<'_> {
    fn default() -> Self {
        Numbering {
            ids: FxHashMap::default(),
            ascii: [0; 128],
            len: 0,
        }
    }
}

impl<'t> Numbering<'t> {
    /// A numbering with room for the tokens of about `bytes` bytes of text,
    /// so that it need not grow while numbering them.
    pub fn for_bytes(bytes: usize) -> Self {
        // Tokens average about four bytes, white space included, and about
        // one in three differs from all before it.
        let mut numbering = Numbering::default();
        numbering.ids.reserve(bytes / 12);
        numbering
    }

    /// Cuts `text` into tokens (see [`tokens`]) and numbers them.
    pub fn number(&mut self, text: &'t str) -> NumberedTokens<'t> {
        let ranges = token_ranges(text);
        let ids = ranges.iter().map(|r| self.id(&text[r.clone()])).collect();
        NumberedTokens { text, ranges, ids }
    }

    /// The number of `s`, taken as one token: a diff of numbers is the diff
    /// of the strings, without comparing or hashing the strings again.
    pub fn id(&mut self, s: &'t str) -> TokenId {
        let next = self.len;
        let id = match s.as_bytes() {
            &[byte] if byte.is_ascii() => {
                let slot = &mut self.ascii[usize::from(byte)];
                if *slot == 0 {
                    *slot = next + 1;
                }
                *slot - 1
            }
            _ => *self.ids.entry(s).or_insert(next),
        };
        if id == next {
            self.len += 1;
        }
        id
    }
}

/// A text cut into tokens, each with its number from a [`Numbering`].
#[derive(Debug, Clone)]
pub struct NumberedTokens<'t> {
    text: &'t str,
    ranges: Vec<Range<usize>>,
    ids: Vec<TokenId>,
}

impl<'t> NumberedTokens<'t> {
    /// The text.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The byte ranges of the tokens, in order.
    pub fn ranges(&self) -> &[Range<usize>] {
        &self.ranges
    }

    /// How often each of the tokens `tokens` occurs.
    pub fn counts(&self, tokens: Range<usize>) -> TokenCounts {
        let ids = self.ids.get(tokens.clone()).unwrap_or_default();
        let ranges = self.ranges.get(tokens).unwrap_or_default();
        let mut tokens: Vec<u64> = ids
            .iter()
            .zip(ranges)
            .map(|(&id, r)| TokenCounts::key(id, r.len()))
            .collect();
        tokens.sort_unstable();
        TokenCounts { tokens }
    }

    /// The bytes of the tokens `part` of the tokens `within`; an empty part
    /// stands where its tokens would.
    fn bytes(&self, within: &Range<usize>, part: Range<usize>) -> Range<usize> {
        let ranges = self.ranges.get(within.clone()).unwrap_or_default();
        // Where the tokens end: empty parts at the end stand there.
        let total = match ranges.last() {
            Some(last) => last.end,
            None => self
                .ranges
                .get(within.start)
                .map_or(self.text.len(), |r| r.start),
        };
        let start = ranges.get(part.start).map_or(total, |r| r.start);
        let end = if part.end == 0 {
            start
        } else {
            ranges.get(part.end - 1).map_or(total, |r| r.end)
        };
        start..end.max(start)
    }
}

/// Compares two texts word by word (see [`tokens`]); the ops cover both texts
/// completely and in order.
pub fn diff(old: &str, new: &str) -> Vec<WordOp> {
    let mut numbering = Numbering::default();
    let (old, new) = (numbering.number(old), numbering.number(new));
    diff_numbered(&old, 0..old.ranges.len(), &new, 0..new.ranges.len())
}

/// Compares the bytes `old_bytes` of `old` with the bytes `new_bytes` of
/// `new` word by word, as [`diff`] compares them on their own; the ops are
/// in bytes of the whole texts.
pub fn diff_within(
    old: &str,
    old_bytes: Range<usize>,
    new: &str,
    new_bytes: Range<usize>,
) -> Vec<WordOp> {
    let (a, b) = (
        old.get(old_bytes.clone()).unwrap_or_default(),
        new.get(new_bytes.clone()).unwrap_or_default(),
    );
    diff(a, b)
        .into_iter()
        .map(|op| WordOp {
            tag: op.tag,
            old: op.old.start + old_bytes.start..op.old.end + old_bytes.start,
            new: op.new.start + new_bytes.start..op.new.end + new_bytes.start,
        })
        .collect()
}

/// The word diff of the tokens `old_tokens` of one text and `new_tokens`
/// of another, both numbered by the same [`Numbering`]; the ops are in bytes
/// of the whole texts.
pub fn diff_numbered(
    old: &NumberedTokens<'_>,
    old_tokens: Range<usize>,
    new: &NumberedTokens<'_>,
    new_tokens: Range<usize>,
) -> Vec<WordOp> {
    let old_ids = old.ids.get(old_tokens.clone()).unwrap_or_default();
    let new_ids = new.ids.get(new_tokens.clone()).unwrap_or_default();
    // Patience takes its anchors from the whole of both ranges, so the
    // common ends cannot be set apart first without changing the result.
    similar::capture_diff_slices(similar::Algorithm::Patience, old_ids, new_ids)
        .into_iter()
        .map(|op| {
            let (tag, o, n) = op.as_tag_tuple();
            WordOp {
                tag,
                old: old.bytes(&old_tokens, o),
                new: new.bytes(&new_tokens, n),
            }
        })
        .collect()
}

/// How often each token occurs in part of a text: bounds what a word diff
/// of two texts can find in common without running it. Only counts from
/// the same [`Numbering`] compare.
#[derive(Debug, Clone, Default)]
pub struct TokenCounts {
    /// Every token as its number and length in one key (see
    /// [`TokenCounts::key`]), sorted: equal tokens lie side by side, and
    /// one integer sorts and compares faster than a pair.
    tokens: Vec<u64>,
}

impl TokenCounts {
    /// A token's number in the high half, its length in bytes in the low:
    /// equal tokens have equal keys, and the length reads back from the key.
    ///
    /// Both halves saturate, and the bound stays a bound: tokens numbered
    /// past 2³² share a key (the bound only grows), and a length of 4 GiB
    /// or more reads back as unbounded.
    fn key(id: TokenId, len: usize) -> u64 {
        let half = |n: u64| u64::from(u32::try_from(n).unwrap_or(u32::MAX));
        half(id) << 32 | half(u64::try_from(len).unwrap_or(u64::MAX))
    }

    /// The length in bytes of the token of `key`, or `usize::MAX` if it
    /// did not fit.
    fn len(key: u64) -> usize {
        let low = key & u64::from(u32::MAX);
        if low == u64::from(u32::MAX) {
            return usize::MAX;
        }
        usize::try_from(low).unwrap_or(usize::MAX)
    }

    /// An upper bound of the bytes [`diff`] finds equal in the two texts:
    /// each equal token of one text is matched with an equal token of the
    /// other, so a token can match no more often than the text with fewer
    /// of it holds it.
    pub fn shared_bytes(&self, other: &TokenCounts) -> usize {
        let (a, b) = (&self.tokens, &other.tokens);
        let (mut i, mut j, mut shared) = (0, 0, 0);
        // Walking both sorted lists pairs each token with an equal one of
        // the other list as long as both have one left: min(count, count).
        while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
            match x.cmp(&y) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared = TokenCounts::len(x).saturating_add(shared);
                    i += 1;
                    j += 1;
                }
            }
        }
        shared
    }
}
