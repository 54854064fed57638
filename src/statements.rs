//! The rules that decide what a quote is to a reader: whether it stands on
//! its own or is a fragment of the reporter's sentence, whether two quotes
//! are one statement, whether a quote is about an event and said in its
//! window, and which side an actor speaks for. [`crate::link`] applies them
//! to the whole site; each rule is a small function, tested on the real
//! lines that motivated it.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use crate::model::{Actor, ActorKind, Event, Said};
use crate::search::words;

/// A quote shorter than this, in words, is a fragment.
pub const FRAGMENT_WORDS: usize = 4;

/// Days before an event's start from which a quote can be about it: leaders
/// speak about a summit on its eve.
pub const WINDOW_DAYS_BEFORE: u64 = 3;
/// Days after an event's end up to which a quote can be about it: the
/// reactions and read-outs of the following weeks.
pub const WINDOW_DAYS_AFTER: u64 = 21;

/// Two quotes of one speaker are one statement when this share of the
/// shorter one's distinct words is in the longer one. On the default site
/// (79 same-speaker pairs) the two outlets' cuts of Biden's 1 December
/// answer score 0.94; different remarks score 0.50 at most, and Lavrov's two
/// translations of one remark 0.55 (too far apart for words: `same_as`
/// joins them).
pub const SAME_WORDS_SHARE: f64 = 0.8;
/// ...and when the shorter one has at least this many distinct words: a
/// word or two ("butcher") is in many longer quotes without being them.
pub const SAME_WORDS_MIN: usize = 6;

/// The label of the column of actors who speak for no side.
pub const OTHERS: &str = "Others (analysts, press)";

/// Words that open a clause when a reporter starts a quote in lowercase
/// ("said there must be no decision over the heads of Ukraine").
const CLAUSE_OPENERS: &[&str] = &[
    "i", "we", "you", "he", "she", "it", "they", "there", "this", "that", "these", "those",
];

/// A fragment is shown only inside its sentence: fewer than
/// [`FRAGMENT_WORDS`] words ("butcher", "no matter what"), or words the
/// reporter cut from inside a sentence: starting in lowercase, with no
/// subject of their own ("and he is in Moscow", "cannot stay in power",
/// "including the withdrawal of Russian troops").
pub fn is_fragment(text: &str) -> bool {
    let mut words = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric));
    let Some(first) = words.clone().next() else {
        return true;
    };
    if words.by_ref().count() < FRAGMENT_WORDS {
        return true;
    }
    let first = first.trim_start_matches(|c: char| !c.is_alphanumeric());
    let starts_lowercase = first.chars().next().is_some_and(char::is_lowercase);
    let opener = first
        .split(['’', '\''])
        .next()
        .unwrap_or(first)
        .to_lowercase();
    starts_lowercase && !CLAUSE_OPENERS.contains(&opener.as_str())
}

/// The distinct words of a quote, folded, in order.
pub fn distinct_words(text: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    words(text).filter(|w| seen.insert(w.clone())).collect()
}

/// The share of the shorter word list's words found in the longer one.
pub fn shared_share(a: &[String], b: &[String]) -> f64 {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return 0.0;
    }
    let found = short.iter().filter(|w| long.contains(w)).count();
    found as f64 / short.len() as f64
}

/// Whether two quotes of one speaker, as distinct words, are one statement.
pub fn same_statement(a: &[String], b: &[String]) -> bool {
    a.len().min(b.len()) >= SAME_WORDS_MIN && shared_share(a, b) >= SAME_WORDS_SHARE
}

