//! The pages a briefing has and where each one goes: [`Page`] names a page
//! by stable ids (never by position), [`Paths`] turns it into an output file
//! and an address, and [`UrlFor`] gives templates the same addresses as
//! the `url_for` function, so no template spells a route.

use std::collections::HashMap;

use crate::link::{ActorId, ArticleId, Briefing, EventId, GroupId};

/// One page to render: where it goes, and what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Page {
    Front,
    Article(ArticleId),
    /// Which page of the actors' index, by kind (1-based).
    Actors(usize),
    /// An actor, and which page of its articles (1-based).
    Actor(ActorId, usize),
    /// Everything an actor said, latest first, and which page of it.
    ActorQuotes(ActorId, usize),
    /// Which page of the events' index, newest first (1-based).
    Events(usize),
    Event(EventId),
    Timeline,
    /// A month, as year and month number, and which page of its days.
    Month(i32, u32, usize),
    Outlets,
    Outlet(GroupId, usize),
    Tags,
    Tag(GroupId, usize),
    NotFound,
    /// The search page, whose address (`?q=`) holds the query.
    Search,
    Feed,
    /// The feed of one actor's, event's or tag's articles.
    ActorFeed(ActorId),
    EventFeed(EventId),
    TagFeed(GroupId),
    /// Every page's address; when they are more than a sitemap may hold
    /// ([`SITEMAP_URLS`]), the index of the sitemap's parts.
    Sitemap,
    /// Part `n` (from 1) of a sitemap split in parts.
    SitemapPart(usize),
    /// What crawlers may read, and where the sitemap is.
    Robots,
}

/// Every page of the briefing, in a stable order.
pub fn pages(briefing: &Briefing) -> Vec<Page> {
    let per_page = briefing.config.articles_per_page;
    let mut pages = vec![Page::Front];
    let actor_pages = page_count(briefing.actors.len(), ACTORS_PER_PAGE);
    pages.extend((1..=actor_pages).map(Page::Actors));
    pages.push(Page::Timeline);
    let event_pages = page_count(briefing.events.len(), EVENTS_PER_PAGE);
    pages.extend((1..=event_pages).map(Page::Events));
    pages.extend(briefing.articles.iter().map(|a| Page::Article(a.id())));
    for actor in &briefing.actors {
        let count = page_count(actor.articles.len(), per_page);
        pages.extend((1..=count).map(|p| Page::Actor(actor.id(), p)));
        if actor.statements.len() > QUOTES_ON_ACTOR_PAGE {
            let count = page_count(actor.statements.len(), QUOTES_PER_PAGE);
            pages.extend((1..=count).map(|p| Page::ActorQuotes(actor.id(), p)));
        }
    }
    pages.extend(briefing.events.iter().map(|e| Page::Event(e.id())));
    for month in &briefing.months {
        let count = page_count(month.item_count(), per_page);
        pages.extend((1..=count).map(|p| Page::Month(month.year, month.month, p)));
    }
    pages.push(Page::Outlets);
    for group in &briefing.outlets {
        let count = page_count(group.articles.len(), per_page);
        pages.extend((1..=count).map(|p| Page::Outlet(group.id(), p)));
    }
    pages.push(Page::Tags);
    for group in &briefing.tags {
        let count = page_count(group.articles.len(), per_page);
        pages.extend((1..=count).map(|p| Page::Tag(group.id(), p)));
    }
    pages.push(Page::NotFound);
    pages.push(Page::Search);
    if briefing.config.base_url.is_some() {
        pages.push(Page::Feed);
        pages.extend(briefing.actors.iter().map(|a| Page::ActorFeed(a.id())));
        pages.extend(briefing.events.iter().map(|e| Page::EventFeed(e.id())));
        pages.extend(briefing.tags.iter().map(|t| Page::TagFeed(t.id())));
        pages.push(Page::Sitemap);
        let parts = sitemap_parts(
            pages.iter().filter(|p| p.in_sitemap()).count(),
            SITEMAP_URLS,
        );
        pages.extend((1..=parts).map(Page::SitemapPart));
    }
    pages.push(Page::Robots);
    pages
}

/// The most addresses one sitemap file may hold (the sitemaps protocol's
/// limit); a site with more has a sitemap index and parts of this many.
pub const SITEMAP_URLS: usize = 50_000;

/// How many parts a sitemap of `urls` addresses takes, at most `limit` to
/// a part: none when one file holds them all.
pub fn sitemap_parts(urls: usize, limit: usize) -> usize {
    if urls > limit {
        urls.div_ceil(limit.max(1))
    } else {
        0
    }
}

/// Actors on a page of the actors' index: a line is a name, a role and a
/// count, well under 300 bytes, so a page stays under 150 KB however many
/// actors the briefing holds.
pub const ACTORS_PER_PAGE: usize = 500;

/// Events on a page of the events' index: a card is a few hundred bytes, so
/// a page stays near 100 KB however many events the briefing holds.
pub const EVENTS_PER_PAGE: usize = 200;

