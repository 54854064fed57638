//! The actors' index, by kind, and an actor's pages: profile, quotes,
//! events, the actors named with them, charts, and their articles a page
//! at a time.

use serde::Serialize;

use super::charts;
use super::deps::At;
use super::format::Extra;
use super::routes::{Page, ACTORS_PER_PAGE, QUOTES_ON_ACTOR_PAGE, QUOTES_PER_PAGE};
use super::view::{
    page_slice, ActorLink, ArticleCard, EventCard, Listed, Pagination, QuoteCard, View,
};
use crate::link::LinkedActor;
use crate::model::ActorKind;

#[derive(Serialize)]
pub(crate) struct ActorsPage<'a> {
    title: String,
    /// This page's actors, by kind.
    groups: Vec<KindGroup<'a>>,
    /// When the index takes more than one page: each kind, a link to the
    /// page where its actors begin.
    kind_links: Vec<KindLink>,
    pagination: Pagination,
}

#[derive(Serialize)]
struct KindGroup<'a> {
    kind: &'static str,
    title: String,
    actors: Vec<ActorEntry<'a>>,
}

#[derive(Serialize)]
struct ActorEntry<'a> {
    actor: ActorLink<'a>,
    mentions: usize,
}

#[derive(Serialize)]
struct KindLink {
    title: String,
    url: String,
}

/// The kinds in the order the index lists them.
const KINDS: [ActorKind; 3] = [
    ActorKind::Person,
    ActorKind::Organisation,
    ActorKind::Country,
];

/// Page `page` (from 1) of the actors' index: every actor by kind, in the
/// briefing's order within a kind (the order it had on one page), [`ACTORS_PER_PAGE`]
/// to a page.
pub(crate) fn index<'a>(view: &View<'a>, page: usize) -> ActorsPage<'a> {
    let b = view.briefing;
    view.reads_counts();
    // Which actors a page holds follows from every actor's kind and rank.
    for i in 0..b.actors.len() {
        view.reads_actor(i);
        view.reads_lists(At::Actor(i));
    }
    let by_kind: Vec<usize> = KINDS
        .iter()
        .flat_map(|&kind| (0..b.actors.len()).filter(move |&i| b.actors[i].actor.kind == kind))
        .collect();
    let pagination = view.pagination_by(ACTORS_PER_PAGE, by_kind.len(), page, Page::Actors);
    let mut kind_links = Vec::new();
    if pagination.total > 1 {
        for (at, &i) in by_kind.iter().enumerate() {
            let kind = b.actors[i].actor.kind;
            if at == 0 || b.actors[by_kind[at - 1]].actor.kind != kind {
                let on = Page::Actors(at / ACTORS_PER_PAGE + 1);
                kind_links.push(KindLink {
                    title: view.i18n().get(kind.plural_key()),
                    url: format!("{}#kind-{}", view.href(&on), kind.as_str()),
                });
            }
        }
    }
    let mut groups: Vec<KindGroup<'a>> = Vec::new();
    for &i in page_slice(&by_kind, page, ACTORS_PER_PAGE) {
        let kind = b.actors[i].actor.kind;
        let entry = ActorEntry {
            actor: view.actor_link(i),
            mentions: b.actors[i].articles.len(),
        };
        match groups.last_mut() {
            Some(group) if group.kind == kind.as_str() => group.actors.push(entry),
            _ => groups.push(KindGroup {
                kind: kind.as_str(),
                title: view.i18n().get(kind.plural_key()),
                actors: vec![entry],
            }),
        }
    }
    ActorsPage {
        title: view.i18n().get("nav.actors"),
        groups,
        kind_links,
        pagination,
    }
}

#[derive(Serialize)]
pub(crate) struct ActorPage<'a> {
    title: &'a str,
    description: String,
    mentions_chart: String,
    network_chart: String,
    pub actor: ActorData<'a>,
    /// The latest said, at most [`QUOTES_ON_ACTOR_PAGE`]; fragments are
    /// left to their articles.
    quotes: Vec<Listed<QuoteCard<'a>>>,
    /// How many quotes the actor has in all.
    quote_count: usize,
    /// The page of all of them, when the page shows only the latest.
    all_quotes_url: Option<String>,
    /// Newest first.
    events: Vec<Listed<EventCard<'a>>>,
    co_mentions: Vec<CoMention<'a>>,
    members: Vec<ActorLink<'a>>,
    articles: Vec<Listed<ArticleCard<'a>>>,
    pagination: Pagination,
}

/// The actor itself; also the page's `page`.
#[derive(Serialize)]
pub(crate) struct ActorData<'a> {
    slug: &'a str,
    name: &'a str,
    kind: &'static str,
    role: Option<&'a str>,
    country: Option<ActorLink<'a>>,
    /// The side it speaks for, its own or as an official its country's.
    side: Option<&'a str>,
    aliases: Vec<&'a str>,
    profile: String,
    mentions: usize,
    extra: Extra<'a>,
}

#[derive(Serialize)]
struct CoMention<'a> {
    actor: ActorLink<'a>,
    count: u32,
}

