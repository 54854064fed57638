//! `briefing import`: turns raw article text, pasted from news sites with
//! their clutter, into annotated article pages in `content/articles/`.
//! Stages, one module each: [`text`] (hygiene, clutter) → [`digest`] (pieces)
//! → [`meta`], [`dates`], [`actors`], [`events`], [`quotes`] → [`body`] →
//! [`write`] (front matter, provenance and the merge that keeps editors' edits).
//! Saved pages (`.html`, `.htm`) take [`html`] (with [`html_meta`] and
//! [`outlets`]) instead of the text stages, then the same shared stages.
//! Around them, this module refuses input that is not text, holds the site's
//! lock ([`crate::lock`]) while it writes, finds the articles anywhere under
//! `content/articles/`, matches each piece to its article by content, and
//! keeps the [`ledger`] of pieces written so a deleted article stays deleted.

pub mod actors;
pub mod attribution;
pub mod blocks;
pub mod body;
pub mod dates;
pub mod digest;
pub mod events;
pub mod html;
pub mod html_meta;
pub mod ledger;
pub mod meta;
pub mod outlets;
pub mod provenance;
pub mod quotes;
pub mod text;
pub mod write;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml::{Table, Value};

use crate::diag::{display_path, Diagnostic};
use crate::lock::{LockError, SiteLock};

use actors::{ActorMatcher, Suggestion};
use events::EventMatcher;
use write::{Existing, Provenance};

/// What the command line asks of an import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Report what would be written, and write nothing.
    pub dry_run: bool,
    /// Write the suggested actor files for people who are not actors yet.
    pub add_actors: bool,
}

/// What happened to one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Created,
    Updated,
    Unchanged,
}

/// One article found in an input.
#[derive(Debug, Clone)]
pub struct ArticleReport {
    /// The file, relative to the site root.
    pub file: PathBuf,
    pub action: Action,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub actors: Vec<String>,
    pub events: Vec<String>,
    /// `speaker: text`, one per quote.
    pub quotes: Vec<String>,
    pub suggestions: Vec<Suggestion>,
    /// Fields where the editor's version was kept.
    pub kept: Vec<String>,
    pub warnings: Vec<String>,
}

/// One input file and what import made of it.
#[derive(Debug, Clone)]
pub struct InputReport {
    pub input: PathBuf,
    pub articles: Vec<ArticleReport>,
    /// Lines taken out as clutter.
    pub removed: Vec<String>,
    pub warnings: Vec<String>,
    /// Why nothing was imported from this input, when nothing was.
    pub refused: Option<String>,
}

/// Everything an import did (or, with `--dry-run`, would do).
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub inputs: Vec<InputReport>,
    /// Actor files written by `--add-actors`, relative to the site root.
    pub actors_added: Vec<PathBuf>,
    /// Article files import could not read, each with its line and fix.
    pub problems: Vec<String>,
    pub dry_run: bool,
}

impl ImportReport {
    /// 0 when clean, 1 when written with warnings for an editor, 2 when
    /// nothing was written.
    pub fn exit_code(&self) -> u8 {
        let articles = self.inputs.iter().flat_map(|i| &i.articles);
        if articles.clone().next().is_none() {
            return 2;
        }
        let warned = !self.problems.is_empty()
            || self.inputs.iter().any(|i| {
                !i.warnings.is_empty()
                    || i.refused.is_some()
                    || i.articles.iter().any(|a| !a.warnings.is_empty())
            });
        u8::from(warned)
    }

    /// The report as lines for a terminal.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for problem in &self.problems {
            out.push(format!("error: {problem}"));
        }
        for input in &self.inputs {
            out.push(format!("{}:", input.input.display()));
            if let Some(reason) = &input.refused {
                out.push(format!("  nothing imported: {reason}"));
            }
            for warning in &input.warnings {
                out.push(format!("  warning: {warning}"));
            }
            for line in &input.removed {
                out.push(format!(
                    "  removed: {}",
                    crate::text::truncate_chars(line, 90)
                ));
            }
            for article in &input.articles {
                out.extend(article_lines(article, self.dry_run));
            }
        }
        for file in &self.actors_added {
            out.push(format!("added actor {}", file.display()));
        }
        out
    }
}

fn article_lines(article: &ArticleReport, dry_run: bool) -> Vec<String> {
    let verb = match (article.action, dry_run) {
        (Action::Created, false) => "wrote",
        (Action::Created, true) => "would write",
        (Action::Updated, false) => "updated",
        (Action::Updated, true) => "would update",
        (Action::Unchanged, _) => "unchanged",
    };
    let date = article
        .date
        .map_or_else(|| "draft, no date".to_string(), |d| d.to_string());
    let mut out = vec![format!(
        "  {verb} {} ({date}): {}",
        article.file.display(),
        article.title
    )];
    if !article.actors.is_empty() {
        out.push(format!("    actors: {}", article.actors.join(", ")));
    }
    if !article.events.is_empty() {
        out.push(format!("    events: {}", article.events.join(", ")));
    }
    for quote in &article.quotes {
        out.push(format!(
            "    quote: {}",
            crate::text::truncate_chars(quote, 100)
        ));
    }
    for s in &article.suggestions {
        let role = s
            .role
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        out.push(format!(
            "    new person? {}{role}: accept with --add-actors to write content/actors/{}.md",
            s.name, s.slug
        ));
    }
    for field in &article.kept {
        out.push(format!("    kept editor's edit of {field}"));
    }
    for warning in &article.warnings {
        out.push(format!("    warning: {warning}"));
    }
    out
}

