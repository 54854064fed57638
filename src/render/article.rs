//! An article's page: its text with actors linked, its quotes, notes, actors,
//! events and tags, and the articles just before and after it in time.

use serde::Serialize;

use super::deps::At;
use super::format::Extra;
use super::routes::Page;
use super::view::{said_display, ActorLink, EventCard, Link, Neighbour, Source, View};
use crate::link::LinkedArticle;
use crate::statements;

#[derive(Serialize)]
pub(crate) struct ArticlePage<'a> {
    title: &'a str,
    description: &'a str,
    pub article: ArticleData<'a>,
    older: Option<Neighbour<'a>>,
    newer: Option<Neighbour<'a>>,
}

/// The article itself; also the page's `page`.
#[derive(Serialize)]
pub(crate) struct ArticleData<'a> {
    slug: &'a str,
    title: &'a str,
    date: String,
    date_display: String,
    datetime: Option<String>,
    source: Option<&'a str>,
    outlet_url: Option<String>,
    original_url: Option<&'a str>,
    authors: &'a [String],
    summary: &'a str,
    standfirst: Option<&'a str>,
    actors: Vec<ActorLink<'a>>,
    /// Newest first.
    events: Vec<EventCard<'a>>,
    tags: Vec<Link<'a>>,
    quotes: Vec<Quote<'a>>,
    notes: Vec<Note<'a>>,
    draft: bool,
    extra: Extra<'a>,
    body: String,
}

#[derive(Serialize)]
struct Quote<'a> {
    text: &'a str,
    /// The actor's name, or the speaker's as given.
    speaker: &'a str,
    actor: Option<ActorLink<'a>>,
    context: Option<&'a str>,
    /// The context cut around the quoted words, when it holds them: the
    /// page shows the quote inside its sentence.
    in_context: Option<InContext<'a>>,
    /// Too short, or cut from a sentence, to stand alone anywhere else.
    fragment: bool,
    said: String,
    said_display: String,
    said_given: bool,
    via: Option<&'a str>,
    disputed: Option<&'a str>,
    /// The other articles that report the same statement.
    also: Vec<Source<'a>>,
}

#[derive(Serialize)]
struct InContext<'a> {
    before: &'a str,
    quote: &'a str,
    after: &'a str,
}

/// `context` cut around the first place it holds `text`.
fn in_context<'a>(context: &'a str, text: &str) -> Option<InContext<'a>> {
    let text = text.trim();
    let at = context.find(text).filter(|_| !text.is_empty())?;
    Some(InContext {
        before: &context[..at],
        quote: &context[at..at + text.len()],
        after: &context[at + text.len()..],
    })
}

#[derive(Serialize)]
struct Note<'a> {
    text: &'a str,
    author: Option<&'a str>,
}

/// The page of article `i`, showing `body` (its Markdown body) when it is
/// given, else the body read from the article's file.
pub(crate) fn context<'a>(view: &View<'a>, i: usize, body: Option<&str>) -> ArticlePage<'a> {
    view.reads_article(i);
    view.reads_lists(At::Article(i));
    let b = view.briefing;
    let linked: &'a LinkedArticle = &b.articles[i];
    let a = &linked.article;
    let quotes = a
        .quotes
        .iter()
        .zip(&linked.quote_actors)
        .zip(&linked.quote_statements)
        .map(|((q, actor), &s)| {
            let actor = actor.map(|x| view.actor_link(x));
            let statement = &b.statements[s];
            Quote {
                text: &q.text,
                speaker: actor
                    .as_ref()
                    .map_or(q.speaker.as_deref().unwrap_or(""), |s| s.name),
                actor,
                context: q.context.as_deref(),
                in_context: q.context.as_deref().and_then(|c| in_context(c, &q.text)),
                fragment: statements::is_fragment(&q.text),
                said: statement.said.iso(),
                said_display: said_display(view.i18n(), statement.said),
                said_given: statement.said_given,
                via: q.via.as_deref(),
                disputed: q.disputed.as_deref(),
                also: statement
                    .sources
                    .iter()
                    .filter(|source| source.article != i)
                    .map(|source| view.source(source.article))
                    .collect(),
            }
        })
        .collect();
    let notes = a
        .notes
        .iter()
        .map(|n| Note {
            text: &n.text,
            author: n.author.as_deref(),
        })
        .collect();
    let newest_events: Vec<usize> = linked.events.iter().rev().copied().collect();
    let tags = linked
        .tags
        .iter()
        .map(|&t| {
            view.reads_lists(At::Tag(t));
            Link {
                name: &b.tags[t].name,
                url: view.href(&Page::Tag(b.tags[t].id(), 1)),
            }
        })
        .collect();
    ArticlePage {
        title: &a.title,
        description: &a.summary,
        article: ArticleData {
            slug: &a.slug,
            title: &a.title,
            date: linked.when.date.to_string(),
            date_display: view.i18n().date(linked.when.date),
            datetime: linked.when.datetime.map(|d| d.to_rfc3339()),
            source: a.source.as_deref(),
            outlet_url: linked.outlet.map(|o| view.href(&view.outlet_page(o))),
            original_url: a.url.as_deref(),
            authors: &a.authors,
            summary: &a.summary,
            standfirst: a.summary_given.then_some(a.summary.as_str()),
            actors: view.actor_links(&linked.actors),
            events: view.event_cards(&newest_events),
            tags,
            quotes,
            notes,
            draft: a.draft,
            extra: Extra(&a.extra),
            body: match body {
                Some(body) => view.article_markdown(body),
                None => view.article_body(i),
            },
        },
        older: linked.older.map(|o| view.neighbour(o)),
        newer: linked.newer.map(|n| view.neighbour(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fragment_is_cut_out_of_its_sentence() {
        let context = "In March, Biden called Putin a “butcher” who “cannot stay in power.”";
        let cut = in_context(context, "cannot stay in power.").unwrap();
        assert_eq!(cut.before, "In March, Biden called Putin a “butcher” who “");
        assert_eq!(cut.quote, "cannot stay in power.");
        assert_eq!(cut.after, "”");
        assert!(in_context("Biden announced his readiness.", "I’m prepared").is_none());
    }
}
