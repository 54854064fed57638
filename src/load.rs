//! Loads a site folder into a [`Site`]: `site.toml` and every content file,
//! read and parsed in parallel. Each file is checked on its own here (fields,
//! types, dates, slugs); references between files are checked by
//! [`crate::link`]. All problems are collected, never just the first.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{display_path, Diagnostic};
use crate::frontmatter::{self, parse_table, Fields, FRONT_MATTER_FIRST_LINE};
use crate::markdown::{self, ActorLinker};
use crate::model::{
    Actor, ActorKind, ActorNames, Alias, Article, Event, FileAsRead, Mentions, Note, Quote, Site,
    SiteConfig, StateOfPlay,
};
use crate::slug;

/// The most tags one article may have: each makes a page (50,000 tags in one
/// file made 50,109 pages and 401 MB).
pub const MAX_TAGS: usize = 100;

/// The largest content file read: a long article is a few hundred KiB.
pub const MAX_FILE_BYTES: u64 = 16 << 20;

/// Reads and parses the site in `root`.
pub fn load(root: &Path) -> Result<Site, Vec<Diagnostic>> {
    let loaded = load_partial(root);
    match loaded.site {
        Some(site) if loaded.diagnostics.is_empty() => Ok(site),
        _ => Err(loaded.diagnostics),
    }
}

/// A site read as far as it could be: the files that parsed, every problem
/// found, and the slugs of files that could not be read, so that later
/// stages can check the rest without calling those slugs unknown.
pub struct Loaded {
    /// `None` when there is no content folder to read.
    pub site: Option<Site>,
    pub diagnostics: Vec<Diagnostic>,
    pub broken: Broken,
}

/// Slugs of content files that exist but could not be read or parsed.
#[derive(Debug, Default)]
pub struct Broken {
    pub actors: HashSet<String>,
    pub events: HashSet<String>,
}

/// Reads every file of the site in `root` that can be read, and collects
/// every problem: `check` reports them all in one run.
pub fn load_partial(root: &Path) -> Loaded {
    load_partial_with(root, &Cache::none(), &[])
}

/// Files parsed by an earlier load, by path, with the size and time of
/// change they had: `serve` loads the site after every save, and only the
/// files that changed need reading again.
pub struct Cache {
    articles: Kept<Article>,
    actors: Kept<Actor>,
    events: Kept<Event>,
    /// False for a load that happens once (`build`, `check`): keeping a
    /// copy of every file parsed would double the memory the site takes
    /// while it loads and links.
    keeps: bool,
    /// True for a load whose articles let go of their bodies as soon as
    /// they are read (see [`Article::let_go_of_body`]).
    lets_go_of_bodies: bool,
    /// The actors' names of the last load: an article kept from it keeps
    /// its mentions while the names stay the same.
    names: Mutex<Option<Arc<ActorNames>>>,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            articles: Kept::default(),
            actors: Kept::default(),
            events: Kept::default(),
            keeps: true,
            lets_go_of_bodies: false,
            names: Mutex::new(None),
        }
    }
}

impl Cache {
    /// No cache: a load that reads every file and keeps nothing.
    pub fn none() -> Self {
        Cache {
            keeps: false,
            ..Cache::default()
        }
    }

    /// No cache, and articles that let go of their bodies once read, to be
    /// read again from their files when needed: for `build` and `check`,
    /// which hold the whole site while they render.
    pub fn lean() -> Self {
        Cache {
            lets_go_of_bodies: true,
            ..Cache::none()
        }
    }
}

type Kept<T> = Mutex<HashMap<PathBuf, (Stamp, T)>>;

/// A file's size and time of last change.
type Stamp = (u64, Option<std::time::SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()))
}

