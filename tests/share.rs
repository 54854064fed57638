//! What a shared or subscribed site gives others: link preview tags,
//! feeds, the favicon, robots.txt and a 404 page that works at any depth.

use std::path::Path;

use briefing::build::{self, BuildOptions};

const FIXTURE: &str = "tests/fixtures/small-site";
const ARTICLE: &str = "articles/2022-12-02-kremlin-open-to-talks/index.html";

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

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
        "<meta name=\"twitter:title\" content=\"Kremlin open to talks if West recognises &#39;new territories&#39;\">".to_string(),
    ] {
        assert!(page.contains(&tag), "{tag} missing in\n{page}");
    }
    assert!(page.contains("<meta property=\"og:description\" content=\""));
    assert!(page.contains("<meta name=\"twitter:description\" content=\""));
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
        let tag = format!("<link rel=\"icon\" type=\"image/svg+xml\" href=\"{href}\">");
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
