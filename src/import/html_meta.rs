//! Reads what a saved page says about its article from the page's own data,
//! in this order of trust: JSON-LD (`NewsArticle`, `Article` and kin, also
//! inside `@graph` and arrays), OpenGraph and `article:*` meta tags, other
//! `<meta>` tags (`author`, `date`, ...), `<time datetime>`, the canonical
//! link; then chooses each field by checking the candidates against each
//! other. The visible text is the last resort and is read by [`super::html`].

use chrono::NaiveDate;
use dom_query::Document;
use serde_json::Value as Json;

use super::outlets::{host_of, Outlets};

/// JSON-LD types that describe the article itself.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
];

/// Meta tag names (`name`, `property` or `itemprop`, lower case) that give
/// the publication date.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
    "og:published_time",
];

/// Meta tag names that give the authors.
const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
];

/// Everything the page's data says, before any choice.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Candidates {
    /// `headline` of the JSON-LD article.
    pub headline: Option<String>,
    /// `og:title`, `twitter:title` and `<title>`, in that order.
    pub meta_titles: Vec<String>,
    /// The text of every `<h1>`, in page order.
    pub h1: Vec<String>,
    /// Publication dates as written, each with where it was found.
    pub published: Vec<(&'static str, String)>,
    /// Dates of the last change (`dateModified`, `article:modified_time`).
    pub modified: Vec<String>,
    /// Author lists, most trusted first.
    pub authors: Vec<Vec<String>>,
    /// Organisations named as the author (`"author": {"@type": "Organization"}`).
    pub author_organisations: Vec<String>,
    pub publisher: Option<String>,
    pub site_name: Option<String>,
    /// Canonical link, `og:url`, JSON-LD `url`, in that order.
    pub urls: Vec<String>,
    pub description: Option<String>,
}

/// Reads the candidates out of a parsed page.
pub fn candidates(doc: &Document) -> Candidates {
    let mut found = Candidates::default();
    for script in doc.select("script[type='application/ld+json']").iter() {
        if let Some(json) = parse_json_ld(&script.text()) {
            let mut articles = Vec::new();
            collect_articles(&json, &mut articles);
            for article in articles {
                read_json_ld(article, &mut found);
            }
        }
    }
    let mut meta_titles = Vec::new();
    let mut twitter_title = None;
    for tag in doc.select("meta").iter() {
        let Some(content) = tag.attr("content").map(|c| clean_text(&c)) else {
            continue;
        };
        if content.is_empty() {
            continue;
        }
        let key = ["property", "name", "itemprop"]
            .iter()
            .find_map(|a| tag.attr(a))
            .map(|k| k.trim().to_ascii_lowercase())
            .unwrap_or_default();
        match key.as_str() {
            "og:title" => meta_titles.push(content),
            "twitter:title" => twitter_title = Some(content),
            "og:site_name" => {
                found.site_name.get_or_insert(content);
            }
            "og:url" => found.urls.push(content),
            "og:description" | "description" => {
                found.description.get_or_insert(content);
            }
            "article:modified_time" | "og:updated_time" | "datemodified" | "last-modified" => {
                found.modified.push(content);
            }
            k if PUBLISHED_KEYS.contains(&k) => found.published.push(("meta", content)),
            k if AUTHOR_KEYS.contains(&k) && !content.contains("://") => {
                found.authors.push(split_names(&content));
            }
            _ => {}
        }
    }
    meta_titles.extend(twitter_title);
    let title = doc.select("title").first().text();
    let title = clean_text(&title);
    if !title.is_empty() {
        meta_titles.push(title);
    }
    found.meta_titles = meta_titles;
    for time in doc.select("time[datetime]").iter() {
        if let Some(value) = time.attr("datetime") {
            let value = clean_text(&value);
            if !value.is_empty() {
                found.published.push(("time", value));
            }
        }
    }
    for h1 in doc.select("h1").iter() {
        let text = clean_text(&h1.text());
        if !text.is_empty() {
            found.h1.push(text);
        }
    }
    if let Some(href) = doc.select("link[rel='canonical']").attr("href") {
        found.urls.insert(0, href.trim().to_string());
    }
    let microdata = doc.select("[itemprop='author'] [itemprop='name']");
    if let Some(name) = microdata.nodes().iter().find(|n| !in_story_card(n)) {
        found.authors.push(split_names(&clean_text(&name.text())));
    }
    found.authors.retain(|names| !names.is_empty());
    found
}

