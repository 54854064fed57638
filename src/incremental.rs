//! The built site kept in memory between rebuilds, for `serve`. A rebuild
//! loads and links the whole site again, then renders only the pages whose
//! recorded dependencies changed (see [`crate::render::deps`]): a changed
//! file, an item whose lists changed (an actor's articles, an article's
//! neighbours, a month's days), which items exist and in what order, actor
//! names, settings or a template. Every other page keeps its bytes from the
//! previous build, and the result is the same, byte for byte, as a full
//! build.
//!
//! The commonest save skips the linking: when the changed files are
//! articles whose references, dates, groups, quotes and the actors their
//! bodies name are as they were (an edit of the text), only those files are
//! read, the linked site is updated in place and the pages that read them
//! are rendered again.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::build::{self, BuildError};
use crate::link::{ArticleId, Briefing};
use crate::load::Cache;
use crate::markdown::ActorLinker;
use crate::model::Article;
use crate::render::deps::{Dependencies, Dependency, Item};
use crate::render::{self, Page, Paths, Renderer};
use crate::templates::{TemplateError, Templates};

/// A page as last rendered.
struct Record {
    path: String,
    content: Arc<[u8]>,
    /// Shared with the next build's record while the page is kept.
    dependencies: Arc<Dependencies>,
}

/// A built site: every output file, and what each page read.
pub struct Snapshot {
    /// Every output file by its path from the output's top.
    pub files: HashMap<String, Arc<[u8]>>,
    pages: HashMap<Page, Record>,
    state: State,
    /// The content files as parsed, for the next rebuild.
    cache: Arc<Cache>,
    /// What the pages were rendered from, which an edit of articles' text
    /// updates in place.
    linked: Option<Linked>,
    /// A rebuild from this snapshot failed: a file changed since may still
    /// be broken, so rebuilds link the whole site (and report it) until one
    /// succeeds.
    failed: bool,
    /// The files changed in the rebuilds that failed, which the next one
    /// builds too.
    unbuilt: Vec<PathBuf>,
}

/// The linked site and the templates of a build.
struct Linked {
    /// Shared with the build's [`Indexes`] until they are made.
    briefing: Arc<Briefing>,
    templates: Arc<Templates>,
    drafts: bool,
}

/// What one rebuild did.
pub struct Rebuilt {
    pub snapshot: Snapshot,
    /// Pages in the site.
    pub pages: usize,
    /// Pages rendered again; the others kept their bytes.
    pub rendered: usize,
    /// Loading and linking the site, then rendering.
    pub loaded: Duration,
    pub elapsed: Duration,
    /// False when the site was not linked again: only templates or static
    /// files changed, or only articles' text (the linked site was then
    /// updated in place).
    pub relinked: bool,
    /// The search index and list of items still to make, when content
    /// changed; until then the snapshot holds the previous ones.
    pub indexes: Option<Indexes>,
    /// What the editor should know, though the site was built.
    pub warnings: Vec<crate::diag::Diagnostic>,
}

/// The search index and the list of items of a build, which can be made
/// after its pages are served (they change no page).
pub struct Indexes {
    briefing: Arc<Briefing>,
    paths: Paths,
}

impl Indexes {
    /// The index's files and the list of items, by their paths from the
    /// output's top.
    pub fn make(self) -> Vec<(String, Arc<[u8]>)> {
        let mut files: Vec<(String, Arc<[u8]>)> =
            crate::search::index_files(&self.briefing, &self.paths)
                .into_iter()
                .map(|(name, text)| (name, Arc::from(text.into_bytes())))
                .collect();
        files.extend(
            crate::visits::items_files(&self.briefing)
                .into_iter()
                .map(|(name, text)| (name, Arc::from(text.into_bytes()))),
        );
        files
    }
}

/// Whether `name` is one of the files [`Indexes::make`] makes: the search
/// index's scripts (beside the search page, in the same folder) or the lists
/// of items.
fn is_index_file(name: &str) -> bool {
    crate::visits::is_items_file(name)
        || (name.starts_with(crate::search::INDEX_DIR)
            && name[crate::search::INDEX_DIR.len()..].starts_with('/')
            && name.ends_with(".js"))
}

