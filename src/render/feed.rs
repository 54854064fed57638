//! The Atom feeds (the site's latest articles, and one per actor, event and
//! tag), the sitemap of every page and `robots.txt`: the outputs that need
//! the site's absolute address (`base_url`). An entry's id is a `tag:` URI
//! from the site's host and the article's slug and date, so it stays the same
//! when `pretty_urls` or the page's address changes.
//!
//! The site's feed carries whole articles; the feed of an actor, an event or
//! a tag carries each article's summary and link only: it tells its reader
//! that something new came, and the whole text is one click away (and in the
//! site's feed). An article is in about four topic feeds, so at 10,000
//! articles whole bodies there were 125 MB of the 432 MB a build wrote.

use chrono::NaiveDate;
use serde::Serialize;

use super::ahead::Ahead;
use super::deps::At;
use super::format::rfc3339;
use super::routes::{pages, sitemap_parts, Page, QUOTES_PER_PAGE};
use super::view::{page_slice, View};
use crate::link::Briefing;

/// How many entries the site's feed carries.
const SITE_FEED_ENTRIES: usize = 50;

/// How many entries the feed of an actor, an event or a tag carries: each
/// entry is an article's summary and link, and a reader who follows one of
/// them sees the older articles on its page.
const TOPIC_FEED_ENTRIES: usize = 20;

#[derive(Serialize)]
pub(crate) struct FeedPage<'a> {
    /// The feed's own title: the site's, or what the feed is about.
    feed_title: String,
    entries: Vec<Entry<'a>>,
    updated: String,
    feed_id: String,
    feed_url: String,
    /// The page the feed follows.
    alternate_url: String,
}

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    id: String,
    permalink: String,
    published: String,
    updated: String,
    /// The summary the article's page and cards show, as plain text.
    summary: &'a str,
    /// The whole article as HTML, which the template escapes: in the site's
    /// feed only.
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<String>,
    source: Option<&'a str>,
    authors: &'a [String],
}

/// The absolute address of `page`.
fn permalink(view: &View<'_>, page: &Page) -> String {
    let base = view.briefing.config.base_url.as_deref().unwrap_or("");
    format!("{base}/{}", view.paths.url(page))
}

/// `tag:example.org,2022-12-02:briefing/articles/SLUG` for the article with
/// `slug` dated `date` on the site at `base_url` (RFC 4151): the host and
/// the site's folder on it, never the page's address.
pub fn entry_id(base_url: &str, date: NaiveDate, slug: &str) -> String {
    let without_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let (authority, folder) = without_scheme
        .split_once('/')
        .unwrap_or((without_scheme, ""));
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host).to_lowercase();
    let folder = folder.trim_matches('/');
    let path = if folder.is_empty() {
        format!("articles/{slug}")
    } else {
        format!("{folder}/articles/{slug}")
    };
    format!("tag:{host},{date}:{path}")
}

/// The articles a feed of `articles` carries: the newest `limit`
/// (positions in the briefing's list, which runs newest first), newest
/// first.
fn entries_of(articles: &[usize], limit: usize) -> Vec<usize> {
    let mut newest = articles.to_vec();
    newest.sort_unstable();
    newest.dedup();
    newest.truncate(limit);
    newest
}

/// What a feed's entries carry besides their summary.
#[derive(Clone, Copy, PartialEq)]
enum Carries {
    /// The whole article (the site's feed).
    Content,
    /// Nothing more: the entry's link leads to the article (a topic's feed).
    SummaryOnly,
}

