//! Finds dates in article text (`February 19, 2023`, `Feb 18`, `27.03.2025`,
//! `Saturday 16 August 2025`, `2025-05-15`, `Friday, December 2`), resolves a
//! yearless one against the nearest full date of the same piece, and picks
//! the publication date from headers, bylines and datelines. It never makes
//! a date up: when nothing establishes one, it says so.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};
use regex::{Captures, Regex};

use crate::calendar::{weekday_name, WEEKDAYS};

const WEEKDAY: &str = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTH: &str = r"((?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?))\.?";

static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:{WEEKDAY},?\s+)?{MONTH}\s+([0-9]{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+([0-9]{{4}})(?-u:\b))?"
    ))
    .expect("valid regex")
});
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:{WEEKDAY},?\s+)?([0-9]{{1,2}})(?:st|nd|rd|th)?\s+{MONTH}(?:,?\s+([0-9]{{4}})(?-u:\b))?"
    ))
    .expect("valid regex")
});
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([0-9]{4})-([0-9]{2})-([0-9]{2})(?-u:\b)").expect("valid regex")
});
static SLASHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?-u:\b)").expect("valid regex")
});
static DOTTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})(?-u:\b)").expect("valid regex")
});
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[A-Z][A-Z .'-]+,\s+{MONTH}\s+([0-9]{{1,2}})(?:,?\s+([0-9]{{4}}))?\s+\(([^)]+)\)"
    ))
    .expect("valid regex")
});

/// A date as written: the year may be missing, a weekday may be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
    pub weekday: Option<Weekday>,
    /// Byte offset in the text it was found in.
    pub at: usize,
}

impl Mention {
    /// The date, when the year is written and the day exists.
    pub fn full(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month, self.day)
    }

    /// The date, taking a missing year from `reference`: with a weekday, the
    /// year next to the reference's in which the weekday fits; without, the
    /// reference's year.
    pub fn resolve(&self, reference: NaiveDate) -> Option<NaiveDate> {
        if let Some(date) = self.full() {
            return Some(date);
        }
        let year = reference.year();
        match self.weekday {
            None => NaiveDate::from_ymd_opt(year, self.month, self.day),
            Some(weekday) => [year, year + 1, year - 1]
                .into_iter()
                .filter_map(|y| NaiveDate::from_ymd_opt(y, self.month, self.day))
                .find(|d| d.weekday() == weekday),
        }
    }
}

/// Every date written in `text`, in order.
pub fn mentions(text: &str) -> Vec<Mention> {
    let mut found: Vec<Mention> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut add = |m: Option<Mention>, start: usize, end: usize| {
        if let Some(m) = m {
            if !taken.iter().any(|&(s, e)| start < e && s < end) {
                taken.push((start, end));
                found.push(m);
            }
        }
    };
    for caps in ISO.captures_iter(text) {
        let whole = caps.get(0).map_or(0..0, |m| m.range());
        add(numeric(&caps, 1, 2, 3, whole.start), whole.start, whole.end);
    }
    for caps in DOTTED.captures_iter(text) {
        let whole = caps.get(0).map_or(0..0, |m| m.range());
        add(numeric(&caps, 3, 2, 1, whole.start), whole.start, whole.end);
    }
    for caps in SLASHED.captures_iter(text) {
        let whole = caps.get(0).map_or(0..0, |m| m.range());
        add(slashed(&caps, whole.start), whole.start, whole.end);
    }
    for caps in DAY_MONTH.captures_iter(text) {
        let whole = caps.get(0).map_or(0..0, |m| m.range());
        add(named(&caps, 3, 2, whole.start), whole.start, whole.end);
    }
    for caps in MONTH_DAY.captures_iter(text) {
        let whole = caps.get(0).map_or(0..0, |m| m.range());
        add(named(&caps, 2, 3, whole.start), whole.start, whole.end);
    }
    found.sort_by_key(|m| m.at);
    found
}

fn numeric(caps: &Captures<'_>, y: usize, m: usize, d: usize, at: usize) -> Option<Mention> {
    let mention = Mention {
        year: caps.get(y)?.as_str().parse().ok(),
        month: caps.get(m)?.as_str().parse().ok()?,
        day: caps.get(d)?.as_str().parse().ok()?,
        weekday: None,
        at,
    };
    mention.full().map(|_| mention)
}

