//! Who a phrase of attribution names: the people of a story by the full
//! name they are first given ("Gordon Sondland", so a later "Sondland" or
//! "Ambassador Sondland" is him), the site's actors, organisations ("the
//! Electoral Commission", "Amtrak"), and words that point back to the last
//! person named ("he", "the minister"). Places, programmes and stray
//! capitalised words are never speakers.

use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::LazyLock;

use super::actors::{ActorMatcher, Mention};

/// Who said it: an actor (by index in the matcher) or a named speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Speaker {
    Actor(usize),
    Name(String),
}

/// What an attribution phrase names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    /// A person or organisation, resolved.
    Speaker(Speaker),
    /// A pronoun or a role (`she`, `the minister`): the last person named.
    PointsBack,
    /// Someone the story does not name (`one, who asked not to be named`,
    /// `Scholz's spokeswoman`): the quote is left out.
    Unnamed,
}

/// Words written before a name that are not part of it.
const TITLES: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Prof",
    "Professor",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Judge",
    "Justice",
    "President",
    "Vice",
    "Prime",
    "Minister",
    "Chancellor",
    "Secretary",
    "Senator",
    "Sen",
    "Rep",
    "Representative",
    "Gov",
    "Governor",
    "Mayor",
    "Ambassador",
    "General",
    "Gen",
    "Lt",
    "Col",
    "Colonel",
    "Captain",
    "Capt",
    "Sgt",
    "Sergeant",
    "Officer",
    "Detective",
    "Inspector",
    "Chief",
    "Patrol",
    "Deputy",
    "Foreign",
    "Defence",
    "Defense",
    "Interior",
    "Home",
    "Health",
    "Transport",
    "Education",
    "Finance",
    "State",
    "Conservative",
    "Labour",
    "Tory",
    "Democrat",
    "Democratic",
    "Republican",
    "GOP",
    "MP",
    "Former",
    "Coach",
    "Father",
    "Rev",
    "Pope",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Sheikh",
    "Commissioner",
    "Director",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Attorney",
    "Acting",
    "Senior",
    "Speaker",
    "Premier",
    "Envoy",
    "Chairman",
    "Chairwoman",
    "Chair",
    "CEO",
    "Lawmaker",
    "Congressman",
    "Congresswoman",
    "Assemblyman",
    "Councilman",
    "Councillor",
    "Sen.",
    "German",
    "French",
    "Russian",
    "Ukrainian",
    "American",
    "British",
    "Chinese",
    "Israeli",
    "Palestinian",
    "Turkish",
    "Saudi",
    "Iranian",
    "Indian",
    "Japanese",
    "Australian",
    "Canadian",
    "Afghan",
    "Pakistani",
    "Syrian",
    "Iraqi",
    "Egyptian",
    "Italian",
    "Spanish",
    "Polish",
    "Swedish",
    "Irish",
    "U.S.",
    "US",
    "UK",
    "U.K.",
    "EU",
    "UN",
    "U.N.",
    "NATO",
    "Kremlin",
    "White",
    "House",
    "Vice-President",
    "Press",
    "Honour",
    "Atty",
    "Supt",
];

/// Honours written after a name (`Neil Ford QC`).
const HONOURS: &[&str] = &[
    "QC", "KC", "MP", "MEP", "OBE", "CBE", "MBE", "KBE", "Jr", "Sr", "II", "III",
];

/// Words that make a capitalised run an organisation.
const ORGANISATION_WORDS: &[&str] = &[
    "University",
    "Department",
    "Commission",
    "Council",
    "Ministry",
    "Office",
    "Party",
    "Police",
    "Agency",
    "Court",
    "Committee",
    "Service",
    "Bank",
    "Fund",
    "Organization",
    "Organisation",
    "Association",
    "Union",
    "Institute",
    "Foundation",
    "Company",
    "Corporation",
    "Group",
    "Network",
    "Government",
    "Army",
    "Forces",
    "Embassy",
    "Kremlin",
    "Hospital",
    "Center",
    "Centre",
    "Authority",
    "Board",
    "Federation",
    "Airways",
    "Airlines",
    "Inc",
    "Ltd",
    "Corp",
    "Club",
    "Congress",
    "Parliament",
    "Senate",
    "Cabinet",
    "Administration",
    "Command",
    "Navy",
    "Guard",
    "Bureau",
    "Secretariat",
    "Directorate",
    "Twitter",
    "Facebook",
    "Google",
    "Airport",
    "Times",
    "Post",
    "News",
    "Journal",
    "Station",
    "School",
    "College",
    "Church",
    "Museum",
    "Trust",
    "Society",
    "Institution",
    "Alliance",
    "Coalition",
    "Movement",
];

