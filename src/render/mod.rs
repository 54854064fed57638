//! Turns the [`Briefing`] into pages: [`routes`] decides which pages exist
//! and where they go, one module per page kind builds the typed context its
//! template sees (borrowed from the briefing), and [`Renderer`] renders it
//! and records what the page read ([`deps`]). Every link in a context is
//! relative to the page it is on (`root` leads back to the site's top), so
//! the site opens from disk and from any sub-path. Nothing here reads or
//! writes files.

mod actor;
mod ahead;
mod article;
pub mod charts;
pub mod deps;
mod event;
mod feed;
pub mod format;
mod front;
mod group;
mod not_found;
pub mod routes;
mod share;
mod timeline;
mod view;

use serde::Serialize;
use serde_json::Value as Json;

pub use deps::{Dependencies, Dependency};
pub use format::plural;
pub use routes::{pages, root_of, Page, Paths, UrlFor};

use crate::diag::Diagnostic;
use crate::link::Briefing;
use crate::templates::{TemplateError, Templates};
use format::Extra;
use group::GroupKind;
use routes::SITEMAP_URLS;
use view::{Cards, EventsCharts, ItemTexts, MadeOnce, View};

/// The templates that list cards, or could see a list: when they are all
/// built-in, lists show each card by its HTML, rendered once for the pages
/// that list it; a site's own template among them sees the cards' fields.
const LISTING_TEMPLATES: &[&str] = &[
    "base.html",
    "macros.html",
    "article_card.html",
    "event_card.html",
    "quote.html",
    "index.html",
    "actor.html",
    "actor_quotes.html",
    "events.html",
    "event.html",
    "month.html",
    "group.html",
];

/// The templates that show an article's page, whose context the articles
/// before and after it are in: when all are the built-in ones, those show
/// only their titles, links and dates (see [`MadeOnce`]).
const NEIGHBOUR_TEMPLATES: &[&str] = &["base.html", "macros.html", "article.html"];

/// The template of the site's header (skip link, title and sections), which
/// pages see rendered as `site_header`.
const SITE_HEADER: &str = "site_header.html";

/// A rendered page.
pub struct Rendered {
    /// Path of the output file, relative to the output folder.
    pub path: String,
    pub content: String,
    /// The files and settings the page read.
    pub dependencies: Dependencies,
}

/// An article's page, rendered with the body it was handed.
pub struct RenderedArticle {
    /// Path of the output file, relative to the output folder.
    pub path: String,
    pub content: String,
    /// The body's plain text (see [`crate::markdown::plain_text`]), when
    /// the parse that rendered it could read it too.
    pub text: Option<String>,
}

/// The site's settings as every template sees them, as `site`.
#[derive(Serialize)]
struct SiteData<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    base_url: Option<&'a str>,
    pretty_urls: bool,
    extra: Extra<'a>,
}

/// A page that is not about one article, actor or event has an empty
/// `page` (the content format's `page.extra`).
#[derive(Serialize)]
struct NoPage {
    extra: Json,
}

/// Renders pages of one briefing with one set of templates.
pub struct Renderer<'a> {
    briefing: &'a Briefing,
    templates: &'a Templates,
    paths: Paths,
    site: Json,
    items: ItemTexts,
    made: std::sync::Arc<MadeOnce>,
    /// Whether a template may read `page`: no built-in one does, so when
    /// every template is built-in, no context holds it (an article's page
    /// built it twice, as `article` and as `page`).
    page_read: bool,
    /// The site's header by `root`: the same on every page at one depth,
    /// so rendered once for each instead of once a page.
    site_headers: std::sync::Mutex<rustc_hash::FxHashMap<String, std::sync::Arc<str>>>,
}

