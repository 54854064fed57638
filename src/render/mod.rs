//! Turns the [`Briefing`] into pages: [`routes`] decides which pages exist
//! and where they go, one module per page kind builds the typed context its
//! template sees (borrowed from the briefing), and [`Renderer`] renders it
//! and records what the page read ([`deps`]). Every link in a context is
//! relative to the page it is on (`root` leads back to the site's top), so
//! the site opens from disk and from any sub-path. Nothing here reads or
//! writes files.

mod actor;
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
use view::{EventsCharts, ItemTexts, View};

/// A rendered page.
pub struct Rendered {
    /// Path of the output file, relative to the output folder.
    pub path: String,
    pub content: String,
    /// The files and settings the page read.
    pub dependencies: Dependencies,
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
    feed_bodies: feed::FeedBodies,
    items: ItemTexts,
    events_charts: std::sync::Arc<EventsCharts>,
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
            feed_bodies: feed::FeedBodies::new(briefing),
            items: ItemTexts::new(briefing, &paths),
            events_charts: Default::default(),
        }
    }

    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    /// Renders one page and records what it read.
    pub fn render(&self, page: &Page) -> Result<Rendered, TemplateError> {
        let (path, content, view, template) = self.render_view(page)?;
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
        let (path, content, _, _) = self.render_view(page)?;
        Ok((path, content))
    }

    /// Renders one page: its path, its content, the view that recorded what
    /// it read, and its template.
    fn render_view(
        &self,
        page: &Page,
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
            self.events_charts.clone(),
        );
        let (template, mut context) = self
            .context(&view, page)
            .ok_or_else(|| TemplateError(Diagnostic::new(&path, "no such page in the site")))?
            .map_err(|e| TemplateError(Diagnostic::new(&path, e.to_string())))?;
        if let Some(problem) = view.take_problem() {
            return Err(TemplateError(problem));
        }
        if !context.contains_key("page") {
            context.insert(
                "page",
                &NoPage {
                    extra: Json::Object(Default::default()),
                },
            );
        }
        context.insert("site", &self.site);
        context.insert("root", &root);
        context.insert(
            "index",
            if self.paths.pretty() {
                ""
            } else {
                "index.html"
            },
        );
        if template.ends_with(".html") {
            if let Some(card) = share::share(self.briefing, &self.paths, page, &context) {
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

    /// The template of `page` and the context it sees; `None` when an id
    /// names nothing in the briefing.
    fn context(
        &self,
        view: &View<'_>,
        page: &Page,
    ) -> Option<tera::Result<(&'static str, tera::Context)>> {
        let b = self.briefing;
        let at = &b.positions;
        let built = match page {
            Page::Front => ("index.html", context(&front::context(view))),
            Page::Article(id) => {
                let data = article::context(view, at.article(id)?);
                ("article.html", about(&data, &data.article))
            }
            Page::Actors(p) => ("actors.html", context(&actor::index(view, *p))),
            Page::Actor(id, p) => {
                let data = actor::context(view, at.actor(id)?, *p);
                ("actor.html", about(&data, &data.actor))
            }
            Page::ActorQuotes(id, p) => (
                "actor_quotes.html",
                context(&actor::quotes(view, at.actor(id)?, *p)),
            ),
            Page::Events(p) => ("events.html", context(&event::index(view, *p))),
            Page::Event(id) => {
                let data = event::context(view, at.event(id)?);
                ("event.html", about(&data, &data.event))
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
            Page::Feed => ("atom.xml", context(&feed::feed(view, &self.feed_bodies))),
            Page::ActorFeed(id) => (
                "atom.xml",
                context(&feed::actor_feed(view, &self.feed_bodies, at.actor(id)?)),
            ),
            Page::EventFeed(id) => (
                "atom.xml",
                context(&feed::event_feed(view, &self.feed_bodies, at.event(id)?)),
            ),
            Page::TagFeed(id) => (
                "atom.xml",
                context(&feed::tag_feed(view, &self.feed_bodies, at.tag(id)?)),
            ),
            Page::Sitemap => ("sitemap.xml", context(&feed::sitemap(view))),
            Page::Robots => ("robots.txt", context(&feed::robots(view))),
        };
        Some(built.1.map(|c| (built.0, c)))
    }
}

/// A page's typed context as Tera's.
fn context(data: &impl Serialize) -> tera::Result<tera::Context> {
    tera::Context::from_serialize(data)
}

/// The context of a page about one article, actor or event, which templates
/// also see as `page`.
fn about(data: &impl Serialize, page: &impl Serialize) -> tera::Result<tera::Context> {
    let mut context = tera::Context::from_serialize(data)?;
    context.insert("page", page);
    Ok(context)
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
    fn a_body_reads_the_same_in_every_feed_and_is_let_go_after_the_last() {
        let (briefing, templates) = small_site();
        let renderer = Renderer::new(&briefing, &templates);
        let feeds: Vec<Page> = pages(&briefing).into_iter().filter(Page::is_feed).collect();
        let nato_body = "must withdraw first";
        let carrying: Vec<String> = feeds
            .iter()
            .map(|p| renderer.render(p).unwrap().content)
            .filter(|c| c.contains(nato_body))
            .collect();
        // The site's feed and those of its actors and tags carry it alike.
        assert!(carrying.len() >= 3, "{}", carrying.len());
        let entry = |feed: &str| {
            let at = feed.find(nato_body).unwrap();
            let end = at + feed[at..].find("</content>").unwrap();
            let start = feed[..at].rfind("<content").unwrap();
            feed[start..end].to_string()
        };
        let first = entry(&carrying[0]);
        assert!(
            first.contains("https://example.org/briefing/actors/"),
            "{first}"
        );
        assert!(carrying.iter().all(|f| entry(f) == first));
        assert!(renderer.feed_bodies.is_empty());
        // A feed rendered again, as serve does, still shows the body.
        assert_eq!(entry(&renderer.render(&Page::Feed).unwrap().content), first);
    }

    #[test]
    fn an_id_that_names_nothing_is_an_error_not_a_panic() {
        let (briefing, templates) = small_site();
        let renderer = Renderer::new(&briefing, &templates);
        let missing = renderer.render(&Page::Actor(ActorId::new("nobody"), 1));
        let message = missing.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("no such page in the site"), "{message}");
    }
}
