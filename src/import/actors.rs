//! Finds the site's actors in article text by name and alias (whole words,
//! so `Putin's` and `Mr. Putin` count and `USSR` does not match `US`), and
//! recognises people who are not actors yet by their context (`Foreign
//! Minister Hakan Fidan`, `said Jane Doe`), as suggestions for new actors.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::markdown::ActorLinker;
use crate::model::{Actor, ActorKind};
use crate::slug;

/// One place in the text where an actor is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Index into [`ActorMatcher::slugs`].
    pub actor: usize,
    pub start: usize,
    pub end: usize,
    /// Followed by `'s` or `’s`.
    pub possessive: bool,
}

/// The site's actors, ready to be looked for in text: the build's
/// [`ActorLinker`] (one way of finding names for both), plus what import
/// needs to know of each actor.
pub struct ActorMatcher {
    linker: ActorLinker,
    slugs: Vec<String>,
    persons: Vec<bool>,
}

impl ActorMatcher {
    pub fn new(actors: &[Actor]) -> Self {
        ActorMatcher {
            linker: ActorLinker::for_actors(actors),
            slugs: actors.iter().map(|a| a.slug.clone()).collect(),
            persons: actors.iter().map(|a| a.kind == ActorKind::Person).collect(),
        }
    }

    pub fn slug(&self, actor: usize) -> &str {
        self.slugs.get(actor).map_or("", String::as_str)
    }

    pub fn is_person(&self, actor: usize) -> bool {
        self.persons.get(actor).copied().unwrap_or(false)
    }

    /// Every whole-word mention of an actor in `text`, in order.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        self.linker
            .mentions(text)
            .map(|(start, end, actor)| {
                let after = &text[end..];
                Mention {
                    actor,
                    start,
                    end,
                    possessive: after.starts_with("'s") || after.starts_with("’s"),
                }
            })
            .collect()
    }

    /// The slugs of the actors named in `text`: people first, in order of
    /// first mention, then organisations and countries.
    pub fn linked(&self, text: &str) -> Vec<String> {
        self.linked_of(&self.mentions(text))
    }

    /// [`ActorMatcher::linked`] of the mentions already found in a text.
    pub fn linked_of(&self, mentions: &[Mention]) -> Vec<String> {
        let mut seen = HashSet::new();
        let first: Vec<usize> = mentions
            .iter()
            .map(|m| m.actor)
            .filter(|a| seen.insert(*a))
            .collect();
        let people = first.iter().filter(|&&a| self.is_person(a));
        let others = first.iter().filter(|&&a| !self.is_person(a));
        people
            .chain(others)
            .map(|&a| self.slug(a).to_string())
            .collect()
    }

    /// The mentions of each of `paragraphs`, out of `mentions`, those of
    /// the text that is `head`, a line feed and the paragraphs joined with
    /// line feeds: each paragraph's own, as [`ActorMatcher::mentions`] finds
    /// them in it alone, since no name holds a line feed, which stops a
    /// word as the start and end of a text do. Nothing when some name does
    /// hold one.
    pub fn mentions_by_paragraph(
        &self,
        mentions: &[Mention],
        head: &str,
        paragraphs: &[String],
    ) -> Option<Vec<Vec<Mention>>> {
        if self.linker.has_name_across_lines() {
            return None;
        }
        let mut rest = mentions;
        let mut start = head.len() + 1;
        let mut found = Vec::with_capacity(paragraphs.len());
        for paragraph in paragraphs {
            let end = start + paragraph.len();
            let before = rest.iter().take_while(|m| m.start < start).count();
            rest = &rest[before..];
            let inside = rest.iter().take_while(|m| m.end <= end).count();
            found.push(
                rest[..inside]
                    .iter()
                    .map(|m| Mention {
                        start: m.start - start,
                        end: m.end - start,
                        ..*m
                    })
                    .collect(),
            );
            rest = &rest[inside..];
            start = end + 1;
        }
        Some(found)
    }

    /// True when `name` contains an actor's name or alias as whole words.
    pub fn names_an_actor(&self, name: &str) -> bool {
        !self.mentions(name).is_empty()
    }
}

