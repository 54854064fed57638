//! Resolves the references between loaded files and builds the linked model,
//! the [`Briefing`]: every slug becomes an index, and the reverse indices are
//! built once (articles by actor, event, day, month, outlet and tag; quotes by
//! actor; co-mentions). A reference to nothing is an error that suggests the
//! nearest existing slug.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::diag::Diagnostic;
use crate::load::Broken;
use crate::markdown::ActorLinker;
use crate::model::{
    Actor, ActorKind, ActorNames, Article, Event, Quote, Ref, Said, Site, SiteConfig, StateOfPlay,
    When,
};
use crate::slug;
use crate::statements::{self, EventIndex, EventMarks, Window};

/// A stable id made from a slug: it names the same file from one build to
/// the next, where a position in a list shifts when a file is added.
macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub fn new(slug: impl Into<String>) -> Self {
                $name(slug.into())
            }

            pub fn slug(&self) -> &str {
                &self.0
            }
        }
    };
}

slug_id!(
    /// An article, by its slug.
    ArticleId
);
slug_id!(
    /// An actor, by its slug.
    ActorId
);
slug_id!(
    /// An event, by its slug.
    EventId
);
slug_id!(
    /// An outlet or a tag, by the slug of its page.
    GroupId
);

/// How many co-mentioned actors an actor keeps.
const CO_MENTIONS_KEPT: usize = 12;

/// The site with every reference resolved and every index built.
pub struct Briefing {
    pub config: SiteConfig,
    /// Newest first.
    pub articles: Vec<LinkedArticle>,
    /// By name.
    pub actors: Vec<LinkedActor>,
    /// Oldest first.
    pub events: Vec<LinkedEvent>,
    /// By name.
    pub outlets: Vec<Group>,
    /// By name.
    pub tags: Vec<Group>,
    /// Oldest first.
    pub months: Vec<Month>,
    pub linker: ActorLinker,
    /// Every statement: the quotes of one remark, each copy a source.
    pub statements: Vec<Statement>,
    /// The editor's state of play, when the site has one.
    pub state_of_play: Option<StateOfPlay>,
    /// Where each id is in the lists above.
    pub positions: Positions,
    /// Country actors by name, ASCII case folded; the first in `actors`
    /// when two share one.
    countries_by_name: HashMap<String, usize>,
}

/// One remark, as one or more articles quote it.
pub struct Statement {
    /// The speaker, when an actor.
    pub actor: Option<usize>,
    /// Every copy; the first is the fullest, whose words are shown.
    pub sources: Vec<QuoteRef>,
    /// When it was said: as a source's `said` gives it, else the date of the
    /// first article that reports it.
    pub said: Said,
    /// False when `said` is only the date it was reported.
    pub said_given: bool,
    /// Every copy is a fragment: shown only inside its sentence, in its article.
    pub fragment: bool,
    /// The events it is about and was said in the window of, oldest first.
    pub events: Vec<usize>,
}

/// Where each article, actor, event, outlet and tag is in the briefing's
/// lists, by id. Every page asks where its item is, so the maps use a fast
/// hash; the ids are slugs from the site's own files.
#[derive(Default)]
pub struct Positions {
    articles: FxHashMap<ArticleId, usize>,
    actors: FxHashMap<ActorId, usize>,
    events: FxHashMap<EventId, usize>,
    outlets: FxHashMap<GroupId, usize>,
    tags: FxHashMap<GroupId, usize>,
}

impl Positions {
    fn new(
        articles: &[LinkedArticle],
        actors: &[LinkedActor],
        events: &[LinkedEvent],
        outlets: &[Group],
        tags: &[Group],
    ) -> Self {
        Positions {
            articles: positions(articles, LinkedArticle::id),
            actors: positions(actors, LinkedActor::id),
            events: positions(events, LinkedEvent::id),
            outlets: positions(outlets, Group::id),
            tags: positions(tags, Group::id),
        }
    }

    pub fn article(&self, id: &ArticleId) -> Option<usize> {
        self.articles.get(id).copied()
    }

    pub fn actor(&self, id: &ActorId) -> Option<usize> {
        self.actors.get(id).copied()
    }

    pub fn event(&self, id: &EventId) -> Option<usize> {
        self.events.get(id).copied()
    }

    pub fn outlet(&self, id: &GroupId) -> Option<usize> {
        self.outlets.get(id).copied()
    }

    pub fn tag(&self, id: &GroupId) -> Option<usize> {
        self.tags.get(id).copied()
    }
}

fn positions<T, Id: std::hash::Hash + Eq>(
    items: &[T],
    id: impl Fn(&T) -> Id,
) -> FxHashMap<Id, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| (id(item), i))
        .collect()
}

impl LinkedArticle {
    pub fn id(&self) -> ArticleId {
        ArticleId::new(self.article.slug.as_str())
    }

    /// The Markdown body (see [`Article::body`]).
    pub fn body(&self) -> Result<Cow<'_, str>, Diagnostic> {
        self.article.body()
    }
}

impl LinkedActor {
    pub fn id(&self) -> ActorId {
        ActorId::new(self.actor.slug.as_str())
    }
}

impl LinkedEvent {
    pub fn id(&self) -> EventId {
        EventId::new(self.event.slug.as_str())
    }
}

impl Group {
    pub fn id(&self) -> GroupId {
        GroupId::new(self.slug.as_str())
    }
}

pub struct LinkedArticle {
    pub article: Article,
    pub when: When,
    pub actors: Vec<usize>,
    pub events: Vec<usize>,
    /// For each quote, its actor when it has one.
    pub quote_actors: Vec<Option<usize>>,
    /// For each quote, the statement it is a copy of.
    pub quote_statements: Vec<usize>,
    pub outlet: Option<usize>,
    pub tags: Vec<usize>,
    /// The article just before this one in time, and just after.
    pub older: Option<usize>,
    pub newer: Option<usize>,
}

/// A quote, as the article and the position of the quote in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuoteRef {
    pub article: usize,
    pub index: usize,
}

pub struct LinkedActor {
    pub actor: Actor,
    pub country: Option<usize>,
    /// Articles that name or quote the actor, newest first.
    pub articles: Vec<usize>,
    /// Oldest first.
    pub events: Vec<usize>,
    /// Actors most often named in the same articles, with how often.
    pub co_mentions: Vec<(usize, u32)>,
    /// For a country: the actors whose `country` it is.
    pub members: Vec<usize>,
    /// The side it speaks for: its `side`, else for an official its
    /// country's; none for analysts, the press and everyone else.
    pub side: Option<String>,
    /// Its statements that stand on their own, the latest said first.
    pub statements: Vec<usize>,
}