/// Inside an `<article>` that holds no `<h1>`: a card promoting another
/// story, whose byline is not the page's.
fn in_story_card(node: &dom_query::NodeRef) -> bool {
    node.ancestors_it(None)
        .find(|a| a.has_name("article"))
        .is_some_and(|card| !card.descendants_it().any(|d| d.has_name("h1")))
}

/// A JSON-LD block as JSON; pages often carry raw line breaks inside its
/// strings, which JSON forbids, so those are read as spaces.
fn parse_json_ld(text: &str) -> Option<Json> {
    let text = text.trim();
    let text = text
        .strip_prefix("<!--")
        .and_then(|t| t.strip_suffix("-->"))
        .unwrap_or(text);
    serde_json::from_str(text).ok().or_else(|| {
        let flat: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        serde_json::from_str(&flat).ok()
    })
}

/// Every object of an article type in `json`, at any depth of arrays and
/// `@graph` lists.
fn collect_articles<'a>(json: &'a Json, out: &mut Vec<&'a Json>) {
    match json {
        Json::Array(items) => items.iter().for_each(|i| collect_articles(i, out)),
        Json::Object(map) => {
            if has_type(json, ARTICLE_TYPES) {
                out.push(json);
            }
            if let Some(graph) = map.get("@graph") {
                collect_articles(graph, out);
            }
        }
        _ => {}
    }
}

fn has_type(json: &Json, types: &[&str]) -> bool {
    match json.get("@type") {
        Some(Json::String(t)) => types.contains(&t.as_str()),
        Some(Json::Array(list)) => list
            .iter()
            .any(|t| t.as_str().is_some_and(|t| types.contains(&t))),
        _ => false,
    }
}

fn read_json_ld(article: &Json, found: &mut Candidates) {
    let text = |key: &str| {
        article
            .get(key)
            .and_then(Json::as_str)
            .map(json_text)
            .filter(|t| !t.is_empty())
    };
    if found.headline.is_none() {
        found.headline = text("headline").or_else(|| text("name"));
    }
    if let Some(date) = text("datePublished").or_else(|| text("dateCreated")) {
        found.published.insert(0, ("json-ld", date));
    }
    if let Some(date) = text("dateModified") {
        found.modified.push(date);
    }
    if let Some(url) = text("url") {
        found.urls.push(url);
    }
    let mut people = Vec::new();
    for author in as_list(article.get("author")) {
        let name = match author {
            Json::String(name) => json_text(name),
            Json::Object(_) => author
                .get("name")
                .and_then(Json::as_str)
                .map(json_text)
                .unwrap_or_default(),
            _ => String::new(),
        };
        if name.is_empty() {
            continue;
        }
        if has_type(author, &["Organization", "NewsMediaOrganization"]) {
            found.author_organisations.push(name);
        } else {
            people.extend(split_names(&name));
        }
    }
    if !people.is_empty() {
        found.authors.insert(0, people);
    }
    if found.publisher.is_none() {
        found.publisher = as_list(article.get("publisher"))
            .into_iter()
            .find_map(|p| match p {
                Json::String(name) => Some(json_text(name)),
                _ => p.get("name").and_then(Json::as_str).map(json_text),
            })
            .filter(|name| !name.is_empty());
    }
}

fn as_list(value: Option<&Json>) -> Vec<&Json> {
    match value {
        Some(Json::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    }
}

/// Text with runs of whitespace as one space (the HTML parser has decoded
/// its entities already).
pub fn clean_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A JSON-LD string: script text is not decoded by the HTML parser, and
/// pages write entities there too (`Caf&eacute;`).
fn json_text(text: &str) -> String {
    clean_text(&htmlize::unescape(text))
}

/// The date a page's date value names: `2019-11-20T05:52:20-05:00`,
/// `2019-11-20` and `20201123T11:02:35Z` by their date part as written (the
/// page's own day), other forms through the text date reader.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if let Some(date) = value
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        return Some(date);
    }
    let compact = value
        .get(..8)
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()));
    if let Some(date) = compact.and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok()) {
        return Some(date);
    }
    super::dates::first_full_date(value)
}