/// Capitalised words that are not names (sentence openers, pronouns), with
/// the months and days of [`crate::calendar`].
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Or",
    "So",
    "If",
    "As",
    "However",
    "Meanwhile",
    "One",
    "It",
    "This",
    "That",
    "These",
    "Those",
    "They",
    "We",
    "He",
    "She",
    "I",
    "You",
    "His",
    "Her",
    "Their",
    "Our",
    "My",
    "Its",
    "There",
    "Here",
    "When",
    "While",
    "After",
    "Before",
    "Since",
    "Asked",
    "Speaking",
    "According",
    "Yes",
    "No",
    "Now",
    "Then",
    "Still",
    "Also",
    "Some",
    "Many",
    "Most",
    "All",
    "Both",
    "Each",
    "Other",
    "Another",
    "Covid",
    "Coronavirus",
    "Thanksgiving",
    "Christmas",
    "Sources",
    "Officials",
    "Yet",
    "Even",
    "Only",
    "Just",
    "Like",
    "Unlike",
    "Why",
    "What",
    "How",
    "Who",
    "Where",
];

/// Words after which a capitalised run is a place, not a person.
const PLACE_PREPOSITIONS: &[&str] = &["in", "at", "from", "near", "across", "into", "to"];

/// Roles that point back to the last person named (`the minister said`).
const ROLES: &[&str] = &[
    "minister",
    "president",
    "judge",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "chancellor",
    "secretary",
    "senator",
    "doctor",
    "director",
    "envoy",
    "mayor",
    "leader",
    "premier",
    "diplomat",
    "general",
    "chief",
    "governor",
    "candidate",
    "lawmaker",
    "congressman",
    "congresswoman",
    "actor",
    "actress",
    "star",
    "singer",
    "professor",
    "analyst",
    "economist",
    "expert",
    "former",
    "prosecutor",
    "lawyer",
    "officer",
    "commander",
    "billionaire",
    "businessman",
    "businesswoman",
    "founder",
    "executive",
    "owner",
    "mother",
    "father",
    "woman",
    "man",
    "vice-chancellor",
    "neonatologist",
    "obstetrician",
    "mp",
    "member",
    "ceo",
    "head",
    "adviser",
    "advisor",
    "aide",
    "meteorologist",
    "spokesperson",
];

/// The word lists above as sets: `runs` looks every word up in them, and
/// a scan of the lists was a fifth of import's time.
static TITLE_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| TITLES.iter().copied().collect());
static NOT_NAME_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| {
    NOT_NAMES
        .iter()
        .chain(&crate::calendar::MONTHS)
        .chain(&crate::calendar::WEEKDAYS)
        .copied()
        .collect()
});
static ORGANISATION_SET: LazyLock<FxHashSet<&str>> =
    LazyLock::new(|| ORGANISATION_WORDS.iter().copied().collect());
static ROLE_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| ROLES.iter().copied().collect());

/// One run of capitalised words in a text (`Patrol Chief James Hall`).
#[derive(Debug, Clone)]
struct Run {
    start: usize,
    end: usize,
    /// The words without the titles written before the name.
    words: Vec<String>,
    possessive: bool,
    /// A title was written before the name.
    titled: bool,
}

/// The most words a person's name runs to (`Mohammed bin Rashid Al
/// Maktoum` has five, titles apart).
const MAX_NAME_WORDS: usize = 8;

/// How far from its verb of speech an attribution is read, in bytes: a
/// sentence's subject, with its appositions, is far shorter.
const NEAR_VERB: usize = 2_000;

/// The people and organisations of one story.
pub struct People<'m> {
    matcher: &'m ActorMatcher,
    /// Full names of people, in order of first mention.
    persons: Vec<Vec<String>>,
    /// Capitalised runs seen after `in`, `at`, `from`...: places.
    places: FxHashSet<String>,
    /// Capitalised runs seen after `the` (`the Aspen Times`): not people.
    things: FxHashSet<String>,
    /// Single names the story gives only with a title (`President Trump`):
    /// people whose full name it does not give.
    surnames_only: FxHashSet<String>,
    /// Names the story shows to be people's: with a title or an initial,
    /// before a verb of speech, `, who` or an apposition, possessive, or
    /// later by the surname alone. Only these are pointed back to.
    confirmed: Vec<Vec<String>>,
    /// Of those, the names shown to be people by the words around them,
    /// not only by a later surname.
    introduced: FxHashSet<Vec<String>>,
    /// Every ending of a person's name (`Sondland`, `Abu Hatab`, the whole
    /// name) → the first person in `persons` it ends.
    by_ending: FxHashMap<Vec<String>, usize>,
    /// The first word of each two-word name → those persons.
    by_first: FxHashMap<String, Vec<usize>>,
    /// Every ending of a confirmed name → the first confirmed name it ends.
    confirmed_by_ending: FxHashMap<Vec<String>, usize>,
    /// The full name each person actor is first given in the story.
    actor_names: Vec<(usize, String)>,
    /// The capitalised runs of each text already read: a paragraph is
    /// read for names, then for persons and possessives.
    runs_read: RefCell<FxHashMap<String, Rc<[Run]>>>,
    /// The actor mentions of each paragraph already read, likewise.
    mentions_read: RefCell<FxHashMap<String, Rc<[Mention]>>>,
}