/// A feed of the newest of `articles` (positions in the briefing's list,
/// which runs newest first), at `feed_file`, following `alternate`.
fn feed_of<'a>(
    view: &View<'a>,
    carries: Carries,
    feed_title: String,
    (articles, limit): (&[usize], usize),
    feed_file: &str,
    alternate: &Page,
) -> FeedPage<'a> {
    let b = view.briefing;
    let base = b.config.base_url.as_deref().unwrap_or("");
    let newest = entries_of(articles, limit);
    read_ahead(b, &newest);
    let entries = newest
        .iter()
        .map(|&i| {
            view.reads_article(i);
            let linked = &b.articles[i];
            let a = &linked.article;
            let time = rfc3339(&linked.when);
            Entry {
                title: &a.title,
                id: entry_id(base, linked.when.date, &a.slug),
                permalink: permalink(view, &view.article_page(i)),
                published: time.clone(),
                updated: time,
                summary: &a.summary,
                content: (carries == Carries::Content).then(|| view.article_body(i)),
                source: a.source.as_deref(),
                authors: &a.authors,
            }
        })
        .collect();
    let updated = newest
        .first()
        .map(|&i| rfc3339(&b.articles[i].when))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let feed_url = format!("{base}/{feed_file}");
    FeedPage {
        feed_title,
        entries,
        updated,
        feed_id: feed_url.clone(),
        feed_url,
        alternate_url: permalink(view, alternate),
    }
}

/// Reads ahead (see [`Ahead`]) what the entries of `articles` read.
fn read_ahead(b: &Briefing, articles: &[usize]) {
    let mut ahead = Ahead::new();
    for linked in articles.iter().filter_map(|&i| b.articles.get(i)) {
        let a = &linked.article;
        for text in [&a.title, &a.slug, &a.summary] {
            ahead.start_of(text);
        }
        ahead.start_of(a.source.as_deref().unwrap_or_default());
        a.authors.iter().for_each(|name| ahead.start_of(name));
    }
}

/// The site's feed: its latest articles.
pub(crate) fn feed<'a>(view: &View<'a>) -> FeedPage<'a> {
    let b = view.briefing;
    view.reads_counts();
    let all: Vec<usize> = (0..b.articles.len()).collect();
    feed_of(
        view,
        Carries::Content,
        b.config.title.clone(),
        (&all, SITE_FEED_ENTRIES),
        "atom.xml",
        &Page::Front,
    )
}

/// The feed of actor `i`'s articles.
pub(crate) fn actor_feed<'a>(view: &View<'a>, i: usize) -> FeedPage<'a> {
    let b = view.briefing;
    view.reads_actor(i);
    view.reads_lists(At::Actor(i));
    let actor = &b.actors[i];
    let page = Page::Actor(actor.id(), 1);
    feed_of(
        view,
        Carries::SummaryOnly,
        format!("{} · {}", actor.actor.name, b.config.title),
        (&actor.articles, TOPIC_FEED_ENTRIES),
        &view.paths.file(&Page::ActorFeed(actor.id())),
        &page,
    )
}

/// The feed of event `i`'s articles.
pub(crate) fn event_feed<'a>(view: &View<'a>, i: usize) -> FeedPage<'a> {
    let b = view.briefing;
    view.reads_event(i);
    view.reads_lists(At::Event(i));
    let event = &b.events[i];
    feed_of(
        view,
        Carries::SummaryOnly,
        format!("{} · {}", event.event.title, b.config.title),
        (&event.articles, TOPIC_FEED_ENTRIES),
        &view.paths.file(&Page::EventFeed(event.id())),
        &Page::Event(event.id()),
    )
}

/// The feed of tag `i`'s articles.
pub(crate) fn tag_feed<'a>(view: &View<'a>, i: usize) -> FeedPage<'a> {
    let b = view.briefing;
    view.reads_lists(At::Tag(i));
    let tag = &b.tags[i];
    feed_of(
        view,
        Carries::SummaryOnly,
        format!("{} · {}", tag.name, b.config.title),
        (&tag.articles, TOPIC_FEED_ENTRIES),
        &view.paths.file(&Page::TagFeed(tag.id())),
        &Page::Tag(tag.id(), 1),
    )
}

#[derive(Serialize)]
pub(crate) struct SitemapPage {
    urls: Vec<Url>,
}

#[derive(Serialize)]
struct Url {
    loc: String,
    lastmod: String,
}

/// The newest date of the articles at `positions`.
///
/// The briefing's articles run newest first, so the newest of `positions`
/// is the first in the briefing: one article read, not one per position,
/// each from anywhere in the briefing (at 100,000 articles the sitemap's
/// list pages read a million).
fn newest_article(b: &Briefing, positions: &[usize]) -> Option<NaiveDate> {
    positions.iter().min().map(|&i| b.articles[i].when.date)
}

