//! The site as loaded from disk: settings, articles, actors and events with
//! their fields parsed and checked one file at a time, references still as
//! slugs. Resolving those slugs is the job of [`crate::link`].

use std::path::PathBuf;

use chrono::NaiveDate;
use toml::Table;

pub use crate::frontmatter::{Ref, When};

/// `site.toml`.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub description: Option<String>,
    /// Absolute address of the hosted site, without a trailing `/`; only the
    /// feed and the sitemap need it.
    pub base_url: Option<String>,
    pub language: String,
    pub articles_per_page: usize,
    /// Links end in `/` instead of `/index.html`: shorter, but only for hosted sites.
    pub pretty_urls: bool,
    pub extra: Table,
}

/// Everything in a site folder, parsed.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub articles: Vec<Article>,
    pub actors: Vec<Actor>,
    pub events: Vec<Event>,
}

/// The kind of an actor, which groups the actors' index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActorKind {
    Person,
    Organisation,
    Country,
}

impl ActorKind {
    pub fn parse(text: &str) -> Option<ActorKind> {
        match text {
            "person" => Some(ActorKind::Person),
            "organisation" | "organization" => Some(ActorKind::Organisation),
            "country" => Some(ActorKind::Country),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Organisation => "organisation",
            ActorKind::Country => "country",
        }
    }

    pub fn plural_title(self) -> &'static str {
        match self {
            ActorKind::Person => "People",
            ActorKind::Organisation => "Organisations",
            ActorKind::Country => "Countries",
        }
    }
}

/// A quotation in an article, by an actor or by a named speaker.
#[derive(Debug, Clone)]
pub struct Quote {
    pub actor: Option<Ref>,
    pub speaker: Option<String>,
    pub text: String,
}

/// An editor's annotation on an article.
#[derive(Debug, Clone)]
pub struct Note {
    pub text: String,
    pub author: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Article {
    pub slug: String,
    /// Where it came from, relative to the site root.
    pub file: PathBuf,
    pub title: String,
    /// When it was published; only a draft may have none yet (import never
    /// makes a date up).
    pub when: Option<When>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    /// The summary given in front matter, else the first paragraph as plain text.
    pub summary: String,
    /// True when the summary was written in front matter, not taken from the body.
    pub summary_given: bool,
    pub actors: Vec<Ref>,
    pub events: Vec<Ref>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub quotes: Vec<Quote>,
    pub notes: Vec<Note>,
    pub extra: Table,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub slug: String,
    pub file: PathBuf,
    pub name: String,
    pub kind: ActorKind,
    pub role: Option<String>,
    pub country: Option<Ref>,
    pub aliases: Vec<Alias>,
    pub extra: Table,
    pub body: String,
}

/// Another name an actor goes by in article text, with its line in the file.
#[derive(Debug, Clone)]
pub struct Alias {
    pub name: String,
    pub line: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub slug: String,
    pub file: PathBuf,
    pub title: String,
    pub date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub place: Option<String>,
    pub actors: Vec<Ref>,
    pub keywords: Vec<String>,
    pub extra: Table,
    pub body: String,
}
