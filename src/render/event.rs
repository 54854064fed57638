//! The events' index with its time line, and an event's page: its coverage,
//! its actors, the outlets that covered it, and what each side said.

use std::collections::HashMap;

use serde::Serialize;

use super::deps::At;
use super::format::{display_date, Extra};
use super::view::{ActorLink, ArticleCard, EventCard, Link, QuoteWithSource, View};
use crate::link::LinkedEvent;
use crate::model::ActorKind;

/// Quotes shown per actor on an event page before "more".
const QUOTES_SHOWN: usize = 3;

#[derive(Serialize)]
pub(crate) struct EventsPage<'a> {
    title: &'static str,
    events: Vec<EventCard<'a>>,
    chart: String,
}

pub(crate) fn index<'a>(view: &View<'a>) -> EventsPage<'a> {
    view.reads_counts();
    let all: Vec<usize> = (0..view.briefing.events.len()).collect();
    EventsPage {
        title: "Events",
        events: view.event_cards(&all),
        chart: view.events_chart(),
    }
}

#[derive(Serialize)]
pub(crate) struct EventPage<'a> {
    title: &'a str,
    description: String,
    pub event: EventData<'a>,
    actors: Vec<ActorLink<'a>>,
    articles: Vec<ArticleCard<'a>>,
    sides: Vec<Side<'a>>,
    outlets: Vec<Link<'a>>,
}

/// The event itself; also the page's `page`.
#[derive(Serialize)]
pub(crate) struct EventData<'a> {
    slug: &'a str,
    title: &'a str,
    date: String,
    date_display: String,
    end_date_display: Option<String>,
    place: Option<&'a str>,
    keywords: &'a [String],
    description: String,
    extra: Extra<'a>,
}

/// A country's actors (or those of no country) and what they said.
#[derive(Serialize)]
struct Side<'a> {
    side: Option<ActorLink<'a>>,
    actors: Vec<SaidBy<'a>>,
}

#[derive(Serialize)]
struct SaidBy<'a> {
    actor: ActorLink<'a>,
    quotes: Vec<QuoteWithSource<'a>>,
    more: Vec<QuoteWithSource<'a>>,
}

pub(crate) fn context<'a>(view: &View<'a>, i: usize) -> EventPage<'a> {
    view.reads_event(i);
    view.reads_lists(At::Event(i));
    let b = view.briefing;
    let linked: &'a LinkedEvent = &b.events[i];
    let e = &linked.event;
    let mut outlets: Vec<usize> = linked
        .articles
        .iter()
        .filter_map(|&a| {
            view.reads_lists(At::Article(a));
            b.articles[a].outlet
        })
        .collect();
    outlets.sort_unstable();
    outlets.dedup();
    let place = e
        .place
        .as_deref()
        .map(|p| format!(", {p}"))
        .unwrap_or_default();
    EventPage {
        title: &e.title,
        description: format!(
            "{}, {}{place}: its coverage and what each side said.",
            e.title,
            display_date(e.date)
        ),
        event: EventData {
            slug: &e.slug,
            title: &e.title,
            date: e.date.to_string(),
            date_display: display_date(e.date),
            end_date_display: e.end_date.filter(|&d| d != e.date).map(display_date),
            place: e.place.as_deref(),
            keywords: &e.keywords,
            description: view.markdown(&e.body, None),
            extra: Extra(&e.extra),
        },
        actors: view.actor_links(&linked.actors),
        articles: view.cards(&linked.articles),
        sides: sides(view, linked),
        outlets: outlets
            .iter()
            .map(|&o| Link {
                name: &b.outlets[o].name,
                url: view.href(&view.outlet_page(o)),
            })
            .collect(),
    }
}

/// What each side said about an event: the quotes of the covering
/// articles, by actor, and the actors grouped by side — the country an
/// actor belongs to (a country is its own side), then those with none.
/// Sides of the event's own actors come first.
fn sides<'a>(view: &View<'a>, linked: &LinkedEvent) -> Vec<Side<'a>> {
    let b = view.briefing;
    let mut order: Vec<usize> = linked.actors.clone();
    let mut said: HashMap<usize, Vec<QuoteWithSource<'a>>> = HashMap::new();
    for &a in &linked.articles {
        view.reads_lists(At::Article(a));
        for (index, actor) in b.articles[a].quote_actors.iter().enumerate() {
            if let Some(actor) = *actor {
                if !order.contains(&actor) {
                    order.push(actor);
                }
                said.entry(actor)
                    .or_default()
                    .push(view.quote_with_source(a, index));
            }
        }
    }
    let side_of = |actor: usize| match b.actors[actor].actor.kind {
        ActorKind::Country => Some(actor),
        _ => b.actors[actor].country,
    };
    let mut sides: Vec<(Option<usize>, Vec<SaidBy<'a>>)> = Vec::new();
    for actor in order {
        let Some(mut quotes) = said.remove(&actor) else {
            continue;
        };
        let more = quotes.split_off(quotes.len().min(QUOTES_SHOWN));
        let entry = SaidBy {
            actor: view.actor_link(actor),
            quotes,
            more,
        };
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
        .map(|(side, actors)| Side {
            side: side.map(|c| view.actor_link(c)),
            actors,
        })
        .collect()
}
