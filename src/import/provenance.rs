//! A quote's provenance as import writes it (`[[quotes]]` in the content
//! format): `context`, always; `said` where the words around the quote say
//! when ("In March", "on Thursday", "last December", "on 21 December
//! 2021"), resolved against the article's date and never after it; `via`
//! when the words are second-hand; `disputed` where the story says the
//! person it came through denied it; `events` when the context names an
//! event's keyword, or its place near its dates.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;
use toml::{Table, Value};

use super::actors::ActorMatcher;
use super::events::EventMatcher;
use super::quotes::{Found, Speaker};
use crate::model::Said;
use crate::statements::Window;

/// The TOML value of `said`: a date, or `"YYYY-MM"`.
pub fn said_value(said: Said) -> Value {
    match said {
        Said::Day(day) => day
            .to_string()
            .parse::<toml::value::Datetime>()
            .map_or_else(|_| Value::String(day.to_string()), Value::Datetime),
        Said::Month(first) => Value::String(first.format("%Y-%m").to_string()),
    }
}

fn month(year: i32, month: u32) -> Option<Said> {
    Said::month(year, month)
}

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

const WEEKDAYS: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(\d{{1,2}}) ({MONTHS})\.?,? (\d{{4}})\b")).expect("valid regex")
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b({MONTHS})\.? (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b"
    ))
    .expect("valid regex")
});
static MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\b({MONTHS})\.?,? (\d{{4}})\b")).expect("valid regex"));
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b({MONTHS})\.? (\d{{1,2}})(?:st|nd|rd|th)?\b")).expect("valid regex")
});
static DAY_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\b(\d{{1,2}}) ({MONTHS})\b")).expect("valid regex"));
static LAST_MONTH_NAMED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\b[Ll]ast ({MONTHS})\b")).expect("valid regex"));
static IN_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:[Ii]n|[Ss]ince|[Ee]arly|[Ll]ate|[Mm]id-) ?({MONTHS})\b"
    ))
    .expect("valid regex")
});
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(?:([Ll]ast) )?({WEEKDAYS})\b")).expect("valid regex")
});
static RELATIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(yesterday|[Ll]ast month)\b").expect("valid regex"));

/// A word that every match of the patterns above holds: a month, a
/// weekday, "yesterday" or "last month", ending a word. One search for it
/// passes over most of a text's sentences. Looking for lower-case hints
/// ("may", "dec", "day") let most sentences through to all nine patterns,
/// which took a twentieth of the import of pasted articles.
static TIME_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:{MONTHS}|{WEEKDAYS}|yesterday|[Ll]ast month)\b"
    ))
    .expect("valid regex")
});

/// When the words `frame` say something was said, for an article of date
/// `article`: the earliest-placed mention of a time wins. Words naming no
/// month or day are passed over without running the patterns.
pub fn said(frame: &str, article: NaiveDate) -> Option<Said> {
    if !TIME_WORD.is_match(frame) {
        return None;
    }
    let mut taken: Vec<(usize, usize, Option<Said>)> = Vec::new();
    let mut take = |start: usize, end: usize, said: Option<Said>| {
        if !taken.iter().any(|(s, e, _)| start < *e && end > *s) {
            taken.push((start, end, said));
        }
    };
    for c in DAY_MONTH_YEAR.captures_iter(frame) {
        let whole = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        let day = day_of(&c[3], &c[2], &c[1]);
        take(
            whole.0,
            whole.1,
            day.filter(|d| *d <= article).map(Said::Day),
        );
    }
    for c in MONTH_DAY_YEAR.captures_iter(frame) {
        let whole = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        let day = day_of(&c[3], &c[1], &c[2]);
        take(
            whole.0,
            whole.1,
            day.filter(|d| *d <= article).map(Said::Day),
        );
    }
    for c in MONTH_YEAR.captures_iter(frame) {
        let whole = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        let month = month_number(&c[1]);
        let year: Option<i32> = c[2].parse().ok();
        let said = month.zip(year).and_then(|(m, y)| self::month(y, m));
        let past = said.filter(|s| s.first_day() <= article);
        take(whole.0, whole.1, past);
    }
    for regex in [&*MONTH_DAY, &*DAY_MONTH] {
        for c in regex.captures_iter(frame) {
            let whole = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
            let (month, day) = if c[1].starts_with(|ch: char| ch.is_ascii_digit()) {
                (&c[2], &c[1])
            } else {
                (&c[1], &c[2])
            };
            let said = latest_day(month, day, article).map(Said::Day);
            take(whole.0, whole.1, said);
        }
    }
    for c in LAST_MONTH_NAMED.captures_iter(frame) {
        let whole = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        let said = month_number(&c[1]).and_then(|m| {
            let year = if m < article.month() {
                article.year()
            } else {
                article.year() - 1
            };
            month(year, m)
        });
        take(whole.0, whole.1, said);
    }
    for c in IN_MONTH.captures_iter(frame) {
        let whole = c.get(1).map_or((0, 0), |m| (m.start(), m.end()));
        let said = month_number(&c[1]).and_then(|m| {
            let year = if m <= article.month() {
                article.year()
            } else {
                article.year() - 1
            };
            month(year, m)
        });
        take(whole.0, whole.1, said);
    }
    for c in WEEKDAY.captures_iter(frame) {
        let whole = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        let said = weekday(&c[2]).map(|w| {
            let mut back =
                (7 + article.weekday().num_days_from_monday() - w.num_days_from_monday()) % 7;
            if back == 0 && c.get(1).is_some() {
                back = 7;
            }
            Said::Day(article - Duration::days(i64::from(back)))
        });
        take(whole.0, whole.1, said);
    }
    for c in RELATIVE.captures_iter(frame) {
        let whole = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        let said = if c[1].eq_ignore_ascii_case("yesterday") {
            Some(Said::Day(article - Duration::days(1)))
        } else {
            let (y, m) = if article.month() == 1 {
                (article.year() - 1, 12)
            } else {
                (article.year(), article.month() - 1)
            };
            month(y, m)
        };
        take(whole.0, whole.1, said);
    }
    taken.sort_by_key(|(start, _, _)| *start);
    taken.into_iter().find_map(|(_, _, said)| said)
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names
        .iter()
        .position(|n| lower.starts_with(n))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn day_of(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year.parse().ok()?, month_number(month)?, day.parse().ok()?)
}