/// The latest quotes an actor's page shows; when it has more, a page of
/// them all links from there.
pub const QUOTES_ON_ACTOR_PAGE: usize = 5;

/// Quotes on a page of an actor's quotes: a quote with its sources is a few
/// lines, so a page reads to its end.
pub const QUOTES_PER_PAGE: usize = 30;

/// How many pages a list of `items` takes, `per_page` to a page; at least one.
pub fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}

/// Where pages go and how they link to each other.
#[derive(Debug, Clone, Copy)]
pub struct Paths {
    pretty: bool,
}

impl Page {
    /// What kind of page it is, for timings: its variant's name.
    pub fn kind(&self) -> &'static str {
        match self {
            Page::Front => "front",
            Page::Article(_) => "article",
            Page::Actors(_) => "actors",
            Page::Actor(..) => "actor",
            Page::ActorQuotes(..) => "actor quotes",
            Page::Events(_) => "events",
            Page::Event(_) => "event",
            Page::Timeline => "timeline",
            Page::Month(..) => "month",
            Page::Outlets => "outlets",
            Page::Outlet(..) => "outlet",
            Page::Tags => "tags",
            Page::Tag(..) => "tag",
            Page::NotFound => "not found",
            Page::Search => "search",
            Page::Feed => "feed",
            Page::ActorFeed(_) => "actor feed",
            Page::EventFeed(_) => "event feed",
            Page::TagFeed(_) => "tag feed",
            Page::Sitemap => "sitemap",
            Page::SitemapPart(_) => "sitemap part",
            Page::Robots => "robots",
        }
    }

    /// Whether the sitemap lists the page: every page a reader opens, not
    /// feeds, the sitemap itself, robots.txt, the search page or 404.html.
    pub fn in_sitemap(&self) -> bool {
        !matches!(
            self,
            Page::NotFound | Page::Search | Page::Sitemap | Page::SitemapPart(_) | Page::Robots
        ) && !self.is_feed()
    }

    /// Whether the page is an Atom feed.
    pub fn is_feed(&self) -> bool {
        matches!(
            self,
            Page::Feed | Page::ActorFeed(_) | Page::EventFeed(_) | Page::TagFeed(_)
        )
    }

    /// The feed that follows this page, if it has one.
    pub fn feed(&self) -> Option<Page> {
        match self {
            Page::Actor(id, _) => Some(Page::ActorFeed(id.clone())),
            Page::Event(id) => Some(Page::EventFeed(id.clone())),
            Page::Tag(id, _) => Some(Page::TagFeed(id.clone())),
            _ => None,
        }
    }
}

impl Paths {
    pub fn new(pretty: bool) -> Self {
        Paths { pretty }
    }

    /// Whether links end in `/` rather than `/index.html`.
    pub fn pretty(&self) -> bool {
        self.pretty
    }