pub struct LinkedEvent {
    pub event: Event,
    /// Newest first.
    pub articles: Vec<usize>,
    pub actors: Vec<usize>,
    /// Statements about it, said in its window, in the order said.
    pub statements: Vec<usize>,
}

/// Articles that share an outlet or a tag.
pub struct Group {
    pub name: String,
    pub slug: String,
    /// Newest first.
    pub articles: Vec<usize>,
}

pub struct Month {
    pub year: i32,
    pub month: u32,
    /// Oldest first.
    pub days: Vec<Day>,
}

impl Month {
    /// How many articles and events the month holds.
    pub fn item_count(&self) -> usize {
        self.days
            .iter()
            .map(|d| d.articles.len() + d.events.len())
            .sum()
    }
}

pub struct Day {
    pub date: NaiveDate,
    pub articles: Vec<usize>,
    pub events: Vec<usize>,
}

/// Checks every reference in `site` and builds the briefing. Drafts are
/// checked like any article, then left out unless `include_drafts`.
pub fn link(site: Site, include_drafts: bool) -> Result<Briefing, Vec<Diagnostic>> {
    link_around(site, include_drafts, &Broken::default())
}

/// [`link`] for a site some of whose files could not be read: references
/// to their slugs are neither resolved nor reported as unknown, so `check`
/// reports the other files' real problems alongside theirs.
pub fn link_around(
    site: Site,
    include_drafts: bool,
    broken: &Broken,
) -> Result<Briefing, Vec<Diagnostic>> {
    let Site {
        config,
        articles,
        mut actors,
        mut events,
        state_of_play,
    } = site;
    let mut watch = crate::timings::Stopwatch::start("link");
    actors.sort_by(actor_order);
    events.sort_by(|a, b| a.date.cmp(&b.date).then(a.title.cmp(&b.title)));
    let mut diagnostics = Vec::new();
    let actor_index = Index::new("actor", "actors", actors.iter().map(|a| a.slug.as_str()))
        .around(&broken.actors);
    let event_index = Index::new("event", "events", events.iter().map(|e| e.slug.as_str()))
        .around(&broken.events);
    check_aliases(&actors, &mut diagnostics);

    let countries: Vec<Option<usize>> = actors
        .iter()
        .map(|a| {
            let country = a.country.as_ref()?;
            let found = actor_index.resolve(country, &a.file, "country", &mut diagnostics)?;
            if actors[found].kind != ActorKind::Country {
                diagnostics.push(
                    Diagnostic::new(
                        &a.file,
                        format!(
                            "\"{}\" is {}, not a country; name an actor with kind = \"country\"",
                            country.slug,
                            actors[found].kind.as_str()
                        ),
                    )
                    .at_line(country.line)
                    .field("country"),
                );
            }
            Some(found)
        })
        .collect();
    let event_actors: Vec<Vec<usize>> = events
        .iter()
        .map(|e| actor_index.resolve_all(&e.actors, &e.file, "actors", &mut diagnostics))
        .collect();
    // Every article's references are checked, drafts' too; drafts are left
    // out only after.
    let quote_ids = QuoteIds::new(&articles);
    // In parallel, each article's problems kept in article order.
    let resolved: Vec<(ArticleLinks, Vec<Diagnostic>)> = articles
        .par_iter()
        .map(|a| {
            let mut problems = Vec::new();
            let links =
                ArticleLinks::resolve(a, &actor_index, &event_index, &quote_ids, &mut problems);
            (links, problems)
        })
        .collect();
    drop(quote_ids);
    let mut links = Vec::with_capacity(resolved.len());
    for (article_links, problems) in resolved {
        diagnostics.extend(problems);
        links.push(article_links);
    }
    // The articles kept, newest first, as their dates and positions: sorted
    // so, not moved, since an article is large and there may be many.
    let mut order: Vec<(When, usize)> = Vec::with_capacity(articles.len());
    for (i, a) in articles.iter().enumerate() {
        if !include_drafts && a.draft {
            continue;
        }
        match a.when {
            Some(when) => order.push((when, i)),
            None => diagnostics.push(
                Diagnostic::new(
                    &a.file,
                    "this draft has no date yet; set date = YYYY-MM-DD once it is established (undated drafts are left out of builds without --drafts)",
                )
                .at_line(Some(1))
                .field("date"),
            ),
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    order.sort_by(|(x, i), (y, j)| {
        y.cmp(x)
            .then_with(|| articles[*i].slug.cmp(&articles[*j].slug))
    });
    let positions: Vec<usize> = order.iter().map(|&(_, i)| i).collect();
    let mut articles = articles;
    keep_in_order(&mut articles, &positions);
    keep_in_order(&mut links, &positions);
    let mut quote_links: Vec<Vec<QuoteLinks>> = Vec::with_capacity(order.len());
    let article_count = order.len();
    let mut linked_articles: Vec<LinkedArticle> = Vec::with_capacity(article_count);
    for (k, ((article, links), (when, _))) in articles.into_iter().zip(links).zip(order).enumerate()
    {
        quote_links.push(links.quotes);
        linked_articles.push(LinkedArticle {
            article,
            when,
            actors: links.actors,
            events: links.events,
            quote_actors: links.quote_actors,
            quote_statements: Vec::new(),
            outlet: None,
            tags: Vec::new(),
            older: (k + 1 < article_count).then_some(k + 1),
            newer: k.checked_sub(1),
        });
    }
    watch.lap("resolve");

    let names = ActorNames::of(&actors);
    let ((outlets, tags), (months, linker)) = rayon::join(
        || {
            rayon::join(
                || group_by(&linked_articles, |a| a.source.as_slice()),
                || group_by(&linked_articles, |a| a.tags.as_slice()),
            )
        },
        || (months(&linked_articles, &events), names.linker()),
    );
    for (g, group) in outlets.iter().enumerate() {
        for &a in &group.articles {
            let outlet = &mut linked_articles[a].outlet;
            if outlet.is_none() {
                *outlet = Some(g);
            }
        }
    }
    for (g, group) in tags.iter().enumerate() {
        for &a in &group.articles {
            linked_articles[a].tags.push(g);
        }
    }
    watch.lap("groups");
    // An actor the body names is mentioned too, listed in `actors` or not,
    // so that its page lists every article whose text links to it. Load
    // found them while it held the body, for these actors' names; a body
    // whose mentions are for other names is read again.
    // Taken out of the articles, which would hold them through the build.
    let mut current: Vec<(Arc<ActorNames>, bool)> = Vec::new();
    let mentions: Vec<Option<Vec<usize>>> = linked_articles
        .iter_mut()
        .map(|linked| {
            let found = linked.article.mentions.take()?;
            let same = match current.iter().find(|(n, _)| Arc::ptr_eq(n, &found.names)) {
                Some(&(_, same)) => same,
                None => {
                    let same = *found.names == names;
                    current.push((found.names.clone(), same));
                    same
                }
            };
            same.then_some(found.actors)
        })
        .collect();
    drop(current);
    let unreadable: Vec<Diagnostic> = linked_articles
        .par_iter_mut()
        .zip(mentions)
        .filter_map(|(linked, found)| {
            let named = match found {
                Some(found) => found,
                None => match linked.article.body() {
                    Ok(body) => linker.actors_named(&body),
                    Err(problem) => return Some(problem),
                },
            };
            for actor in named {
                if !linked.actors.contains(&actor) {
                    linked.actors.push(actor);
                }
            }
            None
        })
        .collect();
    if !unreadable.is_empty() {
        return Err(unreadable);
    }
    watch.lap("mentions");

    let mut linked_actors = link_actors(actors, countries, &linked_articles);
    let mut linked_events = link_events(events, event_actors, &linked_articles);
    for (e, event) in linked_events.iter().enumerate() {
        for &actor in &event.actors {
            linked_actors[actor].events.push(e);
        }
    }
    watch.lap("lists");
    let statements = statements_of(
        &mut linked_articles,
        &quote_links,
        &mut linked_actors,
        &mut linked_events,
        &linker,
        &mut diagnostics,
    );
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    watch.lap("statements");
    assign_sides(&mut linked_actors);
    let positions = Positions::new(
        &linked_articles,
        &linked_actors,
        &linked_events,
        &outlets,
        &tags,
    );
    let mut countries_by_name = HashMap::new();
    for (i, linked) in linked_actors.iter().enumerate() {
        if linked.actor.kind == ActorKind::Country {
            countries_by_name
                .entry(linked.actor.name.to_ascii_lowercase())
                .or_insert(i);
        }
    }
    Ok(Briefing {
        countries_by_name,
        config,
        articles: linked_articles,
        actors: linked_actors,
        events: linked_events,
        outlets,
        tags,
        months,
        linker,
        statements,
        state_of_play,
        positions,
    })
}

/// Reorders `items` in place so that the item at `k` is the one that was at
/// `order[k]`, and drops those `order` leaves out. Each item is swapped
/// into its place once: no second list of items is allocated and filled,
/// which for many large items costs more than the swaps.
fn keep_in_order<T>(items: &mut Vec<T>, order: &[usize]) {
    // Where each item (by its first position) is now, and which item is
    // now at each place.
    let mut now_at: Vec<usize> = (0..items.len()).collect();
    let mut item_at: Vec<usize> = (0..items.len()).collect();
    for (k, &wanted) in order.iter().enumerate() {
        let from = now_at[wanted];
        if from != k {
            items.swap(k, from);
            let displaced = item_at[k];
            now_at[displaced] = from;
            item_at[from] = displaced;
            now_at[wanted] = k;
            item_at[k] = wanted;
        }
    }
    items.truncate(order.len());
}

fn sort_name(name: &str) -> String {
    name.to_lowercase()
}

/// The order of the briefing's actors, by name: the order they are
/// numbered in.
pub fn actor_order(a: &Actor, b: &Actor) -> std::cmp::Ordering {
    sort_name(&a.name)
        .cmp(&sort_name(&b.name))
        .then(a.slug.cmp(&b.slug))
}

/// Slug to index for one kind of file, with the message for a wrong slug.
struct Index<'a> {
    singular: &'static str,
    folder: &'static str,
    by_slug: FxHashMap<&'a str, usize>,
    /// Slugs of files that exist but could not be read.
    broken: Option<&'a HashSet<String>>,
}

impl<'a> Index<'a> {
    fn new(
        singular: &'static str,
        folder: &'static str,
        slugs: impl Iterator<Item = &'a str>,
    ) -> Self {
        Index {
            singular,
            folder,
            by_slug: slugs.enumerate().map(|(i, s)| (s, i)).collect(),
            broken: None,
        }
    }

    fn around(mut self, broken: &'a HashSet<String>) -> Self {
        self.broken = Some(broken);
        self
    }

    fn resolve(
        &self,
        reference: &Ref,
        file: &Path,
        field: impl std::fmt::Display + Copy,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        if let Some(&found) = self.by_slug.get(reference.slug.as_str()) {
            return Some(found);
        }
        let wanted = &reference.slug;
        if self.broken.is_some_and(|b| b.contains(wanted)) {
            return None;
        }
        let advice = match slug::nearest(wanted, self.by_slug.keys().copied()) {
            Some(near) => format!("did you mean \"{near}\"?"),
            None => format!(
                "create content/{}/{}.md or fix the slug",
                self.folder,
                slug::slugify(wanted)
            ),
        };
        diagnostics.push(
            Diagnostic::new(
                file,
                format!("unknown {} \"{wanted}\"; {advice}", self.singular),
            )
            .at_line(reference.line)
            .field(field.to_string()),
        );
        None
    }

    fn resolve_all(
        &self,
        references: &[Ref],
        file: &Path,
        field: impl std::fmt::Display + Copy,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<usize> {
        let mut found: Vec<usize> = references
            .iter()
            .filter_map(|r| self.resolve(r, file, field, diagnostics))
            .collect();
        dedup_keep_order(&mut found);
        found
    }
}

fn dedup_keep_order(items: &mut Vec<usize>) {
    // Most lists are a few actors or events: looked through, not hashed.
    if items.len() <= 32 {
        let mut kept = 0;
        for i in 0..items.len() {
            let item = items[i];
            if !items[..kept].contains(&item) {
                items[kept] = item;
                kept += 1;
            }
        }
        items.truncate(kept);
        return;
    }
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    items.retain(|i| seen.insert(*i));
}

/// No name or alias may belong to two actors: mentions in text would be
/// ambiguous. When two claim the same text, the one whose own name contains
/// it keeps it ("Putin" stays Vladimir Putin's), and the other is told.
fn check_aliases(actors: &[Actor], diagnostics: &mut Vec<Diagnostic>) {
    let mut claims: Vec<(u8, usize, &str, Option<usize>)> = Vec::new();
    for (i, actor) in actors.iter().enumerate() {
        claims.push((0, i, actor.name.trim(), None));
        for alias in &actor.aliases {
            let name = alias.name.trim();
            let own_word = actor.name.split_whitespace().any(|w| w == name);
            claims.push((if own_word { 1 } else { 2 }, i, name, alias.line));
        }
    }
    claims.sort_by_key(|&(priority, i, _, _)| (priority, i));
    let mut owner: HashMap<&str, usize> = HashMap::new();
    for (_, i, name, line) in claims {
        match owner.get(name) {
            Some(&other) if other != i => diagnostics.push(
                Diagnostic::new(
                    &actors[i].file,
                    format!(
                        "\"{name}\" already names actor \"{}\" ({}); an alias may belong to one actor only, so remove it from one of them",
                        actors[other].slug,
                        actors[other].file.display()
                    ),
                )
                .at_line(line)
                .field(if line.is_some() { "aliases" } else { "name" }),
            ),
            Some(_) => {}
            None => {
                owner.insert(name, i);
            }
        }
    }
}

/// An article's references, resolved.
struct ArticleLinks {
    actors: Vec<usize>,
    events: Vec<usize>,
    quote_actors: Vec<Option<usize>>,
    quotes: Vec<QuoteLinks>,
}

/// A quote's references, resolved.
#[derive(Default)]
struct QuoteLinks {
    /// Its `events`.
    events: Vec<usize>,
    /// Its `same_as`: the article's slug and the quote's position in it.
    same_as: Vec<(String, usize)>,
}

/// For each article slug, the ids of its quotes: what `same_as` may name.
struct QuoteIds<'a> {
    by_article: FxHashMap<&'a str, &'a [Quote]>,
}

impl<'a> QuoteIds<'a> {
    fn new(articles: &'a [Article]) -> Self {
        QuoteIds {
            by_article: articles
                .iter()
                .map(|a| (a.slug.as_str(), a.quotes.as_slice()))
                .collect(),
        }
    }

    /// The article slug and quote position `ARTICLE#ID` names, or a
    /// diagnostic that suggests the nearest article or id.
    fn resolve(
        &self,
        reference: &Ref,
        file: &Path,
        field: impl std::fmt::Display + Copy,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<(String, usize)> {
        let (article, id) = reference.slug.split_once('#')?;
        let problem = match self.by_article.get(article) {
            Some(quotes) => match quotes.iter().position(|q| q.id.as_deref() == Some(id)) {
                Some(index) => return Some((article.to_string(), index)),
                None => {
                    let near = slug::nearest(id, quotes.iter().filter_map(|q| q.id.as_deref()));
                    match near {
                        Some(near) => format!("article \"{article}\" has no quote with id = \"{id}\"; did you mean \"{article}#{near}\"?"),
                        None => format!("article \"{article}\" has no quote with id = \"{id}\"; give that quote id = \"{id}\""),
                    }
                }
            },
            None => match slug::nearest(article, self.by_article.keys().copied()) {
                Some(near) => format!("unknown article \"{article}\"; did you mean \"{near}\"?"),
                None => format!(
                    "unknown article \"{article}\"; name a file of content/articles, without .md"
                ),
            },
        };
        diagnostics.push(
            Diagnostic::new(file, problem)
                .at_line(reference.line)
                .field(field.to_string()),
        );
        None
    }
}

impl ArticleLinks {
    fn resolve(
        article: &Article,
        actors: &Index<'_>,
        events: &Index<'_>,
        quote_ids: &QuoteIds<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Self {
        let file = &article.file;
        let quotes = article
            .quotes
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let mut quote_events = events.resolve_all(
                    &q.events,
                    file,
                    format_args!("quotes[{i}].events"),
                    diagnostics,
                );
                quote_events.sort_unstable();
                let same_as = q
                    .same_as
                    .iter()
                    .filter_map(|r| {
                        quote_ids.resolve(r, file, format_args!("quotes[{i}].same_as"), diagnostics)
                    })
                    .collect();
                QuoteLinks {
                    events: quote_events,
                    same_as,
                }
            })
            .collect();
        let quote_actors = article
            .quotes
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let actor = q.actor.as_ref()?;
                actors.resolve(actor, file, format_args!("quotes[{i}].actor"), diagnostics)
            })
            .collect();
        // Events are numbered in date order, so this puts them in date order.
        let mut events = events.resolve_all(&article.events, file, "events", diagnostics);
        events.sort_unstable();
        ArticleLinks {
            actors: actors.resolve_all(&article.actors, file, "actors", diagnostics),
            events,
            quote_actors,
            quotes,
        }
    }
}

