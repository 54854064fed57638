//! The front page: the latest articles with a link to every article, the
//! most named actors with their latest quote, recent events, every month
//! folded by year, and the counts of it all.

use serde::Serialize;

use super::charts;
use super::deps::At;
use super::routes::Page;
use super::view::{ActorLink, ArticleCard, EventCard, Listed, MonthLink, QuoteCard, View};
use crate::i18n::Catalogue;
use crate::model::When;

/// How many articles the front page leads with.
const FRONT_PAGE_ARTICLES: usize = 10;
/// How many actors and events the front page shows.
const FRONT_PAGE_ACTORS: usize = 12;
const FRONT_PAGE_EVENTS: usize = 8;

#[derive(Serialize)]
pub(crate) struct FrontPage<'a> {
    title: &'a str,
    state_of_play: Option<StateOfPlay>,
    mentions_chart: String,
    latest: Vec<Listed<ArticleCard<'a>>>,
    key_actors: Vec<KeyActor<'a>>,
    recent_events: Vec<Listed<EventCard<'a>>>,
    /// Every month by year, newest first.
    years: Vec<YearOfMonths>,
    /// The page of every article, when the front page shows only the latest.
    more_url: Option<String>,
    counts: Counts,
}

#[derive(Serialize)]
struct YearOfMonths {
    year: i32,
    article_count: usize,
    months: Vec<MonthLink>,
}

#[derive(Serialize)]
struct KeyActor<'a> {
    actor: ActorLink<'a>,
    mentions: usize,
    /// The latest said of its quotes that stand on their own.
    latest_quote: Option<QuoteCard<'a>>,
}

/// The editor's `content/briefing.md`, which opens the page.
#[derive(Serialize)]
struct StateOfPlay {
    title: String,
    /// RFC 3339, or the date alone.
    updated: String,
    updated_display: String,
    body: String,
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
            latest_quote: b.actors[i].statements.first().map(|&s| view.quote_card(s)),
        })
        .collect();
    let recent: Vec<usize> = (0..b.events.len()).rev().take(FRONT_PAGE_EVENTS).collect();
    let recent_events = view.listed_event_cards(&recent, 3);
    let mut years: Vec<YearOfMonths> = Vec::new();
    for i in (0..b.months.len()).rev() {
        let month = view.month_link(i);
        match years.last_mut() {
            Some(y) if y.year == month.year => {
                y.article_count += month.article_count;
                y.months.push(month);
            }
            _ => years.push(YearOfMonths {
                year: month.year,
                article_count: month.article_count,
                months: vec![month],
            }),
        }
    }
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
    let state_of_play = b.state_of_play.as_ref().map(|s| {
        view.reads_state_of_play();
        StateOfPlay {
            title: s
                .title
                .clone()
                .unwrap_or_else(|| view.i18n().get("front.state_of_play")),
            updated: s
                .updated
                .datetime
                .map_or_else(|| s.updated.date.to_string(), |d| d.to_rfc3339()),
            updated_display: updated_display(view.i18n(), &s.updated),
            body: view.markdown(&s.body, None),
        }
    });
    FrontPage {
        title: &b.config.title,
        state_of_play,
        mentions_chart: charts::mentions_per_month(
            view.i18n(),
            &view.i18n().get("front.chart"),
            &per_month,
        ),
        latest: view.listed_cards(&latest, 3),
        key_actors,
        recent_events,
        years,
        more_url: (b.articles.len() > latest.len()).then(|| view.href(&Page::Timeline)),
        counts: Counts {
            articles: b.articles.len(),
            actors: b.actors.len(),
            events: b.events.len(),
        },
    }
}

/// `24 November 2026, 01:00 UTC`, `18 February 2025, 20:00 UTC+03:00`, or
/// the date alone.
fn updated_display(i18n: &Catalogue, when: &When) -> String {
    let Some(datetime) = when.datetime else {
        return i18n.date(when.date);
    };
    let offset = datetime.offset().local_minus_utc();
    let zone = if offset == 0 {
        "UTC".to_string()
    } else {
        format!("UTC{}", datetime.format("%:z"))
    };
    i18n.with(
        "date.time",
        &[
            ("date", &i18n.date(when.date)),
            ("time", &datetime.format("%H:%M").to_string()),
            ("zone", &zone),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_update_time_says_its_zone() {
        let en = Catalogue::default();
        let at = |text: &str| {
            let datetime = chrono::DateTime::parse_from_rfc3339(text).unwrap();
            When {
                date: datetime.date_naive(),
                datetime: Some(datetime),
            }
        };
        assert_eq!(
            updated_display(&en, &at("2026-11-24T01:00:00+00:00")),
            "24 November 2026, 01:00 UTC"
        );
        assert_eq!(
            updated_display(&en, &at("2025-02-18T20:30:00+03:00")),
            "18 February 2025, 20:30 UTC+03:00"
        );
        let day = When {
            date: chrono::NaiveDate::from_ymd_opt(2025, 2, 18).unwrap(),
            datetime: None,
        };
        assert_eq!(updated_display(&en, &day), "18 February 2025");
        let uk = Catalogue::built_in("uk").unwrap();
        assert_eq!(
            updated_display(&uk, &at("2026-11-24T01:00:00+00:00")),
            "24 листопада 2026, 01:00 UTC"
        );
    }
}
