//! Loads a site folder into a [`Site`]: `site.toml` and every content file,
//! read and parsed in parallel. Each file is checked on its own here (fields,
//! types, dates, slugs); references between files are checked by
//! [`crate::link`]. All problems are collected, never just the first.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{display_path, Diagnostic};
use crate::frontmatter::{self, parse_table, Fields, FRONT_MATTER_FIRST_LINE};
use crate::markdown;
use crate::model::{Actor, ActorKind, Alias, Article, Event, Note, Quote, Site};
use crate::slug;

/// Reads and parses the site in `root`.
pub fn load(root: &Path) -> Result<Site, Vec<Diagnostic>> {
    load_with(root, &Cache::default(), &[])
}

/// Files parsed by an earlier load, by path, with the size and time of
/// change they had: `serve` loads the site after every save, and only the
/// files that changed need reading again.
#[derive(Default)]
pub struct Cache {
    articles: Kept<Article>,
    actors: Kept<Actor>,
    events: Kept<Event>,
}

type Kept<T> = Mutex<HashMap<PathBuf, (Stamp, T)>>;

/// A file's size and time of last change.
type Stamp = (u64, Option<std::time::SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()))
}

/// Reads and parses the site in `root` as [`load`] does, taking from `cache`
/// every file that is not in `changed` (paths from `root`) and whose size
/// and time of change are what they were, and keeping what it parses there.
pub fn load_with(root: &Path, cache: &Cache, changed: &[PathBuf]) -> Result<Site, Vec<Diagnostic>> {
    let fresh = Fresh { root, changed };
    let mut diagnostics = Vec::new();
    let config = crate::config::load(root)
        .map_err(|d| diagnostics.extend(d))
        .ok();
    if !root.join("content").is_dir() {
        diagnostics.push(Diagnostic::new(
            display_path(root, &root.join("content")),
            format!(
                "no content folder in {}; create content/articles, content/actors and content/events, or pass --root",
                root.display()
            ),
        ));
        return Err(diagnostics);
    }
    let articles = load_kind(
        root,
        "articles",
        read_article,
        &mut diagnostics,
        &cache.articles,
        &fresh,
    );
    let actors = load_kind(
        root,
        "actors",
        read_actor,
        &mut diagnostics,
        &cache.actors,
        &fresh,
    );
    let events = load_kind(
        root,
        "events",
        read_event,
        &mut diagnostics,
        &cache.events,
        &fresh,
    );
    match config {
        Some(config) if diagnostics.is_empty() => Ok(Site {
            config,
            articles,
            actors,
            events,
        }),
        _ => Err(diagnostics),
    }
}

/// Reads only the actors of the site in `root` (for `import`, which needs
/// the names to look for before any article exists).
pub fn load_actors(root: &Path) -> Result<Vec<Actor>, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let fresh = Fresh { root, changed: &[] };
    let actors = load_kind(
        root,
        "actors",
        read_actor,
        &mut diagnostics,
        &Kept::default(),
        &fresh,
    );
    if diagnostics.is_empty() {
        Ok(actors)
    } else {
        Err(diagnostics)
    }
}

/// Reads only the events of the site in `root`.
pub fn load_events(root: &Path) -> Result<Vec<Event>, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let fresh = Fresh { root, changed: &[] };
    let events = load_kind(
        root,
        "events",
        read_event,
        &mut diagnostics,
        &Kept::default(),
        &fresh,
    );
    if diagnostics.is_empty() {
        Ok(events)
    } else {
        Err(diagnostics)
    }
}

/// Something with a slug and the file it came from.
trait ContentFile {
    fn slug(&self) -> &str;
    fn file(&self) -> &Path;
}

macro_rules! content_file {
    ($($t:ty),*) => {$(
        impl ContentFile for $t {
            fn slug(&self) -> &str { &self.slug }
            fn file(&self) -> &Path { &self.file }
        }
    )*};
}
content_file!(Article, Actor, Event);

/// What a reader of one kind of file gets: its slug, its path for messages,
/// its front matter fields and its Markdown body.
type Reader<T> = fn(String, PathBuf, &mut Fields<'_>, &str) -> Option<T>;

/// Which files must be read again rather than taken from a cache.
struct Fresh<'a> {
    root: &'a Path,
    changed: &'a [PathBuf],
}

impl Fresh<'_> {
    /// The cached item of `path`, when the file is as it was.
    fn cached<T: Clone>(&self, path: &Path, kept: &Kept<T>) -> Option<T> {
        let relative = path.strip_prefix(self.root).unwrap_or(path);
        if self.changed.iter().any(|c| c == relative) {
            return None;
        }
        let kept = kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (when, item) = kept.get(path)?;
        (stamp(path).as_ref() == Some(when)).then(|| item.clone())
    }
}