impl LinkedArticle {
    /// Everyone the article is about: its actors, then anyone it quotes.
    fn everyone(&self) -> Vec<usize> {
        let mut all = Vec::with_capacity(self.actors.len() + self.quote_actors.len());
        all.extend_from_slice(&self.actors);
        all.extend(self.quote_actors.iter().flatten());
        dedup_keep_order(&mut all);
        all
    }
}

/// Everyone each article is about ([`LinkedArticle::everyone`]), one
/// article's after another in one list. Each actor's co-mentions read the
/// lists of its articles, and an article's list is read once for each of
/// its actors: lists in allocations of their own, read in that order,
/// missed the cache at 100,000 articles (co-mentions took 15 times as long
/// as at 10,000); read from one list, in article order, they are read as
/// they lie.
struct Everyone {
    actors: Vec<usize>,
    /// Where each article's actors end in `actors`; they start where the
    /// article before's end.
    ends: Vec<usize>,
}

impl Everyone {
    fn of(articles: &[LinkedArticle]) -> Self {
        let lists: Vec<Vec<usize>> = articles.par_iter().map(LinkedArticle::everyone).collect();
        let mut everyone = Everyone {
            actors: Vec::with_capacity(lists.iter().map(Vec::len).sum()),
            ends: Vec::with_capacity(lists.len()),
        };
        for list in lists {
            everyone.actors.extend(list);
            everyone.ends.push(everyone.actors.len());
        }
        everyone
    }

