//! `briefing import`: turns raw article text, pasted from news sites with
//! their clutter, into annotated article pages in `content/articles/`.
//! Stages, one module each: [`text`] (hygiene, clutter) → [`digest`] (pieces)
//! → [`meta`], [`dates`], [`actors`], [`events`], [`quotes`] → [`body`] →
//! [`write`] (front matter, provenance and the merge that keeps editors' edits).

pub mod actors;
pub mod attribution;
pub mod body;
pub mod dates;
pub mod digest;
pub mod events;
pub mod meta;
pub mod provenance;
pub mod quotes;
pub mod text;
pub mod write;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml::{Table, Value};

use crate::diag::{display_path, Diagnostic};
use crate::model::Event;
use actors::{ActorMatcher, Suggestion};
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
        let warned = self.inputs.iter().any(|i| {
            !i.warnings.is_empty()
                || i.refused.is_some()
                || i.articles.iter().any(|a| !a.warnings.is_empty())
        });
        u8::from(warned)
    }

    /// The report as lines for a terminal.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for input in &self.inputs {
            out.push(format!("{}:", input.input.display()));
            if let Some(reason) = &input.refused {
                out.push(format!("  nothing imported: {reason}"));
            }
            for warning in &input.warnings {
                out.push(format!("  warning: {warning}"));
            }
            for line in &input.removed {
                out.push(format!("  removed: {}", shorten(line, 90)));
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
        out.push(format!("    quote: {}", shorten(quote, 100)));
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

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{cut}…")
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
    if !root.join("content").is_dir() {
        return Err(ImportError::NoSite(root.to_path_buf()));
    }
    let mut actors = crate::load::load_actors(root).map_err(ImportError::Site)?;
    let events = crate::load::load_events(root).map_err(ImportError::Site)?;
    let files = expand(inputs);
    let mut report = ImportReport {
        dry_run: options.dry_run,
        ..ImportReport::default()
    };
    if options.add_actors {
        let matcher = ActorMatcher::new(&actors);
        let mut wanted: Vec<Suggestion> = Vec::new();
        for (_, bytes) in files
            .iter()
            .filter_map(|(p, r)| r.as_ref().ok().map(|b| (p, b)))
        {
            let analysis = analyze(bytes, &matcher, &events);
            for s in analysis.pieces.into_iter().flat_map(|p| p.suggestions) {
                if !wanted.iter().any(|w| w.slug == s.slug) {
                    wanted.push(s);
                }
            }
        }
        report.actors_added = add_actors(root, &wanted, options.dry_run)?;
        if !options.dry_run && !report.actors_added.is_empty() {
            actors = crate::load::load_actors(root).map_err(ImportError::Site)?;
        }
    }
    let matcher = ActorMatcher::new(&actors);
    let mut site = SiteFiles::scan(root);
    for (path, bytes) in &files {
        let mut input = InputReport {
            input: path.clone(),
            articles: Vec::new(),
            removed: Vec::new(),
            warnings: Vec::new(),
            refused: None,
        };
        match bytes {
            Err(message) => input.refused = Some(message.clone()),
            Ok(bytes) => {
                let analysis = analyze(bytes, &matcher, &events);
                input.removed = analysis.removed;
                input.warnings = analysis.warnings;
                input.refused = analysis.refused;
                let raw = raw_name(root, path);
                let raw_hash = write::fnv64(bytes);
                for piece in analysis.pieces {
                    let provenance = Provenance {
                        raw: raw.clone(),
                        piece: piece.number,
                        raw_hash: raw_hash.clone(),
                    };
                    input
                        .articles
                        .push(site.put(piece, &provenance, &matcher, options.dry_run)?);
                }
            }
        }
        report.inputs.push(input);
    }
    Ok(report)
}

