//! What a rendered page read: the content files whose fields it shows, the
//! site settings and the template. A changed file maps to the pages whose
//! dependencies hold it. Which articles a list holds, and in what order, is
//! not recorded here: a change to a list is found by comparing the lists.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::link::Briefing;

/// One thing a page read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dependency {
    /// A content file, relative to the site's folder.
    File(PathBuf),
    /// `site.toml`: every page shows the site's title and settings.
    Settings,
    /// Every actor's name and aliases: Markdown links each actor it names.
    ActorNames,
    /// The template the page is rendered with, by name (with whatever it
    /// extends, includes or imports).
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

/// Which of the briefing's items a page read, by position while it renders.
#[derive(Debug, Default)]
pub(crate) struct Reads {
    pub articles: Vec<usize>,
    pub actors: Vec<usize>,
    pub events: Vec<usize>,
    pub actor_names: bool,
    /// The editor's state of play (`content/briefing.md`).
    pub state_of_play: bool,
}

impl Reads {
    /// The files behind what was read, with the settings and the template.
    pub fn into_dependencies(self, briefing: &Briefing, template: &str) -> Dependencies {
        let mut all = BTreeSet::new();
        all.insert(Dependency::Settings);
        all.insert(Dependency::Template(template.to_string()));
        if self.actor_names {
            all.insert(Dependency::ActorNames);
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
        Dependencies(all)
    }
}
