//! The timeline: every month by year, with the events' time line, and a
//! month's pages: its days, each with its events and articles, a bounded
//! number of items to a page (a day may begin on one page and go on on the
//! next, its heading on both).

use serde::Serialize;

use super::deps::At;
use super::routes::Page;
use super::view::{ArticleCard, EventCard, MonthLink, Pagination, View};

#[derive(Serialize)]
pub(crate) struct TimelinePage {
    title: String,
    years: Vec<Year>,
    chart: String,
}

#[derive(Serialize)]
struct Year {
    year: i32,
    months: Vec<MonthLink>,
}

pub(crate) fn index(view: &View<'_>) -> TimelinePage {
    let b = view.briefing;
    view.reads_counts();
    let mut years: Vec<Year> = Vec::new();
    for i in (0..b.months.len()).rev() {
        let year = b.months[i].year;
        match years.last_mut() {
            Some(y) if y.year == year => y.months.push(view.month_link(i)),
            _ => years.push(Year {
                year,
                months: vec![view.month_link(i)],
            }),
        }
    }
    TimelinePage {
        title: view.i18n().get("nav.timeline"),
        years,
        chart: view.events_chart(),
    }
}

#[derive(Serialize)]
pub(crate) struct MonthPage<'a> {
    title: String,
    days: Vec<Day<'a>>,
    previous: Option<MonthLink>,
    next: Option<MonthLink>,
    pagination: Pagination,
}

#[derive(Serialize)]
struct Day<'a> {
    date: String,
    date_display: String,
    weekday: &'a str,
    articles: Vec<ArticleCard<'a>>,
    events: Vec<EventCard<'a>>,
}

/// One item of a month, in the order its pages show them.
#[derive(Clone, Copy)]
enum Item {
    Event(usize),
    Article(usize),
}

/// Page `page` (from 1) of month `i`, with links to the months before and
/// after and to the month's other pages.
pub(crate) fn month<'a>(view: &View<'a>, i: usize, page: usize) -> MonthPage<'a> {
    let b = view.briefing;
    view.reads_lists(At::Month(i));
    let m = &b.months[i];
    let items: Vec<(usize, Item)> = m
        .days
        .iter()
        .enumerate()
        .flat_map(|(d, day)| {
            let events = day.events.iter().map(move |&e| (d, Item::Event(e)));
            events.chain(day.articles.iter().map(move |&a| (d, Item::Article(a))))
        })
        .collect();
    let mut days: Vec<(usize, Vec<usize>, Vec<usize>)> = Vec::new();
    for &(d, item) in view.page_slice(&items, page) {
        if days.last().is_none_or(|(last, _, _)| *last != d) {
            days.push((d, Vec::new(), Vec::new()));
        }
        if let Some((_, events, articles)) = days.last_mut() {
            match item {
                Item::Event(e) => events.push(e),
                Item::Article(a) => articles.push(a),
            }
        }
    }
    let days = days
        .into_iter()
        .map(|(d, events, articles)| {
            let date = m.days[d].date;
            Day {
                date: date.to_string(),
                date_display: view.i18n().date(date),
                weekday: view.i18n().weekday(date),
                articles: view.cards(&articles),
                events: view.event_cards(&events),
            }
        })
        .collect();
    MonthPage {
        title: view.i18n().month_title(m.year, m.month),
        days,
        previous: i.checked_sub(1).map(|p| view.month_link(p)),
        next: (i + 1 < b.months.len()).then(|| view.month_link(i + 1)),
        pagination: view.pagination(items.len(), page, |p| Page::Month(m.year, m.month, p)),
    }
}