    /// The output file of `page`, relative to the output folder.
    pub fn file(&self, page: &Page) -> String {
        match page {
            Page::Front => "index.html".into(),
            Page::Article(id) => article_file(id.slug()),
            Page::Actors(p) => paged("actors/", *p),
            Page::Actor(id, p) => paged(&format!("actors/{}/", id.slug()), *p),
            Page::ActorQuotes(id, p) => paged(&format!("actors/{}/quotes/", id.slug()), *p),
            Page::Events(p) => paged("events/", *p),
            Page::Event(id) => format!("events/{}/index.html", id.slug()),
            Page::Timeline => "timeline/index.html".into(),
            Page::Month(year, month, p) => paged(&format!("timeline/{year:04}-{month:02}/"), *p),
            Page::Outlets => "outlets/index.html".into(),
            Page::Outlet(id, p) => paged(&format!("outlets/{}/", id.slug()), *p),
            Page::Tags => "tags/index.html".into(),
            Page::Tag(id, p) => paged(&format!("tags/{}/", id.slug()), *p),
            Page::NotFound => "404.html".into(),
            Page::Search => "search/index.html".into(),
            Page::Feed => "atom.xml".into(),
            Page::ActorFeed(id) => format!("actors/{}/atom.xml", id.slug()),
            Page::EventFeed(id) => format!("events/{}/atom.xml", id.slug()),
            Page::TagFeed(id) => format!("tags/{}/atom.xml", id.slug()),
            Page::Sitemap => "sitemap.xml".into(),
            Page::SitemapPart(n) => format!("sitemap-{n}.xml"),
            Page::Robots => "robots.txt".into(),
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
    pub fn url(&self, page: &Page) -> String {
        self.prettify(self.file(page))
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

/// `url_for(page="actors")`, or with `slug="…"` for one article, actor,
/// actor's quotes (`actor_quotes`), event, outlet or tag: the page's address relative to the site's top, so
/// a template writes `{{ root }}{{ url_for(page="timeline") }}`.
pub struct UrlFor {
    paths: Paths,
}

impl UrlFor {
    pub fn new(paths: Paths) -> Self {
        UrlFor { paths }
    }

    fn page(kind: &str, slug: Option<&str>) -> Result<Page, String> {
        let needs_slug = |slug: Option<&str>| {
            slug.map(str::to_string)
                .ok_or_else(|| format!("url_for: page=\"{kind}\" needs slug=\"…\""))
        };
        Ok(match kind {
            "front" => Page::Front,
            "actors" => Page::Actors(1),
            "events" => Page::Events(1),
            "timeline" => Page::Timeline,
            "outlets" => Page::Outlets,
            "tags" => Page::Tags,
            "feed" => Page::Feed,
            "search" => Page::Search,
            "article" => Page::Article(ArticleId::new(needs_slug(slug)?)),
            "actor" => Page::Actor(ActorId::new(needs_slug(slug)?), 1),
            "actor_quotes" => Page::ActorQuotes(ActorId::new(needs_slug(slug)?), 1),
            "event" => Page::Event(EventId::new(needs_slug(slug)?)),
            "outlet" => Page::Outlet(GroupId::new(needs_slug(slug)?), 1),
            "tag" => Page::Tag(GroupId::new(needs_slug(slug)?), 1),
            other => {
                return Err(format!(
                    "url_for: unknown page \"{other}\"; use front, actors, events, timeline, outlets, tags, search, feed, or article, actor, actor_quotes, event, outlet or tag with slug=\"…\""
                ))
            }
        })
    }
}

impl tera::Function for UrlFor {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let kind = args
            .get("page")
            .and_then(tera::Value::as_str)
            .ok_or_else(|| tera::Error::msg("url_for: give the page, as page=\"actors\""))?;
        let slug = args.get("slug").and_then(tera::Value::as_str);
        let page = Self::page(kind, slug).map_err(tera::Error::msg)?;
        Ok(tera::Value::String(self.paths.url(&page)))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::Function;

    #[test]
    fn root_leads_back_to_the_top() {
        assert_eq!(root_of("index.html"), "./");
        assert_eq!(root_of("actors/index.html"), "../");
        assert_eq!(root_of("actors/x/page/2/index.html"), "../../../../");
    }

    #[test]
    fn pages_go_where_their_ids_say() {
        let paths = Paths::new(false);
        let putin = ActorId::new("vladimir-putin");
        assert_eq!(
            paths.file(&Page::Actor(putin.clone(), 1)),
            "actors/vladimir-putin/index.html"
        );
        assert_eq!(
            paths.file(&Page::Actor(putin.clone(), 3)),
            "actors/vladimir-putin/page/3/index.html"
        );
        assert_eq!(
            paths.file(&Page::Month(2025, 2, 1)),
            "timeline/2025-02/index.html"
        );
        assert_eq!(
            paths.file(&Page::Month(2025, 2, 4)),
            "timeline/2025-02/page/4/index.html"
        );
        assert_eq!(
            paths.file(&Page::ActorQuotes(putin.clone(), 1)),
            "actors/vladimir-putin/quotes/index.html"
        );
        assert_eq!(
            paths.file(&Page::ActorQuotes(putin.clone(), 2)),
            "actors/vladimir-putin/quotes/page/2/index.html"
        );
        assert_eq!(paths.file(&Page::Actors(1)), "actors/index.html");
        assert_eq!(paths.file(&Page::Actors(3)), "actors/page/3/index.html");
        assert_eq!(paths.file(&Page::Events(1)), "events/index.html");
        assert_eq!(paths.file(&Page::Events(2)), "events/page/2/index.html");
        assert_eq!(
            Paths::new(true).url(&Page::Actor(putin, 1)),
            "actors/vladimir-putin/"
        );
        assert_eq!(Paths::new(true).url(&Page::Front), "");
    }

    fn url_for(pretty: bool, args: &[(&str, &str)]) -> tera::Result<tera::Value> {
        let args = args
            .iter()
            .map(|(k, v)| (k.to_string(), tera::Value::String(v.to_string())))
            .collect();
        UrlFor::new(Paths::new(pretty)).call(&args)
    }

    #[test]
    fn url_for_gives_templates_the_same_addresses() {
        assert_eq!(
            url_for(false, &[("page", "timeline")]).unwrap(),
            "timeline/index.html"
        );
        assert_eq!(url_for(true, &[("page", "timeline")]).unwrap(), "timeline/");
        assert_eq!(url_for(false, &[("page", "front")]).unwrap(), "index.html");
        assert_eq!(
            url_for(false, &[("page", "actor"), ("slug", "joe-biden")]).unwrap(),
            "actors/joe-biden/index.html"
        );
        assert_eq!(
            url_for(true, &[("page", "actor_quotes"), ("slug", "joe-biden")]).unwrap(),
            "actors/joe-biden/quotes/"
        );
        let missing = url_for(false, &[("page", "actor")]).unwrap_err();
        assert_eq!(
            missing.to_string(),
            "url_for: page=\"actor\" needs slug=\"…\""
        );
        let unknown = url_for(false, &[("page", "people")]).unwrap_err();
        assert!(unknown
            .to_string()
            .starts_with("url_for: unknown page \"people\""));
    }
}