/// Why an import could not start at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0} is not a site folder (no content/ in it); pass the site with --root")]
    NoSite(PathBuf),
    #[error("the site's actors or events have problems; fix them first:\n{}", lines(.0))]
    Site(Vec<Diagnostic>),
    #[error("{path}: {message}")]
    Write { path: PathBuf, message: String },
    #[error(transparent)]
    Lock(#[from] LockError),
}

fn lines(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Imports every raw file in `inputs` (files, or folders of them) into the
/// site in `root`.
pub fn import(
    root: &Path,
    inputs: &[PathBuf],
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    import_with_progress(root, inputs, options, &|_, _| {})
}

/// Imports as [`import`] does, calling `progress(done, total)` with the
/// inputs read so far of all inputs.
pub fn import_with_progress(
    root: &Path,
    inputs: &[PathBuf],
    options: &ImportOptions,
    progress: &dyn Fn(usize, usize),
) -> Result<ImportReport, ImportError> {
    if !root.join("content").is_dir() {
        return Err(ImportError::NoSite(root.to_path_buf()));
    }
    let _lock = if options.dry_run {
        None
    } else {
        Some(SiteLock::acquire(root)?)
    };
    let mut actors = crate::load::load_actors(root).map_err(ImportError::Site)?;
    let events = EventMatcher::new(crate::load::load_events(root).map_err(ImportError::Site)?);
    let files = expand(inputs);
    let (outlets, outlet_problems) = outlets::Outlets::for_site(root);
    let mut report = ImportReport {
        dry_run: options.dry_run,
        ..ImportReport::default()
    };
    if options.add_actors {
        let matcher = ActorMatcher::new(&actors);
        let mut wanted: Vec<Suggestion> = Vec::new();
        let readers = Readers {
            outlets: &outlets,
            matcher: &matcher,
            events: &events,
        };
        each_prepared(&files, &readers, |_, prepared| {
            if let Prepared::Analyzed(analysis, _) = prepared {
                for s in analysis.pieces.into_iter().flat_map(|p| p.suggestions) {
                    if !wanted.iter().any(|w| w.slug == s.slug) {
                        wanted.push(s);
                    }
                }
            }
            Ok::<(), ImportError>(())
        })?;
        report.actors_added = add_actors(root, &wanted, options.dry_run)?;
        if !options.dry_run && !report.actors_added.is_empty() {
            actors = crate::load::load_actors(root).map_err(ImportError::Site)?;
        }
    }
    let matcher = ActorMatcher::new(&actors);
    let mut site = SiteFiles::scan(root);
    for broken in &site.broken {
        report.problems.push(broken.diagnostic.to_string());
    }
    let readers = Readers {
        outlets: &outlets,
        matcher: &matcher,
        events: &events,
    };
    each_prepared(&files, &readers, |done, prepared| {
        progress(done, files.len());
        let path = &files[done].0;
        let mut input = InputReport {
            input: path.clone(),
            articles: Vec::new(),
            removed: Vec::new(),
            warnings: Vec::new(),
            refused: None,
        };
        match prepared {
            Prepared::Refused(reason) => input.refused = Some(reason),
            Prepared::Analyzed(analysis, raw_hash) => {
                input.removed = analysis.removed;
                input.warnings = analysis.warnings;
                if html::is_page(path) {
                    input.warnings.extend(outlet_problems.iter().cloned());
                }
                input.refused = analysis.refused;
                let raw = raw_name(root, path);
                let matches = site.match_pieces(&raw, &analysis.pieces);
                for (piece, found) in analysis.pieces.into_iter().zip(matches) {
                    let provenance = Provenance {
                        raw: raw.clone(),
                        piece: piece.number,
                        raw_hash: raw_hash.clone(),
                    };
                    let target = match found {
                        Found::Article(path) => Some(path),
                        Found::Nothing => None,
                        Found::Skip(reason) => {
                            input.warnings.push(reason);
                            continue;
                        }
                    };
                    input.articles.push(site.put(
                        piece,
                        target,
                        &provenance,
                        &matcher,
                        options.dry_run,
                    )?);
                }
            }
        }
        report.inputs.push(input);
        Ok::<(), ImportError>(())
    })?;
    if !options.dry_run {
        site.ledger
            .save(root)
            .map_err(|message| ImportError::Write {
                path: PathBuf::from(ledger::LEDGER),
                message,
            })?;
    }
    Ok(report)
}

/// What reading a raw file needs of the site.
struct Readers<'a> {
    outlets: &'a outlets::Outlets,
    matcher: &'a ActorMatcher,
    events: &'a EventMatcher,
}

