//! Small helpers shared by the statute and proposal loaders.

use std::ops::Range;

use jiff::civil::Date;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::value::Datetime;

use super::TextOrigin;
use crate::diag::{Diagnostic, FileId};

/// Parses `text` as TOML into `T`, or explains why not.
pub fn parse<T: DeserializeOwned>(file: FileId, text: &str) -> Result<T, Diagnostic> {
    toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().to_owned();
        let hint = if message.contains("unknown field") {
            "remove the key or fix its spelling; the message lists the keys allowed here"
        } else if message.contains("missing field") {
            "add the key to this table"
        } else if message.contains("date") {
            "write a day of the calendar as YYYY-MM-DD, without quotes"
        } else if message.contains("invalid type") {
            "check the value's type: text in quotes, dates as 2021-07-01 without quotes, true/false"
        } else {
            "see https://toml.io for the syntax; multi-line text goes between \"\"\" and \"\"\""
        };
        Diagnostic::error(format!("invalid TOML: {message}"))
            .at(file, span)
            .label("here")
            .hint(hint)
    })
}

/// Converts a TOML date to a calendar date, rejecting times and impossible days.
pub fn date(file: FileId, value: &Spanned<Datetime>, key: &str) -> Result<Date, Diagnostic> {
    let dt = value.get_ref();
    let bad = |msg: String| {
        Diagnostic::error(msg)
            .at(file, value.span())
            .label("here")
            .hint(format!(
                "write `{key} = 2021-07-01` (a date without time, not in quotes)"
            ))
    };
    let (Some(d), None, None) = (dt.date, dt.time, dt.offset) else {
        return Err(bad(format!("`{key}` must be a plain date")));
    };
    Date::new(d.year as i16, d.month as i8, d.day as i8)
        .map_err(|_| bad(format!("`{key}` is not a day of the calendar: {dt}")))
}

/// Where the string value at `span` stands in `source`, and whether its
/// text appears there byte for byte.
pub fn text_origin(file: FileId, source: &str, span: Range<usize>, value: &str) -> TextOrigin {
    let raw = source.get(span.clone()).unwrap_or("");
    let mut start = span.start;
    let mut body = raw;
    for delim in ["\"\"\"", "'''", "\"", "'"] {
        if let Some(rest) = raw.strip_prefix(delim) {
            start += delim.len();
            body = rest;
            if delim.len() == 3 {
                // A newline right after the opening delimiter is not part of the string.
                if let Some(rest) = body.strip_prefix('\n') {
                    start += 1;
                    body = rest;
                } else if let Some(rest) = body.strip_prefix("\r\n") {
                    start += 2;
                    body = rest;
                }
            }
            break;
        }
    }
    TextOrigin {
        file,
        value: span,
        verbatim_start: body.starts_with(value).then_some(start),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct T {
        t: Spanned<String>,
    }

    #[test]
    fn verbatim_texts_map_offsets() {
        let src = "t = \"\"\"\n(1) Wer.\n\"\"\"\n";
        let v: T = toml::from_str(src).unwrap();
        let o = text_origin(0, src, v.t.span(), v.t.get_ref());
        let start = o.verbatim_start.unwrap();
        assert_eq!(&src[start..start + 3], "(1)");
        let src = "t = \"a\\u00e4\"";
        let v: T = toml::from_str(src).unwrap();
        assert_eq!(
            text_origin(0, src, v.t.span(), v.t.get_ref()).verbatim_start,
            None
        );
    }
}
