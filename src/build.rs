//! Runs the whole pipeline: load the site, link it, render every page in
//! parallel, and write the result atomically. Also `check`, which does all of
//! that but the writing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{self, Diagnostic};
use crate::link::{self, Briefing};
use crate::output::Staging;
use crate::render::{self, Renderer};
use crate::templates::Templates;

/// What to build, and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The output folder; `ROOT/public` when not given.
    pub output: Option<PathBuf>,
    /// Build articles marked `draft = true` too.
    pub drafts: bool,
    /// The site's address for this build instead of `base_url` in
    /// `site.toml` (feed, sitemap, the 404 page's links).
    pub base_url: Option<String>,
}

/// What a build made.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub articles: usize,
    pub actors: usize,
    pub events: usize,
    pub pages: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
}

/// Why a build made nothing.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Problems in the site's files, every one of them.
    #[error("{} problem(s) in the site's files", .0.len())]
    Content(Vec<Diagnostic>),
    /// The output could not be written.
    #[error("cannot write {path}: {source}")]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The output folder would replace the site itself.
    #[error("{0}")]
    UnsafeOutput(String),
    /// A command-line option is wrong.
    #[error("{0}")]
    Argument(String),
}

impl BuildError {
    /// Every problem, one per line, for printing.
    pub fn lines(&self) -> Vec<String> {
        match self {
            BuildError::Content(diagnostics) => {
                diagnostics.iter().map(ToString::to_string).collect()
            }
            other => vec![other.to_string()],
        }
    }
}

/// Loads, links and prepares templates: everything a build needs before it
/// renders.
pub fn prepare(
    root: &Path,
    drafts: bool,
    base_url: Option<&str>,
) -> Result<(Briefing, Templates), BuildError> {
    prepare_cached(root, drafts, base_url, &crate::load::Cache::default(), &[])
}

/// Prepares as [`prepare`] does, reading again only the content files in
/// `changed` or not in `cache` as they are now.
pub fn prepare_cached(
    root: &Path,
    drafts: bool,
    base_url: Option<&str>,
    cache: &crate::load::Cache,
    changed: &[PathBuf],
) -> Result<(Briefing, Templates), BuildError> {
    let base_url = base_url
        .map(crate::config::checked_base_url)
        .transpose()
        .map_err(|message| BuildError::Argument(format!("--base-url {message}")))?;
    let mut site = crate::load::load_with(root, cache, changed);
    if let (Ok(site), Some(url)) = (&mut site, base_url) {
        site.config.base_url = Some(url);
    }
    let templates = Templates::load(root);
    let (site, templates) = match (site, templates) {
        (Ok(site), Ok(templates)) => (site, templates),
        (site, templates) => {
            let mut all = site.err().unwrap_or_default();
            all.extend(templates.err().unwrap_or_default());
            return Err(BuildError::Content(diag::sorted(all)));
        }
    };
    let briefing = link::link(site, drafts).map_err(|d| BuildError::Content(diag::sorted(d)))?;
    let mut templates = templates;
    let paths = render::Paths::new(briefing.config.pretty_urls);
    templates.register_function("url_for", render::UrlFor::new(paths));
    Ok((briefing, templates))
}

/// Builds the site in `options.root` into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with_progress(options, &|_| {})
}

