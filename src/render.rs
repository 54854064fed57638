//! Turns the [`Briefing`] into pages: decides which pages exist and where
//! they go, builds the plain serializable context each template sees, and
//! renders it. Every link in a context is relative to the page it is on
//! (`root` leads back to the site's top), so the site opens from disk and
//! from any sub-path. Nothing here reads or writes files.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde_json::Value as Json;

use crate::calendar::{self, MONTHS};
use crate::charts;
use crate::link::{Briefing, Group, LinkedActor, LinkedArticle, LinkedEvent, Month};
use crate::markdown::{self, Linking};
use crate::model::ActorKind;
use crate::templates::{TemplateError, Templates};

/// How many articles the front page leads with.
const FRONT_PAGE_ARTICLES: usize = 10;
/// How many actors and events the front page shows.
const FRONT_PAGE_ACTORS: usize = 12;
const FRONT_PAGE_EVENTS: usize = 8;
/// Quotes shown per actor on an event page before "more".
const QUOTES_SHOWN: usize = 3;
/// How many entries the Atom feed carries.
const FEED_ENTRIES: usize = 50;

/// One page to render: where it goes, and what it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Front,
    Article(usize),
    Actors,
    /// An actor, and which page of its articles (1-based).
    Actor(usize, usize),
    Events,
    Event(usize),
    Timeline,
    Month(usize),
    Outlets,
    Outlet(usize, usize),
    Tags,
    Tag(usize, usize),
    NotFound,
    /// The search page, whose address (`?q=`) holds the query.
    Search,
    Feed,
    Sitemap,
}

/// A rendered page.
pub struct Rendered {
    /// Path of the output file, relative to the output folder.
    pub path: String,
    pub content: String,
}

/// Every page of the briefing, in a stable order.
pub fn pages(briefing: &Briefing) -> Vec<Page> {
    let per_page = briefing.config.articles_per_page;
    let mut pages = vec![Page::Front, Page::Actors, Page::Events, Page::Timeline];
    pages.extend((0..briefing.articles.len()).map(Page::Article));
    for (i, actor) in briefing.actors.iter().enumerate() {
        pages.extend((1..=page_count(actor.articles.len(), per_page)).map(|p| Page::Actor(i, p)));
    }
    pages.extend((0..briefing.events.len()).map(Page::Event));
    pages.extend((0..briefing.months.len()).map(Page::Month));
    pages.push(Page::Outlets);
    for (i, group) in briefing.outlets.iter().enumerate() {
        pages.extend((1..=page_count(group.articles.len(), per_page)).map(|p| Page::Outlet(i, p)));
    }
    pages.push(Page::Tags);
    for (i, group) in briefing.tags.iter().enumerate() {
        pages.extend((1..=page_count(group.articles.len(), per_page)).map(|p| Page::Tag(i, p)));
    }
    pages.push(Page::NotFound);
    pages.push(Page::Search);
    if briefing.config.base_url.is_some() {
        pages.push(Page::Feed);
        pages.push(Page::Sitemap);
    }
    pages
}

fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}

/// Where pages go and how they link to each other.
pub struct Paths {
    pretty: bool,
}

impl Paths {
    pub fn new(pretty: bool) -> Self {
        Paths { pretty }
    }

    /// The output file of `page`, relative to the output folder.
    pub fn file(&self, briefing: &Briefing, page: Page) -> String {
        match page {
            Page::Front => "index.html".into(),
            Page::Article(i) => article_file(&briefing.articles[i].article.slug),
            Page::Actors => "actors/index.html".into(),
            Page::Actor(i, p) => paged(&format!("actors/{}/", briefing.actors[i].actor.slug), p),
            Page::Events => "events/index.html".into(),
            Page::Event(i) => format!("events/{}/index.html", briefing.events[i].event.slug),
            Page::Timeline => "timeline/index.html".into(),
            Page::Month(i) => {
                let m = &briefing.months[i];
                format!("timeline/{:04}-{:02}/index.html", m.year, m.month)
            }
            Page::Outlets => "outlets/index.html".into(),
            Page::Outlet(i, p) => paged(&format!("outlets/{}/", briefing.outlets[i].slug), p),
            Page::Tags => "tags/index.html".into(),
            Page::Tag(i, p) => paged(&format!("tags/{}/", briefing.tags[i].slug), p),
            Page::NotFound => "404.html".into(),
            Page::Search => "search/index.html".into(),
            Page::Feed => "atom.xml".into(),
            Page::Sitemap => "sitemap.xml".into(),
        }
    }

