//! The Atom feed of the latest articles and the sitemap of every page: the
//! two outputs that need the site's absolute address (`base_url`).

use serde::Serialize;

use super::format::rfc3339;
use super::routes::{pages, Page};
use super::view::View;

/// How many entries the Atom feed carries.
const FEED_ENTRIES: usize = 50;

#[derive(Serialize)]
pub(crate) struct FeedPage<'a> {
    entries: Vec<Entry<'a>>,
    updated: String,
    feed_url: String,
    site_url: String,
}

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    permalink: String,
    updated: String,
    summary: &'a str,
    source: Option<&'a str>,
    authors: &'a [String],
}

/// The absolute address of `page`.
fn permalink(view: &View<'_>, page: &Page) -> String {
    let base = view.briefing.config.base_url.as_deref().unwrap_or("");
    format!("{base}/{}", view.paths.url(page))
}

pub(crate) fn feed<'a>(view: &View<'a>) -> FeedPage<'a> {
    let b = view.briefing;
    view.reads_counts();
    let entries = (0..b.articles.len().min(FEED_ENTRIES))
        .map(|i| {
            view.reads_article(i);
            let a = &b.articles[i].article;
            Entry {
                title: &a.title,
                permalink: permalink(view, &view.article_page(i)),
                updated: rfc3339(&b.articles[i].when),
                summary: &a.summary,
                source: a.source.as_deref(),
                authors: &a.authors,
            }
        })
        .collect();
    let updated = b
        .articles
        .first()
        .map(|a| rfc3339(&a.when))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    FeedPage {
        entries,
        updated,
        feed_url: format!("{}/atom.xml", b.config.base_url.as_deref().unwrap_or("")),
        site_url: permalink(view, &Page::Front),
    }
}

#[derive(Serialize)]
pub(crate) struct SitemapPage {
    urls: Vec<Url>,
}

#[derive(Serialize)]
struct Url {
    loc: String,
    lastmod: Option<String>,
}

pub(crate) fn sitemap(view: &View<'_>) -> SitemapPage {
    let b = view.briefing;
    view.reads_counts();
    let urls = pages(b)
        .into_iter()
        .filter(|p| {
            !matches!(
                p,
                Page::NotFound | Page::Search | Page::Feed | Page::Sitemap | Page::Robots
            )
        })
        .map(|p| {
            let lastmod = match &p {
                Page::Article(id) => b.positions.article(id).map(|i| {
                    view.reads_article(i);
                    b.articles[i].when.date.to_string()
                }),
                _ => None,
            };
            Url {
                loc: permalink(view, &p),
                lastmod,
            }
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