impl<'a> Renderer<'a> {
    pub fn new(briefing: &'a Briefing, templates: &'a Templates) -> Self {
        let config = &briefing.config;
        let site = serde_json::to_value(SiteData {
            title: &config.title,
            description: config.description.as_deref(),
            language: &config.language,
            base_url: config.base_url.as_deref(),
            pretty_urls: config.pretty_urls,
            extra: Extra(&config.extra),
        })
        .unwrap_or_default();
        let paths = Paths::new(config.pretty_urls);
        Renderer {
            briefing,
            templates,
            paths,
            site,
            items: ItemTexts::new(briefing, &paths),
            made: std::sync::Arc::new(MadeOnce {
                events_charts: EventsCharts::default(),
                cards: LISTING_TEMPLATES
                    .iter()
                    .all(|name| templates.is_built_in(name))
                    .then(Cards::default),
                neighbours_linked: NEIGHBOUR_TEMPLATES
                    .iter()
                    .all(|name| templates.is_built_in(name)),
                sitemap_pages: Default::default(),
            }),
            page_read: !templates
                .sources()
                .all(|(name, _)| templates.is_built_in(name)),
            site_headers: Default::default(),
        }
    }

    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    /// Renders one page and records what it read.
    pub fn render(&self, page: &Page) -> Result<Rendered, TemplateError> {
        let (path, content, view, template) = self.render_view(page, None)?;
        let dependencies = view.into_reads().into_dependencies(self.briefing, template);
        Ok(Rendered {
            path,
            content,
            dependencies,
        })
    }

    /// Renders one page for a whole build, which never asks what a page
    /// read: its output path and content, without [`Rendered::dependencies`]
    /// (turning the reads into a set of paths and ids cost a build of
    /// 10,000 articles 7 % of its time).
    pub fn render_content(&self, page: &Page) -> Result<(String, String), TemplateError> {
        let (path, content, _, _) = self.render_view(page, None)?;
        Ok((path, content))
    }

    /// Renders the page of article `i` as [`Renderer::render_content`]
    /// does, from `body`, its Markdown body already read, rather than
    /// reading it again.
    pub fn render_article(&self, i: usize, body: &str) -> Result<RenderedArticle, TemplateError> {
        let page = Page::Article(self.briefing.articles[i].id());
        let (path, content, view, _) = self.render_view(&page, Some((i, body)))?;
        let text = view.take_body_text();
        Ok(RenderedArticle {
            path,
            content,
            text,
        })
    }

    /// Renders one page: its path, its content, the view that recorded what
    /// it read, and its template. An article's page is given its place in
    /// the briefing and its body when they are known (`known`), else looks
    /// its place up and reads its body.
    fn render_view(
        &self,
        page: &Page,
        known: Option<(usize, &str)>,
    ) -> Result<(String, String, View<'_>, &'static str), TemplateError> {
        let path = self.paths.file(page);
        let root = match (page, &self.briefing.config.base_url) {
            // A host serves 404.html at any depth, and a feed reader shows
            // an entry away from the site, so their links are absolute.
            (Page::NotFound, Some(base)) => format!("{base}/"),
            // Without base_url, only the host's root is known at any depth:
            // links start with `/`, and the page's script makes them
            // relative when it is opened from disk (see 404.html).
            (Page::NotFound, None) => "/".to_string(),
            (feed, Some(base)) if feed.is_feed() => format!("{base}/"),
            _ => root_of(&path),
        };
        let relative = root == root_of(&path);
        let view = View::new(
            self.briefing,
            self.templates,
            self.paths,
            root.clone(),
            &self.items,
            relative.then(|| path.clone()),
            self.made.clone(),
        );
        let (template, mut context) = self
            .context(&view, page, known)
            .ok_or_else(|| TemplateError(Diagnostic::new(&path, "no such page in the site")))?
            .map_err(|e| TemplateError(Diagnostic::new(&path, e.to_string())))?;
        if let Some(problem) = view.take_problem() {
            return Err(TemplateError(problem));
        }
        if self.page_read && !context.contains_key("page") {
            context.insert(
                "page",
                &NoPage {
                    extra: Json::Object(Default::default()),
                },
            );
        }
        context.insert("site", &self.site);
        context.insert("root", &root);
        context.insert("index", self.index());
        if template.ends_with(".html") {
            view.reads_asset(SITE_HEADER);
            context.insert("site_header", &*self.site_header(&root)?);
            if let Some(card) = share::share(
                self.briefing,
                &self.paths,
                page,
                known.map(|(i, _)| i),
                &context,
            ) {
                context.insert("share", &card);
            }
            if let (Some(feed), Some(_)) = (page.feed(), &self.briefing.config.base_url) {
                context.insert("page_feed", &format!("{root}{}", self.paths.url(&feed)));
            }
        }
        context.insert("path", &path);
        context.insert("url", &self.paths.url(page));
        let content = self.templates.render(template, &context)?;
        Ok((path, content, view, template))
    }