/// `12/30/2019` (month first) or `30/12/2019` (day first); `02/10/2020`
/// could be either, and is not read.
fn slashed(caps: &Captures<'_>, at: usize) -> Option<Mention> {
    let first: u32 = caps.get(1)?.as_str().parse().ok()?;
    let second: u32 = caps.get(2)?.as_str().parse().ok()?;
    let (month, day) = match (first > 12, second > 12) {
        (false, true) => (first, second),
        (true, false) => (second, first),
        _ if first == second => (first, second),
        _ => return None,
    };
    let mention = Mention {
        year: caps.get(3)?.as_str().parse().ok(),
        month,
        day,
        weekday: None,
        at,
    };
    mention.full().map(|_| mention)
}

/// A date with the month by name; a month in small letters (`it may 12`)
/// is a word, not a month.
fn named(caps: &Captures<'_>, month: usize, day: usize, at: usize) -> Option<Mention> {
    let name = caps.get(month)?.as_str();
    if name.chars().all(char::is_lowercase) {
        return None;
    }
    let month = month_number(name)?;
    let day: u32 = caps.get(day)?.as_str().parse().ok()?;
    if !(1..=31).contains(&day) {
        return None;
    }
    Some(Mention {
        year: caps.get(4).and_then(|y| y.as_str().parse().ok()),
        month,
        day,
        weekday: caps.get(1).and_then(|w| w.as_str().parse().ok()),
        at,
    })
}

fn month_number(name: &str) -> Option<u32> {
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = name.get(..3)?.to_ascii_lowercase();
    months
        .iter()
        .position(|m| *m == prefix)
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// The date of a date line, also when the date is glued to the word before
/// it (`Online News EditorJune 11, 2020`).
pub fn date_line_date(line: &str) -> Option<NaiveDate> {
    // Spacing the words apart makes no year where there was none.
    if !has_year(line) {
        return None;
    }
    first_full_date(line).or_else(|| {
        let mut spaced = String::with_capacity(line.len() + 4);
        let mut previous = ' ';
        for c in line.chars() {
            if previous.is_lowercase() && c.is_uppercase() {
                spaced.push(' ');
            }
            spaced.push(c);
            previous = c;
        }
        first_full_date(&spaced)
    })
}

/// Whether `text` has a `DD/MM/YYYY` or `MM/DD/YYYY` date, readable or not.
pub fn has_slashed_date(text: &str) -> bool {
    has_year(text) && SLASHED.is_match(text)
}

/// Whether `text` has four digits in a row, as every full date has.
fn has_year(text: &str) -> bool {
    text.as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit))
}

/// The first full date in `text` (a header's `Published February 19, 2023`).
pub fn first_full_date(text: &str) -> Option<NaiveDate> {
    if !has_year(text) {
        return None;
    }
    mentions(text).iter().find_map(Mention::full)
}

/// A dateline at the start of a paragraph: `RIYADH, Feb 18 (Reuters)`.
pub fn dateline(paragraph: &str) -> Option<Mention> {
    let caps = DATELINE.captures(paragraph)?;
    Some(Mention {
        year: caps.get(3).and_then(|y| y.as_str().parse().ok()),
        month: month_number(caps.get(1)?.as_str())?,
        day: caps.get(2)?.as_str().parse().ok()?,
        weekday: None,
        at: 0,
    })
}

/// How the publication date was established, or why it could not be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dating {
    pub date: Option<NaiveDate>,
    /// Where the date came from, or why there is none.
    pub how: String,
    pub warnings: Vec<String>,
}

