//! The timeline: every month by year, with the events' time line, and a
//! month's pages: its days, each with its events and articles, a bounded
//! number of items to a page (a day may begin on one page and go on on the
//! next, its heading on both).

use serde::Serialize;

use super::deps::At;
use super::routes::Page;
use super::view::{ArticleCard, EventCard, Listed, MonthLink, Pagination, View};

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
    articles: Vec<Listed<ArticleCard<'a>>>,
    events: Vec<Listed<EventCard<'a>>>,
}

/// Page `page` (from 1) of month `i`, with links to the months before and
/// after and to the month's other pages. A month lists each day's events,
/// then its articles, and a page shows a slice of that list: only the days
/// the slice meets are looked at in full, as a month holds more items the
/// busier the site, and has more pages.
pub(crate) fn month<'a>(view: &View<'a>, i: usize, page: usize) -> MonthPage<'a> {
    let b = view.briefing;
    view.reads_lists(At::Month(i));
    let m = &b.months[i];
    let total = m.item_count();
    let per_page = b.config.articles_per_page.max(1);
    let start = (page.saturating_sub(1) * per_page).min(total);
    let end = (start + per_page).min(total);
    let mut days = Vec::new();
    let mut first_of_day = 0;
    for day in &m.days {
        let (events, articles) = (day.events.len(), day.articles.len());
        let (from, to) = (first_of_day, first_of_day + events + articles);
        first_of_day = to;
        if to <= start || from == to {
            continue;
        }
        if from >= end {
            break;
        }
        // The slice's part of this day, as positions in the day's list.
        let (shown_from, shown_to) = (start.max(from) - from, end.min(to) - from);
        let of_events = &day.events[shown_from.min(events)..shown_to.min(events)];
        let of_articles =
            &day.articles[shown_from.max(events) - events..shown_to.max(events) - events];
        let date = day.date;
        days.push(Day {
            date: date.to_string(),
            date_display: view.i18n().date(date),
            weekday: view.i18n().weekday(date),
            articles: view.listed_cards(of_articles, 3),
            events: view.listed_event_cards(of_events, 3),
        });
    }
    MonthPage {
        title: view.i18n().month_title(m.year, m.month),
        days,
        previous: i.checked_sub(1).map(|p| view.month_link(p)),
        next: (i + 1 < b.months.len()).then(|| view.month_link(i + 1)),
        pagination: view.pagination(total, page, |p| Page::Month(m.year, m.month, p)),
    }
}