    fn of_article(&self, a: usize) -> &[usize] {
        let start = a.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.actors[start..self.ends[a]]
    }
}

fn link_actors(
    actors: Vec<Actor>,
    countries: Vec<Option<usize>>,
    articles: &[LinkedArticle],
) -> Vec<LinkedActor> {
    let n = actors.len();
    let everyone = Everyone::of(articles);
    let mut by_actor: Vec<Vec<usize>> = vec![Vec::new(); n];
    for a in 0..articles.len() {
        for &actor in everyone.of_article(a) {
            by_actor[actor].push(a);
        }
    }
    // Counted in parallel, each actor's in a count per actor that each
    // thread keeps and clears after use, touching only the actors counted:
    // a country is named with most people, and a map of them hashed into
    // for every article that names it grew faster than the site, as did
    // sorting the list of every other actor named with it (at 100,000
    // articles, a country's list held a few hundred thousand).
    let mut co_mentions: Vec<Vec<(usize, u32)>> = by_actor
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0u32; n], Vec::new()),
            |(counts, counted), (actor, its_articles)| {
                for other in its_articles.iter().flat_map(|&a| everyone.of_article(a)) {
                    if *other != actor {
                        if counts[*other] == 0 {
                            counted.push(*other);
                        }
                        counts[*other] += 1;
                    }
                }
                let mut co: Vec<(usize, u32)> = counted
                    .drain(..)
                    .map(|other| (other, std::mem::take(&mut counts[other])))
                    .collect();
                co.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                co.truncate(CO_MENTIONS_KEPT);
                co
            },
        )
        .collect();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, country) in countries.iter().enumerate() {
        if let Some(c) = country {
            members[*c].push(i);
        }
    }
    actors
        .into_iter()
        .enumerate()
        .map(|(i, actor)| LinkedActor {
            actor,
            country: countries[i],
            articles: std::mem::take(&mut by_actor[i]),
            events: Vec::new(),
            co_mentions: std::mem::take(&mut co_mentions[i]),
            members: std::mem::take(&mut members[i]),
            side: None,
            statements: Vec::new(),
        })
        .collect()
}