/// Which of one speaker's quotes are one statement, by
/// [`same_statement`]'s rule: each pair `(i, j)` of `texts`, `i < j`, in
/// that order. Each quote's distinct words are numbered and sorted, so a
/// pair is compared in one pass over both lists of numbers rather than
/// each word against the other quote's every word.
pub fn same_statements(texts: &[&str]) -> Vec<(usize, usize)> {
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let sets: Vec<Vec<usize>> = texts
        .iter()
        .map(|text| {
            let mut set: Vec<usize> = words(text)
                .map(|word| {
                    let next = numbers.len();
                    *numbers.entry(word).or_insert(next)
                })
                .collect();
            set.sort_unstable();
            set.dedup();
            set
        })
        .collect();
    let mut pairs = Vec::new();
    for (i, a) in sets.iter().enumerate() {
        if a.len() < SAME_WORDS_MIN {
            continue;
        }
        for (j, b) in sets.iter().enumerate().skip(i + 1) {
            if b.len() >= SAME_WORDS_MIN && sorted_shared_share(a, b) >= SAME_WORDS_SHARE {
                pairs.push((i, j));
            }
        }
    }
    pairs
}

/// [`shared_share`] of two sorted lists of distinct word numbers.
fn sorted_shared_share(a: &[usize], b: &[usize]) -> f64 {
    let short = a.len().min(b.len());
    if short == 0 {
        return 0.0;
    }
    let (mut i, mut j, mut found) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                found += 1;
                i += 1;
                j += 1;
            }
        }
    }
    found as f64 / short as f64
}

/// The days around an event in which a quote can be about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Window {
    pub fn of(event: &Event) -> Window {
        let end = event.end_date.unwrap_or(event.date).max(event.date);
        Window {
            from: event
                .date
                .checked_sub_days(Days::new(WINDOW_DAYS_BEFORE))
                .unwrap_or(event.date),
            to: end
                .checked_add_days(Days::new(WINDOW_DAYS_AFTER))
                .unwrap_or(end),
        }
    }

    /// A day inside the window, or a month that overlaps it (the text said
    /// no more than "in March").
    pub fn contains(&self, said: Said) -> bool {
        said.first_day() <= self.to && said.last_day() >= self.from
    }
}

/// What marks a quote's context as being about one event: its keywords, the
/// specific parts of its place, and its people.
pub struct EventMarks {
    phrases: Vec<Vec<String>>,
    /// The actors (indices) who are persons among the event's actors.
    people: Vec<usize>,
}

impl EventMarks {
    /// `countries` are the names and aliases of every country actor: a place
    /// part that is a whole country ("Saudi Arabia" of "Riyadh, Saudi
    /// Arabia") says too little.
    pub fn new(event: &Event, people: Vec<usize>, countries: &[Vec<String>]) -> EventMarks {
        let mut phrases: Vec<Vec<String>> = event
            .keywords
            .iter()
            .map(|k| words(k).collect::<Vec<_>>())
            .collect();
        if let Some(place) = &event.place {
            for part in place.split([',', ';']) {
                let part: Vec<String> = words(part).collect();
                let vague = part.first().is_some_and(|w| w == "by" || w == "video");
                if !vague && !countries.contains(&part) {
                    phrases.push(part);
                }
            }
        }
        phrases.retain(|p| !p.is_empty());
        EventMarks { phrases, people }
    }

    /// Whether `context` (its words, and the actors it names) is about the
    /// event: it names a keyword or the place, or two of the event's people
    /// other than `speaker`. A context always names its speaker, which says
    /// nothing of what the words are about, and one name is not enough:
    /// Peskov speaking of Putin on the day of Putin's call with Scholz is not
    /// speaking of the call.
    ///
    /// Called for every event in a statement's window, so it allocates
    /// nothing: the people are counted first, then the phrases scanned.
    pub fn names(&self, context_words: &[String], named: &[usize], speaker: Option<usize>) -> bool {
        let of_event = |a: &usize| Some(*a) != speaker && self.people.contains(a);
        let mut first_person = None;
        for (at, a) in named.iter().enumerate() {
            if !of_event(a) || named[..at].contains(a) {
                continue;
            }
            if first_person.is_some() {
                return true;
            }
            first_person = Some(a);
        }
        self.phrases
            .iter()
            .any(|p| context_words.windows(p.len()).any(|w| w == p.as_slice()))
    }
}