/// The publication date of a piece: its header date, else a byline date, else
/// its dateline, else a weekday-qualified date in the text (`on Friday,
/// December 2`), each yearless one resolved against the nearest full date.
pub fn publication_date(header: Option<&str>, paragraphs: &[String]) -> Dating {
    let mut warnings = Vec::new();
    let header_date = header.and_then(first_full_date);
    let byline = paragraphs
        .iter()
        .filter(|p| p.split_whitespace().count() <= 8)
        .find_map(|p| first_full_date(p).map(|d| (d, p)));
    let reference = |index: usize| header_date.or_else(|| nearest_full_date(paragraphs, index));
    let dateline = paragraphs
        .iter()
        .take(3)
        .enumerate()
        .find_map(|(i, p)| dateline(p).map(|m| (i, m, p)));
    if let Some((i, mention, paragraph)) = dateline {
        if let Some(date) = reference(i).and_then(|r| mention.resolve(r)) {
            if let Some(weekday) = wrong_weekday(date, paragraph) {
                warnings.push(format!(
                    "the dateline gives {date}, a {}, but its paragraph speaks of {weekday}: check the year",
                    weekday_name(date)
                ));
            }
            if header_date.is_some_and(|h| (h - date).num_days().abs() > 1) {
                warnings.push(format!(
                    "the header date {} and the dateline date {date} disagree: check which is right",
                    header_date.map(|d| d.to_string()).unwrap_or_default()
                ));
            }
        }
    }
    if let Some(date) = header_date {
        return Dating {
            date: Some(date),
            how: "from the header".to_string(),
            warnings,
        };
    }
    if let Some((date, line)) = byline {
        return Dating {
            date: Some(date),
            how: format!("from the byline \"{line}\""),
            warnings,
        };
    }
    if let Some((i, mention, _)) = dateline {
        if let Some(date) = reference(i).and_then(|r| mention.resolve(r)) {
            return Dating {
                date: Some(date),
                how: "from the dateline".to_string(),
                warnings,
            };
        }
    }
    for (i, paragraph) in paragraphs.iter().enumerate() {
        for mention in mentions(paragraph).iter().filter(|m| m.weekday.is_some()) {
            if let Some(date) = reference(i).and_then(|r| mention.resolve(r)) {
                warnings.push(format!(
                    "date {date} taken from a date in the text (\"{}\"), not from a header or byline: check it",
                    excerpt(paragraph, mention.at)
                ));
                return Dating {
                    date: Some(date),
                    how: "from the text".to_string(),
                    warnings,
                };
            }
        }
    }
    Dating {
        date: None,
        how: "no header, byline, dateline or full date in the text".to_string(),
        warnings,
    }
}

/// The full date written nearest to paragraph `index`.
fn nearest_full_date(paragraphs: &[String], index: usize) -> Option<NaiveDate> {
    paragraphs
        .iter()
        .enumerate()
        .filter_map(|(i, p)| first_full_date(p).map(|d| (i.abs_diff(index), d)))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, d)| d)
}

/// A weekday named in `paragraph` when `date` is on none of those named.
fn wrong_weekday(date: NaiveDate, paragraph: &str) -> Option<&'static str> {
    let named: Vec<&str> = WEEKDAYS
        .into_iter()
        .filter(|d| paragraph.contains(d))
        .collect();
    let actual = weekday_name(date);
    if named.is_empty() || named.contains(&actual) {
        None
    } else {
        named.first().copied()
    }
}