/// A time stamp given in UTC (`Z`, `+00:00`): its day may be the next one
/// for the page's readers west of Greenwich, or the last one east of it.
fn is_utc(value: &str) -> bool {
    let value = value.trim();
    value.len() > 10
        && (value.ends_with('Z') || value.ends_with("+00:00") || value.ends_with("+0000"))
}

/// The publication date chosen from the page's data and the date shown
/// under its headline (`visible`), with where it came from, and warnings
/// where they disagree by more than a day. A modification date is never
/// taken. A UTC time stamp gives way to a local one (a `<time>` or the
/// visible date) that is a day off: that is the day the page's readers saw.
pub fn choose_date(
    found: &Candidates,
    visible: Option<NaiveDate>,
) -> (Option<(NaiveDate, String)>, Vec<String>) {
    let stamps: Vec<(NaiveDate, &'static str, bool)> = found
        .published
        .iter()
        .filter_map(|(from, value)| parse_date(value).map(|d| (d, *from, is_utc(value))))
        .collect();
    let data = stamps.iter().filter(|(_, from, _)| *from != "time");
    let local_data = data.clone().find(|(_, _, utc)| !utc);
    let local_time = stamps
        .iter()
        .find(|(_, from, utc)| *from == "time" && !utc)
        .map(|(d, _, _)| *d);
    let chosen = if let Some((date, from, _)) = local_data {
        Some((*date, format!("from the page's {from} data")))
    } else if let Some((date, from, _)) = data.clone().next() {
        let local = local_time.or(visible);
        match local.filter(|l| (*l - *date).num_days().abs() == 1) {
            Some(local) => Some((local, "from the page's local time".to_string())),
            None => Some((*date, format!("from the page's {from} data"))),
        }
    } else if let Some((date, _, _)) = stamps.first() {
        Some((*date, "from the page's <time> element".to_string()))
    } else {
        visible.map(|d| (d, "from the date under the headline".to_string()))
    };
    let mut warnings = Vec::new();
    if let Some((date, how)) = &chosen {
        let mut others: Vec<NaiveDate> = data
            .map(|(d, _, _)| *d)
            .chain(visible)
            .filter(|d| (*d - *date).num_days().abs() > 1)
            .collect();
        others.sort();
        others.dedup();
        if !others.is_empty() {
            let list: Vec<String> = others.iter().map(ToString::to_string).collect();
            warnings.push(format!(
                "publication date {date} taken {how}, but the page also gives {}: check which is right",
                list.join(", ")
            ));
        }
    }
    (chosen, warnings)
}

/// The headline as the page displays it: an `<h1>` that agrees with the
/// page's metadata titles (the metadata's own wording where the `<h1>` only
/// adds words after it, like a button's `Add to ...`), else the only `<h1>`
/// that reads like a headline, else the JSON-LD headline or a metadata title
/// without the site's name.
pub fn choose_title(found: &Candidates, site_names: &[&str]) -> Option<String> {
    let meta: Vec<String> = found
        .headline
        .iter()
        .chain(&found.meta_titles)
        .map(|t| strip_site_suffix(&strip_site_prefix(t, site_names), site_names))
        .collect();
    let h1: Vec<String> = found
        .h1
        .iter()
        .map(|h| strip_site_prefix(h, site_names))
        .filter(|h| h.split_whitespace().count() >= 4)
        .collect();
    for heading in &h1 {
        if let Some(title) = meta.iter().find(|m| titles_agree(heading, m)) {
            let extended = heading.len() > title.len() && key(heading).starts_with(&key(title));
            return Some(if extended {
                title.clone()
            } else {
                heading.clone()
            });
        }
    }
    if let [only] = h1.as_slice() {
        return Some(only.clone());
    }
    meta.into_iter()
        .next()
        .or_else(|| found.h1.first().cloned())
}

/// `Politics | Headline` → `Headline`: a section or site name before a bar.
fn strip_site_prefix(title: &str, site_names: &[&str]) -> String {
    match title.split_once(" | ") {
        Some((head, rest))
            if head.split_whitespace().count() <= 3
                && rest.split_whitespace().count() >= 4
                && !site_names.iter().any(|n| key(n) == key(rest)) =>
        {
            rest.trim().to_string()
        }
        _ => title.to_string(),
    }
}

/// Two titles are the same headline when one holds most of the other's words.
fn titles_agree(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    if a.len() < 3 || b.len() < 3 {
        return a == b && !a.is_empty();
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let shared = short.iter().filter(|w| long.contains(w)).count();
    shared * 10 >= short.len() * 8 && short.len() * 2 >= long.len()
}

/// `Headline | The Site` → `Headline`, when the part after the last
/// separator names the site (its name, or its host).
pub fn strip_site_suffix(title: &str, site_names: &[&str]) -> String {
    for separator in [" | ", " - ", " – ", " — ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            let tail_key = key(tail);
            let names_site = !tail_key.is_empty()
                && site_names.iter().any(|name| {
                    let name = key(name);
                    !name.is_empty() && (name.contains(&tail_key) || tail_key.contains(&name))
                });
            if names_site && !head.trim().is_empty() {
                return strip_site_suffix(head.trim(), site_names);
            }
        }
    }
    title.to_string()
}

/// Lower-case letters and digits only: `The Japan Times` → `thejapantimes`.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The outlet: the site's or the built-in table's name for the page's host
/// first (curated), then the JSON-LD publisher, then `og:site_name`.
/// Of the publisher and the site name, the one that the host spells
/// (`Deccan Herald` on `deccanherald.com`, not its `DH News Service`) wins.
pub fn choose_outlet(found: &Candidates, outlets: &Outlets) -> Option<String> {
    if let Some(name) = found.urls.iter().find_map(|u| outlets.for_address(u)) {
        return Some(name.to_string());
    }
    let host = found
        .urls
        .iter()
        .find_map(|u| host_of(u))
        .map(key)
        .unwrap_or_default();
    let named: Vec<&String> = found
        .publisher
        .iter()
        .chain(&found.site_name)
        .filter(|name| !name.contains("://"))
        .collect();
    let spelled_by_host = named.iter().find(|name| {
        let name = key(name);
        let bare = name.strip_prefix("the").unwrap_or(&name);
        !host.is_empty() && bare.len() >= 3 && host.contains(bare)
    });
    spelled_by_host
        .or(named.first())
        .map(|name| (*name).clone())
}

/// The page's own address: the canonical link, else `og:url`, else the
/// JSON-LD `url`; absolute `http(s)` addresses only.
pub fn choose_url(found: &Candidates) -> Option<String> {
    found
        .urls
        .iter()
        .find(|u| host_of(u).is_some() && !u.starts_with("//"))
        .cloned()
}

/// The authors: the first candidate list, most trusted first, that has
/// people in it (the byline under the headline, `visible`, last); a later
/// list that holds all of its names and more wins (metadata often names the
/// first author only). Names of the outlet or of an organisation credited
/// as author are not people.
pub fn choose_authors(found: &Candidates, outlet: Option<&str>, visible: &[String]) -> Vec<String> {
    let not_people: Vec<String> = outlet
        .into_iter()
        .chain(found.publisher.as_deref())
        .chain(found.site_name.as_deref())
        .chain(found.author_organisations.iter().map(String::as_str))
        .map(key)
        .collect();
    let visible = visible.to_vec();
    let lists: Vec<Vec<String>> = found
        .authors
        .iter()
        .chain(std::iter::once(&visible))
        .map(|names| {
            names
                .iter()
                .filter(|n| !not_people.contains(&key(n)))
                .cloned()
                .collect::<Vec<_>>()
        })
        .filter(|names| !names.is_empty())
        .collect();
    let Some(first) = lists.first() else {
        return Vec::new();
    };
    let holds_all = |list: &&Vec<String>| {
        list.len() > first.len() && first.iter().all(|n| list.iter().any(|m| key(m) == key(n)))
    };
    lists
        .iter()
        .filter(holds_all)
        .max_by_key(|list| list.len())
        .unwrap_or(first)
        .clone()
}

/// Words of roles and credits that stand beside names in a byline
/// (`AP National Security Writer`, `Online News Editor`, `DH News Service`)
/// and of placeholders (`No Author`): a part holding one is not a name.
const NOT_NAME_WORDS: &[&str] = &[
    "writer",
    "reporter",
    "correspondent",
    "editor",
    "editors",
    "contributor",
    "columnist",
    "staff",
    "desk",
    "service",
    "news",
    "press",
    "agency",
    "agencies",
    "reuters",
    "afp",
    "author",
    "admin",
    "unknown",
    "anonymous",
    "editorial",
    "team",
];

/// The people of a byline: `By LISA MASCARO, MARY CLARE JALONICK and ERIC
/// TUCKER` → three names; roles, handles, e-mail addresses, dates and
/// `Updated ...` dropped; all-capital names in title case.
pub fn split_names(byline: &str) -> Vec<String> {
    let line = byline.trim();
    let line = ["By", "by", "BY"]
        .iter()
        .find_map(|p| {
            line.strip_prefix(p)
                .filter(|r| r.starts_with(char::is_whitespace))
        })
        .map_or(line, str::trim_start);
    let dated_at = super::dates::mentions(line).first().map(|m| m.at);
    let line = dated_at.and_then(|at| line.get(..at)).unwrap_or(line);
    let line = line
        .split(['|', '\n', '•'])
        .next()
        .unwrap_or(line)
        .replace(" and ", ", ")
        .replace(" AND ", ", ")
        .replace(" & ", ", ");
    let mut names = Vec::new();
    for part in line.split([',', ';']) {
        let part = part.trim();
        let lower = part.to_lowercase();
        if part.is_empty()
            || part.contains('@')
            || part.chars().any(|c| c.is_ascii_digit())
            || lower.starts_with("updated")
            || lower.starts_with("published")
            || lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| NOT_NAME_WORDS.contains(&w))
        {
            continue;
        }
        if let Some(name) = person_name(part) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// A person's name: two to five words, each starting with a capital (small
/// particles like `de` or `van` allowed), no sentence punctuation.
fn person_name(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) || text.contains(['!', '?', ':', '"', '“', '(', ')']) {
        return None;
    }
    let particles = [
        "de", "da", "van", "von", "der", "del", "la", "le", "bin", "al",
    ];
    let capitalised = words
        .iter()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase) || particles.contains(w));
    if !capitalised {
        return None;
    }
    let all_caps = !text.chars().any(char::is_lowercase);
    Some(if all_caps {
        words
            .iter()
            .map(|w| {
                let lower = w.to_lowercase();
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        words.join(" ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> Candidates {
        candidates(&Document::from(html))
    }

    #[test]
    fn reads_json_ld_inside_a_graph_and_arrays() {
        let found = page(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},{"@type":["NewsArticle"],"headline":"Caf&eacute; owners protest","datePublished":"2019-11-20T05:52:20-05:00","dateModified":"2019-11-21T01:00:00Z","author":[{"@type":"Person","name":"Lisa Mascaro"},{"@type":"Person","name":"Eric Tucker"}],"publisher":{"@type":"Organization","name":"Associated Press"}}]}</script>"#,
        );
        assert_eq!(found.headline.as_deref(), Some("Café owners protest"));
        assert_eq!(
            found.published,
            [("json-ld", "2019-11-20T05:52:20-05:00".to_string())]
        );
        assert_eq!(found.modified, ["2019-11-21T01:00:00Z"]);
        assert_eq!(
            found.authors,
            [vec!["Lisa Mascaro".to_string(), "Eric Tucker".to_string()]]
        );
        assert_eq!(found.publisher.as_deref(), Some("Associated Press"));
    }

    #[test]
    fn a_json_ld_block_with_raw_line_breaks_is_still_read() {
        let found = page("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Two\nlines\"}</script>");
        assert_eq!(found.headline.as_deref(), Some("Two lines"));
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn a_modified_date_never_wins_and_disagreement_is_reported() {
        let found = Candidates {
            published: vec![
                ("json-ld", "2020-02-18T10:00:00+09:00".into()),
                ("meta", "2020-02-25".into()),
            ],
            modified: vec!["2020-03-01".into()],
            ..Candidates::default()
        };
        let (chosen, warnings) = choose_date(&found, None);
        assert_eq!(
            chosen,
            Some((day(2020, 2, 18), "from the page's json-ld data".to_string()))
        );
        assert_eq!(
            warnings,
            ["publication date 2020-02-18 taken from the page's json-ld data, but the page also gives 2020-02-25: check which is right"]
        );
        let only_modified = Candidates {
            modified: vec!["2020-03-01".into()],
            ..Candidates::default()
        };
        assert_eq!(choose_date(&only_modified, None).0, None);
    }

    #[test]
    fn a_local_time_beats_a_utc_stamp_a_day_off() {
        // SFGATE: the UTC stamp is already the next day; the local one is not.
        let sfgate = Candidates {
            published: vec![
                ("meta", "2019-11-20T05:57:50Z".into()),
                ("meta", "2019-11-19 21:57:00 -0800".into()),
            ],
            ..Candidates::default()
        };
        assert_eq!(
            choose_date(&sfgate, None).0.map(|c| c.0),
            Some(day(2019, 11, 19))
        );
        // Twin Cities: only UTC data, and a <time> in local time.
        let twin_cities = Candidates {
            published: vec![
                ("json-ld", "2023-11-09T05:30:59Z".into()),
                ("meta", "2023-11-09T05:30:59+00:00".into()),
                ("time", "2023-11-08 23:30:59".into()),
            ],
            ..Candidates::default()
        };
        assert_eq!(
            choose_date(&twin_cities, None).0.map(|c| c.0),
            Some(day(2023, 11, 8))
        );
    }

    #[test]
    fn reads_compact_and_written_dates() {
        // The Hutchinson News' JSON-LD.
        assert_eq!(parse_date("20201123T11:02:35Z"), Some(day(2020, 11, 23)));
        assert_eq!(
            parse_date("2019-11-19 21:57:00 -0800"),
            Some(day(2019, 11, 19))
        );
        // The Globe and Mail's broken <time> (minutes in the month's place).
        assert_eq!(parse_date("2014-57-30T01:12:25Z"), None);
    }

    #[test]
    fn a_longer_author_list_with_the_same_first_names_wins() {
        // Evening Standard: meta names one author, JSON-LD both.
        let found = Candidates {
            authors: vec![
                vec!["April Roach".into()],
                vec!["April Roach".into(), "Daniel O'Mahony".into()],
            ],
            ..Candidates::default()
        };
        assert_eq!(
            choose_authors(&found, Some("Evening Standard"), &[]),
            ["April Roach", "Daniel O'Mahony"]
        );
        // BBC: the organisation credited as author is not a person.
        let found = Candidates {
            author_organisations: vec!["BBC News".into()],
            ..Candidates::default()
        };
        assert!(choose_authors(&found, Some("BBC News"), &["BBC News".to_string()]).is_empty());
    }

    #[test]
    fn the_title_is_the_h1_that_agrees_with_the_metadata() {
        // The Telegraph's page: a logo in the first <h1>, the headline in the second.
        let found = Candidates {
            meta_titles: vec![
                "Plumber jailed after boiler killed millionaire's daughter - Telegraph".into(),
            ],
            h1: vec![
                "The Telegraph".into(),
                "Plumber jailed after boiler killed millionaire's daughter".into(),
            ],
            ..Candidates::default()
        };
        assert_eq!(
            choose_title(&found, &["The Telegraph"]).as_deref(),
            Some("Plumber jailed after boiler killed millionaire's daughter")
        );
        // The Japan Times: no agreeing <h1>, the site's name after a bar.
        let found = Candidates {
            meta_titles: vec![
                "Losing face: 6,000 surgical masks stolen from Kobe hospital | The Japan Times"
                    .into(),
            ],
            ..Candidates::default()
        };
        assert_eq!(
            choose_title(&found, &["The Japan Times"]).as_deref(),
            Some("Losing face: 6,000 surgical masks stolen from Kobe hospital")
        );
    }

    #[test]
    fn the_only_headline_like_h1_is_the_displayed_headline() {
        // The Hutchinson News: the metadata still has an earlier headline.
        let found = Candidates {
            headline: Some("The Latest: Germanys CureVac signs contract for new vaccine".into()),
            h1: vec!["The Latest: Spain's vaccination plan to kick off in January".into()],
            ..Candidates::default()
        };
        assert_eq!(
            choose_title(&found, &[]).as_deref(),
            Some("The Latest: Spain's vaccination plan to kick off in January")
        );
        // The Globe and Mail: a button's text inside the <h1>.
        let found = Candidates {
            meta_titles: vec!["Final manoeuvre of AirAsia flight raises questions over flying in storms".into()],
            h1: vec!["Final manoeuvre of AirAsia flight raises questions over flying in storms Add to ...".into()],
            ..Candidates::default()
        };
        assert_eq!(
            choose_title(&found, &[]).as_deref(),
            Some("Final manoeuvre of AirAsia flight raises questions over flying in storms")
        );
        // Twin Cities: the section's name before a bar.
        assert_eq!(
            strip_site_prefix("Politics | St. Louis Park elects a new mayor, apparently the first Somali American to lead a U.S. city", &[]),
            "St. Louis Park elects a new mayor, apparently the first Somali American to lead a U.S. city"
        );
    }

    #[test]
    fn a_dash_inside_a_headline_is_kept() {
        assert_eq!(
            strip_site_suffix("Turkey - Syria clashes", &["Reuters"]),
            "Turkey - Syria clashes"
        );
    }

    #[test]
    fn splits_bylines_into_people() {
        assert_eq!(
            split_names("By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER"),
            ["Lisa Mascaro", "Mary Clare Jalonick", "Eric Tucker"]
        );
        assert_eq!(split_names("By Jane Doe, Staff Writer"), ["Jane Doe"]);
        assert_eq!(split_names("Jane Doe | jane@example.com"), ["Jane Doe"]);
        assert_eq!(split_names("Editorial"), Vec::<String>::new());
        // Roles and placeholders (Houston Chronicle, La Prensa, The Japan Times).
        assert_eq!(
            split_names("By Robert Burns, AP National Security Writer"),
            ["Robert Burns"]
        );
        assert!(split_names("Online News Editor").is_empty());
        assert!(split_names("No Author").is_empty());
        // The Times of Israel: the date on the byline's line.
        assert_eq!(
            split_names("By Emily Burack 8 January 2020, 3:51 pm"),
            ["Emily Burack"]
        );
        // AP: the credit on its own line under the names.
        assert_eq!(
            split_names("By DANICA KIRKA and JILL LAWLESS\nAssociated Press"),
            ["Danica Kirka", "Jill Lawless"]
        );
    }

    #[test]
    fn the_name_the_host_spells_beats_a_news_service() {
        // Deccan Herald: JSON-LD publisher is its news service.
        let found = Candidates {
            publisher: Some("DH News Service".into()),
            site_name: Some("Deccan Herald".into()),
            urls: vec![
                "https://www.deccanherald.com/international/impeachment-sham-777897.html".into(),
            ],
            ..Candidates::default()
        };
        assert_eq!(
            choose_outlet(&found, &Outlets::built_in()).as_deref(),
            Some("Deccan Herald")
        );
    }

    #[test]
    fn a_byline_in_a_card_for_another_story_is_not_the_pages() {
        // The Telegraph: "More stories" cards carry schema.org authors.
        let found = page("<h1>Plumber jailed after boiler killed millionaire's daughter</h1><p>Text.</p><article class=\"card\"><h2>Russia-Ukraine latest news</h2><span itemprop=\"author\"><span itemprop=\"name\">Poppie Platt</span></span></article>");
        assert!(found.authors.is_empty());
    }

    #[test]
    fn the_host_table_beats_a_vague_site_name() {
        // AP pages hosted for member papers call the site "Hosted".
        let found = Candidates {
            site_name: Some("Hosted".into()),
            urls: vec![
                "https://hosted.ap.org/berkshireeagle/article/6486944b/unpredictable-sondland"
                    .into(),
            ],
            ..Candidates::default()
        };
        assert_eq!(
            choose_outlet(&found, &Outlets::built_in()).as_deref(),
            Some("Associated Press")
        );
    }
}