/// Reads the site in `root` as [`load_partial`] does, taking from `cache`
/// every file that is not in `changed` (paths from `root`) and whose size
/// and time of change are what they were, and keeping what it parses there.
pub fn load_partial_with(root: &Path, cache: &Cache, changed: &[PathBuf]) -> Loaded {
    let fresh = Fresh { root, changed };
    let mut diagnostics = Vec::new();
    let mut broken = Broken::default();
    let config = crate::config::load(root).unwrap_or_else(|d| {
        diagnostics.extend(d);
        stand_in_config()
    });
    if !root.join("content").is_dir() {
        diagnostics.push(Diagnostic::new(
            display_path(root, &root.join("content")),
            format!(
                "no content folder in {}; create content/articles, content/actors and content/events, or pass --root",
                root.display()
            ),
        ));
        return Loaded {
            site: None,
            diagnostics,
            broken,
        };
    }
    let articles_dir = root.join("content").join("articles");
    if !articles_dir.is_dir() {
        let what = if articles_dir.exists() {
            "is not a folder"
        } else {
            "is missing"
        };
        diagnostics.push(Diagnostic::new(
            display_path(root, &articles_dir),
            format!(
                "{what}; a site needs its articles in the folder content/articles (an empty folder builds an empty site)"
            ),
        ));
    }
    // Actors first: the articles' bodies are searched for their names
    // while each body is in hand. Their problems are still told after the
    // articles'.
    let mut watch = crate::timings::Stopwatch::start("load");
    let mut actor_diagnostics = Vec::new();
    let actors = load_kind(
        root,
        "actors",
        read_actor,
        &mut actor_diagnostics,
        &mut broken.actors,
        (&cache.actors, &fresh, cache.keeps, cache.lets_go_of_bodies),
        None,
    );
    watch.lap("actors");
    let scan = MentionScan::new(&actors, cache);
    watch.lap("names");
    let mut ignored = HashSet::new();
    let articles = load_kind(
        root,
        "articles",
        read_article,
        &mut diagnostics,
        &mut ignored,
        (
            &cache.articles,
            &fresh,
            cache.keeps,
            cache.lets_go_of_bodies,
        ),
        Some(&scan),
    );
    watch.lap("articles");
    diagnostics.extend(actor_diagnostics);
    let events = load_kind(
        root,
        "events",
        read_event,
        &mut diagnostics,
        &mut broken.events,
        (&cache.events, &fresh, cache.keeps, cache.lets_go_of_bodies),
        None,
    );
    watch.lap("events");
    let state_of_play = load_state_of_play(root, &mut diagnostics);
    Loaded {
        site: Some(Site {
            config,
            articles,
            actors,
            events,
            state_of_play,
        }),
        diagnostics,
        broken,
    }
}

/// Reads the article at `relative` (a path from `root`) again on its own,
/// keeping it in `cache` as a full load would: a rebuild after a save to
/// one article reads that file only.
pub fn reload_article(
    root: &Path,
    cache: &Cache,
    relative: &Path,
) -> Result<Article, Vec<Diagnostic>> {
    let path = root.join(relative);
    let keep_body = |article: &mut Article, body: &str, _| article.body = body.to_string();
    let (mut article, before) = read_file(root, &path, read_article, keep_body)?;
    if let Some(before) = before {
        article.read_as(&path, before, false);
        cache
            .articles
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path, (before, article.clone()));
    }
    Ok(article)
}

/// The settings `check` goes on with when `site.toml` has problems, so that
/// the content is still checked.
fn stand_in_config() -> SiteConfig {
    SiteConfig {
        title: String::new(),
        description: None,
        base_url: None,
        language: "en".to_string(),
        articles_per_page: 20,
        pretty_urls: false,
        extra: toml::Table::new(),
        interface: Default::default(),
        warnings: Vec::new(),
    }
}

/// Where the editor's state of play lives, relative to the site root.
pub const STATE_OF_PLAY_FILE: &str = "content/briefing.md";

