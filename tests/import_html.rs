//! `briefing import` of saved pages end to end: a page's data becomes the
//! front matter and its story the Markdown body, a folder mixing pages and
//! pasted text imports both, the site's `[outlets]` names a host, a page
//! with no story is refused with the reason, and cut pages never panic.

use std::fs;
use std::path::{Path, PathBuf};

use briefing::import::{import, ImportOptions, ImportReport};

/// A page as news sites save them: JSON-LD with a `@graph`, OpenGraph,
/// a masthead date above the headline, a share bar, a caption, related
/// stories, and entities in the JSON-LD.
const PAGE: &str = r#"<!doctype html>
<html lang="en-GB"><head>
<title>Talks resume in Geneva | Example News</title>
<meta property="og:site_name" content="Example">
<link rel="canonical" href="https://www.example-news.com/2025/02/18/talks-resume">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Example"},
{"@type":"NewsArticle","headline":"Talks resume in Geneva","datePublished":"2025-02-18T09:30:00+01:00",
"dateModified":"2025-02-20T10:00:00+01:00","author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"}],
"publisher":{"@type":"Organization","name":"Example News Service"},"description":"Caf&eacute; talks"}]}</script>
</head><body>
<div class="masthead">Friday 21 February 2025</div>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Talks resume in Geneva</h1>
<div class="byline">By Jane Doe and John Roe</div>
<div class="share-bar"><a href="https://facebook.com/share">Share on Facebook</a></div>
<figure><img src="a.jpg"><figcaption>Delegates arrive. Photo: Reuters</figcaption></figure>
<p>GENEVA (Reuters) — Negotiators met again on Tuesday for the first time since the autumn, diplomats said, and both sides called the mood constructive.</p>
<h2>What comes next</h2>
<p>The envoy said the delegations would meet again in a week, and that <a href="https://example-news.com/earlier">an earlier round</a> had cleared the way for it.</p>
<blockquote><p>We are ready to talk for as long as it takes to reach a settlement that lasts.</p></blockquote>
<p>Both delegations are expected to report to their capitals before the next round begins in early March.</p>
</article>
<section class="related"><h3>Related stories</h3><ul><li><a href="/x">Another story about something else entirely</a></li></ul></section>
</body></html>"#;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("site.toml"),
        "title = \"T\"\n\n[outlets]\n\"example-news.com\" = \"Example News\"\n",
    )
    .expect("site.toml written");
    fs::create_dir_all(dir.path().join("content/articles")).expect("content folder");
    dir
}

fn run(root: &Path, inputs: &[PathBuf]) -> ImportReport {
    import(root, inputs, &ImportOptions::default()).expect("import runs")
}

fn written(root: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = fs::read_dir(root.join("content/articles"))
        .expect("articles folder")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| fs::read_to_string(p).expect("article read"))
        .collect()
}

#[test]
fn a_saved_page_becomes_an_article_with_its_datas_front_matter() {
    let dir = site();
    let root = dir.path();
    let page = root.join("talks.html");
    fs::write(&page, PAGE).expect("page written");
    let report = run(root, std::slice::from_ref(&page));
    assert_eq!(report.inputs[0].refused, None, "{:#?}", report.lines());
    let articles = written(root);
    assert_eq!(articles.len(), 1);
    let text = &articles[0];
    let (front, body) = text[4..].split_once("\n+++\n").expect("front matter");
    let table: toml::Table = toml::from_str(front).expect("TOML front matter");
    assert_eq!(table["title"].as_str(), Some("Talks resume in Geneva"));
    assert_eq!(table["date"].to_string(), "2025-02-18");
    assert_eq!(table["source"].as_str(), Some("Example News"));
    assert_eq!(
        table["url"].as_str(),
        Some("https://www.example-news.com/2025/02/18/talks-resume")
    );
    assert_eq!(
        table["authors"].as_array().map(|a| a.len()),
        Some(2),
        "{front}"
    );
    assert_eq!(
        body.trim_start(),
        "GENEVA (Reuters) — Negotiators met again on Tuesday for the first time since the autumn, diplomats said, and both sides called the mood constructive.\n\n\
         ## What comes next\n\n\
         The envoy said the delegations would meet again in a week, and that [an earlier round](https://example-news.com/earlier) had cleared the way for it.\n\n\
         > We are ready to talk for as long as it takes to reach a settlement that lasts.\n\n\
         Both delegations are expected to report to their capitals before the next round begins in early March.\n"
    );
}

#[test]
fn a_folder_mixing_pages_and_text_imports_both_and_refuses_an_empty_page() {
    let dir = site();
    let root = dir.path();
    let raw = root.join("raw");
    fs::create_dir_all(&raw).expect("raw folder");
    fs::write(raw.join("a.htm"), PAGE).expect("page written");
    fs::write(
        raw.join("b.txt"),
        "Ceasefire holds in the north\nREUTERS | Published February 19, 2025\nThe ceasefire held for a third day, officials said on Wednesday.\n",
    )
    .expect("text written");
    fs::write(
        raw.join("c.html"),
        "<html><body><nav>Home</nav></body></html>",
    )
    .expect("written");
    let report = run(root, std::slice::from_ref(&raw));
    assert_eq!(written(root).len(), 2, "{:#?}", report.lines());
    let empty = report
        .inputs
        .iter()
        .find(|i| i.input.ends_with("c.html"))
        .expect("the empty page is reported");
    assert!(
        empty
            .refused
            .as_deref()
            .is_some_and(|r| r.starts_with("no article text found in the page")),
        "{:?}",
        empty.refused
    );
}

#[test]
fn no_cut_of_a_page_makes_import_panic() {
    let outlets = briefing::import::outlets::Outlets::built_in();
    for cut in (0..PAGE.len()).step_by(97) {
        let Some(head) = PAGE.get(..cut) else {
            continue;
        };
        let _ = briefing::import::html::read(head, &outlets);
        let _ = briefing::import::html::read(&PAGE[cut..], &outlets);
    }
}
