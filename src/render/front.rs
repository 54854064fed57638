//! The front page: the latest articles, the most named actors with their
//! latest quote, recent events, every month, and the counts of it all.

use serde::Serialize;

use super::charts;
use super::deps::At;
use super::view::{ActorLink, ArticleCard, EventCard, MonthLink, QuoteWithSource, View};

/// How many articles the front page leads with.
const FRONT_PAGE_ARTICLES: usize = 10;
/// How many actors and events the front page shows.
const FRONT_PAGE_ACTORS: usize = 12;
const FRONT_PAGE_EVENTS: usize = 8;

#[derive(Serialize)]
pub(crate) struct FrontPage<'a> {
    title: &'a str,
    mentions_chart: String,
    latest: Vec<ArticleCard<'a>>,
    key_actors: Vec<KeyActor<'a>>,
    recent_events: Vec<EventCard<'a>>,
    months: Vec<MonthLink>,
    counts: Counts,
}

#[derive(Serialize)]
struct KeyActor<'a> {
    actor: ActorLink<'a>,
    mentions: usize,
    latest_quote: Option<QuoteWithSource<'a>>,
}

#[derive(Serialize)]
struct Counts {
    articles: usize,
    actors: usize,
    events: usize,
}

pub(crate) fn context<'a>(view: &View<'a>) -> FrontPage<'a> {
    let b = view.briefing;
    // The counts, the ranking of actors by mentions and the chart.
    view.reads_counts();
    (0..b.actors.len()).for_each(|i| view.reads_lists(At::Actor(i)));
    let latest: Vec<usize> = (0..b.articles.len().min(FRONT_PAGE_ARTICLES)).collect();
    let mut by_mentions: Vec<usize> = (0..b.actors.len()).collect();
    by_mentions.sort_by(|&x, &y| {
        b.actors[y]
            .articles
            .len()
            .cmp(&b.actors[x].articles.len())
            .then(x.cmp(&y))
    });
    let key_actors = by_mentions
        .into_iter()
        .filter(|&i| !b.actors[i].articles.is_empty())
        .take(FRONT_PAGE_ACTORS)
        .map(|i| KeyActor {
            actor: view.actor_link(i),
            mentions: b.actors[i].articles.len(),
            latest_quote: b.actors[i]
                .quotes
                .first()
                .map(|q| view.quote_with_source(q.article, q.index)),
        })
        .collect();
    let recent_events = (0..b.events.len())
        .rev()
        .take(FRONT_PAGE_EVENTS)
        .map(|i| view.event_card(i))
        .collect();
    let months = (0..b.months.len())
        .rev()
        .map(|i| view.month_link(i))
        .collect();
    let per_month: Vec<((i32, u32), usize)> = b
        .months
        .iter()
        .map(|m| {
            (
                (m.year, m.month),
                m.days.iter().map(|d| d.articles.len()).sum(),
            )
        })
        .filter(|&(_, n)| n > 0)
        .collect();
    FrontPage {
        title: &b.config.title,
        mentions_chart: charts::mentions_per_month("Articles per month", &per_month),
        latest: view.cards(&latest),
        key_actors,
        recent_events,
        months,
        counts: Counts {
            articles: b.articles.len(),
            actors: b.actors.len(),
            events: b.events.len(),
        },
    }
}