impl<'m> People<'m> {
    /// Reads the names in a story's paragraphs.
    pub fn new(paragraphs: &[String], matcher: &'m ActorMatcher) -> People<'m> {
        Self::with_mentions(paragraphs, matcher, Vec::new())
    }

    /// Reads the names in a story's paragraphs as [`People::new`] does,
    /// given the actor mentions of some of them (`known[i]` those of
    /// paragraph `i`), which are not looked for again.
    pub fn with_mentions(
        paragraphs: &[String],
        matcher: &'m ActorMatcher,
        known: Vec<Vec<Mention>>,
    ) -> People<'m> {
        let mut people = People {
            matcher,
            persons: Vec::new(),
            places: FxHashSet::default(),
            things: FxHashSet::default(),
            surnames_only: FxHashSet::default(),
            confirmed: Vec::new(),
            introduced: FxHashSet::default(),
            by_ending: FxHashMap::default(),
            by_first: FxHashMap::default(),
            confirmed_by_ending: FxHashMap::default(),
            actor_names: Vec::new(),
            runs_read: RefCell::new(FxHashMap::default()),
            mentions_read: RefCell::new(FxHashMap::default()),
        };
        for (paragraph, mentions) in paragraphs.iter().zip(known) {
            people
                .mentions_read
                .get_mut()
                .insert(paragraph.clone(), mentions.into());
        }
        let mut singles: FxHashSet<String> = FxHashSet::default();
        let mut seen: FxHashSet<Vec<String>> = FxHashSet::default();
        for paragraph in paragraphs {
            let paragraph_runs = people.runs_of(paragraph);
            for mention in people.mentions_of(paragraph).iter() {
                if people.actor_names.iter().any(|(a, _)| *a == mention.actor) {
                    continue;
                }
                let covering = paragraph_runs.iter().find(|r| {
                    r.start <= mention.start
                        && r.end >= mention.end
                        && r.words.len() <= MAX_NAME_WORDS
                });
                let name = covering.map_or_else(
                    || paragraph[mention.start..mention.end].to_string(),
                    |r| r.words.join(" "),
                );
                people.actor_names.push((mention.actor, name));
            }
            for run in paragraph_runs.iter() {
                let mut run = run.clone();
                let before = &paragraph[..run.start];
                let word = last_word(before).to_lowercase();
                let after_place_word = !run.possessive
                    && PLACE_PREPOSITIONS.contains(&word.as_str())
                    && !last_word(before.trim_end().trim_end_matches(&*word))
                        .eq_ignore_ascii_case("according");
                if after_place_word {
                    if run.words.len() < 3 {
                        people.places.insert(run.words.join(" "));
                        continue;
                    }
                    people.places.insert(run.words.remove(0));
                }
                if word == "the" {
                    people.things.insert(run.words.join(" "));
                    continue;
                }
                if run.titled && run.words.len() == 1 {
                    people.surnames_only.insert(run.words[0].clone());
                }
                if run.words.len() == 1 {
                    singles.insert(run.words[0].clone());
                }
                // A longer run of capitalised words is a title or a
                // heading, not a name (and indexing each of its endings
                // would take space with the square of its length).
                if run.words.len() > MAX_NAME_WORDS {
                    continue;
                }
                if shows_a_person(paragraph, &run) {
                    people.confirmed.push(run.words.clone());
                    people.introduced.insert(run.words.clone());
                }
                if run.words.len() >= 2
                    && !is_organisation(&run.words)
                    && seen.insert(run.words.clone())
                {
                    people.persons.push(run.words);
                }
            }
        }
        let places = std::mem::take(&mut people.places);
        let things = std::mem::take(&mut people.things);
        people.persons.retain(|p| {
            let joined = p.join(" ");
            !places.contains(&joined) && !things.contains(&joined)
        });
        people.places = places;
        people.things = things;
        let mut confirmed: FxHashSet<Vec<String>> = people.confirmed.iter().cloned().collect();
        for person in &people.persons {
            let surname = person.last().cloned().unwrap_or_default();
            if singles.contains(&surname) && confirmed.insert(person.clone()) {
                people.confirmed.push(person.clone());
            }
        }
        for (i, person) in people.persons.iter().enumerate() {
            for from in 0..person.len() {
                people.by_ending.entry(person[from..].to_vec()).or_insert(i);
            }
            if person.len() == 2 {
                people
                    .by_first
                    .entry(person[0].clone())
                    .or_default()
                    .push(i);
            }
        }
        for (i, name) in people.confirmed.iter().enumerate() {
            for from in 0..name.len() {
                people
                    .confirmed_by_ending
                    .entry(name[from..].to_vec())
                    .or_insert(i);
            }
        }
        let names: Vec<(usize, String)> = people
            .actor_names
            .iter()
            .map(|(actor, name)| {
                let words: Vec<String> = name.split(' ').map(String::from).collect();
                (
                    *actor,
                    people.full_name(&words).unwrap_or_else(|| name.clone()),
                )
            })
            .collect();
        people.actor_names = names;
        people
    }

