//! The Atom feeds (the site's latest articles, and one per actor, event and
//! tag), the sitemap of every page and `robots.txt`: the outputs that need
//! the site's absolute address (`base_url`). An entry's id is a `tag:` URI
//! from the site's host and the article's slug and date, so it stays the same
//! when `pretty_urls` or the page's address changes.
//!
//! Every feed links from the same place (the site's address), so an article's
//! body reads the same in each feed it is in: [`FeedBodies`] passes it from
//! one feed to the next instead of rendering it again.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, PoisonError};

use chrono::NaiveDate;
use serde::Serialize;

use super::deps::At;
use super::format::rfc3339;
use super::routes::{pages, Page, QUOTES_PER_PAGE};
use super::view::{page_slice, View};
use crate::link::Briefing;

/// How many entries the site's feed carries.
const SITE_FEED_ENTRIES: usize = 50;

/// How many entries the feed of an actor, an event or a tag carries: each
/// entry is a whole article, and a reader who follows one of them sees the
/// older articles on its page.
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
    summary: &'a str,
    /// The whole article as HTML, which the template escapes.
    content: String,
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

/// The most bytes of rendered bodies [`FeedBodies`] holds at once for a
/// site of up to [`FEED_BODIES_ARTICLES`] articles, and for each as many
/// articles more: a site ten times as large has ten times as many feeds
/// between two that carry one article, and as many bodies waiting for their
/// next feed. Held bytes that did not grow with the site let the share of
/// bodies rendered again grow with it (a 100,000-article build spent twice
/// the time per event feed of a 10,000-article one).
const FEED_BODIES_HELD: usize = 8 << 20;
/// See [`FEED_BODIES_HELD`].
const FEED_BODIES_ARTICLES: usize = 10_000;

/// The most bytes of bodies held for a site of `articles` articles.
fn feed_bodies_limit(articles: usize) -> usize {
    FEED_BODIES_HELD.max(FEED_BODIES_HELD / FEED_BODIES_ARTICLES * articles)
}

/// Article bodies as the feeds show them, kept from one feed that carries
/// an article to the next, so a body in several feeds is mostly rendered
/// once (a build of 10,000 articles, when a topic's feed carried 50, had
/// 34,678 feed entries of 8,570 articles, whose bodies together took 28 MB).
/// So as not to hold them all until their last feed, at most
/// [`feed_bodies_limit`] bytes are held, and when more
/// would be, those whose next feed comes last (in the order of
/// [`super::routes::pages`], which a build roughly follows) are let go first.
pub(crate) struct FeedBodies {
    /// For each article, the feeds that carry it by their place among the
    /// feeds, in order; empty for an article in fewer than two feeds.
    feeds_of: Vec<Vec<u32>>,
    held: Mutex<Held>,
}

#[derive(Default)]
struct Held {
    /// For each article, how many of its feeds have asked for its body.
    asked: Vec<u32>,
    /// Each body held, and the place of the next feed that carries it.
    bodies: HashMap<usize, (u32, String)>,
    /// The articles held, by the place of the next feed that carries them.
    by_next_feed: BTreeSet<(u32, usize)>,
    bytes: usize,
    /// The most bytes held (see [`feed_bodies_limit`]).
    limit: usize,
}

impl Held {
    fn take(&mut self, article: usize) -> Option<String> {
        let (next_feed, html) = self.bodies.remove(&article)?;
        self.by_next_feed.remove(&(next_feed, article));
        self.bytes -= html.len();
        Some(html)
    }

    /// Holds `html` for the feed at `next_feed`, then lets go of the bodies
    /// needed last until the rest fit in the limit.
    fn keep(&mut self, article: usize, next_feed: u32, html: String) {
        // Two feeds rendered at once may both have rendered it.
        self.take(article);
        self.bytes += html.len();
        self.bodies.insert(article, (next_feed, html));
        self.by_next_feed.insert((next_feed, article));
        while self.bytes > self.limit {
            let Some((_, last)) = self.by_next_feed.pop_last() else {
                break;
            };
            if let Some((_, html)) = self.bodies.remove(&last) {
                self.bytes -= html.len();
            }
        }
    }
}