    /// The address of the article with `slug`, relative to the site's top.
    pub fn article_url(&self, slug: &str) -> String {
        self.prettify(article_file(slug))
    }

    fn prettify(&self, file: String) -> String {
        if self.pretty {
            if let Some(folder) = file.strip_suffix("index.html") {
                return folder.to_string();
            }
        }
        file
    }

    /// The address of `page` relative to the site's top: the output file, or
    /// with pretty URLs its folder.
    pub fn url(&self, briefing: &Briefing, page: Page) -> String {
        self.prettify(self.file(briefing, page))
    }
}

fn article_file(slug: &str) -> String {
    format!("articles/{slug}/index.html")
}

fn paged(folder: &str, page: usize) -> String {
    if page <= 1 {
        format!("{folder}index.html")
    } else {
        format!("{folder}page/{page}/index.html")
    }
}

/// The way back to the site's top from the file at `path`.
pub fn root_of(path: &str) -> String {
    match path.matches('/').count() {
        0 => "./".to_string(),
        depth => "../".repeat(depth),
    }
}

/// Renders pages of one briefing with one set of templates.
pub struct Renderer<'a> {
    briefing: &'a Briefing,
    templates: &'a Templates,
    paths: Paths,
    site: Json,
}

impl<'a> Renderer<'a> {
    pub fn new(briefing: &'a Briefing, templates: &'a Templates) -> Self {
        let config = &briefing.config;
        let site = serde_json::json!({
            "title": config.title,
            "description": config.description,
            "language": config.language,
            "base_url": config.base_url,
            "pretty_urls": config.pretty_urls,
            "extra": toml_to_json(&toml::Value::Table(config.extra.clone())),
        });
        Renderer {
            briefing,
            templates,
            paths: Paths::new(config.pretty_urls),
            site,
        }
    }

    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    /// Renders one page.
    pub fn render(&self, page: Page) -> Result<Rendered, TemplateError> {
        let path = self.paths.file(self.briefing, page);
        let root = match (page, &self.briefing.config.base_url) {
            // A host serves 404.html at any depth, so its links must be absolute.
            (Page::NotFound, Some(base)) => format!("{base}/"),
            _ => root_of(&path),
        };
        let view = View {
            r: self,
            root: &root,
        };
        let (template, data) = view.page(page);
        // `page` is the article, actor or event a page is about (the content
        // format's `page.extra`); other pages have an empty one.
        let page_data = ["article", "actor", "event"]
            .iter()
            .find_map(|kind| data.get(kind))
            .cloned()
            .unwrap_or_else(|| serde_json::json!({ "extra": {} }));
        let mut context = tera::Context::from_value(data).unwrap_or_default();
        context.insert("page", &page_data);
        context.insert("site", &self.site);
        context.insert("root", &root);
        context.insert("index", if self.paths.pretty { "" } else { "index.html" });
        context.insert("path", &path);
        context.insert("url", &self.paths.url(self.briefing, page));
        let content = self.templates.render(template, &context)?;
        Ok(Rendered { path, content })
    }
}

/// Builds contexts for one page, whose links start with `root`.
struct View<'v, 'a> {
    r: &'v Renderer<'a>,
    root: &'v str,
}

#[derive(Serialize)]
struct Link {
    name: String,
    url: String,
}

#[derive(Serialize)]
struct ActorLink<'b> {
    name: &'b str,
    url: String,
    kind: &'static str,
    role: Option<&'b str>,
}

#[derive(Serialize)]
struct ArticleCard<'b> {
    /// For "new since your last visit" (see [`crate::visits`]).
    key: String,
    title: &'b str,
    url: String,
    date: String,
    date_display: String,
    source: Option<&'b str>,
    outlet_url: Option<String>,
    summary: &'b str,
    actors: Vec<ActorLink<'b>>,
    draft: bool,
}

#[derive(Serialize)]
struct EventCard<'b> {
    key: String,
    title: &'b str,
    url: String,
    date: String,
    date_display: String,
    end_date_display: Option<String>,
    place: Option<&'b str>,
    article_count: usize,
}

