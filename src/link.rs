//! Resolves the references between loaded files and builds the linked model,
//! the [`Briefing`]: every slug becomes an index, and the reverse indices are
//! built once (articles by actor, event, day, month, outlet and tag; quotes by
//! actor; co-mentions). A reference to nothing is an error that suggests the
//! nearest existing slug.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::load::Broken;
use crate::markdown::ActorLinker;
use crate::model::{Actor, ActorKind, Article, Event, Ref, Site, SiteConfig, When};
use crate::slug;

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
    /// Where each id is in the lists above.
    pub positions: Positions,
}

/// Where each article, actor, event, outlet and tag is in the briefing's
/// lists, by id.
#[derive(Default)]
pub struct Positions {
    articles: HashMap<ArticleId, usize>,
    actors: HashMap<ActorId, usize>,
    events: HashMap<EventId, usize>,
    outlets: HashMap<GroupId, usize>,
    tags: HashMap<GroupId, usize>,
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
) -> HashMap<Id, usize> {
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
    /// The actor's quotes, newest first.
    pub quotes: Vec<QuoteRef>,
    /// Oldest first.
    pub events: Vec<usize>,
    /// Actors most often named in the same articles, with how often.
    pub co_mentions: Vec<(usize, u32)>,
    /// For a country: the actors whose `country` it is.
    pub members: Vec<usize>,
}

pub struct LinkedEvent {
    pub event: Event,
    /// Newest first.
    pub articles: Vec<usize>,
    pub actors: Vec<usize>,
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
    } = site;
    actors.sort_by(|a, b| {
        sort_name(&a.name)
            .cmp(&sort_name(&b.name))
            .then(a.slug.cmp(&b.slug))
    });
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
    let resolved: Vec<(Article, ArticleLinks)> = articles
        .into_iter()
        .map(|a| {
            let links = ArticleLinks::resolve(&a, &actor_index, &event_index, &mut diagnostics);
            (a, links)
        })
        .collect();
    let mut articles: Vec<(When, Article, ArticleLinks)> = resolved
        .into_iter()
        .filter(|(a, _)| include_drafts || !a.draft)
        .filter_map(|(a, links)| match a.when {
            Some(when) => Some((when, a, links)),
            None => {
                diagnostics.push(
                    Diagnostic::new(
                        &a.file,
                        "this draft has no date yet; set date = YYYY-MM-DD once it is established (undated drafts are left out of builds without --drafts)",
                    )
                    .at_line(Some(1))
                    .field("date"),
                );
                None
            }
        })
        .collect();
    articles.sort_by(|(x, a, _), (y, b, _)| y.cmp(x).then(a.slug.cmp(&b.slug)));
    let mut dates = Vec::with_capacity(articles.len());
    let mut article_links = Vec::with_capacity(articles.len());
    let articles: Vec<Article> = articles
        .into_iter()
        .map(|(when, article, links)| {
            dates.push(when);
            article_links.push(links);
            article
        })
        .collect();
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }

    let outlets = group_by(&articles, |a| a.source.iter().map(String::as_str).collect());
    let tags = group_by(&articles, |a| a.tags.iter().map(String::as_str).collect());
    let outlet_of = membership(&outlets, articles.len());
    let tags_of = membership(&tags, articles.len());
    let months = months(&dates, &events);
    let linker = ActorLinker::for_actors(&actors);
    // An actor the body names is mentioned too, listed in `actors` or not,
    // so that its page lists every article whose text links to it.
    article_links
        .par_iter_mut()
        .zip(&articles)
        .for_each(|(links, article)| {
            for (_, _, actor) in linker.mentions(&article.body) {
                if !links.actors.contains(&actor) {
                    links.actors.push(actor);
                }
            }
        });

    let mut linked_actors = link_actors(actors, countries, &article_links);
    let article_count = articles.len();
    let linked_articles: Vec<LinkedArticle> = articles
        .into_iter()
        .zip(article_links)
        .zip(dates)
        .enumerate()
        .map(|(i, ((article, links), when))| LinkedArticle {
            article,
            when,
            actors: links.actors,
            events: links.events,
            quote_actors: links.quote_actors,
            outlet: outlet_of[i].first().copied(),
            tags: tags_of[i].clone(),
            older: (i + 1 < article_count).then_some(i + 1),
            newer: i.checked_sub(1),
        })
        .collect();
    let linked_events = link_events(events, event_actors, &linked_articles);
    for (e, event) in linked_events.iter().enumerate() {
        for &actor in &event.actors {
            linked_actors[actor].events.push(e);
        }
    }
    let positions = Positions::new(
        &linked_articles,
        &linked_actors,
        &linked_events,
        &outlets,
        &tags,
    );
    Ok(Briefing {
        config,
        articles: linked_articles,
        actors: linked_actors,
        events: linked_events,
        outlets,
        tags,
        months,
        linker,
        positions,
    })
}