fn link_events(
    events: Vec<Event>,
    event_actors: Vec<Vec<usize>>,
    articles: &[LinkedArticle],
) -> Vec<LinkedEvent> {
    let mut coverage: Vec<Vec<usize>> = vec![Vec::new(); events.len()];
    for (a, article) in articles.iter().enumerate() {
        for &e in &article.events {
            coverage[e].push(a);
        }
    }
    events
        .into_iter()
        .zip(event_actors)
        .zip(coverage)
        .map(|((event, actors), articles)| LinkedEvent {
            event,
            articles,
            actors,
            statements: Vec::new(),
        })
        .collect()
}

/// Groups articles by the names `keys` gives each (an outlet, tags), merging
/// names that make the same slug; the first spelling seen names the group.
/// Groups articles by outlet or tag. Names that differ only in case or
/// spacing are one group; different names whose slugs would be the same
/// (`C++` and `C#`) each keep a page, the later in name order with `-2`.
fn group_by<'a>(
    articles: &'a [LinkedArticle],
    keys: impl Fn(&'a Article) -> &'a [String],
) -> Vec<Group> {
    let mut by_name: BTreeMap<String, Group> = BTreeMap::new();
    // The key of each spelling, worked out once: the same outlet or tag is
    // written the same way in most of its articles. None for a name that
    // makes no slug.
    let mut key_of: HashMap<&str, Option<String>> = HashMap::new();
    for (i, linked) in articles.iter().enumerate() {
        for name in keys(&linked.article) {
            let key = key_of.entry(name.as_str()).or_insert_with(|| {
                (!slug::slugify(name).is_empty()).then(|| {
                    name.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase()
                })
            });
            let Some(key) = key else {
                continue;
            };
            let group = match by_name.get_mut(key.as_str()) {
                Some(group) => group,
                None => by_name.entry(key.clone()).or_insert(Group {
                    name: name.trim().to_string(),
                    slug: String::new(),
                    articles: Vec::new(),
                }),
            };
            if group.articles.last() != Some(&i) {
                group.articles.push(i);
            }
        }
    }
    let mut taken = std::collections::HashSet::new();
    let mut groups: Vec<Group> = by_name
        .into_values()
        .map(|mut group| {
            let base = slug::slugify(&group.name);
            group.slug = crate::text::with_free_suffix(&base, |s| taken.contains(s));
            taken.insert(group.slug.clone());
            group
        })
        .collect();
    groups.sort_by(|a, b| {
        sort_name(&a.name)
            .cmp(&sort_name(&b.name))
            .then(a.slug.cmp(&b.slug))
    });
    groups
}

/// Articles (newest first) and events by day, grouped by month.
fn months(articles: &[LinkedArticle], events: &[Event]) -> Vec<Month> {
    let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
    for (i, linked) in articles.iter().enumerate().rev() {
        entry(&mut days, linked.when.date).articles.push(i);
    }
    for (e, event) in events.iter().enumerate() {
        entry(&mut days, event.date).events.push(e);
    }
    let mut months: Vec<Month> = Vec::new();
    for (date, day) in days {
        match months.last_mut() {
            Some(m) if m.year == date.year() && m.month == date.month() => m.days.push(day),
            _ => months.push(Month {
                year: date.year(),
                month: date.month(),
                days: vec![day],
            }),
        }
    }
    months
}

fn entry(days: &mut BTreeMap<NaiveDate, Day>, date: NaiveDate) -> &mut Day {
    days.entry(date).or_insert_with(|| Day {
        date,
        articles: Vec::new(),
        events: Vec::new(),
    })
}