/// A raw file read: refused with the reason, or analysed, with the hash of
/// its bytes.
enum Prepared {
    Refused(String),
    Analyzed(Analysis, String),
}

/// Reads and analyses `path` (listed with `listed`, an error when the
/// input named could not be listed).
fn prepare(path: &Path, listed: &Result<(), String>, readers: &Readers<'_>) -> Prepared {
    let bytes = match listed.clone().and_then(|()| read(path)) {
        Ok(bytes) => bytes,
        Err(message) => return Prepared::Refused(message),
    };
    if let Some(reason) = not_text(&bytes) {
        return Prepared::Refused(reason);
    }
    let analysis = analyze_input(
        path,
        &bytes,
        readers.outlets,
        readers.matcher,
        readers.events,
    );
    Prepared::Analyzed(analysis, write::fnv64(&bytes))
}

/// How many files the import threads read ahead of the writer at a time.
const READ_AHEAD: usize = 32;

/// Calls `each(index, prepared)` for every file of `files` in their order,
/// on this thread, while the import threads read and analyse the files
/// after it, [`READ_AHEAD`] at a time, so that no more than a few dozen
/// files are held at once. Stops at the first error of `each`.
fn each_prepared<E>(
    files: &[(PathBuf, Result<(), String>)],
    readers: &Readers<'_>,
    mut each: impl FnMut(usize, Prepared) -> Result<(), E>,
) -> Result<(), E> {
    use rayon::prelude::*;
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Prepared>>(1);
        scope.spawn(move || {
            for chunk in files.chunks(READ_AHEAD) {
                let prepared = crate::build::on_render_threads(|| {
                    chunk
                        .par_iter()
                        .map(|(path, listed)| prepare(path, listed, readers))
                        .collect()
                });
                // The writer has stopped when it no longer receives.
                if sender.send(prepared).is_err() {
                    break;
                }
            }
        });
        let mut done = 0;
        for chunk in receiver {
            for prepared in chunk {
                each(done, prepared)?;
                done += 1;
            }
        }
        Ok(())
    })
}

/// Why `bytes` are not raw article text, when they are not: a program, an
/// image or an archive (NUL bytes, many control characters), or text in an
/// encoding other than UTF-8 (mostly invalid UTF-8).
fn not_text(bytes: &[u8]) -> Option<String> {
    const WHAT: &str = "import takes raw article text or HTML, saved as UTF-8";
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Some(format!(
            "the file is UTF-16 text; save it as UTF-8 and import it again ({WHAT})"
        ));
    }
    if bytes.contains(&0) {
        return Some(format!(
            "the file is not text: it holds NUL bytes, as programs, images and archives do ({WHAT})"
        ));
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let (mut total, mut control, mut invalid) = (0usize, 0usize, 0usize);
    // Most files are valid UTF-8 all through, which the standard library
    // checks many bytes at a time; the chunks are walked only when not.
    if let Ok(text) = std::str::from_utf8(sample) {
        (total, control) = count_controls(text);
    } else {
        for chunk in sample.utf8_chunks() {
            let (chars, controls) = count_controls(chunk.valid());
            total += chars;
            control += controls;
            total += chunk.invalid().len();
            invalid += chunk.invalid().len();
        }
    }
    let total = total.max(1);
    if control * 10 > total {
        return Some(format!(
            "the file is not text: {}% of its characters are control characters ({WHAT})",
            control * 100 / total
        ));
    }
    if invalid * 10 > total * 3 {
        return Some(format!(
            "the file is not UTF-8 text: {}% of its characters are not valid UTF-8; save it as UTF-8 and import it again ({WHAT})",
            invalid * 100 / total
        ));
    }
    None
}

/// How many characters `text` has, and how many of them are control
/// characters other than tab, line feed, carriage return and form feed,
/// counted over the bytes in passes the compiler can vectorise: a
/// character starts at every byte that does not go on one before it, and
/// the C1 controls are `C2 80` to `C2 9F`.
fn count_controls(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let chars = count_bytes(bytes, bytes, |b, _| b & 0xc0 != 0x80);
    let ascii = count_bytes(bytes, bytes, |b, _| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f
    });
    let next = bytes.get(1..).unwrap_or_default();
    let c1 = count_bytes(bytes, next, |b, after| {
        b == 0xc2 && (0x80..=0x9f).contains(&after)
    });
    (chars, ascii + c1)
}

/// How many positions of `bytes` (as far as `next` goes too) hold a byte
/// and a byte of `next` that `wanted` takes, counted in blocks of 255 into
/// byte-wide counters, which the compiler keeps sixteen or more to a
/// vector register.
fn count_bytes(bytes: &[u8], next: &[u8], wanted: impl Fn(u8, u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .zip(next.chunks(255))
        .map(|(block, after)| {
            let hits = block
                .iter()
                .zip(after)
                .fold(0u8, |n, (&b, &a)| n + u8::from(wanted(b, a)));
            usize::from(hits)
        })
        .sum()
}

/// The input files, each `Ok` to be read when its turn comes, or with why
/// there is nothing to read (a folder without files).
fn expand(inputs: &[PathBuf]) -> Vec<(PathBuf, Result<(), String>)> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(input)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(walkdir::DirEntry::into_path)
                .collect();
            found.sort();
            if found.is_empty() {
                files.push((input.clone(), Err("the folder holds no files".to_string())));
            }
            files.extend(found.into_iter().map(|file| (file, Ok(()))));
        } else {
            files.push((input.clone(), Ok(())));
        }
    }
    files
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot be read ({e}); check the path"))
}