/// Page `page` (from 1) of actor `i`; only the first shows the profile,
/// quotes, charts, events, the actors named with it and its members: the
/// pages after it are the rest of its articles, so that what a page costs
/// and weighs does not grow with those lists.
pub(crate) fn context<'a>(view: &View<'a>, i: usize, page: usize) -> ActorPage<'a> {
    view.reads_actor(i);
    view.reads_lists(At::Actor(i));
    let linked: &'a LinkedActor = &view.briefing.actors[i];
    let a = &linked.actor;
    let first = page == 1;
    let shown = linked.statements.len().min(QUOTES_ON_ACTOR_PAGE);
    let quotes = if first {
        view.listed_quote_cards(&linked.statements[..shown], false)
    } else {
        Vec::new()
    };
    let id = linked.id();
    let all_quotes_url =
        (linked.statements.len() > shown).then(|| view.href(&Page::ActorQuotes(id.clone(), 1)));
    let newest_events: Vec<usize> = if first {
        linked.events.iter().rev().copied().collect()
    } else {
        Vec::new()
    };
    let co_mentions = if first {
        linked
            .co_mentions
            .iter()
            .map(|&(o, count)| CoMention {
                actor: view.actor_link(o),
                count,
            })
            .collect()
    } else {
        Vec::new()
    };
    let (mentions_chart, network_chart) = if first {
        charts_of(view, linked)
    } else {
        (String::new(), String::new())
    };
    let description = match &a.role {
        Some(role) => view.i18n().with(
            "actor.description_role",
            &[("name", &a.name), ("role", role)],
        ),
        None => view.i18n().with("actor.description", &[("name", &a.name)]),
    };
    ActorPage {
        title: &a.name,
        description,
        mentions_chart,
        network_chart,
        actor: ActorData {
            slug: &a.slug,
            name: &a.name,
            kind: a.kind.as_str(),
            role: a.role.as_deref(),
            country: linked.country.map(|c| view.actor_link(c)),
            side: linked.side.as_deref(),
            aliases: a.aliases.iter().map(|al| al.name.as_str()).collect(),
            profile: if first {
                view.markdown(&a.body, Some(i))
            } else {
                String::new()
            },
            mentions: linked.articles.len(),
            extra: Extra(&a.extra),
        },
        quotes,
        quote_count: linked.statements.len(),
        all_quotes_url,
        events: view.listed_event_cards(&newest_events, 3),
        co_mentions,
        members: if first {
            view.actor_links(&linked.members)
        } else {
            Vec::new()
        },
        articles: view.listed_cards(view.page_slice(&linked.articles, page), 3),
        pagination: view.pagination(linked.articles.len(), page, |p| Page::Actor(id.clone(), p)),
    }
}

#[derive(Serialize)]
pub(crate) struct QuotesPage<'a> {
    title: String,
    description: String,
    actor: ActorLink<'a>,
    side: Option<&'a str>,
    quote_count: usize,
    /// This page's quotes, the latest said first.
    quotes: Vec<Listed<QuoteCard<'a>>>,
    pagination: Pagination,
}

/// Page `page` (from 1) of everything actor `i` said, the latest first.
pub(crate) fn quotes<'a>(view: &View<'a>, i: usize, page: usize) -> QuotesPage<'a> {
    view.reads_actor(i);
    view.reads_lists(At::Actor(i));
    let linked: &'a LinkedActor = &view.briefing.actors[i];
    let name = &linked.actor.name;
    let id = linked.id();
    let statements = &linked.statements;
    QuotesPage {
        title: view.i18n().with("actor.quotes_title", &[("name", name)]),
        description: view.i18n().with(
            "actor.quotes_description",
            &[
                ("name", name),
                (
                    "count",
                    &view.i18n().count("count.quotes", statements.len()),
                ),
            ],
        ),
        actor: view.actor_link(i),
        side: linked.side.as_deref(),
        quote_count: statements.len(),
        quotes: view.listed_quote_cards(page_slice(statements, page, QUOTES_PER_PAGE), false),
        pagination: view.pagination_by(QUOTES_PER_PAGE, statements.len(), page, |p| {
            Page::ActorQuotes(id.clone(), p)
        }),
    }
}

/// Articles naming the actor per month, and the actors most often named
/// with them.
fn charts_of(view: &View<'_>, linked: &LinkedActor) -> (String, String) {
    let b = view.briefing;
    let per_month =
        crate::text::count_per_month(linked.articles.iter().map(|&a| b.articles[a].when.date));
    let name = &linked.actor.name;
    let i18n = view.i18n();
    let mentions = charts::mentions_per_month(
        i18n,
        &i18n.with("actor.chart_mentions", &[("name", name)]),
        &per_month,
    );
    let others: Vec<(&str, u32, String)> = linked
        .co_mentions
        .iter()
        .take(8)
        .map(|&(o, count)| (b.actors[o].actor.name.as_str(), count, view.actor_href(o)))
        .collect();
    let network = charts::co_mention_network(
        i18n,
        &i18n.with("actor.chart_network", &[("name", name)]),
        name,
        &others,
    );
    (mentions, network)
}
