//! The timeline: every month by year, with the events' time line, and a
//! month's page: its days, each with its articles and events.

use serde::Serialize;

use super::deps::At;
use super::format::{display_date, month_title};
use super::view::{ArticleCard, EventCard, MonthLink, View};
use crate::calendar;

#[derive(Serialize)]
pub(crate) struct TimelinePage {
    title: &'static str,
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
        title: "Timeline",
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
}

#[derive(Serialize)]
struct Day<'a> {
    date: String,
    date_display: String,
    weekday: &'static str,
    articles: Vec<ArticleCard<'a>>,
    events: Vec<EventCard<'a>>,
}

/// The page of month `i`, with links to the months before and after.
pub(crate) fn month<'a>(view: &View<'a>, i: usize) -> MonthPage<'a> {
    let b = view.briefing;
    view.reads_lists(At::Month(i));
    let m = &b.months[i];
    let days = m
        .days
        .iter()
        .map(|d| Day {
            date: d.date.to_string(),
            date_display: display_date(d.date),
            weekday: calendar::weekday_name(d.date),
            articles: view.cards(&d.articles),
            events: view.event_cards(&d.events),
        })
        .collect();
    MonthPage {
        title: month_title(m.year, m.month),
        days,
        previous: i.checked_sub(1).map(|p| view.month_link(p)),
        next: (i + 1 < b.months.len()).then(|| view.month_link(i + 1)),
    }
}