/// How the raw file is named in `[import] raw`: relative to the root when
/// inside it, with `/` separators.
fn raw_name(root: &Path, path: &Path) -> String {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let full = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    display_path(&root, &full)
        .to_string_lossy()
        .replace('\\', "/")
}

fn add_actors(
    root: &Path,
    wanted: &[Suggestion],
    dry_run: bool,
) -> Result<Vec<PathBuf>, ImportError> {
    let mut added = Vec::new();
    for s in wanted {
        let relative = PathBuf::from("content/actors").join(format!("{}.md", s.slug));
        let path = root.join(&relative);
        if path.exists() || !crate::slug::is_valid(&s.slug) {
            continue;
        }
        if !dry_run {
            write_whole(&path, s.actor_file().as_bytes()).map_err(|e| ImportError::Write {
                path: relative.clone(),
                message: format!("cannot write the actor file: {e}"),
            })?;
        }
        added.push(relative);
    }
    Ok(added)
}

/// Writes `bytes` to `path` whole or not at all: into a hidden file beside
/// it, then renamed over it, so an interrupted import never leaves an
/// editor's file half-written. Creates the folder when the site has none.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = dir.join(format!(".{name}.importing"));
    let written = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// One raw file, understood.
struct Analysis {
    pieces: Vec<PieceDraft>,
    removed: Vec<String>,
    warnings: Vec<String>,
    refused: Option<String>,
}