    /// True for a person, not an organisation: the only kind of speaker a
    /// pronoun can point back to.
    pub fn is_person_speaker(&self, speaker: &Speaker) -> bool {
        match speaker {
            Speaker::Actor(actor) => self.matcher.is_person(*actor),
            Speaker::Name(name) => {
                let words: Vec<String> = name.split(' ').map(String::from).collect();
                self.by_ending
                    .get(&words)
                    .is_some_and(|&i| self.persons[i] == words)
                    || self.surnames_only.contains(name)
            }
        }
    }

    /// A speaker's name as the story gives it in full.
    pub fn display(&self, speaker: &Speaker) -> String {
        match speaker {
            Speaker::Name(name) => name.clone(),
            Speaker::Actor(actor) => self
                .actor_names
                .iter()
                .find(|(a, _)| a == actor)
                .map_or_else(|| self.matcher.slug(*actor).to_string(), |(_, n)| n.clone()),
        }
    }

    /// The full name a run stands for, past a place written before it
    /// (`ambassador to Britain Liu Xiaming`); the run itself when the story
    /// gives no fuller name.
    fn name_of_run(&self, words: &[String]) -> String {
        (0..words.len())
            .find_map(|skip| self.full_name(&words[skip..]))
            .unwrap_or_else(|| words.join(" "))
    }

