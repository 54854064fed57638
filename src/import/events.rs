//! Links an article to the site's events: when the text names one of an
//! event's keywords, names its place within a few days of it, or names
//! several of its people within a few days of it.

use aho_corasick::AhoCorasick;
use chrono::NaiveDate;

use crate::model::Event;

/// How many days either side of an event an article may be about it.
const NEAR_DAYS: i64 = 3;

/// The site's events, ready to be looked for in text: one Aho-Corasick
/// automaton over all their keywords and place names, so that a text is
/// read once to learn which of them it holds at all, and only those are
/// checked for whole words.
pub struct EventMatcher {
    events: Vec<Event>,
    /// Every keyword and place name looked for, each once.
    names: Vec<String>,
    automaton: Option<AhoCorasick>,
    /// For each event, the indexes in `names` of its keywords.
    keywords: Vec<Vec<usize>>,
    /// For each event, the indexes in `names` of its [`place_names`].
    places: Vec<Vec<usize>>,
}

impl EventMatcher {
    pub fn new(events: Vec<Event>) -> Self {
        let mut names: Vec<String> = Vec::new();
        let mut index = |name: &str| match names.iter().position(|n| n == name) {
            Some(at) => at,
            None => {
                names.push(name.to_string());
                names.len() - 1
            }
        };
        let mut keywords = Vec::with_capacity(events.len());
        let mut places = Vec::with_capacity(events.len());
        for event in &events {
            keywords.push(
                event
                    .keywords
                    .iter()
                    .filter(|k| !k.trim().is_empty())
                    .map(|k| index(k))
                    .collect(),
            );
            places.push(place_names(event).into_iter().map(&mut index).collect());
        }
        // Without a usable automaton every name is checked the slow way.
        let automaton = AhoCorasick::new(&names).ok();
        EventMatcher {
            events,
            names,
            automaton,
            keywords,
            places,
        }
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The slugs of the events `text` is about: when it names one of an
    /// event's keywords, names its place within a few days of it, or names
    /// two or more of its people (`people`: the slugs of the persons found
    /// in it) within a few days of it.
    pub fn linked(&self, text: &str, date: Option<NaiveDate>, people: &[String]) -> Vec<String> {
        let held = self.held(text);
        let names_one = |indexes: &[usize]| {
            indexes
                .iter()
                .any(|&i| held[i] && crate::text::contains_words(text, &self.names[i]))
        };
        self.events
            .iter()
            .enumerate()
            .filter(|(at, event)| {
                let near = date.is_some_and(|d| is_near(event, d));
                names_one(&self.keywords[*at])
                    || (near && names_one(&self.places[*at]))
                    || (near && shared_people(event, people) >= 2)
            })
            .map(|(_, event)| event.slug.clone())
            .collect()
    }

    /// For each of `names`, whether `text` holds it anywhere.
    fn held(&self, text: &str) -> Vec<bool> {
        let Some(automaton) = &self.automaton else {
            return vec![true; self.names.len()];
        };
        let mut held = vec![false; self.names.len()];
        for found in automaton.find_overlapping_iter(text) {
            held[found.pattern().as_usize()] = true;
        }
        held
    }
}

fn is_near(event: &Event, date: NaiveDate) -> bool {
    let end = event.end_date.unwrap_or(event.date);
    (event.date - date).num_days() <= NEAR_DAYS && (date - end).num_days() <= NEAR_DAYS
}

/// The parts of an event's place that name it: the first part of the place
/// (`Riyadh` of `Riyadh, Saudi Arabia`) or any part but the country.
fn place_names(event: &Event) -> Vec<&str> {
    let Some(place) = &event.place else {
        return Vec::new();
    };
    let parts: Vec<&str> = place.split(',').map(str::trim).collect();
    let specific = &parts[..parts.len().saturating_sub(1).max(1)];
    specific
        .iter()
        .copied()
        .filter(|p| p.len() >= 3 && !p.starts_with("By "))
        .collect()
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
        let events = EventMatcher::new(events.to_vec());
        let linked = |text: &str, date: Option<NaiveDate>, people: &[String]| {
            events.linked(text, date, people)
        };
        let people = ["marco-rubio".to_string(), "sergei-lavrov".to_string()];
        assert_eq!(
            linked("They met at the Diriyah Palace.", None, &[]),
            ["riyadh"]
        );
        assert_eq!(
            linked("Talks in Riyadh.", Some(ymd(2025, 2, 19)), &[]),
            ["riyadh"]
        );
        assert!(linked("Talks in Riyadh.", Some(ymd(2024, 2, 19)), &[]).is_empty());
        assert!(linked("The Riyadhi delegation.", Some(ymd(2025, 2, 19)), &[]).is_empty());
        assert_eq!(
            linked("Rubio met Lavrov.", Some(ymd(2025, 2, 17)), &people),
            ["riyadh"]
        );
        assert!(linked("Rubio met Lavrov.", Some(ymd(2025, 3, 17)), &people).is_empty());
        assert!(linked("Saudi Arabia talks", Some(ymd(2025, 2, 18)), &[]).is_empty());
    }
}