/// One article, ready to be written.
struct PieceDraft {
    number: usize,
    title: String,
    date: Option<NaiveDate>,
    fields: Vec<(&'static str, Option<Value>)>,
    body: String,
    actors: Vec<String>,
    events: Vec<String>,
    quotes: Vec<String>,
    suggestions: Vec<Suggestion>,
    warnings: Vec<String>,
}

/// A saved page through [`html`], any other file through the text stages.
fn analyze_input(
    path: &Path,
    bytes: &[u8],
    outlets: &outlets::Outlets,
    matcher: &ActorMatcher,
    events: &EventMatcher,
) -> Analysis {
    if !html::is_page(path) {
        return analyze(bytes, outlets, matcher, events);
    }
    let (mut analysis, raw) = decoded(bytes);
    match html::read(&raw, outlets) {
        Ok(page) => {
            analysis.removed = page.removed;
            let story = Story {
                title: page.title,
                dating: page.dating,
                outlet: page.outlet,
                url: page.url,
                authors: page.authors,
                summary: page.summary,
                paragraphs: page.paragraphs,
                body: page.body,
            };
            analysis.pieces.push(draft_story(1, story, matcher, events));
        }
        Err(reason) => analysis.refused = Some(reason),
    }
    analysis
}

/// The text of `bytes`, and an empty analysis that warns of any bytes that
/// were not UTF-8.
fn decoded(bytes: &[u8]) -> (Analysis, String) {
    let mut analysis = Analysis {
        pieces: Vec::new(),
        removed: Vec::new(),
        warnings: Vec::new(),
        refused: None,
    };
    let (raw, bad) = text::decode(bytes);
    if bad > 0 {
        analysis.warnings.push(format!(
            "{bad} bytes were not valid UTF-8 and were replaced with �; check the text around them"
        ));
    }
    (analysis, raw)
}

fn analyze(
    bytes: &[u8],
    outlets: &outlets::Outlets,
    matcher: &ActorMatcher,
    events: &EventMatcher,
) -> Analysis {
    let (mut analysis, raw) = decoded(bytes);
    let lines = text::clean_lines(&raw);
    if lines.iter().all(String::is_empty) {
        analysis.refused = Some("the file is empty; there is no text to import".to_string());
        return analysis;
    }
    let (pieces, separators) = digest::split(lines);
    analysis.removed.extend(separators);
    for piece in pieces {
        let page = piece
            .title
            .is_none()
            .then(|| blocks::locate(&piece.lines))
            .flatten();
        let meta = match page {
            Some(page) => meta::from_page(page, outlets),
            None => {
                let cleaned = text::remove_clutter(&piece.lines);
                analysis.removed.extend(cleaned.removed);
                meta::extract(piece.title, cleaned.lines, cleaned.authors)
            }
        };
        if meta.title.is_empty() || (meta.paragraphs.is_empty() && meta.key_points.is_empty()) {
            continue;
        }
        let number = analysis.pieces.len() + 1;
        analysis.pieces.push(draft(number, meta, matcher, events));
    }
    if analysis.pieces.is_empty() && analysis.refused.is_none() {
        analysis.refused =
            Some("no article text found: only clutter and metadata lines".to_string());
    }
    analysis
}

/// What the shared stages need of one article, however it was read.
struct Story {
    title: String,
    dating: dates::Dating,
    outlet: Option<String>,
    url: Option<String>,
    authors: Vec<String>,
    summary: Option<String>,
    /// The story's paragraphs as plain text.
    paragraphs: Vec<String>,
    /// The story as Markdown.
    body: String,
}

fn draft(
    number: usize,
    meta: meta::Meta,
    matcher: &ActorMatcher,
    events: &EventMatcher,
) -> PieceDraft {
    let story = Story {
        dating: dates::publication_date(meta.header.as_deref(), &meta.paragraphs),
        body: body::markdown(&meta.key_points, &meta.paragraphs),
        summary: (!meta.key_points.is_empty()).then(|| meta.key_points.join(" ")),
        title: meta.title,
        outlet: meta.outlet,
        url: meta.url,
        authors: meta.authors,
        paragraphs: meta.paragraphs,
    };
    draft_story(number, story, matcher, events)
}

fn draft_story(
    number: usize,
    meta: Story,
    matcher: &ActorMatcher,
    events: &EventMatcher,
) -> PieceDraft {
    let dating = meta.dating;
    let mut warnings = dating.warnings.clone();
    let full_text = format!("{}\n{}", meta.title, meta.paragraphs.join("\n"));
    let mentions = matcher.mentions(&full_text);
    let actor_slugs = matcher.linked_of(&mentions);
    let people: Vec<String> = mentions
        .iter()
        .filter(|m| matcher.is_person(m.actor))
        .map(|m| matcher.slug(m.actor).to_string())
        .collect();
    let event_slugs = events.linked(&full_text, dating.date, &people);
    let suggestions = actors::suggestions(&meta.paragraphs.join("\n"), matcher);
    let paragraph_mentions = matcher
        .mentions_by_paragraph(&mentions, &meta.title, &meta.paragraphs)
        .unwrap_or_default();
    let found = quotes::find_with_mentions(&meta.paragraphs, matcher, paragraph_mentions);
    warnings.extend(found.warnings());
    let found = found.found;
    let body = meta.body;
    let mut notes = Vec::new();
    if dating.date.is_none() {
        warnings.push(format!("no date: {}; written as a draft", dating.how));
        notes.push(note(
            "No publication date could be established from the text (no header, byline, dateline or full date). Set `date` to the date of publication and remove `draft = true`.",
        ));
    }
    if meta.outlet.is_none() {
        warnings.push("no outlet named in the text: set `source` if you know it".to_string());
    }
    let quote_values = provenance::values(&found, &meta.paragraphs, matcher, dating.date, events);
    let quote_lines = found
        .iter()
        .map(|q| {
            let who = match &q.speaker {
                quotes::Speaker::Actor(a) => matcher.slug(*a).to_string(),
                quotes::Speaker::Name(name) => name.clone(),
            };
            format!("{who}: “{}”", q.text)
        })
        .collect();
    let summary = meta.summary;
    let fields: Vec<(&'static str, Option<Value>)> = vec![
        ("title", Some(Value::String(meta.title.clone()))),
        ("date", dating.date.and_then(date_value)),
        (
            "draft",
            dating.date.is_none().then_some(Value::Boolean(true)),
        ),
        ("source", meta.outlet.clone().map(Value::String)),
        ("url", meta.url.clone().map(Value::String)),
        ("authors", strings(&meta.authors)),
        ("summary", summary.map(Value::String)),
        ("actors", strings(&actor_slugs)),
        ("events", strings(&event_slugs)),
        (
            "quotes",
            (!quote_values.is_empty()).then_some(Value::Array(quote_values)),
        ),
        ("notes", (!notes.is_empty()).then_some(Value::Array(notes))),
    ];
    PieceDraft {
        number,
        title: meta.title,
        date: dating.date,
        fields,
        body,
        actors: actor_slugs,
        events: event_slugs,
        quotes: quote_lines,
        suggestions,
        warnings,
    }
}

impl PieceDraft {
    /// The title field import generated.
    fn title_value(&self) -> Option<&Value> {
        self.fields
            .iter()
            .find(|(name, _)| *name == "title")
            .and_then(|(_, v)| v.as_ref())
    }
}

fn note(text: &str) -> Value {
    let mut table = Table::new();
    table.insert("text".into(), Value::String(text.to_string()));
    table.insert("author".into(), Value::String("import".to_string()));
    Value::Table(table)
}

fn strings(items: &[String]) -> Option<Value> {
    (!items.is_empty()).then(|| Value::Array(items.iter().cloned().map(Value::String).collect()))
}

fn date_value(date: NaiveDate) -> Option<Value> {
    date.to_string()
        .parse::<toml::value::Datetime>()
        .ok()
        .map(Value::Datetime)
}

/// An article file import wrote before: where it is and which raw piece it
/// came from.
struct Known {
    path: PathBuf,
    raw: String,
    piece: usize,
    /// `[import.generated] title` and `body`: the piece's fingerprints.
    title_key: Option<String>,
    body_key: Option<String>,
    /// A piece of this import has been matched to it.
    claimed: bool,
}

/// An article file whose front matter cannot be read.
struct Broken {
    path: PathBuf,
    text: String,
    diagnostic: Diagnostic,
}

/// Whether an article (`Known`) is the piece with this number and these
/// fingerprints (title, body), by one rule of matching.
type MatchRule = dyn Fn(&Known, usize, &(String, String)) -> bool;

/// Where a piece goes.
enum Found {
    /// Into this existing article.
    Article(PathBuf),
    /// Into a new article.
    Nothing,
    /// Nowhere, for this reason.
    Skip(String),
}

/// The article files of the site (anywhere under `content/articles/`):
/// which raw file and piece each came from, and the ledger of pieces
/// written before.
struct SiteFiles {
    root: PathBuf,
    /// The articles import wrote, by `[import] raw`.
    known: HashMap<String, Vec<Known>>,
    broken: Vec<Broken>,
    taken: HashSet<String>,
    /// For each slug base given out, the suffix to try first next time.
    next_suffix: HashMap<String, usize>,
    ledger: ledger::Ledger,
}

impl SiteFiles {
    fn scan(root: &Path) -> SiteFiles {
        let dir = root.join("content/articles");
        let mut files = SiteFiles {
            root: root.to_path_buf(),
            known: HashMap::new(),
            broken: Vec::new(),
            taken: HashSet::new(),
            next_suffix: HashMap::new(),
            ledger: ledger::Ledger::read(root),
        };
        let paths = walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(walkdir::DirEntry::into_path)
            .filter(|p| p.extension().is_some_and(|e| e == "md"));
        for path in paths {
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            files.taken.insert(stem.to_string());
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            match origin(&text) {
                Ok(Some(known)) => files
                    .known
                    .entry(known.raw.clone())
                    .or_default()
                    .push(Known { path, ..known }),
                Ok(None) => {}
                Err(diagnostic) => files.broken.push(Broken {
                    diagnostic: Diagnostic {
                        file: display_path(root, &path),
                        ..diagnostic
                    },
                    path,
                    text,
                }),
            }
        }
        files
    }