/// Reads `content/briefing.md`, when the site has one.
fn load_state_of_play(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<StateOfPlay> {
    let path = root.join(STATE_OF_PLAY_FILE);
    if !path.is_file() {
        return None;
    }
    read_file(root, &path, read_state_of_play, |_, _, _| {})
        .map(|(state_of_play, _)| state_of_play)
        .map_err(|problems| diagnostics.extend(problems))
        .ok()
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
        &mut HashSet::new(),
        (&Kept::default(), &fresh, false, false),
        None,
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
        &mut HashSet::new(),
        (&Kept::default(), &fresh, false, false),
        None,
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
    /// Keeps the file's size and time of change from just before it was
    /// read, and lets go of the body when `let_go` (see
    /// [`Article::let_go_of_body`]).
    fn read_as(&mut self, _path: &Path, _stamp: Stamp, _let_go: bool) {}
    /// Finds the actors the body names, while it is in hand.
    fn find_mentions(&mut self, _scan: &MentionScan) {}
    /// Takes the body, just read, unless its reader did: finds the actors
    /// it names with `scan`, and keeps it unless `let_go`.
    fn take_body(&mut self, _body: &str, _scan: Option<&MentionScan>, _let_go: bool) {}
}

macro_rules! content_file {
    ($($t:ty),*) => {$(
        impl ContentFile for $t {
            fn slug(&self) -> &str { &self.slug }
            fn file(&self) -> &Path { &self.file }
        }
    )*};
}
content_file!(Actor, Event);

impl ContentFile for Article {
    fn slug(&self) -> &str {
        &self.slug
    }
    fn file(&self) -> &Path {
        &self.file
    }
    fn read_as(&mut self, path: &Path, (size, modified): Stamp, let_go: bool) {
        self.read_as = modified.map(|modified| FileAsRead {
            path: path.to_path_buf(),
            size,
            modified,
        });
        if let_go {
            self.let_go_of_body();
        }
    }
    fn find_mentions(&mut self, scan: &MentionScan) {
        let current = self
            .mentions
            .as_ref()
            .is_some_and(|m| Arc::ptr_eq(&m.names, &scan.names));
        if current {
            return;
        }
        // A body let go is read again by link, which finds them then.
        self.mentions = self
            .body_let_go
            .is_none()
            .then(|| Box::new(Mentions::find(&scan.names, &scan.linker, &self.body)));
    }
    fn take_body(&mut self, body: &str, scan: Option<&MentionScan>, let_go: bool) {
        if let Some(scan) = scan {
            self.mentions = Some(Box::new(Mentions::find(&scan.names, &scan.linker, body)));
        }
        if let_go {
            self.body_let_go = Some(body.len());
        } else {
            self.body = body.to_string();
        }
    }
}

/// The actors' names, in the order [`crate::link`] numbers actors, and a
/// linker that finds them: each article's body is searched as it is read,
/// not read again to be searched when the site is linked.
struct MentionScan {
    names: Arc<ActorNames>,
    linker: ActorLinker,
}

impl MentionScan {
    /// The names of `actors`; the cache's own when they are the same, so
    /// that the articles kept in it keep their mentions.
    fn new(actors: &[Actor], cache: &Cache) -> Self {
        let mut order: Vec<&Actor> = actors.iter().collect();
        order.sort_by(|a, b| crate::link::actor_order(a, b));
        let names = ActorNames::of(order);
        let mut last = cache
            .names
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let names = match last.as_ref() {
            Some(last) if **last == names => last.clone(),
            _ => Arc::new(names),
        };
        if cache.keeps {
            *last = Some(names.clone());
        }
        MentionScan {
            linker: names.linker(),
            names,
        }
    }
}

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
        let kept = kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if kept.is_empty() {
            return None;
        }
        let relative = path.strip_prefix(self.root).unwrap_or(path);
        if self.changed.iter().any(|c| c == relative) {
            return None;
        }
        let (when, item) = kept.get(path)?;
        (stamp(path).as_ref() == Some(when)).then(|| item.clone())
    }
}

fn load_kind<T: ContentFile + Send + Clone>(
    root: &Path,
    kind: &str,
    read: Reader<T>,
    diagnostics: &mut Vec<Diagnostic>,
    broken: &mut HashSet<String>,
    (kept, fresh, keeps, lets_go): (&Kept<T>, &Fresh<'_>, bool, bool),
    scan: Option<&MentionScan>,
) -> Vec<T> {
    let files = content_files(root, kind, diagnostics);
    let results: Vec<Result<T, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|path| {
            if let Some(mut item) = fresh.cached(path, kept) {
                if let Some(scan) = scan {
                    item.find_mentions(scan);
                }
                return Ok(item);
            }
            let take_body = |item: &mut T, body: &str, before: Option<Stamp>| {
                // Let go at once when it can be read again (see
                // [`Article::let_go_of_body`]).
                let let_go = lets_go && before.is_some_and(|(_, modified)| modified.is_some());
                item.take_body(body, scan, let_go);
            };
            let (mut item, before) = read_file(root, path, read, take_body)?;
            if let Some(before) = before {
                item.read_as(path, before, lets_go);
            }
            if let Some(before) = before.filter(|_| keeps) {
                kept.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .insert(path.to_path_buf(), (before, item.clone()));
            }
            Ok(item)
        })
        .collect();
    let mut items = Vec::with_capacity(results.len());
    for (result, path) in results.into_iter().zip(&files) {
        match result {
            Ok(item) => items.push(item),
            Err(problems) => {
                diagnostics.extend(problems);
                if let Some(stem) = path.file_stem() {
                    broken.insert(stem.to_string_lossy().into_owned());
                }
            }
        }
    }
    report_duplicate_slugs(&items, diagnostics);
    items
}