#[derive(Serialize)]
struct QuoteWithSource<'b> {
    text: &'b str,
    article: Link,
    date_display: String,
    source: Option<&'b str>,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    previous_url: Option<String>,
    next_url: Option<String>,
    /// The first and last pages and those around the current one; a gap
    /// (no number, no url) stands for the pages left out between them.
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    name: String,
    url: Option<String>,
    current: bool,
}

impl<'v, 'a> View<'v, 'a> {
    fn b(&self) -> &'a Briefing {
        self.r.briefing
    }

    /// A link from this page to `page`.
    fn href(&self, page: Page) -> String {
        format!("{}{}", self.root, self.r.paths.url(self.b(), page))
    }

    fn page(&self, page: Page) -> (&'static str, Json) {
        match page {
            Page::Front => ("index.html", self.front()),
            Page::Article(i) => ("article.html", self.article(i)),
            Page::Actors => ("actors.html", self.actors()),
            Page::Actor(i, p) => ("actor.html", self.actor(i, p)),
            Page::Events => ("events.html", self.events()),
            Page::Event(i) => ("event.html", self.event(i)),
            Page::Timeline => ("timeline.html", self.timeline()),
            Page::Month(i) => ("month.html", self.month(i)),
            Page::Outlets => ("groups.html", self.groups("outlets")),
            Page::Outlet(i, p) => ("group.html", self.group("outlets", i, p)),
            Page::Tags => ("groups.html", self.groups("tags")),
            Page::Tag(i, p) => ("group.html", self.group("tags", i, p)),
            // A host serves 404.html for a missing address at any depth, so
            // the page carries its own style and loads nothing.
            Page::NotFound => (
                "404.html",
                serde_json::json!({ "title": "Page not found", "inline_style": self.r.templates.asset_text("style.css") }),
            ),
            Page::Search => ("search.html", serde_json::json!({ "title": "Search" })),
            Page::Feed => ("atom.xml", self.feed()),
            Page::Sitemap => ("sitemap.xml", self.sitemap()),
        }
    }

    fn actor_link(&self, i: usize) -> ActorLink<'a> {
        let actor = &self.b().actors[i].actor;
        ActorLink {
            name: &actor.name,
            url: self.href(Page::Actor(i, 1)),
            kind: actor.kind.as_str(),
            role: actor.role.as_deref(),
        }
    }

    fn card(&self, i: usize) -> ArticleCard<'a> {
        let linked = &self.b().articles[i];
        let a = &linked.article;
        ArticleCard {
            key: crate::visits::article_key(&a.slug),
            title: &a.title,
            url: self.href(Page::Article(i)),
            date: linked.when.date.to_string(),
            date_display: display_date(linked.when.date),
            source: a.source.as_deref(),
            outlet_url: linked.outlet.map(|o| self.href(Page::Outlet(o, 1))),
            summary: &a.summary,
            actors: linked.actors.iter().map(|&x| self.actor_link(x)).collect(),
            draft: a.draft,
        }
    }

    fn cards(&self, articles: &[usize]) -> Vec<ArticleCard<'a>> {
        articles.iter().map(|&i| self.card(i)).collect()
    }

    fn event_card(&self, i: usize) -> EventCard<'a> {
        let linked = &self.b().events[i];
        let e = &linked.event;
        EventCard {
            key: crate::visits::event_key(&e.slug),
            title: &e.title,
            url: self.href(Page::Event(i)),
            date: e.date.to_string(),
            date_display: display_date(e.date),
            end_date_display: e.end_date.filter(|&d| d != e.date).map(display_date),
            place: e.place.as_deref(),
            article_count: linked.articles.len(),
        }
    }

    /// Markdown with actor mentions linked relative to this page; `own`,
    /// the actor whose page this is, is not linked.
    fn markdown(&self, text: &str, own: Option<usize>) -> String {
        let href = |actor: usize| self.href(Page::Actor(actor, 1));
        let linking = Linking {
            linker: &self.b().linker,
            href: &href,
            own,
        };
        markdown::to_html(text, Some(&linking))
    }

    fn month_link(&self, i: usize) -> serde_json::Value {
        let m = &self.b().months[i];
        let articles: usize = m.days.iter().map(|d| d.articles.len()).sum();
        let events: usize = m.days.iter().map(|d| d.events.len()).sum();
        serde_json::json!({
            "name": month_title(m),
            "key": format!("{}-{:02}", m.year, m.month),
            "month_name": MONTHS[m.month as usize - 1],
            "year": m.year,
            "url": self.href(Page::Month(i)),
            "article_count": articles,
            "event_count": events,
        })
    }

    fn front(&self) -> Json {
        let b = self.b();
        let latest: Vec<usize> = (0..b.articles.len().min(FRONT_PAGE_ARTICLES)).collect();
        let mut by_mentions: Vec<usize> = (0..b.actors.len()).collect();
        by_mentions.sort_by(|&x, &y| {
            b.actors[y]
                .articles
                .len()
                .cmp(&b.actors[x].articles.len())
                .then(x.cmp(&y))
        });
        let key_actors: Vec<Json> = by_mentions
            .into_iter()
            .filter(|&i| !b.actors[i].articles.is_empty())
            .take(FRONT_PAGE_ACTORS)
            .map(|i| {
                let latest_quote = b.actors[i]
                    .quotes
                    .first()
                    .map(|q| self.quote_with_source(q.article, q.index));
                serde_json::json!({
                    "actor": self.actor_link(i),
                    "mentions": b.actors[i].articles.len(),
                    "latest_quote": latest_quote,
                })
            })
            .collect();
        let recent_events: Vec<EventCard> = (0..b.events.len())
            .rev()
            .take(FRONT_PAGE_EVENTS)
            .map(|i| self.event_card(i))
            .collect();
        let months: Vec<Json> = (0..b.months.len())
            .rev()
            .map(|i| self.month_link(i))
            .collect();
        let per_month: Vec<((i32, u32), usize)> = b
            .months
            .iter()
            .map(|m| {
                (
                    (m.year, m.month),
                    m.days.iter().map(|d| d.articles.len()).sum(),
                )
            })
            .filter(|&(_, n)| n > 0)
            .collect();
        serde_json::json!({
            "title": b.config.title,
            "mentions_chart": charts::mentions_per_month("Articles per month", &per_month),
            "latest": self.cards(&latest),
            "key_actors": key_actors,
            "recent_events": recent_events,
            "months": months,
            "counts": {
                "articles": b.articles.len(),
                "actors": b.actors.len(),
                "events": b.events.len(),
            },
        })
    }

    fn quote_with_source(&self, article: usize, index: usize) -> QuoteWithSource<'a> {
        let linked = &self.b().articles[article];
        let a = &linked.article;
        QuoteWithSource {
            text: &a.quotes[index].text,
            article: Link {
                name: a.title.clone(),
                url: self.href(Page::Article(article)),
            },
            date_display: display_date(linked.when.date),
            source: a.source.as_deref(),
        }
    }

    fn article(&self, i: usize) -> Json {
        let linked: &LinkedArticle = &self.b().articles[i];
        let a = &linked.article;
        let quotes: Vec<Json> = a
            .quotes
            .iter()
            .zip(&linked.quote_actors)
            .map(|(q, actor)| {
                let speaker = actor.map(|x| self.actor_link(x));
                serde_json::json!({
                    "text": q.text,
                    "speaker": speaker.as_ref().map_or(q.speaker.as_deref().unwrap_or(""), |s| s.name),
                    "actor": speaker,
                })
            })
            .collect();
        let notes: Vec<Json> = a
            .notes
            .iter()
            .map(|n| serde_json::json!({ "text": n.text, "author": n.author }))
            .collect();
        let tags: Vec<Link> = linked
            .tags
            .iter()
            .map(|&t| Link {
                name: self.b().tags[t].name.clone(),
                url: self.href(Page::Tag(t, 1)),
            })
            .collect();
        serde_json::json!({
            "title": a.title,
            "description": a.summary,
            "article": {
                "slug": a.slug,
                "title": a.title,
                "date": linked.when.date.to_string(),
                "date_display": display_date(linked.when.date),
                "datetime": linked.when.datetime.map(|d| d.to_rfc3339()),
                "source": a.source,
                "outlet_url": linked.outlet.map(|o| self.href(Page::Outlet(o, 1))),
                "original_url": a.url,
                "authors": a.authors,
                "summary": a.summary,
                "standfirst": a.summary_given.then_some(&a.summary),
                "actors": linked.actors.iter().map(|&x| self.actor_link(x)).collect::<Vec<_>>(),
                "events": linked.events.iter().map(|&e| self.event_card(e)).collect::<Vec<_>>(),
                "tags": tags,
                "quotes": quotes,
                "notes": notes,
                "draft": a.draft,
                "extra": toml_to_json(&toml::Value::Table(a.extra.clone())),
                "body": self.markdown(&a.body, None),
            },
            "older": linked.older.map(|o| self.card(o)),
            "newer": linked.newer.map(|n| self.card(n)),
        })
    }

    fn actors(&self) -> Json {
        let b = self.b();
        let groups: Vec<Json> = [ActorKind::Person, ActorKind::Organisation, ActorKind::Country]
            .into_iter()
            .map(|kind| {
                let actors: Vec<Json> = (0..b.actors.len())
                    .filter(|&i| b.actors[i].actor.kind == kind)
                    .map(|i| serde_json::json!({ "actor": self.actor_link(i), "mentions": b.actors[i].articles.len() }))
                    .collect();
                serde_json::json!({ "kind": kind.as_str(), "title": kind.plural_title(), "actors": actors })
            })
            .filter(|g| g["actors"].as_array().is_some_and(|a| !a.is_empty()))
            .collect();
        serde_json::json!({ "title": "Actors", "groups": groups })
    }

    fn pagination(
        &self,
        total_items: usize,
        current: usize,
        page_of: impl Fn(usize) -> Page,
    ) -> Pagination {
        let total = page_count(total_items, self.b().config.articles_per_page);
        Pagination {
            current,
            total,
            previous_url: (current > 1).then(|| self.href(page_of(current - 1))),
            next_url: (current < total).then(|| self.href(page_of(current + 1))),
            pages: page_window(current, total)
                .into_iter()
                .map(|p| match p {
                    Some(p) => PageLink {
                        name: p.to_string(),
                        url: (p != current).then(|| self.href(page_of(p))),
                        current: p == current,
                    },
                    None => PageLink {
                        name: "…".to_string(),
                        url: None,
                        current: false,
                    },
                })
                .collect(),
        }
    }

    fn page_slice<'s>(&self, items: &'s [usize], page: usize) -> &'s [usize] {
        let per = self.b().config.articles_per_page.max(1);
        let start = (page - 1) * per;
        &items[start.min(items.len())..(start + per).min(items.len())]
    }

    fn actor(&self, i: usize, page: usize) -> Json {
        let linked: &LinkedActor = &self.b().actors[i];
        let a = &linked.actor;
        let quotes: Vec<QuoteWithSource> = if page == 1 {
            linked
                .quotes
                .iter()
                .map(|q| self.quote_with_source(q.article, q.index))
                .collect()
        } else {
            Vec::new()
        };
        let co: Vec<Json> = linked
            .co_mentions
            .iter()
            .map(|&(o, count)| serde_json::json!({ "actor": self.actor_link(o), "count": count }))
            .collect();
        let (mentions_chart, network_chart) = if page == 1 {
            self.actor_charts(linked)
        } else {
            (String::new(), String::new())
        };
        let description = match &a.role {
            Some(role) => format!(
                "{}, {role}: what they said, and the articles and events that name them.",
                a.name
            ),
            None => format!(
                "{}: what they said, and the articles and events that name them.",
                a.name
            ),
        };
        serde_json::json!({
            "title": a.name,
            "description": description,
            "mentions_chart": mentions_chart,
            "network_chart": network_chart,
            "actor": {
                "slug": a.slug,
                "name": a.name,
                "kind": a.kind.as_str(),
                "role": a.role,
                "country": linked.country.map(|c| self.actor_link(c)),
                "aliases": a.aliases.iter().map(|al| al.name.as_str()).collect::<Vec<_>>(),
                "profile": if page == 1 { self.markdown(&a.body, Some(i)) } else { String::new() },
                "mentions": linked.articles.len(),
                "extra": toml_to_json(&toml::Value::Table(a.extra.clone())),
            },
            "quotes": quotes,
            "events": linked.events.iter().map(|&e| self.event_card(e)).collect::<Vec<_>>(),
            "co_mentions": co,
            "members": linked.members.iter().map(|&m| self.actor_link(m)).collect::<Vec<_>>(),
            "articles": self.cards(self.page_slice(&linked.articles, page)),
            "pagination": self.pagination(linked.articles.len(), page, |p| Page::Actor(i, p)),
        })
    }

    fn events(&self) -> Json {
        let events: Vec<EventCard> = (0..self.b().events.len())
            .map(|i| self.event_card(i))
            .collect();
        serde_json::json!({ "title": "Events", "events": events, "chart": self.events_chart() })
    }

    fn actor_charts(&self, linked: &LinkedActor) -> (String, String) {
        let mut per_month: Vec<((i32, u32), usize)> = Vec::new();
        for &a in linked.articles.iter().rev() {
            let date = self.b().articles[a].when.date;
            let month = (date.year(), date.month());
            match per_month.last_mut() {
                Some((m, n)) if *m == month => *n += 1,
                _ => per_month.push((month, 1)),
            }
        }
        per_month.sort_unstable();
        let name = &linked.actor.name;
        let mentions = charts::mentions_per_month(
            &format!("Articles mentioning {name}, per month"),
            &per_month,
        );
        let others: Vec<(&str, u32, String)> = linked
            .co_mentions
            .iter()
            .take(8)
            .map(|&(o, count)| {
                (
                    self.b().actors[o].actor.name.as_str(),
                    count,
                    self.href(Page::Actor(o, 1)),
                )
            })
            .collect();
        let network =
            charts::co_mention_network(&format!("Actors mentioned with {name}"), name, &others);
        (mentions, network)
    }

    fn events_chart(&self) -> String {
        let events: Vec<(NaiveDate, &str, String)> = self
            .b()
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| {
                (
                    e.event.date,
                    e.event.title.as_str(),
                    self.href(Page::Event(i)),
                )
            })
            .collect();
        charts::events_on_axis("Events on a time line", &events)
    }

    /// What each side said about an event: the quotes of the covering
    /// articles, by actor, and the actors grouped by side — the country an
    /// actor belongs to (a country is its own side), then those with none.
    /// Sides of the event's own actors come first.
    fn sides(&self, linked: &LinkedEvent) -> Vec<Json> {
        let b = self.b();
        let mut order: Vec<usize> = linked.actors.clone();
        let mut said: HashMap<usize, Vec<QuoteWithSource<'a>>> = HashMap::new();
        for &a in &linked.articles {
            for (index, actor) in b.articles[a].quote_actors.iter().enumerate() {
                if let Some(actor) = *actor {
                    if !order.contains(&actor) {
                        order.push(actor);
                    }
                    said.entry(actor)
                        .or_default()
                        .push(self.quote_with_source(a, index));
                }
            }
        }
        let side_of = |actor: usize| match b.actors[actor].actor.kind {
            ActorKind::Country => Some(actor),
            _ => b.actors[actor].country,
        };
        let mut sides: Vec<(Option<usize>, Vec<Json>)> = Vec::new();
        for actor in order {
            let Some(mut quotes) = said.remove(&actor) else {
                continue;
            };
            let more = quotes.split_off(quotes.len().min(QUOTES_SHOWN));
            let entry = serde_json::json!({
                "actor": self.actor_link(actor),
                "quotes": quotes,
                "more": more,
            });
            let side = side_of(actor);
            match sides.iter_mut().find(|(s, _)| *s == side) {
                Some((_, actors)) => actors.push(entry),
                None => sides.push((side, vec![entry])),
            }
        }
        // Actors of no country last, whatever their order.
        sides.sort_by_key(|(side, _)| side.is_none());
        sides
            .into_iter()
            .map(|(side, actors)| {
                serde_json::json!({
                    "side": side.map(|c| self.actor_link(c)),
                    "actors": actors,
                })
            })
            .collect()
    }

    fn event(&self, i: usize) -> Json {
        let linked: &LinkedEvent = &self.b().events[i];
        let e = &linked.event;
        let mut outlets: Vec<usize> = linked
            .articles
            .iter()
            .filter_map(|&a| self.b().articles[a].outlet)
            .collect();
        outlets.sort_unstable();
        outlets.dedup();
        let place = e
            .place
            .as_deref()
            .map(|p| format!(", {p}"))
            .unwrap_or_default();
        serde_json::json!({
            "title": e.title,
            "description": format!("{}, {}{place}: its coverage and what each side said.", e.title, display_date(e.date)),
            "event": {
                "slug": e.slug,
                "title": e.title,
                "date": e.date.to_string(),
                "date_display": display_date(e.date),
                "end_date_display": e.end_date.filter(|&d| d != e.date).map(display_date),
                "place": e.place,
                "keywords": e.keywords,
                "description": self.markdown(&e.body, None),
                "extra": toml_to_json(&toml::Value::Table(e.extra.clone())),
            },
            "actors": linked.actors.iter().map(|&x| self.actor_link(x)).collect::<Vec<_>>(),
            "articles": self.cards(&linked.articles),
            "sides": self.sides(linked),
            "outlets": outlets.iter().map(|&o| Link { name: self.b().outlets[o].name.clone(), url: self.href(Page::Outlet(o, 1)) }).collect::<Vec<_>>(),
        })
    }

    fn timeline(&self) -> Json {
        let b = self.b();
        let mut years: Vec<Json> = Vec::new();
        let mut current: Option<(i32, Vec<Json>)> = None;
        for i in (0..b.months.len()).rev() {
            let year = b.months[i].year;
            match &mut current {
                Some((y, months)) if *y == year => months.push(self.month_link(i)),
                _ => {
                    if let Some((y, months)) = current.take() {
                        years.push(serde_json::json!({ "year": y, "months": months }));
                    }
                    current = Some((year, vec![self.month_link(i)]));
                }
            }
        }
        if let Some((y, months)) = current {
            years.push(serde_json::json!({ "year": y, "months": months }));
        }
        serde_json::json!({ "title": "Timeline", "years": years, "chart": self.events_chart() })
    }

    fn month(&self, i: usize) -> Json {
        let m: &Month = &self.b().months[i];
        let days: Vec<Json> = m
            .days
            .iter()
            .map(|d| {
                serde_json::json!({
                    "date": d.date.to_string(),
                    "date_display": display_date(d.date),
                    "weekday": calendar::weekday_name(d.date),
                    "articles": self.cards(&d.articles),
                    "events": d.events.iter().map(|&e| self.event_card(e)).collect::<Vec<_>>(),
                })
            })
            .collect();
        let previous = i.checked_sub(1).map(|p| self.month_link(p));
        let next = (i + 1 < self.b().months.len()).then(|| self.month_link(i + 1));
        serde_json::json!({
            "title": month_title(m),
            "days": days,
            "previous": previous,
            "next": next,
        })
    }

    fn group_list(&self, kind: &str) -> &'a [Group] {
        match kind {
            "outlets" => &self.b().outlets,
            _ => &self.b().tags,
        }
    }

    fn group_page(kind: &str, i: usize, page: usize) -> Page {
        match kind {
            "outlets" => Page::Outlet(i, page),
            _ => Page::Tag(i, page),
        }
    }

    fn groups(&self, kind: &str) -> Json {
        let groups: Vec<Json> = self
            .group_list(kind)
            .iter()
            .enumerate()
            .map(|(i, g)| serde_json::json!({ "name": g.name, "url": self.href(Self::group_page(kind, i, 1)), "count": g.articles.len() }))
            .collect();
        let title = if kind == "outlets" { "Outlets" } else { "Tags" };
        serde_json::json!({ "title": title, "kind": kind, "groups": groups })
    }

    fn group(&self, kind: &str, i: usize, page: usize) -> Json {
        let group = &self.group_list(kind)[i];
        serde_json::json!({
            "title": group.name,
            "kind": kind,
            "group": { "name": group.name, "slug": group.slug, "count": group.articles.len() },
            "index_url": self.href(if kind == "outlets" { Page::Outlets } else { Page::Tags }),
            "articles": self.cards(self.page_slice(&group.articles, page)),
            "pagination": self.pagination(group.articles.len(), page, |p| Self::group_page(kind, i, p)),
        })
    }

    fn permalink(&self, page: Page) -> String {
        let base = self.b().config.base_url.as_deref().unwrap_or("");
        format!("{base}/{}", self.r.paths.url(self.b(), page))
    }

    fn feed(&self) -> Json {
        let b = self.b();
        let entries: Vec<Json> = (0..b.articles.len().min(FEED_ENTRIES))
            .map(|i| {
                let a = &b.articles[i].article;
                serde_json::json!({
                    "title": a.title,
                    "permalink": self.permalink(Page::Article(i)),
                    "updated": rfc3339(&b.articles[i].when),
                    "summary": a.summary,
                    "source": a.source,
                    "authors": a.authors,
                })
            })
            .collect();
        let updated = b
            .articles
            .first()
            .map(|a| rfc3339(&a.when))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        serde_json::json!({
            "entries": entries,
            "updated": updated,
            "feed_url": format!("{}/atom.xml", b.config.base_url.as_deref().unwrap_or("")),
            "site_url": self.permalink(Page::Front),
        })
    }

    fn sitemap(&self) -> Json {
        let b = self.b();
        let urls: Vec<Json> = pages(b)
            .into_iter()
            .filter(|p| !matches!(p, Page::NotFound | Page::Feed | Page::Sitemap))
            .map(|p| {
                let lastmod = match p {
                    Page::Article(i) => Some(b.articles[i].when.date.to_string()),
                    _ => None,
                };
                serde_json::json!({ "loc": self.permalink(p), "lastmod": lastmod })
            })
            .collect();
        serde_json::json!({ "urls": urls })
    }
}