    /// Where each piece of the raw file `raw` goes. A piece is matched to
    /// an article of the same raw file by its content: title and body
    /// fingerprints both, then either; only when as many pieces as articles
    /// are left over (the text changed too much to know them, but no piece
    /// came or went) are they matched by piece number.
    /// A piece with no article is new, unless the ledger says it was written
    /// before (the editor deleted it) or an unreadable article may be it.
    fn match_pieces(&mut self, raw: &str, pieces: &[PieceDraft]) -> Vec<Found> {
        let keys: Vec<(String, String)> = pieces
            .iter()
            .map(|p| write::piece_keys(p.title_value(), &p.body))
            .collect();
        let mut found: Vec<Option<usize>> = vec![None; pieces.len()];
        let mut candidates = self.known.remove(raw).unwrap_or_default();
        let rules: [&MatchRule; 3] = [
            &|k, _, (t, b)| k.title_key.as_ref() == Some(t) && k.body_key.as_ref() == Some(b),
            &|k, _, (t, b)| k.title_key.as_ref() == Some(t) || k.body_key.as_ref() == Some(b),
            &|k, number, _| k.piece == number,
        ];
        for (index, rule) in rules.into_iter().enumerate() {
            let pieces_left = found.iter().filter(|f| f.is_none()).count();
            let articles_left = candidates.iter().filter(|k| !k.claimed).count();
            if index == 2 && pieces_left != articles_left {
                // Pieces came or went as well: a number says nothing.
                break;
            }
            for (i, piece) in pieces.iter().enumerate() {
                if found[i].is_some() {
                    continue;
                }
                let hit = candidates
                    .iter()
                    .position(|k| !k.claimed && rule(k, piece.number, &keys[i]));
                if let Some(at) = hit {
                    candidates[at].claimed = true;
                    found[i] = Some(at);
                }
            }
        }
        let mut out = Vec::with_capacity(pieces.len());
        for (i, piece) in pieces.iter().enumerate() {
            if let Some(at) = found[i] {
                out.push(Found::Article(candidates[at].path.clone()));
                continue;
            }
            let slug = self.slug_base(&piece.title, piece.date);
            let quoted = write::quoted(raw);
            if let Some(broken) = self
                .broken
                .iter()
                .find(|b| b.text.contains(&quoted) || b.path.file_stem() == Some(slug.as_ref()))
            {
                out.push(Found::Skip(format!(
                    "\"{}\" was not written: {} cannot be read and may be this piece's article; fix its front matter (see the error above), then import again",
                    piece.title,
                    display_path(&self.root, &broken.path).display()
                )));
                continue;
            }
            let (title_key, body_key) = &keys[i];
            // Written before, and no article carries it any more: deleted.
            let gone = self
                .ledger
                .written_before(raw, title_key, body_key)
                .find(|entry| {
                    !candidates.iter().any(|k| {
                        k.title_key.as_ref() == Some(&entry.title)
                            || k.body_key.as_ref() == Some(&entry.body)
                    })
                });
            if let Some(entry) = gone {
                out.push(Found::Skip(format!(
                    "\"{}\" was not written: it was imported before as {}, which is gone (deleted by an editor?); to import it again, delete its line from {}",
                    piece.title,
                    entry.file,
                    ledger::LEDGER
                )));
                continue;
            }
            out.push(Found::Nothing);
        }
        self.known.insert(raw.to_string(), candidates);
        out
    }