/// Groups the site's quotes into statements (same speaker and words, or
/// linked by `same_as`), dates them, and finds the events each is about.
/// Sets each article's `quote_statements`, each actor's and each event's
/// `statements`.
fn statements_of(
    articles: &mut [LinkedArticle],
    quote_links: &[Vec<QuoteLinks>],
    actors: &mut [LinkedActor],
    events: &mut [LinkedEvent],
    linker: &ActorLinker,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Statement> {
    let refs: Vec<QuoteRef> = articles
        .iter()
        .enumerate()
        .flat_map(|(article, a)| {
            (0..a.article.quotes.len()).map(move |index| QuoteRef { article, index })
        })
        .collect();
    let mut first_of_article = Vec::with_capacity(articles.len());
    let mut running = 0;
    for a in articles.iter() {
        first_of_article.push(running);
        running += a.article.quotes.len();
    }
    let number = |q: QuoteRef| first_of_article[q.article] + q.index;
    let text = |q: QuoteRef| articles[q.article].article.quotes[q.index].text.as_str();
    let mut groups = Groups::new(refs.len());
    let mut watch = crate::timings::Stopwatch::start("statements");

    let mut by_actor: Vec<Vec<usize>> = vec![Vec::new(); actors.len()];
    for (n, &q) in refs.iter().enumerate() {
        if let Some(actor) = articles[q.article].quote_actors[q.index] {
            by_actor[actor].push(n);
        }
    }
    let same: Vec<(usize, usize)> = by_actor
        .par_iter()
        .flat_map_iter(|quotes| {
            let texts: Vec<&str> = quotes.iter().map(|&n| text(refs[n])).collect();
            statements::same_statements(&texts)
                .into_iter()
                .map(|(i, j)| (quotes[i], quotes[j]))
        })
        .collect();
    watch.lap("same words");
    for (x, y) in same {
        groups.join(x, y);
    }
    let article_of_slug: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.article.slug.as_str(), i))
        .collect();
    for (article, links) in quote_links.iter().enumerate() {
        for (index, link) in links.iter().enumerate() {
            for (slug, other) in &link.same_as {
                if let Some(&b) = article_of_slug.get(slug.as_str()) {
                    let here = number(QuoteRef { article, index });
                    groups.join(
                        here,
                        number(QuoteRef {
                            article: b,
                            index: *other,
                        }),
                    );
                }
            }
        }
    }

    // In parallel: each statement weighs its copies' words.
    let read_only: &[LinkedArticle] = articles;
    let mut statements: Vec<Statement> = groups
        .members()
        .into_par_iter()
        .map(|members| {
            let sources: Vec<QuoteRef> = members.into_iter().map(|n| refs[n]).collect();
            new_statement(read_only, quote_links, sources)
        })
        .collect();
    for (s, statement) in statements.iter().enumerate() {
        for q in &statement.sources {
            let quotes = &mut articles[q.article].quote_statements;
            quotes.resize(articles[q.article].article.quotes.len(), 0);
            quotes[q.index] = s;
        }
    }
    watch.lap("group");
    find_events(
        &mut statements,
        articles,
        actors,
        events,
        linker,
        diagnostics,
    );
    watch.lap("events");
    for (s, statement) in statements.iter().enumerate() {
        if let (Some(actor), false) = (statement.actor, statement.fragment) {
            actors[actor].statements.push(s);
        }
        for &e in &statement.events {
            events[e].statements.push(s);
        }
    }
    let latest_first =
        |x: &usize, y: &usize| said_order(&statements[*y]).cmp(&said_order(&statements[*x]));
    for actor in actors.iter_mut() {
        actor.statements.sort_by(latest_first);
    }
    for event in events.iter_mut() {
        event.statements.sort_by(|x, y| latest_first(y, x));
    }
    statements
}

/// Orders statements by when they were said; a day comes after its month.
fn said_order(statement: &Statement) -> (NaiveDate, bool) {
    (
        statement.said.first_day(),
        matches!(statement.said, Said::Day(_)),
    )
}

/// A statement of the quotes `sources`: the fullest copy that stands on its
/// own first, then the others as first reported.
fn new_statement(
    articles: &[LinkedArticle],
    quote_links: &[Vec<QuoteLinks>],
    mut sources: Vec<QuoteRef>,
) -> Statement {
    let quote = |q: &QuoteRef| &articles[q.article].article.quotes[q.index];
    let reported = |q: &QuoteRef| articles[q.article].when.date;
    sources.sort_by_key(|q| (reported(q), q.article, q.index));
    let best = sources
        .iter()
        .enumerate()
        .max_by_key(|(i, q)| {
            let text = &quote(q).text;
            (
                !statements::is_fragment(text),
                text.chars().count(),
                std::cmp::Reverse(*i),
            )
        })
        .map_or(0, |(i, _)| i);
    let first = sources.remove(best);
    sources.insert(0, first);
    let given = sources
        .iter()
        .filter_map(|q| quote(q).said)
        .max_by_key(|said| matches!(said, Said::Day(_)));
    let earliest_report = sources.iter().map(reported).min();
    let said = given
        .or(earliest_report.map(Said::Day))
        .unwrap_or(Said::Day(NaiveDate::MIN));
    let mut events: Vec<usize> = sources
        .iter()
        .flat_map(|q| quote_links[q.article][q.index].events.iter().copied())
        .collect();
    events.sort_unstable();
    events.dedup();
    Statement {
        actor: articles[sources[0].article].quote_actors[sources[0].index],
        fragment: sources
            .iter()
            .all(|q| statements::is_fragment(&quote(q).text)),
        sources,
        said,
        said_given: given.is_some(),
        events,
    }
}

/// Keeps, for each statement, the events it is about (listed in a copy's
/// `events`, or named in a copy's context, else its words) and said in the
/// window of. A listed event whose window the statement falls outside is a
/// mistake in `said` or `events`, reported. Fragments are about no event:
/// they are shown only in their article.
fn find_events(
    statements: &mut [Statement],
    articles: &[LinkedArticle],
    actors: &[LinkedActor],
    events: &[LinkedEvent],
    linker: &ActorLinker,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let windows: Vec<Window> = events.iter().map(|e| Window::of(&e.event)).collect();
    let countries: Vec<Vec<String>> = actors
        .iter()
        .filter(|a| a.actor.kind == ActorKind::Country)
        .flat_map(|a| {
            std::iter::once(a.actor.name.as_str())
                .chain(a.actor.aliases.iter().map(|al| al.name.as_str()))
        })
        .map(|name| crate::search::words(name).collect())
        .collect();
    let marks: Vec<EventMarks> = events
        .iter()
        .map(|e| {
            let people = e
                .actors
                .iter()
                .copied()
                .filter(|&a| actors[a].actor.kind == ActorKind::Person)
                .collect();
            EventMarks::new(&e.event, people, &countries)
        })
        .collect();
    let index = EventIndex::new(&marks);
    // Events are in date order, so those that can hold a day are a range.
    let longest = windows
        .iter()
        .map(|w| (w.to - w.from).num_days())
        .max()
        .unwrap_or(0);
    // Each statement is checked against every event of its window, and a
    // window holds more events the busier the site: in parallel, with each
    // statement's problems kept in statement order.
    let problems: Vec<Vec<Diagnostic>> = statements
        .par_iter_mut()
        .map(|statement| {
            let mut problems = Vec::new();
            let listed = std::mem::take(&mut statement.events);
            for &e in &listed {
                if !windows[e].contains(statement.said) {
                    report_outside_window(
                        statement,
                        e,
                        &windows[e],
                        articles,
                        events,
                        &mut problems,
                    );
                }
            }
            if !statement.fragment {
                statement.events = events_about(
                    statement,
                    &listed,
                    &windows,
                    (&marks, &index),
                    longest,
                    articles,
                    linker,
                );
            }
            problems
        })
        .collect();
    diagnostics.extend(problems.into_iter().flatten());
}