    /// The person a name stands for: the first full name that ends with
    /// its words (`Sondland`, `Abu Hatab`) or is it. A single name that ends
    /// no full name may be a family name written first (`Liu` of `Liu
    /// Xiaming`), when it starts exactly one name the story introduces as a
    /// person's.
    fn full_name(&self, words: &[String]) -> Option<String> {
        let ending = self.by_ending.get(words).map(|&i| &self.persons[i]);
        let starting = || {
            let first = words.first().filter(|_| words.len() == 1)?;
            let mut starting = self
                .by_first
                .get(first)?
                .iter()
                .map(|&i| &self.persons[i])
                .filter(|p| self.introduced.contains(*p));
            match (starting.next(), starting.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        };
        ending.or_else(starting).map(|p| p.join(" "))
    }

    /// Who `phrase` names as speaking. `after_verb`: the phrase follows the
    /// verb (`said Steve Cowan, a spokesman`), so its first part counts;
    /// otherwise it is the subject before the verb, and the part nearest
    /// the verb counts, past appositions (`Dr. Sobhi Skaik, the director
    /// of ..., said`) and openers (`At US Airways, Todd Lehmacher called`).
    pub fn named(&self, phrase: &str, after_verb: bool) -> Option<Named> {
        // Only the words near the verb are read, so that a run-on text with
        // a verb of speech every few words costs time in step with its size.
        let boundary = |mut at: usize| {
            while !phrase.is_char_boundary(at) {
                at += 1;
            }
            at
        };
        let near = if after_verb {
            &phrase[..boundary(NEAR_VERB.min(phrase.len()))]
        } else {
            &phrase[boundary(phrase.len().saturating_sub(NEAR_VERB))..]
        };
        let parts = clause_parts(near);
        if after_verb {
            return parts.first().and_then(|p| self.part_names(p, true));
        }
        let mut chosen = None;
        for (i, part) in parts.iter().enumerate().rev() {
            let first = part.split_whitespace().next().unwrap_or("");
            let lower_start = first.chars().next().is_some_and(char::is_lowercase);
            let opener = is_opener(first);
            if opener && i > 0 {
                continue;
            }
            let apposition = lower_start
                && !points_back(part)
                && !first_is_pronoun(part)
                && !names_an_organisation(part)
                && !self.names_a_known_person(part);
            if apposition && i > 0 {
                continue;
            }
            chosen = self.part_names(part, false);
            if chosen.is_some() {
                break;
            }
        }
        chosen
    }

    /// What one comma-free part of an attribution names.
    fn part_names(&self, part: &str, after_verb: bool) -> Option<Named> {
        let words: Vec<&str> = part.split_whitespace().collect();
        if words.is_empty() || (!after_verb && words.len() > 16) {
            return None;
        }
        let mut persons = self
            .matcher
            .mentions(part)
            .into_iter()
            .filter(|m| self.matcher.is_person(m.actor) && !m.possessive);
        let actor = if after_verb {
            persons.next()
        } else {
            persons.next_back()
        };
        if let Some(actor) = actor {
            return Some(Named::Speaker(Speaker::Actor(actor.actor)));
        }
        let runs = self.runs_of(part);
        if first_is_pronoun(part) || last_is_pronoun(part) {
            return Some(Named::PointsBack);
        }
        let opener = is_opener(words[0]);
        if opener {
            return None;
        }
        if let Some(run) = runs
            .iter()
            .find(|r| !r.possessive && !is_organisation(&r.words) && self.is_person(&r.words))
        {
            return Some(Named::Speaker(Speaker::Name(self.name_of_run(&run.words))));
        }
        let spokesperson = words.iter().any(|w| w.starts_with("spokes"));
        if let Some(run) = runs.iter().find(|r| r.possessive) {
            if !spokesperson || !is_organisation(&run.words) {
                return Some(Named::Unnamed);
            }
        }
        if points_back(part) {
            return Some(Named::PointsBack);
        }
        let head = part.strip_prefix("the ").unwrap_or(part);
        let heads_part = |start: usize| part.len() - head.len() == start;
        if let Some(organisation) = self.matcher.mentions(part).first() {
            if heads_part(organisation.start) && words.len() <= 4 {
                return Some(Named::Speaker(Speaker::Actor(organisation.actor)));
            }
        }
        if let Some(run) = runs.iter().find(|r| {
            is_organisation(&r.words) || (r.words.len() == 1 && !self.places.contains(&r.words[0]))
        }) {
            if run.words.len() == 1 && self.surnames_only.contains(&run.words[0]) {
                return Some(Named::Unnamed);
            }
            return Some(Named::Speaker(Speaker::Name(run.words.join(" "))));
        }
        if points_back(part) {
            return Some(Named::PointsBack);
        }
        let lower = part.to_lowercase();
        if lower.starts_with("one") || lower.starts_with("a ") || lower.starts_with("an ") {
            return Some(Named::Unnamed);
        }
        None
    }

    /// True when `part` ends with a person actor or a person the story
    /// shows to be one (`former Secretary of State Hillary Clinton`), unlike
    /// an apposition (`director of the Centre for Policy Impact`) or a
    /// relative clause (`who served under former President Barack Obama`).
    fn names_a_known_person(&self, part: &str) -> bool {
        const RELATIVE: &[&str] = &["who", "whose", "whom", "which", "that"];
        let first = part.split_whitespace().next().unwrap_or("");
        if RELATIVE.contains(&first) {
            return false;
        }
        let end = part.trim_end().len();
        let actor = self
            .matcher
            .mentions(part)
            .iter()
            .any(|m| self.matcher.is_person(m.actor) && m.end == end);
        actor
            || self.runs_of(part).iter().any(|r| {
                r.end == end
                    && self
                        .confirmed_by_ending
                        .get(&r.words)
                        .is_some_and(|&i| self.confirmed[i] == r.words)
            })
    }

    /// True when `words` name a person of the story: two words or more
    /// that are not a place, or a surname given in full elsewhere. The
    /// surname of a person the story introduces stays theirs after `to` or
    /// `the` (`a political advisor to Bloomberg`, `the Bloomberg campaign`).
    fn is_person(&self, words: &[String]) -> bool {
        let joined = words.join(" ");
        let surname_of_introduced = self.by_ending.get(words).is_some_and(|&i| {
            self.persons[i].len() > words.len() && self.introduced.contains(&self.persons[i])
        });
        if !surname_of_introduced
            && (self.places.contains(&joined) || self.things.contains(&joined))
        {
            return false;
        }
        words.len() >= 2 || self.full_name(words).is_some()
    }

    /// The capitalised runs of `text`, read once per story.
    fn runs_of(&self, text: &str) -> Rc<[Run]> {
        if let Some(found) = self.runs_read.borrow().get(text) {
            return Rc::clone(found);
        }
        let found: Rc<[Run]> = runs(text).into();
        self.runs_read
            .borrow_mut()
            .insert(text.to_string(), Rc::clone(&found));
        found
    }

    /// The actor mentions in `text`, found once per story.
    fn mentions_of(&self, text: &str) -> Rc<[Mention]> {
        if let Some(found) = self.mentions_read.borrow().get(text) {
            return Rc::clone(found);
        }
        let found: Rc<[Mention]> = self.matcher.mentions(text).into();
        self.mentions_read
            .borrow_mut()
            .insert(text.to_string(), Rc::clone(&found));
        found
    }

    /// Where the names written in the possessive in `text` start
    /// (`Bloomberg’s presence`): a name that is not its sentence's subject.
    pub fn possessives_in(&self, text: &str) -> Vec<usize> {
        let mentions = self.mentions_of(text);
        let actors = mentions.iter().filter(|m| m.possessive).map(|m| m.start);
        let text_runs = self.runs_of(text);
        let runs = text_runs.iter().filter(|r| r.possessive).map(|r| r.start);
        actors.chain(runs).collect()
    }

    /// The people named in `text` outside `skip` ranges, with their byte
    /// offsets, for pronouns to point back to.
    pub fn persons_in(&self, text: &str) -> Vec<(usize, Speaker)> {
        let actors: Vec<(usize, usize, usize)> = self
            .mentions_of(text)
            .iter()
            .filter(|m| self.matcher.is_person(m.actor))
            .map(|m| (m.start, m.end, m.actor))
            .collect();
        let mut found: Vec<(usize, Speaker)> = actors
            .iter()
            .map(|(start, _, actor)| (*start, Speaker::Actor(*actor)))
            .collect();
        for run in self.runs_of(text).iter() {
            // The mentions are in order and none overlaps another, so only
            // the last that starts before the run ends can reach into it.
            let before_end = actors.partition_point(|(start, _, _)| *start < run.end);
            let overlaps = before_end
                .checked_sub(1)
                .is_some_and(|last| actors[last].1 > run.start);
            if overlaps || is_organisation(&run.words) || !self.is_person(&run.words) {
                continue;
            }
            let Some(full) = self
                .confirmed_by_ending
                .get(&run.words)
                .map(|&i| &self.confirmed[i])
            else {
                continue;
            };
            let name = full.join(" ");
            found.push((run.start, Speaker::Name(name)));
        }
        found.sort_by_key(|(at, _)| *at);
        found
    }
}

/// True when the words around `run` show it names a person: a title or an
/// initial in it, a verb of speech or `, who`/`, a`/`, the` after it, a
/// possessive, or a role word before it (`spokesman Steve Cowan`).
fn shows_a_person(text: &str, run: &Run) -> bool {
    const AFTER: &[&str] = &[
        " said",
        " says",
        " has said",
        " had said",
        " told",
        " tells",
        " added",
        " wrote",
        " asked",
        " explained",
        " warned",
        ", who",
        ", a ",
        ", an ",
        ", the ",
    ];
    let after = &text[run.end..];
    let before = last_word(&text[..run.start]).to_lowercase();
    run.titled
        || run.possessive
        || run.words.iter().any(|w| w.len() == 2 && w.ends_with('.'))
        || AFTER.iter().any(|a| after.starts_with(a))
        || ROLE_SET.contains(before.as_str())
}

/// The parts of a phrase between commas, semicolons, dashes and `and`/`but`.
fn clause_parts(phrase: &str) -> Vec<String> {
    let mut parts = Vec::new();
    for piece in phrase.split([',', ';', '—', '–', '(', ')']) {
        let mut current: Vec<&str> = Vec::new();
        for word in piece.split_whitespace() {
            if word == "and" || word == "but" {
                if !current.is_empty() {
                    parts.push(current.join(" "));
                }
                current.clear();
            } else {
                current.push(word);
            }
        }
        if !current.is_empty() {
            parts.push(current.join(" "));
        }
    }
    parts
}

/// Openers of a sentence that are not its subject: `In a statement`,
/// `According to`, `Asked about`.
fn is_opener(first: &str) -> bool {
    const OPENERS: &[&str] = &[
        "In",
        "On",
        "At",
        "During",
        "After",
        "Before",
        "From",
        "For",
        "With",
        "Asked",
        "Speaking",
        "According",
        "Following",
        "Earlier",
        "Later",
        "Last",
        "This",
        "Meanwhile",
        "However",
        "But",
        "And",
        "Yet",
        "So",
        "Still",
        "Instead",
        "Recall",
        "When",
        "While",
        "Since",
    ];
    OPENERS.contains(&first)
}

fn first_is_pronoun(part: &str) -> bool {
    let first = part.split_whitespace().next().unwrap_or("");
    matches!(first.to_lowercase().as_str(), "he" | "she")
}

fn last_is_pronoun(part: &str) -> bool {
    let last = part.split_whitespace().last().unwrap_or("");
    matches!(last.to_lowercase().as_str(), "he" | "she")
}

/// `the minister`, `the Russian President`, `the U.S. president`: a role
/// with `the`, of at most four words.
fn points_back(part: &str) -> bool {
    let words: Vec<String> = part.split_whitespace().map(str::to_lowercase).collect();
    words.len() >= 2
        && words.len() <= 4
        && words[0] == "the"
        && words
            .last()
            .is_some_and(|w| ROLE_SET.contains(w.trim_matches('.')))
}

/// `the Electoral Commission`: `the` and an organisation's name, nothing
/// more; a subject, unlike an apposition (`the director of the Centre`).
fn names_an_organisation(part: &str) -> bool {
    let Some(rest) = part.strip_prefix("the ") else {
        return false;
    };
    let runs = runs(rest);
    runs.len() == 1
        && runs[0].start == 0
        && runs[0].end == rest.len()
        && is_organisation(&runs[0].words)
}

fn is_organisation(words: &[String]) -> bool {
    words.iter().any(|w| ORGANISATION_SET.contains(w.as_str()))
}

fn last_word(text: &str) -> &str {
    text.split_whitespace()
        .last()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
}

/// Runs of capitalised words (with initials and name particles), titles
/// and sentence openers dropped from their start.
fn runs(text: &str) -> Vec<Run> {
    const PARTICLES: &[&str] = &[
        "bin", "ibn", "al", "al-", "de", "van", "von", "der", "da", "di", "la", "le", "du", "dos",
        "del",
    ];
    let mut found = Vec::new();
    let mut current: Vec<(usize, usize, &str)> = Vec::new();
    let mut finish = |current: &mut Vec<(usize, usize, &str)>, possessive: bool| {
        if current.is_empty() {
            return;
        }
        while current
            .last()
            .is_some_and(|(_, _, w)| PARTICLES.contains(w))
        {
            current.pop();
        }
        let skip = current
            .iter()
            .take_while(|(_, _, w)| {
                let bare = w.trim_end_matches('.');
                TITLE_SET.contains(w) || TITLE_SET.contains(bare) || NOT_NAME_SET.contains(bare)
            })
            .count();
        let titled = current
            .iter()
            .take(skip)
            .any(|(_, _, w)| TITLE_SET.contains(w.trim_end_matches('.')) || TITLE_SET.contains(w));
        let mut kept = &current[skip.min(current.len())..];
        while kept.len() > 1
            && kept
                .last()
                .is_some_and(|(_, _, w)| HONOURS.contains(&w.trim_end_matches('.')))
        {
            kept = &kept[..kept.len() - 1];
        }
        if let (Some(first), Some(last)) = (kept.first(), kept.last()) {
            found.push(Run {
                start: first.0,
                end: last.1,
                words: kept.iter().map(|(_, _, w)| w.to_string()).collect(),
                possessive,
                titled,
            });
        }
        current.clear();
    };
    let mut offset = 0;
    for raw in text.split_inclusive(char::is_whitespace) {
        let start = offset;
        offset += raw.len();
        // A word that starts with a small ASCII letter is no name, and with
        // no run going it is no particle of one either: all it could do is
        // end a run, and there is none to end.
        if current.is_empty() && raw.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
            continue;
        }
        let word = raw.trim_end();
        let lead = word.len() - word.trim_start_matches(['“', '"', '(', '‘', '\'']).len();
        let core = word.trim_start_matches(['“', '"', '(', '‘', '\'']);
        let possessive = core.ends_with("’s") || core.ends_with("'s");
        let core = core
            .strip_suffix("’s")
            .or_else(|| core.strip_suffix("'s"))
            .unwrap_or(core);
        let initial =
            core.len() == 2 && core.ends_with('.') && core.starts_with(char::is_uppercase);
        let abbreviation = core.ends_with('.') && TITLE_SET.contains(core);
        let bare = if initial || abbreviation {
            core
        } else {
            core.trim_end_matches(|c: char| !c.is_alphanumeric())
        };
        let stops = bare.len() < core.len() || lead > 0 && !current.is_empty();
        let capital = bare.chars().next().is_some_and(char::is_uppercase)
            && bare.chars().any(char::is_lowercase)
            || initial
            || abbreviation
            || (bare.len() >= 2 && bare.chars().all(|c| c.is_ascii_uppercase()));
        let particle = !current.is_empty() && PARTICLES.contains(&bare);
        if lead > 0 && !current.is_empty() {
            finish(&mut current, false);
        }
        if capital || particle {
            let at = start + lead;
            current.push((at, at + bare.len(), bare));
            if possessive {
                finish(&mut current, true);
            } else if stops {
                finish(&mut current, false);
            }
        } else {
            finish(&mut current, false);
        }
    }
    finish(&mut current, false);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::actors::actor;
    use crate::model::ActorKind;

