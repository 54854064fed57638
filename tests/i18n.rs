//! The interface in Ukrainian: the repository's own site built with
//! `language = "uk"` shows no interface text in English, and its dates and
//! counts read as Ukrainian writes them. Article content (titles, bodies,
//! quotes, names) stays as the editor wrote it.

use std::path::Path;

use briefing::build::{self, BuildOptions};
use briefing::i18n::{Catalogue, Text};
use dom_query::Document;

/// The English texts to look for: each catalogue value cut at its
/// `{marks}` and links, trimmed of spaces and punctuation, the pieces of
/// four characters or more (shorter ones, like "by" and "to", are words of
/// any English text).
fn english_pieces() -> Vec<String> {
    let english = Catalogue::default();
    let mut pieces = Vec::new();
    let mut add = |text: &str| {
        let cut = regex::Regex::new(r"\{[a-z_]+\}|\]\([a-z_]+\)|\[").unwrap();
        for piece in cut.split(text) {
            let piece = piece.trim_matches(|c: char| {
                c.is_whitespace() || c.is_ascii_punctuation() || "·–—…“”←→".contains(c)
            });
            if piece.chars().count() >= 4 {
                pieces.push(piece.to_string());
            }
        }
    };
    for text in english.texts().values() {
        match text {
            Text::Plain(t) => add(t),
            Text::List(names) => names.iter().for_each(|n| add(n)),
            Text::Plural(forms) => forms.values().for_each(|f| add(f)),
        }
    }
    pieces.sort();
    pieces.dedup();
    pieces
}