impl Snapshot {
    /// Puts the indexes `made` in place of the ones the snapshot holds.
    pub fn replace_indexes(&mut self, made: Vec<(String, Arc<[u8]>)>) {
        self.files.retain(|name, _| !is_index_file(name));
        self.files.extend(made);
    }
}

impl Rebuilt {
    /// Makes the indexes still to make, so the snapshot is complete.
    fn complete(mut self) -> Rebuilt {
        if let Some(indexes) = self.indexes.take() {
            self.snapshot.replace_indexes(indexes.make());
        }
        self
    }
}

/// Fingerprints of what pages depend on, beyond the files themselves.
#[derive(Default, Clone)]
struct State {
    lists: HashMap<Item, u64>,
    counts: u64,
    dates: u64,
    actor_names: u64,
    settings: u64,
    templates: HashMap<String, u64>,
}

impl Snapshot {
    /// Builds the whole site in `root`.
    pub fn build(root: &Path, drafts: bool) -> Result<Rebuilt, BuildError> {
        make(None, root, drafts, &[]).map(Rebuilt::complete)
    }

    /// Builds the site again after `changed` (paths from the site's folder),
    /// rendering only the pages that depend on what changed. On success the
    /// returned snapshot replaces this one, which may have handed over what
    /// the new one reuses (it is then a snapshot of nothing); on failure this
    /// one is as it was.
    pub fn rebuild(
        &mut self,
        root: &Path,
        drafts: bool,
        changed: &[PathBuf],
    ) -> Result<Rebuilt, BuildError> {
        self.rebuild_pages(root, drafts, changed)
            .map(Rebuilt::complete)
    }

    /// Rebuilds as [`Snapshot::rebuild`] does, but leaves the search index
    /// and the list of items to the caller ([`Rebuilt::indexes`]), so that
    /// pages can be served first.
    pub fn rebuild_pages(
        &mut self,
        root: &Path,
        drafts: bool,
        changed: &[PathBuf],
    ) -> Result<Rebuilt, BuildError> {
        if let Some(rebuilt) = self.edit_in_place(root, drafts, changed) {
            return Ok(rebuilt);
        }
        let mut all = self.unbuilt.clone();
        all.extend_from_slice(changed);
        all.sort();
        all.dedup();
        let rebuilt = make(Some(self), root, drafts, &all);
        if rebuilt.is_err() {
            self.failed = true;
            self.unbuilt = all;
        }
        rebuilt
    }

