//! What a shared link shows: the canonical address and the OpenGraph and
//! Twitter card tags of an HTML page. They need absolute addresses, so a
//! site without `base_url` gets none.

use serde::Serialize;

use super::format::rfc3339;
use super::routes::{Page, Paths};
use crate::link::Briefing;

/// The card of one page, as templates see it as `share`.
#[derive(Serialize)]
pub(crate) struct Share<'a> {
    /// The page's absolute address, for `rel=canonical` and `og:url`.
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    /// `article` for an article, `website` for every other page.
    pub kind: &'static str,
    /// When an article was published, RFC 3339.
    pub published_time: Option<String>,
    pub site_name: &'a str,
}

/// The card of `page`, whose context gives its `title` and `description`
/// (an article's page may give its place in the briefing, `article`);
/// `None` without `base_url` and for pages no one should share (404).
pub(crate) fn share<'a>(
    briefing: &'a Briefing,
    paths: &Paths,
    page: &Page,
    article: Option<usize>,
    context: &tera::Context,
) -> Option<Share<'a>> {
    let base = briefing.config.base_url.as_deref()?;
    if matches!(
        page,
        Page::NotFound | Page::Sitemap | Page::SitemapPart(_) | Page::Robots
    ) || page.is_feed()
    {
        return None;
    }
    let text = |key: &str| {
        context
            .get(key)
            .and_then(tera::Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
    };
    let config = &briefing.config;
    let published = match page {
        Page::Article(id) => article
            .or_else(|| briefing.positions.article(id))
            .map(|i| rfc3339(&briefing.articles[i].when)),
        _ => None,
    };
    Some(Share {
        url: format!("{base}/{}", paths.url(page)),
        title: text("title").unwrap_or_else(|| config.title.clone()),
        description: text("description").or_else(|| config.description.clone()),
        kind: if published.is_some() {
            "article"
        } else {
            "website"
        },
        published_time: published,
        site_name: &config.title,
    })
}