fn sort_name(name: &str) -> String {
    name.to_lowercase()
}

/// Slug to index for one kind of file, with the message for a wrong slug.
struct Index<'a> {
    singular: &'static str,
    folder: &'static str,
    by_slug: HashMap<&'a str, usize>,
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
        field: &str,
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
            .field(field),
        );
        None
    }

    fn resolve_all(
        &self,
        references: &[Ref],
        file: &Path,
        field: &str,
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
}

impl ArticleLinks {
    fn resolve(
        article: &Article,
        actors: &Index<'_>,
        events: &Index<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Self {
        let file = &article.file;
        let quote_actors = article
            .quotes
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let actor = q.actor.as_ref()?;
                actors.resolve(actor, file, &format!("quotes[{i}].actor"), diagnostics)
            })
            .collect();
        // Events are numbered in date order, so this puts them in date order.
        let mut events = events.resolve_all(&article.events, file, "events", diagnostics);
        events.sort_unstable();
        ArticleLinks {
            actors: actors.resolve_all(&article.actors, file, "actors", diagnostics),
            events,
            quote_actors,
        }
    }

    /// Everyone the article is about: its actors, then anyone it quotes.
    fn everyone(&self) -> Vec<usize> {
        let mut all = self.actors.clone();
        all.extend(self.quote_actors.iter().flatten());
        dedup_keep_order(&mut all);
        all
    }
}

fn link_actors(
    actors: Vec<Actor>,
    countries: Vec<Option<usize>>,
    articles: &[ArticleLinks],
) -> Vec<LinkedActor> {
    let n = actors.len();
    let mut by_actor: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut quotes: Vec<Vec<QuoteRef>> = vec![Vec::new(); n];
    let mut pairs: Vec<HashMap<usize, u32>> = vec![HashMap::new(); n];
    for (a, links) in articles.iter().enumerate() {
        let everyone = links.everyone();
        for &actor in &everyone {
            by_actor[actor].push(a);
            for &other in &everyone {
                if other != actor {
                    *pairs[actor].entry(other).or_insert(0) += 1;
                }
            }
        }
        for (index, actor) in links.quote_actors.iter().enumerate() {
            if let Some(actor) = actor {
                quotes[*actor].push(QuoteRef { article: a, index });
            }
        }
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, country) in countries.iter().enumerate() {
        if let Some(c) = country {
            members[*c].push(i);
        }
    }
    actors
        .into_iter()
        .enumerate()
        .map(|(i, actor)| {
            let mut co: Vec<(usize, u32)> = pairs[i].iter().map(|(&o, &c)| (o, c)).collect();
            co.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            co.truncate(CO_MENTIONS_KEPT);
            LinkedActor {
                actor,
                country: countries[i],
                articles: std::mem::take(&mut by_actor[i]),
                quotes: std::mem::take(&mut quotes[i]),
                events: Vec::new(),
                co_mentions: co,
                members: std::mem::take(&mut members[i]),
            }
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
        })
        .collect()
}

/// Groups articles by the names `keys` gives each (an outlet, tags), merging
/// names that make the same slug; the first spelling seen names the group.
/// Groups articles by outlet or tag. Names that differ only in case or
/// spacing are one group; different names whose slugs would be the same
/// (`C++` and `C#`) each keep a page, the later in name order with `-2`.
fn group_by(articles: &[Article], keys: impl Fn(&Article) -> Vec<&str>) -> Vec<Group> {
    let mut by_name: BTreeMap<String, Group> = BTreeMap::new();
    for (i, article) in articles.iter().enumerate() {
        for name in keys(article) {
            if slug::slugify(name).is_empty() {
                continue;
            }
            let key = name
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let group = by_name.entry(key).or_insert_with(|| Group {
                name: name.trim().to_string(),
                slug: String::new(),
                articles: Vec::new(),
            });
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

/// For each article, the groups it belongs to.
fn membership(groups: &[Group], article_count: usize) -> Vec<Vec<usize>> {
    let mut of: Vec<Vec<usize>> = vec![Vec::new(); article_count];
    for (g, group) in groups.iter().enumerate() {
        for &a in &group.articles {
            of[a].push(g);
        }
    }
    of
}

/// Articles (by their dates, newest first) and events by day, grouped by month.
fn months(article_dates: &[When], events: &[Event]) -> Vec<Month> {
    let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
    for (i, when) in article_dates.iter().enumerate().rev() {
        entry(&mut days, when.date).articles.push(i);
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
