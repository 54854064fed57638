//! What a rendered page read: the content files whose fields it shows, the
//! lists it shows (an actor's articles, an article's neighbours, a month's
//! days), which items exist at all, the site settings and its template. A
//! change maps to the pages whose dependencies hold it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::link::{ActorId, ArticleId, Briefing, EventId, GroupId};

/// Something whose lists a page shows, by id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    Article(ArticleId),
    Actor(ActorId),
    Event(EventId),
    Outlet(GroupId),
    Tag(GroupId),
    Month(i32, u32),
}

/// One thing a page read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dependency {
    /// A content file, relative to the site's folder.
    File(PathBuf),
    /// The lists of an item: an article's actors, events, tags, outlet and
    /// neighbours; an actor's articles, quotes, events and co-mentions; an
    /// event's articles, actors, quotes and neighbours; a group's articles;
    /// a month's days.
    Lists(Item),
    /// Which articles, actors, events, outlets, tags and months exist.
    Counts,
    /// Every article's date, and nothing else of the article.
    Dates,
    /// `site.toml`: every page shows the site's title and settings.
    Settings,
    /// Every actor's name and aliases: Markdown links each actor it names.
    ActorNames,
    /// A template or asset by name; a template with whatever it extends,
    /// includes or imports.
    Template(String),
}

/// Everything one page read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dependencies(BTreeSet<Dependency>);

impl Dependencies {
    /// True when the page read `file` (relative to the site's folder).
    pub fn has_file(&self, file: &Path) -> bool {
        self.0.contains(&Dependency::File(file.to_path_buf()))
    }

    pub fn contains(&self, dependency: &Dependency) -> bool {
        self.0.contains(dependency)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Dependency> {
        self.0.iter()
    }
}

/// An item by its position in the briefing's lists, while a page renders.
#[derive(Debug, Clone, Copy)]
pub(crate) enum At {
    Article(usize),
    Actor(usize),
    Event(usize),
    Outlet(usize),
    Tag(usize),
    Month(usize),
}

/// What a page read so far, by position.
#[derive(Debug, Default)]
pub(crate) struct Reads {
    pub articles: Vec<usize>,
    pub actors: Vec<usize>,
    pub events: Vec<usize>,
    pub lists: Vec<At>,
    pub counts: bool,
    pub dates: bool,
    pub actor_names: bool,
    /// The editor's state of play (`content/briefing.md`).
    pub state_of_play: bool,
    pub assets: Vec<&'static str>,
}

impl Reads {
    /// The files and items behind what was read, with the settings and the
    /// template.
    pub fn into_dependencies(self, briefing: &Briefing, template: &str) -> Dependencies {
        let mut all = BTreeSet::new();
        all.insert(Dependency::Settings);
        all.insert(Dependency::Template(template.to_string()));
        all.extend(
            self.assets
                .iter()
                .map(|a| Dependency::Template(a.to_string())),
        );
        if self.actor_names {
            all.insert(Dependency::ActorNames);
        }
        if self.counts {
            all.insert(Dependency::Counts);
        }
        if self.dates {
            all.insert(Dependency::Dates);
        }
        let files = self
            .articles
            .iter()
            .map(|&i| &briefing.articles[i].article.file)
            .chain(self.actors.iter().map(|&i| &briefing.actors[i].actor.file))
            .chain(self.events.iter().map(|&i| &briefing.events[i].event.file));
        all.extend(files.map(|f| Dependency::File(f.clone())));
        if let Some(state) = briefing
            .state_of_play
            .as_ref()
            .filter(|_| self.state_of_play)
        {
            all.insert(Dependency::File(state.file.clone()));
        }
        all.extend(
            self.lists
                .iter()
                .map(|&at| Dependency::Lists(item(briefing, at))),
        );
        Dependencies(all)
    }
}

/// The id of the item at `at`.
fn item(briefing: &Briefing, at: At) -> Item {
    match at {
        At::Article(i) => Item::Article(briefing.articles[i].id()),
        At::Actor(i) => Item::Actor(briefing.actors[i].id()),
        At::Event(i) => Item::Event(briefing.events[i].id()),
        At::Outlet(i) => Item::Outlet(briefing.outlets[i].id()),
        At::Tag(i) => Item::Tag(briefing.tags[i].id()),
        At::Month(i) => {
            let m = &briefing.months[i];
            Item::Month(m.year, m.month)
        }
    }
}