/// Up to 40 characters of `text` from byte `at`, cut at a char boundary.
fn excerpt(text: &str, at: usize) -> String {
    text.get(at..)
        .unwrap_or_default()
        .chars()
        .take(40)
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn paragraphs(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    #[test]
    fn reads_every_form_of_the_seeds() {
        assert_eq!(
            first_full_date("REUTERS | Published February 19, 2023"),
            Some(ymd(2023, 2, 19))
        );
        assert_eq!(
            first_full_date("at Diriyah Palace, in Riyadh, Saudi Arabia, Tuesday Feb. 18, 2025."),
            Some(ymd(2025, 2, 18))
        );
        assert_eq!(
            first_full_date("On December 21, 2021, at an expanded board"),
            Some(ymd(2021, 12, 21))
        );
        let friday = mentions("responded to Biden's escapade on Friday, December 2, once again");
        assert_eq!(friday.len(), 1);
        assert_eq!(friday[0].weekday, Some(Weekday::Fri));
        assert_eq!(friday[0].year, None);
        assert_eq!(friday[0].resolve(ymd(2021, 12, 21)), Some(ymd(2022, 12, 2)));
        let line = dateline("RIYADH, Feb 18 (Reuters) – U.S. President Donald Trump’s administration said on Tuesday").unwrap();
        assert_eq!((line.month, line.day, line.year), (2, 18, None));
        assert_eq!(
            mentions("since Russia invaded Ukraine on February 24.")[0].resolve(ymd(2022, 6, 1)),
            Some(ymd(2022, 2, 24))
        );
    }

    #[test]
    fn reads_forms_the_seeds_lack() {
        assert_eq!(
            first_full_date("Updated 27.03.2025"),
            Some(ymd(2025, 3, 27))
        );
        assert_eq!(
            first_full_date("Saturday 16 August 2025"),
            Some(ymd(2025, 8, 16))
        );
        assert_eq!(
            first_full_date("Published: 2025-05-15"),
            Some(ymd(2025, 5, 15))
        );
        assert_eq!(first_full_date("on 31.02.2025"), None);
        assert_eq!(first_full_date("2 Sept 2024"), Some(ymd(2024, 9, 2)));
        assert_eq!(first_full_date("it may 12 times"), None);
    }

    #[test]
    fn reads_the_forms_of_real_pages() {
        let cases = [
            ("AUGUST 23, 2020", ymd(2020, 8, 23)),
            ("Updated21:22, 6 OCT 2020", ymd(2020, 10, 6)),
            (
                "November 19, 2019 | 4:20am | Updated November 19, 2019 | 9:32pm",
                ymd(2019, 11, 19),
            ),
            ("November 20, 2019 / 1:07 AM / CBS News", ymd(2019, 11, 20)),
            (
                "PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019",
                ymd(2019, 11, 19),
            ),
            (
                "Published: 28 Apr, 2020 CET. Updated: Tue 28 Apr 2020 08:11 CET",
                ymd(2020, 4, 28),
            ),
            ("12/30/2019 05:03 AM EST", ymd(2019, 12, 30)),
            ("By JEFFREY GETTLEMAN JAN. 13, 2017", ymd(2017, 1, 13)),
            ("Nov 20 2019, 10:18am ist", ymd(2019, 11, 20)),
            (
                "Fahad Shabbir (@FahadShabbir) 12 minutes ago Wed 29th April 2020 | 03:32 PM",
                ymd(2020, 4, 29),
            ),
            (
                "Published Monday, Dec. 29 2014, 6:00 AM EST",
                ymd(2014, 12, 29),
            ),
        ];
        for (line, date) in cases {
            assert_eq!(first_full_date(line), Some(date), "{line}");
        }
        assert_eq!(
            first_full_date("The Guardian 02/10/2020 Anna Fazackerley"),
            None
        );
    }

    #[test]
    fn the_header_wins_and_a_wrong_dateline_year_is_reported() {
        let dating = publication_date(
            Some("REUTERS | Published February 19, 2023"),
            &paragraphs("RIYADH, Feb 18 (Reuters) – Trump’s administration said on Tuesday it had agreed to talks."),
        );
        assert_eq!(dating.date, Some(ymd(2023, 2, 19)));
        assert_eq!(dating.warnings.len(), 1, "{:?}", dating.warnings);
        assert!(
            dating.warnings[0].contains("Saturday"),
            "{:?}",
            dating.warnings
        );
    }

    #[test]
    fn a_dateline_resolves_against_the_nearest_full_date() {
        let dating = publication_date(
            None,
            &paragraphs("KYIV, May 14 (Reuters) - Ukraine said on Wednesday it was ready.\nThe talks of May 15, 2025 follow the first round of meetings held in the city last week."),
        );
        assert_eq!(dating.date, Some(ymd(2025, 5, 14)));
        assert!(dating.warnings.is_empty(), "{:?}", dating.warnings);
    }

    #[test]
    fn a_byline_date_is_used() {
        let dating = publication_date(
            None,
            &paragraphs("By Jane Doe, Saturday 16 August 2025\nText."),
        );
        assert_eq!(dating.date, Some(ymd(2025, 8, 16)));
    }

    #[test]
    fn a_weekday_date_in_the_text_is_used_with_a_warning() {
        let dating = publication_date(
            None,
            &paragraphs("Peskov responded on Friday, December 2, once again saying so.\nOn December 21, 2021, at an expanded board of the Defense Ministry, Putin spoke at length about missiles."),
        );
        assert_eq!(dating.date, Some(ymd(2022, 12, 2)));
        assert_eq!(dating.warnings.len(), 1);
    }

    #[test]
    fn no_date_is_ever_made_up() {
        let dating = publication_date(
            None,
            &paragraphs("The Kremlin said on Friday that talks were possible.\nMr. Biden has not spoken to Mr. Putin since Russia invaded Ukraine on February 24."),
        );
        assert_eq!(dating.date, None);
    }
}
