//! What a shared or subscribed site gives others: link preview tags,
//! feeds, the favicon, robots.txt and a 404 page that works at any depth.

use std::path::Path;

use briefing::build::{self, BuildOptions};

const FIXTURE: &str = "tests/fixtures/small-site";
const ARTICLE: &str = "articles/2022-12-02-kremlin-open-to-talks/index.html";

mod common;
use common::copy_dir;

/// The fixture site built into `public/` of a temporary copy, with its
/// `base_url` or, when `with_base_url` is false, without one.
fn built(with_base_url: bool, pretty_urls: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FIXTURE), dir.path());
    let site_toml = dir.path().join("site.toml");
    let mut settings = std::fs::read_to_string(&site_toml).unwrap();
    if !with_base_url {
        settings = settings.replace("base_url = \"https://example.org/briefing\"\n", "");
    }
    if pretty_urls {
        settings.push_str("pretty_urls = true\n");
    }
    std::fs::write(&site_toml, settings).unwrap();
    build::build(&BuildOptions {
        root: dir.path().to_path_buf(),
        output: Some(dir.path().join("public")),
        drafts: false,
        base_url: None,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn read(site: &tempfile::TempDir, file: &str) -> String {
    let path = site.path().join("public").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn an_article_carries_its_card_when_the_site_has_an_address() {
    let site = built(true, false);
    let page = read(&site, ARTICLE);
    let url = "https://example.org/briefing/articles/2022-12-02-kremlin-open-to-talks/index.html";
    for tag in [
        format!("<link rel=\"canonical\" href=\"{url}\">"),
        format!("<meta property=\"og:url\" content=\"{url}\">"),
        "<meta property=\"og:type\" content=\"article\">".to_string(),
        "<meta property=\"og:title\" content=\"Kremlin open to talks if West recognises &#39;new territories&#39;\">".to_string(),
        "<meta property=\"og:site_name\" content=\"Test Briefing\">".to_string(),
        "<meta property=\"article:published_time\" content=\"2022-12-02T00:00:00Z\">".to_string(),
        "<meta name=\"twitter:card\" content=\"summary\">".to_string(),
    ] {
        assert!(page.contains(&tag), "{tag} missing in\n{page}");
    }
    // Twitter reads the title and description from og:*, so they are
    // written once.
    assert!(!page.contains("twitter:title") && !page.contains("twitter:description"));
    let summary =
        "President Vladimir Putin is open to talks, the Kremlin said, a day after Biden spoke.";
    assert_eq!(descriptions(&page), [summary, summary]);
}

/// The page's `description` and `og:description`.
fn descriptions(page: &str) -> Vec<&str> {
    [
        "<meta name=\"description\" content=\"",
        "<meta property=\"og:description\" content=\"",
    ]
    .iter()
    .map(|tag| {
        let start = page
            .find(tag)
            .unwrap_or_else(|| panic!("{tag} missing in\n{page}"))
            + tag.len();
        &page[start..start + page[start..].find('"').unwrap()]
    })
    .collect()
}

#[test]
fn a_long_description_is_cut_as_a_search_result_shows_it() {
    let site = built(true, false);
    let sentence =
        "Negotiators met again in Geneva on the exchange of prisoners and the grain corridor. ";
    std::fs::write(
        site.path().join("content/articles/2022-12-03-long.md"),
        format!(
            "+++\ntitle = \"Long\"\ndate = 2022-12-03\n+++\n{}\n",
            sentence.repeat(5)
        ),
    )
    .unwrap();
    build::build(&BuildOptions {
        root: site.path().to_path_buf(),
        output: Some(site.path().join("public")),
        drafts: false,
        base_url: None,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let page = read(&site, "articles/2022-12-03-long/index.html");
    let cut = "Negotiators met again in Geneva on the exchange of prisoners and the grain corridor. Negotiators met again in Geneva on the exchange of prisoners and the grain…";
    assert!(cut.chars().count() <= 160);
    assert_eq!(descriptions(&page), [cut, cut]);
}

#[test]
fn every_other_page_is_a_website_card_with_its_own_address() {
    let site = built(true, true);
    let actor = read(&site, "actors/vladimir-putin/index.html");
    assert!(actor.contains(
        "<link rel=\"canonical\" href=\"https://example.org/briefing/actors/vladimir-putin/\">"
    ));
    assert!(actor.contains("<meta property=\"og:type\" content=\"website\">"));
    assert!(actor.contains("<meta property=\"og:title\" content=\"Vladimir Putin\">"));
    assert!(!actor.contains("article:published_time"));
    let front = read(&site, "index.html");
    assert!(front.contains("<link rel=\"canonical\" href=\"https://example.org/briefing/\">"));
    assert!(front.contains("<meta property=\"og:title\" content=\"Test Briefing\">"));
    assert!(front
        .contains("<meta property=\"og:description\" content=\"A small site for golden tests\">"));
    // No one shares a missing page.
    assert!(!read(&site, "404.html").contains("og:"));
}

#[test]
fn without_an_address_no_page_has_a_card() {
    let site = built(false, false);
    for file in [
        ARTICLE,
        "index.html",
        "actors/vladimir-putin/index.html",
        "events/g20-bali/index.html",
    ] {
        let page = read(&site, file);
        assert!(!page.contains("rel=\"canonical\""), "{file}");
        assert!(!page.contains("og:"), "{file}");
        assert!(!page.contains("twitter:"), "{file}");
    }
}

#[test]
fn every_page_links_the_built_in_favicon_relatively() {
    let site = built(false, false);
    let icon = read(&site, "favicon.svg");
    assert!(
        icon.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{icon}"
    );
    for (file, href) in [
        ("index.html", "./favicon.svg"),
        (ARTICLE, "../../favicon.svg"),
        ("actors/russia/page/2/index.html", "../../../../favicon.svg"),
        ("search/index.html", "../favicon.svg"),
    ] {
        let tag = format!("<link rel=\"icon\" href=\"{href}\">");
        assert!(read(&site, file).contains(&tag), "{file}: {tag}");
    }
}

#[test]
fn robots_txt_points_at_the_sitemap_only_when_there_is_one() {
    let with = built(true, false);
    assert_eq!(
        read(&with, "robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/briefing/sitemap.xml\n"
    );
    let without = built(false, false);
    assert_eq!(read(&without, "robots.txt"), "User-agent: *\nAllow: /\n");
    assert!(!without.path().join("public/sitemap.xml").exists());
}

/// An Atom feed as a parser reads it: the feed's own elements (name and
/// text) and each entry's, with the `type` of its `content`, the `href` of
/// its `link` and its author's `name` (as `author`).
#[derive(Debug, Default)]
struct Feed {
    elements: std::collections::BTreeMap<String, String>,
    entries: Vec<std::collections::BTreeMap<String, String>>,
}

fn parse_feed(xml: &str) -> Feed {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut feed = Feed::default();
    let mut path: Vec<String> = Vec::new();
    loop {
        match reader
            .read_event()
            .unwrap_or_else(|e| panic!("not XML: {e}\n{xml}"))
        {
            Event::Start(start) => {
                let name = start.name().as_ref().to_string();
                if name == "entry" {
                    feed.entries.push(Default::default());
                }
                if name == "content" {
                    let kind = start
                        .try_get_attribute("type")
                        .unwrap()
                        .map(|a| a.value.to_string());
                    let entry = feed.entries.last_mut().expect("content outside an entry");
                    entry.insert("content@type".into(), kind.unwrap_or_default());
                }
                path.push(name);
            }
            Event::Empty(empty) if empty.name().as_ref() == "link" => {
                let href = empty
                    .try_get_attribute("href")
                    .unwrap()
                    .map(|a| a.value.to_string());
                if let (Some(entry), Some(href)) = (feed.entries.last_mut(), href) {
                    if path.last().map(String::as_str) == Some("entry") {
                        entry.insert("link@href".into(), href);
                    }
                }
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Text(text) => {
                let text = text.into_inner().to_string();
                match path.as_slice() {
                    [feed_element, name] if feed_element == "feed" => {
                        feed.elements.insert(name.clone(), text);
                    }
                    [_, entry, name] if entry == "entry" => {
                        let entry = feed.entries.last_mut().unwrap();
                        entry.entry(name.clone()).or_default().push_str(&text);
                    }
                    [_, entry, author, name]
                        if entry == "entry" && author == "author" && name == "name" =>
                    {
                        let entry = feed.entries.last_mut().unwrap();
                        entry.entry("author".into()).or_default().push_str(&text);
                    }
                    _ => {}
                }
            }
            Event::GeneralRef(reference) => {
                let name = reference.into_inner().to_string();
                let ch = match name.as_str() {
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "amp" => "&".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    other => match other.strip_prefix("#x") {
                        Some(hex) => char::from_u32(u32::from_str_radix(hex, 16).unwrap())
                            .unwrap()
                            .to_string(),
                        None => char::from_u32(other[1..].parse().unwrap())
                            .unwrap()
                            .to_string(),
                    },
                };
                if let [_, entry, name] = path.as_slice() {
                    if entry == "entry" {
                        let entry = feed.entries.last_mut().unwrap();
                        entry.entry(name.clone()).or_default().push_str(&ch);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    feed
}

/// What every entry of a valid Atom feed has (RFC 4287 4.1.2: an entry
/// without `content` has a `summary` and an alternate link).
const ENTRY_ELEMENTS: [&str; 7] = [
    "id",
    "title",
    "updated",
    "published",
    "link@href",
    "author",
    "summary",
];

fn entry_ids(feed: &Feed) -> Vec<String> {
    feed.entries.iter().map(|e| e["id"].clone()).collect()
}

#[test]
fn the_site_feed_carries_whole_articles_with_ids_that_outlive_pretty_urls() {
    let plain = built(true, false);
    let feed = parse_feed(&read(&plain, "atom.xml"));
    for required in ["id", "title", "updated"] {
        assert!(feed.elements.contains_key(required), "{required}: {feed:?}");
    }
    assert_eq!(feed.entries.len(), 3);
    for entry in &feed.entries {
        for required in ENTRY_ELEMENTS.iter().chain(&["content"]) {
            assert!(entry.contains_key(*required), "{required}: {entry:?}");
        }
        assert_eq!(entry["content@type"], "html");
    }
    let kremlin = feed
        .entries
        .iter()
        .find(|e| e["title"].starts_with("Kremlin open to talks"))
        .unwrap();
    assert_eq!(
        kremlin["id"],
        "tag:example.org,2022-12-02:briefing/articles/2022-12-02-kremlin-open-to-talks"
    );
    assert_eq!(kremlin["published"], "2022-12-02T00:00:00Z");
    // The whole body, as HTML once unescaped.
    assert!(
        kremlin["content"].starts_with("<p>"),
        "{}",
        kremlin["content"]
    );
    assert!(kremlin["content"].len() > kremlin["summary"].len());
    let pretty = built(true, true);
    assert_eq!(
        entry_ids(&parse_feed(&read(&pretty, "atom.xml"))),
        entry_ids(&feed)
    );
}

#[test]
fn every_sitemap_entry_has_a_lastmod() {
    let site = built(true, false);
    let sitemap = read(&site, "sitemap.xml");
    let urls = sitemap.matches("<url>").count();
    assert!(urls > 20, "{sitemap}");
    assert_eq!(sitemap.matches("<lastmod>").count(), urls, "{sitemap}");
    assert!(sitemap.contains(
        "<url><loc>https://example.org/briefing/events/g20-bali/index.html</loc><lastmod>2022-11-16</lastmod></url>"
    ), "{sitemap}");
    assert!(!sitemap.contains("-262"), "{sitemap}");
}

/// The values of `attribute="…"` in `html` after each `prefix`.
fn values_after<'h>(html: &'h str, prefix: &str) -> Vec<&'h str> {
    html.split(prefix)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

#[test]
fn a_list_pages_lastmod_is_the_newest_date_it_shows() {
    let site = built(true, false);
    let sitemap = read(&site, "sitemap.xml");
    let mut checked = Vec::new();
    for entry in sitemap
        .split("<url><loc>https://example.org/briefing/")
        .skip(1)
    {
        let (address, rest) = entry.split_once("</loc><lastmod>").unwrap();
        let lastmod = rest.split('<').next().unwrap();
        let page = read(&site, address);
        // A month shows each day's events and articles; the other lists,
        // their articles (an actor's first page also shows its events).
        let dates = if address.starts_with("timeline/2") {
            values_after(&page, "data-date=\"")
        } else if ["tags/", "outlets/", "actors/"]
            .iter()
            .any(|list| address.starts_with(list) && !address.contains("/quotes/"))
        {
            values_after(&page, "<article class=\"card\" data-date=\"")
        } else {
            continue;
        };
        if let Some(newest) = dates.iter().max() {
            assert_eq!(lastmod, *newest, "{address}");
            checked.push(address);
        }
    }
    for list in ["tags/", "outlets/", "actors/", "timeline/"] {
        assert!(checked.iter().any(|a| a.starts_with(list)), "{checked:?}");
    }
    for list in ["actors/", "timeline/"] {
        assert!(
            checked
                .iter()
                .any(|a| a.starts_with(list) && a.contains("/page/2/")),
            "a second page of {list} in {checked:?}"
        );
    }
}

#[test]
fn each_actor_event_and_tag_has_a_feed_its_page_links() {
    let site = built(true, true);
    let feed = parse_feed(&read(&site, "actors/vladimir-putin/atom.xml"));
    assert_eq!(feed.elements["title"], "Vladimir Putin · Test Briefing");
    assert_eq!(
        feed.elements["id"],
        "https://example.org/briefing/actors/vladimir-putin/atom.xml"
    );
    assert_eq!(
        entry_ids(&feed),
        // Newest first; the G20 piece names him in its body.
        [
            "tag:example.org,2022-12-02:briefing/articles/2022-12-02-kremlin-open-to-talks",
            "tag:example.org,2022-11-10:briefing/articles/2022-11-10-g20-attendance"
        ]
    );
    let actor = read(&site, "actors/vladimir-putin/index.html");
    assert!(actor.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Vladimir Putin · Test Briefing\" href=\"../../actors/vladimir-putin/atom.xml\">"
    ), "{actor}");
    for (page, feed) in [
        ("events/g20-bali/index.html", "events/g20-bali/atom.xml"),
        ("tags/peace-talks/index.html", "tags/peace-talks/atom.xml"),
    ] {
        let parsed = parse_feed(&read(&site, feed));
        assert!(!parsed.entries.is_empty(), "{feed}");
        assert!(
            read(&site, page).contains(&format!("href=\"../../{feed}\">")),
            "{page}"
        );
    }
    let without = built(false, false);
    assert!(!without
        .path()
        .join("public/actors/vladimir-putin/atom.xml")
        .exists());
    assert!(!read(&without, "actors/vladimir-putin/index.html").contains("atom.xml"));
}

/// The `href`s of the links in `html`.
fn link_targets(html: &str) -> Vec<String> {
    html.split("<a ")
        .skip(1)
        .filter_map(|a| a.split_once("href=\"").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split_once('"').map(|(href, _)| href.to_string()))
        .collect()
}

#[test]
fn the_not_found_page_links_from_the_host_root_without_an_address() {
    let site = built(false, false);
    let page = read(&site, "404.html");
    let links = link_targets(&page);
    assert!(links.len() >= 6, "{links:?}");
    for href in &links {
        if href.starts_with('#') {
            continue;
        }
        // Served by a host at any depth, "/" is the site's top ...
        assert!(href.starts_with('/'), "{href} in {links:?}");
        let file = site.path().join("public").join(&href[1..]);
        assert!(file.is_file(), "{href}: no {}", file.display());
    }
    // ... and opened from disk, where 404.html is the file at the top, the
    // page makes each "/x" into "./x".
    assert!(
        page.contains("if (location.protocol === \"file:\")"),
        "{page}"
    );
    assert!(page.contains("link.setAttribute(\"href\", \".\" + link.getAttribute(\"href\"));"));
    assert!(!page.contains("src="), "{page}");
    // With an address, its links are absolute and it needs no script.
    let with = read(&built(true, false), "404.html");
    assert!(with.contains("href=\"https://example.org/briefing/timeline/index.html\""));
    assert!(!with.contains("<script>"), "{with}");
}

#[test]
fn a_topic_feed_entry_has_the_summary_and_link_but_not_the_body() {
    let site = built(true, false);
    let whole = parse_feed(&read(&site, "atom.xml"));
    let kremlin_in_site_feed = whole
        .entries
        .iter()
        .find(|e| e["title"].starts_with("Kremlin open to talks"))
        .unwrap();
    for topic in [
        "actors/vladimir-putin/atom.xml",
        "events/g20-bali/atom.xml",
        "tags/peace-talks/atom.xml",
    ] {
        let feed = parse_feed(&read(&site, topic));
        assert!(!feed.entries.is_empty(), "{topic}");
        for entry in &feed.entries {
            for required in ENTRY_ELEMENTS {
                assert!(
                    entry.contains_key(required),
                    "{topic} {required}: {entry:?}"
                );
            }
            assert!(!entry.contains_key("content"), "{topic}: {entry:?}");
            assert!(!entry.contains_key("content@type"), "{topic}: {entry:?}");
            assert!(!entry["summary"].is_empty(), "{topic}: {entry:?}");
        }
    }
    // The summary the article's page shows, and the same entry as the site
    // feed's but for the body.
    let putin = parse_feed(&read(&site, "actors/vladimir-putin/atom.xml"));
    let kremlin = &putin.entries[0];
    assert_eq!(
        kremlin["link@href"],
        "https://example.org/briefing/articles/2022-12-02-kremlin-open-to-talks/index.html"
    );
    let mut without_body = kremlin_in_site_feed.clone();
    without_body.remove("content");
    without_body.remove("content@type");
    assert_eq!(kremlin, &without_body);
    let page = read(
        &site,
        "articles/2022-12-02-kremlin-open-to-talks/index.html",
    );
    let summary_html = kremlin["summary"]
        .replace('&', "&amp;")
        .replace('\'', "&#39;")
        .replace('"', "&quot;");
    assert!(
        page.contains(&summary_html),
        "{}\n{page}",
        kremlin["summary"]
    );
}