/// A person named in the text who is not an actor yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub name: String,
    /// The role the text gives, when it gives one (`former President`).
    pub role: Option<String>,
    pub slug: String,
}

impl Suggestion {
    /// The actor file the editor can accept as it is.
    pub fn actor_file(&self) -> String {
        let mut text = format!(
            "+++\nname = {}\nkind = \"person\"\n",
            toml::Value::String(self.name.clone())
        );
        if let Some(role) = &self.role {
            text.push_str(&format!("role = {}\n", toml::Value::String(role.clone())));
        }
        text.push_str("+++\n");
        text
    }
}

const NAME: &str = r"(\p{Lu}\p{Ll}[\p{L}'’-]*(?:\s+(?:(?:bin|ibn|al|de|van|von|der|da|di|la|le)\s+)?\p{Lu}[\p{L}'’-]+){1,3})";
const ROLE: &str = r"((?:former\s+|[A-Z][\w.]*\s+){0,2}(?:[Mm]inister|[Ss]pokes(?:man|woman|person)|[Pp]resident|[Cc]hancellor|[Ss]ecretary|[Dd]irector|analyst|journalist|correspondent|envoy|advis[eo]r|Advis[eo]r|aide|chief|[Aa]mbassador|Representative|Senator|[Cc]ounterpart|official|leader|Governor|Mayor|editor|[Pp]rofessor|[Cc]ommander))";

static ROLE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b){ROLE}\s+(?:(?:Sir|Dr\.?|Prince|Princess|General|Gen\.)\s+)?{NAME}"
    ))
    .expect("valid regex")
});
static SAID_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?-u:\b)(?:said|says|told)\s+{NAME}")).expect("valid regex")
});
static NAME_SAID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{NAME},?\s+(?:said|says|told|wrote|added)(?-u:\b)"
    ))
    .expect("valid regex")
});

/// Words that start a capitalised run without being part of a name.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "However",
    "Meanwhile",
    "State",
    "Minister",
    "President",
    "Foreign",
    "Secretary",
    "Prime",
    "General",
    "Chancellor",
    "Senator",
    "Representative",
    "Russian",
    "Ukrainian",
    "American",
    "British",
    "French",
    "German",
    "Chinese",
    "Saudi",
    "Kremlin",
    "Vice",
    "Political",
    "Presidential",
    "Former",
    "Sir",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prince",
    "Princess",
    "National",
    "Security",
    "Defense",
    "Defence",
    "Deputy",
    "Director",
    "Senior",
    "Sources",
    "Officials",
    "Analyst",
    "Correspondent",
    "Spokesman",
    "Spokeswoman",
];

/// People named in `text` by their context who are not actors.
pub fn suggestions(text: &str, matcher: &ActorMatcher) -> Vec<Suggestion> {
    let mut found: Vec<Suggestion> = Vec::new();
    let mut add = |name: &str, role: Option<&str>| {
        let Some(name) = clean_name(name) else {
            return;
        };
        if matcher.names_an_actor(&name) || found.iter().any(|s| s.name == name) {
            return;
        }
        found.push(Suggestion {
            slug: slug::slugify(&name),
            role: role.map(|r| r.trim().to_string()),
            name,
        });
    };
    for caps in ROLE_NAME.captures_iter(text) {
        if let (Some(role), Some(name)) = (caps.get(1), caps.get(2)) {
            add(name.as_str(), Some(role.as_str()));
        }
    }
    // The name is what follows the four-letter verb and its spaces, or what
    // comes before the spaces, optional comma and verb: matches alone give
    // it without the slower search for capture groups.
    for said in SAID_NAME.find_iter(text) {
        add(said.as_str()[4..].trim_start(), None);
    }
    for said in NAME_SAID.find_iter(text) {
        let name = said
            .as_str()
            .trim_end_matches(|c: char| c.is_ascii_lowercase())
            .trim_end();
        add(name.strip_suffix(',').unwrap_or(name), None);
    }
    found
}