/// Text with every run of white space one space, trimmed.
fn collapsed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the editor wrote: every content file and the settings, so that a
/// text on a page found in them is content, not interface.
fn written(site: &Path) -> String {
    let mut all = std::fs::read_to_string(site.join("site.toml")).unwrap();
    for entry in walkdir::WalkDir::new(site.join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            all.push_str(&std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    collapsed(&all)
}

/// The interface's texts on a page: its title, labels and placeholders, and
/// every text node but those of scripts and styles, cut where the interface
/// puts content beside its own words ("·", "—", ":", and "…" where a quote
/// is cut out of its sentence), without the pieces that are content (found
/// in what the editor wrote, whole or as a list like aliases).
fn interface_text(html: &str, written: &str) -> Vec<String> {
    let doc = Document::from(html);
    let mut texts = vec![doc.select("head title").text().to_string()];
    for attribute in ["aria-label", "placeholder"] {
        for node in doc.select(&format!("[{attribute}]")).iter() {
            texts.push(node.attr(attribute).unwrap_or_default().to_string());
        }
    }
    for node in doc.root().descendants_it().filter(|n| n.is_text()) {
        let parent = node
            .parent()
            .and_then(|p| p.node_name())
            .unwrap_or_default();
        if matches!(&*parent, "script" | "style") {
            continue;
        }
        texts.push(node.text().to_string());
    }
    texts
        .iter()
        .flat_map(|t| {
            collapsed(t)
                .split(['…', '·', '—', ':'])
                .map(str::trim)
                .filter(|part| !part.split(", ").all(|item| written.contains(item)))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// True when `piece` is in `text` as whole words.
fn has_words(text: &str, piece: &str) -> bool {
    text.match_indices(piece).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + piece.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The repository's own site.
const DEFAULT_SITE: &str = "";
/// A small site with paged lists.
const SMALL_SITE: &str = "tests/fixtures/small-site";

/// A copy of the site in `from` (from the repository's folder) set to
/// `language`, with a `base_url` (so feeds and sharing tags are made), built.
fn built(from: &str, language: &str) -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(from);
    let site = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        let target = site.path().join(entry.path().strip_prefix(&root).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let settings = std::fs::read_to_string(root.join("site.toml")).unwrap();
    let mut settings: String = settings
        .lines()
        .filter(|line| !line.starts_with("language"))
        .map(|line| format!("{line}\n"))
        .collect();
    if !settings.contains("base_url") {
        settings = format!("base_url = \"https://example.org/briefing\"\n{settings}");
    }
    std::fs::write(
        site.path().join("site.toml"),
        format!("language = \"{language}\"\n{settings}"),
    )
    .unwrap();
    build::build(&BuildOptions {
        root: site.path().to_path_buf(),
        output: None,
        drafts: false,
        base_url: None,
    })
    .unwrap_or_else(|e| panic!("{:?}", e.lines()));
    site
}

fn pages(site: &Path) -> Vec<(String, String)> {
    let public = site.join("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            (
                e.path()
                    .strip_prefix(&public)
                    .unwrap()
                    .display()
                    .to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_ukrainian_sites_have_no_english_interface_text() {
    for from in [DEFAULT_SITE, SMALL_SITE] {
        no_english_in(from);
    }
}

fn no_english_in(from: &str) {
    let site = built(from, "uk");
    let written = written(site.path());
    let pieces = english_pieces();
    assert!(pieces.len() > 100, "{pieces:?}");
    let mut found = Vec::new();
    let pages = pages(site.path());
    assert!(pages.len() > 20, "{from}: {} pages", pages.len());
    for (path, html) in &pages {
        assert!(html.contains("<html lang=\"uk\">"), "{path}");
        for text in interface_text(html, &written) {
            for piece in &pieces {
                if has_words(&text, piece) {
                    found.push(format!("{path}: “{piece}” in “{text}”"));
                }
            }
        }
    }
    let strings = std::fs::read_to_string(site.path().join("public/strings.js")).unwrap();
    let values = regex::Regex::new(r#":"([^"]*)""#).unwrap();
    for value in values.captures_iter(&strings) {
        for piece in &pieces {
            if has_words(&value[1], piece) {
                found.push(format!("strings.js: “{piece}” in “{}”", &value[1]));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_check_finds_english_in_the_english_site() {
    let site = built(DEFAULT_SITE, "en");
    let written = written(site.path());
    let pieces = english_pieces();
    let front = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    let texts = interface_text(&front, &written);
    let seen: Vec<&String> = pieces
        .iter()
        .filter(|p| texts.iter().any(|t| has_words(t, p)))
        .collect();
    for expected in [
        "Latest developments",
        "Key actors",
        "Skip to content",
        "articles",
    ] {
        assert!(seen.iter().any(|p| *p == expected), "{expected}: {seen:?}");
    }
}

#[test]
fn ukrainian_pages_read_dates_and_counts_in_ukrainian() {
    let site = built(DEFAULT_SITE, "uk");
    let public = site.path().join("public");
    let front = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(front.contains("<p class=\"counts\">7 статей · 49 учасників · 12 подій · <a href=\"./timeline/index.html\">Читати хронологію</a></p>"), "{front}");
    assert!(
        front.contains(">Листопад</a> <span class=\"count\">0 статей, 1 подія</span>")
            && front.contains("<summary>2022 <span class=\"count\">3 статті</span></summary>"),
        "{front}"
    );
    let month = std::fs::read_to_string(public.join("timeline/2022-11/index.html")).unwrap();
    assert!(month.contains("листопада 2022</time></h2>"), "{month}");
    let strings = std::fs::read_to_string(public.join("strings.js")).unwrap();
    assert!(
        strings.contains(
            "\"articles\":{\"few\":\"{n} статті\",\"many\":\"{n} статей\",\"one\":\"{n} стаття\"}"
        ),
        "{strings}"
    );
    let events = std::fs::read_to_string(public.join("search/e0.js")).unwrap();
    assert!(
        events.contains("листопада 2022") && !events.contains("November"),
        "{events}"
    );
}

#[test]
fn a_wrong_key_is_an_error_naming_its_file_and_line() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    std::fs::create_dir_all(root.join("content/articles")).unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("site.toml"), "title = \"T\"\n").unwrap();
    std::fs::write(
        root.join("templates/404.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ t(key=\"nav.nope\") }}</p>\n{% endblock main %}\n",
    )
    .unwrap();
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: None,
        drafts: false,
        base_url: None,
    };
    let lines = build::build(&options).err().unwrap().lines();
    assert_eq!(
        lines,
        ["templates/404.html:3: template error: Failed to render '404.html': Function call 't' failed: no interface text `nav.nope` in the catalogue"]
    );

    std::fs::remove_file(root.join("templates/404.html")).unwrap();
    std::fs::create_dir(root.join("i18n")).unwrap();
    std::fs::write(root.join("i18n/en.toml"), "[nav]\ntimline = \"Timeline\"\n").unwrap();
    let lines = build::build(&options).err().unwrap().lines();
    assert_eq!(
        lines,
        ["i18n/en.toml:2: nav.timline: is not an interface text; check the spelling against the built-in en.toml"]
    );
    assert!(!root.join("public").exists());
}