    /// Rebuilds without linking when every file in `changed` is an article
    /// that links as it did; `None` when one does not, or cannot be read
    /// (the full rebuild then reports why).
    fn edit_in_place(&mut self, root: &Path, drafts: bool, changed: &[PathBuf]) -> Option<Rebuilt> {
        let started = Instant::now();
        let articles = Path::new("content").join("articles");
        let only_articles = !changed.is_empty()
            && changed
                .iter()
                .all(|p| p.starts_with(&articles) && p.extension().is_some_and(|e| e == "md"));
        if !only_articles {
            return None;
        }
        let linked = self
            .linked
            .as_mut()
            .filter(|l| l.drafts == drafts && !self.failed)?;
        let briefing = Arc::get_mut(&mut linked.briefing)?;
        let mut edits: Vec<(usize, Article)> = Vec::with_capacity(changed.len());
        for path in changed {
            let slug = path.file_stem()?.to_str()?;
            let at = briefing.positions.article(&ArticleId::new(slug))?;
            let old = &briefing.articles[at].article;
            if old.file != *path || edits.iter().any(|(e, _)| *e == at) {
                return None;
            }
            let new = crate::load::reload_article(root, &self.cache, path).ok()?;
            if !links_alike(old, &new, &briefing.linker) {
                return None;
            }
            edits.push((at, new));
        }
        let swap = |briefing: &mut Briefing, edits: &mut [(usize, Article)]| {
            for (at, article) in edits.iter_mut() {
                std::mem::swap(&mut briefing.articles[*at].article, article);
            }
        };
        swap(briefing, &mut edits);
        let loaded = started.elapsed();
        let read: Vec<Dependency> = changed.iter().cloned().map(Dependency::File).collect();
        let renderer = Renderer::new(&*briefing, &linked.templates);
        let paths = *renderer.paths();
        let rendered: Result<Vec<(Page, render::Rendered, Duration)>, TemplateError> = self
            .pages
            .par_iter()
            .filter(|(_, record)| read.iter().any(|d| record.dependencies.contains(d)))
            .map(|(page, _)| {
                let started = Instant::now();
                let r = renderer.render(page)?;
                Ok((page.clone(), r, started.elapsed()))
            })
            .collect();
        drop(renderer);
        if let Ok(rendered) = &rendered {
            let timed = rendered.iter().map(|(p, _, t)| (format!("{p:?}"), *t));
            crate::timings::slowest("render", timed.collect(), 8);
        }
        let Ok(rendered) = rendered else {
            // The full rebuild reports the problem.
            swap(briefing, &mut edits);
            return None;
        };
        let count = rendered.len();
        for (page, page_rendered, _) in rendered {
            let content: Arc<[u8]> = Arc::from(page_rendered.content.into_bytes());
            self.files
                .insert(page_rendered.path.clone(), content.clone());
            let record = Record {
                path: page_rendered.path,
                content,
                dependencies: Arc::new(page_rendered.dependencies),
            };
            self.pages.insert(page, record);
        }
        let indexes = Indexes {
            briefing: linked.briefing.clone(),
            paths,
        };
        let warnings = linked.briefing.config.warnings.clone();
        let snapshot = Snapshot {
            files: std::mem::take(&mut self.files),
            pages: std::mem::take(&mut self.pages),
            state: std::mem::take(&mut self.state),
            cache: self.cache.clone(),
            linked: self.linked.take(),
            failed: false,
            unbuilt: Vec::new(),
        };
        Some(Rebuilt {
            pages: snapshot.pages.len(),
            snapshot,
            rendered: count,
            loaded,
            elapsed: started.elapsed(),
            relinked: false,
            indexes: Some(indexes),
            warnings,
        })
    }
}

/// True when `new`, a new version of the article `old`, links as `old`
/// does: the same file, date, outlet, tags, references, draft mark and
/// quotes, and a body that names the same actors in the same order. Title,
/// summary, notes and the rest of the text are shown, not linked.
fn links_alike(old: &Article, new: &Article, linker: &ActorLinker) -> bool {
    old.slug == new.slug
        && old.file == new.file
        && old.when == new.when
        && old.source == new.source
        && old.tags == new.tags
        && old.actors == new.actors
        && old.events == new.events
        && old.draft == new.draft
        && old.quotes == new.quotes
        && linker.actors_named(&old.body) == linker.actors_named(&new.body)
}

