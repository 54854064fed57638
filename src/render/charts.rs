//! Pictures drawn at build time as inline SVG: no script and no chart
//! library. Each takes plain data and returns markup with a title and a text
//! alternative; every piece of text from content is escaped.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

use crate::i18n::Catalogue;
use crate::text::escape_html as esc;

const WIDTH: f64 = 640.0;

/// Dots on the events axis closer than this, in drawing units, stack.
const DOT_SPACING: f64 = 13.0;
/// Rows of stacked dots before the events chart draws counts per month.
const MAX_ROWS: usize = 6;

/// A bar per month from the first to the last month with any article, gaps
/// included, so the picture is true to time.
pub fn mentions_per_month(i18n: &Catalogue, title: &str, counts: &[((i32, u32), usize)]) -> String {
    per_month(i18n, title, "count.articles", counts)
}

/// A bar per month of things counted as the interface text `noun` says,
/// with the scale marked at the busiest month.
fn per_month(i18n: &Catalogue, title: &str, noun: &str, counts: &[((i32, u32), usize)]) -> String {
    let (Some(first), Some(last)) = (counts.first(), counts.last()) else {
        return String::new();
    };
    let months = month_range(first.0, last.0);
    let max = counts.iter().map(|c| c.1).max().unwrap_or(1).max(1);
    let height = 134.0;
    let (top, plot) = (16.0, height - 24.0);
    let step = WIDTH / months.len() as f64;
    let total: usize = counts.iter().map(|c| c.1).sum();
    let busiest = counts
        .iter()
        .max_by_key(|c| (c.1, std::cmp::Reverse(c.0)))
        .map(|c| c.0);
    let month_name = |(year, month): (i32, u32)| i18n.month_short(year, month);
    let mut summary = i18n.with(
        "chart.summary",
        &[
            ("count", &i18n.count(noun, total)),
            ("first", &month_name(first.0)),
            ("last", &month_name(last.0)),
        ],
    );
    if let Some(b) = busiest {
        summary.push_str(&i18n.with("chart.busiest", &[("month", &month_name(b))]));
    }
    let mut svg = open_svg(title, &summary, height, Holds::Picture);
    let _ = write!(
        svg,
        "<line class=\"grid\" x1=\"0\" x2=\"{WIDTH}\" y1=\"{top}\" y2=\"{top}\"/><text class=\"axis\" x=\"0\" y=\"{:.1}\">{}</text>",
        top - 4.0,
        esc(&i18n.with(
            "chart.busiest_scale",
            &[("count", &i18n.count(noun, max))]
        ))
    );
    for (i, month) in months.iter().enumerate() {
        let count = counts.iter().find(|c| c.0 == *month).map_or(0, |c| c.1);
        let h = (plot - top) * count as f64 / max as f64;
        let x = i as f64 * step;
        if count > 0 {
            let _ = write!(
                svg,
                "<rect class=\"bar\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{}: {count}</title></rect>",
                x + step * 0.1,
                plot - h,
                (step * 0.8).max(1.0),
                h.max(1.0),
                esc(&month_name(*month))
            );
        }
        if month.1 == 1 || i == 0 {
            let _ = write!(
                svg,
                "<text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                x,
                height - 6.0,
                month.0
            );
        }
    }
    let _ = write!(
        svg,
        "<line class=\"baseline\" x1=\"0\" x2=\"{WIDTH}\" y1=\"{plot}\" y2=\"{plot}\"/>"
    );
    svg.push_str("</svg>");
    figure(title, &svg)
}