/// The events of `windows` that `statement` is about: those `listed` in a
/// copy's `events`, and those its copies' contexts name (see
/// [`EventMarks::names`]), each only when it was said in the window.
fn events_about(
    statement: &Statement,
    listed: &[usize],
    windows: &[Window],
    (marks, index): (&[EventMarks], &EventIndex),
    longest: i64,
    articles: &[LinkedArticle],
    linker: &ActorLinker,
) -> Vec<usize> {
    let mut about_events = Vec::new();
    let (first, last) = (statement.said.first_day(), statement.said.last_day());
    // Windows open in date order, and none is longer than `longest`.
    let end = windows.partition_point(|w| w.from <= last);
    let start = windows[..end].partition_point(|w| (first - w.from).num_days() > longest);
    // The contexts are read only when an event of the window is not listed.
    let unlisted = |e: usize| windows[e].contains(statement.said) && !listed.contains(&e);
    if !(start..end).any(unlisted) {
        about_events.extend(
            (start..end).filter(|&e| windows[e].contains(statement.said) && listed.contains(&e)),
        );
        return about_events;
    }
    let contexts: Vec<(Vec<String>, Vec<usize>)> = statement
        .sources
        .iter()
        .map(|q| {
            let quote = &articles[q.article].article.quotes[q.index];
            let context = quote.context.as_deref().unwrap_or(&quote.text);
            let named = linker.mentions(context).map(|(_, _, a)| a).collect();
            (crate::search::words(context).collect(), named)
        })
        .collect();
    // Only the events the contexts can name, not every event of the window.
    let mut candidates: Vec<usize> = listed
        .iter()
        .copied()
        .filter(|e| (start..end).contains(e))
        .collect();
    for (words, named) in &contexts {
        index.candidates(words, named, statement.actor, start..end, &mut candidates);
    }
    candidates.sort_unstable();
    candidates.dedup();
    for e in candidates {
        if !windows[e].contains(statement.said) {
            continue;
        }
        let about = listed.contains(&e)
            || contexts
                .iter()
                .any(|(words, named)| marks[e].names(words, named, statement.actor));
        if about {
            about_events.push(e);
        }
    }
    about_events
}

/// The statement is listed in event `e`'s `events` but was said outside its
/// window: names each copy that lists it, at the line of the slug.
fn report_outside_window(
    statement: &Statement,
    e: usize,
    window: &Window,
    articles: &[LinkedArticle],
    events: &[LinkedEvent],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let slug = &events[e].event.slug;
    let when = if statement.said_given {
        format!("said {}", statement.said.iso())
    } else {
        format!("reported {} (no `said`)", statement.said.iso())
    };
    for q in &statement.sources {
        let article = &articles[q.article].article;
        let quote = &article.quotes[q.index];
        let Some(listed) = quote.events.iter().find(|r| &r.slug == slug) else {
            continue;
        };
        diagnostics.push(
            Diagnostic::new(
                &article.file,
                format!(
                    "this quote was {when}, outside the window of event \"{slug}\" ({} to {}); correct `said`, or remove \"{slug}\" from `events`",
                    window.from, window.to
                ),
            )
            .at_line(listed.line)
            .field(format!("quotes[{}].events", q.index)),
        );
    }
}

/// Sets each actor's side: its own `side`; else, for an official (see
/// [`statements::is_official`]), its country's side, or the country's name.
fn assign_sides(actors: &mut [LinkedActor]) {
    let sides: Vec<Option<String>> = actors
        .iter()
        .map(|linked| {
            let actor = &linked.actor;
            if let Some(side) = &actor.side {
                return Some(side.clone());
            }
            let country = match actor.kind {
                ActorKind::Country => Some(actor),
                _ => linked.country.map(|c| &actors[c].actor),
            };
            let country = country?;
            statements::is_official(actor, Some(country))
                .then(|| country.side.clone().unwrap_or_else(|| country.name.clone()))
        })
        .collect();
    for (actor, side) in actors.iter_mut().zip(sides) {
        actor.side = side;
    }
}

/// Sets of quote numbers, joined two by two.
struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    fn new(count: usize) -> Self {
        Groups {
            parent: (0..count).collect(),
        }
    }

    fn root(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn join(&mut self, x: usize, y: usize) {
        let (x, y) = (self.root(x), self.root(y));
        if x != y {
            self.parent[x.max(y)] = x.min(y);
        }
    }

    /// Every set, in the order of its smallest member.
    fn members(mut self) -> Vec<Vec<usize>> {
        let mut set_of_root: HashMap<usize, usize> = HashMap::new();
        let mut sets: Vec<Vec<usize>> = Vec::new();
        for x in 0..self.parent.len() {
            let root = self.root(x);
            let set = *set_of_root.entry(root).or_insert_with(|| {
                sets.push(Vec::new());
                sets.len() - 1
            });
            sets[set].push(x);
        }
        sets
    }
}

/// One column of an event page: a side and who spoke for it.
pub struct Column {
    /// The side's name; none for "Others (analysts, press)".
    pub side: Option<String>,
    /// True when the event names the side among its `parties`.
    pub party: bool,
    /// Who spoke, in the order they first spoke.
    pub speakers: Vec<Speaker>,
}

/// A speaker in a column, with what they said about the event, in order.
pub struct Speaker {
    pub actor: Option<usize>,
    /// The name of a speaker who is not an actor.
    pub name: Option<String>,
    pub statements: Vec<usize>,
}

impl Briefing {
    /// The country actor named `name`, ASCII case aside: what a side names.
    /// Every event page asks it of each of its columns, so it is looked up,
    /// not searched for among every actor.
    pub fn country_named(&self, name: &str) -> Option<usize> {
        self.countries_by_name
            .get(&name.to_ascii_lowercase())
            .copied()
    }