    /// Writes (or updates) the file of one piece: into `target` when it
    /// has one, else into a new file.
    fn put(
        &mut self,
        piece: PieceDraft,
        target: Option<PathBuf>,
        provenance: &Provenance,
        matcher: &ActorMatcher,
        dry_run: bool,
    ) -> Result<ArticleReport, ImportError> {
        let mut warnings = piece.warnings.clone();
        let (path, existing_text) = match target {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|e| ImportError::Write {
                    path: display_path(&self.root, &path),
                    message: format!(
                        "cannot be read ({e}); check its permissions and import again"
                    ),
                })?;
                (path, Some(text))
            }
            None => {
                let slug = self.free_slug(&piece.title, piece.date);
                let path = self
                    .root
                    .join("content/articles")
                    .join(format!("{slug}.md"));
                (path, None)
            }
        };
        let existing = match existing_text.as_deref().map(Existing::parse) {
            Some(Err(message)) => {
                return Err(ImportError::Write {
                    path: display_path(&self.root, &path),
                    message: format!(
                        "cannot be merged into ({message}); fix its front matter and import again"
                    ),
                })
            }
            Some(Ok(existing)) => Some(existing),
            None => None,
        };
        let merged = write::merge(&piece.fields, &piece.body, existing.as_ref(), provenance);
        if merged.kept.iter().any(|f| f == "date" || f == "draft") {
            warnings.retain(|w| !w.starts_with("no date"));
        }
        for field in &merged.conflicts {
            warnings.push(format!(
                "conflict in {field}: the editor changed it and the raw text now gives something else; the editor's version was kept; compare it with the raw file (reported once: later imports keep the editor's version without a word)"
            ));
        }
        let action = match &existing_text {
            None => Action::Created,
            Some(old) if *old == merged.text => Action::Unchanged,
            Some(_) => Action::Updated,
        };
        if !dry_run && action != Action::Unchanged {
            write_whole(&path, merged.text.as_bytes()).map_err(|e| ImportError::Write {
                path: display_path(&self.root, &path),
                message: format!("cannot be written: {e}"),
            })?;
        }
        let file = display_path(&self.root, &path);
        let (title_key, body_key) = write::piece_keys(piece.title_value(), &piece.body);
        if !dry_run {
            self.ledger.record(ledger::Entry {
                raw: provenance.raw.clone(),
                title: title_key.clone(),
                body: body_key.clone(),
                file: file.to_string_lossy().replace('\\', "/"),
            });
        }
        if action == Action::Created {
            self.known
                .entry(provenance.raw.clone())
                .or_default()
                .push(Known {
                    path: path.clone(),
                    raw: provenance.raw.clone(),
                    piece: provenance.piece,
                    title_key: Some(title_key),
                    body_key: Some(body_key),
                    claimed: true,
                });
        }
        let suggestions = piece
            .suggestions
            .into_iter()
            .filter(|s| !matcher.names_an_actor(&s.name))
            .collect();
        Ok(ArticleReport {
            file,
            action,
            title: piece.title,
            // A new file carries the piece's own date; only a merged one
            // may keep the editor's, read back from what was written.
            date: match existing {
                Some(_) => written_date(&merged.text).or(piece.date),
                None => piece.date,
            },
            actors: piece.actors,
            events: piece.events,
            quotes: piece.quotes,
            suggestions,
            kept: merged.kept,
            warnings,
        })
    }

    /// `YYYY-MM-DD-first-title-words`, at most 60 characters.
    fn slug_base(&self, title: &str, date: Option<NaiveDate>) -> String {
        let prefix = date.map(|d| format!("{d}-")).unwrap_or_default();
        let mut words = String::new();
        for word in crate::slug::slugify(title).split('-') {
            if !words.is_empty() && prefix.len() + words.len() + word.len() + 1 > 60 {
                break;
            }
            if !words.is_empty() {
                words.push('-');
            }
            words.push_str(word);
        }
        if words.is_empty() {
            words.push_str("article");
        }
        format!("{prefix}{words}")
    }

    /// [`Self::slug_base`], with `-2`, `-3`... when another file has it.
    fn free_slug(&mut self, title: &str, date: Option<NaiveDate>) -> String {
        let base = self.slug_base(title, date);
        // Names are only ever added to `taken`, so a base's suffixes
        // below its `next` stay taken: many articles of one title cost a
        // look-up each, not one for each article of the title before.
        let next = self.next_suffix.entry(base.clone()).or_insert(2);
        let taken = &self.taken;
        let slug = crate::text::with_free_suffix_from(&base, next, |s| taken.contains(s));
        self.taken.insert(slug.clone());
        slug
    }
}

/// The date the written file carries (the editor's, when kept).
fn written_date(text: &str) -> Option<NaiveDate> {
    let existing = Existing::parse(text).ok()?;
    let date = existing.fields.get("date")?.as_datetime()?.date?;
    NaiveDate::from_ymd_opt(
        i32::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    )
}