/// The newest date of what `page` shows: an article's own date, the newest
/// article of a list page, an event's last day or newest article, a month's
/// newest day on that page, the newest report of an actor's quotes on that
/// page, and for the indexes the newest date in the briefing, found once
/// (the events' index alone has a page for every 200 events).
struct Lastmod<'b> {
    briefing: &'b Briefing,
    newest_anything: std::cell::OnceCell<Option<NaiveDate>>,
}

impl<'b> Lastmod<'b> {
    fn new(briefing: &'b Briefing) -> Self {
        Lastmod {
            briefing,
            newest_anything: std::cell::OnceCell::new(),
        }
    }

    fn newest_anything(&self) -> Option<NaiveDate> {
        let b = self.briefing;
        *self.newest_anything.get_or_init(|| {
            let events = b
                .events
                .iter()
                .map(|e| e.event.end_date.unwrap_or(e.event.date));
            let articles = b.articles.iter().map(|a| a.when.date);
            let state = b.state_of_play.iter().map(|s| s.updated.date);
            events.chain(articles).chain(state).max()
        })
    }

    fn of(&self, page: &Page) -> Option<NaiveDate> {
        let b = self.briefing;
        let at = &b.positions;
        let per_page = b.config.articles_per_page;
        match page {
            Page::Article(id) => at.article(id).map(|i| b.articles[i].when.date),
            Page::Actor(id, p) => {
                let i = at.actor(id)?;
                newest_article(b, page_slice(&b.actors[i].articles, *p, per_page))
            }
            Page::ActorQuotes(id, p) => {
                let i = at.actor(id)?;
                let shown = page_slice(&b.actors[i].statements, *p, QUOTES_PER_PAGE);
                let sources: Vec<usize> = shown
                    .iter()
                    .flat_map(|&s| b.statements[s].sources.iter().map(|q| q.article))
                    .collect();
                newest_article(b, &sources)
            }
            Page::Event(id) => {
                let e = &b.events[at.event(id)?];
                let last_day = e.event.end_date.unwrap_or(e.event.date);
                newest_article(b, &e.articles).max(Some(last_day))
            }
            Page::Month(year, month, p) => {
                let m = b
                    .months
                    .iter()
                    .find(|m| m.year == *year && m.month == *month)?;
                // The days the page's slice of the month's items meets, in the
                // order its pages show them (each day's events, then articles).
                let from = p.saturating_sub(1) * per_page.max(1);
                let to = from + per_page.max(1);
                let mut first_of_day = 0;
                let mut newest = None;
                for d in &m.days {
                    let items = d.events.len() + d.articles.len();
                    if first_of_day < to && first_of_day + items > from {
                        newest = newest.max(Some(d.date));
                    }
                    first_of_day += items;
                }
                newest
            }
            Page::Outlet(id, p) => {
                let g = &b.outlets[at.outlet(id)?];
                newest_article(b, page_slice(&g.articles, *p, per_page))
            }
            Page::Tag(id, p) => {
                let g = &b.tags[at.tag(id)?];
                newest_article(b, page_slice(&g.articles, *p, per_page))
            }
            _ => self.newest_anything(),
        }
    }
}

/// The pages the sitemap lists, in the build's order, each with the newest
/// date it shows (see [`Lastmod`]), with what they read.
fn sitemap_pages<'v>(view: &'v View<'_>) -> &'v [(Page, Option<NaiveDate>)] {
    let b = view.briefing;
    // The pages, which the lists' lengths page; of an article, its date.
    view.reads_counts();
    view.reads_dates();
    view.reads_state_of_play();
    (0..b.events.len()).for_each(|i| view.reads_event(i));
    let lists = (0..b.actors.len())
        .map(At::Actor)
        .chain((0..b.events.len()).map(At::Event))
        .chain((0..b.outlets.len()).map(At::Outlet))
        .chain((0..b.tags.len()).map(At::Tag))
        .chain((0..b.months.len()).map(At::Month));
    lists.for_each(|at| view.reads_lists(at));
    view.sitemap_pages(|| {
        let lastmod = Lastmod::new(b);
        let listed = pages(b).into_iter().filter(Page::in_sitemap);
        // `pages` lists the articles in the briefing's order: an article's
        // date is read from its place, not from its slug looked up.
        let mut articles = b.articles.iter();
        listed
            .map(|page| {
                let date = match page {
                    Page::Article(_) => articles.next().map(|a| a.when.date),
                    _ => lastmod.of(&page),
                };
                (page, date)
            })
            .collect()
    })
}

