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
    let month_name = |(year, month): (i32, u32)| i18n.month_short(year, month);
    let (Some(first), Some(last)) = (counts.first(), counts.last()) else {
        return String::new();
    };
    let months = month_range(first.0, last.0);
    let max = counts.iter().map(|c| c.1).max().unwrap_or(1).max(1);
    let height = 146.0;
    // The scale's words above its line at the busiest bar's top, at the
    // right (the end a phone shows first), with room for counts over bars.
    let (top, plot) = (28.0, height - 24.0);
    let step = WIDTH / months.len() as f64;
    let total: usize = counts.iter().map(|c| c.1).sum();
    let busiest = counts
        .iter()
        .max_by_key(|c| (c.1, std::cmp::Reverse(c.0)))
        .map(|c| c.0);
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
    let busiest_months = top_months(counts);
    let latest = counts.last().map(|c| c.0);
    let mut svg = open_svg(
        title,
        &summary,
        (0.0, WIDTH),
        height,
        Holds::Picture,
        Fit::TimeAxis,
    );
    let _ = write!(
        svg,
        "<line class=\"grid\" x1=\"0\" x2=\"{WIDTH}\" y1=\"{top}\" y2=\"{top}\"/><text class=\"axis\" x=\"{WIDTH}\" y=\"11\" text-anchor=\"end\">{}</text>",
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
            // The busiest months and the latest carry their count, which a
            // touch screen would otherwise never show.
            if busiest_months.iter().any(|b| b.0 == *month) || latest == Some(*month) {
                let _ = write!(
                    svg,
                    "<text class=\"value\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{count}</text>",
                    x + step / 2.0,
                    plot - h - 3.0
                );
            }
        }
        if month.1 == 1 || i == 0 {
            svg.push_str(&year_label(x, height - 6.0, month.0));
        }
    }
    let _ = write!(
        svg,
        "<line class=\"baseline\" x1=\"0\" x2=\"{WIDTH}\" y1=\"{plot}\" y2=\"{plot}\"/>"
    );
    svg.push_str("</svg>");
    let values: Vec<String> = busiest_months
        .iter()
        .map(|(m, n)| format!("{} ({n})", month_name(*m)))
        .collect();
    let mut text = i18n.with("chart.busiest_values", &[("list", &values.join(", "))]);
    if let Some(last) = counts.last().filter(|l| !busiest_months.contains(l)) {
        text.push_str(&i18n.with(
            "chart.latest_value",
            &[
                ("month", &month_name(last.0)),
                ("count", &last.1.to_string()),
            ],
        ));
    }
    figure(title, &svg, Fit::TimeAxis, &text)
}

/// The busiest months, at most three, busiest first (the later of equals
/// first).
fn top_months(counts: &[((i32, u32), usize)]) -> Vec<((i32, u32), usize)> {
    let mut busiest: Vec<((i32, u32), usize)> =
        counts.iter().copied().filter(|c| c.1 > 0).collect();
    busiest.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    busiest.truncate(3);
    busiest
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
    let mut svg = open_svg(
        title,
        &summary,
        (0.0, WIDTH),
        height,
        Holds::Links,
        Fit::TimeAxis,
    );
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
        svg.push_str(&year_label(x, height - 8.0, year));
    }
    svg.push_str("</svg>");
    let text = by_date.last().map_or(String::new(), |(date, name, _)| {
        i18n.with(
            "chart.latest_event",
            &[("name", name), ("date", &i18n.date(*date))],
        )
    });
    figure(title, &svg, Fit::TimeAxis, &text)
}

/// A year on a time axis, from `x` where it begins; one that begins too near
/// the right edge for its digits ends there instead, whole.
fn year_label(x: f64, y: f64, year: i32) -> String {
    let (x, anchor) = if x + 30.0 > WIDTH {
        (WIDTH, "end")
    } else {
        (x, "start")
    };
    format!("<text class=\"axis\" x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\">{year}</text>")
}

/// How a picture meets a screen narrower than itself.
#[derive(Clone, Copy)]
enum Fit {
    /// A time axis keeps its size, so its text stays readable, and scrolls
    /// in its box, which opens at the latest end.
    TimeAxis,
    /// Drawn smaller, whole; never larger than one unit to a pixel.
    Shrink,
}