/// Every `.md` file below `content/KIND`, in a stable order. Hidden files
/// (editor swap files and the like) are skipped.
fn content_files(root: &Path, kind: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let dir = root.join("content").join(kind);
    if !dir.is_dir() {
        if dir.exists() && kind != "articles" {
            diagnostics.push(Diagnostic::new(
                display_path(root, &dir),
                format!("is not a folder; content/{kind} must be a folder of .md files"),
            ));
        }
        return Vec::new();
    }
    let mut files = Vec::new();
    let mut problems: Vec<(PathBuf, Diagnostic)> = Vec::new();
    let mut loops = Vec::new();
    // Walked as the folders list them, then sorted: paths compare name by
    // name from the top, the order of a walk that sorts each folder by file
    // name, but walkdir's sort asked each entry its file name again at every
    // comparison (a tenth of the load's instructions).
    let walker = WalkDir::new(&dir).follow_links(true);
    for entry in walker.into_iter().filter_entry(|e| {
        if is_hidden(e.file_name()) {
            return false;
        }
        if leads_back(e) {
            loops.push(e.path().to_path_buf());
            return false;
        }
        true
    }) {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                if entry.path().extension().is_some_and(|e| e == "md") {
                    files.push(entry.into_path());
                }
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().unwrap_or(&dir).to_path_buf();
                let problem = Diagnostic::new(
                    display_path(root, &path),
                    format!("cannot be read: {}", io_reason(&err.into())),
                );
                problems.push((path, problem));
            }
        }
    }
    files.sort_by_cached_key(|path| walk_key(path));
    problems.sort_by_cached_key(|(path, _)| walk_key(path));
    diagnostics.extend(problems.into_iter().map(|(_, problem)| problem));
    loops.sort_by_cached_key(|path| walk_key(path));
    for link in loops {
        diagnostics.push(Diagnostic::new(
            display_path(root, &link),
            "is a symbolic link to a folder that contains it, a loop: nothing below it was read; remove the link",
        ));
    }
    files
}

/// What puts paths in the order of a walk that sorts each folder by file
/// name: the path's bytes, each separator made a zero byte, which file
/// names cannot hold, so that paths compare name by name from the top
/// (`a/z.md` before `a-b.md`). Made once for each path: a sort that worked
/// the order out at every comparison took 45 ms of the load of 100,000
/// articles, with nothing else loading meanwhile.
fn walk_key(path: &Path) -> Vec<u8> {
    path.as_os_str()
        .as_encoded_bytes()
        .iter()
        .map(|&b| {
            if std::path::is_separator(char::from(b)) {
                0
            } else {
                b
            }
        })
        .collect()
}

/// True when `entry` is a link to a folder that holds the link itself:
/// following it would read the same files again, or forever.
fn leads_back(entry: &walkdir::DirEntry) -> bool {
    if !entry.path_is_symlink() || !entry.file_type().is_dir() {
        return false;
    }
    let (Ok(target), Some(Ok(parent))) = (
        entry.path().canonicalize(),
        entry.path().parent().map(Path::canonicalize),
    ) else {
        return false;
    };
    parent.starts_with(target)
}

/// An I/O error as a reader would say it: "permission denied", not the
/// system's wording with its error number.
pub fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::PermissionDenied => {
            "permission denied; make it readable to the user running briefing".to_string()
        }
        std::io::ErrorKind::NotFound => "it is not there (a broken link?)".to_string(),
        _ => err.to_string(),
    }
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

