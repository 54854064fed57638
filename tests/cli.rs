//! The editor's commands run as the real binary: `build --base-url`, `init`
//! and `new`, with their exact messages.

use std::path::Path;
use std::process::{Command, Output};

fn briefing(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn base_url_overrides_site_toml_for_one_build() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    assert!(briefing(&["init", "site"], dir.path()).status.success());
    let built = briefing(
        &[
            "build",
            "--root",
            "site",
            "--base-url",
            "https://news.example/brief/",
        ],
        dir.path(),
    );
    assert!(built.status.success(), "{}", stderr(&built));
    let feed = read(&site.join("public/atom.xml"));
    assert!(
        feed.contains("<id>https://news.example/brief/atom.xml</id>"),
        "{feed}"
    );
    let sitemap = read(&site.join("public/sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://news.example/brief/actors/alex-example/index.html</loc>")
    );
    // site.toml itself is untouched, and without the option there is no feed.
    assert!(!read(&site.join("site.toml")).contains("news.example"));
    assert!(briefing(&["build", "--root", "site"], dir.path())
        .status
        .success());
    assert!(!site.join("public/atom.xml").exists());

    let bad = briefing(
        &["build", "--root", "site", "--base-url", "news.example"],
        dir.path(),
    );
    assert!(!bad.status.success());
    assert_eq!(
        stderr(&bad),
        "--base-url must be an absolute address starting with https://, found \"news.example\"\nerror: 1 problem; nothing was written; the previous output is unchanged\n"
    );
}

#[test]
fn init_makes_a_site_that_builds_at_once_and_refuses_a_folder_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let made = briefing(&["init", "brief"], dir.path());
    assert!(made.status.success(), "{}", stderr(&made));
    let out = stdout(&made);
    assert!(out.starts_with("Made a new site in brief:\n  site.toml\n  content/actors/alex-example.md\n  content/events/example-summit.md\n  content/articles/"), "{out}");
    let built = briefing(&["build", "--root", "brief"], dir.path());
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(stdout(&built).starts_with("Built 1 article, 1 actor, 1 event: 15 pages"));
    let article = read(
        &dir.path()
            .join("brief/public/actors/alex-example/index.html"),
    );
    assert!(article.contains("This is what a quote looks like."));

    let again = briefing(&["init", "brief"], dir.path());
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        stderr(&again),
        "error: brief is not empty; give a new or empty folder for the site\n"
    );
}

#[test]
fn new_writes_each_kind_with_its_front_matter_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    assert!(briefing(&["init", "."], dir.path()).status.success());
    let actor = briefing(&["new", "actor", "Łukasz \"Luke\" Nowak"], dir.path());
    assert_eq!(
        stdout(&actor),
        "Wrote ./content/actors/lukasz-luke-nowak.md\n"
    );
    let text = read(&dir.path().join("content/actors/lukasz-luke-nowak.md"));
    assert!(
        text.starts_with("+++\nname = 'Łukasz \"Luke\" Nowak'\nkind = \"person\""),
        "{text}"
    );
    let event = briefing(&["new", "event", "Talks in Riyadh"], dir.path());
    assert_eq!(
        stdout(&event),
        "Wrote ./content/events/talks-in-riyadh.md\n"
    );
    let article = briefing(&["new", "article", "Talks resume"], dir.path());
    let out = stdout(&article);
    assert!(
        out.starts_with("Wrote ./content/articles/20") && out.ends_with("-talks-resume.md\n"),
        "{out}"
    );
    // What new writes builds as it is.
    let built = briefing(&["build"], dir.path());
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(stdout(&built).starts_with("Built 2 articles, 2 actors, 2 events"));

    let again = briefing(&["new", "actor", "Łukasz \"Luke\" Nowak"], dir.path());
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        stderr(&again),
        "error: content/actors/lukasz-luke-nowak.md already exists; edit it, or give another name\n"
    );
    let nameless = briefing(&["new", "event", "  ...  "], dir.path());
    assert_eq!(
        stderr(&nameless),
        "error: \"...\" has no letter or digit to make a file name from; give another name\n"
    );
    let elsewhere = briefing(&["new", "event", "X", "--root", "content"], dir.path());
    assert_eq!(
        stderr(&elsewhere),
        "error: content is not a site folder (no site.toml in it); pass the site with --root, or make one with `briefing init DIR`\n"
    );
}