/// Which events a context can name, found from the context's words and
/// actors rather than by trying every event of a statement's window: a
/// window holds more events the busier the site, so trying each made the
/// matching grow with statements times events.
pub struct EventIndex {
    /// The events (indices, ascending) with a phrase that opens with the
    /// word.
    by_first_word: HashMap<String, Vec<usize>>,
    /// The events (indices, ascending) among whose people is the actor.
    by_person: HashMap<usize, Vec<usize>>,
}

impl EventIndex {
    /// `marks` holds each event's marks, by event index.
    pub fn new(marks: &[EventMarks]) -> EventIndex {
        let mut by_first_word: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_person: HashMap<usize, Vec<usize>> = HashMap::new();
        for (e, mark) in marks.iter().enumerate() {
            for phrase in &mark.phrases {
                let events = by_first_word.entry(phrase[0].clone()).or_default();
                if events.last() != Some(&e) {
                    events.push(e);
                }
            }
            for &person in &mark.people {
                let events = by_person.entry(person).or_default();
                if events.last() != Some(&e) {
                    events.push(e);
                }
            }
        }
        EventIndex {
            by_first_word,
            by_person,
        }
    }

    /// The events of `range`, ascending, that [`EventMarks::names`] may
    /// find named in `context_words` and `named`: every event with a phrase
    /// opening with one of the words, or with one of the actors other than
    /// `speaker` among its people. Every event it finds named is here.
    pub fn candidates(
        &self,
        context_words: &[String],
        named: &[usize],
        speaker: Option<usize>,
        range: std::ops::Range<usize>,
        into: &mut Vec<usize>,
    ) {
        let mut add = |events: &[usize]| {
            let from = events.partition_point(|&e| e < range.start);
            let to = events.partition_point(|&e| e < range.end);
            into.extend_from_slice(&events[from..to]);
        };
        for word in context_words {
            if let Some(events) = self.by_first_word.get(word) {
                add(events);
            }
        }
        for a in named.iter().filter(|&&a| Some(a) != speaker) {
            if let Some(events) = self.by_person.get(a) {
                add(events);
            }
        }
    }
}

/// Government offices, as words of an actor's `role`.
const OFFICES: &[&str] = &[
    "president",
    "prime minister",
    "chancellor",
    "minister",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "envoy",
    "adviser",
    "director",
    "advisor",
    "aide",
    "king",
    "crown prince",
];