fn make(
    previous: Option<&Snapshot>,
    root: &Path,
    drafts: bool,
    changed: &[PathBuf],
) -> Result<Rebuilt, BuildError> {
    let started = Instant::now();
    let cache = previous.map_or_else(|| Arc::new(Cache::default()), |p| p.cache.clone());
    // A change to templates or static files only keeps the linked site.
    let only_looks = !changed.is_empty()
        && changed
            .iter()
            .all(|p| p.starts_with("templates") || p.starts_with("static"));
    let kept = previous
        .filter(|p| !p.failed)
        .and_then(|p| Some((p.linked.as_ref()?, &p.state)))
        .filter(|(linked, _)| only_looks && linked.drafts == drafts);
    let relinked = kept.is_none();
    let (briefing, templates) = match kept {
        Some((linked, _)) => {
            let templates = build::prepare_templates(root, &linked.briefing)?;
            (linked.briefing.clone(), Arc::new(templates))
        }
        None => {
            let (briefing, templates) = build::prepare_cached(root, drafts, None, &cache, changed)?;
            (Arc::new(briefing), Arc::new(templates))
        }
    };
    let loaded = started.elapsed();
    let mut watch = crate::timings::Stopwatch::start("rebuild");
    let state = match kept {
        Some((_, state)) => state.with_templates(&templates),
        None => State::of(&briefing, &templates, root),
    };
    watch.lap("fingerprints");
    let dirty = previous.map(|p| Dirty::between(&p.state, &state, &templates, changed));
    let renderer = Renderer::new(&briefing, &templates);
    let pages = render::pages(&briefing);
    watch.lap("dirty and pages");

    let files: Mutex<HashMap<String, Arc<[u8]>>> = Mutex::default();
    let put = |name: &str, bytes: &[u8]| {
        lock(&files).insert(name.replace('\\', "/"), Arc::from(bytes));
        Ok(())
    };
    build::put_site_files(root, &briefing, &templates, &put)?;
    let records: Vec<(Page, Record, bool)> = pages
        .par_iter()
        .map(|page| {
            let kept = previous.zip(dirty.as_ref()).and_then(|(p, dirty)| {
                let old = p.pages.get(page)?;
                (!dirty.touches(&old.dependencies)).then(|| Record {
                    path: old.path.clone(),
                    content: old.content.clone(),
                    dependencies: old.dependencies.clone(),
                })
            });
            match kept {
                Some(record) => Ok((page.clone(), record, false)),
                None => {
                    let rendered = renderer
                        .render(page)
                        .map_err(|e| BuildError::Content(vec![e.0]))?;
                    let record = Record {
                        path: rendered.path,
                        content: Arc::from(rendered.content.into_bytes()),
                        dependencies: Arc::new(rendered.dependencies),
                    };
                    Ok((page.clone(), record, true))
                }
            }
        })
        .collect::<Result<_, BuildError>>()?;
    watch.lap("render");
    let mut files = files
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let rendered = records.iter().filter(|r| r.2).count();
    let mut pages_by_id = HashMap::with_capacity(records.len());
    for (page, record, _) in records {
        files.insert(record.path.clone(), record.content.clone());
        pages_by_id.insert(page, record);
    }
    let content_changed = changed
        .iter()
        .any(|p| !p.starts_with("templates") && !p.starts_with("static"));
    // Without a content change the previous indexes stand; with one they are
    // made after the pages, and the previous ones are served until then.
    let previous_indexes = previous.map(|p| {
        p.files
            .iter()
            .filter(|(name, _)| is_index_file(name))
            .map(|(name, bytes)| (name.clone(), bytes.clone()))
            .collect::<Vec<_>>()
    });
    let paths = *renderer.paths();
    drop(renderer);
    let warnings = briefing.config.warnings.clone();
    let indexes_kept = previous_indexes
        .as_ref()
        .is_some_and(|p| p.iter().any(|(name, _)| name == crate::visits::ITEMS_FILE));
    files.extend(previous_indexes.unwrap_or_default());
    watch.lap("collect");
    let indexes = if indexes_kept && !content_changed {
        None
    } else {
        Some(Indexes {
            briefing: briefing.clone(),
            paths,
        })
    };
    Ok(Rebuilt {
        warnings,
        pages: pages_by_id.len(),
        snapshot: Snapshot {
            files,
            pages: pages_by_id,
            state,
            cache,
            linked: Some(Linked {
                briefing,
                templates,
                drafts,
            }),
            failed: false,
            unbuilt: Vec::new(),
        },
        rendered,
        loaded,
        elapsed: started.elapsed(),
        relinked,
        indexes,
    })
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn fingerprint(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

impl State {
    fn of(briefing: &Briefing, templates: &Templates, root: &Path) -> State {
        let b = briefing;
        let slugs = |list: &[usize], slug: &dyn Fn(usize) -> String| -> Vec<String> {
            list.iter().map(|&i| slug(i)).collect()
        };
        let article = |i: usize| b.articles[i].article.slug.clone();
        let actor = |i: usize| b.actors[i].actor.slug.clone();
        let event = |i: usize| b.events[i].event.slug.clone();
        // A statement by where its copies are: which articles and quotes.
        let statement_sources = |s: usize| -> Vec<(String, usize)> {
            b.statements[s]
                .sources
                .iter()
                .map(|q| (article(q.article), q.index))
                .collect()
        };
        let mut lists = HashMap::new();
        for a in &b.articles {
            let quote_actors: Vec<Option<String>> =
                a.quote_actors.iter().map(|q| q.map(actor)).collect();
            let signature = (
                a.older.map(article),
                a.newer.map(article),
                slugs(&a.actors, &actor),
                slugs(&a.events, &event),
                quote_actors,
                a.outlet.map(|o| b.outlets[o].slug.clone()),
                a.tags
                    .iter()
                    .map(|&t| b.tags[t].slug.clone())
                    .collect::<Vec<_>>(),
            );
            lists.insert(Item::Article(a.id()), fingerprint(signature));
        }
        for a in &b.actors {
            let quotes: Vec<Vec<(String, usize)>> =
                a.statements.iter().map(|&s| statement_sources(s)).collect();
            let co: Vec<(String, u32)> =
                a.co_mentions.iter().map(|&(o, n)| (actor(o), n)).collect();
            let signature = (
                slugs(&a.articles, &article),
                quotes,
                slugs(&a.events, &event),
                co,
                slugs(&a.members, &actor),
                a.country.map(actor),
            );
            lists.insert(Item::Actor(a.id()), fingerprint(signature));
        }
        for (i, e) in b.events.iter().enumerate() {
            let statements: Vec<Vec<(String, usize)>> =
                e.statements.iter().map(|&s| statement_sources(s)).collect();
            // The events just before and after it, which its page links.
            let near = |j: Option<usize>| j.and_then(|j| b.events.get(j)).map(|e| &e.event.slug);
            let signature = (
                slugs(&e.articles, &article),
                slugs(&e.actors, &actor),
                statements,
                near(i.checked_sub(1)),
                near(Some(i + 1)),
            );
            lists.insert(Item::Event(e.id()), fingerprint(signature));
        }
        for g in &b.outlets {
            let signature = (&g.name, slugs(&g.articles, &article));
            lists.insert(Item::Outlet(g.id()), fingerprint(signature));
        }
        for g in &b.tags {
            let signature = (&g.name, slugs(&g.articles, &article));
            lists.insert(Item::Tag(g.id()), fingerprint(signature));
        }
        for (i, m) in b.months.iter().enumerate() {
            let days: Vec<(String, Vec<String>, Vec<String>)> = m
                .days
                .iter()
                .map(|d| {
                    (
                        d.date.to_string(),
                        slugs(&d.articles, &article),
                        slugs(&d.events, &event),
                    )
                })
                .collect();
            let near =
                |j: Option<usize>| j.and_then(|j| b.months.get(j)).map(|m| (m.year, m.month));
            let signature = (days, near(i.checked_sub(1)), near(Some(i + 1)));
            lists.insert(Item::Month(m.year, m.month), fingerprint(signature));
        }
        let counts = fingerprint((
            b.articles
                .iter()
                .map(|a| &a.article.slug)
                .collect::<Vec<_>>(),
            b.actors.iter().map(|a| &a.actor.slug).collect::<Vec<_>>(),
            b.events.iter().map(|e| &e.event.slug).collect::<Vec<_>>(),
            b.outlets.iter().map(|g| &g.slug).collect::<Vec<_>>(),
            b.tags.iter().map(|g| &g.slug).collect::<Vec<_>>(),
            b.months
                .iter()
                .map(|m| (m.year, m.month))
                .collect::<Vec<_>>(),
        ));
        let dates = fingerprint(
            b.articles
                .iter()
                .map(|a| (&a.article.slug, a.when.date, a.when.datetime))
                .collect::<Vec<_>>(),
        );
        let actor_names = fingerprint(
            b.actors
                .iter()
                .map(|a| {
                    let aliases: Vec<&str> =
                        a.actor.aliases.iter().map(|x| x.name.as_str()).collect();
                    (&a.actor.slug, &a.actor.name, aliases)
                })
                .collect::<Vec<_>>(),
        );
        let settings = fingerprint((
            std::fs::read(root.join(crate::config::FILE_NAME)).unwrap_or_default(),
            format!("{:?}", b.config.interface),
        ));
        State {
            lists,
            counts,
            dates,
            actor_names,
            settings,
            templates: template_fingerprints(templates),
        }
    }

    /// This state with `templates` in place of its own.
    fn with_templates(&self, templates: &Templates) -> State {
        State {
            templates: template_fingerprints(templates),
            ..self.clone()
        }
    }
}

fn template_fingerprints(templates: &Templates) -> HashMap<String, u64> {
    let mut fingerprints: HashMap<String, u64> = templates
        .sources()
        .map(|(name, text)| (name.to_string(), fingerprint(text)))
        .collect();
    fingerprints.extend(
        templates
            .assets
            .iter()
            .map(|(name, bytes)| (name.clone(), fingerprint(bytes))),
    );
    fingerprints
}

/// What changed between two builds.
struct Dirty {
    files: HashSet<PathBuf>,
    lists: HashSet<Item>,
    counts: bool,
    dates: bool,
    actor_names: bool,
    settings: bool,
    templates: HashSet<String>,
}

impl Dirty {
    fn between(old: &State, new: &State, templates: &Templates, changed: &[PathBuf]) -> Dirty {
        let mut lists: HashSet<Item> = new
            .lists
            .iter()
            .filter(|(item, sig)| old.lists.get(*item) != Some(sig))
            .map(|(item, _)| item.clone())
            .collect();
        lists.extend(
            old.lists
                .keys()
                .filter(|item| !new.lists.contains_key(*item))
                .cloned(),
        );
        let mut changed_templates: HashSet<String> = new
            .templates
            .iter()
            .filter(|(name, sig)| old.templates.get(*name) != Some(sig))
            .map(|(name, _)| name.clone())
            .collect();
        changed_templates.extend(
            old.templates
                .keys()
                .filter(|name| !new.templates.contains_key(*name))
                .cloned(),
        );
        Dirty {
            files: changed.iter().cloned().collect(),
            lists,
            counts: old.counts != new.counts,
            dates: old.dates != new.dates,
            actor_names: old.actor_names != new.actor_names,
            settings: old.settings != new.settings,
            templates: with_users(changed_templates, templates),
        }
    }

    /// True when a page with `dependencies` must be rendered again.
    fn touches(&self, dependencies: &Dependencies) -> bool {
        dependencies.iter().any(|d| match d {
            Dependency::File(file) => self.files.contains(file),
            Dependency::Lists(item) => self.lists.contains(item),
            Dependency::Counts => self.counts,
            Dependency::Dates => self.dates,
            Dependency::Settings => self.settings,
            Dependency::ActorNames => self.actor_names,
            Dependency::Template(name) => self.templates.contains(name),
        })
    }
}

/// `changed` templates and every template that extends, includes or
/// imports one of them, however indirectly.
fn with_users(mut changed: HashSet<String>, templates: &Templates) -> HashSet<String> {
    let uses: Vec<(String, Vec<String>)> = templates
        .sources()
        .map(|(name, text)| (name.to_string(), used_templates(text)))
        .collect();
    loop {
        let more: Vec<String> = uses
            .iter()
            .filter(|(name, used)| {
                !changed.contains(name) && used.iter().any(|u| changed.contains(u))
            })
            .map(|(name, _)| name.clone())
            .collect();
        if more.is_empty() {
            return changed;
        }
        changed.extend(more);
    }
}

/// The templates `text` extends, includes or imports.
fn used_templates(text: &str) -> Vec<String> {
    let mut used = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.trim_start_matches('-').trim_start();
        let is_use = ["extends", "include", "import"]
            .iter()
            .any(|word| tag.starts_with(word));
        if !is_use {
            continue;
        }
        let body = tag.split("%}").next().unwrap_or("");
        for quoted in body.split(['"', '\'']).skip(1).step_by(2) {
            used.push(quoted.to_string());
        }
    }
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_templates_a_template_uses() {
        let text = "{% extends \"base.html\" %}{% import 'macros.html' as m %}{%- include \"a.html\" -%}{% block x %}{% if y %}\"no\"{% endif %}";
        assert_eq!(used_templates(text), ["base.html", "macros.html", "a.html"]);
    }
}