/// The input files, each with its bytes or why it cannot be read.
fn expand(inputs: &[PathBuf]) -> Vec<(PathBuf, Result<Vec<u8>, String>)> {
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
            for file in found {
                let bytes = read(&file);
                files.push((file, bytes));
            }
        } else {
            files.push((input.clone(), read(input)));
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

fn analyze(bytes: &[u8], matcher: &ActorMatcher, events: &[Event]) -> Analysis {
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
    let lines = text::clean_lines(&raw);
    if lines.iter().all(String::is_empty) {
        analysis.refused = Some("the file is empty; there is no text to import".to_string());
        return analysis;
    }
    let (pieces, separators) = digest::split(lines);
    analysis.removed.extend(separators);
    for piece in pieces {
        let cleaned = text::remove_clutter(&piece.lines);
        analysis.removed.extend(cleaned.removed);
        let meta = meta::extract(piece.title, cleaned.lines, cleaned.authors);
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

fn draft(number: usize, meta: meta::Meta, matcher: &ActorMatcher, events: &[Event]) -> PieceDraft {
    let dating = dates::publication_date(meta.header.as_deref(), &meta.paragraphs);
    let mut warnings = dating.warnings.clone();
    let full_text = format!("{}\n{}", meta.title, meta.paragraphs.join("\n"));
    let actor_slugs = matcher.linked(&full_text);
    let people: Vec<String> = matcher
        .mentions(&full_text)
        .iter()
        .filter(|m| matcher.is_person(m.actor))
        .map(|m| matcher.slug(m.actor).to_string())
        .collect();
    let event_slugs = events::linked(events, &full_text, dating.date, &people);
    let suggestions = actors::suggestions(&meta.paragraphs.join("\n"), matcher);
    let quotes::Quotes { found, unclear } = quotes::find(&meta.paragraphs, matcher);
    for quote in &unclear {
        warnings.push(format!(
            "quote left out, the text does not say clearly who spoke: “{}”; add it to [[quotes]] if you know",
            shorten(quote, 60)
        ));
    }
    let body = body::markdown(&meta.key_points, &meta.paragraphs);
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
    let summary = (!meta.key_points.is_empty()).then(|| meta.key_points.join(" "));
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

/// The article files of the site: which raw file and piece each came from.
struct SiteFiles {
    root: PathBuf,
    by_origin: HashMap<(String, usize), PathBuf>,
    taken: HashSet<String>,
}

impl SiteFiles {
    fn scan(root: &Path) -> SiteFiles {
        let dir = root.join("content/articles");
        let mut files = SiteFiles {
            root: root.to_path_buf(),
            by_origin: HashMap::new(),
            taken: HashSet::new(),
        };
        let entries = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok);
        for entry in entries {
            let path = entry.path();
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            files.taken.insert(stem.to_string());
            if let Some(origin) = origin(&path) {
                files.by_origin.insert(origin, path);
            }
        }
        files
    }

    /// Writes (or updates) the file of one piece.
    fn put(
        &mut self,
        piece: PieceDraft,
        provenance: &Provenance,
        matcher: &ActorMatcher,
        dry_run: bool,
    ) -> Result<ArticleReport, ImportError> {
        let mut warnings = piece.warnings;
        let origin = (provenance.raw.clone(), provenance.piece);
        let (path, existing_text) = match self.by_origin.get(&origin) {
            Some(path) => (path.clone(), std::fs::read_to_string(path).ok()),
            None => {
                let slug = self.free_slug(&piece.title, piece.date);
                let path = self
                    .root
                    .join("content/articles")
                    .join(format!("{slug}.md"));
                self.by_origin.insert(origin, path.clone());
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
        let suggestions = piece
            .suggestions
            .into_iter()
            .filter(|s| !matcher.names_an_actor(&s.name))
            .collect();
        Ok(ArticleReport {
            file: display_path(&self.root, &path),
            action,
            title: piece.title,
            date: written_date(&merged.text).or(piece.date),
            actors: piece.actors,
            events: piece.events,
            quotes: piece.quotes,
            suggestions,
            kept: merged.kept,
            warnings,
        })
    }

    /// `YYYY-MM-DD-first-title-words`, at most 60 characters, with `-2`,
    /// `-3`... when another file has it.
    fn free_slug(&mut self, title: &str, date: Option<NaiveDate>) -> String {
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
        let base = format!("{prefix}{words}");
        let mut slug = base.clone();
        let mut n = 2;
        while self.taken.contains(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
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

/// `[import] raw` and `piece` of an article file, when it has them.
fn origin(path: &Path) -> Option<(String, usize)> {
    let text = std::fs::read_to_string(path).ok()?;
    let split = crate::frontmatter::split(&text).ok()?;
    let table: Table = toml::from_str(split.toml).ok()?;
    let import = table.get("import")?.as_table()?;
    let raw = import.get("raw")?.as_str()?.to_string();
    let piece = usize::try_from(import.get("piece")?.as_integer()?).ok()?;
    Some((raw, piece))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every prefix and suffix of the seeds (cut every 199 bytes, even inside
    /// a character) goes through the whole analysis without a panic.
    #[test]
    fn no_cut_of_the_seeds_makes_import_panic() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let actors = crate::load::load_actors(root).unwrap_or_default();
        let events = crate::load::load_events(root).unwrap_or_default();
        let matcher = ActorMatcher::new(&actors);
        let mut seeds: Vec<PathBuf> = std::fs::read_dir(root.join("raw"))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        seeds.sort();
        assert_eq!(seeds.len(), 5);
        for seed in seeds {
            let bytes = std::fs::read(&seed).unwrap_or_default();
            for cut in (0..bytes.len()).step_by(199) {
                analyze(&bytes[..cut], &matcher, &events);
                analyze(&bytes[cut..], &matcher, &events);
            }
        }
    }
}
