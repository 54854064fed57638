//! The events' index with its time line, and an event's page: its coverage,
//! its actors, the outlets that covered it, and what each side said.

use serde::Serialize;

use super::deps::At;
use super::format::Extra;
use super::routes::{Page, EVENTS_PER_PAGE};
use super::view::{
    page_slice, ActorLink, ArticleCard, EventCard, Link, Listed, Pagination, QuoteCard, View,
};
use crate::link::LinkedEvent;
use crate::statements::{self, Window};
use chrono::Datelike;

/// Quotes shown per speaker on an event page before "more".
const QUOTES_SHOWN: usize = 3;

#[derive(Serialize)]
pub(crate) struct EventsPage<'a> {
    title: String,
    /// This page's events by year, newest first.
    years: Vec<EventsOfYear<'a>>,
    /// Every year that has events, newest first, each a link to the page
    /// where its events begin.
    year_links: Vec<YearLink>,
    pagination: Pagination,
    chart: String,
}

#[derive(Serialize)]
struct EventsOfYear<'a> {
    year: i32,
    events: Vec<Listed<EventCard<'a>>>,
}

#[derive(Serialize)]
struct YearLink {
    year: i32,
    url: String,
}

/// Page `page` (from 1) of the events' index: every event, newest first,
/// [`EVENTS_PER_PAGE`] to a page, with a link to each year.
pub(crate) fn index<'a>(view: &View<'a>, page: usize) -> EventsPage<'a> {
    view.reads_counts();
    let events = &view.briefing.events;
    let newest_first: Vec<usize> = (0..events.len()).rev().collect();
    let year_of = |e: usize| events[e].event.date.year();
    let mut year_links: Vec<YearLink> = Vec::new();
    for (at, &e) in newest_first.iter().enumerate() {
        let year = year_of(e);
        if year_links.last().is_none_or(|y| y.year != year) {
            let on = Page::Events(at / EVENTS_PER_PAGE + 1);
            year_links.push(YearLink {
                year,
                url: format!("{}#y{year}", view.href(&on)),
            });
        }
    }
    let mut years: Vec<(i32, Vec<usize>)> = Vec::new();
    for &e in page_slice(&newest_first, page, EVENTS_PER_PAGE) {
        match years.last_mut() {
            Some((year, of_year)) if *year == year_of(e) => of_year.push(e),
            _ => years.push((year_of(e), vec![e])),
        }
    }
    EventsPage {
        title: view.i18n().get("nav.events"),
        years: years
            .into_iter()
            .map(|(year, of_year)| EventsOfYear {
                year,
                events: view.listed_event_cards(&of_year, 3),
            })
            .collect(),
        year_links,
        pagination: view.pagination_by(EVENTS_PER_PAGE, events.len(), page, Page::Events),
        chart: view.events_chart(),
    }
}

#[derive(Serialize)]
pub(crate) struct EventPage<'a> {
    title: &'a str,
    description: String,
    pub event: EventData<'a>,
    actors: Vec<ActorLink<'a>>,
    articles: Vec<Listed<ArticleCard<'a>>>,
    window: WindowData,
    columns: Vec<Column<'a>>,
    outlets: Vec<Link<'a>>,
    /// The events just before and after this one in time.
    previous: Option<Neighbour<'a>>,
    next: Option<Neighbour<'a>>,
}

#[derive(Serialize)]
struct Neighbour<'a> {
    title: &'a str,
    url: String,
    date: String,
    date_display: String,
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

/// A side and who spoke for it; a party with no speaker says so.
#[derive(Serialize)]
struct Column<'a> {
    name: String,
    url: Option<String>,
    /// One of the event's `parties`.
    party: bool,
    speakers: Vec<SaidBy<'a>>,
}

#[derive(Serialize)]
struct SaidBy<'a> {
    name: &'a str,
    url: Option<String>,
    quotes: Vec<Listed<QuoteCard<'a>>>,
    more: Vec<Listed<QuoteCard<'a>>>,
}

/// The days in which a quote can be about the event.
#[derive(Serialize)]
struct WindowData {
    from: String,
    to: String,
    from_display: String,
    to_display: String,
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
            view.article_outlet(a)
        })
        .collect();
    outlets.sort_unstable();
    outlets.dedup();
    let window = Window::of(e);
    let i18n = view.i18n();
    let date = i18n.date(e.date);
    let description = match e.place.as_deref() {
        Some(place) => i18n.with(
            "event.description_place",
            &[("title", &e.title), ("date", &date), ("place", place)],
        ),
        None => i18n.with("event.description", &[("title", &e.title), ("date", &date)]),
    };
    let neighbour = |n: usize| {
        view.reads_event(n);
        let other = &b.events[n].event;
        Neighbour {
            title: &other.title,
            url: view.event_href(n),
            date: other.date.to_string(),
            date_display: i18n.date(other.date),
        }
    };
    EventPage {
        previous: i.checked_sub(1).map(neighbour),
        next: (i + 1 < b.events.len()).then(|| neighbour(i + 1)),
        title: &e.title,
        description,
        event: EventData {
            slug: &e.slug,
            title: &e.title,
            date: e.date.to_string(),
            date_display: i18n.date(e.date),
            end_date_display: e.end_date.filter(|&d| d != e.date).map(|d| i18n.date(d)),
            place: e.place.as_deref(),
            keywords: &e.keywords,
            description: view.markdown(&e.body, None),
            extra: Extra(&e.extra),
        },
        actors: view.actor_links(&linked.actors),
        articles: view.listed_cards(&linked.articles, 3),
        window: WindowData {
            from: window.from.to_string(),
            to: window.to.to_string(),
            from_display: i18n.date(window.from),
            to_display: i18n.date(window.to),
        },
        columns: columns(view, i),
        outlets: outlets
            .iter()
            .map(|&o| Link {
                name: &b.outlets[o].name,
                url: view.href(&view.outlet_page(o)),
            })
            .collect(),
    }
}

/// The columns of the event's page (see [`crate::link::Briefing::columns`]),
/// each speaker's first quotes shown and the rest behind "more". A column
/// whose side is a country actor's name links to that country.
fn columns<'a>(view: &View<'a>, e: usize) -> Vec<Column<'a>> {
    let b = view.briefing;
    for &a in &b.events[e].articles {
        view.reads_lists(At::Article(a));
    }
    b.columns(e)
        .into_iter()
        .map(|column| {
            let country = column
                .side
                .as_deref()
                .and_then(|side| b.country_named(side));
            Column {
                url: country.map(|c| view.actor_href(c)),
                name: column
                    .side
                    .unwrap_or_else(|| statements::OTHERS.to_string()),
                party: column.party,
                speakers: column
                    .speakers
                    .into_iter()
                    .map(|speaker| {
                        let name = speaker
                            .statements
                            .first()
                            .map_or("", |&s| view.speaker_name(s));
                        let mut quotes = view.listed_quote_cards(&speaker.statements, false);
                        let more = quotes.split_off(quotes.len().min(QUOTES_SHOWN));
                        SaidBy {
                            name,
                            url: speaker.actor.map(|a| view.actor_href(a)),
                            quotes,
                            more,
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}