    fn matcher() -> ActorMatcher {
        ActorMatcher::new(&[
            actor(
                "dmitry-peskov",
                "Dmitry Peskov",
                ActorKind::Person,
                &["Peskov"],
            ),
            actor("russia", "Russia", ActorKind::Country, &["Kremlin"]),
        ])
    }

    fn story(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    fn name(n: &str) -> Option<Named> {
        Some(Named::Speaker(Speaker::Name(n.to_string())))
    }

    #[test]
    fn runs_drop_titles_and_keep_initials_and_particles() {
        let words =
            |t: &str| -> Vec<String> { runs(t).into_iter().map(|r| r.words.join(" ")).collect() };
        assert_eq!(
            words("Patrol Chief James Hall with the New York Police Department said Wednesday."),
            ["James Hall", "New York Police Department", "Wednesday"]
                .into_iter()
                .filter(|w| *w != "Wednesday")
                .collect::<Vec<_>>()
        );
        assert_eq!(
            words("former mayor Michael R. Bloomberg"),
            ["Michael R. Bloomberg"]
        );
        assert_eq!(
            words("said Dr. Walid Abu Hatab, an obstetrician"),
            ["Walid Abu Hatab"]
        );
        assert_eq!(words("In Hajjaj’s case"), ["Hajjaj"]);
        assert!(runs("In Hajjaj’s case")[0].possessive);
    }

    #[test]
    fn only_the_words_near_the_verb_are_read() {
        let m = matcher();
        let people = People::new(&story("Judge Neil Ford said it."), &m);
        let filler = " and the talks went on".repeat(100);
        assert_eq!(
            people.named(&format!("Judge Ford{}", &filler[..1_900]), false),
            name("Neil Ford")
        );
        assert_eq!(people.named(&format!("Judge Ford{filler}"), false), None);
        assert_eq!(
            people.named(&format!("Judge Ford{filler}"), true),
            name("Neil Ford")
        );
        assert_eq!(people.named(&format!("{filler} Judge Ford"), true), None);
        // The cut falls inside no character.
        for odd in ["é", "“é”"] {
            assert_eq!(people.named(&odd.repeat(1_501), false), None);
            assert_eq!(people.named(&odd.repeat(1_501), true), None);
        }
    }

    #[test]
    fn a_run_longer_than_a_name_names_no_one() {
        let m = matcher();
        let eight = "Ana Maria Luisa Sofia Isabel Carmen Elena Torres";
        let nine = "Ana Maria Luisa Sofia Isabel Carmen Elena Rosa Torres";
        for (run, person) in [(eight, true), (nine, false)] {
            let people = People::new(&story(&format!("{run} said it was over.")), &m);
            assert_eq!(
                people.persons.iter().any(|p| p.join(" ") == run),
                person,
                "{run}"
            );
        }
    }

    #[test]
    fn surnames_and_titles_resolve_to_the_full_name_first_given() {
        let m = matcher();
        let people = People::new(
            &story("Conservative MP Chris Grayling called for tests.\nJudge Neil Ford said it.\nIt happened in New York."),
            &m,
        );
        assert_eq!(people.named("Mr Grayling", false), name("Chris Grayling"));
        assert_eq!(people.named("Judge Ford", false), name("Neil Ford"));
        assert_eq!(
            people.named("Conservative MP Chris Grayling", false),
            name("Chris Grayling")
        );
        assert_eq!(
            people.named("Kremlin spokesman Dmitry Peskov", false),
            Some(Named::Speaker(Speaker::Actor(0)))
        );
        assert_eq!(people.named("Amtrak", false), name("Amtrak"));
        let titled_only = People::new(
            &story("Along with Democratic rivals, President Trump has gotten into the act."),
            &m,
        );
        assert_eq!(titled_only.named("Trump", false), Some(Named::Unnamed));
        assert_eq!(people.named("New York", false), None);
    }

    #[test]
    fn an_introduced_surname_stays_a_person_after_to_or_the() {
        let m = matcher();
        let people = People::new(
            &story("This is not the gracious welcome billionaire Michael R. Bloomberg has come to expect.\n“He has been hit before,” said Hank Sheinkopf, who was a political advisor to Bloomberg in New York.\nIt happened in Houston."),
            &m,
        );
        assert_eq!(
            people.named("Bloomberg", false),
            name("Michael R. Bloomberg")
        );
        assert_eq!(people.named("Houston", false), None);
    }

    #[test]
    fn an_organisation_with_the_is_a_subject_not_an_apposition() {
        let m = matcher();
        let people = People::new(&story("Voters were confused."), &m);
        assert_eq!(
            people.named("In a reflection of the confusion, the Electoral Commission, which regulates campaign finances, issued a statement", false),
            name("Electoral Commission")
        );
        assert!(!names_an_organisation(
            "the director of the Centre for Policy Impact"
        ));
    }

    #[test]
    fn the_subject_is_found_past_appositions_and_openers() {
        let m = matcher();
        let people = People::new(
            &story("Dr. Sobhi Skaik runs it.\nTodd Lehmacher is there."),
            &m,
        );
        assert_eq!(
            people.named(" Dr. Sobhi Skaik, the director of the Turkish Friendship Hospital in the Mughraqa area in the central Gaza Strip,", false),
            name("Sobhi Skaik")
        );
        assert_eq!(
            people.named("At US Airways, Todd Lehmacher", false),
            name("Todd Lehmacher")
        );
        assert_eq!(
            people.named("Prof Gavin Yamey, director of the Centre for Policy Impact in Global Health at Duke University, who is leading research into the spread of Covid across higher education,", false),
            name("Gavin Yamey")
        );
        assert_eq!(people.named("But, he", false), Some(Named::PointsBack));
        assert_eq!(
            people.named("Speaking through an interpreter he", false),
            Some(Named::PointsBack)
        );
        assert_eq!(
            people.named("the Russian President", false),
            Some(Named::PointsBack)
        );
        assert_eq!(
            people.named(
                "In a Berlin report by telephone, Scholz’s spokeswoman",
                false
            ),
            Some(Named::Unnamed)
        );
        assert_eq!(
            people.named("One, who asked not to be named,", false),
            Some(Named::Unnamed)
        );
        assert_eq!(
            people.named("A spokesperson for Sheffield University urged struggling students to talk to the university", false),
            name("Sheffield University")
        );
        assert_eq!(
            people.named(
                " Steve Cowan, a spokesman for the Pennsylvania Department of Transportation.",
                true
            ),
            name("Steve Cowan")
        );
    }
}
