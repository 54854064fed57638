//! The site as loaded from disk: settings, articles, actors and events with
//! their fields parsed and checked one file at a time, references still as
//! slugs. Resolving those slugs is the job of [`crate::link`].

use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::time::SystemTime;

use chrono::NaiveDate;
use toml::Table;

use crate::diag::Diagnostic;
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
    /// The interface's texts in `language`.
    pub interface: std::sync::Arc<crate::i18n::Catalogue>,
    /// What the editor should know about the settings (a language with no
    /// catalogue); the site builds anyway.
    pub warnings: Vec<crate::diag::Diagnostic>,
}

/// Everything in a site folder, parsed.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub articles: Vec<Article>,
    pub actors: Vec<Actor>,
    pub events: Vec<Event>,
    /// The editor's state of play (`content/briefing.md`), when there is one.
    pub state_of_play: Option<StateOfPlay>,
}

/// `content/briefing.md`: where things stand, in the editor's words.
#[derive(Debug, Clone)]
pub struct StateOfPlay {
    pub file: PathBuf,
    pub title: Option<String>,
    /// When the editor last brought it up to date.
    pub updated: When,
    pub extra: Table,
    pub body: String,
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

    /// The interface text that heads a list of actors of this kind.
    pub fn plural_key(self) -> &'static str {
        match self {
            ActorKind::Person => "actor.people",
            ActorKind::Organisation => "actor.organisations",
            ActorKind::Country => "actor.countries",
        }
    }
}

/// A quotation in an article, by an actor or by a named speaker, with what
/// the article says about where and when it was said.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub actor: Option<Ref>,
    pub speaker: Option<String>,
    pub text: String,
    /// The sentence or two around the quote, as printed.
    pub context: Option<String>,
    /// When it was said, where the text says so.
    pub said: Option<Said>,
    /// Second-hand: who reported the words.
    pub via: Option<String>,
    /// For a `speaker` who is not an actor ("a senior Ukrainian government
    /// official"): the side they speak for. An actor's side is the actor's.
    pub side: Option<String>,
    /// A note that the words, or the occasion, are disputed.
    pub disputed: Option<String>,
    /// Events the editor says the quote is about.
    pub events: Vec<Ref>,
    /// A name for the quote, unique within its article.
    pub id: Option<String>,
    /// The same statement in other articles (`ARTICLE-SLUG#ID`).
    pub same_as: Vec<Ref>,
}

/// When a quote was said: a day, or only a month when the text says no more
/// ("In March, Biden called…").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Said {
    Day(NaiveDate),
    Month(NaiveDate),
}

impl Said {
    /// The month `year`-`month`, if there is such a month.
    pub fn month(year: i32, month: u32) -> Option<Said> {
        NaiveDate::from_ymd_opt(year, month, 1).map(Said::Month)
    }

    /// The earliest day it can have been said.
    pub fn first_day(self) -> NaiveDate {
        match self {
            Said::Day(d) | Said::Month(d) => d,
        }
    }

    /// The latest day it can have been said.
    pub fn last_day(self) -> NaiveDate {
        match self {
            Said::Day(d) => d,
            Said::Month(d) => {
                let next = d.checked_add_months(chrono::Months::new(1)).unwrap_or(d);
                next.pred_opt().unwrap_or(d)
            }
        }
    }

    /// `2021-12-21`, or `2022-03` for a month.
    pub fn iso(self) -> String {
        match self {
            Said::Day(d) => d.format("%Y-%m-%d").to_string(),
            Said::Month(d) => d.format("%Y-%m").to_string(),
        }
    }
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
    /// The Markdown body; empty once let go (see [`Article::body`]).
    pub body: String,
    /// The file as it was just before it was read, when the file system
    /// tells its time of change.
    pub read_as: Option<FileAsRead>,
    /// The length of the body once `body` is let go: it is then the last
    /// bytes of the file `read_as` names.
    pub body_let_go: Option<usize>,
    /// The actors the body names, found while it was in hand at load time;
    /// taken by [`crate::link`].
    pub mentions: Option<Box<Mentions>>,
}