/// `[import]` of an article file: raw file, piece and fingerprints, when it
/// has them, or the problem with its front matter (file left blank).
fn origin(text: &str) -> Result<Option<Known>, Diagnostic> {
    let split = crate::frontmatter::split(text)
        .map_err(|(line, message)| Diagnostic::new("", message).at_line(Some(line)))?;
    let table = crate::frontmatter::parse_table(
        split.toml,
        crate::frontmatter::FRONT_MATTER_FIRST_LINE,
        Path::new(""),
    )?;
    let Some(import) = table.get("import").and_then(Value::as_table) else {
        return Ok(None);
    };
    let (Some(raw), Some(piece)) = (
        import.get("raw").and_then(Value::as_str),
        import
            .get("piece")
            .and_then(Value::as_integer)
            .and_then(|n| usize::try_from(n).ok()),
    ) else {
        return Ok(None);
    };
    let generated = import.get("generated").and_then(Value::as_table);
    let key = |name: &str| {
        generated
            .and_then(|g| g.get(name))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Ok(Some(Known {
        path: PathBuf::new(),
        raw: raw.to_string(),
        piece,
        title_key: key("title"),
        body_key: key("body"),
        claimed: false,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every prefix and suffix of the seeds (cut every 199 bytes, even inside
    /// a character) goes through the whole analysis without a panic.
    #[test]
    fn controls_are_counted_as_by_character() {
        let text = "a\tb\u{1}\u{7f}\u{85}\u{9f}\u{a0}é’\n\u{c}\r\u{80}x\u{c2}";
        let chars = text.chars().count();
        let controls = text
            .chars()
            .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
            .count();
        assert_eq!(count_controls(text), (chars, controls));
        assert_eq!(count_controls(text), (16, 5));
        // Longer than the blocks the bytes are counted in, with a C1
        // control cut across the end of a block.
        let long = format!("{}\u{85}{}", "a".repeat(254), text.repeat(40));
        assert_eq!(count_controls(&long), (255 + 16 * 40, 1 + 5 * 40));
    }

    /// This repository's site as import reads it, and its seed files.
    fn repository_site() -> (
        &'static Path,
        outlets::Outlets,
        ActorMatcher,
        EventMatcher,
        Vec<PathBuf>,
    ) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let actors = crate::load::load_actors(root).unwrap_or_default();
        let events = EventMatcher::new(crate::load::load_events(root).unwrap_or_default());
        let mut seeds: Vec<PathBuf> = std::fs::read_dir(root.join("raw"))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        seeds.sort();
        let matcher = ActorMatcher::new(&actors);
        (root, outlets::Outlets::built_in(), matcher, events, seeds)
    }

    /// Files are handed over in their order, however many are read ahead,
    /// and a stop leaves the rest unread.
    #[test]
    fn files_come_in_order_and_stop_at_the_first_error() {
        let (root, outlets, matcher, events, seeds) = repository_site();
        let readers = Readers {
            outlets: &outlets,
            matcher: &matcher,
            events: &events,
        };
        let title = |prepared: Prepared| match prepared {
            Prepared::Analyzed(analysis, _) => analysis.pieces[0].title.clone(),
            Prepared::Refused(reason) => reason,
        };
        let alone: Vec<String> = seeds
            .iter()
            .map(|seed| title(prepare(seed, &Ok(()), &readers)))
            .collect();
        // Three times the read-ahead, and a file that cannot be listed.
        let mut files: Vec<(PathBuf, Result<(), String>)> = Vec::new();
        while files.len() < 3 * READ_AHEAD {
            files.extend(seeds.iter().map(|s| (s.clone(), Ok(()))));
        }
        files.push((root.join("gone.txt"), Err("cannot be listed".to_string())));
        let mut seen = Vec::new();
        each_prepared(&files, &readers, |i, prepared| {
            seen.push((i, title(prepared)));
            Ok::<(), ()>(())
        })
        .unwrap();
        let wanted: Vec<(usize, String)> = (0..files.len() - 1)
            .map(|i| (i, alone[i % seeds.len()].clone()))
            .chain([(files.len() - 1, "cannot be listed".to_string())])
            .collect();
        assert_eq!(seen, wanted);
        let mut calls = 0;
        let stopped = each_prepared(&files, &readers, |i, _| {
            calls += 1;
            if i == READ_AHEAD + 3 {
                Err(i)
            } else {
                Ok(())
            }
        });
        assert_eq!((stopped, calls), (Err(READ_AHEAD + 3), READ_AHEAD + 4));
    }

    #[test]
    fn no_cut_of_the_seeds_makes_import_panic() {
        let (_, outlets, matcher, events, seeds) = repository_site();
        assert_eq!(seeds.len(), 5);
        for seed in seeds {
            let bytes = std::fs::read(&seed).unwrap_or_default();
            for cut in (0..bytes.len()).step_by(199) {
                analyze(&bytes[..cut], &outlets, &matcher, &events);
                analyze(&bytes[cut..], &outlets, &matcher, &events);
            }
        }
    }
}