fn rfc3339(when: &crate::model::When) -> String {
    match when.datetime {
        Some(dt) => dt.to_rfc3339(),
        None => format!("{}T00:00:00Z", when.date),
    }
}

/// Page numbers to link from page `current` of `total`: the first, the last
/// and two either side of the current one, `None` for each gap between. A
/// list of every page would make each page as long as the number of pages.
fn page_window(current: usize, total: usize) -> Vec<Option<usize>> {
    let near = current.saturating_sub(2).max(1)..=(current + 2).min(total);
    let mut shown: Vec<usize> = std::iter::once(1)
        .chain(near)
        .chain(std::iter::once(total))
        .filter(|&p| p >= 1 && p <= total)
        .collect();
    shown.dedup();
    let mut window = Vec::with_capacity(shown.len() + 2);
    for (i, &p) in shown.iter().enumerate() {
        match i.checked_sub(1).map(|j| shown[j]) {
            // One page left out is shown rather than a gap as wide as it.
            Some(before) if p == before + 2 => window.push(Some(before + 1)),
            Some(before) if p > before + 2 => window.push(None),
            _ => {}
        }
        window.push(Some(p));
    }
    window
}

/// `1 article`, `2 articles`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `18 February 2025`.
pub fn display_date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        calendar::month_name(date),
        date.year()
    )
}