/// The picture with its title above it and its top values below it as text
/// (`values`, not yet escaped), which a touch screen shows without hovering.
/// The picture sits in a box that scrolls sideways when it is wider than
/// the screen, and takes focus for keyboard scrolling.
fn figure(title: &str, svg: &str, fit: Fit, values: &str) -> String {
    let start = match fit {
        Fit::TimeAxis => " data-start=\"latest\"",
        Fit::Shrink => "",
    };
    let values = if values.is_empty() {
        String::new()
    } else {
        format!("<p class=\"chart-values\">{}</p>", esc(values))
    };
    format!(
        "<figure class=\"chart-figure\"><figcaption>{}</figcaption><div class=\"chart-scroll\"{start} tabindex=\"0\">{svg}</div>{values}</figure>",
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
    // Narrow, each label centred above or below its node rather than
    // beside it, so the star fits a phone's width with every label whole.
    let (rx, ry) = (110.0, 112.0);
    let max = others.iter().map(|o| o.1).max().unwrap_or(1).max(1) as f64;
    let listed = others
        .iter()
        .map(|(name, count, _)| format!("{name} ({count})"))
        .collect::<Vec<_>>()
        .join(", ");
    let summary = i18n.with("chart.network", &[("name", center), ("others", &listed)]);
    let n = others.len() as f64;
    let (mut edges, mut nodes) = (String::new(), String::new());
    // The drawing spans its labels, however long the names.
    let (mut left, mut right) = (cx - rx - 10.0, cx + rx + 10.0);
    for (i, (name, count, url)) in others.iter().enumerate() {
        let angle = std::f64::consts::TAU * i as f64 / n - std::f64::consts::FRAC_PI_2;
        let (x, y) = (cx + rx * angle.cos(), cy + ry * angle.sin());
        let weight = 1.0 + 5.0 * f64::from(*count) / max;
        let _ = write!(
            edges,
            "<line class=\"edge\" x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke-width=\"{weight:.1}\"/>"
        );
        // Above the nodes of the upper half and below the others, away from
        // the node's own edge, which leaves it towards the centre.
        let dy = if y < cy - 1.0 { -10.0 } else { 18.0 };
        let text = format!("{name} ({count})");
        let width = label_width(&text);
        (left, right) = (left.min(x - width / 2.0), right.max(x + width / 2.0));
        let _ = write!(
            nodes,
            "<a href=\"{}\"><circle class=\"node\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\"/>{}</a>",
            esc(url),
            label("label", x, y + dy, "middle", &esc(&text))
        );
    }
    let center_width = label_width(center);
    left = left.min(cx - center_width / 2.0) - 4.0;
    right = right.max(cx + center_width / 2.0) + 4.0;
    let mut svg = open_svg(
        title,
        &summary,
        (left, right),
        height,
        Holds::Links,
        Fit::Shrink,
    );
    svg.push_str(&edges);
    svg.push_str(&nodes);
    let _ = write!(
        svg,
        "<circle class=\"node center\" cx=\"{cx}\" cy=\"{cy}\" r=\"9\"/>{}</svg>",
        label("label center", cx, cy - 14.0, "middle", &esc(center))
    );
    let strongest: Vec<String> = others
        .iter()
        .take(3)
        .map(|(name, count, _)| format!("{name} ({count})"))
        .collect();
    let text = i18n.with("chart.strongest", &[("list", &strongest.join(", "))]);
    figure(title, &svg, Fit::Shrink, &text)
}

/// The width a label takes at 12 px, over-estimated (an average letter of
/// a sans-serif face is about 0.55 em; capitals and digits are wider).
fn label_width(text: &str) -> f64 {
    text.chars().count() as f64 * 7.2
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

/// The opening of a picture that spans `from` to `to` across.
fn open_svg(
    title: &str,
    summary: &str,
    (from, to): (f64, f64),
    height: f64,
    holds: Holds,
    fit: Fit,
) -> String {
    let id = crate::slug::slugify(title);
    let role = match holds {
        Holds::Picture => "img",
        Holds::Links => "group",
    };
    let width = to - from;
    let size = match fit {
        // Text at 11 units stays above 8 px.
        Fit::TimeAxis => format!("min-width:{:.0}px", width * 0.75),
        Fit::Shrink => format!("max-width:{width:.0}px"),
    };
    format!(
        "<svg class=\"chart\" viewBox=\"{from:.0} 0 {width:.0} {height}\" style=\"{size}\" role=\"{role}\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
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
        assert!(
            svg.contains("<p class=\"chart-values\">Найбільше: лют. 2023 (3), лист. 2022 (2).</p>"),
            "{svg}"
        );
    }

    #[test]
    fn months_without_articles_still_take_their_place() {
        let svg = mentions_per_month(&en(), "Mentions", &[((2022, 11), 2), ((2023, 2), 1)]);
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("<desc id=\"mentions-d\">3 articles from Nov 2022 to Feb 2023; busiest month Nov 2022</desc>"), "{svg}");
        assert!(svg.contains(">2023</text>"), "{svg}");
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
        assert!(svg.starts_with("<figure class=\"chart-figure\"><figcaption>Mentions</figcaption><div class=\"chart-scroll\" data-start=\"latest\" tabindex=\"0\"><svg"), "{svg}");
        assert!(
            svg.contains(">2 articles in the busiest month</text>"),
            "{svg}"
        );
    }

    #[test]
    fn the_top_values_are_printed_not_only_hovered() {
        let counts = [
            ((2024, 11), 4),
            ((2024, 12), 9),
            ((2025, 1), 2),
            ((2025, 2), 12),
            ((2025, 3), 9),
            ((2025, 4), 1),
        ];
        let svg = mentions_per_month(&en(), "Mentions", &counts);
        assert!(
            svg.ends_with("</svg></div><p class=\"chart-values\">Busiest: Feb 2025 (12), Mar 2025 (9), Dec 2024 (9). Latest: Apr 2025 (1).</p></figure>"),
            "{svg}"
        );
        let drawn: Vec<&str> = svg
            .split("<text class=\"value\"")
            .skip(1)
            .map(|rest| &rest[rest.find('>').unwrap() + 1..rest.find("</text>").unwrap()])
            .collect();
        assert_eq!(
            drawn,
            ["9", "12", "9", "1"],
            "on their bars, in month order"
        );
        let latest_busiest = mentions_per_month(&en(), "M", &[((2025, 1), 1), ((2025, 2), 3)]);
        assert!(
            latest_busiest.contains(">Busiest: Feb 2025 (3), Jan 2025 (1).</p>"),
            "the latest month, among the busiest, is not said twice: {latest_busiest}"
        );
    }

    #[test]
    fn a_star_holds_its_labels_whole_and_shrinks_to_a_phone() {
        // Seen at 375 px: the star, wider than the phone, showed its right
        // hand labels cut to "U" and "J" (Ukraine, Joe Biden). It now fits
        // its labels, however long, and shrinks to the screen.
        let others: Vec<(&str, u32, String)> = [
            "Volodymyr Zelensky",
            "United States of America",
            "European Union",
            "Joe Biden",
            "Russia",
            "North Atlantic Treaty Organization",
            "Ukraine",
            "Sergei Lavrov",
        ]
        .iter()
        .enumerate()
        .map(|(i, name)| (*name, 12 - i as u32, format!("{i}.html")))
        .collect();
        let svg = co_mention_network(&en(), "Network", "Vladimir Putin", &others);
        let view_box: Vec<f64> = svg
            .split("viewBox=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        let (from, to) = (view_box[0], view_box[0] + view_box[2]);
        assert!(to - from < 480.0, "narrower than a time axis: {view_box:?}");
        for part in svg.split("<text class=\"label\" ").skip(1) {
            let number = |key: &str| -> f64 {
                part.split(key)
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .unwrap()
                    .parse()
                    .unwrap()
            };
            let x = number("x=\"");
            let text = &part[part.find('>').unwrap() + 1..part.find("</text>").unwrap()];
            let width = label_width(text);
            let (start, end) = if part.contains("text-anchor=\"end\"") {
                (x - width, x)
            } else if part.contains("text-anchor=\"start\"") {
                (x, x + width)
            } else {
                (x - width / 2.0, x + width / 2.0)
            };
            assert!(
                start >= from && end <= to,
                "{text}: {start}..{end} outside {from}..{to}"
            );
        }
        assert!(
            svg.contains("<p class=\"chart-values\">Most often with: Volodymyr Zelensky (12), United States of America (11), European Union (10).</p>"),
            "{svg}"
        );
        assert!(
            svg.contains(&format!("style=\"max-width:{}px\"", view_box[2])),
            "{svg}"
        );
        assert!(!svg.contains("data-start"), "{svg}");
    }

    #[test]
    fn a_year_beginning_at_the_right_edge_is_drawn_whole() {
        // 25 months: January 2025, the last, begins 25.6 units from the edge.
        let svg = mentions_per_month(&en(), "M", &[((2023, 1), 2), ((2025, 1), 1)]);
        assert!(
            svg.contains(
                "<text class=\"axis\" x=\"307.2\" y=\"140.0\" text-anchor=\"start\">2024</text>"
            ),
            "{svg}"
        );
        assert!(
            svg.contains(
                "<text class=\"axis\" x=\"640.0\" y=\"140.0\" text-anchor=\"end\">2025</text>"
            ),
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