/// Reads one content file: text, front matter, fields, body; with the
/// file's size and time of change from just before it was read, when the
/// file system tells them. `take_body` is given the body of a file that
/// read well, with that size and time. The file is opened once, and asked its size
/// through the open file, not again by path.
fn read_file<T>(
    root: &Path,
    path: &Path,
    read: Reader<T>,
    take_body: impl FnOnce(&mut T, &str, Option<Stamp>),
) -> Result<(T, Option<Stamp>), Vec<Diagnostic>> {
    let file = display_path(root, path);
    let cannot_read = |err: std::io::Error| {
        vec![Diagnostic::new(
            &file,
            format!("cannot be read: {}", io_reason(&err)),
        )]
    };
    let mut opened = std::fs::File::open(path).map_err(cannot_read)?;
    let before = opened
        .metadata()
        .ok()
        .map(|meta| (meta.len(), meta.modified().ok()));
    let size = before.map_or(0, |(size, _)| size);
    if size > MAX_FILE_BYTES {
        return Err(vec![Diagnostic::new(
            &file,
            format!(
                "is {} MiB; a content file may be at most {} MiB: split it, or remove what is not the article",
                size.div_ceil(1 << 20),
                MAX_FILE_BYTES >> 20
            ),
        )]);
    }
    let bytes = read_all(&mut opened, size).map_err(cannot_read)?;
    drop(opened);
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
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !slug::is_valid(&stem) {
        diagnostics.push(Diagnostic::new(&file, file_name_advice(&stem)));
    }
    let mut fields = Fields::new(
        table,
        split.toml,
        FRONT_MATTER_FIRST_LINE,
        &file,
        &mut diagnostics,
    );
    let item = read(stem, file.clone(), &mut fields, split.body);
    match item {
        Some(mut item) if diagnostics.is_empty() => {
            take_body(&mut item, split.body, before);
            Ok((item, before))
        }
        _ => Err(diagnostics),
    }
}

