//! Links an article to the site's events: when the text names one of an
//! event's keywords, names its place within a few days of it, or names
//! several of its people within a few days of it.

use chrono::NaiveDate;

use crate::model::Event;

/// How many days either side of an event an article may be about it.
const NEAR_DAYS: i64 = 3;

/// The slugs of the events `text` is about. `actors` are the actor slugs
/// found in it, `people` those of them that are persons.
pub fn linked(
    events: &[Event],
    text: &str,
    date: Option<NaiveDate>,
    people: &[String],
) -> Vec<String> {
    events
        .iter()
        .filter(|event| {
            let near = date.is_some_and(|d| is_near(event, d));
            names_keyword(event, text)
                || (near && names_place(event, text))
                || (near && shared_people(event, people) >= 2)
        })
        .map(|event| event.slug.clone())
        .collect()
}

fn is_near(event: &Event, date: NaiveDate) -> bool {
    let end = event.end_date.unwrap_or(event.date);
    (event.date - date).num_days() <= NEAR_DAYS && (date - end).num_days() <= NEAR_DAYS
}

fn names_keyword(event: &Event, text: &str) -> bool {
    event
        .keywords
        .iter()
        .any(|k| !k.trim().is_empty() && crate::text::contains_words(text, k))
}

/// The first part of the place (`Riyadh` of `Riyadh, Saudi Arabia`) or any
/// part but the country.
fn names_place(event: &Event, text: &str) -> bool {
    let Some(place) = &event.place else {
        return false;
    };
    let parts: Vec<&str> = place.split(',').map(str::trim).collect();
    let specific = &parts[..parts.len().saturating_sub(1).max(1)];
    specific
        .iter()
        .any(|p| p.len() >= 3 && !p.starts_with("By ") && crate::text::contains_words(text, p))
}

fn shared_people(event: &Event, people: &[String]) -> usize {
    event
        .actors
        .iter()
        .filter(|a| people.contains(&a.slug))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Ref;
    use std::path::PathBuf;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn event(
        slug: &str,
        date: NaiveDate,
        place: &str,
        actors: &[&str],
        keywords: &[&str],
    ) -> Event {
        Event {
            slug: slug.into(),
            file: PathBuf::new(),
            title: slug.into(),
            date,
            end_date: None,
            place: Some(place.into()),
            actors: actors
                .iter()
                .map(|a| Ref {
                    slug: a.to_string(),
                    line: None,
                })
                .collect(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            parties: Vec::new(),
            extra: toml::Table::new(),
            body: String::new(),
        }
    }

    #[test]
    fn links_by_keyword_place_or_people() {
        let events = [
            event(
                "riyadh",
                ymd(2025, 2, 18),
                "Diriyah Palace, Riyadh, Saudi Arabia",
                &["marco-rubio", "sergei-lavrov"],
                &["Diriyah Palace"],
            ),
            event(
                "astana",
                ymd(2022, 10, 13),
                "Astana, Kazakhstan",
                &["vladimir-putin", "recep-tayyip-erdogan"],
                &["Kazakhstan this week"],
            ),
        ];
        let people = ["marco-rubio".to_string(), "sergei-lavrov".to_string()];
        assert_eq!(
            linked(&events, "They met at the Diriyah Palace.", None, &[]),
            ["riyadh"]
        );
        assert_eq!(
            linked(&events, "Talks in Riyadh.", Some(ymd(2025, 2, 19)), &[]),
            ["riyadh"]
        );
        assert!(linked(&events, "Talks in Riyadh.", Some(ymd(2024, 2, 19)), &[]).is_empty());
        assert_eq!(
            linked(
                &events,
                "Rubio met Lavrov.",
                Some(ymd(2025, 2, 17)),
                &people
            ),
            ["riyadh"]
        );
        assert!(linked(
            &events,
            "Rubio met Lavrov.",
            Some(ymd(2025, 3, 17)),
            &people
        )
        .is_empty());
        assert!(linked(&events, "Saudi Arabia talks", Some(ymd(2025, 2, 18)), &[]).is_empty());
    }
}