impl FeedBodies {
    /// True when no body is held: every feed that carries one was rendered.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        let held = self.lock();
        held.bodies.is_empty() && held.by_next_feed.is_empty() && held.bytes == 0
    }

    /// Lists the feeds of `b` that carry each article; a briefing without
    /// `base_url` has no feeds.
    pub fn new(b: &Briefing) -> Self {
        let mut feeds_of = vec![Vec::new(); b.articles.len()];
        if b.config.base_url.is_some() {
            let all: Vec<usize> = (0..b.articles.len()).collect();
            let lists = std::iter::once(all.as_slice())
                .chain(b.actors.iter().map(|a| a.articles.as_slice()))
                .chain(b.events.iter().map(|e| e.articles.as_slice()))
                .chain(b.tags.iter().map(|t| t.articles.as_slice()));
            for (feed, list) in (0u32..).zip(lists) {
                let limit = if feed == 0 {
                    SITE_FEED_ENTRIES
                } else {
                    TOPIC_FEED_ENTRIES
                };
                for i in entries_of(list, limit) {
                    feeds_of[i].push(feed);
                }
            }
        }
        for feeds in &mut feeds_of {
            if feeds.len() < 2 {
                *feeds = Vec::new();
            }
        }
        let held = Held {
            asked: vec![0; b.articles.len()],
            limit: feed_bodies_limit(b.articles.len()),
            ..Held::default()
        };
        FeedBodies {
            feeds_of,
            held: Mutex::new(held),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Held> {
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Article `i`'s body as a feed shows it (`view` is a feed's): held
    /// since an earlier feed rendered it, or rendered now and held for the
    /// next feed that carries it.
    fn body(&self, view: &View<'_>, i: usize) -> String {
        let feeds = self.feeds_of.get(i).map_or(&[][..], Vec::as_slice);
        if feeds.is_empty() {
            return view.article_body(i);
        }
        let (held, next_feed) = {
            let mut held = self.lock();
            let Some(asked) = held.asked.get_mut(i) else {
                return view.article_body(i);
            };
            let next = *asked as usize + 1;
            *asked = asked.saturating_add(1);
            (held.take(i), feeds.get(next).copied())
        };
        let html = match held {
            Some(html) => {
                view.reads_actor_names();
                html
            }
            None => view.article_body(i),
        };
        if let Some(next_feed) = next_feed.filter(|_| view.has_no_problem()) {
            self.lock().keep(i, next_feed, html.clone());
        }
        html
    }
}

/// A feed of the newest of `articles` (positions in the briefing's list,
/// which runs newest first), at `feed_file`, following `alternate`.
fn feed_of<'a>(
    view: &View<'a>,
    bodies: &FeedBodies,
    feed_title: String,
    (articles, limit): (&[usize], usize),
    feed_file: &str,
    alternate: &Page,
) -> FeedPage<'a> {
    let b = view.briefing;
    let base = b.config.base_url.as_deref().unwrap_or("");
    let newest = entries_of(articles, limit);
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
                content: bodies.body(view, i),
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

/// The site's feed: its latest articles.
pub(crate) fn feed<'a>(view: &View<'a>, bodies: &FeedBodies) -> FeedPage<'a> {
    let b = view.briefing;
    view.reads_counts();
    let all: Vec<usize> = (0..b.articles.len()).collect();
    feed_of(
        view,
        bodies,
        b.config.title.clone(),
        (&all, SITE_FEED_ENTRIES),
        "atom.xml",
        &Page::Front,
    )
}

/// The feed of actor `i`'s articles.
pub(crate) fn actor_feed<'a>(view: &View<'a>, bodies: &FeedBodies, i: usize) -> FeedPage<'a> {
    let b = view.briefing;
    view.reads_actor(i);
    view.reads_lists(At::Actor(i));
    let actor = &b.actors[i];
    let page = Page::Actor(actor.id(), 1);
    feed_of(
        view,
        bodies,
        format!("{} · {}", actor.actor.name, b.config.title),
        (&actor.articles, TOPIC_FEED_ENTRIES),
        &view.paths.file(&Page::ActorFeed(actor.id())),
        &page,
    )
}

/// The feed of event `i`'s articles.
pub(crate) fn event_feed<'a>(view: &View<'a>, bodies: &FeedBodies, i: usize) -> FeedPage<'a> {
    let b = view.briefing;
    view.reads_event(i);
    view.reads_lists(At::Event(i));
    let event = &b.events[i];
    feed_of(
        view,
        bodies,
        format!("{} · {}", event.event.title, b.config.title),
        (&event.articles, TOPIC_FEED_ENTRIES),
        &view.paths.file(&Page::EventFeed(event.id())),
        &Page::Event(event.id()),
    )
}