fn load_kind<T: ContentFile + Send + Clone>(
    root: &Path,
    kind: &str,
    read: Reader<T>,
    diagnostics: &mut Vec<Diagnostic>,
    kept: &Kept<T>,
    fresh: &Fresh<'_>,
) -> Vec<T> {
    let files = content_files(root, kind, diagnostics);
    let results: Vec<Result<T, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|path| {
            if let Some(item) = fresh.cached(path, kept) {
                return Ok(item);
            }
            let before = stamp(path);
            let item = read_file(root, path, read)?;
            if let Some(before) = before {
                kept.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .insert(path.to_path_buf(), (before, item.clone()));
            }
            Ok(item)
        })
        .collect();
    let mut items = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(item) => items.push(item),
            Err(problems) => diagnostics.extend(problems),
        }
    }
    report_duplicate_slugs(&items, diagnostics);
    items
}

/// Every `.md` file below `content/KIND`, in a stable order. Hidden files
/// (editor swap files and the like) are skipped.
fn content_files(root: &Path, kind: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let dir = root.join("content").join(kind);
    if !dir.exists() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(&dir).follow_links(true).sort_by_file_name();
    for entry in walker
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name()))
    {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                if entry.path().extension().is_some_and(|e| e == "md") {
                    files.push(entry.into_path());
                }
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().unwrap_or(&dir).to_path_buf();
                diagnostics.push(Diagnostic::new(
                    display_path(root, &path),
                    format!("cannot be read: {err}"),
                ));
            }
        }
    }
    files
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

fn report_duplicate_slugs<T: ContentFile>(items: &[T], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Path> = HashMap::with_capacity(items.len());
    for item in items {
        if let Some(first) = seen.insert(item.slug(), item.file()) {
            diagnostics.push(Diagnostic::new(
                item.file(),
                format!(
                    "duplicate slug \"{}\": {} has the same file name; rename one of them",
                    item.slug(),
                    first.display()
                ),
            ));
            seen.insert(item.slug(), first);
        }
    }
}

/// Reads one content file: text, front matter, fields, body.
fn read_file<T>(root: &Path, path: &Path, read: Reader<T>) -> Result<T, Vec<Diagnostic>> {
    let file = display_path(root, path);
    let bytes = std::fs::read(path)
        .map_err(|err| vec![Diagnostic::new(&file, format!("cannot be read: {err}"))])?;
    let text = String::from_utf8(bytes).map_err(|err| {
        let good = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        vec![Diagnostic::new(
            &file,
            "is not valid UTF-8 text; save it as UTF-8 (or run it through `briefing import`, which repairs encodings)",
        )
        .at_line(Some(line))]
    })?;
    let split = frontmatter::split(&text)
        .map_err(|(line, message)| vec![Diagnostic::new(&file, message).at_line(Some(line))])?;
    let table = parse_table(split.toml, FRONT_MATTER_FIRST_LINE, &file).map_err(|d| vec![d])?;

    let mut diagnostics = Vec::new();
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if !slug::is_valid(stem) {
        let suggestion = slug::slugify(stem);
        diagnostics.push(Diagnostic::new(
            &file,
            format!(
                "file name \"{stem}\" is not a valid slug (lowercase letters, digits and - only); rename the file to {suggestion}.md"
            ),
        ));
    }
    let mut fields = Fields::new(
        table,
        split.toml,
        FRONT_MATTER_FIRST_LINE,
        &file,
        &mut diagnostics,
    );
    let item = read(stem.to_string(), file.clone(), &mut fields, split.body);
    match item {
        Some(item) if diagnostics.is_empty() => Ok(item),
        _ => Err(diagnostics),
    }
}

fn read_article(slug: String, file: PathBuf, f: &mut Fields<'_>, body: &str) -> Option<Article> {
    let title = f.required_string("title", "\"Headline of the article\"");
    let draft = f.boolean("draft").unwrap_or(false);
    let when = f.date("date", !draft);
    let source = f.string("source");
    let url = f.string("url");
    if let Some(url) = &url {
        if !is_web_address(url) {
            f.error(
                "url",
                format!(
                    "must be the original web address, starting with https://, found \"{url}\""
                ),
            );
        }
    }
    let authors = f.string_list("authors");
    let summary = f.string("summary");
    let actors = f.refs("actors");
    let events = f.refs("events");
    let tags = f.string_list("tags");
    let quotes = f.array_of_tables("quotes", read_quote);
    let notes = f.array_of_tables("notes", read_note);
    let extra = f.take_extra();
    let summary_given = summary.is_some();
    let summary = summary.unwrap_or_else(|| markdown::first_paragraph_text(body));
    Some(Article {
        slug,
        file,
        title: title?,
        when,
        source,
        url,
        authors,
        summary,
        summary_given,
        actors,
        events,
        tags,
        draft,
        quotes,
        notes,
        extra,
        body: body.to_string(),
    })
}

