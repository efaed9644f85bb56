//! Days as German legal texts write them: "22. September 2021".

use jiff::civil::Date;

/// The German month names, January first.
pub const MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// "22. September 2021", "1. Juli 2021".
pub fn german(d: Date) -> String {
    let month = MONTHS
        .get((d.month() as usize).saturating_sub(1))
        .copied()
        .unwrap_or_default();
    format!("{}. {month} {}", d.day(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_form() {
        assert_eq!(german(jiff::civil::date(2021, 9, 22)), "22. September 2021");
        assert_eq!(german(jiff::civil::date(2021, 7, 1)), "1. Juli 2021");
        assert_eq!(german(jiff::civil::date(1998, 11, 13)), "13. November 1998");
    }
}