/// The rest of `file`, `size` bytes by what it said of itself: read in
/// one call for the bytes and one that finds the end, where the standard
/// library's reading of a file asks its size and position again, or
/// reads in pieces of 8 KiB when not told its size.
fn read_all(file: &mut std::fs::File, size: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = vec![0; usize::try_from(size).unwrap_or(0).saturating_add(1)];
    let mut filled = 0;
    while filled < bytes.len() {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    bytes.truncate(filled);
    if filled > usize::try_from(size).unwrap_or(usize::MAX) {
        // It grew since: the rest too.
        file.read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// What to do about a file name that is not a slug: the slug it could
/// have, in Latin letters (Cyrillic and Greek spelled out), or, when its
/// letters have no Latin spelling, a request for one.
fn file_name_advice(stem: &str) -> String {
    let problem =
        format!("file name \"{stem}\" is not a valid slug (lowercase letters, digits and - only)");
    let suggestion = slug::slugify(&slug::transliterated(stem));
    let hashed = suggestion
        .strip_prefix("x-")
        .is_some_and(|h| h.len() == 8 && h.bytes().all(|b| b.is_ascii_hexdigit()));
    if !hashed && !suggestion.is_empty() {
        format!("{problem}; rename the file to {suggestion}.md")
    } else {
        format!("{problem}; rename the file to a slug in Latin letters that says what it is about, like talks-in-riyadh.md")
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
    if tags.len() > MAX_TAGS {
        f.error(
            "tags",
            format!(
                "lists {} tags; an article may have at most {MAX_TAGS}, since each tag makes pages of its own: keep the topics a reader would browse by",
                tags.len()
            ),
        );
    }
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut position = 0;
    let quotes = f.array_of_tables("quotes", |q| {
        let index = position;
        position += 1;
        let quote = read_quote(q)?;
        if let Some(id) = &quote.id {
            if let Some(first) = ids.insert(id.clone(), index) {
                q.error(
                    "id",
                    format!("quotes[{first}] has id = \"{id}\" too; a quote id must be unique within its article, so rename one"),
                );
            }
        }
        Some(quote)
    });
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
        // Taken by `read_file`'s `take_body`: a build lets it go at once.
        body: String::new(),
        read_as: None,
        body_let_go: None,
        mentions: None,
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
    let context = f.string("context");
    let said = f.day_or_month("said");
    let via = f.string("via");
    let side = f.string("side");
    let disputed = f.string("disputed");
    let events = f.refs("events");
    let id = f.string("id");
    if let Some(id) = &id {
        if !slug::is_valid(id) {
            f.error(
                "id",
                format!(
                    "\"{id}\" is not a valid quote id (lowercase letters, digits and - only); write e.g. id = \"{}\"",
                    slug::slugify(id)
                ),
            );
        }
    }
    let same_as = f.refs("same_as");
    for reference in &same_as {
        let well_formed = reference
            .slug
            .split_once('#')
            .is_some_and(|(article, id)| slug::is_valid(article) && slug::is_valid(id));
        if !well_formed {
            f.error(
                "same_as",
                format!(
                    "\"{}\" does not name a quote; write the article's slug, #, and the quote's id, like \"2025-02-18-some-article#weasel-out\"",
                    reference.slug
                ),
            );
        }
    }
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
        context,
        said,
        via,
        side,
        disputed,
        events,
        id,
        same_as,
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

fn read_state_of_play(
    _slug: String,
    file: PathBuf,
    f: &mut Fields<'_>,
    body: &str,
) -> Option<StateOfPlay> {
    let title = f.string("title");
    let updated = f.date("updated", true);
    let extra = f.take_extra();
    Some(StateOfPlay {
        file,
        title,
        updated: updated?,
        extra,
        body: body.to_string(),
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
    let side = f.string("side");
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
        side,
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
    let parties = f.string_list("parties");
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
        parties,
        extra,
        body: body.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cached_site(root: &Path, cache: &Cache, changed: &[PathBuf]) -> Site {
        let loaded = load_partial_with(root, cache, changed);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        loaded.site.expect("a site")
    }

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
        assert_eq!(body(cached_site(root, &cache, &[])), "First.");
        // Named as changed: read again.
        write_article(root, "Second.");
        let changed = [PathBuf::from("content/articles/a.md")];
        assert_eq!(body(cached_site(root, &cache, &changed)), "Second.");
        // Not named, but of another size: read again too.
        write_article(root, "Third, longer.");
        assert_eq!(body(cached_site(root, &cache, &[])), "Third, longer.");
        // A file that did not change is the cached one.
        assert_eq!(body(cached_site(root, &cache, &[])), "Third, longer.");
    }

    #[test]
    fn a_file_is_read_whole_whatever_size_it_said_it_had() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let text: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &text).unwrap();
        // Its own size; smaller (it grew since); larger (it shrank).
        for said in [20_000, 10, 0, 30_000] {
            let mut file = std::fs::File::open(&path).unwrap();
            assert_eq!(read_all(&mut file, said).unwrap(), text, "said {said}");
        }
    }

    #[test]
    fn content_files_come_in_the_order_of_a_walk_sorted_by_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("content/articles");
        for file in [
            "b.md",
            "a.md",
            "a/z.md",
            "a/b/c.md",
            "a-b.md",
            "a.b.md",
            "B.md",
            "a/a.md",
            "é.md",
            "e.md",
            "a/b.md",
            "ab/a.md",
            "a0.md",
            "notes.txt",
        ] {
            let path = articles.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let walked: Vec<PathBuf> = WalkDir::new(&articles)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
            .map(walkdir::DirEntry::into_path)
            .collect();
        assert_eq!(walked.len(), 13);
        let mut diagnostics = Vec::new();
        assert_eq!(
            content_files(dir.path(), "articles", &mut diagnostics),
            walked
        );
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn io_errors_are_said_as_a_reader_would() {
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(
            io_reason(&denied),
            "permission denied; make it readable to the user running briefing"
        );
    }

    #[test]
    fn a_template_that_is_not_utf8_says_so() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/404.html"), b"<p>caf\xe9</p>").unwrap();
        let err = crate::templates::Templates::load(dir.path()).err().unwrap();
        assert_eq!(
            err[0].to_string(),
            "templates/404.html: is not UTF-8 text; save the template as UTF-8"
        );
    }
}
