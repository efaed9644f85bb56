//! Unit and section numbers: "2", "2a", "b", "bb", and their order.

use std::cmp::Ordering;

/// The number that follows `n` in a plain sequence: "2" → "3", "2a" → "3",
/// "b" → "c", "z" → "aa", "aa" → "bb".
pub fn successor(n: &str) -> String {
    shift(n, 1).unwrap_or_else(|| format!("{n}+1"))
}

/// The number before `n`, if there is one: "3" → "2", "b" → "a".
pub fn predecessor(n: &str) -> Option<String> {
    shift(n, -1)
}

/// Moves a number by `by` places in its sequence (suffixes are dropped).
pub fn shift(n: &str, by: i64) -> Option<String> {
    let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let v: i64 = digits.parse().ok()?;
        let shifted = v.checked_add(by)?;
        return (shifted >= 1).then(|| shifted.to_string());
    }
    let rank = letter_rank(n)? as i64 + by;
    (rank >= 1).then(|| letters_for_rank(rank as u64))
}

/// The number of a unit inserted right after `n` without renumbering:
/// "2" → "2a", "2a" → "2b". Letters have no such form.
pub fn suffix_successor(n: &str) -> Option<String> {
    let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let suffix = &n[digits.len()..];
    match suffix.chars().last() {
        None => Some(format!("{digits}a")),
        Some(c) if c.is_ascii_lowercase() && c != 'z' && suffix.len() == 1 => {
            Some(format!("{digits}{}", (c as u8 + 1) as char))
        }
        _ => None,
    }
}

/// A key that sorts numbers as the law does: "2" < "2a" < "3" < "10", "a" < "z" < "aa".
// Borrowed, not owned: sorting the sections of a whole code compares keys
// thousands of times.
pub fn order_key(n: &str) -> (u64, &str) {
    let digits = n.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return (letter_rank(n).unwrap_or(u64::MAX), "");
    }
    let v = n[..digits].parse().unwrap_or(u64::MAX);
    (v, &n[digits..])
}

/// Compares two numbers in the law's order.
pub fn compare(a: &str, b: &str) -> Ordering {
    order_key(a).cmp(&order_key(b))
}

/// a=1 … z=26, aa=27, bb=28 …; `None` for anything else.
fn letter_rank(n: &str) -> Option<u64> {
    let first = n.chars().next()?;
    if !first.is_ascii_lowercase() || n.chars().any(|c| c != first) {
        return None;
    }
    Some((n.len() as u64 - 1) * 26 + u64::from(first as u8 - b'a') + 1)
}

fn letters_for_rank(rank: u64) -> String {
    let len = (rank - 1) / 26 + 1;
    let c = (b'a' + ((rank - 1) % 26) as u8) as char;
    std::iter::repeat_n(c, len as usize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn successors() {
        assert_eq!(successor("1"), "2");
        assert_eq!(successor("2a"), "3");
        assert_eq!(successor("b"), "c");
        assert_eq!(successor("z"), "aa");
        assert_eq!(successor("aa"), "bb");
        assert_eq!(predecessor("1"), None);
        assert_eq!(predecessor("c").as_deref(), Some("b"));
        assert_eq!(suffix_successor("2").as_deref(), Some("2a"));
        assert_eq!(suffix_successor("2a").as_deref(), Some("2b"));
        assert_eq!(suffix_successor("a"), None);
    }

    #[test]
    fn order() {
        let mut v = vec!["176b", "10", "176", "2", "176a", "177"];
        v.sort_by(|a, b| compare(a, b));
        assert_eq!(v, ["2", "10", "176", "176a", "176b", "177"]);
        assert_eq!(compare("z", "aa"), Ordering::Less);
    }
}