/// The names each actor goes by in text, its name then its aliases, in the
/// order [`crate::link`] numbers the actors: what [`Mentions`] are numbered
/// by.
#[derive(Debug, PartialEq, Eq)]
pub struct ActorNames(pub Vec<Vec<String>>);

impl ActorNames {
    /// The names of `actors`, actor `i` being `actors[i]`.
    pub fn of<'a>(actors: impl IntoIterator<Item = &'a Actor>) -> Self {
        ActorNames(
            actors
                .into_iter()
                .map(|a| {
                    std::iter::once(&a.name)
                        .chain(a.aliases.iter().map(|al| &al.name))
                        .cloned()
                        .collect()
                })
                .collect(),
        )
    }

    /// A linker that finds these names, actor `i` by `self.0[i]`.
    pub fn linker(&self) -> crate::markdown::ActorLinker {
        let names: Vec<Vec<&str>> = self
            .0
            .iter()
            .map(|names| names.iter().map(String::as_str).collect())
            .collect();
        crate::markdown::ActorLinker::new(&names)
    }
}

/// The actors an article's body names, each once, in the order first named,
/// numbered as `names` numbers them. The actors can change after the body
/// was read (`serve` keeps articles from one load to the next): the
/// mentions hold only for the same names.
#[derive(Debug, Clone)]
pub struct Mentions {
    pub names: std::sync::Arc<ActorNames>,
    pub actors: Vec<usize>,
}

impl Mentions {
    /// The actors `linker`, made from `names`, finds in `body`.
    pub fn find(
        names: &std::sync::Arc<ActorNames>,
        linker: &crate::markdown::ActorLinker,
        body: &str,
    ) -> Self {
        Mentions {
            names: names.clone(),
            actors: linker.actors_named(body),
        }
    }
}

/// A content file, and its size and time of last change when it was read:
/// a later read can tell whether it is still what was loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileAsRead {
    pub path: PathBuf,
    pub size: u64,
    pub modified: SystemTime,
}

impl Article {
    /// Lets go of the body in memory, for a build that reads each file once
    /// and renders once: [`Article::body`] reads it again from the file, so a
    /// large site's text is not all held at once. A body whose file gave no
    /// time of change is kept.
    pub fn let_go_of_body(&mut self) {
        if self.read_as.is_some() && self.body_let_go.is_none() {
            self.body_let_go = Some(std::mem::take(&mut self.body).len());
        }
    }

    /// The Markdown body: kept in memory, or read again from the file,
    /// which must be as it was when it was loaded.
    pub fn body(&self) -> Result<Cow<'_, str>, Diagnostic> {
        let (Some(body_len), Some(read_as)) = (self.body_let_go, &self.read_as) else {
            return Ok(Cow::Borrowed(&self.body));
        };
        let changed = || {
            Diagnostic::new(
                &self.file,
                "changed while the site was being built; build again once it is saved",
            )
        };
        let mut file = std::fs::File::open(&read_as.path).map_err(|err| {
            Diagnostic::new(
                &self.file,
                format!("cannot be read: {}", crate::load::io_reason(&err)),
            )
        })?;
        let unchanged = file.metadata().is_ok_and(|meta| {
            meta.len() == read_as.size && meta.modified().ok() == Some(read_as.modified)
        });
        if !unchanged {
            return Err(changed());
        }
        let start = read_as
            .size
            .checked_sub(body_len as u64)
            .ok_or_else(changed)?;
        file.seek(SeekFrom::Start(start)).map_err(|_| changed())?;
        let mut bytes = Vec::with_capacity(body_len);
        file.take(body_len as u64)
            .read_to_end(&mut bytes)
            .map_err(|_| changed())?;
        if bytes.len() != body_len {
            return Err(changed());
        }
        String::from_utf8(bytes)
            .map(Cow::Owned)
            .map_err(|_| changed())
    }
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
    /// Whose side the actor speaks for, as the editor sets it.
    pub side: Option<String>,
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
    /// The sides with a stake in it, as actors' `side` names them.
    pub parties: Vec<String>,
    pub extra: Table,
    pub body: String,
}