/// Events as points on a date axis, each a link to its page; events close
/// in time stack. When they would stack higher than [`MAX_ROWS`], the
/// picture shows events per month instead (the list beside it links them).
pub fn events_on_axis(
    i18n: &Catalogue,
    title: &str,
    events: &[(NaiveDate, &str, String)],
) -> String {
    let (Some(first), Some(last)) = (
        events.iter().map(|e| e.0).min(),
        events.iter().map(|e| e.0).max(),
    ) else {
        return String::new();
    };
    let span = (last - first).num_days().max(1) as f64;
    let x_of = |date: NaiveDate| 8.0 + (WIDTH - 16.0) * (date - first).num_days() as f64 / span;
    let mut by_date: Vec<&(NaiveDate, &str, String)> = events.iter().collect();
    by_date.sort_by_key(|e| e.0);
    // The rightmost x in each row; each dot takes the lowest row with room.
    let mut rows: Vec<f64> = Vec::new();
    let mut placed: Vec<(f64, usize)> = Vec::with_capacity(by_date.len());
    for event in &by_date {
        let x = x_of(event.0);
        let row = match rows.iter().position(|&end| x - end >= DOT_SPACING) {
            Some(row) => row,
            None if rows.len() < MAX_ROWS => {
                rows.push(f64::NEG_INFINITY);
                rows.len() - 1
            }
            None => {
                let counts = crate::text::count_per_month(by_date.iter().map(|e| e.0));
                return per_month(i18n, title, "count.events", &counts);
            }
        };
        rows[row] = x;
        placed.push((x, row));
    }
    let axis_y = 12.0 + 14.0 * rows.len() as f64;
    let height = axis_y + 26.0;
    let summary = i18n.with(
        "chart.summary",
        &[
            ("count", &i18n.count("count.events", events.len())),
            ("first", &i18n.date(first)),
            ("last", &i18n.date(last)),
        ],
    );
    let mut svg = open_svg(title, &summary, height, Holds::Links);
    let _ = write!(
        svg,
        "<line class=\"baseline\" x1=\"8\" x2=\"{}\" y1=\"{axis_y}\" y2=\"{axis_y}\"/>",
        WIDTH - 8.0
    );
    for ((date, name, url), (x, row)) in by_date.iter().map(|e| (e.0, e.1, &e.2)).zip(placed) {
        let y = axis_y - 8.0 - 14.0 * row as f64;
        let _ = write!(
            svg,
            "<a href=\"{}\"><circle class=\"event-dot\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"6\"><title>{} ({})</title></circle></a>",
            esc(url),
            esc(name),
            i18n.date(date)
        );
    }
    for year in first.year()..=last.year() {
        let Some(jan) = NaiveDate::from_ymd_opt(year, 1, 1) else {
            continue;
        };
        let x = if jan < first { 8.0 } else { x_of(jan) };
        let _ = write!(
            svg,
            "<text class=\"axis\" x=\"{x:.1}\" y=\"{}\">{year}</text>",
            height - 8.0
        );
    }
    svg.push_str("</svg>");
    figure(title, &svg)
}

/// The picture with its title shown above it. On a narrow screen the
/// figure scrolls sideways, so it takes focus for keyboard scrolling.
fn figure(title: &str, svg: &str) -> String {
    format!(
        "<figure class=\"chart-figure\" tabindex=\"0\"><figcaption>{}</figcaption>{svg}</figure>",
        esc(title)
    )
}

/// An actor in the middle and the actors most often named with it around,
/// a thicker line for more shared articles.
pub fn co_mention_network(
    i18n: &Catalogue,
    title: &str,
    center: &str,
    others: &[(&str, u32, String)],
) -> String {
    if others.is_empty() {
        return String::new();
    }
    let height = 300.0;
    let (cx, cy) = (WIDTH / 2.0, height / 2.0);
    let max = others.iter().map(|o| o.1).max().unwrap_or(1).max(1) as f64;
    let listed = others
        .iter()
        .map(|(name, count, _)| format!("{name} ({count})"))
        .collect::<Vec<_>>()
        .join(", ");
    let summary = i18n.with("chart.network", &[("name", center), ("others", &listed)]);
    let mut svg = open_svg(title, &summary, height, Holds::Links);
    let n = others.len() as f64;
    let mut nodes = String::new();
    for (i, (name, count, url)) in others.iter().enumerate() {
        let angle = std::f64::consts::TAU * i as f64 / n - std::f64::consts::FRAC_PI_2;
        let (x, y) = (cx + 175.0 * angle.cos(), cy + 115.0 * angle.sin());
        let weight = 1.0 + 5.0 * f64::from(*count) / max;
        let _ = write!(
            svg,
            "<line class=\"edge\" x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke-width=\"{weight:.1}\"/>"
        );
        let anchor = if x < cx - 10.0 {
            "end"
        } else if x > cx + 10.0 {
            "start"
        } else {
            "middle"
        };
        // Beside the node left and right; above or below it at the top and
        // bottom, where a label beside would sit on the node's own edge.
        let (dx, dy) = match anchor {
            "end" => (-8.0, 4.0),
            "start" => (8.0, 4.0),
            _ if y < cy => (0.0, -10.0),
            _ => (0.0, 18.0),
        };
        let _ = write!(
            nodes,
            "<a href=\"{}\"><circle class=\"node\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\"/>{}</a>",
            esc(url),
            label(
                "label",
                x + dx,
                y + dy,
                anchor,
                &format!("{} ({count})", esc(name))
            )
        );
    }
    svg.push_str(&nodes);
    let _ = write!(
        svg,
        "<circle class=\"node center\" cx=\"{cx}\" cy=\"{cy}\" r=\"9\"/>{}</svg>",
        label("label center", cx, cy - 14.0, "middle", &esc(center))
    );
    figure(title, &svg)
}

