//! `briefing init` and `briefing new`: a new site that builds at once, and a
//! new article, actor or event file with the front matter the content format
//! asks for. Neither ever replaces a file.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::slug;

/// What `new` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Article,
    Actor,
    Event,
}

impl Kind {
    fn folder(self) -> &'static str {
        match self {
            Kind::Article => "content/articles",
            Kind::Actor => "content/actors",
            Kind::Event => "content/events",
        }
    }
}

/// Why nothing was made.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{0} is not empty; give a new or empty folder for the site")]
    NotEmpty(PathBuf),
    #[error("{0} is not a site folder (no site.toml in it); pass the site with --root, or make one with `briefing init DIR`")]
    NoSite(PathBuf),
    #[error("{0} already exists; edit it, or give another name")]
    Exists(PathBuf),
    #[error("\"{0}\" has no letter or digit to make a file name from; give another name")]
    NoSlug(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Today's date in UTC, for new files.
pub fn today() -> NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}

/// Makes a new site in `dir` (created when missing, refused when it holds
/// anything): `site.toml` and one example article, actor and event that
/// refer to each other. Returns the files written, relative to `dir`.
pub fn init(dir: &Path, today: NaiveDate) -> Result<Vec<PathBuf>, ScaffoldError> {
    let holds_files = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if holds_files || dir.is_file() {
        return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
    }
    let article = format!("content/articles/{today}-welcome-to-your-briefing.md");
    let files = [
        ("site.toml".to_string(), SITE_TOML.to_string()),
        (
            "content/actors/alex-example.md".to_string(),
            EXAMPLE_ACTOR.to_string(),
        ),
        (
            "content/events/example-summit.md".to_string(),
            EXAMPLE_EVENT.replace("DATE", &today.to_string()),
        ),
        (article, EXAMPLE_ARTICLE.replace("DATE", &today.to_string())),
    ];
    let mut written = Vec::new();
    for (name, text) in files {
        write_new(&dir.join(&name), &text)?;
        written.push(PathBuf::from(name));
    }
    Ok(written)
}

/// Writes a new `kind` file named after `name` into the site at `root`, with
/// the front matter the content format asks for. Returns its path, relative
/// to `root`.
pub fn new_file(
    root: &Path,
    kind: Kind,
    name: &str,
    today: NaiveDate,
) -> Result<PathBuf, ScaffoldError> {
    if !root.join(crate::config::FILE_NAME).is_file() {
        return Err(ScaffoldError::NoSite(root.to_path_buf()));
    }
    let name = name.trim();
    let base = slug::slugify(name);
    if !name.chars().any(char::is_alphanumeric) {
        return Err(ScaffoldError::NoSlug(name.to_string()));
    }
    let quoted = toml::Value::String(name.to_string()).to_string();
    let (slug, text) = match kind {
        Kind::Article => (
            article_slug(&base, today),
            format!(
                "+++\ntitle = {quoted}\ndate = {today}\n# source = \"The outlet\"\n# url = \"https://…\"\nauthors = []\nactors = []\nevents = []\ntags = []\n+++\nThe article's text, in Markdown.\n"
            ),
        ),
        Kind::Actor => (
            base,
            format!(
                "+++\nname = {quoted}\nkind = \"person\"  # person, organisation or country\n# role = \"What they do\"\n# country = \"country-slug\"\naliases = []\n+++\nA short profile, in Markdown.\n"
            ),
        ),
        Kind::Event => (
            base,
            format!(
                "+++\ntitle = {quoted}\ndate = {today}\n# end_date = {today}\n# place = \"Where\"\nactors = []\nkeywords = []\n+++\nWhat happened, in Markdown.\n"
            ),
        ),
    };
    let relative = Path::new(kind.folder()).join(format!("{slug}.md"));
    write_new(&root.join(&relative), &text).map_err(|err| match err {
        ScaffoldError::Exists(_) => ScaffoldError::Exists(relative.clone()),
        other => other,
    })?;
    Ok(relative)
}

/// `YYYY-MM-DD-title-words`, at most 60 characters, cut between words.
fn article_slug(base: &str, today: NaiveDate) -> String {
    let mut slug = today.to_string();
    for word in base.split('-').filter(|w| !w.is_empty()) {
        if slug.len() + 1 + word.len() > 60 && slug.len() > 10 {
            break;
        }
        slug.push('-');
        slug.push_str(word);
    }
    slug
}

/// Writes `text` to a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    let io = |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|err| match err.kind() {
            std::io::ErrorKind::AlreadyExists => ScaffoldError::Exists(path.to_path_buf()),
            _ => io(err),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(io)
}

const SITE_TOML: &str = r#"title = "My briefing"
description = "What each side said, and when"
language = "en"
articles_per_page = 20
# base_url = "https://example.org/briefing"  # only the feed and the sitemap need it
"#;

const EXAMPLE_ACTOR: &str = r#"+++
name = "Alex Example"
kind = "person"
role = "Foreign minister of Exampleland"
aliases = ["Example"]
+++
An example actor. Each person, organisation or country the articles name
gets a file like this one in content/actors/; its file name is the slug that
articles use to refer to it.
"#;

const EXAMPLE_EVENT: &str = r#"+++
title = "Example summit"
date = DATE
place = "Geneva"
actors = ["alex-example"]
keywords = ["Example summit"]
+++
An example event. Articles list the events they cover in `events`.
"#;

const EXAMPLE_ARTICLE: &str = r#"+++
title = "Welcome to your briefing"
date = DATE
source = "The Example Times"
actors = ["alex-example"]
events = ["example-summit"]
tags = ["getting started"]

[[quotes]]
actor = "alex-example"
text = "This is what a quote looks like."
+++
This is an example article. Alex Example spoke at the Example summit.

Import real articles with `briefing import FILES`, or write them by hand
with `briefing new article "Title"`; then run `briefing build` or
`briefing serve`.
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn article_slugs_start_with_the_date_and_stop_between_words() {
        assert_eq!(
            article_slug("talks-resume", day()),
            "2026-11-24-talks-resume"
        );
        let long = article_slug(&"word-".repeat(30), day());
        assert!(long.len() <= 60 && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn today_is_a_real_date() {
        assert!(today() > NaiveDate::from_ymd_opt(2020, 1, 1).unwrap());
    }
}
