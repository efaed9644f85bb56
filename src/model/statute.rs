//! Laws, their sections, and the versions of each section over time.

use jiff::civil::Date;

use super::numbering;

/// A law in the store, with every version of the sections it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Law {
    /// The store's name for it (the directory under `statutes/`), e.g. "stgb".
    pub key: String,
    /// "Strafgesetzbuch"
    pub name: String,
    /// "StGB"
    pub abbreviation: String,
    /// The citation amending acts use, e.g. "Strafgesetzbuch in der Fassung
    /// der Bekanntmachung vom 13. November 1998 (BGBl. I S. 3322)".
    pub citation: String,
    /// The sections, in the law's order.
    pub sections: Vec<Section>,
}

/// One section (§) and its versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// "176a"
    pub number: String,
    /// The versions, oldest first; no two on the same day.
    pub versions: Vec<Version>,
}

/// A section as it read from one day on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The day the version entered into force.
    pub valid_from: Date,
    /// The act that made it.
    pub source: String,
    /// Its content.
    pub content: Content,
}

/// What a version of a section says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// A section in force: heading and text, byte for byte as published.
    Text {
        /// The heading after "§ N – ".
        title: String,
        /// The body in the official layout; see [`crate::model::text`].
        text: String,
    },
    /// The section was repealed: "(weggefallen)".
    Repealed,
}

/// The word gesetze-im-internet.de and the Handbuch use for a repealed unit.
pub const REPEALED: &str = "(weggefallen)";

impl Content {
    /// The title, or "(weggefallen)".
    pub fn title(&self) -> &str {
        match self {
            Content::Text { title, .. } => title,
            Content::Repealed => REPEALED,
        }
    }

    /// The text, or "" for a repealed section.
    pub fn text(&self) -> &str {
        match self {
            Content::Text { text, .. } => text,
            Content::Repealed => "",
        }
    }

    /// Whether the section is repealed.
    pub fn is_repealed(&self) -> bool {
        matches!(self, Content::Repealed)
    }
}

impl Section {
    /// The version in force on `day`, if any.
    pub fn at(&self, day: Date) -> Option<&Version> {
        self.versions.iter().rev().find(|v| v.valid_from <= day)
    }

    /// The index of the version in force on `day`.
    pub fn index_at(&self, day: Date) -> Option<usize> {
        self.versions.iter().rposition(|v| v.valid_from <= day)
    }

    /// The last day `versions[i]` was in force, if a later version replaced it.
    pub fn valid_until(&self, i: usize) -> Option<Date> {
        self.versions
            .get(i + 1)
            .and_then(|v| v.valid_from.yesterday().ok())
    }

    /// The first day any version was in force.
    pub fn first_day(&self) -> Option<Date> {
        self.versions.first().map(|v| v.valid_from)
    }
}

impl Law {
    /// The section numbered `number`.
    pub fn section(&self, number: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.number == number)
    }

    /// Sections from `from` to `to` (inclusive), in the law's order.
    pub fn range<'a>(
        &'a self,
        from: &'a str,
        to: &'a str,
    ) -> impl Iterator<Item = &'a Section> + 'a {
        use std::cmp::Ordering::*;
        self.sections.iter().filter(move |s| {
            numbering::compare(&s.number, from) != Less
                && numbering::compare(&s.number, to) != Greater
        })
    }

    /// Sorts the sections into the law's order.
    pub fn sort(&mut self) {
        self.sections
            .sort_by(|a, b| numbering::compare(&a.number, &b.number));
    }

    /// The first day on which any section of the law is in force.
    pub fn first_day(&self) -> Option<Date> {
        self.sections.iter().filter_map(Section::first_day).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn v(d: Date) -> Version {
        Version {
            valid_from: d,
            source: "Act".into(),
            content: Content::Repealed,
        }
    }

    #[test]
    fn version_in_force() {
        let s = Section {
            number: "176".into(),
            versions: vec![v(date(2021, 1, 1)), v(date(2021, 7, 1))],
        };
        assert_eq!(s.index_at(date(2020, 12, 31)), None);
        assert_eq!(s.index_at(date(2021, 6, 30)), Some(0));
        assert_eq!(s.index_at(date(2021, 7, 1)), Some(1));
        assert_eq!(s.valid_until(0), Some(date(2021, 6, 30)));
        assert_eq!(s.valid_until(1), None);
    }
}