/// A label drawn over a halo of the page colour, so that no edge runs
/// through it; the halo is hidden from assistive technology.
fn label(class: &str, x: f64, y: f64, anchor: &str, text: &str) -> String {
    let at = format!("x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\"");
    format!("<text class=\"halo\" {at} aria-hidden=\"true\">{text}</text><text class=\"{class}\" {at}>{text}</text>")
}

/// Whether a picture is only to look at, or holds links to follow: assistive
/// technology reads a picture as one image, but must reach links inside it.
enum Holds {
    Picture,
    Links,
}

fn open_svg(title: &str, summary: &str, height: f64, holds: Holds) -> String {
    let id = crate::slug::slugify(title);
    let role = match holds {
        Holds::Picture => "img",
        Holds::Links => "group",
    };
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" role=\"{role}\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        esc(title),
        esc(summary)
    )
}

fn month_range(first: (i32, u32), last: (i32, u32)) -> Vec<(i32, u32)> {
    let mut months = Vec::new();
    let (mut y, mut m) = first;
    while (y, m) <= last {
        months.push((y, m));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Catalogue {
        Catalogue::default()
    }

    #[test]
    fn months_without_articles_still_take_their_place() {
        let svg = mentions_per_month(&en(), "Mentions", &[((2022, 11), 2), ((2023, 2), 1)]);
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("<desc id=\"mentions-d\">3 articles from Nov 2022 to Feb 2023; busiest month Nov 2022</desc>"), "{svg}");
        assert!(svg.contains(">2023</text>"), "{svg}");
    }

    #[test]
    fn the_text_alternative_is_in_the_site_language() {
        let uk = Catalogue::built_in("uk").unwrap();
        let svg = mentions_per_month(&uk, "Згадки", &[((2022, 11), 2), ((2023, 2), 3)]);
        assert!(
            svg.contains(">5 статей з лист. 2022 по лют. 2023; найбільше — лют. 2023</desc>"),
            "{svg}"
        );
        assert!(
            svg.contains(">3 статті у найактивніший місяць</text>"),
            "{svg}"
        );
    }

    #[test]
    fn names_are_escaped() {
        let svg = co_mention_network(
            &en(),
            "Network",
            "<b>",
            &[("A&B", 2, "x/index.html".into())],
        );
        assert!(
            svg.contains("&lt;b&gt;") && svg.contains("A&amp;B (2)"),
            "{svg}"
        );
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn the_scale_and_caption_are_shown() {
        let svg = mentions_per_month(&en(), "Mentions", &[((2022, 11), 2), ((2023, 2), 1)]);
        assert!(svg.starts_with("<figure class=\"chart-figure\" tabindex=\"0\"><figcaption>Mentions</figcaption><svg"), "{svg}");
        assert!(
            svg.contains(">2 articles in the busiest month</text>"),
            "{svg}"
        );
    }

    #[test]
    fn events_close_in_time_stack_and_too_many_become_counts() {
        let day = |d| NaiveDate::from_ymd_opt(2025, 2, d).unwrap();
        let three = [
            (day(17), "Paris", "p.html".to_string()),
            (day(18), "Riyadh", "r.html".to_string()),
            (
                NaiveDate::from_ymd_opt(2027, 2, 1).unwrap(),
                "Later",
                "l.html".to_string(),
            ),
        ];
        let svg = events_on_axis(&en(), "Events", &three);
        let ys: Vec<&str> = svg.split("cy=\"").skip(1).map(|s| &s[..4]).collect();
        assert_eq!(ys.len(), 3, "{svg}");
        assert_ne!(ys[0], ys[1], "a day apart: stacked, {svg}");
        assert_eq!(ys[0], ys[2], "far apart: same row, {svg}");
        let crowd: Vec<(NaiveDate, &str, String)> = (0..40)
            .map(|i| (day(1 + i % 5), "E", "e.html".to_string()))
            .collect();
        let svg = events_on_axis(&en(), "Events", &crowd);
        assert!(!svg.contains("<circle"), "{svg}");
        assert!(
            svg.contains(">40 events in the busiest month</text>"),
            "{svg}"
        );
    }

    #[test]
    fn nothing_to_draw_draws_nothing() {
        assert_eq!(mentions_per_month(&en(), "M", &[]), "");
        assert_eq!(events_on_axis(&en(), "E", &[]), "");
        assert_eq!(co_mention_network(&en(), "N", "x", &[]), "");
    }
}