/// An official speaks for their country: a country actor itself, or an
/// actor with a `country` whose role names a government office *of that
/// country* ("Foreign Minister of Russia", "United States Secretary of
/// State", "press secretary to the President of Russia") and not a past one
/// ("Former United States ambassador…"). Analysts, reporters, legislators
/// and heads of private bodies ("President and founder of Eurasia Group")
/// are not officials.
pub fn is_official(actor: &Actor, country: Option<&Actor>) -> bool {
    if actor.kind == ActorKind::Country {
        return true;
    }
    let (Some(role), Some(country)) = (&actor.role, country) else {
        return false;
    };
    let role: Vec<String> = words(role).collect();
    let has = |phrase: &str| {
        let phrase: Vec<String> = words(phrase).collect();
        role.windows(phrase.len()).any(|w| w == phrase.as_slice())
    };
    let names_country = std::iter::once(country.name.as_str())
        .chain(country.aliases.iter().map(|a| a.name.as_str()))
        .any(has);
    !has("former") && names_country && OFFICES.iter().any(|o| has(o))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Alias;
    use std::path::PathBuf;

    #[test]
    fn fragments_are_short_or_cut_from_a_sentence() {
        // The default site's stand-alone "quotes" in issue 11.
        for fragment in [
            "and he is in Moscow",
            "reason",
            "destructive",
            "no matter what",
            "worse than Hitler’s murderers",
            "cannot stay in power.",
            "including the withdrawal of Russian troops.",
            "willing to begin to engage in a serious process",
            "if there’s actually an interest in him deciding he’s looking for a way to end the war.",
        ] {
            assert!(is_fragment(fragment), "{fragment}");
        }
        for statement in [
            "Russia has won Round One",
            "Of course, this is unacceptable to us",
            "there must be no decision over the heads of Ukraine.",
            "We have not received any serious offers to make contact.",
        ] {
            assert!(!is_fragment(statement), "{statement}");
        }
    }

    #[test]
    fn two_cuts_of_one_answer_are_one_statement() {
        let full = distinct_words("I’m prepared to speak with Mr. Putin if in fact there is an interest in him deciding he’s looking for a way to end the war. He hasn’t done that yet.");
        let cut = distinct_words(
            "if there’s actually an interest in him deciding he’s looking for a way to end the war.",
        );
        assert!(shared_share(&full, &cut) >= SAME_WORDS_SHARE);
        assert!(same_statement(&full, &cut));
        let other = distinct_words("There’s one way for this war to end — the rational way. Putin to pull out of Ukraine, number one. But it appears he’s not");
        assert!(!same_statement(&full, &other));
        // A single word in a longer quote is not that quote.
        assert!(!same_statement(&distinct_words("butcher"), &full));
    }

    #[test]
    fn the_pairs_of_a_speakers_quotes_are_those_the_rule_finds_one_by_one() {
        let quotes = [
            "I’m prepared to speak with Mr. Putin if in fact there is an interest in him deciding he’s looking for a way to end the war. He hasn’t done that yet.",
            "There’s one way for this war to end — the rational way. Putin to pull out of Ukraine, number one. But it appears he’s not",
            "butcher",
            "if there’s actually an interest in him deciding he’s looking for a way to end the war.",
            "He is prepared to speak with Mr. Putin if in fact there is an interest in deciding he’s looking for a way to end the war.",
            "",
        ];
        let mut one_by_one = Vec::new();
        for i in 0..quotes.len() {
            for j in i + 1..quotes.len() {
                let (a, b) = (distinct_words(quotes[i]), distinct_words(quotes[j]));
                if same_statement(&a, &b) {
                    one_by_one.push((i, j));
                }
            }
        }
        assert_eq!(one_by_one, [(0, 3), (0, 4), (3, 4)]);
        assert_eq!(same_statements(&quotes), one_by_one);
    }

    fn event(date: (i32, u32, u32), end: Option<(i32, u32, u32)>) -> Event {
        let day = |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        Event {
            slug: "e".into(),
            file: PathBuf::new(),
            title: "E".into(),
            date: day(date),
            end_date: end.map(day),
            place: Some("Diriyah Palace, Riyadh, Saudi Arabia".into()),
            actors: Vec::new(),
            keywords: vec!["in Saudi Arabia on Tuesday".into()],
            parties: Vec::new(),
            extra: toml::Table::new(),
            body: String::new(),
        }
    }

    #[test]
    fn the_window_runs_from_three_days_before_to_three_weeks_after() {
        let g20 = Window::of(&event((2022, 11, 15), Some((2022, 11, 16))));
        let day = |y, m, d| Said::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert!(g20.contains(day(2022, 11, 12)));
        assert!(!g20.contains(day(2022, 11, 11)));
        assert!(g20.contains(day(2022, 12, 7)));
        assert!(!g20.contains(day(2022, 12, 8)));
        // The 12 October article's quotes were said a month before.
        assert!(!g20.contains(day(2022, 10, 12)));
        assert!(g20.contains(Said::month(2022, 11).unwrap()));
        assert!(!g20.contains(Said::month(2022, 3).unwrap()));
    }

    #[test]
    fn a_context_is_about_an_event_when_it_names_it() {
        let countries = vec![words("Saudi Arabia").collect::<Vec<_>>()];
        let marks = EventMarks::new(&event((2025, 2, 18), None), vec![7, 8], &countries);
        let w = |t: &str| words(t).collect::<Vec<_>>();
        assert!(marks.names(&w("Lavrov told reporters in Riyadh that"), &[], None));
        assert!(marks.names(&w("met at the Diriyah Palace"), &[], None));
        assert!(!marks.names(&w("a deal with Saudi Arabia"), &[], None));
        // Naming two of its people counts; naming the speaker does not.
        let marks = EventMarks::new(&event((2025, 2, 18), None), vec![6, 7, 8], &countries);
        assert!(marks.names(&w("Rubio and Waltz, said Lavrov"), &[7, 6], Some(8)));
        assert!(!marks.names(&w("Rubio, said Lavrov"), &[7, 8], Some(8)));
        assert!(!marks.names(&w("Lavrov said of Lavrov"), &[8, 8], None));
    }

    #[test]
    fn the_index_finds_every_event_a_context_can_name() {
        let countries = vec![words("Saudi Arabia").collect::<Vec<_>>()];
        let mut talks = event((2025, 2, 18), None);
        talks.keywords = vec!["ceasefire talks".into()];
        talks.place = None;
        let marks = vec![
            EventMarks::new(&event((2025, 2, 18), None), vec![7, 8], &countries),
            EventMarks::new(&talks, vec![8, 9], &countries),
            EventMarks::new(&event((2025, 2, 20), None), vec![6], &countries),
        ];
        let index = EventIndex::new(&marks);
        let found = |context: &str, named: &[usize], speaker, range| {
            let w: Vec<String> = words(context).collect();
            let mut into = Vec::new();
            index.candidates(&w, named, speaker, range, &mut into);
            into.sort_unstable();
            into.dedup();
            into
        };
        // A phrase's first word ("riyadh", "ceasefire") finds its events.
        assert_eq!(found("Lavrov in Riyadh", &[], None, 0..3), [0, 2]);
        assert_eq!(found("no ceasefire yet", &[], None, 0..3), [1]);
        assert_eq!(
            found("no ceasefire yet", &[], None, 0..1),
            Vec::<usize>::new()
        );
        // So do its people, but not the speaker.
        assert_eq!(found("said", &[8, 6], None, 0..3), [0, 1, 2]);
        assert_eq!(found("said", &[8, 6], Some(8), 0..3), [2]);
        // Every event the marks find named is among the candidates.
        for (context, named, speaker) in [
            ("Lavrov told reporters in Riyadh", vec![], None),
            ("the ceasefire talks went on", vec![], None),
            ("Rubio and Waltz", vec![7, 8], Some(9)),
        ] {
            let w: Vec<String> = words(context).collect();
            let candidates = found(context, &named, speaker, 0..3);
            for (e, mark) in marks.iter().enumerate() {
                if mark.names(&w, &named, speaker) {
                    assert!(candidates.contains(&e), "{context}: {e}");
                }
            }
        }
    }

    fn person(role: &str) -> Actor {
        Actor {
            slug: "p".into(),
            file: PathBuf::new(),
            name: "P".into(),
            kind: ActorKind::Person,
            role: Some(role.into()),
            country: None,
            aliases: Vec::new(),
            side: None,
            extra: toml::Table::new(),
            body: String::new(),
        }
    }

    #[test]
    fn officials_hold_an_office_of_their_country() {
        let mut us = person("");
        us.kind = ActorKind::Country;
        us.name = "United States".into();
        us.aliases = vec![Alias {
            name: "US".into(),
            line: None,
        }];
        let mut russia = us.clone();
        russia.name = "Russia".into();
        russia.aliases.clear();
        let official = |role: &str, country: &Actor| is_official(&person(role), Some(country));
        assert!(official(
            "United States Secretary of State (from January 2025)",
            &us
        ));
        assert!(official(
            "Kremlin spokesman, press secretary to the President of Russia",
            &russia
        ));
        assert!(official("Foreign Minister of Russia", &russia));
        assert!(!official(
            "Former United States ambassador to Russia (2012-2014)",
            &us
        ));
        assert!(!official(
            "Executive director of the McCain Institute; former senior Pentagon official",
            &us
        ));
        assert!(!official(
            "United States Representative for Massachusetts (Democrat)",
            &us
        ));
        assert!(!official("President and founder of Eurasia Group", &us));
        assert!(!official("Russian political analyst", &russia));
        assert!(!official("White House correspondent, Politico", &us));
        assert!(is_official(&us, None));
    }
}