/// How far a build has got: pages rendered of all pages.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// Builds as [`build`] does, calling `progress` as pages are rendered (from
/// several threads at once).
pub fn build_with_progress(
    options: &BuildOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<BuildReport, BuildError> {
    let root = &options.root;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    refuse_unsafe_output(root, &output)?;
    let staging = Staging::begin(&output).map_err(io_error(&output))?;
    let report = produce(
        root,
        options.drafts,
        options.base_url.as_deref(),
        &|name: &str, bytes: &[u8]| {
            staging
                .write(name, bytes)
                .map(drop)
                .map_err(io_error(&staging.path().join(name)))
        },
        progress,
    )?;
    staging.commit().map_err(io_error(&output))?;
    Ok(BuildReport { output, ..report })
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError {
    let path = path.to_path_buf();
    move |source| BuildError::Output { path, source }
}

/// Where a build puts each output file, by its path relative to the output's
/// top; a later file of the same path replaces an earlier one.
pub type Put<'a> = dyn Fn(&str, &[u8]) -> Result<(), BuildError> + Sync + 'a;

/// Renders the whole site in `root` and hands every output file to `put`:
/// static files, assets, pages (in parallel), the search index and the
/// list of items. The report's `output` is empty.
pub fn produce(
    root: &Path,
    drafts: bool,
    base_url: Option<&str>,
    put: &Put<'_>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let (briefing, templates) = prepare(root, drafts, base_url)?;
    let renderer = Renderer::new(&briefing, &templates);
    let pages = render::pages(&briefing);
    copy_static(root, put)?;
    for (name, bytes) in &templates.assets {
        put(name, bytes)?;
    }
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = pages.len();
    let (written, index) = rayon::join(
        || {
            pages.par_iter().try_for_each(|page| {
                let rendered = renderer
                    .render(page)
                    .map_err(|e| BuildError::Content(vec![e.0]))?;
                put(&rendered.path, rendered.content.as_bytes())?;
                let done = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                progress(Progress { done, total });
                Ok(())
            })
        },
        || crate::search::index_js(&briefing, renderer.paths()),
    );
    written?;
    let items = crate::visits::items_js(&briefing);
    put(crate::search::INDEX_FILE, index.as_bytes())?;
    put(crate::visits::ITEMS_FILE, items.as_bytes())?;
    Ok(BuildReport {
        articles: briefing.articles.len(),
        actors: briefing.actors.len(),
        events: briefing.events.len(),
        pages: pages.len(),
        output: PathBuf::new(),
        elapsed: started.elapsed(),
    })
}

/// Checks the site in `root` as a build would, rendering every page, but
/// writes nothing.
pub fn check(root: &Path, drafts: bool) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let (briefing, templates) = prepare(root, drafts, None)?;
    let renderer = Renderer::new(&briefing, &templates);
    let pages = render::pages(&briefing);
    pages.par_iter().try_for_each(|page| {
        renderer
            .render(page)
            .map(drop)
            .map_err(|e| BuildError::Content(vec![e.0]))
    })?;
    Ok(BuildReport {
        articles: briefing.articles.len(),
        actors: briefing.actors.len(),
        events: briefing.events.len(),
        pages: pages.len(),
        output: PathBuf::new(),
        elapsed: started.elapsed(),
    })
}

/// The output folder is replaced whole, so it must not hold the site.
fn refuse_unsafe_output(root: &Path, output: &Path) -> Result<(), BuildError> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let resolved = output
        .canonicalize()
        .or_else(|_| {
            let parent = output
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            parent
                .canonicalize()
                .map(|p| p.join(output.file_name().unwrap_or_default()))
        })
        .unwrap_or_else(|_| output.to_path_buf());
    if root.starts_with(&resolved) {
        return Err(BuildError::UnsafeOutput(format!(
            "refusing to build into {}: it holds the site itself and would be replaced whole; choose an output folder such as {}",
            output.display(),
            root.join("public").display()
        )));
    }
    if resolved.is_file() {
        return Err(BuildError::UnsafeOutput(format!(
            "cannot build into {}: it is a file, not a folder",
            output.display()
        )));
    }
    if let Some(source) = SOURCES
        .iter()
        .find(|dir| resolved.starts_with(root.join(dir)))
    {
        return Err(BuildError::UnsafeOutput(format!(
            "refusing to build into {}: it is inside the site's {source}/ folder, which the build would replace; choose an output folder such as {}",
            output.display(),
            root.join("public").display()
        )));
    }
    let holds_files =
        std::fs::read_dir(&resolved).is_ok_and(|mut entries| entries.next().is_some());
    if holds_files && !resolved.join("index.html").is_file() {
        return Err(BuildError::UnsafeOutput(format!(
            "refusing to build into {}: it holds files but no index.html, so it is not an earlier build, and the build would replace it whole; empty it or choose another folder",
            output.display()
        )));
    }
    Ok(())
}

/// The site's own folders: an output inside one of them would replace it.
const SOURCES: [&str; 4] = ["content", "templates", "static", "raw"];

/// Copies `ROOT/static/` as it is to the output's top.
pub fn copy_static(root: &Path, put: &Put<'_>) -> Result<(), BuildError> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(&dir) {
        let entry = entry.map_err(|e| BuildError::Output {
            path: dir.clone(),
            source: e.into(),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let bytes = std::fs::read(entry.path()).map_err(|source| BuildError::Output {
            path: entry.path().to_path_buf(),
            source,
        })?;
        put(&relative.to_string_lossy(), &bytes)?;
    }
    Ok(())
}