    /// `index`: how a link names a folder's page.
    fn index(&self) -> &'static str {
        if self.paths.pretty() {
            ""
        } else {
            "index.html"
        }
    }

    /// The site's header for pages that lead back to the top by `root`:
    /// `site_header.html`, which sees `site`, `root` and `index`.
    fn site_header(&self, root: &str) -> Result<std::sync::Arc<str>, TemplateError> {
        let known = |headers: &rustc_hash::FxHashMap<String, std::sync::Arc<str>>| {
            headers.get(root).cloned()
        };
        if let Some(header) = self.site_headers.lock().ok().and_then(|h| known(&h)) {
            return Ok(header);
        }
        let mut context = tera::Context::new();
        context.insert("site", &self.site);
        context.insert("root", root);
        context.insert("index", self.index());
        let header: std::sync::Arc<str> = self.templates.render(SITE_HEADER, &context)?.into();
        if let Ok(mut headers) = self.site_headers.lock() {
            headers.insert(root.to_string(), header.clone());
        }
        Ok(header)
    }

    /// The template of `page` and the context it sees; `None` when an id
    /// names nothing in the briefing. An article's page is article
    /// `known.0` showing body `known.1` when they are given.
    fn context(
        &self,
        view: &View<'_>,
        page: &Page,
        known: Option<(usize, &str)>,
    ) -> Option<tera::Result<(&'static str, tera::Context)>> {
        let b = self.briefing;
        let at = &b.positions;
        let built = match page {
            Page::Front => ("index.html", context(&front::context(view))),
            Page::Article(id) => {
                let (i, body) = match known {
                    Some((i, body)) => (i, Some(body)),
                    None => (at.article(id)?, None),
                };
                let data = article::context(view, i, body);
                ("article.html", self.about(&data, &data.article))
            }
            Page::Actors(p) => ("actors.html", context(&actor::index(view, *p))),
            Page::Actor(id, p) => {
                let data = actor::context(view, at.actor(id)?, *p);
                ("actor.html", self.about(&data, &data.actor))
            }
            Page::ActorQuotes(id, p) => (
                "actor_quotes.html",
                context(&actor::quotes(view, at.actor(id)?, *p)),
            ),
            Page::Events(p) => ("events.html", context(&event::index(view, *p))),
            Page::Event(id) => {
                let data = event::context(view, at.event(id)?);
                ("event.html", self.about(&data, &data.event))
            }
            Page::Timeline => ("timeline.html", context(&timeline::index(view))),
            Page::Month(year, month, p) => {
                let i = b
                    .months
                    .iter()
                    .position(|m| m.year == *year && m.month == *month)?;
                ("month.html", context(&timeline::month(view, i, *p)))
            }
            Page::Outlets => (
                "groups.html",
                context(&group::index(view, GroupKind::Outlets)),
            ),
            Page::Outlet(id, p) => {
                let data = group::context(view, GroupKind::Outlets, at.outlet(id)?, *p);
                ("group.html", context(&data))
            }
            Page::Tags => ("groups.html", context(&group::index(view, GroupKind::Tags))),
            Page::Tag(id, p) => {
                let data = group::context(view, GroupKind::Tags, at.tag(id)?, *p);
                ("group.html", context(&data))
            }
            Page::NotFound => ("404.html", context(&not_found::context(view))),
            Page::Search => ("search.html", context(&not_found::search(view))),
            Page::Feed => ("atom.xml", context(&feed::feed(view))),
            Page::ActorFeed(id) => ("atom.xml", context(&feed::actor_feed(view, at.actor(id)?))),
            Page::EventFeed(id) => ("atom.xml", context(&feed::event_feed(view, at.event(id)?))),
            Page::TagFeed(id) => ("atom.xml", context(&feed::tag_feed(view, at.tag(id)?))),
            Page::Sitemap => match feed::sitemap(view, SITEMAP_URLS) {
                feed::Sitemap::Urls(urls) => ("sitemap.xml", context(&urls)),
                feed::Sitemap::Index(index) => ("sitemap_index.xml", context(&index)),
            },
            Page::SitemapPart(n) => (
                "sitemap.xml",
                context(&feed::sitemap_part(view, *n, SITEMAP_URLS)),
            ),
            Page::Robots => ("robots.txt", context(&feed::robots(view))),
        };
        Some(built.1.map(|c| (built.0, c)))
    }

    /// The context of a page about one article, actor or event, which
    /// templates also see as `page` when one may read it.
    fn about(&self, data: &impl Serialize, page: &impl Serialize) -> tera::Result<tera::Context> {
        let mut context = tera::Context::from_serialize(data)?;
        if self.page_read {
            context.insert("page", page);
        }
        Ok(context)
    }
}

