//! `briefing import` end to end: the five seeds into a copy of the default
//! site (golden front matter), hostile input, re-import keeping editors'
//! edits, and the default site's hand annotations surviving a re-import.

use std::fs;
use std::path::{Path, PathBuf};

use briefing::import::{import, Action, ImportOptions, ImportReport};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A temp site with the default site's settings, actors and events, the
/// raw seeds in `raw/`, and (when asked) its hand-annotated articles.
fn site(with_articles: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::copy(repo().join("site.toml"), root.join("site.toml")).unwrap();
    copy_dir(&repo().join("content/actors"), &root.join("content/actors"));
    copy_dir(&repo().join("content/events"), &root.join("content/events"));
    fs::create_dir_all(root.join("content/articles")).unwrap();
    if with_articles {
        copy_dir(
            &repo().join("content/articles"),
            &root.join("content/articles"),
        );
    }
    copy_dir(&repo().join("raw"), &root.join("raw"));
    dir
}

fn run(root: &Path, inputs: &[PathBuf]) -> ImportReport {
    import(root, inputs, &ImportOptions::default()).unwrap()
}

fn articles(root: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(root.join("content/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn front_matter(text: &str) -> &str {
    let end = text[4..].find("\n+++\n").map_or(text.len(), |i| i + 4);
    &text[..end]
}

#[test]
fn the_five_seeds_make_seven_articles() {
    let dir = site(false);
    let root = dir.path();
    let report = run(root, &[root.join("raw")]);
    assert_eq!(report.exit_code(), 1, "{:#?}", report.lines());
    let written = articles(root);
    assert_eq!(written.len(), 7);
    let golden: Vec<String> = written
        .iter()
        .map(|(name, text)| format!("=== {name}\n{}", front_matter(text)))
        .collect();
    insta::assert_snapshot!("seeds_front_matter", golden.join("\n\n"));
    briefing::load::load(root).unwrap_or_else(|d| panic!("{d:#?}"));
    briefing::build::check(root, false).unwrap_or_else(|e| panic!("{:#?}", e.lines()));
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let dir = site(false);
    let root = dir.path();
    let options = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    let report = import(root, &[root.join("raw/004_697425ad9d472758.txt")], &options).unwrap();
    assert_eq!(report.inputs[0].articles.len(), 3);
    assert!(report.lines().iter().any(|l| l.contains("would write")));
    assert!(articles(root).is_empty());
}

#[test]
fn hostile_input_is_imported_as_inert_text_or_refused() {
    let dir = site(false);
    let root = dir.path();
    let hostile = repo().join("tests/fixtures/import/hostile.txt");
    let long = root.join("long.txt");
    let line = "Putin said “yes,” Peskov said. ".repeat(200 * 1024 / 32);
    fs::write(&long, format!("A very long line\n{line}\n")).unwrap();
    let invalid = root.join("invalid.txt");
    fs::write(
        &invalid,
        b"Broken \xff\xfe bytes\n\nLavrov said talks \xc3 would go on.\n",
    )
    .unwrap();
    let empty = root.join("empty.txt");
    fs::write(&empty, "").unwrap();
    let report = run(root, &[hostile, long, invalid, empty.clone()]);
    let by_input = |name: &str| {
        report
            .inputs
            .iter()
            .find(|i| i.input.ends_with(name))
            .unwrap()
    };
    assert_eq!(
        by_input("empty.txt").refused.as_deref(),
        Some("the file is empty; there is no text to import")
    );
    assert!(by_input("invalid.txt").warnings[0].contains("not valid UTF-8"));
    assert_eq!(articles(root).len(), 3);
    // The 200 KB line: written whole and well-formed, and it loads.
    let long_file = root.join("content/articles/a-very-long-line.md");
    let long_text = fs::read_to_string(&long_file).unwrap();
    let parsed = briefing::import::write::Existing::parse(&long_text).unwrap();
    assert!(parsed.body.len() > 200 * 1024 - 64);
    let site = briefing::load::load(root).unwrap_or_else(|d| panic!("{d:#?}"));
    let long = site
        .articles
        .iter()
        .find(|a| a.title == "A very long line")
        .unwrap();
    assert!(long.body.len() > 200 * 1024 - 64);
    let hostile = site
        .articles
        .iter()
        .find(|a| a.title.starts_with("Kremlin"))
        .unwrap();
    assert_eq!(
        hostile.title,
        "Kremlin says {{ page.title }} and {% include \"x\" %}"
    );
    assert!(hostile.body.contains("\\+++"), "{}", hostile.body);
    let html = briefing::markdown::to_html(&hostile.body, None);
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("+++"), "{html}");
    assert!(
        html.contains("title = &quot;injected&quot;") || html.contains("title = \"injected\""),
        "{html}"
    );

    // And through the whole build: the article page prints it all as text.
    let output = root.join("public");
    briefing::build::build(&briefing::build::BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.clone()),
        drafts: false,
        base_url: None,
    })
    .unwrap_or_else(|e| panic!("{:#?}", e.lines()));
    let page = fs::read_to_string(
        output
            .join("articles")
            .join(&hostile.slug)
            .join("index.html"),
    )
    .unwrap();
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(page.contains("&lt;script&gt;alert("), "{page}");
    assert!(page.contains("{{ page.title }}"), "{page}");
    assert!(page.contains("{% include"), "{page}");

    let only_empty = run(root, &[empty]);
    assert_eq!(only_empty.exit_code(), 2);
}