    /// The columns of event `e`'s page: one per party, silent or not, in the
    /// order of its `parties`; then any other side that spoke; then the
    /// speakers of no side. A speaker who is not an actor speaks for the
    /// quote's own `side`, if it has one.
    pub fn columns(&self, e: usize) -> Vec<Column> {
        let event = &self.events[e];
        let mut columns: Vec<Column> = event
            .event
            .parties
            .iter()
            .map(|party| Column {
                side: Some(party.trim().to_string()),
                party: true,
                speakers: Vec::new(),
            })
            .collect();
        let mut others = Column {
            side: None,
            party: false,
            speakers: Vec::new(),
        };
        for &s in &event.statements {
            let statement = &self.statements[s];
            let first = &self.articles[statement.sources[0].article].article.quotes
                [statement.sources[0].index];
            let side = match statement.actor {
                Some(a) => self.actors[a].side.as_deref(),
                None => first.side.as_deref(),
            };
            let column = match side {
                None => &mut others,
                Some(side) => {
                    let found = columns.iter().position(|c| {
                        c.side
                            .as_deref()
                            .is_some_and(|name| name.eq_ignore_ascii_case(side.trim()))
                    });
                    let at = found.unwrap_or_else(|| {
                        columns.push(Column {
                            side: Some(side.trim().to_string()),
                            party: false,
                            speakers: Vec::new(),
                        });
                        columns.len() - 1
                    });
                    &mut columns[at]
                }
            };
            let name = match statement.actor {
                Some(_) => None,
                None => first.speaker.clone(),
            };
            match column
                .speakers
                .iter_mut()
                .find(|sp| sp.actor == statement.actor && sp.name == name)
            {
                Some(speaker) => speaker.statements.push(s),
                None => column.speakers.push(Speaker {
                    actor: statement.actor,
                    name,
                    statements: vec![s],
                }),
            }
        }
        if !others.speakers.is_empty() {
            columns.push(others);
        }
        columns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_in_order_puts_each_kept_item_at_its_place_and_drops_the_rest() {
        let mut items: Vec<String> = ["a", "b", "c", "d", "e", "f"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        keep_in_order(&mut items, &[4, 0, 5, 2, 1]);
        assert_eq!(items, ["e", "a", "f", "c", "b"]);
        let mut reversed: Vec<usize> = (0..7).collect();
        keep_in_order(&mut reversed, &[6, 5, 4, 3, 2, 1, 0]);
        assert_eq!(reversed, [6, 5, 4, 3, 2, 1, 0]);
    }

    const ARTICLE: &str = "+++\ntitle = \"A\"\ndate = 2025-01-01\n+++\nFirst paragraph, ✓.\n";

    /// A site of one article, loaded as a build loads it (bodies let go)
    /// and linked.
    fn briefing_reading_from_files() -> (tempfile::TempDir, Briefing) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.toml"), "title = \"T\"\n").unwrap();
        std::fs::create_dir_all(dir.path().join("content/articles")).unwrap();
        std::fs::write(dir.path().join("content/articles/a.md"), ARTICLE).unwrap();
        let loaded = crate::load::load_partial_with(dir.path(), &crate::load::Cache::lean(), &[]);
        let briefing = link(loaded.site.unwrap(), false).unwrap();
        (dir, briefing)
    }

    /// A site of one article whose body names "Kyiv" and of the actors
    /// `actors` (slug, front matter).
    fn site_naming_kyiv(actors: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.toml"), "title = \"T\"\n").unwrap();
        std::fs::create_dir_all(dir.path().join("content/articles")).unwrap();
        std::fs::create_dir_all(dir.path().join("content/actors")).unwrap();
        let article = "+++\ntitle = \"A\"\ndate = 2025-01-01\n+++\nTalks in Kyiv with Zelensky.\n";
        std::fs::write(dir.path().join("content/articles/a.md"), article).unwrap();
        for (slug, fields) in actors {
            let path = dir.path().join(format!("content/actors/{slug}.md"));
            std::fs::write(path, format!("+++\n{fields}\n+++\n")).unwrap();
        }
        dir
    }

    fn mentioned(briefing: &Briefing) -> Vec<&str> {
        let article = &briefing.articles[0];
        article
            .actors
            .iter()
            .map(|&a| briefing.actors[a].actor.slug.as_str())
            .collect()
    }

    #[test]
    fn mentions_are_found_as_the_body_is_loaded_not_read_again() {
        let dir = site_naming_kyiv(&[
            (
                "zelensky",
                "name = \"Volodymyr Zelensky\"\naliases = [\"Zelensky\"]",
            ),
            (
                "ukraine",
                "name = \"Ukraine\"\nkind = \"country\"\naliases = [\"Kyiv\"]",
            ),
        ]);
        let loaded = crate::load::load_partial_with(dir.path(), &crate::load::Cache::lean(), &[]);
        // Gone before linking: link does not read the body again.
        std::fs::remove_file(dir.path().join("content/articles/a.md")).unwrap();
        let briefing = link(loaded.site.unwrap(), false).unwrap();
        assert_eq!(mentioned(&briefing), ["ukraine", "zelensky"]);
    }

    #[test]
    fn an_article_kept_from_an_earlier_load_names_the_actors_as_they_are_now() {
        let dir = site_naming_kyiv(&[(
            "zelensky",
            "name = \"Volodymyr Zelensky\"\naliases = [\"Zelensky\"]",
        )]);
        let cache = crate::load::Cache::default();
        let load = || {
            let loaded = crate::load::load_partial_with(dir.path(), &cache, &[]);
            link(loaded.site.unwrap(), false).unwrap()
        };
        assert_eq!(mentioned(&load()), ["zelensky"]);
        // A new actor, sorted first, whose alias the kept article names.
        let path = dir.path().join("content/actors/ukraine.md");
        std::fs::write(
            path,
            "+++\nname = \"Ukraine\"\nkind = \"country\"\naliases = [\"Kyiv\"]\n+++\n",
        )
        .unwrap();
        assert_eq!(mentioned(&load()), ["ukraine", "zelensky"]);
    }

    #[test]
    fn a_list_keeps_the_first_of_each_item_in_order() {
        let mut short = vec![3, 1, 3, 2, 1, 0];
        dedup_keep_order(&mut short);
        assert_eq!(short, [3, 1, 2, 0]);
        let mut long: Vec<usize> = (0..100).map(|i| (i * 7) % 40).collect();
        dedup_keep_order(&mut long);
        let firsts: Vec<usize> = (0..40).map(|i| (i * 7) % 40).collect();
        assert_eq!(long, firsts);
    }

    #[test]
    fn a_body_let_go_is_read_again_from_its_file() {
        let (_dir, briefing) = briefing_reading_from_files();
        assert_eq!(briefing.articles[0].article.body, "");
        assert_eq!(
            briefing.articles[0].body().unwrap(),
            "First paragraph, ✓.\n"
        );
    }

    #[test]
    fn a_file_changed_since_loading_is_an_error_not_other_text() {
        let changed = "content/articles/a.md: changed while the site was being built; build again once it is saved";
        let (dir, briefing) = briefing_reading_from_files();
        let path = dir.path().join("content/articles/a.md");
        std::fs::write(&path, ARTICLE.replace("First", "Second, longer")).unwrap();
        assert_eq!(
            briefing.articles[0].body().unwrap_err().to_string(),
            changed
        );

        // The same size, but a later time of change.
        let (dir, briefing) = briefing_reading_from_files();
        let path = dir.path().join("content/articles/a.md");
        std::fs::write(&path, ARTICLE.replace("First", "Fir5t")).unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert_eq!(
            briefing.articles[0].body().unwrap_err().to_string(),
            changed
        );
    }
}