fn month_title(m: &Month) -> String {
    format!("{} {}", MONTHS[m.month as usize - 1], m.year)
}

/// Front matter values as template values; dates become their TOML text.
pub fn toml_to_json(value: &toml::Value) -> Json {
    match value {
        toml::Value::String(s) => Json::String(s.clone()),
        toml::Value::Integer(n) => Json::from(*n),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        toml::Value::Boolean(b) => Json::Bool(*b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(items) => Json::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Json::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_links_the_ends_and_the_pages_near_the_current_one() {
        assert_eq!(page_window(1, 1), [Some(1)]);
        assert_eq!(page_window(2, 3), [Some(1), Some(2), Some(3)]);
        assert_eq!(
            page_window(1, 500),
            [Some(1), Some(2), Some(3), None, Some(500)]
        );
        assert_eq!(
            page_window(250, 500),
            [
                Some(1),
                None,
                Some(248),
                Some(249),
                Some(250),
                Some(251),
                Some(252),
                None,
                Some(500)
            ]
        );
        // A gap of one page shows the page instead.
        assert_eq!(
            page_window(5, 7),
            [
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                Some(7)
            ]
        );
        assert_eq!(page_window(500, 500).len(), 5);
    }

    #[test]
    fn root_leads_back_to_the_top() {
        assert_eq!(root_of("index.html"), "./");
        assert_eq!(root_of("actors/index.html"), "../");
        assert_eq!(root_of("actors/x/page/2/index.html"), "../../../../");
    }

    #[test]
    fn dates_read_like_a_newspaper() {
        assert_eq!(
            display_date(NaiveDate::from_ymd_opt(2025, 2, 18).unwrap()),
            "18 February 2025"
        );
    }
}
