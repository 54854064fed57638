//! Month and weekday names in English, for reading dates out of raw text
//! (pages name them in the site's language, see [`crate::i18n`]).

use chrono::{Datelike, NaiveDate};

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// `Tuesday` for 18 February 2025.
pub fn weekday_name(date: NaiveDate) -> &'static str {
    WEEKDAYS[date.weekday().num_days_from_monday() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_weekday() {
        let date = NaiveDate::from_ymd_opt(2025, 2, 18).unwrap();
        assert_eq!(weekday_name(date), "Tuesday");
    }
}