fn is_web_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

fn read_quote(f: &mut Fields<'_>) -> Option<Quote> {
    let actor = f.single_ref("actor");
    let speaker = f.string("speaker");
    let text = f.required_string("text", "\"The words, as said.\"");
    if actor.is_none() && speaker.is_none() {
        f.error(
            "actor",
            "a quote needs its speaker: actor = \"actor-slug\", or speaker = \"Name\" for someone who is not an actor",
        );
        return None;
    }
    Some(Quote {
        actor,
        speaker,
        text: text?,
    })
}

fn read_note(f: &mut Fields<'_>) -> Option<Note> {
    let text = f.required_string("text", "\"What the editor wants readers to know.\"");
    let author = f.string("author");
    Some(Note {
        text: text?,
        author,
    })
}

fn read_actor(slug: String, file: PathBuf, f: &mut Fields<'_>, body: &str) -> Option<Actor> {
    let name = f.required_string("name", "\"Vladimir Putin\"");
    let kind = match f.string("kind") {
        None => Some(ActorKind::Person),
        Some(text) => {
            let kind = ActorKind::parse(&text);
            if kind.is_none() {
                f.error(
                    "kind",
                    format!(
                        "must be \"person\", \"organisation\" or \"country\", found \"{text}\""
                    ),
                );
            }
            kind
        }
    };
    let role = f.string("role");
    let country = f.single_ref("country");
    let aliases = f
        .refs("aliases")
        .into_iter()
        .map(|r| Alias {
            name: r.slug,
            line: r.line,
        })
        .collect();
    let extra = f.take_extra();
    Some(Actor {
        slug,
        file,
        name: name?,
        kind: kind?,
        role,
        country,
        aliases,
        extra,
        body: body.to_string(),
    })
}

fn read_event(slug: String, file: PathBuf, f: &mut Fields<'_>, body: &str) -> Option<Event> {
    let title = f.required_string("title", "\"US-Russia talks in Riyadh\"");
    let date = f.date("date", true).map(|w| w.date);
    let end_date = f.date("end_date", false).map(|w| w.date);
    if let (Some(start), Some(end)) = (date, end_date) {
        if end < start {
            f.error(
                "end_date",
                format!("{end} is before the event's date {start}; an event cannot end before it starts"),
            );
        }
    }
    let place = f.string("place");
    let actors = f.refs("actors");
    let keywords = f.string_list("keywords");
    let extra = f.take_extra();
    Some(Event {
        slug,
        file,
        title: title?,
        date: date?,
        end_date,
        place,
        actors,
        keywords,
        extra,
        body: body.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with_article(body: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.toml"), "title = \"T\"\n").unwrap();
        std::fs::create_dir_all(dir.path().join("content/articles")).unwrap();
        write_article(dir.path(), body);
        dir
    }

    fn write_article(root: &Path, body: &str) {
        let text = format!("+++\ntitle = \"A\"\ndate = 2025-01-01\n+++\n{body}\n");
        std::fs::write(root.join("content/articles/a.md"), text).unwrap();
    }

    #[test]
    fn a_cached_load_reads_again_what_changed_and_keeps_the_rest() {
        let dir = site_with_article("First.");
        let root = dir.path();
        let cache = Cache::default();
        let body = |site: Site| site.articles[0].body.trim().to_string();
        assert_eq!(body(load_with(root, &cache, &[]).unwrap()), "First.");
        // Named as changed: read again.
        write_article(root, "Second.");
        let changed = [PathBuf::from("content/articles/a.md")];
        assert_eq!(body(load_with(root, &cache, &changed).unwrap()), "Second.");
        // Not named, but of another size: read again too.
        write_article(root, "Third, longer.");
        assert_eq!(
            body(load_with(root, &cache, &[]).unwrap()),
            "Third, longer."
        );
        // A file that did not change is the cached one.
        assert_eq!(
            body(load_with(root, &cache, &[]).unwrap()),
            "Third, longer."
        );
    }
}