/// A page's typed context as Tera's.
fn context(data: &impl Serialize) -> tera::Result<tera::Context> {
    tera::Context::from_serialize(data)
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::link::{ActorId, ArticleId};

    fn small_site() -> (Briefing, Templates) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small-site");
        let site = crate::load::load(&root).unwrap_or_else(|d| panic!("{d:#?}"));
        let briefing = crate::link::link(site, false).unwrap_or_else(|d| panic!("{d:#?}"));
        let mut templates = Templates::load(&root).unwrap_or_else(|d| panic!("{d:#?}"));
        templates.register_function("url_for", UrlFor::new(Paths::new(false)));
        templates.register_interface(briefing.config.interface.clone());
        (briefing, templates)
    }

    fn files(rendered: &Rendered) -> Vec<PathBuf> {
        rendered
            .dependencies
            .iter()
            .filter_map(|d| match d {
                Dependency::File(f) => Some(f.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn pages_list_the_articles_in_the_briefings_order() {
        // The sitemap reads each article page's date from its place.
        let (briefing, _) = small_site();
        let listed: Vec<ArticleId> = pages(&briefing)
            .into_iter()
            .filter_map(|page| match page {
                Page::Article(id) => Some(id),
                _ => None,
            })
            .collect();
        let ids: Vec<ArticleId> = briefing.articles.iter().map(|a| a.id()).collect();
        assert!(ids.len() > 2);
        assert_eq!(listed, ids);
    }

    #[test]
    fn an_article_page_depends_on_what_it_shows() {
        let (briefing, templates) = small_site();
        let renderer = Renderer::new(&briefing, &templates);
        let page = Page::Article(ArticleId::new("2022-12-02-kremlin-open-to-talks"));
        let rendered = renderer.render(&page).unwrap();
        assert_eq!(
            rendered.path,
            "articles/2022-12-02-kremlin-open-to-talks/index.html"
        );
        let files = files(&rendered);
        for expected in [
            // The article, its neighbours in time, its actors and its event.
            "content/articles/2022-12-02-kremlin-open-to-talks.md",
            "content/articles/2022-11-10-g20-attendance.md",
            "content/articles/2022-12-05-nato-response.md",
            "content/actors/vladimir-putin.md",
            "content/actors/joe-biden.md",
            "content/actors/russia.md",
            "content/events/white-house-meeting.md",
        ] {
            assert!(
                files.contains(&PathBuf::from(expected)),
                "{expected} in {files:?}"
            );
        }
        assert!(!files.contains(&PathBuf::from("content/events/g20-bali.md")));
        assert!(!files.contains(&PathBuf::from("content/articles/2022-12-06-draft-piece.md")));
        let deps = &rendered.dependencies;
        assert!(deps.contains(&Dependency::Settings));
        assert!(deps.contains(&Dependency::ActorNames));
        assert!(deps.contains(&Dependency::Template("article.html".into())));
    }

    #[test]
    fn a_page_of_an_actor_depends_on_its_own_file_and_its_articles() {
        let (briefing, templates) = small_site();
        let renderer = Renderer::new(&briefing, &templates);
        let rendered = renderer
            .render(&Page::Actor(ActorId::new("nato"), 1))
            .unwrap();
        let files = files(&rendered);
        assert!(files.contains(&PathBuf::from("content/actors/nato.md")));
        assert!(files.contains(&PathBuf::from(
            "content/articles/2022-12-05-nato-response.md"
        )));
        // Its body names NATO, so the page lists it.
        assert!(files.contains(&PathBuf::from(
            "content/articles/2022-11-10-g20-attendance.md"
        )));
        assert!(!files.contains(&PathBuf::from(
            "content/articles/2022-12-02-kremlin-open-to-talks.md"
        )));
    }

    #[test]
    fn only_the_site_feed_carries_bodies_and_their_links_are_absolute() {
        let (briefing, templates) = small_site();
        let renderer = Renderer::new(&briefing, &templates);
        let nato_body = "must withdraw first";
        let site = renderer.render(&Page::Feed).unwrap().content;
        let at = site.find(nato_body).unwrap();
        let start = site[..at].rfind("<content").unwrap();
        let end = at + site[at..].find("</content>").unwrap();
        assert!(
            site[start..end].contains("https://example.org/briefing/actors/"),
            "{}",
            &site[start..end]
        );
        let topics: Vec<String> = pages(&briefing)
            .into_iter()
            .filter(|p| p.is_feed() && *p != Page::Feed)
            .map(|p| renderer.render(&p).unwrap().content)
            .collect();
        assert!(topics.len() >= 3, "{}", topics.len());
        for topic in &topics {
            assert!(!topic.contains("<content"), "{topic}");
            assert!(!topic.contains(nato_body), "{topic}");
            assert_eq!(
                topic.matches("<summary>").count(),
                topic.matches("<entry>").count()
            );
        }
    }

    #[test]
    fn a_sitemap_of_more_addresses_than_a_file_holds_is_an_index_of_parts() {
        let (briefing, templates) = small_site();
        let renderer = Renderer::new(&briefing, &templates);
        let view = |page: &Page| {
            View::new(
                &briefing,
                &templates,
                renderer.paths,
                root_of(&renderer.paths.file(page)),
                &renderer.items,
                None,
                renderer.made.clone(),
            )
        };
        fn xml(templates: &Templates, template: &str, data: &impl Serialize) -> String {
            templates.render(template, &context(data).unwrap()).unwrap()
        }
        let locs = |xml: &str| -> Vec<String> {
            xml.split("<loc>")
                .skip(1)
                .map(|s| s[..s.find("</loc>").unwrap()].to_string())
                .collect()
        };
        let whole = match feed::sitemap(&view(&Page::Sitemap), SITEMAP_URLS) {
            feed::Sitemap::Urls(urls) => xml(&templates, "sitemap.xml", &urls),
            feed::Sitemap::Index(_) => panic!("a small site's sitemap is split"),
        };
        let all = locs(&whole);
        assert!(all.len() > 20, "{}", all.len());
        let limit = 10;
        let index = match feed::sitemap(&view(&Page::Sitemap), limit) {
            feed::Sitemap::Index(index) => xml(&templates, "sitemap_index.xml", &index),
            feed::Sitemap::Urls(_) => panic!("not split at {limit} addresses a file"),
        };
        assert!(index.contains("<sitemapindex"), "{index}");
        let parts = all.len().div_ceil(limit);
        assert_eq!(
            locs(&index),
            (1..=parts)
                .map(|n| format!("https://example.org/briefing/sitemap-{n}.xml"))
                .collect::<Vec<_>>()
        );
        let mut joined = Vec::new();
        for n in 1..=parts {
            let part = feed::sitemap_part(&view(&Page::SitemapPart(n)), n, limit);
            let part = locs(&xml(&templates, "sitemap.xml", &part));
            assert!(!part.is_empty() && part.len() <= limit, "{}", part.len());
            joined.extend(part);
        }
        assert_eq!(joined, all);
        assert_eq!(routes::sitemap_parts(SITEMAP_URLS, SITEMAP_URLS), 0);
        assert_eq!(routes::sitemap_parts(SITEMAP_URLS + 1, SITEMAP_URLS), 2);
        assert_eq!(routes::sitemap_parts(3 * SITEMAP_URLS, SITEMAP_URLS), 3);
        assert!(!pages(&briefing)
            .iter()
            .any(|p| matches!(p, Page::SitemapPart(_))));
    }

    #[test]
    fn a_card_filled_in_reads_as_the_card_rendered_on_its_own() {
        let (mut briefing, templates) = small_site();
        // Texts that escaping changes, that JSON escapes, and that hold
        // the mark that stands for a text in a card's shape.
        let hostile = "\"Peace\" <talks> & 'terms' \u{1}0\u{1} back\\slash/ tab\tline\n";
        for linked in briefing.articles.iter_mut().step_by(2) {
            linked.article.title = format!("{hostile}{}", linked.article.title);
            linked.article.summary.push_str(hostile);
        }
        let filled_in = Renderer::new(&briefing, &templates);
        assert!(filled_in.made.cards.is_some());
        let mut one_by_one = Renderer::new(&briefing, &templates);
        one_by_one.made = Default::default();
        let mut with_cards = 0;
        for page in pages(&briefing) {
            let content = filled_in.render(&page).unwrap().content;
            assert_eq!(
                content,
                one_by_one.render(&page).unwrap().content,
                "{page:?}"
            );
            if content.contains("class=\"card") || content.contains("class=\"quote\"") {
                with_cards += 1;
            }
        }
        assert!(with_cards > 10, "{with_cards}");
        assert!(filled_in.made.cards.as_ref().unwrap().shapes() > 0);
    }

    /// The built-in templates with `file` of a site's own holding `text`,
    /// and the site's folder, which must outlive them.
    fn templates_with_own(
        briefing: &Briefing,
        file: &str,
        text: &str,
    ) -> (tempfile::TempDir, Templates) {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("templates")).unwrap();
        std::fs::write(site.path().join("templates").join(file), text).unwrap();
        let mut templates = Templates::load(site.path()).unwrap();
        templates.register_function("url_for", UrlFor::new(Paths::new(false)));
        templates.register_interface(briefing.config.interface.clone());
        (site, templates)
    }

    #[test]
    fn a_site_that_overrides_a_card_sees_it_in_every_list() {
        let (briefing, _) = small_site();
        let (_site, templates) = templates_with_own(
            &briefing,
            "article_card.html",
            "<p class=\"own-card\">{{ a.title }} {{ level }}</p>",
        );
        let renderer = Renderer::new(&briefing, &templates);
        assert!(renderer.made.cards.is_none());
        let tag = &briefing.tags[0];
        let content = renderer.render(&Page::Tag(tag.id(), 1)).unwrap().content;
        let title = &briefing.articles[tag.articles[0]].article.title;
        let own = format!(
            "<p class=\"own-card\">{} 2</p>",
            crate::text::escape_html(title)
        );
        assert!(content.contains(&own), "{content}");
        assert!(!content.contains("class=\"card\""), "{content}");
    }

    #[test]
    fn an_article_rendered_from_its_body_in_hand_is_the_page_rendered_alone() {
        let (briefing, templates) = small_site();
        let renderer = Renderer::new(&briefing, &templates);
        assert!(briefing.articles.len() >= 3);
        for (i, linked) in briefing.articles.iter().enumerate() {
            let body = linked.body().unwrap();
            let RenderedArticle { path, content, .. } = renderer.render_article(i, &body).unwrap();
            let alone = renderer
                .render_content(&Page::Article(linked.id()))
                .unwrap();
            assert_eq!((&path, &content), (&alone.0, &alone.1));
            assert!(content.contains("<article"), "{content}");
        }
        // The body given is the one shown.
        let content = renderer
            .render_article(0, "Only *this* text.")
            .unwrap()
            .content;
        assert!(content.contains("Only <em>this</em> text."), "{content}");
    }

    #[test]
    fn an_id_that_names_nothing_is_an_error_not_a_panic() {
        let (briefing, templates) = small_site();
        let renderer = Renderer::new(&briefing, &templates);
        let missing = renderer.render(&Page::Actor(ActorId::new("nobody"), 1));
        let message = missing.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("no such page in the site"), "{message}");
    }

    /// Whether the tags of `template` (its `{{ }}` and `{% %}`, strings
    /// left out) name the variable `page`, not as a function's `page=`.
    fn reads_page(template: &str) -> bool {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let close = match after.as_bytes().first() {
                Some(b'{') => "}}",
                Some(b'%') => "%}",
                _ => {
                    rest = after;
                    continue;
                }
            };
            let end = after.find(close).unwrap_or(after.len());
            let code: String = after[1..end]
                .split('"')
                .step_by(2)
                .collect::<Vec<_>>()
                .join(" ");
            let word = |c: char| c.is_alphanumeric() || c == '_';
            let mut from = 0;
            while let Some(at) = code[from..].find("page").map(|at| at + from) {
                let before = code[..at].chars().next_back();
                let after_word = code[at + 4..].trim_start();
                let named_argument = after_word.starts_with('=') && !after_word.starts_with("==");
                let whole_word = !before.is_some_and(word) && !after_word.starts_with(word);
                if whole_word && !named_argument {
                    return true;
                }
                from = at + 4;
            }
            rest = &after[end..];
        }
        false
    }

    #[test]
    fn no_built_in_template_reads_page() {
        // Renderer leaves `page` out when every template is built-in.
        assert!(reads_page("<p>{{ page.extra.x }}</p>"));
        assert!(reads_page("{% if page %}x{% endif %}"));
        assert!(!reads_page(
            "<a href=\"{{ url_for(page=\"front\") }}\">page</a>{{ pages }}"
        ));
        for (name, text) in crate::templates::BUILTIN_TEMPLATES {
            assert!(!reads_page(text), "{name} reads `page`");
        }
    }

    #[test]
    fn a_site_template_sees_page_where_built_in_ones_do_not() {
        let (briefing, templates) = small_site();
        assert!(!Renderer::new(&briefing, &templates).page_read);
        let (_site, templates) = templates_with_own(
            &briefing,
            "article.html",
            "{{ page.title }}|{{ page.slug }}",
        );
        let renderer = Renderer::new(&briefing, &templates);
        let page = Page::Article(ArticleId::new("2022-12-02-kremlin-open-to-talks"));
        let content = renderer.render(&page).unwrap().content;
        let slug = "2022-12-02-kremlin-open-to-talks";
        let article = briefing.articles.iter().find(|a| a.article.slug == slug);
        let title = crate::text::escape_html(&article.unwrap().article.title);
        assert_eq!(content, format!("{title}|{slug}"));
    }

    #[test]
    fn the_site_header_is_rendered_once_for_each_depth() {
        let (briefing, _) = small_site();
        let (_site, templates) = templates_with_own(
            &briefing,
            "site_header.html",
            "<p class=\"own-header\">{{ root }}{{ url_for(page=\"actors\") }}|{{ site.title }}</p>",
        );
        let renderer = Renderer::new(&briefing, &templates);
        let front = renderer.render(&Page::Front).unwrap();
        assert!(
            front.content.contains(
                "<body>\n<p class=\"own-header\">./actors/index.html|Test Briefing</p><main"
            ),
            "{}",
            front.content
        );
        for article in &briefing.articles[..2] {
            let page = renderer.render(&Page::Article(article.id())).unwrap();
            let header = "<p class=\"own-header\">../../actors/index.html|Test Briefing</p>";
            assert!(page.content.contains(header), "{}", page.content);
            // A change to the header renders the page again.
            let own = Dependency::Template(SITE_HEADER.to_string());
            assert!(page.dependencies.contains(&own));
        }
        let headers = renderer.site_headers.lock().unwrap();
        assert_eq!(headers.len(), 2, "{:?}", headers.keys());
    }
}