#[test]
fn reimport_keeps_the_editors_edits_and_updates_the_rest() {
    let dir = site(false);
    let root = dir.path();
    let raw = root.join("raw/003_9f3620ed64dfd01e.txt");
    run(root, std::slice::from_ref(&raw));
    let (name, text) = articles(root).remove(0);
    let path = root.join("content/articles").join(&name);
    assert!(text.contains("draft = true"));
    let edited = text
        .replace("draft = true\n", "date = 2023-05-08\n")
        .replace("Some high-ranking US officials", "Some senior US officials")
        .replace(
            "\n[import]",
            "\n[[notes]]\nauthor = \"desk\"\ntext = \"Date established from context.\"\n\n[import]",
        )
        .replacen(
            "\n\n[[quotes]]",
            "\ntags = [\"ceasefire\"]\n\n[[quotes]]",
            1,
        );
    fs::write(&path, &edited).unwrap();

    let again = run(root, std::slice::from_ref(&raw));
    let article = &again.inputs[0].articles[0];
    assert_eq!(article.action, Action::Unchanged, "{:#?}", again.lines());
    assert_eq!(article.kept, ["date", "draft", "notes", "body"]);
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);

    let changed = fs::read_to_string(&raw)
        .unwrap()
        .replace(
            "US Prepares for Talks With Putin After Ukrainian Offensive\n\nSome",
            "US Prepares for Peace Talks With Putin\n\nSome",
        )
        .replace("Source : The Moscow Times", "Source : Moscow Times")
        .replace(
            "Beijing wants to participate",
            "Beijing wishes to participate",
        );
    fs::write(&raw, changed).unwrap();
    let third = run(root, std::slice::from_ref(&raw));
    let article = &third.inputs[0].articles[0];
    assert_eq!(article.action, Action::Updated);
    assert_eq!(articles(root).len(), 1, "the file keeps its name");
    let now = fs::read_to_string(&path).unwrap();
    assert!(now.contains("title = \"US Prepares for Peace Talks With Putin\""));
    assert!(now.contains("source = \"Moscow Times\""));
    assert!(now.contains("date = 2023-05-08"));
    assert!(now.contains("Date established from context."));
    assert!(now.contains("tags = [\"ceasefire\"]"));
    assert!(now.contains("Some senior US officials"));
    assert!(!now.contains("\ndraft = true\n"));
    assert!(
        article
            .warnings
            .iter()
            .any(|w| w.starts_with("conflict in body")),
        "{:#?}",
        third.lines()
    );
    let fourth = run(root, std::slice::from_ref(&raw));
    let article = &fourth.inputs[0].articles[0];
    assert!(
        !article.warnings.iter().any(|w| w.starts_with("conflict")),
        "a conflict is reported once: {:#?}",
        fourth.lines()
    );
    assert!(article.kept.contains(&"body".to_string()));
    assert!(fs::read_to_string(&path)
        .unwrap()
        .contains("Some senior US officials"));
}

#[test]
fn a_new_site_gets_its_articles_folder_and_an_outside_raw_file_its_path() {
    let dir = site(false);
    let root = dir.path();
    fs::remove_dir(root.join("content/articles")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    let raw = outside.path().join("piece.txt");
    fs::write(
        &raw,
        "Kremlin open to talks\n\nPublished: 2025-05-15\n\n“We are ready,” Peskov said.\n",
    )
    .unwrap();
    let report = run(root, std::slice::from_ref(&raw));
    assert_eq!(report.exit_code(), 1, "{:#?}", report.lines());
    let written = articles(root);
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].0, "2025-05-15-kremlin-open-to-talks.md");
    let recorded = format!("raw = \"{}\"", raw.canonicalize().unwrap().display());
    assert!(written[0].1.contains(&recorded), "{}", written[0].1);
    let leftovers: Vec<_> = fs::read_dir(root.join("content/articles"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('.')
        })
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
}

#[test]
fn a_second_article_with_the_same_slug_gets_a_suffix() {
    let dir = site(false);
    let root = dir.path();
    let first = root.join("a.txt");
    let second = root.join("b.txt");
    fs::write(
        &first,
        "Same headline\n\nPublished: 2025-05-15\n\nPeskov said one thing.\n",
    )
    .unwrap();
    fs::write(
        &second,
        "Same headline\n\nPublished: 2025-05-15\n\nPeskov said another.\n",
    )
    .unwrap();
    run(root, &[first.clone(), second]);
    let names: Vec<String> = articles(root).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "2025-05-15-same-headline-2.md",
            "2025-05-15-same-headline.md"
        ]
    );
    let again = run(root, &[first]);
    assert_eq!(again.inputs[0].articles[0].action, Action::Unchanged);
    assert_eq!(articles(root).len(), 2);
}

#[test]
fn reimporting_the_default_site_keeps_its_hand_annotations() {
    let dir = site(true);
    let root = dir.path();
    let before = articles(root);
    let report = run(root, &[root.join("raw")]);
    let after = articles(root);
    assert_eq!(before.len(), 7);
    assert_eq!(after, before, "{:#?}", report.lines());
    for article in report.inputs.iter().flat_map(|i| &i.articles) {
        assert_eq!(
            article.action,
            Action::Unchanged,
            "{}",
            article.file.display()
        );
    }
    for (name, text) in &after {
        assert!(text.contains("[[notes]]"), "{name} lost its notes");
        assert!(!text.contains("draft = true"), "{name} is a draft again");
    }
}