/// The last `month day` on or before `article`.
fn latest_day(month: &str, day: &str, article: NaiveDate) -> Option<NaiveDate> {
    let this_year = day_of(&article.year().to_string(), month, day)?;
    if this_year <= article {
        Some(this_year)
    } else {
        day_of(&(article.year() - 1).to_string(), month, day)
    }
}

fn weekday(name: &str) -> Option<Weekday> {
    name.parse().ok()
}

/// Where the story says the words were denied: a sentence with `denied` or
/// `denies` in the quote's paragraph or the three after it, whose subject is
/// someone the quote's context names (as a whole word) other than its
/// speaker. Only asked of second-hand quotes: a denial by the person the
/// words came through.
pub fn disputed(found: &Found, paragraphs: &[String], speaker_name: &str) -> Option<String> {
    let surname = |name: &str| name.split_whitespace().last().unwrap_or("").to_string();
    let speaker = surname(speaker_name);
    let later = paragraphs.iter().skip(found.paragraph).take(4);
    for paragraph in later {
        for sentence in paragraph.split_inclusive(". ") {
            let Some(at) = sentence
                .find(" denied")
                .or_else(|| sentence.find(" denies"))
            else {
                continue;
            };
            let subject = &sentence[..at];
            let denier = subject
                .split_whitespace()
                .filter(|w| w.starts_with(char::is_uppercase))
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .find(|w| w.len() > 2 && !["Mr", "Mrs", "Ms", "Dr", "The", "But"].contains(w));
            let Some(denier) = denier else { continue };
            let named = found
                .context
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == denier);
            if !denier.eq_ignore_ascii_case(&speaker) && named {
                return Some(sentence.trim().to_string());
            }
        }
    }
    None
}