fn sitemap_url(view: &View<'_>, (page, lastmod): &(Page, Option<NaiveDate>)) -> Url {
    Url {
        loc: permalink(view, page),
        lastmod: lastmod.unwrap_or(NaiveDate::MIN).to_string(),
    }
}

/// The sitemap: every page's address, or when they are more than
/// `limit`, the index of the parts that hold them (see [`sitemap_part`]).
pub(crate) fn sitemap(view: &View<'_>, limit: usize) -> Sitemap {
    let listed = sitemap_pages(view);
    let parts = sitemap_parts(listed.len(), limit);
    if parts == 0 {
        let urls = listed.iter().map(|p| sitemap_url(view, p)).collect();
        return Sitemap::Urls(SitemapPage { urls });
    }
    let sitemaps = listed
        .chunks(limit.max(1))
        .zip(1..)
        .map(|(chunk, n)| Url {
            loc: permalink(view, &Page::SitemapPart(n)),
            lastmod: chunk
                .iter()
                .filter_map(|(_, lastmod)| *lastmod)
                .max()
                .unwrap_or(NaiveDate::MIN)
                .to_string(),
        })
        .collect();
    Sitemap::Index(SitemapIndex { sitemaps })
}

/// Part `n` (from 1) of a sitemap split in parts of `limit` addresses.
pub(crate) fn sitemap_part(view: &View<'_>, n: usize, limit: usize) -> SitemapPage {
    let listed = sitemap_pages(view);
    let limit = limit.max(1);
    let urls = listed
        .iter()
        .skip(n.saturating_sub(1) * limit)
        .take(limit)
        .map(|p| sitemap_url(view, p))
        .collect();
    SitemapPage { urls }
}

/// What `sitemap.xml` holds: the addresses, or an index of the parts.
pub(crate) enum Sitemap {
    Urls(SitemapPage),
    Index(SitemapIndex),
}

#[derive(Serialize)]
pub(crate) struct SitemapIndex {
    sitemaps: Vec<Url>,
}

#[derive(Serialize)]
pub(crate) struct RobotsPage {
    sitemap_url: Option<String>,
}

/// `robots.txt`: every page may be read; with `base_url`, where the
/// sitemap is (crawlers look for it only at the top of a host).
pub(crate) fn robots(view: &View<'_>) -> RobotsPage {
    RobotsPage {
        sitemap_url: view
            .briefing
            .config
            .base_url
            .is_some()
            .then(|| permalink(view, &Page::Sitemap)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_carries_the_newest_articles_once_each_up_to_its_limit() {
        // Positions run newest first; a list may name an article twice.
        let listed: Vec<usize> = (0..60).rev().chain([3, 7]).collect();
        assert_eq!(
            entries_of(&listed, TOPIC_FEED_ENTRIES),
            (0..20).collect::<Vec<_>>()
        );
        assert_eq!(entries_of(&listed, SITE_FEED_ENTRIES).len(), 50);
        assert_eq!(entries_of(&[9, 2, 2], TOPIC_FEED_ENTRIES), [2, 9]);
    }

    #[test]
    fn an_entry_id_is_the_host_the_folder_the_date_and_the_slug() {
        let date = NaiveDate::from_ymd_opt(2022, 12, 2).unwrap();
        assert_eq!(
            entry_id("https://example.org/briefing", date, "kremlin"),
            "tag:example.org,2022-12-02:briefing/articles/kremlin"
        );
        assert_eq!(
            entry_id("http://News.Example:8080", date, "kremlin"),
            "tag:news.example,2022-12-02:articles/kremlin"
        );
    }
}
