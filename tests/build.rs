//! Builds whole sites and checks what a reader and an editor would see:
//! golden pages of a small fixture site, the exact message for each kind of
//! bad input, links that all resolve inside the output, and an output folder
//! that a failed build leaves untouched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use briefing::build::{self, BuildOptions};

const FIXTURE: &str = "tests/fixtures/small-site";

mod common;
use common::copy_dir;

/// A copy of the fixture site in a temporary folder.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FIXTURE), dir.path());
    dir
}

fn build_into(root: &Path, output: &Path) -> Result<build::BuildReport, build::BuildError> {
    build::build(&BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        drafts: false,
        base_url: None,
    })
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file below `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn golden_pages_of_the_fixture_site() {
    let site = fixture();
    let out = site.path().join("public");
    let report = build_into(site.path(), &out).unwrap();
    assert_eq!((report.articles, report.actors, report.events), (3, 4, 2));
    insta::assert_snapshot!("front_page", read(&out.join("index.html")));
    insta::assert_snapshot!(
        "article_page",
        read(&out.join("articles/2022-12-02-kremlin-open-to-talks/index.html"))
    );
    insta::assert_snapshot!(
        "actor_page",
        read(&out.join("actors/vladimir-putin/index.html"))
    );
    insta::assert_snapshot!("event_page", read(&out.join("events/g20-bali/index.html")));
}

#[test]
fn the_fixture_site_has_every_kind_of_page() {
    let site = fixture();
    let out = site.path().join("public");
    build_into(site.path(), &out).unwrap();
    let files: Vec<String> = tree(&out)
        .keys()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let expected = [
        ".briefing-output",
        "404.html",
        "actors/index.html",
        "actors/joe-biden/atom.xml",
        "actors/joe-biden/index.html",
        "actors/nato/atom.xml",
        "actors/nato/index.html",
        "actors/russia/atom.xml",
        "actors/russia/index.html",
        "actors/russia/page/2/index.html",
        "actors/vladimir-putin/atom.xml",
        "actors/vladimir-putin/index.html",
        "articles/2022-11-10-g20-attendance/index.html",
        "articles/2022-12-02-kremlin-open-to-talks/index.html",
        "articles/2022-12-05-nato-response/index.html",
        "atom.xml",
        "events/g20-bali/atom.xml",
        "events/g20-bali/index.html",
        "events/index.html",
        "events/white-house-meeting/atom.xml",
        "events/white-house-meeting/index.html",
        "favicon.svg",
        "index.html",
        "items/2022-11.js",
        "items/2022-12.js",
        "items.js",
        "outlets/index.html",
        "outlets/sbs-news/index.html",
        "outlets/the-australian/index.html",
        "page.js",
        "robots.txt",
        "search/a0.js",
        "search/d0.js",
        "search/e0.js",
        "search/index.html",
        "search/meta.js",
        "search/p0.js",
        "search/v30.js",
        "search/v31.js",
        "search/v32.js",
        "search/v33.js",
        "search/v34.js",
        "search/v35.js",
        "search/v36.js",
        "search/v37.js",
        "search/v38.js",
        "search/v39.js",
        "search/v61.js",
        "search/v62.js",
        "search/v63.js",
        "search/v64.js",
        "search/v65.js",
        "search/v66.js",
        "search/v67.js",
        "search/v68.js",
        "search/v69.js",
        "search/v6a.js",
        "search/v6b.js",
        "search/v6c.js",
        "search/v6d.js",
        "search/v6e.js",
        "search/v6f.js",
        "search/v70.js",
        "search/v71.js",
        "search/v72.js",
        "search/v73.js",
        "search/v74.js",
        "search/v75.js",
        "search/v76.js",
        "search/v77.js",
        "search/v78.js",
        "search/v79.js",
        "search/v7a.js",
        "search.js",
        "sitemap.xml",
        "strings.js",
        "style.css",
        "tags/g20/atom.xml",
        "tags/g20/index.html",
        "tags/index.html",
        "tags/peace-talks/atom.xml",
        "tags/peace-talks/index.html",
        "tags/recognition/atom.xml",
        "tags/recognition/index.html",
        "timeline/2022-11/index.html",
        "timeline/2022-12/index.html",
        "timeline/2022-12/page/2/index.html",
        "timeline/index.html",
        "visits.js",
    ];
    assert_eq!(files, expected);
    let feed = read(&out.join("atom.xml"));
    assert!(
        feed.contains(
            "<id>tag:example.org,2022-12-05:briefing/articles/2022-12-05-nato-response</id>"
        ),
        "{feed}"
    );
    assert!(
        feed.contains("<updated>2022-12-05T09:30:00+01:00</updated>"),
        "{feed}"
    );
}

#[test]
fn a_month_is_shown_a_page_at_a_time_and_every_item_once() {
    let site = fixture();
    let out = site.path().join("public");
    build_into(site.path(), &out).unwrap();
    let first = read(&out.join("timeline/2022-12/index.html"));
    let second = read(&out.join("timeline/2022-12/page/2/index.html"));
    assert!(
        first.contains("<a rel=\"next\" href=\"page/2/index.html\">Later →</a>"),
        "{first}"
    );
    assert!(
        second.contains("<a rel=\"prev\" href=\"../../index.html\">← Earlier</a>"),
        "{second}"
    );
    let keys = |html: &str| -> Vec<String> {
        html.split("data-key=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap_or(0)].to_string())
            .collect()
    };
    let mut shown = keys(&first);
    assert_eq!(shown.len(), 2, "articles_per_page is 2 in the fixture");
    shown.extend(keys(&second));
    let mut unique = shown.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), shown.len(), "an item shown twice: {shown:?}");
    let december = read(&out.join("items/2022-12.js"));
    let december = month_keys(&december);
    let mut expected: Vec<String> = december.split(' ').map(str::to_string).collect();
    expected.sort();
    assert_eq!(unique, expected);
}

#[test]
fn drafts_are_built_only_when_asked_and_dated() {
    let site = fixture();
    let err = build::check(site.path(), true).unwrap_err();
    assert_eq!(
        err.lines(),
        ["content/articles/2022-12-06-draft-piece.md:1: date: this draft has no date yet; set date = YYYY-MM-DD once it is established (undated drafts are left out of builds without --drafts)"]
    );
    let draft = site
        .path()
        .join("content/articles/2022-12-06-draft-piece.md");
    let text = read(&draft).replace("draft = true", "draft = true\ndate = 2022-12-06");
    std::fs::write(&draft, text).unwrap();
    let out = site.path().join("out");
    let with_drafts = build::build(&BuildOptions {
        root: site.path().to_path_buf(),
        output: Some(out.clone()),
        drafts: true,
        base_url: None,
    })
    .unwrap();
    assert_eq!(with_drafts.articles, 4);
    assert!(read(&out.join("index.html")).contains("<span class=\"draft\">draft</span>"));
}

#[test]
fn a_drafts_references_are_checked_even_when_it_is_left_out() {
    let site = fixture();
    let draft = site
        .path()
        .join("content/articles/2022-12-06-draft-piece.md");
    let text = read(&draft).replace("draft = true", "draft = true\nactors = [\"vladimir-putn\"]");
    std::fs::write(&draft, text).unwrap();
    let err = build::check(site.path(), false).unwrap_err();
    assert_eq!(
        err.lines(),
        ["content/articles/2022-12-06-draft-piece.md:4: actors: unknown actor \"vladimir-putn\"; did you mean \"vladimir-putin\"?"]
    );
}

/// Breaks one file of a fresh fixture copy and returns what `check` says.
fn problems_after(edit: impl FnOnce(&Path)) -> Vec<String> {
    let site = fixture();
    edit(site.path());
    match build::check(site.path(), false) {
        Ok(_) => panic!("the broken site passed the check"),
        Err(err) => err.lines(),
    }
}

fn rewrite(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = read(&path);
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

const ARTICLE: &str = "content/articles/2022-12-02-kremlin-open-to-talks.md";

#[test]
fn missing_front_matter() {
    let lines = problems_after(|root| {
        std::fs::write(
            root.join("content/articles/no-front-matter.md"),
            "Just text.\n",
        )
        .unwrap();
    });
    assert_eq!(
        lines,
        ["content/articles/no-front-matter.md:1: missing front matter: the file must start with a line `+++`, then TOML fields, then another `+++` line, then the Markdown body"]
    );
}

#[test]
fn unclosed_front_matter() {
    let lines = problems_after(|root| {
        std::fs::write(
            root.join("content/articles/open.md"),
            "+++\ntitle = \"Open\"\nBody.\n",
        )
        .unwrap();
    });
    assert_eq!(
        lines,
        ["content/articles/open.md:1: front matter is not closed: add a line `+++` after the last field, before the body"]
    );
}

#[test]
fn bad_toml() {
    let lines = problems_after(|root| {
        rewrite(
            root,
            ARTICLE,
            "source = \"SBS News\"",
            "source = \"SBS News",
        )
    });
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("content/articles/2022-12-02-kremlin-open-to-talks.md:4: ")
            && lines[0].contains("invalid TOML: ")
            && lines[0].ends_with("; fix the syntax of this line"),
        "{lines:?}"
    );
}

#[test]
fn unknown_actor_slug_suggests_the_nearest() {
    let lines = problems_after(|root| {
        rewrite(
            root,
            ARTICLE,
            "\"vladimir-putin\", \"joe-biden\"",
            "\"vladimir-putn\", \"joe-biden\"",
        )
    });
    assert_eq!(
        lines,
        ["content/articles/2022-12-02-kremlin-open-to-talks.md:7: actors: unknown actor \"vladimir-putn\"; did you mean \"vladimir-putin\"?"]
    );
}

#[test]
fn unknown_event_slug_without_a_near_one_says_what_to_create() {
    let lines = problems_after(|root| {
        rewrite(
            root,
            ARTICLE,
            "events = [\"white-house-meeting\"]",
            "events = [\"Oil Cap\"]",
        )
    });
    assert_eq!(
        lines,
        ["content/articles/2022-12-02-kremlin-open-to-talks.md:8: events: unknown event \"Oil Cap\"; create content/events/oil-cap.md or fix the slug"]
    );
}

#[test]
fn unknown_quote_actor_names_the_quote() {
    let lines = problems_after(|root| {
        rewrite(
            root,
            ARTICLE,
            "actor = \"vladimir-putin\"",
            "actor = \"joe-bidden\"",
        )
    });
    assert_eq!(
        lines,
        ["content/articles/2022-12-02-kremlin-open-to-talks.md:13: quotes[0].actor: unknown actor \"joe-bidden\"; did you mean \"joe-biden\"?"]
    );
}

#[test]
fn duplicate_alias() {
    let lines = problems_after(|root| {
        rewrite(
            root,
            "content/actors/joe-biden.md",
            "aliases = [\"Biden\"]",
            "aliases = [\"Biden\", \"Putin\"]",
        )
    });
    assert_eq!(
        lines,
        ["content/actors/joe-biden.md:4: aliases: \"Putin\" already names actor \"vladimir-putin\" (content/actors/vladimir-putin.md); an alias may belong to one actor only, so remove it from one of them"]
    );
}

#[test]
fn invalid_date() {
    let lines =
        problems_after(|root| rewrite(root, ARTICLE, "date = 2022-12-02", "date = 2022-02-30"));
    assert_eq!(
        lines,
        ["content/articles/2022-12-02-kremlin-open-to-talks.md:3: date: invalid date, expected day between 01 and 28; write a real calendar date like 2025-02-18"]
    );
}

#[test]
fn quoted_date() {
    let lines = problems_after(|root| {
        rewrite(
            root,
            ARTICLE,
            "date = 2022-12-02",
            "date = \"2 December 2022\"",
        )
    });
    assert_eq!(
        lines,
        ["content/articles/2022-12-02-kremlin-open-to-talks.md:3: date: expected a TOML date without quotes, like date = 2025-02-18, found the string \"2 December 2022\""]
    );
}

#[test]
fn end_date_before_date() {
    let lines = problems_after(|root| {
        rewrite(
            root,
            "content/events/g20-bali.md",
            "end_date = 2022-11-16",
            "end_date = 2022-11-14",
        )
    });
    assert_eq!(
        lines,
        ["content/events/g20-bali.md:4: end_date: 2022-11-14 is before the event's date 2022-11-15; an event cannot end before it starts"]
    );
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let lines = problems_after(|root| {
        rewrite(
            root,
            "content/articles/2022-11-10-g20-attendance.md",
            "title = \"Putin and Biden expected in Bali\"\n",
            "",
        );
        rewrite(
            root,
            "content/actors/vladimir-putin.md",
            "country = \"russia\"",
            "country = \"nato\"",
        );
        rewrite(
            root,
            "content/actors/joe-biden.md",
            "role = \"President of the United States\"",
            "kind = \"president\"",
        );
    });
    assert_eq!(
        lines,
        [
            "content/actors/joe-biden.md:3: kind: must be \"person\", \"organisation\" or \"country\", found \"president\"",
            "content/actors/vladimir-putin.md:5: country: \"nato\" is organisation, not a country; name an actor with kind = \"country\"",
            "content/articles/2022-11-10-g20-attendance.md:1: title: missing required field; add e.g. title = \"Headline of the article\"",
        ]
    );
    // The reference problem alone.
    let site = fixture();
    rewrite(
        site.path(),
        "content/actors/vladimir-putin.md",
        "country = \"russia\"",
        "country = \"nato\"",
    );
    assert_eq!(
        build::check(site.path(), false).unwrap_err().lines(),
        ["content/actors/vladimir-putin.md:5: country: \"nato\" is organisation, not a country; name an actor with kind = \"country\""]
    );
}

#[test]
fn a_failed_build_leaves_the_output_unchanged() {
    let site = fixture();
    let out = site.path().join("public");
    build_into(site.path(), &out).unwrap();
    let before = tree(&out);
    rewrite(
        site.path(),
        ARTICLE,
        "\"joe-biden\", \"russia\"",
        "\"joe-biden\", \"rusia\"",
    );
    std::fs::write(
        site.path().join("content/articles/new.md"),
        "+++\ntitle = \"New\"\ndate = 2022-12-09\n+++\nNew.\n",
    )
    .unwrap();
    assert!(build_into(site.path(), &out).is_err());
    assert_eq!(tree(&out), before);
    let siblings: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(
        siblings.iter().all(|n| [
            ".public.previous",
            ".public.lock",
            ".public.files",
            ".public.previous.files"
        ]
        .contains(&n.as_str())),
        "{siblings:?}"
    );
}

#[test]
fn a_template_error_leaves_the_output_unchanged_and_names_the_template() {
    let site = fixture();
    let out = site.path().join("public");
    build_into(site.path(), &out).unwrap();
    let before = tree(&out);
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/event.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ event.titel }}</h1>\n{% endblock main %}\n",
    )
    .unwrap();
    let err = build_into(site.path(), &out).unwrap_err();
    let lines = err.lines();
    assert!(
        lines[0].starts_with("templates/event.html:3: template error: "),
        "{lines:?}"
    );
    assert!(lines[0].contains("event.titel"), "{lines:?}");
    assert_eq!(tree(&out), before);
}

#[test]
fn the_output_may_not_be_the_site_itself() {
    let site = fixture();
    let err = build_into(site.path(), site.path()).unwrap_err();
    assert!(
        err.lines()[0].starts_with("refusing to build into "),
        "{:?}",
        err.lines()
    );
    assert!(site
        .path()
        .join("content/articles")
        .join("2022-11-10-g20-attendance.md")
        .exists());
    for inside in ["content", "content/articles", "templates"] {
        let output = site.path().join(inside);
        let err = build_into(site.path(), &output).unwrap_err();
        assert!(
            err.lines()[0].contains(&format!(
                "it is inside the site's {}/ folder",
                inside.split('/').next().unwrap()
            )),
            "{:?}",
            err.lines()
        );
    }
    assert!(site.path().join("content/actors/nato.md").exists());
    // A folder of someone's files is not replaced; an earlier build is.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("notes.txt"), "mine").unwrap();
    let err = build_into(site.path(), other.path()).unwrap_err();
    assert!(
        err.lines()[0].contains("it holds files and no .briefing-output marker"),
        "{:?}",
        err.lines()
    );
    assert_eq!(read(&other.path().join("notes.txt")), "mine");
    let out = tempfile::tempdir().unwrap();
    build_into(site.path(), out.path()).unwrap();
    build_into(site.path(), out.path()).unwrap();
}

#[test]
fn hostile_text_is_printed_not_run() {
    let site = fixture();
    std::fs::write(
        site.path().join("content/articles/2022-12-07-hostile.md"),
        "+++\ntitle = \"<script>alert(1)</script> {{ site.title }}\"\ndate = 2022-12-07\nsource = \"{% raw %}Evil\"\n+++\n<img src=x onerror=alert(1)>\n\n{{ site.title }} {% if true %}yes{% endif %} [click](javascript:alert(1))\n",
    )
    .unwrap();
    let out = site.path().join("public");
    build_into(site.path(), &out).unwrap();
    let page = read(&out.join("articles/2022-12-07-hostile/index.html"));
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt; {{ site.title }}")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt; {{ site.title }}"),
        "{page}"
    );
    assert!(
        page.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{page}"
    );
    assert!(
        page.contains("{{ site.title }} {% if true %}yes{% endif %}"),
        "{page}"
    );
    assert!(page.contains("<a href=\"#\">click</a>"), "{page}");
    assert!(page.contains("{% raw %}Evil"), "{page}");
}

/// The `href` and `src` values in an HTML page.
fn references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attribute) {
            let after = &rest[start + attribute.len()..];
            let end = after.find('"').unwrap_or(after.len());
            found.push(after[..end].replace("&amp;", "&"));
            rest = &after[end..];
        }
    }
    found
}

#[test]
fn every_link_in_the_default_site_resolves_to_a_file_inside_the_output() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let report = build_into(Path::new(env!("CARGO_MANIFEST_DIR")), &output).unwrap();
    assert!(
        report.articles >= 7 && report.actors >= 20 && report.events >= 5,
        "{report:?}"
    );
    let root = output.canonicalize().unwrap();
    let mut checked = 0;
    let mut pages = 0;
    for (file, bytes) in tree(&output) {
        if file.extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap();
        for reference in references(&html) {
            if reference.starts_with('#') {
                continue;
            }
            // Without base_url, 404.html links from the host's root, and
            // from disk it makes "/x" into "./x" (tests/share.rs).
            let reference = match reference.strip_prefix('/') {
                Some(from_top) if file == Path::new("404.html") => format!("./{from_top}"),
                _ => reference,
            };
            if reference.starts_with("https://") || reference.starts_with("http://") {
                // Only the original articles, as plain links: nothing loads from elsewhere.
                assert!(
                    html.contains(&format!("href=\"{reference}\" rel=\"noopener noreferrer\"")),
                    "{}: {reference}",
                    file.display()
                );
                continue;
            }
            assert!(
                !reference.starts_with('/'),
                "{}: absolute link {reference}",
                file.display()
            );
            let path = reference.split(['#', '?']).next().unwrap();
            let target = root.join(file.parent().unwrap()).join(path);
            let target = target
                .canonicalize()
                .unwrap_or_else(|_| panic!("{}: {reference} does not exist", file.display()));
            assert!(
                target.starts_with(&root),
                "{}: {reference} leaves the output",
                file.display()
            );
            assert!(
                target.is_file(),
                "{}: {reference} is a folder, which does not open from disk",
                file.display()
            );
            checked += 1;
        }
    }
    assert!(pages >= 7 + 20 + 5, "only {pages} pages");
    assert!(checked > 1000, "only {checked} links checked");
}

#[test]
fn the_command_line_reports_problems_and_fails() {
    let site = fixture();
    rewrite(
        site.path(),
        ARTICLE,
        "\"vladimir-putin\", \"joe-biden\"",
        "\"vladimir-putn\", \"joe-biden\"",
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr,
        "content/articles/2022-12-02-kremlin-open-to-talks.md:7: actors: unknown actor \"vladimir-putn\"; did you mean \"vladimir-putin\"?\n\
         error: 1 problem; nothing was written; the previous output is unchanged\n"
    );
    assert!(!site.path().join("public").exists());
}

/// The site in `root` built with its own `article.html` holding `template`:
/// the output folder, and the page of the article on NATO's response.
fn built_with_own_article_template(root: &Path, template: &str) -> (tempfile::TempDir, String) {
    let templates = root.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("article.html"), template).unwrap();
    let out = tempfile::tempdir().unwrap();
    build_into(root, out.path()).unwrap();
    let page = read(
        &out.path()
            .join("articles/2022-12-05-nato-response/index.html"),
    );
    (out, page)
}

#[test]
fn unknown_front_matter_fields_reach_templates_as_page_extra() {
    let site = fixture();
    rewrite(
        site.path(),
        "content/articles/2022-12-05-nato-response.md",
        "title = ",
        "reviewed_by = \"desk\"\ntitle = ",
    );
    let (out, page) = built_with_own_article_template(
        site.path(),
        "{% extends \"base.html\" %}{% block main %}<p id=\"reviewed\">{{ page.extra.reviewed_by | default(value=\"nobody\") }} / {{ article.extra.reviewed_by | default(value=\"nobody\") }}</p>{% endblock main %}",
    );
    assert!(
        page.contains("<p id=\"reviewed\">desk / desk</p>"),
        "{page}"
    );
    let other = read(
        &out.path()
            .join("articles/2022-11-10-g20-attendance/index.html"),
    );
    assert!(
        other.contains("<p id=\"reviewed\">nobody / nobody</p>"),
        "{other}"
    );
}

#[test]
fn a_sites_own_article_template_sees_the_neighbours_whole_cards() {
    let site = fixture();
    let (_out, page) = built_with_own_article_template(
        site.path(),
        "{% extends \"base.html\" %}{% block main %}<p id=\"older\">{% if older %}{{ older.title }}: {{ older.summary | truncate(length=20) }} ({{ older.actors | map(attribute=\"name\") | join(sep=\", \") }}){% endif %}</p>{% endblock main %}",
    );
    let shown = page
        .split("<p id=\"older\">")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .unwrap_or_default();
    assert_eq!(
        shown,
        "Kremlin open to talks if West recognises &#39;new territories&#39;: President Vladimir P… (Vladimir Putin, Joe Biden, Russia)",
        "{page}"
    );
}

#[test]
fn tags_whose_slugs_collide_keep_a_page_each() {
    let site = fixture();
    rewrite(
        site.path(),
        "content/articles/2022-12-05-nato-response.md",
        "title = ",
        "tags = [\"C++\", \"C#\"]\ntitle = ",
    );
    rewrite(
        site.path(),
        "content/articles/2022-11-10-g20-attendance.md",
        "tags = [\"peace talks\", \"G20\"]",
        "tags = [\"peace talks\", \"G20\", \"c++ \"]",
    );
    let out = tempfile::tempdir().unwrap();
    build_into(site.path(), out.path()).unwrap();
    // "C#" comes before "C++" in name order, so it keeps the plain slug.
    let sharp = read(&out.path().join("tags/c/index.html"));
    let plus = read(&out.path().join("tags/c-2/index.html"));
    assert!(plus.contains("<h1>C++</h1>"), "{plus}");
    assert!(sharp.contains("<h1>C#</h1>"), "{sharp}");
    // "c++ " is "C++" spelt another way: one page, both articles.
    assert!(
        plus.contains("NATO weighs") && plus.contains("G20"),
        "{plus}"
    );
    assert!(!sharp.contains("G20"), "{sharp}");
}

#[test]
fn an_actor_named_only_in_the_body_lists_the_article() {
    let site = fixture();
    std::fs::write(
        site.path().join("content/articles/2022-12-12-alias-only.md"),
        "+++\ntitle = \"Alias only\"\ndate = 2022-12-12\n+++\nOfficials met. Biden was not there.\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build_into(site.path(), out.path()).unwrap();
    let article = read(&out.path().join("articles/2022-12-12-alias-only/index.html"));
    assert!(
        article.contains(
            "<a class=\"actor-link\" href=\"../../actors/joe-biden/index.html\">Biden</a>"
        ),
        "{article}"
    );
    let biden = read(&out.path().join("actors/joe-biden/index.html"));
    assert!(biden.contains("Alias only"), "{biden}");
}

#[test]
fn the_not_found_page_loads_nothing_from_anywhere() {
    let site = fixture();
    let out = tempfile::tempdir().unwrap();
    build_into(site.path(), out.path()).unwrap();
    let page = read(&out.path().join("404.html"));
    assert!(page.contains("<style>"), "{page}");
    assert!(!page.contains("src="), "{page}");
    assert!(!page.contains("rel=\"stylesheet\""), "{page}");
    // Its links are absolute, because a host serves it at any depth.
    assert!(
        page.contains("href=\"https://example.org/briefing/timeline/index.html\""),
        "{page}"
    );
}

/// Words of their own for quote `k`: no two share enough to be one statement.
fn own_words(k: usize) -> String {
    let tag: String = [b'a' + (k / 26) as u8, b'a' + (k % 26) as u8]
        .iter()
        .map(|&c| c as char)
        .collect();
    format!("Point {tag} {tag}x {tag}y {tag}z stands.")
}

/// The fixture site with `n` more articles, one a week back from October
/// 2022 into 2021, each quoting Vladimir Putin in words of its own.
fn fixture_with_quotes(n: usize) -> tempfile::TempDir {
    let site = fixture();
    let start = chrono::NaiveDate::from_ymd_opt(2022, 10, 28).unwrap();
    for k in 0..n {
        let date = start - chrono::Duration::weeks(k as i64);
        std::fs::write(
            site.path()
                .join(format!("content/articles/{date}-statement-{k}.md")),
            format!(
                "+++\ntitle = \"Statement number {k}\"\ndate = {date}\nactors = [\"vladimir-putin\"]\n\n[[quotes]]\nactor = \"vladimir-putin\"\ntext = \"{}\"\n+++\nPutin spoke again.\n",
                own_words(k)
            ),
        )
        .unwrap();
    }
    site
}

/// The quoted words of each quote in `html`, in page order.
fn quoted(html: &str) -> Vec<String> {
    html.split("<blockquote><p>")
        .skip(1)
        .map(|rest| rest[..rest.find("</p>").unwrap_or(0)].to_string())
        .collect()
}

#[test]
fn an_actor_page_shows_the_latest_quotes_and_links_to_all_of_them() {
    let site = fixture_with_quotes(32);
    let out = site.path().join("public");
    build_into(site.path(), &out).unwrap();
    let actor = read(&out.join("actors/vladimir-putin/index.html"));
    assert_eq!(
        quoted(&actor),
        [
            "We remain open to negotiations.".to_string(),
            own_words(0),
            own_words(1),
            own_words(2),
            own_words(3),
        ],
        "the 5 latest, latest first"
    );
    assert!(
        actor.contains("<p class=\"meta\">The latest 5 of 33, by when it was said."),
        "{actor}"
    );
    assert!(
        actor.contains("<p class=\"more\"><a href=\"quotes/index.html\">All 33 quotes from Vladimir Putin</a></p>"),
        "{actor}"
    );
    let first = read(&out.join("actors/vladimir-putin/quotes/index.html"));
    let second = read(&out.join("actors/vladimir-putin/quotes/page/2/index.html"));
    assert!(!out.join("actors/vladimir-putin/quotes/page/3").exists());
    assert!(
        first.contains("<h1>What Vladimir Putin said</h1>"),
        "{first}"
    );
    assert!(
        first.contains("<a rel=\"next\" href=\"page/2/index.html\">Earlier →</a>"),
        "{first}"
    );
    assert!(
        second.contains("<a rel=\"prev\" href=\"../../index.html\">← Later</a>"),
        "{second}"
    );
    let mut all = quoted(&first);
    assert_eq!(all.len(), 30);
    all.extend(quoted(&second));
    let mut expected = vec!["We remain open to negotiations.".to_string()];
    expected.extend((0..32).map(own_words));
    assert_eq!(all, expected, "every quote once, latest first");
    // In the sitemap, each page of quotes is as new as its newest source.
    let sitemap = read(&out.join("sitemap.xml"));
    let page_two =
        chrono::NaiveDate::from_ymd_opt(2022, 10, 28).unwrap() - chrono::Duration::weeks(29);
    for (address, lastmod) in [
        (
            "actors/vladimir-putin/quotes/index.html",
            "2022-12-02".to_string(),
        ),
        (
            "actors/vladimir-putin/quotes/page/2/index.html",
            page_two.to_string(),
        ),
    ] {
        let entry = format!(
            "<loc>https://example.org/briefing/{address}</loc><lastmod>{lastmod}</lastmod>"
        );
        assert!(sitemap.contains(&entry), "{entry} in {sitemap}");
    }
    // Joe Biden has no more than the page shows: no page of quotes.
    assert!(!out.join("actors/joe-biden/quotes").exists());
    let biden = read(&out.join("actors/joe-biden/index.html"));
    assert!(!biden.contains("quotes/index.html"), "{biden}");

    // In Ukrainian: 33 takes the "few" form (33 висловлювання).
    let settings = site.path().join("site.toml");
    let text = read(&settings);
    std::fs::write(&settings, format!("{text}language = \"uk\"\n")).unwrap();
    build_into(site.path(), &out).unwrap();
    let actor = read(&out.join("actors/vladimir-putin/index.html"));
    assert!(
        actor.contains("<p class=\"meta\">Останні 5 з 33, за датою висловлювання.")
            && actor.contains(">Усі висловлювання (33): Vladimir Putin</a>"),
        "{actor}"
    );
    let first = read(&out.join("actors/vladimir-putin/quotes/index.html"));
    assert!(
        first.contains("<h1>Висловлювання: Vladimir Putin</h1>")
            && first.contains(
                "<p class=\"meta\">33 висловлювання, спершу найновіші, за датою висловлювання."
            )
            && first.contains(">Давніші →</a>"),
        "{first}"
    );
}

#[test]
fn the_front_page_links_every_article_and_folds_the_months_by_year() {
    let site = fixture_with_quotes(60);
    let out = site.path().join("public");
    build_into(site.path(), &out).unwrap();
    let front = read(&out.join("index.html"));
    assert!(
        front.contains("<p class=\"more\"><a href=\"timeline/index.html\">More: all 63 articles, month by month</a></p>"),
        "{front}"
    );
    let years: Vec<&str> = front
        .split("<details class=\"year\"")
        .skip(1)
        .map(|rest| &rest[..rest.find("</summary>").unwrap_or(0)])
        .collect();
    assert_eq!(
        years,
        [
            " open>\n<summary>2022 <span class=\"count\">46 articles</span>",
            ">\n<summary>2021 <span class=\"count\">17 articles</span>",
        ],
        "newest year first and open"
    );
    // The archive is the timeline: its months hold every article once.
    let mut keys: Vec<String> = Vec::new();
    for (file, bytes) in tree(&out.join("timeline")) {
        if file.components().count() > 1 {
            let html = String::from_utf8(bytes).unwrap();
            keys.extend(
                html.split("class=\"card-title\"><a href=\"")
                    .skip(1)
                    .map(|rest| rest[..rest.find('"').unwrap_or(0)].to_string())
                    .filter_map(|href| Some(href.split_once("articles/")?.1.to_string())),
            );
        }
    }
    keys.sort();
    let before = keys.len();
    keys.dedup();
    assert_eq!((before, keys.len()), (63, 63));
    // The fixture alone shows all its articles: no "more".
    let small = fixture();
    let small_out = small.path().join("public");
    build_into(small.path(), &small_out).unwrap();
    assert!(!read(&small_out.join("index.html")).contains("class=\"more\""));
}

#[test]
fn an_event_page_links_the_events_before_and_after_it() {
    let site = fixture();
    let out = site.path().join("public");
    build_into(site.path(), &out).unwrap();
    let first = read(&out.join("events/g20-bali/index.html"));
    let last = read(&out.join("events/white-house-meeting/index.html"));
    assert!(
        first.contains("<p>Later event: <a rel=\"next\" href=\"../white-house-meeting/index.html\">Biden meets Macron at the White House</a>"),
        "{first}"
    );
    assert!(!first.contains("Earlier event"), "{first}");
    assert!(
        last.contains("<p>Earlier event: <a rel=\"prev\" href=\"../g20-bali/index.html\">G20 summit in Bali</a> <span class=\"meta\"><time datetime=\"2022-11-15\">15 November 2022</time></span></p>"),
        "{last}"
    );
    assert!(!last.contains("Later event"), "{last}");
}

/// The keys an `items/YYYY-MM.js` file lists, space-separated.
fn month_keys(script: &str) -> &str {
    script
        .split("]=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
}

#[test]
fn items_js_holds_a_digest_of_each_month_file() {
    let site = fixture();
    let out = site.path().join("public");
    build_into(site.path(), &out).unwrap();
    let digest = read(&out.join("items.js"));
    assert_eq!(
        digest,
        "window.BRIEFING_MONTHS={\"2022-11\":\"2 3fq0eunb\",\"2022-12\":\"3 c99q09kw\"};\n"
    );
    let json = digest
        .strip_prefix("window.BRIEFING_MONTHS=")
        .and_then(|rest| rest.strip_suffix(";\n"))
        .unwrap();
    let months: std::collections::BTreeMap<String, String> = serde_json::from_str(json).unwrap();
    let mut listed = 0;
    for (month, digest) in &months {
        let script = read(&out.join(format!("items/{month}.js")));
        let keys: Vec<u64> = month_keys(&script)
            .split(' ')
            .map(|key| u64::from_str_radix(key, 36).unwrap())
            .collect();
        let sum = keys.iter().fold(0, |sum, key| (sum + key) % (1 << 40));
        assert_eq!(
            *digest,
            format!("{} {}", keys.len(), briefing::text::base36(sum)),
            "{month}"
        );
        listed += keys.len();
    }
    assert_eq!(listed, 3 + 2, "every article and event, once");
}

#[test]
fn the_actors_index_is_shown_a_page_at_a_time_with_every_actor_once() {
    // 700 more people and 300 more organisations: with the fixture's four
    // actors, 1,004 actors on three pages of 500.
    let site = fixture();
    for k in 0..1000 {
        let (kind, slug) = if k < 700 {
            ("person", format!("person-{k:04}"))
        } else {
            ("organisation", format!("body-{k:04}"))
        };
        std::fs::write(
            site.path().join(format!("content/actors/{slug}.md")),
            format!("+++\nname = \"Zq {slug}\"\nkind = \"{kind}\"\n+++\n"),
        )
        .unwrap();
    }
    let out = site.path().join("public");
    build_into(site.path(), &out).unwrap();
    let files = [
        "actors/index.html",
        "actors/page/2/index.html",
        "actors/page/3/index.html",
    ];
    assert!(!out.join("actors/page/4/index.html").exists());
    let pages: Vec<String> = files.iter().map(|f| read(&out.join(f))).collect();
    let actor_links = |html: &str| -> Vec<String> {
        html.split("<ul class=\"actor-list\">")
            .skip(1)
            .flat_map(|list| references(&list[..list.find("</ul>").unwrap()]))
            .collect()
    };
    let counts: Vec<usize> = pages.iter().map(|p| actor_links(p).len()).collect();
    assert_eq!(counts, [500, 500, 4]);
    let mut shown: Vec<String> = pages
        .iter()
        .zip(["", "../../", "../../"])
        .flat_map(|(html, up)| {
            actor_links(html)
                .into_iter()
                .map(move |link| format!("actors/{}", link.strip_prefix(up).unwrap_or(&link)))
        })
        .collect();
    shown.sort();
    let mut expected: Vec<String> = std::fs::read_dir(site.path().join("content/actors"))
        .unwrap()
        .map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            format!("actors/{}/index.html", name.trim_end_matches(".md"))
        })
        .collect();
    expected.sort();
    assert_eq!(shown, expected);

    // People fill the first page and part of the second, where the
    // organisations begin; the countries are last. Each page links where
    // each kind begins, and its neighbours.
    let second = &pages[1];
    for want in [
        "<nav class=\"kinds\" aria-label=\"Kinds of actor\"><ul><li><a href=\"../../index.html#kind-person\">People</a></li><li><a href=\"index.html#kind-organisation\">Organisations</a></li><li><a href=\"../3/index.html#kind-country\">Countries</a></li></ul></nav>",
        "<h2 id=\"kind-person\">People</h2>",
        "<h2 id=\"kind-organisation\">Organisations</h2>",
        "<a rel=\"prev\" href=\"../../index.html\">← Previous</a>",
        "<a rel=\"next\" href=\"../3/index.html\">Next →</a>",
    ] {
        assert!(second.contains(want), "{want} missing in\n{second}");
    }
    assert!(pages[0].contains("<a href=\"page/2/index.html#kind-organisation\">"));
    assert!(pages[2].contains("<h2 id=\"kind-country\">Countries</h2>"));
    assert!(!pages[2].contains("kind-person\">People</h2>"));
    for (file, html) in files.iter().zip(&pages) {
        for reference in references(html) {
            if reference.starts_with("https://") || reference.starts_with('#') {
                continue; // the share card, and links within the page
            }
            let path = reference.split('#').next().unwrap();
            let target = out.join(file).parent().unwrap().join(path);
            assert!(target.is_file(), "{file}: {reference}");
        }
    }
}

#[test]
fn an_actors_later_pages_carry_only_the_rest_of_its_articles() {
    // Events, the actors named with it and a country's members are on the
    // first page; repeating them on every later page made each page cost
    // and weigh more the bigger the site grew.
    let site = fixture();
    let out = site.path().join("public");
    build_into(site.path(), &out).unwrap();
    let first = read(&out.join("actors/russia/index.html"));
    let second = read(&out.join("actors/russia/page/2/index.html"));
    // (Russia has no events in the fixture; they go by the same rule.)
    for section in ["id=\"co-heading\"", "id=\"members-heading\""] {
        assert!(first.contains(section), "page 1 lacks {section}");
        assert!(!second.contains(section), "page 2 repeats {section}");
    }
    assert!(second.contains("<h1>Russia</h1>"), "{second}");
    assert!(second.contains("id=\"articles-heading\""));
    assert!(
        second.contains("href=\"../../index.html\""),
        "page 2 links page 1"
    );
}