/// The `[[quotes]]` tables for the quotes of one article.
pub fn values(
    found: &[Found],
    paragraphs: &[String],
    matcher: &ActorMatcher,
    article: Option<NaiveDate>,
    events: &EventMatcher,
) -> Vec<Value> {
    found
        .iter()
        .map(|q| {
            let mut table = Table::new();
            let speaker_name = match &q.speaker {
                Speaker::Actor(a) => {
                    let slug = matcher.slug(*a).to_string();
                    table.insert("actor".into(), Value::String(slug.clone()));
                    slug.replace('-', " ")
                }
                Speaker::Name(name) => {
                    table.insert("speaker".into(), Value::String(name.clone()));
                    name.clone()
                }
            };
            table.insert("text".into(), Value::String(q.text.clone()));
            let when = article.and_then(|date| {
                said(&q.frame, date).or_else(|| {
                    names_speaker(&q.lead, &q.speaker, &speaker_name, matcher)
                        .then(|| said(&q.lead, date))
                        .flatten()
                })
            });
            if let Some(when) = when {
                table.insert("said".into(), said_value(when));
            }
            if let Some(via) = &q.via {
                table.insert("via".into(), Value::String(via.clone()));
            }
            let second_hand = q.via.is_some();
            if let Some(note) = second_hand
                .then(|| disputed(q, paragraphs, &speaker_name))
                .flatten()
            {
                table.insert("disputed".into(), Value::String(note));
            }
            let day = match when {
                Some(Said::Day(d)) => Some(d),
                Some(Said::Month(..)) => None,
                None => article,
            };
            let dated = when.or(article.map(Said::Day));
            let about: Vec<String> = events
                .linked(&q.context, day, &[])
                .into_iter()
                .filter(|slug| {
                    let event = events.events().iter().find(|e| e.slug == *slug);
                    event
                        .zip(dated)
                        .is_some_and(|(e, d)| Window::of(e).contains(d))
                })
                .collect();
            if !about.is_empty() {
                table.insert(
                    "events".into(),
                    Value::Array(about.into_iter().map(Value::String).collect()),
                );
            }
            table.insert(
                "context".into(),
                Value::String(q.context.trim().to_string()),
            );
            Value::Table(table)
        })
        .collect()
}

/// True when `text` names the speaker (by actor name or alias, or by the
/// last word of the name).
fn names_speaker(text: &str, speaker: &Speaker, name: &str, matcher: &ActorMatcher) -> bool {
    match speaker {
        Speaker::Actor(a) => matcher.mentions(text).iter().any(|m| m.actor == *a),
        Speaker::Name(_) => name
            .split_whitespace()
            .last()
            .is_some_and(|surname| text.contains(surname)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    proptest::proptest! {
        /// Every text one of the patterns finds a time in holds a time
        /// word, so that passing over texts without one loses nothing.
        #[test]
        fn a_time_any_pattern_finds_is_behind_a_time_word(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "in", "In", "since", "early", "mid-", "Last", "last", "month", "March", "May",
                "Sept", "Sep", "Jan", "Monday", "yesterday", "may", "day", "12", "2024", "3rd",
                ".", ",", " ", "-", "x",
            ]), 0..12)
        ) {
            let frame = words.concat();
            let patterns = [
                &*DAY_MONTH_YEAR, &*MONTH_DAY_YEAR, &*MONTH_YEAR, &*MONTH_DAY, &*DAY_MONTH,
                &*LAST_MONTH_NAMED, &*IN_MONTH, &*WEEKDAY, &*RELATIVE,
            ];
            if patterns.iter().any(|p| p.is_match(&frame)) {
                proptest::prop_assert!(TIME_WORD.is_match(&frame), "{frame:?}");
            }
        }
    }

    #[test]
    fn said_reads_full_dates_months_weekdays_and_last_month_names() {
        let article = ymd(2022, 12, 2);
        assert_eq!(
            said("On December 21, 2021, at an expanded board of the Defense Ministry, Vladimir Putin explicitly stated that the minimum flight time is a serious challenge.", article),
            Some(Said::Day(ymd(2021, 12, 21)))
        );
        assert_eq!(
            said("It was said on 21 December 2021 in Moscow.", article),
            Some(Said::Day(ymd(2021, 12, 21)))
        );
        assert_eq!(
            said("In March, Biden called Putin a  who .", article),
            Said::month(2022, 3)
        );
        assert_eq!(said("last December", article), Said::month(2021, 12));
        assert_eq!(
            said("last December", ymd(2023, 2, 19)),
            Said::month(2022, 12)
        );
        // 2 December 2022 was a Friday.
        assert_eq!(
            said(" Peskov told reporters on Thursday.", article),
            Some(Said::Day(ymd(2022, 12, 1)))
        );
        assert_eq!(
            said(" he said on Friday.", article),
            Some(Said::Day(article))
        );
        assert_eq!(
            said("said last Friday", article),
            Some(Said::Day(ymd(2022, 11, 25)))
        );
        assert_eq!(said("in March 2020", article), Said::month(2020, 3));
    }

    #[test]
    fn said_is_never_after_the_article_nor_read_from_nothing() {
        let article = ymd(2022, 10, 12);
        assert_eq!(said("In December, he said", article), Said::month(2021, 12));
        assert_eq!(said("on 21 December 2022", article), None);
        assert_eq!(said("he said in an interview last week", article), None);
        assert_eq!(said("Mr Musk said", article), None);
        let march = Said::month(2022, 3).unwrap();
        assert_eq!(said_value(march), Value::String("2022-03".into()));
        assert_eq!(
            said_value(Said::Day(ymd(2021, 12, 21))).to_string(),
            "2021-12-21"
        );
    }
}