/// The feed of tag `i`'s articles.
pub(crate) fn tag_feed<'a>(view: &View<'a>, bodies: &FeedBodies, i: usize) -> FeedPage<'a> {
    let b = view.briefing;
    view.reads_lists(At::Tag(i));
    let tag = &b.tags[i];
    feed_of(
        view,
        bodies,
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
fn newest_article(b: &Briefing, positions: &[usize]) -> Option<NaiveDate> {
    positions.iter().map(|&i| b.articles[i].when.date).max()
}

/// The articles on page `page` (from 1) of a list of `articles`.
fn page_of(articles: &[usize], page: usize, per_page: usize) -> Vec<usize> {
    let mut sorted = articles.to_vec();
    sorted.sort_unstable();
    let per_page = per_page.max(1);
    sorted
        .into_iter()
        .skip(page.saturating_sub(1) * per_page)
        .take(per_page)
        .collect()
}

/// The newest date of what `page` shows: an article's own date, the newest
/// article of a list page, an event's last day or newest article, a month's
/// newest day on that page, the newest report of an actor's quotes on that
/// page, and for the indexes the newest date in the briefing.
fn lastmod(b: &Briefing, page: &Page) -> Option<NaiveDate> {
    let at = &b.positions;
    let per_page = b.config.articles_per_page;
    let newest_anything = || {
        let events = b
            .events
            .iter()
            .map(|e| e.event.end_date.unwrap_or(e.event.date));
        let articles = b.articles.iter().map(|a| a.when.date);
        let state = b.state_of_play.iter().map(|s| s.updated.date);
        events.chain(articles).chain(state).max()
    };
    match page {
        Page::Article(id) => at.article(id).map(|i| b.articles[i].when.date),
        Page::Actor(id, p) => {
            let i = at.actor(id)?;
            newest_article(b, &page_of(&b.actors[i].articles, *p, per_page))
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
            // One date per item, in the order the month's pages show them.
            let dates: Vec<NaiveDate> = m
                .days
                .iter()
                .flat_map(|d| std::iter::repeat_n(d.date, d.events.len() + d.articles.len()))
                .collect();
            page_slice(&dates, *p, per_page).iter().max().copied()
        }
        Page::Outlet(id, p) => {
            let g = &b.outlets[at.outlet(id)?];
            newest_article(b, &page_of(&g.articles, *p, per_page))
        }
        Page::Tag(id, p) => {
            let g = &b.tags[at.tag(id)?];
            newest_article(b, &page_of(&g.articles, *p, per_page))
        }
        _ => newest_anything(),
    }
}

pub(crate) fn sitemap(view: &View<'_>) -> SitemapPage {
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
    let urls = pages(b)
        .into_iter()
        .filter(|p| {
            !matches!(
                p,
                Page::NotFound | Page::Search | Page::Sitemap | Page::Robots
            ) && !p.is_feed()
        })
        .map(|p| Url {
            loc: permalink(view, &p),
            lastmod: lastmod(b, &p).unwrap_or(NaiveDate::MIN).to_string(),
        })
        .collect();
    SitemapPage { urls }
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
    fn bodies_over_the_limit_are_let_go_needed_last_first() {
        let half = "x".repeat(FEED_BODIES_HELD / 2);
        let mut held = Held {
            limit: FEED_BODIES_HELD,
            ..Held::default()
        };
        held.keep(1, 40, half.clone());
        held.keep(2, 10, half.clone());
        held.keep(3, 20, half.clone());
        // Article 1's next feed is the furthest away.
        assert_eq!(held.take(1), None);
        assert_eq!(held.take(2).as_deref(), Some(half.as_str()));
        held.keep(3, 30, "y".into());
        assert_eq!(held.take(3).as_deref(), Some("y"));
        assert_eq!((held.bytes, held.by_next_feed.len()), (0, 0));
    }

    #[test]
    fn the_bodies_held_grow_with_the_site() {
        assert_eq!(feed_bodies_limit(0), FEED_BODIES_HELD);
        assert_eq!(feed_bodies_limit(10_000), FEED_BODIES_HELD);
        assert_eq!(
            feed_bodies_limit(100_000),
            FEED_BODIES_HELD / FEED_BODIES_ARTICLES * 100_000
        );
        assert!(feed_bodies_limit(100_000) >= 9 * FEED_BODIES_HELD);
    }

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