/// Drops a possessive ending and leading non-name words; a name has at
/// least two words left.
fn clean_name(name: &str) -> Option<String> {
    let name = name
        .strip_suffix("’s")
        .or_else(|| name.strip_suffix("'s"))
        .unwrap_or(name);
    let words: Vec<&str> = name
        .split_whitespace()
        .skip_while(|w| NOT_NAMES.contains(&w.trim_end_matches('.')))
        .collect();
    (words.len() >= 2).then(|| words.join(" "))
}

/// An actor with just a slug, name, kind and aliases, for tests.
#[cfg(test)]
pub(crate) fn actor(slug: &str, name: &str, kind: ActorKind, aliases: &[&str]) -> Actor {
    Actor {
        slug: slug.into(),
        file: std::path::PathBuf::new(),
        name: name.into(),
        kind,
        role: None,
        country: None,
        side: None,
        aliases: aliases
            .iter()
            .map(|a| crate::model::Alias {
                name: a.to_string(),
                line: None,
            })
            .collect(),
        extra: toml::Table::new(),
        body: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> ActorMatcher {
        ActorMatcher::new(&[
            actor(
                "vladimir-putin",
                "Vladimir Putin",
                ActorKind::Person,
                &["Putin", "Mr Putin", "Mr. Putin"],
            ),
            actor(
                "united-states",
                "United States",
                ActorKind::Country,
                &["US", "U.S.", "Washington"],
            ),
            actor(
                "dmitry-peskov",
                "Dmitry Peskov",
                ActorKind::Person,
                &["Peskov"],
            ),
            actor(
                "faisal-bin-farhan",
                "Faisal bin Farhan Al Saud",
                ActorKind::Person,
                &["Faisal bin Farhan"],
            ),
        ])
    }

    #[test]
    fn finds_names_aliases_possessives_and_titles_as_whole_words() {
        let m = matcher();
        let text = "Mr. Putin has declared it. Putin’s words, Kremlin spokesman Dmitry Peskov said. The USSR and US talk.";
        assert_eq!(
            m.linked(text),
            ["vladimir-putin", "dmitry-peskov", "united-states"]
        );
        let mentions = m.mentions(text);
        assert!(mentions[1].possessive);
        assert_eq!(&text[mentions[0].start..mentions[0].end], "Mr. Putin");
        assert!(m.linked("Putinism and USSR").is_empty());
    }

    #[test]
    fn mentions_by_paragraph_are_those_of_each_paragraph_alone() {
        let m = matcher();
        let head = "Putin and Peskov";
        let paragraphs: Vec<String> = [
            "Kremlin spokesman Dmitry Peskov said. The USSR",
            "US",
            "",
            "Putin’s words, Mr. Putin and the US",
            "Peskovian talk in Washington",
        ]
        .map(String::from)
        .to_vec();
        let text = format!("{head}\n{}", paragraphs.join("\n"));
        let each: Vec<Vec<Mention>> = paragraphs.iter().map(|p| m.mentions(p)).collect();
        assert_eq!(
            m.mentions_by_paragraph(&m.mentions(&text), head, &paragraphs),
            Some(each)
        );
        let across =
            ActorMatcher::new(&[actor("odd", "Odd Name", ActorKind::Person, &["Odd\nName"])]);
        assert_eq!(across.mentions_by_paragraph(&[], head, &paragraphs), None);
    }

    #[test]
    fn suggests_people_named_by_their_context() {
        let m = matcher();
        let text = "Michael McFaul, who served as U.S. ambassador to Russia under former President Barack Obama, wrote on X. Foreign Minister Hakan Fidan met Foreign Minister Prince Faisal bin Farhan Al Saud. “Yes,” said Jane Doe. Kremlin spokesman Dmitry Peskov said so.";
        let names: Vec<String> = suggestions(text, &m).into_iter().map(|s| s.name).collect();
        assert_eq!(names, ["Barack Obama", "Hakan Fidan", "Jane Doe"]);
        let obama = &suggestions(text, &m)[0];
        assert_eq!(obama.role.as_deref(), Some("former President"));
        assert_eq!(obama.slug, "barack-obama");
        assert!(obama.actor_file().contains("name = \"Barack Obama\""));
    }
}
